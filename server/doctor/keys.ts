import { type KeyObject, createPrivateKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { logKeyDetails } from '../../src/bundle/trust.js';
import { checkIssuingCaCertificate } from '../../src/ca/certificates.js';
import { parsePem } from '../../src/core/pem.js';
import { type Certificate, describeName, parseCertificate, spkiOf } from '../../src/core/x509.js';
import { checkpointOrigin, isTreeId } from '../../src/tlog/rekor-v1/entry.js';
import type { ServerConfig } from '../config.js';
import type { InstanceMetadata } from '../instance.js';
import { type DoctorCheck, type Finding, checksOf, messageOf } from './report.js';

/**
 * The data directory, strictly read-only (never initInstance, which would create keys): the
 * instance file, each key file and its mode, and the certificates with their expiry and the
 * checks the service makes at start.
 */

const { check, verdict } = checksOf('data-dir');

/** Certificates closer than this to expiry are a warning: enough time to plan a rotation. */
export const EXPIRY_WARNING_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * The data directory's key material, as instance.ts lays it out (its path helper is private to
 * it, and doctor must not go through initInstance).
 */
export const FILES = {
  metadata: 'signet.json',
  rootCert: 'keys/root-ca.crt.pem',
  rootKey: 'keys/root-ca.key.pem',
  logKey: 'keys/log.key.pem',
  tsaKey: 'keys/tsa.key.pem',
  tsaChain: 'keys/tsa-chain.pem',
  issuingKey: 'keys/issuing-ca.key.pem',
  issuingCert: 'keys/issuing-ca.crt.pem',
  ctKey: 'keys/ct.key.pem',
  rekorV1Key: 'keys/rekor-v1.key.pem',
} as const;

/** What doctor could read from the data directory; absent fields were missing or unreadable. */
export interface OnDisk {
  metadata?: InstanceMetadata;
  logKey?: KeyObject;
  tsaKey?: KeyObject;
  ctKey?: KeyObject;
  rekorV1Key?: KeyObject;
  rootCert?: Certificate;
  issuingCert?: Certificate;
  tsaChain?: Certificate[];
}

type FileRead = { text: string; mode: number } | { missing: true } | { error: string };

async function readDataFile(path: string): Promise<FileRead> {
  try {
    const [text, stats] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, mode: stats.mode & 0o777 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { error: messageOf(error) };
  }
}

export const keyType = (key: KeyObject): string => {
  try {
    return logKeyDetails(key);
  } catch {
    return key.asymmetricKeyType ?? 'unknown';
  }
};

