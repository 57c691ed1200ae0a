import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TransparencyLog } from '../../src/tlog/log.js';
import { transparencyLogEntryJson } from '../../src/tlog/rekor.js';
import { ServerError, beforeBody, readBody, requireMediaType, send } from '../http.js';
import type { Endpoint } from '../router.js';
import type { ServiceMetrics } from '../service-metrics.js';
import { type RequestVerifier, inThreadVerifier } from '../verify-pool.js';

/** Tiles and entry bundles never change once published; the checkpoint changes constantly. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const CHECKPOINT_CACHE = 'no-cache';

/** Where Rekor v2 clients add entries. */
export const LOG_ENTRIES_PATH = '/api/v2/log/entries';
/** The tlog-tiles read API answers both at the root and under Rekor v2's /api/v2. */
const READ_PREFIXES = ['/api/v2/', '/'];

export interface LogRoutes {
  createEntry(req: IncomingMessage, res: ServerResponse): Promise<void>;
  read(path: string, res: ServerResponse): Promise<void>;
}

export function logRoutes(
  log: TransparencyLog,
  logId: Buffer,
  maxBodyBytes: number,
  { appends, requestsShed }: Pick<ServiceMetrics, 'appends' | 'requestsShed'>,
  /** Parses and verifies request bodies: a worker pool, or the event loop itself. */
  verifier: RequestVerifier = inThreadVerifier(),
): LogRoutes {
  return {
    async createEntry(req, res) {
      requireMediaType(req, ['application/json']);
      beforeBody(req, () => {
        verifier.shedIfBusy('entry');
        try {
          log.ensureRoom();
        } catch (error) {
          requestsShed.inc({ queue: 'log', job: 'entry', stage: 'arrival' });
          throw error;
        }
      });
      const entry = await verifier.verify(await readBody(req, maxBodyBytes));
      const result = await log.append(entry.body);
      appends.inc({ result: result.duplicate ? 'duplicate' : 'new' });
      // A resubmitted entry gets its existing index (and upstream's x-log-index header) with a
      // fresh proof; clients of Rekor v2 handle 201 and nothing else.
      const headers: Record<string, string> = result.duplicate
        ? { 'x-log-index': String(result.index) }
        : {};
      send(res, 201, transparencyLogEntryJson(entry, result, logId), 'application/json', headers);
    },

    read: (path, res) => readPublished(log, path, res),
  };
}

/** Answers a tlog-tiles read (`checkpoint`, `tile/...`) of `log`; the CT log's reads too. */
export async function readPublished(
  log: TransparencyLog,
  path: string,
  res: ServerResponse,
): Promise<void> {
  // A malformed tile path is a TlogError that error-status.ts answers with 404.
  const data = await log.readObject(path);
  if (data === undefined) throw new ServerError('NOT_FOUND', `${path} is not published`);
  if (path === 'checkpoint') {
    send(res, 200, data, 'text/plain; charset=utf-8', { 'cache-control': CHECKPOINT_CACHE });
  } else {
    send(res, 200, data, 'application/octet-stream', { 'cache-control': IMMUTABLE_CACHE });
  }
}

export const LOG_ENDPOINTS: readonly Endpoint<LogRoutes>[] = [
  {
    method: 'POST',
    path: LOG_ENTRIES_PATH,
    name: 'log_entries',
    handle: (api, req, res) => api.createEntry(req, res),
  },
  ...READ_PREFIXES.flatMap((prefix): Endpoint<LogRoutes>[] => [
    {
      method: 'GET',
      path: `${prefix}checkpoint`,
      name: 'checkpoint',
      handle: (api, _req, res) => api.read('checkpoint', res),
    },
    {
      method: 'GET',
      path: `${prefix}tile`,
      under: true,
      name: 'tile',
      handle: (api, _req, res, path) => api.read(path.slice(prefix.length), res),
    },
  ]),
];
