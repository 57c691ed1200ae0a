import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type PostgresDatabase,
  PostgresError,
  PostgresTufStore,
  openPostgres,
} from '../../server/storage/postgres/index.js';
import { TufError } from '../../src/tuf/error.js';
import { TUF_EXPIRY_DEFAULTS, TufRepository } from '../../src/tuf/repository.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { freePort } from '../helpers/server.js';
import { type TufKeys, newTufRepository } from '../helpers/tuf.js';
import { missingPostgres } from '../helpers/tools.js';

/**
 * The TUF repository in PostgreSQL (server/storage/postgres/tuf-store.ts), as two replicas use
 * it, each with its own pool: their changes take turns and each sees the one before, a change
 * that fails leaves nothing, readers never wait for a writer and see a change whole, and a
 * database that is away is POSTGRES_UNAVAILABLE while the repository's own errors pass as
 * they are.
 */

const TARGETS = [{ name: 'trusted_root.json', data: Buffer.from('{"trust":1}') }];

const timestampVersion = (data: Buffer | undefined): number =>
  (JSON.parse(String(data)) as { signed: { version: number } }).signed.version;

describe('the TUF repository in PostgreSQL', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  const pools: PostgresDatabase[] = [];
  before(async () => {
    cluster = await startPostgres();
  });
  after(async () => {
    for (const pool of pools) await pool.close();
    await cluster.stop();
  });

  /** Two replicas' stores on a new database holding a published repository; its keys. */
  async function replicas(): Promise<{ a: PostgresTufStore; b: PostgresTufStore; keys: TufKeys }> {
    const url = await cluster.database();
    const [one, two] = [openPostgres(url), openPostgres(url)];
    pools.push(one, two);
    await one.migrate();
    const a = new PostgresTufStore(one, 'replica a');
    const b = new PostgresTufStore(two, 'replica b');
    const keys = await a.update(async (storage) => {
      const made = await newTufRepository(storage, new Date());
      await made.repository.publishTargets(
        TARGETS,
        [made.keys.targets],
        made.keys.online,
        TUF_EXPIRY_DEFAULTS,
        new Date(),
      );
      return made.keys;
    });
    return { a, b, keys };
  }

  it('re-signs from two replicas at once take turns: every version is signed once', async () => {
    const { a, b, keys } = await replicas();
    assert.equal(timestampVersion(await b.read('timestamp.json')), 1);
    const versions = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? a : b).update(async (storage) => {
          const repository = await TufRepository.open(storage);
          await repository.refresh(keys.online, TUF_EXPIRY_DEFAULTS, new Date(), true);
          return repository.status().timestamp?.version;
        }),
      ),
    );
    assert.deepEqual(
      [...versions].sort((x, y) => (x ?? 0) - (y ?? 0)),
      [2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.equal(timestampVersion(await a.read('timestamp.json')), 9);
    // The chain the timestamp names is complete and accepted, as a reader opens it.
    const opened = await b.update((storage) => TufRepository.open(storage));
    assert.equal(opened.status().snapshot?.version, 9);
    assert.ok(opened.targetsMatch(TARGETS));
    assert.deepEqual((await a.list()).filter((name) => name.endsWith('.snapshot.json')).length, 9);
  });

  it('a change that fails leaves nothing, and its own error passes as it was', async () => {
    const { a, b, keys } = await replicas();
    const before = await a.read('timestamp.json');
    const names = await a.list();
    const refused = new TufError('THRESHOLD_NOT_MET', 'a signer refused');
    await assert.rejects(
      b.update(async (storage) => {
        const repository = await TufRepository.open(storage);
        await repository.refresh(keys.online, TUF_EXPIRY_DEFAULTS, new Date(), true);
        throw refused;
      }),
      (error) => error === refused,
    );
    assert.deepEqual(await a.read('timestamp.json'), before);
    assert.deepEqual(await a.list(), names);
  });

  it('readers do not wait for a writer, and see its change only once it is whole', async () => {
    const { a, b, keys } = await replicas();
    const before = await a.read('timestamp.json');
    let wrote: () => void = () => {};
    const written = new Promise<void>((resolve) => (wrote = resolve));
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const change = a.update(async (storage) => {
      const repository = await TufRepository.open(storage);
      await repository.refresh(keys.online, TUF_EXPIRY_DEFAULTS, new Date(), true);
      wrote();
      await held;
    });
    await written;
    // The writer holds the lock with its files written: a reader gets the previous state.
    assert.deepEqual(await b.read('timestamp.json'), before);
    assert.equal(await b.read('2.snapshot.json'), undefined);
    release();
    await change;
    assert.equal(timestampVersion(await b.read('timestamp.json')), 2);
    assert.ok(await b.read('2.snapshot.json'));
  });

  it('a database that is away is POSTGRES_UNAVAILABLE, for reads and changes', async () => {
    const db = openPostgres(`postgres://postgres@127.0.0.1:${await freePort()}/none`);
    pools.push(db);
    const store = new PostgresTufStore(db, 'nowhere');
    const unavailable = (error: unknown): boolean =>
      error instanceof PostgresError && error.code === 'POSTGRES_UNAVAILABLE';
    await assert.rejects(store.read('timestamp.json'), unavailable);
    await assert.rejects(
      store.update(async () => assert.fail('the body never runs without a connection')),
      unavailable,
    );
  });
});
