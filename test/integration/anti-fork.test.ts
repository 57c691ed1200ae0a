import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../../server/config.js';
import { formatDoctorReport, runDoctor } from '../../server/doctor.js';
import { TlogError } from '../../src/tlog/error.js';
import { EntryFactory } from '../helpers/entries.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { missingPostgres, requireTool } from '../helpers/tools.js';

/**
 * The anti-fork record at the service level (docs/operations.md, Backup and restore): a service
 * whose log storage goes back to an older state, a local log folder restored from a copy or a
 * database restored from a dump, refuses it: a running one stops the log (503, /readyz names
 * LOG_STATE_CORRUPT), a restarted one does not start. The engine's cases are in
 * test/tlog/anti-fork.test.ts.
 */

const run = promisify(execFile);
const factory = new EntryFactory();

const isCorrupt =
  (message: RegExp) =>
  (error: unknown): boolean =>
    error instanceof TlogError && error.code === 'LOG_STATE_CORRUPT' && message.test(error.message);

/** Logs one Rekor v2 entry through HTTP; answers the response's status. */
async function post(service: TestService): Promise<number> {
  const response = await fetch(`${service.url}/api/v2/log/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(factory.request()),
  });
  await response.arrayBuffer();
  return response.status;
}

const treeSize = (service: TestService): number => service.log?.checkpoint.size ?? -1;

/** What `signet-server doctor` says of the data directory's records against its storage. */
async function doctorOnRecords(dataDir: string, storage?: string) {
  const config = await loadConfig(undefined, {
    dataDir,
    listen: '127.0.0.1:1',
    ...(storage === undefined ? {} : { storage }),
  });
  const checks = await runDoctor({ config, fetchTimeoutMs: 2000 });
  const records = checks.find((c) => c.name === 'storage records');
  assert.ok(records !== undefined, formatDoctorReport(checks));
  return records;
}

describe('anti-fork at the service level', () => {
  const dirs: string[] = [];
  const dataDir = async (): Promise<string> => {
    const dir = await tempDir('signet-anti-fork-');
    dirs.push(dir);
    return dir;
  };
  after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('refuses to start on a local data directory whose log folder was restored from a copy', async () => {
    const dir = await dataDir();
    const log = join(dir, 'log');
    let service = await startTestService({ dataDir: dir });
    assert.equal(await post(service), 201);
    // Every log of the service keeps its record.
    assert.deepEqual((await readdir(join(dir, 'seen-checkpoints'))).sort(), [
      'ct',
      'rekor-v1',
      'tlog',
    ]);
    await cp(log, join(dir, 'log-backup'), { recursive: true });
    assert.equal(await post(service), 201);
    assert.equal(await post(service), 201);
    const size = treeSize(service);
    await service.close();
    await cp(log, join(dir, 'log-latest'), { recursive: true });
    await rm(log, { recursive: true });
    await cp(join(dir, 'log-backup'), log, { recursive: true });
    // doctor tells the operator before a start does.
    const refused = await doctorOnRecords(dir);
    assert.equal(refused.status, 'fail');
    assert.match(refused.message, new RegExp(`^tlog: .* size 1, older than .* \\(size ${size}\\)`));
    await assert.rejects(
      startTestService({ dataDir: dir }),
      isCorrupt(new RegExp(`recorded in .*seen-checkpoints/tlog \\(size ${size}\\)`)),
    );
    // The operator puts the latest state back: the service starts and serves it.
    await rm(log, { recursive: true });
    await cp(join(dir, 'log-latest'), log, { recursive: true });
    const fixed = await doctorOnRecords(dir);
    assert.equal(fixed.status, 'ok', fixed.message);
    assert.match(fixed.message, new RegExp(`tlog at size ${size}, recorded ${size}`));
    service = await startTestService({ dataDir: dir });
    assert.equal(treeSize(service), size);
    assert.equal(await post(service), 201);
    await service.close();
  });

  describe('on PostgreSQL', { skip: missingPostgres() }, () => {
    let cluster: PostgresCluster;
    before(async () => {
      cluster = await startPostgres();
    });
    after(() => cluster.stop());

    it('stops the log of a service whose database is restored from an older dump, and refuses its restart', async (t) => {
      if (!requireTool(t, 'pg_dump', 'postgresql-client')) return;
      if (!requireTool(t, 'pg_restore', 'postgresql-client')) return;
      const url = await cluster.database();
      const dir = await dataDir();
      const dump = join(dir, 'backup.dump');
      const start = (): Promise<TestService> =>
        startTestService({ dataDir: dir, storage: url, verifyWorkers: 1 });
      const service = await start();
      let size: number;
      try {
        assert.equal(await post(service), 201);
        await run('pg_dump', ['--format=custom', '--file', dump, url]);
        assert.equal(await post(service), 201);
        assert.equal(await post(service), 201);
        size = treeSize(service);
        await run('pg_restore', [
          '--clean',
          '--if-exists',
          '--single-transaction',
          '-d',
          url,
          dump,
        ]);
        // The holder finds out at its next batch: the database hands out an index it used.
        assert.equal(await post(service), 503);
        const ready = await fetch(`${service.url}/readyz`);
        assert.equal(ready.status, 503);
        assert.match(
          await ready.text(),
          /the transparency log stopped after a storage failure \(LOG_STATE_CORRUPT\)/,
        );
      } finally {
        await service.close();
      }
      const found = await doctorOnRecords(dir, url);
      assert.equal(found.status, 'fail');
      assert.match(found.message, /tlog: the database .* older than the one recorded in/);
      await assert.rejects(
        start(),
        isCorrupt(new RegExp(`older than the one this replica recorded in .*\\(size ${size}\\)`)),
      );
    });
  });
});
