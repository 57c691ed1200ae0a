/**
 * A real OpenID Connect issuer for tests: discovery document and JWKS served over node:http on
 * 127.0.0.1 (ephemeral port, ephemeral keys), plus token minting shaped exactly like GitHub
 * Actions and GitLab CI tokens, including the broken tokens a verifier must refuse.
 *
 * ```ts
 * const issuer = await startTestIssuer();                    // iss http://127.0.0.1:PORT
 * after(() => issuer.close());
 * const registry = new IssuerRegistry({ issuers: [issuer.settings('github')] });
 * const token = await issuer.mint(issuer.githubClaims({ ref: 'refs/tags/v1.0.0' }));
 * const evil = await issuer.mint(issuer.githubClaims(), { alg: 'none' });
 * ```
 *
 * GHES-style issuers live under a path: `startTestIssuer({ path: '/_services/token' })` gives
 * `http://127.0.0.1:PORT/_services/token`, with discovery at
 * `…/_services/token/.well-known/openid-configuration`.
 */
import {
  type KeyObject,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
} from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, errors as joseErrors } from 'jose';
import { publicJwk } from '../../src/core/jwk.js';
import type { IdentityProvider, IssuerSettings } from '../../src/oidc/issuers.js';

export type TestKeyType = 'rsa' | 'ec' | 'ed25519';

export interface TestKey {
  kid: string;
  type: TestKeyType;
  /** The JWS algorithm this key signs with by default (RS256, ES256, EdDSA). */
  alg: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public JWK as published (kid, use "sig", alg). */
  jwk: Record<string, unknown>;
}

export interface MintOptions {
  /**
   * Header `alg`; defaults to the key's. `none` produces an unsigned token (empty signature);
   * `HS256`/`HS384`/`HS512` produce the key-confusion attack: an HMAC whose secret is the
   * signing key's public key in SPKI PEM (or `hmacSecret`).
   */
  alg?: string;
  /** Header `kid`; defaults to the signing key's; `null` leaves `kid` out. */
  kid?: string | null;
  /** More header parameters, merged last (may override `typ`, or add `crit`, `jku`, ...). */
  header?: Record<string, unknown>;
  /** Sign with this key instead of the first published one (e.g. `issuer.generateKey()`, unpublished). */
  key?: TestKey;
  /** Secret for HS* algorithms. */
  hmacSecret?: Uint8Array;
  /** Flip bits in the signature after signing: a well-formed token that fails verification. */
  forge?: boolean;
}

export interface TestIssuerOptions {
  /** Path under the origin, e.g. `/_services/token` (GHES) or `/acme` (an enterprise slug). */
  path?: string;
  /** Type of the keys created at start (default rsa, as GitHub and GitLab use). */
  keyType?: TestKeyType;
  /** How many keys the JWKS starts with (default 2; kids `key-1`, `key-2`, ...). */
  keyCount?: number;
  /**
   * The `issuer` the discovery document claims instead of the real one: a string, or a
   * function of the real issuer URL (the port is only known once listening).
   */
  issuerOverride?: string | ((issuer: string) => string);
}

/** Claims with `undefined` values removed: overrides use `undefined` to delete a claim. */
export type Claims = Record<string, unknown>;

export interface TestIssuer {
  /** The issuer URL, `http://127.0.0.1:PORT[path]`; every token's default `iss`. */
  readonly url: string;
  readonly discoveryUrl: string;
  readonly jwksUrl: string;
  /** Published keys, in JWKS order; `mint` signs with the first by default. */
  readonly keys: readonly TestKey[];
  /** Requests served so far, by document. */
  readonly fetches: { discovery: number; jwks: number };
  /** Settings for an IssuerRegistry: exact issuer `url` with `provider`, audience "sigstore". */
  settings(provider?: IdentityProvider, overrides?: Partial<IssuerSettings>): IssuerSettings;
  /** A new key, not published (sign with it to forge, or publish it with `publish`). */
  generateKey(type?: TestKeyType, kid?: string): TestKey;
  /** Adds a key to the JWKS (first if `first`); returns it. A new one is generated if omitted. */
  publish(key?: TestKey, options?: { first?: boolean }): TestKey;
  /** Removes a key from the JWKS by kid (rotation); mint with `key:` to keep using it. */
  unpublish(kid: string): void;
  /** Replaces the JWKS by one fresh key of the same type: the old kids disappear. */
  rotate(): TestKey;
  /** The discovery document and JWKS are served from this function when it answers true. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
  mint(claims: Claims, options?: MintOptions): Promise<string>;
  /** A GitHub Actions token's claims (push to main), `iss` = this issuer; see githubClaims. */
  githubClaims(overrides?: Claims): Claims;
  /** A GitLab CI token's claims (branch pipeline on main), `iss` = this issuer; see gitlabClaims. */
  gitlabClaims(overrides?: Claims): Claims;
  /** An email-identity token's claims (verified address), as Google or Dex send them. */
  emailClaims(overrides?: Claims): Claims;
  close(): Promise<void>;
}

