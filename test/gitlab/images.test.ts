import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { toPem } from '../../src/core/pem.js';
import { type FakeKms, fakeKmsEnvironment, startFakeKms } from '../helpers/kms.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import {
  type TestRegistry,
  pushTestImage,
  registryMissing,
  startRegistry,
} from '../helpers/registry.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { missingTools } from '../helpers/tools.js';
import { repoRoot } from '../helpers/vectors.js';
import {
  type CliServer,
  type Run,
  TOOLS,
  examplePipeline,
  git,
  runPipeline,
  serveCli,
} from './local.js';

/**
 * docs/examples/gitlab-image.yml as a tag pipeline runs it under gitlab-ci-local (shell
 * executor), its includes pointed at this tree's templates: build and push an image to the
 * project's registry, sign and attest it keyless and with the KMS key, verify it against the
 * example's policy, and deploy the digest verified. The registry is Debian's docker-registry
 * with basic auth, reached with the job's CI_REGISTRY_USER and CI_REGISTRY_PASSWORD as GitLab
 * sets them; "build and push" is skopeo copying a small image our client pushed into the
 * project's repository (the only job commands replaced, with the deploy's). The issuer is a
 * self-managed GitLab on 127.0.0.1 minting the jobs' SIGSTORE_ID_TOKEN, as in
 * templates.test.ts.
 */

const SKIP = TOOLS || registryMissing() || missingTools(['skopeo', 'skopeo']);
const TAG = 'v1.2.3';
const PROJECT = 'my-group/my-project';
const DEPLOYED = 'deployed.txt';
const GITLAB = 'https://gitlab.example.com';
const POLICY_DIR = join('.gitlab', 'signet');

let issuer: TestIssuer;
let kms: FakeKms;
let service: TestService;
let registry: TestRegistry;
let cli: CliServer;
let dir: string;
let project: string;
let policyExample: string;
/** The image the build job pushes, as the deploy job must get it. */
let expected: string;

const pipeline = (args: string[], inputs: Record<string, unknown> = {}): Promise<Run> =>
  runPipeline(args, {
    cwd: project,
    home: join(dir, 'home'),
    tmp: join(dir, 'tmp'),
    inputs: {
      server: service.url,
      'cli-url': cli.url,
      'cli-sha256': cli.sha256,
      // docker-registry here speaks plain http.
      'allow-insecure-registry': true,
      ...inputs,
    },
    ignorePredefined: [
      'CI_SERVER_URL',
      'CI_PROJECT_ID',
      'CI_PROJECT_URL',
      'CI_REGISTRY',
      'CI_REGISTRY_IMAGE',
      'CI_REGISTRY_USER',
      'CI_REGISTRY_PASSWORD',
    ],
  });

/** The example's policy after `edit`, for this instance instead of gitlab.example.com. */
async function writePolicy(edit: (text: string) => string = (t) => t): Promise<void> {
  const origin = issuer.url;
  const policy = edit(policyExample)
    .replaceAll('https://gitlab\\.example\\.com', origin.replaceAll('.', '\\.'))
    .replaceAll(GITLAB, origin);
  await writeFile(join(project, POLICY_DIR, 'image-policy.yml'), policy);
}

before(async () => {
  if (SKIP) return;
  dir = await tempDir('signet-gitlab-image-');
  issuer = await startTestIssuer();
  kms = await startFakeKms();
  const key = kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/release-signing' });
  const keyPem = toPem('PUBLIC KEY', key.publicKey as Buffer);
  service = await startTestService({
    identity: {
      OIDCIssuers: {
        [issuer.url]: { IssuerURL: issuer.url, ClientID: 'sigstore', Type: 'gitlab-pipeline' },
      },
    },
  });
  registry = await startRegistry({ auth: 'basic' });
  cli = await serveCli(dir);
  // What the build job's skopeo copies as "the image built": ours, beside the project's.
  const base = await pushTestImage(registry, 'base/app', { tag: 'latest' });
  expected = `oci://${registry.host}/${PROJECT}@${base.digest}`;

  project = join(dir, 'project');
  await mkdir(join(project, POLICY_DIR), { recursive: true });
  await mkdir(join(dir, 'tmp'));
  const inProject = git(project);
  await inProject('init', '-q', '-b', 'main');
  await inProject('remote', 'add', 'origin', `${issuer.url}/${PROJECT}.git`);
  const creds = '"$CI_REGISTRY_USER:$CI_REGISTRY_PASSWORD"';
  await writeFile(
    join(project, '.gitlab-ci.yml'),
    await examplePipeline('gitlab-image.yml', project, {
      build: {
        services: undefined,
        script: [
          `skopeo copy --preserve-digests --src-tls-verify=false --dest-tls-verify=false --src-creds ${creds} --dest-creds ${creds} "docker://$CI_REGISTRY/base/app:latest" "docker://$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"`,
          `echo "IMAGE_DIGEST=$(skopeo inspect --tls-verify=false --creds ${creds} --format '{{.Digest}}' "docker://$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG")" > build.env`,
        ],
      },
      deploy: { script: [`echo "$SIGNET_VERIFIED_IMAGES" > ${DEPLOYED}`] },
    }),
  );
  policyExample = await readFile(
    join(repoRoot(), 'docs', 'examples', 'gitlab-image-policy.yml'),
    'utf8',
  );
  await writePolicy();
  await writeFile(
    join(project, POLICY_DIR, 'trusted_root.json'),
    await (await fetch(`${service.url}/trusted_root.json`)).text(),
  );
  await writeFile(join(project, POLICY_DIR, 'release-signing.pem'), keyPem);
  await writeFile(join(project, '.gitignore'), '.gitlab-ci-local/\n');
  await inProject('add', '-A');
  await inProject('commit', '-qm', 'release');
  await inProject('tag', TAG);

  // What GitLab puts in a tag pipeline's jobs: the id_tokens token, the instance's and the
  // registry's predefined variables (which the token's claims agree with), the runner's version.
  const claims = issuer.gitlabClaims({ project_path: PROJECT, ref: TAG, ref_type: 'tag' });
  const variables = {
    SIGSTORE_ID_TOKEN: await issuer.mint(claims),
    GITLAB_CI: 'true',
    CI_SERVER_URL: issuer.url,
    CI_PROJECT_ID: claims.project_id,
    CI_PROJECT_URL: `${issuer.url}/${PROJECT}`,
    CI_COMMIT_TAG: TAG,
    CI_RUNNER_VERSION: 'v17.6.0',
    CI_REGISTRY: registry.host,
    CI_REGISTRY_IMAGE: `${registry.host}/${PROJECT}`,
    CI_REGISTRY_USER: registry.username,
    CI_REGISTRY_PASSWORD: registry.password,
    ...fakeKmsEnvironment(kms),
    AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'aws-web-identity-token'),
  };
  await writeFile(join(project, '.gitlab-ci-local-variables.yml'), stringify(variables));
});

