import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type LogSettings,
  type Spread,
  formatNumber,
  formatSpread,
  formatSpreadMs,
  machineFacts,
  progress,
  setQuietThreshold,
  spread,
} from './common.js';
import { LOG_DEFAULTS, REPLICA_DEFAULTS } from '../src/tlog/log.js';
import { GENERATORS, type Generator, type LoadResult } from './http-load.js';
import { benchCaEngine } from './ca-engine.js';
import { ECHO_LAYERS, ECHO_MODES, type EchoMode } from './echo-server.js';
import { benchCeiling } from './http-ceiling.js';
import {
  compareFigures,
  measureSignBaseline,
  quickFigures,
  quickTable,
  readReference,
} from './quick.js';
import { type CaX509Run, benchCaX509 } from './ca-x509.js';
import {
  type CaLoadResult,
  type IssuingKeyType,
  benchCaHttp,
  makeCaClients,
  startBenchIssuer,
} from './ca-http.js';
import { benchLogEngine, type LogEngineResult } from './log-engine.js';
import { LOG_APIS, type LogApi, benchLogHttp, makeEntryBodies } from './log-http.js';
import {
  type ReplicasLoadResult,
  benchReplicasHttp,
  benchTakeover,
  startBenchDatabase,
} from './replicas.js';
import { benchTsaHttp, benchTsaThreads, makeTimestampBodies, makeTsaKeys } from './tsa.js';
import { benchVerify } from './verify.js';

const USAGE = `Signet benchmarks: log appends through HTTP and in the engine, timestamps through HTTP and
in-process, certificates through HTTP and their cost per step in-process, offline bundle
verification against sigstore-js.

Usage: node build/bench/run.js [options]     (npm run bench -- [options])

  --only LIST              comma-separated: sign-baseline,log-http,log-v1-http,log-engine,tsa-http,
                           tsa-inproc,http-ceiling,ca-http,ca-engine,ca-x509,verify,replicas
                           (default all but sign-baseline)
  --quick                  the regression guard, under a minute: one 1 s + 3 s run each of
                           sign-baseline,http-ceiling,log-http,tsa-http,ca-http (256 in flight)
                           and ca-x509, and a table of every headline figure divided by its
                           baseline from the same run (see bench/quick.ts); flags given still win
  --compare FILE           compare those ratios with a --json FILE of an earlier run; exit status 1
                           if one says a cost grew by more than --tolerance (default 0.15)
  --runs N                 runs per benchmark; medians are reported (default 3)
  --duration S             measured seconds per run (default 10)
  --warmup S               unmeasured seconds before each run (default 2)
  --concurrency N          log-http, log-v1-http, replicas: requests in flight = keep-alive sockets
                           (default 1024; spread over the replicas)
  --rate R                 log-http, log-v1-http, replicas: open loop at R requests/s instead of a
                           closed loop
  --bodies N               log-http, replicas: distinct pre-signed entries (default 150000)
  --keys N                 log-http: distinct client keys among them (default 64)
  --engine-concurrency N   log-engine: appends in flight (default: log.maxPending, the most the
                           log accepts before pushing back)
  --tsa-concurrency N      tsa-http: requests in flight (default 64)
  --tsa-rate R             tsa-http: open loop at R requests/s
  --threads N              tsa-inproc: worker threads for the ceiling (default 2; 1 skips it)
  --verify-workers N       log-http: the server's verifyWorkers setting (default: the server's)
  --batch-max-size N       log settings for the server (via --config) and the engine
  --batch-max-age-ms N
  --checkpoint-interval-ms N
  --max-pending N
  --ca-concurrency LIST    ca-http: requests in flight, one measurement per value
                           (default 16,64,256,1024)
  --ca-rate LIST           ca-http: open loop instead, one measurement per rate (requests/s), with
                           at most the largest --ca-concurrency value on the wire at once
  --ca-key-types LIST      ca-http, ca-engine: issuing CA curves (default p256,p384)
  --ca-log-level LEVEL     ca-http: the server's log level, info (its default: one line per
                           certificate) or warn (default info)
  --ca-keys N              ca-http: distinct client keys, each with its proof (default 4096)
  --ca-identities N        ca-http: distinct repositories, one token each per run (default 256)
  --ca-step-seconds S      ca-engine: CPU seconds per step and run (default 0.3)
  --ca-engine-concurrency N  ca-engine: issuances in flight through the CT log (default 256)
                           (ca-x509 times each engine for --duration s per run after --warmup s)
  --verify-bundles N       verify: distinct artifacts, each signed in its own run (default 200)
  --replica-counts LIST    replicas: replicas on PostgreSQL, one measurement per value, beside the
                           log-http figure on the data directory (default 1,3)
  --takeover-runs N        replicas: lease holder SIGKILLs under load, 3 replicas (default 5; 0 skips)
  --takeover-writers N     replicas: writers during the takeover runs (default 64)
  --generator NAME         the HTTP client of the load generator: raw (default: pre-built requests on
                           keep-alive sockets, answers parsed for status and framing only) or node
                           (node:http with a keep-alive Agent, as before issue 16)
  --data-root DIR          where data directories are created (default: the OS temp dir)
  --cpu-prof DIR           profile the server of the first log-http, tsa-http and ca-http runs, and
                           every replica of the first run of each replica count
                           (node --cpu-prof; profiles land in DIR/log-http, DIR/tsa-http,
                           DIR/ca-http-KEYTYPE-CONCURRENCY and DIR/replicas-N)
  --quiet-below C          before each run, wait (up to --quiet-timeout s, default 300) until other
                           processes use under C cores, and repeat (up to twice) a run during
                           which they used more; off by default (use it on a shared machine)
  --json FILE              also write every run's raw results as JSON
  -h, --help
`;

