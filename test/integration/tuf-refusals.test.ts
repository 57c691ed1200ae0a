import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ephemeralSigner } from '../../src/kms/signer.js';
import { buildRoot, expiryAfter, serialize, signMetadata } from '../../src/tuf/metadata.js';
import {
  TUF_EXPIRY_DEFAULTS,
  type TargetContent,
  TufRepository,
  targetFileName,
} from '../../src/tuf/repository.js';
import { type TufClient, memoryTufStorage, newTufRepository, tufClient } from '../helpers/tuf.js';

/**
 * What TUF clients must refuse, shown with tuf-js against repositories Signet's code writes:
 * a root signed below its threshold, an expired timestamp, a rollback to an older timestamp,
 * and a target whose bytes do not match its hash. Each repository is served as files from
 * memory on 127.0.0.1, so that a test can put it in exactly the bad state.
 */

const storage = memoryTufStorage();
const { files } = storage;
const server = createServer((req, res) => {
  const data = files.get(decodeURIComponent((req.url ?? '').replace(/^\/tuf\//, '')));
  if (data === undefined) res.writeHead(404).end();
  else res.writeHead(200, { 'content-type': 'application/json' }).end(data);
});
let mirror: string;
const clients: TufClient[] = [];

const content: TargetContent[] = [
  { name: 'trusted_root.json', data: Buffer.from('{"mediaType":"test"}\n') },
];
const DAY = 86_400_000;
const keys = { root: ephemeralSigner(), targets: ephemeralSigner(), online: ephemeralSigner() };

/** A fresh repository published at `now`, and a client that trusts its first root. */
async function repositoryAt(now: Date): Promise<{ repository: TufRepository; client: TufClient }> {
  files.clear();
  const { repository } = await newTufRepository(storage, now, keys);
  await repository.publishTargets(content, [keys.targets], keys.online, TUF_EXPIRY_DEFAULTS, now);
  const client = await tufClient(mirror, files.get('1.root.json') as Buffer);
  clients.push(client);
  return { repository, client };
}

/** tuf-js's refusal, by its error class name and message. */
const refused = (pattern: RegExp) => (error: unknown) => {
  const text = `${(error as Error).name}: ${(error as Error).message}`;
  assert.match(text, pattern);
  return true;
};

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tuf`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await Promise.all(clients.map((c) => rm(c.dir, { recursive: true, force: true })));
});

describe('tuf-js refuses a bad repository', () => {
  it('accepts the good one it starts from', async () => {
    const { client } = await repositoryAt(new Date());
    assert.deepEqual(await client.target('trusted_root.json'), content[0]?.data);
  });

  it('refuses a root version signed below its threshold', async () => {
    const { client } = await repositoryAt(new Date());
    const second = ephemeralSigner();
    // Two root keys, threshold 2, but only the old key signs: TufRepository.signRoot refuses to
    // write this, so it is made by hand.
    const signed = buildRoot(2, expiryAfter(new Date(), 365), {
      root: [keys.root.publicKey, second.publicKey],
      threshold: 2,
      targets: [keys.targets.publicKey],
      online: [keys.online.publicKey],
    });
    files.set('2.root.json', serialize(await signMetadata(signed, 'root', [keys.root], [signed])));
    await assert.rejects(
      client.target('trusted_root.json'),
      refused(/root was signed by 1\/2 keys/),
    );
    await assert.rejects(
      TufRepository.open(storage),
      refused(/ROOT_CHAIN_BROKEN|not signed by the threshold/),
    );
  });

  it('follows a root rotation to 2 of 3 keys, and the next one only with 2 of them', async () => {
    const { repository, client } = await repositoryAt(new Date());
    const [a, b, c] = [ephemeralSigner(), ephemeralSigner(), ephemeralSigner()];
    const next = {
      ...repository.rootKeys(),
      root: [a.publicKey, b.publicKey, c.publicKey],
      threshold: 2,
    };
    // Version 1's key and two of the three new ones: both thresholds met.
    await repository.signRoot(next, [keys.root, a, b], TUF_EXPIRY_DEFAULTS, new Date());
    assert.deepEqual(await client.target('trusted_root.json'), content[0]?.data);
    // One of the new keys alone no longer meets version 2's threshold.
    await assert.rejects(
      repository.signRoot(next, [c], TUF_EXPIRY_DEFAULTS, new Date()),
      refused(/of the previous root \(root was signed by 1\/2 keys\)/),
    );
    await repository.signRoot(next, [b, c], TUF_EXPIRY_DEFAULTS, new Date());
    assert.deepEqual(await client.target('trusted_root.json'), content[0]?.data);
    const trusted = JSON.parse(await readFile(join(client.dir, 'root.json'), 'utf8')) as {
      signed: { version: number; roles: { root: { threshold: number; keyids: string[] } } };
    };
    assert.equal(trusted.signed.version, 3);
    assert.equal(trusted.signed.roles.root.threshold, 2);
    assert.equal(trusted.signed.roles.root.keyids.length, 3);
  });

  it('refuses an expired timestamp', async () => {
    const { client } = await repositoryAt(new Date(Date.now() - 2 * DAY));
    await assert.rejects(client.target('trusted_root.json'), refused(/timestamp\.json is expired/));
  });

  it('refuses a rollback to an older timestamp', async () => {
    const { repository, client } = await repositoryAt(new Date(Date.now() - 0.75 * DAY));
    const first = files.get('timestamp.json') as Buffer;
    assert.equal(await repository.refresh(keys.online, TUF_EXPIRY_DEFAULTS, new Date()), true);
    await client.target('trusted_root.json');
    files.set('timestamp.json', first);
    await assert.rejects(
      client.target('trusted_root.json'),
      refused(/timestamp version 1 is less than current version 2/),
    );
  });

  it('refuses a target whose bytes do not match its hash', async () => {
    const { client } = await repositoryAt(new Date());
    const [target] = content as [TargetContent];
    const name = targetFileName(target.name, target.data);
    const forged = Buffer.from(target.data);
    forged[2] = (forged[2] as number) ^ 1;
    files.set(name, forged);
    await assert.rejects(
      client.target('trusted_root.json'),
      refused(/Expected hash [0-9a-f]{64} but got/),
    );
  });
});
