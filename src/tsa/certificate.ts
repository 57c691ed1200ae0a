import type { KeyObject } from 'node:crypto';
import { CoreError } from '../core/error.js';
import {
  OID,
  authorityKeyIdentifier,
  buildCertificate,
  certificatePublicKey,
  describeName,
  extKeyUsage,
  findExtension,
  isCa,
  isValidAt,
  keyIdentifier,
  keyUsage,
  name,
  parseBasicConstraints,
  parseCertificate,
  parseExtKeyUsage,
  parseKeyUsage,
  parseSubjectKeyIdentifier,
  publicKeyOf,
  randomSerial,
  signatureAlgorithmFor,
  signerFor,
  spkiOf,
  subjectKeyIdentifier,
  verifyCertificateSignature,
} from '../core/x509.js';
import type { Certificate } from '../core/x509.js';
import { TsaError } from './error.js';

/** How a certificate is named in error messages. */
export const describeCertificate = (cert: Certificate): string =>
  `"${describeName(cert.subject)}" (serial ${cert.serialBytes.toString('hex')})`;

/**
 * Runs `fn`, reporting malformed certificate data (a CoreError from parsing a certificate or
 * one of its extensions) as a TsaError with `code`, so callers only ever see TsaErrors.
 */
export function withCertificateErrors<T>(
  code: 'CONFIG_INVALID' | 'CHAIN_INVALID',
  what: string,
  fn: () => T,
): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CoreError) {
      throw new TsaError(code, `${what}: malformed certificate data: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Parses certificate DER, reporting malformed input as a TsaError with the given code. */
export const parseTsaCertificate = (
  der: Uint8Array,
  what: string,
  code: 'CONFIG_INVALID' | 'CHAIN_INVALID',
): Certificate => withCertificateErrors(code, what, () => parseCertificate(der));

/**
 * RFC 3161 §2.3 as sigstore/timestamp-authority enforces it: the TSA certificate is not a CA,
 * has exactly one extended key usage, id-kp-timeStamping, in a critical extension, and (when
 * KeyUsage is present) may make digital signatures.
 */
export function checkTsaCertificateProfile(cert: Certificate): void {
  const fail = (why: string): TsaError =>
    new TsaError(
      'CERTIFICATE_PROFILE_INVALID',
      `TSA certificate ${describeCertificate(cert)} ${why}`,
    );
  const eku = findExtension(cert, OID.extKeyUsage);
  if (!eku) throw fail('has no extended key usage (timeStamping required)');
  const purposes = parseExtKeyUsage(eku.value);
  if (purposes.length !== 1 || purposes[0] !== OID.timeStamping) {
    throw fail(
      `must have exactly one extended key usage, timeStamping; has ${purposes.join(', ')}`,
    );
  }
  if (!eku.critical) throw fail('has its extended key usage extension not marked critical');
  if (isCa(cert)) throw fail('is a CA certificate');
  const ku = findExtension(cert, OID.keyUsage);
  if (ku && !parseKeyUsage(ku.value).has('digitalSignature')) {
    throw fail('has a key usage without digitalSignature');
  }
}

/** Throws CERTIFICATE_NOT_VALID unless `at` lies within the certificate's validity. */
export function checkCertificateValidAt(cert: Certificate, at: Date, role: string): void {
  if (!isValidAt(cert, at)) {
    throw new TsaError(
      'CERTIFICATE_NOT_VALID',
      `${role} ${describeCertificate(cert)} is not valid at ${at.toISOString()} ` +
        `(valid ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()})`,
    );
  }
}

/**
 * Checks a TSA chain (TSA certificate first, trust anchor last): name chaining, signatures,
 * issuers being CAs allowed to sign certificates, path length limits and the timeStamping
 * EKU nesting Go enforces on CAs; with `at`, every certificate's validity at that time.
 * The last certificate is the anchor: its own signature is not checked.
 */
export function verifyTsaChain(chain: readonly Certificate[], at?: Date): void {
  if (chain.length < 2) {
    throw new TsaError(
      'CHAIN_INVALID',
      'a TSA certificate chain needs the TSA certificate and at least the root that issued it',
    );
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i] as Certificate;
    const issuer = chain[i + 1] as Certificate;
    const fail = (why: string): TsaError =>
      new TsaError('CHAIN_INVALID', `certificate ${describeCertificate(cert)}: ${why}`);
    if (!cert.issuer.equals(issuer.subject)) {
      throw fail(`issuer "${describeName(cert.issuer)}" is not the next certificate in the chain`);
    }
    if (!verifyCertificateSignature(cert, certificatePublicKey(issuer))) {
      throw fail(`signature does not verify with the key of ${describeCertificate(issuer)}`);
    }
    const constraints = findExtension(issuer, OID.basicConstraints);
    const bc = constraints ? parseBasicConstraints(constraints.value) : { ca: false };
    if (!bc.ca) throw fail(`issuer ${describeCertificate(issuer)} is not a CA`);
    // pathLen counts the intermediates below the issuer (chain[1..i]).
    if (bc.pathLen !== undefined && bc.pathLen < i) {
      throw fail(`chain exceeds the path length limit of ${describeCertificate(issuer)}`);
    }
    const ku = findExtension(issuer, OID.keyUsage);
    if (ku && !parseKeyUsage(ku.value).has('keyCertSign')) {
      throw fail(`issuer ${describeCertificate(issuer)} may not sign certificates`);
    }
    // Go's chain building (cosign, sigstore-go) requires every CA's EKU, if any, to allow it.
    const eku = findExtension(issuer, OID.extKeyUsage);
    const purposes = eku ? parseExtKeyUsage(eku.value) : [OID.anyExtendedKeyUsage];
    if (!purposes.includes(OID.timeStamping) && !purposes.includes(OID.anyExtendedKeyUsage)) {
      throw fail(`issuer ${describeCertificate(issuer)} has an EKU that excludes timeStamping`);
    }
  }
  if (at) {
    chain.forEach((cert, i) =>
      checkCertificateValidAt(cert, at, i === 0 ? 'TSA certificate' : 'CA certificate'),
    );
  }
}

export interface TsaCertificateOptions {
  /** The issuing (root or intermediate) CA's private key. */
  rootKey: KeyObject;
  /** The issuing CA's certificate DER. */
  rootCert: Uint8Array;
  /** The TSA's key (public, or the private key to take it from). */
  tsaPublicKey: KeyObject;
  subject: { commonName: string; organization?: string };
  validity: { notBefore: Date; notAfter: Date };
}

/**
 * Issues a TSA signing certificate for development and `init`: KeyUsage digitalSignature and
 * EKU timeStamping, both critical, with key identifiers so chain builders find the issuer.
 */
export function createTsaCertificate(opts: TsaCertificateOptions): Buffer {
  const root = parseTsaCertificate(opts.rootCert, 'rootCert', 'CONFIG_INVALID');
  const { notBefore, notAfter } = opts.validity;
  // Certificate times have whole seconds; compare at that precision.
  const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);
  if (seconds(notBefore) < seconds(root.notBefore) || seconds(notAfter) > seconds(root.notAfter)) {
    throw new TsaError(
      'CONFIG_INVALID',
      `TSA certificate validity must lie within its issuer's (${root.notBefore.toISOString()} to ${root.notAfter.toISOString()})`,
    );
  }
  if (!publicKeyOf(opts.rootKey).equals(certificatePublicKey(root))) {
    throw new TsaError('CONFIG_INVALID', 'rootKey does not match rootCert');
  }
  const publicKey = spkiOf(opts.tsaPublicKey);
  const skid = findExtension(root, OID.subjectKeyIdentifier);
  const rootKeyId = withCertificateErrors('CONFIG_INVALID', 'rootCert', () =>
    skid ? parseSubjectKeyIdentifier(skid.value) : keyIdentifier(root.publicKey),
  );
  const subject = name([
    ...(opts.subject.organization
      ? [{ short: 'O' as const, value: opts.subject.organization }]
      : []),
    { short: 'CN', value: opts.subject.commonName },
  ]);
  return buildCertificate(
    {
      serial: randomSerial(),
      issuer: root.subject,
      subject,
      notBefore,
      notAfter,
      publicKey,
      extensions: [
        { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
        { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(publicKey) },
        { oid: OID.authorityKeyIdentifier, value: authorityKeyIdentifier(rootKeyId) },
        { oid: OID.extKeyUsage, critical: true, value: extKeyUsage([OID.timeStamping]) },
      ],
      signatureAlgorithm: signatureAlgorithmFor(opts.rootKey),
    },
    signerFor(opts.rootKey),
  );
}
