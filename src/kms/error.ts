import { SignetError } from '../core/error.js';

/**
 * Stable codes for everything that can go wrong opening or using a signing key. Callers
 * switch on these (a server answers 503 for KMS_UNAVAILABLE and fails its start-up for the
 * rest); messages always name the key reference.
 */
export type KmsErrorCode =
  /** A key reference that is neither a supported `awskms://` form nor usable as a file path. */
  | 'KEY_REF_INVALID'
  /** A key of a type, curve, KMS key spec or key usage that cannot make ECDSA P-256/P-384 signatures. */
  | 'KEY_UNSUPPORTED'
  /** A key file that cannot be read, is not PEM, holds no private key, or is encrypted. */
  | 'KEY_FILE_INVALID'
  /** Missing AWS configuration on this machine: no region, or no credentials in the SDK's chain. */
  | 'KMS_CONFIG_INVALID'
  /** KMS could not be reached or did not answer in time, even after the SDK's retries. */
  | 'KMS_UNAVAILABLE'
  /**
   * KMS answered and said no: unknown key or alias, access denied, key disabled or pending
   * deletion, bad credentials or request. Retrying will not help until something changes.
   */
  | 'KMS_REFUSED'
  /** KMS answered with something unusable: a public key or signature that does not fit the key. */
  | 'KMS_RESPONSE_INVALID'
  /**
   * The alias now names a different key than the one opened (its public key was cached and
   * certified), so its signatures would not verify. Reopen the signer.
   */
  | 'KEY_CHANGED'
  /** `signDigest` with a digest whose length is not the algorithm's hash length. */
  | 'DIGEST_INVALID'
  /** `signDigest` on a signer that can only sign whole messages (local keys; see signer.ts). */
  | 'DIGEST_SIGNING_UNSUPPORTED';

/** Every error raised by src/kms. */
export class KmsError extends SignetError<KmsErrorCode> {}
