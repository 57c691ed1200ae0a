import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { HTTP_SERVER_DEFAULTS } from '../server/config.js';
import { tilePath } from '../src/tlog/tiles.js';
import { EntryFactory } from '../test/helpers/entries.js';
import { parseMetrics } from '../test/helpers/metrics.js';
import {
  type Body,
  type Expected,
  checkAnswer,
  expectedOf,
  makeBodies,
  makeCaClients,
  mintTokens,
  startBenchIssuer,
  startCaServer,
} from './ca-http.js';
import {
  Samples,
  formatMs,
  formatNumber,
  machineFacts,
  percentile,
  processCpuSeconds,
  progress,
  sleep,
} from './common.js';
import { makeTimestampBodies } from './tsa.js';

/**
 * A soak: `signet-server serve --init` in its own process (fresh data directory, 127.0.0.1, a
 * GitHub-shaped test issuer in this process) under open-loop mixed traffic for a fixed time,
 * sampled at fixed intervals for what grows when something leaks or stalls: the server's resident
 * memory, its open file descriptors and its event-loop lag, read from its /metrics, and per kind
 * of request the p99 latency, the pushback (503 with Retry-After: the server said "retry later",
 * counted apart from failures so that overload shows how it was answered) and the errors. It
 * stops by itself and ends with a verdict (see `verdict`).
 */

/**
 * The mix's proportions. Each kind alone on the idle machine (docs/performance.md, "In short"):
 * log entries 5,145/s, timestamps 7,642/s, certificates 1,413/s (P-256); the three write kinds
 * get equal shares of the machine, one sixth of each solo capacity: 858 entries/s + 1,274
 * timestamps/s + 236 certificates/s, with 200 reads/s (checkpoint, tiles, trusted_root.json:
 * a monitor or verifier population polling) on top.
 */
const SOLO_CAPACITY = { log: 5145, tsa: 7642, ca: 1413 } as const;
const MIX_WEIGHTS = {
  log: Math.round(SOLO_CAPACITY.log / 6),
  tsa: Math.round(SOLO_CAPACITY.tsa / 6),
  ca: Math.round(SOLO_CAPACITY.ca / 6),
  read: 200,
} as const;
/**
 * Total requests/s of this mix the idle machine held, generator included (it signs every entry
 * and certificate request itself): 3,200/s kept every kind at its rate with p99 under 250 ms and
 * no error after the warm-up, 3,800/s fell behind (docs/performance.md, "Soak", 2026-12-05).
 */
const MEASURED_MIX_CAPACITY = 3200;
/** The soak runs at half the measured capacity, as issue 11 asks. */
const DEFAULT_RATE = MEASURED_MIX_CAPACITY / 2;
const WEIGHT_TOTAL = Object.values(MIX_WEIGHTS).reduce((a, b) => a + b, 0);
/** A kind's requests/s when the mix runs at `total` requests/s. */
const shareOf = (kind: keyof typeof MIX_WEIGHTS, total: number): number =>
  (MIX_WEIGHTS[kind] * total) / WEIGHT_TOTAL;

/** Requests of one kind on the wire before the generator counts a due one as an error. */
const MAX_IN_FLIGHT = 1024;
/**
 * Sockets per kind (each kind has its own pool, so slow certificates do not delay reads). Fewer
 * than MAX_IN_FLIGHT: under overload the rest wait in the generator, unseen by the server.
 */
const SOCKETS_PER_KIND = 128;

const USAGE = `Signet soak: mixed traffic at a fixed rate against a real signet-server, sampled for growth.

Usage: node build/bench/soak.js [options]     (npm run soak -- [options])

  --duration S      seconds of traffic (default 1800)
  --sample S        seconds per sample window (default 60); the first window is the warm-up
  --rate R          total requests/s, split in the mix's proportions (default ${DEFAULT_RATE}:
                    half of the ${MEASURED_MIX_CAPACITY}/s this mix measured on the idle machine)
  --rate-log R      per kind, overriding --rate (0 switches the kind off): log entries/s
                    (default ${formatNumber(shareOf('log', DEFAULT_RATE), 1)})
  --rate-tsa R      timestamps/s (default ${formatNumber(shareOf('tsa', DEFAULT_RATE), 1)})
  --rate-ca R       certificate requests/s (default ${formatNumber(shareOf('ca', DEFAULT_RATE), 1)})
  --rate-read R     reads/s: checkpoint, a tile, trusted_root.json in turn (default ${formatNumber(shareOf('read', DEFAULT_RATE), 1)})
  --sockets N       connections per kind (default ${SOCKETS_PER_KIND}); at ${MAX_IN_FLIGHT} every request
                    outstanding is on the server, none waits in the generator's socket pool
  --data-root DIR   where the data directory is created (default: the OS temp dir)
  -h, --help
`;

