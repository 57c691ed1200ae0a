import { toBase64 } from '../../core/base64.js';
import { canonicalize } from '../../core/canonical-json.js';
import { pae } from '../rekor.js';
import {
  type HashJson,
  hashField,
  readEnvelope,
  readEnvelopeText,
  sha256Json,
  verifyEnvelope,
} from './dsse.js';
import { base64, hashKey, invalid, keyIndexKeys, object, text } from './fields.js';
import type { CanonicalV1Entry } from './kinds.js';
import { parseV1PublicKey, verifyV1Signature } from './public-key.js';

/**
 * Rekor v1 `intoto` entries (upstream pkg/types/intoto): 0.0.2, which sigstore-js sends when
 * asked for intoto entries, and 0.0.1, which cosign v2's `attest --rekor-entry-type intoto`
 * still sends. Neither logs the payload, only its SHA-256.
 */

/** A client-given digest must equal the one the log computes, else the entry is refused. */
function checkGiven(given: unknown, computed: HashJson, what: string, of: string): void {
  if (given === undefined || given === null) return;
  const hash = hashField(given, what);
  if (hash.value.toLowerCase() !== computed.value) {
    throw invalid(`${what}.value ${hash.value} is not the SHA-256 of the ${of}, ${computed.value}`);
  }
}

/**
 * Checks a proposed intoto 0.0.2 spec: the envelope with its payload and signatures base64
 * encoded once more, each signature carrying its signer's base64 PEM (`publicKey`), and the
 * client's `hash` of the envelope (kept as given: upstream does not define how it is computed).
 * The logged body drops the payload and adds its SHA-256.
 */
export async function canonicalIntotoV002(spec: unknown): Promise<CanonicalV1Entry> {
  const content = object(object(spec, 'spec').content, 'spec.content');
  const raw = object(content.envelope, 'spec.content.envelope');
  const rawSignatures = raw.signatures;
  if (!Array.isArray(rawSignatures) || rawSignatures.length === 0) {
    throw invalid('spec.content.envelope.signatures must hold at least one signature');
  }
  const signatures = rawSignatures.map((item, i) => {
    const what = `spec.content.envelope.signatures[${i}]`;
    const signature = object(item, what);
    const publicKey = base64(signature.publicKey, `${what}.publicKey`);
    return {
      keyid: signature.keyid,
      sig: base64(signature.sig, `${what}.sig`).toString('latin1'),
      publicKey,
      key: parseV1PublicKey(publicKey, `${what}.publicKey`),
      what: `${what}.publicKey`,
    };
  });
  // The envelope as DSSE defines it: the payload and signatures lose their outer encoding.
  const envelope = readEnvelope(
    {
      payloadType: raw.payloadType,
      payload: base64(raw.payload, 'spec.content.envelope.payload').toString('latin1'),
      signatures: signatures.map(({ sig, keyid }) => ({ sig, keyid })),
    },
    'spec.content.envelope (decoded)',
  );
  verifyEnvelope(signatures, envelope);
  const payloadHash = sha256Json(envelope.payload);
  checkGiven(content.payloadHash, payloadHash, 'spec.content.payloadHash', 'payload');
  const logged = {
    apiVersion: '0.0.2',
    kind: 'intoto',
    spec: {
      content: {
        envelope: {
          payloadType: envelope.payloadType,
          signatures: signatures.map((signature, i) => ({
            ...envelope.signatures[i],
            sig: toBase64(Buffer.from(signature.sig, 'latin1')),
            publicKey: toBase64(signature.publicKey),
          })),
        },
        hash: hashField(content.hash, 'spec.content.hash'),
        payloadHash,
      },
    },
  };
  return {
    body: Buffer.from(canonicalize(logged), 'utf8'),
    indexKeys: intotoV002IndexKeys(logged.spec),
  };
}

/** The index keys of a logged intoto 0.0.2 body's spec (upstream's IndexKeys, less the payload's). */
export function intotoV002IndexKeys(spec: unknown): string[] {
  const content = object(object(spec, 'spec').content, 'spec.content');
  const signatures = object(content.envelope, 'spec.content.envelope').signatures;
  if (!Array.isArray(signatures))
    throw invalid('spec.content.envelope.signatures must be an array');
  const keys = signatures.flatMap((raw, i) => {
    const what = `spec.content.envelope.signatures[${i}].publicKey`;
    const key = parseV1PublicKey(base64(object(raw, what).publicKey, what), what);
    return keyIndexKeys(key, 'sha256:');
  });
  keys.push(hashKey(hashField(content.payloadHash, 'spec.content.payloadHash')));
  return keys;
}

/**
 * Checks a proposed intoto 0.0.1 spec: the envelope as JSON text and the signer's base64 PEM,
 * which must verify at least one of its signatures. The logged body keeps the canonical key and
 * the SHA-256 of the envelope text and of the payload.
 */
export async function canonicalIntotoV001(spec: unknown): Promise<CanonicalV1Entry> {
  const proposed = object(spec, 'spec');
  const content = object(proposed.content, 'spec.content');
  const key = parseV1PublicKey(base64(proposed.publicKey, 'spec.publicKey'), 'spec.publicKey');
  const envelopeText = text(content.envelope, 'spec.content.envelope');
  const envelope = readEnvelopeText(envelopeText, 'spec.content.envelope');
  const message = pae(envelope.payloadType, envelope.payload);
  const verified = envelope.signatures.some(({ sig }) =>
    verifyV1Signature(key, message, base64(sig, 'signature'), 'spec.publicKey'),
  );
  if (!verified) throw invalid('no envelope signature verifies with spec.publicKey');
  const hash = sha256Json(envelopeText);
  const payloadHash = sha256Json(envelope.payload);
  checkGiven(content.hash, hash, 'spec.content.hash', 'envelope text');
  checkGiven(content.payloadHash, payloadHash, 'spec.content.payloadHash', 'payload');
  const logged = {
    apiVersion: '0.0.1',
    kind: 'intoto',
    spec: { content: { hash, payloadHash }, publicKey: key.canonical.toString('base64') },
  };
  return {
    body: Buffer.from(canonicalize(logged), 'utf8'),
    indexKeys: intotoV001IndexKeys(logged.spec),
  };
}

/** The index keys of a logged intoto 0.0.1 body's spec (upstream's IndexKeys, less the payload's). */
export function intotoV001IndexKeys(spec: unknown): string[] {
  const body = object(spec, 'spec');
  const content = object(body.content, 'spec.content');
  const key = parseV1PublicKey(base64(body.publicKey, 'spec.publicKey'), 'spec.publicKey');
  return [
    hashKey(hashField(content.hash, 'spec.content.hash')),
    ...keyIndexKeys(key, 'sha256:'),
    hashKey(hashField(content.payloadHash, 'spec.content.payloadHash')),
  ];
}