after(async () => {
  await service?.dispose();
  await issuer?.close();
  await kms?.close();
  await registry?.close();
  await cli?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe(
  'docs/examples/gitlab-image.yml under gitlab-ci-local',
  { timeout: 300_000, skip: SKIP },
  () => {
    it('builds and pushes, signs and attests keyless and with KMS, verifies, deploys the digest', async () => {
      const run = await pipeline([]);
      assert.equal(run.code, 0, run.output);
      for (const job of ['build', 'sign', 'attest', 'verify', 'deploy']) {
        assert.match(run.output, new RegExp(`PASS\\s+${job}\\b`), run.output);
      }
      assert.ok(kms.calls.some((c) => c.operation === 'Sign' && c.status === 200));
      // The verify job resolved the tag once and handed on the digest it verified.
      assert.match(run.output, new RegExp(`tag ${TAG} resolved to ${expected.split('@')[1]}`));
      assert.equal((await readFile(join(project, DEPLOYED), 'utf8')).trim(), expected);
      assert.ok(!run.output.includes(registry.password as string), 'the password is not logged');
    });

    it('without a policy: the default pins and predicate-type check the provenance, the key too', async () => {
      await rm(join(project, DEPLOYED), { force: true });
      const run = await pipeline(['verify', 'deploy'], {
        policy: '',
        'predicate-type': 'https://slsa.dev/provenance/v1',
        key: join(POLICY_DIR, 'release-signing.pem'),
      });
      assert.equal(run.code, 0, run.output);
      // Two runs, keyless then key, both of the attestation; the tag was resolved by the first
      // only: the key run checks the digest it verified.
      const log = run.output.split('\n').filter((line) => line.startsWith('verify >'));
      assert.equal(log.filter((line) => line.includes(`tag ${TAG} resolved to`)).length, 1);
      assert.equal(log.filter((line) => line.endsWith(`${expected}: verified`)).length, 2);
      assert.ok(
        log.some((line) => /^verify > +ok +key /.test(line)),
        log.join('\n'),
      );
      assert.equal((await readFile(join(project, DEPLOYED), 'utf8')).trim(), expected);
    });

    for (const [what, edit, reason] of [
      [
        'a pin (the project ID)',
        (text: string) => text.replaceAll('repositoryId: 20', 'repositoryId: 21'),
        /sourceRepositoryIdentifier.*\n.*expected: 21$/m,
      ],
      [
        'the provenance (its source project)',
        (text: string) =>
          text.replace(
            `sourceRepository: ${GITLAB}/my-group/my-project`,
            `sourceRepository: ${GITLAB}/my-group/other-project`,
          ),
        /provenance sourceRepository.*\n.*expected: \S+\/my-group\/other-project$/m,
      ],
    ] as const) {
      it(`a mismatch in ${what} fails verify with the reason, and nothing deploys`, async () => {
        await rm(join(project, DEPLOYED), { force: true });
        await writePolicy(edit);
        try {
          const run = await pipeline(['verify', 'deploy']);
          assert.notEqual(run.code, 0, run.output);
          assert.match(run.output, /FAIL\s+verify/);
          const log = run.output
            .split('\n')
            .filter((line) => line.startsWith('verify'))
            .join('\n');
          assert.match(log, reason);
          assert.ok(!existsSync(join(project, DEPLOYED)), run.output);
        } finally {
          await writePolicy();
        }
      });
    }
  },
);
