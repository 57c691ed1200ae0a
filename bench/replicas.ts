import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { type PostgresCluster, startPostgres } from '../test/helpers/postgres.js';
import { missingPostgres } from '../test/helpers/tools.js';
import {
  type BenchServer,
  type LogSettings,
  REPO_ROOT,
  beforeRun,
  loadAverage,
  progress,
  repeatRuns,
  scratchDir,
  sleep,
  startServer,
} from './common.js';
import { type Generator, type LoadResult, describeLoad } from './http-load.js';
import { LOG_APIS, appendLoad } from './log-http.js';

const run = promisify(execFile);

/**
 * Several `signet-server serve --storage postgres://…` replicas of one instance on one
 * PostgreSQL cluster (issue 15): Rekor v2 appends through HTTP spread over the replicas, with
 * the CPU the replicas and PostgreSQL spend per entry and PostgreSQL's cost per statement
 * (pg_stat_statements); and the takeover time after the lease holder is killed with SIGKILL.
 * The cluster is the tests' throwaway one (test/helpers/postgres.ts): PostgreSQL's defaults,
 * fsync and synchronous_commit on, on the same machine and cores as the replicas.
 */
export interface ReplicasOptions {
  runs: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Writers (keep-alive sockets) in all, spread over the replicas. */
  concurrency: number;
  rate?: number;
  generator?: Generator;
  log?: LogSettings;
  verifyWorkers?: number;
  dataRoot?: string;
  /** Server node flags (e.g. --cpu-prof) for every replica of the first run of each count. */
  profileFlags?: (replicas: number) => string[];
}

/** What PostgreSQL spent on one statement over a run (pg_stat_statements). */
export interface StatementCost {
  /** The statement, whitespace collapsed, cut to 90 characters. */
  query: string;
  calls: number;
  rows: number;
  /** Execution time in the server, milliseconds, all calls. */
  totalMs: number;
}

export interface ReplicasLoadResult extends LoadResult {
  replicas: number;
  /** Entries the run sequenced, warm-up and drain included: what `statements` is divided by. */
  sequenced: number;
  /** Most expensive statements first; empty when pg_stat_statements is not installed. */
  statements: StatementCost[];
  /** The machine's load averages when the run ended: the other work it shared the cores with. */
  loadAverage: string;
}

