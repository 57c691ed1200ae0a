import type {
  Assignment,
  NewBatch,
  RecoveredState,
  SequencedBatch,
  SharedLogStorage,
} from '../../../src/tlog/storage.js';
import type pg from 'pg';
import { PostgresError } from './error.js';
import { pack, packedSql, unpack, unpackedSql } from './packed.js';
import { readSchemaVersion, requireCurrentSchema } from './schema.js';

/**
 * A log's storage in PostgreSQL (the tables of schema.ts, rows keyed by the log's name).
 *
 * Durability is PostgreSQL's: a sequenced batch is one committed INSERT; a publication writes
 * every object and the checkpoint in ONE transaction, so a crash leaves the old checkpoint (and
 * the batches that re-create everything after it) or the new one with all its tiles, never a
 * checkpoint whose tiles are missing. Every statement is prepared once per connection (named).
 *
 * Shared by replicas: any of them sequences (under the log's row lock), one holds the lease
 * (a row with holder and expiry by the database's clock) and publishes, fenced by that row.
 */
export class PostgresLogStorage implements SharedLogStorage {
  /**
   * The lease this store holds, as last taken or renewed: the holder's name and the term it was
   * granted. A renewal and a publication carry both; a new take raises the term.
   */
  private held: { holder: string; term: string } | undefined;
  /** Whether lease() was ever called: only then is a publication fenced. */
  private leased = false;
  /**
   * Set once a renewal was refused (another replica, or a later run under the same replica id,
   * took the lease): this run then waits for the lease to expire like any other replica, rather
   * than taking it back from a live successor under its id (two runs under one id would
   * otherwise take it in turns).
   */
  private superseded = false;

  constructor(
    private readonly db: PostgresConnection,
    readonly name: string,
  ) {}

