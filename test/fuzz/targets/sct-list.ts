import { generateKeyPairSync } from 'node:crypto';
import { findExtension, parseCertificate } from '../../../src/core/x509.js';
import { CtError } from '../../../src/ct/error.js';
import {
  SCT_LIST_OID,
  encodeSct,
  parseSctListExtensionValue,
  sctListExtensionValue,
  sctSignedData,
  signSct,
} from '../../../src/ct/sct.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';
import { certificates } from './material.js';

/**
 * The SCT-list extension value of a certificate (a DER OCTET STRING around the TLS
 * SignedCertificateTimestampList), as the verifier reads a leaf's embedded SCTs; each SCT
 * read must encode back to the bytes it came from. Every refusal is a CtError.
 */

export const fuzz = refusing({ types: [CtError] }, (data) => {
  const scts = parseSctListExtensionValue(data);
  const again = sctListExtensionValue(scts);
  if (!again.equals(data)) throw new Error('the SCT list does not encode back to its bytes');
  scts.forEach(encodeSct);
});

export function seeds(): Buffer[] {
  const embedded = certificates().flatMap((der) => {
    const ext = findExtension(parseCertificate(der), SCT_LIST_OID);
    return ext === undefined ? [] : [ext.value];
  });
  const logKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const timestamp = BigInt(Date.now());
  const extensions = Buffer.alloc(0);
  const sct = signSct({
    logKey,
    timestamp,
    extensions,
    signedData: sctSignedData({
      timestamp,
      extensions,
      entry: { type: 'x509', certificate: Buffer.from([0x30, 0]) },
    }),
  });
  return [...embedded, sctListExtensionValue([sct]), sctListExtensionValue([sct, sct])];
}

export const shape: InputShape = 'bytes';
export const dictionary = [
  '\x04\x03\x00',
  '\x00\x00',
  '\x00\x01',
  '\xff\xff',
  '\x04\x03',
  '\x04\x01',
];
