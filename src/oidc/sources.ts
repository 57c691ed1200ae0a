import { OidcError } from './error.js';
import { isLoopbackHost } from '../core/url.js';
import { fetchJson } from './fetch.js';

/**
 * Where `signet sign` gets its identity token, in order: an explicit token, the
 * SIGSTORE_ID_TOKEN variable (GitLab's `id_tokens` convention, also read by cosign and
 * sigstore-js), the GitHub Actions runtime, and last a development issuer on loopback. A token
 * is a credential: it never appears in messages, only where it came from.
 */

/** Fulcio's audience; GitHub's default audience (the owner URL) would be refused. */
export const DEFAULT_TOKEN_AUDIENCE = 'sigstore';

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
  timeoutMs = 10_000,
): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set('audience', audience);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        authorization: `bearer ${requestToken}`,
        accept: 'application/json; api-version=2.0',
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new OidcError(
      'TOKEN_UNAVAILABLE',
      `the GitHub Actions token endpoint (${url.origin}) could not be reached: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new OidcError(
      'TOKEN_UNAVAILABLE',
      `the GitHub Actions token endpoint answered ${response.status}${response.status === 403 || response.status === 401 ? `: ${GITHUB_PERMISSION_HINT}` : ''}`,
    );
  }
  const body = (await response.json().catch(() => undefined)) as { value?: unknown } | undefined;
  if (typeof body?.value !== 'string' || body.value === '') {
    throw new OidcError(
      'TOKEN_UNAVAILABLE',
      'the GitHub Actions token endpoint answered without a token ("value")',
    );
  }
  return body.value;
}

/**
 * A token from Signet's development issuer (`serve --dev`). Refused off loopback: that issuer
 * gives a token to anyone who asks, so no real service runs one.
 */
async function developmentToken(issuer: string, timeoutMs = 10_000): Promise<string> {
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
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((error: unknown) => {
    throw new OidcError(
      'TOKEN_UNAVAILABLE',
      `the development issuer ${issuer} could not be reached: ${(error as Error).message}`,
      { cause: error },
    );
  });
  const body = (await response.json().catch(() => undefined)) as { id_token?: unknown } | undefined;
  if (!response.ok || typeof body?.id_token !== 'string') {
    throw new OidcError(
      'TOKEN_UNAVAILABLE',
      `the development issuer ${issuer} answered ${response.status} without a token`,
    );
  }
  return body.id_token;
}
