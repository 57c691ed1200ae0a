import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmod, copyFile, lstat, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parsePem, toPem } from '../../src/core/pem.js';
import { parseCertificate, spkiOf } from '../../src/core/x509.js';
import { type ServerConfig, loadConfig } from '../../server/config.js';
import {
  type DoctorCheck,
  doctorExitCode,
  formatDoctorReport,
  runDoctor,
} from '../../server/doctor.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, freePort, startTestService, tempDir } from '../helpers/server.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * `signet-server doctor` against the real service on 127.0.0.1 and real test issuers: a healthy
 * setup is all ok, and each way an operator's setup goes wrong is named by the check it breaks.
 */

const META_PATTERN = 'https://token.actions.githubusercontent.com/*';

const identityFor = (...issuers: TestIssuer[]): object => ({
  OIDCIssuers: Object.fromEntries(
    issuers.map((issuer) => [issuer.url, { ClientID: 'sigstore', Type: 'github-workflow' }]),
  ),
  MetaIssuers: { [META_PATTERN]: { ClientID: 'sigstore', Type: 'github-workflow' } },
});

/** The config an operator would pass to doctor for `service`. */
const configOf = (
  service: TestService,
  identity: unknown,
  overrides: Partial<ServerConfig> = {},
): Promise<ServerConfig> =>
  loadConfig(undefined, {
    dataDir: service.dataDir,
    listen: service.url.replace(/^http:\/\//, ''),
    publicUrl: service.url,
    identity,
    ...overrides,
  });

function find(checks: DoctorCheck[], name: string): DoctorCheck {
  const found = checks.find((c) => c.name === name);
  assert.ok(found, `no check named "${name}" in:\n${formatDoctorReport(checks)}`);
  return found;
}

const notOk = (checks: DoctorCheck[]): DoctorCheck[] => checks.filter((c) => c.status !== 'ok');

/** Every entry under `dir` with what a write would change: type, size, mode, mtime, content. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (path: string): Promise<void> => {
    for (const name of (await readdir(path)).sort()) {
      const full = join(path, name);
      const stats = await lstat(full);
      const content = stats.isFile()
        ? createHash('sha256')
            .update(await readFile(full))
            .digest('hex')
        : stats.isDirectory()
          ? 'dir'
          : 'other';
      out[full.slice(dir.length)] = `${stats.size} ${stats.mode} ${stats.mtimeMs} ${content}`;
      if (stats.isDirectory()) await walk(full);
    }
  };
  await walk(dir);
  return out;
}

const ROOT_KEY = 'keys/root-ca.key.pem';
const TUF_OFFLINE_KEYS = ['tuf-root.key.pem', 'tuf-targets.key.pem'];

/** Puts a fresh P-256 key where a service's key was, as an operator restoring the wrong file. */
async function replaceKey(path: string): Promise<void> {
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    format: 'pem',
    type: 'pkcs8',
  });
  await writeFile(path, pem, { mode: 0o600 });
}

let github: TestIssuer;
let service: TestService;
let config: ServerConfig;
let offline: string;

before(async () => {
  github = await startTestIssuer({ path: '/_services/token' });
  const identity = identityFor(github);
  service = await startTestService({ identity });
  config = await configOf(service, identity);
  // A healthy production setup has the root key offline, as init tells the operator.
  offline = await tempDir('signet-offline-');
  await rename(join(service.dataDir, ROOT_KEY), join(offline, 'root-ca.key.pem'));
  // And the TUF root and targets keys, which only the ceremony needs.
  for (const key of TUF_OFFLINE_KEYS) {
    await rename(join(service.dataDir, 'keys', key), join(offline, key));
  }
});

after(async () => {
  await service?.dispose();
  await github?.close();
  if (offline) await rm(offline, { recursive: true, force: true });
});

