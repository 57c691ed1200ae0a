import pg from 'pg';
import type { SharedLogStorage } from '../../../src/tlog/storage.js';
import { PostgresError } from './error.js';
import { PostgresLogStorage } from './log-storage.js';
import { type Migration, migrateSchema, readSchemaVersion } from './schema.js';

/** Named defaults for the connection to PostgreSQL; `validatePostgresOptions` checks each. */
export const POSTGRES_DEFAULTS = {
  /**
   * Connections per process. The write path of each log uses one at a time; the rest serve tile
   * reads and recoveries. Three replicas stay far below PostgreSQL's default 100 connections.
   */
  poolSize: 10,
  /**
   * Longest one statement may run before the server cancels it. A healthy publish takes
   * milliseconds; a stuck one stops the log (503) and recovery starts, well inside the
   * engine's appendTimeoutMs (10 s) so writers hear "retry" from the log, not a timeout.
   */
  statementTimeoutMs: 5_000,
  /** Longest a new connection may take to open (an unreachable database fails within this). */
  connectTimeoutMs: 5_000,
  /**
   * Longest the server keeps a transaction open while waiting for this process's next
   * statement; then it ends the session and its locks go. A replica cut off from the database
   * mid-transaction (the network drops its packets, the server hears nothing) would otherwise
   * hold the log's row lock until TCP gives up, hours later, and every other replica's batches
   * would wait on it. Under `statementTimeoutMs`, so the others' statements outlast it.
   */
  idleInTransactionTimeoutMs: 3_000,
} as const;

export type PostgresOptions = { -readonly [K in keyof typeof POSTGRES_DEFAULTS]: number };

export function validatePostgresOptions(options: PostgresOptions): void {
  const check = (name: keyof PostgresOptions, min: number, max: number): void => {
    const value = options[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new PostgresError(
        'POSTGRES_CONFIG_INVALID',
        `${name} must be an integer from ${min} to ${max}, got ${value}`,
      );
    }
  };
  check('poolSize', 2, 1000);
  check('statementTimeoutMs', 100, 600_000);
  check('connectTimeoutMs', 100, 600_000);
  check('idleInTransactionTimeoutMs', 100, 600_000);
  if (options.idleInTransactionTimeoutMs >= options.statementTimeoutMs) {
    throw new PostgresError(
      'POSTGRES_CONFIG_INVALID',
      `idleInTransactionTimeoutMs (${options.idleInTransactionTimeoutMs}) must be under statementTimeoutMs (${options.statementTimeoutMs}): a lock left by a replica cut off mid-transaction must go before the others' statements time out waiting for it`,
    );
  }
}

/**
 * SQLSTATEs that mean "the database is not there right now", not "this request is wrong":
 * connection exceptions (class 08), shutdown and start-up (57P01-57P03), too many connections
 * (53300), a statement cancelled by statement_timeout (57014), and read-only standbys during a
 * failover (25006).
 */
const UNAVAILABLE_STATES = new Set(['53300', '57P01', '57P02', '57P03', '57014', '25006']);

/**
 * Turns what the driver throws into a PostgresError where the cause is the database being away:
 * refused or dropped connections and timeouts (Node's socket errors, pg's own "Connection
 * terminated"), which the log answers with 503 and recovers from by itself. Errors the database
 * reports about a statement are passed on as they are: retrying them would not help.
 */
export function classify(error: unknown): unknown {
  if (error instanceof PostgresError) return error;
  if (error instanceof pg.DatabaseError) {
    const state = error.code ?? '';
    if (!state.startsWith('08') && !UNAVAILABLE_STATES.has(state)) return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PostgresError('POSTGRES_UNAVAILABLE', `PostgreSQL is unavailable: ${message}`, {
    cause: error,
  });
}

const ignore = (): void => undefined;

/**
 * One PostgreSQL database holding the logs of a Signet deployment: a pool of connections, the
 * schema, and a LogStorage per log name.
 */
export class PostgresDatabase {
  private readonly pool: pg.Pool;

  constructor(url: string, options: PostgresOptions) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize,
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs,
      // The server's timeout cannot fire when the server is unreachable: the client gives up
      // a little later, and the connection is discarded (see `transaction`).
      query_timeout: options.statementTimeoutMs + options.connectTimeoutMs,
      keepAlive: true,
      application_name: 'signet',
    });
    // An idle connection that the server closes (a restart) is reported here; without a
    // listener it would crash the process. The pool drops it, and the next query reconnects.
    this.pool.on('error', ignore);
  }

  /**
   * The pool now: connections open (busy or idle), idle ones, and queries waiting for one. A
   * waiting count above zero for long means poolSize is too small for the load.
   */
  poolState(): { total: number; idle: number; waiting: number } {
    return {
      total: this.pool.totalCount,
      idle: this.pool.idleCount,
      waiting: this.pool.waitingCount,
    };
  }

  /** Runs one statement on any pooled connection. */
  async query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(config);
    } catch (error) {
      throw classify(error);
    }
  }

  /**
   * Runs `body` on one pooled connection. On a failure the connection is discarded: after a
   * timeout or a dropped link its state is unknown.
   */
  private async withClient<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw classify(error);
    }
    // A connection that drops between two statements (the database restarted) is reported as
    // an event on the checked-out client; unheard, it would crash the process. The next
    // statement fails with it anyway, and the connection is discarded below.
    client.on('error', ignore);
    try {
      const result = await body(client);
      client.off('error', ignore);
      client.release();
      return result;
    } catch (error) {
      client.off('error', ignore);
      client.release(true);
      throw classify(error);
    }
  }

  /** Runs `body` inside `begin` (BEGIN, or BEGIN with an isolation level) and COMMIT. */
  transaction<T>(body: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    return this.withClient(async (client) => {
      await client.query(begin);
      try {
        const result = await body(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** Creates or upgrades the schema; see migrateSchema. Safe to run from several processes. */
  migrate(): Promise<Migration> {
    return this.withClient(migrateSchema);
  }

  /** The schema version recorded in the database (0: never migrated). */
  schemaVersion(): Promise<number> {
    return this.withClient(readSchemaVersion);
  }

  /** Resolves once the database answers a query (a readiness check). */
  async ping(): Promise<void> {
    await this.query({ text: 'SELECT 1' });
  }

  /** The storage of the log called `name` (any stable name: `log`, `ct`, `rekor-v1`). */
  logStorage(name: string): SharedLogStorage {
    return new PostgresLogStorage(this, name);
  }

  /** Closes every connection; the logs on this database must be closed first. */
  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Opens a pool on the database at `url` (postgres://...); nothing is queried yet. */
export function openPostgres(
  url: string,
  options: Partial<PostgresOptions> = {},
): PostgresDatabase {
  const settings: PostgresOptions = { ...POSTGRES_DEFAULTS };
  for (const key of Object.keys(POSTGRES_DEFAULTS) as (keyof PostgresOptions)[]) {
    if (options[key] !== undefined) settings[key] = options[key];
  }
  validatePostgresOptions(settings);
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new PostgresError(
      'POSTGRES_CONFIG_INVALID',
      'the database URL must start with postgres:// or postgresql://',
    );
  }
  return new PostgresDatabase(url, settings);
}
