import { createHash } from 'node:crypto';
import { parseDer } from '../core/der.js';
import { PrehashError, parseSpki } from '../core/prehash.js';
import { OID } from '../core/x509.js';
import { KmsError } from './error.js';

/**
 * One interface for every key that signs: a local KeyObject, a PEM file, a fresh in-memory
 * key, or a key held in AWS KMS. All of them produce DER ECDSA signatures with the curve's
 * own hash (P-256 with SHA-256, P-384 with SHA-384), which is what X.509, Rekor and Sigstore
 * bundles expect.
 */

export type SignerAlgorithm = 'ecdsa-p256-sha256' | 'ecdsa-p384-sha384';

export interface Signer {
  /** Where the key lives, for messages and logs: 'awskms:///alias/x', 'file:/path', 'ephemeral'. */
  readonly ref: string;
  readonly algorithm: SignerAlgorithm;
  /** SubjectPublicKeyInfo DER. */
  readonly publicKey: Buffer;
  /**
   * Whether `signDigest` works. False for keys held in this process: Node has no ECDSA
   * signing over a precomputed digest (see `localSigner`), so they only sign whole messages.
   */
  readonly signsDigests: boolean;
  /** DER ECDSA signature over `data` (hashed with the algorithm's hash). */
  sign(data: Buffer): Promise<Buffer>;
  /**
   * Same, when the caller already has the digest (KMS MessageType DIGEST). Rejects with
   * KmsError DIGEST_INVALID for a digest of the wrong length, and DIGEST_SIGNING_UNSUPPORTED
   * when `signsDigests` is false.
   */
  signDigest(digest: Buffer): Promise<Buffer>;
}

export interface SignerAlgorithmInfo {
  /** The curve's OpenSSL name, as `parseSpki` reports it. */
  readonly curve: 'prime256v1' | 'secp384r1';
  /** The node:crypto hash name. */
  readonly hash: 'sha256' | 'sha384';
  readonly digestLength: number;
}

export const SIGNER_ALGORITHMS: Readonly<Record<SignerAlgorithm, SignerAlgorithmInfo>> = {
  'ecdsa-p256-sha256': { curve: 'prime256v1', hash: 'sha256', digestLength: 32 },
  'ecdsa-p384-sha384': { curve: 'secp384r1', hash: 'sha384', digestLength: 48 },
};

/** The digest `sign(data)` signs for `algorithm`. */
export const digestOf = (algorithm: SignerAlgorithm, data: Uint8Array): Buffer =>
  createHash(SIGNER_ALGORITHMS[algorithm].hash).update(data).digest();

/** Throws DIGEST_INVALID unless `digest` has the length of `algorithm`'s hash. */
export function checkDigest(ref: string, algorithm: SignerAlgorithm, digest: Uint8Array): void {
  const { digestLength, hash } = SIGNER_ALGORITHMS[algorithm];
  if (digest.length !== digestLength) {
    throw new KmsError(
      'DIGEST_INVALID',
      `${ref} signs ${hash.toUpperCase()} digests of ${digestLength} bytes, got ${digest.length} bytes`,
    );
  }
}

/**
 * The algorithm an EC SubjectPublicKeyInfo signs with; KEY_UNSUPPORTED for any other key.
 * Read from the DER rather than `asymmetricKeyDetails`, which can deadlock on Node 20 for a
 * key fresh from generateKeyPair (see prehash.ts).
 */
export function algorithmOfSpki(ref: string, spki: Uint8Array): SignerAlgorithm {
  let key;
  try {
    key = parseSpki(spki);
  } catch (error) {
    if (!(error instanceof PrehashError)) throw error;
    throw new KmsError('KEY_UNSUPPORTED', `${ref}: unusable public key: ${error.message}`, {
      cause: error,
    });
  }
  if (key.kind === 'ec') {
    if (key.curve === 'prime256v1') return 'ecdsa-p256-sha256';
    if (key.curve === 'secp384r1') return 'ecdsa-p384-sha384';
  }
  let what: string;
  if (key.kind === 'ec') what = `an EC ${key.curve} key`;
  else if (key.kind === 'rsa') what = 'an RSA key';
  else if (key.algorithm === OID.ecPublicKey) what = `an EC key on curve ${curveOf(spki)}`;
  else what = `a key Signet cannot use (${key.reason})`;
  throw new KmsError(
    'KEY_UNSUPPORTED',
    `${ref} is ${what}; Signet signs with ECDSA P-256 or P-384 keys`,
  );
}

/** Curves parseSpki does not know, by OID, for messages. */
const OTHER_CURVES: Readonly<Record<string, string>> = {
  '1.3.132.0.10': 'secp256k1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
};

/** The named curve of an EC SubjectPublicKeyInfo, for a message: its name or its OID. */
function curveOf(spki: Uint8Array): string {
  try {
    const [algorithm] = parseDer(spki).children();
    const [, parameters] = algorithm?.children() ?? [];
    const curve = parameters?.toOid('namedCurve');
    return curve === undefined ? 'unknown' : (OTHER_CURVES[curve] ?? curve);
  } catch {
    return '(explicit parameters)';
  }
}
