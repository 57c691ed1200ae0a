import {
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request as httpRequest,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignetError } from './error.js';
import { fetchableUrlProblem } from './url.js';

export type HttpErrorCode =
  /**
   * A service could not be reached or kept failing transiently (network error, timeout, 408,
   * 429, 5xx) after every retry.
   */
  | 'SERVICE_UNAVAILABLE'
  /**
   * A service answered and said no (another 4xx, a redirect, an unexpected status), or the
   * answer was refused before it was read (too large, compressed, a certificate not trusted).
   * The message carries the service's own `message` verbatim: it is the reason the user needs.
   */
  | 'SERVICE_REFUSED'
  /**
   * A service answered with success but with something unusable (not JSON, wrong shape, a
   * certificate for another key, a timestamp over other bytes).
   */
  | 'RESPONSE_INVALID'
  /** The URL is malformed, or one requests may not be sent to (see core/url.ts). */
  | 'URL_INVALID'
  /** The caller cancelled the request (typically because another part of the run failed). */
  | 'ABORTED';

/**
 * Raised by the client and the service clients built on it. `message` names the service, the
 * URL and what happened; `detail` is only what happened ("answered HTTP 404 Not Found", "no
 * complete answer within 5000 ms"), for callers that name the service in their own words.
 */
export class HttpError extends SignetError<HttpErrorCode> {
  /** The HTTP status, when the service answered. */
  readonly status?: number;
  /** The wait the service asked for with Retry-After, in ms, when it did. */
  readonly retryAfterMs?: number;
  readonly detail: string;

  constructor(
    code: HttpErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number; retryAfterMs?: number; detail?: string },
  ) {
    super(code, message, options);
    if (options?.status !== undefined) this.status = options.status;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    this.detail = options?.detail ?? message;
  }
}

/**
 * The one HTTP client of Signet: the signing services (CA, transparency log, TSA), the signing
 * config and trusted root, OIDC discovery and JWKS, identity token endpoints, a CA's CT log
 * and doctor's checks of a running service all go through `request`. node:http(s) rather than
 * global fetch, which cannot take a CA bundle per request. Each call chooses its deadline,
 * retries (transient failures only, exponential backoff with jitter, Retry-After honoured),
 * response size limit and trusted CAs. Redirects are never followed. Errors name the URL and
 * carry the service's own reason; request bodies and headers (which hold identity tokens)
 * never appear in them.
 */

/**
 * Per attempt, for the whole exchange (connect, headers, body). Rekor v2 answers only once the
 * entry is in a published checkpoint, and rekor-tiles tells clients to allow at least 20 s
 * (sigstore-go uses 30 s).
 */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Retries after the first attempt, as sigstore-js's default fetch policy. */
export const DEFAULT_RETRIES = 3;
/** First backoff; doubled per retry. */
export const DEFAULT_BACKOFF_MS = 500;
/** No single wait is longer, whatever the attempt count or a Retry-After asks. */
export const DEFAULT_MAX_BACKOFF_MS = 10_000;
/** Certificates, log entries and timestamps are a few KiB; anything near this is not one. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** How much of a non-JSON error body is quoted in a message. */
export const MAX_QUOTED_BODY = 500;

export interface HttpOptions {
  /** Deadline of each attempt, in ms (DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Retries after the first attempt, for transient failures only (DEFAULT_RETRIES). */
  retries?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  maxResponseBytes?: number;
  /** Cancels waits and requests (e.g. when the other signing half has failed). */
  signal?: AbortSignal;
  userAgent?: string;
  /**
   * PEM CA certificates trusted for https instead of Node's default roots (GHES, self-managed
   * GitLab, a service behind a private CA).
   */
  ca?: string;
  /**
   * Allow plain http to any host, not only loopback: for calls between the parts of one
   * deployment on a private network (a CA and its CT log, doctor and the service it checks).
   * Never for requests that carry a token or whose answer decides what is trusted, unless the
   * user asked for exactly that (`--allow-insecure-registry`: a registry on plain http, whose
   * answers are still checked against their digests).
   */
  allowPlainHttp?: boolean;
}

export interface HttpRequest {
  /** PUT, PATCH and HEAD are for the OCI registry client (blob uploads, manifests). */
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  /** What the service is, for messages: "certificate authority", "timestamp authority". */
  what: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Statuses that count as success; default [200]. */
  expect?: readonly number[];
}

