import { SignetError } from '../../../src/core/error.js';

export type PostgresErrorCode =
  /** An option of the database connection is out of range (start-up). */
  | 'POSTGRES_CONFIG_INVALID'
  /** The database could not be reached, or dropped the connection: retry once it is back. */
  | 'POSTGRES_UNAVAILABLE'
  /** The schema was migrated by a newer Signet than this one: upgrading backwards is refused. */
  | 'POSTGRES_SCHEMA_NEWER'
  /** The database has no schema yet (`signet-server init` creates it). */
  | 'POSTGRES_SCHEMA_MISSING'
  /** The stored log contradicts a write: an object's content differs, or a checkpoint shrinks. */
  | 'POSTGRES_CONFLICT'
  /** A publication by a replica whose integration lease expired or was taken (fencing). */
  | 'POSTGRES_LEASE_LOST';

/** Raised by the PostgreSQL storage (server/storage/postgres/). */
export class PostgresError extends SignetError<PostgresErrorCode> {}
