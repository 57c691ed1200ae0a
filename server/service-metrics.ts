import type { TransparencyLog } from '../src/tlog/log.js';
import type { Admission } from './admission.js';
import { Counter, Gauge, Histogram, Registry } from './metrics.js';

/** The service's metrics, served at /metrics (names and meanings in docs/architecture.md). */
export interface ServiceMetrics {
  registry: Registry;
  /** Log entries accepted, by `result`: new or duplicate. */
  appends: Counter;
  /** Signing-certificate requests, by `result`: issued, pushback or the refusal's code. */
  certificates: Counter;
  /** Timestamp requests, by `outcome`: granted, rejected or pushback. */
  timestamps: Counter;
  /** Connections closed at the cap, by `reason` (connections.ts ShedReason). */
  connectionsShed: Counter;
  /** Requests shed by a saturated queue, by `queue`, `job` and `stage` (verify-pool.ts ShedStage). */
  requestsShed: Counter;
  /** Records one answered request under its route label. */
  observe(route: string, status: number, seconds: number): void;
}

export function serviceMetrics(sources: {
  log: TransparencyLog | undefined;
  /** The admission caps of the roles this process runs, by role. */
  admissions: Readonly<Record<string, Admission>>;
  /** Connections open now. */
  connections(): number;
}): ServiceMetrics {
  const { log, admissions } = sources;
  const registry = new Registry();
  registry.add(
    new Gauge(
      'signet_http_connections',
      'HTTP connections open (capped by server.maxConnections).',
      () => sources.connections(),
    ),
  );
  const connectionsShed = registry.add(
    new Counter(
      'signet_http_connections_shed_total',
      'Connections closed at server.maxConnections, by reason: idle (closed to admit a new one) or full (a new one refused).',
    ),
  );
  const requestsShed = registry.add(
    new Counter(
      'signet_requests_shed_total',
      'Requests answered 503 because a queue was saturated, by queue (verify: a request waited longer than maxQueueDelayMs for a verification worker; log: log.maxPending or log.maxQueueDelayMs), job and stage: arrival (refused, body unread) or pickup (expired in the queue, not processed).',
    ),
  );
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
  registry.add(
    new Gauge(
      'signet_requests_in_flight',
      'Requests being handled, by role (capped by ca.maxInFlight and tsa.maxInFlight).',
      () => Object.entries(admissions).map(([role, a]) => [{ role }, a.inFlight] as const),
    ),
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
    connectionsShed,
    requestsShed,
    observe(route, status, seconds) {
      requests.inc({ route, status: String(status) });
      latency.observe(seconds, { route });
    },
  };
}
