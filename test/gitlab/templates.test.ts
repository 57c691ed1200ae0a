import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.js';
import { toPem } from '../../src/core/pem.js';
import { type FakeKms, fakeKmsEnvironment, startFakeKms } from '../helpers/kms.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import {
  type CliServer,
  type Run,
  TOOLS,
  examplePipeline,
  git as gitIn,
  runPipeline,
  serveCli,
} from './local.js';

/**
 * The GitLab templates as a pipeline runs them: docs/examples/gitlab-ci.yml under
 * gitlab-ci-local's shell executor, its includes pointed at this working tree's templates, with
 * the signet CLI installed in each job from the release tarball (scripts/package-cli.js) over
 * HTTP, against the real service on 127.0.0.1 and a KMS speaking the AWS protocol. The issuer
 * is a self-managed GitLab instance on 127.0.0.1: GitLab puts the job's id_tokens in its
 * variables, so the test mints the job's token with that issuer and gives it as
 * SIGSTORE_ID_TOKEN. Only the example's own build and deploy commands are replaced.
 */

const TAG = 'v1.2.3';
const PROJECT = 'my-group/my-project';
const DEPLOYED = 'deployed.txt';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let issuer: TestIssuer;
let kms: FakeKms;
let service: TestService;
let cli: CliServer;
let dir: string;
let project: string;
let keyPem: string;
let jobTmp: string;

/** gitlab-ci-local in the project, the instance's inputs for every include. */
const pipeline = (args: string[], inputs: Record<string, string> = {}): Promise<Run> =>
  runPipeline(args, {
    cwd: project,
    home: join(dir, 'home'),
    tmp: jobTmp,
    inputs: {
      server: service.url,
      'cli-url': cli.url,
      'cli-sha256': cli.sha256,
      // Set for every include, as an instance might: with files only it must change nothing.
      'allow-insecure-registry': true,
      ...inputs,
    },
    ignorePredefined: ['CI_SERVER_URL', 'CI_PROJECT_ID'],
  });

before(async () => {
  if (TOOLS) return;
  dir = await tempDir('signet-gitlab-');
  issuer = await startTestIssuer();
  kms = await startFakeKms();
  const key = kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/release-signing' });
  keyPem = toPem('PUBLIC KEY', key.publicKey as Buffer);
  service = await startTestService({
    identity: {
      OIDCIssuers: {
        [issuer.url]: { IssuerURL: issuer.url, ClientID: 'sigstore', Type: 'gitlab-pipeline' },
      },
    },
  });

  cli = await serveCli(dir);

  project = join(dir, 'project');
  jobTmp = join(dir, 'tmp');
  await mkdir(jobTmp);
  await mkdir(join(project, 'keys'), { recursive: true });
  const git = gitIn(project);
  await git('init', '-q', '-b', 'main');
  await git('remote', 'add', 'origin', `${issuer.url}/${PROJECT}.git`);
  await writeFile(
    join(project, '.gitlab-ci.yml'),
    await examplePipeline('gitlab-ci.yml', project, {
      build: { script: ['mkdir -p dist', 'head -c 65536 /dev/urandom > dist/app.tar.gz'] },
      deploy: { script: [`sha256sum dist/app.tar.gz > ${DEPLOYED}`] },
    }),
  );
  await writeFile(join(project, 'keys', 'release-signing.pem'), keyPem);
  await writeFile(join(project, '.gitignore'), '.gitlab-ci-local/\n');
  await git('add', '-A');
  await git('commit', '-qm', 'release');
  await git('tag', TAG);

  // What GitLab would put in the sign job's environment for a tag pipeline: the id_tokens
  // token, and the instance's predefined variables that the token's claims agree with.
  const claims = issuer.gitlabClaims({ project_path: PROJECT, ref: TAG, ref_type: 'tag' });
  const variables = {
    SIGSTORE_ID_TOKEN: await issuer.mint(claims),
    CI_SERVER_URL: issuer.url,
    CI_PROJECT_ID: claims.project_id,
    CI_COMMIT_TAG: TAG,
    ...fakeKmsEnvironment(kms),
    AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'aws-web-identity-token'),
  };
  await writeFile(join(project, '.gitlab-ci-local-variables.yml'), stringify(variables));
});

