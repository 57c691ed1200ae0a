import { SignetError } from '../core/error.js';

/**
 * Why a signing run failed, other than the errors of the modules it drives (HttpError from a
 * service, OidcError for the token, KmsError for the key, BundleError for the signing config).
 * Messages name the file concerned and never contain an identity token.
 */
export type SignErrorCode =
  /** The options cannot make a run: no files, or neither a token nor a key. */
  | 'OPTIONS_INVALID'
  /** An in-toto statement to sign lacks what verifiers rely on (type, subject digests, predicate). */
  | 'STATEMENT_INVALID'
  /** A signer produced a signature its own public key does not verify. */
  | 'SIGNER_INVALID'
  /** A bundle was built but refused by the caller's verification before it was written. */
  | 'BUNDLE_INVALID'
  /** Attaching an image's bundle to its registry failed (the message names what was attached). */
  | 'ATTACH_FAILED'
  /** Writing the bundles failed; none of them was left behind. */
  | 'WRITE_FAILED'
  /** Provenance was asked for outside CI, or the CI job's variables are incomplete. */
  | 'CI_CONTEXT_MISSING';

export class SignError extends SignetError<SignErrorCode> {}
