import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ephemeralSigner } from '../../src/kms/signer.js';
import { TufError } from '../../src/tuf/error.js';
import { buildRoot, expiryAfter, serialize, signMetadata } from '../../src/tuf/metadata.js';
import {
  TUF_EXPIRY_DEFAULTS,
  type TargetContent,
  TufRepository,
  isRepositoryFile,
  validateTufExpiry,
} from '../../src/tuf/repository.js';
import { memoryTufStorage, newTufRepository } from '../helpers/tuf.js';

const HOUR = 3_600_000;
const expiry = TUF_EXPIRY_DEFAULTS;
const t0 = new Date('2026-01-01T00:00:00Z');
const later = (hours: number): Date => new Date(t0.getTime() + hours * HOUR);
const content = (text: string): TargetContent[] => [
  { name: 'trusted_root.json', data: Buffer.from(`{"v":"${text}"}\n`) },
  { name: 'signing_config.v0.2.json', data: Buffer.from(`{"c":"${text}"}\n`) },
];

async function newRepository() {
  const storage = memoryTufStorage();
  return { storage, ...(await newTufRepository(storage, t0)) };
}

describe('TUF repository', () => {
  it('publishes targets, then snapshot, then the timestamp naming them', async () => {
    const { keys, storage, repository } = await newRepository();
    assert.equal(repository.targetsMatch(content('a')), false);
    const before = [...storage.files.keys()];
    await repository.publishTargets(content('a'), [keys.targets], keys.online, expiry, t0);
    assert.deepEqual(before, ['1.root.json']);
    assert.deepEqual(
      [...storage.files.keys()].slice(1).map((name) => name.replace(/[0-9a-f]{64}/, 'H')),
      [
        'targets/H.trusted_root.json',
        'targets/H.signing_config.v0.2.json',
        '1.targets.json',
        '1.snapshot.json',
        'timestamp.json',
      ],
    );
    assert.ok([...storage.files.keys()].every(isRepositoryFile));
    const reopened = await TufRepository.open(storage);
    assert.equal(reopened.targetsMatch(content('a')), true);
    assert.equal(reopened.targetsMatch(content('b')), false);
    assert.deepEqual(reopened.status(), {
      rootVersion: 1,
      rootExpires: expiryAfter(t0, 365),
      targets: {
        version: 1,
        expires: expiryAfter(t0, 180),
        names: ['signing_config.v0.2.json', 'trusted_root.json'],
      },
      snapshot: { version: 1, expires: expiryAfter(t0, 14) },
      timestamp: { version: 1, expires: expiryAfter(t0, 1) },
    });
  });

  it('re-signs the timestamp at half-life, and the snapshot at its own', async () => {
    const { keys, repository } = await newRepository();
    await repository.publishTargets(content('a'), [keys.targets], keys.online, expiry, t0);
    assert.deepEqual(repository.nextRefresh(expiry), later(12));
    assert.equal(await repository.refresh(keys.online, expiry, later(11.9)), false);
    assert.equal(await repository.refresh(keys.online, expiry, later(12)), true);
    assert.equal(repository.status().timestamp?.version, 2);
    assert.equal(repository.status().snapshot?.version, 1);
    assert.equal(await repository.refresh(keys.online, expiry, later(7 * 24)), true);
    assert.equal(repository.status().snapshot?.version, 2);
    assert.equal(repository.status().timestamp?.version, 3);
    assert.equal(repository.status().targets?.version, 1);
  });

  it('refuses a targets key the root does not list', async () => {
    const { keys, repository } = await newRepository();
    await assert.rejects(
      repository.publishTargets(content('a'), [keys.online], keys.online, expiry, t0),
      (error: unknown) => error instanceof TufError && error.code === 'KEY_NOT_IN_ROLE',
    );
  });

  it('leaves the previous complete state after a crash between any two writes', async () => {
    for (let writes = 0; writes < 5; writes++) {
      const { keys, storage, repository } = await newRepository();
      await repository.publishTargets(content('a'), [keys.targets], keys.online, expiry, t0);
      storage.failAfter = writes;
      await assert.rejects(
        repository.publishTargets(content('b'), [keys.targets], keys.online, expiry, later(1)),
      );
      const reopened = await TufRepository.open(storage);
      assert.equal(reopened.targetsMatch(content('a')), true, `crash after ${writes} writes`);
      // And the next start publishes over whatever the crash left.
      storage.failAfter = undefined;
      await reopened.publishTargets(content('b'), [keys.targets], keys.online, expiry, later(2));
      assert.equal((await TufRepository.open(storage)).targetsMatch(content('b')), true);
    }
  });

  it('refuses a root version that does not chain from the one before', async () => {
    const { storage, repository } = await newRepository();
    const stranger = ephemeralSigner();
    const signed = buildRoot(2, expiryAfter(t0, 365), {
      root: [stranger.publicKey],
      threshold: 1,
      targets: [stranger.publicKey],
      online: [stranger.publicKey],
    });
    storage.files.set(
      '2.root.json',
      serialize(await signMetadata(signed, 'root', [stranger], [signed])),
    );
    assert.equal(repository.root.signed.version, 1);
    await assert.rejects(
      TufRepository.open(storage),
      (error: unknown) =>
        error instanceof TufError &&
        error.code === 'ROOT_CHAIN_BROKEN' &&
        /previous root/.test(error.message),
    );
  });

  it('validates expiry settings', () => {
    validateTufExpiry(expiry);
    assert.throws(() => validateTufExpiry({ ...expiry, timestampDays: 0 }), /timestampDays/);
    assert.throws(
      () => validateTufExpiry({ ...expiry, timestampDays: 20, snapshotDays: 10 }),
      /must not exceed/,
    );
  });
});