/** A PostgreSQL cluster for the benchmark, with pg_stat_statements loaded when it is installed. */
export interface BenchDatabase {
  cluster: PostgresCluster;
  statements: boolean;
  /** The postmaster's pid (its backends are counted with it). */
  pid(): Promise<number>;
  /** Forgets what pg_stat_statements has seen so far. */
  resetStatements(): Promise<void>;
  /** What pg_stat_statements saw in `database` since the last reset, costliest first. */
  readStatements(database: string): Promise<StatementCost[]>;
  stop(): Promise<void>;
}

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const missing = missingPostgres();
  if (missing !== false) throw new Error(`replicas: ${missing}`);
  const cluster = await startPostgres();
  const available = await withClient(cluster.url, async (client) => {
    const { rowCount } = await client.query(
      `SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements'`,
    );
    return rowCount === 1;
  });
  if (available) {
    await withClient(cluster.url, (c) =>
      c.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`),
    );
    await cluster.restart();
    await withClient(cluster.url, (c) =>
      c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'),
    );
  } else {
    progress('replicas: pg_stat_statements is not installed; no per-statement costs');
  }
  return {
    cluster,
    statements: available,
    async pid() {
      const dir = await withClient(cluster.url, async (c) => {
        const { rows } = await c.query<{ setting: string }>(
          `SELECT setting FROM pg_settings WHERE name = 'data_directory'`,
        );
        return rows[0]?.setting as string;
      });
      return Number((await readFile(join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    },
    async resetStatements() {
      if (available)
        await withClient(cluster.url, (c) => c.query('SELECT pg_stat_statements_reset()'));
    },
    async readStatements(database) {
      if (!available) return [];
      return withClient(cluster.url, async (c) => {
        const { rows } = await c.query<{
          query: string;
          calls: string;
          rows: string;
          total: number;
        }>(
          `SELECT s.query, s.calls, s.rows, s.total_exec_time AS total
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
           WHERE d.datname = $1 ORDER BY s.total_exec_time DESC LIMIT 12`,
          [database],
        );
        return rows.map((row) => ({
          query: row.query.replace(/\s+/g, ' ').slice(0, 90),
          calls: Number(row.calls),
          rows: Number(row.rows),
          totalMs: row.total,
        }));
      });
    },
    stop: () => cluster.stop(),
  };
}

/** One instance on a fresh database: `init` once, then `count` replicas serving copies of it. */
interface Instance {
  url: string;
  replicas: BenchServer[];
  /** Stops the replicas still running and removes the data directories. */
  stop(): Promise<void>;
}

async function startInstance(
  db: BenchDatabase,
  count: number,
  options: ReplicasOptions,
  nodeFlags: string[] | undefined,
): Promise<Instance> {
  const url = await db.cluster.database();
  const root = await scratchDir(options.dataRoot, 'signet-bench-replicas-');
  const instance = join(root, 'instance');
  await mkdir(instance);
  await run(process.execPath, [
    join(REPO_ROOT, 'bin', 'signet-server.js'),
    'init',
    '--data-dir',
    instance,
    '--storage',
    url,
  ]);
  const replicas: BenchServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await rm(root, { recursive: true, force: true });
  };
  try {
    // Each replica gets its own copy of what init wrote, as the Kubernetes pods do.
    for (let i = 0; i < count; i++) {
      const dataDir = join(root, `replica-${i}`);
      await cp(instance, dataDir, { recursive: true });
      replicas.push(
        await startServer({
          dataRoot: options.dataRoot,
          dataDir,
          storage: url,
          log: options.log,
          verifyWorkers: options.verifyWorkers,
          nodeFlags,
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, replicas, stop };
}

/** Entries sequenced in every log of the database at `url`. */
async function sequencedEntries(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ n: string | null }>(
      'SELECT sum(next_index) AS n FROM signet_logs',
    );
    return Number(rows[0]?.n ?? 0);
  });
}

/** Rekor v2 appends through HTTP spread over `replicas` replicas; a fresh database per run. */
export async function benchReplicasHttp(
  db: BenchDatabase,
  replicas: number,
  options: ReplicasOptions,
  bodies: Buffer[],
): Promise<ReplicasLoadResult[]> {
  const name = `replicas-${replicas}`;
  return repeatRuns(
    options.runs,
    name,
    async (runIndex) => {
      const instance = await startInstance(
        db,
        replicas,
        options,
        runIndex === 0 ? options.profileFlags?.(replicas) : undefined,
      );
      try {
        await db.resetStatements();
        const result = await appendLoad(options, bodies, {
          urls: instance.replicas.map((r) => r.url),
          serverPids: instance.replicas.map((r) => r.pid),
          databasePid: await db.pid(),
        });
        const sequenced = await sequencedEntries(instance.url);
        const statements = await db.readStatements(new URL(instance.url).pathname.slice(1));
        const load = loadAverage();
        progress(
          `  ${name} run ${runIndex + 1}: ${describeLoad(result, 'entries/s')}, load average ${load}`,
        );
        return { ...result, replicas, sequenced, statements, loadAverage: load };
      } finally {
        await instance.stop();
      }
    },
    (result) => result.otherCores,
  );
}

export interface TakeoverResult {
  /** From the SIGKILL to a survivor's /readyz naming it the Rekor v2 log's lease holder. */
  leaseTakenMs: number;
  /** From the SIGKILL to the first 201 for an entry sent after it (sequenced by a survivor). */
  firstAckMs: number;
  /** Entries acknowledged in the whole run, and the failed answers by status or error code. */
  acknowledged: number;
  errors: Record<string, number>;
  /** The machine's load averages at the kill. */
  loadAverage: string;
}

/** How long the takeover may take before the run is failed: far beyond the 5 s target. */
const TAKEOVER_BOUND_MS = 60_000;

/** The Rekor v2 log's lease role a replica's /readyz reports, if it answers. */
async function tlogRole(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/readyz`);
    const body = (await response.json()) as { leases?: Record<string, string> };
    return body.leases?.tlog;
  } catch {
    return undefined;
  }
}

