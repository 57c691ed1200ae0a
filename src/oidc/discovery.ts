import { type JsonWebKey, type KeyObject, createPublicKey } from 'node:crypto';
import { HttpError } from '../core/http.js';
import { type PublicKeyFacts, keyFacts } from '../core/spki.js';
import { describeDifference, quote } from './difference.js';
import { OidcError, type OidcErrorCode } from './error.js';
import { DEFAULT_FETCH_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES, fetchJson } from './fetch.js';
import { describeJwsKey, jwsKeyProblem } from './jws.js';

/**
 * Least time between two fetches of one issuer's documents when the last one failed or a key id
 * is unknown (jose's cooldownDuration). A token names its issuer and key id itself, so without
 * it every anonymous request could cost a request to the identity provider.
 */
export const DEFAULT_FETCH_COOLDOWN_MS = 30_000;

/** Age after which cached keys are refetched on next use (jose's cacheMaxAge). */
export const DEFAULT_JWKS_MAX_AGE_MS = 10 * 60_000;

/**
 * How long past max age cached keys stay usable while the issuer cannot be reached. go-oidc
 * (Fulcio) keeps keys until a kid misses, so this is stricter than Fulcio, yet an issuer outage
 * of a few minutes does not stop signing.
 */
export const DEFAULT_STALE_IF_ERROR_MS = 60 * 60_000;

/** Keys imported from one JWKS; real issuers publish two or three. */
export const MAX_JWKS_KEYS = 100;

export interface KeyFetchOptions {
  /** Whole-request deadline for each fetch. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  cooldownMs?: number;
  maxAgeMs?: number;
  staleIfErrorMs?: number;
  /** Clock, in milliseconds since the epoch; tests move it. */
  now?: () => number;
}

/** A usable JWKS key, imported once, with the facts its algorithm checks read. */
export interface CachedKey extends PublicKeyFacts {
  kid?: string;
  /** The JWK's `alg`, when it pins one. */
  alg?: string;
  /** "RSA 2048-bit", "EC P-256", "Ed25519". */
  type: string;
}

export interface IssuerKeysStatus {
  issuer: string;
  discoveryUrl: string;
  /** The `issuer` string of the last discovery document fetched. */
  discoveryIssuer?: string;
  jwksUri?: string;
  /** When the cached keys were fetched (ISO 8601). */
  fetchedAt?: string;
  /** When a JWKS fetch was last attempted, successful or not. */
  lastAttemptAt?: string;
  keys: Array<{ kid?: string; type: string; alg?: string }>;
  /** JWKS entries that were not imported, and why. */
  skippedKeys: string[];
  lastError?: string;
  fetches: { discovery: number; jwks: number };
}

interface Discovery {
  issuer: string;
  jwksUri: string;
}

interface KeySet {
  keys: CachedKey[];
  skipped: string[];
  fetchedAt: number;
}

/** Why `key` cannot verify `alg`, or undefined when it can. */
export function keyAlgorithmProblem(key: CachedKey, alg: string): string | undefined {
  if (key.alg !== undefined && key.alg !== alg) return `the JWKS pins it to ${key.alg}`;
  return jwsKeyProblem(key, alg);
}

/**
 * The signing keys of one issuer (one concrete `iss`): OpenID discovery, then the JWKS, cached
 * by `kid`. An unknown kid refetches the JWKS at most once per cooldown (an attacker can invent
 * kids at will), and a failed fetch is remembered for the cooldown (an attacker can name any
 * issuer a meta issuer matches); keys older than max age are refetched on next use; concurrent
 * callers share one fetch.
 */
export class IssuerKeys {
  readonly issuer: string;
  readonly discoveryUrl: string;
  private readonly options: Required<KeyFetchOptions> & { ca?: string };
  private discovery?: Discovery;
  private keySet?: KeySet;
  private lastAttemptAt?: number;
  private lastError?: string;
  /** The failure of the last fetch, answered again until the cooldown has passed. */
  private lastFailure?: OidcError;
  private inFlight?: Promise<void>;
  private readonly fetches = { discovery: 0, jwks: 0 };

