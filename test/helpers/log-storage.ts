import { rm } from 'node:fs/promises';
import { DATA_DIR_STORAGE } from '../../server/config.js';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import { type PostgresDatabase, openPostgres } from '../../server/storage/postgres/index.js';
import type { LogStorage } from '../../src/tlog/storage.js';
import { type PostgresCluster, startPostgres } from './postgres.js';
import { tempDir } from './server.js';
import { missingPostgres } from './tools.js';

/**
 * The storage drivers the engine suites run against (test/tlog/log.test.ts,
 * test/tlog/storage-failure.test.ts), and the service-level ones (the sigstore-js interop and
 * bad-input suites): each suite is written once, as a function of the driver, and runs once per
 * driver, so every driver meets the same contract.
 */

/** One log's data on one driver, empty at first. */
export interface LogStore {
  /** A LogStorage on this data; each call opens another one, as a restarted process would. */
  open(): LogStorage;
  dispose(): Promise<void>;
}

export interface StorageDriver {
  readonly name: 'posix' | 'postgres';
  /** The reason the driver cannot run here (its system tool is missing), or false. */
  readonly skip: string | false;
  /** Starts what the driver needs for a test file (a PostgreSQL cluster); in `before`. */
  setUp(): Promise<void>;
  /** ...and stops it; in `after`. */
  tearDown(): Promise<void>;
  fresh(): Promise<LogStore>;
  /** A whole service's `storage` setting on this driver, empty at first (for startTestService). */
  serviceStorage(): Promise<string>;
}

const posix: StorageDriver = {
  name: 'posix',
  skip: false,
  setUp: () => Promise.resolve(),
  tearDown: () => Promise.resolve(),
  async fresh() {
    const dir = await tempDir();
    return {
      open: () => new PosixLogStorage(dir),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
  // Each service has a data directory of its own.
  serviceStorage: () => Promise.resolve(DATA_DIR_STORAGE),
};

/** One cluster per test file, one fresh database per store (CREATE DATABASE: fast). */
function postgres(): StorageDriver {
  let cluster: PostgresCluster | undefined;
  const databases = new Set<PostgresDatabase>();
  return {
    name: 'postgres',
    skip: missingPostgres(),
    async setUp() {
      cluster = await startPostgres();
    },
    async tearDown() {
      await Promise.all([...databases].map((db) => db.close()));
      await cluster?.stop();
    },
    async fresh() {
      if (cluster === undefined) throw new Error('the postgres driver was not set up');
      const db = openPostgres(await cluster.database());
      databases.add(db);
      await db.migrate();
      return {
        open: () => db.logStorage('log'),
        async dispose() {
          databases.delete(db);
          await db.close();
        },
      };
    },
    // The service migrates it (startTestService starts it as `serve --init` would).
    serviceStorage() {
      if (cluster === undefined) throw new Error('the postgres driver was not set up');
      return cluster.database();
    },
  };
}

/** Every driver, each with its own state: call once per test file. */
export const storageDrivers = (): StorageDriver[] => [posix, postgres()];
