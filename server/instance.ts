import { type KeyObject, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { parsePem, toPem } from '../src/core/pem.js';
import { createSelfSignedCa, parseCertificate } from '../src/core/x509.js';
import { checkIssuingCaCertificate, createIssuingCaCertificate } from '../src/ca/certificates.js';
import { type Signer, localSigner, openSigner } from '../src/kms/signer.js';
import { createTsaCertificate } from '../src/tsa/certificate.js';
import type { ServerConfig } from './config.js';
import { publicUrlOf } from './config.js';
import { ServerError } from './http.js';
import type { Logger } from './logger.js';
import { type RetiredKey, finishRotations, loadRetiredKeys } from './rotation.js';
import { writeDurably } from './storage/posix-log.js';

/** How long `init` makes the root CA and the TSA certificate valid. */
export const ROOT_CA_VALIDITY_YEARS = 20;
export const TSA_CERT_VALIDITY_YEARS = 10;
/** The issuing CA outlives many leaves but is rotated well within the root's life. */
export const ISSUING_CA_VALIDITY_YEARS = 5;

/**
 * The data directory: instance metadata, key material and the logs.
 *
 *   signet.json            public URL, checkpoint origin, key creation times
 *   keys/root-ca.crt.pem   the root CA certificate (the service needs only this)
 *   keys/root-ca.key.pem   the root CA key: move it offline after init
 *   keys/log.key.pem       the transparency log's checkpoint key
 *   keys/tsa.key.pem       the TSA signing key
 *   keys/tsa-chain.pem     the TSA certificate chain, leaf first
 *   keys/issuing-ca.key.pem  the issuing CA key, unless it lives in AWS KMS
 *   keys/issuing-ca.crt.pem  the issuing CA certificate, signed by the root
 *   keys/ct.key.pem        the certificate-transparency log's key (P-256, signs SCTs)
 *   log/                   the transparency log (tlog-tiles layout + journal)
 *   keys/retired/ROLE-TIME/  keys retired by `rotate`, kept in the trust root with an end date
 *   ct/                    the certificate-transparency log (same layout)
 *   trusted_root.json      written on every start from the live keys
 */
export interface InstanceMetadata {
  version: 1;
  publicUrl: string;
  /** The checkpoint origin: the public URL's hostname, fixed when the log is created. */
  logOrigin: string;
  keys: Record<string, { createdAt: string; ref?: string }>;
}

export interface Instance {
  dir: string;
  metadata: InstanceMetadata;
  logKey: KeyObject;
  tsaKey: KeyObject;
  /** DER, leaf first, ending with the root. */
  tsaChain: Buffer[];
  rootCert: Buffer;
  issuingCa: { certificate: Buffer; signer: Signer };
  ctKey: KeyObject;
  /** Keys retired by rotation, oldest first. */
  retired: RetiredKey[];
}

const METADATA = 'signet.json';
const keyFile = (dir: string, name: string): string => join(dir, 'keys', name);

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes a file that must not exist yet: key material is never replaced, even by a racing init. */
async function createExclusive(path: string, data: string, mode: number): Promise<void> {
  const handle = await fs.open(path, fsc.O_CREAT | fsc.O_EXCL | fsc.O_WRONLY, mode);
  try {
    await handle.write(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function generate(type: 'ed25519' | 'p256' | 'p384'): KeyObject {
  if (type === 'ed25519') return generateKeyPairSync('ed25519').privateKey;
  return generateKeyPairSync('ec', { namedCurve: type === 'p256' ? 'P-256' : 'P-384' }).privateKey;
}

const addYears = (date: Date, years: number): Date => {
  const out = new Date(date);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
};

export interface InitOptions {
  dir: string;
  publicUrl: string | undefined;
  keys: ServerConfig['keys'];
  ca: ServerConfig['ca'];
  logger: Logger;
}

/**
 * Creates whatever the data directory lacks and loads the rest. Idempotent: existing key
 * material is never replaced, and a public URL whose hostname would change the log's
 * checkpoint origin is refused.
 */
export async function initInstance(options: InitOptions): Promise<Instance> {
  const { dir, logger } = options;
  await fs.mkdir(join(dir, 'keys'), { recursive: true, mode: 0o700 });
  await finishRotations(dir);
  const metadata = await loadMetadata(dir, options.publicUrl, logger);
  // validFor.start in the trust root comes from these times, so they are recorded with the key
  // and never move: a later start would invalidate everything signed before it.
  const created = async (name: string): Promise<void> => {
    metadata.keys[name] = { createdAt: new Date().toISOString() };
    await saveMetadata(dir, metadata);
    logger.info('created key material', { key: name, dir });
  };
  const recorded = async (name: string, path: string): Promise<void> => {
    if (metadata.keys[name] !== undefined) return;
    metadata.keys[name] = { createdAt: (await fs.stat(path)).mtime.toISOString() };
    await saveMetadata(dir, metadata);
  };

  const rootKeyPath = keyFile(dir, 'root-ca.key.pem');
  const rootCertPath = keyFile(dir, 'root-ca.crt.pem');
  let rootCertPem = await readIfExists(rootCertPath);
  if (rootCertPem === undefined) {
    let rootKeyPem = await readIfExists(rootKeyPath);
    if (rootKeyPem === undefined) {
      rootKeyPem = generate(options.keys.rootKeyType).export({
        format: 'pem',
        type: 'pkcs8',
      }) as string;
      await createExclusive(rootKeyPath, rootKeyPem, 0o600);
      await created('root-ca');
    }
    const now = new Date();
    const cert = createSelfSignedCa({
      privateKey: createPrivateKey(rootKeyPem),
      subject: { organization: 'Signet', commonName: 'Signet Root CA' },
      notBefore: now,
      notAfter: addYears(now, ROOT_CA_VALIDITY_YEARS),
    });
    rootCertPem = toPem('CERTIFICATE', cert);
    await createExclusive(rootCertPath, rootCertPem, 0o644);
  }
  const rootCert = singleCert(rootCertPem, rootCertPath);

  const logKeyPath = keyFile(dir, 'log.key.pem');
  const logKey = await loadOrCreateKey(logKeyPath, options.keys.logKeyType, () => created('log'));
  await recorded('log', logKeyPath);
  const tsaKeyPath = keyFile(dir, 'tsa.key.pem');
  const tsaKey = await loadOrCreateKey(tsaKeyPath, options.keys.tsaKeyType, () => created('tsa'));
  await recorded('tsa', tsaKeyPath);

  const chainPath = keyFile(dir, 'tsa-chain.pem');
  let chainPem = await readIfExists(chainPath);
  if (chainPem === undefined) {
    const rootKeyPem = await readIfExists(rootKeyPath);
    if (rootKeyPem === undefined) {
      throw new ServerError(
        'DATA_DIR_INVALID',
        500,
        `${chainPath} is missing and the root CA key ${rootKeyPath} is not present to issue it; bring the root key back for this step, or place a TSA chain (leaf first) there`,
      );
    }
    const root = parseCertificate(rootCert);
    const notBefore = new Date();
    const notAfter = addYears(notBefore, TSA_CERT_VALIDITY_YEARS);
    const leaf = createTsaCertificate({
      rootKey: createPrivateKey(rootKeyPem),
      rootCert,
      tsaPublicKey: tsaKey,
      subject: { organization: 'Signet', commonName: 'Signet Timestamp Authority' },
      validity: { notBefore, notAfter: notAfter < root.notAfter ? notAfter : root.notAfter },
    });
    chainPem = toPem('CERTIFICATE', leaf) + rootCertPem;
    await createExclusive(chainPath, chainPem, 0o644);
  }
  const tsaChain = parsePem(chainPem, 'CERTIFICATE').map((block) => block.der);
  if (tsaChain.length < 2) {
    throw new ServerError(
      'DATA_DIR_INVALID',
      500,
      `${chainPath} must hold the TSA certificate followed by its CA chain`,
    );
  }
  const ctKeyPath = keyFile(dir, 'ct.key.pem');
  const ctKey = await loadOrCreateKey(ctKeyPath, 'p256', () => created('ct'));
  await recorded('ct', ctKeyPath);

  const issuingCa = await loadIssuingCa(options, rootCert, async (ref) => {
    metadata.keys['issuing-ca'] = { createdAt: new Date().toISOString(), ref };
    await saveMetadata(dir, metadata);
    logger.info('created key material', { key: 'issuing-ca', ref });
  });
  await saveMetadata(dir, metadata);
  const retired = await loadRetiredKeys(dir);
  return { dir, metadata, logKey, tsaKey, tsaChain, rootCert, issuingCa, ctKey, retired };
}

/**
 * The issuing CA: its key (a file here, or AWS KMS) and its certificate, which the root signs
 * at init when the root key is present. With the root already offline the certificate must be
 * installed from a key ceremony instead, and the message says how.
 */
async function loadIssuingCa(
  options: InitOptions,
  rootCert: Buffer,
  onCreate: (ref: string) => Promise<void>,
): Promise<{ certificate: Buffer; signer: Signer }> {
  const { dir } = options;
  const certPath = keyFile(dir, 'issuing-ca.crt.pem');
  const keyRef = options.ca.issuingKey;
  let signer: Signer;
  if (keyRef === 'file') {
    const keyPath = keyFile(dir, 'issuing-ca.key.pem');
    let fresh = false;
    const key = await loadOrCreateKey(keyPath, options.ca.issuingKeyType, async () => {
      fresh = true;
    });
    if (fresh) await onCreate(`file:${keyPath}`);
    signer = localSigner(key, `file:${keyPath}`);
  } else {
    signer = await openSigner(keyRef);
  }
  const existing = await readIfExists(certPath);
  let certPem = existing;
  if (certPem === undefined) {
    const rootKeyPath = keyFile(dir, 'root-ca.key.pem');
    const rootKeyPem = await readIfExists(rootKeyPath);
    if (rootKeyPem === undefined) {
      throw new ServerError(
        'DATA_DIR_INVALID',
        500,
        `${certPath} is missing and the root CA key ${rootKeyPath} is not present to issue it; bring the root key back for this step, or place there a certificate for the issuing CA key (${keyRef === 'file' ? keyFile(dir, 'issuing-ca.key.pem') : keyRef}) signed by the offline root`,
      );
    }
    const now = new Date();
    const certificate = await createIssuingCaCertificate({
      rootCertificate: rootCert,
      rootSigner: localSigner(createPrivateKey(rootKeyPem), `file:${rootKeyPath}`),
      publicKey: signer.publicKey,
      notBefore: now,
      notAfter: addYears(now, ISSUING_CA_VALIDITY_YEARS),
    });
    certPem = toPem('CERTIFICATE', certificate);
    await createExclusive(certPath, certPem, 0o644);
    if (keyRef !== 'file') await onCreate(keyRef);
  }
  let certificate: Buffer;
  try {
    certificate = singleCert(certPem, certPath);
    checkIssuingCaCertificate(certificate, rootCert, signer.publicKey, new Date());
  } catch (error) {
    throw new ServerError('DATA_DIR_INVALID', 500, `${certPath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { certificate, signer };
}

function singleCert(pem: string, path: string): Buffer {
  const blocks = parsePem(pem, 'CERTIFICATE');
  if (blocks.length !== 1 || blocks[0] === undefined) {
    throw new ServerError('DATA_DIR_INVALID', 500, `${path} must hold exactly one certificate`);
  }
  return blocks[0].der;
}

async function loadOrCreateKey(
  path: string,
  type: 'ed25519' | 'p256' | 'p384',
  onCreate: () => Promise<void>,
): Promise<KeyObject> {
  const existing = await readIfExists(path);
  if (existing !== undefined) {
    try {
      return createPrivateKey(existing);
    } catch (error) {
      throw new ServerError(
        'DATA_DIR_INVALID',
        500,
        `${path} is not a readable private key: ${(error as Error).message}`,
      );
    }
  }
  const pem = generate(type).export({ format: 'pem', type: 'pkcs8' }) as string;
  await createExclusive(path, pem, 0o600);
  await onCreate();
  // Re-imported rather than the generated object: on Node 20, reading details of a key straight
  // from generateKeyPair can deadlock against the collection of its generation job.
  return createPrivateKey(pem);
}

export async function loadMetadata(
  dir: string,
  publicUrl: string | undefined,
  logger: Logger,
): Promise<InstanceMetadata> {
  const path = join(dir, METADATA);
  const text = await readIfExists(path);
  if (text === undefined) {
    const url = publicUrlOf(publicUrl ?? 'http://127.0.0.1:8080');
    return {
      version: 1,
      publicUrl: url.href.replace(/\/$/, ''),
      logOrigin: url.hostname,
      keys: {},
    };
  }
  let metadata: InstanceMetadata;
  try {
    metadata = JSON.parse(text) as InstanceMetadata;
  } catch (error) {
    throw new ServerError(
      'DATA_DIR_INVALID',
      500,
      `${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (
    metadata.version !== 1 ||
    typeof metadata.logOrigin !== 'string' ||
    typeof metadata.publicUrl !== 'string'
  ) {
    throw new ServerError(
      'DATA_DIR_INVALID',
      500,
      `${path} is not a Signet instance file (version 1)`,
    );
  }
  if (publicUrl !== undefined) {
    const url = publicUrlOf(publicUrl);
    if (url.hostname !== metadata.logOrigin) {
      throw new ServerError(
        'DATA_DIR_INVALID',
        500,
        `public URL ${publicUrl} has hostname "${url.hostname}", but this instance's log origin is "${metadata.logOrigin}" and cannot change (verifiers match the checkpoint origin to the trust root's log URL); use a URL on ${metadata.logOrigin}`,
      );
    }
    const normalised = url.href.replace(/\/$/, '');
    if (normalised !== metadata.publicUrl) {
      logger.info('public URL changed', { from: metadata.publicUrl, to: normalised });
      metadata.publicUrl = normalised;
    }
  }
  return metadata;
}

async function saveMetadata(dir: string, metadata: InstanceMetadata): Promise<void> {
  await writeDurably(join(dir, METADATA), Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`));
}