export async function inspectDataDir(
  config: ServerConfig,
  disk: OnDisk,
  now: Date,
): Promise<DoctorCheck[]> {
  const dir = config.dataDir;
  try {
    if (!(await stat(dir)).isDirectory()) {
      return [check('data dir', 'fail', `${dir} is not a directory`)];
    }
  } catch (error) {
    return [check('data dir', 'fail', `${dir}: ${messageOf(error)}`)];
  }
  const path = (file: string): string => join(dir, file);
  const checks: DoctorCheck[] = [await checkMetadata(dir, disk)];

  const readKey = async (
    file: string,
    what: string,
  ): Promise<{ check: DoctorCheck; key?: KeyObject }> => {
    const name = `key ${file}`;
    const read = await readDataFile(path(file));
    if ('missing' in read) return { check: check(name, 'fail', `missing: the ${what} key`) };
    if ('error' in read) return { check: check(name, 'fail', `cannot read it: ${read.error}`) };
    let key: KeyObject;
    try {
      key = createPrivateKey(read.text);
    } catch (error) {
      return { check: check(name, 'fail', `not a readable private key: ${messageOf(error)}`) };
    }
    const mode = read.mode.toString(8).padStart(4, '0');
    if ((read.mode & 0o077) !== 0) {
      return {
        check: check(
          name,
          'warn',
          `${keyType(key)} ${what} key, but mode ${mode} lets other users read it; chmod 600 ${path(file)}`,
        ),
        key,
      };
    }
    return { check: check(name, 'ok', `${keyType(key)} ${what} key, mode ${mode}`), key };
  };

  const log = await readKey(FILES.logKey, 'checkpoint signing');
  const tsa = await readKey(FILES.tsaKey, 'TSA signing');
  const ct = await readKey(FILES.ctKey, 'CT log');
  const rekorV1 = await readKey(FILES.rekorV1Key, 'Rekor v1 log');
  disk.logKey = log.key;
  disk.tsaKey = tsa.key;
  disk.ctKey = ct.key;
  disk.rekorV1Key = rekorV1.key;
  checks.push(log.check, tsa.check, ct.check, rekorV1.check);
  let issuingKey: KeyObject | undefined;
  if (config.ca.issuingKey === 'file') {
    const issuing = await readKey(FILES.issuingKey, 'issuing CA');
    issuingKey = issuing.key;
    checks.push(issuing.check);
  }

  const rootKey = await readDataFile(path(FILES.rootKey));
  checks.push(
    'missing' in rootKey
      ? check(`key ${FILES.rootKey}`, 'ok', 'not on disk (kept offline)')
      : check(
          `key ${FILES.rootKey}`,
          'warn',
          `present: move ${FILES.rootKey} offline; the service needs only ${FILES.rootCert}, and init needs the key only to issue the TSA and issuing CA certificates`,
        ),
  );

  const root = await readCertificates(path(FILES.rootCert));
  if ('error' in root) checks.push(check(`certificate ${FILES.rootCert}`, 'fail', root.error));
  else if (root.certs.length !== 1) {
    checks.push(
      check(
        `certificate ${FILES.rootCert}`,
        'fail',
        `holds ${root.certs.length} certificates; expected exactly one`,
      ),
    );
  } else {
    disk.rootCert = root.certs[0] as Certificate;
    checks.push(verdict(`certificate ${FILES.rootCert}`, [expiry(disk.rootCert, now)]));
  }

  checks.push(await checkIssuingCa(config, disk, issuingKey, now));
  checks.push(await checkTsaChain(dir, disk, now));
  return checks;
}

async function checkMetadata(dir: string, disk: OnDisk): Promise<DoctorCheck> {
  const name = FILES.metadata;
  const read = await readDataFile(join(dir, FILES.metadata));
  if ('missing' in read) {
    return check(
      name,
      'fail',
      `missing: ${dir} is not an initialised data directory; run "signet-server init --data-dir ${dir}"`,
    );
  }
  if ('error' in read) return check(name, 'fail', `cannot read it: ${read.error}`);
  let metadata: InstanceMetadata;
  try {
    metadata = JSON.parse(read.text) as InstanceMetadata;
  } catch (error) {
    return check(name, 'fail', `not valid JSON: ${messageOf(error)}`);
  }
  if (
    metadata?.version !== 1 ||
    typeof metadata.publicUrl !== 'string' ||
    typeof metadata.logOrigin !== 'string'
  ) {
    return check(name, 'fail', 'not a Signet instance file (version 1)');
  }
  disk.metadata = metadata;
  const findings: Finding[] = [
    {
      status: 'ok',
      text: `public URL ${metadata.publicUrl}, log origin ${metadata.logOrigin}`,
    },
    rekorV1TreeIdFinding(metadata),
  ];
  for (const key of ['log', 'ct', 'rekor-v1']) {
    // The service falls back to its start time, which moves validFor.start on every restart.
    if (typeof metadata.keys?.[key]?.createdAt !== 'string') {
      findings.push({
        status: 'warn',
        text: `no creation time for the ${key} key: the trust root's validFor.start would move with every restart`,
      });
    }
  }
  return verdict(name, findings);
}

/** The Rekor v1 tree ID, in its checkpoint origin and entry IDs: the service refuses a bad one. */
function rekorV1TreeIdFinding(metadata: InstanceMetadata): Finding {
  const treeId = metadata.rekorV1TreeId;
  if (treeId === undefined) {
    return {
      status: 'warn',
      text: 'no rekorV1TreeId: the service draws the Rekor v1 tree ID at its next start',
    };
  }
  if (!isTreeId(treeId)) {
    return {
      status: 'fail',
      text: `rekorV1TreeId must be a positive int64 in decimal, got ${JSON.stringify(treeId)}: the service cannot start`,
    };
  }
  return {
    status: 'ok',
    text: `Rekor v1 origin ${checkpointOrigin(metadata.logOrigin, treeId)}`,
  };
}

