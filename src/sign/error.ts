import { SignetError } from '../core/error.js';

/**
 * Why signing failed. Callers (the CLI) map codes to exit statuses and advice; messages name
 * the service URL or file concerned and never contain an identity token.
 */
export type SignErrorCode =
  /**
   * A service could not be reached or kept failing transiently (network error, timeout, 408,
   * 429, 5xx) after every retry.
   */
  | 'SERVICE_UNAVAILABLE'
  /**
   * A service answered and said no (another 4xx, a redirect, an unexpected status). The
   * message carries the service's own `message` verbatim: it is the reason the user needs.
   */
  | 'SERVICE_REFUSED'
  /** A service answered with success but with something unusable (not JSON, wrong shape, a
   * certificate for another key, a timestamp over other bytes). */
  | 'RESPONSE_INVALID'
  /** signing_config.json (or the options) cannot be used: wrong media type, no usable service. */
  | 'CONFIG_INVALID'
  /** The identity token cannot be read (not a compact JWT, no `sub` or `email`). */
  | 'TOKEN_INVALID'
  /** A bundle was built but refused by the caller's verification before it was written. */
  | 'BUNDLE_INVALID'
  /** Writing the bundles failed; none of them was left behind. */
  | 'WRITE_FAILED'
  /** The run was cancelled, typically because the other signing half failed. */
  | 'ABORTED';

/** Every error raised by src/sign (and by the service clients it uses). */
export class SignError extends SignetError<SignErrorCode> {}
