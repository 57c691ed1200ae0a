import { type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { ISSUING_CA_SUBJECT, createIssuingCaCertificate } from '../src/ca/certificates.js';
import { buildCsr, parseCsr, verifyCsrSignature } from '../src/ca/csr.js';
import { parsePem, toPem } from '../src/core/pem.js';
import {
  name,
  parseCertificate,
  signatureAlgorithmFor,
  createSelfSignedCa,
  certificatePublicKey,
} from '../src/core/x509.js';
import { type Signer, localSigner } from '../src/kms/signer.js';
import { createTsaCertificate } from '../src/tsa/certificate.js';
import { ServerError } from './http.js';

/**
 * What the root CA signs, and the key-ceremony path for a root that is offline from the start:
 * `root create` makes the root on the offline machine, `init --root-ca-cert` installs only its
 * certificate and writes CSRs for the issuing CA and the TSA, `root sign` signs them offline
 * with Signet's own profiles (requested extensions are ignored), and the signed files are placed
 * back in keys/. `init` at a data directory that still holds the root key does all of it at once.
 */

export const ROOT_CA_VALIDITY_YEARS = 20;
export const TSA_CERT_VALIDITY_YEARS = 10;
/** The issuing CA outlives many leaves but is rotated well within the root's life. */
export const ISSUING_CA_VALIDITY_YEARS = 5;

export const ROOT_CA_SUBJECT = { organization: 'Signet', commonName: 'Signet Root CA' };
export const TSA_SUBJECT = { organization: 'Signet', commonName: 'Signet Timestamp Authority' };

export type RootProfile = 'issuing-ca' | 'tsa';
export const ROOT_PROFILES: readonly RootProfile[] = ['issuing-ca', 'tsa'];

/** The file each profile's signed output is placed at, under keys/, and its CSR. */
export const PROFILE_FILES: Record<RootProfile, { certificate: string; csr: string }> = {
  'issuing-ca': { certificate: 'issuing-ca.crt.pem', csr: 'issuing-ca.csr.pem' },
  tsa: { certificate: 'tsa-chain.pem', csr: 'tsa.csr.pem' },
};

const addYears = (date: Date, years: number): Date => {
  const out = new Date(date);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
};

/** Writes a file that must not exist yet: key material is never replaced, even by a racing init. */
export async function createExclusive(path: string, data: string, mode: number): Promise<void> {
  const handle = await fs.open(path, fsc.O_CREAT | fsc.O_EXCL | fsc.O_WRONLY, mode);
  try {
    await handle.write(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The root CA certificate (PEM) for a root key, valid for ROOT_CA_VALIDITY_YEARS from now. */
export function rootCertificatePem(rootKey: KeyObject, now = new Date()): string {
  return toPem(
    'CERTIFICATE',
    createSelfSignedCa({
      privateKey: rootKey,
      subject: ROOT_CA_SUBJECT,
      notBefore: now,
      notAfter: addYears(now, ROOT_CA_VALIDITY_YEARS),
    }),
  );
}

/**
 * Signs `publicKey` (SPKI DER) with `profile` and returns the PEM to place under keys/: the
 * issuing CA certificate, or the TSA certificate followed by the root (a TSA chain is leaf first).
 */
export async function issueFromRoot(
  profile: RootProfile,
  rootCert: Buffer,
  rootKey: KeyObject,
  publicKey: Buffer,
  now = new Date(),
): Promise<string> {
  const root = parseCertificate(rootCert);
  const capped = (years: number): Date => {
    const end = addYears(now, years);
    return end < root.notAfter ? end : root.notAfter;
  };
  if (profile === 'issuing-ca') {
    const certificate = await createIssuingCaCertificate({
      rootCertificate: rootCert,
      rootSigner: localSigner(rootKey, 'root CA key'),
      publicKey,
      notBefore: now,
      notAfter: capped(ISSUING_CA_VALIDITY_YEARS),
    });
    return toPem('CERTIFICATE', certificate);
  }
  const leaf = createTsaCertificate({
    rootKey,
    rootCert,
    tsaPublicKey: createPublicKey({ key: publicKey, format: 'der', type: 'spki' }),
    subject: TSA_SUBJECT,
    validity: { notBefore: now, notAfter: capped(TSA_CERT_VALIDITY_YEARS) },
  });
  return toPem('CERTIFICATE', leaf) + toPem('CERTIFICATE', rootCert);
}

/** A CSR (PEM) for a key the root has yet to certify, signed by that key as proof of possession. */
export async function csrPem(profile: RootProfile, signer: Signer): Promise<string> {
  const subject = profile === 'issuing-ca' ? ISSUING_CA_SUBJECT : TSA_SUBJECT;
  const der = await buildCsr(
    {
      subject: name([
        { short: 'O', value: subject.organization },
        { short: 'CN', value: subject.commonName },
      ]),
      publicKey: signer.publicKey,
      signatureAlgorithm: signatureAlgorithmFor(
        createPublicKey({ key: signer.publicKey, format: 'der', type: 'spki' }),
      ),
    },
    (info) => signer.sign(info),
  );
  return toPem('CERTIFICATE REQUEST', der);
}

export async function readText(path: string, what: string): Promise<string> {
  return (await readBytes(path, what)).toString('utf8');
}

async function readBytes(path: string, what: string): Promise<Buffer> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    throw new ServerError(
      'CONFIG_INVALID',
      `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** `root create`: a root key and certificate in `dir`, for a machine that stays offline. */
export async function createOfflineRoot(
  dir: string,
  generate: () => KeyObject,
): Promise<{ keyPath: string; certPath: string }> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, 'root-ca.key.pem');
  const certPath = join(dir, 'root-ca.crt.pem');
  const keyPem = generate().export({ format: 'pem', type: 'pkcs8' }) as string;
  try {
    await createExclusive(keyPath, keyPem, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ServerError(
        'CONFIG_INVALID',
        `${keyPath} already exists; a root is never replaced`,
      );
    }
    throw error;
  }
  await createExclusive(certPath, rootCertificatePem(createPrivateKey(keyPem)), 0o644);
  return { keyPath, certPath };
}

/**
 * `root sign`: checks the CSR's self-signature (the requester holds the key) and issues the
 * profile's certificate for its key. Returns the PEM to place under keys/.
 */
export async function signCsrWithRoot(options: {
  rootDir: string;
  profile: RootProfile;
  csrPath: string;
}): Promise<string> {
  const rootKey = createPrivateKey(
    await readText(join(options.rootDir, 'root-ca.key.pem'), 'root CA key'),
  );
  const rootPem = await readText(join(options.rootDir, 'root-ca.crt.pem'), 'root CA certificate');
  const rootCert = parsePem(rootPem, 'CERTIFICATE')[0]?.der;
  if (
    !rootCert ||
    !certificatePublicKey(parseCertificate(rootCert)).equals(createPublicKey(rootKey))
  ) {
    throw new ServerError(
      'CONFIG_INVALID',
      `${options.rootDir}: root-ca.crt.pem is not the certificate of root-ca.key.pem`,
    );
  }
  // PEM or DER: parseCsr tells them apart by the bytes.
  const csr = parseCsr(await readBytes(options.csrPath, 'CSR'));
  if (!verifyCsrSignature(csr)) {
    throw new ServerError(
      'CONFIG_INVALID',
      `${options.csrPath}: the CSR's signature does not verify with its own key; it was altered or not made by the key it names`,
    );
  }
  return issueFromRoot(options.profile, rootCert, rootKey, csr.publicKey);
}
