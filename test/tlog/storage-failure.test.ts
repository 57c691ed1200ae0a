import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { noteSigner } from '../../src/core/note.js';
import { TlogError } from '../../src/tlog/error.js';
import { type LogTuning, TransparencyLog } from '../../src/tlog/log.js';
import { tempDir } from '../helpers/server.js';
import { FaultyStorage, errno } from './faulty-storage.js';

/**
 * The log engine when its storage fails: every writer is answered, whatever step failed.
 * The storage is the real POSIX one behind a seam that fails on demand (faulty-storage.ts).
 */

const ORIGIN = 'log.example.test';
const { privateKey } = generateKeyPairSync('ed25519');

/** How long any writer may wait for its answer here: far above a healthy append (milliseconds). */
const ANSWER_WITHIN_MS = 5_000;

const entry = (i: number): Buffer => Buffer.from(`entry ${i} ${randomBytes(8).toString('hex')}`);

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

/** How `promise` settled, or a failure naming the wait if it did not within ANSWER_WITHIN_MS. */
async function answer<T>(promise: Promise<T>, what: string): Promise<PromiseSettledResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${ANSWER_WITHIN_MS} ms`)),
      ANSWER_WITHIN_MS,
    );
  });
  try {
    return await Promise.race([
      promise.then(
        (value): PromiseFulfilledResult<T> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const isLogError = (reason: unknown, code: TlogError['code']): boolean =>
  reason instanceof TlogError && reason.code === code;

describe('TransparencyLog: a failing storage', () => {
  it('answers every writer when a journal write fails: the batch in hand, the queue and duplicates', async () => {
    const dir = await tempDir();
    const storage = new FaultyStorage(dir);
    // Batches of two: the first two writers are in the batch being written, the rest queue.
    const log = await openLog(storage, { batchMaxSize: 2 });
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
    await rm(dir, { recursive: true });
  });

  it('answers a writer whose entry is not published within appendTimeoutMs, and logs it later', async () => {
    const dir = await tempDir();
    const storage = new FaultyStorage(dir);
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
      openLog(new FaultyStorage(dir), { appendTimeoutMs: 200, checkpointIntervalMs: 250 }),
      /appendTimeoutMs \(200\) must exceed batchMaxAgeMs \+ checkpointIntervalMs \(251\)/,
    );
    await rm(dir, { recursive: true });
  });
});
