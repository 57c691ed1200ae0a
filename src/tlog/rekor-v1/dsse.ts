import { createHash } from 'node:crypto';
import { fromBase64 } from '../../core/base64.js';
import { canonicalize } from '../../core/canonical-json.js';
import { pae } from '../rekor.js';
import { base64, hashKey, invalid, keyIndexKeys, object, text } from './fields.js';
import type { CanonicalV1Entry } from './kinds.js';
import { type V1PublicKey, parseV1PublicKey, verifyV1Signature } from './public-key.js';

/**
 * Rekor v1 `dsse` 0.0.1 entries (upstream pkg/types/dsse/v0.0.1), and the DSSE envelope checks
 * the `intoto` kinds share. The log keeps hashes of the envelope and payload and each signature
 * with its verifier, never the payload itself.
 */

export const sha256Hex = (data: Buffer | string): string =>
  createHash('sha256').update(data).digest('hex');

/** A `{ algorithm: "sha256", value: <hex> }` digest as the entry schemas define it. */
export interface HashJson {
  algorithm: 'sha256';
  value: string;
}

export const sha256Json = (data: Buffer | string): HashJson => ({
  algorithm: 'sha256',
  value: sha256Hex(data),
});

/** Reads a client-given digest field: sha256 and 64 hex digits, as upstream's schema demands. */
export function hashField(value: unknown, what: string): HashJson {
  const hash = object(value, what);
  if (hash.algorithm !== 'sha256') {
    throw invalid(`${what}.algorithm must be "sha256", got ${JSON.stringify(hash.algorithm)}`);
  }
  if (typeof hash.value !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hash.value)) {
    throw invalid(`${what}.value must be 64 hexadecimal digits`);
  }
  return { algorithm: 'sha256', value: hash.value };
}

export interface DsseSignature {
  /** The signature as the envelope encodes it (base64 text). */
  sig: string;
  keyid?: string;
}

export interface DsseEnvelope {
  payloadType: string;
  /** The payload as the envelope encodes it (base64 text). */
  payloadText: string;
  payload: Buffer;
  signatures: DsseSignature[];
}

/** Reads a DSSE envelope's JSON object; `what` names it in errors. */
export function readEnvelope(value: unknown, what: string): DsseEnvelope {
  const envelope = object(value, what);
  const payloadType = text(envelope.payloadType, `${what}.payloadType`);
  const payloadText = text(envelope.payload, `${what}.payload`);
  const payload = base64(payloadText, `${what}.payload`);
  const signatures = envelope.signatures;
  if (!Array.isArray(signatures) || signatures.length === 0) {
    throw invalid(`${what}.signatures must hold at least one signature`);
  }
  return {
    payloadType,
    payloadText,
    payload,
    signatures: signatures.map((raw, i) => {
      const signature = object(raw, `${what}.signatures[${i}]`);
      const sig = text(signature.sig, `${what}.signatures[${i}].sig`);
      base64(sig, `${what}.signatures[${i}].sig`);
      const keyid = signature.keyid;
      if (keyid !== undefined && typeof keyid !== 'string') {
        throw invalid(`${what}.signatures[${i}].keyid must be a string`);
      }
      return keyid === undefined || keyid === '' ? { sig } : { sig, keyid };
    }),
  };
}

/** Reads a DSSE envelope sent as JSON text (the `envelope` string of dsse and intoto 0.0.1). */
export function readEnvelopeText(envelopeText: string, what: string): DsseEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(envelopeText);
  } catch {
    throw invalid(`${what} is not JSON`);
  }
  return readEnvelope(json, what);
}

/**
 * Upstream's verifyEnvelope: each key must verify at least one signature over the PAE, and every
 * signature must be verified by some key. Keys left once every signature is verified are not
 * tried. Answers each signature's verifier.
 */
export function verifyEnvelope(
  keys: readonly { key: V1PublicKey; what: string }[],
  envelope: DsseEnvelope,
): Map<string, V1PublicKey> {
  const message = pae(envelope.payloadType, envelope.payload);
  const unverified = new Set(envelope.signatures.map((signature) => signature.sig));
  const verifierBySig = new Map<string, V1PublicKey>();
  for (const { key, what } of keys) {
    if (unverified.size === 0) break;
    let accepted = 0;
    for (const { sig } of envelope.signatures) {
      if (verifyV1Signature(key, message, fromBase64(sig), what)) {
        accepted += 1;
        unverified.delete(sig);
        verifierBySig.set(sig, key);
      }
    }
    if (accepted === 0) throw invalid(`no envelope signature verifies with ${what}`);
  }
  if (unverified.size > 0) {
    throw invalid(
      `${unverified.size} of the envelope's ${envelope.signatures.length} signatures verify with none of the given keys`,
    );
  }
  return verifierBySig;
}

/** The index keys of a logged dsse 0.0.1 body's spec (upstream's IndexKeys, less the payload's). */
export function dsseIndexKeys(spec: unknown): string[] {
  const body = object(spec, 'spec');
  const signatures = body.signatures;
  if (!Array.isArray(signatures)) throw invalid('spec.signatures must be an array');
  const keys = signatures.flatMap((raw, i) => {
    const what = `spec.signatures[${i}].verifier`;
    return keyIndexKeys(
      parseV1PublicKey(base64(object(raw, what).verifier, what), what),
      'sha256:',
    );
  });
  keys.push(hashKey(hashField(body.payloadHash, 'spec.payloadHash')));
  keys.push(hashKey(hashField(body.envelopeHash, 'spec.envelopeHash')));
  return keys;
}

/**
 * Checks a proposed dsse 0.0.1 spec (`proposedContent.envelope` as JSON text plus the
 * `verifiers` as base64 PEM) and builds the logged body: the envelope and payload SHA-256 and
 * every signature with the canonical PEM of the key that verified it, sorted by signature.
 */
export async function canonicalDsse(spec: unknown): Promise<CanonicalV1Entry> {
  const proposed = object(spec, 'spec');
  // Go clients (cosign, rekor-cli) send the empty `signatures` as null.
  for (const serverField of ['envelopeHash', 'payloadHash', 'signatures']) {
    const value = proposed[serverField];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) {
      throw invalid(`spec.${serverField} is computed by the log; send only spec.proposedContent`);
    }
  }
  const content = object(proposed.proposedContent, 'spec.proposedContent');
  const envelopeText = text(content.envelope, 'spec.proposedContent.envelope');
  const envelope = readEnvelopeText(envelopeText, 'spec.proposedContent.envelope');
  const verifiers = content.verifiers;
  if (!Array.isArray(verifiers) || verifiers.length === 0) {
    throw invalid('spec.proposedContent.verifiers must hold at least one base64 PEM key');
  }
  const keys = verifiers.map((raw, i) => {
    const what = `spec.proposedContent.verifiers[${i}]`;
    return { key: parseV1PublicKey(base64(raw, what), what), what };
  });
  const verifierBySig = verifyEnvelope(keys, envelope);
  const signatures = [...verifierBySig.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((sig) => ({
      signature: sig,
      verifier: (verifierBySig.get(sig) as V1PublicKey).canonical.toString('base64'),
    }));
  const logged = {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: sha256Json(envelopeText),
      payloadHash: sha256Json(envelope.payload),
      signatures,
    },
  };
  return {
    body: Buffer.from(canonicalize(logged), 'utf8'),
    indexKeys: dsseIndexKeys(logged.spec),
  };
}
