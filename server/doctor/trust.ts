import { createPublicKey } from 'node:crypto';
import { SIGNING_CONFIG_MEDIA_TYPE, TRUSTED_ROOT_MEDIA_TYPE } from '../../src/bundle/trust.js';
import { toBase64 } from '../../src/core/base64.js';
import { noteVerifier } from '../../src/core/note.js';
import { parseCertificate, spkiOf } from '../../src/core/x509.js';
import { logIdOf } from '../../src/ct/sct.js';
import { logIdOf as rekorV1LogIdOf } from '../../src/tlog/rekor-v1/entry.js';
import type { Role } from '../config.js';
import type { ExternalCt } from './ct-log.js';
import { at, bytesAt, isDate } from './json.js';
import { FILES, type OnDisk, expiry, subjectOf } from './keys.js';
import { type DoctorCheck, type Finding, checksOf, messageOf } from './report.js';

/**
 * The trust root and signing config a running service publishes, against the keys on disk and
 * the roles the config runs: what clients would refuse, and what says the service runs with
 * other keys or another config than the one doctor was given.
 */

const { verdict } = checksOf('service');

/** What the config makes the service publish: trust and endpoints only for the roles it runs. */
export interface Published {
  roles: readonly Role[];
  externalCt: ExternalCt | undefined;
}

/** JSON paths of every null in a document: clients written against protobuf choke on them. */
function nullPaths(value: unknown, path: string): string[] {
  if (value === null) return [path || '(the document)'];
  if (Array.isArray(value)) return value.flatMap((item, i) => nullPaths(item, `${path}[${i}]`));
  if (typeof value === 'object') {
    return Object.entries(value as object).flatMap(([key, item]) =>
      nullPaths(item, path ? `${path}.${key}` : key),
    );
  }
  return [];
}

/** Checks shared by both documents: exact media type and no nulls. */
function documentFindings(json: unknown, mediaType: string): Finding[] {
  const findings: Finding[] = [];
  const served = at(json, 'mediaType');
  if (served !== mediaType) {
    findings.push({
      status: 'fail',
      text: `mediaType is ${JSON.stringify(served)}, not ${JSON.stringify(mediaType)}`,
    });
  }
  const nulls = nullPaths(json, '');
  if (nulls.length > 0) {
    findings.push({
      status: 'fail',
      text: `null at ${nulls.slice(0, 5).join(', ')}${nulls.length > 5 ? ` and ${nulls.length - 5} more` : ''}`,
    });
  }
  return findings;
}

/**
 * A list the service leaves empty because the config does not run `role`: entries there mean the
 * service runs with other roles than the config doctor was given (or a stale copy is served).
 */
function notRunFinding(kind: string, count: number, role: Role, roles: readonly Role[]): Finding {
  if (count === 0) {
    return { status: 'ok', text: `${kind} is empty, as the config does not run the ${role} role` };
  }
  return {
    status: 'fail',
    text: `${kind} has ${count} ${count === 1 ? 'entry' : 'entries'}, but the config does not run the ${role} role (roles: ${roles.join(', ')}): is the service running with another config?`,
  };
}