describe('doctor on a healthy setup', () => {
  it('reports every check ok and exits 0', async () => {
    const checks = await runDoctor({ config });
    assert.deepEqual(notOk(checks), [], formatDoctorReport(checks));
    assert.equal(doctorExitCode(checks), 0);
    for (const name of [
      'config',
      `issuer ${github.url}`,
      `issuer ${META_PATTERN}`,
      'signet.json',
      'key keys/log.key.pem',
      'key keys/tsa.key.pem',
      'key keys/ct.key.pem',
      'key keys/rekor-v1.key.pem',
      'key keys/issuing-ca.key.pem',
      `key ${ROOT_KEY}`,
      'certificate keys/root-ca.crt.pem',
      'certificate keys/issuing-ca.crt.pem',
      'certificate keys/tsa-chain.pem',
      'service /readyz',
      'trusted root',
      'trusted root tlogs',
      'trusted root ctlogs',
      'trusted root certificateAuthorities',
      'trusted root timestampAuthorities',
      'trusted root certificates',
      'signing config',
      'tuf repository',
      'tuf keys',
      'tuf targets',
    ]) {
      find(checks, name);
    }
    assert.match(find(checks, 'config').message, new RegExp(`${github.url} github-workflow`));
    assert.match(find(checks, `issuer ${META_PATTERN}`).message, /pattern, not checked live/);
    assert.match(
      find(checks, `issuer ${github.url}`).message,
      /^discovery issuer matches, JWKS has 2 keys \(key-1, key-2\)$/,
    );
    assert.match(find(checks, 'trusted root ctlogs').message, /ctlogs\[0\] is keys\/ct\.key\.pem/);
    const tlogs = find(checks, 'trusted root tlogs').message;
    assert.match(tlogs, /tlogs\[\d+\] is keys\/log\.key\.pem/);
    assert.match(tlogs, /tlogs\[\d+\] is keys\/rekor-v1\.key\.pem/);
    assert.match(find(checks, 'signet.json').message, /Rekor v1 origin 127\.0\.0\.1 - \d+/);
  });

  it('formats one line per check and a count', async () => {
    const checks = await runDoctor({ config });
    const lines = formatDoctorReport(checks).trimEnd().split('\n');
    assert.equal(lines.length, checks.length + 1);
    assert.ok(
      lines.includes(
        `ok   issuer ${github.url}: discovery issuer matches, JWKS has 2 keys (key-1, key-2)`,
      ),
      lines.join('\n'),
    );
    assert.equal(lines.at(-1), `0 failed, 0 warnings, ${checks.length} ok`);
    assert.equal(
      formatDoctorReport([{ group: 'config', name: 'x', status: 'fail', message: 'why' }]),
      'fail x: why\n1 failed, 0 warnings, 0 ok\n',
    );
  });
});

describe('signet-server doctor, text and --json', () => {
  interface Run {
    code: number;
    stdout: string;
    stderr: string;
  }
  const run = async (args: string[]): Promise<Run> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [
        join(repoRoot(), 'bin', 'signet-server.js'),
        'doctor',
        ...args,
      ]);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as Run;
      return { code, stdout, stderr };
    }
  };
  let dir: string;
  let args: string[];

  before(async () => {
    dir = await tempDir('signet-doctor-cli-');
    // The test issuer instead of the public ones: the suite never leaves loopback.
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ identity: identityFor(github) }));
    args = ['--config', file, '--data-dir', service.dataDir, '--public-url', service.url];
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reports each check with its group, name, status and message, as the text form does', async () => {
    const [text, json] = await Promise.all([run(args), run([...args, '--json'])]);
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as {
      checks: Array<Record<string, string>>;
      summary: { fail: number; warn: number; ok: number };
      exitCode: number;
    };
    assert.equal(report.exitCode, 0);
    assert.deepEqual(report.summary, { fail: 0, warn: 0, ok: report.checks.length });
    const groups = new Set<string>();
    for (const check of report.checks) {
      assert.deepEqual(Object.keys(check), ['group', 'name', 'status', 'message']);
      groups.add(check.group as string);
      const line = `${(check.status as string).padEnd(4)} ${check.name}: ${check.message}`;
      assert.ok(text.stdout.split('\n').includes(line), `${line}\nnot in:\n${text.stdout}`);
    }
    assert.deepEqual([...groups], ['config', 'issuers', 'data-dir', 'storage', 'service']);
    assert.equal(
      report.checks.find((c) => c.name === `issuer ${github.url}`)?.group,
      'issuers',
      json.stdout,
    );
  });

  it('exits 1 in both forms when a check fails, and says which', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = [...args, '--url', closed];
    const [text, json] = await Promise.all([run(down), run([...down, '--json'])]);
    assert.equal(text.code, 1);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as {
      checks: Array<{ group: string; name: string; status: string; message: string }>;
      exitCode: number;
    };
    assert.equal(report.exitCode, 1);
    const failed = report.checks.filter((c) => c.status === 'fail');
    assert.deepEqual(
      failed.map((c) => [c.group, c.name]),
      [
        ['service', 'service /readyz'],
        ['service', 'trusted root'],
        ['service', 'signing config'],
        ['service', 'tuf targets'],
      ],
    );
    assert.ok(failed.every((c) => c.message.startsWith(`cannot reach ${closed}/`)));
    assert.match(text.stdout, /^4 failed, 0 warnings, \d+ ok$/m);
  });
});