export interface HttpResponse {
  status: number;
  /** The reason phrase of the status line ("Not Found"), possibly empty. */
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Statuses worth retrying: the request was fine, the service was not (yet). */
export const isTransientStatus = (status: number): boolean =>
  status === 408 || status === 429 || status >= 500;

export async function request(req: HttpRequest, options: HttpOptions = {}): Promise<HttpResponse> {
  const retries = options.retries ?? DEFAULT_RETRIES;
  const expect = req.expect ?? [200];
  const url = checkUrl(req, options);
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(options.signal, req);
    let outcome = await attemptOnce(req, url, options);
    // A kept-alive connection the service closed just as it was reused: the request never
    // reached it, so it is sent again at once, whatever the retries (Node documents this
    // pattern with ClientRequest.reusedSocket).
    if ('failure' in outcome && outcome.staleConnection) {
      outcome = await attemptOnce(req, url, options);
    }
    if ('response' in outcome && expect.includes(outcome.response.status)) {
      return outcome.response;
    }
    const transient =
      'failure' in outcome ? !outcome.permanent : isTransientStatus(outcome.response.status);
    if (!transient || attempt >= retries) {
      throw 'failure' in outcome
        ? failureError(req, outcome, attempt + 1)
        : statusError(req, outcome.response, attempt + 1, transient);
    }
    const retryAfter =
      'response' in outcome ? retryAfterMs(header(outcome.response, 'retry-after')) : undefined;
    await sleep(backoffMs(attempt, retryAfter, options), options.signal, req);
  }
}

/** POSTs JSON (or nothing, without `body`) and parses the JSON answer. */
export async function postJson(
  req: Omit<HttpRequest, 'method' | 'body'> & { body?: unknown },
  options?: HttpOptions,
): Promise<{ json: unknown; response: HttpResponse }> {
  const { body, ...rest } = req;
  const response = await request(
    {
      ...rest,
      method: 'POST',
      ...(body !== undefined && { body: JSON.stringify(body) }),
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        accept: 'application/json',
        ...req.headers,
      },
    },
    options,
  );
  return { json: parseJson(req, response), response };
}

/** GETs a JSON document, whatever content type it is served with. */
export async function getJson(
  req: Omit<HttpRequest, 'method' | 'body'>,
  options?: HttpOptions,
): Promise<unknown> {
  const response = await request(
    { ...req, method: 'GET', headers: { accept: 'application/json', ...req.headers } },
    options,
  );
  return parseJson(req, response);
}

/** The body as JSON (a leading byte order mark tolerated), or RESPONSE_INVALID. */
export function parseJson(req: Pick<HttpRequest, 'url' | 'what'>, response: HttpResponse): unknown {
  let text = response.body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = `answered HTTP ${response.status} with ${response.body.length} bytes that are not JSON`;
    throw new HttpError('RESPONSE_INVALID', `the ${req.what} at ${req.url} ${detail}`, {
      cause: error,
      status: response.status,
      detail,
    });
  }
}

const header = (response: HttpResponse, name: string): string | undefined => {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const describe = (req: Pick<HttpRequest, 'method' | 'url' | 'what'>): string =>
  `${req.method} ${req.url} (${req.what})`;

function checkUrl(req: HttpRequest, options: HttpOptions): URL {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new HttpError('URL_INVALID', `the ${req.what} URL "${req.url}" is not a valid URL`, {
      detail: 'not a valid URL',
    });
  }
  // Requests carry identity tokens and their answers are trusted to build bundles: plain http
  // is for a service on this machine only, unless the caller says the request is neither.
  const problem = fetchableUrlProblem(url);
  const plainHttpAllowed =
    options.allowPlainHttp === true &&
    url.protocol === 'http:' &&
    url.username === '' &&
    url.password === '';
  if (problem !== undefined && !plainHttpAllowed) {
    throw new HttpError('URL_INVALID', `the ${req.what} URL ${req.url}: ${problem}`, {
      detail: problem,
    });
  }
  return url;
}

/** A failed attempt; `permanent` ones are not retried (asking again cannot change them). */
type Failure = {
  failure: string;
  cause?: unknown;
  permanent?: boolean;
  /** The connection was a kept-alive one, reset before any answer. */
  staleConnection?: boolean;
};
type Attempt = { response: HttpResponse } | Failure;

/**
 * TLS verification failures: the same certificate will be presented again. Node reports
 * OpenSSL's verify result as the error code (DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED...)
 * and a name mismatch as ERR_TLS_CERT_ALTNAME_INVALID.
 */
const isCertificateError = (code: unknown): boolean =>
  typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code);

