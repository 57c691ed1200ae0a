import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../server/config.js';
import { checkServedTuf, checkTufRepository } from '../../server/doctor/tuf.js';
import { type TestService, freePort, startTestService, tempDir } from '../helpers/server.js';
import { type TufClient, tufClient } from '../helpers/tuf.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * The repository through key changes, as operators make them: `signet-server rotate` and the
 * `signet-server tuf` ceremony commands run between service restarts, and a tuf-js client that
 * started from 1.root.json keeps up with each (or is refused while the targets are stale).
 */

const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, [join(repoRoot(), 'bin', 'signet-server.js'), ...args], {
    encoding: 'utf8',
  });
/** The command's failure: exit status and what it wrote to stderr. */
const cliFails = async (args: string[]): Promise<{ code: number; stderr: string }> => {
  try {
    await cli(args);
  } catch (error) {
    const { code, stderr } = error as { code: number; stderr: string };
    return { code, stderr };
  }
  assert.fail(`signet-server ${args.join(' ')} succeeded`);
};

let dataDir: string;
let keysDir: string;
let port: number;
let service: TestService | undefined;
let client: TufClient;

const start = async (): Promise<TestService> => {
  service = await startTestService({
    dataDir,
    listen: `127.0.0.1:${port}`,
    publicUrl: `http://127.0.0.1:${port}`,
  });
  return service;
};
const stop = async (): Promise<void> => {
  await service?.close();
  service = undefined;
};
const served = async (path: string): Promise<Buffer> =>
  Buffer.from(await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer());
const mirror = (): string => `http://127.0.0.1:${port}/tuf`;

before(async () => {
  dataDir = await tempDir();
  keysDir = await tempDir('signet-tuf-keys-');
  port = await freePort();
  await start();
  client = await tufClient(mirror(), await readFile(join(dataDir, 'tuf', '1.root.json')));
  assert.deepEqual(await client.target('trusted_root.json'), await served('/trusted_root.json'));
});
after(async () => {
  await stop();
  await Promise.all(
    [dataDir, keysDir, client.dir].map((d) => rm(d, { recursive: true, force: true })),
  );
});

