import {
  OID,
  assembleCertificate,
  authorityKeyIdentifier,
  basicConstraints,
  buildTbs,
  extKeyUsage,
  keyIdentifier,
  keyUsage,
  name,
  parseBasicConstraints,
  parseCertificate,
  parseExtKeyUsage,
  findExtension,
  randomSerial,
  signatureAlgorithmFor,
  subjectKeyIdentifier,
  verifyCertificateSignature,
  certificatePublicKey,
  type Certificate,
} from '../core/x509.js';
import type { Signer } from '../kms/signer.js';
import { CaError } from './error.js';

/** The issuing CA's subject, as the trust root's certificateAuthorities entry names it. */
export const ISSUING_CA_SUBJECT = { organization: 'Signet', commonName: 'Signet Issuing CA' };

export interface IssuingCaOptions {
  /** The root that signs: its certificate (DER) and a signer for its key. */
  rootCertificate: Buffer;
  rootSigner: Signer;
  /** The issuing CA's public key (SPKI DER), e.g. from a KMS key or a CSR. */
  publicKey: Buffer;
  notBefore: Date;
  notAfter: Date;
  subject?: { organization: string; commonName: string };
}

/**
 * The intermediate that issues code-signing leaves: CA:TRUE with pathlen 0, keyCertSign, and
 * EKU codeSigning, which Go's chain verification (cosign) requires of every CA above a
 * code-signing leaf. Validity never outlasts the root's.
 */
export async function createIssuingCaCertificate(opts: IssuingCaOptions): Promise<Buffer> {
  const root = parseCertificate(opts.rootCertificate);
  if (!root.publicKey.equals(opts.rootSigner.publicKey)) {
    throw new CaError(
      'CA_CONFIG_INVALID',
      `the root CA certificate's key is not the key of ${opts.rootSigner.ref}`,
    );
  }
  const subject = opts.subject ?? ISSUING_CA_SUBJECT;
  const algorithm = signatureAlgorithmFor(certificatePublicKey(root));
  const tbs = buildTbs({
    serial: randomSerial(),
    issuer: root.subject,
    subject: name([
      { short: 'O', value: subject.organization },
      { short: 'CN', value: subject.commonName },
    ]),
    notBefore: opts.notBefore,
    notAfter: opts.notAfter < root.notAfter ? opts.notAfter : root.notAfter,
    publicKey: opts.publicKey,
    extensions: [
      { oid: OID.keyUsage, critical: true, value: keyUsage(['keyCertSign', 'cRLSign']) },
      { oid: OID.basicConstraints, critical: true, value: basicConstraints(true, 0) },
      { oid: OID.extKeyUsage, value: extKeyUsage([OID.codeSigning]) },
      { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(opts.publicKey) },
      {
        oid: OID.authorityKeyIdentifier,
        value: authorityKeyIdentifier(keyIdentifier(root.publicKey)),
      },
    ],
    signatureAlgorithm: algorithm,
  });
  return assembleCertificate(tbs, algorithm, await opts.rootSigner.sign(tbs));
}

/**
 * Checks that `der` can serve as the issuing CA for `publicKey` under `rootDer`: the key
 * matches, the root signed it, and it is a CA allowed to issue code-signing leaves. Used when
 * an operator installs a certificate the offline root signed.
 */
export function checkIssuingCaCertificate(
  der: Buffer,
  rootDer: Buffer,
  publicKey: Buffer,
  now: Date,
): Certificate {
  const cert = parseCertificate(der);
  const root = parseCertificate(rootDer);
  const problem = (message: string): CaError =>
    new CaError('CA_CONFIG_INVALID', `issuing CA certificate: ${message}`);
  if (!cert.publicKey.equals(publicKey))
    throw problem("its public key is not the issuing CA key's public key");
  if (
    !cert.issuer.equals(root.subject) ||
    !verifyCertificateSignature(cert, certificatePublicKey(root))
  )
    throw problem('it is not signed by the root CA in keys/root-ca.crt.pem');
  const constraints = findExtension(cert, OID.basicConstraints);
  if (!constraints || !parseBasicConstraints(constraints.value).ca)
    throw problem('it is not a CA certificate (BasicConstraints CA:TRUE is missing)');
  const eku = findExtension(cert, OID.extKeyUsage);
  if (eku && !parseExtKeyUsage(eku.value).includes(OID.codeSigning))
    throw problem('its extended key usage does not include codeSigning');
  if (cert.notAfter.getTime() <= now.getTime())
    throw problem(`it expired at ${cert.notAfter.toISOString()}`);
  return cert;
}
