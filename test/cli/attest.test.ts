import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundleFromJSON, type SerializedBundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import * as latest from '@sigstore/verify-latest';
import type { AttestJson } from '../../src/cli/attest.js';
import type { VerifyJson } from '../../src/cli/verify.js';
import { SLSA_PROVENANCE_V1 } from '../../src/sign/provenance.js';
import { type Run, signet as run } from '../helpers/cli.js';
import { type FakeKey, type FakeKms, startFakeKms, useFakeKmsEnvironment } from '../helpers/kms.js';
import {
  type ActionsRuntime,
  type TestIssuer,
  startActionsRuntime,
  startTestIssuer,
} from '../helpers/oidc.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { trustedKeys } from '../helpers/sigstore.js';
import { listReferrers } from '../../src/oci/referrers.js';
import { type Descriptor, type Registry, openRegistry } from '../../src/oci/registry.js';
import {
  type TestRegistry,
  pushTestImage,
  registryMissing,
  startRegistry,
} from '../helpers/registry.js';

/**
 * `signet attest` end to end, as a GitHub Actions release job runs it: the real service on
 * 127.0.0.1, a GitHub-shaped issuer behind the Actions runtime's token endpoint, and a KMS
 * speaking the AWS protocol. The attestations are then verified by `signet verify --type` and
 * by a policy with provenance conditions (each mismatch failing with its reason), and by
 * @sigstore/verify.
 */

const WORKFLOW_REF = 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3';
const KMS_REF = 'awskms:///alias/signet-release';
const SHA = '0123456789abcdef0123456789abcdef01234567';

let service: TestService;
let github: TestIssuer;
let gitlab: TestIssuer;
let kms: FakeKms;
let kmsKey: FakeKey;
let runtime: ActionsRuntime;
let dir: string;
let trustedRoot: string;
let servedRoot: unknown;
let artifactPath: string;
let attested: AttestJson;
let registry: TestRegistry | undefined;
let client: Registry;

/** The CLI in this process, in the release job's environment unless told otherwise. */
const signet = (args: string[], env: NodeJS.ProcessEnv = jobEnv()): Promise<Run> => run(args, env);

/** GitHub's variables for the job; the token's claims take precedence where they exist. */
const jobEnv = (): NodeJS.ProcessEnv => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: serverUrl(),
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_REPOSITORY_ID: '74',
  GITHUB_REPOSITORY_OWNER_ID: '65',
  // The variable names the calling workflow; the token's job_workflow_ref is the builder.
  GITHUB_WORKFLOW_REF: 'octo-org/octo-repo/.github/workflows/caller.yml@refs/heads/main',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: SHA,
  GITHUB_EVENT_NAME: 'push',
  GITHUB_RUN_ID: '12345678901',
  GITHUB_RUN_ATTEMPT: '1',
  RUNNER_ENVIRONMENT: 'github-hosted',
  ...runtime.env,
});

/** `signet attest` keyless and with the KMS key, against the service. */
const attestDual = (...args: string[]): Promise<Run> =>
  signet(['attest', '--server', service.url, '--kms', KMS_REF, ...args]);

/** The GHES-shaped issuer's web URL, which the CA also derives the certificate's URIs from. */
const serverUrl = (): string => new URL(github.url).origin;

const verify = (...args: string[]): Promise<Run> =>
  signet(['verify', '--trusted-root', trustedRoot, ...args]);

const pins = (): string[] => [
  '--certificate-oidc-issuer',
  github.url,
  '--certificate-identity',
  `${serverUrl()}/${WORKFLOW_REF}`,
];

/**
 * @sigstore/verify 4 (the line that checks a Rekor v2 DSSE entry over the PAE): a keyless
 * bundle against the release workflow's identity, a key bundle against the KMS key.
 */
