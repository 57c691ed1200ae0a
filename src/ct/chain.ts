import type { KeyObject } from 'node:crypto';
import { CoreError } from '../core/error.js';
import {
  OID,
  certificatePublicKey,
  describeName,
  findExtension,
  isCa,
  parseCertificate,
  parseExtKeyUsage,
  verifyCertificateSignature,
} from '../core/x509.js';
import type { Certificate } from '../core/x509.js';
import { CtError } from './error.js';
import { CT_POISON_OID, CT_POISON_VALUE, PRECERT_SIGNING_EKU } from './sct.js';

/**
 * Validation of chains submitted to add-chain and add-pre-chain. Validity periods are not
 * checked: Fulcio leaves live ten minutes and a log must accept them after expiry (TesseraCT's
 * reject_expired defaults to false for the same reason).
 */

/** More than this is not a Fulcio chain; the cap bounds the signature checks per request. */
export const MAX_CHAIN_LENGTH = 10;

export type ChainKind = 'precert' | 'x509';

export interface ValidatedChain {
  /** chain[0]: the precertificate or certificate being logged. */
  leaf: Certificate;
  /** The certificate that signed the leaf (its key is the precert issuer_key_hash). */
  issuer: Certificate;
  /** Leaf to accepted root, the root completed from the accepted roots if it was not sent. */
  path: Certificate[];
}

const invalid = (message: string, cause?: unknown): CtError =>
  new CtError('CHAIN_INVALID', message, cause === undefined ? undefined : { cause });

/** A Name for a message; a name too odd to describe must not replace the real error. */
function nameOf(der: Buffer): string {
  try {
    return describeName(der);
  } catch {
    return `(undecodable name ${der.toString('hex')})`;
  }
}

function label(cert: Certificate, i: number): string {
  const subject = nameOf(cert.subject);
  return `chain[${i}] (${subject === '' ? 'empty subject' : subject})`;
}

/**
 * Checks a submitted chain (DER, leaf first) against the accepted roots. Every refusal is a
 * CtError naming the certificate and the problem.
 */
export function validateChain(
  chain: readonly Uint8Array[],
  roots: readonly Certificate[],
  kind: ChainKind,
  issuers: IssuerCache = new IssuerCache(),
): ValidatedChain {
  const min = kind === 'precert' ? 2 : 1;
  if (!Array.isArray(chain) || chain.length < min) {
    throw invalid(
      kind === 'precert'
        ? 'an add-pre-chain chain needs the precertificate and at least its issuer'
        : 'an add-chain chain needs at least the certificate',
    );
  }
  if (chain.length > MAX_CHAIN_LENGTH) {
    throw invalid(
      `chain has ${chain.length} certificates; at most ${MAX_CHAIN_LENGTH} are accepted`,
    );
  }
  const certs = chain.map(parseChainCertificate);
  const leaf = certs[0] as Certificate;
  if (kind === 'precert') requirePrecert(leaf);
  else if (findExtension(leaf, CT_POISON_OID) !== undefined) {
    throw invalid('chain[0] is a precertificate (it has the CT poison); use add-pre-chain');
  }
  requireCodeSigningUsage(leaf);
  const path = pathToRoot(certs, roots, issuers);
  path.slice(1, -1).forEach((cert, i) => requireCa(cert, i + 1));
  const issuer = path[1] as Certificate;
  if (kind === 'precert' && extendedKeyUsages(issuer, 1)?.includes(PRECERT_SIGNING_EKU)) {
    // Would need the TBS issuer and authority key ID rewritten (RFC 6962 §3.2); Fulcio
    // signs precertificates with its issuing CA directly.
    throw new CtError(
      'PRECERT_INVALID',
      `${label(issuer, 1)} is a Precertificate Signing Certificate, which this log does not support`,
    );
  }
  return { leaf, issuer, path };
}

function parseChainCertificate(der: Uint8Array, i: number): Certificate {
  if (!(der instanceof Uint8Array)) throw invalid(`chain[${i}] is not DER bytes`);
  try {
    return parseCertificate(der);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw invalid(`chain[${i}] is not a DER X.509 certificate: ${error.message}`, error);
  }
}

function requirePrecert(cert: Certificate): void {
  const poison = findExtension(cert, CT_POISON_OID);
  if (poison === undefined) {
    throw new CtError(
      'PRECERT_INVALID',
      `chain[0] is not a precertificate: it has no CT poison extension (${CT_POISON_OID})`,
    );
  }
  if (!poison.critical) {
    throw new CtError('PRECERT_INVALID', 'chain[0] has a CT poison extension that is not critical');
  }
  if (!poison.value.equals(CT_POISON_VALUE)) {
    throw new CtError(
      'PRECERT_INVALID',
      `chain[0] has a CT poison extension with value ${poison.value.toString('hex') || '(empty)'}; it must be ASN.1 NULL (0500)`,
    );
  }
}

