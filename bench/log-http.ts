import { randomBytes } from 'node:crypto';
import { EntryFactory } from '../test/helpers/entries.js';
import { type LogSettings, progress, repeatRuns, startServer } from './common.js';
import {
  type Generator,
  type LoadOptions,
  type LoadResult,
  describeLoad,
  runLoad,
} from './http-load.js';

/** The two logs' write APIs: Rekor v2 (`log-http`) and the Rekor v1 log beside it (`log-v1-http`). */
export const LOG_APIS = {
  v2: { name: 'log-http', path: '/api/v2/log/entries' },
  v1: { name: 'log-v1-http', path: '/api/v1/log/entries' },
} as const;
export type LogApi = keyof typeof LOG_APIS;

/**
 * Log appends through HTTP: `POST /api/v2/log/entries` with signed hashedrekord requests against
 * `signet-server serve` in its own process. The server checks each signature, batches entries
 * into its fsynced journal, and answers 201 only once a signed checkpoint covering the entry is
 * published, so the client-observed latency includes the batch and checkpoint waits. With
 * `api: 'v1'` the same through the Rekor v1 log: hashedrekord 0.0.1 ProposedEntries, answered
 * with the LogEntry and its signed entry timestamp.
 */
export interface LogHttpOptions {
  /** Which log's API is loaded (default v2). */
  api?: LogApi;
  runs: number;
  warmupSeconds: number;
  durationSeconds: number;
  concurrency: number;
  /** Open-loop offered rate in requests/s; unset for a closed loop (saturation). */
  rate?: number;
  generator?: Generator;
  bodies: number;
  /** Distinct client keys among the bodies (CI jobs each bring a fresh key). */
  keys: number;
  log?: LogSettings;
  verifyWorkers?: number;
  dataRoot?: string;
  /** Server node flags for one profiled run (e.g. --cpu-prof); applied to the first run only. */
  profileFlags?: string[];
}

/** Signed CreateEntryRequest bodies, all distinct, made before any clock starts. */
export function makeEntryBodies(count: number, keys: number, api: LogApi = 'v2'): Buffer[] {
  const factories = Array.from({ length: Math.max(1, keys) }, () => new EntryFactory());
  const bodies: Buffer[] = new Array<Buffer>(count);
  for (let i = 0; i < count; i++) {
    const factory = factories[i % factories.length] as EntryFactory;
    const artifact = randomBytes(32);
    const request = api === 'v1' ? factory.v1Request(artifact) : factory.request(artifact);
    bodies[i] = Buffer.from(JSON.stringify(request));
  }
  return bodies;
}

/** Closed- or open-loop appends of `bodies` (each once) to the servers of `target`. */
export function appendLoad(
  options: Pick<
    LogHttpOptions,
    'api' | 'concurrency' | 'warmupSeconds' | 'durationSeconds' | 'rate' | 'generator'
  >,
  bodies: readonly Buffer[],
  target: Pick<LoadOptions, 'urls' | 'serverPids' | 'databasePid'>,
): Promise<LoadResult> {
  return runLoad({
    ...target,
    path: LOG_APIS[options.api ?? 'v2'].path,
    contentType: 'application/json',
    bodies,
    unique: true,
    okStatus: 201,
    concurrency: options.concurrency,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
    rate: options.rate,
    generator: options.generator,
  });
}

export async function benchLogHttp(
  options: LogHttpOptions,
  bodies: Buffer[],
): Promise<LoadResult[]> {
  const { name } = LOG_APIS[options.api ?? 'v2'];
  return repeatRuns(
    options.runs,
    name,
    async (run) => {
      const server = await startServer({
        dataRoot: options.dataRoot,
        log: options.log,
        verifyWorkers: options.verifyWorkers,
        nodeFlags: run === 0 ? options.profileFlags : undefined,
      });
      try {
        const result = await appendLoad(options, bodies, {
          urls: [server.url],
          serverPids: [server.pid],
        });
        progress(`  ${name} run ${run + 1}: ${describeLoad(result, 'entries/s')}`);
        return result;
      } finally {
        await server.stop();
      }
    },
    (result) => result.otherCores,
  );
}
