import type { KeyObject } from 'node:crypto';
import {
  type CertificateIdentity,
  IDENTITY_EXTENSIONS,
  type IdentityField,
  SUBJECT_ALT_NAME_OID,
} from '../../src/ca/extensions.js';
import { nullValue, sequence, tlv, utf8String } from '../../src/core/der.js';
import {
  type ExtensionSpec,
  OID,
  authorityKeyIdentifier,
  buildCertificate,
  extKeyUsage,
  keyIdentifier,
  keyUsage,
  name,
  randomSerial,
  signerFor,
  spkiOf,
  subjectKeyIdentifier,
} from '../../src/core/x509.js';
import { CT_POISON_OID, SCT_LIST_OID, sctListExtensionValue } from '../../src/ct/sct.js';
import { MINUTE, type Stack, newKey } from './stack.js';

/**
 * A leaf as another CA could issue it (public-good's Fulcio, an older Signet): the claims are
 * encoded as given, control characters and all, which Signet's own CA refuses. It is issued by
 * the stack's issuing CA with an SCT from the stack's CT log, so `stack.sign({ leaf })` makes a
 * bundle that verifies up to the identity pins, and a test sees what a client shows of them.
 */
export async function foreignLeaf(
  stack: Stack,
  identity: CertificateIdentity,
): Promise<{ certificate: Buffer; key: KeyObject }> {
  const key = newKey('p256');
  const serial = randomSerial();
  const notBefore = new Date();
  notBefore.setUTCMilliseconds(0);
  const generalName = identity.san.type === 'uri' ? 0x86 : 0x81;
  const extensions: ExtensionSpec[] = [
    { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
    { oid: OID.extKeyUsage, value: extKeyUsage([OID.codeSigning]) },
    { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(spkiOf(key)) },
    {
      oid: OID.authorityKeyIdentifier,
      value: authorityKeyIdentifier(keyIdentifier(stack.issuing.cert.publicKey)),
    },
    {
      oid: SUBJECT_ALT_NAME_OID,
      critical: true,
      value: sequence(tlv(generalName, Buffer.from(identity.san.value, 'utf8'))),
    },
    ...(Object.keys(IDENTITY_EXTENSIONS) as IdentityField[]).flatMap((field) => {
      const value = identity[field];
      if (value === undefined) return [];
      const { oid, encoding } = IDENTITY_EXTENSIONS[field];
      return [{ oid, value: encoding === 'raw' ? Buffer.from(value, 'utf8') : utf8String(value) }];
    }),
  ];
  // The precertificate and the certificate differ only in their last extension.
  const issue = (last: ExtensionSpec): Buffer =>
    buildCertificate(
      {
        serial,
        issuer: stack.issuing.cert.subject,
        subject: name([]),
        notBefore,
        notAfter: new Date(notBefore.getTime() + 10 * MINUTE),
        publicKey: spkiOf(key),
        extensions: [...extensions, last],
        signatureAlgorithm: 'ecdsa-sha256',
      },
      signerFor(stack.issuing.key),
    );
  const sct = await stack.ctLog.addPreChain([
    issue({ oid: CT_POISON_OID, critical: true, value: nullValue() }),
    stack.issuing.der,
    stack.root.der,
  ]);
  return { certificate: issue({ oid: SCT_LIST_OID, value: sctListExtensionValue([sct]) }), key };
}
