import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli/main.js';
import { type FakeKms, startFakeKms } from '../helpers/kms.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { repoRoot } from '../helpers/vectors.js';
import { missingTools } from '../helpers/tools.js';

/**
 * The GitLab templates as a pipeline runs them: docs/examples/gitlab-ci.yml under
 * gitlab-ci-local's shell executor, its includes pointed at this working tree's templates, with
 * the signet CLI installed in each job from the release tarball (scripts/package-cli.js) over
 * HTTP, against the real service on 127.0.0.1 and a KMS speaking the AWS protocol. The issuer
 * is a self-managed GitLab instance on 127.0.0.1: GitLab puts the job's id_tokens in its
 * variables, so the test mints the job's token with that issuer and gives it as
 * SIGSTORE_ID_TOKEN. Only the example's own build and deploy commands are replaced.
 */

const root = repoRoot();
/** gitlab-ci-local runs git and exports artifacts with rsync; the templates download with curl. */
const TOOLS = missingTools(['git', 'git'], ['rsync', 'rsync'], ['curl', 'curl']);
const gitlabCiLocal = join(root, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');
const TAG = 'v1.2.3';
const PROJECT = 'my-group/my-project';
const DEPLOYED = 'deployed.txt';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let issuer: TestIssuer;
let kms: FakeKms;
let service: TestService;
let cliServer: Server;
let cliUrl: string;
let cliSha256: string;
let cliDownloads = 0;
let dir: string;
let project: string;
let keyPem: string;
let jobTmp: string;

interface Run {
  code: number;
  output: string;
}

/** gitlab-ci-local in the project, shell executor, the instance's inputs for every include. */
async function pipeline(args: string[], inputs: Record<string, string> = {}): Promise<Run> {
  const allInputs = { server: service.url, 'cli-url': cliUrl, 'cli-sha256': cliSha256, ...inputs };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        gitlabCiLocal,
        '--force-shell-executor',
        '--no-color',
        '--home',
        join(dir, 'home'),
        // JSON, as gitlab-ci-local reads input values: "21" stays a string, as in quoted YAML.
        ...Object.entries(allInputs).flatMap(([k, v]) => ['--input', `${k}=${JSON.stringify(v)}`]),
        ...args,
      ],
      {
        cwd: project,
        timeout: 90_000,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          GCL_IGNORE_PREDEFINED_VARS: 'CI_SERVER_URL,CI_PROJECT_ID',
          // The jobs' mktemp (the CLI install) lands here, removed with the rest.
          TMPDIR: jobTmp,
        },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const git = (...args: string[]): Promise<unknown> =>
  promisify(execFile)('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], {
    cwd: project,
  });

/** The release tarball, made by the packaging script from this tree's dist/signet. */
async function packageCli(): Promise<Buffer> {
  const staging = join(dir, 'package');
  await mkdir(staging);
  await symlink(join(root, 'package.json'), join(staging, 'package.json'));
  await symlink(join(root, 'dist'), join(staging, 'dist'));
  await promisify(execFile)(process.execPath, [join(root, 'scripts', 'package-cli.js')], {
    cwd: staging,
    timeout: 60_000,
  });
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return readFile(join(staging, 'release', `signet-${version}.tar.gz`));
}

interface Include {
  project?: string;
  ref?: string;
  file?: string;
  local?: string;
  inputs?: Record<string, unknown>;
}

/** The documented pipeline with its includes made local and the user's own commands stubbed. */
async function examplePipeline(): Promise<string> {
  const example = parse(
    await readFile(join(root, 'docs', 'examples', 'gitlab-ci.yml'), 'utf8'),
  ) as Record<string, Record<string, unknown>> & { include: Include[] };
  for (const include of example.include) {
    assert.match(include.ref ?? '', /^[0-9a-f]{40}$/, 'the example pins its includes by SHA');
    const file = include.file as string;
    await mkdir(join(project, 'signet', 'gitlab-templates'), { recursive: true });
    await copyFile(join(root, file), join(project, 'signet', file));
    include.local = `signet/${file}`;
    delete include.project;
    delete include.ref;
    delete include.file;
  }
  assert.ok(example.build && example.deploy);
  example.build.script = ['mkdir -p dist', 'head -c 65536 /dev/urandom > dist/app.tar.gz'];
  example.deploy.script = [`sha256sum dist/app.tar.gz > ${DEPLOYED}`];
  return stringify(example);
}

before(async () => {
  if (TOOLS) return;
  dir = await tempDir('signet-gitlab-');
  issuer = await startTestIssuer();
  kms = await startFakeKms();
  const key = kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/release-signing' });
  keyPem = `-----BEGIN PUBLIC KEY-----\n${(key.publicKey as Buffer).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PUBLIC KEY-----\n`;
  service = await startTestService({
    identity: {
      OIDCIssuers: {
        [issuer.url]: { IssuerURL: issuer.url, ClientID: 'sigstore', Type: 'gitlab-pipeline' },
      },
    },
  });

  const tarball = await packageCli();
  cliSha256 = createHash('sha256').update(tarball).digest('hex');
  cliServer = createServer((req, res) => {
    if (req.url !== '/signet.tar.gz') return void res.writeHead(404).end();
    cliDownloads++;
    res.writeHead(200, { 'content-type': 'application/gzip' }).end(tarball);
  });
  await new Promise<void>((resolve) => cliServer.listen(0, '127.0.0.1', resolve));
  cliUrl = `http://127.0.0.1:${(cliServer.address() as AddressInfo).port}/signet.tar.gz`;

  project = join(dir, 'project');
  jobTmp = join(dir, 'tmp');
  await mkdir(jobTmp);
  await mkdir(join(project, 'keys'), { recursive: true });
  await git('init', '-q', '-b', 'main');
  await git('remote', 'add', 'origin', `${issuer.url}/${PROJECT}.git`);
  await writeFile(join(project, '.gitlab-ci.yml'), await examplePipeline());
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
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_REGION: kms.region,
    AWS_ACCESS_KEY_ID: kms.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: kms.credentials.secretAccessKey,
    AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'aws-web-identity-token'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  await writeFile(join(project, '.gitlab-ci-local-variables.yml'), stringify(variables));
});

after(async () => {
  await service?.dispose();
  await issuer?.close();
  await kms?.close();
  await new Promise<void>((resolve) => (cliServer ? cliServer.close(() => resolve()) : resolve()));
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('GitLab templates under gitlab-ci-local', { timeout: 300_000, skip: TOOLS }, () => {
  it('the example tag pipeline builds, signs keyless and with KMS, verifies, then deploys', async () => {
    const run = await pipeline([]);
    assert.equal(run.code, 0, run.output);
    for (const job of ['build', 'sign', 'verify', 'deploy']) {
      assert.match(run.output, new RegExp(`PASS\\s+${job}\\b`), run.output);
    }
    assert.equal(cliDownloads, 2, 'each Signet job installs the pinned CLI');
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
