import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromBase64, toBase64 } from '../../src/core/base64.js';
import { CoreError } from '../../src/core/error.js';
import type { CtLog } from '../../src/ct/log.js';
import { addChainResponseJson } from '../../src/ct/sct.js';
import { ServerError, parseJson, readBody, requireMediaType, send, sendJson } from '../http.js';
import type { Endpoint } from '../router.js';
import { readPublished } from './log.js';

/** RFC 6962 write API (and get-roots): `/ct/v1/add-pre-chain`, `/ct/v1/add-chain`, `/ct/v1/get-roots`. */
export const CT_API_PREFIX = '/ct/v1/';
/** The CT log's tlog-tiles read path: `/ct/checkpoint`, `/ct/tile/...`. */
export const CT_READ_PREFIX = '/ct/';

export interface CtRoutes {
  addPreChain(req: IncomingMessage, res: ServerResponse): Promise<void>;
  addChain(req: IncomingMessage, res: ServerResponse): Promise<void>;
  getRoots(res: ServerResponse): void;
  /** A published object by tlog-tiles path (`checkpoint`, `tile/...`), without the prefix. */
  read(path: string, res: ServerResponse): Promise<void>;
}

export function ctRoutes(ctLog: CtLog, maxBodyBytes: number): CtRoutes {
  const rootsJson = JSON.stringify({ certificates: ctLog.roots().map((der) => toBase64(der)) });

  const submit =
    (add: (chain: Buffer[]) => ReturnType<CtLog['addChain']>) =>
    async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      requireMediaType(req, ['application/json']);
      const chain = parseChainRequest(await readBody(req, maxBodyBytes));
      sendJson(res, 200, addChainResponseJson(await add(chain)));
    };

  return {
    addPreChain: submit((chain) => ctLog.addPreChain(chain)),
    addChain: submit((chain) => ctLog.addChain(chain)),
    getRoots(res) {
      send(res, 200, rootsJson, 'application/json');
    },
    read: (path, res) => readPublished(ctLog.log, path, res),
  };
}

export const CT_ENDPOINTS: readonly Endpoint<CtRoutes>[] = [
  {
    method: 'POST',
    path: `${CT_API_PREFIX}add-pre-chain`,
    name: 'ct_add_pre_chain',
    handle: (api, req, res) => api.addPreChain(req, res),
  },
  {
    method: 'POST',
    path: `${CT_API_PREFIX}add-chain`,
    name: 'ct_add_chain',
    handle: (api, req, res) => api.addChain(req, res),
  },
  {
    method: 'GET',
    path: `${CT_API_PREFIX}get-roots`,
    name: 'ct_get_roots',
    handle: (api, _req, res) => api.getRoots(res),
  },
  {
    method: '*',
    path: CT_API_PREFIX.slice(0, -1),
    under: true,
    name: 'ct_unserved',
    handle(_api, _req, _res, path) {
      throw new ServerError(
        'NOT_FOUND',
        `${path} is not served: this CT log offers add-chain, add-pre-chain and get-roots; read its checkpoint and tiles under ${CT_READ_PREFIX}`,
      );
    },
  },
  {
    method: 'GET',
    path: `${CT_READ_PREFIX}checkpoint`,
    name: 'ct_checkpoint',
    handle: (api, _req, res) => api.read('checkpoint', res),
  },
  {
    method: 'GET',
    path: `${CT_READ_PREFIX}tile`,
    under: true,
    name: 'ct_tile',
    handle: (api, _req, res, path) => api.read(path.slice(CT_READ_PREFIX.length), res),
  },
];

const badRequest = (message: string): ServerError => new ServerError('BAD_REQUEST', message);

/** The RFC 6962 §4.1 request body: `{"chain": [base64 DER, ...]}`, leaf first. */
export function parseChainRequest(body: Buffer): Buffer[] {
  const json = parseJson(body);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw badRequest('request body must be a JSON object {"chain": [base64 DER certificates]}');
  }
  const chain = (json as Record<string, unknown>).chain;
  if (!Array.isArray(chain) || chain.length === 0) {
    throw badRequest('chain must be a non-empty array of base64 DER certificates, leaf first');
  }
  return chain.map((item, i) => {
    if (typeof item !== 'string') throw badRequest(`chain[${i}] must be a base64 string`);
    try {
      return fromBase64(item, `chain[${i}]`);
    } catch (error) {
      if (error instanceof CoreError) throw badRequest(error.message);
      throw error;
    }
  });
}
