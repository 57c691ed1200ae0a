/**
 * IssuerKeys at the edges discovery.test.ts leaves open: which key may verify which algorithm,
 * malformed discovery documents, the exact moments the cache refetches or gives up on stale
 * keys, and what it reports. Each case was one a mutation run (`npm run mutate`) showed no test
 * held.
 */
import assert from 'node:assert/strict';
import { type KeyObject, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  type CachedKey,
  IssuerKeys,
  importJwks,
  keyAlgorithmProblem,
} from '../../src/oidc/discovery.js';
import { OidcError } from '../../src/oidc/error.js';
import { keyFacts } from '../../src/core/spki.js';
import {
  type TestIssuer,
  type TestKey,
  generateTestKey,
  startTestIssuer,
} from '../helpers/oidc.js';

async function rejects(promise: Promise<unknown>, code: string, message: RegExp | string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OidcError, String(error));
    assert.equal(error.code, code, error.message);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

/** A public key as the cache holds it, from the DER of a fresh pair (never a JWK export). */
function cached(pair: { publicKey: KeyObject }, alg?: string): CachedKey {
  const key = createPublicKey({
    key: pair.publicKey.export({ format: 'der', type: 'spki' }),
    format: 'der',
    type: 'spki',
  });
  return { ...keyFacts(key), type: 'test', ...(alg !== undefined && { alg }) };
}

/** The published key without its `alg`, so that only the key's own type decides. */
const unpinned = (key: TestKey): TestKey => ({ ...key, jwk: { ...key.jwk, alg: undefined } });

describe('keyAlgorithmProblem', () => {
  const rsa2048 = cached(generateKeyPairSync('rsa', { modulusLength: 2048 }));
  const rsa1024 = cached(generateKeyPairSync('rsa', { modulusLength: 1024 }));
  const p256 = cached(generateKeyPairSync('ec', { namedCurve: 'P-256' }));
  const p384 = cached(generateKeyPairSync('ec', { namedCurve: 'P-384' }));
  const p521 = cached(generateKeyPairSync('ec', { namedCurve: 'P-521' }));
  const ed25519 = cached(generateKeyPairSync('ed25519'));

  it('pairs each algorithm with its key type, curve and RSA size', () => {
    for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']) {
      assert.equal(keyAlgorithmProblem(rsa2048, alg), undefined, alg);
      assert.equal(keyAlgorithmProblem(rsa1024, alg), `${alg} needs at least 2048 bits`);
      assert.equal(keyAlgorithmProblem(p256, alg), `${alg} needs an RSA key`);
    }
    assert.equal(keyAlgorithmProblem(p256, 'ES256'), undefined);
    assert.equal(keyAlgorithmProblem(p384, 'ES384'), undefined);
    assert.equal(keyAlgorithmProblem(p521, 'ES512'), undefined);
    assert.equal(keyAlgorithmProblem(p256, 'ES384'), 'ES384 needs an EC P-384 key');
    assert.equal(keyAlgorithmProblem(p384, 'ES512'), 'ES512 needs an EC P-521 key');
    assert.equal(keyAlgorithmProblem(rsa2048, 'ES256'), 'ES256 needs an EC P-256 key');
    assert.equal(keyAlgorithmProblem(ed25519, 'EdDSA'), undefined);
    assert.equal(keyAlgorithmProblem(p256, 'EdDSA'), 'EdDSA needs an Ed25519 key');
    for (const alg of ['RS1024', 'XRS256', 'RS256X', 'HS256', 'Ed448']) {
      assert.equal(
        keyAlgorithmProblem(rsa2048, alg),
        `${alg} is not an algorithm the key cache knows`,
      );
    }
  });

  it('lets a JWKS alg pin narrow a key to one algorithm', () => {
    const pinned = cached(generateKeyPairSync('rsa', { modulusLength: 2048 }), 'PS256');
    assert.equal(keyAlgorithmProblem(pinned, 'PS256'), undefined);
    assert.equal(keyAlgorithmProblem(pinned, 'RS256'), 'the JWKS pins it to PS256');
  });
});

