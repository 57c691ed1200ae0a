import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LogStorage } from '../../src/tlog/storage.js';
import { redactUrl, type ServerConfig, storageOf } from '../config.js';
import {
  type IdentityStore,
  type LogName,
  type RecordedIdentity,
  parseIdentity,
} from '../identity.js';
import type { TufStore } from '../../src/tuf/repository.js';
import {
  type PostgresDatabase,
  PostgresTufStore,
  SCHEMA_VERSION,
  openPostgres,
} from './postgres/index.js';
import { dataDirTufStore } from '../tuf.js';
import { Gauge, Histogram, type Metric } from '../metrics.js';
import { PosixLogStorage } from './posix-log.js';

/**
 * The storage `storage` names, behind one face: the data directory (the default, one process)
 * or a PostgreSQL database that replicas share. server/logs.ts opens each log on it, init
 * migrates and records the instance in it, /readyz asks it whether it can serve.
 */
export interface Storage {
  /** For messages and log lines: `the data directory DIR`, or the URL without its password. */
  readonly where: string;
  /** Whether it is shared by several processes (a database), or this process's own. */
  readonly shared: boolean;
  /**
   * Brings a database's schema to this version's, idempotently (init); additive only, so that
   * replicas of the previous version keep running on it. Nothing to do for the data directory.
   */
  migrate(): Promise<void>;
  /** Where a log's entries, tiles and checkpoint live, each timed into the commit histogram. */
  logStorage(name: LogName): LogStorage;
  /**
   * Why this storage cannot take requests now (unreachable, a schema behind this version), or
   * undefined when it can. Bounded: it answers within a probe's timeout.
   */
  readiness(): Promise<string | undefined>;
  /** The instance identity, for shared storage; the data directory keeps it in signet.json. */
  identity: IdentityStore | undefined;
  /** The TUF repository served at /tuf: the data directory's tuf/, or one in the database. */
  tuf: TufStore;
  /** Its metrics, for the service's registry: commit times, and a database's pool. */
  metrics: Metric[];
  close(): Promise<void>;
}

/** The data directory's log folders, as they were named before there was a choice. */
const LOG_DIRS: Record<LogName, string> = { tlog: 'log', 'rekor-v1': 'rekor-v1', ct: 'ct' };

/** Buckets of a commit: a local fsync is a millisecond, a database round trip a few. */
const COMMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Longest /readyz waits for the database to answer. One that does not (a network that drops
 * its packets) is reported unreachable within this rather than holding the probe open; the
 * readiness probe's timeout in deploy/ is above it.
 */
export const READINESS_TIMEOUT_MS = 2_000;

