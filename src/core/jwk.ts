import { ECDH, type JsonWebKey, type KeyObject } from 'node:crypto';
import { Tag, parseDer } from './der.js';
import { CoreError } from './error.js';
import { ed25519RawFromSpki } from './spki.js';
import { OID, bitStringBytes, spkiOf } from './x509.js';

/**
 * Public JWKs (RFC 7518 §6, RFC 8037) and raw Ed25519 keys, read from the DER
 * SubjectPublicKeyInfo. Never `key.export({ format: 'jwk' })`: on Node 20 that export holds
 * the key's mutex while it allocates JS strings, and a garbage collection in that window that
 * finalizes the job which generated the key (it shares the mutex) deadlocks the thread. The
 * DER export allocates without the lock (see prehash.ts).
 */

/** JWK curve names and coordinate sizes by named-curve OID (RFC 7518 §6.2.1.1). */
const EC_CURVES: ReadonlyMap<string, { crv: string; opensslName: string; size: number }> = new Map([
  ['1.2.840.10045.3.1.7', { crv: 'P-256', opensslName: 'prime256v1', size: 32 }],
  ['1.3.132.0.34', { crv: 'P-384', opensslName: 'secp384r1', size: 48 }],
  ['1.3.132.0.35', { crv: 'P-521', opensslName: 'secp521r1', size: 66 }],
]);

/**
 * The public JWK (kty, crv/x/y or n/e) of an EC P-256/P-384/P-521, RSA or Ed25519 key, public
 * or private. Throws CoreError KEY_UNSUPPORTED for any other key.
 */
export function publicJwk(key: KeyObject): JsonWebKey {
  // Node encodes the SPKI itself, so its shape is not in doubt, only the algorithm.
  const [algorithm, bits] = parseDer(spkiOf(key))
    .expect(Tag.SEQUENCE, 'SubjectPublicKeyInfo')
    .children();
  const [id, parameters] = algorithm!.expect(Tag.SEQUENCE, 'algorithm').children();
  const oid = id!.toOid('algorithm');
  const subjectPublicKey = bitStringBytes(bits!, 'subjectPublicKey');
  if (oid === OID.ed25519) {
    return { kty: 'OKP', crv: 'Ed25519', x: subjectPublicKey.toString('base64url') };
  }
  if (oid === OID.rsaEncryption) {
    const [n, e] = parseDer(subjectPublicKey).expect(Tag.SEQUENCE, 'RSAPublicKey').children();
    return { kty: 'RSA', n: unsignedBytes(n!.value), e: unsignedBytes(e!.value) };
  }
  const curve =
    oid === OID.ecPublicKey && parameters?.tag === Tag.OID
      ? EC_CURVES.get(parameters.toOid('namedCurve'))
      : undefined;
  if (curve === undefined) {
    throw new CoreError(
      'KEY_UNSUPPORTED',
      `a JWK is only built for EC P-256/P-384/P-521, RSA and Ed25519 keys, not algorithm ${oid}`,
    );
  }
  // SEC 1 §2.3.3: 04 || X || Y; a key imported compressed keeps that form in its SPKI.
  const point =
    subjectPublicKey[0] === 0x04
      ? subjectPublicKey
      : (ECDH.convertKey(
          subjectPublicKey,
          curve.opensslName,
          undefined,
          undefined,
          'uncompressed',
        ) as Buffer);
  return {
    kty: 'EC',
    crv: curve.crv,
    x: point.subarray(1, 1 + curve.size).toString('base64url'),
    y: point.subarray(1 + curve.size).toString('base64url'),
  };
}

/** The 32-byte public key of an Ed25519 key (public or private). */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const raw = ed25519RawFromSpki(spkiOf(key));
  if (raw === undefined) throw new CoreError('KEY_UNSUPPORTED', 'expected an Ed25519 key');
  return raw;
}

/** An INTEGER's magnitude as base64url without the DER sign byte (RFC 7518 §2 Base64urlUInt). */
const unsignedBytes = (value: Buffer): string =>
  (value.length > 1 && value[0] === 0 ? value.subarray(1) : value).toString('base64url');
