import { SignetError } from '../core/error.js';

/**
 * Why trust material could not be obtained from a TUF repository. Every code is a refusal to
 * go on: a client that cannot establish current, signed trust never falls back to anything
 * it was not told to trust.
 */
export type TufClientErrorCode =
  /** No starting root: none given and none cached for this repository. */
  | 'ROOT_MISSING'
  /** The starting root (--tuf-root, or the cached one) is unreadable, not JSON or not a valid self-signed TUF root. */
  | 'ROOT_INVALID'
  /** The mirror could not be reached or kept failing (5xx), and no cached metadata is still valid. */
  | 'MIRROR_UNREACHABLE'
  /**
   * The repository served metadata the client refuses (below threshold, expired, a rollback,
   * a hash or length that does not match, not TUF metadata at all). `role` names which.
   */
  | 'METADATA_REFUSED'
  /** The signed targets do not list the wanted target. */
  | 'TARGET_MISSING'
  /** The target's bytes do not match the hashes and length the signed targets give it. */
  | 'TARGET_INVALID'
  /** The cache directory cannot be created or written. */
  | 'CACHE_UNWRITABLE';

export class TufClientError extends SignetError<TufClientErrorCode> {
  /** The TUF role whose metadata was refused (root, timestamp, snapshot, targets). */
  readonly role?: string;

  constructor(
    code: TufClientErrorCode,
    message: string,
    options?: { cause?: unknown; role?: string },
  ) {
    super(code, message, options);
    if (options?.role !== undefined) this.role = options.role;
  }
}
