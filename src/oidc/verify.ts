import { quote } from './difference.js';
import {
  DEFAULT_FETCH_COOLDOWN_MS,
  type IssuerKeysStatus,
  IssuerKeys,
  type KeyFetchOptions,
} from './discovery.js';
import { OidcError } from './error.js';
import type { IssuerRegistry, IssuerSettings } from './issuers.js';
import { verifyJwsSignature } from './jws.js';
import { decodeJwt, typeName } from './jwt.js';

/** Allowed difference between our clock and the issuer's, as go-oidc and jose commonly use. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 30;

/** Largest clock skew an operator may allow; beyond it `exp` stops meaning much. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** Every asymmetric JWS algorithm the verifier can check; the default allow-list. */
export const SUPPORTED_ALGORITHMS = Object.freeze([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const);

/** Concrete issuers matched through meta-issuer patterns whose keys stay cached (LRU beyond). */
export const DEFAULT_MAX_META_ISSUERS = 1024;

/**
 * Concrete issuers not in the cache that one meta-issuer pattern may look up per fetch cooldown.
 * A meta issuer's `iss` is the caller's choice: without a bound, each anonymous request naming a
 * new slug would cost a request to the provider. Real new slugs are rare and retry on 503.
 */
export const DEFAULT_META_DISCOVERY_BUDGET = 10;

export interface TokenVerifierOptions {
  clockSkewSeconds?: number;
  /** JWS algorithms accepted; a subset of SUPPORTED_ALGORITHMS. */
  algorithms?: readonly string[];
  /** Discovery/JWKS fetch and cache tuning, shared by every issuer. */
  fetch?: Omit<KeyFetchOptions, 'now'>;
  maxMetaIssuers?: number;
  /** New concrete issuers one meta-issuer pattern may look up per fetch cooldown. */
  metaDiscoveryBudget?: number;
  /** Clock for claim checks and key caching; tests move it. */
  now?: () => Date;
}

export interface VerifiedToken {
  /** The configured issuer (or meta issuer) the token's `iss` matched. */
  issuer: IssuerSettings;
  /** Every claim of the verified token, as sent. */
  claims: Record<string, unknown>;
  /** The token's `sub` claim (non-empty). */
  subject: string;
}

/**
 * Verifies CI identity tokens for the CA, in a fixed order so the first failure reported is the
 * most fundamental one: decode → issuer (unverified `iss`) → algorithm → key → signature →
 * `iss` → `aud` → `exp`/`nbf`/`iat` → `sub` → email claims for email issuers.
 */
export class TokenVerifier {
  private readonly skew: number;
  private readonly algorithms: readonly string[];
  private readonly now: () => Date;
  private readonly fetchOptions: KeyFetchOptions;
  private readonly maxMetaIssuers: number;
  private readonly metaDiscoveryBudget: number;
  private readonly cooldownMs: number;
  /** When each meta-issuer pattern last looked up a new issuer, oldest first, within the cooldown. */
  private readonly metaLookups = new Map<string, number[]>();
  private readonly exactKeys = new Map<string, IssuerKeys>();
  /** Insertion order is recency: a hit is moved to the end, the first entry is evicted. */
  private readonly metaKeys = new Map<string, IssuerKeys>();

  constructor(
    private readonly registry: IssuerRegistry,
    options: TokenVerifierOptions = {},
  ) {
    this.skew = checkSkew(options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS);
    this.algorithms = checkAlgorithms(options.algorithms ?? SUPPORTED_ALGORITHMS);
    this.now = options.now ?? (() => new Date());
    this.fetchOptions = { ...options.fetch, now: () => this.now().getTime() };
    this.maxMetaIssuers = positiveInteger(
      'maxMetaIssuers',
      options.maxMetaIssuers ?? DEFAULT_MAX_META_ISSUERS,
    );
    this.metaDiscoveryBudget = positiveInteger(
      'metaDiscoveryBudget',
      options.metaDiscoveryBudget ?? DEFAULT_META_DISCOVERY_BUDGET,
    );
    this.cooldownMs = options.fetch?.cooldownMs ?? DEFAULT_FETCH_COOLDOWN_MS;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const decoded = decodeJwt(token);
    const iss = decoded.payload.iss;
    const issuer = this.registry.match(iss);
    const alg = this.checkAlgorithm(decoded.header.alg);
    const keys = this.keysFor(iss, issuer);
    const key = await keys.getKey(alg, decoded.header.kid);
    verifyJwsSignature(decoded, key, alg, `the ${alg} key of ${quote(iss)}`);
    const claims = decoded.payload;
    // The key was chosen by this iss, so a mismatch cannot happen; checked so it never can.
    if (claims.iss !== keys.issuer) {
      throw new OidcError(
        'ISSUER_UNKNOWN',
        `token issuer ${quote(claims.iss)} is not ${quote(keys.issuer)}`,
      );
    }
    checkAudience(claims, issuer.audience);
    this.checkTimes(claims);
    const subject = checkSubject(claims);
    if (issuer.provider === 'email') checkEmail(claims, issuer);
    if (issuer.provider === 'uri') checkUriSubject(subject, issuer);
    return { issuer, claims, subject };
  }

  /** Key-cache status of every issuer seen, for an operator's doctor command. */
  describe(): IssuerKeysStatus[] {
    return [...this.exactKeys.values(), ...this.metaKeys.values()].map((keys) => keys.describe());
  }

  private checkAlgorithm(alg: string): string {
    if (this.algorithms.includes(alg)) return alg;
    const allowed = `allowed: ${this.algorithms.join(', ')}`;
    if (alg.toLowerCase() === 'none') {
      throw new OidcError(
        'ALGORITHM_NOT_ALLOWED',
        `token algorithm ${quote(alg)} is not allowed: unsigned tokens are never accepted (${allowed})`,
      );
    }
    if (/^HS\d+$/i.test(alg)) {
      // The classic key-confusion attack: HMAC "signed" with the issuer's public key as secret.
      throw new OidcError(
        'ALGORITHM_NOT_ALLOWED',
        `token algorithm ${quote(alg)} is not allowed: HMAC needs a shared secret, and identity providers sign with private keys (${allowed})`,
      );
    }
    throw new OidcError(
      'ALGORITHM_NOT_ALLOWED',
      `token algorithm ${quote(alg)} is not allowed (${allowed})`,
    );
  }

  /** One IssuerKeys per concrete issuer; meta-issuer ones bounded, as `iss` is the caller's choice. */
  private keysFor(iss: string, issuer: IssuerSettings): IssuerKeys {
    const options = {
      ...this.fetchOptions,
      ...(issuer.caCert !== undefined && { ca: issuer.caCert }),
    };
    if (!issuer.wildcard) {
      let keys = this.exactKeys.get(iss);
      if (keys === undefined) {
        keys = new IssuerKeys(iss, options);
        this.exactKeys.set(iss, keys);
      }
      return keys;
    }
    let keys = this.metaKeys.get(iss);
    if (keys !== undefined) {
      this.metaKeys.delete(iss);
    } else {
      this.admitLookup(iss, issuer.issuerUrl);
      keys = new IssuerKeys(iss, options);
      if (this.metaKeys.size >= this.maxMetaIssuers) this.evictMetaIssuer();
    }
    this.metaKeys.set(iss, keys);
    return keys;
  }

  /** Counts a lookup of a new issuer against its pattern's budget, or refuses it (retryable). */
  private admitLookup(iss: string, pattern: string): void {
    const now = this.now().getTime();
    const recent = (this.metaLookups.get(pattern) ?? []).filter((at) => now - at < this.cooldownMs);
    if (recent.length >= this.metaDiscoveryBudget) {
      const wait = Math.ceil(((recent[0] as number) + this.cooldownMs - now) / 1000);
      throw new OidcError(
        'DISCOVERY_FAILED',
        `not looking up the issuer ${quote(iss)} now: ${recent.length} new issuers matching the meta issuer ${quote(pattern)} were looked up in the last ${this.cooldownMs / 1000} s, the most allowed; try again in ${wait} s`,
      );
    }
    recent.push(now);
    this.metaLookups.set(pattern, recent);
  }

  /**
   * Forgets the least recently used issuer that never produced keys, else the least recently
   * used one: made-up slugs must not push out the issuers that work.
   */
  private evictMetaIssuer(): void {
    let victim: string | undefined;
    for (const [iss, keys] of this.metaKeys) {
      victim ??= iss;
      if (!keys.hasKeys()) {
        victim = iss;
        break;
      }
    }
    if (victim !== undefined) this.metaKeys.delete(victim);
  }

  private checkTimes(claims: Record<string, unknown>): void {
    const now = this.now().getTime() / 1000;
    // Built only for a refusal: formatting dates is most of this method's cost.
    const context = (): string => `now ${isoTime(Math.floor(now))}, allowed skew ${this.skew} s`;
    const exp = numericDate(claims, 'exp', true) as number;
    if (now - this.skew >= exp) {
      throw new OidcError('TOKEN_EXPIRED', `token expired at ${isoTime(exp)} (${context()})`);
    }
    const nbf = numericDate(claims, 'nbf', false);
    if (nbf !== undefined && now + this.skew < nbf) {
      throw new OidcError(
        'TOKEN_NOT_YET_VALID',
        `token is not valid before ${isoTime(nbf)} (${context()})`,
      );
    }
    const iat = numericDate(claims, 'iat', true) as number;
    if (iat > now + this.skew) {
      throw new OidcError(
        'TOKEN_ISSUED_IN_FUTURE',
        `token was issued at ${isoTime(iat)}, in the future (${context()})`,
      );
    }
  }
}

/**
 * The string a Fulcio proof of possession signs for this token: the email for email issuers,
 * `sub` for every other type (Fulcio's principal Name()).
 */
export function challengeFor(verified: VerifiedToken): string {
  const value =
    verified.issuer.challengeClaim === 'email' ? verified.claims.email : verified.subject;
  if (typeof value !== 'string') {
    throw new OidcError(
      'CLAIM_MISSING',
      `token has no ${verified.issuer.challengeClaim} claim to sign`,
    );
  }
  return value;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new OidcError('CONFIG_INVALID', `${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function checkSkew(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_CLOCK_SKEW_SECONDS) {
    throw new OidcError(
      'CONFIG_INVALID',
      `clockSkewSeconds must be an integer from 0 to ${MAX_CLOCK_SKEW_SECONDS}, got ${seconds}`,
    );
  }
  return seconds;
}

function checkAlgorithms(algorithms: readonly string[]): readonly string[] {
  if (algorithms.length === 0)
    throw new OidcError('CONFIG_INVALID', 'algorithms must not be empty');
  for (const alg of algorithms) {
    if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)) {
      throw new OidcError(
        'CONFIG_INVALID',
        `algorithm ${quote(alg)} cannot be allowed; supported: ${SUPPORTED_ALGORITHMS.join(', ')}`,
      );
    }
  }
  return Object.freeze([...algorithms]);
}

function checkAudience(claims: Record<string, unknown>, audience: string): void {
  const aud = claims.aud;
  if (aud === undefined) {
    throw new OidcError(
      'CLAIM_MISSING',
      `token has no aud (audience) claim; it must include ${quote(audience)}`,
    );
  }
  const list = typeof aud === 'string' ? [aud] : aud;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw new OidcError(
      'CLAIM_INVALID',
      `token aud must be a string or a list of strings, got ${typeName(aud)}`,
    );
  }
  if (!list.includes(audience)) {
    const shown =
      list.length > 10
        ? `${JSON.stringify(list.slice(0, 10)).slice(0, -1)},…]`
        : JSON.stringify(list);
    throw new OidcError(
      'AUDIENCE_MISMATCH',
      `token audience ${shown} does not include ${quote(audience)}; request the token with audience ${quote(audience)}`,
    );
  }
}

function numericDate(
  claims: Record<string, unknown>,
  name: 'exp' | 'nbf' | 'iat',
  required: boolean,
): number | undefined {
  const value = claims[name];
  if (value === undefined) {
    if (!required) return undefined;
    throw new OidcError('CLAIM_MISSING', `token has no ${name} claim`);
  }
  // Number.isFinite is false for every non-number, and for the Infinity that 1e400 parses to.
  if (!Number.isFinite(value)) {
    throw new OidcError(
      'CLAIM_INVALID',
      `token ${name} must be a NumericDate (seconds since the epoch), got ${typeName(value)}`,
    );
  }
  return value as number;
}

function checkSubject(claims: Record<string, unknown>): string {
  const sub = claims.sub;
  if (sub === undefined) throw new OidcError('CLAIM_MISSING', 'token has no sub (subject) claim');
  if (typeof sub !== 'string' || sub === '') {
    throw new OidcError(
      'CLAIM_INVALID',
      `token sub must be a non-empty string, got ${typeName(sub)}`,
    );
  }
  return sub;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function checkEmail(claims: Record<string, unknown>, issuer: IssuerSettings): void {
  const email = claims.email;
  if (email === undefined)
    throw new OidcError(
      'CLAIM_MISSING',
      `token has no email claim, which email issuer ${quote(issuer.issuerUrl)} requires`,
    );
  if (typeof email !== 'string' || !EMAIL.test(email)) {
    throw new OidcError(
      'CLAIM_INVALID',
      `token email claim is not an email address (got ${typeof email === 'string' ? quote(email) : typeName(email)})`,
    );
  }
  if (issuer.skipEmailVerification) return;
  // Fulcio requires the boolean true: a provider that has not verified the address says false.
  if (claims.email_verified !== true) {
    const got =
      claims.email_verified === undefined ? 'absent' : JSON.stringify(claims.email_verified);
    throw new OidcError(
      'CLAIM_INVALID',
      `token email ${quote(email)} is not verified (email_verified is ${got}, must be true)`,
    );
  }
}

/** Fulcio's uri rule: the subject URI's scheme and host are the issuer's subject domain's. */
function checkUriSubject(subject: string, issuer: IssuerSettings): void {
  const domain = new URL(issuer.subjectDomain as string);
  let url: URL;
  try {
    url = new URL(subject);
  } catch {
    throw new OidcError(
      'CLAIM_INVALID',
      `token sub ${quote(subject)} is not a URI, which uri issuer ${quote(issuer.issuerUrl)} requires`,
    );
  }
  if (url.protocol !== domain.protocol || url.hostname !== domain.hostname) {
    throw new OidcError(
      'CLAIM_INVALID',
      `token sub ${quote(subject)} is not under the subject domain ${quote(issuer.subjectDomain as string)}`,
    );
  }
}

/** A NumericDate as ISO 8601 UTC, whole seconds unless the token used fractions. */
function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return `${seconds} (out of range)`;
  const iso = date.toISOString();
  return Number.isInteger(seconds) ? iso.replace(/\.\d{3}Z$/, 'Z') : iso;
}
