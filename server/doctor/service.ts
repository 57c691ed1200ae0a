import type { OnDisk } from './keys.js';
import { getJson } from './http.js';
import { type DoctorCheck, checksOf } from './report.js';
import { type Published, checkSigningConfig, checkTrustedRoot } from './trust.js';

/**
 * The running service seen from outside, through GETs only: /readyz (its logs running and its
 * storage reachable), then the trust root and signing config it serves, compared with the data
 * directory in trust.ts.
 */

const { check } = checksOf('service');

export async function checkService(
  url: string,
  disk: OnDisk,
  published: Published,
  now: Date,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  const [health, root, signing] = await Promise.all([
    getJson(`${url}/readyz`, timeoutMs),
    getJson(`${url}/trusted_root.json`, timeoutMs),
    getJson(`${url}/signing_config.json`, timeoutMs),
  ]);
  const checks: DoctorCheck[] = [];
  if ('error' in health) checks.push(check('service /readyz', 'fail', health.error));
  else {
    const status = (health.json as { status?: unknown } | null)?.status;
    checks.push(
      status === 'SERVING'
        ? check('service /readyz', 'ok', `${url} is SERVING`)
        : check('service /readyz', 'fail', `${url}/readyz answered ${JSON.stringify(health.json)}`),
    );
  }
  if ('error' in root) checks.push(check('trusted root', 'fail', root.error));
  else checks.push(...checkTrustedRoot(root.json, disk, published, now));
  if ('error' in signing) checks.push(check('signing config', 'fail', signing.error));
  else checks.push(checkSigningConfig(signing.json, published.roles));
  return checks;
}
