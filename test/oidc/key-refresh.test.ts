/**
 * When IssuerKeys asks the issuer again, and with which limits: its own fetch options reach
 * every request, a found key costs no request even after the cooldown, refresh() rereads the
 * discovery document, and keys without kid or alg are reported as they are. Each case was one
 * a mutation run (`npm run mutate`) showed no test held.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { IssuerKeys } from '../../src/oidc/discovery.js';
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

  it('rereads the discovery document on refresh()', async () => {
    const keys = new IssuerKeys(issuer.url, { now });
    await keys.refresh();
    await keys.refresh();
    assert.deepEqual(issuer.fetches, { discovery: 2, jwks: 2 });
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
