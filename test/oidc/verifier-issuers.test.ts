/**
 * TokenVerifier with the issuers a deployment meets beyond the defaults: one behind a private
 * CA (GHES, self-managed GitLab), meta issuers competing for the bounded key cache, and headers
 * and claims whose refusal no other test named. Each case was one a mutation run
 * (`npm run mutate`) showed no test held.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { OidcError, type OidcErrorCode } from '../../src/oidc/error.js';
import { IssuerRegistry, type IssuerSettings } from '../../src/oidc/issuers.js';
import { TokenVerifier } from '../../src/oidc/verify.js';
import {
  type TestIssuer,
  generateTestKey,
  githubClaims,
  mintToken,
  startTestIssuer,
} from '../helpers/oidc.js';
import { selfSignedCertificate } from '../helpers/tls.js';

async function refusedWith(
  verifier: TokenVerifier,
  token: string,
  code: OidcErrorCode,
  message: RegExp | string,
): Promise<void> {
  await assert.rejects(verifier.verify(token), (error: unknown) => {
    assert.ok(error instanceof OidcError, String(error));
    assert.equal(error.code, code, error.message);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

describe('an issuer behind a private CA', () => {
  it('is trusted with its configured CA bundle, and only with it', async () => {
    const tls = selfSignedCertificate();
    const key = generateTestKey('ec', 'ghes-1');
    let url = '';
    const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      const body =
        req.url === '/.well-known/openid-configuration'
          ? { issuer: url, jwks_uri: `${url}/jwks` }
          : { keys: [key.jwk] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const settings: IssuerSettings = {
        issuerUrl: url,
        wildcard: false,
        provider: 'github',
        audience: 'sigstore',
        challengeClaim: 'sub',
        skipEmailVerification: false,
        ciUrl: 'https://ghes.example.com',
      };
      const token = await mintToken(githubClaims(url), key);
      const trusting = new TokenVerifier(
        new IssuerRegistry({ issuers: [{ ...settings, caCert: tls.cert }] }),
      );
      assert.equal((await trusting.verify(token)).claims.iss, url);
      const plain = new TokenVerifier(new IssuerRegistry({ issuers: [settings] }));
      await refusedWith(
        plain,
        token,
        'DISCOVERY_FAILED',
        /^cannot fetch the OpenID discovery document https:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration: self[- ]signed certificate/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('meta issuers in the bounded key cache', () => {
  let slugs: TestIssuer[];
  before(async () => {
    slugs = await Promise.all(
      ['/a', '/b', '/c'].map((path) => startTestIssuer({ path, keyType: 'ec', keyCount: 1 })),
    );
  });
  after(() => Promise.all(slugs.map((slug) => slug.close())));

  it('forget the least recently used issuer, counting a hit as a use', async () => {
    const issuers: IssuerSettings[] = slugs.map((slug) => ({
      ...slug.settings('github', { ciUrl: 'https://github.example.com' }),
      issuerUrl: `${new URL(slug.url).origin}/*`,
      wildcard: true,
    }));
    const meta = new TokenVerifier(new IssuerRegistry({ issuers }), { maxMetaIssuers: 2 });
    const [a, b, c] = slugs as [TestIssuer, TestIssuer, TestIssuer];
    for (const slug of [a, b, a, c]) await meta.verify(await slug.mint(slug.githubClaims()));
    assert.deepEqual(
      meta.describe().map((status) => status.issuer),
      [a.url, c.url],
    );
    assert.deepEqual(
      slugs.map((slug) => slug.fetches.jwks),
      [1, 1, 1],
    );
  });

  it('never push out an exact issuer, nor count it against a meta budget', async () => {
    const [exact, a, b] = slugs as [TestIssuer, TestIssuer, TestIssuer];
    const before = exact.fetches.jwks;
    const issuers: IssuerSettings[] = [
      exact.settings('github', { ciUrl: 'https://github.example.com' }),
      ...[a, b].map((slug) => ({
        ...slug.settings('github', { ciUrl: 'https://github.example.com' }),
        issuerUrl: `${new URL(slug.url).origin}/*`,
        wildcard: true,
      })),
    ];
    const verifier = new TokenVerifier(new IssuerRegistry({ issuers }), {
      maxMetaIssuers: 1,
      metaDiscoveryBudget: 1,
    });
    for (const slug of [exact, a, b, exact, exact]) {
      await verifier.verify(await slug.mint(slug.githubClaims()));
    }
    assert.equal(exact.fetches.jwks, before + 1);
    assert.deepEqual(
      verifier.describe().map((status) => status.issuer),
      [exact.url, b.url],
    );
  });
});

describe('TokenVerifier refusals no other test names', () => {
  let issuer: TestIssuer;
  let email: TestIssuer;
  let verifier: TokenVerifier;
  before(async () => {
    [issuer, email] = await Promise.all([
      startTestIssuer({ keyType: 'ec', keyCount: 1 }),
      startTestIssuer({ keyType: 'ec', keyCount: 1 }),
    ]);
    verifier = new TokenVerifier(
      new IssuerRegistry({ issuers: [issuer.settings('github'), email.settings('email')] }),
    );
  });
  after(() => Promise.all([issuer.close(), email.close()]));

  it('refuses "none" and HMAC algorithms in any letter case, and says which it is', async () => {
    const allowed = 'allowed: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA';
    await refusedWith(
      verifier,
      await issuer.mint(issuer.githubClaims(), { alg: 'None' }),
      'ALGORITHM_NOT_ALLOWED',
      `token algorithm "None" is not allowed: unsigned tokens are never accepted (${allowed})`,
    );
    await refusedWith(
      verifier,
      await issuer.mint(issuer.githubClaims(), { alg: 'ES256', header: { alg: 'hs512' } }),
      'ALGORITHM_NOT_ALLOWED',
      `token algorithm "hs512" is not allowed: HMAC needs a shared secret, and identity providers sign with private keys (${allowed})`,
    );
    for (const alg of ['XHS256', 'HS256X', 'HS']) {
      await refusedWith(
        verifier,
        await issuer.mint(issuer.githubClaims(), { alg: 'ES256', header: { alg } }),
        'ALGORITHM_NOT_ALLOWED',
        `token algorithm "${alg}" is not allowed (${allowed})`,
      );
    }
  });

  it('refuses a malformed JWS header that decodes as JSON', async () => {
    await refusedWith(
      verifier,
      await issuer.mint(issuer.githubClaims(), { header: { crit: [] } }),
      'TOKEN_MALFORMED',
      /^token is not a valid JWS: .*"crit"/,
    );
  });

  it('names the issuer and algorithm of a refused signature', async () => {
    await refusedWith(
      verifier,
      await issuer.mint(issuer.githubClaims(), { forge: true }),
      'SIGNATURE_INVALID',
      `token signature does not verify with the ES256 key of ${JSON.stringify(issuer.url)}`,
    );
  });

  it('shows a wrong audience list of ten in full', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => `aud-${i}`);
    await refusedWith(
      verifier,
      await issuer.mint(issuer.githubClaims({ aud: ten })),
      'AUDIENCE_MISMATCH',
      `token audience ${JSON.stringify(ten)} does not include "sigstore"; request the token with audience "sigstore"`,
    );
  });

  it('takes a whole email claim as the address, and only a string', async () => {
    for (const address of ['two words@example.com', 'alice@example.com extra']) {
      await refusedWith(
        verifier,
        await email.mint(email.emailClaims({ email: address })),
        'CLAIM_INVALID',
        `token email claim is not an email address (got ${JSON.stringify(address)})`,
      );
    }
    await refusedWith(
      verifier,
      await email.mint(email.emailClaims({ email: ['alice@example.com'] })),
      'CLAIM_INVALID',
      'token email claim is not an email address (got an array)',
    );
  });

  it('names an email_verified claim that is absent', async () => {
    await refusedWith(
      verifier,
      await email.mint(email.emailClaims({ email_verified: undefined })),
      'CLAIM_INVALID',
      'token email "alice@example.com" is not verified (email_verified is absent, must be true)',
    );
  });
});
