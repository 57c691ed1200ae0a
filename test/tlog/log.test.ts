import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import {
  leafHash,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '../../src/core/merkle.js';
import { noteVerifier, noteSigner } from '../../src/core/note.js';
import { verifyCheckpoint } from '../../src/tlog/checkpoint.js';
import { TlogError } from '../../src/tlog/error.js';
import { type LogOptions, type LogTuning, TransparencyLog } from '../../src/tlog/log.js';
import { decodeBundle } from '../../src/tlog/tree.js';
import { entriesPath, tilePath } from '../../src/tlog/tiles.js';
import { type LogStore, storageDrivers } from '../helpers/log-storage.js';
import { tempDir } from '../helpers/server.js';
import { faultyStorage } from './faulty-storage.js';

const ORIGIN = 'log.example.test';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');

async function openLog(
  store: LogStore,
  options: Partial<LogTuning> & Pick<Partial<LogOptions>, 'storage' | 'now'> = {},
): Promise<TransparencyLog> {
  return TransparencyLog.open({
    origin: ORIGIN,
    signer: noteSigner(ORIGIN, privateKey),
    storage: store.open(),
    batchMaxAgeMs: 1,
    checkpointIntervalMs: 0,
    ...options,
  });
}

const entry = (i: number): Buffer => Buffer.from(`entry ${i} ${randomBytes(4).toString('hex')}`);

for (const driver of storageDrivers()) {
  describe(`TransparencyLog on ${driver.name} storage`, { skip: driver.skip }, () => {
    before(() => driver.setUp());
    after(() => driver.tearDown());

    it('starts with a signed empty checkpoint', async () => {
      const store = await driver.fresh();
      const log = await openLog(store);
      const checkpoint = verifyCheckpoint(log.checkpoint.note, [noteVerifier(ORIGIN, publicKey)]);
      assert.equal(checkpoint.size, 0);
      assert.deepEqual(checkpoint.rootHash, rootFromLeafHashes([]));
      await log.close();
      await store.dispose();
    });

    it('appends concurrently across tile boundaries with proofs against the published checkpoint', async () => {
      const store = await driver.fresh();
      const log = await openLog(store, { batchMaxSize: 37 });
      const entries = Array.from({ length: 700 }, (_, i) => entry(i));
      const results = await Promise.all(entries.map((e) => log.append(e)));
      const indices = results.map((r) => r.index).sort((a, b) => a - b);
      assert.deepEqual(
        indices,
        entries.map((_, i) => i),
      );
      for (const [i, result] of results.entries()) {
        assert.equal(result.duplicate, false);
        assert.ok(result.index < result.checkpoint.size);
        verifyInclusion(
          result.index,
          result.checkpoint.size,
          leafHash(entries[i] as Buffer),
          result.proof,
          result.checkpoint.rootHash,
        );
      }
      // The published tiles reproduce the tree: level-0 tiles hold the leaf hashes in index order.
      const byIndex = new Map(results.map((r, i) => [r.index, entries[i] as Buffer]));
      const tile = await log.readObject(tilePath(0, 1));
      assert.ok(tile);
      assert.deepEqual(tile.subarray(0, 32), leafHash(byIndex.get(256) as Buffer));
      const bundle = decodeBundle((await log.readObject(entriesPath(2, 700 - 512))) as Buffer);
      assert.equal(bundle?.length, 188);
      assert.deepEqual(bundle?.[0], byIndex.get(512));
      assert.deepEqual(
        log.checkpoint.rootHash,
        rootFromLeafHashes(
          [...byIndex.keys()].sort((a, b) => a - b).map((i) => leafHash(byIndex.get(i) as Buffer)),
        ),
      );
      await log.close();
      await store.dispose();
    });

    it('returns the existing index for a duplicate, in flight or already published', async () => {
      const store = await driver.fresh();
      const log = await openLog(store);
      const e = entry(1);
      const [a, b] = await Promise.all([log.append(e), log.append(Buffer.from(e))]);
      assert.equal(a.index, b.index);
      assert.equal(a.duplicate !== b.duplicate, true);
      await log.append(entry(2));
      const again = await log.append(Buffer.from(e));
      assert.equal(again.index, a.index);
      assert.equal(again.duplicate, true);
      assert.equal(log.checkpoint.size, 2);
      verifyInclusion(
        again.index,
        again.checkpoint.size,
        leafHash(e),
        again.proof,
        again.checkpoint.rootHash,
      );
      await log.close();
      await store.dispose();
    });

    it('recovers after restart: same tree, dedup index, consistent growth', async () => {
      const store = await driver.fresh();
      let log = await openLog(store);
      const first = await Promise.all(Array.from({ length: 300 }, (_, i) => log.append(entry(i))));
      const before = log.checkpoint;
      await log.close();
      log = await openLog(store);
      assert.equal(log.checkpoint.note, before.note);
      const duplicate = await log.append(
        Buffer.from(decodeBundle((await log.readObject(entriesPath(0)))!)![5]!),
      );
      assert.equal(duplicate.duplicate, true);
      assert.equal(duplicate.index, 5);
      const more = await log.append(entry(1000));
      assert.equal(more.index, 300);
      verifyConsistency(
        before.size,
        log.checkpoint.size,
        before.rootHash,
        log.checkpoint.rootHash,
        await log.proveConsistency(before.size),
      );
      for (const result of first.slice(0, 20)) {
        const proof = await log.proveInclusion(result.index);
        const fromTile = (await log.readObject(tilePath(0, 0)))!.subarray(
          result.index * 32,
          result.index * 32 + 32,
        );
        verifyInclusion(
          result.index,
          log.checkpoint.size,
          fromTile,
          proof,
          log.checkpoint.rootHash,
        );
      }
      await log.close();
      await store.dispose();
    });

    it('replays a sequenced but unpublished batch from the journal at the same indices', async () => {
      const store = await driver.fresh();
      const storage = store.open();
      await storage.recover();
      const batch = [entry(0), entry(1), entry(2)];
      const assigned = await storage.sequence({ entries: batch, hashes: batch.map(leafHash) });
      assert.deepEqual(assigned, { firstIndex: 0, indices: [0, 1, 2] });
      await storage.close();
      const log = await openLog(store);
      assert.equal(log.checkpoint.size, 3);
      assert.deepEqual(log.checkpoint.rootHash, rootFromLeafHashes(batch.map((e) => leafHash(e))));
      await log.close();
      await store.dispose();
    });

    it('refuses a changed origin', async () => {
      const store = await driver.fresh();
      await (await openLog(store)).close();
      await assert.rejects(
        TransparencyLog.open({
          origin: 'other.example',
          signer: noteSigner('other.example', privateKey),
          storage: store.open(),
        }),
        (error: unknown) => error instanceof TlogError && error.code === 'LOG_ORIGIN_MISMATCH',
      );
      await store.dispose();
    });

    // A directory's lock file is the posix driver's.
    if (driver.name === 'posix') {
      it('refuses a second writer on the same directory', async () => {
        const dir = await tempDir();
        const open = (): Promise<TransparencyLog> =>
          openLog({
            open: () => new PosixLogStorage(dir),
            dispose: () => rm(dir, { recursive: true }),
          });
        const log = await open();
        await assert.rejects(open(), /already open in this process/);
        await log.close();
        // A lock left by a process that no longer exists (kill -9) is taken over.
        await writeFile(join(dir, '.lock'), '999999999\n');
        await (await open()).close();
        await rm(dir, { recursive: true });
      });
    }

    it('rejects oversized entries, invalid tuning and appends after close', async () => {
      const store = await driver.fresh();
      await assert.rejects(
        openLog(store, { batchMaxSize: 0 }),
        /batchMaxSize must be an integer from 1/,
      );
      const log = await openLog(store, { maxEntryBytes: 100 });
      await assert.rejects(
        log.append(Buffer.alloc(101)),
        (e: unknown) => e instanceof TlogError && e.code === 'ENTRY_TOO_LARGE',
      );
      assert.equal(log.checkpoint.size, 0);
      await log.close();
      await assert.rejects(
        log.append(entry(1)),
        (e: unknown) => e instanceof TlogError && e.code === 'LOG_CLOSED',
      );
      await store.dispose();
    });

    it('pushes back when too many entries are in flight', async () => {
      const store = await driver.fresh();
      const log = await openLog(store, { maxPending: 10, batchMaxAgeMs: 200, batchMaxSize: 1000 });
      const accepted = Array.from({ length: 10 }, (_, i) => log.append(entry(i)));
      await assert.rejects(
        log.append(entry(99)),
        (e: unknown) => e instanceof TlogError && e.code === 'LOG_PUSHBACK',
      );
      await Promise.all(accepted);
      await log.close();
      await store.dispose();
    });

    it('pushes back at once when the oldest entry waiting to be sequenced has waited past maxQueueDelayMs', async () => {
      const store = await driver.fresh();
      const storage = faultyStorage(store.open());
      let clock = 1_000_000;
      // A batch is due at once (batchMaxAgeMs 0), so the log needs no clock but this one.
      const log = await openLog(store, {
        maxQueueDelayMs: 100,
        batchMaxAgeMs: 0,
        storage,
        now: () => clock,
      });
      // The first batch hangs on the disk; entries after it wait to be sequenced.
      storage.hang();
      const sequencing = new Promise<void>((resolve) => {
        const sequence = storage.sequence.bind(storage);
        storage.sequence = (batch) => {
          resolve();
          return sequence(batch);
        };
      });
      const accepted = [log.append(entry(0))];
      await sequencing;
      accepted.push(log.append(entry(1)), log.append(entry(2)));
      assert.equal(log.queueDelayMs, 0);
      clock += 101;
      assert.equal(log.queueDelayMs, 101);
      const refused =
        /^the log is saturated: its oldest entry waiting to be sequenced has waited 101 ms \(maxQueueDelayMs 100\); retry later$/;
      assert.throws(
        () => log.ensureRoom(),
        (e: unknown) =>
          e instanceof TlogError && e.code === 'LOG_PUSHBACK' && refused.test(e.message),
      );
      await assert.rejects(
        log.append(entry(3)),
        (e: unknown) =>
          e instanceof TlogError && e.code === 'LOG_PUSHBACK' && refused.test(e.message),
      );
      // The disk answers: what was accepted is logged, and new entries are taken again.
      storage.release();
      assert.deepEqual(
        (await Promise.all(accepted)).map((r) => r.index),
        [0, 1, 2],
      );
      assert.equal(log.queueDelayMs, 0);
      assert.equal((await log.append(entry(4))).index, 3);
      await log.close();
      // A threshold entries reach while waiting for their batch is refused at start-up.
      await assert.rejects(
        openLog(store, { maxQueueDelayMs: 25, batchMaxAgeMs: 25 }),
        /maxQueueDelayMs \(25\) must exceed batchMaxAgeMs \(25\)/,
      );
      await assert.rejects(
        openLog(store, { maxQueueDelayMs: 9 }),
        /maxQueueDelayMs must be an integer from 10 to 600000, got 9/,
      );
      await store.dispose();
    });

    it('finishes in-flight batches on close', async () => {
      const store = await driver.fresh();
      const log = await openLog(store, {
        batchMaxAgeMs: 5000,
        checkpointIntervalMs: 5000,
        appendTimeoutMs: 60_000,
        maxQueueDelayMs: 10_000,
      });
      const pending = Array.from({ length: 5 }, (_, i) => log.append(entry(i)));
      await log.close();
      const results = await Promise.all(pending);
      assert.equal(Math.max(...results.map((r) => r.index)), 4);
      assert.equal(log.checkpoint.size, 5);
      await store.dispose();
    });

    it('takes its indices from storage and stops, acknowledging nothing, when they skip its tree', async () => {
      const store = await driver.fresh();
      const storage = store.open();
      const sequence = storage.sequence.bind(storage);
      let skip = 0;
      // Another writer sequencing into the same log would move storage's next index past the tree.
      storage.sequence = async (batch) => {
        const assigned = await sequence(batch);
        return {
          firstIndex: assigned.firstIndex + skip,
          indices: assigned.indices.map((i) => i + skip),
        };
      };
      const log = await openLog(store, {
        storage,
        recoveryDelayMs: 60_000,
        recoveryMaxDelayMs: 60_000,
      });
      const first = await log.append(entry(0));
      assert.equal(first.index, 0);
      skip = 5;
      await assert.rejects(log.append(entry(1)), (error: unknown) => {
        return error instanceof TlogError && error.code === 'LOG_UNAVAILABLE';
      });
      const failure = log.failed;
      assert.ok(failure instanceof TlogError && failure.code === 'LOG_STATE_CORRUPT');
      // Shared storage (postgres) lets the holder pull the entry storage really put at 1 first.
      assert.match(failure.message, /at index 6 .* tree ends at [12]: another writer/);
      assert.equal(log.checkpoint.size, 1);
      await log.close();
      await store.dispose();
    });

    it('never runs two write cycles at once when closed mid-cycle (regression)', async () => {
      const store = await driver.fresh();
      const storage = store.open();
      const firstIndices: number[] = [];
      let active = 0;
      let overlapped = false;
      let cycleStarted!: () => void;
      const midCycle = new Promise<void>((resolve) => (cycleStarted = resolve));
      const sequence = storage.sequence.bind(storage);
      storage.sequence = async (batch) => {
        overlapped ||= ++active > 1;
        cycleStarted();
        try {
          const assigned = await sequence(batch);
          firstIndices.push(assigned.firstIndex);
          return assigned;
        } finally {
          active--;
        }
      };
      const log = await TransparencyLog.open({
        origin: ORIGIN,
        signer: noteSigner(ORIGIN, privateKey),
        storage,
        batchMaxSize: 4,
        batchMaxAgeMs: 0,
        checkpointIntervalMs: 10_000,
        appendTimeoutMs: 60_000,
      });
      const entries = Array.from({ length: 40 }, (_, i) => entry(i));
      const pending = entries.map((e) => log.append(e));
      // Closed while the first write cycle is sequencing its batch.
      await midCycle;
      await log.close();
      const results = await Promise.all(pending);
      assert.equal(overlapped, false);
      assert.deepEqual(
        firstIndices,
        Array.from({ length: 10 }, (_, i) => i * 4),
      );
      assert.equal(log.checkpoint.size, 40);
      for (const [i, result] of results.entries()) {
        verifyInclusion(
          result.index,
          result.checkpoint.size,
          leafHash(entries[i] as Buffer),
          result.proof,
          result.checkpoint.rootHash,
        );
      }
      await store.dispose();
    });

    it(
      'closes while a duplicate is being looked up in the tiles (regression)',
      { timeout: 10_000 },
      async () => {
        const store = await driver.fresh();
        const entries = Array.from({ length: 300 }, (_, i) => entry(i));
        let log = await openLog(store, { batchMaxAgeMs: 0 });
        await Promise.all(entries.map((e) => log.append(e)));
        await log.close();
        log = await openLog(store, { batchMaxAgeMs: 0 });
        const duplicate = log.append(Buffer.from(entries[0] as Buffer));
        await log.close();
        const result = await duplicate;
        assert.equal(result.duplicate, true);
        await store.dispose();
      },
    );
  });
}
