import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import { noteSigner } from '../../src/core/note.js';
import { signCheckpoint } from '../../src/tlog/checkpoint.js';
import { integrationTimes } from '../../src/tlog/rekor-v1/integrated-time.js';
import { RekorV1Log } from '../../src/tlog/rekor-v1/log.js';
import { isShared } from '../../src/tlog/storage.js';
import { REKOR_V1_KINDS } from '../../src/tlog/rekor-v1/registry.js';
import { EntryFactory } from '../helpers/entries.js';
import { tempDir } from '../helpers/server.js';
import { Events } from './log-events.js';
import { SharedMemoryStore } from './shared-memory-storage.js';

describe('the Rekor v1 log: integration times', () => {
  it('keeps each entry at the time of the publication that added it, across tiles and restarts', async () => {
    const dir = await tempDir();
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    let clock = 1_700_000_000_000;
    const open = () =>
      RekorV1Log.open({
        host: 'log.example',
        treeId: '1234567890123',
        key,
        storage: new PosixLogStorage(dir),
        kinds: REKOR_V1_KINDS,
        // Every batch and checkpoint due at once, so that the fixed clock never stalls the log.
        batchMaxAgeMs: 0,
        checkpointIntervalMs: 0,
        now: () => clock,
      });
    const factory = new EntryFactory();
    const add = async (log: RekorV1Log, count: number): Promise<void> => {
      const entries = Array.from({ length: count }, () => factory.v1Request(randomBytes(16)));
      await Promise.all(entries.map((entry) => log.add(entry)));
    };
    const timesOf = async (log: RekorV1Log, size: number): Promise<number[]> =>
      Promise.all(
        Array.from({ length: size }, async (_, index) => {
          const [entry] = Object.values(await log.byIndex(index));
          return entry?.integratedTime as number;
        }),
      );

    let log = await open();
    try {
      // Three publication times, the middle one crossing the first 256-entry tile.
      await add(log, 200);
      clock += 100_000;
      await add(log, 100);
      clock += 100_000;
      await add(log, 250);
      const size = log.info().treeSize;
      assert.equal(size, 550);
      const times = await timesOf(log, size);
      const seconds = (ms: number) => Math.floor(ms / 1000);
      assert.deepEqual(
        [times[0], times[199], times[200], times[255], times[256], times[299], times[300]],
        [
          seconds(clock - 200_000),
          seconds(clock - 200_000),
          seconds(clock - 100_000),
          seconds(clock - 100_000),
          seconds(clock - 100_000),
          seconds(clock - 100_000),
          seconds(clock),
        ],
      );
      assert.ok(times.every((t, i) => i === 0 || t >= (times[i - 1] as number)));

      await log.close();
      clock += 100_000;
      log = await open();
      assert.deepEqual(await timesOf(log, size), times, 'a restart changed an integratedTime');
      await add(log, 10);
      const after = await timesOf(log, size + 10);
      assert.deepEqual(after.slice(0, size), times);
      assert.deepEqual(new Set(after.slice(size)), new Set([Math.floor(clock / 1000)]));
    } finally {
      await log.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the Rekor v1 log on storage shared by replicas', () => {
  it('answers a follower’s writers with the holder’s times, which every replica then serves', async () => {
    const store = new SharedMemoryStore();
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    // The logs' clock jumps 100 s between rounds, so each round's time is its own; the lease
    // outlasts the jumps, so they never cost the holder its lease.
    let offset = 0;
    const now = (): number => Date.now() + offset;
    const open = (id: string): Promise<RekorV1Log> =>
      RekorV1Log.open({
        host: 'log.example',
        treeId: '1234567890123',
        key,
        storage: store.replica(),
        kinds: REKOR_V1_KINDS,
        batchMaxAgeMs: 1,
        checkpointIntervalMs: 5,
        replica: { id, leaseTtlMs: 600_000, leaseRenewMs: 50, followIntervalMs: 5 },
        now,
      });
    const factory = new EntryFactory();
    const a = await open('a');
    const b = await open('b');
    const answered = new Map<number, number>();
    /** Adds `count` entries through `log`; each answer's time is within the round's. */
    const round = async (log: RekorV1Log, count: number): Promise<void> => {
      const start = Math.floor(now() / 1000);
      const results = await Promise.all(
        Array.from({ length: count }, () => log.add(factory.v1Request(randomBytes(16)))),
      );
      const end = Math.floor(now() / 1000);
      for (const result of results) {
        const [entry] = Object.values(result.entry ?? {});
        assert.ok(entry, 'a new entry is answered in full');
        assert.ok(entry.integratedTime >= start && entry.integratedTime <= end);
        answered.set(entry.logIndex, entry.integratedTime);
      }
      offset += 100_000;
    };
    const served = async (log: RekorV1Log): Promise<void> => {
      for (const [index, time] of answered) {
        const [entry] = Object.values(await log.byIndex(index));
        assert.equal(entry?.integratedTime, time, `integratedTime of ${index}`);
      }
    };
    try {
      assert.deepEqual([a.engine.leaseHeld, b.engine.leaseHeld], [true, false]);
      // Three rounds through the follower, the second crossing the first 256-entry tile.
      for (const count of [200, 100, 250]) await round(b, count);
      assert.equal(answered.size, 550);
      assert.deepEqual(new Set(answered.keys()), new Set(Array.from({ length: 550 }, (_, i) => i)));
      await served(a);
      await served(b);

      // The holder goes; the follower takes the lease over and keeps every time.
      const taken = new Events(b.engine).next('lease-taken');
      await a.close();
      await taken;
      await round(b, 10);
      await served(b);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps the times a previous holder published after this replica read the store', async () => {
    // A replica reads the store at start and takes the lease afterwards (it was not free yet):
    // the holder it replaces may publish in between, as a replica shutting down does before it
    // gives the lease back. Those entries' writers have their times; they must stand.
    const store = new SharedMemoryStore();
    const { privateKey } = generateKeyPairSync('ed25519');
    const note = (size: number): string =>
      signCheckpoint({ origin: 'o', size, rootHash: Buffer.alloc(32), extensions: [] }, [
        noteSigner('o', privateKey),
      ]);
    let clock = 1_000;
    const a = integrationTimes(store.replica(), () => clock);
    const b = integrationTimes(store.replica(), () => clock);
    assert.ok(isShared(a) && isShared(b));
    assert.equal(await a.lease('a', 60_000), true);
    await a.recover();
    await a.publish(new Map(), note(2), 2);
    await b.recover();
    assert.equal(await b.lease('b', 60_000), false);
    clock = 2_000;
    await a.publish(new Map(), note(5), 5);
    await a.close(); // gives the lease back
    assert.equal(await b.lease('b', 60_000), true);
    clock = 3_000;
    await b.publish(new Map(), note(7), 7);
    const times = await Promise.all(Array.from({ length: 7 }, (_, i) => b.timeOf(i, 7)));
    assert.deepEqual(times, [1_000, 1_000, 2_000, 2_000, 2_000, 3_000, 3_000]);
    assert.equal(await a.timeOf(3, 5), 2_000);
  });
});
