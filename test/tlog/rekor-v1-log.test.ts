import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import { RekorV1Log } from '../../src/tlog/rekor-v1/log.js';
import { REKOR_V1_KINDS } from '../../src/tlog/rekor-v1/registry.js';
import { EntryFactory } from '../helpers/entries.js';
import { tempDir } from '../helpers/server.js';

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