  constructor(issuer: string, options: KeyFetchOptions & { ca?: string } = {}) {
    this.issuer = issuer;
    // OpenID Connect Discovery §4: remove a trailing "/" before appending the well-known path.
    this.discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    this.options = {
      timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      cooldownMs: options.cooldownMs ?? DEFAULT_FETCH_COOLDOWN_MS,
      maxAgeMs: options.maxAgeMs ?? DEFAULT_JWKS_MAX_AGE_MS,
      staleIfErrorMs: options.staleIfErrorMs ?? DEFAULT_STALE_IF_ERROR_MS,
      now: options.now ?? Date.now,
      ...(options.ca !== undefined && { ca: options.ca }),
    };
  }

  /**
   * The key that verifies a token with header `alg` and `kid`. Without a kid, the JWKS must hold
   * exactly one key usable with `alg`.
   */
  async getKey(alg: string, kid: string | undefined): Promise<CachedKey> {
    await this.ensureFresh();
    let found = this.select(alg, kid);
    let refetchError = '';
    // Only a key that was not found (unknown kid, none usable) sets refetchMayHelp.
    if (found.refetchMayHelp && this.cooledDown()) {
      try {
        await this.load(false);
      } catch (error) {
        refetchError = `; refetching the JWKS failed: ${(error as Error).message}`;
      }
      found = this.select(alg, kid);
    }
    if (found.key !== undefined) return found.key;
    throw new OidcError('KEY_UNKNOWN', `${found.problem as string}${refetchError}`);
  }

  /** Whether keys were ever fetched: issuers that never answered are the first to forget. */
  hasKeys(): boolean {
    return this.keySet !== undefined;
  }

  /** Refetches discovery and JWKS now (operator tooling, start-up warm-up). */
  async refresh(): Promise<void> {
    await this.load(true);
  }

  describe(): IssuerKeysStatus {
    const iso = (ms: number | undefined): string | undefined =>
      ms === undefined ? undefined : new Date(ms).toISOString();
    const status: IssuerKeysStatus = {
      issuer: this.issuer,
      discoveryUrl: this.discoveryUrl,
      keys: (this.keySet?.keys ?? []).map(({ kid, type, alg }) => ({
        ...(kid !== undefined && { kid }),
        type,
        ...(alg !== undefined && { alg }),
      })),
      skippedKeys: [...(this.keySet?.skipped ?? [])],
      fetches: { ...this.fetches },
    };
    if (this.discovery) {
      status.discoveryIssuer = this.discovery.issuer;
      status.jwksUri = this.discovery.jwksUri;
    }
    const fetchedAt = iso(this.keySet?.fetchedAt);
    if (fetchedAt !== undefined) status.fetchedAt = fetchedAt;
    const lastAttemptAt = iso(this.lastAttemptAt);
    if (lastAttemptAt !== undefined) status.lastAttemptAt = lastAttemptAt;
    if (this.lastError !== undefined) status.lastError = this.lastError;
    return status;
  }

  private now(): number {
    return this.options.now();
  }

  private cooledDown(): boolean {
    return (
      this.lastAttemptAt === undefined || this.now() - this.lastAttemptAt >= this.options.cooldownMs
    );
  }

  /**
   * Loads keys when there are none or they are past max age; stale keys survive a failure.
   * Within the cooldown of an attempt nothing is fetched: callers join a fetch in flight, or get
   * the stale keys or the last failure.
   */
  private async ensureFresh(): Promise<void> {
    const set = this.keySet;
    if (set !== undefined && this.now() - set.fetchedAt < this.options.maxAgeMs) return;
    if (this.inFlight === undefined && !this.cooledDown()) {
      if (set !== undefined) return this.staleOrThrow(set, undefined);
      if (this.lastFailure !== undefined) throw this.rememberedFailure(this.lastFailure);
    }
    try {
      await this.load(true);
    } catch (error) {
      if (set === undefined) throw error;
      this.staleOrThrow(set, error);
    }
  }

  private rememberedFailure(failure: OidcError): OidcError {
    const next = new Date((this.lastAttemptAt ?? 0) + this.options.cooldownMs).toISOString();
    return new OidcError(failure.code, `${failure.message}; not asked again before ${next}`, {
      cause: failure,
    });
  }

