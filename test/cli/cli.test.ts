import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { SerializedBundle } from '@sigstore/bundle';
import { buildTrustedRoot } from '../../src/bundle/trust.js';
import { main } from '../../src/cli/main.js';
import type { VerifyJson } from '../../src/cli/verify.js';
import { PINS, PIN_NAMES, pinFlag } from '../../src/policy/pins.js';
import { foreignLeaf } from '../helpers/foreign-ca.js';
import { type FakeKey, type FakeKms, startFakeKms, useFakeKmsEnvironment } from '../helpers/kms.js';
import {
  type ActionsRuntime,
  type TestIssuer,
  startActionsRuntime,
  startTestIssuer,
} from '../helpers/oidc.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { signWithDevIssuer, verifyWithSigstoreJs } from '../helpers/sigstore.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { startConfigMirror } from './mirror.js';
import { requireTool } from '../helpers/tools.js';

/**
 * `signet sign` and `signet verify` end to end: the real service on 127.0.0.1 (CA with its CT
 * log, Rekor v2 log, TSA), a GitHub-shaped issuer, the GitHub Actions runtime's token endpoint
 * (the edge we cannot reach, speaking its real protocol) and a KMS speaking the AWS JSON
 * protocol to the real @aws-sdk/client-kms.
 */

const WORKFLOW_REF = 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3';
const KMS_REF = 'awskms:///alias/signet-release';

let service: TestService;
let github: TestIssuer;
let gitlab: TestIssuer;
let kms: FakeKms;
let kmsKey: FakeKey;
let runtime: ActionsRuntime;
let dir: string;
let trustedRoot: string;
let artifactPath: string;
let artifact: Buffer;
/** What `signet sign --json` printed for artifactPath, keyless and with the KMS key. */
let signedJson: unknown;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in this process, with the GitHub Actions runtime in its environment. */
async function signet(args: string[], env: NodeJS.ProcessEnv = actionsEnv()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
  });
  return { code, stdout, stderr };
}

const actionsEnv = (): NodeJS.ProcessEnv => ({ GITHUB_ACTIONS: 'true', ...runtime.env });

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const json = <T = Record<string, unknown>>(run: Run): T => JSON.parse(run.stdout) as T;

const githubIssuerUrl = (): string => github.url;

/** The pins that match the GitHub token githubClaims makes, by typed pin name. */
function matchingPins(): Record<string, string> {
  const origin = new URL(github.url).origin;
  const claims = github.githubClaims({ job_workflow_ref: WORKFLOW_REF });
  return {
    repository: 'octo-org/octo-repo',
    repositoryId: String(claims.repository_id),
    owner: 'octo-org',
    ownerId: String(claims.repository_owner_id),
    ref: 'refs/heads/main',
    sha: String(claims.sha),
    trigger: 'push',
    workflow: `${origin}/${WORKFLOW_REF}`,
    workflowSha: String(claims.job_workflow_sha),
    buildConfig: `octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main`,
    buildConfigSha: String(claims.workflow_sha),
    workflowName: 'Release',
    runnerEnvironment: 'github-hosted',
    environment: 'production',
    visibility: 'private',
  };
}

const pinArgs = (pins: Record<string, string>): string[] =>
  Object.entries(pins).flatMap(([name, value]) => [`--${pinFlag(name)}`, value]);

const identityArgs = (): string[] => [
  '--certificate-oidc-issuer',
  githubIssuerUrl(),
  '--certificate-identity',
  `${new URL(github.url).origin}/${WORKFLOW_REF}`,
];

before(async () => {
  kms = await startFakeKms();
  kmsKey = kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/signet-release' });
  useFakeKmsEnvironment(kms);
  github = await startTestIssuer({ path: '/_services/token' });
  gitlab = await startTestIssuer();
  service = await startTestService({
    devIssuer: true,
    identity: {
      OIDCIssuers: {
        [github.url]: { IssuerURL: github.url, ClientID: 'sigstore', Type: 'github-workflow' },
        [gitlab.url]: { IssuerURL: gitlab.url, ClientID: 'sigstore', Type: 'gitlab-pipeline' },
      },
    },
  });
  runtime = await startActionsRuntime(github, (audience) =>
    github.githubClaims({
      aud: audience,
      job_workflow_ref: WORKFLOW_REF,
      environment: 'production',
    }),
  );
  dir = await tempDir('signet-cli-');
  trustedRoot = join(dir, 'trusted_root.json');
  await writeFile(trustedRoot, await (await fetch(`${service.url}/trusted_root.json`)).text());
  artifactPath = join(dir, 'app.tar.gz');
  artifact = randomBytes(4096);
  await writeFile(artifactPath, artifact);
  const signed = await signet([
    'sign',
    '--server',
    service.url,
    '--kms',
    KMS_REF,
    '--json',
    artifactPath,
  ]);
  assert.equal(signed.code, 0, signed.stderr);
  signedJson = JSON.parse(signed.stdout);
});

