import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignetError } from '../src/core/error.js';

export type ServerErrorCode =
  | 'BAD_REQUEST'
  /** Refused whoever asks this way (the development issuer, reached through a proxy). */
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAVAILABLE'
  /** Shed under overload: the request waited, or would wait, too long for CPU; retry later. */
  | 'OVERLOADED'
  | 'CONFIG_INVALID'
  | 'DATA_DIR_INVALID'
  /**
   * Shared storage (a database) belongs to another instance, or its schema is not the one this
   * version runs: keys that differ from those recorded there, a schema to migrate.
   */
  | 'STORAGE_MISMATCH'
  /** init needs certificates that only the offline root can sign. */
  | 'CEREMONY_PENDING'
  /** The listen address is taken, not this machine's, or not permitted. */
  | 'LISTEN_FAILED'
  | 'INTERNAL';

/**
 * An error of the service itself. Its HTTP status comes from its code, in the one table of
 * server/error-status.ts; `headers` are what this answer adds (`allow`, `retry-after`).
 */
export class ServerError extends SignetError<ServerErrorCode> {
  constructor(
    code: ServerErrorCode,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(code, message, options);
    this.headers = options?.headers ?? {};
  }
  readonly headers: Record<string, string>;
}

/** grpc-gateway maps HTTP statuses from gRPC codes; Fulcio and Rekor clients read `message`. */
const GRPC_CODE: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  405: 12,
  409: 6,
  413: 3,
  415: 3,
  429: 8,
  499: 1,
  500: 13,
  501: 12,
  503: 14,
};

/**
 * `grpc`: grpc-gateway's `{code, message, details}` (Fulcio, Rekor v2); `tsa` and `rekor-v1`:
 * `{code, message}` with the HTTP status as code (timestamp-authority's and Rekor v1's Error).
 */
export type ErrorStyle = 'grpc' | 'tsa' | 'rekor-v1';

export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  style: ErrorStyle = 'grpc',
  headers?: Record<string, string>,
): void {
  const body =
    style === 'grpc'
      ? { code: GRPC_CODE[status] ?? 2, message, details: [] }
      : { code: status, message };
  send(res, status, JSON.stringify(body), 'application/json', headers);
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  headers?: Record<string, string>,
): void {
  // Every answer of every route comes through here: no copy of the usual empty `headers`.
  const head = { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
  res.writeHead(status, headers === undefined ? head : Object.assign(head, headers));
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers?: Record<string, string>,
): void {
  send(res, status, JSON.stringify(value), 'application/json', headers);
}

/** The request's media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads a request body up to `limit` bytes. A declared or actual size above the limit is a 413
 * before more than the limit is buffered, so an oversized body cannot exhaust memory, and the
 * 413 closes the connection: the rest of the body is never read (a slow drip of it would
 * otherwise hold the connection and cost reading time for as long as the client likes).
 */
/**
 * Runs the checks a request must pass before its body is wanted (load shedding); when one throws,
 * the unread body is discarded, so the connection stays usable, and the refusal goes on.
 */
export function beforeBody(req: IncomingMessage, check: () => void): void {
  try {
    check();
  } catch (error) {
    req.resume();
    throw error;
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(declared, limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(size, limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** `connection: close` makes Node end the socket once the answer is flushed, then destroy it. */
const tooLarge = (size: number, limit: number): ServerError =>
  new ServerError(
    'PAYLOAD_TOO_LARGE',
    `request body is ${size > limit ? `over ${limit}` : size} bytes; the limit is ${limit} bytes`,
    { headers: { connection: 'close' } },
  );

/** Parses a JSON body, naming the problem instead of passing on a bare SyntaxError. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0)
    throw new ServerError('BAD_REQUEST', 'request body is empty; expected JSON');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ServerError(
      'BAD_REQUEST',
      `request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

export function requireMediaType(req: IncomingMessage, allowed: readonly string[]): string {
  const type = mediaType(req);
  if (!allowed.includes(type)) {
    throw new ServerError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type ${type || '(none)'} is not accepted here; use ${allowed.join(' or ')}`,
    );
  }
  return type;
}