const DEFAULT_ALG: Record<TestKeyType, string> = { rsa: 'RS256', ec: 'ES256', ed25519: 'EdDSA' };

/** A key pair with its public JWK, built from the DER (src/core/jwk.ts says why). */
export function generateTestKey(type: TestKeyType = 'rsa', kid: string = randomUUID()): TestKey {
  const pair =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : type === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  // Re-imported: jose reads key details (RSA modulus length), which on Node 20 can deadlock
  // against the collection of the generation job for a key straight from the generator.
  const privateKey = createPrivateKey({
    key: pair.privateKey.export({ format: 'der', type: 'pkcs8' }),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const alg = DEFAULT_ALG[type];
  const jwk = { ...publicJwk(publicKey), kid, use: 'sig', alg };
  return { kid, type, alg, privateKey, publicKey, jwk };
}

/** Seconds since the epoch, the unit of JWT NumericDates. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function applyOverrides(base: Claims, overrides: Claims): Claims {
  const out: Claims = { ...base, ...overrides };
  for (const [name, value] of Object.entries(out)) if (value === undefined) delete out[name];
  return out;
}

const fakeSha = (seed: string): string => createHash('sha1').update(seed).digest('hex');

/**
 * Claims of a GitHub Actions OIDC token for a push to `main` of `octo-org/octo-repo`, with
 * every claim GitHub sends (ci-landscape.md §2.2), in GitHub's types: ids and counters are
 * decimal strings, `ref_protected` is "true"/"false", times are numbers. Timing as GitHub
 * issues them: `nbf` = `iat` - 300 s, `exp` = `iat` + 300 s.
 *
 * `sub` is derived from the final `repository`, `ref` and `environment` (GitHub's default
 * template: `repo:ORG/REPO:environment:NAME` when there is an environment, else
 * `repo:ORG/REPO:ref:REF`) unless overridden. Pass `environment: 'production'` for a
 * deployment job; `undefined` deletes a claim.
 */
export function githubClaims(iss: string, overrides: Claims = {}, now = nowSeconds()): Claims {
  const repository = (overrides.repository as string | undefined) ?? 'octo-org/octo-repo';
  const owner = repository.split('/')[0] as string;
  const ref = (overrides.ref as string | undefined) ?? 'refs/heads/main';
  const sha = (overrides.sha as string | undefined) ?? fakeSha(`${repository}@${ref}`);
  const workflowRef = `${repository}/.github/workflows/release.yml@${ref}`;
  const environment = overrides.environment as string | undefined;
  const sub =
    environment === undefined
      ? `repo:${repository}:ref:${ref}`
      : `repo:${repository}:environment:${environment}`;
  const base: Claims = {
    jti: randomUUID(),
    sub,
    aud: 'sigstore',
    ref,
    sha,
    repository,
    repository_owner: owner,
    repository_owner_id: '65',
    repository_visibility: 'private',
    repository_id: '74',
    actor_id: '12',
    actor: 'octocat',
    run_id: '12345678901',
    run_number: '42',
    run_attempt: '1',
    runner_environment: 'github-hosted',
    workflow: 'Release',
    head_ref: '',
    base_ref: '',
    event_name: 'push',
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    ref_protected: 'true',
    workflow_ref: workflowRef,
    workflow_sha: sha,
    job_workflow_ref: workflowRef,
    job_workflow_sha: sha,
    check_run_id: '98765432101',
    iss,
    nbf: now - 300,
    exp: now + 300,
    iat: now,
  };
  if (environment !== undefined) base.environment = environment;
  return applyOverrides(base, overrides);
}

/**
 * Claims of a GitLab CI `id_tokens` token (`aud: sigstore`) for a branch pipeline on `main` of
 * `my-group/my-project`, with every claim GitLab sends (ci-landscape.md §2.3), in GitLab's
 * types: ids are decimal strings except `runner_id`, which GitLab sends as a number;
 * `ref_protected` and `environment_protected` are "true"/"false"; `ref` is the bare name and
 * `ref_path` the full ref; `ci_config_ref_uri` has no scheme. Timing as GitLab issues them:
 * `nbf` = `iat` - 5 s, `exp` = `iat` + 3600 s (the job timeout).
 *
 * `sub` (`project_path:{group}/{project}:ref_type:{type}:ref:{name}`), `ref_path` and
 * `ci_config_ref_uri` follow `project_path`, `ref` and `ref_type` unless overridden. The
 * environment claims are present (a deployment job); delete them with `undefined`.
 */
export function gitlabClaims(iss: string, overrides: Claims = {}, now = nowSeconds()): Claims {
  const projectPath = (overrides.project_path as string | undefined) ?? 'my-group/my-project';
  const namespace = projectPath.split('/').slice(0, -1).join('/');
  const ref = (overrides.ref as string | undefined) ?? 'main';
  const refType = (overrides.ref_type as string | undefined) ?? 'branch';
  const refPath = `refs/${refType === 'tag' ? 'tags' : 'heads'}/${ref}`;
  const sha = (overrides.sha as string | undefined) ?? fakeSha(`${projectPath}@${ref}`);
  const host = new URL(iss).host;
  const base: Claims = {
    namespace_id: '72',
    namespace_path: namespace,
    project_id: '20',
    project_path: projectPath,
    user_id: '1',
    user_login: 'sample-user',
    user_email: 'sample-user@example.com',
    user_access_level: 'maintainer',
    pipeline_id: '574',
    pipeline_source: 'push',
    job_id: '302',
    ref,
    ref_type: refType,
    ref_path: refPath,
    ref_protected: 'true',
    environment: 'production',
    environment_protected: 'true',
    deployment_tier: 'production',
    environment_action: 'start',
    runner_id: 1,
    runner_environment: 'gitlab-hosted',
    sha,
    project_visibility: 'private',
    ci_config_ref_uri: `${host}/${projectPath}//.gitlab-ci.yml@${refPath}`,
    ci_config_sha: sha,
    jti: randomUUID(),
    iss,
    iat: now,
    nbf: now - 5,
    exp: now + 3600,
    sub: `project_path:${projectPath}:ref_type:${refType}:ref:${ref}`,
    aud: 'sigstore',
  };
  return applyOverrides(base, overrides);
}

/** Claims of an email-identity token (a verified address), as Google or Dex send them. */
export function emailClaims(iss: string, overrides: Claims = {}, now = nowSeconds()): Claims {
  const base: Claims = {
    iss,
    sub: '110169484474386276334',
    aud: 'sigstore',
    email: 'alice@example.com',
    email_verified: true,
    iat: now,
    exp: now + 3600,
  };
  return applyOverrides(base, overrides);
}

const b64url = (data: Uint8Array | string): string => Buffer.from(data).toString('base64url');

/** Signs `claims` as a compact JWS, or builds one of the broken tokens MintOptions describes. */
export async function mintToken(
  claims: Claims,
  signer: TestKey,
  options: MintOptions = {},
): Promise<string> {
  const alg = options.alg ?? signer.alg;
  const kid = options.kid === undefined ? signer.kid : options.kid;
  const header: Record<string, unknown> = {
    alg,
    typ: 'JWT',
    ...(kid !== null && { kid }),
    ...options.header,
  };
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  let token: string;
  if (alg === 'none') {
    token = `${b64url(JSON.stringify(header))}.${b64url(payload)}.`;
  } else if (/^HS(256|384|512)$/.test(alg)) {
    const secret =
      options.hmacSecret ?? Buffer.from(signer.publicKey.export({ type: 'spki', format: 'pem' }));
    const input = `${b64url(JSON.stringify(header))}.${b64url(payload)}`;
    const mac = createHmac(`sha${alg.slice(2)}`, secret)
      .update(input)
      .digest();
    token = `${input}.${b64url(mac)}`;
  } else {
    try {
      token = await new CompactSign(payload)
        .setProtectedHeader(header as { alg: string })
        .sign(signer.privateKey);
    } catch (error) {
      // jose will not sign headers it would refuse to verify (an unknown alg, a `crit` it does
      // not know, a malformed one, "b64": false in compact form); tests need exactly those, so
      // sign the bytes with the key's own algorithm.
      const refused =
        error instanceof joseErrors.JOSENotSupported ||
        error instanceof joseErrors.JWSInvalid ||
        (error instanceof TypeError && /b64/.test(error.message));
      if (!refused) throw error;
      const input = `${b64url(JSON.stringify(header))}.${b64url(payload)}`;
      token = `${input}.${b64url(rawSign(signer, input))}`;
    }
  }
  return options.forge ? forgeSignature(token) : token;
}

/** A JWS signature with the key's default algorithm (RS256, ES256 or EdDSA). */
function rawSign(signer: TestKey, input: string): Buffer {
  const data = Buffer.from(input);
  if (signer.type === 'ed25519') return sign(null, data, signer.privateKey);
  if (signer.type === 'ec') {
    return sign('sha256', data, { key: signer.privateKey, dsaEncoding: 'ieee-p1363' });
  }
  return sign('sha256', data, signer.privateKey);
}

/** The same token with a corrupted signature (same length, still valid base64url). */
export function forgeSignature(token: string): string {
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  if (signature.length === 0) return `${token}${b64url(randomBytes(64))}`;
  const middle = Math.floor(signature.length / 2);
  signature[middle] = (signature[middle] as number) ^ 0xff;
  return `${token.slice(0, dot + 1)}${signature.toString('base64url')}`;
}

/** Starts an issuer on 127.0.0.1 (ephemeral port). Close it with `close()` in an `after` hook. */
export async function startTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const keyType = options.keyType ?? 'rsa';
  const path = (options.path ?? '').replace(/\/+$/, '');
  let keys: TestKey[] = Array.from({ length: options.keyCount ?? 2 }, (_, i) =>
    generateTestKey(keyType, `key-${i + 1}`),
  );
  const fetches = { discovery: 0, jwks: 0 };
  let url = '';
  let jwksPath = '';
  // Assignable after start, through the issuer's `intercept` property.
  const hooks: Pick<TestIssuer, 'intercept'> = {};

  const server = createServer((req, res) => {
    if (hooks.intercept?.(req, res)) return;
    const requestPath = new URL(req.url ?? '/', 'http://x').pathname;
    if (requestPath === `${path}/.well-known/openid-configuration`) {
      fetches.discovery++;
      const override = options.issuerOverride;
      const claimed =
        override === undefined ? url : typeof override === 'string' ? override : override(url);
      return json(res, {
        issuer: claimed,
        jwks_uri: `${new URL(url).origin}${jwksPath}`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'sha'],
        id_token_signing_alg_values_supported: [...new Set(keys.map((k) => k.alg))],
        scopes_supported: ['openid'],
      });
    }
    if (requestPath === jwksPath) {
      fetches.jwks++;
      return json(res, { keys: keys.map((k) => k.jwk) });
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}${path}`;
  jwksPath = `${path}/.well-known/jwks`;

  const issuer: TestIssuer = {
    url,
    discoveryUrl: `${url}/.well-known/openid-configuration`,
    jwksUrl: `http://127.0.0.1:${port}${jwksPath}`,
    get keys() {
      return keys;
    },
    fetches,
    get intercept() {
      return hooks.intercept;
    },
    set intercept(handler) {
      hooks.intercept = handler;
    },
    settings(provider = 'github', overrides = {}) {
      return {
        issuerUrl: url,
        wildcard: false,
        provider,
        audience: 'sigstore',
        challengeClaim: provider === 'email' ? 'email' : 'sub',
        skipEmailVerification: false,
        ...overrides,
      };
    },
    generateKey: (type = keyType, kid) => generateTestKey(type, kid),
    publish(key = generateTestKey(keyType), { first = false } = {}) {
      keys = first ? [key, ...keys] : [...keys, key];
      return key;
    },
    unpublish(kid) {
      keys = keys.filter((k) => k.kid !== kid);
    },
    rotate() {
      const key = generateTestKey(keyType);
      keys = [key];
      return key;
    },
    async mint(claims, mintOptions = {}) {
      const signer =
        mintOptions.key ??
        keys.find((k) => k.kid === mintOptions.kid) ??
        keys[0] ??
        generateTestKey(keyType);
      return mintToken(claims, signer, mintOptions);
    },
    githubClaims: (overrides) => githubClaims(url, overrides),
    gitlabClaims: (overrides) => gitlabClaims(url, overrides),
    emailClaims: (overrides) => emailClaims(url, overrides),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return issuer;
}

function json(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    })
    .end(text);
}

export interface ActionsRuntime {
  /** What the runner puts in a job's environment when it has `id-token: write`. */
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** Every token handed out, newest last. */
  tokens: string[];
  close(): Promise<void>;
}

const ACTIONS_REQUEST_TOKEN = 'runtime-request-token';

/**
 * The GitHub Actions runtime's OIDC token endpoint (an edge tests cannot reach), speaking its
 * protocol as @actions/core's getIDToken uses it: GET with an `audience` parameter and the
 * request token as bearer credential, `{ value }` back; 403 for anything else. Tokens are
 * minted by `issuer` with the claims `claims` gives for the requested audience.
 */
export async function startActionsRuntime(
  issuer: TestIssuer,
  claims: (audience: string) => Claims,
): Promise<ActionsRuntime> {
  const tokens: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (
      req.headers.authorization !== `bearer ${ACTIONS_REQUEST_TOKEN}` ||
      url.pathname !== '/token'
    ) {
      res.writeHead(403).end();
      return;
    }
    issuer.mint(claims(url.searchParams.get('audience') ?? 'unset')).then((token) => {
      tokens.push(token);
      res.writeHead(200).end(JSON.stringify({ count: 1, value: token }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: ACTIONS_REQUEST_TOKEN,
    },
    tokens,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