after(async () => {
  await service?.dispose();
  await github?.close();
  await gitlab?.close();
  await kms?.close();
  await runtime?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `signet verify` with the service's trusted root from a file. */
const verifyAgainstRoot = (): string[] => ['verify', '--trusted-root', trustedRoot];

const keylessBundle = (): string => `${artifactPath}.sigstore.json`;

describe('signet sign', () => {
  it('signs several files keyless and with KMS: a summary of bundles, identity, entries and times', async () => {
    const files = [join(dir, 'a.bin'), join(dir, 'b.bin')];
    for (const file of files) await writeFile(file, randomBytes(100));
    const run = await signet([
      'sign',
      '--server',
      service.url,
      '--kms',
      KMS_REF,
      '--json',
      ...files,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const summary = json<{
      identity: { san: { value: string }; sourceRepositoryRef: string };
      tokenSource: string;
      artifacts: {
        path: string;
        sha256: string;
        bundles: {
          kind: string;
          path: string;
          logEntries: { logIndex: number }[];
          timestamps: { time: string }[];
          keyHint?: string;
        }[];
      }[];
    }>(run);
    assert.equal(summary.tokenSource, 'github-actions');
    assert.equal(summary.identity.san.value, `${new URL(github.url).origin}/${WORKFLOW_REF}`);
    assert.equal(summary.identity.sourceRepositoryRef, 'refs/heads/main');
    assert.equal(summary.artifacts.length, 2);
    for (const [i, signed] of summary.artifacts.entries()) {
      assert.equal(signed.path, files[i]);
      assert.equal(
        signed.sha256,
        createHash('sha256')
          .update(await readFile(files[i] as string))
          .digest('hex'),
      );
      assert.deepEqual(
        signed.bundles.map((b) => b.kind),
        ['keyless', 'key'],
      );
      assert.deepEqual(
        signed.bundles.map((b) => b.path),
        [`${files[i]}.sigstore.json`, `${files[i]}.kms.sigstore.json`],
      );
      for (const bundle of signed.bundles) {
        assert.equal(bundle.logEntries.length, 1);
        assert.ok(Math.abs(Date.parse(bundle.timestamps[0]?.time ?? '') - Date.now()) < 60_000);
      }
      // The token never appears in what the command prints.
      assert.doesNotMatch(run.stdout + run.stderr, /eyJ/);
    }
    const keyHint = summary.artifacts[0]?.bundles[1]?.keyHint;
    assert.equal(
      keyHint,
      createHash('sha256')
        .update(kmsKey.publicKey as Buffer)
        .digest('base64'),
    );
  });

  it('writes bundles to --output-dir, or to --bundle and --key-bundle for one file', async () => {
    const out = await tempDir('signet-out-');
    try {
      const run = await signet([
        'sign',
        '--server',
        service.url,
        '--output-dir',
        out,
        artifactPath,
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(await readdir(out), ['app.tar.gz.sigstore.json']);
      const named = await signet([
        'sign',
        '--server',
        service.url,
        '--kms',
        KMS_REF,
        '--bundle',
        join(out, 'k.json'),
        '--key-bundle',
        join(out, 'kms.json'),
        artifactPath,
      ]);
      assert.equal(named.code, 0, named.stderr);
      assert.deepEqual((await readdir(out)).sort(), [
        'app.tar.gz.sigstore.json',
        'k.json',
        'kms.json',
      ]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('bundles it writes verify with @sigstore/verify', async () => {
    const root = JSON.parse(await readFile(trustedRoot, 'utf8')) as unknown;
    const bundle = JSON.parse(await readFile(keylessBundle(), 'utf8')) as SerializedBundle;
    verifyWithSigstoreJs(root, { json: bundle, artifact });
  });

  it("warns, in one line naming both hosts, when the server's signing config sends it elsewhere", async () => {
    const other = await startConfigMirror(service.url);
    const file = join(dir, 'elsewhere.bin');
    await writeFile(file, randomBytes(10));
    try {
      const run = await signet(['sign', '--server', other.url, '--json', file]);
      assert.equal(run.code, 0, run.stderr);
      const warnings = run.stderr.split('\n').filter((line) => line.includes('warning'));
      assert.deepEqual(warnings, [
        `signet sign: warning: the signing config served by ${other.url} sends this signature to another host (CA, transparency log, timestamp authority at ${service.url}); signing there, as it says (if that is not the service you meant, its public URL is wrong)`,
      ]);
      const home = await signet(['sign', '--server', service.url, file]);
      assert.equal(home.code, 0, home.stderr);
      assert.doesNotMatch(home.stderr, /warning/);
    } finally {
      await other.close();
    }
  });

  it('leaves no bundle behind when the KMS half fails', async () => {
    const out = await tempDir('signet-fail-');
    const file = join(out, 'release.bin');
    await writeFile(file, randomBytes(10));
    kms.setKeyState(kmsKey.keyId, 'Disabled');
    try {
      const run = await signet(['sign', '--server', service.url, '--kms', KMS_REF, file]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /disabled/i);
      assert.deepEqual(await readdir(out), ['release.bin']);
    } finally {
      kms.setKeyState(kmsKey.keyId, 'Enabled');
      await rm(out, { recursive: true, force: true });
    }
  });

  it('says to add id-token: write when a GitHub job has no OIDC token', async () => {
    const run = await signet(['sign', '--server', service.url, artifactPath], {
      GITHUB_ACTIONS: 'true',
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /permissions: id-token: write/);
  });

  it('refuses bad command lines with exit 2 and a message naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['sign', artifactPath], /--server URL, --signing-config FILE\|URL or --tuf-url URL/],
      [['sign', '--server', service.url], /no files or images to sign/],
      [['sign', '--server', service.url, '--bundle', 'x', artifactPath, artifactPath], /one FILE/],
      [
        ['sign', '--server', service.url, '--kms', KMS_REF, '--key', 'k.pem', artifactPath],
        /--kms and --key cannot be used together/,
      ],
      [
        ['sign', '--frobnicate'],
        /^signet sign: unknown option --frobnicate \(see: signet sign --help\)\n$/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await signet(args, {});
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
    }
    const missing = await signet(['sign', '--server', service.url, join(dir, 'missing.bin')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read the artifact .*missing\.bin: no such file/);
  });
});

describe('signet verify', () => {
  it('verifies the keyless bundle with every typed pin, and the KMS bundle with the key', async () => {
    const run = await signet([
      ...verifyAgainstRoot(),
      '--json',
      ...identityArgs(),
      ...pinArgs(matchingPins()),
      artifactPath,
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = json<{
      verified: boolean;
      artifacts: {
        signatures: { verified: boolean; pins: { claim: string; actual: string }[] }[];
      }[];
    }>(run);
    assert.equal(result.verified, true);
    assert.equal(result.artifacts[0]?.signatures[0]?.pins.length, PIN_NAMES.length - 2 + 2);
    const key = await signet([...verifyAgainstRoot(), '--key', KMS_REF, artifactPath]);
    assert.equal(key.code, 0, key.stdout + key.stderr);
    assert.match(key.stdout, /verified/);
  });

  it('verifies by digest with --bundle, and patterns are anchored', async () => {
    const digest = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;
    const ok = await signet([
      ...verifyAgainstRoot(),
      '--bundle',
      keylessBundle(),
      ...identityArgs(),
      '--ref-regexp',
      'refs/heads/.*',
      digest,
    ]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const unanchored = await signet([
      ...verifyAgainstRoot(),
      '--bundle',
      keylessBundle(),
      ...identityArgs(),
      '--ref-regexp',
      'heads/main',
      digest,
    ]);
    assert.equal(unanchored.code, 1);
    assert.match(unanchored.stdout, /sourceRepositoryRef/);
  });

  for (const name of PIN_NAMES) {
    it(`fails naming the claim when the ${pinFlag(name)} pin differs`, async () => {
      const values = PINS[name] as { values?: readonly string[] };
      const wrong =
        values.values !== undefined
          ? 'false'
          : name === 'repository' || name === 'owner'
            ? 'evil-org/octo-repo'
            : 'not-the-value';
      const run = await signet([
        ...verifyAgainstRoot(),
        '--json',
        ...identityArgs(),
        `--${pinFlag(name)}`,
        wrong,
        artifactPath,
      ]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const error = json<{
        artifacts: { signatures: { error: { code: string; check: string; actual: string } }[] }[];
      }>(run).artifacts[0]?.signatures[0]?.error;
      assert.equal(error?.code, 'POLICY');
      assert.match(error?.check ?? '', new RegExp(PINS[name].field));
    });
  }

  it('fails on a wrong identity or issuer, with expected and actual', async () => {
    const wrongIdentity = await signet([
      ...verifyAgainstRoot(),
      '--certificate-oidc-issuer',
      githubIssuerUrl(),
      '--certificate-identity',
      'https://example.com/x',
      artifactPath,
    ]);
    assert.equal(wrongIdentity.code, 1);
    assert.match(wrongIdentity.stdout, /expected: https:\/\/example\.com\/x/);
    assert.match(wrongIdentity.stdout, /actual: +http:\/\/127\.0\.0\.1/);
    const wrongIssuer = await signet([
      ...verifyAgainstRoot(),
      '--certificate-oidc-issuer',
      'https://token.actions.githubusercontent.com',
      '--repository',
      'octo-org/octo-repo',
      artifactPath,
    ]);
    assert.equal(wrongIssuer.code, 1);
    assert.match(wrongIssuer.stdout, /OIDC issuer/);
  });

  describe('each tampered part fails with its own code', () => {
    const tampered = async (
      change: (bundle: Record<string, any>) => void, // eslint-disable-line @typescript-eslint/no-explicit-any
      root = trustedRoot,
      data = artifactPath,
    ): Promise<{ code: string; check: string }> => {
      const bundle = JSON.parse(await readFile(keylessBundle(), 'utf8')) as Record<string, unknown>;
      change(bundle);
      const path = join(dir, `tampered-${randomBytes(4).toString('hex')}.json`);
      await writeFile(path, JSON.stringify(bundle));
      const run = await signet([
        'verify',
        '--trusted-root',
        root,
        '--bundle',
        path,
        '--json',
        ...identityArgs(),
        data,
      ]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      return json<{ artifacts: { signatures: { error: { code: string; check: string } }[] }[] }>(
        run,
      ).artifacts[0]?.signatures[0]?.error as { code: string; check: string };
    };
    const flip = (b64: string, at: number): string => {
      const bytes = Buffer.from(b64, 'base64');
      const i = at < 0 ? bytes.length + at : at;
      bytes[i] = (bytes[i] as number) ^ 0x01;
      return bytes.toString('base64');
    };

    it('artifact', async () => {
      const other = join(dir, 'other.bin');
      await writeFile(other, randomBytes(10));
      assert.equal((await tampered(() => {}, trustedRoot, other)).code, 'ARTIFACT_MISMATCH');
    });
    it('signature', async () => {
      assert.equal(
        (
          await tampered(
            (b) => (b.messageSignature.signature = flip(b.messageSignature.signature, 10)),
          )
        ).code,
        'SIGNATURE',
      );
    });
    it('certificate', async () => {
      const error = await tampered(
        (b) =>
          (b.verificationMaterial.certificate.rawBytes = flip(
            b.verificationMaterial.certificate.rawBytes,
            -5,
          )),
      );
      assert.equal(error.code, 'CERTIFICATE_CHAIN');
    });
    it('inclusion proof', async () => {
      const error = await tampered((b) => {
        const proof = b.verificationMaterial.tlogEntries[0].inclusionProof;
        proof.hashes[0] = flip(proof.hashes[0], 0);
      });
      assert.equal(error.code, 'TLOG_INCLUSION');
    });
    it('checkpoint', async () => {
      const error = await tampered((b) => {
        const proof = b.verificationMaterial.tlogEntries[0].inclusionProof;
        const lines = (proof.checkpoint.envelope as string).split('\n');
        const last = lines.length - 2;
        const [dash, name, sig] = (lines[last] as string).split(' ');
        lines[last] = `${dash} ${name} ${flip(sig as string, -3)}`;
        proof.checkpoint.envelope = lines.join('\n');
      });
      assert.equal(error.code, 'CHECKPOINT');
    });
    it('SCT (a CT log key other than the one that signed)', async () => {
      const root = JSON.parse(await readFile(trustedRoot, 'utf8')) as {
        ctlogs: { publicKey: { rawBytes: string } }[];
      };
      const other = JSON.parse(await readFile(trustedRoot, 'utf8')) as {
        tlogs: { publicKey: { rawBytes: string } }[];
      };
      for (const log of root.ctlogs)
        log.publicKey.rawBytes = (
          other.tlogs[0] as { publicKey: { rawBytes: string } }
        ).publicKey.rawBytes;
      const path = join(dir, 'root-other-ct.json');
      await writeFile(path, JSON.stringify(root));
      assert.match((await tampered(() => {}, path)).code, /^SCT_/);
    });
    it('timestamp', async () => {
      const error = await tampered((b) => {
        const ts = b.verificationMaterial.timestampVerificationData.rfc3161Timestamps[0];
        ts.signedTimestamp = flip(ts.signedTimestamp, -3);
      });
      assert.equal(error.code, 'TIMESTAMP_INVALID');
    });
  });

  it('verifies a bundle sigstore-js made against the service', async () => {
    const signed = await signWithDevIssuer(service.url);
    const bundle = join(dir, 'sjs.sigstore.json');
    const data = join(dir, 'sjs.bin');
    await writeFile(bundle, JSON.stringify(signed.json));
    await writeFile(data, signed.artifact);
    const run = await signet([
      'verify',
      '--server',
      service.url,
      '--bundle',
      bundle,
      '--certificate-oidc-issuer',
      `${service.url}/dev-oidc`,
      '--certificate-identity-regexp',
      '.*@signet\\.localhost',
      data,
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  it('needs a trust root and pins, with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['verify', ...identityArgs(), artifactPath],
        /--trusted-root FILE\|URL, --server URL or --tuf-url URL/,
      ],
      [
        [...verifyAgainstRoot(), '--repository', 'octo-org/octo-repo', artifactPath],
        /pin the OIDC issuer/,
      ],
      [
        [...verifyAgainstRoot(), '--certificate-oidc-issuer', githubIssuerUrl(), artifactPath],
        /pin who signed/,
      ],
      [
        [...verifyAgainstRoot(), '--key', KMS_REF, '--ref', 'x', artifactPath],
        /--ref does not apply/,
      ],
      [
        [...verifyAgainstRoot(), ...identityArgs(), `sha256:${'ab'.repeat(32)}`],
        /give --bundle PATH/,
      ],
      [
        [...verifyAgainstRoot(), ...identityArgs(), '--ref-regexp', '(', artifactPath],
        /not a valid regular expression/,
      ],
      [
        [...verifyAgainstRoot(), ...identityArgs(), '--claim', 'nonsense=1', artifactPath],
        /unknown claim "nonsense"/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await signet(args, {});
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });
});

describe('workflow pins pasted from the token', () => {
  interface PinRow {
    claim: string;
    expected: string;
    actual: string | null;
    matched: boolean;
  }
  interface Outcome {
    verified: boolean;
    pins: PinRow[];
    error?: { code: string; check: string; message: string; expected?: string; actual?: string };
  }
  const outcomeOf = (run: Run): Outcome =>
    json<{ artifacts: { signatures: Outcome[] }[] }>(run).artifacts[0]?.signatures[0] as Outcome;
  const workflowRow = (run: Run): PinRow | undefined =>
    outcomeOf(run).pins.find((p) => p.claim === 'buildSignerUri');

  let gitlabFile: string;
  let configRefUri: string;

  /** A file signed by a GitLab pipeline of `project_path` on the test instance. */
  const signOnGitlab = async (name: string, claims: Record<string, unknown> = {}) => {
    const file = join(dir, name);
    await writeFile(file, randomBytes(64));
    const token = await gitlab.mint(gitlab.gitlabClaims(claims));
    const signed = await signet(
      ['sign', '--server', service.url, '--identity-token', token, file],
      {},
    );
    assert.equal(signed.code, 0, signed.stderr);
    return file;
  };
  const verifyGitlab = (file: string, workflow: string, json = true): Promise<Run> =>
    signet([
      ...verifyAgainstRoot(),
      ...(json ? ['--json'] : []),
      '--certificate-oidc-issuer',
      gitlab.url,
      '--workflow',
      workflow,
      file,
    ]);

  before(async () => {
    gitlabFile = await signOnGitlab('gitlab.bin');
    // GitLab's claim names its host: 127.0.0.1:PORT/my-group/my-project//.gitlab-ci.yml@refs/heads/main.
    configRefUri = String(gitlab.gitlabClaims().ci_config_ref_uri);
    assert.ok(configRefUri.startsWith(`${new URL(gitlab.url).host}/`), configRefUri);
  });

  it('GitLab: ci_config_ref_uri verifies as given, and is shown as that value', async () => {
    const run = await verifyGitlab(gitlabFile, configRefUri);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(workflowRow(run), {
      claim: 'buildSignerUri',
      expected: configRefUri,
      actual: `http://${configRefUri}`,
      matched: true,
    });
    // The host-relative path of docs/gitlab.md keeps working.
    const path = configRefUri.slice(configRefUri.indexOf('/') + 1);
    assert.equal((await verifyGitlab(gitlabFile, path)).code, 0);
  });

  it('GitLab: another ref fails, showing the pinned value, not a pattern', async () => {
    const other = configRefUri.replace('@refs/heads/main', '@refs/heads/feature');
    const run = await verifyGitlab(gitlabFile, other);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.deepEqual(workflowRow(run), {
      claim: 'buildSignerUri',
      expected: other,
      actual: `http://${configRefUri}`,
      matched: false,
    });
    const error = outcomeOf(run).error;
    assert.equal(error?.expected, other);
    assert.equal(error?.actual, `http://${configRefUri}`);
    assert.match(error?.message ?? '', new RegExp(`expected ${escapeRegExp(other)}, got`));
    const human = await verifyGitlab(gitlabFile, other, false);
    assert.equal(human.code, 1);
    const lines = human.stdout.split('\n').map((line) => line.trim());
    assert.ok(lines.includes(`expected: ${other}`), human.stdout);
    assert.ok(lines.includes(`actual:   http://${configRefUri}`), human.stdout);
    assert.doesNotMatch(human.stdout, /https\?/);
  });

  it('GitLab: a project whose namespace is named after the host does not pass', async () => {
    const host = new URL(gitlab.url).host;
    const impostor = await signOnGitlab('impostor.bin', {
      project_path: `${host}/my-group/my-project`,
    });
    const run = await verifyGitlab(impostor, configRefUri);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(workflowRow(run)?.matched, false);
  });

  it('GitHub: job_workflow_ref verifies as given, and is shown as that value', async () => {
    const pinned = (workflow: string, json = true) =>
      signet([
        ...verifyAgainstRoot(),
        ...(json ? ['--json'] : []),
        '--certificate-oidc-issuer',
        githubIssuerUrl(),
        '--workflow',
        workflow,
        artifactPath,
      ]);
    const run = await pinned(WORKFLOW_REF);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(workflowRow(run), {
      claim: 'buildSignerUri',
      expected: WORKFLOW_REF,
      actual: `${new URL(github.url).origin}/${WORKFLOW_REF}`,
      matched: true,
    });
    const other = WORKFLOW_REF.replace('release.yml', 'ci.yml');
    const failed = await pinned(other, false);
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, new RegExp(`expected: ${escapeRegExp(other)}\n`));
    assert.doesNotMatch(failed.stdout, /https\?/);
  });
});

describe("docs/cli.md's --json examples", () => {
  /** The first JSON block under the heading `heading` of docs/cli.md. */
  const example = async (heading: string): Promise<unknown> => {
    const doc = await readFile(join(process.cwd(), 'docs', 'cli.md'), 'utf8');
    const section = doc.slice(doc.indexOf(`\n${heading}\n`));
    const block = /```json\n([\s\S]*?)```/.exec(section);
    assert.ok(block, `no JSON example under ${heading}`);
    return JSON.parse(block[1] as string);
  };

  /**
   * Where `actual` differs in shape from the documented `example`: the same keys (an example
   * object with a "..." key may leave keys out), the same types, each array element like the
   * example's (one element stands for all). "…" stands for any value.
   */
  const shapeErrors = (example: unknown, actual: unknown, at = '$'): string[] => {
    if (example === '…') return [];
    if (Array.isArray(example)) {
      if (!Array.isArray(actual)) return [`${at}: expected an array`];
      if (actual.length === 0) return [`${at}: empty, the example is not`];
      return actual.flatMap((item, i) =>
        shapeErrors(example.length === 1 ? example[0] : example[i], item, `${at}[${i}]`),
      );
    }
    if (typeof example === 'object' && example !== null) {
      if (typeof actual !== 'object' || actual === null || Array.isArray(actual))
        return [`${at}: expected an object`];
      const documented = Object.keys(example).filter((key) => key !== '...');
      const real = Object.keys(actual);
      const errors = [
        ...documented.filter((key) => !real.includes(key)).map((key) => `${at}.${key}: missing`),
        ...('...' in example
          ? []
          : real
              .filter((key) => !documented.includes(key))
              .map((key) => `${at}.${key}: not documented`)),
      ];
      return [
        ...errors,
        ...documented
          .filter((key) => real.includes(key))
          .flatMap((key) =>
            shapeErrors(
              (example as Record<string, unknown>)[key],
              (actual as Record<string, unknown>)[key],
              `${at}.${key}`,
            ),
          ),
      ];
    }
    return typeof example === typeof actual ? [] : [`${at}: expected a ${typeof example}`];
  };

  it('the shape check itself catches a field added, removed or retyped', () => {
    const documented = { a: 1, list: [{ b: 'x' }], open: { c: true, '...': '…' } };
    assert.deepEqual(
      shapeErrors(documented, { a: 2, list: [{ b: 'y' }], open: { c: false, d: 1 } }),
      [],
    );
    assert.deepEqual(shapeErrors(documented, { a: '2', list: [{ b: 'y', e: 1 }], open: {} }), [
      '$.a: expected a number',
      '$.list[0].e: not documented',
      '$.open.c: missing',
    ]);
  });

  it('signet sign --json is as documented', async () => {
    assert.deepEqual(shapeErrors(await example('## `signet sign`'), signedJson), []);
  });

  it('signet verify --json, failing on a pin, is as documented', async () => {
    const run = await signet([
      ...verifyAgainstRoot(),
      '--json',
      '--certificate-oidc-issuer',
      githubIssuerUrl(),
      '--repository',
      'octo-org/octo-repo',
      '--ref',
      'refs/tags/v1.2.3',
      artifactPath,
    ]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.deepEqual(shapeErrors(await example('### Output'), JSON.parse(run.stdout)), []);
  });
});

describe('policy files', () => {
  const writePolicy = async (text: string): Promise<string> => {
    const path = join(dir, `policy-${randomBytes(4).toString('hex')}.yml`);
    await writeFile(path, text);
    return path;
  };
  const strictPolicy = (): string => `version: 1
trustedRoot: ${trustedRoot}
signatures:
  - name: release workflow
    keyless:
      issuer: ${githubIssuerUrl()}
      workflow: octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3
      repositoryId: 74
      ref: refs/heads/main
      trigger: push
  - name: release key
    key: ${KMS_REF}
`;

  it('requires every listed signature: keyless AND the KMS key', async () => {
    const policy = await writePolicy(strictPolicy());
    const run = await signet(['verify', '--policy', policy, artifactPath]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /ok +release workflow/);
    assert.match(run.stdout, /ok +release key/);

    const lone = join(dir, 'lone.bin');
    await writeFile(lone, randomBytes(10));
    const keylessOnly = await signet(['sign', '--server', service.url, lone]);
    assert.equal(keylessOnly.code, 0, keylessOnly.stderr);
    const missing = await signet(['verify', '--policy', policy, '--json', lone]);
    assert.equal(missing.code, 1);
    const signatures = json<{
      artifacts: {
        signatures: { name: string; verified: boolean; error?: { message: string } }[];
      }[];
    }>(missing).artifacts[0]?.signatures;
    assert.equal(signatures?.[0]?.verified, true);
    assert.equal(signatures?.[1]?.verified, false);
    assert.match(
      signatures?.[1]?.error?.message ?? '',
      /lone\.bin\.kms\.sigstore\.json: no such file/,
    );
  });

  it('pins the trusted root by digest', async () => {
    const bytes = await readFile(trustedRoot);
    const good = createHash('sha256').update(bytes).digest('hex');
    const policy = (digest: string): string =>
      strictPolicy().replace(
        `trustedRoot: ${trustedRoot}`,
        `trustedRoot:\n  source: ${trustedRoot}\n  sha256: ${digest}`,
      );
    assert.equal(
      (await signet(['verify', '--policy', await writePolicy(policy(good)), artifactPath])).code,
      0,
    );
    const wrong = await signet([
      'verify',
      '--policy',
      await writePolicy(policy('0'.repeat(64))),
      artifactPath,
    ]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /SHA-256 is not the pinned one/);
  });

  it('refuses one --bundle for a policy of two signatures, and a digest without --bundle', async () => {
    const policy = await writePolicy(strictPolicy());
    const one = await signet([
      'verify',
      '--policy',
      policy,
      '--bundle',
      keylessBundle(),
      artifactPath,
    ]);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /requires 2 signatures/);
    const digest = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;
    const noBundle = await signet(['verify', '--policy', policy, digest]);
    assert.equal(noBundle.code, 2);
    assert.match(noBundle.stderr, /is a digest/);
  });

  it('refuses unknown keys and missing issuers with exit 2', async () => {
    const typo = await signet([
      'verify',
      '--policy',
      await writePolicy(strictPolicy().replace('ref:', 'reff:')),
      artifactPath,
    ]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown key "reff"/);
    const noIssuer = await signet([
      'verify',
      '--policy',
      await writePolicy(strictPolicy().replace(/ +issuer: .*\n/, '')),
      artifactPath,
    ]);
    assert.equal(noIssuer.code, 2);
    assert.match(noIssuer.stderr, /needs issuer/);
  });

  it('lint: trust root and key files that verify could not use are errors (exit 2)', async () => {
    const keyDir = join(dir, 'a-directory.pem');
    await mkdir(keyDir, { recursive: true });
    const garbage = join(dir, 'garbage.pem');
    await writeFile(garbage, 'not a key\n');
    const policy = await writePolicy(
      strictPolicy()
        .replace(`trustedRoot: ${trustedRoot}`, 'trustedRoot: ./no-such-root.json')
        .replace(
          `    key: ${KMS_REF}\n`,
          `    key: ./no-such-key.pub.pem\n  - key: ${keyDir}\n  - key: ${garbage}\n`,
        ),
    );
    const run = await signet(['policy', 'lint', policy]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    const lines = run.stdout.split('\n').filter((line) => line.includes(': error: '));
    const [root, missing, directory, garbled, ...rest] = lines.map((line) =>
      line.slice(policy.length + 2),
    );
    assert.deepEqual(rest, []);
    assert.equal(
      root,
      `trustedRoot: error: cannot read the trusted root ${join(dir, 'no-such-root.json')}: no such file`,
    );
    assert.equal(
      missing,
      `signatures[1] (release key): error: cannot read the public key ${join(dir, 'no-such-key.pub.pem')}: no such file`,
    );
    assert.equal(
      directory,
      `signatures[2]: error: cannot read the public key ${keyDir}: not a regular file`,
    );
    assert.ok(
      garbled?.startsWith(
        `signatures[3]: error: the key ${garbage} is not a PEM public key, certificate or private key: `,
      ),
      garbled,
    );
    assert.doesNotMatch(run.stdout, /no findings/);
    const asJson = await signet(['policy', 'lint', '--json', policy]);
    assert.equal(asJson.code, 2);
    assert.deepEqual(
      json<{ errors: { where: string }[] }>(asJson).errors.map((e) => e.where),
      ['trustedRoot', 'signatures[1] (release key)', 'signatures[2]', 'signatures[3]'],
    );
    // A trust root that is not the pinned one is refused by verify, so by lint too.
    const pinned = await writePolicy(
      strictPolicy().replace(
        `trustedRoot: ${trustedRoot}`,
        `trustedRoot:\n  source: ${trustedRoot}\n  sha256: ${'0'.repeat(64)}`,
      ),
    );
    const wrongDigest = await signet(['policy', 'lint', pinned]);
    assert.equal(wrongDigest.code, 2);
    assert.match(wrongDigest.stdout, /trustedRoot: error: .*SHA-256 is not the pinned one/);
  });

  it('lint: a strict policy has no findings; a broad one has one per gap', async () => {
    const strict = await signet(['policy', 'lint', await writePolicy(strictPolicy())]);
    assert.equal(strict.code, 0, strict.stdout);
    const broad = await signet([
      'policy',
      'lint',
      '--json',
      await writePolicy(`version: 1
trustedRoot: https://signet.example/trusted_root.json
signatures:
  - keyless:
      issuer: ${githubIssuerUrl()}
      identity: { regexp: "https://.*" }
`),
    ]);
    assert.equal(broad.code, 1);
    const messages = json<{ findings: { message: string }[] }>(broad)
      .findings.map((f) => f.message)
      .join('\n');
    for (const gap of [
      /without a sha256 pin/,
      /wildcard/,
      /no repositoryId pin/,
      /no ref pin/,
      /no trigger pin/,
      /no key signature/,
    ]) {
      assert.match(messages, gap);
    }
  });
});

describe('the signet command', () => {
  const run = promisify(execFile);
  const bin = join(process.cwd(), 'bin', 'signet.js');

  /**
   * The commands of README.md's "Sign and verify" section, continuation lines joined. A
   * comment `# TEXT (exit N)` says what the command prints and its exit status; without one
   * it must succeed.
   */
  const readmeCommands = async (): Promise<{ line: string; exit: number; prints?: string }[]> => {
    const readme = await readFile(join(process.cwd(), 'README.md'), 'utf8');
    const start = readme.indexOf('\n## Sign and verify\n');
    assert.ok(start >= 0, 'README.md has a "Sign and verify" section');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    return blocks
      .join('')
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const said = /#\s*(.*?)\s*\(exit (\d)\)\s*$/.exec(line);
        return said === null
          ? { line, exit: 0 }
          : { line, exit: Number(said[2]), prints: said[1] as string };
      });
  };

  it('runs the README flow: sign, verify with a pinned identity, tampering, a key', async (t) => {
    const commands = await readmeCommands();
    assert.ok(commands.some((c) => c.line.includes('--key /tmp/release.pub.pem')));
    const usesOpenssl = commands.some((c) => c.line.startsWith('openssl '));
    if (usesOpenssl && !requireTool(t, 'openssl', 'openssl')) return;
    const work = await tempDir('signet-readme-');
    t.after(() => rm(work, { recursive: true, force: true }));
    // The README's service address, CLI path and scratch files, pointed at this test's.
    // The README's /tmp/ first: node or the checkout may live under /tmp themselves.
    const local = (line: string): string =>
      line
        .replaceAll('/tmp/', `${work}/`)
        .replaceAll('http://127.0.0.1:8080', service.url)
        .replaceAll('./bin/signet.js', `"${process.execPath}" "${bin}"`);
    for (const { line, exit, prints } of commands) {
      let result: { code: number; output: string };
      try {
        const { stdout, stderr } = await run('bash', ['-c', local(line)], {
          cwd: work,
          env: { PATH: process.env.PATH ?? '', HOME: work },
        });
        result = { code: 0, output: stdout + stderr };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        result = { code: failed.code ?? -1, output: `${failed.stdout}${failed.stderr}` };
      }
      assert.equal(result.code, exit, `${line}\n${result.output}`);
      if (prints !== undefined)
        assert.ok(result.output.includes(prints), `${line}\n${result.output}`);
    }
    // The development issuer names the user running the service, as the README's $(whoami).
    assert.ok(commands.some((c) => c.line.includes(`"$(whoami)@signet.localhost"`)));
  });

  it('version: as text, as JSON with --json, and as --version', async () => {
    const text = await signet(['version'], {});
    assert.equal(text.code, 0);
    assert.match(
      text.stdout,
      /^signet \d+\.\d+\.\d+ \(embedded public-good trusted root: \d{4}-\d\d-\d\d\)\n$/,
    );
    assert.deepEqual(await signet(['--version'], {}), text);
    for (const args of [
      ['version', '--json'],
      ['--version', '--json'],
    ]) {
      const run = await signet(args, {});
      assert.equal(run.code, 0, run.stderr);
      const info = json<Record<string, string>>(run);
      assert.deepEqual(Object.keys(info), ['version', 'node', 'publicGoodTrustedRoot']);
      assert.equal(info.node, process.version);
      assert.ok(text.stdout.includes(`signet ${info.version} `), text.stdout);
      assert.ok(text.stdout.includes(`trusted root: ${info.publicGoodTrustedRoot})`));
    }
    const extra = await signet(['version', 'now'], {});
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /^signet version: unexpected argument "now"/);
  });

  it("COMMAND --help prints that command's usage, exit 0", async () => {
    for (const command of [['sign'], ['verify'], ['policy'], ['policy', 'lint'], ['version']]) {
      for (const flag of ['--help', '-h']) {
        const run = await signet([...command, flag], {});
        assert.equal(run.code, 0, `${command.join(' ')} ${flag}: ${run.stderr}`);
        assert.ok(run.stdout.startsWith(`Usage: signet ${command[0]} `), run.stdout);
      }
    }
  });

  it('exits 2 on a usage error', async () => {
    await assert.rejects(
      run(process.execPath, [bin, 'verify'], { env: { PATH: process.env.PATH ?? '' } }),
      (error: { code?: number }) => error.code === 2,
    );
  });
});

describe('claims with control characters, in a certificate another CA issued', () => {
  // Signet's CA refuses these claims; public-good's Fulcio or an older Signet may not. The ref
  // tries to print a line of its own, a green "verified", then hide what follows.
  const REF = 'refs/heads/main\n  ok   keyless: \x1b[32mverified\x1b[0m\x00\u202e\u200b';
  const SHOWN_REF =
    'refs/heads/main\\n  ok   keyless: \\x1b[32mverified\\x1b[0m\\x00\\u202e\\u200b';
  const SAN = 'https://ci.example.test/octo-org/app/release.yml@refs/heads/main\x1b[2K\r';
  const SHOWN_SAN = 'https://ci.example.test/octo-org/app/release.yml@refs/heads/main\\x1b[2K\\r';
  const ISSUER = 'https://ci.example.test';
  const REPOSITORY = 'https://ci.example.test/octo-org/app';
  const ENVIRONMENT = 'prod\u2066\u2069\x9b2J\x7f';
  let stack: Stack;
  let file: string;
  let root: string;

  /** What a terminal or log acts on or hides, apart from the output's own line breaks. */
  const assertPrintable = (text: string): void =>
    assert.doesNotMatch(text.replaceAll('\n', ''), /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u, text);

  /** The real `signet` process, so what is checked is the bytes it writes. */
  const signetProcess = async (args: string[]): Promise<Run> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [join(process.cwd(), 'bin', 'signet.js'), ...args],
        { env: { PATH: process.env.PATH ?? '' } },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  const pins = (...more: string[]): string[] => [
    '--certificate-oidc-issuer',
    ISSUER,
    '--repository',
    REPOSITORY,
    ...more,
  ];

  before(async () => {
    stack = await startStack();
    const leaf = await foreignLeaf(stack, {
      san: { type: 'uri', value: SAN },
      issuer: ISSUER,
      sourceRepositoryUri: REPOSITORY,
      sourceRepositoryRef: REF,
      deploymentEnvironment: ENVIRONMENT,
    });
    const signed = await stack.sign({ leaf });
    file = join(dir, 'foreign.tar.gz');
    await writeFile(file, signed.artifact);
    await writeFile(`${file}.sigstore.json`, JSON.stringify(signed.json));
    root = join(dir, 'foreign-trusted-root.json');
    await writeFile(root, JSON.stringify(buildTrustedRoot(stack.trustedRootInput())));
  });

  after(() => stack?.close());

  const verifyAgainst = (): string[] => ['verify', '--trusted-root', root];

  it('a failing pin: the claim is shown escaped, on its own line, and prints no line of its own', async () => {
    const run = await signetProcess([
      ...verifyAgainst(),
      ...pins('--ref', 'refs/heads/main'),
      file,
    ]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assertPrintable(run.stdout);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 4, run.stdout);
    assert.match(lines[0] as string, /: NOT VERIFIED \(sha256:/);
    assert.match(lines[1] as string, /^ {2}FAIL keyless .*: policy: sourceRepositoryRef/);
    assert.equal(lines[2], '         expected: refs/heads/main');
    assert.equal(lines[3], `         actual:   ${SHOWN_REF}`);
    assert.ok(!lines.some((line) => line.startsWith('  ok')));
  });

  it('passing pins: the signer is shown escaped', async () => {
    const run = await signetProcess([
      ...verifyAgainst(),
      ...pins('--certificate-identity', SAN, '--environment', ENVIRONMENT),
      file,
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assertPrintable(run.stdout);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, run.stdout);
    assert.match(lines[0] as string, /: verified \(sha256:/);
    assert.ok(lines[1]?.includes(`: ${SHOWN_SAN}, issuer ${ISSUER}; signed `), lines[1]);
  });

  it('--json: valid JSON whose values are the claims themselves, with nothing raw', async () => {
    const run = await signetProcess([
      ...verifyAgainst(),
      '--json',
      ...pins('--ref', 'refs/heads/main'),
      file,
    ]);
    assert.equal(run.code, 1, run.stderr);
    assertPrintable(run.stdout);
    const signature = json<VerifyJson>(run).artifacts[0]?.signatures[0];
    assert.equal(signature?.identity?.san.value, SAN);
    assert.equal(signature?.identity?.sourceRepositoryRef, REF);
    assert.equal(signature?.identity?.deploymentEnvironment, ENVIRONMENT);
    const ref = signature?.pins?.find((pin) => pin.claim === 'sourceRepositoryRef');
    assert.deepEqual(ref, {
      claim: 'sourceRepositoryRef',
      expected: 'refs/heads/main',
      actual: REF,
      matched: false,
    });
    assert.equal(signature?.error?.actual, REF);
  });

  it('error messages quoting what was given are escaped', async () => {
    const badClaim = await signetProcess([
      ...verifyAgainst(),
      ...pins('--claim', 'ref\u202e'),
      file,
    ]);
    assert.equal(badClaim.code, 2);
    assertPrintable(badClaim.stderr);
    assert.ok(badClaim.stderr.includes('ref\\u202e'), badClaim.stderr);
    const unknown = await signetProcess(['v\x1b[2Kerify']);
    assert.equal(unknown.code, 2);
    assertPrintable(unknown.stderr.split('\n')[0] as string);
    assert.match(unknown.stderr, /^signet: unknown command "v\\x1b\[2Kerify"\n/);
  });

  it('paths are escaped: a verified file and a linted policy named with control characters', async () => {
    const odd = join(dir, 'odd\n\x1b[31m\u202e.bin');
    const data = await readFile(file);
    await writeFile(odd, data);
    await writeFile(`${odd}.sigstore.json`, await readFile(`${file}.sigstore.json`));
    const verified = await signetProcess([
      ...verifyAgainst(),
      ...pins('--certificate-identity', SAN),
      odd,
    ]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assertPrintable(verified.stdout);
    assert.ok(verified.stdout.includes('odd\\n\\x1b[31m\\u202e.bin: verified'), verified.stdout);
    const policy = join(dir, 'policy\r\x1b[32m.yml');
    await writeFile(policy, 'version: 1\n');
    const lint = await signetProcess(['policy', 'lint', policy]);
    assert.equal(lint.code, 2);
    assertPrintable(lint.stderr);
    assert.ok(lint.stderr.includes('policy\\r\\x1b[32m.yml'), lint.stderr);
  });

  it('signet sign prints the paths it signed escaped', async () => {
    const odd = join(dir, 'sign\x1b[31m\u2066.bin');
    await writeFile(odd, randomBytes(64));
    const run = await signet(['sign', '--server', service.url, odd]);
    assert.equal(run.code, 0, run.stderr);
    assertPrintable(run.stdout + run.stderr);
    assert.ok(run.stdout.includes('sign\\x1b[31m\\u2066.bin: keyless bundle '), run.stdout);
  });
});
