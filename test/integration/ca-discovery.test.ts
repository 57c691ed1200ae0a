import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_META_DISCOVERY_BUDGET } from '../../src/oidc/verify.js';
import { type Claims, type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, startTestService } from '../helpers/server.js';
import { requestCertificate } from './signing-cert.js';

/**
 * Anonymous requests must not turn into requests to identity providers: a token's `iss` is
 * the caller's choice, so each forged token naming an issuer whose discovery fails would
 * otherwise cost one outbound fetch. Real issuers on 127.0.0.1 count every request they get;
 * one verification worker, so one key cache.
 */

let slugs: TestIssuer;
let down: TestIssuer;
let liar: TestIssuer;
let service: TestService;
const requests = new Map<TestIssuer, number>();

function counted(issuer: TestIssuer, answer?: (res: ServerResponse) => void): void {
  requests.set(issuer, 0);
  issuer.intercept = (_req, res) => {
    requests.set(issuer, (requests.get(issuer) ?? 0) + 1);
    if (answer === undefined) return false;
    answer(res);
    return true;
  };
}

before(async () => {
  [slugs, down, liar] = await Promise.all([
    startTestIssuer({ path: '/acme', keyType: 'ec', keyCount: 1 }),
    startTestIssuer(),
    startTestIssuer({ issuerOverride: (url) => `${url}/` }),
  ]);
  counted(slugs);
  counted(down, (res) => res.writeHead(503).end());
  counted(liar);
  service = await startTestService({
    verifyWorkers: 1,
    identity: {
      'oidc-issuers': { [down.url]: { type: 'email' }, [liar.url]: { type: 'email' } },
      'meta-issuers': { [`${new URL(slugs.url).origin}/*`]: { type: 'email' } },
    },
  });
});

after(async () => {
  await service?.dispose();
  await Promise.all([slugs?.close(), down?.close(), liar?.close()]);
});

const certificate = async (issuer: TestIssuer, claims: Claims, forge = true) =>
  requestCertificate(service.url, await issuer.mint(claims, { forge }), String(claims.email));

describe('discovery failures through POST /api/v2/signingCert', () => {
  it('issues for a real enterprise slug (the baseline)', async () => {
    const response = await certificate(slugs, slugs.emailClaims(), false);
    assert.equal(response.status, 200, response.message);
    assert.equal(requests.get(slugs), 2, 'discovery and JWKS');
  });

  it('answers 401 for a made-up slug, and asks its provider once for 50 requests', async () => {
    const made = `${new URL(slugs.url).origin}/made-up`;
    for (let i = 0; i < 50; i++) {
      const response = await certificate(slugs, slugs.emailClaims({ iss: made }));
      assert.equal(response.status, 401, response.message);
      assert.match(response.headers.get('www-authenticate') ?? '', /invalid_token/);
      assert.match(
        response.message,
        /^there is no OpenID issuer "http:\/\/127\.0\.0\.1:\d+\/made-up": its discovery document .* answered HTTP 404/,
      );
    }
    assert.equal(requests.get(slugs), 3);
  });

  it('answers 503 while an issuer is down, and asks it once for 50 requests', async () => {
    for (let i = 0; i < 50; i++) {
      const response = await certificate(down, down.emailClaims());
      assert.equal(response.status, 503, response.message);
      assert.ok(response.headers.get('retry-after'));
      assert.match(response.message, /answered HTTP 503/);
    }
    assert.equal(requests.get(down), 1);
  });

  it('answers 401 with the reason when discovery names another issuer, asking once', async () => {
    for (let i = 0; i < 50; i++) {
      const response = await certificate(liar, liar.emailClaims());
      assert.equal(response.status, 401, response.message);
      assert.match(response.message, /names the issuer ".*\/", .*differs by a trailing slash/);
    }
    assert.equal(requests.get(liar), 1);
  });

  it('asks about a bounded number of new slugs, however many are made up', async () => {
    const origin = new URL(slugs.url).origin;
    const before = requests.get(slugs) ?? 0;
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const response = await certificate(slugs, slugs.emailClaims({ iss: `${origin}/fake-${i}` }));
      statuses.push(response.status);
      if (response.status === 503) assert.match(response.message, /^not looking up the issuer/);
      else assert.equal(response.status, 401, response.message);
    }
    const asked = (requests.get(slugs) ?? 0) - before;
    assert.ok(asked <= DEFAULT_META_DISCOVERY_BUDGET, `${asked} discovery requests`);
    assert.equal(statuses.filter((status) => status === 401).length, asked);
    // The enterprise slug seen first still works, without asking its provider again.
    const response = await certificate(slugs, slugs.emailClaims(), false);
    assert.equal(response.status, 200, response.message);
    assert.equal(requests.get(slugs), before + asked);
  });
});
