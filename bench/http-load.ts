import { Agent, request } from 'node:http';
import { RawConnection, RawPool, requestHead } from './raw-http.js';
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
 * The load generator's HTTP clients: `raw` (bench/raw-http.ts: pre-built request heads on
 * keep-alive sockets, answers parsed only for their framing) and `node` (`node:http` with a
 * keep-alive Agent, the generator every figure before issue 16 was measured with).
 */
export const GENERATORS = ['raw', 'node'] as const;
export type Generator = (typeof GENERATORS)[number];

/**
 * A small HTTP load generator built to cost the server's machine as little as possible: every
 * request body exists before the clock starts, connections are kept alive (one per writer in a
 * closed loop, a bounded pool in an open loop), and answers are not parsed beyond their status
 * unless a `check` asks for their bodies.
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
  /** Which client sends the requests (default raw; node for comparison with earlier figures). */
  generator?: Generator;
  /**
   * Checks each answer with `okStatus` (body `bodies[index]`'s answer); returns why it is wrong,
   * if it is. Set, every answer body is read and kept until the check returns.
   */
  check?: (index: number, answer: Buffer) => string | undefined;
}

export interface LoadResult {
  /** Successful answers completed inside the measured window, per second. */
  throughput: number;
  ok: number;
  errors: Record<string, number>;
  /**
   * Failed answers over the whole run, warm-up included, by reason (an HTTP status, a transport
   * error code, or what `check` found), with the first answer body of each reason.
   */
  failures: Record<string, { count: number; first: string }>;
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

/** What a transport calls back with: an HTTP status and body, or a transport error code. */
type Done = (status: number, body: Buffer | undefined, error?: string) => void;

/**
 * Sends one body: on writer `writer`'s own connection in a closed loop, or on whichever
 * connection is free in an open loop (`writer` undefined).
 */
interface Transport {
  send(target: number, writer: number | undefined, body: Buffer, done: Done): void;
  close(): void;
}

function nodeTransport(options: LoadOptions, targets: URL[], keepBodies: boolean): Transport {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.concurrency,
    maxFreeSockets: options.concurrency,
    scheduling: 'fifo',
    noDelay: true,
  } as ConstructorParameters<typeof Agent>[0]);
  return {
    send(target, _writer, body, done) {
      const url = targets[target] as URL;
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: options.path,
          agent,
          headers: { 'content-type': options.contentType, 'content-length': body.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          if (keepBodies) res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            done(res.statusCode ?? 0, keepBodies ? Buffer.concat(chunks) : undefined),
          );
          if (!keepBodies) res.resume();
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => done(0, undefined, error.code ?? 'error'));
      req.end(body);
    },
    close: () => agent.destroy(),
  };
}

