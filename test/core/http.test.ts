import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  HttpError,
  backoffMs,
  getJson,
  postJson,
  request,
  retryAfterMs,
} from '../../src/core/http.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
let handlers: Handler[];
let seen: { method: string; url: string; authorization?: string }[];

before(async () => {
  server = createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      ...(req.headers.authorization !== undefined && { authorization: req.headers.authorization }),
    });
    req.resume();
    const handler = handlers.shift();
    if (handler) handler(req, res);
    else res.writeHead(500).end('no handler');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  handlers = [];
  seen = [];
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

const failure = (p: Promise<unknown>): Promise<HttpError> =>
  p.then(
    () => assert.fail('the request succeeded'),
    (e: unknown) => {
      assert.ok(e instanceof HttpError, String(e));
      return e;
    },
  );

const FAST = { backoffMs: 1, maxBackoffMs: 20 };

describe('http client', () => {
  it('retries 503, 429 and 408, honouring Retry-After, then succeeds', async () => {
    handlers.push(
      json(503, { code: 14, message: 'busy' }, { 'retry-after': '0' }),
      json(429, { message: 'slow down' }),
      json(408, {}),
      json(200, { ok: true }),
    );
    const { json: answer } = await postJson(
      { url: `${base}/x`, what: 'test service', body: { a: 1 } },
      FAST,
    );
    assert.deepEqual(answer, { ok: true });
    assert.equal(seen.length, 4);
  });

  it('does not retry another 4xx, and quotes the service message verbatim without the token', async () => {
    handlers.push(
      json(400, { code: 3, message: 'invalid hashedrekord request: digest is missing' }),
    );
    const error = await failure(
      postJson(
        {
          url: `${base}/api/v2/log/entries`,
          what: 'transparency log',
          headers: { authorization: 'Bearer secret.token.value' },
          body: {},
        },
        FAST,
      ),
    );
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.authorization, 'Bearer secret.token.value');
    assert.equal(error.code, 'SERVICE_REFUSED');
    assert.equal(
      error.message,
      `the transparency log at ${base}/api/v2/log/entries answered HTTP 400: invalid hashedrekord request: digest is missing`,
    );
    assert.ok(!error.message.includes('secret'));
  });

  it('quotes a plain-text refusal', async () => {
    handlers.push((_req, res) =>
      res.writeHead(405, { 'content-type': 'text/plain' }).end('log is frozen\n'),
    );
    const error = await failure(
      request({ method: 'POST', url: `${base}/y`, what: 'log', body: 'x' }),
    );
    assert.match(error.message, /answered HTTP 405: log is frozen$/);
  });

  it('gives up after the configured retries with SERVICE_UNAVAILABLE', async () => {
    handlers.push(json(502, { message: 'bad gateway' }), json(502, { message: 'bad gateway' }));
    const error = await failure(
      getJson({ url: `${base}/z`, what: 'signing config' }, { ...FAST, retries: 1 }),
    );
    assert.equal(error.code, 'SERVICE_UNAVAILABLE');
    assert.match(error.message, /HTTP 502: bad gateway \(after 2 attempts\)/);
    assert.equal(seen.length, 2);
  });

  it('retries a dropped connection', async () => {
    handlers.push((req) => req.socket.destroy(), json(200, { ok: 1 }));
    assert.deepEqual(await getJson({ url: `${base}/drop`, what: 'svc' }, FAST), { ok: 1 });
    assert.equal(seen.length, 2);
  });

  it('times out an attempt that never answers', async () => {
    handlers.push(() => {});
    const error = await failure(
      getJson({ url: `${base}/hang`, what: 'svc' }, { ...FAST, retries: 0, timeoutMs: 100 }),
    );
    assert.equal(error.code, 'SERVICE_UNAVAILABLE');
    assert.match(error.message, /no complete answer within 100 ms/);
  });

  it('does not follow redirects', async () => {
    handlers.push((_req, res) =>
      res.writeHead(302, { location: 'https://elsewhere.example/' }).end(),
    );
    const error = await failure(getJson({ url: `${base}/r`, what: 'svc' }, FAST));
    assert.equal(error.code, 'SERVICE_REFUSED');
    assert.match(
      error.message,
      /redirect to https:\/\/elsewhere\.example\/; redirects are not followed/,
    );
    assert.equal(seen.length, 1);
  });

  it('refuses plain http off loopback before sending anything', async () => {
    const error = await failure(getJson({ url: 'http://ca.example.com/x', what: 'svc' }));
    assert.equal(error.code, 'URL_INVALID');
    assert.match(error.message, /plain http is allowed only for loopback/);
  });

  it('refuses a non-JSON success body', async () => {
    handlers.push((_req, res) => res.writeHead(200).end('<html>'));
    const error = await failure(getJson({ url: `${base}/html`, what: 'svc' }, FAST));
    assert.equal(error.code, 'RESPONSE_INVALID');
  });

  it('stops waiting when cancelled', async () => {
    handlers.push(json(503, {}, { 'retry-after': '5' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await failure(
      getJson({ url: `${base}/c`, what: 'svc' }, { signal: controller.signal }),
    );
    assert.equal(error.code, 'ABORTED');
    assert.ok(Date.now() - started < 2_000);
  });

  it('computes waits: Retry-After seconds and dates, capped; exponential with jitter', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(retryAfterMs('soon'), undefined);
    assert.equal(backoffMs(0, 60_000, { maxBackoffMs: 10_000 }), 10_000);
    for (let attempt = 0; attempt < 4; attempt++) {
      const wait = backoffMs(attempt, undefined, { backoffMs: 100, maxBackoffMs: 10_000 });
      assert.ok(wait >= 50 * 2 ** attempt && wait <= 100 * 2 ** attempt, String(wait));
    }
  });
});
