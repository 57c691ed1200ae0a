import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type ServerConfig, SERVER_DEFAULTS, loadConfig } from '../../server/config.js';
import { formatDoctorReport, runDoctor } from '../../server/doctor.js';
import { createLogger } from '../../server/logger.js';
import { type RunningService, startService } from '../../server/service.js';
import pg from 'pg';
import {
  PostgresTufStore,
  SCHEMA_VERSION,
  openPostgres,
} from '../../server/storage/postgres/index.js';
import { migrateSchema } from '../../server/storage/postgres/schema.js';
import { SIGNING_CONFIG_FILE, TRUSTED_ROOT_FILE } from '../../server/trust-material.js';
import { isRepositoryFile } from '../../src/tuf/repository.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { freePort, tempDir } from '../helpers/server.js';
import { memoryTufStorage, newTufRepository, tufClient } from '../helpers/tuf.js';
import { missingPostgres } from '../helpers/tools.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * One TUF repository for every replica on PostgreSQL: init writes it into the database, two
 * services on that database (each its own data directory, as pods have) serve the same bytes
 * for every file, re-sign the timestamp once per version between them, and the real tuf-js
 * client refreshing against one then the other follows without a rollback; a replica's export
 * folder follows the other's re-signs too. The tuf commands (targets sign, status, export) work
 * on the database, and both replicas serve what they wrote without a restart. A database of
 * schema 3 takes the data directory's repository as it is at init; a replica whose first root
 * is another instance's is refused.
 */

const run = promisify(execFile);
const bin = join(repoRoot(), 'bin', 'signet-server.js');

/** Half-life re-signing every ~2.2 s: several timestamp versions within the test. */
const TIMESTAMP_DAYS = 0.00005;

interface Replica {
  service: RunningService;
  dataDir: string;
  get(name: string): Promise<{ status: number; body: Buffer }>;
}

const versionOf = (data: Buffer): number =>
  (JSON.parse(data.toString()) as { signed: { version: number } }).signed.version;

/** The version of `role` that `data` (a timestamp or a snapshot) names. */
const namedVersion = (data: Buffer, role: string): number => {
  const meta = (
    JSON.parse(data.toString()) as { signed: { meta: Record<string, { version: number }> } }
  ).signed.meta[role];
  assert.ok(meta, `no ${role} in ${data.toString()}`);
  return meta.version;
};

/** Timestamp, snapshot and targets of the chain the timestamp names, as `replica` serves them now. */
async function chain(replica: Replica): Promise<Buffer[]> {
  const timestamp = await replica.get('timestamp.json');
  assert.equal(timestamp.status, 200);
  const snapshot = await replica.get(
    `${namedVersion(timestamp.body, 'snapshot.json')}.snapshot.json`,
  );
  const targets = await replica.get(`${namedVersion(snapshot.body, 'targets.json')}.targets.json`);
  return [timestamp.body, snapshot.body, targets.body];
}

