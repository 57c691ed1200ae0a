import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { type Socket, connect } from 'node:net';
import { describe, it } from 'node:test';
import { HTTP_SERVER_DEFAULTS, SERVER_DEFAULTS, loadConfig } from '../../server/config.js';
import {
  FALLBACK_DESCRIPTOR_LIMIT,
  descriptorLimit,
  maxConnectionsOf,
} from '../../server/connections.js';
import { EntryFactory } from '../helpers/entries.js';
import { holdRequest } from '../helpers/held-request.js';
import { startServerProcess, startTestService, tempDir } from '../helpers/server.js';
import { requireTool } from '../helpers/tools.js';

/**
 * Issue 11: about 1,200 idle connections under `ulimit -n 1024` left the service answering 503
 * until restarted. Here the real `signet-server` runs under a descriptor limit of 256 and gets
 * more idle connections than that: it must keep serving new connections, take appends once the
 * flood ends, and never stop its log.
 */

/** The server's descriptor limit (soft and hard). */
const NOFILE = 256;
/** Idle connections opened at once: more than the server has descriptors. */
const FLOOD = 400;
/** Every wait is bounded by this. */
const WITHIN_MS = 15_000;

interface Answer {
  status: number;
  text: string;
}

/** A request on a connection of its own (no pool: the flood must not be able to hide it). */
function fresh(url: string, method: 'GET' | 'POST', body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method,
      agent: false,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(WITHIN_MS),
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (error) => reject(new Error(`${method} ${url}: ${error.message}`)));
    req.end(body);
  });
}

/** Resolves once `count()` reaches `target`, checked on each `tick`; fails after WITHIN_MS. */
function reaches(what: string, count: () => number, target: number, tick: Set<() => void>) {
  return new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (count() < target) return;
      clearTimeout(timer);
      tick.delete(check);
      resolve();
    };
    const timer = setTimeout(() => {
      tick.delete(check);
      reject(new Error(`${what}: ${count()} of ${target} within ${WITHIN_MS} ms`));
    }, WITHIN_MS);
    tick.add(check);
    check();
  });
}

/** The value of one series in /metrics text (0 when absent: a counter never incremented). */
function metric(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('signet-server under a connection flood', () => {
  it('keeps answering new connections, takes appends after it, and never stops the log', async (t) => {
    if (!requireTool(t, 'prlimit', 'util-linux')) return;
    const dataDir = await tempDir();
    const server = await startServerProcess({
      dataDir,
      args: ['--dev'],
      under: ['prlimit', `--nofile=${NOFILE}:${NOFILE}`],
    });
    const flood: Socket[] = [];
    try {
      // The flood: idle connections that never send a byte.
      /** Flood sockets connected or closed, and those closed (the server shed them). */
      const settled = new Set<Socket>();
      let closedByServer = 0;
      const tick = new Set<() => void>();
      const notify = (): void => tick.forEach((check) => check());
      const { hostname, port } = new URL(server.url);
      for (let i = 0; i < FLOOD; i++) {
        const socket = connect({ host: hostname, port: Number(port) });
        socket.on('connect', () => {
          settled.add(socket);
          notify();
        });
        socket.on('error', () => {});
        socket.on('close', () => {
          settled.add(socket);
          closedByServer++;
          notify();
        });
        flood.push(socket);
      }
      await reaches('flood connections settled', () => settled.size, FLOOD, tick);
      // No process holds more connections than it has descriptors: some were shed.
      await reaches('flood connections shed', () => closedByServer, FLOOD - NOFILE, tick);

      // A new connection is answered while the flood holds the rest.
      const health = await fresh(`${server.url}/healthz`, 'GET');
      assert.equal(health.status, 200, health.text);

      // The listening line names the cap, below the descriptor limit, and the server holds no more.
      const listening = server
        .stderr()
        .split('\n')
        .find((l) => l.includes('"msg":"signet-server listening"'));
      const { maxConnections } = JSON.parse(listening ?? '{}') as { maxConnections?: number };
      assert.ok(maxConnections !== undefined && maxConnections < NOFILE, listening);
      await reaches('flood connections shed', () => closedByServer, FLOOD - maxConnections, tick);
      assert.ok(FLOOD - closedByServer <= maxConnections);

      // The flood ends; the log takes an append.
      for (const socket of flood) socket.destroy();
      const append = await fresh(
        `${server.url}/api/v2/log/entries`,
        'POST',
        JSON.stringify(new EntryFactory().request()),
      );
      assert.equal(append.status, 201, append.text);

      const metrics = (await fresh(`${server.url}/metrics`, 'GET')).text;
      assert.equal(metric(metrics, 'signet_log_up{log="tlog"}'), 1);
      assert.equal(metric(metrics, 'signet_log_storage_failures_total{log="tlog"}'), 0);
      assert.ok(
        metric(metrics, 'signet_http_connections_shed_total{reason="idle"}') >=
          FLOOD - maxConnections,
        metrics,
      );
      assert.doesNotMatch(server.stderr(), /log stopped/);
    } finally {
      for (const socket of flood) socket.destroy();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** Resolves with how long the server took to close `socket`, after `send` (if any) was written. */
function closedAfter(socket: Socket, send?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let began = 0;
    const bound = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server left the connection open for ${WITHIN_MS} ms`));
    }, WITHIN_MS);
    socket.on('connect', () => {
      began = Date.now();
      if (send !== undefined) socket.write(send);
    });
    socket.on('error', () => {});
    socket.resume(); // read the 408 or the answer: an unread socket never sees its end
    socket.on('close', () => {
      clearTimeout(bound);
      resolve(Date.now() - began);
    });
  });
}

/** Resolves when the server closes `socket`; `data` says whether it sent anything first. */
function serverCloses(socket: Socket): Promise<{ data: string }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const bound = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server left the connection open for ${WITHIN_MS} ms`));
    }, WITHIN_MS);
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(bound);
      resolve({ data });
    });
  });
}