describe('IssuerKeys', () => {
  let issuer: TestIssuer;
  let t: number;
  const now = (): number => t;
  beforeEach(async () => {
    issuer = await startTestIssuer({ keyType: 'ec', keyCount: 0 });
    t = Date.parse('2026-11-23T10:00:00Z');
  });
  afterEach(() => issuer.close());

  /** Serves `body` at the discovery path instead of the real document. */
  const discovery = (body: unknown, status = 200): void => {
    issuer.intercept = (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.endsWith('/.well-known/openid-configuration')) return false;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    };
  };

  it('chooses a key by its type when the JWKS pins no alg, and says why one does not fit', async () => {
    const ec = issuer.publish(unpinned(generateTestKey('ec', 'ec-1')));
    issuer.publish(unpinned(generateTestKey('ed25519', 'ed-1')));
    const keys = new IssuerKeys(issuer.url, { now });
    assert.ok((await keys.getKey('ES256', 'ec-1')).key.equals(ec.publicKey));
    assert.equal((await keys.getKey('EdDSA', undefined)).key.asymmetricKeyType, 'ed25519');
    await rejects(
      keys.getKey('RS256', 'ec-1'),
      'KEY_UNKNOWN',
      `key "ec-1" in the JWKS of ${issuer.url} is EC P-256 and cannot verify RS256: RS256 needs an RSA key`,
    );
    await rejects(
      keys.getKey('ES384', undefined),
      'KEY_UNKNOWN',
      `the token has no kid and the JWKS of ${issuer.url} has no key usable with ES384 (keys: ec-1, ed-1; refetched 0 s ago)`,
    );
    assert.deepEqual(keys.describe().keys, [
      { kid: 'ec-1', type: 'EC P-256' },
      { kid: 'ed-1', type: 'Ed25519' },
    ]);
  });

  it('uses the first of several entries with one kid that fits the algorithm', async () => {
    const ec = generateTestKey('ec', 'same');
    issuer.publish(unpinned(generateTestKey('ed25519', 'same')));
    issuer.publish(unpinned(ec));
    const keys = new IssuerKeys(issuer.url, { now });
    assert.ok((await keys.getKey('ES256', 'same')).key.equals(ec.publicKey));
    await rejects(
      keys.getKey('ES384', 'same'),
      'KEY_UNKNOWN',
      `key "same" in the JWKS of ${issuer.url} is Ed25519 and cannot verify ES384: ES384 needs an EC P-384 key`,
    );
  });

  it('refuses discovery documents without an issuer or jwks_uri string, and 410 as no issuer', async () => {
    const where = `the discovery document ${issuer.url}/.well-known/openid-configuration`;
    const cases: Array<[unknown, string]> = [
      [[], `${where} is not a JSON object`],
      [null, `${where} is not a JSON object`],
      ['text', `${where} is not a JSON object`],
      [{ jwks_uri: `${issuer.url}/jwks` }, `${where} has no "issuer" string`],
      [{ issuer: 5, jwks_uri: `${issuer.url}/jwks` }, `${where} has no "issuer" string`],
      [{ issuer: issuer.url }, `${where} has no "jwks_uri" string`],
      [{ issuer: issuer.url, jwks_uri: '' }, `${where} has no "jwks_uri" string`],
      [{ issuer: issuer.url, jwks_uri: 7 }, `${where} has no "jwks_uri" string`],
    ];
    for (const [body, message] of cases) {
      discovery(body);
      await rejects(new IssuerKeys(issuer.url, { now }).refresh(), 'DISCOVERY_FAILED', message);
    }
    discovery({}, 410);
    await rejects(
      new IssuerKeys(issuer.url, { now }).refresh(),
      'ISSUER_NOT_FOUND',
      new RegExp(
        `^there is no OpenID issuer "${issuer.url.replace(/\./g, '\\.')}": .* answered HTTP 410`,
      ),
    );
    discovery({}, 500);
    await rejects(new IssuerKeys(issuer.url, { now }).refresh(), 'DISCOVERY_FAILED', /HTTP 500/);
  });

  it('refetches exactly at max age, and gives up on stale keys exactly at the stale limit', async () => {
    issuer.publish(generateTestKey('ec', 'k'));
    const keys = new IssuerKeys(issuer.url, {
      now,
      maxAgeMs: 1_000,
      staleIfErrorMs: 2_000,
      cooldownMs: 500,
    });
    await keys.getKey('ES256', 'k');
    t += 999;
    await keys.getKey('ES256', 'k');
    assert.equal(issuer.fetches.jwks, 1);
    t += 1;
    await keys.getKey('ES256', 'k');
    assert.equal(issuer.fetches.jwks, 2);
    const fetchedAt = t;
    let down = 0;
    issuer.intercept = (_req, res) => {
      down++;
      res.writeHead(503).end();
      return true;
    };
    // Stale but within max age + stale-if-error: the cached key still answers.
    t = fetchedAt + 2_999;
    await keys.getKey('ES256', 'k');
    assert.equal(down, 1);
    assert.equal(keys.describe().lastAttemptAt, new Date(t).toISOString());
    // Within the cooldown of that failure nothing is fetched, and the limit is checked alone.
    t = fetchedAt + 3_000;
    await rejects(
      keys.getKey('ES256', 'k'),
      'JWKS_FAILED',
      /^the keys of http:\/\/127\.0\.0\.1:\d+ are 3 s old and could not be refreshed: cannot fetch the OpenID discovery document .* answered HTTP 503/,
    );
    assert.equal(down, 1);
    t = fetchedAt + 3_498;
    await rejects(keys.getKey('ES256', 'k'), 'JWKS_FAILED', /are 3 s old/);
    assert.equal(down, 1);
    // Once cooled down it asks again, and the fetch's own failure is what the caller gets.
    t = fetchedAt + 3_499;
    await rejects(keys.getKey('ES256', 'k'), 'DISCOVERY_FAILED', /answered HTTP 503/);
    assert.equal(down, 2);
  });

  it('says when refetching for an unknown kid failed', async () => {
    issuer.publish(generateTestKey('ec', 'k'));
    const keys = new IssuerKeys(issuer.url, { now, cooldownMs: 1_000 });
    await keys.getKey('ES256', 'k');
    const jwksPath = new URL(issuer.jwksUrl).pathname;
    issuer.intercept = (req, res) => {
      if (req.url !== jwksPath) return false;
      res.writeHead(503).end();
      return true;
    };
    t += 1_000;
    await rejects(
      keys.getKey('ES256', 'other'),
      'KEY_UNKNOWN',
      new RegExp(
        `^no key "other" in the JWKS of .* \\(keys: k; refetched 1 s ago\\); refetching the JWKS failed: cannot fetch the JWKS of .* answered HTTP 503`,
      ),
    );
    // The refetch reused the discovery document: only the JWKS was asked for again.
    assert.deepEqual(issuer.fetches, { discovery: 1, jwks: 1 });
    assert.match(keys.describe().lastError ?? '', /HTTP 503/);
  });

  it('reports the cache state, skipped entries included', async () => {
    const keys = new IssuerKeys(issuer.url, { now });
    assert.deepEqual(keys.describe(), {
      issuer: issuer.url,
      discoveryUrl: `${issuer.url}/.well-known/openid-configuration`,
      keys: [],
      skippedKeys: [],
      fetches: { discovery: 0, jwks: 0 },
    });
    assert.equal(keys.hasKeys(), false);
    const key = issuer.publish(generateTestKey('ec', 'k'));
    issuer.publish({ ...key, jwk: { ...key.jwk, kid: 'enc', use: 'enc' } });
    await keys.refresh();
    assert.equal(keys.hasKeys(), true);
    const status = keys.describe();
    assert.deepEqual(status.keys, [{ kid: 'k', type: 'EC P-256', alg: 'ES256' }]);
    assert.deepEqual(status.skippedKeys, ['key 1 (kid "enc"): its use is "enc", not "sig"']);
    assert.equal(status.fetchedAt, new Date(t).toISOString());
    assert.equal(status.lastAttemptAt, new Date(t).toISOString());
    assert.equal(status.lastError, undefined);
  });
});

