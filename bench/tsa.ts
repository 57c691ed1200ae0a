import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TimestampAuthority } from '../src/tsa/authority.js';
import { encodeTimestampRequest } from '../src/tsa/request.js';
import { SERVER_DEFAULTS } from '../server/config.js';
import { initInstance } from '../server/instance.js';
import { createLogger } from '../server/logger.js';
import {
  machineBusySeconds,
  progress,
  repeatRuns,
  scratchDir,
  selfCpuSeconds,
  startServer,
} from './common.js';
import { type Generator, type LoadResult, describeLoad, runLoad } from './http-load.js';

/**
 * Timestamps: RFC 3161 `POST /api/v1/timestamp` with DER TimeStampReqs against the server in its
 * own process, and `TimestampAuthority.timestamp()` called directly (one thread, and one per core
 * in worker threads) to show what HTTP costs and what the signing work alone allows.
 */
export interface TsaOptions {
  runs: number;
  warmupSeconds: number;
  durationSeconds: number;
  concurrency: number;
  rate?: number;
  generator?: Generator;
  bodies: number;
  dataRoot?: string;
  /** Server node flags for one profiled run (e.g. --cpu-prof); applied to the first run only. */
  profileFlags?: string[];
}

/** DER TimeStampReqs as sigstore clients send them: SHA-256 imprint, nonce, certReq. */
export function makeTimestampBodies(count: number): Buffer[] {
  return Array.from({ length: count }, () =>
    encodeTimestampRequest({
      hashAlgorithm: 'sha256',
      hashedMessage: createHash('sha256').update(randomBytes(32)).digest(),
      nonce: randomBytes(8).readBigUInt64BE(),
      certReq: true,
    }),
  );
}

export async function benchTsaHttp(options: TsaOptions, bodies: Buffer[]): Promise<LoadResult[]> {
  return repeatRuns(
    options.runs,
    'tsa-http',
    async (run) => {
      const server = await startServer({
        dataRoot: options.dataRoot,
        nodeFlags: run === 0 ? options.profileFlags : undefined,
      });
      try {
        const result = await runLoad({
          urls: [server.url],
          path: '/api/v1/timestamp',
          contentType: 'application/timestamp-query',
          bodies,
          unique: false,
          okStatus: 200,
          concurrency: options.concurrency,
          warmupSeconds: options.warmupSeconds,
          durationSeconds: options.durationSeconds,
          rate: options.rate,
          generator: options.generator,
          serverPids: [server.pid],
        });
        progress(`  tsa-http run ${run + 1}: ${describeLoad(result, 'timestamps/s')}`);
        return result;
      } finally {
        await server.stop();
      }
    },
    (result) => result.otherCores,
  );
}

export interface TsaKeys {
  privateKeyPem: string;
  chain: Buffer[];
}

/** The TSA key and chain exactly as `signet-server init` creates them (P-256 by default). */
export async function makeTsaKeys(dataRoot: string | undefined): Promise<TsaKeys> {
  const dir = await scratchDir(dataRoot, 'signet-tsa-');
  try {
    const instance = await initInstance({
      dir: join(dir, 'data'),
      publicUrl: 'http://127.0.0.1:8080',
      keys: SERVER_DEFAULTS.keys,
      ca: SERVER_DEFAULTS.ca,
      logger: createLogger('error', () => {}),
    });
    return {
      privateKeyPem: instance.tsaKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      chain: instance.tsaChain,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Timestamps/s from one thread calling the authority directly on DER requests for `seconds`. */
export function timestampLoop(
  authority: TimestampAuthority,
  bodies: readonly Buffer[],
  seconds: number,
): number {
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 64; i++) authority.timestamp(bodies[(count + i) % bodies.length] as Buffer);
    count += 64;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

/**
 * `TimestampAuthority.timestamp()` on DER requests in `threads` worker threads at once, each a
 * fresh isolate (so the load generator's heap from earlier benchmarks does not weigh on it).
 * One thread shows what HTTP costs; one per core shows the signing ceiling of the machine.
 */
export async function benchTsaThreads(
  options: TsaOptions,
  threads: number,
  keys: TsaKeys,
  bodies: Buffer[],
): Promise<number[]> {
  const workerFile = new URL('./tsa-worker.js', import.meta.url);
  const results = await repeatRuns(
    options.runs,
    'tsa-inproc',
    async (run) => {
      const busy0 = machineBusySeconds();
      const self0 = selfCpuSeconds();
      const began = performance.now();
      const rates = await Promise.all(
        Array.from(
          { length: threads },
          () =>
            new Promise<number>((resolve, reject) => {
              const worker = new Worker(workerFile, {
                workerData: {
                  privateKeyPem: keys.privateKeyPem,
                  chain: keys.chain,
                  bodies: bodies.slice(0, 4096),
                  warmupSeconds: Math.min(1, options.warmupSeconds),
                  seconds: options.durationSeconds,
                },
              });
              worker.once('message', (rate: number) => resolve(rate));
              worker.once('error', reject);
            }),
        ),
      );
      const seconds = (performance.now() - began) / 1000;
      const other = (machineBusySeconds() - busy0 - (selfCpuSeconds() - self0)) / seconds;
      const total = rates.reduce((a, b) => a + b, 0);
      progress(
        `  tsa-inproc run ${run + 1}: ${Math.round(total)} timestamps/s on ${threads} thread${threads === 1 ? '' : 's'}, others ${Math.max(0, other).toFixed(2)} cores`,
      );
      return { total, other };
    },
    (result) => result.other,
  );
  return results.map((r) => r.total);
}
