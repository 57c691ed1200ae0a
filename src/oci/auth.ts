import { controlCharacterProblem } from '../core/text.js';
import { OciError } from './error.js';

/**
 * Registry authentication as the Docker registry token spec and RFC 7235 have it: a request is
 * sent as it is, a 401 carries `WWW-Authenticate: Basic realm=…` or `Bearer realm=…,service=…,
 * scope=…`, and the client answers with basic credentials or with a token fetched from the
 * realm. Tokens are cached per repository and access (pull, or pull and push), so that one
 * signing run asks the token service once per scope, not once per request.
 */

/** A username and password (or a registry token used as one), or an OAuth2 refresh token. */
export type RegistryCredentials =
  { username: string; password: string } | { identityToken: string };

export interface Challenge {
  scheme: 'basic' | 'bearer';
  /** Parameters with lower-cased names: realm, service, scope, error. */
  params: Record<string, string>;
}

/** A token is used at most this long when the token service does not say (its spec's default). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;
/** A token is dropped this long before it expires, so it does not lapse in flight. */
export const TOKEN_EXPIRY_MARGIN_MS = 5_000;

/**
 * The challenges of a WWW-Authenticate header (RFC 7235 §4.1), schemes lower-cased. Only Basic
 * and Bearer are kept; parameters are `name=token` or `name="quoted string"`.
 */
export function parseChallenges(header: string | undefined): Challenge[] {
  if (header === undefined) return [];
  const out: Challenge[] = [];
  const re =
    /\s*(?:,\s*)*([A-Za-z][\w!#$%&'*+.^`|~-]*)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*)))?/gy;
  let current: Challenge | undefined;
  let skipping = false;
  for (let match = re.exec(header); match !== null && match[0] !== ''; match = re.exec(header)) {
    const [, name, quoted, token] = match as unknown as [string, string, string?, string?];
    if (quoted === undefined && token === undefined) {
      // A bare token starts a new challenge.
      const scheme = name.toLowerCase();
      skipping = scheme !== 'basic' && scheme !== 'bearer';
      current = skipping ? undefined : { scheme: scheme as Challenge['scheme'], params: {} };
      if (current !== undefined) out.push(current);
    } else if (current !== undefined && !skipping) {
      current.params[name.toLowerCase()] = quoted?.replace(/\\(.)/g, '$1') ?? token ?? '';
    }
  }
  return out;
}

/** The scope a request needs: pull to read, pull and push to write. */
export type Access = 'pull' | 'pull,push';

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Fetches a token from a bearer realm; the caller maps failures to OciError. */
export type TokenFetcher = (
  realm: string,
  service: string | undefined,
  scope: string,
  credentials: RegistryCredentials | undefined,
) => Promise<{ token: string; expiresInS: number }>;

/**
 * The authentication state of one registry: the challenge it answered with, and the tokens
 * obtained for it. `authorization` gives the header for a request (none before the registry has
 * asked); `challenged` is told of each 401 and says whether a retry can help.
 */
export class Authenticator {
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly host: string,
    private readonly credentials: RegistryCredentials | undefined,
    private readonly fetchToken: TokenFetcher,
  ) {}

  async authorization(repository: string, access: Access): Promise<string | undefined> {
    const challenge = this.challenge;
    if (challenge === undefined) return undefined;
    if (challenge.scheme === 'basic') return this.basic(repository);
    const scope = `repository:${repository}:${access}`;
    const cached =
      this.cached(scope) ??
      (access === 'pull' ? this.cached(`repository:${repository}:pull,push`) : undefined);
    if (cached !== undefined) return `Bearer ${cached}`;
    let pending = this.pending.get(scope);
    if (pending === undefined) {
      pending = this.newToken(challenge, scope).finally(() => this.pending.delete(scope));
      this.pending.set(scope, pending);
    }
    return `Bearer ${(await pending).token}`;
  }

  /**
   * Learns from a 401. True when a retry with (new) credentials can help: the first challenge,
   * or a token that was refused (expired early, revoked) and can be fetched again once.
   */
  challenged(
    header: string | undefined,
    repository: string,
    access: Access,
    sent: string | undefined,
  ): boolean {
    const challenge =
      parseChallenges(header).find((c) => c.scheme === 'bearer') ?? parseChallenges(header)[0];
    if (challenge === undefined) {
      throw new OciError(
        'REGISTRY_INVALID',
        `registry ${this.host} answered HTTP 401 for repository ${repository} without a Basic or Bearer challenge (WWW-Authenticate)`,
      );
    }
    const first = this.challenge === undefined || this.challenge.scheme !== challenge.scheme;
    this.challenge = challenge;
    if (challenge.scheme === 'bearer') {
      this.tokens.delete(`repository:${repository}:${access}`);
      if (access === 'pull') this.tokens.delete(`repository:${repository}:pull,push`);
    }
    if (sent === undefined) return true;
    // Basic credentials refused once are refused again; a bearer token may just have lapsed.
    return first || challenge.scheme === 'bearer';
  }

  private basic(repository: string): string {
    const credentials = this.credentials;
    if (credentials === undefined || !('username' in credentials)) {
      throw new OciError(
        'UNAUTHORIZED',
        `registry ${this.host} asks for a username and password (basic auth) for repository ${repository}, and ${credentials === undefined ? 'none were found' : 'only an identity token was found'}: log in with docker login, or set the registry's credentials in the environment`,
      );
    }
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  }

  private cached(scope: string): string | undefined {
    const token = this.tokens.get(scope);
    if (token === undefined) return undefined;
    if (token.expiresAt - TOKEN_EXPIRY_MARGIN_MS > Date.now()) return token.token;
    this.tokens.delete(scope);
    return undefined;
  }

  private async newToken(challenge: Challenge, scope: string): Promise<CachedToken> {
    const realm = challenge.params.realm;
    if (realm === undefined || realm === '') {
      throw new OciError(
        'REGISTRY_INVALID',
        `registry ${this.host} asked for a bearer token without naming its token service (no realm in WWW-Authenticate)`,
      );
    }
    const { token, expiresInS } = await this.fetchToken(
      realm,
      challenge.params.service,
      scope,
      this.credentials,
    );
    const problem =
      token === ''
        ? 'is empty'
        : (controlCharacterProblem(token) ??
          (/\s/.test(token) ? 'contains white space' : undefined));
    if (problem !== undefined) {
      throw new OciError(
        'REGISTRY_INVALID',
        `the token service of registry ${this.host} answered with a token that ${problem}`,
      );
    }
    const cached = { token, expiresAt: Date.now() + expiresInS * 1000 };
    this.tokens.set(scope, cached);
    return cached;
  }
}
