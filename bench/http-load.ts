import { Agent, request } from 'node:http';
import {
  Samples,
  machineBusySeconds,
  processCpuSeconds,
  processTreeCpuSeconds,
  selfCpuSeconds,
  summarise,
  type LatencySummary,
} from './common.js';

/**
 * A small HTTP load generator built to cost the server's machine as little as possible: every
 * request body exists before the clock starts, connections are kept alive in a bounded pool,
 * and each request is a bare `node:http` request (no fetch/undici layers, no body parsing).
 *
 * Two modes:
 * - closed loop (`rate` unset): `concurrency` requests are always in flight, each connection
 *   sends its next request as soon as the previous answer arrives. Measures the saturation rate.
 * - open loop (`rate` set): requests are issued on a fixed schedule whatever the server does,
 *   at most `concurrency` at a time on the wire; latency is measured from the scheduled send
 *   time, so queueing in the generator counts against the server (no coordinated omission).
 */
export interface LoadOptions {
  /**
   * The servers, each an origin (`http://127.0.0.1:PORT`). With several (replicas behind a load
   * balancer), closed-loop writers are spread over them, each writer keeping to one; open-loop
   * requests go to each in turn.
   */
  urls: readonly string[];
  path: string;
  contentType: string;
  /** Pre-encoded bodies, sent in order; `unique` stops the run rather than reusing one. */
  bodies: readonly Buffer[];
  unique: boolean;
  /** The status a successful answer has (201 for log entries, 200 for timestamps). */
  okStatus: number;
  concurrency: number;
  warmupSeconds: number;
  durationSeconds: number;
  rate?: number;
  /** The servers' pids, to report the CPU they used during the measured window. */
  serverPids?: readonly number[];
  /** The database's parent process (PostgreSQL's postmaster), counted with its backends. */
  databasePid?: number;
}

