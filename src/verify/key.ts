import { createHash } from 'node:crypto';
import { parseSpki, verifyPrehashedKey } from '../core/prehash.js';
import type { SpkiKey } from '../core/prehash.js';
import { VerifyError } from './error.js';

/**
 * The signer's key as the signature and tlog checks see it: its hash (the one the key signs
 * with, as Rekor's hashedrekord derives it) and its protobuf-specs keyDetails name, which a
 * Rekor v2 entry records and sigstore-go recomputes from the key alone.
 */
export interface SignerKey {
  spki: Buffer;
  key: SpkiKey;
  hash: 'sha256' | 'sha384' | 'sha512';
  /** The hashedrekord data.algorithm name for `hash`. */
  hashName: 'SHA2_256' | 'SHA2_384' | 'SHA2_512';
  keyDetails: string;
}

const EC_PROFILES = {
  prime256v1: { hash: 'sha256', hashName: 'SHA2_256', keyDetails: 'PKIX_ECDSA_P256_SHA_256' },
  secp384r1: { hash: 'sha384', hashName: 'SHA2_384', keyDetails: 'PKIX_ECDSA_P384_SHA_384' },
  secp521r1: { hash: 'sha512', hashName: 'SHA2_512', keyDetails: 'PKIX_ECDSA_P521_SHA_512' },
} as const;

const RSA_SIZES = new Set([2048, 3072, 4096]);

/** Describes a signer's SPKI; SIGNATURE when it is a key Sigstore signers do not use. */
export function signerKey(spki: Buffer): SignerKey {
  let key: SpkiKey;
  try {
    key = parseSpki(spki);
  } catch (error) {
    throw new VerifyError('SIGNATURE', 'signature: the signer key is malformed', {
      check: 'signature',
      cause: error,
    });
  }
  if (key.kind === 'ec') return { spki, key, ...EC_PROFILES[key.curve] };
  if (key.kind === 'unsupported') throw unsupported(key.reason);
  if (!RSA_SIZES.has(key.modulusBits)) throw unsupported(`RSA ${key.modulusBits} bits`);
  return {
    spki,
    key,
    hash: 'sha256',
    hashName: 'SHA2_256',
    keyDetails: `PKIX_RSA_PKCS1V15_${key.modulusBits}_SHA256`,
  };
}

const unsupported = (reason: string): VerifyError =>
  new VerifyError('SIGNATURE', `signature: unsupported signer key (${reason})`, {
    check: 'signature',
  });

export const digestFor = (key: SignerKey, data: Uint8Array): Buffer =>
  createHash(key.hash).update(data).digest();

/**
 * Whether `signature` verifies over the precomputed `digest`. It never throws: the prehash
 * verifier refuses only unsupported keys and RSA keys under 2048 bits, and `signerKey` admits
 * neither.
 */
export const verifyDigest = (key: SignerKey, digest: Buffer, signature: Buffer): boolean =>
  verifyPrehashedKey(key.key, digest, signature);
