import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  type PostgresDatabase,
  PostgresError,
  openPostgres,
} from '../../server/storage/postgres/index.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/core/merkle.js';
import { noteSigner } from '../../src/core/note.js';
import { TlogError } from '../../src/tlog/error.js';
import {
  type AppendResult,
  type LogOptions,
  type ReplicaOptions,
  TransparencyLog,
} from '../../src/tlog/log.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { missingPostgres } from '../helpers/tools.js';
import { Events } from './log-events.js';
import { type SharedMemoryReplica, SharedMemoryStore } from './shared-memory-storage.js';

const ORIGIN = 'replicas.example.test';
const { privateKey } = generateKeyPairSync('ed25519');
const entry = (i: number): Buffer => Buffer.from(`entry ${i} ${randomBytes(4).toString('hex')}`);

const FAST: ReplicaOptions = { leaseTtlMs: 300, leaseRenewMs: 50, followIntervalMs: 5 };

async function openReplica(
  store: SharedMemoryStore,
  id: string | undefined,
  options: Partial<LogOptions> = {},
): Promise<{ log: TransparencyLog; storage: SharedMemoryReplica }> {
  const storage = store.replica();
  const log = await TransparencyLog.open({
    origin: ORIGIN,
    signer: noteSigner(ORIGIN, privateKey),
    storage,
    replica: { ...FAST, ...(id === undefined ? {} : { id }) },
    batchMaxAgeMs: 1,
    checkpointIntervalMs: 5,
    recoveryDelayMs: 20,
    recoveryMaxDelayMs: 100,
    ...options,
  });
  return { log, storage };
}

/** Every answer's proof against its own checkpoint, and each checkpoint consistent with `last`. */
async function checkAnswers(
  results: AppendResult[],
  entries: Buffer[],
  last: TransparencyLog,
): Promise<void> {
  const final = last.checkpoint;
  for (const [i, result] of results.entries()) {
    const { checkpoint, proof, index } = result;
    verifyInclusion(
      index,
      checkpoint.size,
      leafHash(entries[i] as Buffer),
      proof,
      checkpoint.rootHash,
    );
    if (checkpoint.size > 0 && checkpoint.size < final.size) {
      const consistency = await last.proveConsistency(checkpoint.size);
      verifyConsistency(
        checkpoint.size,
        final.size,
        checkpoint.rootHash,
        final.rootHash,
        consistency,
      );
    }
  }
}

