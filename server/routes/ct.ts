import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromBase64, toBase64 } from '../../src/core/base64.js';
import { CoreError } from '../../src/core/error.js';
import { CtError } from '../../src/ct/error.js';
import type { CtLog } from '../../src/ct/log.js';
import { addChainResponseJson } from '../../src/ct/sct.js';
import { ServerError, parseJson, readBody, requireMediaType, send, sendJson } from '../http.js';
import { Counter } from '../metrics.js';
import { logRoutes } from './log.js';

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
  /**
   * Serves any path under `/ct/`: resolves to a route name for metrics, or undefined when the
   * path is not the CT log's (the caller goes on routing). Wrong methods are 405s here.
   */
  route(req: IncomingMessage, res: ServerResponse, path: string): Promise<string | undefined>;
}

export function ctRoutes(ctLog: CtLog, maxBodyBytes: number): CtRoutes {
  // The checkpoint and tile reads are the Rekor log's, on another engine; the counter is only
  // for its createEntry, which is never called here, so it is not registered anywhere.
  const reads = logRoutes(
    ctLog.log,
    ctLog.logId,
    maxBodyBytes,
    new Counter('signet_ct_unused', 'unused'),
  );
  const rootsJson = JSON.stringify({ certificates: ctLog.roots().map((der) => toBase64(der)) });

  const submit =
    (add: (chain: Buffer[]) => ReturnType<CtLog['addChain']>) =>
    async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      requireMediaType(req, ['application/json']);
      const chain = parseChainRequest(await readBody(req, maxBodyBytes));
      const sct = await asServerError(() => add(chain));
      sendJson(res, 200, addChainResponseJson(sct));
    };

  const routes: CtRoutes = {
    addPreChain: submit((chain) => ctLog.addPreChain(chain)),
    addChain: submit((chain) => ctLog.addChain(chain)),

    getRoots(res) {
      send(res, 200, rootsJson, 'application/json');
    },

    read: (path, res) => reads.read(path, res),

    async route(req, res, path) {
      if (!path.startsWith(CT_READ_PREFIX)) return undefined;
      const method = req.method ?? 'GET';
      switch (path) {
        case `${CT_API_PREFIX}add-pre-chain`:
          requireMethod(method, path, 'POST');
          await routes.addPreChain(req, res);
          return 'ct_add_pre_chain';
        case `${CT_API_PREFIX}add-chain`:
          requireMethod(method, path, 'POST');
          await routes.addChain(req, res);
          return 'ct_add_chain';
        case `${CT_API_PREFIX}get-roots`:
          requireMethod(method, path, 'GET');
          routes.getRoots(res);
          return 'ct_get_roots';
      }
      if (path.startsWith(CT_API_PREFIX)) {
        throw new ServerError(
          'NOT_FOUND',
          404,
          `${path} is not served: this CT log offers add-chain, add-pre-chain and get-roots; read its checkpoint and tiles under ${CT_READ_PREFIX}`,
        );
      }
      const rest = path.slice(CT_READ_PREFIX.length);
      if (rest !== 'checkpoint' && !rest.startsWith('tile/')) return undefined;
      requireMethod(method, path, 'GET');
      await routes.read(rest, res);
      return rest === 'checkpoint' ? 'ct_checkpoint' : 'ct_tile';
    },
  };
  return routes;
}

function requireMethod(method: string, path: string, allowed: 'GET' | 'POST'): void {
  if (method === allowed || (allowed === 'GET' && method === 'HEAD')) return;
  const allow = allowed === 'GET' ? 'GET, HEAD' : 'POST';
  throw new ServerError('METHOD_NOT_ALLOWED', 405, `${method} ${path} is not supported`, {
    headers: { allow },
  });
}

const badRequest = (message: string): ServerError => new ServerError('BAD_REQUEST', 400, message);

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

/** HTTP status for a CT error: bad chains are the submitter's fault, pushback and failure are not. */
export function ctErrorStatus(error: CtError): { status: number; headers: Record<string, string> } {
  switch (error.code) {
    case 'CHAIN_INVALID':
    case 'CHAIN_UNTRUSTED':
    case 'PRECERT_INVALID':
    case 'CERTIFICATE_INVALID':
      return { status: 400, headers: {} };
    case 'LOG_PUSHBACK':
      return { status: 503, headers: { 'retry-after': '1' } };
    case 'LOG_UNAVAILABLE':
      return { status: 503, headers: {} };
    default:
      return { status: 500, headers: {} };
  }
}

/**
 * Runs `work`, turning a CtError into the ServerError it answers as, so the service's error
 * handler needs no CT-specific case. Server faults keep a generic message, like other 500s.
 */
async function asServerError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CtError)) throw error;
    const { status, headers } = ctErrorStatus(error);
    if (status === 500) throw error;
    const code = status === 400 ? 'BAD_REQUEST' : 'UNAVAILABLE';
    throw new ServerError(code, status, error.message, { cause: error, headers });
  }
}
