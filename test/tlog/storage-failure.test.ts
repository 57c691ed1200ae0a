import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import { noteSigner } from '../../src/core/note.js';
import type { TlogError } from '../../src/tlog/error.js';
import { type AppendResult, type LogTuning, TransparencyLog } from '../../src/tlog/log.js';
import { storageDrivers } from '../helpers/log-storage.js';
import { tempDir } from '../helpers/server.js';
import { type Fault, type FaultyStorage, faultyStorage, errno } from './faulty-storage.js';
import { Events, answer } from './log-events.js';
import { Writers, checkNothingLost, entry, isLogError } from './log-load.js';

/**
 * The log engine when its storage fails: every writer is answered, whatever step failed.
 * The storage is a real one, each driver in turn, behind a seam that fails on demand
 * (faulty-storage.ts).
 */

const ORIGIN = 'log.example.test';
const { privateKey } = generateKeyPairSync('ed25519');

async function openLog(
  storage: FaultyStorage,
  tuning: Partial<LogTuning> = {},
): Promise<TransparencyLog> {
  return TransparencyLog.open({
    origin: ORIGIN,
    signer: noteSigner(ORIGIN, privateKey),
    storage,
    batchMaxAgeMs: 1,
    checkpointIntervalMs: 0,
    ...tuning,
  });
}