/** Polls `probe` every 10 ms until it returns a value, within the takeover bound. */
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + TAKEOVER_BOUND_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`takeover: ${what} not within 60 s`);
    await sleep(10);
  }
}

/**
 * The takeover time: 3 replicas under `writers` closed-loop writers (spread over them), the
 * Rekor v2 log's lease holder killed with SIGKILL at a random moment 2–3 s in, then the time
 * until a survivor holds the lease and until the first entry written after the kill is
 * acknowledged. The writers of the killed replica stop; the others go on throughout.
 */
export async function benchTakeover(
  db: BenchDatabase,
  options: ReplicasOptions & { takeoverRuns: number; writers: number },
  bodies: Buffer[],
): Promise<TakeoverResult[]> {
  const results: TakeoverResult[] = [];
  for (let runIndex = 0; runIndex < options.takeoverRuns; runIndex++) {
    await beforeRun();
    const instance = await startInstance(db, 3, options, undefined);
    const agent = new Agent({ keepAlive: true, maxSockets: options.writers });
    let stopping = false;
    try {
      const urls = instance.replicas.map((r) => r.url);
      const holder = await until('a lease holder', async () => {
        const roles = await Promise.all(urls.map(tlogRole));
        const index = roles.indexOf('holder');
        return index < 0 ? undefined : index;
      });
      let next = 0;
      let killedAt = Infinity;
      let firstAck: number | undefined;
      let acknowledged = 0;
      const errors: Record<string, number> = {};
      const post = (url: URL, body: Buffer): Promise<string> =>
        new Promise((resolve) => {
          const req = request(
            {
              host: url.hostname,
              port: url.port,
              method: 'POST',
              path: LOG_APIS.v2.path,
              agent,
              headers: { 'content-type': 'application/json', 'content-length': body.length },
            },
            (res) => {
              res.on('end', () => resolve(String(res.statusCode)));
              res.resume();
            },
          );
          req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
          req.end(body);
        });
      const writer = async (target: number): Promise<void> => {
        const url = new URL(urls[target] as string);
        while (!stopping && !(target === holder && killedAt < Infinity)) {
          if (next >= bodies.length) throw new Error('takeover: bodies exhausted, raise --bodies');
          const sentAt = performance.now();
          const status = await post(url, bodies[next++] as Buffer);
          if (status === '201') {
            acknowledged++;
            if (sentAt >= killedAt && firstAck === undefined) firstAck = performance.now();
          } else if (!(target === holder && killedAt < Infinity)) {
            errors[status] = (errors[status] ?? 0) + 1;
          }
        }
      };
      const writing = Promise.all(
        Array.from({ length: options.writers }, (_, i) => writer(i % urls.length)),
      );
      writing.catch(() => undefined); // awaited below, once the takeover is seen
      await sleep(2000 + randomInt(1000));
      const load = loadAverage();
      killedAt = performance.now();
      await instance.replicas[holder]?.kill();
      const survivors = urls.filter((_, i) => i !== holder);
      const leaseTaken = await until('a new lease holder', async () => {
        const roles = await Promise.all(survivors.map(tlogRole));
        return roles.includes('holder') ? performance.now() : undefined;
      });
      const acked = await until('an acknowledged entry', async () => firstAck);
      stopping = true;
      await writing;
      const result = {
        leaseTakenMs: leaseTaken - killedAt,
        firstAckMs: acked - killedAt,
        acknowledged,
        errors,
        loadAverage: load,
      };
      progress(
        `  takeover run ${runIndex + 1}: lease taken after ${result.leaseTakenMs.toFixed(0)} ms, first acknowledged write after ${result.firstAckMs.toFixed(0)} ms (${acknowledged} acknowledged, errors ${JSON.stringify(errors)}), load average ${load}`,
      );
      results.push(result);
    } finally {
      stopping = true;
      agent.destroy();
      await instance.stop();
    }
  }
  return results;
}