after(async () => {
  await service?.dispose();
  await issuer?.close();
  await kms?.close();
  await cli?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('GitLab templates under gitlab-ci-local', { timeout: 300_000, skip: TOOLS }, () => {
  it('the example tag pipeline builds, signs keyless and with KMS, verifies, then deploys', async () => {
    const run = await pipeline([]);
    assert.equal(run.code, 0, run.output);
    for (const job of ['build', 'sign', 'verify', 'deploy']) {
      assert.match(run.output, new RegExp(`PASS\\s+${job}\\b`), run.output);
    }
    assert.equal(cli.downloads(), 2, 'each Signet job installs the pinned CLI');
    assert.ok(existsSync(join(project, DEPLOYED)));

    // The sign job hands its bundles on as job artifacts.
    const exported = join(project, '.gitlab-ci-local', 'artifacts', 'sign', 'dist');
    assert.ok(existsSync(join(exported, 'app.tar.gz.sigstore.json')), run.output);
    assert.ok(existsSync(join(exported, 'app.tar.gz.kms.sigstore.json')), run.output);
    assert.ok(kms.calls.some((c) => c.operation === 'Sign' && c.status === 200));

    // Outside the pipeline too: the certificate names the self-managed instance's pipeline.
    let out = '';
    const code = await main(
      [
        'verify',
        '--server',
        service.url,
        '--certificate-oidc-issuer',
        issuer.url,
        '--workflow',
        `${PROJECT}//.gitlab-ci.yml@refs/tags/${TAG}`,
        '--repository-id',
        '20',
        '--ref-protected',
        'true',
        join(project, 'dist', 'app.tar.gz'),
      ],
      { stdout: (t) => (out += t), stderr: (t) => (out += t), env: {} },
    );
    assert.equal(code, 0, out);
  });

  for (const [name, inputs, failure] of [
    [
      'the issuer (gitlab.com instead of this instance)',
      { issuer: 'https://gitlab.com' },
      () => ({ check: 'OIDC issuer', expected: 'https://gitlab.com', actual: issuer.url }),
    ],
    [
      'the project ID',
      { 'repository-id': '21' },
      () => ({ check: 'sourceRepositoryIdentifier', expected: '21', actual: '20' }),
    ],
    [
      'the ref',
      { 'ref-regexp': 'refs/tags/v2[.].*' },
      () => ({
        check: 'sourceRepositoryRef',
        expected: '/refs/tags/v2[.].*/ (anchored)',
        actual: `refs/tags/${TAG}`,
      }),
    ],
  ] as const) {
    it(`a wrong pin on ${name} fails verify, saying which, and nothing deploys`, async () => {
      await rm(join(project, DEPLOYED), { force: true });
      const run = await pipeline(['verify', 'deploy'], inputs);
      assert.notEqual(run.code, 0, run.output);
      assert.match(run.output, /FAIL\s+verify/);
      const { check, expected, actual } = failure();
      const lines = run.output.split('\n').filter((l) => l.startsWith('verify >'));
      const at = lines.findIndex((l) => l.includes('FAIL keyless') && l.includes(check));
      assert.ok(at >= 0, run.output);
      assert.match(lines[at + 1] ?? '', new RegExp(`expected: ${escape(expected)}$`));
      assert.match(lines[at + 2] ?? '', new RegExp(`actual: +${escape(actual)}$`));
      assert.ok(!existsSync(join(project, DEPLOYED)), run.output);
    });
  }

  it('refuses an input its spec does not allow before any job runs', async () => {
    const run = await pipeline(['verify'], { 'ref-protected': 'yes' });
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, /ref-protected.*does not match required regex/);
    assert.doesNotMatch(run.output, /starting shell/);
  });

  it('refuses a CLI tarball whose SHA-256 is not the pinned one', async () => {
    const run = await pipeline(['verify'], { 'cli-sha256': 'f'.repeat(64) });
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, /FAILED/);
    assert.doesNotMatch(run.output, /verified/i);
  });
});