for (const driver of storageDrivers()) {
  describe(`TransparencyLog: a failing ${driver.name} storage`, { skip: driver.skip }, () => {
    before(() => driver.setUp());
    after(() => driver.tearDown());

    it('answers every writer when a journal write fails: the batch in hand, the queue and duplicates', async () => {
      const store = await driver.fresh();
      const storage = faultyStorage(store.open());
      // Batches of two: the first two writers are in the batch being written, the rest queue.
      // Recovery later than this test looks: the log must still be stopped when it checks.
      const log = await openLog(storage, {
        batchMaxSize: 2,
        recoveryDelayMs: 60_000,
        recoveryMaxDelayMs: 60_000,
      });
      await log.append(entry(0));
      storage.fault = { steps: ['sequence'], error: () => errno('EIO', 'i/o error, write') };
      const entries = Array.from({ length: 5 }, (_, i) => entry(i + 1));
      const writes = [...entries, Buffer.from(entries[0] as Buffer)].map((e) => log.append(e));
      const outcomes = await Promise.all(writes.map((w, i) => answer(w, `writer ${i}`)));
      for (const [i, outcome] of outcomes.entries()) {
        assert.equal(outcome.status, 'rejected', `writer ${i} was told its entry was logged`);
        const reason = (outcome as PromiseRejectedResult).reason as TlogError;
        assert.ok(isLogError(reason, 'LOG_UNAVAILABLE'), `writer ${i}: ${String(reason)}`);
        assert.equal((reason.cause as NodeJS.ErrnoException).code, 'EIO');
      }
      assert.equal(storage.failures.sequence, 1);
      assert.equal((log.failed as NodeJS.ErrnoException).code, 'EIO');
      await log.close();
      await store.dispose();
    });

    it('answers a writer whose entry is not published within appendTimeoutMs, and logs it later', async () => {
      const store = await driver.fresh();
      const storage = faultyStorage(store.open());
      const log = await openLog(storage, { appendTimeoutMs: 200 });
      storage.hang();
      const e = entry(1);
      const outcome = await answer(log.append(e), 'a writer on a hung disk');
      assert.equal(outcome.status, 'rejected');
      const reason = (outcome as PromiseRejectedResult).reason as TlogError;
      assert.ok(isLogError(reason, 'LOG_PUSHBACK'), String(reason));
      assert.match(reason.message, /not published within 200 ms/);
      // The entry was accepted all the same: once the disk answers, a resubmission finds it.
      storage.release();
      const again = await log.append(Buffer.from(e));
      assert.equal(again.index, 0);
      await log.close();
      // A deadline no healthy append could meet is refused at start-up.
      await assert.rejects(
        openLog(faultyStorage(store.open()), {
          appendTimeoutMs: 200,
          checkpointIntervalMs: 250,
        }),
        /appendTimeoutMs \(200\) must exceed batchMaxAgeMs \+ checkpointIntervalMs \(251\)/,
      );
      await store.dispose();
    });

    it('recovers in-process once storage heals: every acknowledged entry at its index, no fork', async () => {
      const store = await driver.fresh();
      const storage = faultyStorage(store.open());
      const log = await openLog(storage, {
        batchMaxSize: 4,
        recoveryDelayMs: 10,
        recoveryMaxDelayMs: 100,
      });
      const events = new Events(log);
      const writers = new Writers(log, events, 8);
      // A write that fails before reaching the disk (ENOSPC) and one that reaches it and then
      // reports failure (EIO from fsync), in the journal and in publication.
      const faults: Fault[] = [
        { steps: ['sequence', 'publish'], error: () => errno('ENOSPC', 'no space left on device') },
        { steps: ['sequence', 'publish'], error: () => errno('EIO', 'i/o error'), when: 'after' },
        { steps: ['publish'], error: () => errno('ENOSPC', 'no space left on device') },
        { steps: ['publish'], error: () => errno('EIO', 'i/o error'), when: 'after' },
      ];
      for (const fault of faults) {
        await writers.acknowledge(20);
        const stopped = events.next('stopped');
        storage.fault = fault;
        assert.equal(((await stopped).error as NodeJS.ErrnoException).code, fault.error().code);
        const published = log.checkpoint.size;
        // While the disk is broken, recovery is retried and fails: the log stays stopped.
        const retried = await events.next('recovery-failed');
        assert.equal((retried.error as NodeJS.ErrnoException).code, fault.error().code);
        assert.ok(log.failed !== undefined);
        await assert.rejects(log.append(entry(-1)), (e: unknown) =>
          isLogError(e, 'LOG_UNAVAILABLE'),
        );
        const recovered = events.next('recovered');
        storage.fault = undefined;
        assert.ok((await recovered).size >= published);
        assert.equal(log.failed, undefined);
      }
      await writers.acknowledge(20);
      await writers.stop();
      assert.equal(events.of('stopped').length, faults.length);
      assert.equal(events.of('recovered').length, faults.length);
      assert.ok(writers.refused > 0, 'some writers were refused while the log was stopped');
      await checkNothingLost(log, writers.acknowledged);
      const size = log.checkpoint.size;
      await log.close();
      // And the disk holds what the recovered log published: a restart finds the same log.
      const reopened = await TransparencyLog.open({
        origin: ORIGIN,
        signer: noteSigner(ORIGIN, privateKey),
        storage: store.open(),
      });
      assert.equal(reopened.checkpoint.size, size);
      await checkNothingLost(reopened, writers.acknowledged);
      await reopened.close();
      await store.dispose();
    });

    // It rolls files back; a rolled-back database is test/tlog/replicas.test.ts's.
    if (driver.name === 'posix') {
      it('stays stopped rather than resume from storage that lost published entries', async () => {
        const dir = await tempDir();
        const storage = faultyStorage(new PosixLogStorage(dir));
        const log = await openLog(storage, { recoveryDelayMs: 10, recoveryMaxDelayMs: 100 });
        const events = new Events(log);
        await log.append(entry(0));
        const older = (await storage.inner.read('checkpoint')) as Buffer;
        await Promise.all([1, 2, 3].map((i) => log.append(entry(i))));
        const stopped = events.next('stopped');
        storage.fault = { steps: ['sequence', 'publish'], error: () => errno('EIO', 'i/o error') };
        await assert.rejects(log.append(entry(4)));
        await stopped;
        // The disk comes back with an older checkpoint and no journal: resuming from it would
        // reuse indices 1-3 for other entries.
        await writeFile(join(dir, 'checkpoint'), older);
        await rm(join(dir, 'journal'), { recursive: true });
        storage.fault = undefined;
        let refused = await events.next('recovery-failed');
        // An attempt that started before the disk came back may still report the I/O error.
        if (!isLogError(refused.error, 'LOG_STATE_CORRUPT'))
          refused = await events.next('recovery-failed');
        assert.ok(isLogError(refused.error, 'LOG_STATE_CORRUPT'), String(refused.error));
        assert.match(String(refused.error), /size 1\b.*size 4\b/);
        assert.ok(log.failed !== undefined);
        assert.equal(log.checkpoint.size, 4);
        await log.close();
        await rm(dir, { recursive: true });
      });
    }

    it('retries a storage step that ran out of file descriptors (EMFILE, ENFILE), never stopping', async () => {
      const store = await driver.fresh();
      const storage = faultyStorage(store.open());
      const log = await openLog(storage, { batchMaxSize: 4 });
      const events = new Events(log);
      const results: Promise<AppendResult>[] = [];
      const entries: Buffer[] = [];
      for (const [code, steps] of [
        ['EMFILE', ['sequence']],
        ['ENFILE', ['publish']],
        ['EMFILE', ['sequence', 'publish', 'read']],
      ] as const) {
        // A descriptor shortage that lasts a few attempts, as a connection flood does.
        storage.fault = { steps, error: () => errno(code, 'too many open files'), times: 3 };
        const batch = Array.from({ length: 10 }, (_, i) => entry(entries.length + i));
        entries.push(...batch);
        results.push(...batch.map((e) => log.append(e)));
        const outcomes = await Promise.all(results.map((r, i) => answer(r, `writer ${i}`)));
        for (const [i, outcome] of outcomes.entries()) {
          assert.equal(
            outcome.status,
            'fulfilled',
            `writer ${i}: ${String((outcome as PromiseRejectedResult).reason)}`,
          );
        }
      }
      assert.equal(log.failed, undefined);
      assert.deepEqual(events.of('stopped'), []);
      const busy = events.of('storage-busy');
      assert.equal(busy.length, 9);
      assert.deepEqual(
        busy.map((e) => (e.error as NodeJS.ErrnoException).code),
        ['EMFILE', 'EMFILE', 'EMFILE', 'ENFILE', 'ENFILE', 'ENFILE', 'EMFILE', 'EMFILE', 'EMFILE'],
      );
      // Backing off: each retry of a step waits longer than the one before.
      assert.ok(busy[1]!.retryInMs > busy[0]!.retryInMs);
      const acknowledged = await Promise.all(results);
      await checkNothingLost(
        log,
        acknowledged.map((result, i) => ({ entry: entries[i] as Buffer, result })),
      );
      await log.close();
      await store.dispose();
    });
  });
}