type KindName = keyof typeof MIX_WEIGHTS;
const KINDS: readonly KindName[] = ['log', 'tsa', 'ca', 'read'];

/**
 * No growth: over the windows after the warm-up, the median of the last third is within
 * RSS_GROWTH_LIMIT of the median of the first third for RSS, within FD_GROWTH_LIMIT plus
 * FD_SLACK for descriptors other than open HTTP connections (keep-alive sockets come and go
 * with latency, so those are counted apart: the server reports both), and within LAG_GROWTH_LIMIT plus LAG_SLACK_MS for
 * the event loop's p99 lag (a heap or a queue that grows makes each pause longer; one GC pause
 * more in a minute moves a p99 of a few milliseconds by a few more). A leak of one buffer or
 * socket per request crosses these within minutes at these rates; GC and socket-pool noise stay
 * inside them.
 */
const RSS_GROWTH_LIMIT = 0.1;
const FD_GROWTH_LIMIT = 0.1;
const FD_SLACK = 16;
const LAG_GROWTH_LIMIT = 0.5;
const LAG_SLACK_MS = 10;
/**
 * Idle pooled sockets are closed this long before the server's idle timeout would close them, as
 * a well-behaved client (or balancer) does: otherwise a request sent just as the server closes
 * the socket is reset (ECONNRESET), which the first short runs showed a few times a minute.
 */
const CLIENT_IDLE_MS = HTTP_SERVER_DEFAULTS.idleTimeoutMs - 1000;
/** An answer not complete by then is an error ("timeout"), so the soak always ends. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Tokens live five minutes; fresh ones are minted this often. */
const TOKEN_REFRESH_MS = 120_000;
const CA_KEYS = 256;
const CA_IDENTITIES = 16;
const ENTRY_KEYS = 64;

interface Request {
  method: 'GET' | 'POST';
  path: string;
  contentType?: string;
  body?: Buffer;
  /** Undefined when the answer is right, else why not (the error's label). */
  check(status: number, text: string): string | undefined;
}

interface KindWindow {
  samples: Samples;
  ok: number;
  /** Latency of each 503 with Retry-After: how fast the server said "retry later". */
  pushback: Samples;
  errors: Record<string, number>;
}

/** What came back: the status, body and Retry-After, or the connection error's label. */
interface Answer {
  status: number;
  text: string;
  retryAfter?: string;
  error?: string;
}

interface Row {
  endSeconds: number;
  rssMiB: number;
  fds: number;
  /** HTTP connections open at the sample, each holding one of the descriptors. */
  connections: number;
  serverCores: number;
  /** Event-loop lag over the window, from the server's summary (reset at each scrape). */
  lagP50: number;
  lagP99: number;
  lagMax: number;
  kinds: Record<
    KindName,
    {
      rate: number;
      p99: number;
      /** 503s with Retry-After, and their p99 latency. */
      pushback: number;
      pushbackP99: number;
      errors: number;
      labels: string[];
    }
  >;
}

/** Elapsed time as m:ss. */
const clock = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

const emptyWindow = (): KindWindow => ({
  samples: new Samples(),
  ok: 0,
  pushback: new Samples(),
  errors: {},
});

