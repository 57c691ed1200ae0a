import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { REPLICA_ID_MAX_LENGTH, SERVER_DEFAULTS, loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { startService } from '../../server/service.js';
import { openPostgres } from '../../server/storage/postgres/index.js';
import { REPLICA_DEFAULTS } from '../../src/tlog/log.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { freePort, tempDir } from '../helpers/server.js';
import { missingPostgres } from '../helpers/tools.js';

/**
 * The replica section of the server configuration: its name in the lease rows and the lease
 * settings, refused at start-up when out of range, and used by every log of the process.
 */

const replica = (settings: Record<string, unknown>) =>
  loadConfig(undefined, {
    replica: { ...SERVER_DEFAULTS.replica, ...settings } as typeof SERVER_DEFAULTS.replica,
  });

describe('replica settings', () => {
  it('default to the engine defaults and no name (the engine picks host name and pid)', async () => {
    const config = await loadConfig(undefined, {});
    assert.deepEqual(config.replica, { id: undefined, ...REPLICA_DEFAULTS });
  });

  it('are refused at start-up when out of range, naming the setting', async () => {
    await assert.rejects(replica({ leaseRenewMs: 2000 }), {
      message:
        'invalid configuration: replica.leaseRenewMs (2000) must be under half of leaseTtlMs (3000)',
    });
    await assert.rejects(replica({ leaseTtlMs: 50 }), {
      message: /^invalid configuration: replica\.leaseTtlMs must be an integer from 100 to/,
    });
    await assert.rejects(replica({ followIntervalMs: 0.5 }), {
      message: /^invalid configuration: replica\.followIntervalMs must be an integer/,
    });
    await assert.rejects(replica({ id: '' }), {
      message: 'invalid configuration: replica.id is empty',
    });
    await assert.rejects(replica({ id: 'pod\nrogue' }), {
      message:
        'invalid configuration: replica.id contains the control character U+000A at offset 3',
    });
    await assert.rejects(replica({ id: 'x'.repeat(REPLICA_ID_MAX_LENGTH + 1) }), {
      message: `invalid configuration: replica.id is ${REPLICA_ID_MAX_LENGTH + 1} characters long, at most ${REPLICA_ID_MAX_LENGTH}`,
    });
  });
});

describe('replica settings on PostgreSQL', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(async () => {
    await cluster?.stop();
  });

  it('name every lease this replica holds, with the configured TTL; the pool has gauges', async () => {
    const url = await cluster.database();
    const dataDir = await tempDir();
    const port = await freePort();
    const config = await loadConfig(undefined, {
      dataDir,
      storage: url,
      listen: `127.0.0.1:${port}`,
      logLevel: 'error',
      verifyWorkers: 0,
      replica: { id: 'signet-0', leaseTtlMs: 60_000, leaseRenewMs: 1000, followIntervalMs: 50 },
    });
    const service = await startService(
      config,
      createLogger('error', () => {}),
      { init: true },
    );
    const db = openPostgres(url);
    try {
      // Each log takes its lease at start or within one renewal; a 60 s lease taken just now
      // expires in more than 50 s, by the database's clock.
      const deadline = Date.now() + 10_000;
      let rows: { log: string; holder: string; left: number }[] = [];
      while (rows.length < 3 && Date.now() < deadline) {
        ({ rows } = await db.query<{ log: string; holder: string; left: number }>({
          text: `SELECT log, holder, EXTRACT(EPOCH FROM expires_at - now())::float8 AS left
                   FROM signet_log_leases ORDER BY log`,
        }));
      }
      assert.deepEqual(
        rows.map((r) => [r.log, r.holder]),
        [
          ['ct', 'signet-0'],
          ['log', 'signet-0'],
          ['rekor-v1', 'signet-0'],
        ],
      );
      for (const row of rows) assert.ok(row.left > 50, `${row.log} lease expires in ${row.left} s`);

      // The pool's gauges: the connections the logs opened, and no query waiting for one.
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      const gauge = (state: string): number =>
        Number(
          new RegExp(`^signet_storage_pool_connections\\{state="${state}"\\} (\\d+)$`, 'm').exec(
            metrics,
          )?.[1],
        );
      assert.ok(gauge('total') >= 1 && gauge('total') <= 10, metrics);
      assert.ok(gauge('idle') <= gauge('total'), metrics);
      assert.equal(gauge('waiting'), 0, metrics);
    } finally {
      await db.close();
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
