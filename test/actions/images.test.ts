import assert from 'node:assert/strict';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { toPem } from '../../src/core/pem.js';
import { type FakeKms, fakeKmsEnvironment, startFakeKms } from '../helpers/kms.js';
import {
  type ActionsRuntime,
  type TestIssuer,
  startActionsRuntime,
  startTestIssuer,
} from '../helpers/oidc.js';
import {
  type TestRegistry,
  pushTestImage,
  registryMissing,
  startRegistry,
} from '../helpers/registry.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { repoRoot } from '../helpers/vectors.js';
import {
  type RunnerJob,
  type StepStandIn,
  type WorkflowContext,
  type WorkflowJobRun,
  type WorkflowYml,
  runAction,
  runWorkflowJob,
} from './runner.js';

/**
 * docs/examples/image.yml as a tag push runs it: the build job (log in, build and push, AWS
 * credentials, sign, attest) and then the deploy job (verify against the example's policy,
 * deploy by digest), each step the real action from a copy of actions/ and dist/actions/, laid
 * out as the runner downloads them. Only the third-party steps are the test's: the checkout is
 * the prepared workspace, the registry login writes the docker config the way docker login
 * does, "build and push" pushes a small image with our own registry client, and the AWS step
 * exports the fake KMS's credentials. Behind them: the real service on 127.0.0.1 with a
 * GitHub-shaped issuer, Debian's docker-registry with basic auth over https (its certificate
 * trusted the way a runner trusts a private CA, NODE_EXTRA_CA_CERTS), and KMS speaking AWS's
 * protocol. The example is changed in one place only: REGISTRY points at the local registry.
 */

const TAG = 'v1.2.3';
const REPOSITORY = 'octo-org/app';
const WORKFLOW_REF = `${REPOSITORY}/.github/workflows/image.yml@refs/tags/${TAG}`;
const KMS_REF = 'awskms:///alias/release-signing';
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

let service: TestService;
let github: TestIssuer;
let kms: FakeKms;
let runtime: ActionsRuntime;
let registry: TestRegistry;
let root: string;
let actionRepo: string;
let trustedRoot: string;
let keyPem: string;
let workflow: WorkflowYml;
let caFile: string;

/** A job of the workflow: its workspace (the checkout) and runner directories. */
async function newJob(idToken: boolean): Promise<RunnerJob> {
  const dir = await tempDir('signet-image-job-');
  const workspace = join(dir, 'workspace');
  await mkdir(join(workspace, '.github', 'signet'), { recursive: true });
  return {
    workspace,
    runnerDir: join(dir, 'runner'),
    // github.token: what docker/login-action is given for the registry, as on ghcr.io.
    token: registry.password,
    env: {
      GITHUB_SERVER_URL: new URL(github.url).origin,
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_REF: `refs/tags/${TAG}`,
      GITHUB_REF_NAME: TAG,
      DOCKER_CONFIG: join(dir, 'docker'),
      NODE_EXTRA_CA_CERTS: caFile,
      ...(idToken && runtime.env),
    },
  };
}

const context = (needs: WorkflowContext['needs'] = {}): WorkflowContext => ({
  github: { repository: REPOSITORY, actor: registry.username as string, ref_name: TAG },
  vars: {
    SIGNET_SERVER: service.url,
    SIGNET_KMS_KEY: KMS_REF,
    AWS_SIGNING_ROLE: 'arn:aws:iam::123456789012:role/release-signing',
    AWS_REGION: kms.region,
  },
  needs,
});

/** The third-party steps of the example, done as the real ones would leave the job. */
const standIns: Record<string, StepStandIn> = {
  'actions/checkout': async () => ({}),
  'docker/login-action': async (withs, env) => {
    const auth = Buffer.from(`${withs.username}:${withs.password}`).toString('base64');
    await mkdir(env.DOCKER_CONFIG as string, { recursive: true });
    await writeFile(
      join(env.DOCKER_CONFIG as string, 'config.json'),
      JSON.stringify({ auths: { [withs.registry as string]: { auth } } }),
    );
    return {};
  },
  'docker/build-push-action': async (withs) => {
    assert.equal(withs.push, 'true');
    const tag = withs.tags as string;
    const [, host, repository, name] = /^([^/]+)\/(.+):([^:/]+)$/.exec(tag) ?? [];
    assert.equal(host, registry.host, tag);
    const pushed = await pushTestImage(registry, repository as string, { tag: name as string });
    return { outputs: { digest: pushed.digest } };
  },
  'aws-actions/configure-aws-credentials': async (withs) => {
    assert.equal(withs['aws-region'], kms.region);
    return { env: fakeKmsEnvironment(kms) };
  },
};

/** docker/login-action to the test registry, as a step before the one under test. */
const login = async (job: RunnerJob): Promise<void> => {
  await standIns['docker/login-action']?.(
    {
      registry: registry.host,
      username: registry.username ?? '',
      password: registry.password ?? '',
    },
    job.env,
  );
};