export function checkTrustedRoot(
  json: unknown,
  disk: OnDisk,
  published: Published,
  now: Date,
): DoctorCheck[] {
  const entries = (key: string): unknown[] => {
    const value = at(json, key);
    return Array.isArray(value) ? value : [];
  };
  const summary = ['tlogs', 'ctlogs', 'certificateAuthorities', 'timestampAuthorities'].map(
    (key) => `${entries(key).length} ${key}`,
  );
  const document = documentFindings(json, TRUSTED_ROOT_MEDIA_TYPE);
  document.push({
    status: 'ok',
    text: `mediaType ${TRUSTED_ROOT_MEDIA_TYPE}, ${summary.join(', ')}`,
  });

  const { roles, externalCt } = published;
  const runs = (role: Role): boolean => roles.includes(role);
  /** The findings for `kind`, or that it is empty when `role` is not run. */
  const onlyWith = (role: Role, kind: string, findings: () => Finding[]): Finding[] =>
    runs(role) ? findings() : [notRunFinding(kind, entries(kind).length, role, roles)];

  const origin = disk.metadata?.logOrigin;
  const logKey = disk.logKey && createPublicKey(disk.logKey);
  const ctKey = disk.ctKey && createPublicKey(disk.ctKey);
  const rekorV1Key = disk.rekorV1Key && createPublicKey(disk.rekorV1Key);
  const ctlogs = externalCt
    ? logFindings('ctlogs', entries('ctlogs'), [
        {
          file: `ct.publicKey ${externalCt.keyPath}`,
          expected: externalCt.key && {
            spki: spkiOf(externalCt.key),
            logId: logIdOf(externalCt.key),
          },
          baseUrl: externalCt.url,
          stale: `the running service was started with another CT log key; make ct.publicKey the key of the CT log at ${externalCt.url} (its trust root's ctlogs), then restart the service`,
        },
      ])
    : onlyWith('ct', 'ctlogs', () =>
        logFindings('ctlogs', entries('ctlogs'), [
          { file: FILES.ctKey, expected: ctKey && { spki: spkiOf(ctKey), logId: logIdOf(ctKey) } },
        ]),
      );
  return [
    verdict('trusted root', document),
    verdict(
      'trusted root tlogs',
      onlyWith('tlog', 'tlogs', () =>
        logFindings('tlogs', entries('tlogs'), [
          {
            file: FILES.logKey,
            // The checkpoint key ID depends on the origin for Ed25519 keys.
            expected:
              logKey && origin !== undefined
                ? { spki: spkiOf(logKey), logId: noteVerifier(origin, logKey).keyId }
                : undefined,
            origin,
          },
          // The Rekor v1 log is served from the same base URL; its log ID is its SPKI's SHA-256.
          {
            file: FILES.rekorV1Key,
            expected: rekorV1Key && {
              spki: spkiOf(rekorV1Key),
              logId: rekorV1LogIdOf(spkiOf(rekorV1Key)),
            },
            origin,
          },
        ]),
      ),
    ),
    verdict('trusted root ctlogs', ctlogs),
    verdict(
      'trusted root certificateAuthorities',
      onlyWith('ca', 'certificateAuthorities', () =>
        chainFindings(
          'certificateAuthorities',
          entries('certificateAuthorities'),
          disk.issuingCert && disk.rootCert && [disk.issuingCert.der, disk.rootCert.der],
          `[${FILES.issuingCert}, ${FILES.rootCert}]`,
        ),
      ),
    ),
    verdict(
      'trusted root timestampAuthorities',
      onlyWith('tsa', 'timestampAuthorities', () =>
        chainFindings(
          'timestampAuthorities',
          entries('timestampAuthorities'),
          disk.tsaChain?.map((cert) => cert.der),
          FILES.tsaChain,
        ),
      ),
    ),
    verdict(
      'trusted root certificates',
      servedCertificateFindings(json, now, runs('ca') || runs('tsa')),
    ),
  ];
}

/** A log key on disk (or named by the config) that a trust root entry must carry. */
interface LocalLog {
  /** Where the expected key comes from, as the operator knows it. */
  file: string;
  expected: { spki: Buffer; logId: Buffer } | undefined;
  /** The log origin the entry's baseUrl host must be. */
  origin?: string | undefined;
  /** The exact baseUrl the entry must have. */
  baseUrl?: string;
  /** What a served log ID other than the expected one means, and what to do. */
  stale?: string;
}

