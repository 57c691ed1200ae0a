/**
 * When IssuerKeys asks the issuer again, and with which limits: its own fetch options reach
 * every request, a found key costs no request even after the cooldown, refresh() rereads the
 * discovery document, and keys without kid or alg are reported as they are. Each case was one
 * a mutation run (`npm run mutate`) showed no test held.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { IssuerKeys, importJwks } from '../../src/oidc/discovery.js';
import { OidcError } from '../../src/oidc/error.js';
import { type TestIssuer, generateTestKey, startTestIssuer } from '../helpers/oidc.js';

async function rejects(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OidcError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    return true;
  });
}

describe('IssuerKeys fetching', () => {
  let issuer: TestIssuer;
  let t: number;
  const now = (): number => t;
  beforeEach(async () => {
    issuer = await startTestIssuer({ keyType: 'ec', keyCount: 1 });
    t = Date.parse('2026-11-23T10:00:00Z');
  });
  afterEach(() => issuer.close());

  it('drops every trailing slash before the well-known path', () => {
    assert.equal(
      new IssuerKeys('https://gitlab.example.com//').discoveryUrl,
      'https://gitlab.example.com/.well-known/openid-configuration',
    );
  });

  it('applies its timeout and size limit to each request', async () => {
    issuer.intercept = (_req, res) => {
      // Headers, then nothing: only the deadline ends the request.
      res.writeHead(200).write('{');
      return true;
    };
    await rejects(
      new IssuerKeys(issuer.url, { now, timeoutMs: 50 }).refresh(),
      'DISCOVERY_FAILED',
      /: no complete answer within 50 ms$/,
    );
    issuer.intercept = (_req, res) => {
      res.writeHead(200).end(JSON.stringify({ issuer: issuer.url, padding: 'x'.repeat(200) }));
      return true;
    };
    await rejects(
      new IssuerKeys(issuer.url, { now, maxResponseBytes: 100 }).refresh(),
      'DISCOVERY_FAILED',
      /: the response exceeds 100 bytes$/,
    );
  });

  it('asks nothing for a key it holds, even once the cooldown has passed', async () => {
    const keys = new IssuerKeys(issuer.url, { now, cooldownMs: 1_000, maxAgeMs: 60_000 });
    await keys.getKey('ES256', 'key-1');
    t += 5_000;
    await keys.getKey('ES256', 'key-1');
    await keys.getKey('ES256', undefined);
    // Nor for a key that is there but cannot verify the algorithm: a refetch would not help.
    await rejects(keys.getKey('ES384', 'key-1'), 'KEY_UNKNOWN', /cannot verify ES384/);
    assert.deepEqual(issuer.fetches, { discovery: 1, jwks: 1 });
  });

  it('refetches for a token without kid only when no key fits, not when several do', async () => {
    const keys = new IssuerKeys(issuer.url, { now, cooldownMs: 1_000 });
    await rejects(keys.getKey('EdDSA', undefined), 'KEY_UNKNOWN', /no key usable with EdDSA/);
    const ed = issuer.publish(generateTestKey('ed25519', 'ed-1'));
    t += 1_000;
    assert.ok((await keys.getKey('EdDSA', undefined)).key.equals(ed.publicKey));
    assert.equal(issuer.fetches.jwks, 2);
    issuer.publish(generateTestKey('ec', 'key-2'));
    await keys.refresh();
    t += 1_000;
    await rejects(keys.getKey('ES256', undefined), 'KEY_UNKNOWN', /has 2 keys usable with ES256/);
    assert.equal(issuer.fetches.jwks, 3);
  });

  it('skips a JWKS entry carrying any private member', () => {
    const key = generateTestKey('ec', 'k');
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
      const { skipped } = importJwks({ keys: [key.jwk, { ...key.jwk, [member]: 'AQAB' }] }, 'u');
      assert.deepEqual(skipped, ['key 1 (kid "k"): it contains private key material'], member);
    }
  });

  it('rereads the discovery document on refresh()', async () => {
    const keys = new IssuerKeys(issuer.url, { now });
    await keys.refresh();
    await keys.refresh();
    assert.deepEqual(issuer.fetches, { discovery: 2, jwks: 2 });
  });

  it('lets callers join a fetch in flight instead of answering the last failure', async () => {
    const keys = new IssuerKeys(issuer.url, { now, cooldownMs: 1_000 });
    issuer.intercept = (_req, res) => {
      res.writeHead(503).end();
      return true;
    };
    await rejects(keys.getKey('ES256', 'key-1'), 'DISCOVERY_FAILED', /HTTP 503/);
    t += 500;
    await assert.rejects(keys.getKey('ES256', 'key-1'), (error: unknown) => {
      assert.ok(error instanceof OidcError);
      assert.match(error.message, /HTTP 503.*; not asked again before 2026-11-23T10:00:01\.000Z$/);
      assert.ok(error.cause instanceof OidcError && error.cause.code === 'DISCOVERY_FAILED');
      return true;
    });
    // The issuer is back. The first caller's fetch marks a new attempt at once; a second
    // caller arriving before it ends must wait for it, not answer the old failure.
    t += 500;
    issuer.intercept = undefined;
    const before = { ...issuer.fetches };
    const first = keys.getKey('ES256', 'key-1');
    const second = keys.getKey('ES256', 'key-1');
    const [a, b] = await Promise.all([first, second]);
    assert.ok(a.key.equals(b.key));
    assert.deepEqual(issuer.fetches, { discovery: before.discovery + 1, jwks: before.jwks + 1 });
  });

  it('says which document failed: the JWKS, or a discovery document that does not exist', async () => {
    const jwksPath = new URL(issuer.jwksUrl).pathname;
    issuer.intercept = (req, res) => {
      if (req.url !== jwksPath) return false;
      res.writeHead(500).end();
      return true;
    };
    await rejects(
      new IssuerKeys(issuer.url, { now }).refresh(),
      'JWKS_FAILED',
      /^cannot fetch the JWKS of http:\/\/127\.0\.0\.1:\d+ .*answered HTTP 500/,
    );
    issuer.intercept = (_req, res) => {
      res.writeHead(404).end();
      return true;
    };
    await assert.rejects(new IssuerKeys(issuer.url, { now }).refresh(), (error: unknown) => {
      assert.ok(error instanceof OidcError && error.code === 'ISSUER_NOT_FOUND');
      assert.ok(error.cause instanceof OidcError && error.cause.code === 'DISCOVERY_FAILED');
      return true;
    });
  });

  it('lists keys without kid or alg as they are', async () => {
    const bare = generateTestKey('ec', 'unused');
    issuer.unpublish('key-1');
    issuer.publish({ ...bare, jwk: { ...bare.jwk, kid: undefined, alg: undefined } });
    const keys = new IssuerKeys(issuer.url, { now });
    await keys.refresh();
    assert.deepEqual(keys.describe().keys, [{ type: 'EC P-256' }]);
    await rejects(
      keys.getKey('ES256', 'key-1'),
      'KEY_UNKNOWN',
      /\(keys: \(no kid, EC P-256\); refetched 0 s ago\)$/,
    );
  });
});
