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

/**
 * The slow issuer holds its JWKS until everyone else has been answered, or at most this long:
 * under the 5 s fetch deadline, so its own requests still succeed. The test asserts on the order
 * (all others answered while the JWKS was held), not on a latency, so a loaded machine cannot
 * fail it; a worker that waits on the JWKS holds the others until this cap and fails it.
 */
const SLOW_JWKS_CAP_MS = 4_500;
const WORKERS = 2;

let fast: TestIssuer;
let slow: TestIssuer;
let service: TestService;
const factory = new EntryFactory();
/** Slow JWKS requests received, and a wake-up for whoever waits on their count. */
let jwksRequests = 0;
let jwksRequested: (() => void) | undefined;
/** Answers every held JWKS request; true when the cap ran out rather than the others finishing. */
const held: ServerResponse[] = [];
let releasedByCap = false;
let capTimer: NodeJS.Timeout | undefined;
function releaseJwks(): void {
  clearTimeout(capTimer);
  for (const res of held.splice(0)) {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: slow.keys.map((k) => k.jwk) }));
  }
}

before(async () => {
  fast = await startTestIssuer({ path: '/_services/token', keyType: 'ec' });
  slow = await startTestIssuer({ path: '/_services/token', keyType: 'ec' });
  const jwksPath = new URL(slow.jwksUrl).pathname;
  slow.intercept = (req, res: ServerResponse) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== jwksPath) return false;
    jwksRequests++;
    held.push(res);
    capTimer ??= setTimeout(() => {
      releasedByCap = true;
      releaseJwks();
    }, SLOW_JWKS_CAP_MS);
    jwksRequested?.();
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
  releaseJwks();
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

/** The status, and whether the slow issuer's JWKS was still held when the answer came. */
async function answered(
  request: () => Promise<Response>,
): Promise<{ status: number; whileHeld: boolean }> {
  const response = await request();
  await response.arrayBuffer();
  return { status: response.status, whileHeld: held.length > 0 && !releasedByCap };
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
    const slowRequests = Array.from({ length: 2 * WORKERS }, () =>
      answered(() => certificate(slow)),
    );
    await slowJwksRequests(WORKERS);
    const others = await Promise.all([
      ...Array.from({ length: 10 }, () =>
        answered(() => post('/api/v2/log/entries', factory.request())),
      ),
      ...Array.from({ length: 3 }, () => answered(() => certificate(fast))),
    ]);
    releaseJwks();
    for (const [i, { status, whileHeld }] of others.entries()) {
      const what = i < 10 ? `log entry ${i}` : `certificate request ${i - 10} (fast issuer)`;
      assert.equal(status, i < 10 ? 201 : 200, what);
      assert.ok(whileHeld, `${what} was answered only after the slow issuer's JWKS was released`);
    }
    for (const { status, whileHeld } of await Promise.all(slowRequests)) {
      assert.equal(status, 200);
      assert.equal(whileHeld, false, 'a slow-issuer request was answered before its JWKS');
    }
  });
});
