import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import {
  POSTGRES_DEFAULTS,
  PostgresError,
  SCHEMA_VERSION,
  openPostgres,
} from '../../server/storage/postgres/index.js';
import { leafHash, rootFromLeafHashes, verifyInclusion } from '../../src/core/merkle.js';
import { noteSigner } from '../../src/core/note.js';
import { TransparencyLog } from '../../src/tlog/log.js';
import type { NewBatch } from '../../src/tlog/storage.js';
import { migrateSchema } from '../../server/storage/postgres/schema.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { missingPostgres } from '../helpers/tools.js';

const ORIGIN = 'log.example.test';
const { privateKey } = generateKeyPairSync('ed25519');
/** A batch of these entries with their leaf hashes, as the engine hands it to sequence(). */
function batch(...texts: string[]): NewBatch {
  const entries = texts.map((text) => Buffer.from(text));
  return { entries, hashes: entries.map((entry) => leafHash(entry)) };
}
const isCode = (code: string) => (error: unknown) =>
  error instanceof PostgresError && error.code === code;

describe('PostgreSQL storage', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(() => cluster.stop());

  it('migrates once: a second migrate is a no-op, and the version is recorded', async () => {
    const db = openPostgres(await cluster.database());
    assert.equal(await db.schemaVersion(), 0);
    // Concurrent migrations (replicas starting together) queue on the advisory lock.
    const runs = await Promise.all([db.migrate(), db.migrate()]);
    assert.deepEqual(runs.map((r) => r.from).sort(), [0, SCHEMA_VERSION]);
    assert.deepEqual(await db.migrate(), { from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    assert.equal(await db.schemaVersion(), SCHEMA_VERSION);
    await db.close();
  });

  it('refuses a database migrated by a newer build, and a log on an unmigrated one', async () => {
    const url = await cluster.database();
    const db = openPostgres(url);
    await assert.rejects(db.logStorage('log').recover(), isCode('POSTGRES_SCHEMA_MISSING'));
    await db.migrate();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('INSERT INTO signet_schema_version (version) VALUES ($1)', [
      SCHEMA_VERSION + 1,
    ]);
    await client.end();
    await assert.rejects(db.migrate(), isCode('POSTGRES_SCHEMA_NEWER'));
    await assert.rejects(db.logStorage('log').recover(), isCode('POSTGRES_SCHEMA_NEWER'));
    assert.equal(await db.schemaVersion(), SCHEMA_VERSION + 1);
    await db.close();
  });

  it('migrates a version 2 database holding a log to version 3: its data kept, the lease given a term', async () => {
    const url = await cluster.database();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    assert.deepEqual(await migrateSchema(client, 2), { from: 0, to: 2 });
    const db = openPostgres(url);
    const log = db.logStorage('log');
    await log.sequence(batch('x', 'y', 'z'));
    await log.publish(new Map([['tile/0/000.p/2', Buffer.from('t2')]]), 'cp2', 2);
    // A replica of version 2 held the lease when the upgrade began.
    await client.query(
      `INSERT INTO signet_log_leases (log, holder, expires_at) VALUES ('log', 'old', now() + interval '1 hour')`,
    );
    assert.deepEqual(await migrateSchema(client, 2), { from: 2, to: 2 });
    assert.deepEqual(await db.migrate(), { from: 2, to: SCHEMA_VERSION });
    const { rows: versions } = await client.query<{ version: number }>(
      'SELECT version FROM signet_schema_version ORDER BY version',
    );
    assert.deepEqual(
      versions.map((row) => row.version),
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
    assert.deepEqual(await log.recover(), {
      checkpoint: 'cp2',
      journal: [{ firstIndex: 0, entries: [Buffer.from('x'), Buffer.from('y'), Buffer.from('z')] }],
    });
    assert.deepEqual(await log.read('tile/0/000.p/2'), Buffer.from('t2'));
    const lease = async (): Promise<unknown> =>
      (await client.query('SELECT holder, term FROM signet_log_leases')).rows;
    assert.deepEqual(await lease(), [{ holder: 'old', term: '1' }]);
    // The old holder, upgraded and restarted under its id, takes its lease back at a new term.
    assert.equal(await log.lease('old', 60_000), true);
    assert.deepEqual(await lease(), [{ holder: 'old', term: '2' }]);
    await log.publish(new Map(), 'cp3', 3);
    await assert.rejects(
      migrateSchema(client, SCHEMA_VERSION + 1),
      isCode('POSTGRES_CONFIG_INVALID'),
    );
    await client.end();
    await db.close();
  });

  it('raises the lease term for each new holder: an earlier run under the same id is fenced', async () => {
    const db = openPostgres(await cluster.database());
    await db.migrate();
    const earlier = db.logStorage('log');
    const later = db.logStorage('log');
    assert.equal(await earlier.lease('replica-0', 60_000), true);
    await earlier.publish(new Map(), 'cp0', 0);
    // The same replica id restarted while the earlier run is paused: it takes the lease at once.
    assert.equal(await later.lease('replica-0', 60_000), true);
    await later.publish(new Map(), 'cp1', 1);
    // The earlier run wakes up: same id, unexpired lease, but an old term.
    await assert.rejects(earlier.publish(new Map(), 'cp2', 2), isCode('POSTGRES_LEASE_LOST'));
    assert.equal(await earlier.lease('replica-0', 60_000), false);
    // Superseded, it does not take the lease back from its live successor...
    assert.equal(await earlier.lease('replica-0', 60_000), false);
    assert.equal(await later.lease('replica-0', 60_000), true);
    await later.publish(new Map(), 'cp2', 2);
    // ...only once the successor hands it over, under a term above both.
    await later.close();
    assert.equal(await earlier.lease('replica-0', 60_000), true);
    await earlier.publish(new Map(), 'cp3', 3);
    await assert.rejects(later.publish(new Map(), 'cp4', 4), isCode('POSTGRES_LEASE_LOST'));
    const { rows } = await db.query<{ term: string }>({
      text: 'SELECT term FROM signet_log_leases',
    });
    assert.deepEqual(rows, [{ term: '3' }]);
    assert.equal((await earlier.recover()).checkpoint, 'cp3');
    await db.close();
  });

  it('validates its options and URL', () => {
    assert.throws(() => openPostgres('mysql://x'), isCode('POSTGRES_CONFIG_INVALID'));
    assert.throws(
      () => openPostgres('postgres://x', { poolSize: 1 }),
      /poolSize must be an integer from 2/,
    );
    assert.throws(
      () => openPostgres('postgres://x', { statementTimeoutMs: 1.5 }),
      isCode('POSTGRES_CONFIG_INVALID'),
    );
    assert.throws(
      () => openPostgres('postgres://x', { idleInTransactionTimeoutMs: 5_000 }),
      /idleInTransactionTimeoutMs \(5000\) must be under statementTimeoutMs \(5000\)/,
    );
    assert.equal(POSTGRES_DEFAULTS.poolSize, 10);
  });

  it('keeps logs apart by name and never lets an object change or a checkpoint shrink', async () => {
    const db = openPostgres(await cluster.database());
    await db.migrate();
    const a = db.logStorage('a');
    const b = db.logStorage('b');
    assert.deepEqual(await a.recover(), { checkpoint: undefined, journal: [] });
    assert.deepEqual(await a.sequence(batch('x', 'y')), { firstIndex: 0, indices: [0, 1] });
    // Storage deduplicates by leaf hash, within a batch and against what it holds.
    assert.deepEqual(await a.sequence(batch('y', 'z', 'z', 'x')), {
      firstIndex: 2,
      indices: [1, 2, 2, 0],
    });
    assert.deepEqual(await a.sequence(batch('x')), { firstIndex: 3, indices: [0] });
    assert.deepEqual((await a.recover()).journal, [
      { firstIndex: 0, entries: [Buffer.from('x'), Buffer.from('y')] },
      { firstIndex: 2, entries: [Buffer.from('z')] },
    ]);
    assert.deepEqual(await b.recover(), { checkpoint: undefined, journal: [] });
    assert.deepEqual(await b.sequence(batch('x')), { firstIndex: 0, indices: [0] });

    await a.publish(new Map([['tile/0/000.p/2', Buffer.from('t2')]]), 'cp2', 2);
    assert.deepEqual(await a.recover(), {
      checkpoint: 'cp2',
      journal: [{ firstIndex: 2, entries: [Buffer.from('z')] }],
    });
    assert.equal(await b.read('tile/0/000.p/2'), undefined);
    // Rewriting the same bytes is harmless; different bytes are a fork and change nothing.
    await a.publish(new Map([['tile/0/000.p/2', Buffer.from('t2')]]), 'cp2', 2);
    await assert.rejects(
      a.publish(
        new Map([
          ['tile/0/000.p/3', Buffer.from('t3')],
          ['tile/0/000.p/2', Buffer.from('other')],
        ]),
        'cp3',
        3,
      ),
      isCode('POSTGRES_CONFLICT'),
    );
    assert.equal(await a.read('tile/0/000.p/3'), undefined);
    await assert.rejects(a.publish(new Map(), 'cp1', 1), isCode('POSTGRES_CONFLICT'));
    assert.equal((await a.recover()).checkpoint, 'cp2');
    // A full tile supersedes its partial tiles.
    await a.publish(new Map([['tile/0/000', Buffer.from('full')]]), 'cp256', 256);
    assert.equal(await a.read('tile/0/000.p/2'), undefined);
    assert.deepEqual(await a.read('tile/0/000'), Buffer.from('full'));
    await db.close();
  });

  it('leases a log to one holder at a time, fences a publication, reads what any replica sequenced', async () => {
    const db = openPostgres(await cluster.database());
    await db.migrate();
    const one = db.logStorage('log');
    const two = db.logStorage('log');
    assert.deepEqual(
      await Promise.all([one.lease('one', 200), two.lease('two', 200)]).then((r) => r.sort()),
      [false, true],
    );
    const [holder, other] = (await one.lease('one', 200)) ? [one, two] : [two, one];
    assert.equal(await other.lease('other', 200), false);
    await holder.publish(new Map(), 'cp0', 0);
    await assert.rejects(other.publish(new Map(), 'cp0', 0), isCode('POSTGRES_LEASE_LOST'));
    // Expired by the database's clock: another replica takes it, and the old holder is fenced.
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(await other.lease('other', 60_000), true);
    await assert.rejects(holder.publish(new Map(), 'cp0', 0), isCode('POSTGRES_LEASE_LOST'));
    // A clean close hands the lease back at once.
    await other.close();
    assert.equal(await holder.lease('back', 60_000), true);
    await holder.sequence(batch('a', 'b', 'c'));
    await other.sequence(batch('d'));
    assert.deepEqual(await other.readSequenced(1, 2), [
      { firstIndex: 1, entries: [Buffer.from('b'), Buffer.from('c')] },
    ]);
    assert.deepEqual(await holder.readSequenced(2, 10), [
      { firstIndex: 2, entries: [Buffer.from('c')] },
      { firstIndex: 3, entries: [Buffer.from('d')] },
    ]);
    assert.deepEqual(await holder.readSequenced(4, 10), []);
    await db.close();
  });

  it('runs a transparency log: append, restart, replay of a sequenced batch', async () => {
    const db = openPostgres(await cluster.database());
    await db.migrate();
    const open = (): Promise<TransparencyLog> =>
      TransparencyLog.open({
        origin: ORIGIN,
        signer: noteSigner(ORIGIN, privateKey),
        storage: db.logStorage('log'),
        batchMaxAgeMs: 1,
        checkpointIntervalMs: 0,
      });
    let log = await open();
    const entries = Array.from({ length: 300 }, (_, i) => Buffer.from(`entry ${i}`));
    const results = await Promise.all(entries.map((e) => log.append(e)));
    for (const [i, r] of results.entries()) {
      verifyInclusion(
        r.index,
        r.checkpoint.size,
        leafHash(entries[i] as Buffer),
        r.proof,
        r.checkpoint.rootHash,
      );
    }
    await log.close();
    const extra = ['sequenced, never published'];
    assert.equal((await db.logStorage('log').sequence(batch(...extra))).firstIndex, 300);
    log = await open();
    assert.equal(log.checkpoint.size, 301);
    const byIndex = results.map((r, i) => [r.index, entries[i] as Buffer] as const);
    const ordered = [
      ...byIndex.sort((x, y) => x[0] - y[0]).map(([, e]) => e),
      Buffer.from(extra[0] as string),
    ];
    assert.deepEqual(log.checkpoint.rootHash, rootFromLeafHashes(ordered.map((e) => leafHash(e))));
    assert.equal((await log.append(Buffer.from('entry 7'))).duplicate, true);
    await log.close();
    await db.close();
  });
});
