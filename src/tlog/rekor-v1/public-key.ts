import { createHash, createPublicKey, verify } from 'node:crypto';
import { parsePem, toPem } from '../../core/pem.js';
import { type SpkiKey, parseSpki, verifyPrehashedKey } from '../../core/prehash.js';
import { OID, parseCertificate, subjectAltNames } from '../../core/x509.js';
import { RekorV1Error } from './kinds.js';

/**
 * A verifier as Rekor v1 entries carry one (upstream's pki/x509 PublicKey): PEM text holding a
 * public key, a certificate, or a certificate chain whose first certificate is the signer's.
 */
export interface V1PublicKey {
  /** Upstream's CanonicalValue: the PEM blocks re-encoded, which entry bodies and index keys use. */
  canonical: Buffer;
  /** The signer's SubjectPublicKeyInfo DER. */
  spki: Buffer;
  /** The signing certificate's SAN URIs and e-mail addresses (upstream's Subjects()); none for a key. */
  subjects: string[];
}

/** Upstream reads at most this many certificates from a chain. */
export const MAX_CHAIN_CERTIFICATES = 10;

const invalid = (what: string, reason: string): RekorV1Error =>
  new RekorV1Error('ENTRY_INVALID', `${what} ${reason}`);

/** Reads PEM bytes as upstream's x509.NewPublicKey does; `what` names the field in errors. */
export function parseV1PublicKey(bytes: Buffer, what: string): V1PublicKey {
  const blocks = parsePem(bytes.toString('utf8'));
  const first = blocks[0];
  if (first === undefined) throw invalid(what, 'is not a PEM public key or certificate');
  if (blocks.length > 1 || first.label === 'CERTIFICATE') {
    if (blocks.length > MAX_CHAIN_CERTIFICATES) {
      throw invalid(what, `holds ${blocks.length} PEM blocks, at most ${MAX_CHAIN_CERTIFICATES}`);
    }
    const other = blocks.find((block) => block.label !== 'CERTIFICATE');
    if (other !== undefined) {
      throw invalid(what, `mixes a ${other.label} block with certificates`);
    }
    const certificates = blocks.map((block, i) => {
      try {
        return parseCertificate(block.der);
      } catch {
        throw invalid(what, `certificate ${i} is not a DER X.509 certificate`);
      }
    });
    const signer = certificates[0];
    if (signer === undefined) throw invalid(what, 'holds no certificate');
    let subjects: string[];
    try {
      subjects = subjectAltNames(signer).map((name) => name.value);
    } catch {
      // Refused here, before logging: the search index reads the SAN back from every body.
      throw invalid(what, 'certificate 0 has a malformed subjectAltName extension');
    }
    return {
      canonical: Buffer.from(blocks.map((block) => toPem('CERTIFICATE', block.der)).join('')),
      spki: signer.publicKey,
      subjects,
    };
  }
  if (first.label !== 'PUBLIC KEY') {
    throw invalid(what, `is a PEM ${first.label}, not a PUBLIC KEY or CERTIFICATE`);
  }
  try {
    createPublicKey({ key: first.der, format: 'der', type: 'spki' });
  } catch {
    throw invalid(what, 'is not a DER SubjectPublicKeyInfo');
  }
  return { canonical: Buffer.from(toPem('PUBLIC KEY', first.der)), spki: first.der, subjects: [] };
}

/** The hex SHA-256 of a key's canonical PEM, as upstream's index keys name keys. */
export const publicKeyDigest = (key: V1PublicKey): string =>
  createHash('sha256').update(key.canonical).digest('hex');

/**
 * Verifies `signature` over `message` as upstream's `signature.LoadVerifier(key, SHA256)`:
 * ECDSA (any supported curve) and RSA PKCS#1 v1.5 over SHA-256, Ed25519 over the message.
 */
export function verifyV1Signature(
  key: V1PublicKey,
  message: Buffer,
  signature: Buffer,
  what: string,
): boolean {
  const parsed: SpkiKey = parseSpki(key.spki);
  if (parsed.kind !== 'unsupported') {
    try {
      return verifyPrehashedKey(parsed, createHash('sha256').update(message).digest(), signature);
    } catch (error) {
      throw invalid(what, `cannot verify: ${(error as Error).message}`);
    }
  }
  if (parsed.algorithm === OID.ed25519) {
    const keyObject = createPublicKey({ key: key.spki, format: 'der', type: 'spki' });
    return verify(null, message, keyObject, signature);
  }
  throw invalid(what, `cannot verify: ${parsed.reason}`);
}
