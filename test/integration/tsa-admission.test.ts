import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SERVER_DEFAULTS } from '../../server/config.js';
import { holdRequest } from '../helpers/held-request.js';
import { type TestService, startTestService } from '../helpers/server.js';

/**
 * Admission control for timestamps (`tsa.maxInFlight`), as `ca.maxInFlight` does for
 * certificates: issue 11 found 2,000 concurrent timestamp requests all queued, /healthz waiting
 * behind them. Requests are held in flight by sending all of a body but its last byte.
 */

const CAP = 2;
/** Requests sent while CAP are held: all over the cap. */
const OVER = 16;
const WITHIN_MS = 15_000;

const timestampBody = (n: number): string =>
  JSON.stringify({
    artifactHash: createHash('sha256').update(`artifact ${n}`).digest('base64'),
    hashAlgorithm: 'sha256',
  });

/** Resolves once /metrics shows `value` for `series`; fails after WITHIN_MS. */
async function metricReaches(url: string, series: string, value: number): Promise<void> {
  const deadline = Date.now() + WITHIN_MS;
  let last = '';
  while (Date.now() < deadline) {
    const text = await (await fetch(`${url}/metrics`)).text();
    last = text.split('\n').find((l) => l.startsWith(`${series} `)) ?? '(absent)';
    if (last === `${series} ${value}`) return;
  }
  assert.fail(`${series} did not reach ${value} within ${WITHIN_MS} ms; last: ${last}`);
}

describe('admission control for timestamps (tsa.maxInFlight)', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService({ tsa: { ...SERVER_DEFAULTS.tsa, maxInFlight: CAP } });
  });
  after(() => service.dispose());

  it('answers 503 with Retry-After beyond the cap, and /healthz while the cap is full', async () => {
    const held = await Promise.all(
      Array.from({ length: CAP }, (_, i) =>
        holdRequest(service.url, '/api/v1/timestamp', 'application/json', timestampBody(i)),
      ),
    );
    try {
      await metricReaches(service.url, 'signet_requests_in_flight{role="tsa"}', CAP);
      const over = await Promise.all(
        Array.from({ length: OVER }, async (_, i) => {
          const response = await fetch(`${service.url}/api/v1/timestamp`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: timestampBody(CAP + i),
            signal: AbortSignal.timeout(WITHIN_MS),
          });
          return {
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            message: response.ok
              ? 'a timestamp'
              : ((await response.json()) as { message?: string }).message,
          };
        }),
      );
      for (const answer of over) {
        assert.deepEqual(answer, {
          status: 503,
          retryAfter: '1',
          message: `the TSA is handling ${CAP} requests (tsa.maxInFlight); retry shortly`,
        });
      }
      // Health and metrics bypass the cap: answered while the held requests are still in flight.
      const health = await fetch(`${service.url}/healthz`);
      assert.equal(health.status, 200);
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      assert.match(
        metrics,
        new RegExp(`signet_tsa_timestamps_total\\{outcome="pushback"\\} ${OVER}\\n`),
      );
      for (const h of held) assert.equal(h.received(), '', 'a held request was answered early');

      // The held requests complete, and their slots free up for the next.
      for (const answer of await Promise.all(held.map((h) => h.finish()))) {
        assert.match(answer, /^HTTP\/1\.1 200 /);
      }
      await metricReaches(service.url, 'signet_requests_in_flight{role="tsa"}', 0);
      const next = await fetch(`${service.url}/api/v1/timestamp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: timestampBody(CAP + OVER),
      });
      assert.equal(next.status, 200);
    } finally {
      for (const h of held) h.socket.destroy();
    }
  });
});