  async recover(): Promise<RecoveredState> {
    // One snapshot: the checkpoint and the batches it does not cover agree with each other.
    return this.db.transaction(async (client) => {
      requireCurrentSchema(await readSchemaVersion(client));
      const { rows: checkpoints } = await client.query<{ note: string; size: string }>({
        name: 'signet-log-checkpoint',
        text: 'SELECT note, size FROM signet_log_checkpoints WHERE log = $1',
        values: [this.name],
      });
      const checkpoint = checkpoints[0];
      const { rows } = await client.query<{ first_index: string; entries: Buffer }>({
        name: 'signet-log-journal',
        text: `SELECT first_index, ${packedSql('entries')} AS entries FROM signet_log_batches
               WHERE log = $1 AND first_index + count > $2 ORDER BY first_index`,
        values: [this.name, checkpoint?.size ?? 0],
      });
      return {
        checkpoint: checkpoint?.note,
        journal: rows.map((row) => ({
          firstIndex: Number(row.first_index),
          entries: unpack(row.entries),
        })),
      };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  /**
   * Assigns indices under the log's row lock, so batches from every process that shares the
   * database are sequenced one after another: an entry whose leaf hash the log already holds
   * keeps its index, the new ones take the next indices in batch order, and the batch, its leaf
   * hashes and the next index are committed together.
   */
  async sequence({ entries, hashes }: NewBatch): Promise<Assignment> {
    return this.db.transaction(async (client) => {
      const lock = (): Promise<pg.QueryResult<{ next_index: string }>> =>
        client.query<{ next_index: string }>({
          name: 'signet-log-lock',
          text: 'SELECT next_index FROM signet_logs WHERE log = $1 FOR UPDATE',
          values: [this.name],
        });
      let { rows: locked } = await lock();
      if (locked.length === 0) {
        // The log's first batch: its row is made once, not tried on every batch (a round trip
        // more under the lock of the other replicas' batches).
        await client.query({
          name: 'signet-log-create',
          text: 'INSERT INTO signet_logs (log, next_index) VALUES ($1, 0) ON CONFLICT DO NOTHING',
          values: [this.name],
        });
        ({ rows: locked } = await lock());
      }
      const firstIndex = Number(locked[0]?.next_index);
      const asked = pack(hashes);
      const { rows: held } = await client.query<{ leaf_hash: Buffer; leaf_index: string }>({
        name: 'signet-log-held',
        text: `SELECT leaf_hash, leaf_index FROM signet_log_leaves
               WHERE log = $1 AND leaf_hash = ANY (ARRAY(SELECT data FROM (${unpackedSql('$2', '$3')}) AS h))`,
        values: [this.name, asked.bytes, asked.lengths],
      });
      const known = new Map(
        held.map((row) => [row.leaf_hash.toString('hex'), Number(row.leaf_index)]),
      );
      const fresh: Buffer[] = [];
      const freshHashes: Buffer[] = [];
      const indices = hashes.map((hash, i) => {
        const key = hash.toString('hex');
        let index = known.get(key);
        if (index === undefined) {
          index = firstIndex + fresh.length;
          known.set(key, index);
          fresh.push(entries[i] as Buffer);
          freshHashes.push(hash);
        }
        return index;
      });
      if (fresh.length > 0) {
        const leaves = pack(freshHashes);
        const batch = pack(fresh);
        await client.query({
          name: 'signet-log-sequence',
          text: `WITH leaves AS (
                   INSERT INTO signet_log_leaves (log, leaf_hash, leaf_index)
                   SELECT $1, data, $2 + n - 1 FROM (${unpackedSql('$4', '$5')}) AS h),
                 batch AS (
                   INSERT INTO signet_log_batches (log, first_index, count, entries)
                   VALUES ($1, $2, $3,
                           ARRAY(SELECT data FROM (${unpackedSql('$6', '$7')}) AS e ORDER BY n)))
                 UPDATE signet_logs SET next_index = $2 + $3 WHERE log = $1`,
          values: [
            this.name,
            firstIndex,
            fresh.length,
            leaves.bytes,
            leaves.lengths,
            batch.bytes,
            batch.lengths,
          ],
        });
      }
      return { firstIndex, indices };
    });
  }

  async publish(
    objects: ReadonlyMap<string, Buffer>,
    checkpoint: string,
    size: number,
  ): Promise<void> {
    const paths = [...objects.keys()];
    const packed = pack([...objects.values()]);
    const held = this.held;
    const fenced = this.leased;
    await this.db.transaction(async (client) => {
      // Fencing: the lease row is held (FOR SHARE) until COMMIT, so no replica can take it over
      // while this publication is in flight, and one taken over already refuses it, even by a
      // later run under the same replica id (the term). A store never asked for the lease has
      // one writer and publishes unfenced, as before leases.
      if (fenced) {
        const { rowCount: leased } = await client.query({
          name: 'signet-log-fence',
          text: `SELECT 1 FROM signet_log_leases
                 WHERE log = $1 AND holder = $2 AND term = $3 AND expires_at > now() FOR SHARE`,
          values: [this.name, held?.holder ?? '', held?.term ?? '0'],
        });
        if (leased !== 1) {
          throw new PostgresError(
            'POSTGRES_LEASE_LOST',
            `this replica does not hold the lease of log ${this.name}: it may not publish`,
          );
        }
      }
      // Objects are immutable once written: a rewrite after a crash must carry the same bytes,
      // and one that does not means two writers (or a bug) would fork the log.
      const { rows: differing } = await client.query<{ path: string }>({
        name: 'signet-log-objects',
        text: `WITH input AS (SELECT p.path, d.data
                              FROM unnest($2::text[]) WITH ORDINALITY AS p(path, n)
                              JOIN (${unpackedSql('$3', '$4')}) AS d USING (n)),
                 inserted AS (INSERT INTO signet_log_objects (log, path, data)
                              SELECT $1, path, data FROM input
                              ON CONFLICT (log, path) DO NOTHING)
               SELECT i.path FROM input i
               JOIN signet_log_objects o ON o.log = $1 AND o.path = i.path
               WHERE o.data <> i.data`,
        values: [this.name, paths, packed.bytes, packed.lengths],
      });
      if (differing.length > 0) {
        throw new PostgresError(
          'POSTGRES_CONFLICT',
          `log ${this.name} already holds ${differing[0]?.path} with different content`,
        );
      }
      const { rowCount } = await client.query({
        name: 'signet-log-publish',
        text: `INSERT INTO signet_log_checkpoints (log, size, note) VALUES ($1, $2, $3)
               ON CONFLICT (log) DO UPDATE SET size = excluded.size, note = excluded.note
               WHERE signet_log_checkpoints.size <= excluded.size`,
        values: [this.name, size, checkpoint],
      });
      if (rowCount !== 1) {
        throw new PostgresError(
          'POSTGRES_CONFLICT',
          `log ${this.name} has a checkpoint larger than size ${size}: publishing it would shrink the log`,
        );
      }
      // Housekeeping in the same transaction: partial tiles a full tile supersedes (reads of
      // them are answered from the full tile), and batches the checkpoint now covers.
      const superseded = paths.filter((path) => !path.includes('.p/')).map(partialsOf);
      await client.query({
        name: 'signet-log-collect',
        text: `WITH tiles AS (DELETE FROM signet_log_objects WHERE log = $1 AND path LIKE ANY ($2::text[]))
               DELETE FROM signet_log_batches WHERE log = $1 AND first_index + count <= $3`,
        values: [this.name, superseded, size],
      });
    });
  }

  /**
   * Renews the lease this store holds, under the term it was granted; otherwise takes it if it
   * is free, expired or `holder`'s own (a restarted replica; not after this run was superseded),
   * raising the term. Each is one statement by the database's clock, so two replicas asking at
   * once cannot both get it, and an earlier run under the same id, which still carries the old
   * term, can no longer renew nor publish.
   */
  async lease(holder: string, ttlMs: number): Promise<boolean> {
    this.leased = true;
    const held = this.held;
    if (held !== undefined && held.holder === holder) {
      const { rowCount } = await this.db.query({
        name: 'signet-log-renew',
        text: `UPDATE signet_log_leases SET expires_at = now() + $4 * interval '1 millisecond'
               WHERE log = $1 AND holder = $2 AND term = $3`,
        values: [this.name, holder, held.term, ttlMs],
      });
      if (rowCount === 1) return true;
      this.held = undefined;
      this.superseded = true;
      return false;
    }
    const { rows } = await this.db.query<{ term: string }>({
      name: 'signet-log-lease',
      text: `INSERT INTO signet_log_leases AS l (log, holder, term, expires_at)
             VALUES ($1, $2, 1, now() + $3 * interval '1 millisecond')
             ON CONFLICT (log) DO UPDATE
               SET holder = excluded.holder, expires_at = excluded.expires_at, term = l.term + 1
             WHERE l.expires_at <= now() OR (l.holder = excluded.holder AND NOT $4)
             RETURNING term`,
      values: [this.name, holder, ttlMs, this.superseded],
    });
    const term = rows[0]?.term;
    this.held = term === undefined ? undefined : { holder, term };
    return term !== undefined;
  }

  /** The sequenced entries in [from, from + limit), in index order, as whole or cut batches. */
  async readSequenced(from: number, limit: number): Promise<SequencedBatch[]> {
    const { rows } = await this.db.query<{ first_index: string; entries: Buffer }>({
      name: 'signet-log-sequenced',
      text: `SELECT first_index, ${packedSql('entries')} AS entries FROM signet_log_batches
             WHERE log = $1 AND first_index + count > $2 AND first_index < $2 + $3
             ORDER BY first_index`,
      values: [this.name, from, limit],
    });
    return rows.map((row) => {
      const first = Number(row.first_index);
      const entries = unpack(row.entries);
      const start = Math.max(0, from - first);
      const end = Math.min(entries.length, from + limit - first);
      return { firstIndex: first + start, entries: entries.slice(start, end) };
    });
  }

  async read(path: string): Promise<Buffer | undefined> {
    if (path === 'checkpoint') {
      const { rows } = await this.db.query<{ note: string }>({
        name: 'signet-log-read-checkpoint',
        text: 'SELECT note FROM signet_log_checkpoints WHERE log = $1',
        values: [this.name],
      });
      return rows[0] === undefined ? undefined : Buffer.from(rows[0].note, 'utf8');
    }
    const { rows } = await this.db.query<{ data: Buffer }>({
      name: 'signet-log-read',
      text: 'SELECT data FROM signet_log_objects WHERE log = $1 AND path = $2',
      values: [this.name, path],
    });
    return rows[0]?.data;
  }

  /**
   * Gives the lease back, so that a restarted or upgraded replica takes over at once rather
   * than after the TTL; best effort, since an unreleased lease expires anyway. The row stays,
   * expired, so that the next holder's term is still above every earlier one; expired at
   * -infinity rather than now(), so that a take already waiting on the row, whose now() is
   * earlier, sees it free instead of retrying a renewal interval later. The connections
   * belong to the database, which its owner closes once every log is closed.
   */
  async close(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    if (held === undefined) return;
    await this.db
      .query({
        name: 'signet-log-release',
        text: `UPDATE signet_log_leases SET expires_at = '-infinity'
               WHERE log = $1 AND holder = $2 AND term = $3`,
        values: [this.name, held.holder, held.term],
      })
      .catch(() => undefined);
  }
}

/** What a log's storage needs of its database (PostgresDatabase). */
export interface PostgresConnection {
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
  transaction<T>(body: (client: pg.PoolClient) => Promise<T>, begin?: string): Promise<T>;
}

/** The LIKE pattern of the partial tiles under a full tile's path (`tile/0/001.p/%`). */
const partialsOf = (path: string): string => `${path.replace(/[\\%_]/g, '\\$&')}.p/%`;
