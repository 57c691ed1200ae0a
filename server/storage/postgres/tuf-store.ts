import type pg from 'pg';
import type { TufStorage, TufStore } from '../../../src/tuf/repository.js';
import { type PostgresDatabase, classify } from './database.js';
import { PostgresError } from './error.js';

/**
 * The TUF repository of a deployment in its database, one for all replicas. Each change runs
 * in one transaction under an EXCLUSIVE lock on the table: writers (a start publishing
 * targets, a replica re-signing the timestamp) queue, each sees what the one before committed,
 * and none signs a version another already used. Readers take no lock the writers conflict
 * with, and see a change whole or not at all.
 */
export class PostgresTufStore implements TufStore {
  readonly shared = true;

  constructor(
    private readonly db: PostgresDatabase,
    readonly where: string,
  ) {}

  async read(name: string): Promise<Buffer | undefined> {
    return readFile((config) => this.db.query(config), name);
  }

  async list(): Promise<string[]> {
    const { rows } = await this.db.query<{ name: string }>({
      text: 'SELECT name FROM signet_tuf_files ORDER BY name',
    });
    return rows.map((row) => row.name);
  }

  async update<T>(body: (storage: TufStorage) => Promise<T>): Promise<T> {
    // The transaction reports any failure as the database's; one of the body's own (a first
    // root of another instance, a KMS refusing to sign) is passed on as it was.
    let own: { error: unknown } | undefined;
    try {
      return await this.db.transaction(async (client) => {
        await client.query('LOCK TABLE signet_tuf_files IN EXCLUSIVE MODE');
        const query = async (config: pg.QueryConfig): Promise<pg.QueryResult<{ data: Buffer }>> => {
          try {
            return await client.query<{ data: Buffer }>(config);
          } catch (error) {
            throw classify(error);
          }
        };
        try {
          return await body({
            read: (name) => readFile(query, name),
            async write(name, data) {
              // A pending targets version is signed again in place; everything else is
              // written once. Which files may change is the repository's rule.
              await query({
                text: `INSERT INTO signet_tuf_files (name, data) VALUES ($1, $2)
                       ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data`,
                values: [name, Buffer.from(data)],
              });
            },
          });
        } catch (error) {
          if (!(error instanceof PostgresError)) own = { error };
          throw error;
        }
      });
    } catch (error) {
      throw own === undefined ? error : own.error;
    }
  }
}

async function readFile(
  query: (config: pg.QueryConfig) => Promise<pg.QueryResult<{ data: Buffer }>>,
  name: string,
): Promise<Buffer | undefined> {
  const { rows } = await query({
    text: 'SELECT data FROM signet_tuf_files WHERE name = $1',
    values: [name],
  });
  return rows[0]?.data;
}
