import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IssuerKeys, importJwks } from '../../src/oidc/discovery.js';
import { OidcError } from '../../src/oidc/error.js';
import { fetchJson } from '../../src/oidc/fetch.js';
import { type TestIssuer, generateTestKey, startTestIssuer } from '../helpers/oidc.js';
import { requireTool } from '../helpers/tools.js';

async function rejects(
  promise: Promise<unknown>,
  code: string,
  message: RegExp,
): Promise<OidcError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof OidcError, String(caught));
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, message);
  return caught;
}

/** A movable clock for cache tests. */
function clock(): { now: () => number; advance(ms: number): void } {
  let t = Date.parse('2026-11-23T10:00:00Z');
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('fetchJson', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await startTestIssuer();
  });
  after(() => issuer.close());

  const options = { errorCode: 'JWKS_FAILED' as const, what: 'JWKS' };

  it('fetches JSON whatever the content type says', async () => {
    issuer.intercept = (req, res) => {
      if (req.url !== '/text') return false;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('{"ok":true}');
      return true;
    };
    assert.deepEqual(await fetchJson(`${issuer.url}/text`, options), { ok: true });
  });

  it('refuses redirects, naming the Location', async () => {
    issuer.intercept = (_req, res) => {
      res.writeHead(302, { location: 'https://elsewhere.example/jwks' }).end();
      return true;
    };
    await rejects(
      fetchJson(`${issuer.url}/jwks`, options),
      'JWKS_FAILED',
      new RegExp(
        `^cannot fetch the JWKS ${issuer.url}/jwks: answered HTTP 302, a redirect to https://elsewhere\\.example/jwks; redirects are not followed`,
      ),
    );
  });

  it('names the status, the size limit, the timeout and non-JSON bodies', async () => {
    issuer.intercept = (req, res) => {
      if (req.url === '/missing') res.writeHead(404).end();
      else if (req.url === '/big')
        res.writeHead(200, { 'content-length': 2048 }).end('x'.repeat(2048));
      else if (req.url === '/stream') res.writeHead(200).end('x'.repeat(2048));
      else if (req.url === '/html') res.writeHead(200).end('<html>');
      else if (req.url === '/slow') res.writeHead(200).write('{');
      else return false;
      return true;
    };
    await rejects(
      fetchJson(`${issuer.url}/missing`, options),
      'JWKS_FAILED',
      /\/missing: answered HTTP 404 Not Found$/,
    );
    await rejects(
      fetchJson(`${issuer.url}/big`, { ...options, maxBytes: 1024 }),
      'JWKS_FAILED',
      /\/big: the response is 2048 bytes, above the limit of 1024$/,
    );
    await rejects(
      fetchJson(`${issuer.url}/stream`, { ...options, maxBytes: 1024 }),
      'JWKS_FAILED',
      /\/stream: the response exceeds 1024 bytes$/,
    );
    await rejects(
      fetchJson(`${issuer.url}/html`, options),
      'JWKS_FAILED',
      /\/html: answered HTTP 200 with 6 bytes that are not JSON$/,
    );
    await rejects(
      fetchJson(`${issuer.url}/slow`, { ...options, timeoutMs: 100 }),
      'JWKS_FAILED',
      /\/slow: no complete answer within 100 ms$/,
    );
  });

  it('refuses plain http except on loopback, and names connection errors', async () => {
    issuer.intercept = undefined;
    await rejects(
      fetchJson('http://idp.example.com/jwks', options),
      'JWKS_FAILED',
      /^cannot fetch the JWKS http:\/\/idp\.example\.com\/jwks: plain http is allowed only for loopback hosts/,
    );
    const closed = await startTestIssuer();
    await closed.close();
    await rejects(fetchJson(`${closed.url}/jwks`, options), 'JWKS_FAILED', /ECONNREFUSED/);
  });
});