describe('TransparencyLog on storage shared by several replicas', () => {
  it('sequences every replica’s writers into one log, one integrator, duplicates at one index', async () => {
    const store = new SharedMemoryStore();
    const { log: a } = await openReplica(store, 'a');
    const { log: b } = await openReplica(store, 'b');
    assert.equal(a.leaseHeld, true);
    assert.equal(b.leaseHeld, false);
    const entries = Array.from({ length: 300 }, (_, i) => entry(i));
    // Every entry goes to one replica, and every tenth to the other as well.
    const results = await Promise.all(entries.map((e, i) => (i % 2 === 0 ? a : b).append(e)));
    const twins = await Promise.all(
      entries.flatMap((e, i) => (i % 10 === 0 ? [(i % 2 === 0 ? b : a).append(e)] : [])),
    );
    const indices = results.map((r) => r.index).sort((x, y) => x - y);
    assert.deepEqual(
      indices,
      entries.map((_, i) => i),
    );
    for (const [n, twin] of twins.entries()) {
      assert.equal(twin.index, (results[n * 10] as AppendResult).index);
      assert.equal(twin.duplicate, true);
    }
    await checkAnswers(results, entries, a);
    assert.equal(store.entries.length, 300);
    assert.deepEqual(store.refused, []);
    // Once its writer is answered, the follower serves the holder's latest tree.
    assert.equal((await b.append(entry(300))).index, 300);
    assert.equal(b.checkpoint.note, a.checkpoint.note);
    assert.deepEqual(await b.proveInclusion(7), await a.proveInclusion(7));
    await b.close();
    await a.close();
  });

  it('hands the lease over when the holder loses the store, and loses no acknowledged entry', async () => {
    const store = new SharedMemoryStore();
    const { log: a, storage: storageA } = await openReplica(store, 'a');
    // Unnamed: its default id (the host name) holds through the takeover's rebuild.
    const { log: b } = await openReplica(store, undefined);
    const before = [entry(0), entry(1)];
    const acked = await Promise.all([a.append(before[0] as Buffer), b.append(before[1] as Buffer)]);
    const taken = new Events(b).next('lease-taken');
    const cutAt = Date.now();
    storageA.cutOff = true;
    await taken;
    const takeoverMs = Date.now() - cutAt;
    // TTL 300 ms + one renewal interval, with room for a loaded machine.
    assert.ok(takeoverMs < 2000, `takeover took ${takeoverMs} ms`);
    assert.equal(b.leaseHeld, true);
    const after = await b.append(entry(2));
    assert.equal(after.index, 2);
    await checkAnswers(acked, before, b);
    await assert.rejects(a.append(entry(3)), (e: unknown) => e instanceof TlogError);
    storageA.cutOff = false;
    await b.close();
    await a.close();
  });

  it('hands the lease over on close even with a renewal in flight', async () => {
    const store = new SharedMemoryStore();
    const slow = { ...FAST, leaseTtlMs: 60_000 };
    const { log: a, storage: storageA } = await openReplica(store, 'a', {
      replica: { ...slow, id: 'a' },
    });
    const { log: b } = await openReplica(store, 'b', { replica: { ...slow, id: 'b' } });
    let release = (): void => undefined;
    storageA.leaseGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await new Promise<void>((resolve) => {
      storageA.leaseAsked = resolve;
    });
    const taken = new Events(b).next('lease-taken');
    const closed = a.close();
    // The renewal lands while the holder is closing: it must not take the lease back.
    release();
    await closed;
    await taken;
    assert.equal(b.leaseHeld, true);
    await b.close();
  });

  it('refuses a store rolled back below a checkpoint it saw, loudly', async () => {
    const store = new SharedMemoryStore();
    const { log: a } = await openReplica(store, 'a');
    const { log: b } = await openReplica(store, 'b');
    await b.append(entry(0));
    const restore = store.snapshot();
    await Promise.all([b.append(entry(1)), b.append(entry(2))]);
    assert.equal(b.checkpoint.size, 3);
    const stopped = new Events(b).next('stopped');
    restore();
    const event = await stopped;
    assert.ok(event.error instanceof TlogError && event.error.code === 'LOG_STATE_CORRUPT');
    assert.match(event.error.message, /older than one this replica saw \(size 3\)/);
    await a.close();
    await b.close();
  });

  it('fences a holder that cannot renew: the store refuses its checkpoint, no writer is told', async () => {
    const store = new SharedMemoryStore();
    // A clock stopped at open: the holder never notices by itself that its lease ran out.
    const frozen = Date.now();
    const { log: a, storage: storageA } = await openReplica(store, 'a', {
      now: () => frozen,
      batchMaxAgeMs: 0,
      checkpointIntervalMs: 0,
    });
    const { log: b } = await openReplica(store, 'b');
    const taken = new Events(b).next('lease-taken');
    storageA.renewalsFail = true;
    await taken;
    assert.equal(a.leaseHeld, true);
    const stopped = new Events(a).next('stopped');
    await assert.rejects(a.append(entry(0)), (e: unknown) => {
      return e instanceof TlogError && e.code === 'LOG_UNAVAILABLE';
    });
    await stopped;
    assert.deepEqual(store.refused, ['a']);
    // The entry was sequenced: the new holder publishes it, and a resubmission finds it.
    const sequenced = store.entries[0] as Buffer;
    const again = await b.append(sequenced);
    assert.equal(again.index, 0);
    assert.equal(again.duplicate, true);
    storageA.renewalsFail = false;
    await a.close();
    await b.close();
  });
});