function extendedKeyUsages(cert: Certificate, i: number): string[] | undefined {
  const ext = findExtension(cert, OID.extKeyUsage);
  if (ext === undefined) return undefined;
  try {
    return parseExtKeyUsage(ext.value);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw invalid(`chain[${i}] has a malformed ExtendedKeyUsage: ${error.message}`, error);
  }
}

/** This is a code-signing log: a leaf must allow codeSigning (an absent EKU allows anything). */
function requireCodeSigningUsage(leaf: Certificate): void {
  const usages = extendedKeyUsages(leaf, 0);
  if (
    usages !== undefined &&
    !usages.includes(OID.codeSigning) &&
    !usages.includes(OID.anyExtendedKeyUsage)
  ) {
    throw invalid(
      `chain[0] has extended key usages ${usages.join(', ')}; this log accepts only code-signing certificates (${OID.codeSigning})`,
    );
  }
}

function requireCa(cert: Certificate, i: number): void {
  let ca: boolean;
  try {
    ca = isCa(cert);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw invalid(`${label(cert, i)} has a malformed BasicConstraints: ${error.message}`, error);
  }
  if (!ca)
    throw invalid(`${label(cert, i)} is not a CA certificate (BasicConstraints cA is not TRUE)`);
}

/**
 * What a log learns about the CA certificates above every leaf: their imported keys, and which
 * CA-to-CA signatures already verified. Importing a key cost more than the signature check it
 * serves, and a Fulcio chain repeats the same issuing CA and root on every submission. Leaves
 * are never remembered. Bounded: past the limit it starts over.
 */
export class IssuerCache {
  static readonly LIMIT = 256;
  private readonly keys = new Map<string, KeyObject>();
  private readonly verified = new Set<string>();

  private static id = (cert: Certificate): string => cert.der.toString('base64');

  keyOf(issuer: Certificate): KeyObject {
    const id = IssuerCache.id(issuer);
    let key = this.keys.get(id);
    if (key === undefined) {
      key = certificatePublicKey(issuer);
      if (this.keys.size >= IssuerCache.LIMIT) this.keys.clear();
      this.keys.set(id, key);
    }
    return key;
  }

  /** Whether `cert` is signed by `issuer`; remembered only when `cert` is itself a CA link. */
  signedBy(cert: Certificate, issuer: Certificate, remember: boolean): boolean {
    const link = remember ? `${IssuerCache.id(cert)}>${IssuerCache.id(issuer)}` : undefined;
    if (link !== undefined && this.verified.has(link)) return true;
    let valid: boolean;
    try {
      valid = verifyCertificateSignature(cert, this.keyOf(issuer));
    } catch {
      valid = false;
    }
    if (valid && link !== undefined) {
      if (this.verified.size >= IssuerCache.LIMIT) this.verified.clear();
      this.verified.add(link);
    }
    return valid;
  }
}

/**
 * The submitted chain up to the first accepted root (anything after it is ignored, as a
 * path builder would), each certificate issued and signed by the next. A chain sent without
 * its root is completed with the accepted root that names and signed its last certificate.
 */
function pathToRoot(
  certs: Certificate[],
  roots: readonly Certificate[],
  issuers: IssuerCache,
): Certificate[] {
  const isRoot = (cert: Certificate): boolean => roots.some((root) => root.der.equals(cert.der));
  const end = certs.findIndex((cert, i) => i > 0 && isRoot(cert));
  const path = end < 0 ? [...certs] : certs.slice(0, end + 1);
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i] as Certificate;
    const issuer = path[i + 1] as Certificate;
    if (!cert.issuer.equals(issuer.subject)) {
      throw invalid(
        `chain[${i}] was issued by "${nameOf(cert.issuer)}", but chain[${i + 1}] is "${nameOf(issuer.subject)}"`,
      );
    }
    if (!issuers.signedBy(cert, issuer, i > 0)) {
      throw invalid(
        `chain[${i}]'s signature (${cert.signatureAlgorithm}) does not verify with ${label(issuer, i + 1)}'s key`,
      );
    }
  }
  if (end >= 0) return path;
  const top = path.at(-1) as Certificate;
  const root = roots.find(
    (r) => r.subject.equals(top.issuer) && issuers.signedBy(top, r, path.length > 1),
  );
  if (root === undefined) {
    throw new CtError(
      'CHAIN_UNTRUSTED',
      `chain ends at ${label(top, path.length - 1)}, issued by "${nameOf(top.issuer)}", which is neither one of this log's accepted roots nor signed by one`,
    );
  }
  return [...path, root];
}