/** Each entry's validity, then one entry for each of `locals`: served as on disk. */
function logFindings(kind: 'tlogs' | 'ctlogs', logs: unknown[], locals: LocalLog[]): Finding[] {
  if (logs.length === 0) return [{ status: 'fail', text: `${kind} is missing or empty` }];
  const findings: Finding[] = [];
  logs.forEach((log, i) => {
    if (!isDate(at(log, 'publicKey', 'validFor', 'start'))) {
      findings.push({
        status: 'fail',
        text: `${kind}[${i}].publicKey.validFor.start is missing or not a time`,
      });
    }
  });
  for (const local of locals) findings.push(...localLogFindings(kind, logs, local));
  return findings;
}

function localLogFindings(kind: 'tlogs' | 'ctlogs', logs: unknown[], local: LocalLog): Finding[] {
  const findings: Finding[] = [];
  const expected = local.expected;
  if (expected === undefined) {
    return [
      {
        status: 'warn',
        text: `not compared with ${local.file}, which could not be read (see above)`,
      },
    ];
  }
  const wanted = toBase64(expected.logId);
  const served = logs.map((log) => at(log, 'logId', 'keyId'));
  const index = served.findIndex((keyId) => {
    const bytes = bytesAt(keyId, 'logId.keyId');
    return typeof bytes !== 'string' && bytes.equals(expected.logId);
  });
  const entry = logs[index];
  if (entry === undefined) {
    findings.push({
      status: 'fail',
      text: `no entry has logId.keyId ${wanted} (the log ID of ${local.file}); served ${served.map((id) => JSON.stringify(id)).join(', ')}: ${local.stale ?? `the running service uses another key than ${local.file} on disk; restart it, or restore the key it was started with`}`,
    });
    return findings;
  }
  const raw = bytesAt(at(entry, 'publicKey', 'rawBytes'), `${kind}[${index}].publicKey.rawBytes`);
  if (typeof raw === 'string') findings.push({ status: 'fail', text: raw });
  else if (!raw.equals(expected.spki)) {
    findings.push({
      status: 'fail',
      text: `${kind}[${index}].publicKey.rawBytes is not the public key of ${local.file}, although logId.keyId is its log ID`,
    });
  }
  if (local.origin !== undefined) {
    const baseUrl = at(entry, 'baseUrl');
    let host: string | undefined;
    try {
      host = new URL(String(baseUrl)).hostname;
    } catch {
      host = undefined;
    }
    // Verifiers match the checkpoint origin to the log URL's host.
    if (host !== local.origin) {
      findings.push({
        status: 'fail',
        text: `${kind}[${index}].baseUrl ${JSON.stringify(baseUrl)} is not on the log origin ${local.origin}`,
      });
    }
  }
  if (local.baseUrl !== undefined && at(entry, 'baseUrl') !== local.baseUrl) {
    findings.push({
      status: 'fail',
      text: `${kind}[${index}].baseUrl is ${JSON.stringify(at(entry, 'baseUrl'))}, not ${JSON.stringify(local.baseUrl)}`,
    });
  }
  findings.push({
    status: 'ok',
    text: `${kind}[${index}] is ${local.file} (logId ${wanted}), valid from ${String(at(entry, 'publicKey', 'validFor', 'start'))}`,
  });
  return findings;
}

function chainOf(entry: unknown): Array<Buffer | string> {
  const certificates = at(entry, 'certChain', 'certificates');
  if (!Array.isArray(certificates)) return [];
  return certificates.map((c, i) => bytesAt(at(c, 'rawBytes'), `certificate ${i}`));
}