describe('importJwks', () => {
  const url = 'https://idp.example.com/jwks';
  const good = generateTestKey('ec', 'good');

  it('imports at most 100 entries, and says how many it left out', () => {
    const entries = Array.from({ length: 103 }, (_, i) => ({ ...good.jwk, kid: `k${i}` }));
    const { keys, skipped } = importJwks({ keys: entries }, url);
    assert.equal(keys.length, 100);
    assert.equal(keys.at(-1)?.kid, 'k99');
    assert.deepEqual(skipped, ['3 keys beyond the first 100 ignored']);
    assert.deepEqual(importJwks({ keys: entries.slice(0, 100) }, url).skipped, []);
  });

  it('names each unusable entry, without a kid when it has none', () => {
    const noKid = { ...good.jwk, kid: undefined };
    // An OKP key for key agreement, not signatures: its raw key is the SPKI's last 32 bytes.
    const spki = generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' });
    const x25519 = { kty: 'OKP', crv: 'X25519', x: spki.subarray(-32).toString('base64url') };
    const { keys, skipped } = importJwks(
      {
        keys: [
          noKid,
          { ...good.jwk, kid: 5 },
          { ...good.jwk, kid: 'alg', alg: 256 },
          { ...noKid, use: 'enc' },
          { ...good.jwk, kid: 'rsa-p', kty: 'RSA', p: 'AQAB' },
          { ...x25519, kid: 'x' },
          [good.jwk],
          null,
        ],
      },
      url,
    );
    assert.deepEqual(keys, [
      {
        alg: 'ES256',
        key: keys[0]?.key,
        keyType: 'ec',
        namedCurve: 'prime256v1',
        type: 'EC P-256',
      },
    ]);
    assert.deepEqual(skipped, [
      'key 1: its kid is not a string',
      'key 2 (kid "alg"): its alg is not a string',
      'key 3: its use is "enc", not "sig"',
      'key 4 (kid "rsa-p"): it contains private key material',
      'key 5 (kid "x"): it is an x25519 key, not usable for JWS',
      'key 6: not an object',
      'key 7: not an object',
    ]);
    assert.throws(() => importJwks({ keys: [null, { kty: 'oct' }] }, url), {
      code: 'JWKS_FAILED',
      message: `the JWKS ${url} has no usable signature key: key 0: not an object; key 1: kty "oct" is not RSA, EC or OKP`,
    });
    for (const document of [null, 'keys', { keys: {} }]) {
      assert.throws(() => importJwks(document, url), {
        code: 'JWKS_FAILED',
        message: `the JWKS ${url} has no "keys" array`,
      });
    }
  });
});
