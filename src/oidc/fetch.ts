import { HttpError, getJson } from '../core/http.js';
import { OidcError } from './error.js';

/** Whole-request deadline (connect, headers and body), as jose's createRemoteJWKSet uses. */
export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;

/** Discovery documents and JWKS are a few KiB; anything near this limit is not one. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export interface FetchJsonOptions {
  /** Which failure this is to the caller: a discovery or a JWKS fetch. */
  errorCode: 'DISCOVERY_FAILED' | 'JWKS_FAILED' | 'TOKEN_UNAVAILABLE';
  /** What is fetched, for messages ("discovery document", "JWKS"). */
  what: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** PEM CA bundle to trust instead of Node's default roots (GHES, self-managed GitLab). */
  ca?: string;
}

/**
 * GETs an OIDC document with the shared client, once: IssuerKeys has its own policy for a
 * failing issuer (cooldown, stale keys), and a retry here would hold a certificate request.
 * Redirects are refused, not followed: go-oidc refuses them too, and a redirect to another host
 * would let that host choose the keys. Any content type is accepted as long as the body is JSON.
 */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  try {
    return await getJson(
      { url, what: options.what },
      {
        retries: 0,
        timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
        maxResponseBytes: options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        userAgent: 'signet-oidc',
        ...(options.ca !== undefined && { ca: options.ca }),
      },
    );
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    throw new OidcError(
      options.errorCode,
      `cannot fetch the ${options.what} ${url}: ${error.detail}`,
      { cause: error },
    );
  }
}
