import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { httpErrorOf } from '../../server/error-status.js';
import { PostgresError, openPostgres } from '../../server/storage/postgres/index.js';
import {
  type PostgresConnection,
  PostgresLogStorage,
} from '../../server/storage/postgres/log-storage.js';
import { storedCheckpointSize } from '../../src/tlog/checkpoint.js';
import { TlogError } from '../../src/tlog/error.js';
import { noteSigner } from '../../src/core/note.js';
import { type AppendResult, type LogTuning, TransparencyLog } from '../../src/tlog/log.js';
import type { LogStorage } from '../../src/tlog/storage.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { missingPostgres } from '../helpers/tools.js';
import { Events } from '../tlog/log-events.js';
import { Writers, checkNothingLost, entry, isLogError } from '../tlog/log-load.js';

/**
 * The log on PostgreSQL when the database itself crashes (pg_ctl -m immediate): mid-publish,
 * and under load. Nothing a writer was told is logged may be lost, and the log comes back by
 * itself once the database does.
 */

const ORIGIN = 'log.example.test';
/** The bound on the database's restart and the log's recovery after it. */
const RESTART_WITHIN_MS = 30_000;
const { privateKey } = generateKeyPairSync('ed25519');

const openLog = (storage: LogStorage, tuning: Partial<LogTuning> = {}): Promise<TransparencyLog> =>
  TransparencyLog.open({
    origin: ORIGIN,
    signer: noteSigner(ORIGIN, privateKey),
    storage,
    batchMaxSize: 16,
    batchMaxAgeMs: 2,
    checkpointIntervalMs: 5,
    // One replica under a fixed name: after a crash it takes its own unexpired lease back.
    replica: { id: 'the-replica' },
    ...tuning,
  });

