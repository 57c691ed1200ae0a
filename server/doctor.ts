import { DEFAULT_FETCH_TIMEOUT_MS } from '../src/oidc/fetch.js';
import type { IdentityConfig } from '../src/oidc/issuers.js';
import { type ServerConfig, identityConfigOf } from './config.js';
import { checkExternalCtLog, externalCtOf, readExternalCtKey } from './doctor/ct-log.js';
import { checkService } from './doctor/service.js';
import { checkIssuer, describeConfig, issuersToCheck } from './doctor/issuers.js';
import { type OnDisk, inspectDataDir } from './doctor/keys.js';
import { type DoctorCheck, checksOf, messageOf } from './doctor/report.js';
import { checkStorage } from './doctor/storage.js';
import { checkServedTuf, checkTufRepository } from './doctor/tuf.js';

export {
  type DoctorCheck,
  type DoctorGroup,
  doctorExitCode,
  formatDoctorJson,
  formatDoctorReport,
} from './doctor/report.js';

/**
 * `signet-server doctor`: what an operator wants to know before and after a deployment, in one
 * pass. It checks the configuration's issuers live (doctor/issuers.ts), the data directory,
 * strictly read-only (doctor/keys.ts), the CT log a CA without the ct role submits to
 * (doctor/ct-log.ts), shared storage's schema and the instance it records (doctor/storage.ts),
 * and a running service's trust root against the keys on disk and the roles
 * it runs (doctor/service.ts, doctor/trust.ts). Each problem names the file, URL or JSON path
 * it is about.
 */

export interface DoctorOptions {
  config: ServerConfig;
  /** Base URL of the running service to check; default the instance's public URL. */
  url?: string;
  /** The clock for certificate expiry; tests move it. */
  now?: Date;
  /** Deadline of each HTTP request (issuers and the service). */
  fetchTimeoutMs?: number;
}

/**
 * Runs every check. Never throws for what it finds, and never writes: the data directory is
 * only read, and the service only sees GETs.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const { config } = options;
  const now = options.now ?? new Date();
  const timeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;

  let identity: IdentityConfig | undefined;
  let configCheck: DoctorCheck;
  try {
    identity = identityConfigOf(config);
    configCheck = describeConfig(config, identity);
  } catch (error) {
    // loadConfig has validated it already; this only guards a config built by hand.
    configCheck = checksOf('config').check('config', 'fail', messageOf(error));
  }

  const disk: OnDisk = {};
  const diskChecks = await inspectDataDir(config, disk, now);
  const publicUrl = (config.publicUrl ?? disk.metadata?.publicUrl)?.replace(/\/+$/, '');
  const serviceUrl = (options.url ?? publicUrl ?? `http://${config.listen}`).replace(/\/+$/, '');

  const externalCt = externalCtOf(config);
  const ctKeyChecks = externalCt ? [await readExternalCtKey(externalCt)] : [];
  const [issuerChecks, storageChecks, ctLogChecks, serviceChecks, tufChecks, servedTufChecks] =
    await Promise.all([
      Promise.all(
        issuersToCheck(config, identity, publicUrl).map((issuer) => checkIssuer(issuer, timeoutMs)),
      ),
      checkStorage(config, disk),
      externalCt ? checkExternalCtLog(externalCt, disk, timeoutMs) : [],
      checkService(serviceUrl, disk, { roles: config.roles, externalCt }, now, timeoutMs),
      checkTufRepository(config, now),
      checkServedTuf(config, serviceUrl, timeoutMs),
    ]);
  return [
    configCheck,
    ...issuerChecks,
    ...diskChecks,
    ...storageChecks,
    ...tufChecks,
    ...ctKeyChecks,
    ...ctLogChecks,
    ...serviceChecks,
    ...servedTufChecks,
  ];
}
