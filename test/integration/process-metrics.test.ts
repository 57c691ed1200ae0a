import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { EVENT_LOOP_SAMPLE_MS } from '../../server/process-metrics.js';
import { parseMetrics } from '../helpers/metrics.js';
import { type TestService, startTestService } from '../helpers/server.js';

/** A handler's stall, long beside the sampling interval and scheduling noise. */
const LONG_BLOCK_MS = 500;
const SHORT_BLOCK_MS = 100;
/** What a loaded 2-core machine may add to a stall before the sampler runs again. */
const NOISE_MS = 1000;

/** The service's /metrics now. */
async function scrape(url: string): Promise<Map<string, number>> {
  const res = await fetch(`${url}/metrics`);
  assert.equal(res.status, 200);
  return parseMetrics(await res.text());
}

const maxLag = (sample: Map<string, number>): number | undefined =>
  sample.get('signet_event_loop_lag_seconds{quantile="1"}');

describe('process metrics in /metrics', () => {
  let service: TestService;
  // A second server in the same process, so its handler stalls the service's event loop.
  let blocker: Server;
  let blockerUrl: string;

  before(async () => {
    service = await startTestService();
    blocker = createServer((req, res) => {
      const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms'));
      const until = performance.now() + ms;
      while (performance.now() < until); // the stall under test
      res.end();
    });
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    blockerUrl = `http://127.0.0.1:${(blocker.address() as { port: number }).port}`;
  });

  after(async () => {
    blocker.closeAllConnections();
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    await service.dispose();
  });

  const block = async (ms: number): Promise<void> => {
    assert.equal((await fetch(`${blockerUrl}/?ms=${ms}`)).status, 200);
  };

  it('shows a handler blocking the event loop as lag in the window it happened in', async () => {
    await scrape(service.url); // starts a fresh window
    await block(LONG_BLOCK_MS);
    const stalled = await scrape(service.url);
    const long = maxLag(stalled);
    assert.ok(long !== undefined, 'no signet_event_loop_lag_seconds{quantile="1"}');
    // The sampler last ran at most one interval before the stall began.
    assert.ok(long >= (LONG_BLOCK_MS - EVENT_LOOP_SAMPLE_MS) / 1000, `max lag ${long} s`);
    assert.ok(long <= (LONG_BLOCK_MS + NOISE_MS) / 1000, `max lag ${long} s`);
    const p50 = stalled.get('signet_event_loop_lag_seconds{quantile="0.5"}');
    assert.ok(p50 !== undefined && p50 <= long, `p50 ${p50} s`);

    // The scrape started a new window: the next one holds the shorter stall, not the long one.
    await block(SHORT_BLOCK_MS);
    const next = await scrape(service.url);
    const short = maxLag(next);
    assert.ok(short !== undefined);
    assert.ok(short >= (SHORT_BLOCK_MS - EVENT_LOOP_SAMPLE_MS) / 1000, `max lag ${short} s`);
    assert.ok(short < (LONG_BLOCK_MS - EVENT_LOOP_SAMPLE_MS) / 1000, `max lag ${short} s`);
    // Sum and count run on across windows.
    const count = (s: Map<string, number>) => s.get('signet_event_loop_lag_seconds_count') ?? 0;
    const sum = (s: Map<string, number>) => s.get('signet_event_loop_lag_seconds_sum') ?? 0;
    assert.ok(count(next) > count(stalled) && count(stalled) > 0);
    assert.ok(sum(next) - sum(stalled) >= (SHORT_BLOCK_MS - EVENT_LOOP_SAMPLE_MS) / 1000);
  });

  it('reports resident memory and file descriptors', async () => {
    const sample = await scrape(service.url);
    const rss = sample.get('process_resident_memory_bytes');
    assert.ok(rss !== undefined && rss > 10 * 1024 * 1024, `RSS ${rss}`);
    const max = sample.get('process_max_fds');
    assert.ok(max !== undefined && max > 0, `max fds ${max}`);
    if (process.platform === 'linux') {
      const open = sample.get('process_open_fds');
      assert.ok(open !== undefined && open > 0 && open < max, `open fds ${open}`);
    }
  });
});
