import type { ServerResponse } from 'node:http';
import { TufError } from '../../src/tuf/error.js';
import { isRepositoryFile } from '../../src/tuf/repository.js';
import { ServerError, send } from '../http.js';
import type { Endpoint } from '../router.js';
import type { TufService } from '../tuf.js';

/** The TUF repository, read-only, at /tuf: the mirror URL Sigstore clients are given. */
export interface TufRoutes {
  file(res: ServerResponse, name: string): Promise<void>;
}

const IMMUTABLE = { 'cache-control': 'public, max-age=31536000, immutable' };
/** The timestamp changes in place; every other file is named by its version or hash. */
const REVALIDATE = { 'cache-control': 'no-cache' };

export function tufRoutes(tuf: Pick<TufService, 'read' | 'stale'>): TufRoutes {
  return {
    async file(res, name) {
      if (!isRepositoryFile(name)) {
        throw new ServerError('NOT_FOUND', `no such TUF repository file: ${name}`);
      }
      // Stale targets are withheld, and so is everything that leads a client to them.
      const stale = tuf.stale();
      if (stale !== undefined && !/^\d+\.root\.json$/.test(name)) {
        throw new TufError('TARGETS_STALE', stale);
      }
      const data = await tuf.read(name);
      if (data === undefined) throw new ServerError('NOT_FOUND', `no such TUF file: ${name}`);
      const type = name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
      send(res, 200, data, type, name === 'timestamp.json' ? REVALIDATE : IMMUTABLE);
    },
  };
}

export const TUF_ENDPOINTS: readonly Endpoint<TufRoutes>[] = [
  {
    method: 'GET',
    path: '/tuf',
    under: true,
    name: 'tuf',
    handle: (api, _req, res, path) => api.file(res, path.slice('/tuf/'.length)),
  },
];