describe('TUF through rotations and ceremonies', () => {
  it('publishes new targets after a rotate when the targets key is here', async () => {
    const before = await client.target('trusted_root.json');
    await stop();
    await cli(['rotate', 'log', '--data-dir', dataDir]);
    await start();
    const after = await client.target('trusted_root.json');
    assert.notDeepEqual(after, before);
    assert.deepEqual(after, await served('/trusted_root.json'));
  });

  it('withholds stale targets while the targets key is offline, until it signs them', async () => {
    const offline = join(keysDir, 'targets.key.pem');
    await rename(join(dataDir, 'keys', 'tuf-targets.key.pem'), offline);
    await stop();
    await cli(['rotate', 'ct', '--data-dir', dataDir]);
    await start();
    const timestamp = await fetch(`${mirror()}/timestamp.json`);
    assert.equal(timestamp.status, 503);
    assert.match(await timestamp.text(), /signet-server tuf targets sign --data-dir/);
    assert.equal((await fetch(`${mirror()}/1.root.json`)).status, 200);
    await assert.rejects(client.target('trusted_root.json'));
    const status = await cli(['tuf', 'status', '--data-dir', dataDir, '--json']);
    assert.equal((JSON.parse(status.stdout) as { targetsCurrent: boolean }).targetsCurrent, false);
    const config = await loadConfig(undefined, { dataDir, publicUrl: `http://127.0.0.1:${port}` });
    const [repository] = await checkTufRepository(config, new Date());
    assert.equal(repository?.status, 'fail');
    assert.match(repository?.message ?? '', /targets do not match .*tuf targets sign/);
    const [servedCheck] = await checkServedTuf(config, `http://127.0.0.1:${port}`, 5000);
    assert.equal(servedCheck?.status, 'fail');
    assert.match(servedCheck?.message ?? '', /503/);

    await stop();
    const signed = await cli(['tuf', 'targets', 'sign', '--data-dir', dataDir, '--key', offline]);
    assert.match(signed.stdout, /Signed and published TUF targets version \d+/);
    await start();
    assert.deepEqual(await client.target('trusted_root.json'), await served('/trusted_root.json'));
    const [fixed] = await checkTufRepository(config, new Date());
    assert.equal(fixed?.status, 'ok', fixed?.message);
    assert.equal((await checkServedTuf(config, `http://127.0.0.1:${port}`, 5000))[0]?.status, 'ok');
  });

  it('flags metadata near or past expiry before clients fail', async () => {
    const config = await loadConfig(undefined, { dataDir, publicUrl: `http://127.0.0.1:${port}` });
    const report = JSON.parse(
      (await cli(['tuf', 'status', '--data-dir', dataDir, '--json'])).stdout,
    ) as {
      rootExpires: string;
      timestamp: { expires: string };
    };
    const at = (iso: string, days: number): Date => new Date(Date.parse(iso) + days * 86_400_000);
    const [soon] = await checkTufRepository(config, at(report.rootExpires, -10));
    assert.match(soon?.message ?? '', /root version \d+ expires at .*within 30 days/);
    const [late] = await checkTufRepository(config, at(report.timestamp.expires, 0.001));
    assert.equal(late?.status, 'fail');
    assert.match(late?.message ?? '', /timestamp version \d+ expired at/);
  });

  it('follows a root rotation signed by the old and the new root keys', async () => {
    const newRoot = join(keysDir, 'root2.key.pem');
    const made = await cli(['tuf', 'keygen', '--out', newRoot]);
    assert.match(made.stdout, /key id [0-9a-f]{64}/);
    assert.match((await cliFails(['tuf', 'keygen', '--out', newRoot])).stderr, /never replaced/);
    const oldRoot = join(dataDir, 'keys', 'tuf-root.key.pem');
    const status = JSON.parse(
      (await cli(['tuf', 'status', '--data-dir', dataDir, '--json'])).stdout,
    ) as {
      rootKeyIds: string[];
    };
    await stop();
    const swap = [
      'tuf',
      'root',
      'sign',
      '--data-dir',
      dataDir,
      '--add-root-key',
      `${newRoot}.pub`,
      '--remove-root-key',
      status.rootKeyIds[0] as string,
    ];
    // The new root alone is not enough: version 1's threshold must sign too.
    const refused = await cliFails([...swap, '--key', newRoot]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /previous root/);
    // A key the root does not list is named.
    const stranger = join(keysDir, 'stranger.key.pem');
    await cli(['tuf', 'keygen', '--out', stranger]);
    assert.match(
      (await cliFails([...swap, '--key', oldRoot, '--key', stranger])).stderr,
      /is not a root key/,
    );

    const wrote = await cli([...swap, '--key', oldRoot, '--key', newRoot]);
    assert.match(wrote.stdout, /2\.root\.json: 1 of 1 root keys/);
    await start();
    assert.deepEqual(await client.target('trusted_root.json'), await served('/trusted_root.json'));
    const trusted = JSON.parse(await readFile(join(client.dir, 'root.json'), 'utf8')) as {
      signed: { version: number };
    };
    assert.equal(trusted.signed.version, 2);
  });

  it('follows a new online key: the next start re-signs snapshot and timestamp with it', async () => {
    const rootKey = join(keysDir, 'root2.key.pem');
    const online = join(keysDir, 'online2.key.pem');
    await cli(['tuf', 'keygen', '--out', online]);
    const timestampBefore = JSON.parse((await served('/tuf/timestamp.json')).toString()) as {
      signed: { version: number };
    };
    await stop();
    const wrote = await cli([
      ...['tuf', 'root', 'sign', '--data-dir', dataDir, '--key', rootKey],
      ...['--online-key', `${online}.pub`],
    ]);
    assert.match(wrote.stdout, /3\.root\.json/);
    await rm(join(dataDir, 'keys', 'tuf-online.key.pem'));
    await rename(online, join(dataDir, 'keys', 'tuf-online.key.pem'));
    await start();
    assert.deepEqual(await client.target('trusted_root.json'), await served('/trusted_root.json'));
    const timestamp = JSON.parse((await served('/tuf/timestamp.json')).toString()) as {
      signed: { version: number };
    };
    // A new version above every one a client saw, signed by the new key.
    assert.ok(timestamp.signed.version > timestampBefore.signed.version);
    const trusted = JSON.parse(await readFile(join(client.dir, 'root.json'), 'utf8')) as {
      signed: { version: number };
    };
    assert.equal(trusted.signed.version, 3);
  });

  it('exports a repository a client reads from a static copy', async () => {
    const out = await tempDir('signet-tuf-export-');
    try {
      const exported = await cli(['tuf', 'export', out, '--data-dir', dataDir]);
      assert.match(exported.stdout, /Exported \d+ files/);
      assert.deepEqual(
        await readFile(join(out, '3.root.json')),
        await readFile(join(dataDir, 'tuf', '3.root.json')),
      );
      assert.deepEqual(
        await readFile(join(out, 'timestamp.json')),
        await served('/tuf/timestamp.json'),
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('collects root signatures in turns, from key holders on other machines', async () => {
    const [k3, k4] = [join(keysDir, 'k3.key.pem'), join(keysDir, 'k4.key.pem')];
    await cli(['tuf', 'keygen', '--out', k3]);
    await cli(['tuf', 'keygen', '--out', k4]);
    const draft = join(keysDir, 'draft-root.json');
    await stop();
    const first = await cli([
      ...['tuf', 'root', 'sign', '--data-dir', dataDir, '--key', join(keysDir, 'root2.key.pem')],
      ...['--add-root-key', `${k3}.pub`, '--add-root-key', `${k4}.pub`, '--threshold', '2'],
      ...['--out', draft],
    ]);
    assert.match(first.stdout, /Root version 4 is not complete yet: .*signed by 1\/2 keys/);
    assert.equal((await fetchStatus()).rootVersion, 3);
    const second = await cli([
      'tuf',
      'root',
      'sign',
      '--data-dir',
      dataDir,
      '--draft',
      draft,
      '--key',
      k3,
    ]);
    assert.match(second.stdout, /4\.root\.json: 2 of 3 root keys/);
    await start();
    assert.deepEqual(await client.target('trusted_root.json'), await served('/trusted_root.json'));
    const trusted = JSON.parse(await readFile(join(client.dir, 'root.json'), 'utf8')) as {
      signed: { version: number };
    };
    assert.equal(trusted.signed.version, 4);
  });
});

describe('a --dev service with its targets key offline', () => {
  it('serves the targets tuf targets sign made from a config that runs the dev issuer', async () => {
    const devData = await tempDir();
    const devKeys = await tempDir('signet-tuf-keys-');
    const devPort = await freePort();
    const url = `http://127.0.0.1:${devPort}`;
    const settings = { dataDir: devData, listen: `127.0.0.1:${devPort}`, publicUrl: url };
    const configFile = join(devKeys, 'signet.yaml');
    await writeFile(configFile, `devIssuer: true\npublicUrl: ${url}\n`);
    let dev: TestService | undefined;
    const restart = async (): Promise<void> => {
      await dev?.close();
      dev = await startTestService({ ...settings, devIssuer: true });
    };
    const halt = async (): Promise<void> => {
      await dev?.close();
      dev = undefined;
    };
    await restart();
    try {
      const offline = join(devKeys, 'targets.key.pem');
      await rename(join(devData, 'keys', 'tuf-targets.key.pem'), offline);
      await halt();
      await cli(['rotate', 'log', '--data-dir', devData]);
      await restart();
      assert.equal((await fetch(`${url}/tuf/timestamp.json`)).status, 503);
      await halt();
      await cli([
        'tuf',
        'targets',
        'sign',
        '--config',
        configFile,
        '--data-dir',
        devData,
        '--key',
        offline,
      ]);
      await restart();
      // The signing config names the dev issuer: the signed targets match what serve builds.
      assert.equal((await fetch(`${url}/tuf/timestamp.json`)).status, 200);
      const devClient = await tufClient(
        `${url}/tuf`,
        await readFile(join(devData, 'tuf', '1.root.json')),
      );
      const config = Buffer.from(await (await fetch(`${url}/signing_config.json`)).arrayBuffer());
      assert.match(config.toString(), /\/dev-oidc/);
      assert.deepEqual(await devClient.target('signing_config.v0.2.json'), config);
      await rm(devClient.dir, { recursive: true, force: true });
    } finally {
      await halt();
      await Promise.all([devData, devKeys].map((d) => rm(d, { recursive: true, force: true })));
    }
  });
});

describe('init publishes the TUF repository', () => {
  it('with targets, snapshot and timestamp that the first start finds current', async () => {
    const dir = await tempDir();
    const at = await freePort();
    const url = `http://127.0.0.1:${at}`;
    let started: TestService | undefined;
    try {
      const init = await cli(['init', '--data-dir', dir, '--public-url', url]);
      assert.match(init.stdout, new RegExp(`TUF repository: mirror URL ${url}/tuf, first root`));
      type Status = { targetsCurrent: boolean; targets: { version: number }; timestamp: object };
      const status = async (): Promise<Status> =>
        JSON.parse((await cli(['tuf', 'status', '--data-dir', dir, '--json'])).stdout) as Status;
      const before = await status();
      assert.equal(before.targetsCurrent, true);
      assert.equal(before.targets.version, 1);
      assert.ok(before.timestamp);
      started = await startTestService({ dataDir: dir, listen: `127.0.0.1:${at}`, publicUrl: url });
      assert.equal((await status()).targets.version, 1);
      assert.deepEqual(
        await readFile(join(dir, 'tuf', `targets`, (await readdirNames(dir))[0] as string)),
        Buffer.from(await (await fetch(`${url}/trusted_root.json`)).arrayBuffer()),
      );
    } finally {
      await started?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** The trusted_root.json target files in a data directory's repository. */
const readdirNames = async (dir: string): Promise<string[]> =>
  (await readdir(join(dir, 'tuf', 'targets'))).filter((name) =>
    name.endsWith('.trusted_root.json'),
  );

const fetchStatus = async (): Promise<{ rootVersion: number }> =>
  JSON.parse((await cli(['tuf', 'status', '--data-dir', dataDir, '--json'])).stdout) as {
    rootVersion: number;
  };
