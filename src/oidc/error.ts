import { SignetError } from '../core/error.js';

/**
 * Why an identity token or the identity configuration was refused. The CA returns token
 * messages to CI users verbatim, so each names exactly what was wrong; none ever contains the
 * token itself (it is a bearer credential until it expires).
 */
export type OidcErrorCode =
  /** Not a compact JWS with a JSON header and a JSON-object payload carrying `iss`, or too large. */
  | 'TOKEN_MALFORMED'
  /** `exp` is in the past, beyond the allowed clock skew. */
  | 'TOKEN_EXPIRED'
  /** `nbf` is in the future, beyond the allowed clock skew. */
  | 'TOKEN_NOT_YET_VALID'
  /** `iat` is in the future, beyond the allowed clock skew. */
  | 'TOKEN_ISSUED_IN_FUTURE'
  /** `aud` does not include the audience (Fulcio ClientID) configured for the issuer. */
  | 'AUDIENCE_MISMATCH'
  /** `iss` matches no configured issuer or meta-issuer pattern (exact comparison). */
  | 'ISSUER_UNKNOWN'
  /** The header's `alg` is not on the allow-list (`none` and HMAC never are). */
  | 'ALGORITHM_NOT_ALLOWED'
  /** No key in the issuer's JWKS for the token's `kid`, or none usable with its `alg`. */
  | 'KEY_UNKNOWN'
  /** The signature does not verify with the issuer's key. */
  | 'SIGNATURE_INVALID'
  /**
   * The issuer's OpenID discovery document could not be fetched or parsed: the issuer may be
   * down, so the request can be retried (also when too many new issuers are being looked up).
   */
  | 'DISCOVERY_FAILED'
  /** The discovery document answered 404 or 410: no issuer exists at that URL (a made-up slug). */
  | 'ISSUER_NOT_FOUND'
  /**
   * The discovery document names another issuer: a configuration error on the provider's or
   * the operator's side, which retrying does not mend.
   */
  | 'DISCOVERY_ISSUER_MISMATCH'
  /** The issuer's JWKS could not be fetched or parsed. */
  | 'JWKS_FAILED'
  /** A claim the issuer type requires (`exp`, `iat`, `sub`, `aud`, `email`) is absent. */
  | 'CLAIM_MISSING'
  /** A claim has the wrong type or value (`email_verified` false, `sub` empty, …). */
  | 'CLAIM_INVALID'
  /** The identity configuration (issuers, meta-issuers, CI metadata, verifier options) is invalid. */
  | 'CONFIG_INVALID'
  /** A client found no identity token to send (no flag, variable, CI runtime or dev issuer). */
  | 'TOKEN_UNAVAILABLE';

/** Raised by src/oidc: identity-token verification and the identity configuration. */
export class OidcError extends SignetError<OidcErrorCode> {}
