import type { ServerResponse } from 'node:http';
import { ServerError, send, sendJson } from '../http.js';
import type { Registry } from '../metrics.js';
import type { Endpoint } from '../router.js';
import type { TrustMaterial } from '../trust-material.js';

/** What every instance serves, whatever its roles: health, metrics and its trust material. */
export interface ServiceRoutes {
  health(res: ServerResponse): void;
  metrics(res: ServerResponse): void;
  trustedRoot(res: ServerResponse): void;
  signingConfig(res: ServerResponse): void;
}

export function serviceRoutes(options: {
  /** Why the service cannot serve (a log stopped), or undefined when it can. */
  failure(): string | undefined;
  registry: Registry;
  trust: TrustMaterial;
}): ServiceRoutes {
  const { failure, registry, trust } = options;
  // Clients fetch these on start-up; no-cache makes them revalidate after a key rotation.
  const revalidate = { 'cache-control': 'no-cache' };
  return {
    health(res) {
      const problem = failure();
      if (problem !== undefined) throw new ServerError('UNAVAILABLE', problem);
      sendJson(res, 200, { status: 'SERVING' });
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