function sigstoreJsVerify(bundle: SerializedBundle, san = `${serverUrl()}/${WORKFLOW_REF}`): void {
  const thresholds = { ctlogThreshold: 1, tlogThreshold: 1, timestampThreshold: 1 };
  const entity = latest.toSignedEntity(bundleFromJSON(bundle) as never);
  if (bundle.verificationMaterial.certificate !== undefined) {
    new latest.Verifier(
      latest.toTrustMaterial(TrustedRoot.fromJSON(servedRoot)),
      thresholds,
    ).verify(entity, { subjectAlternativeName: san, extensions: { issuer: github.url } });
  } else {
    const keys = trustedKeys(kmsKey.publicKey as Buffer) as never;
    new latest.Verifier(
      latest.toTrustMaterial(TrustedRoot.fromJSON(servedRoot), keys),
      thresholds,
    ).verify(entity);
  }
}

const statementOf = async (bundlePath: string): Promise<Record<string, unknown>> => {
  const bundle = JSON.parse(await readFile(bundlePath, 'utf8')) as SerializedBundle;
  assert.ok(bundle.dsseEnvelope, 'an attestation is a DSSE bundle');
  assert.equal(bundle.dsseEnvelope.payloadType, 'application/vnd.in-toto+json');
  return JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as Record<
    string,
    unknown
  >;
};

before(async () => {
  kms = await startFakeKms();
  kmsKey = kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/signet-release' });
  useFakeKmsEnvironment(kms);
  github = await startTestIssuer({ path: '/_services/token' });
  gitlab = await startTestIssuer();
  service = await startTestService({
    identity: {
      OIDCIssuers: {
        [github.url]: { IssuerURL: github.url, ClientID: 'sigstore', Type: 'github-workflow' },
        [gitlab.url]: { IssuerURL: gitlab.url, ClientID: 'sigstore', Type: 'gitlab-pipeline' },
      },
    },
  });
  runtime = await startActionsRuntime(github, (audience) =>
    github.githubClaims({ aud: audience, job_workflow_ref: WORKFLOW_REF, sha: SHA }),
  );
  dir = await tempDir('signet-attest-');
  trustedRoot = join(dir, 'trusted_root.json');
  const rootText = await (await fetch(`${service.url}/trusted_root.json`)).text();
  await writeFile(trustedRoot, rootText);
  servedRoot = JSON.parse(rootText);
  artifactPath = join(dir, 'app.tar.gz');
  await writeFile(artifactPath, 'release tarball\n');
  const run = await attestDual('--json', artifactPath);
  assert.equal(run.code, 0, run.stderr);
  attested = JSON.parse(run.stdout) as AttestJson;
  if (registryMissing() === false) {
    registry = await startRegistry();
    client = openRegistry({ registry: registry.host, insecure: true });
  }
});

