/**
 * clientKey's rules on each key type, now that it reads the type and curve from importSpki
 * (a raw-point import for the named curves, createPublicKey for the rest): the keys Fulcio
 * accepts are accepted with the hash their proof uses, every other one is refused naming why,
 * and bytes that are no key are PUBLIC_KEY_INVALID.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { CaError } from '../../src/ca/error.js';
import { clientKey, verifyProofOfPossession } from '../../src/ca/request.js';
import { spkiOf } from '../../src/core/x509.js';

const refusal = (code: string, message: RegExp) => (error: unknown) => {
  assert.ok(error instanceof CaError, String(error));
  assert.equal(error.code, code);
  assert.match(error.message, message);
  return true;
};

describe('clientKey', () => {
  for (const [curve, hash, description] of [
    ['P-256', 'sha256', 'ECDSA P-256'],
    ['P-384', 'sha384', 'ECDSA P-384'],
    ['P-521', 'sha512', 'ECDSA P-521'],
  ] as const) {
    it(`accepts ${curve} with ${hash}, as a key that verifies its signatures`, async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const key = await clientKey(spkiOf(privateKey));
      assert.deepEqual([key.hash, key.description], [hash, description]);
      const message = Buffer.from('alice@signet.test');
      assert.ok(verify(hash, message, key.key, sign(hash, message, privateKey)));
    });
  }

  it('accepts RSA 2048 with e = 65537 and Ed25519', async () => {
    const rsa = await clientKey(
      spkiOf(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    );
    assert.deepEqual([rsa.hash, rsa.description], ['sha256', 'RSA-2048']);
    const ed = await clientKey(spkiOf(generateKeyPairSync('ed25519').privateKey));
    assert.deepEqual([ed.hash, ed.description], [null, 'Ed25519']);
  });

  it('refuses other curves, RSA sizes and exponents, and key-agreement keys', async () => {
    const k1 = spkiOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey);
    await assert.rejects(
      clientKey(k1),
      refusal(
        'PUBLIC_KEY_INSECURE',
        /^EC curve secp256k1 is not accepted; use P-256, P-384 or P-521$/,
      ),
    );
    const small = spkiOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey);
    await assert.rejects(
      clientKey(small),
      refusal('PUBLIC_KEY_INSECURE', /^RSA key of 1024 bits is not accepted/),
    );
    const e3 = spkiOf(
      generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).privateKey,
    );
    await assert.rejects(
      clientKey(e3),
      refusal('PUBLIC_KEY_INSECURE', /^RSA public exponent 3 is not accepted; it must be 65537$/),
    );
    const x25519 = spkiOf(generateKeyPairSync('x25519').privateKey);
    await assert.rejects(
      clientKey(x25519),
      refusal('PUBLIC_KEY_INSECURE', /^x25519 keys are not accepted/),
    );
  });

  it('refuses bytes that are no key, and a point off its curve', async () => {
    await assert.rejects(
      clientKey(Buffer.from('not a key')),
      refusal('PUBLIC_KEY_INVALID', /^the public key could not be parsed: /),
    );
    const spki = spkiOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    spki[spki.length - 1] = (spki[spki.length - 1] as number) ^ 1;
    await assert.rejects(
      clientKey(spki),
      refusal('PUBLIC_KEY_INVALID', /^the public key could not be parsed: /),
    );
  });
});

describe('verifyProofOfPossession with raw-imported keys', () => {
  const subject = 'repo:octo-org/app:ref:refs/heads/main';
  const challenge = { claim: 'sub' as const, value: subject };
  for (const [type, hash] of [
    ['P-384', 'sha384'],
    ['Ed25519', null],
  ] as const) {
    it(`takes a ${type} proof over the subject, and no other`, async () => {
      const { privateKey } =
        type === 'Ed25519'
          ? generateKeyPairSync('ed25519')
          : generateKeyPairSync('ec', { namedCurve: type });
      const publicKey = spkiOf(privateKey);
      const request = (signature: Buffer) => ({
        token: 't',
        proof: { kind: 'public-key' as const, publicKey, signature },
      });
      const good = sign(hash, Buffer.from(subject), privateKey);
      assert.ok((await verifyProofOfPossession(request(good), challenge)).equals(publicKey));
      const other = sign(hash, Buffer.from(`${subject}x`), privateKey);
      await assert.rejects(
        verifyProofOfPossession(request(other), challenge),
        refusal('SIGNATURE_INVALID', /^the proof of possession does not verify/),
      );
    });
  }
});
