import { type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  SIGNING_CONFIG_MEDIA_TYPE,
  TRUSTED_ROOT_MEDIA_TYPE,
  logKeyDetails,
} from '../src/bundle/trust.js';
import { checkIssuingCaCertificate } from '../src/ca/certificates.js';
import { fromBase64, toBase64 } from '../src/core/base64.js';
import { noteVerifier, parseNote } from '../src/core/note.js';
import { parsePem } from '../src/core/pem.js';
import { type Certificate, describeName, parseCertificate, spkiOf } from '../src/core/x509.js';
import { logIdOf } from '../src/ct/sct.js';
import { IssuerKeys } from '../src/oidc/discovery.js';
import { DEFAULT_FETCH_TIMEOUT_MS } from '../src/oidc/fetch.js';
import {
  type IdentityConfig,
  type IssuerSettings,
  configurationJson,
} from '../src/oidc/issuers.js';
import { parseCheckpointText, verifyCheckpoint } from '../src/tlog/checkpoint.js';
import { readText } from './ceremony.js';
import { type Role, type ServerConfig, identityConfigOf } from './config.js';
import { DEV_AUDIENCE, DEV_ISSUER_PATH } from './dev-issuer.js';
import type { InstanceMetadata } from './instance.js';

/**
 * `signet-server doctor`: what an operator wants to know before and after a deployment, in one
 * pass. It checks the configuration's issuers live, the data directory (strictly read-only:
 * never initInstance, which would create keys), a running service's trust root against the
 * keys on disk and the roles it runs, and the CT log a CA without the ct role submits to. Each
 * problem names the file, URL or JSON path it is about.
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

export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
}

type Status = DoctorCheck['status'];

/** Certificates closer than this to expiry are a warning: enough time to plan a rotation. */
export const EXPIRY_WARNING_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * The data directory's key material, as instance.ts lays it out (its path helper is private to
 * it, and doctor must not go through initInstance).
 */
const FILES = {
  metadata: 'signet.json',
  rootCert: 'keys/root-ca.crt.pem',
  rootKey: 'keys/root-ca.key.pem',
  logKey: 'keys/log.key.pem',
  tsaKey: 'keys/tsa.key.pem',
  tsaChain: 'keys/tsa-chain.pem',
  issuingKey: 'keys/issuing-ca.key.pem',
  issuingCert: 'keys/issuing-ca.crt.pem',
  ctKey: 'keys/ct.key.pem',
} as const;

/** What doctor could read from the data directory; absent fields were missing or unreadable. */
interface OnDisk {
  metadata?: InstanceMetadata;
  logKey?: KeyObject;
  tsaKey?: KeyObject;
  ctKey?: KeyObject;
  rootCert?: Certificate;
  issuingCert?: Certificate;
  tsaChain?: Certificate[];
}

/**
 * The CT log a CA without the ct role submits to, as the config names it (service.ts reads the
 * same two settings); `key` is absent when ct.publicKey could not be read.
 */
interface ExternalCt {
  url: string;
  keyPath: string;
  key?: KeyObject;
}

/** What the config makes the service publish: trust and endpoints only for the roles it runs. */
interface Published {
  roles: readonly Role[];
  externalCt: ExternalCt | undefined;
}

/** Part of a check: problems decide its status, facts are the detail when there is none. */
interface Finding {
  status: Status;
  text: string;
}

const RANK: Record<Status, number> = { ok: 0, warn: 1, fail: 2 };

/**
 * A check from its findings: the worst status, and as detail the problems if there are any (the
 * facts would bury them), else the facts; `all` keeps every finding, for facts that matter anyway.
 */
function verdict(name: string, findings: Finding[], all = false): DoctorCheck {
  const status = findings.reduce<Status>(
    (worst, f) => (RANK[f.status] > RANK[worst] ? f.status : worst),
    'ok',
  );
  const shown = all || status === 'ok' ? findings : findings.filter((f) => f.status !== 'ok');
  return { name, status, detail: shown.map((f) => f.text).join('; ') };
}

