import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { checkpointRecord } from '../../server/storage/checkpoint-record.js';
import { type PostgresDatabase, openPostgres } from '../../server/storage/postgres/index.js';
import { noteSigner, noteVerifier, signNote } from '../../src/core/note.js';
import { storedCheckpointSize } from '../../src/tlog/checkpoint.js';
import { TlogError } from '../../src/tlog/error.js';
import { type LogOptions, type ReplicaOptions, TransparencyLog } from '../../src/tlog/log.js';
import type { LogStorage } from '../../src/tlog/storage.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/server.js';
import { missingPostgres, requireTool } from '../helpers/tools.js';
import { Events } from './log-events.js';
import { SharedMemoryStore } from './shared-memory-storage.js';

/**
 * Anti-fork (docs/architecture.md, "Several replicas"): each replica records the last checkpoint
 * it saw outside the log's storage and refuses a stored tree that does not extend it, at start
 * and while it runs; every checkpoint read from storage must carry the log key's signature.
 */

const run = promisify(execFile);
const ORIGIN = 'anti-fork.example.test';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const entry = (i: number): Buffer => Buffer.from(`entry ${i} ${randomBytes(4).toString('hex')}`);
const FAST: ReplicaOptions = { leaseTtlMs: 300, leaseRenewMs: 50, followIntervalMs: 5 };
const isCorrupt =
  (message?: RegExp) =>
  (error: unknown): boolean =>
    error instanceof TlogError &&
    error.code === 'LOG_STATE_CORRUPT' &&
    (message === undefined || message.test(error.message));

/** A replica of the log on `storage`, recording what it sees under `dataDir`. */
function open(
  storage: LogStorage,
  dataDir: string,
  id: string,
  options: Partial<LogOptions> = {},
): Promise<TransparencyLog> {
  return TransparencyLog.open({
    origin: ORIGIN,
    signer: noteSigner(ORIGIN, privateKey),
    verifier: noteVerifier(ORIGIN, publicKey),
    storage,
    record: checkpointRecord(dataDir, 'tlog'),
    replica: { ...FAST, id },
    batchMaxAgeMs: 1,
    checkpointIntervalMs: 5,
    recoveryDelayMs: 20,
    recoveryMaxDelayMs: 100,
    ...options,
  });
}

const recordOf = (dataDir: string): Promise<string> =>
  readFile(join(dataDir, 'seen-checkpoints', 'tlog'), 'utf8');