describe('fetchJson over https with a private CA (GHES, self-managed GitLab)', () => {
  it('trusts the configured CA bundle, and only it', async (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    const dir = mkdtempSync(join(tmpdir(), 'signet-oidc-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=ghes.test',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const pem = readFileSync(cert, 'utf8');
    const server = createServer({ cert: pem, key: readFileSync(key) }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    try {
      const options = { errorCode: 'JWKS_FAILED' as const, what: 'JWKS' };
      assert.deepEqual(await fetchJson(url, { ...options, ca: pem }), { keys: [] });
      await rejects(
        fetchJson(url, options),
        'JWKS_FAILED',
        /^cannot fetch the JWKS https:\/\/127\.0\.0\.1:\d+\/jwks: self[- ]signed certificate/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('IssuerKeys', () => {
  it('checks the discovery issuer byte for byte and explains the difference', async () => {
    const cases: Array<[(url: string) => string, string]> = [
      [(url) => `${url}/`, 'differs by a trailing slash'],
      [(url) => url.toUpperCase(), 'differs by letter case'],
      [(url) => url.replace('http:', 'https:'), 'differs by scheme (https instead of http)'],
      [(url) => `${url}/acme`, 'has the extra path "/acme"'],
    ];
    for (const [override, difference] of cases) {
      const issuer = await startTestIssuer({
        issuerOverride: override,
        keyType: 'ec',
        keyCount: 1,
      });
      try {
        const keys = new IssuerKeys(issuer.url);
        const claimed = JSON.stringify(override(issuer.url));
        await rejects(
          keys.getKey('ES256', 'key-1'),
          'DISCOVERY_ISSUER_MISMATCH',
          new RegExp(
            `^the discovery document ${issuer.url}/\\.well-known/openid-configuration names the issuer ${escape(claimed)}, but tokens name "${escape(issuer.url)}"; it ${escape(difference)}\\.`,
          ),
        );
        assert.equal(issuer.fetches.jwks, 0);
      } finally {
        await issuer.close();
      }
    }
  });

  it('remembers a failed discovery for the cooldown instead of asking again', async () => {
    const issuer = await startTestIssuer();
    const time = clock();
    let requests = 0;
    let down = true;
    issuer.intercept = (_req, res) => {
      requests++;
      if (!down) return false;
      res.writeHead(503).end();
      return true;
    };
    try {
      const keys = new IssuerKeys(issuer.url, { now: time.now, cooldownMs: 30_000 });
      // Concurrent and sequential callers: one fetch between them.
      await Promise.all(
        Array.from({ length: 25 }, () =>
          rejects(keys.getKey('RS256', 'key-1'), 'DISCOVERY_FAILED', /answered HTTP 503/),
        ),
      );
      for (let i = 0; i < 25; i++) {
        time.advance(1_000);
        await rejects(
          keys.getKey('RS256', `key-${i}`),
          'DISCOVERY_FAILED',
          /answered HTTP 503.*; not asked again before 2026-11-23T10:00:30\.000Z$/,
        );
      }
      assert.equal(requests, 1);
      down = false;
      time.advance(5_000);
      await keys.getKey('RS256', 'key-1');
      assert.equal(requests, 3, 'discovery and JWKS once the cooldown has passed');
    } finally {
      await issuer.close();
    }
  });

  it('says an issuer whose discovery document is 404 does not exist, and remembers it', async () => {
    const issuer = await startTestIssuer({ path: '/acme' });
    const time = clock();
    let requests = 0;
    issuer.intercept = () => {
      requests++;
      return false;
    };
    try {
      const made = `${new URL(issuer.url).origin}/made-up`;
      const keys = new IssuerKeys(made, { now: time.now, cooldownMs: 30_000 });
      for (let i = 0; i < 50; i++) {
        await rejects(
          keys.getKey('RS256', 'key-1'),
          'ISSUER_NOT_FOUND',
          new RegExp(
            `^there is no OpenID issuer "${escape(made)}": its discovery document ${escape(made)}/\\.well-known/openid-configuration answered HTTP 404`,
          ),
        );
      }
      assert.equal(requests, 1);
      time.advance(30_000);
      await rejects(keys.getKey('RS256', 'key-1'), 'ISSUER_NOT_FOUND', /HTTP 404/);
      assert.equal(requests, 2);
    } finally {
      await issuer.close();
    }
  });

  it('remembers a discovery document that names another issuer', async () => {
    const issuer = await startTestIssuer({ issuerOverride: (url) => `${url}/` });
    const time = clock();
    try {
      const keys = new IssuerKeys(issuer.url, { now: time.now, cooldownMs: 30_000 });
      for (let i = 0; i < 50; i++) {
        await rejects(
          keys.getKey('RS256', 'key-1'),
          'DISCOVERY_ISSUER_MISMATCH',
          /names the issuer .*differs by a trailing slash/,
        );
      }
      assert.deepEqual(issuer.fetches, { discovery: 1, jwks: 0 });
      assert.match(keys.describe().lastError ?? '', /differs by a trailing slash/);
    } finally {
      await issuer.close();
    }
  });

  it('joins the discovery path without doubling slashes', () => {
    assert.equal(
      new IssuerKeys('https://gitlab.example.com/').discoveryUrl,
      'https://gitlab.example.com/.well-known/openid-configuration',
    );
    assert.equal(
      new IssuerKeys('https://ghes.example.com/_services/token').discoveryUrl,
      'https://ghes.example.com/_services/token/.well-known/openid-configuration',
    );
  });

  it('fetches once for many lookups, and shares a fetch between concurrent callers', async () => {
    const issuer = await startTestIssuer({ path: '/_services/token' });
    try {
      const keys = new IssuerKeys(issuer.url);
      const found = await Promise.all(
        Array.from({ length: 20 }, () => keys.getKey('RS256', 'key-1')),
      );
      for (let i = 0; i < 5; i++) await keys.getKey('RS256', 'key-2');
      assert.deepEqual(issuer.fetches, { discovery: 1, jwks: 1 });
      assert.equal(found[0]?.key.asymmetricKeyType, 'rsa');
      assert.ok(found.every((key) => key === found[0]));
      const status = keys.describe();
      assert.equal(status.discoveryIssuer, issuer.url);
      assert.equal(status.jwksUri, issuer.jwksUrl);
      assert.deepEqual(status.keys, [
        { kid: 'key-1', type: 'RSA 2048-bit', alg: 'RS256' },
        { kid: 'key-2', type: 'RSA 2048-bit', alg: 'RS256' },
      ]);
      assert.deepEqual(status.fetches, { discovery: 1, jwks: 1 });
      assert.ok(status.fetchedAt !== undefined && status.lastError === undefined);
    } finally {
      await issuer.close();
    }
  });

  it('refetches for an unknown kid at most once per cooldown', async () => {
    const issuer = await startTestIssuer();
    const time = clock();
    try {
      const keys = new IssuerKeys(issuer.url, { now: time.now, cooldownMs: 30_000 });
      await keys.getKey('RS256', 'key-1');
      assert.equal(issuer.fetches.jwks, 1);
      // Within the cooldown of the first fetch: no refetch.
      await rejects(
        keys.getKey('RS256', 'nope'),
        'KEY_UNKNOWN',
        /^no key "nope" in the JWKS of http:\/\/127\.0\.0\.1:\d+ \(keys: key-1, key-2; refetched 0 s ago\)$/,
      );
      assert.equal(issuer.fetches.jwks, 1);
      time.advance(31_000);
      await rejects(
        keys.getKey('RS256', 'nope'),
        'KEY_UNKNOWN',
        /\(keys: key-1, key-2; refetched 0 s ago\)$/,
      );
      assert.equal(issuer.fetches.jwks, 2);
      time.advance(12_000);
      for (let i = 0; i < 10; i++) {
        await rejects(keys.getKey('RS256', `nope-${i}`), 'KEY_UNKNOWN', /refetched 12 s ago\)$/);
      }
      assert.equal(issuer.fetches.jwks, 2);
      assert.equal(issuer.fetches.discovery, 1);
    } finally {
      await issuer.close();
    }
  });

  it('picks up a rotated key after the cooldown, and expires keys after max age', async () => {
    const issuer = await startTestIssuer({ keyType: 'ec' });
    const time = clock();
    try {
      const keys = new IssuerKeys(issuer.url, { now: time.now, maxAgeMs: 600_000 });
      await keys.getKey('ES256', 'key-1');
      const next = issuer.rotate();
      time.advance(30_000);
      const key = await keys.getKey('ES256', next.kid);
      assert.ok(key.key.equals(next.publicKey));
      assert.deepEqual(issuer.fetches, { discovery: 1, jwks: 2 });
      // The old key is gone from the JWKS and so from the cache.
      await rejects(keys.getKey('ES256', 'key-1'), 'KEY_UNKNOWN', new RegExp(`keys: ${next.kid};`));
      time.advance(600_000);
      await keys.getKey('ES256', next.kid);
      assert.deepEqual(issuer.fetches, { discovery: 2, jwks: 3 });
    } finally {
      await issuer.close();
    }
  });

  it('keeps stale keys through an outage, within the stale-if-error window', async () => {
    const issuer = await startTestIssuer();
    const time = clock();
    try {
      const keys = new IssuerKeys(issuer.url, {
        now: time.now,
        maxAgeMs: 600_000,
        staleIfErrorMs: 3_600_000,
      });
      await keys.getKey('RS256', 'key-1');
      issuer.intercept = (_req, res) => {
        res.writeHead(503).end();
        return true;
      };
      time.advance(700_000);
      await keys.getKey('RS256', 'key-1');
      assert.match(keys.describe().lastError ?? '', /answered HTTP 503 Service Unavailable/);
      time.advance(3_600_000);
      await rejects(keys.getKey('RS256', 'key-1'), 'DISCOVERY_FAILED', /answered HTTP 503/);
    } finally {
      await issuer.close();
    }
  });

  it('uses a key without kid only when it is the one usable key', async () => {
    const issuer = await startTestIssuer({ keyCount: 1 });
    try {
      issuer.publish(generateTestKey('ec', 'ec-1'));
      const keys = new IssuerKeys(issuer.url);
      const rsa = await keys.getKey('RS256', undefined);
      assert.equal(rsa.key.asymmetricKeyType, 'rsa');
      await rejects(
        keys.getKey('ES384', undefined),
        'KEY_UNKNOWN',
        /^the token has no kid and the JWKS of .* has no key usable with ES384 \(keys: key-1, ec-1; /,
      );
      issuer.publish(generateTestKey('rsa', 'key-2'));
      await keys.refresh();
      await rejects(
        keys.getKey('RS256', undefined),
        'KEY_UNKNOWN',
        /has 2 keys usable with RS256 \(key-1, key-2\); a kid is needed to choose$/,
      );
      await rejects(
        keys.getKey('ES256', 'key-1'),
        'KEY_UNKNOWN',
        /^key "key-1" in the JWKS of .* is RSA 2048-bit and cannot verify ES256: the JWKS pins it to RS256$/,
      );
    } finally {
      await issuer.close();
    }
  });
});

describe('importJwks', () => {
  it('skips unusable entries with the reason and refuses a JWKS with no usable key', () => {
    const good = generateTestKey('ec', 'good');
    const { keys, skipped } = importJwks(
      {
        keys: [
          good.jwk,
          { ...good.jwk, kid: 'enc', use: 'enc' },
          { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' },
          { ...good.jwk, kid: 'leaked', d: 'AAAA' },
          { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', kid: 'broken' },
          'text',
        ],
      },
      'https://idp.example.com/jwks',
    );
    assert.deepEqual(
      keys.map((k) => k.kid),
      ['good'],
    );
    assert.equal(skipped[0], 'key 1 (kid "enc"): its use is "enc", not "sig"');
    assert.equal(skipped[1], 'key 2 (kid "hmac"): kty "oct" is not RSA, EC or OKP');
    assert.equal(skipped[2], 'key 3 (kid "leaked"): it contains private key material');
    assert.match(skipped[3] ?? '', /^key 4 \(kid "broken"\): it cannot be imported: /);
    assert.equal(skipped[4], 'key 5: not an object');
    assert.throws(() => importJwks({ keys: [] }, 'https://idp.example.com/jwks'), {
      code: 'JWKS_FAILED',
      message: 'the JWKS https://idp.example.com/jwks has no usable signature key: it is empty',
    });
    assert.throws(() => importJwks({ jwks: [] }, 'https://idp.example.com/jwks'), {
      code: 'JWKS_FAILED',
      message: 'the JWKS https://idp.example.com/jwks has no "keys" array',
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
