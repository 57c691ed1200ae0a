import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { SerializedBundle } from '@sigstore/bundle';
import { PIN_INPUTS } from '../../src/actions/identity.js';
import { buildTrustedRoot } from '../../src/bundle/trust.js';
import { PINS, PIN_NAMES, type PinName, pinFlag } from '../../src/policy/pins.js';
import { foreignLeaf } from '../helpers/foreign-ca.js';
import { type FakeKms, startFakeKms, useFakeKmsEnvironment } from '../helpers/kms.js';
import {
  type ActionsRuntime,
  type TestIssuer,
  startActionsRuntime,
  startTestIssuer,
} from '../helpers/oidc.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { verifyWithSigstoreJs } from '../helpers/sigstore.js';
import { repoRoot } from '../helpers/vectors.js';
import { startConfigMirror } from '../cli/mirror.js';
import { type ActionRun, type RunnerJob, loadAction, runAction } from './runner.js';

/**
 * The three actions as a workflow runs them: the action repository as the runner downloads it
 * (actions/ and dist/actions/ only, so the bundles must be self-contained), a job workspace,
 * the runtime's OIDC token endpoint (the edge we cannot reach, speaking its real protocol),
 * and behind them the real service on 127.0.0.1 with a GitHub-shaped issuer and a KMS speaking
 * the AWS JSON protocol.
 */

const WORKFLOW_REF = 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3';
const KMS_REF = 'awskms:///alias/signet-release';

let service: TestService;
let github: TestIssuer;
let kms: FakeKms;
let runtime: ActionsRuntime;
let root: string;
let actionRepo: string;
let trustedRoot: string;

const action = (name: string): string => join(actionRepo, 'actions', name);

/** A fresh job: its own workspace and runner directories, the runtime's token endpoint. */
async function newJob(idToken = true): Promise<RunnerJob> {
  const dir = await tempDir('signet-job-');
  const workspace = join(dir, 'workspace');
  await mkdir(workspace);
  const kmsEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k.startsWith('AWS_')),
  ) as Record<string, string>;
  return {
    workspace,
    runnerDir: join(dir, 'runner'),
    env: {
      ...kmsEnv,
      ...(idToken && runtime.env),
    },
  };
}

async function artifactsIn(job: RunnerJob, names: string[]): Promise<void> {
  await mkdir(join(job.workspace, 'dist'), { recursive: true });
  for (const name of names) await writeFile(join(job.workspace, 'dist', name), randomBytes(2048));
}

const lines = (text: string | undefined): string[] =>
  (text ?? '').split('\n').filter((line) => line !== '');