describe('doctor on issuers', () => {
  it('fails an issuer whose discovery document names another issuer, showing the difference', async () => {
    const slash = await startTestIssuer({
      path: '/_services/token',
      issuerOverride: (url) => `${url}/`,
    });
    try {
      const checks = await runDoctor({ config: { ...config, identity: identityFor(slash) } });
      const issuer = find(checks, `issuer ${slash.url}`);
      assert.equal(issuer.status, 'fail', issuer.message);
      assert.ok(issuer.message.includes(JSON.stringify(`${slash.url}/`)), issuer.message);
      assert.ok(issuer.message.includes(JSON.stringify(slash.url)), issuer.message);
      assert.match(issuer.message, /differs by a trailing slash/);
      assert.equal(doctorExitCode(checks), 1);
      // Only the issuer is wrong.
      assert.deepEqual(
        notOk(checks).map((c) => c.name),
        [`issuer ${slash.url}`],
      );
    } finally {
      await slash.close();
    }
  });

  it('fails an issuer that is down, naming the URL it could not fetch', async () => {
    const down = await startTestIssuer({ path: '/_services/token' });
    await down.close();
    const checks = await runDoctor({ config: { ...config, identity: identityFor(down) } });
    const issuer = find(checks, `issuer ${down.url}`);
    assert.equal(issuer.status, 'fail');
    assert.ok(issuer.message.includes(down.discoveryUrl), issuer.message);
    assert.match(issuer.message, /ECONNREFUSED/);
    assert.equal(doctorExitCode(checks), 1);
  });

  it('fails an issuer whose JWKS is empty', async () => {
    const empty = await startTestIssuer({ path: '/_services/token', keyCount: 0 });
    try {
      const checks = await runDoctor({ config: { ...config, identity: identityFor(empty) } });
      const issuer = find(checks, `issuer ${empty.url}`);
      assert.equal(issuer.status, 'fail');
      assert.match(issuer.message, /has no usable signature key: it is empty/);
    } finally {
      await empty.close();
    }
  });
});