/** What --quick runs: every headline figure and the baselines its ratios are taken against. */
const QUICK_ONLY = ['sign-baseline', 'http-ceiling', 'log-http', 'tsa-http', 'ca-http', 'ca-x509'];

/** --compare fails when a ratio says the cost grew by more than this (0.15 = 15 %). */
const QUICK_TOLERANCE = 0.15;

interface Row {
  what: string;
  result: string;
  reference: string;
}

function int(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} must be a non-negative number, got ${value}`);
  return n;
}

const ratio = (value: number, reference: number): string => `${(value / reference).toFixed(2)}×`;

function latencyRows(
  label: string,
  results: { latency: { p50: number; p95: number; p99: number } }[],
): Row[] {
  const p = (k: 'p50' | 'p95' | 'p99'): Spread => spread(results.map((r) => r.latency[k]));
  return [
    {
      what: `${label} latency p50 / p95 / p99 (ms)`,
      result: `${formatSpreadMs(p('p50'))} / ${formatSpreadMs(p('p95'))} / ${formatSpreadMs(p('p99'))}`,
      reference: '',
    },
  ];
}

/** Server CPU per successful request, microseconds: the cost that sets the single-core ceiling. */
const cpuPerRequest = (results: LoadResult[]): Spread =>
  spread(results.map((r) => (r.serverCores * 1e6) / r.throughput));

function loadRows(results: LoadResult[]): {
  server: Spread;
  generator: Spread;
  other: Spread;
  errors: string;
} {
  const errors: Record<string, number> = {};
  for (const r of results)
    for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  return {
    server: spread(results.map((r) => r.serverCores)),
    generator: spread(results.map((r) => r.generatorCores)),
    other: spread(results.map((r) => r.otherCores)),
    errors: Object.keys(errors).length === 0 ? 'none' : JSON.stringify(errors),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      runs: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      bodies: { type: 'string' },
      keys: { type: 'string' },
      'engine-concurrency': { type: 'string' },
      'tsa-concurrency': { type: 'string' },
      'tsa-rate': { type: 'string' },
      threads: { type: 'string' },
      'verify-workers': { type: 'string' },
      'batch-max-size': { type: 'string' },
      'batch-max-age-ms': { type: 'string' },
      'checkpoint-interval-ms': { type: 'string' },
      'max-pending': { type: 'string' },
      'data-root': { type: 'string' },
      'cpu-prof': { type: 'string' },
      json: { type: 'string' },
      'quiet-below': { type: 'string' },
      'quiet-timeout': { type: 'string' },
      'ca-concurrency': { type: 'string' },
      'ca-rate': { type: 'string' },
      generator: { type: 'string' },
      'ca-key-types': { type: 'string' },
      'ca-log-level': { type: 'string' },
      'ca-keys': { type: 'string' },
      'ca-identities': { type: 'string' },
      'ca-step-seconds': { type: 'string' },
      'ca-engine-concurrency': { type: 'string' },
      'verify-bundles': { type: 'string' },
      'replica-counts': { type: 'string' },
      'takeover-runs': { type: 'string' },
      'takeover-writers': { type: 'string' },
      quick: { type: 'boolean' },
      compare: { type: 'string' },
      tolerance: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const all = [
    'sign-baseline',
    'log-http',
    'log-v1-http',
    'log-engine',
    'tsa-http',
    'tsa-inproc',
    'http-ceiling',
    'ca-http',
    'ca-engine',
    'ca-x509',
    'verify',
    'replicas',
  ];
  const quick = values.quick === true;
  const only =
    values.only === undefined
      ? quick
        ? QUICK_ONLY
        : all.filter((name) => name !== 'sign-baseline')
      : values.only.split(',').map((s) => s.trim());
  for (const name of only)
    if (!all.includes(name))
      throw new Error(`--only: unknown benchmark ${name}; known: ${all.join(', ')}`);
  // --quick: one short run of each headline benchmark (under a minute on 2 cores); any
  // setting given explicitly still wins.
  const runs = int(values.runs, 'runs', quick ? 1 : 3);
  const durationSeconds = int(values.duration, 'duration', quick ? 3 : 10);
  const warmupSeconds = int(values.warmup, 'warmup', quick ? 1 : 2);
  const num = (name: keyof typeof values): number | undefined =>
    values[name] === undefined ? undefined : int(values[name] as string, name, 0);
  const log: LogSettings = {
    batchMaxSize: num('batch-max-size'),
    batchMaxAgeMs: num('batch-max-age-ms'),
    checkpointIntervalMs: num('checkpoint-interval-ms'),
    maxPending: num('max-pending'),
  };
  const logSet = Object.entries(log).filter(([, v]) => v !== undefined);
  const dataRoot = values['data-root'];
  const concurrency = int(values.concurrency, 'concurrency', 1024);
  const rate = num('rate');
  const tsaConcurrency = int(values['tsa-concurrency'], 'tsa-concurrency', 64);
  const tsaRate = num('tsa-rate');
  const threads = int(values.threads, 'threads', 2);
  const generator = (values.generator ?? 'raw') as Generator;
  if (!GENERATORS.includes(generator))
    throw new Error(`--generator must be one of ${GENERATORS.join(', ')}, got ${generator}`);
  const common = { runs, warmupSeconds, durationSeconds, dataRoot, generator };

  if (values['quiet-below'] !== undefined) {
    setQuietThreshold(
      Number(values['quiet-below']),
      int(values['quiet-timeout'], 'quiet-timeout', 300),
    );
  }
  const facts = machineFacts();
  const rows: Row[] = [];
  const raw: Record<string, unknown> = { facts, argv: process.argv.slice(2) };

  // --quick: enough for 15,000 appends/s over the 4 s (signing them takes 2.5 s of CPU).
  const count = int(values.bodies, 'bodies', quick ? 60_000 : 150_000);
  const keys = int(values.keys, 'keys', 64);
  const signed = new Map<LogApi, Buffer[]>();
  /** Each API's bodies, signed once before any clock starts and shared by its benchmarks. */
  const bodiesFor = (api: LogApi): Buffer[] => {
    let bodies = signed.get(api);
    if (bodies === undefined) {
      progress(
        `${LOG_APIS[api].name}: signing ${count} hashedrekord requests with ${keys} keys before the clock starts...`,
      );
      bodies = makeEntryBodies(count, keys, api);
      signed.set(api, bodies);
    }
    return bodies;
  };
  const logHttp = async (api: LogApi): Promise<LoadResult[]> => {
    const { name } = LOG_APIS[api];
    const bodies = bodiesFor(api);
    progress(
      `${name}: ${runs} × (${warmupSeconds} s warm-up + ${durationSeconds} s), ${rate === undefined ? `closed loop, ${concurrency} in flight` : `open loop at ${rate}/s, up to ${concurrency} sockets`}`,
    );
    const profileDir = values['cpu-prof'];
    const results = await benchLogHttp(
      {
        ...common,
        api,
        concurrency,
        rate,
        bodies: count,
        keys,
        log,
        verifyWorkers: num('verify-workers'),
        profileFlags:
          profileDir === undefined
            ? undefined
            : ['--cpu-prof', '--cpu-prof-dir', join(profileDir, name)],
      },
      bodies,
    );
    raw[name] = results;
    return results;
  };

  for (const api of ['v2', 'v1'] as LogApi[]) {
    const { name } = LOG_APIS[api];
    if (!only.includes(name)) continue;
    const label = api === 'v2' ? 'Log appends' : 'Rekor v1 log appends';
    const short = api === 'v2' ? 'HTTP append' : 'v1 HTTP append';
    const results = await logHttp(api);
    const throughput = spread(results.map((r) => r.throughput));
    const cpu = loadRows(results);
    rows.push({
      what: `${label} through HTTP, signature verified, durable (entries/s)${rate === undefined ? '' : `, offered ${formatNumber(rate)}/s`}`,
      result: formatSpread(throughput),
      reference: `target ≥ 5,000: ${ratio(throughput.median, 5000)}; Tessera POSIX ≈ 10,000 on up to 7 cores: ${ratio(throughput.median, 10_000)}`,
    });
    rows.push(...latencyRows(short, results));
    rows[rows.length - 1]!.reference = `target p99 < 1,000 ms; Rekor v2 clients allow ≥ 20 s`;
    rows.push({
      what: `${short}: CPU used by server / load generator / other processes (cores)`,
      result: `${formatSpread(cpu.server, 2)} / ${formatSpread(cpu.generator, 2)} / ${formatSpread(cpu.other, 2)}`,
      reference: `errors: ${cpu.errors}`,
    });
    rows.push({
      what: `${short}: server CPU per entry, all threads (µs)`,
      result: formatSpread(cpuPerRequest(results)),
      reference: `${availableParallelism()},000,000 µs/s divided by this: the ceiling if the server had every core to itself`,
    });
  }

  if (only.includes('log-engine')) {
    const maxPending = log.maxPending ?? LOG_DEFAULTS.maxPending;
    const engineConcurrency = int(values['engine-concurrency'], 'engine-concurrency', maxPending);
    if (engineConcurrency > maxPending) {
      throw new Error(
        `--engine-concurrency ${engineConcurrency} exceeds log.maxPending ${maxPending}: the log would push back; raise --max-pending too`,
      );
    }
    progress(
      `log-engine: ${runs} × (${warmupSeconds} s warm-up + ${durationSeconds} s), ${engineConcurrency} appends in flight`,
    );
    const results: LogEngineResult[] = await benchLogEngine({
      ...common,
      concurrency: engineConcurrency,
      log,
    });
    raw['log-engine'] = results;
    const throughput = spread(results.map((r) => r.throughput));
    rows.push({
      what: 'Log engine appends, no HTTP, no signature check (appends/s)',
      result: formatSpread(throughput),
      reference: `Tessera POSIX ≈ 10,000 on up to 7 cores: ${ratio(throughput.median, 10_000)}`,
    });
    rows.push(...latencyRows('Engine append', results));
    rows.push({
      what: 'Engine: CPU per append (µs)',
      result: formatSpread(spread(results.map((r) => (r.cores * 1e6) / r.throughput))),
      reference: 'steadier than appends/s when other processes compete for the cores',
    });
    rows.push({
      what: 'Engine: CPU used by the engine / other processes (cores)',
      result: `${formatSpread(spread(results.map((r) => r.cores)), 2)} / ${formatSpread(spread(results.map((r) => r.otherCores)), 2)}`,
      reference: '',
    });
  }

  const needTsaBodies =
    only.includes('tsa-http') || only.includes('tsa-inproc') || only.includes('http-ceiling');
  const tsaBodies = needTsaBodies ? makeTimestampBodies(20_000) : [];
  const tsaOptions = {
    ...common,
    profileFlags:
      values['cpu-prof'] === undefined
        ? undefined
        : ['--cpu-prof', '--cpu-prof-dir', join(values['cpu-prof'], 'tsa-http')],
    concurrency: tsaConcurrency,
    rate: tsaRate,
    bodies: tsaBodies.length,
    threads,
  };

  if (only.includes('tsa-http')) {
    progress(
      `tsa-http: ${runs} × (${warmupSeconds} s warm-up + ${durationSeconds} s), ${tsaRate === undefined ? `closed loop, ${tsaConcurrency} in flight` : `open loop at ${tsaRate}/s`}`,
    );
    const results = await benchTsaHttp(tsaOptions, tsaBodies);
    raw['tsa-http'] = results;
    const throughput = spread(results.map((r) => r.throughput));
    const cpu = loadRows(results);
    rows.push({
      what: 'Timestamps through HTTP, RFC 3161 DER, P-256 TSA key (timestamps/s)',
      result: formatSpread(throughput),
      reference: `target ≥ 5,000: ${ratio(throughput.median, 5000)}; sigstore TSA 6,481 (laptop, k6): ${ratio(throughput.median, 6481)}`,
    });
    rows.push(...latencyRows('Timestamp', results));
    rows[rows.length - 1]!.reference = 'sigstore TSA: median 27 ms, p95 155 ms (at 6,481/s)';
    rows.push({
      what: 'Timestamps: CPU used by server / load generator / other processes (cores)',
      result: `${formatSpread(cpu.server, 2)} / ${formatSpread(cpu.generator, 2)} / ${formatSpread(cpu.other, 2)}`,
      reference: `errors: ${cpu.errors}`,
    });
    rows.push({
      what: 'Timestamps: server CPU per timestamp (µs)',
      result: formatSpread(cpuPerRequest(results)),
      reference: '',
    });
  }

  if (only.includes('tsa-inproc')) {
    progress(`tsa-inproc: ${runs} × ${durationSeconds} s`);
    const keys = await makeTsaKeys(dataRoot);
    const single = await benchTsaThreads(tsaOptions, 1, keys, tsaBodies);
    raw['tsa-inproc'] = single;
    rows.push({
      what: 'Timestamps in-process, `TimestampAuthority.timestamp()`, 1 thread (timestamps/s)',
      result: formatSpread(spread(single)),
      reference: 'no HTTP: compare with the server CPU per timestamp above',
    });
    if (threads > 1) {
      const multi = await benchTsaThreads(tsaOptions, threads, keys, tsaBodies);
      raw['tsa-threads'] = multi;
      rows.push({
        what: `Timestamps in-process, ${threads} worker threads (timestamps/s)`,
        result: formatSpread(spread(multi)),
        reference: 'signing ceiling of the machine, no HTTP',
      });
    }
  }

  if (only.includes('http-ceiling')) {
    // The same generator, bodies and writers as log-http and tsa-http, against bare node:http.
    const loads: { mode: EchoMode; route: string; bodies: Buffer[]; concurrency: number }[] = [
      // --quick: only the layer the log's ratio is taken against.
      ...(quick ? (['echo'] as const) : ECHO_MODES).map((mode) => ({
        mode,
        route: 'log-http',
        bodies: bodiesFor('v2'),
        concurrency,
      })),
      { mode: 'read', route: 'tsa-http', bodies: tsaBodies, concurrency: tsaConcurrency },
    ];
    for (const load of loads) {
      progress(
        `http-ceiling ${load.mode} (${load.route} bodies, ${load.concurrency} in flight): ${runs} × (${warmupSeconds} s warm-up + ${durationSeconds} s)`,
      );
      const results = await benchCeiling(
        load.mode,
        {
          ...common,
          concurrency: load.concurrency,
          path: load.route === 'tsa-http' ? '/api/v1/timestamp' : LOG_APIS.v2.path,
          contentType:
            load.route === 'tsa-http' ? 'application/timestamp-query' : 'application/json',
        },
        load.bodies,
      );
      raw[`http-ceiling-${load.mode}-${load.route}`] = results;
      const cpu = loadRows(results);
      rows.push({
        what: `Bare \`node:http\` (the ceiling), ${ECHO_LAYERS[load.mode]}, ${load.route} bodies, ${load.concurrency} in flight (requests/s)`,
        result: formatSpread(spread(results.map((r) => r.throughput))),
        reference: `server CPU per request ${formatSpread(cpuPerRequest(results), 1)} µs; generator ${formatSpread(spread(results.map((r) => (r.generatorCores * 1e6) / r.throughput)), 1)} µs; cores: server ${formatSpread(cpu.server, 2)}, generator ${formatSpread(cpu.generator, 2)}, other ${formatSpread(cpu.other, 2)}; errors: ${cpu.errors}`,
      });
    }
  }

  const caLevels = (values['ca-concurrency'] ?? (quick ? '256' : '16,64,256,1024'))
    .split(',')
    .map((c) => int(c.trim(), 'ca-concurrency', 64));

  if (only.includes('sign-baseline')) {
    progress('sign-baseline: node:crypto P-256 and P-384 signatures on one thread');
    const baseline = await measureSignBaseline(quick ? 0.3 : 1);
    raw['sign-baseline'] = baseline;
    rows.push({
      what: '`node:crypto` ECDSA signature, 1 thread: P-256 / P-384 (µs CPU each)',
      result: `${formatNumber(baseline.p256Micros, 1)} / ${formatNumber(baseline.p384Micros, 1)}`,
      reference: 'the baseline of the quick ratios for certificates',
    });
  }

  if (only.includes('ca-http') || only.includes('ca-engine')) {
    const keyTypes = (values['ca-key-types'] ?? 'p256,p384').split(',').map((k) => k.trim());
    for (const k of keyTypes)
      if (k !== 'p256' && k !== 'p384') throw new Error(`--ca-key-types: unknown ${k}`);
    // Estimated before the CA existed by summing per-operation costs measured on this machine
    // (docs/performance.md, "Estimates"): the full Fulcio-like flow on 2 cores (1 core).
    const ceiling: Record<IssuingKeyType, { two: number; one: number }> = {
      p256: { two: 6000, one: 3100 },
      p384: { two: 1050, one: 550 },
    };
    const curveName = (k: IssuingKeyType): string => (k === 'p256' ? 'P-256' : 'P-384');

    if (only.includes('ca-http')) {
      const levels = caLevels;
      const rates =
        values['ca-rate'] === undefined
          ? []
          : values['ca-rate'].split(',').map((r) => int(r.trim(), 'ca-rate', 0));
      // Closed loop: one measurement per level; open loop: one per rate, with as many sockets
      // as the largest level allows.
      const loads: { concurrency: number; rate?: number }[] =
        rates.length === 0
          ? levels.map((concurrency) => ({ concurrency }))
          : rates.map((rate) => ({ concurrency: Math.max(...levels), rate }));
      const loadLabel = (load: { concurrency: number; rate?: number }): string =>
        load.rate === undefined
          ? `${load.concurrency} in flight`
          : `open loop at ${formatNumber(load.rate)}/s`;
      const loadKey = (load: { concurrency: number; rate?: number }): string =>
        load.rate === undefined ? `${load.concurrency}` : `rate-${load.rate}`;
      const logLevel = values['ca-log-level'] ?? 'info';
      if (logLevel !== 'info' && logLevel !== 'warn')
        throw new Error('--ca-log-level must be info or warn');
      const keys = int(values['ca-keys'], 'ca-keys', quick ? 1024 : 4096);
      const identities = int(values['ca-identities'], 'ca-identities', quick ? 64 : 256);
      progress(
        `ca-http: ${keys} P-256 client keys with proofs of possession for ${identities} repositories...`,
      );
      const clients = makeCaClients(keys, identities);
      const issuer = await startBenchIssuer();
      const medians = new Map<string, number>();
      try {
        for (const keyType of keyTypes as IssuingKeyType[]) {
          for (const load of loads) {
            progress(
              `ca-http: ${curveName(keyType)} issuing key, ${loadLabel(load)}, server log level ${logLevel}: ${runs} × (${warmupSeconds} s warm-up + ${durationSeconds} s)`,
            );
            const profileDir = values['cpu-prof'];
            const results: CaLoadResult[] = await benchCaHttp(
              {
                ...common,
                ...load,
                issuingKeyType: keyType,
                logLevel,
                profileFlags:
                  profileDir === undefined
                    ? undefined
                    : [
                        '--cpu-prof',
                        '--cpu-prof-dir',
                        join(profileDir, `ca-http-${keyType}-${loadKey(load)}`),
                      ],
              },
              issuer,
              clients,
            );
            raw[`ca-http-${keyType}-${loadKey(load)}`] = results;
            const throughput = spread(results.map((r) => r.throughput));
            medians.set(`${keyType}/${loadKey(load)}`, throughput.median);
            const cpu = loadRows(results);
            const p = (k: 'p50' | 'p99'): Spread => spread(results.map((r) => r.latency[k]));
            const c = ceiling[keyType];
            rows.push({
              what: `Certificates through HTTP, ${curveName(keyType)} issuing key, ${loadLabel(load)} (certificates/s)`,
              result: formatSpread(throughput),
              reference: `estimated full-flow ceiling ≈ ${formatNumber(c.two)} on 2 cores: ${ratio(throughput.median, c.two)} (${formatNumber(c.one)} on 1: ${ratio(throughput.median, c.one)})`,
            });
            rows.push({
              what: `  latency p50 / p99 (ms); server CPU per certificate (µs)`,
              result: `${formatSpreadMs(p('p50'))} / ${formatSpreadMs(p('p99'))}; ${formatSpread(cpuPerRequest(results))}`,
              reference: `cores: server ${formatSpread(cpu.server, 2)}, generator ${formatSpread(cpu.generator, 2)}, other ${formatSpread(cpu.other, 2)}; ${results.reduce((a, r) => a + r.checked, 0)} answers checked (${results.reduce((a, r) => a + r.deepChecked, 0)} in depth), errors: ${cpu.errors}`,
            });
          }
        }
      } finally {
        await issuer.close();
      }
      for (const load of loads) {
        const a = medians.get(`p256/${loadKey(load)}`);
        const b = medians.get(`p384/${loadKey(load)}`);
        if (a !== undefined && b !== undefined)
          rows.push({
            what: `Certificates through HTTP, P-256 ÷ P-384 issuing key, ${loadLabel(load)}`,
            result: ratio(a, b),
            reference: 'estimated full flow: 6,000 ÷ 1,050 = 5.7×',
          });
      }
    }

    if (only.includes('ca-engine')) {
      const stepSeconds = Number(values['ca-step-seconds'] ?? '0.3');
      const concurrency = int(values['ca-engine-concurrency'], 'ca-engine-concurrency', 256);
      progress(`ca-engine: ${runs} runs per issuing key type, ${stepSeconds} s per step`);
      const results = await benchCaEngine(
        { runs, stepSeconds, concurrency, dataRoot },
        keyTypes as IssuingKeyType[],
      );
      raw['ca-engine'] = results;
      for (const result of results) {
        for (const row of result.rows) {
          rows.push({
            what: `CA in-process, ${curveName(result.issuingKeyType)} issuing key: ${row.step} (µs CPU per call)`,
            result: formatSpread(row.micros, row.micros.median < 10 ? 1 : 0),
            reference: '',
          });
        }
      }
    }
  }

  if (only.includes('ca-x509')) {
    // --quick: @peculiar/x509 takes 6-9 ms per certificate; 1 s of it (~150) moved the ratio by
    // 25 % between two runs, 2 s by less.
    const x509Seconds = quick && values.duration === undefined ? 2 : durationSeconds;
    const x509Warmup = quick && values.warmup === undefined ? 0.5 : warmupSeconds;
    progress(
      `ca-x509: ${runs} × (Signet, then @peculiar/x509, each ${x509Warmup} s warm-up + ${x509Seconds} s; the order alternates)`,
    );
    const result = await benchCaX509({ runs, seconds: x509Seconds, warmupSeconds: x509Warmup });
    raw['ca-x509'] = result;
    const perCpuSecond = (micros: (r: CaX509Run) => number): Spread =>
      spread(result.runs.map((r) => 1e6 / micros(r)));
    const micros = (pick: (r: CaX509Run) => number): string =>
      formatSpread(spread(result.runs.map(pick)));
    rows.push({
      what: 'Certificates issued in-process, P-256 issuing key and leaf, Fulcio profile with an SCT: Signet `CertificateAuthority.issue` (certificates per CPU second)',
      result: formatSpread(perCpuSecond((r) => r.signetMicros)),
      reference: `${micros((r) => r.signetMicros)} µs each; ${result.bytes.signet} bytes`,
    });
    rows.push({
      what: '  the same certificate from `@peculiar/x509` `X509CertificateGenerator.create` (certificates per CPU second)',
      result: formatSpread(perCpuSecond((r) => r.x509Micros)),
      reference: `${micros((r) => r.x509Micros)} µs each; ${result.bytes.x509} bytes; no precertificate signed`,
    });
    rows.push({
      what: '  Signet ÷ @peculiar/x509, per run',
      result: `${formatSpread(spread(result.runs.map((r) => r.x509Micros / r.signetMicros)), 2)}×`,
      reference: `other load ${formatSpread(spread(result.runs.map((r) => r.otherCores)), 2)} cores`,
    });
  }

  if (only.includes('verify')) {
    const bundles = int(values['verify-bundles'], 'verify-bundles', 200);
    progress(
      `verify: ${runs} × (${warmupSeconds} s warm-up + ${durationSeconds} s) per verifier, ${bundles} bundles`,
    );
    const results = await benchVerify({ ...common, bundles });
    raw.verify = results;
    const rate = (name: 'signet' | 'signetFreshLeaves' | 'sigstoreJs'): Spread =>
      spread(results.map((r) => r[name].perSecond));
    const cpu = (name: 'signet' | 'signetFreshLeaves' | 'sigstoreJs'): Spread =>
      spread(results.map((r) => r[name].cpuMicros));
    const sigstoreJs = rate('sigstoreJs').median;
    const perRun = (name: 'signet' | 'signetFreshLeaves'): Spread =>
      spread(results.map((r) => r[name].perSecond / r.sigstoreJs.perSecond));
    rows.push({
      what: `Bundle verifications, Signet \`Verifier\` reused, ${bundles} v0.3 bundles each with its own certificate, 1 thread (verifications/s)`,
      result: formatSpread(rate('signet')),
      reference: `target ≥ 10× sigstore-js: ${ratio(rate('signet').median, sigstoreJs)} (per run ${formatSpread(perRun('signet'), 1)}×); estimated ceiling, chain cached, 1 core: 2,300 (P-256, no TSA) / 700 (P-384 + TSA)`,
    });
    rows.push({
      what: '  Signet, a fresh `Verifier` per pass over the bundles: every certificate new to it',
      result: formatSpread(rate('signetFreshLeaves')),
      reference: `sigstore-js: ${ratio(rate('signetFreshLeaves').median, sigstoreJs)} (per run ${formatSpread(perRun('signetFreshLeaves'), 1)}×)`,
    });
    rows.push({
      what: '  @sigstore/verify 3.x `Verifier` reused, same bundles, root, thresholds and pin',
      result: formatSpread(rate('sigstoreJs')),
      reference:
        'measured before Signet existed (public-good-like P-384 bundles): 133 (Rekor v1) / 88 (Rekor v2 + TSA)',
    });
    rows.push({
      what: '  CPU per verification: Signet reused / fresh / sigstore-js (µs)',
      result: `${formatSpread(cpu('signet'))} / ${formatSpread(cpu('signetFreshLeaves'))} / ${formatSpread(cpu('sigstoreJs'))}`,
      reference: `other load ${formatSpread(spread(results.map((r) => r.otherCores)), 2)} cores`,
    });
  }

  if (only.includes('replicas')) {
    const counts = (values['replica-counts'] ?? '1,3')
      .split(',')
      .map((c) => int(c.trim(), 'replica-counts', 1));
    for (const n of counts)
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`--replica-counts: each must be a whole number ≥ 1, got ${n}`);
    const takeoverRuns = int(values['takeover-runs'], 'takeover-runs', 5);
    const writers = int(values['takeover-writers'], 'takeover-writers', 64);
    const bodies = bodiesFor('v2');
    // The data directory's figure from the same bodies and settings, unless log-http gave it.
    const local = (raw['log-http'] as LoadResult[] | undefined) ?? (await logHttp('v2'));
    progress('replicas: starting a PostgreSQL cluster...');
    const db = await startBenchDatabase();
    const profileDir = values['cpu-prof'];
    const options = {
      ...common,
      concurrency,
      rate,
      log,
      verifyWorkers: num('verify-workers'),
      profileFlags:
        profileDir === undefined
          ? undefined
          : (n: number) => ['--cpu-prof', '--cpu-prof-dir', join(profileDir, `replicas-${n}`)],
    };
    try {
      const measured: [string, LoadResult[], ReplicasLoadResult[]][] = [
        ['on the data directory (1 process)', local, []],
      ];
      for (const n of counts) {
        progress(
          `replicas-${n}: ${runs} × (${warmupSeconds} s warm-up + ${durationSeconds} s), ${n} replica(s) on PostgreSQL, ${concurrency} writers in all`,
        );
        const results = await benchReplicasHttp(db, n, options, bodies);
        raw[`replicas-${n}`] = results;
        measured.push([`${n} replica${n === 1 ? '' : 's'} on PostgreSQL`, results, results]);
      }
      for (const [label, results, onPostgres] of measured) {
        const throughput = spread(results.map((r) => r.throughput));
        const cpu = loadRows(results);
        const p = (k: 'p50' | 'p95' | 'p99'): Spread => spread(results.map((r) => r.latency[k]));
        const database = spread(results.map((r) => r.databaseCores ?? NaN));
        rows.push({
          what: `Log appends through HTTP, ${label} (entries/s)`,
          result: formatSpread(throughput),
          reference:
            onPostgres.length === 0
              ? 'the one-process figure, same bodies and writers'
              : `target ≥ 3,000 on PostgreSQL: ${ratio(throughput.median, 3000)}; 1-minute load average after each run: ${onPostgres.map((r) => r.loadAverage.split(' ')[0]).join(', ')}`,
        });
        rows.push({
          what: '  latency p50 / p95 / p99 (ms)',
          result: `${formatSpreadMs(p('p50'))} / ${formatSpreadMs(p('p95'))} / ${formatSpreadMs(p('p99'))}`,
          reference: 'target p99 < 1,000 ms',
        });
        rows.push({
          what: '  CPU per entry: servers / PostgreSQL (µs)',
          result: `${formatSpread(cpuPerRequest(results))} / ${onPostgres.length === 0 ? 'n/a' : formatSpread(spread(results.map((r) => ((r.databaseCores ?? NaN) * 1e6) / r.throughput)))}`,
          reference: `cores: servers ${formatSpread(cpu.server, 2)}, PostgreSQL ${onPostgres.length === 0 ? 'n/a' : formatSpread(database, 2)}, generator ${formatSpread(cpu.generator, 2)}, other ${formatSpread(cpu.other, 2)}; errors: ${cpu.errors}`,
        });
        // Statement costs of the median run: where PostgreSQL's time per entry goes.
        const median = [...onPostgres].sort((a, b) => a.throughput - b.throughput)[
          Math.floor(onPostgres.length / 2)
        ];
        for (const statement of median?.statements.slice(0, 6) ?? []) {
          const per = (value: number): string => formatNumber(value / median!.sequenced, 2);
          rows.push({
            what: `  PostgreSQL: \`${statement.query.replace(/\|/g, '\\|')}\``,
            result: `${per(statement.totalMs * 1000)} µs per entry`,
            reference: `${per(statement.calls * 1000)} calls, ${per(statement.rows * 1000)} rows per 1,000 entries (median run, ${formatNumber(median!.sequenced)} entries)`,
          });
        }
      }
      if (takeoverRuns > 0) {
        progress(
          `takeover: ${takeoverRuns} × 3 replicas, ${writers} writers, the lease holder killed with SIGKILL`,
        );
        const takeovers = await benchTakeover(db, { ...options, takeoverRuns, writers }, bodies);
        raw.takeover = takeovers;
        rows.push({
          what: `Takeover after SIGKILL of the lease holder, 3 replicas, ${writers} writers: to a new holder / to the first write acknowledged (ms, ${takeoverRuns} runs)`,
          result: `${formatSpread(spread(takeovers.map((t) => t.leaseTakenMs)))} / ${formatSpread(spread(takeovers.map((t) => t.firstAckMs)))}`,
          reference: `target < 5,000 ms; ${formatNumber(REPLICA_DEFAULTS.leaseTtlMs)} ms lease TTL + ${formatNumber(REPLICA_DEFAULTS.leaseRenewMs)} ms retry interval at most; 1-minute load average at each kill: ${takeovers.map((t) => t.loadAverage.split(' ')[0]).join(', ')}`,
        });
      }
    } finally {
      await db.stop();
    }
  }

  const lines = [
    `## Results (${new Date().toISOString()})`,
    '',
    `Median [min–max] of ${runs} runs, ${durationSeconds} s measured after ${warmupSeconds} s of warm-up each.`,
    `Machine: ${Object.entries(facts)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}.`,
    `Load generator: ${generator}.`,
    `Log settings: ${logSet.length === 0 ? 'server defaults' : logSet.map(([k, v]) => `${k}=${v}`).join(', ')}; verifyWorkers ${values['verify-workers'] ?? 'server default'}.`,
    '',
    '| Benchmark | Result | Target / reference |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${r.result} | ${r.reference} |`),
    '',
  ];
  const figures = quickFigures(raw, Math.max(...caLevels));
  if (figures.length > 0) {
    raw.quick = figures;
    lines.push(...quickTable(figures), '');
  }
  let worse: string[] = [];
  if (values.compare !== undefined) {
    const tolerance = Number(values.tolerance ?? QUICK_TOLERANCE);
    if (!(tolerance > 0)) throw new Error(`--tolerance must be a positive number`);
    const comparison = compareFigures(figures, await readReference(values.compare), tolerance);
    lines.push(`Against ${values.compare}:`, '', ...comparison.lines, '');
    worse = comparison.worse;
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify(raw, null, 2)}\n`);
  if (worse.length > 0) {
    progress(`bench: worse than the reference by more than the tolerance: ${worse.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
