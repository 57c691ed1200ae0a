import type pg from 'pg';
import { PostgresError } from './error.js';

/**
 * The schema every log on PostgreSQL shares, keyed by log name, as migrations: migration N takes
 * the schema from version N-1 to N. A migration is appended, never edited once released: a
 * database records the version it reached, and `migrate()` runs only what comes after it.
 */
const MIGRATIONS: readonly string[] = [
  // 1: per log, the sequencing row (the next index), the leaf hashes of every entry ever
  // sequenced (the dedup index), sequenced batches not yet covered (the journal), published
  // objects (tiles, entry bundles) and the checkpoint.
  `CREATE TABLE signet_logs (
     log text PRIMARY KEY,
     next_index bigint NOT NULL CHECK (next_index >= 0)
   );
   CREATE TABLE signet_log_leaves (
     log text NOT NULL,
     leaf_hash bytea NOT NULL,
     leaf_index bigint NOT NULL,
     PRIMARY KEY (log, leaf_hash),
     UNIQUE (log, leaf_index)
   );
   CREATE TABLE signet_log_batches (
     log text NOT NULL,
     first_index bigint NOT NULL CHECK (first_index >= 0),
     count integer NOT NULL CHECK (count > 0),
     entries bytea[] NOT NULL,
     PRIMARY KEY (log, first_index)
   );
   CREATE TABLE signet_log_objects (
     log text NOT NULL,
     path text NOT NULL,
     data bytea NOT NULL,
     PRIMARY KEY (log, path)
   );
   CREATE TABLE signet_log_checkpoints (
     log text PRIMARY KEY,
     size bigint NOT NULL CHECK (size >= 0),
     note text NOT NULL
   );`,
  // 2: the integration lease of each log, apart from signet_logs so that a publication holding
  // it (FOR SHARE) never waits for, nor blocks, the sequencing of batches.
  `CREATE TABLE signet_log_leases (
     log text PRIMARY KEY,
     holder text NOT NULL,
     expires_at timestamptz NOT NULL
   );`,
  // 3: the lease's term, raised by each new holder (a restarted replica under the same id
  // too): a renewal and a publication carry the term they were granted, so an earlier run of
  // the same replica, paused and woken after the restart, is refused. A lease row of version 2
  // starts at term 1; its holder's next take raises it.
  `ALTER TABLE signet_log_leases ADD COLUMN term bigint NOT NULL DEFAULT 1 CHECK (term > 0);`,
  // 4: the TUF repository served at /tuf, one for every replica: its files by name, as a data
  // directory's tuf/ folder holds them (server/storage/postgres/tuf-store.ts).
  `CREATE TABLE signet_tuf_files (
     name text PRIMARY KEY,
     data bytea NOT NULL
   );`,
];

/** The schema version this build writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Any constant shared by every Signet process on a database: concurrent `migrate()` calls (three
 * replicas starting at once, an init Job) queue on it instead of racing to create tables.
 */
const MIGRATION_LOCK = 0x5349474e; // "SIGN"

const UNDEFINED_TABLE = '42P01';

/** The version recorded in the database; 0 when it has never been migrated. */
export async function readSchemaVersion(client: pg.ClientBase): Promise<number> {
  try {
    const { rows } = await client.query<{ version: number }>(
      'SELECT max(version) AS version FROM signet_schema_version',
    );
    return rows[0]?.version ?? 0;
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return 0;
    throw error;
  }
}

export interface Migration {
  /** The version found. */
  from: number;
  /** The version left: SCHEMA_VERSION, unless asked for an earlier one. */
  to: number;
}

/**
 * Brings the schema to `target` (SCHEMA_VERSION; an earlier one only to test a migration from
 * it) in one transaction under an advisory lock: a failure leaves the schema as it was, and a
 * second call finds nothing to do. A database migrated by a newer build is refused, untouched.
 */
export async function migrateSchema(
  client: pg.ClientBase,
  target = SCHEMA_VERSION,
): Promise<Migration> {
  if (!Number.isInteger(target) || target < 1 || target > SCHEMA_VERSION) {
    throw new PostgresError(
      'POSTGRES_CONFIG_INVALID',
      `a migration target must be a version from 1 to ${SCHEMA_VERSION}, got ${target}`,
    );
  }
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS signet_schema_version (
         version integer PRIMARY KEY,
         migrated_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const from = await readSchemaVersion(client);
    if (from > SCHEMA_VERSION) throw newerSchema(from);
    for (let version = from + 1; version <= target; version++) {
      await client.query(MIGRATIONS[version - 1] as string);
      await client.query('INSERT INTO signet_schema_version (version) VALUES ($1)', [version]);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, target) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Refuses to run on a schema other than this build's: missing, older, or newer. */
export function requireCurrentSchema(version: number): void {
  if (version > SCHEMA_VERSION) throw newerSchema(version);
  if (version < SCHEMA_VERSION) {
    throw new PostgresError(
      'POSTGRES_SCHEMA_MISSING',
      `the database schema is at version ${version} and this build needs ${SCHEMA_VERSION}: run signet-server init to migrate it`,
    );
  }
}

const newerSchema = (version: number): PostgresError =>
  new PostgresError(
    'POSTGRES_SCHEMA_NEWER',
    `the database schema is at version ${version}, newer than this build knows (${SCHEMA_VERSION}): run the Signet version that migrated it, or a later one`,
  );