function chainFindings(
  kind: 'certificateAuthorities' | 'timestampAuthorities',
  authorities: unknown[],
  expected: Buffer[] | undefined,
  files: string,
): Finding[] {
  if (authorities.length === 0) return [{ status: 'fail', text: `${kind} is missing or empty` }];
  const findings: Finding[] = [];
  authorities.forEach((authority, i) => {
    if (!isDate(at(authority, 'validFor', 'start'))) {
      findings.push({
        status: 'fail',
        text: `${kind}[${i}].validFor.start is missing or not a time`,
      });
    }
    if (chainOf(authority).length === 0) {
      findings.push({ status: 'fail', text: `${kind}[${i}].certChain.certificates is empty` });
    }
  });
  if (expected === undefined) {
    findings.push({
      status: 'warn',
      text: `not compared with ${files}, which could not be read (see above)`,
    });
    return findings;
  }
  const index = authorities.findIndex((authority) => {
    const chain = chainOf(authority);
    return (
      chain.length === expected.length &&
      chain.every((der, i) => typeof der !== 'string' && der.equals(expected[i] as Buffer))
    );
  });
  if (index === -1) {
    const served = authorities.map((a, i) => `${kind}[${i}] has ${chainOf(a).length} certificates`);
    findings.push({
      status: 'fail',
      text: `no entry's certChain is ${files} on disk (${served.join(', ')}): the running service uses other certificates; restart it, or restore the files it was started with`,
    });
  } else {
    findings.push({ status: 'ok', text: `${kind}[${index}] is ${files}` });
  }
  return findings;
}

/**
 * Expiry of every certificate served, each certificate once (the root appears twice); only an
 * instance running the ca or tsa role serves any.
 */
function servedCertificateFindings(json: unknown, now: Date, expected: boolean): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const kind of ['certificateAuthorities', 'timestampAuthorities']) {
    const authorities = at(json, kind);
    if (!Array.isArray(authorities)) continue;
    authorities.forEach((authority, i) => {
      chainOf(authority).forEach((der, j) => {
        const where = `${kind}[${i}] certificate ${j}`;
        if (typeof der === 'string') {
          findings.push({ status: 'fail', text: `${where}: ${der}` });
          return;
        }
        const key = der.toString('base64');
        if (seen.has(key)) return;
        seen.add(key);
        try {
          const cert = parseCertificate(der);
          findings.push(expiry(cert, now, `${where} (${subjectOf(cert)})`));
        } catch (error) {
          findings.push({
            status: 'fail',
            text: `${where} is not a certificate: ${messageOf(error)}`,
          });
        }
      });
    });
  }
  if (findings.length === 0) {
    return [
      expected
        ? { status: 'fail', text: 'no certificates are served' }
        : { status: 'ok', text: 'none served, as the config runs neither the ca nor the tsa role' },
    ];
  }
  return findings;
}

const SERVICE_ROLES = { caUrls: 'ca', rekorTlogUrls: 'tlog', tsaUrls: 'tsa' } as const;

export function checkSigningConfig(json: unknown, roles: readonly Role[]): DoctorCheck {
  const findings = documentFindings(json, SIGNING_CONFIG_MEDIA_TYPE);
  const described: string[] = [];
  for (const [kind, role] of Object.entries(SERVICE_ROLES)) {
    const services = at(json, kind);
    if (!roles.includes(role)) {
      const finding = notRunFinding(
        kind,
        Array.isArray(services) ? services.length : 0,
        role,
        roles,
      );
      if (finding.status === 'ok') described.push(`no ${kind} (no ${role} role)`);
      else findings.push(finding);
      continue;
    }
    if (!Array.isArray(services) || services.length === 0) {
      findings.push({ status: 'fail', text: `${kind} is missing or empty` });
      continue;
    }
    services.forEach((service, i) => {
      if (typeof at(service, 'url') !== 'string') {
        findings.push({ status: 'fail', text: `${kind}[${i}].url is missing` });
      }
      if (!isDate(at(service, 'validFor', 'start'))) {
        findings.push({
          status: 'fail',
          text: `${kind}[${i}].validFor.start is missing or not a time`,
        });
      }
    });
    described.push(`${kind} ${services.map((s) => String(at(s, 'url'))).join(', ')}`);
  }
  findings.push({
    status: 'ok',
    text: `mediaType ${SIGNING_CONFIG_MEDIA_TYPE}, ${described.join('; ')}`,
  });
  return verdict('signing config', findings);
}