async function readCertificates(
  path: string,
): Promise<{ certs: Certificate[] } | { error: string }> {
  const read = await readDataFile(path);
  if ('missing' in read) return { error: 'missing' };
  if ('error' in read) return { error: `cannot read it: ${read.error}` };
  try {
    return {
      certs: parsePem(read.text, 'CERTIFICATE').map((block) => parseCertificate(block.der)),
    };
  } catch (error) {
    return { error: `not a readable certificate: ${messageOf(error)}` };
  }
}

export const subjectOf = (cert: Certificate): string => {
  try {
    return describeName(cert.subject) || '(empty subject)';
  } catch {
    return '(unreadable subject)';
  }
};

/** Fails an expired or not yet valid certificate, warns within EXPIRY_WARNING_DAYS. */
export function expiry(cert: Certificate, now: Date, label = subjectOf(cert)): Finding {
  const until = cert.notAfter.toISOString();
  if (cert.notAfter.getTime() < now.getTime()) {
    return { status: 'fail', text: `${label} expired at ${until}` };
  }
  if (cert.notBefore.getTime() > now.getTime()) {
    return {
      status: 'fail',
      text: `${label} is not valid before ${cert.notBefore.toISOString()} (is the clock right?)`,
    };
  }
  const days = Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
  if (days < EXPIRY_WARNING_DAYS) {
    return {
      status: 'warn',
      text: `${label} expires at ${until}, in ${days} days (under ${EXPIRY_WARNING_DAYS})`,
    };
  }
  return { status: 'ok', text: `${label} valid until ${until} (${days} days)` };
}

/**
 * The issuing CA certificate: expiry, and the same check the service makes at start (key,
 * root signature, CA:TRUE, EKU). A KMS key is not contacted: its certificate is checked against
 * the root with its own public key, and the reference reported.
 */
async function checkIssuingCa(
  config: ServerConfig,
  disk: OnDisk,
  issuingKey: KeyObject | undefined,
  now: Date,
): Promise<DoctorCheck> {
  const name = `certificate ${FILES.issuingCert}`;
  const read = await readCertificates(join(config.dataDir, FILES.issuingCert));
  if ('error' in read) return check(name, 'fail', read.error);
  const cert = read.certs[0];
  if (read.certs.length !== 1 || cert === undefined) {
    return check(name, 'fail', `holds ${read.certs.length} certificates; expected exactly one`);
  }
  disk.issuingCert = cert;
  const findings: Finding[] = [expiry(cert, now)];
  const fileKey = config.ca.issuingKey === 'file';
  if (disk.rootCert === undefined) {
    findings.push({
      status: 'fail',
      text: `not checked against the root: ${FILES.rootCert} unusable`,
    });
  } else if (fileKey && issuingKey === undefined) {
    findings.push({ status: 'fail', text: `not checked against ${FILES.issuingKey}: unusable` });
  } else {
    const publicKey = fileKey ? spkiOf(issuingKey as KeyObject) : cert.publicKey;
    try {
      checkIssuingCaCertificate(cert.der, disk.rootCert.der, publicKey, now);
      findings.push({
        status: 'ok',
        text: fileKey
          ? `certifies ${FILES.issuingKey}, signed by the root`
          : `signed by the root; its key is ${config.ca.issuingKey} (not contacted)`,
      });
    } catch (error) {
      findings.push({ status: 'fail', text: messageOf(error) });
    }
  }
  return verdict(name, findings);
}

async function checkTsaChain(dir: string, disk: OnDisk, now: Date): Promise<DoctorCheck> {
  const name = `certificate ${FILES.tsaChain}`;
  const read = await readCertificates(join(dir, FILES.tsaChain));
  if ('error' in read) return check(name, 'fail', read.error);
  const [leaf] = read.certs;
  if (read.certs.length < 2 || leaf === undefined) {
    return check(name, 'fail', 'must hold the TSA certificate followed by its CA chain');
  }
  disk.tsaChain = read.certs;
  const findings = read.certs.map((cert) => expiry(cert, now));
  if (disk.tsaKey !== undefined && !leaf.publicKey.equals(spkiOf(disk.tsaKey))) {
    findings.push({
      status: 'fail',
      text: `its first certificate (${subjectOf(leaf)}) is not for the key in ${FILES.tsaKey}`,
    });
  }
  return verdict(name, findings);
}
