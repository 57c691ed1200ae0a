import { HttpError, getJson, postJson } from '../core/http.js';
import { isLoopbackHost } from '../core/url.js';
import { OidcError } from './error.js';
import { fetchJson } from './fetch.js';

/**
 * Where `signet sign` gets its identity token, in order: an explicit token, the
 * SIGSTORE_ID_TOKEN variable (GitLab's `id_tokens` convention, also read by cosign and
 * sigstore-js), the GitHub Actions runtime, and last a development issuer on loopback. A token
 * is a credential: it never appears in messages, only where it came from.
 */

/** Fulcio's audience; GitHub's default audience (the owner URL) would be refused. */
export const DEFAULT_TOKEN_AUDIENCE = 'sigstore';
/** One request for a token (the runtime's endpoint, a development issuer); it answers at once. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;

export interface IdentityToken {
  token: string;
  /** Where it came from, for messages: never the token. */
  source: 'flag' | 'SIGSTORE_ID_TOKEN' | 'github-actions' | 'development issuer';
}

export interface TokenSourceOptions {
  /** `--identity-token`. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  audience?: string;
  /** The signing config's OIDC URL: used only when it is a development issuer on loopback. */
  developmentIssuer?: string;
  timeoutMs?: number;
}

const GITHUB_PERMISSION_HINT =
  'add "permissions: id-token: write" to the job (or workflow) so that GitHub issues an OIDC token; fork pull_request runs never get one';

/** The first token source that applies; OidcError TOKEN_UNAVAILABLE-like failures say what to do. */
export async function identityToken(options: TokenSourceOptions = {}): Promise<IdentityToken> {
  const env = options.env ?? process.env;
  const audience = options.audience ?? DEFAULT_TOKEN_AUDIENCE;
  if (options.explicit !== undefined && options.explicit !== '') {
    return { token: options.explicit, source: 'flag' };
  }
  const fromEnv = env.SIGSTORE_ID_TOKEN;
  if (fromEnv !== undefined && fromEnv !== '')
    return { token: fromEnv, source: 'SIGSTORE_ID_TOKEN' };
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (requestUrl && requestToken) {
    return {
      token: await githubActionsToken(requestUrl, requestToken, audience, options.timeoutMs),
      source: 'github-actions',
    };
  }
  if (env.GITHUB_ACTIONS === 'true') {
    throw new OidcError(
      'TOKEN_UNAVAILABLE',
      `this GitHub Actions job has no OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): ${GITHUB_PERMISSION_HINT}`,
    );
  }
  if (options.developmentIssuer !== undefined) {
    return {
      token: await developmentToken(options.developmentIssuer, options.timeoutMs),
      source: 'development issuer',
    };
  }
  throw new OidcError(
    'TOKEN_UNAVAILABLE',
    'no identity token: pass --identity-token, set SIGSTORE_ID_TOKEN (GitLab: id_tokens with aud: sigstore), or run in GitHub Actions with "permissions: id-token: write"',
  );
}

/**
 * The runtime's token endpoint, as @actions/core's getIDToken calls it: the request URL plus
 * `audience`, the request token as a bearer credential, JSON `{ value }` back.
 */
async function githubActionsToken(
  requestUrl: string,
  requestToken: string,
  audience: string,
  timeoutMs = DEFAULT_TOKEN_TIMEOUT_MS,
): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set('audience', audience);
  // Messages name the endpoint by its origin only: the rest is the runtime's, not the user's.
  const endpoint = `the GitHub Actions token endpoint (${url.origin})`;
  let body: unknown;
  try {
    body = await getJson(
      {
        url: url.href,
        what: 'GitHub Actions token endpoint',
        headers: {
          authorization: `bearer ${requestToken}`,
          accept: 'application/json; api-version=2.0',
        },
      },
      { timeoutMs },
    );
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const { status } = error;
    const hint = status === 401 || status === 403 ? `: ${GITHUB_PERMISSION_HINT}` : '';
    throw new OidcError(
      'TOKEN_UNAVAILABLE',
      `${endpoint} ${status === undefined ? `failed: ${error.detail}` : error.detail}${hint}`,
      { cause: error },
    );
  }
  const value = (body as { value?: unknown } | null)?.value;
  if (typeof value !== 'string' || value === '') {
    throw new OidcError('TOKEN_UNAVAILABLE', `${endpoint} answered without a token ("value")`);
  }
  return value;
}

/**
 * A token from Signet's development issuer (`serve --dev`). Refused off loopback: that issuer
 * gives a token to anyone who asks, so no real service runs one.
 */
async function developmentToken(
  issuer: string,
  timeoutMs = DEFAULT_TOKEN_TIMEOUT_MS,
): Promise<string> {
  const url = new URL(issuer);
  if (!isLoopbackHost(url.hostname)) {
    throw new OidcError(
      'TOKEN_UNAVAILABLE',
      `no identity token, and the signing config's OIDC issuer ${issuer} is not a development issuer on loopback; pass --identity-token or set SIGSTORE_ID_TOKEN`,
    );
  }
  const discovery = (await fetchJson(
    `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
    {
      errorCode: 'TOKEN_UNAVAILABLE',
      what: 'development issuer discovery document',
      timeoutMs,
    },
  )) as { token_endpoint?: unknown };
  if (typeof discovery.token_endpoint !== 'string') {
    throw new OidcError('TOKEN_UNAVAILABLE', `${issuer} has no token_endpoint to ask for a token`);
  }
  let body: unknown;
  try {
    ({ json: body } = await postJson(
      { url: discovery.token_endpoint, what: 'development issuer token endpoint' },
      { timeoutMs },
    ));
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    throw new OidcError(
      'TOKEN_UNAVAILABLE',
      `the development issuer ${issuer} gave no token: ${error.detail}`,
      { cause: error },
    );
  }
  const token = (body as { id_token?: unknown } | null)?.id_token;
  if (typeof token !== 'string') {
    throw new OidcError(
      'TOKEN_UNAVAILABLE',
      `the development issuer ${issuer} answered without a token ("id_token")`,
    );
  }
  return token;
}