function attemptOnce(req: HttpRequest, url: URL, options: HttpOptions): Promise<Attempt> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return new Promise<Attempt>((resolve, reject) => {
    let settled = false;
    let answered = false;
    let client: ClientRequest | undefined;
    const finish = (outcome: Attempt | HttpError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (outcome instanceof HttpError) {
        client?.destroy();
        reject(outcome);
        return;
      }
      if ('failure' in outcome) client?.destroy();
      resolve(outcome);
    };
    const onAbort = (): void =>
      finish(
        new HttpError('ABORTED', `${describe(req)} cancelled`, {
          cause: options.signal?.reason,
          detail: 'cancelled',
        }),
      );
    // One deadline for the whole exchange: a service trickling bytes must not hold the caller.
    const timer = setTimeout(
      () => finish({ failure: `no complete answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    try {
      client = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
        method: req.method,
        headers: {
          'user-agent': options.userAgent ?? 'signet',
          // A length even for an empty POST: some services refuse chunked requests.
          ...(req.method !== 'GET' &&
            req.method !== 'HEAD' && { 'content-length': String(body?.length ?? 0) }),
          ...req.headers,
        },
        ...(options.ca !== undefined && { ca: options.ca }),
      });
    } catch (error) {
      // Synchronous failures are option errors, e.g. a CA bundle OpenSSL cannot read.
      finish({ failure: (error as Error).message, cause: error, permanent: true });
      return;
    }
    client.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        failure: error.message,
        cause: error,
        permanent: isCertificateError(error.code),
        staleConnection: !answered && client?.reusedSocket === true && error.code === 'ECONNRESET',
      }),
    );
    client.on('response', (response: IncomingMessage) => {
      answered = true;
      // A HEAD answer's Content-Length is the size of what a GET would send, not a body.
      const refusal = req.method === 'HEAD' ? undefined : refusalOf(response, maxBytes);
      if (refusal !== undefined) {
        response.resume();
        finish({ failure: refusal, permanent: true });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          finish({ failure: `the response exceeds ${maxBytes} bytes`, permanent: true });
        } else chunks.push(chunk);
      });
      response.on('error', (error) => finish({ failure: error.message, cause: error }));
      response.on('close', () => {
        if (!response.complete) {
          finish({ failure: 'the connection closed before the response was complete' });
        }
      });
      response.on('end', () =>
        finish({
          response: {
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            body: Buffer.concat(chunks),
          },
        }),
      );
    });
    client.end(body);
  });
}

/** Why a response is refused from its headers alone, if it is. */
function refusalOf(response: IncomingMessage, maxBytes: number): string | undefined {
  const length = Number(response.headers['content-length']);
  if (Number.isFinite(length) && length > maxBytes) {
    return `the response is ${length} bytes, above the limit of ${maxBytes}`;
  }
  // No Accept-Encoding is sent, so an encoded body would be read as garbage.
  const encoding = response.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    return `answered with content-encoding ${encoding}, which was not asked for`;
  }
  return undefined;
}

/** The service's reason: protojson/grpc-gateway and timestamp-authority errors have `message`. */
export function serviceMessage(body: Buffer): string | undefined {
  const text = body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    const json = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof json.message === 'string') return json.message;
    if (typeof json.error === 'string') return json.error;
  } catch {
    // Not JSON: quote the text itself (e.g. Rekor's frozen-log 405 is plain text).
  }
  if (body.includes(0)) return undefined;
  return text.length > MAX_QUOTED_BODY ? `${text.slice(0, MAX_QUOTED_BODY)}…` : text;
}

const attemptsNote = (attempts: number): string =>
  attempts > 1 ? ` (after ${attempts} attempts)` : '';

function failureError(req: HttpRequest, failure: Failure, attempts: number): HttpError {
  return new HttpError(
    failure.permanent ? 'SERVICE_REFUSED' : 'SERVICE_UNAVAILABLE',
    `${describe(req)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${failure.failure}`,
    { cause: failure.cause, detail: `${failure.failure}${attemptsNote(attempts)}` },
  );
}

function statusError(
  req: HttpRequest,
  response: HttpResponse,
  attempts: number,
  transient: boolean,
): HttpError {
  const { status } = response;
  const reason = serviceMessage(response.body);
  let detail = `answered HTTP ${status}`;
  if (status >= 300 && status < 400) {
    const location = header(response, 'location');
    detail += `, a redirect${location ? ` to ${location}` : ''}; redirects are not followed: configure the final URL`;
  } else if (reason !== undefined) {
    detail += `: ${reason}`;
  } else if (response.statusText !== '') {
    detail += ` ${response.statusText}`;
  }
  detail += attemptsNote(attempts);
  const wait = retryAfterMs(header(response, 'retry-after'));
  return new HttpError(
    transient ? 'SERVICE_UNAVAILABLE' : 'SERVICE_REFUSED',
    `the ${req.what} at ${req.url} ${detail}`,
    { status, detail, ...(wait !== undefined && { retryAfterMs: wait }) },
  );
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3), in ms; undefined if absent. */
export function retryAfterMs(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential with "equal jitter" (half fixed, half random), so that many CI jobs failing at
 * once do not retry in lockstep. A Retry-After the service sent replaces the computed wait,
 * within the same cap.
 */
export function backoffMs(
  attempt: number,
  retryAfter: number | undefined,
  options: HttpOptions = {},
): number {
  const max = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  if (retryAfter !== undefined) return Math.min(retryAfter, max);
  const base = Math.min(max, (options.backoffMs ?? DEFAULT_BACKOFF_MS) * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

function throwIfAborted(signal: AbortSignal | undefined, req: HttpRequest): void {
  if (signal?.aborted) {
    throw new HttpError('ABORTED', `${describe(req)} cancelled`, {
      cause: signal.reason,
      detail: 'cancelled',
    });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined, req: HttpRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(
        new HttpError('ABORTED', `${describe(req)} cancelled`, {
          cause: signal?.reason,
          detail: 'cancelled',
        }),
      );
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