/** What a row takes from /metrics; NaN for what the server did not say. */
function processSample(
  metrics: Map<string, number>,
): Pick<Row, 'rssMiB' | 'fds' | 'connections' | 'lagP50' | 'lagP99' | 'lagMax'> {
  const get = (name: string): number => metrics.get(name) ?? NaN;
  const lagMs = (q: string): number => get(`signet_event_loop_lag_seconds{quantile="${q}"}`) * 1000;
  return {
    rssMiB: get('process_resident_memory_bytes') / (1024 * 1024),
    fds: get('process_open_fds'),
    connections: get('signet_http_connections'),
    lagP50: lagMs('0.5'),
    lagP99: lagMs('0.99'),
    lagMax: lagMs('1'),
  };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return percentile(Float64Array.from(sorted), 50);
};

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} must be a positive number, got "${value}"`);
  return n;
}

/** The requests of each kind, made as they come due (log entries are signed at send time). */
function requestMakers(
  expected: Expected,
  caBodies: () => readonly Body[],
): Record<KindName, () => Request> {
  const factories = Array.from({ length: ENTRY_KEYS }, () => new EntryFactory());
  const timestamps = makeTimestampBodies(4096);
  let logs = 0;
  let stamps = 0;
  let certs = 0;
  let reads = 0;
  let treeSize = 0;
  const status = (want: number) => (got: number) => (got === want ? undefined : `HTTP ${got}`);
  return {
    log: () => ({
      method: 'POST',
      path: '/api/v2/log/entries',
      contentType: 'application/json',
      body: Buffer.from(
        JSON.stringify((factories[logs++ % ENTRY_KEYS] as EntryFactory).request(randomBytes(32))),
      ),
      check: status(201),
    }),
    tsa: () => ({
      method: 'POST',
      path: '/api/v1/timestamp',
      contentType: 'application/timestamp-query',
      body: timestamps[stamps++ % timestamps.length],
      check: status(200),
    }),
    ca: () => {
      const bodies = caBodies();
      return {
        method: 'POST',
        path: '/api/v2/signingCert',
        contentType: 'application/json',
        body: (bodies[certs++ % bodies.length] as Body).bytes,
        check: (got, text) => {
          const chain = checkAnswer(got, text, expected);
          return typeof chain === 'string' ? chain : undefined;
        },
      };
    },
    read: () => {
      const turn = reads++ % 3;
      if (turn === 0 || (turn === 1 && treeSize < 256)) {
        return {
          method: 'GET',
          path: '/checkpoint',
          check: (got, text) => {
            if (got !== 200) return `HTTP ${got}`;
            const size = Number(text.split('\n')[1]);
            if (!Number.isSafeInteger(size)) return 'checkpoint without a size';
            treeSize = Math.max(treeSize, size);
            return undefined;
          },
        };
      }
      if (turn === 1) {
        // A full level-0 tile somewhere in the published tree, as a monitor catching up reads.
        const index = Math.floor(Math.random() * Math.floor(treeSize / 256));
        return { method: 'GET', path: `/${tilePath(0, index)}`, check: status(200) };
      }
      return { method: 'GET', path: '/trusted_root.json', check: status(200) };
    },
  };
}

/** Sends one request and calls back with what came back. */
function send(url: URL, agent: Agent, req: Request, done: (answer: Answer) => void): void {
  const out = request(
    {
      host: url.hostname,
      port: url.port,
      method: req.method,
      path: req.path,
      agent,
      headers:
        req.body === undefined
          ? {}
          : { 'content-type': req.contentType, 'content-length': req.body.length },
    },
    (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString(),
          retryAfter: res.headers['retry-after'],
        }),
      );
      res.on('error', (error: NodeJS.ErrnoException) =>
        done({ status: 0, text: '', error: error.code ?? 'error' }),
      );
    },
  );
  out.setTimeout(REQUEST_TIMEOUT_MS, () =>
    out.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })),
  );
  out.on('error', (error: NodeJS.ErrnoException) =>
    done({ status: 0, text: '', error: error.code ?? 'error' }),
  );
  out.end(req.body);
}

/** Named numbers: no growth and no error, with the reasons when not. */
function verdict(rows: readonly Row[]): { pass: boolean; reasons: string[]; detail: string } {
  const reasons: string[] = [];
  const errors = rows.reduce(
    (sum, row) => sum + KINDS.reduce((s, k) => s + row.kinds[k].errors, 0),
    0,
  );
  if (errors > 0) reasons.push(`${errors} errors`);
  // Below capacity, as the soak runs by default, the server has no reason to push back.
  const pushback = rows.reduce(
    (sum, row) => sum + KINDS.reduce((s, k) => s + row.kinds[k].pushback, 0),
    0,
  );
  if (pushback > 0) reasons.push(`${pushback} pushed back (503 with Retry-After)`);
  const measured = rows.slice(1);
  if (measured.length < 3) {
    reasons.push(`${measured.length} windows after the warm-up; growth needs at least 3`);
    return { pass: false, reasons, detail: '' };
  }
  const third = Math.ceil(measured.length / 3);
  const first = measured.slice(0, third);
  const last = measured.slice(-third);
  const rss0 = median(first.map((r) => r.rssMiB));
  const rss1 = median(last.map((r) => r.rssMiB));
  const fdsBesideConnections = (r: Row): number => r.fds - r.connections;
  const fd0 = median(first.map(fdsBesideConnections));
  const fd1 = median(last.map(fdsBesideConnections));
  const lag0 = median(first.map((r) => r.lagP99));
  const lag1 = median(last.map((r) => r.lagP99));
  if ([rss0, rss1, fd0, fd1, lag0, lag1].some(Number.isNaN))
    reasons.push('/metrics lacked RSS, descriptors or event-loop lag in some window');
  if (rss1 > rss0 * (1 + RSS_GROWTH_LIMIT))
    reasons.push(`RSS grew ${formatNumber(rss0, 1)} → ${formatNumber(rss1, 1)} MiB`);
  if (fd1 > fd0 * (1 + FD_GROWTH_LIMIT) + FD_SLACK)
    reasons.push(`descriptors besides connections grew ${fd0} → ${fd1}`);
  if (lag1 > lag0 * (1 + LAG_GROWTH_LIMIT) + LAG_SLACK_MS)
    reasons.push(`event-loop lag p99 grew ${formatMs(lag0)} → ${formatMs(lag1)} ms`);
  const detail =
    `median of the first ${third} windows after the warm-up against the last ${third}: ` +
    `RSS ${formatNumber(rss0, 1)} → ${formatNumber(rss1, 1)} MiB (limit +${RSS_GROWTH_LIMIT * 100} %), ` +
    `descriptors besides connections ${fd0} → ${fd1} (limit +${FD_GROWTH_LIMIT * 100} % + ${FD_SLACK}), ` +
    `event-loop lag p99 ${formatMs(lag0)} → ${formatMs(lag1)} ms ` +
    `(limit +${LAG_GROWTH_LIMIT * 100} % + ${LAG_SLACK_MS} ms), ${errors} errors`;
  return { pass: reasons.length === 0, reasons, detail };
}

function table(rows: readonly Row[], rates: Record<KindName, number>): string {
  const head = [
    'time',
    'RSS MiB',
    'fds (connections)',
    'server cores',
    'loop lag p50 · p99 (max) ms',
    ...KINDS.map((k) => `${k} /s · p99 ms · pushback (p99 ms) · errors`),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  rows.forEach((row, i) => {
    const cells = [
      `${clock(row.endSeconds)}${i === 0 ? ' (warm-up)' : ''}`,
      formatNumber(row.rssMiB, 1),
      `${row.fds} (${row.connections})`,
      row.serverCores.toFixed(2),
      `${formatMs(row.lagP50)} · ${formatMs(row.lagP99)} (${formatMs(row.lagMax)})`,
      ...KINDS.map((k) => {
        const c = row.kinds[k];
        const labels = c.labels.length > 0 ? ` (${c.labels.join(', ')})` : '';
        return rates[k] === 0
          ? '—'
          : `${formatNumber(c.rate)} · ${formatMs(c.p99)} · ${pushbackCell(c)} · ${c.errors}${labels}`;
      }),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  });
  return lines.join('\n');
}

const pushbackCell = (c: Row['kinds'][KindName]): string =>
  c.pushback === 0 ? '0' : `${c.pushback} (${formatMs(c.pushbackP99)})`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      sample: { type: 'string' },
      rate: { type: 'string' },
      'rate-log': { type: 'string' },
      'rate-tsa': { type: 'string' },
      'rate-ca': { type: 'string' },
      'rate-read': { type: 'string' },
      sockets: { type: 'string' },
      'data-root': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const duration = positive('duration', values.duration, 1800);
  const sampleSeconds = positive('sample', values.sample, 60);
  if (sampleSeconds > duration) throw new Error('--sample must not exceed --duration');
  const total = positive('rate', values.rate, DEFAULT_RATE);
  const rates = Object.fromEntries(
    KINDS.map((k) => {
      const flag = values[`rate-${k}`];
      // 0 switches a kind off; any other override must be a positive rate.
      const rate = flag === '0' ? 0 : positive(`rate-${k}`, flag, shareOf(k, total));
      return [k, rate];
    }),
  ) as Record<KindName, number>;

  const sockets = positive('sockets', values.sockets, SOCKETS_PER_KIND);
  const windows = Math.floor(duration / sampleSeconds);
  progress(
    `soak: ${windows} windows of ${sampleSeconds} s at ${KINDS.map((k) => `${k} ${formatNumber(rates[k], 1)}/s`).join(', ')}`,
  );
  const issuer = await startBenchIssuer();
  const clients = makeCaClients(CA_KEYS, CA_IDENTITIES);
  let caBodies = makeBodies(issuer, clients, await mintTokens(issuer, CA_IDENTITIES));
  const server = await startCaServer(
    { issuingKeyType: 'p256', logLevel: 'warn', dataRoot: values['data-root'] },
    issuer.url,
    undefined,
  );
  const url = new URL(server.url);
  const agents = Object.fromEntries(
    KINDS.map((k) => [
      k,
      new Agent({
        keepAlive: true,
        maxSockets: sockets,
        maxFreeSockets: sockets,
        timeout: CLIENT_IDLE_MS,
      }),
    ]),
  ) as Record<KindName, Agent>;
  const metricsAgent = new Agent({ keepAlive: true, maxSockets: 1, timeout: CLIENT_IDLE_MS });
  let stopping = false;
  const timers: NodeJS.Timeout[] = [];
  try {
    const makers = requestMakers(await expectedOf(server.url), () => caBodies);
    let current = Object.fromEntries(KINDS.map((k) => [k, emptyWindow()])) as Record<
      KindName,
      KindWindow
    >;
    const inFlight = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<KindName, number>;
    const error = (kind: KindName, label: string): void => {
      const errors = current[kind].errors;
      errors[label] = (errors[label] ?? 0) + 1;
    };

    // Open loop: every kind issues what has come due since the last tick, whatever the server
    // does; latency counts from the due time, so queueing in the generator counts too.
    const start = performance.now();
    const due = Object.fromEntries(KINDS.map((k) => [k, start])) as Record<KindName, number>;
    timers.push(
      setInterval(() => {
        const now = performance.now();
        for (const kind of KINDS) {
          if (rates[kind] === 0) continue;
          const interval = 1000 / rates[kind];
          while (!stopping && due[kind] <= now) {
            const began = due[kind];
            due[kind] += interval;
            if (inFlight[kind] >= MAX_IN_FLIGHT) {
              error(kind, 'generator backlog');
              continue;
            }
            const req = makers[kind]();
            inFlight[kind]++;
            send(url, agents[kind], req, ({ status, text, retryAfter, error: failure }) => {
              inFlight[kind]--;
              const latency = performance.now() - began;
              if (failure === undefined && status === 503 && retryAfter !== undefined) {
                current[kind].pushback.push(latency);
                return;
              }
              const problem = failure ?? req.check(status, text);
              if (problem !== undefined) error(kind, problem);
              else {
                current[kind].ok++;
                current[kind].samples.push(latency);
              }
            });
          }
        }
      }, 5),
    );
    timers.push(
      setInterval(() => {
        void mintTokens(issuer, CA_IDENTITIES).then(
          (tokens) => (caBodies = makeBodies(issuer, clients, tokens)),
          (e: unknown) => progress(`token refresh failed: ${String(e)}`),
        );
      }, TOKEN_REFRESH_MS),
    );
    // The server's own view, once per window: its lag summary starts afresh at each scrape, so
    // each row's quantiles cover that window. A failed scrape is an error of the read kind.
    const scrape = (): Promise<Map<string, number>> =>
      new Promise((resolve) =>
        send(
          url,
          metricsAgent,
          { method: 'GET', path: '/metrics', check: () => undefined },
          ({ status: s, text }) => {
            if (s !== 200) error('read', `/metrics ${s === 0 ? 'failed' : `HTTP ${s}`}`);
            resolve(parseMetrics(s === 200 ? text : ''));
          },
        ),
      );
    await scrape(); // the first window starts with the traffic

    const rows: Row[] = [];
    let cpu0 = processCpuSeconds(server.pid);
    for (let w = 1; w <= windows; w++) {
      await sleep(Math.max(0, start + w * sampleSeconds * 1000 - performance.now()));
      const cpu1 = processCpuSeconds(server.pid);
      const ended = current;
      current = Object.fromEntries(KINDS.map((k) => [k, emptyWindow()])) as typeof current;
      const row: Row = {
        endSeconds: w * sampleSeconds,
        ...processSample(await scrape()),
        serverCores: (cpu1 - cpu0) / sampleSeconds,
        kinds: Object.fromEntries(
          KINDS.map((k) => {
            const win = ended[k];
            return [
              k,
              {
                rate: win.ok / sampleSeconds,
                p99: percentile(win.samples.sorted(), 99),
                pushback: win.pushback.length,
                pushbackP99: percentile(win.pushback.sorted(), 99),
                errors: Object.values(win.errors).reduce((a, b) => a + b, 0),
                labels: Object.entries(win.errors).map(([label, n]) => `${n} ${label}`),
              },
            ];
          }),
        ) as Row['kinds'],
      };
      cpu0 = cpu1;
      rows.push(row);
      progress(
        `  ${clock(row.endSeconds)}: RSS ${formatNumber(row.rssMiB, 1)} MiB, ` +
          `${row.fds} fds (${row.connections} connections), loop lag p99 ${formatMs(row.lagP99)} (max ${formatMs(row.lagMax)}) ms, ` +
          KINDS.map(
            (k) =>
              `${k} ${formatNumber(row.kinds[k].rate)}/s p99 ${formatMs(row.kinds[k].p99)} ms ${pushbackCell(row.kinds[k])} 503 ${row.kinds[k].errors} err`,
          ).join(', '),
      );
    }
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    // Answers still due count as the last window's: each ends by REQUEST_TIMEOUT_MS at most.
    const drainBy = performance.now() + REQUEST_TIMEOUT_MS + 5000;
    while (KINDS.some((k) => inFlight[k] > 0) && performance.now() < drainBy) await sleep(50);
    const late = rows[rows.length - 1];
    if (late !== undefined) {
      for (const k of KINDS) {
        const n = Object.values(current[k].errors).reduce((a, b) => a + b, 0);
        late.kinds[k].errors += n + inFlight[k];
        late.kinds[k].pushback += current[k].pushback.length;
        for (const [label, count] of Object.entries(current[k].errors))
          late.kinds[k].labels.push(`${count} ${label} after the end`);
        if (inFlight[k] > 0) late.kinds[k].labels.push(`${inFlight[k]} unanswered`);
      }
    }

    const result = verdict(rows);
    const facts = Object.entries(machineFacts())
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ');
    process.stdout.write(
      `## Soak\n\n${facts}\n\n` +
        `${formatNumber(duration / 60, 1)} min, samples every ${sampleSeconds} s; offered ` +
        `${KINDS.map((k) => `${k} ${formatNumber(rates[k], 1)}/s`).join(', ')}; ` +
        `RSS, descriptors and event-loop lag (over each window) from the server's /metrics.\n\n` +
        `${table(rows, rates)}\n\n` +
        `**Verdict: ${result.pass ? 'PASS' : 'FAIL'}**${result.pass ? '' : ` (${result.reasons.join('; ')})`}` +
        `${result.detail ? `: ${result.detail}` : ''}.\n`,
    );
    return result.pass ? 0 : 1;
  } finally {
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    for (const agent of [...Object.values(agents), metricsAgent]) agent.destroy();
    await server.stop();
    await issuer.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