after(async () => {
  await registry?.close();
  await service?.dispose();
  await github?.close();
  await gitlab?.close();
  await kms?.close();
  await runtime?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('signet attest', () => {
  it('writes a keyless and a KMS attestation of the build provenance', async () => {
    assert.equal(attested.predicateType, SLSA_PROVENANCE_V1);
    assert.equal(attested.key, KMS_REF);
    assert.equal(attested.identity?.san.value, `${serverUrl()}/${WORKFLOW_REF}`);
    const [entry] = attested.artifacts;
    assert.deepEqual(
      entry?.bundles.map((b) => [b.kind, b.path]),
      [
        ['keyless', `${artifactPath}.att.sigstore.json`],
        ['key', `${artifactPath}.att.kms.sigstore.json`],
      ],
    );
    for (const bundle of entry?.bundles ?? []) {
      assert.equal(bundle.logEntries.length, 1);
      assert.equal(bundle.timestamps.length, 1);
    }
    const keyless = await statementOf(`${artifactPath}.att.sigstore.json`);
    const key = await statementOf(`${artifactPath}.att.kms.sigstore.json`);
    // Both halves sign the same statement.
    assert.deepEqual(key, keyless);
    assert.deepEqual(keyless.subject, [{ name: 'app.tar.gz', digest: { sha256: entry?.sha256 } }]);
    assert.equal(keyless._type, 'https://in-toto.io/Statement/v1');
    const predicate = keyless.predicate as {
      buildDefinition: { externalParameters: unknown; resolvedDependencies: unknown };
      runDetails: { builder: { id: string } };
    };
    // From the token's claims: job_workflow_ref, and the workflow_ref GitHub signed.
    assert.equal(predicate.runDetails.builder.id, `${serverUrl()}/${WORKFLOW_REF}`);
    assert.deepEqual(predicate.buildDefinition.externalParameters, {
      workflow: {
        ref: 'refs/heads/main',
        repository: `${serverUrl()}/octo-org/octo-repo`,
        path: '.github/workflows/release.yml',
      },
    });
    assert.deepEqual(predicate.buildDefinition.resolvedDependencies, [
      { uri: `git+${serverUrl()}/octo-org/octo-repo@refs/heads/main`, digest: { gitCommit: SHA } },
    ]);
  });

  it('is an attestation @sigstore/verify accepts, keyless and with the KMS key', async () => {
    for (const path of [
      `${artifactPath}.att.sigstore.json`,
      `${artifactPath}.att.kms.sigstore.json`,
    ]) {
      sigstoreJsVerify(JSON.parse(await readFile(path, 'utf8')) as SerializedBundle);
    }
  });

  it('attests any predicate with --type and --predicate, verified by that type only', async () => {
    const file = join(dir, 'sbom-subject.bin');
    await writeFile(file, 'another artifact\n');
    const predicateFile = join(dir, 'vuln.json');
    await writeFile(predicateFile, JSON.stringify({ scanner: { uri: 'pkg:x/scanner@1' } }));
    const type = 'https://cosign.sigstore.dev/attestation/vuln/v1';
    const run = await signet([
      'attest',
      '--server',
      service.url,
      '--type',
      type,
      '--predicate',
      predicateFile,
      '--output-dir',
      dir,
      file,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`predicate type ${type.replace(/[.]/g, '\\.')}\n`));
    assert.match(
      run.stdout,
      /sbom-subject\.bin: keyless attestation .*sbom-subject\.bin\.att\.sigstore\.json \(log index \d+, /,
    );
    const statement = await statementOf(`${file}.att.sigstore.json`);
    assert.deepEqual(statement.predicate, { scanner: { uri: 'pkg:x/scanner@1' } });
    assert.equal((await verify(...pins(), '--type', type, file)).code, 0);
    const wrong = await verify(...pins(), '--type', SLSA_PROVENANCE_V1, file);
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.stdout,
      /FAIL keyless .*: policy: predicate type\n\s+expected: https:\/\/slsa\.dev\/provenance\/v1\n\s+actual:\s+https:\/\/cosign\.sigstore\.dev\/attestation\/vuln\/v1/,
    );
  });

  it('refuses provenance outside CI, and unclear predicate flags, before signing anything', async () => {
    const before = await readdir(dir);
    const outside = await signet(['attest', '--server', service.url, artifactPath], {});
    assert.equal(outside.code, 1);
    assert.match(
      outside.stderr,
      /neither GitHub Actions \(GITHUB_ACTIONS=true\) nor GitLab CI \(GITLAB_CI=true\)/,
    );
    const usage: [string[], RegExp][] = [
      [['--type', SLSA_PROVENANCE_V1], /--type needs --predicate FILE/],
      [['--predicate', 'p.json'], /--predicate needs --type URI/],
      [
        ['--provenance', '--type', SLSA_PROVENANCE_V1],
        /--provenance and --type cannot be used together/,
      ],
      [
        ['--type', 'slsa', '--predicate', 'p.json'],
        /--type takes a predicate type URI, got "slsa"/,
      ],
    ];
    for (const [flags, message] of usage) {
      const run = await signet(['attest', '--server', service.url, ...flags, artifactPath]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
    }
    const none = await signet(['attest', '--server', service.url]);
    assert.match(none.stderr, /no files or images to attest/);
    assert.deepEqual(await readdir(dir), before);
  });
});

describe('verifying attestations', () => {
  it('--type requires the attestation: keyless with pins, and with the KMS key', async () => {
    const keyless = await verify(...pins(), '--type', SLSA_PROVENANCE_V1, '--json', artifactPath);
    assert.equal(keyless.code, 0, keyless.stdout);
    const result = JSON.parse(keyless.stdout) as VerifyJson;
    assert.equal(result.artifacts[0]?.signatures[0]?.bundle, `${artifactPath}.att.sigstore.json`);
    assert.equal(result.artifacts[0]?.signatures[0]?.predicateType, SLSA_PROVENANCE_V1);
    const key = await verify('--key', KMS_REF, '--type', SLSA_PROVENANCE_V1, artifactPath);
    assert.equal(key.code, 0, key.stdout);
    assert.match(key.stdout, /ok {3}key \(.*app\.tar\.gz\.att\.kms\.sigstore\.json\)/);
    // A signature over the same file is no attestation of any type.
    const signed = await signet([
      'sign',
      '--server',
      service.url,
      '--bundle',
      join(dir, 'signature.json'),
      artifactPath,
    ]);
    assert.equal(signed.code, 0, signed.stderr);
    const signature = await verify(
      ...pins(),
      '--type',
      SLSA_PROVENANCE_V1,
      '--bundle',
      join(dir, 'signature.json'),
      artifactPath,
    );
    assert.equal(signature.code, 1);
    assert.match(
      signature.stdout,
      /FAIL keyless .*: policy: predicate type\n\s+expected: https:\/\/slsa\.dev\/provenance\/v1\n\s+actual:\s+\(none\)/,
    );
    const mixed = await verify(
      '--policy',
      join(dir, 'none.yaml'),
      '--type',
      SLSA_PROVENANCE_V1,
      artifactPath,
    );
    assert.equal(mixed.code, 2);
    assert.match(
      mixed.stderr,
      /--policy lists the required signatures; --type cannot be added to it/,
    );
  });

  const policy = (conditions: string): string => `version: 1
trustedRoot: ${trustedRoot}
signatures:
  - name: provenance
    keyless:
      issuer: ${github.url}
      identity: ${serverUrl()}/${WORKFLOW_REF}
    attestation:
      provenance:
${conditions}
  - name: provenance-kms
    key: ${KMS_REF}
    attestation:
      provenance:
${conditions}
`;

  const CONDITIONS = {
    builderId: () => `${serverUrl()}/${WORKFLOW_REF}`,
    sourceRepository: () => `${serverUrl()}/octo-org/octo-repo`,
    ref: () => 'refs/heads/main',
  };

  const conditionLines = (values: Record<string, string>): string =>
    Object.entries(values)
      .map(([name, value]) => `        ${name}: '${value}'`)
      .join('\n');

  const matching = (): Record<string, string> =>
    Object.fromEntries(Object.entries(CONDITIONS).map(([k, f]) => [k, f()]));

  it('passes a policy whose provenance conditions hold, keyless and KMS', async () => {
    const file = join(dir, 'provenance.yaml');
    await writeFile(file, policy(conditionLines(matching())));
    const ok = await signet(['verify', '--policy', file, artifactPath]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /ok {3}provenance \(.*\.att\.sigstore\.json\)/);
    assert.match(ok.stdout, /ok {3}provenance-kms \(.*\.att\.kms\.sigstore\.json\)/);
  });

  it('fails each mismatched condition, naming the field, expected and actual', async () => {
    const fields: Record<string, string> = {
      builderId: 'runDetails.builder.id',
      sourceRepository: 'externalParameters.workflow.repository',
      ref: 'externalParameters.workflow.ref',
    };
    const wrong: Record<string, string> = {
      builderId: `${serverUrl()}/octo-org/octo-repo/.github/workflows/other.yml@refs/tags/v1.2.3`,
      sourceRepository: `${serverUrl()}/octo-org/fork`,
      ref: 'refs/tags/v1.2.3',
    };
    for (const name of Object.keys(CONDITIONS)) {
      const file = join(dir, `mismatch-${name}.yaml`);
      await writeFile(
        file,
        policy(conditionLines({ ...matching(), [name]: wrong[name] as string })),
      );
      const run = await signet(['verify', '--policy', file, '--json', artifactPath]);
      assert.equal(run.code, 1, `${name}: ${run.stdout}`);
      const result = JSON.parse(run.stdout) as VerifyJson;
      for (const signature of result.artifacts[0]?.signatures ?? []) {
        assert.equal(signature.verified, false);
        assert.deepEqual(
          signature.error && {
            code: signature.error.code,
            check: signature.error.check,
            expected: signature.error.expected,
            actual: signature.error.actual,
          },
          {
            code: 'POLICY',
            check: `policy: provenance ${name} (${fields[name]})`,
            expected: wrong[name],
            actual: matching()[name],
          },
        );
      }
      const human = await signet(['verify', '--policy', file, artifactPath]);
      assert.match(
        human.stdout,
        new RegExp(
          `FAIL provenance \\(.*\\): policy: provenance ${name} \\(${(fields[name] as string).replace(/[.]/g, '\\.')}\\)\n\\s+expected: ${(wrong[name] as string).replace(/[.]/g, '\\.')}\n\\s+actual:\\s+${(matching()[name] as string).replace(/[.]/g, '\\.')}`,
        ),
      );
    }
  });

  it('lints a provenance requirement without conditions', async () => {
    const file = join(dir, 'open.yaml');
    await writeFile(
      file,
      `version: 1
trustedRoot: ${trustedRoot}
signatures:
  - keyless: { issuer: '${github.url}', identity: '${serverUrl()}/${WORKFLOW_REF}' }
    attestation: ${SLSA_PROVENANCE_V1}
`,
    );
    const run = await signet(['policy', 'lint', file]);
    assert.match(
      run.stdout,
      /provenance without conditions: provenance from any builder, repository or ref passes/,
    );
  });
});

describe('signet attest of an image', { skip: registryMissing() }, () => {
  const repository = 'app/attested';
  let pushed: Descriptor;
  let result: AttestJson;
  const host = (): string => (registry as TestRegistry).host;
  const image = (at: string): string => `oci://${host()}/${repository}${at}`;

  const bundleReferrers = async (digest: string): Promise<Descriptor[]> =>
    (await listReferrers(client, repository, digest)).filter(
      (d) => d.artifactType === 'application/vnd.dev.sigstore.bundle.v0.3+json',
    );

  before(async () => {
    pushed = await pushTestImage({ host: host() }, repository, { tag: 'v1' });
    const run = await attestDual('--allow-insecure-registry', '--json', image(':v1'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(`signet attest: warning: tag v1 resolved to ${pushed.digest}; attesting`),
    );
    result = JSON.parse(run.stdout) as AttestJson;
  });

  it('attaches a keyless and a KMS provenance referrer to the digest the tag names', async () => {
    const [entry] = result.artifacts;
    assert.deepEqual(entry?.image, { reference: image(':v1'), digest: pushed.digest });
    assert.equal(entry?.path, image(`@${pushed.digest}`));
    const referrers = await bundleReferrers(pushed.digest);
    assert.equal(referrers.length, 2);
    for (const referrer of referrers) {
      assert.equal(referrer.annotations?.['dev.sigstore.bundle.content'], 'dsse-envelope');
      assert.equal(referrer.annotations?.['dev.sigstore.bundle.predicateType'], SLSA_PROVENANCE_V1);
    }
    assert.deepEqual(
      entry?.bundles.map((b) => b.path).sort(),
      referrers.map((r) => image(`@${r.digest}`)).sort(),
    );
    for (const referrer of referrers) {
      const manifest = await client.resolve(repository, referrer.digest);
      const [layer] = manifest.json.layers as Descriptor[];
      const bundle = JSON.parse(
        (await client.fetchBlob(repository, layer as Descriptor, 1 << 20)).toString('utf8'),
      ) as SerializedBundle;
      sigstoreJsVerify(bundle);
      if (bundle.verificationMaterial.certificate !== undefined) {
        // The same verifier refuses another identity: the call above is a real check.
        assert.throws(() => sigstoreJsVerify(bundle, `${serverUrl()}/octo-org/other`));
      }
      const statement = JSON.parse(
        Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8'),
      ) as { subject: unknown };
      // Named as actions/attest names an image subject: the repository, with the manifest digest.
      assert.deepEqual(statement.subject, [
        {
          name: `${host()}/${repository}`,
          digest: { sha256: pushed.digest.slice('sha256:'.length) },
        },
      ]);
    }
  });

  it('verifies with --type and a provenance policy; an attestation is no image signature', async () => {
    const ref = image(`@${pushed.digest}`);
    const keyless = await verify(
      '--allow-insecure-registry',
      ...pins(),
      '--type',
      SLSA_PROVENANCE_V1,
      ref,
    );
    assert.equal(keyless.code, 0, keyless.stdout + keyless.stderr);
    const key = await verify(
      '--allow-insecure-registry',
      '--key',
      KMS_REF,
      '--type',
      SLSA_PROVENANCE_V1,
      ref,
    );
    assert.equal(key.code, 0, key.stdout + key.stderr);
    const signature = await verify('--allow-insecure-registry', ...pins(), ref);
    assert.equal(signature.code, 1, signature.stdout);
    assert.match(
      signature.stdout,
      /no keyless image signature \(https:\/\/sigstore\.dev\/cosign\/sign\/v1\) is attached/,
    );

    const policy = (ref: string): string => `version: 1
trustedRoot: ${trustedRoot}
signatures:
  - name: provenance
    keyless: { issuer: '${github.url}', identity: '${serverUrl()}/${WORKFLOW_REF}' }
    attestation:
      provenance:
        builderId: '${serverUrl()}/${WORKFLOW_REF}'
        sourceRepository: '${serverUrl()}/octo-org/octo-repo'
        ref: '${ref}'
  - name: provenance-kms
    key: ${KMS_REF}
    attestation: { provenance: { ref: '${ref}' } }
`;
    const good = join(dir, 'image-policy.yaml');
    await writeFile(good, policy('refs/heads/main'));
    const ok = await signet([
      'verify',
      '--allow-insecure-registry',
      '--policy',
      good,
      image(':v1'),
    ]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, new RegExp(`${ref.replace(/[.]/g, '\\.')}: verified`));
    const bad = join(dir, 'image-policy-bad.yaml');
    await writeFile(bad, policy('refs/tags/v9'));
    const stopped = await signet(['verify', '--allow-insecure-registry', '--policy', bad, ref]);
    assert.equal(stopped.code, 1, stopped.stdout);
    assert.match(
      stopped.stdout,
      /FAIL provenance \(.*\): policy: provenance ref \(externalParameters\.workflow\.ref\)\n\s+expected: refs\/tags\/v9\n\s+actual:\s+refs\/heads\/main/,
    );
  });

  it('with --recursive attests an index and each of its platform manifests', async () => {
    const index = await pushTestImage({ host: host() }, 'app/multi', {
      platforms: ['linux/amd64', 'linux/arm64'],
      tag: 'v1',
    });
    const run = await signet([
      'attest',
      '--server',
      service.url,
      '--allow-insecure-registry',
      '--recursive',
      '--json',
      `oci://${host()}/app/multi@${index.digest}`,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const digests = (JSON.parse(run.stdout) as AttestJson).artifacts.map((a) => a.image?.digest);
    assert.equal(digests.length, 3);
    assert.equal(digests[0], index.digest);
    for (const digest of digests) {
      const referrers = (await listReferrers(client, 'app/multi', digest as string)).filter(
        (d) => d.annotations?.['dev.sigstore.bundle.predicateType'] === SLSA_PROVENANCE_V1,
      );
      assert.equal(referrers.length, 1, `${digest} has its attestation`);
    }
  });

  it('with --no-push writes the bundles to files named by the digest, attaching nothing', async () => {
    const other = await pushTestImage({ host: host() }, repository, { tag: 'v2' });
    const out = join(dir, 'no-push');
    await mkdir(out);
    const run = await attestDual(
      '--allow-insecure-registry',
      '--no-push',
      '--output-dir',
      out,
      image(`@${other.digest}`),
    );
    assert.equal(run.code, 0, run.stderr);
    const hex = other.digest.slice('sha256:'.length);
    assert.deepEqual((await readdir(out)).sort(), [
      `sha256-${hex}.att.kms.sigstore.json`,
      `sha256-${hex}.att.sigstore.json`,
    ]);
    assert.deepEqual(await bundleReferrers(other.digest), []);
    const checked = await verify(
      ...pins(),
      '--type',
      SLSA_PROVENANCE_V1,
      '--bundle',
      join(out, `sha256-${hex}.att.sigstore.json`),
      other.digest,
    );
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  });
});

describe('signet attest in a GitLab CI job', () => {
  it("attests the runner's provenance shape, the token's claims over the variables", async () => {
    const project = `${gitlab.url}/my-group/my-project`;
    const token = await gitlab.mint(gitlab.gitlabClaims({ ref: 'v2.0.0', ref_type: 'tag' }));
    const env = {
      GITLAB_CI: 'true',
      SIGSTORE_ID_TOKEN: token,
      CI_SERVER_URL: gitlab.url,
      CI_PROJECT_URL: project,
      CI_PROJECT_PATH: 'my-group/my-project',
      CI_COMMIT_SHA: SHA,
      // What a job's variables could say that the token does not: the token wins.
      CI_COMMIT_BRANCH: 'feature',
      CI_RUNNER_ID: '31',
      CI_JOB_ID: '302',
      CI_JOB_NAME: 'attest',
      CI_PIPELINE_ID: '574',
      CI_PIPELINE_SOURCE: 'push',
      CI_RUNNER_VERSION: '17.6.0',
      CI_RUNNER_REVISION: '374d34fd',
    };
    const file = join(dir, 'gitlab-app.tar.gz');
    await writeFile(file, 'built in GitLab\n');
    const run = await signet(['attest', '--server', service.url, file], env);
    assert.equal(run.code, 0, run.stderr);
    const statement = await statementOf(`${file}.att.sigstore.json`);
    const predicate = statement.predicate as {
      buildDefinition: { buildType: string; externalParameters: unknown };
      runDetails: { builder: unknown };
    };
    assert.equal(
      predicate.buildDefinition.buildType,
      'https://gitlab.com/gitlab-org/gitlab-runner/-/blob/374d34fd/PROVENANCE.md',
    );
    assert.deepEqual(predicate.buildDefinition.externalParameters, {
      source: project,
      entryPoint: 'attest',
      ref: 'refs/tags/v2.0.0',
    });
    assert.deepEqual(predicate.runDetails.builder, {
      id: `${project}/-/runners/1`,
      version: { 'gitlab-runner': '374d34fd' },
    });

    const policy = join(dir, 'gitlab-policy.yaml');
    const write = (ref: string) =>
      writeFile(
        policy,
        `version: 1
trustedRoot: ${trustedRoot}
signatures:
  - keyless: { issuer: '${gitlab.url}', repository: my-group/my-project }
    attestation:
      provenance:
        builderId: { regexp: '${project}/-/runners/[0-9]+' }
        sourceRepository: '${project}'
        ref: '${ref}'
`,
      );
    await write('refs/tags/v2.0.0');
    const ok = await signet(['verify', '--policy', policy, file]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    await write('refs/heads/feature');
    const stopped = await signet(['verify', '--policy', policy, file]);
    assert.equal(stopped.code, 1);
    assert.match(
      stopped.stdout,
      /policy: provenance ref \(externalParameters\.ref\)\n\s+expected: refs\/heads\/feature\n\s+actual:\s+refs\/tags\/v2\.0\.0/,
    );
  });
});
