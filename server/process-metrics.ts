import { readdirSync } from 'node:fs';
import { createHistogram } from 'node:perf_hooks';
import { Gauge, type Registry, Summary } from './metrics.js';

/**
 * How often the event loop is sampled for lag: Node's own default for `monitorEventLoopDelay`.
 * A stall shorter than this can fall between two samples; 100 wake-ups a second cost nothing
 * measurable beside the requests.
 */
export const EVENT_LOOP_SAMPLE_MS = 10;

/** The quantiles of event-loop lag reported per scrape; 1 is the longest stall. */
const LAG_QUANTILES = [0.5, 0.99, 1] as const;

export interface ProcessWatch {
  /** Stops the event-loop sampler. */
  close(): void;
}

/**
 * What grows or stalls when the process is in trouble, in /metrics: event-loop lag, resident
 * memory and file descriptors (the soak in bench/soak.ts judges growth on these). The memory and
 * descriptor gauges carry the names every Prometheus client library gives them, so existing
 * dashboards read them.
 *
 * Lag is a summary whose quantiles cover the time since the previous scrape (then start afresh),
 * beside the cumulative sum and count a rate is taken over: a stall shows as the maximum of the
 * window it happened in, and a quiet window does not hide under an earlier bad one, as it would
 * in quantiles since start. With one scraper (Prometheus, or the soak) each window is its scrape
 * interval; a second scraper splits them.
 *
 * The sampler is a timer of its own feeding a `perf_hooks` histogram rather than
 * `monitorEventLoopDelay`: that monitor's `reset()` forgets when it last fired, so the interval
 * running at each scrape is recorded nowhere, and a stall that starts in the scrape's own turn of
 * the loop (a handler blocking right after it) was missing from every window when tried.
 */
export function watchProcess(
  registry: Registry,
  options: {
    /** The soft RLIMIT_NOFILE (connections.ts descriptorLimit). */
    descriptorLimit: number;
  },
): ProcessWatch {
  const lag = createHistogram(); // nanoseconds
  let lagSum = 0; // seconds, since start
  let lagCount = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const lateMs = Math.max(0, now - last - EVENT_LOOP_SAMPLE_MS);
    last = now;
    // The histogram takes integers of at least 1.
    lag.record(Math.max(1, Math.round(lateMs * 1e6)));
    lagSum += lateMs / 1000;
    lagCount++;
  }, EVENT_LOOP_SAMPLE_MS);
  // The sampler alone must not keep a stopping process alive.
  timer.unref();

  registry.add(
    new Summary(
      'signet_event_loop_lag_seconds',
      `How late the event loop ran a timer due every ${EVENT_LOOP_SAMPLE_MS} ms: quantiles since the previous scrape (1 is the longest stall), sum and count since start.`,
      () => {
        const empty = lag.count === 0;
        const quantiles = LAG_QUANTILES.map(
          (q) => [q, empty ? NaN : (q === 1 ? lag.max : lag.percentile(q * 100)) / 1e9] as const,
        );
        lag.reset();
        return { quantiles, sum: lagSum, count: lagCount };
      },
    ),
  );
  registry.add(
    new Gauge('process_resident_memory_bytes', 'Resident memory of the process.', () =>
      process.memoryUsage.rss(),
    ),
  );
  registry.add(
    new Gauge('process_open_fds', 'Open file descriptors of the process (Linux only).', () => {
      const open = openDescriptors();
      return open === undefined ? [] : [[{}, open]];
    }),
  );
  registry.add(
    new Gauge(
      'process_max_fds',
      'The descriptor limit (ulimit -n) server.maxConnections is derived from.',
      () => options.descriptorLimit,
    ),
  );
  return { close: () => clearInterval(timer) };
}

/** Open descriptors, less the one reading the directory; undefined without /proc. */
function openDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length - 1;
  } catch {
    return undefined;
  }
}
