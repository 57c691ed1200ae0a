import { SignetError } from '../core/error.js';

export type TlogErrorCode =
  /** A tlog-tiles path that does not follow c2sp.org/tlog-tiles exactly. */
  | 'TILE_PATH_INVALID'
  /** A checkpoint whose note or text does not have the c2sp.org/tlog-checkpoint shape. */
  | 'CHECKPOINT_MALFORMED'
  /** A checkpoint signature by a trusted key that does not verify. */
  | 'CHECKPOINT_INVALID'
  /** A well-formed checkpoint with no signature from any trusted key. */
  | 'CHECKPOINT_UNVERIFIED'
  /** Log engine: an entry above the configured size limit. */
  | 'ENTRY_TOO_LARGE'
  /** Log engine: the log is shutting down. */
  | 'LOG_CLOSED'
  /** Log engine: an option out of its allowed range. */
  | 'LOG_CONFIG_INVALID'
  /** Log engine: an index or tree size the log cannot answer for. */
  | 'LOG_INDEX_INVALID'
  /** Log engine: too many entries in flight, or one not published within appendTimeoutMs; retry. */
  | 'LOG_PUSHBACK'
  /** Log engine: stored state that contradicts itself. */
  | 'LOG_STATE_CORRUPT'
  /** Log engine: stopped after a storage failure. */
  | 'LOG_UNAVAILABLE'
  /** Log engine: stored checkpoints name a different origin than the configured one. */
  | 'LOG_ORIGIN_MISMATCH'
  /** Rekor: a malformed entry request, or one whose signature does not verify. */
  | 'ENTRY_INVALID'
  /** Rekor: an entry type or key algorithm this log does not accept. */
  | 'ENTRY_UNSUPPORTED';

/** Raised by the transparency-log module: tiles, checkpoints and the log engine. */
export class TlogError extends SignetError<TlogErrorCode> {}
