/**
 * importSpki's raw-point import of named-curve EC and Ed25519 keys against createPublicKey, which decides
 * every other input: the same keys come out, and the same inputs are refused (points off the
 * curve, coordinates beyond the field, mutated DER). Random choices replay with SPKI_SEED.
 */
import assert from 'node:assert/strict';
import { ECDH, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { importSpki, keyFacts } from '../../src/core/spki.js';
import { spkiOf } from '../../src/core/x509.js';
import { seededRandom } from '../helpers/random.js';

const CURVES = [
  { name: 'P-256', openssl: 'prime256v1', hash: 'sha256', size: 32 },
  { name: 'P-384', openssl: 'secp384r1', hash: 'sha384', size: 48 },
  { name: 'P-521', openssl: 'secp521r1', hash: 'sha512', size: 66 },
] as const;

/** The field primes, for a coordinate that is exactly p (out of range). */
const FIELD_PRIME: Record<string, string> = {
  'P-256': 'ffffffff00000001000000000000000000000000ffffffffffffffffffffffff',
  'P-384':
    'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff',
  'P-521': `01ff${'ff'.repeat(64)}`,
};

/** What createPublicKey makes of the bytes: the key, or the fact that it refused them. */
function reference(spki: Buffer): ReturnType<typeof createPublicKey> | 'refused' {
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    return 'refused';
  }
}

async function same(spki: Buffer, what: string): Promise<'imported' | 'refused'> {
  const expected = reference(spki);
  const got = await importSpki(spki).then(
    (facts) => facts,
    () => 'refused' as const,
  );
  if (expected === 'refused' || got === 'refused') {
    assert.equal(got === 'refused', expected === 'refused', what);
    return 'refused';
  }
  assert.ok(got.key.equals(expected), what);
  assert.deepEqual({ ...got, key: undefined }, { ...keyFacts(expected), key: undefined }, what);
  return 'imported';
}

describe('importSpki', () => {
  for (const curve of CURVES) {
    it(`imports a ${curve.name} key raw, equal to createPublicKey's, and verifies with it`, async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve.name });
      const spki = spkiOf(privateKey);
      const facts = await importSpki(spki);
      assert.deepEqual(
        { keyType: facts.keyType, namedCurve: facts.namedCurve },
        { keyType: 'ec', namedCurve: curve.openssl },
      );
      assert.ok(facts.key.equals(createPublicKey({ key: spki, format: 'der', type: 'spki' })));
      const message = Buffer.from('repo:octo-org/app:ref:refs/heads/main');
      assert.ok(verify(curve.hash, message, facts.key, sign(curve.hash, message, privateKey)));
      assert.ok(
        !verify(curve.hash, Buffer.from('other'), facts.key, sign(curve.hash, message, privateKey)),
      );
    });

    it(`refuses a ${curve.name} point off the curve or beyond the field, as createPublicKey does`, async () => {
      const spki = spkiOf(generateKeyPairSync('ec', { namedCurve: curve.name }).privateKey);
      const offCurve = Buffer.from(spki);
      offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] as number) ^ 1;
      assert.equal(await same(offCurve, 'off the curve'), 'refused');
      const beyond = Buffer.from(spki);
      const xAt = spki.length - 2 * curve.size;
      Buffer.from(FIELD_PRIME[curve.name] as string, 'hex').copy(beyond, xAt);
      assert.equal(await same(beyond, 'x = p'), 'refused');
      await assert.rejects(importSpki(offCurve));
    });
  }

  it("imports an Ed25519 key raw, equal to createPublicKey's, any 32 bytes as it does", async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const spki = spkiOf(privateKey);
    const facts = await importSpki(spki);
    assert.equal(facts.keyType, 'ed25519');
    assert.ok(facts.key.equals(createPublicKey({ key: spki, format: 'der', type: 'spki' })));
    const message = Buffer.from('alice@signet.test');
    assert.ok(verify(null, message, facts.key, sign(null, message, privateKey)));
    // Not every 32 bytes encode a point; OpenSSL finds out when verifying, on either path.
    const arbitrary = Buffer.concat([spki.subarray(0, 12), Buffer.alloc(32, 0xff)]);
    assert.equal(await same(arbitrary, 'arbitrary Ed25519 bytes'), 'imported');
  });

  it('leaves compressed points and RSA keys to createPublicKey', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = spkiOf(privateKey);
    const point = spki.subarray(-65);
    const compressed = ECDH.convertKey(point, 'prime256v1', undefined, undefined, 'compressed');
    // id-ecPublicKey, prime256v1, then a 34-byte BIT STRING holding the 33-byte point.
    const header = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');
    const compressedSpki = Buffer.concat([header, compressed as Buffer]);
    assert.equal(await same(compressedSpki, 'compressed'), 'imported');
    const rsa = spkiOf(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    assert.equal(await same(rsa, 'rsa'), 'imported');
    const facts = await importSpki(rsa);
    assert.deepEqual([facts.modulusLength, facts.publicExponent], [2048, 65537n]);
  });

  it('accepts and refuses exactly what createPublicKey does, over mutated keys', async (t) => {
    const random = seededRandom(t, 'SPKI_SEED');
    const keys = [
      ...CURVES.map((curve) =>
        spkiOf(generateKeyPairSync('ec', { namedCurve: curve.name }).privateKey),
      ),
      spkiOf(generateKeyPairSync('ed25519').privateKey),
    ];
    const counts = { imported: 0, refused: 0 };
    for (let i = 0; i < 600; i++) {
      const original = random.pick(keys) as Buffer;
      let spki: Buffer;
      switch (random.int(0, 3)) {
        case 0: {
          spki = Buffer.from(original);
          const at = random.int(0, spki.length - 1);
          spki[at] = (spki[at] as number) ^ (1 << random.int(0, 7));
          break;
        }
        case 1:
          spki = original.subarray(0, random.int(0, original.length - 1));
          break;
        case 2:
          spki = Buffer.concat([original, Buffer.from([random.int(0, 255)])]);
          break;
        default:
          spki = original;
      }
      counts[await same(spki, `mutation ${i}: ${spki.toString('hex')}`)]++;
    }
    assert.ok(counts.imported >= 50 && counts.refused >= 50, JSON.stringify(counts));
  });
});