describe('doctor on the data directory', () => {
  it('warns while the root CA key is on disk, without failing', async () => {
    await copyFile(join(offline, 'root-ca.key.pem'), join(service.dataDir, ROOT_KEY));
    try {
      const checks = await runDoctor({ config });
      assert.deepEqual(
        notOk(checks).map((c) => [c.name, c.status]),
        [[`key ${ROOT_KEY}`, 'warn']],
      );
      assert.match(find(checks, `key ${ROOT_KEY}`).message, /move keys\/root-ca\.key\.pem offline/);
      assert.equal(doctorExitCode(checks), 0);
      assert.match(formatDoctorReport(checks), /^warn key keys\/root-ca\.key\.pem: present/m);
    } finally {
      await rm(join(service.dataDir, ROOT_KEY));
    }
  });

  it('warns about a key file other users can read', async () => {
    const path = join(service.dataDir, 'keys/log.key.pem');
    await chmod(path, 0o644);
    try {
      const check = find(await runDoctor({ config }), 'key keys/log.key.pem');
      assert.equal(check.status, 'warn');
      assert.match(check.message, /mode 0644 lets other users read it; chmod 600/);
    } finally {
      await chmod(path, 0o600);
    }
  });

  it('warns about certificates near expiry and fails expired ones, on disk and served', async () => {
    const pem = await readFile(join(service.dataDir, 'keys/issuing-ca.crt.pem'), 'utf8');
    const issuing = parseCertificate((parsePem(pem, 'CERTIFICATE')[0] as { der: Buffer }).der);
    const day = 86_400_000;

    const soon = await runDoctor({
      config,
      now: new Date(issuing.notAfter.getTime() - 10 * day),
    });
    const onDisk = find(soon, 'certificate keys/issuing-ca.crt.pem');
    assert.equal(onDisk.status, 'warn', onDisk.message);
    assert.match(onDisk.message, /Signet Issuing CA expires at .*, in 10 days \(under 90\)/);
    const served = find(soon, 'trusted root certificates');
    assert.equal(served.status, 'warn', served.message);
    assert.match(served.message, /certificateAuthorities\[0\] certificate 0 .* in 10 days/);
    // The root and TSA certificates outlive the issuing CA.
    assert.equal(find(soon, 'certificate keys/root-ca.crt.pem').status, 'ok');
    assert.equal(find(soon, 'certificate keys/tsa-chain.pem').status, 'ok');
    // Years on, only the TUF metadata (a year at most) has failed.
    assert.deepEqual(
      soon.filter((c) => c.status === 'fail').map((c) => c.name),
      ['tuf repository'],
    );

    const late = await runDoctor({ config, now: new Date(issuing.notAfter.getTime() + day) });
    assert.equal(find(late, 'certificate keys/issuing-ca.crt.pem').status, 'fail');
    assert.match(find(late, 'certificate keys/issuing-ca.crt.pem').message, /expired at/);
    assert.equal(find(late, 'trusted root certificates').status, 'fail');
    assert.equal(doctorExitCode(late), 1);
  });

  it('warns when signet.json has no Rekor v1 tree ID yet, and fails one the service refuses', async () => {
    const path = join(service.dataDir, 'signet.json');
    const original = await readFile(path, 'utf8');
    const metadata = JSON.parse(original) as Record<string, unknown>;
    try {
      delete metadata.rekorV1TreeId;
      await writeFile(path, JSON.stringify(metadata));
      const absent = find(await runDoctor({ config }), 'signet.json');
      assert.equal(absent.status, 'warn', absent.message);
      assert.match(absent.message, /no rekorV1TreeId: the service draws .* at its next start/);

      metadata.rekorV1TreeId = '-5';
      await writeFile(path, JSON.stringify(metadata));
      const checks = await runDoctor({ config });
      const bad = find(checks, 'signet.json');
      assert.equal(bad.status, 'fail', bad.message);
      assert.match(bad.message, /rekorV1TreeId must be a positive int64 in decimal, got "-5"/);
      assert.equal(doctorExitCode(checks), 1);
    } finally {
      await writeFile(path, original);
    }
  });

  it('never modifies the data directory', async () => {
    // Twice, as the service itself may write between two looks; it must hold still for doctor.
    const before = await snapshot(service.dataDir);
    assert.deepEqual(await snapshot(service.dataDir), before);
    await runDoctor({ config });
    assert.deepEqual(await snapshot(service.dataDir), before);
    assert.ok(Object.keys(before).includes('/keys/ct.key.pem'));
  });

  it('does not initialise a data directory that is empty or missing', async () => {
    const empty = await tempDir('signet-doctor-empty-');
    try {
      const checks = await runDoctor({
        config: { ...config, dataDir: empty },
        url: service.url,
      });
      assert.equal(find(checks, 'signet.json').status, 'fail');
      assert.match(find(checks, 'signet.json').message, /not an initialised data directory/);
      assert.match(find(checks, 'key keys/ct.key.pem').message, /^missing/);
      assert.deepEqual(await readdir(empty), []);

      const missing = join(empty, 'nothing-here');
      const none = await runDoctor({ config: { ...config, dataDir: missing }, url: service.url });
      assert.equal(find(none, 'data dir').status, 'fail');
      assert.ok(find(none, 'data dir').message.includes(missing));
      assert.deepEqual(await readdir(empty), []);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('doctor on the running service', () => {
  let other: TestService;
  let otherConfig: ServerConfig;
  let otherDir: string;

  before(async () => {
    otherDir = await tempDir();
    const identity = identityFor(github);
    other = await startTestService({ dataDir: otherDir, identity });
    otherConfig = await configOf(other, identity);
    await rm(join(otherDir, ROOT_KEY));
    for (const key of TUF_OFFLINE_KEYS) await rm(join(otherDir, 'keys', key));
  });

  after(async () => {
    await other?.close();
    await rm(otherDir, { recursive: true, force: true });
  });

  it('fails the ctlogs check when keys/ct.key.pem is not the key the service runs with', async () => {
    await replaceKey(join(otherDir, 'keys/ct.key.pem'));
    const checks = await runDoctor({ config: otherConfig });
    assert.deepEqual(
      notOk(checks).map((c) => [c.name, c.status]),
      [['trusted root ctlogs', 'fail']],
      formatDoctorReport(checks),
    );
    const ctlogs = find(checks, 'trusted root ctlogs');
    assert.match(
      ctlogs.message,
      /no entry has logId\.keyId \S+ \(the log ID of keys\/ct\.key\.pem\)/,
    );
    assert.match(ctlogs.message, /restart it/);
    assert.equal(find(checks, 'key keys/ct.key.pem').status, 'ok');
    assert.equal(doctorExitCode(checks), 1);
  });

  it('fails the tlogs check when keys/rekor-v1.key.pem is not the Rekor v1 key the service runs with', async () => {
    await replaceKey(join(otherDir, 'keys/rekor-v1.key.pem'));
    const checks = await runDoctor({ config: otherConfig });
    const tlogs = find(checks, 'trusted root tlogs');
    assert.equal(tlogs.status, 'fail');
    assert.match(
      tlogs.message,
      /no entry has logId\.keyId \S+ \(the log ID of keys\/rekor-v1\.key\.pem\)/,
    );
    // The Rekor v2 key still matches: only what failed is shown, and that names the v1 key alone.
    assert.doesNotMatch(tlogs.message, /keys\/log\.key\.pem/);
    assert.equal(find(checks, 'key keys/rekor-v1.key.pem').status, 'ok');
    assert.match(find(checks, 'key keys/rekor-v1.key.pem').message, /Rekor v1 log key, mode 0600/);
    assert.equal(doctorExitCode(checks), 1);
  });

  it('fails a served trust root or signing config that clients would refuse', async () => {
    const root = (await (await fetch(`${other.url}/trusted_root.json`)).json()) as {
      mediaType: string;
      tlogs: Array<{ publicKey: { validFor: Record<string, unknown> } }>;
      timestampAuthorities: Array<{ uri: unknown }>;
    };
    const signing = (await (await fetch(`${other.url}/signing_config.json`)).json()) as {
      mediaType: string;
    };
    root.mediaType = 'application/vnd.dev.sigstore.trustedroot+json; version=0.1';
    delete root.tlogs[0]?.publicKey.validFor.start;
    (root.timestampAuthorities[0] as { uri: unknown }).uri = null;
    signing.mediaType = 'application/vnd.dev.sigstore.signingconfig.v0.1+json';
    // Stands in for a proxy serving stale or hand-edited documents in front of the service.
    const fake = createServer((req, res) => {
      const body =
        req.url === '/trusted_root.json'
          ? root
          : req.url === '/signing_config.json'
            ? signing
            : { status: 'SERVING' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
      const checks = await runDoctor({ config: otherConfig, url });
      const trusted = find(checks, 'trusted root');
      assert.equal(trusted.status, 'fail');
      assert.match(trusted.message, /mediaType is "[^"]*; version=0\.1", not "[^"]*;version=0\.1"/);
      assert.match(trusted.message, /null at timestampAuthorities\[0\]\.uri/);
      const tlogs = find(checks, 'trusted root tlogs');
      assert.equal(tlogs.status, 'fail');
      assert.match(tlogs.message, /tlogs\[0\]\.publicKey\.validFor\.start is missing/);
      const config = find(checks, 'signing config');
      assert.equal(config.status, 'fail');
      assert.match(
        config.message,
        /mediaType is "application\/vnd\.dev\.sigstore\.signingconfig\.v0\.1\+json"/,
      );
      assert.equal(find(checks, 'service /readyz').status, 'ok');
    } finally {
      fake.closeAllConnections();
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });

  it('fails the live checks with the connection error when the service is down, and still checks the data directory', async () => {
    await other.close();
    const before = await snapshot(otherDir);
    const checks = await runDoctor({ config: otherConfig });
    for (const name of ['service /readyz', 'trusted root', 'signing config']) {
      const check = find(checks, name);
      assert.equal(check.status, 'fail');
      assert.ok(check.message.startsWith(`cannot reach ${other.url}/`), check.message);
      assert.match(check.message, /ECONNREFUSED/);
    }
    // The trust root's parts are not reported as if they had been compared.
    assert.equal(
      checks.some((c) => c.name === 'trusted root ctlogs'),
      false,
    );
    for (const name of [
      'config',
      `issuer ${github.url}`,
      'signet.json',
      'key keys/log.key.pem',
      'key keys/ct.key.pem',
      'certificate keys/issuing-ca.crt.pem',
      'certificate keys/tsa-chain.pem',
    ]) {
      assert.equal(find(checks, name).status, 'ok', name);
    }
    assert.equal(doctorExitCode(checks), 1);
    assert.deepEqual(await snapshot(otherDir), before);
  });
});

describe('doctor with the CT log run by another instance', () => {
  let identity: object;
  let ctDir: string;
  let caDir: string;
  let keyDir: string;
  let ctPort: number;
  let ct: TestService;
  let ca: TestService;
  let ctConfig: ServerConfig;
  let caConfig: ServerConfig;
  let ctKeyPath: string;

  const caRoot = (): string => join(caDir, 'keys/root-ca.crt.pem');
  /** Always the same port and data directory, so that a restart keeps the log's URL and key. */
  const startCt = (acceptedRoots: string[]): Promise<TestService> =>
    startTestService({
      dataDir: ctDir,
      listen: `127.0.0.1:${ctPort}`,
      publicUrl: `http://127.0.0.1:${ctPort}`,
      roles: ['ct'],
      ct: { url: undefined, publicKey: undefined, acceptedRoots },
      identity,
    });
  // Init leaves the TUF root and targets keys here too: the healthy setup checks that warning.
  const statuses = (checks: DoctorCheck[]): string[][] =>
    notOk(checks)
      .filter((c) => c.name !== 'tuf keys')
      .map((c) => [c.name, c.status]);

  before(async () => {
    identity = identityFor(github);
    [ctDir, caDir, keyDir] = await Promise.all([tempDir(), tempDir(), tempDir()]);
    ctPort = await freePort();
    const caPort = await freePort();
    const caAt = {
      dataDir: caDir,
      listen: `127.0.0.1:${caPort}`,
      publicUrl: `http://127.0.0.1:${caPort}`,
      identity,
    };
    // The CA's data directory first: the CT log must accept chains to its root.
    await (await startTestService({ ...caAt, roles: ['tsa'] })).close();
    ct = await startCt([caRoot()]);
    ctKeyPath = join(keyDir, 'ct.pub.pem');
    await writeFile(ctKeyPath, toPem('PUBLIC KEY', spkiOf(ct.instance.ctKey)));
    const external = { url: ct.url, publicKey: ctKeyPath, acceptedRoots: [] };
    ca = await startTestService({ ...caAt, roles: ['ca', 'tlog', 'tsa'], ct: external });
    ctConfig = await configOf(ct, identity, {
      roles: ['ct'],
      ct: { url: undefined, publicKey: undefined, acceptedRoots: [caRoot()] },
    });
    caConfig = await configOf(ca, identity, {
      roles: ['ca', 'tlog', 'tsa'],
      // The service trims a trailing slash from ct.url; doctor must compare the same URL.
      ct: { ...external, url: `${ct.url}/` },
    });
  });

  after(async () => {
    await ca?.dispose();
    await ct?.dispose();
    for (const dir of [ctDir, caDir, keyDir]) {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports the CT log alone all ok, expecting empty lists for the roles it does not run', async () => {
    const checks = await runDoctor({ config: ctConfig });
    // Init writes every key whatever the roles, the root key among them.
    assert.deepEqual(statuses(checks), [[`key ${ROOT_KEY}`, 'warn']], formatDoctorReport(checks));
    assert.match(find(checks, 'config').message, /roles ct$/);
    assert.equal(
      find(checks, 'trusted root tlogs').message,
      'tlogs is empty, as the config does not run the tlog role',
    );
    assert.match(find(checks, 'trusted root ctlogs').message, /^ctlogs\[0\] is keys\/ct\.key\.pem/);
    assert.match(
      find(checks, 'trusted root certificateAuthorities').message,
      /^certificateAuthorities is empty/,
    );
    assert.match(find(checks, 'trusted root certificates').message, /^none served/);
    assert.match(
      find(checks, 'signing config').message,
      /no caUrls \(no ca role\); no rekorTlogUrls \(no tlog role\); no tsaUrls \(no tsa role\)$/,
    );
    assert.equal(
      checks.some((c) => c.name === 'ct.publicKey' || c.name.startsWith('CT log')),
      false,
    );
  });

  it('reports the CA that submits to it all ok, and checks the CT log live', async () => {
    const checks = await runDoctor({ config: caConfig });
    assert.deepEqual(statuses(checks), [[`key ${ROOT_KEY}`, 'warn']], formatDoctorReport(checks));
    assert.ok(
      find(checks, 'config').message.endsWith(
        `roles ca, tlog, tsa; precertificates go to the CT log at ${ct.url}`,
      ),
    );
    assert.ok(
      find(checks, 'ct.publicKey').message.startsWith(`${ctKeyPath}: PKIX_ECDSA_P256_SHA_256 key`),
    );
    const live = find(checks, `CT log ${ct.url}`).message;
    assert.ok(
      live.startsWith(
        `${ct.url}/ct/v1/get-roots lists keys/root-ca.crt.pem among 2 accepted roots`,
      ),
      live,
    );
    assert.match(live, /; tree size \d+, checkpoint signed by ct\.publicKey$/);
    const ctlogs = find(checks, 'trusted root ctlogs').message;
    assert.ok(ctlogs.startsWith(`ctlogs[0] is ct.publicKey ${ctKeyPath} (logId `), ctlogs);
    assert.match(find(checks, 'trusted root tlogs').message, /^tlogs\[0\] is keys\/log\.key\.pem/);
    assert.match(find(checks, 'signing config').message, /caUrls .*; rekorTlogUrls .*; tsaUrls /);
  });

  it("fails the CA's checks when ct.publicKey or ct.url is not the CT log's, or the key cannot be read", async () => {
    const otherPath = join(keyDir, 'other.pub.pem');
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(otherPath, toPem('PUBLIC KEY', spkiOf(publicKey)));
    const other = await runDoctor({
      config: { ...caConfig, ct: { ...caConfig.ct, publicKey: otherPath } },
    });
    assert.deepEqual(
      statuses(other),
      [
        [`key ${ROOT_KEY}`, 'warn'],
        [`CT log ${ct.url}`, 'fail'],
        ['trusted root ctlogs', 'fail'],
      ],
      formatDoctorReport(other),
    );
    const ctlogs = find(other, 'trusted root ctlogs').message;
    assert.ok(
      ctlogs.includes(`(the log ID of ct.publicKey ${otherPath}); served "`) &&
        ctlogs.includes('the running service was started with another CT log key'),
      ctlogs,
    );
    assert.ok(
      find(other, `CT log ${ct.url}`).message.includes(
        `${ct.url}/ct/checkpoint does not verify with ct.publicKey ${otherPath}`,
      ),
    );
    assert.equal(doctorExitCode(other), 1);

    // Another URL for the same key: the trust root names the log where clients find it.
    const moved = await runDoctor({
      config: { ...caConfig, ct: { ...caConfig.ct, url: `${ct.url}/log` } },
    });
    assert.equal(find(moved, 'trusted root ctlogs').status, 'fail');
    assert.ok(
      find(moved, 'trusted root ctlogs').message.includes(
        `ctlogs[0].baseUrl is ${JSON.stringify(ct.url)}, not ${JSON.stringify(`${ct.url}/log`)}`,
      ),
    );
    assert.ok(
      find(moved, `CT log ${ct.url}/log`).message.startsWith(
        `${ct.url}/log/ct/v1/get-roots answered HTTP 404`,
      ),
    );

    const missing = join(keyDir, 'missing.pem');
    const unread = await runDoctor({
      config: { ...caConfig, ct: { ...caConfig.ct, publicKey: missing } },
    });
    assert.deepEqual(statuses(unread), [
      [`key ${ROOT_KEY}`, 'warn'],
      ['ct.publicKey', 'fail'],
      ['trusted root ctlogs', 'warn'],
    ]);
    assert.equal(
      find(unread, 'ct.publicKey').message,
      `cannot read CT log public key ${missing}: ENOENT; the service cannot start without it`,
    );
    assert.match(find(unread, 'trusted root ctlogs').message, /not compared with ct\.publicKey/);
    assert.match(find(unread, `CT log ${ct.url}`).message, /tree size \d+ \(signature not checked/);
    assert.equal(doctorExitCode(unread), 1);

    await writeFile(otherPath, 'not a key\n');
    const garbled = find(
      await runDoctor({ config: { ...caConfig, ct: { ...caConfig.ct, publicKey: otherPath } } }),
      'ct.publicKey',
    );
    assert.equal(garbled.status, 'fail');
    assert.ok(
      garbled.message.startsWith(`${otherPath} is not a PEM public key: `),
      garbled.message,
    );
  });

  it("fails the CA's CT log check when the log is down or does not accept the CA's root", async () => {
    await ct.close();
    try {
      const down = await runDoctor({ config: caConfig });
      assert.deepEqual(
        statuses(down),
        [
          [`key ${ROOT_KEY}`, 'warn'],
          [`CT log ${ct.url}`, 'fail'],
        ],
        formatDoctorReport(down),
      );
      const unreachable = find(down, `CT log ${ct.url}`).message;
      assert.ok(unreachable.startsWith(`cannot reach ${ct.url}/ct/v1/get-roots: `), unreachable);
      assert.match(unreachable, /ECONNREFUSED/);

      ct = await startCt([]);
      const refused = await runDoctor({ config: caConfig });
      assert.deepEqual(statuses(refused), [
        [`key ${ROOT_KEY}`, 'warn'],
        [`CT log ${ct.url}`, 'fail'],
      ]);
      const roots = find(refused, `CT log ${ct.url}`).message;
      assert.ok(
        roots.startsWith(
          `${ct.url}/ct/v1/get-roots does not list keys/root-ca.crt.pem among its 1 accepted roots`,
        ),
        roots,
      );
      assert.match(roots, /add the root to the CT log's ct\.acceptedRoots/);
      assert.equal(doctorExitCode(refused), 1);
    } finally {
      await ct.close();
      ct = await startCt([caRoot()]);
    }
  });

  it('fails lists served for roles the config does not run, and missing ones for roles it runs', async () => {
    // The four-role service checked as if it ran the CT log alone.
    const asCtOnly = await runDoctor({ config: { ...config, roles: ['ct'] } });
    assert.deepEqual(statuses(asCtOnly), [
      ['trusted root tlogs', 'fail'],
      ['trusted root certificateAuthorities', 'fail'],
      ['trusted root timestampAuthorities', 'fail'],
      ['signing config', 'fail'],
    ]);
    assert.match(
      find(asCtOnly, 'trusted root tlogs').message,
      /^tlogs has 2 entries, but the config does not run the tlog role \(roles: ct\): is the service running with another config\?$/,
    );
    assert.match(
      find(asCtOnly, 'signing config').message,
      /caUrls has 1 entry, but the config does not run the ca role .*; rekorTlogUrls has 2 entries, .*; tsaUrls has 1 entry, /,
    );

    // The CT log alone checked as if it ran every role.
    const asAll = await runDoctor({ config: { ...ctConfig, roles: ['ca', 'ct', 'tlog', 'tsa'] } });
    assert.deepEqual(statuses(asAll), [
      [`key ${ROOT_KEY}`, 'warn'],
      ['trusted root tlogs', 'fail'],
      ['trusted root certificateAuthorities', 'fail'],
      ['trusted root timestampAuthorities', 'fail'],
      ['trusted root certificates', 'fail'],
      ['signing config', 'fail'],
    ]);
    assert.equal(find(asAll, 'trusted root tlogs').message, 'tlogs is missing or empty');
    assert.match(find(asAll, 'signing config').message, /^caUrls is missing or empty; /);
  });
});