/** Opens the storage the configuration names; for a database, migrates nothing (init does). */
export async function openStorage(config: ServerConfig): Promise<Storage> {
  const choice = storageOf(config.storage);
  const commits = new Histogram(
    'signet_storage_commit_seconds',
    'Time to make a log batch durable (step sequence) and to publish tiles and a checkpoint (step publish), by log.',
    COMMIT_BUCKETS,
  );
  if (choice.kind === 'data-dir') {
    return {
      where: `the data directory ${config.dataDir}`,
      shared: false,
      migrate: async () => {},
      logStorage: (name) =>
        timedStorage(new PosixLogStorage(join(config.dataDir, LOG_DIRS[name])), commits, name),
      // A failing disk shows as a stopped log, which /readyz reports from the logs themselves.
      readiness: async () => undefined,
      identity: undefined,
      tuf: dataDirTufStore(config.dataDir),
      metrics: [commits],
      close: async () => {},
    };
  }
  const db = openPostgres(choice.url);
  const where = `the database ${redactUrl(choice.url)}`;
  const secret = new URL(choice.url).password;
  // Driver messages quote what they were given; none may carry the password into a log line.
  const scrub = (error: unknown): string => {
    const message = error instanceof Error ? error.message : String(error);
    return secret === ''
      ? message
      : message.split(secret).join('****').split(decodeURIComponent(secret)).join('****');
  };
  return {
    where,
    shared: true,
    async migrate() {
      await db.migrate();
    },
    logStorage: (name) => timedStorage(db.logStorage(LOG_DIRS[name]), commits, name),
    async readiness() {
      let version: number;
      let timer: NodeJS.Timeout | undefined;
      const asked = db.schemaVersion();
      // Still running when the wait ends: its failure, when it comes, is already answered.
      asked.catch(() => undefined);
      try {
        version = await Promise.race([
          asked,
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)),
              READINESS_TIMEOUT_MS,
            );
          }),
        ]);
      } catch (error) {
        return `${where} is unreachable: ${scrub(error)}`;
      } finally {
        clearTimeout(timer);
      }
      // Newer is fine: migrations are additive, so replicas of the previous version keep
      // serving while the next one rolls out (docs/operations.md, upgrades).
      if (version >= SCHEMA_VERSION) return undefined;
      return `${where} has schema version ${version} and this version needs ${SCHEMA_VERSION}: run signet-server init to migrate it`;
    },
    identity: postgresIdentity(db, where),
    tuf: new PostgresTufStore(db, where),
    metrics: [
      commits,
      new Gauge(
        'signet_storage_pool_connections',
        "Connections to the database in this process's pool, by state: total (open), idle, and waiting (queries waiting for a connection).",
        () => {
          const { total, idle, waiting } = db.poolState();
          return [
            [{ state: 'total' }, total],
            [{ state: 'idle' }, idle],
            [{ state: 'waiting' }, waiting],
          ];
        },
      ),
    ],
    close: () => db.close(),
  };
}

/**
 * The identity as one row of the published-objects table under a log name no log has: written
 * with INSERT ... ON CONFLICT DO NOTHING, so that of two inits racing the first one wins and
 * the second reads what it wrote.
 */
const IDENTITY_ROW = { log: 'signet-instance', path: 'identity' } as const;

function postgresIdentity(db: PostgresDatabase, where: string): IdentityStore {
  const read = async (): Promise<RecordedIdentity | undefined> => {
    const { rows } = await db.query<{ data: Buffer }>({
      text: 'SELECT data FROM signet_log_objects WHERE log = $1 AND path = $2',
      values: [IDENTITY_ROW.log, IDENTITY_ROW.path],
    });
    const data = rows[0]?.data;
    if (data === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(data.toString('utf8'));
    } catch {
      value = undefined;
    }
    return parseIdentity(value, where);
  };
  return {
    read,
    async record(identity) {
      await db.query({
        text: `INSERT INTO signet_log_objects (log, path, data) VALUES ($1, $2, $3)
               ON CONFLICT (log, path) DO NOTHING`,
        values: [IDENTITY_ROW.log, IDENTITY_ROW.path, Buffer.from(JSON.stringify(identity))],
      });
      return (await read()) as RecordedIdentity;
    },
  };
}

/** The logs the data directory holds already (each with a published checkpoint), by name. */
export function dataDirLogs(dataDir: string): LogName[] {
  return (Object.keys(LOG_DIRS) as LogName[]).filter((name) =>
    existsSync(join(dataDir, LOG_DIRS[name], 'checkpoint')),
  );
}

/**
 * `storage` with its sequence and publish steps timed into `commits`. A proxy rather than a
 * wrapper object: whatever else a driver offers the engine (the seam grows with replicas)
 * passes through untouched.
 */
function timedStorage<S extends LogStorage>(storage: S, commits: Histogram, log: LogName): S {
  const timed =
    <A extends unknown[], R>(step: 'sequence' | 'publish', run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = process.hrtime.bigint();
      try {
        return await run.apply(storage, args);
      } finally {
        commits.observe(Number(process.hrtime.bigint() - start) / 1e9, { log, step });
      }
    };
  const sequence = timed('sequence', storage.sequence);
  const publish = timed('publish', storage.publish);
  return new Proxy(storage, {
    get(target, property) {
      if (property === 'sequence') return sequence;
      if (property === 'publish') return publish;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
