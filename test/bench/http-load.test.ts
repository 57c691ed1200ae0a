import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EchoServer, startEchoServer } from '../../bench/http-ceiling.js';
import { GENERATORS, type LoadOptions, runLoad } from '../../bench/http-load.js';

/** Distinct JSON bodies the echo server sends back re-serialised (the same bytes). */
const bodies = Array.from({ length: 500 }, (_, i) =>
  Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(i % 97) })),
);

describe('runLoad against the echo server (bare node:http in its own process)', () => {
  let echo: EchoServer;
  before(async () => {
    echo = await startEchoServer('echo');
  });
  after(() => echo.stop());

  const base = (): LoadOptions => ({
    urls: [echo.url],
    path: '/api/v2/log/entries',
    contentType: 'application/json',
    bodies,
    unique: false,
    okStatus: 200,
    concurrency: 8,
    warmupSeconds: 0.2,
    durationSeconds: 0.5,
    serverPids: [echo.pid],
  });

  for (const generator of GENERATORS) {
    it(`${generator}: every answer reaches the check with its own request's index`, async () => {
      let checked = 0;
      const result = await runLoad({
        ...base(),
        generator,
        check: (index, answer) => {
          checked++;
          return answer.equals(bodies[index] as Buffer) ? undefined : `answer to ${index} differs`;
        },
      });
      assert.deepEqual(result.failures, {});
      assert.ok(result.ok > 0, 'no answer in the window');
      assert.ok(checked >= result.ok);
      assert.ok(result.serverCores > 0, 'server CPU not measured');
      assert.ok(Number.isFinite(result.latency.p99));
    });
  }

  it('counts what the check refuses, by reason, with the first answer', async () => {
    const result = await runLoad({
      ...base(),
      check: (index) => (index % 2 === 0 ? undefined : 'odd'),
    });
    assert.deepEqual(Object.keys(result.failures), ['odd']);
    assert.match(result.failures.odd?.first as string, /^\{"i":\d*[13579],/);
    assert.ok((result.errors.odd ?? 0) > 0);
  });

  it('counts an unexpected status as an error', async () => {
    const result = await runLoad({ ...base(), okStatus: 201 });
    assert.equal(result.ok, 0);
    assert.ok((result.errors['200'] ?? 0) > 0);
    assert.ok((result.failures['200']?.count ?? 0) >= (result.errors['200'] ?? 0));
  });

  it('open loop: sends on schedule, not as fast as the server answers', async () => {
    const rate = 200;
    const result = await runLoad({ ...base(), rate, durationSeconds: 1 });
    assert.deepEqual(result.failures, {});
    // A closed loop of 8 on this server answers thousands per second.
    assert.ok(
      result.throughput > rate * 0.5 && result.throughput < rate * 1.5,
      `${result.throughput}/s`,
    );
  });

  it('unique bodies: stops when they run out and says so', async () => {
    const result = await runLoad({ ...base(), bodies: bodies.slice(0, 50), unique: true });
    assert.equal(result.exhausted, true);
    assert.ok(result.ok <= 50);
  });
});