before(async () => {
  kms = await startFakeKms();
  kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/signet-release' });
  useFakeKmsEnvironment(kms);
  github = await startTestIssuer({ path: '/_services/token' });
  service = await startTestService({
    identity: {
      OIDCIssuers: {
        [github.url]: { IssuerURL: github.url, ClientID: 'sigstore', Type: 'github-workflow' },
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

  root = await tempDir('signet-actions-');
  // What the runner downloads for `uses: octo-org/signet/actions/sign@SHA`, minus what the
  // actions must not need.
  actionRepo = join(root, '_actions', 'octo-org', 'signet', 'f'.repeat(40));
  await cp(join(repoRoot(), 'actions'), join(actionRepo, 'actions'), { recursive: true });
  await cp(join(repoRoot(), 'dist', 'actions'), join(actionRepo, 'dist', 'actions'), {
    recursive: true,
  });
  trustedRoot = join(root, 'trusted_root.json');
  await writeFile(trustedRoot, await (await fetch(`${service.url}/trusted_root.json`)).text());
});

after(async () => {
  await service?.dispose();
  await github?.close();
  await kms?.close();
  await runtime?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('actions/sign', () => {
  let job: RunnerJob;
  let run: ActionRun;

  before(async () => {
    job = await newJob();
    await artifactsIn(job, ['app-linux.tar.gz', 'app-darwin.tar.gz']);
    run = await runAction(
      action('sign'),
      { files: 'dist/*.tar.gz', server: service.url, 'kms-key': KMS_REF },
      job,
    );
  });

  it('signs each file keyless and with the KMS key, and says so in its outputs', async () => {
    assert.equal(run.code, 0, run.log);
    assert.deepEqual(run.annotations, []);
    const keyless = lines(run.outputs['keyless-bundles']);
    const key = lines(run.outputs['key-bundles']);
    assert.deepEqual(keyless, [
      'dist/app-darwin.tar.gz.sigstore.json',
      'dist/app-linux.tar.gz.sigstore.json',
    ]);
    assert.deepEqual(key, [
      'dist/app-darwin.tar.gz.kms.sigstore.json',
      'dist/app-linux.tar.gz.kms.sigstore.json',
    ]);
    assert.deepEqual(lines(run.outputs.bundles).sort(), [...keyless, ...key].sort());
    assert.equal(run.outputs.identity, `${new URL(github.url).origin}/${WORKFLOW_REF}`);
    assert.equal(run.outputs.issuer, github.url);
    const indexes = lines(run.outputs['log-indexes']);
    assert.equal(indexes.length, 4);
    for (const index of indexes) assert.match(index, /^\d+$/);
  });

  it('writes bundles that sigstore-js verifies against the service trust root', async () => {
    const root = JSON.parse(await readFile(trustedRoot, 'utf8'));
    for (const bundle of lines(run.outputs['keyless-bundles'])) {
      const json = JSON.parse(
        await readFile(join(job.workspace, bundle), 'utf8'),
      ) as SerializedBundle;
      const artifact = await readFile(join(job.workspace, bundle.replace(/\.sigstore\.json$/, '')));
      verifyWithSigstoreJs(root, { json, artifact });
    }
  });

  it('writes a job summary: files, digests, bundles, log entries, timestamps, claims', async () => {
    for (const name of ['app-linux.tar.gz', 'app-darwin.tar.gz']) {
      const digest = createHash('sha256')
        .update(await readFile(join(job.workspace, 'dist', name)))
        .digest('hex');
      assert.ok(run.summary.includes(digest), `digest of ${name}`);
      assert.ok(run.summary.includes(`dist/${name}.kms.sigstore.json`));
    }
    for (const index of lines(run.outputs['log-indexes']))
      assert.match(run.summary, new RegExp(`>${index} at http://127\\.0\\.0\\.1`));
    assert.match(run.summary, /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    assert.ok(run.summary.includes('alias/signet-release'));
    // The claims, under the verify input that pins each.
    for (const [input, value] of [
      ['certificate-identity', run.outputs.identity],
      ['certificate-oidc-issuer', github.url],
      ['repository', `${new URL(github.url).origin}/octo-org/octo-repo`],
      ['ref', 'refs/heads/main'],
      ['trigger', 'push'],
      ['environment', 'production'],
    ] as const) {
      assert.ok(
        run.summary.includes(`<code>${input}</code></td><td><code>${value}</code>`),
        `${input} = ${value}`,
      );
    }
  });

  it('masks the OIDC token and removes the staged runtime from the workspace', async () => {
    const token = runtime.tokens.at(-1) as string;
    assert.ok(run.masks.includes(token), 'the token is registered with ::add-mask::');
    assert.ok(!run.log.includes(token));
    assert.equal(existsSync(join(job.workspace, '.signet-actions')), false);
  });

  it("warns when the server's signing config sends the signature to another host", async () => {
    const mirror = await startConfigMirror(service.url);
    try {
      const elsewhere = await newJob();
      await artifactsIn(elsewhere, ['app.tar.gz']);
      const signed = await runAction(
        action('sign'),
        { files: 'dist/app.tar.gz', server: mirror.url },
        elsewhere,
      );
      assert.equal(signed.code, 0, signed.log);
      assert.deepEqual(
        signed.annotations.map((a) => a.level),
        ['warning'],
      );
      assert.match(
        signed.annotations[0]?.message ?? '',
        new RegExp(`^the signing config served by ${mirror.url} .* at ${service.url}\\)`),
      );
    } finally {
      await mirror.close();
    }
  });

  it('without id-token permission fails with one annotation that says what to add', async () => {
    const denied = await newJob(false);
    await artifactsIn(denied, ['app.tar.gz']);
    const failed = await runAction(
      action('sign'),
      { files: 'dist/app.tar.gz', server: service.url },
      denied,
    );
    assert.equal(failed.code, 1);
    assert.equal(failed.annotations.length, 1, JSON.stringify(failed.annotations));
    assert.equal(failed.annotations[0]?.level, 'error');
    assert.match(failed.annotations[0]?.message ?? '', /permissions: id-token: write/);
    assert.deepEqual(await readdir(join(denied.workspace, 'dist')), ['app.tar.gz']);
    assert.equal(existsSync(join(denied.workspace, '.signet-actions')), false);
  });

  it('with neither files nor images, says to give one', async () => {
    const failed = await runAction(action('sign'), { server: service.url }, await newJob());
    assert.equal(failed.code, 1);
    assert.deepEqual(
      failed.annotations.map((a) => a.message),
      ['nothing to sign: give files, images or both'],
    );
  });

  it('fails with one annotation when a pattern matches nothing', async () => {
    const empty = await newJob();
    const failed = await runAction(
      action('sign'),
      { files: 'dist/*.zip', server: service.url },
      empty,
    );
    assert.equal(failed.code, 1);
    assert.deepEqual(
      failed.annotations.map((a) => a.message),
      ['files: dist/*.zip matches no file'],
    );
  });
});

describe('actions/verify', () => {
  let job: RunnerJob;
  const origin = (): string => new URL(github.url).origin;

  /** Pins that all match the token the runtime endpoint mints. */
  const matching = (): Record<string, string> => {
    const claims = github.githubClaims({ job_workflow_ref: WORKFLOW_REF });
    return {
      'certificate-oidc-issuer': github.url,
      'certificate-identity': `${origin()}/${WORKFLOW_REF}`,
      repository: 'octo-org/octo-repo',
      'repository-id': String(claims.repository_id),
      owner: 'octo-org',
      'owner-id': String(claims.repository_owner_id),
      ref: 'refs/heads/main',
      sha: String(claims.sha),
      trigger: 'push',
      workflow: `${origin()}/${WORKFLOW_REF}`,
      'workflow-name': 'Release',
      'runner-environment': 'github-hosted',
      environment: 'production',
      visibility: 'private',
    };
  };

  before(async () => {
    job = await newJob();
    await artifactsIn(job, ['app.tar.gz']);
    const signed = await runAction(
      action('sign'),
      { files: 'dist/app.tar.gz', server: service.url, 'kms-key': KMS_REF },
      job,
    );
    assert.equal(signed.code, 0, signed.log);
    await cp(trustedRoot, join(job.workspace, 'trusted_root.json'));
  });

  it('verifies with every pin matching: outputs and a summary', async () => {
    const run = await runAction(
      action('verify'),
      { artifacts: 'dist/*.tar.gz', 'trusted-root': 'trusted_root.json', ...matching() },
      job,
    );
    assert.equal(run.code, 0, run.log);
    assert.deepEqual(run.annotations, []);
    assert.equal(run.outputs.verified, 'true');
    assert.equal(run.outputs.identity, `${origin()}/${WORKFLOW_REF}`);
    assert.equal(
      run.outputs['trusted-root-sha256'],
      createHash('sha256')
        .update(await readFile(trustedRoot))
        .digest('hex'),
    );
    assert.match(run.summary, /Signet: verified/);
    assert.ok(run.summary.includes('dist/app.tar.gz.sigstore.json'));
  });

  it("verifies with the trusted root from the service's TUF repository", async () => {
    // The first root, committed to the repository; the cache in the job's XDG cache folder.
    await cp(join(service.dataDir, 'tuf', '1.root.json'), join(job.workspace, 'tuf-root.json'));
    const tufJob = { ...job, env: { ...job.env, XDG_CACHE_HOME: join(job.runnerDir, 'cache') } };
    const run = await runAction(
      action('verify'),
      {
        artifacts: 'dist/app.tar.gz',
        'tuf-url': `${service.url}/tuf`,
        'tuf-root': 'tuf-root.json',
        ...matching(),
      },
      tufJob,
    );
    assert.equal(run.code, 0, run.log);
    assert.equal(run.outputs.verified, 'true');
    assert.equal(
      run.outputs['trusted-root-sha256'],
      createHash('sha256')
        .update(await readFile(trustedRoot))
        .digest('hex'),
    );
    assert.ok(existsSync(join(job.runnerDir, 'cache', 'signet', 'tuf')));
  });

  it('verifies the KMS key bundle with the key', async () => {
    const run = await runAction(
      action('verify'),
      { artifacts: 'dist/app.tar.gz', 'trusted-root': 'trusted_root.json', key: KMS_REF },
      job,
    );
    assert.equal(run.code, 0, run.log);
    assert.equal(run.outputs.verified, 'true');
    assert.ok(run.summary.includes('dist/app.tar.gz.kms.sigstore.json'));
  });

  /** The claim column of the pin table for a pin input. */
  const claimOf = (input: string): string =>
    input === 'certificate-identity'
      ? 'certificate identity'
      : input === 'certificate-oidc-issuer'
        ? 'OIDC issuer'
        : PINS[PIN_NAMES.find((name) => pinFlag(name) === input) as PinName].field;

  const wrong: Record<string, string> = {
    'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com',
    'certificate-identity': `https://github.com/${WORKFLOW_REF}`,
    repository: 'octo-org/other-repo',
    'repository-id': '1',
    owner: 'evil-org',
    'owner-id': '2',
    ref: 'refs/heads/feature',
    sha: 'f'.repeat(40),
    trigger: 'pull_request',
    workflow: `octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main`,
    'workflow-name': 'CI',
    'runner-environment': 'self-hosted',
    environment: 'staging',
    visibility: 'public',
  };
  for (const [input, value] of Object.entries(wrong)) {
    it(`fails on a wrong ${input} pin: one annotation, the expected/actual table`, async () => {
      const run = await runAction(
        action('verify'),
        {
          artifacts: 'dist/app.tar.gz',
          'trusted-root': 'trusted_root.json',
          ...matching(),
          [input]: value,
        },
        job,
      );
      assert.equal(run.code, 1);
      assert.equal(run.outputs.verified, 'false');
      assert.equal(run.annotations.length, 1, JSON.stringify(run.annotations));
      assert.equal(run.annotations[0]?.level, 'error');
      assert.match(run.annotations[0]?.title ?? '', /dist\/app\.tar\.gz not verified/);
      assert.match(run.summary, /Signet: NOT verified/);
      const rows = [...run.summary.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => m[1] as string);
      const mismatches = rows.filter((row) => row.includes('MISMATCH'));
      assert.equal(mismatches.length, 1, mismatches.join('\n'));
      assert.ok(mismatches[0]?.startsWith(`<td>${claimOf(input)}</td>`), mismatches[0]);
      assert.equal(rows.filter((row) => row.endsWith('<td>match</td>')).length, 13);
    });
  }

  it('fails on a bundle that does not match the artifact', async () => {
    await writeFile(join(job.workspace, 'dist', 'other.tar.gz'), randomBytes(10));
    const run = await runAction(
      action('verify'),
      {
        artifacts: 'dist/other.tar.gz',
        bundle: 'dist/app.tar.gz.sigstore.json',
        'trusted-root': 'trusted_root.json',
        ...matching(),
      },
      job,
    );
    assert.equal(run.code, 1);
    assert.equal(run.annotations.length, 1);
    assert.match(run.summary, /<strong>failed<\/strong>/);
  });

  describe('claims with control characters, in a certificate another CA issued', () => {
    // Signet's CA refuses these claims; another CA may not. The ref tries to print a line of
    // its own and colour it; the file a pattern matches carries ESC and a bidi isolate.
    const REF = 'refs/heads/main\n::notice::\x1b[32mverified\x1b[0m\x00\u202e';
    const SHOWN_REF = 'refs/heads/main\\n::notice::\\x1b[32mverified\\x1b[0m\\x00\\u202e';
    const SAN = 'https://ci.example.test/octo-org/app/release.yml\r\n\n<img src=x>\u200b';
    const SHOWN_SAN =
      'https://ci.example.test/octo-org/app/release.yml\\r\\n\\n&lt;img src=x&gt;\\u200b';
    const ISSUER = 'https://ci.example.test';
    const REPOSITORY = 'https://ci.example.test/octo-org/app';
    const FILE = 'dist/odd\x1b[31m\u2066.bin';
    const SHOWN_FILE = 'dist/odd\\x1b[31m\\u2066.bin';

    /** What a terminal, log viewer or Markdown renderer acts on or hides, apart from line breaks. */
    const assertPrintable = (text: string): void =>
      assert.doesNotMatch(text.replaceAll('\n', ''), /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u, text);

    let stack: Stack;

    const verify = (pins: Record<string, string>): Promise<ActionRun> =>
      runAction(
        action('verify'),
        {
          artifacts: 'dist/odd*.bin',
          'trusted-root': 'foreign-trusted-root.json',
          'certificate-oidc-issuer': ISSUER,
          repository: REPOSITORY,
          ...pins,
        },
        job,
      );

    before(async () => {
      stack = await startStack();
      const leaf = await foreignLeaf(stack, {
        san: { type: 'uri', value: SAN },
        issuer: ISSUER,
        sourceRepositoryUri: REPOSITORY,
        sourceRepositoryRef: REF,
      });
      const signed = await stack.sign({ leaf });
      await writeFile(join(job.workspace, FILE), signed.artifact);
      await writeFile(join(job.workspace, `${FILE}.sigstore.json`), JSON.stringify(signed.json));
      await writeFile(
        join(job.workspace, 'foreign-trusted-root.json'),
        JSON.stringify(buildTrustedRoot(stack.trustedRootInput())),
      );
    });

    after(() => stack?.close());

    it('a failing pin: annotation, log and summary show them escaped', async () => {
      const run = await verify({ ref: 'refs/heads/main' });
      assert.equal(run.code, 1, run.log);
      assert.equal(run.outputs.verified, 'false');
      assert.deepEqual(
        run.annotations.map((a) => a.level),
        ['error'],
        JSON.stringify(run.annotations),
      );
      const [annotation] = run.annotations;
      assertPrintable(`${annotation?.title}${annotation?.message}`);
      assert.equal(annotation?.title, `Signet: ${SHOWN_FILE} not verified (keyless)`);
      assert.ok(annotation?.message.endsWith(`got ${SHOWN_REF}`), annotation?.message);
      assertPrintable(run.log);
      assertPrintable(run.summary);
      assert.ok(run.summary.includes(`<code>${SHOWN_REF}</code>`), run.summary);
      assert.ok(run.summary.includes(`<code>${SHOWN_FILE}</code>`), run.summary);
      assert.ok(!run.summary.includes('<img'), run.summary);
    });

    it('passing pins: the summary shows the signer escaped; the identity output is the claim', async () => {
      const run = await verify({
        'certificate-identity': SAN,
        'ref-regexp': 'refs/heads/main[^]*',
      });
      assert.equal(run.code, 0, run.log);
      assert.deepEqual(run.annotations, []);
      assert.equal(run.outputs.identity, SAN);
      assertPrintable(run.log);
      assertPrintable(run.summary);
      assert.ok(run.summary.includes(SHOWN_SAN), run.summary);
      assert.ok(!run.summary.includes('<img'), run.summary);
    });
  });

  it('fails on an image reference the CLI refuses, with its reason', async () => {
    const run = await runAction(
      action('verify'),
      { images: 'ghcr.io/Octo/App:v1', 'trusted-root': 'trusted_root.json', ...matching() },
      job,
    );
    assert.equal(run.code, 1);
    assert.equal(run.outputs.digests ?? '', '');
    assert.deepEqual(
      run.annotations.map((a) => a.message),
      [
        '"oci://ghcr.io/Octo/App:v1" is not an image reference (oci://HOST[:PORT]/REPOSITORY[:TAG][@sha256:DIGEST]): the repository component "Octo" is not lower-case letters and digits separated by . _ __ or -',
      ],
    );
  });

  it('fails on a usage error with the CLI message', async () => {
    const run = await runAction(
      action('verify'),
      { artifacts: 'dist/app.tar.gz', 'trusted-root': 'trusted_root.json' },
      job,
    );
    assert.equal(run.code, 1);
    assert.equal(run.annotations.length, 1);
    assert.match(run.annotations[0]?.message ?? '', /pin the OIDC issuer/);
  });
});

describe('actions/attest', () => {
  let job: RunnerJob;
  let run: ActionRun;
  const PROVENANCE = 'https://slsa.dev/provenance/v1';

  before(async () => {
    job = await newJob();
    await artifactsIn(job, ['app.tar.gz']);
    await cp(trustedRoot, join(job.workspace, 'trusted_root.json'));
    run = await runAction(
      action('attest'),
      { 'subject-path': 'dist/*.tar.gz', server: service.url, 'kms-key': KMS_REF },
      job,
    );
  });

  it("attests this run's SLSA provenance keyless and with the KMS key by default", async () => {
    assert.equal(run.code, 0, run.log);
    assert.deepEqual(run.annotations, []);
    assert.deepEqual(lines(run.outputs.bundles).sort(), [
      'dist/app.tar.gz.att.kms.sigstore.json',
      'dist/app.tar.gz.att.sigstore.json',
    ]);
    assert.equal(run.outputs.referrers, '');
    assert.equal(run.outputs.digests, '');
    assert.equal(run.outputs['predicate-type'], PROVENANCE);
    assert.equal(run.outputs.identity, `${new URL(github.url).origin}/${WORKFLOW_REF}`);
    const bundle = JSON.parse(
      await readFile(join(job.workspace, 'dist', 'app.tar.gz.att.sigstore.json'), 'utf8'),
    ) as { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    assert.equal(statement.predicateType, PROVENANCE);
    assert.equal(
      statement.predicate.runDetails.builder.id,
      `https://github.com/${WORKFLOW_REF}`,
      'the builder is the workflow that ran',
    );
    assert.ok(run.summary.includes(PROVENANCE));
    assert.ok(run.summary.includes('dist/app.tar.gz.att.kms.sigstore.json'));
  });

  it('actions/verify checks the attestation with predicate-type and the pins, or the key', async () => {
    for (const inputs of <Record<string, string>[]>[
      {
        'certificate-oidc-issuer': github.url,
        repository: 'octo-org/octo-repo',
        environment: 'production',
      },
      { key: KMS_REF },
    ]) {
      const verified = await runAction(
        action('verify'),
        {
          artifacts: 'dist/app.tar.gz',
          'predicate-type': PROVENANCE,
          'trusted-root': 'trusted_root.json',
          ...inputs,
        },
        job,
      );
      assert.equal(verified.code, 0, verified.log);
      assert.equal(verified.outputs.verified, 'true');
    }
    const other = await runAction(
      action('verify'),
      {
        artifacts: 'dist/app.tar.gz',
        'predicate-type': 'https://example.com/other/v1',
        'trusted-root': 'trusted_root.json',
        'certificate-oidc-issuer': github.url,
        repository: 'octo-org/octo-repo',
      },
      job,
    );
    assert.equal(other.code, 1, other.log);
    assert.match(other.annotations[0]?.message ?? '', /predicate type/);
  });

  it('attests a predicate of the given type from a file', async () => {
    const type = 'https://example.com/test-result/v1';
    await writeFile(join(job.workspace, 'result.json'), JSON.stringify({ passed: 42 }));
    await mkdir(join(job.workspace, 'attestations'));
    const given = await runAction(
      action('attest'),
      {
        'subject-path': 'dist/app.tar.gz',
        'predicate-type': type,
        'predicate-path': 'result.json',
        server: service.url,
        'output-dir': 'attestations',
      },
      job,
    );
    assert.equal(given.code, 0, given.log);
    assert.deepEqual(lines(given.outputs.bundles), ['attestations/app.tar.gz.att.sigstore.json']);
    assert.equal(given.outputs['predicate-type'], type);
  });

  it('refuses a predicate type without its predicate, before asking for a token', async () => {
    const before = runtime.tokens.length;
    const failed = await runAction(
      action('attest'),
      { 'subject-path': 'dist/app.tar.gz', 'predicate-type': 'https://example.com/x/v1' },
      job,
    );
    assert.equal(failed.code, 1);
    assert.deepEqual(
      failed.annotations.map((a) => a.message),
      ['predicate-type and predicate-path go together (leave both empty for SLSA provenance)'],
    );
    assert.equal(runtime.tokens.length, before);
  });

  it('with neither subject-path nor images, says to give one', async () => {
    const failed = await runAction(action('attest'), { server: service.url }, job);
    assert.equal(failed.code, 1);
    assert.deepEqual(
      failed.annotations.map((a) => a.message),
      ['nothing to attest: give subject-path, images or both'],
    );
  });
});

describe('actions/setup', () => {
  let release: Server;
  let releaseOrigin: string;
  let releaseUrl: string;
  let tarball: Buffer;
  /** The path of every download served. */
  const downloads: string[] = [];

  before(async () => {
    const packaged = await promisify(execFile)(process.execPath, ['scripts/package-cli.js'], {
      cwd: repoRoot(),
    });
    assert.match(packaged.stdout, /release\/signet-0\.1\.0\.tar\.gz/);
    tarball = await readFile(join(repoRoot(), 'release', 'signet-0.1.0.tar.gz'));
    // A mirror at /releases/..., and GitHub's release assets at /OWNER/REPO/releases/....
    release = createServer((req, res) => {
      if (
        !/^(\/[\w-]+\/[\w-]+)?\/releases\/download\/v0\.1\.0\/signet-0\.1\.0\.tar\.gz$/.test(
          req.url ?? '',
        )
      ) {
        res.writeHead(404).end();
        return;
      }
      downloads.push(req.url as string);
      res.writeHead(200, { 'content-type': 'application/gzip' }).end(tarball);
    });
    await new Promise<void>((resolve) => release.listen(0, '127.0.0.1', resolve));
    releaseOrigin = `http://127.0.0.1:${(release.address() as AddressInfo).port}`;
    releaseUrl = `${releaseOrigin}/releases/download/v{version}/signet-{version}.tar.gz`;
  });

  after(() => new Promise((resolve) => release?.close(resolve)));

  const digest = (): string => createHash('sha256').update(tarball).digest('hex');

  /** A job on a GitHub whose web server (release assets) is the local release server. */
  const jobOnReleaseServer = async (): Promise<RunnerJob> => {
    const job = await newJob(false);
    job.env.GITHUB_SERVER_URL = releaseOrigin;
    return job;
  };

  it('installs the pinned release into the tool cache and puts signet on PATH', async () => {
    const job = await newJob(false);
    const before = downloads.length;
    const run = await runAction(
      action('setup'),
      { sha256: digest(), 'download-url': releaseUrl },
      job,
    );
    assert.equal(run.code, 0, run.log);
    assert.equal(run.outputs.version, '0.1.0');
    const cached = join(job.runnerDir, 'tool-cache', 'signet', '0.1.0');
    assert.ok(run.outputs.path?.startsWith(cached), run.outputs.path);
    // A later step of the job: `signet` from PATH, run by the node setup recorded, not one
    // found on PATH (the job's PATH here has none of its own).
    assert.ok(run.env.SIGNET_NODE);
    const bin = (run.env.PATH ?? '').split(':')[0] as string;
    assert.equal(bin, join(cached, 'x64', 'bin'));
    const later = await promisify(execFile)('/bin/sh', ['-c', 'signet version'], {
      env: { ...run.env, PATH: bin },
    });
    assert.match(later.stdout, /^signet 0\.1\.0/);

    const again = await runAction(
      action('setup'),
      { sha256: digest(), 'download-url': releaseUrl },
      job,
    );
    assert.equal(again.code, 0, again.log);
    assert.equal(downloads.length - before, 1, 'the second run uses the tool cache');
    assert.match(again.log, /from the tool cache/);
  });

  it('refuses a download whose SHA-256 is not the pinned one, and caches nothing', async () => {
    const job = await newJob(false);
    const run = await runAction(
      action('setup'),
      { sha256: 'a'.repeat(64), 'download-url': releaseUrl },
      job,
    );
    assert.equal(run.code, 1);
    assert.equal(run.annotations.length, 1);
    assert.match(run.annotations[0]?.message ?? '', /not the pinned a{64}: refusing to install it/);
    assert.equal(existsSync(join(job.runnerDir, 'tool-cache', 'signet')), false);
  });

  it('by default installs from the releases of the repository its path names', async () => {
    // github.action_repository is empty here, as on a real runner: the path decides.
    const run = await runAction(action('setup'), { sha256: digest() }, await jobOnReleaseServer());
    assert.equal(run.code, 0, run.log);
    assert.equal(downloads.at(-1), '/octo-org/signet/releases/download/v0.1.0/signet-0.1.0.tar.gz');
    assert.match(run.log, new RegExp(`actions/setup from octo-org/signet@${'f'.repeat(40)}`));
  });

  it('installs from the repository input when given', async () => {
    const run = await runAction(
      action('setup'),
      { sha256: digest(), repository: 'mirror-org/signet-mirror' },
      await jobOnReleaseServer(),
    );
    assert.equal(run.code, 0, run.log);
    assert.equal(
      downloads.at(-1),
      '/mirror-org/signet-mirror/releases/download/v0.1.0/signet-0.1.0.tar.gz',
    );
  });

  it('run from outside the runner layout without repository or download-url, says to set one', async () => {
    // A checkout used as `uses: ./actions/setup`: no _actions/OWNER/REPO/REF above it.
    const checkout = join(root, 'checkout');
    await cp(join(actionRepo, 'actions'), join(checkout, 'actions'), { recursive: true });
    await cp(join(actionRepo, 'dist'), join(checkout, 'dist'), { recursive: true });
    const before = downloads.length;
    const run = await runAction(
      join(checkout, 'actions', 'setup'),
      { sha256: digest() },
      await jobOnReleaseServer(),
    );
    assert.equal(run.code, 1);
    assert.equal(run.annotations.length, 1, JSON.stringify(run.annotations));
    assert.match(
      run.annotations[0]?.message ?? '',
      /cannot tell which repository this action comes from: its path ".*checkout\/actions\/setup" is not the runner's _actions\/OWNER\/REPO\/REF\/actions\/setup; set repository .* or download-url/,
    );
    assert.equal(downloads.length, before);
  });
});

describe('action metadata', () => {
  it('passes every input of each composite action to its runtime, which declares the same', async () => {
    // What a runtime needs of the composite's own context, beside its inputs.
    const context: Record<string, Record<string, string>> = {
      setup: { 'action-path': '${{ github.action_path }}' },
    };
    for (const name of ['sign', 'attest', 'verify', 'setup']) {
      const composite = await loadAction(action(name));
      const runtimeYml = await loadAction(join(action(name), 'runtime'));
      const inputs = Object.keys(composite.inputs ?? {});
      const extra = Object.entries(context[name] ?? {});
      assert.deepEqual(
        Object.keys(runtimeYml.inputs ?? {}),
        [...inputs, ...extra.map(([input]) => input)],
        name,
      );
      const step = composite.runs.steps?.find((s) => s.uses !== undefined);
      assert.equal(step?.uses, `./.signet-actions/actions/${name}/runtime`);
      assert.deepEqual(Object.entries(step?.with ?? {}), [
        ...inputs.map((input) => [input, `\${{ inputs.${input} }}`]),
        ...extra,
      ]);
      assert.deepEqual(Object.keys(composite.outputs ?? {}), Object.keys(runtimeYml.outputs ?? {}));
      assert.equal(runtimeYml.runs.using, 'node24');
    }
  });

  it('has a verify input for every pin of the CLI, each with its -regexp twin', async () => {
    const inputs = Object.keys((await loadAction(action('verify'))).inputs ?? {});
    for (const pin of PIN_INPUTS) assert.ok(inputs.includes(pin), pin);
  });
});
