import { SignetError } from '../core/error.js';

export type TufErrorCode =
  /** A key a TUF role cannot use here: Signet's TUF keys are ECDSA P-256. */
  | 'KEY_UNSUPPORTED'
  /** A metadata file that is not JSON of its role's shape. */
  | 'METADATA_INVALID'
  /** A signing key the role it signs for does not list. */
  | 'KEY_NOT_IN_ROLE'
  /** Fewer valid signatures than the role's threshold. */
  | 'THRESHOLD_NOT_MET'
  /** A root version that does not follow from the one before it. */
  | 'ROOT_CHAIN_BROKEN'
  /** A data directory without a TUF repository (no 1.root.json). */
  | 'REPOSITORY_MISSING'
  /** An expiry or threshold setting out of its range. */
  | 'SETTING_INVALID'
  /** A file name that is not one a repository holds. */
  | 'NAME_INVALID'
  /** The signed targets name other trust material than the live keys, and cannot be re-signed here. */
  | 'TARGETS_STALE';

/** Raised by the TUF repository: building, signing and checking its metadata. */
export class TufError extends SignetError<TufErrorCode> {}