/** Waits, within a bound, until `replica` serves a timestamp newer than `version`. */
async function untilTimestampAfter(replica: Replica, version: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (versionOf((await replica.get('timestamp.json')).body) <= version) {
    assert.ok(Date.now() < deadline, `no timestamp after version ${version} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('one TUF repository for the replicas on PostgreSQL', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  let url: string;
  let operatorDir: string;
  /** The operator's configuration file: the replicas' TUF validity, no storage. */
  let config: string;
  let publicUrl: string;
  const dirs: string[] = [];
  const replicas: Replica[] = [];
  let a: Replica;
  let b: Replica;

  /**
   * A pod's data directory: what the Kubernetes Secrets mount, copied from the init's; the
   * first root too unless `withRoot` is false (the database holds it).
   */
  const podDir = async (withRoot = true): Promise<string> => {
    const dir = await tempDir('signet-pod-');
    dirs.push(dir);
    await cp(join(operatorDir, 'keys'), join(dir, 'keys'), { recursive: true });
    await cp(join(operatorDir, 'signet.json'), join(dir, 'signet.json'));
    if (withRoot) {
      await mkdir(join(dir, 'tuf'));
      await cp(join(operatorDir, 'tuf', '1.root.json'), join(dir, 'tuf', '1.root.json'));
    }
    return dir;
  };

  const replica = async (
    dataDir: string,
    exportDir?: string,
    more: Partial<ServerConfig> = {},
  ): Promise<Replica> => {
    const port = await freePort();
    const config: ServerConfig = await loadConfig(undefined, {
      dataDir,
      storage: url,
      listen: `127.0.0.1:${port}`,
      publicUrl,
      logLevel: 'error',
      verifyWorkers: 1,
      tuf: { ...SERVER_DEFAULTS.tuf, timestampDays: TIMESTAMP_DAYS, exportDir },
      ...more,
    });
    const service = await startService(
      config,
      createLogger(config.logLevel, () => {}),
    );
    const started: Replica = {
      service,
      dataDir,
      async get(name) {
        const response = await fetch(`${service.url}/tuf/${name}`);
        return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
      },
    };
    replicas.push(started);
    return started;
  };

  const storedNames = async (): Promise<string[]> => {
    const db = openPostgres(url);
    try {
      const { rows } = await db.query<{ name: string }>({
        text: 'SELECT name FROM signet_tuf_files ORDER BY name',
      });
      return rows.map((row) => row.name);
    } finally {
      await db.close();
    }
  };

  const storedFile = async (name: string): Promise<Buffer | undefined> => {
    const db = openPostgres(url);
    try {
      const { rows } = await db.query<{ data: Buffer }>({
        text: 'SELECT data FROM signet_tuf_files WHERE name = $1',
        values: [name],
      });
      return rows[0]?.data;
    } finally {
      await db.close();
    }
  };

  before(async () => {
    cluster = await startPostgres();
    url = await cluster.database();
    operatorDir = await tempDir('signet-operator-');
    dirs.push(operatorDir);
    publicUrl = `http://127.0.0.1:${await freePort()}`;
    // The replicas re-sign at half the validity init signed with: the same setting for both.
    config = join(operatorDir, 'config.json');
    await writeFile(config, JSON.stringify({ tuf: { timestampDays: TIMESTAMP_DAYS } }));
    await run(process.execPath, [
      bin,
      'init',
      '--config',
      config,
      '--data-dir',
      operatorDir,
      '--storage',
      url,
      '--public-url',
      publicUrl,
    ]);
  });
  after(async () => {
    for (const { service } of replicas) await service.close();
    await cluster?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('init publishes the repository into the database', async () => {
    const names = await storedNames();
    for (const name of ['1.root.json', '1.targets.json', '1.snapshot.json', 'timestamp.json']) {
      assert.ok(names.includes(name), `${name} is not in the database: ${names.join(' ')}`);
    }
    assert.deepEqual(
      await readFile(join(operatorDir, 'tuf', '1.root.json')),
      await storedFile('1.root.json'),
    );
  });

  it('two replicas serve the same bytes, and tuf-js follows re-signs across them', async () => {
    // b has the keys only: it makes no first root of its own, and serves the database's. It
    // also keeps a copy for a static host, which follows a's re-signs as well as its own.
    const exportDir = join(operatorDir, 'static');
    [a, b] = [await replica(await podDir()), await replica(await podDir(false), exportDir)];
    assert.equal(existsSync(join(b.dataDir, 'tuf', '1.root.json')), false);
    for (const file of [TRUSTED_ROOT_FILE, SIGNING_CONFIG_FILE]) {
      assert.deepEqual(
        await readFile(join(a.dataDir, file)),
        await readFile(join(b.dataDir, file)),
        `${file} differs between the replicas`,
      );
    }
    // Neither start signed targets of its own: init's version 1 is the one they share.
    assert.deepEqual(
      (await storedNames()).filter((name) => name.endsWith('.targets.json')),
      ['1.targets.json'],
    );

    const firstRoot = await readFile(join(operatorDir, 'tuf', '1.root.json'));
    const client = await tufClient(`${a.service.url}/tuf`, firstRoot);
    dirs.push(client.dir);
    const trustedRoot = await readFile(join(a.dataDir, TRUSTED_ROOT_FILE));
    const seen: number[] = [];
    for (let round = 0; seen.length < 4; round++) {
      const [here, there] = round % 2 === 0 ? [a, b] : [b, a];
      // The same chain on both: read here, there, here; a re-sign between the reads shows as
      // two different reads here, and the round is read again.
      let same: Buffer[] | undefined;
      while (same === undefined) {
        const first = await chain(here);
        const other = await chain(there);
        if (!first[0]!.equals((await chain(here))[0]!)) continue;
        assert.deepEqual(other, first, 'the replicas serve different metadata');
        same = first;
      }
      // One client, its metadata kept between refreshes, each time from the other replica.
      assert.deepEqual(
        await client.target('trusted_root.json', `${here.service.url}/tuf`),
        trustedRoot,
      );
      const version = versionOf(await readFile(join(client.dir, 'timestamp.json')));
      assert.ok(
        seen.every((earlier) => earlier <= version),
        `timestamp ${version} after ${seen.join(', ')}`,
      );
      if (!seen.includes(version)) seen.push(version);
      await untilTimestampAfter(there, version);
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const stored = await storedFile('timestamp.json');
      const copied = await readFile(join(exportDir, 'timestamp.json'));
      if (copied.equals(stored!)) break;
      assert.ok(Date.now() < deadline, 'the export folder does not follow the database');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const copied = await readFile(join(exportDir, 'timestamp.json'));
    assert.ok(versionOf(copied) > seen[0]!, 'the export folder kept the first timestamp');
    const snapshot = namedVersion(copied, 'snapshot.json');
    assert.deepEqual(
      await readFile(join(exportDir, `${snapshot}.snapshot.json`)),
      await storedFile(`${snapshot}.snapshot.json`),
    );
  });

  it('the tuf commands work on the database: targets sign reaches both replicas, export, status', async () => {
    const tuf = (...args: string[]) =>
      run(process.execPath, [
        bin,
        'tuf',
        ...args,
        '--data-dir',
        operatorDir,
        '--config',
        config,
        '--storage',
        url,
      ]);
    const signed = await tuf(
      'targets',
      'sign',
      '--key',
      join(operatorDir, 'keys', 'tuf-targets.key.pem'),
    );
    assert.match(signed.stdout, /Signed and published TUF targets version 2/);
    // No restart: both replicas serve what the database holds.
    for (const replica of [a, b]) {
      const [, snapshot] = await chain(replica);
      assert.equal(namedVersion(snapshot!, 'targets.json'), 2);
    }
    assert.deepEqual(await chain(a), await chain(b));

    const status = await tuf('status', '--json');
    const report = JSON.parse(status.stdout) as { where: string; targets: { version: number } };
    assert.match(report.where, /^the database postgres:\/\/postgres@127\.0\.0\.1:\d+\//);
    assert.equal(report.targets.version, 2);
    // doctor reads the repository in the database too: the data directory holds no targets.
    const checks = await runDoctor({
      config: await loadConfig(config, { dataDir: operatorDir, storage: url, publicUrl }),
      url: a.service.url,
      fetchTimeoutMs: 2000,
    });
    const check = (name: string) => checks.find((c) => c.name === name);
    assert.notEqual(check('tuf repository')?.status, 'fail', formatDoctorReport(checks));
    assert.equal(check('tuf targets')?.status, 'ok', formatDoctorReport(checks));

    const out = join(operatorDir, 'export');
    await tuf('export', out);
    for (const name of ['1.root.json', '2.targets.json', 'timestamp.json']) {
      const exported = await readFile(join(out, name));
      if (name === 'timestamp.json') {
        // A replica may have re-signed since: never older than what was exported.
        assert.ok(versionOf((await a.get(name)).body) >= versionOf(exported));
      } else {
        assert.deepEqual(exported, await storedFile(name));
      }
    }
  });

  it('a replica with other trust material and no targets key withholds, until tuf targets sign', async () => {
    // A rolling change of configuration (a role fewer) reaches this replica first.
    const roles = SERVER_DEFAULTS.roles.filter((role) => role !== 'tsa');
    const dir = await podDir();
    await rm(join(dir, 'keys', 'tuf-targets.key.pem'));
    const c = await replica(dir, undefined, { roles });
    const withheld = await c.get('timestamp.json');
    assert.equal(withheld.status, 503);
    assert.match(
      withheld.body.toString(),
      /the TUF targets do not match the live trust material .* run: signet-server tuf targets sign --data-dir DATA-DIR --storage URL --key TARGETS-KEY/,
    );
    assert.equal((await c.get('1.root.json')).status, 200);

    const changed = join(operatorDir, 'roles.json');
    await writeFile(changed, JSON.stringify({ roles, tuf: { timestampDays: TIMESTAMP_DAYS } }));
    const signed = await run(process.execPath, [
      bin,
      'tuf',
      'targets',
      'sign',
      '--data-dir',
      operatorDir,
      '--config',
      changed,
      '--storage',
      url,
      '--key',
      join(operatorDir, 'keys', 'tuf-targets.key.pem'),
    ]);
    assert.match(signed.stdout, /Signed and published TUF targets version 3/);
    // No restart: c finds the targets it needs in the database and serves them.
    const deadline = Date.now() + 30_000;
    while ((await c.get('timestamp.json')).status !== 200) {
      assert.ok(Date.now() < deadline, 'the replica still withholds the repository');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const client = await tufClient(
      `${c.service.url}/tuf`,
      await readFile(join(dir, 'tuf', '1.root.json')),
    );
    dirs.push(client.dir);
    assert.deepEqual(
      await client.target('trusted_root.json'),
      await readFile(join(dir, TRUSTED_ROOT_FILE)),
    );
  });

  it('a database of schema 3 takes the repository of the data directory init runs from, as it is', async () => {
    // An instance that served from its data directory, then moves to a database of schema 3.
    const dir = await tempDir('signet-upgrade-');
    dirs.push(dir);
    await run(process.execPath, [bin, 'init', '--data-dir', dir, '--public-url', publicUrl]);
    const local = await readdir(join(dir, 'tuf'), { recursive: true });
    const older = await cluster.database();
    const client = new pg.Client({ connectionString: older });
    await client.connect();
    try {
      await migrateSchema(client, 3);
    } finally {
      await client.end();
    }
    await run(process.execPath, [
      bin,
      'init',
      '--data-dir',
      dir,
      '--storage',
      older,
      '--public-url',
      publicUrl,
    ]);
    const db = openPostgres(older);
    try {
      assert.equal(await db.schemaVersion(), SCHEMA_VERSION);
      const store = new PostgresTufStore(db, 'the upgraded database');
      const names = (await store.list()).sort();
      assert.deepEqual(names, local.filter((name) => isRepositoryFile(name)).sort());
      // The same files, so a client that followed the data directory sees no rollback.
      for (const name of names) {
        assert.deepEqual(await store.read(name), await readFile(join(dir, 'tuf', name)), name);
      }
    } finally {
      await db.close();
    }
  });

  it('refuses a replica whose first TUF root is another instance', async () => {
    const dir = await podDir();
    const other = memoryTufStorage();
    await newTufRepository(other, new Date());
    await writeFile(join(dir, 'tuf', '1.root.json'), other.files.get('1.root.json')!);
    await assert.rejects(replica(dir), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'STORAGE_MISMATCH');
      assert.match(error.message, /1\.root\.json is not the first TUF root/);
      return true;
    });
  });
});