describe('PostgreSQL crashes', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(() => cluster.stop());

  it('a crash mid-publish leaves the old checkpoint or the new one, never one without its tiles', async () => {
    const db = openPostgres(await cluster.database());
    await db.migrate();
    // The publish transaction's statements, in order; the database dies after the one named
    // (before COMMIT: the old checkpoint stays), or right after COMMIT (the new one is stored).
    const moments = ['objects', 'checkpoint', 'collect', 'committed'] as const;
    let killAfter: (typeof moments)[number] | undefined;
    let publishing = false;
    const killing: PostgresConnection = {
      query: (config) => db.query(config),
      transaction: (body, begin) =>
        db.transaction((client) => {
          const query = client.query.bind(client) as (c: pg.QueryConfig) => Promise<unknown>;
          const watched = Object.create(client) as pg.PoolClient;
          watched.query = (async (config: pg.QueryConfig) => {
            const result = await query(config);
            const step = {
              'signet-log-objects': 'objects',
              'signet-log-publish': 'checkpoint',
              'signet-log-collect': 'collect',
            }[config.name ?? ''];
            if (step !== undefined) publishing = true;
            if (step !== undefined && step === killAfter) {
              killAfter = undefined;
              await cluster.kill();
            }
            return result;
          }) as typeof client.query;
          return body(watched);
        }, begin),
    };
    const storage = new PostgresLogStorage(killing, 'log');
    const publish = storage.publish.bind(storage);
    storage.publish = async (objects, checkpoint, size) => {
      await publish(objects, checkpoint, size);
      if (killAfter === 'committed') {
        killAfter = undefined;
        await cluster.kill();
      }
    };
    const acknowledged: { entry: Buffer; result: AppendResult }[] = [];
    for (const moment of moments) {
      const log = await openLog(storage, { recoveryDelayMs: 60_000, recoveryMaxDelayMs: 60_000 });
      const events = new Events(log);
      const before = log.checkpoint.size;
      const first = Array.from({ length: 40 }, (_, i) => entry(i));
      for (const [i, result] of (await Promise.all(first.map((e) => log.append(e)))).entries()) {
        acknowledged.push({ entry: first[i] as Buffer, result });
      }
      assert.ok(log.checkpoint.size >= before + 40);
      // The next publication dies at `moment`.
      const stored = log.checkpoint.size;
      const stopped = events.next('stopped');
      killAfter = moment;
      publishing = false;
      const doomed = Array.from({ length: 20 }, (_, i) => entry(100 + i));
      const outcomes = await Promise.allSettled(doomed.map((e) => log.append(e)));
      assert.ok(publishing);
      const failure = (await stopped).error;
      assert.ok(failure instanceof PostgresError && failure.code === 'POSTGRES_UNAVAILABLE');
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.status === 'fulfilled') {
          acknowledged.push({ entry: doomed[i] as Buffer, result: outcome.value });
        } else {
          assert.ok(isLogError(outcome.reason, 'LOG_UNAVAILABLE'), String(outcome.reason));
        }
      }
      // Before COMMIT, no writer of the doomed publication was told its entry is logged.
      if (moment !== 'committed') assert.ok(outcomes.every((o) => o.status === 'rejected'));
      await log.close();
      await cluster.restart();
      const state = await db.logStorage('log').recover();
      const size = storedCheckpointSize(state.checkpoint);
      if (moment === 'committed') assert.ok(size > stored, `${moment}: ${size} > ${stored}`);
      else assert.equal(size, stored, `${moment}: the checkpoint of the aborted publication`);
      // A fresh log reads the edge and every level-0 tile of that checkpoint, republishes the
      // sequenced batches, and proves every acknowledged entry.
      const reopened = await openLog(db.logStorage('log'));
      assert.ok(
        reopened.checkpoint.size > stored,
        'the sequenced batches are published on recovery',
      );
      await checkNothingLost(reopened, acknowledged);
      await reopened.close();
    }
    await db.close();
  });

  it('a PostgreSQL restart under load: writers get 503 with Retry-After, the log comes back by itself, nothing acknowledged is lost', async () => {
    const db = openPostgres(await cluster.database());
    await db.migrate();
    const log = await openLog(db.logStorage('log'), {
      recoveryDelayMs: 20,
      recoveryMaxDelayMs: 200,
    });
    // A restart takes about 2 s here (crash recovery, then pg_ctl's wait); more on a busy machine.
    const events = new Events(log, RESTART_WITHIN_MS);
    const writers = new Writers(log, events, 32, ['LOG_UNAVAILABLE', 'LOG_PUSHBACK']);
    for (let round = 0; round < 3; round++) {
      await writers.acknowledge(100);
      const stopped = events.next('stopped');
      await cluster.kill();
      const { error } = await stopped;
      assert.ok(
        error instanceof PostgresError && error.code === 'POSTGRES_UNAVAILABLE',
        String(error),
      );
      // What a writer is told while the database is down, as the server answers it.
      const refused = await log.append(entry(-1)).then(
        () => assert.fail('an entry was acknowledged while the database was down'),
        (reason: unknown) => reason,
      );
      assert.deepEqual(httpErrorOf(refused).status, 503);
      assert.equal(httpErrorOf(refused).headers['retry-after'], '1');
      // Reads of tiles fail the same way, not with a 500.
      const read = await db
        .logStorage('log')
        .read('tile/0/000.p/1')
        .catch((e: unknown) => e);
      assert.deepEqual(
        [httpErrorOf(read).status, httpErrorOf(read).headers['retry-after']],
        [503, '1'],
      );
      const recovered = events.next('recovered');
      await cluster.restart();
      await recovered;
    }
    await writers.acknowledge(100);
    await writers.stop();
    assert.ok(writers.refused > 0);
    for (const code of writers.refusedWith) {
      const answer = httpErrorOf(new TlogError(code, code));
      assert.deepEqual([answer.status, answer.headers['retry-after']], [503, '1'], code);
    }
    await checkNothingLost(log, writers.acknowledged);
    await log.close();
    // A restarted server finds the same log.
    const reopened = await openLog(db.logStorage('log'));
    await checkNothingLost(reopened, writers.acknowledged);
    await reopened.close();
    await db.close();
  });
});
