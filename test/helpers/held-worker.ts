import { BroadcastChannel, isMainThread, parentPort } from 'node:worker_threads';

/**
 * The real verification worker (server/verify-worker.ts) behind a gate a test can shut: while
 * it is shut, the worker blocks on the next batch it receives, as a worker starved of CPU would,
 * and batches after it wait in its queue. Load it with `VerifyPool.start({ workerUrl:
 * HELD_WORKER_URL })` for a pool of one worker, and get its gate with `gateOf()`.
 */

export const HELD_WORKER_URL = new URL(import.meta.url);

const CHANNEL = 'signet-test-held-worker';
const OPEN = 0;
const SHUT = 1;

export interface WorkerGate {
  /** The worker blocks on the next batch it receives. */
  shut(): void;
  /** The worker goes on (with the batch it blocked on, if any). */
  open(): void;
}

/** The gate of the next held worker to start; call it before starting the pool. */
export function gateOf(withinMs = 15_000): Promise<WorkerGate> {
  const channel = new BroadcastChannel(CHANNEL);
  return new Promise<WorkerGate>((resolve, reject) => {
    const bound = setTimeout(() => {
      channel.close();
      reject(new Error(`no held worker started within ${withinMs} ms`));
    }, withinMs);
    channel.onmessage = (event) => {
      clearTimeout(bound);
      channel.close();
      const cell = new Int32Array((event as { data: SharedArrayBuffer }).data);
      resolve({
        shut: () => Atomics.store(cell, 0, SHUT),
        open: () => {
          Atomics.store(cell, 0, OPEN);
          Atomics.notify(cell, 0);
        },
      });
    };
  });
}

if (!isMainThread && parentPort !== null) {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  // Registered before the real worker's handler, so it runs first for every batch.
  parentPort.on('message', () => {
    Atomics.wait(cell, 0, SHUT);
  });
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(cell.buffer);
  channel.unref();
  // Imported only now: a static import would register the real handler first.
  await import('../../server/verify-worker.js');
}
