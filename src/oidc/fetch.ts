import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fetchableUrlProblem } from '../core/url.js';
import { OidcError } from './error.js';

/** Whole-request deadline (connect, headers and body), as jose's createRemoteJWKSet uses. */
export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;

/** Discovery documents and JWKS are a few KiB; anything near this limit is not one. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export interface FetchJsonOptions {
  /** Which failure this is to the caller: a discovery or a JWKS fetch. */
  errorCode: 'DISCOVERY_FAILED' | 'JWKS_FAILED' | 'TOKEN_UNAVAILABLE';
  /** What is fetched, for messages ("discovery document", "JWKS"). */
  what: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** PEM CA bundle to trust instead of Node's default roots (GHES, self-managed GitLab). */
  ca?: string;
}

/**
 * GETs a JSON document over node:http(s) (not global fetch, which cannot take a per-request CA).
 * Redirects are refused, not followed: go-oidc refuses them too, and a redirect to another host
 * would let that host choose the keys. Any content type is accepted as long as the body is JSON.
 */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const fail = (cause: string, error?: unknown): OidcError =>
    new OidcError(options.errorCode, `cannot fetch the ${options.what} ${url}: ${cause}`, {
      cause: error,
    });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw fail('not a valid URL', error);
  }
  const problem = fetchableUrlProblem(parsed);
  if (problem !== undefined) throw fail(problem);

  const body = await get(parsed, options, fail);
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw fail(`the response (${body.length} bytes) is not JSON`, error);
  }
}

function get(
  url: URL,
  options: FetchJsonOptions,
  fail: (cause: string, error?: unknown) => OidcError,
): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Buffer>((resolve, reject) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const finish = (error: OidcError | undefined, body?: Buffer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        req?.destroy();
        reject(error);
      } else resolve(body as Buffer);
    };
    // One deadline for the whole exchange: a server trickling bytes must not hold a verifier.
    const timer = setTimeout(
      () => finish(fail(`no complete answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      req = request(url, {
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': 'signet-oidc' },
        ...(options.ca !== undefined && { ca: options.ca }),
      });
    } catch (error) {
      // Synchronous failures are option errors, e.g. a CA bundle OpenSSL cannot read.
      finish(fail((error as Error).message, error));
      return;
    }
    req.on('error', (error) => finish(fail(error.message, error)));
    req.on('response', (response) => {
      const refusal = responseProblem(response, maxBytes);
      if (refusal !== undefined) {
        response.resume();
        finish(fail(refusal));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) finish(fail(`the response exceeds ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      response.on('error', (error) => finish(fail(error.message, error)));
      response.on('end', () => finish(undefined, Buffer.concat(chunks)));
    });
    req.end();
  });
}

/** Why a response is refused from its status line and headers alone, if it is. */
function responseProblem(response: IncomingMessage, maxBytes: number): string | undefined {
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    const to = location === undefined ? 'a redirect without Location' : `a redirect to ${location}`;
    return `answered HTTP ${status}, ${to}; redirects are not followed: configure the final URL`;
  }
  if (status !== 200) {
    return `answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`;
  }
  const encoding = response.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    return `answered with content-encoding ${encoding}, which was not asked for`;
  }
  const length = Number(response.headers['content-length']);
  if (Number.isFinite(length) && length > maxBytes) {
    return `the response is ${length} bytes, above the limit of ${maxBytes}`;
  }
  return undefined;
}