function rawTransport(options: LoadOptions, targets: URL[], keepBodies: boolean): Transport {
  // Heads differ only in Host and Content-Length: one per target and body length, made once.
  const heads = targets.map(() => new Map<number, Buffer>());
  const headFor = (target: number, length: number): Buffer => {
    let head = heads[target]!.get(length);
    if (head === undefined) {
      head = requestHead(targets[target]!.host, options.path, options.contentType, length);
      heads[target]!.set(length, head);
    }
    return head;
  };
  const connectionOptions = targets.map((url) => ({
    host: url.hostname,
    port: Number(url.port),
    keepBodies,
  }));
  const writers = new Map<number, RawConnection>();
  const pools = connectionOptions.map(
    (o) => new RawPool(o, Math.ceil(options.concurrency / targets.length)),
  );
  return {
    send(target, writer, body, done) {
      if (writer === undefined) {
        (pools[target] as RawPool).send(headFor(target, body.length), body, done);
        return;
      }
      let connection = writers.get(writer);
      if (connection === undefined) {
        connection = new RawConnection(connectionOptions[target]!);
        writers.set(writer, connection);
      }
      connection.send(headFor(target, body.length), body, done);
    },
    close() {
      for (const connection of writers.values()) connection.close();
      for (const pool of pools) pool.close();
    },
  };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.urls.length === 0) throw new Error('runLoad: no server URL');
  const targets = options.urls.map((url) => new URL(url));
  const keepBodies = options.check !== undefined;
  const transport =
    (options.generator ?? 'raw') === 'raw'
      ? rawTransport(options, targets, keepBodies)
      : nodeTransport(options, targets, keepBodies);
  const samples = new Samples();
  const errors: Record<string, number> = {};
  const failures: LoadResult['failures'] = {};
  let ok = 0;
  let next = 0;
  let inFlight = 0;
  let exhausted = false;
  let stopping = false;

  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  let measureTo = measureFrom + options.durationSeconds * 1000;

  let drained: (() => void) | undefined;
  const done = new Promise<void>((ok) => (drained = ok));

  const answered = (
    began: number,
    index: number,
    status: number,
    body: Buffer | undefined,
    error: string | undefined,
  ): void => {
    const now = performance.now();
    let reason = error ?? (status === options.okStatus ? undefined : String(status));
    if (reason === undefined && options.check !== undefined)
      reason = options.check(index, body as Buffer);
    if (reason !== undefined) {
      const failure = (failures[reason] ??= {
        count: 0,
        first: body?.toString('utf8', 0, 500) ?? '',
      });
      failure.count++;
    }
    if (now >= measureFrom && now <= measureTo) {
      if (reason === undefined) {
        ok++;
        samples.push(now - began);
      } else {
        errors[reason] = (errors[reason] ?? 0) + 1;
      }
    }
    if (--inFlight === 0 && stopping) drained?.();
  };

  /**
   * Sends the next body to `targets[target]`; `began` is when it was due (open loop) or sent
   * (closed loop). False when the bodies ran out.
   */
  const send = (
    target: number,
    writer: number | undefined,
    began: number,
    then: () => void,
  ): boolean => {
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
    const index = next++;
    inFlight++;
    transport.send(target, writer, options.bodies[index] as Buffer, (status, body, error) => {
      answered(began, index, status, body, error);
      then();
    });
    return true;
  };

  if (options.rate === undefined) {
    const loop = (target: number, writer: number): void => {
      if (stopping) return;
      send(target, writer, performance.now(), () => loop(target, writer));
    };
    // Writers join over the first half of the warm-up (at most 1 s), 64 at a time: a burst of
    // hundreds of simultaneous connects overflows the server's listen backlog (511 in Node), and
    // the SYNs the kernel drops come back 1 s and 3 s later as latency that is not the server's.
    const rampMs = Math.min(1000, (options.warmupSeconds * 1000) / 2);
    const steps = Math.ceil(options.concurrency / 64);
    for (let step = 0; step < steps; step++) {
      const start = (): void => {
        const end = Math.min(options.concurrency, (step + 1) * 64);
        for (let i = step * 64; i < end; i++) loop(i % targets.length, i);
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
        if (!send(turn++ % targets.length, undefined, due, () => {})) break;
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
  const serverCpuAtStart = serverCpu();
  const databaseCpuAtStart = databaseCpu();
  const selfCpuAtStart = selfCpuSeconds();
  const machineAtStart = machineBusySeconds();
  const windowStart = performance.now();
  while (performance.now() < measureTo) {
    await new Promise<void>((ok) =>
      setTimeout(ok, Math.min(50, Math.max(1, measureTo - performance.now()))),
    );
  }
  const serverCpuAtEnd = serverCpu();
  const databaseCpuAtEnd = databaseCpu();
  const selfCpuAtEnd = selfCpuSeconds();
  const machineAtEnd = machineBusySeconds();
  const windowEnd = Math.min(performance.now(), measureTo);
  stopping = true;
  if (inFlight === 0) drained?.();
  await done;
  transport.close();

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
    failures,
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
    `generator ${result.generatorCores.toFixed(2)} cores (${Math.round((result.generatorCores * 1e6) / result.throughput)} µs/request), others ${result.otherCores.toFixed(2)} cores${errors}` +
    (result.exhausted ? ' (bodies exhausted: window cut short, raise --bodies)' : '')
  );
}
