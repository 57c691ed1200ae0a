import type { IncomingMessage, ServerResponse } from 'node:http';
import { TlogError } from '../../src/tlog/error.js';
import type { TransparencyLog } from '../../src/tlog/log.js';
import { transparencyLogEntry } from '../../src/tlog/rekor.js';
import { ServerError, readBody, requireMediaType, send, sendJson } from '../http.js';
import type { Counter } from '../metrics.js';
import { type RequestVerifier, inThreadVerifier } from '../verify-pool.js';

/** Tiles and entry bundles never change once published; the checkpoint changes constantly. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const CHECKPOINT_CACHE = 'no-cache';

export interface LogRoutes {
  createEntry(req: IncomingMessage, res: ServerResponse): Promise<void>;
  read(path: string, res: ServerResponse): Promise<void>;
}

export function logRoutes(
  log: TransparencyLog,
  logId: Buffer,
  maxBodyBytes: number,
  appends: Counter,
  /** Parses and verifies request bodies: a worker pool, or the event loop itself. */
  verifier: RequestVerifier = inThreadVerifier(),
): LogRoutes {
  return {
    async createEntry(req, res) {
      requireMediaType(req, ['application/json']);
      const entry = await verifier.verify(await readBody(req, maxBodyBytes));
      const result = await log.append(entry.body);
      appends.inc({ result: result.duplicate ? 'duplicate' : 'new' });
      // A resubmitted entry gets its existing index (and upstream's x-log-index header) with a
      // fresh proof; clients of Rekor v2 handle 201 and nothing else.
      const headers: Record<string, string> = result.duplicate
        ? { 'x-log-index': String(result.index) }
        : {};
      sendJson(res, 201, transparencyLogEntry(entry, result, logId), headers);
    },

    async read(path, res) {
      let data: Buffer | undefined;
      try {
        data = await log.readObject(path);
      } catch (error) {
        if (error instanceof TlogError && error.code === 'TILE_PATH_INVALID') {
          throw new ServerError('NOT_FOUND', 404, error.message);
        }
        throw error;
      }
      if (data === undefined) throw new ServerError('NOT_FOUND', 404, `${path} is not published`);
      if (path === 'checkpoint') {
        send(res, 200, data, 'text/plain; charset=utf-8', { 'cache-control': CHECKPOINT_CACHE });
      } else {
        send(res, 200, data, 'application/octet-stream', { 'cache-control': IMMUTABLE_CACHE });
      }
    },
  };
}

/** HTTP status for a log error: bad entries are the client's fault, pushback and failure are not. */
export function logErrorStatus(error: TlogError): {
  status: number;
  headers: Record<string, string>;
} {
  switch (error.code) {
    case 'ENTRY_INVALID':
    case 'ENTRY_UNSUPPORTED':
      return { status: 400, headers: {} };
    case 'ENTRY_TOO_LARGE':
      return { status: 413, headers: {} };
    case 'LOG_PUSHBACK':
      return { status: 503, headers: { 'retry-after': '1' } };
    case 'LOG_CLOSED':
    case 'LOG_UNAVAILABLE':
      return { status: 503, headers: {} };
    case 'LOG_INDEX_INVALID':
    case 'TILE_PATH_INVALID':
      return { status: 404, headers: {} };
    default:
      return { status: 500, headers: {} };
  }
}
