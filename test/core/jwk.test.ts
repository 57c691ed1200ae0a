import assert from 'node:assert/strict';
import { ECDH, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { CoreError } from '../../src/core/error.js';
import { publicJwk, rawEd25519PublicKey } from '../../src/core/jwk.js';
import { ed25519PublicKey } from '../../src/core/spki.js';

/** Node's JWK import (not export) is the independent reader of what publicJwk wrote. */
const imported = (jwk: ReturnType<typeof publicJwk>): KeyObject =>
  createPublicKey({ key: jwk, format: 'jwk' });

const unsupported = (error: unknown): boolean =>
  error instanceof CoreError && error.code === 'KEY_UNSUPPORTED';

describe('publicJwk', () => {
  for (const crv of ['P-256', 'P-384', 'P-521'] as const) {
    it(`reads an EC ${crv} key from its SPKI, from the public or the private key`, () => {
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: crv });
      const jwk = publicJwk(publicKey);
      assert.deepEqual(Object.keys(jwk).sort(), ['crv', 'kty', 'x', 'y']);
      assert.equal(jwk.kty, 'EC');
      assert.equal(jwk.crv, crv);
      assert.ok(imported(jwk).equals(publicKey));
      assert.deepEqual(publicJwk(privateKey), jwk);
    });
  }

  it('expands a key that was imported with a compressed point', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const point = spki.subarray(spki.length - 65);
    const compressed = ECDH.convertKey(point, 'prime256v1', undefined, undefined, 'compressed');
    const prefix = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');
    const key = createPublicKey({
      key: Buffer.concat([prefix, compressed as Buffer]),
      format: 'der',
      type: 'spki',
    });
    assert.deepEqual(publicJwk(key), publicJwk(publicKey));
  });

  it('reads an RSA key: n and e without DER sign bytes', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicJwk(publicKey);
    assert.equal(jwk.kty, 'RSA');
    assert.equal(jwk.e, 'AQAB');
    assert.equal(Buffer.from(jwk.n ?? '', 'base64url').length, 256);
    assert.ok(imported(jwk).equals(publicKey));
  });

  it('matches the Ed25519 example of RFC 8037 appendix A', () => {
    const key = createPrivateKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
        x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
      },
      format: 'jwk',
    });
    assert.deepEqual(publicJwk(key), {
      kty: 'OKP',
      crv: 'Ed25519',
      x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
    });
  });

  it('refuses keys without a JWK form here, naming the algorithm', () => {
    for (const type of ['ed448', 'x25519'] as const) {
      assert.throws(() => publicJwk(generateKeyPairSync(type as 'ed448').publicKey), unsupported);
    }
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
    assert.throws(() => publicJwk(k1), /not algorithm 1\.2\.840\.10045\.2\.1/);
  });
});

describe('raw Ed25519 keys', () => {
  it('round-trips the 32 bytes through an SPKI', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = rawEd25519PublicKey(privateKey);
    assert.equal(raw.length, 32);
    assert.deepEqual(raw, publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
    assert.ok(ed25519PublicKey(raw).equals(publicKey));
  });

  it('refuses other keys and other lengths', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    assert.throws(() => rawEd25519PublicKey(ec), unsupported);
    assert.throws(() => ed25519PublicKey(Buffer.alloc(31)), /32 bytes, got 31/);
  });
});
