import { SignetError } from '../core/error.js';

/**
 * Verification failures. Each code is one check, so callers (the CLI, policies that require
 * several signatures) can switch on it; `check` names the check for people, and `expected` /
 * `actual` carry the two values a mismatch compares, so a message can read
 * "check X: expected A, got B" without parsing `message`.
 */
export type VerifyErrorCode =
  /** The bundle JSON does not have the shape its media type requires. */
  | 'BUNDLE_INVALID'
  /** trusted_root.json is malformed or incomplete. */
  | 'TRUST_ROOT_INVALID'
  /** The leaf does not chain to a trusted CA valid at the signing time, or is not a code-signing leaf. */
  | 'CERTIFICATE_CHAIN'
  /** The leaf carries no SCT (required by default). */
  | 'SCT_MISSING'
  /** An SCT from a trusted CT log does not verify, or none comes from a trusted log. */
  | 'SCT_INVALID'
  /** Fewer transparency-log entries than required. */
  | 'TLOG_MISSING'
  /**
   * The logged entry is not the bundle's (digest, signature or signer differ), or its log is
   * not trusted (or not at the entry's integratedTime).
   */
  | 'TLOG_ENTRY'
  /**
   * A Rekor v1 signed entry timestamp (the log's inclusion promise) does not verify: the
   * body, integratedTime, logIndex or the signature itself were changed.
   */
  | 'TLOG_PROMISE'
  /** The inclusion proof does not lead to the checkpoint's root hash. */
  | 'TLOG_INCLUSION'
  /** The checkpoint is not signed by the trusted log key, or names another origin, size or root. */
  | 'CHECKPOINT'
  /** Fewer verified RFC 3161 timestamps than required. */
  | 'TIMESTAMP_MISSING'
  /** A timestamp does not verify, does not cover the signature, or no trusted TSA issued it. */
  | 'TIMESTAMP_INVALID'
  /** A signing time lies outside the leaf certificate's validity. */
  | 'TIMESTAMP_OUTSIDE_CERTIFICATE'
  /** The signature does not verify over the artifact digest (or the DSSE PAE) with the signer's key. */
  | 'SIGNATURE'
  /** No bundle of the kind a required signature asks for is attached to the image. */
  | 'BUNDLE_MISSING'
  /** The artifact is not the one the bundle signs. */
  | 'ARTIFACT_MISMATCH'
  /** A public-key bundle without a key to verify it, or a key other than the pinned one. */
  | 'PUBLIC_KEY'
  /** The signer identity does not satisfy the policy. */
  | 'POLICY';

export interface VerifyErrorDetails {
  /** The check that failed, for people: "certificate chain", "policy: sourceRepositoryRef". */
  check: string;
  expected?: string;
  actual?: string;
  cause?: unknown;
}

export class VerifyError extends SignetError<VerifyErrorCode> {
  readonly check: string;
  readonly expected: string | undefined;
  readonly actual: string | undefined;

  constructor(code: VerifyErrorCode, message: string, details: VerifyErrorDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.check = details.check;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}
