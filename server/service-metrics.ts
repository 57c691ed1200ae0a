import type { TransparencyLog } from '../src/tlog/log.js';
import { Counter, Gauge, Histogram, Registry } from './metrics.js';

/** The service's metrics, served at /metrics (names and meanings in docs/architecture.md). */
export interface ServiceMetrics {
  registry: Registry;
  /** Log entries accepted, by `result`: new or duplicate. */
  appends: Counter;
  /** Signing-certificate requests, by `result`: issued, pushback or the refusal's code. */
  certificates: Counter;
  /** Timestamp responses, by `outcome`: granted or rejected. */
  timestamps: Counter;
  /** Records one answered request under its route label. */
  observe(route: string, status: number, seconds: number): void;
}

export function serviceMetrics(log: TransparencyLog | undefined): ServiceMetrics {
  const registry = new Registry();
  const requests = registry.add(
    new Counter('signet_http_requests_total', 'HTTP requests by route and status.'),
  );
  const latency = registry.add(
    new Histogram('signet_http_request_duration_seconds', 'HTTP request latency by route.'),
  );
  const appends = registry.add(
    new Counter('signet_log_appends_total', 'Log entries accepted, new or duplicate.'),
  );
  const certificates = registry.add(
    new Counter('signet_ca_certificates_total', 'Signing-certificate requests by outcome.'),
  );
  const timestamps = registry.add(
    new Counter('signet_tsa_timestamps_total', 'Timestamp responses by outcome.'),
  );
  if (log) {
    registry.add(
      new Gauge(
        'signet_log_tree_size',
        'Size of the published log tree.',
        () => log.checkpoint.size,
      ),
    );
    registry.add(
      new Gauge(
        'signet_log_pending_entries',
        'Log entries accepted but not yet published.',
        () => log.pending,
      ),
    );
  }
  return {
    registry,
    appends,
    certificates,
    timestamps,
    observe(route, status, seconds) {
      requests.inc({ route, status: String(status) });
      latency.observe(seconds, { route });
    },
  };
}
