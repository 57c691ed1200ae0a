import type { IncomingMessage, ServerResponse } from 'node:http';
import { createPublicKey } from 'node:crypto';
import { RekorV1Error } from '../../src/tlog/rekor-v1/kinds.js';
import type { RekorV1Log, V1Answer } from '../../src/tlog/rekor-v1/log.js';
import { parseSearchQuery } from '../../src/tlog/rekor-v1/search.js';
import { parseJson, readBody, requireMediaType, send, sendJson } from '../http.js';
import type { Endpoint } from '../router.js';

/** Rekor v1's REST API (rekor openapi.yaml), served by the Rekor v1 log. */
export const REKOR_V1_LOG_PATH = '/api/v1/log';
export const REKOR_V1_ENTRIES_PATH = `${REKOR_V1_LOG_PATH}/entries`;
const RETRIEVE_PATH = `${REKOR_V1_ENTRIES_PATH}/retrieve`;
export const REKOR_V1_INDEX_PATH = '/api/v1/index/retrieve';

/** Upstream's maxSearchQueries: UUIDs, indexes and entries of one retrieve request together. */
export const MAX_RETRIEVE_QUERIES = 10;

export interface RekorV1Routes {
  createEntry(req: IncomingMessage, res: ServerResponse): Promise<void>;
  entryByIndex(req: IncomingMessage, res: ServerResponse): Promise<void>;
  entryById(path: string, res: ServerResponse): Promise<void>;
  retrieve(req: IncomingMessage, res: ServerResponse): Promise<void>;
  search(req: IncomingMessage, res: ServerResponse): Promise<void>;
  info(res: ServerResponse): void;
  publicKey(res: ServerResponse): void;
  proof(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const queryOf = (req: IncomingMessage): URLSearchParams =>
  new URL(req.url ?? '/', 'http://localhost').searchParams;

/** A non-negative integer query parameter, or undefined when absent. */
function integerParam(query: URLSearchParams, name: string, min: number): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new RekorV1Error(
      'QUERY_INVALID',
      `${name} must be an integer of at least ${min}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

function required(value: number | undefined, name: string): number {
  if (value === undefined) throw new RekorV1Error('QUERY_INVALID', `${name} is required`);
  return value;
}

function list(from: Record<string, unknown>, name: string): unknown[] {
  const value = from[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RekorV1Error('QUERY_INVALID', `${name} must be an array`);
  return value;
}

export function rekorV1Routes(log: RekorV1Log, maxBodyBytes: number): RekorV1Routes {
  const readJson = async (req: IncomingMessage): Promise<unknown> => {
    requireMediaType(req, ['application/json']);
    return parseJson(await readBody(req, maxBodyBytes));
  };
  const publicKeyPem = createPublicKey(log.identity.key).export({
    type: 'spki',
    format: 'pem',
  }) as string;

  return {
    async createEntry(req, res) {
      const { entryId, entry } = await log.add(await readJson(req));
      // Upstream's location: the request path and the entry ID.
      const location = `${REKOR_V1_ENTRIES_PATH}/${entryId}`;
      if (entry === undefined) {
        throw new RekorV1Error(
          'ENTRY_EXISTS',
          `an equivalent entry already exists in the transparency log with UUID ${entryId}`,
          { headers: { location } },
        );
      }
      sendJson(res, 201, entry, { location, etag: entryId });
    },

    async entryByIndex(req, res) {
      const index = required(integerParam(queryOf(req), 'logIndex', 0), 'logIndex');
      sendJson(res, 200, await log.byIndex(index));
    },

    async entryById(path, res) {
      const id = path.slice(REKOR_V1_ENTRIES_PATH.length + 1);
      sendJson(res, 200, await log.byId(id));
    },

    async retrieve(req, res) {
      const body = await readJson(req);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new RekorV1Error('QUERY_INVALID', 'the search request must be a JSON object');
      }
      const query = body as Record<string, unknown>;
      const ids = list(query, 'entryUUIDs');
      const indexes = list(query, 'logIndexes');
      const entries = list(query, 'entries');
      if (ids.length + indexes.length + entries.length > MAX_RETRIEVE_QUERIES) {
        throw new RekorV1Error(
          'QUERY_INVALID',
          `more than max allowed ${MAX_RETRIEVE_QUERIES} entries in request`,
        );
      }
      const found: V1Answer[] = [];
      const unlessMissing = async (lookup: () => Promise<V1Answer | undefined>) => {
        try {
          const answer = await lookup();
          if (answer !== undefined) found.push(answer);
        } catch (error) {
          // Upstream leaves out what it does not find; malformed queries are still refused.
          if (!(error instanceof RekorV1Error && error.code === 'ENTRY_NOT_FOUND')) throw error;
        }
      };
      for (const id of ids) {
        if (typeof id !== 'string') {
          throw new RekorV1Error('QUERY_INVALID', 'entryUUIDs must hold strings');
        }
        await unlessMissing(() => log.byId(id));
      }
      for (const entry of entries) await unlessMissing(() => log.byProposedEntry(entry));
      for (const index of indexes) {
        if (!Number.isSafeInteger(index) || (index as number) < 0) {
          throw new RekorV1Error('QUERY_INVALID', 'logIndexes must hold non-negative integers');
        }
        await unlessMissing(() => log.byIndex(index as number));
      }
      sendJson(res, 200, found);
    },

    async search(req, res) {
      sendJson(res, 200, await log.search(parseSearchQuery(await readJson(req))));
    },

    info(res) {
      sendJson(res, 200, log.info());
    },

    publicKey(res) {
      send(res, 200, publicKeyPem, 'application/x-pem-file');
    },

    async proof(req, res) {
      const query = queryOf(req);
      const firstSize = integerParam(query, 'firstSize', 1) ?? 1;
      const lastSize = required(integerParam(query, 'lastSize', 1), 'lastSize');
      sendJson(res, 200, await log.consistency(firstSize, lastSize));
    },
  };
}

const v1 = { errorStyle: 'rekor-v1' } as const;

export const REKOR_V1_ENDPOINTS: readonly Endpoint<RekorV1Routes>[] = [
  {
    method: 'GET',
    path: REKOR_V1_LOG_PATH,
    name: 'rekor_v1_log',
    ...v1,
    handle: (api, _req, res) => api.info(res),
  },
  {
    method: 'GET',
    path: `${REKOR_V1_LOG_PATH}/publicKey`,
    name: 'rekor_v1_public_key',
    ...v1,
    handle: (api, _req, res) => api.publicKey(res),
  },
  {
    method: 'GET',
    path: `${REKOR_V1_LOG_PATH}/proof`,
    name: 'rekor_v1_proof',
    ...v1,
    handle: (api, req, res) => api.proof(req, res),
  },
  {
    method: 'POST',
    path: REKOR_V1_ENTRIES_PATH,
    name: 'rekor_v1_entries',
    ...v1,
    handle: (api, req, res) => api.createEntry(req, res),
  },
  {
    method: 'GET',
    path: REKOR_V1_ENTRIES_PATH,
    name: 'rekor_v1_entry_by_index',
    ...v1,
    handle: (api, req, res) => api.entryByIndex(req, res),
  },
  {
    method: 'POST',
    path: RETRIEVE_PATH,
    name: 'rekor_v1_retrieve',
    ...v1,
    handle: (api, req, res) => api.retrieve(req, res),
  },
  {
    method: 'POST',
    path: REKOR_V1_INDEX_PATH,
    name: 'rekor_v1_index_retrieve',
    ...v1,
    handle: (api, req, res) => api.search(req, res),
  },
  {
    method: 'GET',
    path: REKOR_V1_ENTRIES_PATH,
    under: true,
    name: 'rekor_v1_entry',
    ...v1,
    handle: (api, _req, res, path) => api.entryById(path, res),
  },
];