const check = (name: string, status: Status, detail: string): DoctorCheck => ({
  name,
  status,
  detail,
});

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

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
    configCheck = check('config', 'fail', messageOf(error));
  }

  const disk: OnDisk = {};
  const diskChecks = await inspectDataDir(config, disk, now);
  const publicUrl = (config.publicUrl ?? disk.metadata?.publicUrl)?.replace(/\/+$/, '');
  const serviceUrl = (options.url ?? publicUrl ?? `http://${config.listen}`).replace(/\/+$/, '');

  const issuers = [...(identity?.issuers ?? [])];
  if (config.devIssuer && publicUrl !== undefined) {
    // The development issuer lives in the service itself, under the instance's public URL.
    issuers.unshift({
      issuerUrl: `${publicUrl}${DEV_ISSUER_PATH}`,
      wildcard: false,
      provider: 'email',
      audience: DEV_AUDIENCE,
      challengeClaim: 'email',
      skipEmailVerification: false,
    });
  }
  const externalCt = externalCtOf(config);
  const ctKeyChecks = externalCt ? [await readExternalCtKey(externalCt)] : [];
  const published: Published = { roles: config.roles, externalCt };
  const [issuerChecks, ctLogChecks, serviceChecks] = await Promise.all([
    Promise.all(issuers.map((issuer) => checkIssuer(issuer, timeoutMs))),
    externalCt ? checkExternalCtLog(externalCt, disk, timeoutMs) : [],
    checkService(serviceUrl, disk, published, now, timeoutMs),
  ]);
  return [
    configCheck,
    ...issuerChecks,
    ...diskChecks,
    ...ctKeyChecks,
    ...ctLogChecks,
    ...serviceChecks,
  ];
}

/** Exit status for `signet-server doctor`: warnings alone do not fail it. */
export const doctorExitCode = (checks: readonly DoctorCheck[]): number =>
  checks.some((c) => c.status === 'fail') ? 1 : 0;

