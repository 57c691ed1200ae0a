import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { spkiOf } from '../../src/core/x509.js';
import { TufError } from '../../src/tuf/error.js';
import { keyIdOf, tufKeyOf } from '../../src/tuf/keys.js';
import { newKey } from '../helpers/stack.js';

/** The public-good root as sigstore-js ships it (@sigstore/tuf seeds.json): real key ids. */
async function publicGoodRoot(): Promise<{
  signed: { keys: Record<string, { keytype: string; scheme: string; keyval: { public: string } }> };
}> {
  const path = createRequire(import.meta.url).resolve('@sigstore/tuf/seeds.json');
  const seeds = JSON.parse(await readFile(path, 'utf8')) as Record<string, { 'root.json': string }>;
  const seed = seeds['https://tuf-repo-cdn.sigstore.dev'];
  assert.ok(seed);
  return JSON.parse(Buffer.from(seed['root.json'], 'base64').toString('utf8'));
}

describe('TUF keys', () => {
  it('computes the key ids of the public-good root', async () => {
    const { keys } = (await publicGoodRoot()).signed;
    assert.ok(Object.keys(keys).length >= 5);
    for (const [id, key] of Object.entries(keys)) assert.equal(keyIdOf(key), id);
  });

  it('lists a P-256 key as public-good does, under its key id', async () => {
    const { keys } = (await publicGoodRoot()).signed;
    // A key public-good lists with nothing but the three fields TUF defines.
    const [id, key] = Object.entries(keys).find(([, k]) => Object.keys(k).length === 4) ?? [];
    assert.ok(id && key);
    const spki = spkiOf(createPublicKey(key.keyval.public));
    const fields = Object.fromEntries(
      Object.entries(key).filter(([name]) => !name.startsWith('x-')),
    );
    const ours = tufKeyOf(spki, 'test');
    assert.deepEqual(ours.key.toJSON(), fields);
    assert.equal(ours.keyId, keyIdOf(fields));
  });

  it('refuses keys that are not P-256', () => {
    for (const type of ['p384', 'ed25519'] as const) {
      assert.throws(
        () => tufKeyOf(spkiOf(createPublicKey(newKey(type))), `a ${type} key`),
        (error: unknown) =>
          error instanceof TufError &&
          error.code === 'KEY_UNSUPPORTED' &&
          error.message.includes(`a ${type} key`),
      );
    }
  });
});
