import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
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
import { selfSignedCertificate } from '../helpers/tls.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
let handlers: Handler[];
let seen: { method: string; url: string; at: number; length?: string; authorization?: string }[];

before(async () => {
  server = createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      at: Date.now(),
      ...(req.headers['content-length'] !== undefined && {
        length: req.headers['content-length'],
      }),
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

  it('sends again at once, retries or not, when a kept-alive connection is reset on reuse', async () => {
    // The first request leaves its connection in the pool; the service then drops that
    // connection as the second request arrives on it, as a keep-alive timeout race does.
    let first: unknown;
    handlers.push(
      (req, res) => {
        first = req.socket;
        json(200, { n: 1 })(req, res);
      },
      (req) => {
        assert.equal(req.socket, first, 'the connection was not reused');
        req.socket.destroy();
      },
      // Closed after this answer, so that the next request opens a new connection.
      json(200, { n: 2 }, { connection: 'close' }),
    );
    const once = { ...FAST, retries: 0 };
    assert.deepEqual(await getJson({ url: `${base}/a`, what: 'svc' }, once), { n: 1 });
    assert.deepEqual(await getJson({ url: `${base}/b`, what: 'svc' }, once), { n: 2 });
    assert.equal(seen.length, 3);
    // On a new connection, a reset is a failure like any other.
    handlers.push((req) => req.socket.destroy());
    const error = await failure(getJson({ url: `${base}/c`, what: 'svc' }, once));
    assert.equal(error.code, 'SERVICE_UNAVAILABLE');
    assert.equal(seen.length, 4);
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
    const controller = new AbortController();
    // Cancelled once the service has answered "retry in 10 s": the client is waiting for that.
    handlers.push((req, res) => {
      res.on('finish', () => controller.abort());
      json(503, {}, { 'retry-after': '10' })(req, res);
    });
    const started = Date.now();
    const error = await failure(
      getJson({ url: `${base}/c`, what: 'svc' }, { signal: controller.signal }),
    );
    assert.equal(error.code, 'ABORTED');
    assert.ok(Date.now() - started < 5_000, 'it waited out the Retry-After');
  });

  it('waits as long as a 503 Retry-After asks before retrying', async () => {
    handlers.push(json(503, { message: 'busy' }, { 'retry-after': '1' }), json(200, { ok: 2 }));
    const answer = await getJson({ url: `${base}/busy`, what: 'svc' }, { maxBackoffMs: 5_000 });
    assert.deepEqual(answer, { ok: 2 });
    assert.equal(seen.length, 2);
    const waited = (seen[1]?.at ?? 0) - (seen[0]?.at ?? 0);
    assert.ok(waited >= 950, `retried after ${waited} ms, before the 1 s asked for`);
  });

  it('caps a Retry-After at maxBackoffMs', async () => {
    handlers.push(json(503, {}, { 'retry-after': '3600' }), json(200, { ok: 3 }));
    const started = Date.now();
    const answer = await getJson({ url: `${base}/capped`, what: 'svc' }, { maxBackoffMs: 20 });
    assert.deepEqual(answer, { ok: 3 });
    assert.ok(Date.now() - started < 5_000);
  });

  it('does not retry a 4xx, and names its status when the body gives no reason', async () => {
    handlers.push((_req, res) => res.writeHead(404).end());
    const error = await failure(getJson({ url: `${base}/gone`, what: 'svc' }, FAST));
    assert.equal(seen.length, 1);
    assert.equal(error.code, 'SERVICE_REFUSED');
    assert.equal(error.status, 404);
    assert.equal(error.message, `the svc at ${base}/gone answered HTTP 404 Not Found`);
    assert.equal(error.detail, 'answered HTTP 404 Not Found');
  });

  it('refuses an answer above the size limit, declared or streamed, without retrying', async () => {
    handlers.push((_req, res) =>
      res.writeHead(200, { 'content-length': 2048 }).end('x'.repeat(2048)),
    );
    const declared = await failure(
      getJson({ url: `${base}/big`, what: 'svc' }, { ...FAST, maxResponseBytes: 1024 }),
    );
    assert.equal(declared.code, 'SERVICE_REFUSED');
    assert.equal(declared.detail, 'the response is 2048 bytes, above the limit of 1024');
    assert.equal(seen.length, 1);

    handlers.push((_req, res) => {
      res.writeHead(200);
      res.write('x'.repeat(1000));
      res.end('x'.repeat(1000));
    });
    const streamed = await failure(
      getJson({ url: `${base}/stream`, what: 'svc' }, { ...FAST, maxResponseBytes: 1024 }),
    );
    assert.equal(streamed.detail, 'the response exceeds 1024 bytes');
    assert.equal(seen.length, 2);
  });

  it('refuses a compressed answer it did not ask for', async () => {
    handlers.push((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('x'));
    const error = await failure(getJson({ url: `${base}/gz`, what: 'svc' }, FAST));
    assert.match(error.detail, /content-encoding gzip, which was not asked for/);
  });

  it('times out a body that never completes, and retries it as transient', async () => {
    handlers.push(
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).write('{'),
      json(200, { ok: 4 }),
    );
    const answer = await getJson(
      { url: `${base}/trickle`, what: 'svc' },
      { ...FAST, retries: 1, timeoutMs: 200 },
    );
    assert.deepEqual(answer, { ok: 4 });
    assert.equal(seen.length, 2);
  });

  it('sends a length with every POST, an empty one included', async () => {
    handlers.push(json(200, {}), json(200, {}));
    await postJson({ url: `${base}/empty`, what: 'svc' }, FAST);
    await postJson({ url: `${base}/one`, what: 'svc', body: { a: 'é' } }, FAST);
    assert.deepEqual(
      seen.map((s) => s.length),
      ['0', String(Buffer.byteLength('{"a":"é"}'))],
    );
  });

  it('trusts the CA bundle given for the call, and only it, without retrying a refusal', async () => {
    const tls = selfSignedCertificate();
    let connections = 0;
    const server = createHttpsServer({ key: tls.key, cert: tls.cert }, (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}'),
    );
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    try {
      assert.deepEqual(await getJson({ url, what: 'JWKS' }, { ...FAST, ca: tls.cert }), {
        keys: [],
      });
      const before = connections;
      const error = await failure(getJson({ url, what: 'JWKS' }, FAST));
      assert.equal(error.code, 'SERVICE_REFUSED');
      // Node 24 adds a hint ("…; if the root CA is installed locally, try --use-system-ca").
      assert.match(error.detail, /^self[- ]signed certificate(;|$)/);
      assert.equal(connections - before, 1, 'a certificate refusal was retried');
      const garbled = await failure(getJson({ url, what: 'JWKS' }, { ...FAST, ca: 'not a PEM' }));
      assert.equal(garbled.code, 'SERVICE_REFUSED');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
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
