import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ServerConfig } from '../config.js';
import { SIGNING_CONFIG_TARGET, TRUSTED_ROOT_TARGET } from '../trust-material.js';
import { tufReport, tufTargetsMatch } from '../tuf-ceremony.js';
import { getText } from './http.js';
import { type DoctorCheck, type Finding, checksOf, messageOf } from './report.js';

/**
 * The TUF repository: on disk (versions, expiry, which keys are here, whether the targets are
 * the trust material of the last start) and as served (the targets equal what /trusted_root.json
 * and /signing_config.json serve, and the timestamp is served at all). Read-only.
 */

/** Root and targets are signed in person: say so this long before they expire. */
export const TUF_EXPIRY_WARNING_DAYS = 30;

const DAY_MS = 86_400_000;
const disk = checksOf('data-dir');
const service = checksOf('service');

export async function checkTufRepository(config: ServerConfig, now: Date): Promise<DoctorCheck[]> {
  const dir = config.dataDir;
  let report;
  try {
    report = await tufReport(config);
  } catch (error) {
    return [disk.check('tuf repository', 'fail', messageOf(error))];
  }
  const findings: Finding[] = [{ status: 'ok', text: `root version ${report.rootVersion}` }];
  const roles = [
    ['root', { version: report.rootVersion, expires: report.rootExpires }, config.tuf.rootDays],
    ['targets', report.targets, config.tuf.targetsDays],
    ['snapshot', report.snapshot, config.tuf.snapshotDays],
    ['timestamp', report.timestamp, config.tuf.timestampDays],
  ] as const;
  for (const [role, md, days] of roles) {
    if (md === undefined) {
      findings.push({
        status: 'fail',
        text: `no ${role} metadata yet: start the service to publish the repository`,
      });
      continue;
    }
    const left = Date.parse(md.expires) - now.getTime();
    if (left <= 0) {
      findings.push({
        status: 'fail',
        text: `${role} version ${md.version} expired at ${md.expires}: clients refuse it`,
      });
    } else if (role === 'root' || role === 'targets') {
      if (left < TUF_EXPIRY_WARNING_DAYS * DAY_MS) {
        const fix =
          role === 'root' ? 'signet-server tuf root sign' : 'signet-server tuf targets sign';
        findings.push({
          status: 'warn',
          text: `${role} version ${md.version} expires at ${md.expires}, within ${TUF_EXPIRY_WARNING_DAYS} days: sign a new version (${fix})`,
        });
      }
    } else if (left < (days * DAY_MS) / 2) {
      findings.push({
        status: 'warn',
        text: `${role} version ${md.version} expires at ${md.expires} and is past half its validity: the running service re-signs it then, so is it running?`,
      });
    }
  }
  if (!report.targetsCurrent) {
    findings.push({
      status: 'fail',
      text: report.pending
        ? 'targets are signed for the current trust material but not yet published: start the service'
        : `targets do not match ${join(dir, 'trusted_root.json')} and signing_config.json (the trust material of the last start): clients get stale trust; sign them with signet-server tuf targets sign`,
    });
  }
  const keyFindings: Finding[] = [];
  if (report.keyFiles.root !== undefined) {
    keyFindings.push({
      status: 'warn',
      text: `${report.keyFiles.root} present: move the TUF root key offline; only tuf root sign needs it`,
    });
  }
  if (report.keyFiles.targets !== undefined) {
    keyFindings.push({
      status: 'warn',
      text: `${report.keyFiles.targets} present: whoever holds the server can sign any trust material; offline, every rotate needs signet-server tuf targets sign`,
    });
  }
  if (config.tuf.onlineKey === 'file' && report.keyFiles.online === undefined) {
    keyFindings.push({
      status: 'fail',
      text: `the online key ${join(dir, 'keys', 'tuf-online.key.pem')} is missing: the timestamp cannot be re-signed and expires within ${config.tuf.timestampDays} days`,
    });
  }
  if (keyFindings.length === 0) {
    keyFindings.push({ status: 'ok', text: 'root and targets keys offline, online key present' });
  }
  return [disk.verdict('tuf repository', findings), disk.verdict('tuf keys', keyFindings)];
}

/** The targets the repository publishes are exactly the trust material the service serves. */
export async function checkServedTuf(
  config: ServerConfig,
  url: string,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  const [root, signing, timestamp] = await Promise.all([
    getText(`${url}/trusted_root.json`, timeoutMs),
    getText(`${url}/signing_config.json`, timeoutMs),
    getText(`${url}/tuf/timestamp.json`, timeoutMs),
  ]);
  if ('error' in timestamp) return [service.check('tuf targets', 'fail', timestamp.error)];
  if ('error' in root || 'error' in signing) return [];
  const served = [
    { name: TRUSTED_ROOT_TARGET, data: Buffer.from(root.text) },
    { name: SIGNING_CONFIG_TARGET, data: Buffer.from(signing.text) },
  ];
  let matches: boolean;
  try {
    matches = await tufTargetsMatch(config, served);
  } catch (error) {
    return [service.check('tuf targets', 'fail', messageOf(error))];
  }
  if (!matches) {
    return [
      service.check(
        'tuf targets',
        'fail',
        `the TUF targets are not what ${url}/trusted_root.json and /signing_config.json serve: TUF clients get other trust than the service publishes`,
      ),
    ];
  }
  const hash = createHash('sha256').update(root.text).digest('hex').slice(0, 16);
  return [
    service.check(
      'tuf targets',
      'ok',
      `${url}/tuf publishes the served trust root (sha256 ${hash}…) and signing config`,
    ),
  ];
}