/** `<owner>/signet/actions/NAME@<sha>`: the copy of this repository's action NAME. */
const signetAction = (uses: string): string | undefined => {
  const name = /^<owner>\/signet\/actions\/([a-z]+)@<sha>$/.exec(uses)?.[1];
  return name === undefined ? undefined : join(actionRepo, 'actions', name);
};

/**
 * The deploy job's policy: the example's after `edit`, for this GitHub: the test issuer for
 * GitHub's, and its web origin (what a GHES runner has as GITHUB_SERVER_URL) for github.com's.
 */
async function writePolicy(
  job: RunnerJob,
  edit: (text: string) => string = (t) => t,
): Promise<void> {
  const example = await readFile(join(repoRoot(), 'docs', 'examples', 'image-policy.yml'), 'utf8');
  const origin = new URL(github.url).origin;
  const policy = edit(example)
    .replaceAll(GITHUB_ISSUER, github.url)
    .replaceAll('https://github\\.com', origin.replaceAll('.', '\\.'))
    .replaceAll('https://github.com', origin);
  const dir = join(job.workspace, '.github', 'signet');
  await writeFile(join(dir, 'image-policy.yml'), policy);
  await cp(trustedRoot, join(dir, 'trusted_root.json'));
  await writeFile(join(dir, 'release-signing.pem'), keyPem);
}

const runJob = (
  name: string,
  job: RunnerJob,
  needs?: WorkflowContext['needs'],
): Promise<WorkflowJobRun> =>
  runWorkflowJob(workflow, name, job, context(needs), { actions: signetAction, standIns });

before(async () => {
  if (registryMissing()) return;
  kms = await startFakeKms();
  const key = kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/release-signing' });
  keyPem = toPem('PUBLIC KEY', key.publicKey as Buffer);
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
      repository: REPOSITORY,
      ref: `refs/tags/${TAG}`,
      workflow_ref: WORKFLOW_REF,
      job_workflow_ref: WORKFLOW_REF,
    }),
  );
  registry = await startRegistry({ auth: 'basic', tls: true });

  root = await tempDir('signet-image-actions-');
  actionRepo = join(root, '_actions', 'octo-org', 'signet', 'f'.repeat(40));
  await cp(join(repoRoot(), 'actions'), join(actionRepo, 'actions'), { recursive: true });
  await cp(join(repoRoot(), 'dist', 'actions'), join(actionRepo, 'dist', 'actions'), {
    recursive: true,
  });
  caFile = join(root, 'registry-ca.pem');
  await writeFile(caFile, registry.ca as string);
  trustedRoot = join(root, 'trusted_root.json');
  await writeFile(trustedRoot, await (await fetch(`${service.url}/trusted_root.json`)).text());

  workflow = parse(
    await readFile(join(repoRoot(), 'docs', 'examples', 'image.yml'), 'utf8'),
  ) as WorkflowYml;
  (workflow.env as Record<string, string>).REGISTRY = registry.host;
});