/** One line per check ("ok   name: detail"), then a count. */
export function formatDoctorReport(checks: readonly DoctorCheck[]): string {
  const lines = checks.map((c) => `${c.status.padEnd(4)} ${c.name}: ${c.detail}`);
  const count = (status: Status): number => checks.filter((c) => c.status === status).length;
  const warnings = count('warn');
  lines.push(
    `${count('fail')} failed, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${count('ok')} ok`,
  );
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Configuration and issuers

function describeConfig(config: ServerConfig, identity: IdentityConfig): DoctorCheck {
  const listed = configurationJson(identity).issuers.map((issuer) => {
    const url = 'issuerUrl' in issuer ? issuer.issuerUrl : `${issuer.wildcardIssuerUrl} (pattern)`;
    return `${url} ${issuer.issuerType}, audience ${issuer.audience}`;
  });
  const source = config.identity === undefined ? 'built-in defaults' : 'identity setting';
  const findings: Finding[] = [];
  if (config.devIssuer) {
    findings.push({
      status: 'warn',
      text: `the development OIDC issuer (${DEV_ISSUER_PATH}) is enabled: anyone on this machine gets a token; never run it in production`,
    });
  }
  findings.push({ status: 'ok', text: `issuers in effect (${source}): ${listed.join('; ')}` });
  const external = externalCtOf(config);
  findings.push({
    status: 'ok',
    text: `roles ${config.roles.join(', ')}${external ? `; precertificates go to the CT log at ${external.url}` : ''}`,
  });
  return verdict('config', findings, true);
}

/**
 * Fetches discovery and JWKS through IssuerKeys, the very code the CA uses, so that doctor's
 * verdict is the CA's: the byte-for-byte issuer comparison (with the difference named), https
 * rules, the issuer's CA bundle, redirects refused, and which JWKS keys are usable.
 */
async function checkIssuer(issuer: IssuerSettings, timeoutMs: number): Promise<DoctorCheck> {
  const name = `issuer ${issuer.issuerUrl}`;
  if (issuer.wildcard) {
    return check(
      name,
      'ok',
      'pattern, not checked live (each issuer it matches is fetched when its first token arrives)',
    );
  }
  const keys = new IssuerKeys(issuer.issuerUrl, {
    timeoutMs,
    ...(issuer.caCert !== undefined && { ca: issuer.caCert }),
  });
  try {
    await keys.refresh();
  } catch (error) {
    return check(name, 'fail', messageOf(error));
  }
  const status = keys.describe();
  const kids = status.keys.map((k) => k.kid ?? `no kid, ${k.type}`);
  const findings: Finding[] = [
    {
      status: 'ok',
      text: `discovery issuer matches, JWKS has ${kids.length} ${kids.length === 1 ? 'key' : 'keys'} (${kids.join(', ')})`,
    },
  ];
  if (status.skippedKeys.length > 0) {
    // Tokens signed with a skipped key will be refused; worth knowing before CI finds out.
    findings.push({
      status: 'warn',
      text: `JWKS ${status.jwksUri ?? ''} entries not usable: ${status.skippedKeys.join('; ')}`,
    });
  }
  return verdict(name, findings, true);
}

// ---------------------------------------------------------------------------------------------
// The data directory (read-only)

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

const keyType = (key: KeyObject): string => {
  try {
    return logKeyDetails(key);
  } catch {
    return key.asymmetricKeyType ?? 'unknown';
  }
};

async function inspectDataDir(
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
  disk.logKey = log.key;
  disk.tsaKey = tsa.key;
  disk.ctKey = ct.key;
  checks.push(log.check, tsa.check, ct.check);
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
  ];
  for (const key of ['log', 'ct']) {
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

const subjectOf = (cert: Certificate): string => {
  try {
    return describeName(cert.subject) || '(empty subject)';
  } catch {
    return '(unreadable subject)';
  }
};

/** Fails an expired or not yet valid certificate, warns within EXPIRY_WARNING_DAYS. */
function expiry(cert: Certificate, now: Date, label = subjectOf(cert)): Finding {
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

// ---------------------------------------------------------------------------------------------
// The running service

type Fetched = { json: unknown } | { error: string };

/**
 * GETs a document. Global fetch rather than the OIDC fetchJson: that one refuses plain http off
 * loopback, which is right for token keys but not for a service behind a private network's proxy.
 */
async function get(
  url: string,
  timeoutMs: number,
  accept: string,
): Promise<{ status: number; text: string } | { error: string }> {
  try {
    const response = await fetch(url, {
      headers: { accept },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') {
      return { error: `cannot reach ${url}: no complete answer within ${timeoutMs} ms` };
    }
    // undici reports "fetch failed" and keeps the socket error (ECONNREFUSED, ...) as the cause.
    const cause = (error as { cause?: unknown }).cause;
    return { error: `cannot reach ${url}: ${messageOf(cause ?? error)}` };
  }
}

/** A refusal, with the JSON error message Signet (and Rekor, Fulcio) send along if there is one. */
function refusal(url: string, status: number, body: unknown): string {
  const message = (body as { message?: unknown } | null)?.message;
  const why = typeof message === 'string' ? `: ${message}` : '';
  return `${url} answered HTTP ${status}${why}`;
}

async function getJson(url: string, timeoutMs: number): Promise<Fetched> {
  const answer = await get(url, timeoutMs, 'application/json');
  if ('error' in answer) return answer;
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    return { error: `${url} answered HTTP ${answer.status} with a body that is not JSON` };
  }
  if (answer.status !== 200) return { error: refusal(url, answer.status, json) };
  return { json };
}

async function getText(
  url: string,
  timeoutMs: number,
): Promise<{ text: string } | { error: string }> {
  const answer = await get(url, timeoutMs, 'text/plain');
  if ('error' in answer) return answer;
  if (answer.status !== 200) {
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = undefined;
    }
    return { error: refusal(url, answer.status, body) };
  }
  return { text: answer.text };
}

async function checkService(
  url: string,
  disk: OnDisk,
  published: Published,
  now: Date,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  const [health, root, signing] = await Promise.all([
    getJson(`${url}/healthz`, timeoutMs),
    getJson(`${url}/trusted_root.json`, timeoutMs),
    getJson(`${url}/signing_config.json`, timeoutMs),
  ]);
  const checks: DoctorCheck[] = [];
  if ('error' in health) checks.push(check('service /healthz', 'fail', health.error));
  else {
    const status = (health.json as { status?: unknown } | null)?.status;
    checks.push(
      status === 'SERVING'
        ? check('service /healthz', 'ok', `${url} is SERVING`)
        : check(
            'service /healthz',
            'fail',
            `${url}/healthz answered ${JSON.stringify(health.json)}`,
          ),
    );
  }
  if ('error' in root) checks.push(check('trusted root', 'fail', root.error));
  else checks.push(...checkTrustedRoot(root.json, disk, published, now));
  if ('error' in signing) checks.push(check('signing config', 'fail', signing.error));
  else checks.push(checkSigningConfig(signing.json, published.roles));
  return checks;
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

/** `value` at `keys`, or undefined where the shape does not hold. */
function at(value: unknown, ...keys: Array<string | number>): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

const isDate = (value: unknown): boolean =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value));

function bytesAt(value: unknown, what: string): Buffer | string {
  if (typeof value !== 'string') return `${what} is missing`;
  try {
    return fromBase64(value, what);
  } catch (error) {
    return messageOf(error);
  }
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

function checkTrustedRoot(
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
  const ctlogs = externalCt
    ? logFindings('ctlogs', entries('ctlogs'), {
        file: `ct.publicKey ${externalCt.keyPath}`,
        expected: externalCt.key && {
          spki: spkiOf(externalCt.key),
          logId: logIdOf(externalCt.key),
        },
        baseUrl: externalCt.url,
        stale: `the running service was started with another CT log key; make ct.publicKey the key of the CT log at ${externalCt.url} (its trust root's ctlogs), then restart the service`,
      })
    : onlyWith('ct', 'ctlogs', () =>
        logFindings('ctlogs', entries('ctlogs'), {
          file: FILES.ctKey,
          expected: ctKey && { spki: spkiOf(ctKey), logId: logIdOf(ctKey) },
        }),
      );
  return [
    verdict('trusted root', document),
    verdict(
      'trusted root tlogs',
      onlyWith('tlog', 'tlogs', () =>
        logFindings('tlogs', entries('tlogs'), {
          file: FILES.logKey,
          // The checkpoint key ID depends on the origin for Ed25519 keys.
          expected:
            logKey && origin !== undefined
              ? { spki: spkiOf(logKey), logId: noteVerifier(origin, logKey).keyId }
              : undefined,
          origin,
        }),
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

function logFindings(
  kind: 'tlogs' | 'ctlogs',
  logs: unknown[],
  local: {
    /** Where the expected key comes from, as the operator knows it. */
    file: string;
    expected: { spki: Buffer; logId: Buffer } | undefined;
    /** The log origin the entry's baseUrl host must be. */
    origin?: string | undefined;
    /** The exact baseUrl the entry must have. */
    baseUrl?: string;
    /** What a served log ID other than the expected one means, and what to do. */
    stale?: string;
  },
): Finding[] {
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
  const expected = local.expected;
  if (expected === undefined) {
    findings.push({
      status: 'warn',
      text: `not compared with ${local.file}, which could not be read (see above)`,
    });
    return findings;
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

function checkSigningConfig(json: unknown, roles: readonly Role[]): DoctorCheck {
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

// ---------------------------------------------------------------------------------------------
// The CT log run elsewhere, for a CA without the ct role

/** The external CT log, when the config has one in effect: the service uses it only then. */
function externalCtOf(config: ServerConfig): ExternalCt | undefined {
  if (!config.roles.includes('ca') || config.roles.includes('ct')) return undefined;
  // validateRoles refuses this combination without both settings.
  return {
    url: (config.ct.url as string).replace(/\/+$/, ''),
    keyPath: config.ct.publicKey as string,
  };
}

/** Reads ct.publicKey as the service does at start, and keeps the key in `external.key`. */
async function readExternalCtKey(external: ExternalCt): Promise<DoctorCheck> {
  const name = 'ct.publicKey';
  let pem: string;
  try {
    pem = await readText(external.keyPath, 'CT log public key');
  } catch (error) {
    return check(name, 'fail', `${messageOf(error)}; the service cannot start without it`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    return check(
      name,
      'fail',
      `${external.keyPath} is not a PEM public key: ${messageOf(error)}; the service cannot start with it`,
    );
  }
  external.key = key;
  return check(
    name,
    'ok',
    `${external.keyPath}: ${keyType(key)} key for the CT log at ${external.url}, log ID ${toBase64(logIdOf(key))}`,
  );
}

/**
 * The external log live: it must accept chains to this instance's root, or every certificate
 * request fails with 503; its checkpoint, signed by ct.publicKey, tells the key is the log's.
 */
async function checkExternalCtLog(
  external: ExternalCt,
  disk: OnDisk,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  const rootsUrl = `${external.url}/ct/v1/get-roots`;
  const checkpointUrl = `${external.url}/ct/checkpoint`;
  const [roots, checkpoint] = await Promise.all([
    getJson(rootsUrl, timeoutMs),
    getText(checkpointUrl, timeoutMs),
  ]);
  const findings: Finding[] = [];
  const certificates = 'error' in roots ? undefined : at(roots.json, 'certificates');
  if ('error' in roots) findings.push({ status: 'fail', text: roots.error });
  else if (!Array.isArray(certificates)) {
    findings.push({ status: 'fail', text: `${rootsUrl} answered without a certificates list` });
  } else if (disk.rootCert === undefined) {
    findings.push({
      status: 'warn',
      text: `${rootsUrl} not compared with ${FILES.rootCert}, which could not be read (see above)`,
    });
  } else {
    const root = disk.rootCert.der;
    const listed = certificates.some((c) => {
      const der = bytesAt(c, 'certificate');
      return typeof der !== 'string' && der.equals(root);
    });
    findings.push(
      listed
        ? {
            status: 'ok',
            text: `${rootsUrl} lists ${FILES.rootCert} among ${certificates.length} accepted roots`,
          }
        : {
            status: 'fail',
            text: `${rootsUrl} does not list ${FILES.rootCert} among its ${certificates.length} accepted roots: the log refuses this CA's precertificates, so every certificate request fails; add the root to the CT log's ct.acceptedRoots and restart it`,
          },
    );
  }
  if ('error' in checkpoint) {
    findings.push({ status: 'warn', text: `checkpoint not read: ${checkpoint.error}` });
  } else findings.push(checkpointFinding(checkpoint.text, checkpointUrl, external));
  return [verdict(`CT log ${external.url}`, findings, true)];
}

function checkpointFinding(note: string, url: string, external: ExternalCt): Finding {
  let text: string;
  try {
    text = parseNote(note).text;
  } catch (error) {
    return { status: 'fail', text: `${url} is not a signed note: ${messageOf(error)}` };
  }
  if (external.key === undefined) {
    try {
      const { size } = parseCheckpointText(text);
      return { status: 'ok', text: `tree size ${size} (signature not checked: see ct.publicKey)` };
    } catch (error) {
      return { status: 'fail', text: `${url} is not a checkpoint: ${messageOf(error)}` };
    }
  }
  try {
    // The note is signed under the log's origin, its first line: the key is what is checked.
    const origin = text.slice(0, text.indexOf('\n'));
    const { size } = verifyCheckpoint(note, [noteVerifier(origin, external.key)]);
    return { status: 'ok', text: `tree size ${size}, checkpoint signed by ct.publicKey` };
  } catch (error) {
    return {
      status: 'fail',
      text: `${url} does not verify with ct.publicKey ${external.keyPath}: ${messageOf(error)}; SCTs from this log will not verify either`,
    };
  }
}
