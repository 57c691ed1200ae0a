/** The PostgreSQL storage of the logs: open a database, migrate its schema, take a log's storage. */
export {
  POSTGRES_DEFAULTS,
  type PostgresDatabase,
  type PostgresOptions,
  openPostgres,
  validatePostgresOptions,
} from './database.js';
export { PostgresError, type PostgresErrorCode } from './error.js';
export { type Migration, SCHEMA_VERSION } from './schema.js';
export { PostgresTufStore } from './tuf-store.js';
