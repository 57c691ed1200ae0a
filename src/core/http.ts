import { SignetError } from './error.js';
import { fetchableUrlProblem } from './url.js';

export type HttpErrorCode =
  /**
   * A service could not be reached or kept failing transiently (network error, timeout, 408,
   * 429, 5xx) after every retry.
   */
  | 'SERVICE_UNAVAILABLE'
  /**
   * A service answered and said no (another 4xx, a redirect, an unexpected status). The
   * message carries the service's own `message` verbatim: it is the reason the user needs.
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

/** Raised by the service clients; `status` is the HTTP status when the service answered. */
export class HttpError extends SignetError<HttpErrorCode> {
  readonly status?: number;

  constructor(
    code: HttpErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(code, message, options);
    if (options?.status !== undefined) this.status = options.status;
  }
}

/**
 * The one HTTP client every signing-service call goes through (CA, transparency log, TSA,
 * signing config, trusted root): global fetch with a per-attempt deadline, retries with exponential backoff
 * and jitter on transient failures only, and errors that name the URL and carry the service's
 * own reason. Request bodies and headers (which hold identity tokens) never appear in errors.
 */

/**
 * Per attempt. Rekor v2 answers only once the entry is in a published checkpoint, and
 * rekor-tiles tells clients to allow at least 20 s (sigstore-go uses 30 s).
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
const MAX_QUOTED_BODY = 500;

export interface HttpOptions {
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  maxResponseBytes?: number;
  /** Cancels waits and requests (e.g. when the other signing half has failed). */
  signal?: AbortSignal;
  userAgent?: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
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
  headers: Headers;
  body: Buffer;
}

/** Statuses worth retrying: the request was fine, the service was not (yet). */
export const isTransientStatus = (status: number): boolean =>
  status === 408 || status === 429 || status >= 500;

export async function request(req: HttpRequest, options: HttpOptions = {}): Promise<HttpResponse> {
  const retries = options.retries ?? DEFAULT_RETRIES;
  const expect = req.expect ?? [200];
  checkUrl(req);
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(options.signal, req);
    const outcome = await attemptOnce(req, options);
    if ('response' in outcome && expect.includes(outcome.response.status)) {
      return outcome.response;
    }
    const transient = 'failure' in outcome || isTransientStatus(outcome.response.status);
    if (!transient || attempt >= retries) {
      throw 'failure' in outcome
        ? new HttpError(
            'SERVICE_UNAVAILABLE',
            `${describe(req)} failed after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}: ${outcome.failure}`,
            { cause: outcome.cause },
          )
        : statusError(req, outcome.response, attempt + 1, transient);
    }
    const retryAfter =
      'response' in outcome ? retryAfterMs(outcome.response.headers.get('retry-after')) : undefined;
    await sleep(backoffMs(attempt, retryAfter, options), options.signal, req);
  }
}

/** POSTs JSON and parses the JSON answer. */
export async function postJson(
  req: Omit<HttpRequest, 'method' | 'body'> & { body: unknown },
  options?: HttpOptions,
): Promise<{ json: unknown; response: HttpResponse }> {
  const response = await request(
    {
      ...req,
      method: 'POST',
      body: JSON.stringify(req.body),
      headers: { 'content-type': 'application/json', accept: 'application/json', ...req.headers },
    },
    options,
  );
  return { json: parseJson(req, response), response };
}

/** GETs a JSON document. */
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

function parseJson(req: Pick<HttpRequest, 'url' | 'what'>, response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8')) as unknown;
  } catch (error) {
    throw new HttpError(
      'RESPONSE_INVALID',
      `the ${req.what} at ${req.url} answered HTTP ${response.status} with ${response.body.length} bytes that are not JSON`,
      { cause: error },
    );
  }
}

const describe = (req: Pick<HttpRequest, 'method' | 'url' | 'what'>): string =>
  `${req.method} ${req.url} (${req.what})`;

function checkUrl(req: HttpRequest): void {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new HttpError('URL_INVALID', `the ${req.what} URL "${req.url}" is not a valid URL`);
  }
  // Requests carry identity tokens and their answers are trusted to build bundles: plain http
  // is for a service on this machine only.
  const problem = fetchableUrlProblem(url);
  if (problem !== undefined) {
    throw new HttpError('URL_INVALID', `the ${req.what} URL ${req.url}: ${problem}`);
  }
}

type Attempt = { response: HttpResponse } | { failure: string; cause?: unknown };

async function attemptOnce(req: HttpRequest, options: HttpOptions): Promise<Attempt> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetch(req.url, {
      method: req.method,
      headers: { 'user-agent': options.userAgent ?? 'signet', ...req.headers },
      ...(req.body !== undefined && { body: req.body }),
      // Never followed: a redirect would carry the token to wherever the service points.
      redirect: 'manual',
      signal,
    });
    const body = await readBody(response, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    if (typeof body === 'string') return { failure: body };
    return { response: { status: response.status, headers: response.headers, body } };
  } catch (error) {
    throwIfAborted(options.signal, req);
    if (timeout.aborted)
      return { failure: `no complete answer within ${timeoutMs} ms`, cause: error };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    return { failure: `network error: ${detail}`, cause: error };
  }
}

/** The body, or a failure message when it is larger than allowed. */
async function readBody(response: Response, maxBytes: number): Promise<Buffer | string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return `the answer is ${declared} bytes, above the limit of ${maxBytes}`;
  }
  if (response.body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) return `the answer exceeds ${maxBytes} bytes`;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
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

function statusError(
  req: HttpRequest,
  response: HttpResponse,
  attempts: number,
  transient: boolean,
): HttpError {
  const { status } = response;
  const reason = serviceMessage(response.body);
  let text = `the ${req.what} at ${req.url} answered HTTP ${status}`;
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    text += `, a redirect${location ? ` to ${location}` : ''}; redirects are not followed: configure the final URL`;
  } else if (reason !== undefined) {
    text += `: ${reason}`;
  }
  if (transient) text += ` (after ${attempts} attempts)`;
  return new HttpError(transient ? 'SERVICE_UNAVAILABLE' : 'SERVICE_REFUSED', text, { status });
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3), in ms; undefined if absent. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
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
    throw new HttpError('ABORTED', `${describe(req)} cancelled`, { cause: signal.reason });
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
      reject(new HttpError('ABORTED', `${describe(req)} cancelled`, { cause: signal?.reason }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