describe('at server.maxConnections', () => {
  it('closes the longest-idle connection for a new one, never one with a request in flight', async () => {
    const service = await startTestService({
      server: { ...HTTP_SERVER_DEFAULTS, maxConnections: 2 },
    });
    const sockets: Socket[] = [];
    try {
      const { hostname, port } = new URL(service.url);
      const hold = (n: number) =>
        holdRequest(
          service.url,
          '/api/v1/timestamp',
          'application/json',
          JSON.stringify({
            artifactHash: Buffer.alloc(32, n).toString('base64'),
            hashAlgorithm: 'sha256',
          }),
        );
      const busy = await hold(1);
      sockets.push(busy.socket);
      const idle = connect({ host: hostname, port: Number(port) });
      sockets.push(idle);
      const idleClosed = serverCloses(idle);
      await new Promise((resolve) => idle.once('connect', resolve));

      // A new connection at the cap: the idle one is closed for it, the busy one kept.
      const health = await fresh(`${service.url}/healthz`, 'GET');
      assert.equal(health.status, 200, health.text);
      assert.deepEqual(await idleClosed, { data: '' });
      assert.equal(busy.received(), '');

      // Every connection busy: a new one is refused without an answer.
      const second = await hold(2);
      sockets.push(second.socket);
      const refused = connect({ host: hostname, port: Number(port) });
      sockets.push(refused);
      assert.deepEqual(await serverCloses(refused), { data: '' });

      // The requests in flight all along are answered.
      for (const answer of await Promise.all([busy.finish(), second.finish()])) {
        assert.match(answer, /^HTTP\/1\.1 200 /);
      }
      const metrics = (await fresh(`${service.url}/metrics`, 'GET')).text;
      assert.ok(metric(metrics, 'signet_http_connections_shed_total{reason="idle"}') >= 1);
      assert.equal(metric(metrics, 'signet_http_connections_shed_total{reason="full"}'), 1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await service.dispose();
    }
  });
});

describe('connection timeouts (server.headersTimeoutMs, server.idleTimeoutMs)', () => {
  it('closes a connection that sends no request, and one kept alive idle, at their settings', async () => {
    const service = await startTestService({
      server: { ...HTTP_SERVER_DEFAULTS, headersTimeoutMs: 1000, idleTimeoutMs: 1000 },
    });
    try {
      const { hostname, port } = new URL(service.url);
      const at = { host: hostname, port: Number(port) };
      const [silent, partial, kept] = await Promise.all([
        closedAfter(connect(at)),
        closedAfter(connect(at), 'GET /healthz HTTP/1.1\r\nHost: x\r\n'),
        closedAfter(connect(at), 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'),
      ]);
      // Checked once a second: closed after the timeout, well before Node's own defaults.
      for (const ms of [silent, partial, kept]) assert.ok(ms >= 900 && ms < 5000, `${ms} ms`);
    } finally {
      await service.dispose();
    }
  });

  it('refuses timeouts out of range, and a request timeout shorter than the head timeout', async () => {
    const server = (settings: object) =>
      loadConfig(undefined, { server: { ...SERVER_DEFAULTS.server, ...settings } });
    await assert.rejects(
      server({ headersTimeoutMs: 20_000, requestTimeoutMs: 10_000 }),
      /server\.requestTimeoutMs \(10000\) must be at least server\.headersTimeoutMs \(20000\)/,
    );
    await assert.rejects(
      server({ idleTimeoutMs: 0 }),
      /server\.idleTimeoutMs must be an integer from 1000 to 600000, got 0/,
    );
    await assert.rejects(
      server({ maxConnections: 0 }),
      /server\.maxConnections must be an integer from 1 to 1000000, got 0/,
    );
  });
});

describe('server.maxConnections from the descriptor limit', () => {
  const limits = (soft: string): string =>
    `Limit                     Soft Limit           Hard Limit           Units\n` +
    `Max processes             63704                63704                processes\n` +
    `Max open files            ${soft}                 1048576              files\n`;

  it('reads the soft limit, and falls back where /proc is not', () => {
    assert.deepEqual(
      descriptorLimit(() => limits('1024')),
      { limit: 1024, source: '/proc/self/limits' },
    );
    assert.deepEqual(
      descriptorLimit(() => {
        throw new Error('ENOENT');
      }),
      { limit: FALLBACK_DESCRIPTOR_LIMIT, source: 'fallback' },
    );
    // This process, on Linux.
    if (process.platform === 'linux') assert.equal(descriptorLimit().source, '/proc/self/limits');
  });

  it('keeps descriptors for the process and its workers, and refuses a cap that does not fit', () => {
    const proc = { limit: 1024, source: '/proc/self/limits' } as const;
    assert.equal(maxConnectionsOf(undefined, 2, proc), 1024 - 128 - 2 * 8);
    assert.equal(maxConnectionsOf(500, 2, proc), 500);
    assert.throws(
      () => maxConnectionsOf(1000, 2, proc),
      /server\.maxConnections 1000 does not fit the descriptor limit 1024 \(ulimit -n\), which leaves room for 880 connections/,
    );
    assert.throws(
      () => maxConnectionsOf(undefined, 64, { limit: 512, source: '/proc/self/limits' }),
      /the descriptor limit 512 \(ulimit -n\) leaves 0 connections .* raise it to at least 656/,
    );
    // An unknown limit is not held against a configured cap.
    assert.equal(maxConnectionsOf(5000, 2, { limit: 1024, source: 'fallback' }), 5000);
  });
});
