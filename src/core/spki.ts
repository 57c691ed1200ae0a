import { KeyObject, createPublicKey, webcrypto } from 'node:crypto';
import { CoreError } from './error.js';

/**
 * Public keys from SubjectPublicKeyInfo DER, with the facts callers check (type, curve, RSA
 * size) read once. A CA imports a new client key per certificate, and on Node 20 with OpenSSL 3
 * `createPublicKey` of an SPKI costs about 110 µs (OpenSSL's generic decoder), reading
 * `asymmetricKeyDetails` another few, where the raw point of a named-curve EC key imports in
 * about 55 µs. So the one DER encoding each named curve has (RFC 5480: id-ecPublicKey, the
 * curve's OID, an uncompressed point) is recognised byte for byte and its point imported raw,
 * and so is Ed25519's (RFC 8410); every other input takes `createPublicKey`, which decides
 * alone what it accepts. Both EC imports check that the point is on the curve (OpenSSL's
 * EC_POINT_oct2point), and neither Ed25519 import checks its point, so each path accepts
 * the same keys as the other.
 */

export interface PublicKeyFacts {
  key: KeyObject;
  /** node:crypto's asymmetricKeyType ('ec', 'rsa', 'ed25519', …). */
  keyType: string;
  /** EC keys: the OpenSSL curve name (prime256v1, secp384r1, secp521r1). */
  namedCurve?: string;
  /** RSA keys: the modulus size in bits. */
  modulusLength?: number;
  /** RSA keys: the public exponent. */
  publicExponent?: bigint;
}

/** The facts of an imported key (asymmetricKeyDetails exports the key: read it once). */
export function keyFacts(key: KeyObject): PublicKeyFacts {
  const details = key.asymmetricKeyDetails ?? {};
  return {
    key,
    keyType: key.asymmetricKeyType ?? 'unknown',
    ...(details.namedCurve !== undefined && { namedCurve: details.namedCurve }),
    ...(details.modulusLength !== undefined && { modulusLength: details.modulusLength }),
    ...(details.publicExponent !== undefined && { publicExponent: details.publicExponent }),
  };
}

/** An SPKI prefix up to the uncompressed point (04 || X || Y), per named curve. */
const EC_SPKI = [
  {
    prefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
    point: 65,
    webName: 'P-256',
    namedCurve: 'prime256v1',
  },
  {
    prefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'),
    point: 97,
    webName: 'P-384',
    namedCurve: 'secp384r1',
  },
  {
    prefix: Buffer.from('30819b301006072a8648ce3d020106052b8104002303818600', 'hex'),
    point: 133,
    webName: 'P-521',
    namedCurve: 'secp521r1',
  },
] as const;

const UNCOMPRESSED = 0x04;

/** An Ed25519 SubjectPublicKeyInfo up to its 32-byte key (RFC 8410 §4): one encoding only. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_RAW_BYTES = 32;

/** The 32 raw bytes of an Ed25519 SPKI, or undefined when `spki` is not one. */
export function ed25519RawFromSpki(spki: Buffer): Buffer | undefined {
  return spki.length === ED25519_SPKI_PREFIX.length + ED25519_RAW_BYTES &&
    spki.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX)
    ? spki.subarray(ED25519_SPKI_PREFIX.length)
    : undefined;
}

/**
 * The Ed25519 public key whose 32 raw bytes are `raw` (RFC 8032 §5.1.5 encoding), imported as
 * a JWK: about 11 µs against 80 for its SPKI. Neither import checks the point: OpenSSL decodes
 * it when verifying.
 */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== ED25519_RAW_BYTES) {
    throw new CoreError(
      'KEY_UNSUPPORTED',
      `an Ed25519 public key is ${ED25519_RAW_BYTES} bytes, got ${raw.length}`,
    );
  }
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
}

/**
 * Imports a public key from SPKI DER. Rejects (with node:crypto's error) what node:crypto
 * cannot import: malformed DER, an unknown algorithm, a point not on its curve.
 */
export async function importSpki(spki: Buffer): Promise<PublicKeyFacts> {
  for (const ec of EC_SPKI) {
    if (
      spki.length === ec.prefix.length + ec.point &&
      spki[ec.prefix.length] === UNCOMPRESSED &&
      spki.subarray(0, ec.prefix.length).equals(ec.prefix)
    ) {
      const cryptoKey = await webcrypto.subtle.importKey(
        'raw',
        spki.subarray(ec.prefix.length),
        { name: 'ECDSA', namedCurve: ec.webName },
        false,
        ['verify'],
      );
      return { key: KeyObject.from(cryptoKey), keyType: 'ec', namedCurve: ec.namedCurve };
    }
  }
  const ed25519 = ed25519RawFromSpki(spki);
  if (ed25519 !== undefined) return { key: ed25519PublicKey(ed25519), keyType: 'ed25519' };
  return keyFacts(createPublicKey({ key: spki, format: 'der', type: 'spki' }));
}
