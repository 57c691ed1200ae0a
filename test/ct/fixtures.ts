import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { contextTag, nullValue, sequence, utf8String } from '../../src/core/der.js';
import {
  type ExtensionSpec,
  OID,
  authorityKeyIdentifier,
  basicConstraints,
  buildCertificate,
  createSelfSignedCa,
  extKeyUsage,
  keyIdentifier,
  keyUsage,
  name,
  parseCertificate,
  randomSerial,
  signatureAlgorithmFor,
  signerFor,
  spkiOf,
  subjectKeyIdentifier,
} from '../../src/core/x509.js';
import type { Certificate } from '../../src/core/x509.js';
import { CtError } from '../../src/ct/error.js';
import {
  CT_POISON_OID,
  SCT_LIST_OID,
  type SignedCertificateTimestamp,
  sctListExtensionValue,
} from '../../src/ct/sct.js';

/**
 * A Fulcio-shaped PKI for CT tests: a root, an intermediate carrying the codeSigning EKU, and
 * leaves issued as a precertificate (poison last) and a final certificate (SCT list last) from
 * one template, exactly as the CA does it.
 */

const SUBJECT_ALT_NAME = '2.5.29.17';
const FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const HOUR = 3_600_000;

export const p256 = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
export const p384 = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;

export interface Ca {
  key: KeyObject;
  der: Buffer;
  cert: Certificate;
}

export function testRoot(commonName = 'Signet CT Test Root'): Ca {
  const key = p256();
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - HOUR);
  const der = createSelfSignedCa({
    privateKey: key,
    subject: { organization: 'Signet tests', commonName },
    notBefore,
    notAfter: new Date(notBefore.getTime() + 24 * HOUR),
  });
  return { key, der, cert: parseCertificate(der) };
}

/** A CA certificate issued by `parent`; `ca: false` makes a leaf-like cert that still has a key to sign with. */
export function testIntermediate(
  parent: Ca,
  opts: { ca?: boolean; eku?: string[]; commonName?: string } = {},
): Ca {
  const key = p384();
  const publicKey = spkiOf(key);
  const extensions: ExtensionSpec[] = [
    { oid: OID.keyUsage, critical: true, value: keyUsage(['keyCertSign', 'cRLSign']) },
    { oid: OID.basicConstraints, critical: true, value: basicConstraints(opts.ca ?? true, 0) },
    { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(publicKey) },
    {
      oid: OID.authorityKeyIdentifier,
      value: authorityKeyIdentifier(keyIdentifier(parent.cert.publicKey)),
    },
    { oid: OID.extKeyUsage, value: extKeyUsage(opts.eku ?? [OID.codeSigning]) },
  ];
  if (opts.ca === false) extensions.splice(1, 1);
  const der = buildCertificate(
    {
      serial: randomSerial(),
      issuer: parent.cert.subject,
      subject: name([
        { short: 'O', value: 'Signet tests' },
        { short: 'CN', value: opts.commonName ?? 'Signet CT Test Intermediate' },
      ]),
      notBefore: parent.cert.notBefore,
      notAfter: parent.cert.notAfter,
      publicKey,
      extensions,
      signatureAlgorithm: signatureAlgorithmFor(parent.key),
    },
    signerFor(parent.key),
  );
  return { key, der, cert: parseCertificate(der) };
}

export interface LeafOptions {
  eku?: string[] | null;
  /** The poison extension to use instead of the RFC 6962 one (or null for none). */
  poison?: ExtensionSpec | null;
  /** Leaf extensions other than the poison / SCT list; defaults to Fulcio's shape. */
  extensions?: ExtensionSpec[];
  /** Issue already expired (Fulcio leaves expire ten minutes after issuance). */
  expired?: boolean;
}

export interface Leaf {
  precert: Buffer;
  /** The final certificate embedding `scts`, from the same template as the precertificate. */
  final(scts: readonly SignedCertificateTimestamp[]): Buffer;
  /** The template issued with exactly `extensions` (the poison is not added). */
  issueWith(extensions: readonly ExtensionSpec[]): Buffer;
}

/** A Fulcio-shaped leaf template issued by `issuer`. */
export function testLeaf(issuer: Ca, opts: LeafOptions = {}): Leaf {
  const publicKey = spkiOf(p256());
  const now = Math.floor(Date.now() / 1000) * 1000;
  const notBefore = new Date(opts.expired ? now - 2 * HOUR : now);
  const template = {
    serial: randomSerial(),
    issuer: issuer.cert.subject,
    subject: name([]),
    notBefore,
    notAfter: new Date(notBefore.getTime() + 10 * 60_000),
    publicKey,
    signatureAlgorithm: signatureAlgorithmFor(issuer.key),
  };
  const eku = opts.eku === undefined ? [OID.codeSigning] : opts.eku;
  const extensions: ExtensionSpec[] = opts.extensions ?? [
    { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
    ...(eku === null ? [] : [{ oid: OID.extKeyUsage, value: extKeyUsage(eku) }]),
    { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(publicKey) },
    {
      oid: OID.authorityKeyIdentifier,
      value: authorityKeyIdentifier(keyIdentifier(issuer.cert.publicKey)),
    },
    {
      oid: SUBJECT_ALT_NAME,
      critical: true,
      value: sequence(contextTag(6, Buffer.from('https://github.com/signet/ct', 'ascii'), false)),
    },
    { oid: FULCIO_ISSUER_V1, value: Buffer.from('https://token.actions.githubusercontent.com') },
    { oid: FULCIO_ISSUER_V2, value: utf8String('https://token.actions.githubusercontent.com') },
  ];
  const poison =
    opts.poison === undefined
      ? { oid: CT_POISON_OID, critical: true, value: nullValue() }
      : opts.poison;
  const issueWith = (exts: readonly ExtensionSpec[]): Buffer =>
    buildCertificate({ ...template, extensions: exts }, signerFor(issuer.key));
  return {
    precert: issueWith(poison === null ? extensions : [...extensions, poison]),
    final: (scts) =>
      issueWith([...extensions, { oid: SCT_LIST_OID, value: sctListExtensionValue(scts) }]),
    issueWith,
  };
}

/** root → intermediate (codeSigning EKU) → precert, the chain Fulcio submits. */
export function testPki(): { root: Ca; intermediate: Ca; leaf: Leaf } {
  const root = testRoot();
  const intermediate = testIntermediate(root);
  return { root, intermediate, leaf: testLeaf(intermediate) };
}

/** An assert.throws validator for a CtError with `expected` code. */
export const ctCode =
  (expected: string) =>
  (error: unknown): true => {
    if (error instanceof CtError && error.code === expected) return true;
    return assert.fail(`expected CtError ${expected}, got ${String(error)}`);
  };
