import { type KeyObject, createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { userInfo } from 'node:os';
import { SignJWT } from 'jose';
import { publicJwk } from '../src/core/jwk.js';
import { isLoopbackHost } from '../src/core/url.js';
import type { IssuerSettings } from '../src/oidc/issuers.js';
import { ServerError, readBody, sendJson } from './http.js';
import type { Endpoint } from './router.js';

/**
 * A development OIDC issuer so a newcomer can sign and verify with no CI at all. It hands an
 * email-identity token to anyone who asks, so it exists only in `--dev` mode and only where no
 * one but this machine's users can ask: listening on loopback, with a plain-http loopback public
 * URL, and never behind a proxy. Its issuer URL and description say so in every certificate it
 * leads to.
 *
 * "Behind a proxy" is what this process can see of one: a public URL that is https (TLS ends in
 * front of this process, since it serves only plain http) or not loopback, refused at start-up;
 * and, per request, headers a proxy adds (Forwarded, X-Forwarded-*, X-Real-IP, Via) or a Host
 * that is not a loopback address (a proxy passing on the name it was reached by, or a DNS
 * rebinding page in a browser), refused with 403.
 */

export const DEV_ISSUER_PATH = '/dev-oidc';
/** Long enough to request a certificate, short like a CI token. */
export const DEV_TOKEN_LIFETIME_SECONDS = 5 * 60;
/** A token request names at most an email address. */
export const DEV_ISSUER_MAX_BODY_BYTES = 4096;
export const DEV_AUDIENCE = 'sigstore';
export const DEV_ISSUER_DESCRIPTION =
  'Signet development issuer: issues tokens to anyone on this machine; never trust it in production';

export interface DevIssuer {
  settings: IssuerSettings;
  discovery(res: ServerResponse): void;
  jwks(res: ServerResponse): void;
  token(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Headers that say a request was relayed: RFC 7239's, the de facto X-Forwarded-* and X-Real-IP, and Via. */
const RELAY_HEADER = /^(forwarded|via|x-real-ip|x-forwarded-.+)$/;

/** Refuses a request that came through a proxy or names a host other than a loopback address. */
function refuseRelayed(req: IncomingMessage): void {
  const relay = Object.keys(req.headers).find((name) => RELAY_HEADER.test(name));
  if (relay !== undefined) {
    throw new ServerError(
      'FORBIDDEN',
      `the development OIDC issuer does not answer requests relayed by a proxy (${relay} header): it gives a token to anyone who reaches it`,
    );
  }
  const host = req.headers.host;
  if (host === undefined) return;
  const hostname = /^(\[[^\]]*\]|[^:]*)/.exec(host)?.[1] ?? '';
  if (!isLoopbackHost(hostname)) {
    throw new ServerError(
      'FORBIDDEN',
      `the development OIDC issuer answers only on a loopback address, not when reached as "${hostname}"`,
    );
  }
}

export const DEV_ISSUER_ENDPOINTS: readonly Endpoint<DevIssuer>[] = [
  {
    method: 'GET',
    path: `${DEV_ISSUER_PATH}/.well-known/openid-configuration`,
    name: 'dev_issuer',
    handle: (issuer, req, res) => {
      refuseRelayed(req);
      issuer.discovery(res);
    },
  },
  {
    method: 'GET',
    path: `${DEV_ISSUER_PATH}/jwks`,
    name: 'dev_issuer',
    handle: (issuer, req, res) => {
      refuseRelayed(req);
      issuer.jwks(res);
    },
  },
  {
    method: 'POST',
    path: `${DEV_ISSUER_PATH}/token`,
    name: 'dev_issuer',
    handle: (issuer, req, res) => {
      refuseRelayed(req);
      return issuer.token(req, res);
    },
  },
];

/** The default identity: the local user at a reserved, clearly local domain. */
export const defaultDevEmail = (): string =>
  `${userInfo().username.replace(/[^A-Za-z0-9._-]/g, '_') || 'developer'}@signet.localhost`;

/** The development issuer's URL under a public URL: what the signing config names. */
export const devIssuerUrl = (publicUrl: string): string => `${publicUrl}${DEV_ISSUER_PATH}`;

export async function startDevIssuer(publicUrl: string, listenHost: string): Promise<DevIssuer> {
  const { hostname, protocol } = new URL(publicUrl);
  if (!isLoopbackHost(hostname) || !isLoopbackHost(listenHost)) {
    throw new ServerError(
      'CONFIG_INVALID',
      `the development OIDC issuer only runs on a loopback address (it gives a token to anyone who asks); public URL host is "${hostname}", listen host is "${listenHost}"`,
    );
  }
  if (protocol !== 'http:') {
    throw new ServerError(
      'CONFIG_INVALID',
      `the development OIDC issuer does not run behind TLS or a proxy: the public URL ${publicUrl} is https, so TLS ends in front of this process, where others may reach it; use http://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:PORT, or drop --dev`,
    );
  }
  const issuer = devIssuerUrl(publicUrl);
  // Re-imported from DER and published from it: on Node 20, a JWK export or the details of a
  // key straight from the generator can deadlock (src/core/jwk.ts).
  const privateKey = createPrivateKey({
    key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'der',
      type: 'pkcs8',
    }),
    format: 'der',
    type: 'pkcs8',
  });
  const kid = randomUUID();
  const jwks = { keys: [{ ...publicJwk(privateKey), kid, alg: 'ES256', use: 'sig' }] };
  const discovery = {
    issuer,
    jwks_uri: `${issuer}/jwks`,
    token_endpoint: `${issuer}/token`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    description: DEV_ISSUER_DESCRIPTION,
  };

  const mint = (email: string, key: KeyObject): Promise<string> =>
    new SignJWT({ email, email_verified: true })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(email)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${DEV_TOKEN_LIFETIME_SECONDS}s`)
      .setJti(randomUUID())
      .sign(key);

  return {
    settings: {
      issuerUrl: issuer,
      wildcard: false,
      provider: 'email',
      audience: DEV_AUDIENCE,
      challengeClaim: 'email',
      skipEmailVerification: false,
      description: DEV_ISSUER_DESCRIPTION,
    },
    discovery(res) {
      sendJson(res, 200, discovery);
    },
    jwks(res) {
      sendJson(res, 200, jwks);
    },
    async token(req, res) {
      const email = requestedEmail(await readBody(req, DEV_ISSUER_MAX_BODY_BYTES));
      sendJson(res, 200, {
        id_token: await mint(email, privateKey),
        token_type: 'Bearer',
        expires_in: DEV_TOKEN_LIFETIME_SECONDS,
      });
    },
  };
}

/** `email=` in a form or JSON body picks the identity; empty means the local user. */
function requestedEmail(body: Buffer): string {
  const text = body.toString('utf8').trim();
  let email: unknown;
  if (text.startsWith('{')) {
    try {
      email = (JSON.parse(text) as { email?: unknown }).email;
    } catch {
      throw new ServerError('BAD_REQUEST', 'token request body is not valid JSON');
    }
  } else {
    email = new URLSearchParams(text).get('email') ?? undefined;
  }
  if (email === undefined || email === '') return defaultDevEmail();
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new ServerError('BAD_REQUEST', `"${String(email)}" is not an email address`);
  }
  return email;
}