after(async () => {
  await service?.dispose();
  await github?.close();
  await kms?.close();
  await runtime?.close();
  await registry?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('docs/examples/image.yml under the runner', { skip: registryMissing() }, () => {
  let build: WorkflowJobRun;
  let image: string;

  before(async () => {
    build = await runJob('build', await newJob(true));
    image = `oci://${registry.host}/${REPOSITORY}@${build.steps.build?.digest}`;
  });

  it('build: pushes, signs and attests the image by digest, keyless and with the KMS key', () => {
    assert.equal(build.code, 0, build.log);
    assert.match(build.steps.build?.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(build.outputs.image, image);
    assert.equal(build.steps.sign?.digests, image);
    assert.ok(kms.calls.some((c) => c.operation === 'Sign' && c.status === 200));
    // Two referrers each: the signature and the provenance, keyless and with the key.
    const referrer = new RegExp(`^oci://${registry.host}/${REPOSITORY}@sha256:[0-9a-f]{64}$`);
    const attested = (build.steps.attest?.referrers ?? '').split('\n');
    assert.equal(attested.length, 2, build.steps.attest?.referrers);
    for (const line of attested) assert.match(line, referrer);
    assert.equal(build.steps.attest?.['predicate-type'], 'https://slsa.dev/provenance/v1');
    // registry-token defaults to github.token, which is masked before anything runs.
    assert.ok(build.masks.includes(registry.password as string));
    assert.ok(!build.log.includes(registry.password as string), 'the registry password is masked');
  });

  it('deploy: verifies the pins, the key and the provenance, then deploys the digest', async () => {
    const job = await newJob(false);
    await writePolicy(job);
    const deploy = await runJob('deploy', job, { build: { outputs: build.outputs } });
    assert.equal(deploy.code, 0, deploy.log);
    assert.deepEqual(deploy.annotations, []);
    assert.equal(deploy.steps.verify?.digests, image);
    assert.ok(deploy.log.includes(`deploying ${image.slice('oci://'.length)}\n`), deploy.log);
    assert.match(deploy.summary, /Signet: verified/);
  });

  it('verify: a tag is resolved once; the digest verified is the output, the tag in the summary', async () => {
    const job = await newJob(false);
    await login(job);
    await cp(trustedRoot, join(job.workspace, 'trusted_root.json'));
    const tagged = `${registry.host}/${REPOSITORY}:${TAG}`;
    const run = await runAction(
      join(actionRepo, 'actions', 'verify'),
      {
        images: tagged,
        'trusted-root': 'trusted_root.json',
        'certificate-oidc-issuer': github.url,
        repository: REPOSITORY,
      },
      job,
    );
    assert.equal(run.code, 0, run.log);
    assert.equal(run.outputs.digests, image);
    assert.deepEqual(
      run.annotations.map((a) => a.level),
      ['warning'],
    );
    assert.match(
      run.annotations[0]?.message ?? '',
      new RegExp(`tag ${TAG} resolved to ${image.split('@')[1]}`),
    );
    assert.ok(
      run.summary.includes(`<code>${image}</code><br>from <code>oci://${tagged}</code>`),
      run.summary,
    );
  });

  it('registry-token is for ghcr.io only: another registry without a login is told to log in', async () => {
    const job = await newJob(false);
    await cp(trustedRoot, join(job.workspace, 'trusted_root.json'));
    const run = await runAction(
      join(actionRepo, 'actions', 'verify'),
      {
        images: image,
        'trusted-root': 'trusted_root.json',
        'certificate-oidc-issuer': github.url,
        repository: REPOSITORY,
      },
      job,
    );
    assert.equal(run.code, 1, run.log);
    assert.equal(run.outputs.digests ?? '', '');
    assert.equal(run.annotations.length, 1, JSON.stringify(run.annotations));
    assert.match(
      run.annotations[0]?.message ?? '',
      new RegExp(`registry ${registry.host} asks for a username and password .* log in`),
    );
    assert.ok(!run.log.includes(registry.password as string));
  });

  it('attest with push-to-registry false writes the image attestations as files', async () => {
    const job = await newJob(true);
    await login(job);
    await mkdir(join(job.workspace, 'attestations'));
    const run = await runAction(
      join(actionRepo, 'actions', 'attest'),
      {
        images: image.slice('oci://'.length),
        'push-to-registry': 'false',
        'output-dir': 'attestations',
        server: service.url,
      },
      job,
    );
    assert.equal(run.code, 0, run.log);
    assert.equal(run.outputs.referrers, '');
    assert.equal(run.outputs.digests, image);
    const hex = image.split('@sha256:')[1] as string;
    assert.deepEqual(run.outputs.bundles?.split('\n'), [
      `attestations/sha256-${hex}.att.sigstore.json`,
    ]);
  });

  it('sign with recursive signs a multi-platform index and each platform manifest', async () => {
    const job = await newJob(true);
    await login(job);
    const index = await pushTestImage(registry, `${REPOSITORY}-multi`, {
      platforms: ['linux/amd64', 'linux/arm64'],
      tag: TAG,
    });
    const signed = await runAction(
      join(actionRepo, 'actions', 'sign'),
      {
        images: `${registry.host}/${REPOSITORY}-multi:${TAG}`,
        recursive: 'true',
        server: service.url,
      },
      job,
    );
    assert.equal(signed.code, 0, signed.log);
    const digests = (signed.outputs.digests ?? '').split('\n');
    const name = `oci://${registry.host}/${REPOSITORY}-multi@`;
    assert.equal(digests.length, 3, signed.outputs.digests);
    assert.equal(digests[0], `${name}${index.digest}`);
    // A platform's own digest verifies, as a runtime pulling that platform would check it.
    await cp(trustedRoot, join(job.workspace, 'trusted_root.json'));
    const platform = await runAction(
      join(actionRepo, 'actions', 'verify'),
      {
        images: digests[2] as string,
        'trusted-root': 'trusted_root.json',
        'certificate-oidc-issuer': github.url,
        repository: REPOSITORY,
      },
      job,
    );
    assert.equal(platform.code, 0, platform.log);
    assert.equal(platform.outputs.digests, digests[2]);
  });

  for (const [what, edit, reason] of [
    [
      'a pin (the trigger)',
      (text: string) => text.replace('trigger: push', 'trigger: release'),
      /trigger|event_name/i,
    ],
    [
      'the provenance (its source repository)',
      (text: string) =>
        text.replace(
          'sourceRepository: https://github.com/octo-org/app',
          'sourceRepository: https://github.com/octo-org/other',
        ),
      /provenance sourceRepository.*octo-org\/other/,
    ],
  ] as const) {
    it(`deploy: a mismatch in ${what} stops it with the reason, and nothing deploys`, async () => {
      const job = await newJob(false);
      await writePolicy(job, edit);
      const deploy = await runJob('deploy', job, { build: { outputs: build.outputs } });
      assert.equal(deploy.code, 1, deploy.log);
      assert.equal(deploy.steps.verify?.digests, '');
      const errors = deploy.annotations.filter((a) => a.level === 'error');
      assert.equal(errors.length, 1, JSON.stringify(deploy.annotations));
      assert.match(`${errors[0]?.title} ${errors[0]?.message}`, reason);
      assert.ok(!deploy.log.includes('deploying'), deploy.log);
      assert.match(deploy.summary, /Signet: NOT verified/);
    });
  }
});
