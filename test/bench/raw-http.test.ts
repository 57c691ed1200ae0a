import assert from 'node:assert/strict';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type Socket, createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  RawConnection,
  RawPool,
  decodeChunked,
  parseHead,
  requestHead,
} from '../../bench/raw-http.js';

/** What one request through a RawConnection gave. */
interface Got {
  status: number;
  body: string | undefined;
  error: string | undefined;
}

function sendOnce(connection: RawConnection | RawPool, path: string, body: string): Promise<Got> {
  const bytes = Buffer.from(body);
  return new Promise((resolve) =>
    connection.send(
      requestHead('127.0.0.1', path, 'application/json', bytes.length),
      bytes,
      (status, answer, error) => resolve({ status, body: answer?.toString(), error }),
    ),
  );
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return (server.address() as AddressInfo).port;
}

describe('parseHead', () => {
  it('reads the status and the framing headers, whatever their case', () => {
    assert.deepEqual(parseHead('HTTP/1.1 201 Created\r\nContent-Length: 12\r\nX-A: b'), {
      status: 201,
      length: 12,
      close: false,
    });
    assert.deepEqual(
      parseHead('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nCONNECTION: Close'),
      { status: 200, length: -1, close: true },
    );
    assert.deepEqual(parseHead('HTTP/1.1 204 No Content'), {
      status: 204,
      length: 0,
      close: false,
    });
  });

  it('refuses what a keep-alive client cannot frame, saying why', () => {
    assert.match(parseHead('HTTP/1.0 200 OK\r\nContent-Length: 1') as string, /bad status line/);
    assert.match(parseHead('HTTP/1.1 2000 OK\r\nContent-Length: 1') as string, /bad status line/);
    assert.match(parseHead('SSH-2.0-OpenSSH') as string, /bad status line/);
    assert.match(parseHead('HTTP/1.1 200 OK') as string, /neither content-length nor chunked/);
    assert.match(parseHead('HTTP/1.1 200 OK\r\nContent-Length: 1x') as string, /content-length/);
    assert.match(parseHead('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip') as string, /gzip/);
    assert.match(parseHead('HTTP/1.1 200 OK\r\nno colon') as string, /bad header line/);
  });
});

describe('decodeChunked', () => {
  const data = Buffer.from('HEAD5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n');

  it('joins the chunks and says where the message ends', () => {
    const decoded = decodeChunked(data, 4);
    assert.ok(typeof decoded === 'object');
    assert.equal(decoded.body.toString(), 'hello, world');
    assert.equal(decoded.end, data.length);
  });

  it('waits for more bytes when the message is cut anywhere', () => {
    for (let cut = 5; cut < data.length; cut++)
      assert.equal(decodeChunked(data.subarray(0, cut), 4), undefined, `cut at ${cut}`);
  });

  it('skips trailers and refuses malformed chunks', () => {
    const trailers = Buffer.from('2\r\nok\r\n0\r\nX-T: 1\r\n\r\n');
    assert.deepEqual(decodeChunked(trailers, 0), { body: Buffer.from('ok'), end: trailers.length });
    assert.match(decodeChunked(Buffer.from('zz\r\n'), 0) as string, /bad chunk size/);
    assert.match(decodeChunked(Buffer.from('2\r\nokXX0\r\n\r\n'), 0) as string, /CRLF/);
  });
});

