import { CaError } from '../../../src/ca/error.js';
import { readIdentity } from '../../../src/ca/extensions.js';
import { CoreError } from '../../../src/core/error.js';
import {
  OID,
  certificatePublicKey,
  describeName,
  parseBasicConstraints,
  parseCertificate,
  parseExtKeyUsage,
  parseKeyUsage,
  parseSubjectKeyIdentifier,
} from '../../../src/core/x509.js';
import { CtError } from '../../../src/ct/error.js';
import { embeddedScts } from '../../../src/ct/sct.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';
import { DER_WORDS, certificates } from './material.js';

/**
 * X.509 certificates (DER) as the verifier reads a bundle's leaf and chain: the certificate,
 * its names, the extensions a check reads, its key, the identity and the embedded SCTs.
 */

const EXTENSION_PARSERS: Record<string, (value: Buffer) => unknown> = {
  [OID.basicConstraints]: parseBasicConstraints,
  [OID.keyUsage]: parseKeyUsage,
  [OID.extKeyUsage]: parseExtKeyUsage,
  [OID.subjectKeyIdentifier]: parseSubjectKeyIdentifier,
};

export const fuzz = refusing({ types: [CoreError, CaError, CtError] }, (data) => {
  const cert = parseCertificate(data);
  describeName(cert.subject);
  describeName(cert.issuer);
  for (const ext of cert.extensions) EXTENSION_PARSERS[ext.oid]?.(ext.value);
  certificatePublicKey(cert);
  embeddedScts(cert);
  readIdentity(cert);
});

export const seeds = certificates;
export const shape: InputShape = 'der';
export const dictionary = DER_WORDS;