describe('anti-fork: the local record and checkpoint signatures', () => {
  const dirs: string[] = [];
  const dataDir = async (): Promise<string> => {
    const dir = await tempDir('signet-anti-fork-');
    dirs.push(dir);
    return dir;
  };
  after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  /** A log of 3 entries whose store was backed up at size 1; its replica closed. */
  const backedUpAtOne = async (): Promise<{
    store: SharedMemoryStore;
    dir: string;
    restoreOld: () => void;
  }> => {
    const store = new SharedMemoryStore();
    const dir = await dataDir();
    const log = await open(store.replica(), dir, 'a');
    await log.append(entry(0));
    const restoreOld = store.snapshot();
    await Promise.all([log.append(entry(1)), log.append(entry(2))]);
    await log.close();
    return { store, dir, restoreOld };
  };

  it('records a checkpoint before answering from it, as holder and as follower', async () => {
    const store = new SharedMemoryStore();
    const [dirA, dirB] = [await dataDir(), await dataDir()];
    const a = await open(store.replica(), dirA, 'a');
    const b = await open(store.replica(), dirB, 'b');
    for (const [log, dir] of [
      [a, dirA],
      [b, dirB],
    ] as const) {
      const answered = await log.append(entry(0));
      assert.ok(storedCheckpointSize(await recordOf(dir)) >= answered.checkpoint.size);
    }
    await Promise.all([a.close(), b.close()]);
    assert.equal(await recordOf(dirA), store.checkpoint);
  });

  it('answers no writer from a checkpoint it could not record, and resumes once it can', async () => {
    const store = new SharedMemoryStore();
    const dir = await dataDir();
    const file = checkpointRecord(dir, 'tlog');
    let full = false;
    const record = {
      where: file.where,
      read: () => file.read(),
      write: async (note: string): Promise<void> => {
        if (full) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        await file.write(note);
      },
    };
    const log = await open(store.replica(), dir, 'a', { record });
    await log.append(entry(0));
    const events = new Events(log);
    const recovered = events.next('recovered');
    full = true;
    const first = entry(1);
    await assert.rejects(log.append(first), (e: unknown) => {
      return e instanceof TlogError && e.code === 'LOG_UNAVAILABLE';
    });
    // Published, but not recorded: nobody was told, and the record is still the old checkpoint.
    assert.equal(storedCheckpointSize(store.checkpoint), 2);
    assert.equal(storedCheckpointSize(await recordOf(dir)), 1);
    full = false;
    await recovered;
    assert.equal(storedCheckpointSize(await recordOf(dir)), 2);
    const again = await log.append(first);
    assert.deepEqual([again.index, again.duplicate], [1, true]);
    await log.close();
  });

  it('keeps its record in one file, replaced whole', async () => {
    const dir = await dataDir();
    const record = checkpointRecord(dir, 'ct');
    assert.equal(await record.read(), undefined);
    await record.write('first\n');
    await record.write('second\n');
    assert.equal(await record.read(), 'second\n');
    assert.deepEqual(await readdir(join(dir, 'seen-checkpoints')), ['ct']);
  });

  it('refuses at start a store restored below its record, and serves again once the newer state is back', async () => {
    const { store, dir, restoreOld } = await backedUpAtOne();
    const restoreNew = store.snapshot();
    restoreOld();
    await assert.rejects(
      open(store.replica(), dir, 'a'),
      isCorrupt(/older than the one this replica recorded in .*seen-checkpoints\/tlog \(size 3\)/),
    );
    // Refused, nothing was written: the record still names size 3, the store still size 1.
    assert.equal(storedCheckpointSize(await recordOf(dir)), 3);
    assert.equal(storedCheckpointSize(store.checkpoint), 1);
    restoreNew();
    const log = await open(store.replica(), dir, 'a');
    assert.equal(log.checkpoint.size, 3);
    await log.close();
  });

  it('refuses at start a store that forked: as large as its record, another tree', async () => {
    const { store, dir, restoreOld } = await backedUpAtOne();
    // The old backup, served by a replica that kept no record, takes other entries.
    restoreOld();
    const stranger = await open(store.replica(), await dataDir(), 'c');
    await Promise.all([stranger.append(entry(3)), stranger.append(entry(4))]);
    await stranger.close();
    assert.equal(storedCheckpointSize(store.checkpoint), 3);
    await assert.rejects(open(store.replica(), dir, 'a'), isCorrupt(/the log forked/));
    // A stored checkpoint beyond the record, on the same fork, is refused the same way.
    const log = await open(store.replica(), await dataDir(), 'c');
    await log.append(entry(5));
    await log.close();
    await assert.rejects(open(store.replica(), dir, 'a'), isCorrupt(/the log forked/));
  });

  it('refuses a stored checkpoint not signed with the log key, at start and while following', async () => {
    const store = new SharedMemoryStore();
    const a = await open(store.replica(), await dataDir(), 'a');
    const b = await open(store.replica(), await dataDir(), 'b');
    await b.append(entry(0));
    const events = new Events(b);
    const stopped = events.next('stopped');
    // The same tree, signed under the log's name by another key: consistent, but not the log's.
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const note = store.checkpoint as string;
    store.checkpoint = signNote(note.slice(0, note.indexOf('\n\n') + 1), [
      noteSigner(ORIGIN, stranger),
    ]);
    const { error } = await stopped;
    assert.ok(isCorrupt(/not signed by this log's key/)(error), String(error));
    await assert.rejects(open(store.replica(), await dataDir(), 'c'), isCorrupt(/not signed/));
    await Promise.all([a.close(), b.close()]);
  });

  describe('on PostgreSQL restored from a pg_dump', { skip: missingPostgres() }, () => {
    let cluster: PostgresCluster;
    before(async () => {
      cluster = await startPostgres();
    });
    after(() => cluster.stop());

    it('stops the running replicas and refuses a restart under the restored database', async (t) => {
      if (!requireTool(t, 'pg_dump', 'postgresql-client')) return;
      if (!requireTool(t, 'pg_restore', 'postgresql-client')) return;
      const url = await cluster.database();
      const databases: PostgresDatabase[] = [];
      const storage = async (): Promise<LogStorage> => {
        const db = openPostgres(url);
        databases.push(db);
        await db.migrate();
        return db.logStorage('log');
      };
      const [dirA, dirB] = [await dataDir(), await dataDir()];
      const a = await open(await storage(), dirA, 'a');
      const b = await open(await storage(), dirB, 'b');
      assert.equal(a.leaseHeld, true);
      await Promise.all([0, 1, 2, 3].map((i) => (i % 2 === 0 ? a : b).append(entry(i))));
      const dump = join(dirA, 'backup.dump');
      await run('pg_dump', ['--format=custom', '--file', dump, url]);
      const seen = await b.append(entry(4));
      await Promise.all([5, 6, 7].map((i) => b.append(entry(i))));
      assert.ok(seen.checkpoint.size >= 5);
      const bEvents = new Events(b);
      const bStopped = bEvents.next('stopped');
      const bRetried = bEvents.next('recovery-failed');
      // The old backup restored under the running replicas, as an operator's mistake would.
      await run('pg_restore', [
        '--clean',
        '--if-exists',
        '--single-transaction',
        '--dbname',
        url,
        dump,
      ]);
      // The follower sees the smaller tree at its next poll and stops; it keeps refusing it.
      assert.ok(isCorrupt(/older than one this replica saw/)((await bStopped).error));
      assert.ok(isCorrupt(/older than/)((await bRetried).error));
      assert.equal(b.leaseHeld, false);
      // The holder finds out at its next batch: storage hands out indices its tree already used.
      await assert.rejects(a.append(entry(8)), (e: unknown) => e instanceof TlogError);
      assert.ok(isCorrupt()(a.failed), String(a.failed));
      await Promise.all([a.close(), b.close()]);
      for (const dir of [dirA, dirB]) {
        await assert.rejects(
          open(await storage(), dir, 'a'),
          isCorrupt(/recorded in .*seen-checkpoints\/tlog/),
        );
      }
      await Promise.all(databases.map((db) => db.close()));
    });
  });
});