describe('RawConnection and RawPool against node:http', () => {
  let server: Server;
  let port: number;
  const sockets = new Set<Socket>();
  const seen: {
    method?: string;
    url?: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[] = [];
  /** Requests held by the /hold route until `release` answers them. */
  const held: ServerResponse[] = [];
  let heldArrived: (() => void) | undefined;

  before(async () => {
    server = createServer((req, res) => {
      sockets.add(req.socket);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url === '/chunked') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('abc');
          res.end('def');
        } else if (req.url === '/close') {
          res.writeHead(503, { connection: 'close', 'content-length': 4 });
          res.end('shed');
        } else if (req.url === '/reset') {
          req.socket.destroy();
        } else if (req.url === '/hold') {
          held.push(res);
          heldArrived?.();
        } else {
          const answer = `echo:${body}`;
          res.writeHead(201, { 'content-length': Buffer.byteLength(answer) });
          res.end(answer);
        }
      });
    });
    port = await listen(server);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  it('sends well-formed requests and reuses one connection', async () => {
    sockets.clear();
    seen.length = 0;
    const connection = new RawConnection({ host: '127.0.0.1', port, keepBodies: true });
    for (const body of ['{"a":1}', '{"b":22}', '{}']) {
      assert.deepEqual(await sendOnce(connection, '/x', body), {
        status: 201,
        body: `echo:${body}`,
        error: undefined,
      });
    }
    connection.close();
    assert.equal(sockets.size, 1);
    assert.deepEqual(
      seen.map((s) => [s.method, s.url, s.headers['content-type'], s.headers.host, s.body]),
      [
        ['POST', '/x', 'application/json', '127.0.0.1', '{"a":1}'],
        ['POST', '/x', 'application/json', '127.0.0.1', '{"b":22}'],
        ['POST', '/x', 'application/json', '127.0.0.1', '{}'],
      ],
    );
  });

  it('drops the body unless asked to keep it', async () => {
    const connection = new RawConnection({ host: '127.0.0.1', port, keepBodies: false });
    assert.deepEqual(await sendOnce(connection, '/x', 'q'), {
      status: 201,
      body: undefined,
      error: undefined,
    });
    connection.close();
  });

  it('decodes a chunked answer', async () => {
    const connection = new RawConnection({ host: '127.0.0.1', port, keepBodies: true });
    assert.deepEqual(await sendOnce(connection, '/chunked', ''), {
      status: 200,
      body: 'abcdef',
      error: undefined,
    });
    assert.equal((await sendOnce(connection, '/x', 'after')).body, 'echo:after');
    connection.close();
  });

  it('reconnects after Connection: close and after a reset, failing only the request hit', async () => {
    sockets.clear();
    const connection = new RawConnection({ host: '127.0.0.1', port, keepBodies: true });
    assert.deepEqual(await sendOnce(connection, '/close', ''), {
      status: 503,
      body: 'shed',
      error: undefined,
    });
    assert.equal((await sendOnce(connection, '/x', '1')).status, 201);
    const reset = await sendOnce(connection, '/reset', '');
    assert.equal(reset.status, 0);
    assert.match(reset.error as string, /connection closed|ECONNRESET/);
    assert.equal((await sendOnce(connection, '/x', '2')).body, 'echo:2');
    connection.close();
    assert.equal(sockets.size, 3);
  });

  it('refuses a second request while one is in flight', async () => {
    const connection = new RawConnection({ host: '127.0.0.1', port, keepBodies: true });
    const arrived = new Promise<void>((ok) => (heldArrived = ok));
    const first = sendOnce(connection, '/hold', '');
    assert.throws(() => connection.send(Buffer.alloc(0), Buffer.alloc(0), () => {}), /in flight/);
    await arrived;
    const res = held.shift() as ServerResponse;
    res.writeHead(200, { 'content-length': 2 });
    res.end('ok');
    assert.equal((await first).body, 'ok');
    connection.close();
  });

  it('a pool opens at most its size and serves waiting requests in order', async () => {
    sockets.clear();
    held.length = 0;
    const pool = new RawPool({ host: '127.0.0.1', port, keepBodies: true }, 2);
    let arrivals = 0;
    let two: () => void = () => {};
    const twoArrived = new Promise<void>((ok) => (two = ok));
    heldArrived = () => {
      if (++arrivals === 2) two();
    };
    const order: string[] = [];
    const answers = ['h1', 'h2', 'w3', 'w4', 'w5'].map((name, i) =>
      sendOnce(pool, i < 2 ? '/hold' : '/x', name).then((got) => {
        order.push(got.body as string);
        return got;
      }),
    );
    await twoArrived;
    assert.equal(sockets.size, 2);
    for (const res of held.splice(0)) {
      res.writeHead(200, { 'content-length': 4 });
      res.end('held');
    }
    await Promise.all(answers);
    assert.deepEqual(order, ['held', 'held', 'echo:w3', 'echo:w4', 'echo:w5']);
    assert.equal(sockets.size, 2);
    pool.close();
  });
});

describe('RawConnection against a server that misbehaves', () => {
  let answer: (socket: Socket) => Promise<void> = async () => {};
  const tcp = createTcpServer((socket) => {
    socket.setNoDelay(true);
    socket.once('data', () => void answer(socket));
  });
  let port: number;
  const write = (socket: Socket, text: string): Promise<void> =>
    new Promise((ok) => socket.write(text, () => ok()));

  before(async () => {
    port = await listen(tcp);
  });
  after(() => new Promise<void>((ok) => tcp.close(() => ok())));

  it('reassembles an answer sent a few bytes at a time', async () => {
    const text = 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789';
    answer = async (socket) => {
      for (let i = 0; i < text.length; i += 7) await write(socket, text.slice(i, i + 7));
    };
    const connection = new RawConnection({ host: '127.0.0.1', port, keepBodies: true });
    assert.deepEqual(await sendOnce(connection, '/', ''), {
      status: 200,
      body: '0123456789',
      error: undefined,
    });
    connection.close();
  });

  it('fails the request on a non-HTTP answer, more bytes than asked for, or an endless head', async () => {
    const cases: [string, RegExp][] = [
      ['SSH-2.0-OpenSSH_9.6\r\n\r\n', /bad status line/],
      ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab', /more bytes than one answer/],
      [`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(20_000)}`, /head too long/],
    ];
    for (const [text, reason] of cases) {
      answer = (socket) => write(socket, text);
      const connection = new RawConnection({ host: '127.0.0.1', port, keepBodies: true });
      const got = await sendOnce(connection, '/', '');
      assert.equal(got.status, 0);
      assert.match(got.error as string, reason);
      connection.close();
    }
  });

  it('reports a refused connection as an error, not a hang', async () => {
    const closed = createTcpServer();
    const free = await listen(closed);
    await new Promise<void>((ok) => closed.close(() => ok()));
    const connection = new RawConnection({ host: '127.0.0.1', port: free, keepBodies: false });
    const got = await sendOnce(connection, '/', '');
    assert.equal(got.error, 'ECONNREFUSED');
  });
});
