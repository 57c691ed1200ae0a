import type { ServerResponse } from 'node:http';
import { ServerError, send, sendJson } from '../http.js';
import type { Registry } from '../metrics.js';
import type { Endpoint } from '../router.js';
import type { TrustMaterial } from '../trust-material.js';

/**
 * What every instance serves, whatever its roles: liveness, readiness, metrics and its trust
 * material. Liveness and readiness differ on purpose: a process whose database is away is alive
 * (restarting it would not bring the database back, and its logs recover in-process), but not
 * ready, so a load balancer sends its requests to another replica meanwhile.
 */
export interface ServiceRoutes {
  health(res: ServerResponse): void;
  ready(res: ServerResponse): Promise<void>;
  metrics(res: ServerResponse): void;
  trustedRoot(res: ServerResponse): void;
  signingConfig(res: ServerResponse): void;
}

export function serviceRoutes(options: {
  /**
   * Why the service cannot take requests now (a log stopped, storage unreachable), or
   * undefined when it can.
   */
  readiness(): Promise<string | undefined>;
  /** What a ready answer adds: on shared storage, which logs this replica holds the lease of. */
  state(): Record<string, unknown>;
  registry: Registry;
  trust: TrustMaterial;
}): ServiceRoutes {
  const { registry, trust } = options;
  // Clients fetch these on start-up; no-cache makes them revalidate after a key rotation.
  const revalidate = { 'cache-control': 'no-cache' };
  // Probes from every replica's kubelet and the balancer arrive together: one question at a time.
  let asking: Promise<string | undefined> | undefined;
  const readiness = (): Promise<string | undefined> =>
    (asking ??= options.readiness().finally(() => (asking = undefined)));
  return {
    health(res) {
      sendJson(res, 200, { status: 'ALIVE' });
    },
    async ready(res) {
      const problem = await readiness();
      if (problem !== undefined) throw new ServerError('UNAVAILABLE', `not ready: ${problem}`);
      sendJson(res, 200, { status: 'SERVING', ...options.state() });
    },
    metrics(res) {
      send(res, 200, registry.render(), 'text/plain; version=0.0.4');
    },
    trustedRoot(res) {
      send(res, 200, trust.trustedRootJson, 'application/json', revalidate);
    },
    signingConfig(res) {
      send(res, 200, trust.signingConfigJson, 'application/json', revalidate);
    },
  };
}

export const SERVICE_ENDPOINTS: readonly Endpoint<ServiceRoutes>[] = [
  { method: 'GET', path: '/healthz', name: 'healthz', handle: (api, _req, res) => api.health(res) },
  { method: 'GET', path: '/readyz', name: 'readyz', handle: (api, _req, res) => api.ready(res) },
  {
    method: 'GET',
    path: '/metrics',
    name: 'metrics',
    handle: (api, _req, res) => api.metrics(res),
  },
  {
    method: 'GET',
    path: '/trusted_root.json',
    name: 'trusted_root',
    handle: (api, _req, res) => api.trustedRoot(res),
  },
  {
    method: 'GET',
    path: '/signing_config.json',
    name: 'signing_config',
    handle: (api, _req, res) => api.signingConfig(res),
  },
];