describe('TransparencyLog replicas on PostgreSQL', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(() => cluster.stop());

  /** A replica as its own process would have it: its own pool on the shared database. */
  async function openPgReplica(
    url: string,
    id: string,
    replica: ReplicaOptions = FAST,
  ): Promise<{ log: TransparencyLog; db: PostgresDatabase }> {
    const db = openPostgres(url);
    await db.migrate();
    const log = await TransparencyLog.open({
      origin: ORIGIN,
      signer: noteSigner(ORIGIN, privateKey),
      storage: db.logStorage('log'),
      replica: { ...replica, id },
      batchMaxAgeMs: 1,
      checkpointIntervalMs: 5,
      recoveryDelayMs: 20,
      recoveryMaxDelayMs: 100,
    });
    return { log, db };
  }

  it('sequences two replicas’ writers into one log with one integrator', async () => {
    const url = await cluster.database();
    // A long lease: only a holder that hands it over on close lets the other take it in time.
    const slow = { ...FAST, leaseTtlMs: 60_000 };
    const a = await openPgReplica(url, 'a', slow);
    const b = await openPgReplica(url, 'b', slow);
    assert.equal(a.log.leaseHeld, true);
    assert.equal(b.log.leaseHeld, false);
    const entries = Array.from({ length: 200 }, (_, i) => entry(i));
    const results = await Promise.all(
      entries.map((e, i) => (i % 2 === 0 ? a.log : b.log).append(e)),
    );
    const twin = await b.log.append(entries[0] as Buffer);
    assert.equal(twin.index, (results[0] as AppendResult).index);
    assert.equal(twin.duplicate, true);
    assert.deepEqual(
      results.map((r) => r.index).sort((x, y) => x - y),
      entries.map((_, i) => i),
    );
    await checkAnswers(results, entries, a.log);
    assert.equal((await b.log.append(entry(200))).index, 200);
    assert.equal(b.log.checkpoint.note, a.log.checkpoint.note);
    const taken = new Events(b.log).next('lease-taken');
    await a.log.close();
    await taken;
    assert.equal((await b.log.append(entry(201))).index, 201);
    await b.log.close();
    await Promise.all([a.db.close(), b.db.close()]);
  });

  it('fences an earlier run paused under the same replica id once a restart took the lease', async () => {
    const url = await cluster.database();
    // The earlier run's renewals are far apart: between two it is as good as paused.
    const earlier = await openPgReplica(url, 'x', {
      ...FAST,
      leaseTtlMs: 60_000,
      leaseRenewMs: 20_000,
    });
    assert.equal(earlier.log.leaseHeld, true);
    const later = await openPgReplica(url, 'x');
    assert.equal(later.log.leaseHeld, true);
    // The earlier run still believes it holds the lease, which has not expired under its id:
    // only the term tells the store that this publication is not the holder's.
    const events = new Events(earlier.log);
    const stopped = events.next('stopped');
    const recovered = events.next('recovered');
    const lost = earlier.log.append(entry(0));
    await assert.rejects(
      lost,
      (e: unknown) => e instanceof TlogError && e.code === 'LOG_UNAVAILABLE',
    );
    const { error } = await stopped;
    assert.ok(
      error instanceof PostgresError && error.code === 'POSTGRES_LEASE_LOST',
      String(error),
    );
    // Its entry was sequenced: the live run publishes it, and the earlier one follows.
    const again = await later.log.append(entry(1));
    assert.equal(again.index, 1);
    await recovered;
    assert.equal(earlier.log.leaseHeld, false);
    assert.equal(later.log.leaseHeld, true);
    await earlier.log.close();
    await later.log.close();
    await Promise.all([earlier.db.close(), later.db.close()]);
  });

  it('hands the lease over within seconds when the holder loses the database', async () => {
    const url = await cluster.database();
    const a = await openPgReplica(url, 'a');
    const b = await openPgReplica(url, 'b');
    const firstEntry = entry(0);
    const first = await b.log.append(firstEntry);
    const taken = new Events(b.log).next('lease-taken');
    const cutAt = Date.now();
    await a.db.close(); // a process whose connections are gone
    await taken;
    const takeoverMs = Date.now() - cutAt;
    assert.ok(takeoverMs < 2000, `takeover took ${takeoverMs} ms`);
    const after = await b.log.append(entry(1));
    assert.equal(after.index, 1);
    // The entry acknowledged before the takeover is in the new holder's tree, at its index.
    const proof = await b.log.proveInclusion(first.index);
    verifyInclusion(
      first.index,
      b.log.checkpoint.size,
      leafHash(firstEntry),
      proof,
      b.log.checkpoint.rootHash,
    );
    await assert.rejects(a.log.append(entry(2)), (e: unknown) => e instanceof TlogError);
    await b.log.close();
    await b.db.close();
    await a.log.close();
  });
});
