import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type ServerConfig, loadConfig } from '../../server/config.js';
import { runDoctor, formatDoctorReport } from '../../server/doctor.js';
import { createLogger } from '../../server/logger.js';
import { type RunningService, startService } from '../../server/service.js';
import { SCHEMA_VERSION, openPostgres } from '../../server/storage/postgres/index.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { signWithDevIssuer, verifyWithSigstoreJs } from '../helpers/sigstore.js';
import { freePort, tempDir } from '../helpers/server.js';
import { missingPostgres } from '../helpers/tools.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * The operator's side of PostgreSQL storage, against a real throwaway cluster: init migrates and
 * records the instance, twice without creating anything, and refuses other keys; doctor checks
 * the database; /readyz follows the database down and back; a whole service on it signs for
 * sigstore-js. The cluster trusts every local login, so the URLs carry a password that is never
 * checked: it must never appear in what the commands print.
 */

const PASSWORD = 'pw-never-printed-7f3a';
const run = promisify(execFile);
const bin = join(repoRoot(), 'bin', 'signet-server.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function server(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A fresh database's URL, with a password the cluster ignores. */
async function database(cluster: PostgresCluster): Promise<string> {
  const url = new URL(await cluster.database());
  url.password = PASSWORD;
  return url.href;
}

/** Every file under `dir` with its content hash: what a second init must leave as it was. */
async function files(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return out;
}

/** The identity row init wrote. */
async function recorded(url: string): Promise<string | undefined> {
  const db = openPostgres(url);
  try {
    const { rows } = await db.query<{ data: Buffer }>({
      text: `SELECT data FROM signet_log_objects WHERE log = 'signet-instance'`,
    });
    return rows[0]?.data.toString('utf8');
  } finally {
    await db.close();
  }
}

/** Polls `url` until it answers `status` with a body `accept` takes, within a bound; the body. */
async function until(
  url: string,
  status: number,
  accept: (body: string) => boolean = () => true,
  boundMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const response = await fetch(url);
    const body = await response.text();
    if (response.status === status && accept(body)) return body;
    if (Date.now() > deadline) throw new Error(`${url} still answers ${response.status} ${body}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('PostgreSQL operations', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  const dirs: string[] = [];
  const dir = async (): Promise<string> => {
    const made = await tempDir();
    dirs.push(made);
    return made;
  };
  before(async () => {
    cluster = await startPostgres();
  });
  after(async () => {
    await cluster.stop();
    for (const made of dirs) await rm(made, { recursive: true, force: true });
  });

  it('init migrates and records once; a second init creates nothing and changes nothing', async () => {
    const url = await database(cluster);
    const dataDir = await dir();
    const init = (): Promise<Result> =>
      server(
        'init',
        '--data-dir',
        dataDir,
        '--storage',
        url,
        '--public-url',
        'http://127.0.0.1:8080',
      );
    const first = await init();
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /Recorded in the database postgres:\/\/postgres:\*\*\*\*@127\.0\.0\.1/,
    );
    const row = await recorded(url);
    assert.ok(row);
    const identity = JSON.parse(row) as { logs: Record<string, { origin: string }> };
    assert.deepEqual(
      Object.fromEntries(Object.entries(identity.logs).map(([name, log]) => [name, log.origin])),
      {
        tlog: '127.0.0.1',
        'rekor-v1': `127.0.0.1 - ${JSON.parse(await readFile(join(dataDir, 'signet.json'), 'utf8')).rekorV1TreeId}`,
        ct: '127.0.0.1/ct',
      },
    );
    const keys = await files(join(dataDir, 'keys'));
    const second = await init();
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(await files(join(dataDir, 'keys')), keys);
    assert.equal(await recorded(url), row);
    const db = openPostgres(url);
    try {
      const { rows } = await db.query<{ version: number }>({
        text: 'SELECT version FROM signet_schema_version',
      });
      assert.equal(rows.length, SCHEMA_VERSION, 'each migration recorded once');
    } finally {
      await db.close();
    }
    for (const out of [first, second]) assert.ok(!`${out.stdout}${out.stderr}`.includes(PASSWORD));
  });

  it('refuses keys other than the recorded ones, and creates none for an empty data directory', async () => {
    const url = await database(cluster);
    const owner = await dir();
    assert.equal((await server('init', '--data-dir', owner, '--storage', url)).code, 0);
    const row = await recorded(url);

    // Another instance's keys: every differing key is named, nothing is recorded over.
    const other = await dir();
    assert.equal((await server('init', '--data-dir', other)).code, 0);
    const refused = await server('init', '--data-dir', other, '--storage', url);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /are not the ones the database postgres:\/\/postgres:\*\*\*\*@/);
    assert.match(
      refused.stderr,
      /the transparency log's key in the database is sha256:[0-9a-f]{64}, keys\/log\.key\.pem here is sha256:[0-9a-f]{64}/,
    );
    assert.match(refused.stderr, /the tsa key in the database is/);
    assert.ok(!refused.stderr.includes(PASSWORD));
    assert.equal(await recorded(url), row);

    // An empty data directory (a Secret not mounted): no key is made, the missing one is named.
    const empty = await dir();
    const missing = await server('init', '--data-dir', empty, '--storage', url);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /is missing from .*keys, and the database .* records this instance already, so none is created/,
    );
    assert.deepEqual(await readdir(join(empty, 'keys')), []);

    // A data directory that has a log of its own would fork it into an empty database.
    const fresh = await database(cluster);
    const serving = await service({ dataDir: other, storage: 'data-dir' });
    await serving.close();
    const forked = await server('init', '--data-dir', other, '--storage', fresh);
    assert.equal(forked.code, 1);
    assert.match(forked.stderr, /holds published logs \(tlog, rekor-v1, ct\)/);
    assert.equal(await recorded(fresh), undefined);
  });

  it('doctor checks the schema, and the recorded keys against the data directory', async () => {
    const url = await database(cluster);
    const owner = await dir();
    assert.equal((await server('init', '--data-dir', owner, '--storage', url)).code, 0);
    const configFor = (dataDir: string, storage = url): Promise<ServerConfig> =>
      loadConfig(undefined, { dataDir, storage, listen: '127.0.0.1:1' });
    const checks = await runDoctor({ config: await configFor(owner), fetchTimeoutMs: 2000 });
    const named = (name: string) => checks.find((c) => c.name === name);
    assert.equal(named('storage')?.status, 'ok', formatDoctorReport(checks));
    assert.equal(named('storage instance')?.status, 'ok', formatDoctorReport(checks));
    assert.ok(!formatDoctorReport(checks).includes(PASSWORD));

    const other = await dir();
    assert.equal((await server('init', '--data-dir', other)).code, 0);
    const mismatch = await runDoctor({ config: await configFor(other), fetchTimeoutMs: 2000 });
    const instance = mismatch.find((c) => c.name === 'storage instance');
    assert.equal(instance?.status, 'fail');
    assert.match(instance?.message ?? '', /key in the database is sha256:/);

    // A database never initialised: no schema.
    const blank = await runDoctor({
      config: await configFor(owner, await database(cluster)),
      fetchTimeoutMs: 2000,
    });
    const storage = blank.find((c) => c.name === 'storage');
    assert.equal(storage?.status, 'fail');
    assert.match(
      storage?.message ?? '',
      /schema version 0 and this version needs \d+: run signet-server init/,
    );
  });

  it('/readyz answers 503 while the database is down and 200 once it is back; /healthz stays 200', async () => {
    const url = await database(cluster);
    let down = false;
    const running = await service({ dataDir: await dir(), storage: url }, { init: true });
    try {
      const base = running.url;
      // On shared storage a ready answer says which logs' checkpoints this replica signs.
      // The only replica takes every log's lease (at once or within a renewal interval).
      const holder = JSON.stringify({
        status: 'SERVING',
        leases: { tlog: 'holder', 'rekor-v1': 'holder', ct: 'holder' },
      });
      await until(`${base}/readyz`, 200, (body) => body === holder);
      await cluster.kill();
      down = true;
      const body = await until(`${base}/readyz`, 503);
      assert.match(
        body,
        /not ready: the database postgres:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/test_\d+ is unreachable/,
      );
      assert.ok(!body.includes(PASSWORD));
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      await cluster.restart();
      down = false;
      await until(`${base}/readyz`, 200);
    } finally {
      await running.close();
      // The next tests need the cluster, whatever failed here.
      if (down) await cluster.restart();
    }
  });

  it('serves a whole instance on PostgreSQL that sigstore-js signs with and verifies', async () => {
    const url = await database(cluster);
    const dataDir = await dir();
    let running = await service({ dataDir, storage: url, devIssuer: true }, { init: true });
    try {
      const signed = await signWithDevIssuer(running.url);
      verifyWithSigstoreJs(running.trustedRoot, signed);
      const size = running.log?.checkpoint.size ?? 0;
      assert.ok(size >= 1);
      // A restart reads the log back from the database, not the data directory.
      assert.deepEqual(
        await readdir(dataDir).then((names) => names.filter((n) => n === 'log')),
        [],
      );
      await running.close();
      running = await service({ dataDir, storage: url, devIssuer: true });
      assert.equal(running.log?.checkpoint.size, size);
      verifyWithSigstoreJs(running.trustedRoot, await signWithDevIssuer(running.url));
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      assert.match(
        metrics,
        /signet_storage_commit_seconds_count\{log="tlog",step="sequence"\} [1-9]/,
      );
    } finally {
      await running.close();
    }
  });
});

/** The service in this process on 127.0.0.1, as `serve` (or `serve --init`) starts it. */
async function service(
  overrides: Partial<ServerConfig>,
  options: { init?: boolean } = {},
): Promise<RunningService> {
  const port = await freePort();
  const config = await loadConfig(undefined, {
    listen: `127.0.0.1:${port}`,
    publicUrl: `http://127.0.0.1:${port}`,
    logLevel: 'error',
    verifyWorkers: 1,
    ...overrides,
  });
  return startService(
    config,
    createLogger(config.logLevel, () => {}),
    options,
  );
}
