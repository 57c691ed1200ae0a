import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { PostgresError } from '../../server/storage/postgres/index.js';
import { pack, packedSql, unpack, unpackedSql } from '../../server/storage/postgres/packed.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { missingPostgres } from '../helpers/tools.js';

/**
 * Lists of byte strings cross the wire packed (server/storage/postgres/packed.ts): sent as one
 * bytea and its lengths, stored as a bytea[], read back as one length-prefixed bytea. A round
 * trip through a real PostgreSQL must give back every list exactly, in order.
 */
describe('packed byte lists', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  let client: pg.Client;
  before(async () => {
    cluster = await startPostgres();
    client = new pg.Client({ connectionString: await cluster.database() });
    await client.connect();
  });
  after(async () => {
    await client.end();
    await cluster.stop();
  });

  /** Client → bytea[] in the database → client, as sequence() then readSequenced() do. */
  async function roundTrip(list: Buffer[]): Promise<Buffer[]> {
    const { bytes, lengths } = pack(list);
    const { rows } = await client.query<{ packed: Buffer; count: number }>({
      name: 'round-trip',
      text: `WITH stored AS (SELECT ARRAY(SELECT data FROM (${unpackedSql('$1', '$2')}) AS u
                                         ORDER BY n) AS entries)
             SELECT ${packedSql('entries')} AS packed, cardinality(entries) AS count FROM stored`,
      values: [bytes, lengths],
    });
    assert.equal(rows[0]?.count, list.length, 'one array element per buffer');
    return unpack(rows[0]?.packed as Buffer);
  }

  it('gives back every list unchanged: empty, empty elements, awkward bytes, large ones', async () => {
    const awkward = Buffer.from('\\x00"{},\'\\\\ NULL', 'latin1');
    const lists: Buffer[][] = [
      [],
      [Buffer.alloc(0)],
      [Buffer.from([0]), Buffer.alloc(0), Buffer.from([255, 0, 92])],
      [awkward, Buffer.from('NULL'), awkward],
      Array.from({ length: 600 }, (_, i) => randomBytes(1 + (i % 700))),
      [randomBytes(70_000), randomBytes(32)],
    ];
    for (const list of lists) assert.deepEqual(await roundTrip(list), list);
  });

  it('refuses a packed list cut short, naming its length', () => {
    const whole = Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('abc')]);
    assert.deepEqual(unpack(whole), [Buffer.from('abc')]);
    for (const cut of [whole.subarray(0, 6), whole.subarray(0, 2)]) {
      assert.throws(
        () => unpack(cut),
        (error: unknown) =>
          error instanceof PostgresError &&
          error.code === 'POSTGRES_CONFLICT' &&
          error.message.includes(`(${cut.length} bytes)`),
      );
    }
  });
});
