import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { CoreError, SignetError } from '../src/core/error.js';
import { PrehashError } from '../src/core/prehash.js';
import { TlogError } from '../src/tlog/error.js';
import { type LoggableEntry, entryFromRequest } from '../src/tlog/rekor.js';
import { ServerError, parseJson } from './http.js';

/**
 * The signature verification worker of verify-pool.ts, and the message format both sides
 * share. Loaded with `workerData` = WORKER_ROLE it serves batches: verifies each request body
 * and answers with the canonical entries packed into one transferred buffer. Every error is
 * caught per request and sent back, so no input can stop the thread. Imported anywhere else
 * (the pool imports it for the format) it only defines things.
 *
 * This file must not import verify-pool.ts. With `assetBuilds`, ncc bundles the file that the
 * pool's `new URL('./verify-worker.js', import.meta.url)` names as a bundle of its own; if
 * that bundle contained the pool (and so the same reference), ncc would also copy the
 * unbundled verify-worker.js into dist/ under another name.
 */

export const WORKER_ROLE = 'signet-verify-worker';

/** What a log-entry POST body becomes: the canonical entry, or the error `entryFromRequest` throws. */
export function verifyRequestBody(body: Buffer): LoggableEntry {
  return entryFromRequest(parseJson(body));
}

// ---------------------------------------------------------------- wire format

/** An error as it crosses the thread boundary. */
export interface WireError {
  /** Which class to rebuild; anything unknown becomes a plain Error (a 500). */
  kind: 'ServerError' | 'TlogError' | 'PrehashError' | 'CoreError' | 'Error';
  code: string;
  message: string;
  status?: number;
  headers?: Record<string, string>;
  stack?: string;
}

/** Main thread to worker: request bodies packed back to back into `data`. */
export interface VerifyBatch {
  seq: number;
  lengths: number[];
  data: ArrayBuffer;
}

/** Worker to main thread: per request, the entry body's length in `data`, or the error. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; seq: number; results: (number | WireError)[]; data: ArrayBuffer };

export function toWireError(error: unknown): WireError {
  if (error instanceof ServerError) {
    return {
      kind: 'ServerError',
      code: error.code,
      message: error.message,
      status: error.status,
      headers: error.headers,
    };
  }
  for (const [kind, cls] of [
    ['TlogError', TlogError],
    ['PrehashError', PrehashError],
    ['CoreError', CoreError],
  ] as const) {
    if (error instanceof cls) return { kind, code: error.code, message: error.message };
  }
  const plain = error instanceof Error ? error : new Error(String(error));
  return {
    kind: 'Error',
    code: error instanceof SignetError ? error.code : plain.name,
    message: plain.message,
    stack: plain.stack,
  };
}

export function fromWireError(wire: WireError): Error {
  switch (wire.kind) {
    case 'ServerError':
      return new ServerError(wire.code as ServerError['code'], wire.status ?? 500, wire.message, {
        headers: wire.headers,
      });
    case 'TlogError':
      return new TlogError(wire.code as TlogError['code'], wire.message);
    case 'PrehashError':
      return new PrehashError(wire.code as PrehashError['code'], wire.message);
    case 'CoreError':
      return new CoreError(wire.code as CoreError['code'], wire.message);
    default: {
      const error = new Error(wire.message);
      error.name = wire.code;
      if (wire.stack !== undefined) error.stack = `${wire.stack}\n    (in a verification worker)`;
      return error;
    }
  }
}

/** Copies buffers back to back into one fresh ArrayBuffer (never a pooled one: it is transferred). */
export function pack(buffers: readonly Uint8Array[]): ArrayBuffer {
  let total = 0;
  for (const b of buffers) total += b.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.length;
  }
  return out.buffer;
}

// ---------------------------------------------------------------- the worker

function serve(port: NonNullable<typeof parentPort>): void {
  port.on('message', ({ seq, lengths, data }: VerifyBatch) => {
    const input = Buffer.from(data);
    const results: (number | WireError)[] = [];
    const bodies: Buffer[] = [];
    let offset = 0;
    for (const length of lengths) {
      const body = input.subarray(offset, offset + length);
      offset += length;
      try {
        const entry = verifyRequestBody(body);
        results.push(entry.body.length);
        bodies.push(entry.body);
      } catch (error) {
        results.push(toWireError(error));
      }
    }
    const out = pack(bodies);
    const answer: WorkerMessage = { type: 'done', seq, results, data: out };
    port.postMessage(answer, [out]);
  });
  const ready: WorkerMessage = { type: 'ready' };
  port.postMessage(ready);
}

if (!isMainThread && parentPort !== null && workerData === WORKER_ROLE) serve(parentPort);