  private staleOrThrow(set: KeySet, error: unknown): void {
    const limit = this.options.maxAgeMs + this.options.staleIfErrorMs;
    if (this.now() - set.fetchedAt < limit) return;
    if (error instanceof OidcError) throw error;
    throw new OidcError(
      'JWKS_FAILED',
      `the keys of ${this.issuer} are ${Math.round((this.now() - set.fetchedAt) / 1000)} s old and could not be refreshed${this.lastError ? `: ${this.lastError}` : ''}`,
    );
  }

  /** One fetch at a time; callers arriving meanwhile wait for it instead of starting another. */
  private load(withDiscovery: boolean): Promise<void> {
    if (this.inFlight === undefined) {
      this.inFlight = this.fetchKeys(withDiscovery).finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async fetchKeys(withDiscovery: boolean): Promise<void> {
    this.lastAttemptAt = this.now();
    try {
      if (withDiscovery || this.discovery === undefined) {
        this.discovery = await this.fetchDiscovery();
      }
      const jwksUri = this.discovery.jwksUri;
      this.fetches.jwks++;
      const jwks = await fetchJson(
        jwksUri,
        this.fetchOptions('JWKS_FAILED', `JWKS of ${this.issuer}`),
      );
      this.keySet = { ...importJwks(jwks, jwksUri), fetchedAt: this.now() };
      this.lastError = undefined;
      this.lastFailure = undefined;
    } catch (error) {
      this.lastError = (error as Error).message;
      if (error instanceof OidcError) this.lastFailure = error;
      throw error;
    }
  }

  private async fetchDiscovery(): Promise<Discovery> {
    this.fetches.discovery++;
    let document: unknown;
    try {
      document = await fetchJson(
        this.discoveryUrl,
        this.fetchOptions('DISCOVERY_FAILED', 'OpenID discovery document'),
      );
    } catch (error) {
      const cause = (error as Error).cause;
      if (cause instanceof HttpError && (cause.status === 404 || cause.status === 410)) {
        throw new OidcError(
          'ISSUER_NOT_FOUND',
          `there is no OpenID issuer ${quote(this.issuer)}: its discovery document ${this.discoveryUrl} ${cause.detail}`,
          { cause: error },
        );
      }
      throw error;
    }
    const fail = (problem: string, code: OidcErrorCode = 'DISCOVERY_FAILED'): OidcError =>
      new OidcError(code, `the discovery document ${this.discoveryUrl} ${problem}`);
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw fail('is not a JSON object');
    }
    const { issuer, jwks_uri: jwksUri } = document as Record<string, unknown>;
    if (typeof issuer !== 'string') throw fail('has no "issuer" string');
    if (issuer !== this.issuer) {
      throw fail(
        `names the issuer ${quote(issuer)}, but tokens name ${quote(this.issuer)}; it ${describeDifference(issuer, this.issuer)}. They must be equal byte for byte (OpenID Connect Discovery §4.3): configure the issuer exactly as the provider spells it`,
        'DISCOVERY_ISSUER_MISMATCH',
      );
    }
    if (typeof jwksUri !== 'string' || jwksUri === '') throw fail('has no "jwks_uri" string');
    return { issuer, jwksUri };
  }

  private fetchOptions(errorCode: 'DISCOVERY_FAILED' | 'JWKS_FAILED', what: string) {
    return {
      errorCode,
      what,
      timeoutMs: this.options.timeoutMs,
      maxBytes: this.options.maxResponseBytes,
      ...(this.options.ca !== undefined && { ca: this.options.ca }),
    };
  }

  private select(
    alg: string,
    kid: string | undefined,
  ): { key?: CachedKey; problem?: string; refetchMayHelp: boolean } {
    const keys = this.keySet?.keys ?? [];
    const where = `the JWKS of ${this.issuer}`;
    if (kid !== undefined) {
      const named = keys.filter((k) => k.kid === kid);
      if (named.length === 0) {
        return {
          problem: `no key ${quote(kid)} in ${where} (keys: ${this.keyList()}; ${this.fetchedAgo()})`,
          refetchMayHelp: true,
        };
      }
      const usable = named.find((k) => keyAlgorithmProblem(k, alg) === undefined);
      if (usable !== undefined) return { key: usable, refetchMayHelp: false };
      const first = named[0] as CachedKey;
      return {
        problem: `key ${quote(kid)} in ${where} is ${first.type} and cannot verify ${alg}: ${keyAlgorithmProblem(first, alg)}`,
        refetchMayHelp: false,
      };
    }
    const usable = keys.filter((k) => keyAlgorithmProblem(k, alg) === undefined);
    if (usable.length === 1) return { key: usable[0] as CachedKey, refetchMayHelp: false };
    if (usable.length === 0) {
      return {
        problem: `the token has no kid and ${where} has no key usable with ${alg} (keys: ${this.keyList()}; ${this.fetchedAgo()})`,
        refetchMayHelp: true,
      };
    }
    return {
      problem: `the token has no kid and ${where} has ${usable.length} keys usable with ${alg} (${usable.map((k) => k.kid ?? 'no kid').join(', ')}); a kid is needed to choose`,
      refetchMayHelp: false,
    };
  }

  private keyList(): string {
    const keys = this.keySet?.keys ?? [];
    if (keys.length === 0) return 'none';
    return keys.map((k) => k.kid ?? `(no kid, ${k.type})`).join(', ');
  }

  private fetchedAgo(): string {
    const at = this.keySet?.fetchedAt;
    if (at === undefined) return 'never fetched';
    return `refetched ${Math.max(0, Math.round((this.now() - at) / 1000))} s ago`;
  }
}

/** Imports every signature key of a JWKS document; unusable entries are recorded, not fatal. */
export function importJwks(
  document: unknown,
  url: string,
): { keys: CachedKey[]; skipped: string[] } {
  // Any JSON value but null has properties to read; only an object can have a "keys" array.
  const entries = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(entries)) {
    throw new OidcError('JWKS_FAILED', `the JWKS ${url} has no "keys" array`);
  }
  const keys: CachedKey[] = [];
  const skipped: string[] = [];
  entries.slice(0, MAX_JWKS_KEYS).forEach((entry, index) => {
    const result = importJwk(entry);
    if (typeof result !== 'string') {
      keys.push(result);
      return;
    }
    const kid = (entry as { kid?: unknown } | null)?.kid;
    skipped.push(`key ${index}${typeof kid === 'string' ? ` (kid ${quote(kid)})` : ''}: ${result}`);
  });
  if (entries.length > MAX_JWKS_KEYS) {
    skipped.push(
      `${entries.length - MAX_JWKS_KEYS} keys beyond the first ${MAX_JWKS_KEYS} ignored`,
    );
  }
  if (keys.length === 0) {
    const why = skipped.length === 0 ? 'it is empty' : skipped.join('; ');
    throw new OidcError('JWKS_FAILED', `the JWKS ${url} has no usable signature key: ${why}`);
  }
  return { keys, skipped };
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/** A cached key, or why the entry was skipped. */
function importJwk(entry: unknown): CachedKey | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'not an object';
  const jwk = entry as Record<string, unknown>;
  const kid = jwk.kid;
  if (kid !== undefined && typeof kid !== 'string') return 'its kid is not a string';
  if (jwk.use !== undefined && jwk.use !== 'sig')
    return `its use is ${JSON.stringify(jwk.use)}, not "sig"`;
  if (jwk.alg !== undefined && typeof jwk.alg !== 'string') return 'its alg is not a string';
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC' && jwk.kty !== 'OKP') {
    return `kty ${JSON.stringify(jwk.kty)} is not RSA, EC or OKP`;
  }
  // A provider publishing private members has leaked its key; trusting it would be pointless.
  if (PRIVATE_MEMBERS.some((member) => member in jwk)) return 'it contains private key material';
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch (error) {
    return `it cannot be imported: ${(error as Error).message}`;
  }
  const facts = keyFacts(key);
  const type = describeJwsKey(facts);
  if (type === undefined) return `it is an ${key.asymmetricKeyType} key, not usable for JWS`;
  return {
    ...(typeof kid === 'string' && { kid }),
    ...(typeof jwk.alg === 'string' && { alg: jwk.alg }),
    ...facts,
    type,
  };
}
