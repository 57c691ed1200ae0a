import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { toPem } from '../../src/core/pem.js';
import { spkiOf } from '../../src/core/x509.js';
import { EntryFactory } from '../helpers/entries.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, startTestService } from '../helpers/server.js';

/**
 * One issuer whose JWKS answers slowly must not stall anyone else. Certificate requests and log
 * entries are checked in the same verification workers; a worker waiting on an issuer's network
 * must go on answering the jobs it can finish.
 */

/** How long the slow issuer takes to serve its JWKS: under the 5 s fetch deadline, so it succeeds. */
const SLOW_JWKS_MS = 4_000;
/** Everyone else is answered within this: a healthy request takes tens of milliseconds. */
const FAST_WITHIN_MS = 1_500;
const WORKERS = 2;

let fast: TestIssuer;
let slow: TestIssuer;
let service: TestService;
const factory = new EntryFactory();
/** Slow JWKS requests received, and a wake-up for whoever waits on their count. */
let jwksRequests = 0;
let jwksRequested: (() => void) | undefined;
const pending = new Set<NodeJS.Timeout>();

before(async () => {
  fast = await startTestIssuer({ path: '/_services/token', keyType: 'ec' });
  slow = await startTestIssuer({ path: '/_services/token', keyType: 'ec' });
  const jwksPath = new URL(slow.jwksUrl).pathname;
  slow.intercept = (req, res: ServerResponse) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== jwksPath) return false;
    jwksRequests++;
    jwksRequested?.();
    const timer = setTimeout(() => {
      pending.delete(timer);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: slow.keys.map((k) => k.jwk) }));
    }, SLOW_JWKS_MS);
    pending.add(timer);
    return true;
  };
  const github = (url: string) => ({
    IssuerURL: url,
    ClientID: 'sigstore',
    Type: 'github-workflow',
  });
  service = await startTestService({
    verifyWorkers: WORKERS,
    identity: { OIDCIssuers: { [fast.url]: github(fast.url), [slow.url]: github(slow.url) } },
  });
});

after(async () => {
  for (const timer of pending) clearTimeout(timer);
  await service?.dispose();
  await fast?.close();
  await slow?.close();
});

/** Resolves once the slow issuer has had `count` JWKS requests. */
function slowJwksRequests(count: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${jwksRequests} of ${count} JWKS requests within 10 s`)),
      10_000,
    );
    jwksRequested = () => {
      if (jwksRequests < count) return;
      clearTimeout(timer);
      jwksRequested = undefined;
      resolve();
    };
    jwksRequested();
  });
}

async function timed(request: () => Promise<Response>): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await request();
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function certificate(issuer: TestIssuer): Promise<Response> {
  const claims = issuer.githubClaims();
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return post(
    '/api/v2/signingCert',
    {
      publicKeyRequest: {
        publicKey: { content: toPem('PUBLIC KEY', spkiOf(privateKey)) },
        proofOfPossession: sign('sha256', Buffer.from(claims.sub as string), privateKey).toString(
          'base64',
        ),
      },
    },
    { authorization: `Bearer ${await issuer.mint(claims)}` },
  );
}

describe('an issuer whose JWKS is slow', () => {
  it("holds neither log entries nor another issuer's certificate requests, and is answered too", async () => {
    // Two requests per worker for the slow issuer: every worker now waits on its JWKS.
    const slowRequests = Array.from({ length: 2 * WORKERS }, () => timed(() => certificate(slow)));
    await slowJwksRequests(WORKERS);
    const others = await Promise.all([
      ...Array.from({ length: 10 }, () =>
        timed(() => post('/api/v2/log/entries', factory.request())),
      ),
      ...Array.from({ length: 3 }, () => timed(() => certificate(fast))),
    ]);
    for (const [i, { status, ms }] of others.entries()) {
      const what = i < 10 ? `log entry ${i}` : `certificate request ${i - 10} (fast issuer)`;
      assert.equal(status, i < 10 ? 201 : 200, what);
      assert.ok(
        ms < FAST_WITHIN_MS,
        `${what} took ${Math.round(ms)} ms while the slow issuer's JWKS was pending`,
      );
    }
    for (const { status, ms } of await Promise.all(slowRequests)) {
      assert.equal(status, 200);
      assert.ok(ms >= SLOW_JWKS_MS - 50, `a slow-issuer request took only ${Math.round(ms)} ms`);
    }
  });
});