export interface LoadResult {
  /** Successful answers completed inside the measured window, per second. */
  throughput: number;
  ok: number;
  errors: Record<string, number>;
  /** Client-observed latency of the successful answers in the window, milliseconds. */
  latency: LatencySummary;
  /** CPU cores' worth of time used during the window. */
  serverCores: number;
  /** The database's processes (only with `databasePid`). */
  databaseCores?: number;
  generatorCores: number;
  /** Cores busy with anything else on the machine during the window: the noise. */
  otherCores: number;
  /** The bodies ran out before the end (only for `unique`): the window was cut short. */
  exhausted: boolean;
  seconds: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.concurrency,
    maxFreeSockets: options.concurrency,
    scheduling: 'fifo',
    noDelay: true,
  } as ConstructorParameters<typeof Agent>[0]);
  if (options.urls.length === 0) throw new Error('runLoad: no server URL');
  const targets = options.urls.map((url) => new URL(url));
  const samples = new Samples();
  const errors: Record<string, number> = {};
  let ok = 0;
  let next = 0;
  let inFlight = 0;
  let exhausted = false;
  let stopping = false;

  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  let measureTo = measureFrom + options.durationSeconds * 1000;
  let serverCpuAtStart = NaN;
  let databaseCpuAtStart = NaN;
  let selfCpuAtStart = NaN;
  let serverCpuAtEnd = NaN;
  let databaseCpuAtEnd = NaN;
  let selfCpuAtEnd = NaN;
  let machineAtStart = NaN;
  let machineAtEnd = NaN;

  let drained: (() => void) | undefined;
  const finished = (): void => {
    if (--inFlight === 0 && stopping) drained?.();
  };

  const record = (began: number, status: string): void => {
    const now = performance.now();
    if (now < measureFrom || now > measureTo) return;
    if (status === String(options.okStatus)) {
      ok++;
      samples.push(now - began);
    } else {
      errors[status] = (errors[status] ?? 0) + 1;
    }
  };

  /**
   * Sends one request to `targets[target]`; `began` is when it was due (open loop) or sent
   * (closed loop).
   */
  const send = (target: URL, began: number, onDone: () => void): boolean => {
    if (next >= options.bodies.length) {
      if (options.unique) {
        if (!exhausted) {
          exhausted = true;
          measureTo = Math.min(measureTo, performance.now());
        }
        return false;
      }
      next = 0;
    }
    const body = options.bodies[next++] as Buffer;
    inFlight++;
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path: options.path,
        agent,
        headers: { 'content-type': options.contentType, 'content-length': body.length },
      },
      (res) => {
        res.on('end', () => {
          record(began, String(res.statusCode));
          finished();
          onDone();
        });
        res.resume();
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      record(began, error.code ?? 'error');
      finished();
      onDone();
    });
    req.end(body);
    return true;
  };

  const done = new Promise<void>((ok) => (drained = ok));

  if (options.rate === undefined) {
    const loop = (target: URL): void => {
      if (stopping) return;
      send(target, performance.now(), () => loop(target));
    };
    // Writers join over the first half of the warm-up (at most 1 s), 64 at a time: a burst of
    // hundreds of simultaneous connects overflows the server's listen backlog (511 in Node), and
    // the SYNs the kernel drops come back 1 s and 3 s later as latency that is not the server's.
    const rampMs = Math.min(1000, (options.warmupSeconds * 1000) / 2);
    const steps = Math.ceil(options.concurrency / 64);
    for (let step = 0; step < steps; step++) {
      const start = (): void => {
        const end = Math.min(options.concurrency, (step + 1) * 64);
        for (let i = step * 64; i < end; i++) loop(targets[i % targets.length] as URL);
      };
      if (step === 0 || rampMs === 0) start();
      else setTimeout(start, (step * rampMs) / steps);
    }
  } else {
    // Open loop: a 1 ms tick issues every request that has come due since the last tick.
    const interval = 1000 / options.rate;
    let due = start;
    let turn = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      while (!stopping && due <= now) {
        if (!send(targets[turn++ % targets.length] as URL, due, () => {})) break;
        due += interval;
      }
      if (stopping) clearInterval(timer);
    }, 1);
  }

  // Mark the window edges for CPU accounting.
  await new Promise<void>((ok) => setTimeout(ok, Math.max(0, measureFrom - performance.now())));
  const serverCpu = (): number =>
    (options.serverPids ?? []).reduce((sum, pid) => sum + processCpuSeconds(pid), 0) || NaN;
  const databaseCpu = (): number =>
    options.databasePid === undefined ? NaN : processTreeCpuSeconds(options.databasePid);
  serverCpuAtStart = serverCpu();
  databaseCpuAtStart = databaseCpu();
  selfCpuAtStart = selfCpuSeconds();
  machineAtStart = machineBusySeconds();
  const windowStart = performance.now();
  while (performance.now() < measureTo) {
    await new Promise<void>((ok) =>
      setTimeout(ok, Math.min(50, Math.max(1, measureTo - performance.now()))),
    );
  }
  serverCpuAtEnd = serverCpu();
  databaseCpuAtEnd = databaseCpu();
  selfCpuAtEnd = selfCpuSeconds();
  machineAtEnd = machineBusySeconds();
  const windowEnd = Math.min(performance.now(), measureTo);
  stopping = true;
  if (inFlight === 0) drained?.();
  await done;
  agent.destroy();

  const seconds = Math.max(0.001, (measureTo - Math.max(windowStart, measureFrom)) / 1000);
  const cpuSeconds = Math.max(0.001, (windowEnd - windowStart) / 1000);
  const serverCores = (serverCpuAtEnd - serverCpuAtStart) / cpuSeconds;
  const generatorCores = (selfCpuAtEnd - selfCpuAtStart) / cpuSeconds;
  const databaseCores =
    options.databasePid === undefined
      ? undefined
      : (databaseCpuAtEnd - databaseCpuAtStart) / cpuSeconds;
  return {
    throughput: ok / seconds,
    ok,
    errors,
    latency: summarise(samples),
    serverCores,
    databaseCores,
    generatorCores,
    otherCores: Math.max(
      0,
      (machineAtEnd - machineAtStart) / cpuSeconds -
        serverCores -
        generatorCores -
        (databaseCores ?? 0),
    ),
    exhausted,
    seconds,
  };
}

/** One line of progress for a load run. */
export function describeLoad(result: LoadResult, unit: string): string {
  const errors =
    Object.keys(result.errors).length > 0 ? `, errors ${JSON.stringify(result.errors)}` : '';
  return (
    `${Math.round(result.throughput)} ${unit}, p50 ${result.latency.p50.toFixed(1)} ms, ` +
    `p99 ${result.latency.p99.toFixed(1)} ms, server ${result.serverCores.toFixed(2)} cores, ` +
    (result.databaseCores === undefined
      ? ''
      : `database ${result.databaseCores.toFixed(2)} cores, `) +
    `generator ${result.generatorCores.toFixed(2)} cores, others ${result.otherCores.toFixed(2)} cores${errors}` +
    (result.exhausted ? ' (bodies exhausted: window cut short, raise --bodies)' : '')
  );
}
