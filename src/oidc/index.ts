export { OidcError } from './error.js';
export type { OidcErrorCode } from './error.js';
export { MAX_TOKEN_LENGTH, decodeJwt } from './jwt.js';
export type { DecodedJwt, JwtHeader } from './jwt.js';
export { DEFAULT_FETCH_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES, fetchJson } from './fetch.js';
export { isLoopbackHost } from '../core/url.js';
export {
  DEFAULT_FETCH_COOLDOWN_MS,
  DEFAULT_JWKS_MAX_AGE_MS,
  DEFAULT_STALE_IF_ERROR_MS,
  IssuerKeys,
} from './discovery.js';
export type { IssuerKeysStatus, KeyFetchOptions } from './discovery.js';
export {
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUERS,
  IssuerRegistry,
  configurationJson,
  parseIdentityConfig,
} from './issuers.js';
export type {
  FulcioConfiguration,
  IdentityConfig,
  IdentityProvider,
  IssuerSettings,
  ParsedIdentityConfig,
} from './issuers.js';
export {
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_MAX_META_ISSUERS,
  DEFAULT_META_DISCOVERY_BUDGET,
  SUPPORTED_ALGORITHMS,
  TokenVerifier,
  challengeFor,
} from './verify.js';
export type { TokenVerifierOptions, VerifiedToken } from './verify.js';
