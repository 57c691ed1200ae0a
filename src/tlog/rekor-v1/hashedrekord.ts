import { canonicalize } from '../../core/canonical-json.js';
import {
  type EcPublicKey,
  type RsaPublicKey,
  type SpkiKey,
  parseSpki,
  verifyPrehashedKey,
} from '../../core/prehash.js';
import { type HashName, acceptedAlgorithm } from '../rekor.js';
import { base64, hashKey, invalid, keyIndexKeys, object, text } from './fields.js';
import type { CanonicalV1Entry } from './kinds.js';
import { type V1PublicKey, parseV1PublicKey } from './public-key.js';

/**
 * Rekor v1's hashedrekord 0.0.1 (rekor pkg/types/hashedrekord/v0.0.1): a signature over an
 * artifact digest, with the PEM public key, certificate or certificate chain that verifies it.
 * The logged body is the JCS form of {apiVersion, kind, spec} with the key or certificates
 * re-encoded as PEM and nothing but the signature, key and hash kept, as upstream canonicalizes
 * it.
 */

export const HASHEDREKORD_V1 = { kind: 'hashedrekord', apiVersion: '0.0.1' } as const;

/** The digest algorithms of the schema's enum, with their hex length and the Rekor v2 name. */
const ALGORITHMS: Readonly<Record<string, { hexLength: number; hash: HashName }>> = {
  sha256: { hexLength: 64, hash: 'SHA2_256' },
  sha384: { hexLength: 96, hash: 'SHA2_384' },
  sha512: { hexLength: 128, hash: 'SHA2_512' },
};

const HEX = /^[0-9a-fA-F]*$/;

const PUBLIC_KEY = 'spec.signature.publicKey.content';

/**
 * The signer's key, a certificate or a certificate chain whose first certificate signs, read as
 * every kind reads one; only the key types this log verifies pre-hashed are taken.
 */
function signerOf(publicKey: V1PublicKey): EcPublicKey | RsaPublicKey {
  let key: SpkiKey;
  try {
    key = parseSpki(publicKey.spki);
  } catch {
    throw invalid(`${PUBLIC_KEY} holds a malformed SubjectPublicKeyInfo`);
  }
  if (key.kind === 'unsupported') {
    throw invalid(`the signer's key is not one this log verifies: ${key.reason}`);
  }
  return key;
}

/** Checks a hashedrekord 0.0.1 spec as upstream does, verifies its signature, and canonicalizes it. */
export async function canonicalizeHashedRekord(spec: unknown): Promise<CanonicalV1Entry> {
  const body = object(spec, 'spec');
  const signature = object(body.signature, 'spec.signature');
  const content = base64(signature.content, 'spec.signature.content');
  const publicKey = object(signature.publicKey, 'spec.signature.publicKey');
  const verifier = parseV1PublicKey(base64(publicKey.content, PUBLIC_KEY), PUBLIC_KEY);
  const signer = signerOf(verifier);
  const hash = object(object(body.data, 'spec.data').hash, 'spec.data.hash');
  const algorithm = text(hash.algorithm, 'spec.data.hash.algorithm');
  const value = text(hash.value, 'spec.data.hash.value');
  const known = Object.hasOwn(ALGORITHMS, algorithm) ? ALGORITHMS[algorithm] : undefined;
  if (known === undefined) {
    throw invalid(
      `spec.data.hash.algorithm ${JSON.stringify(algorithm)} is not one of ${Object.keys(ALGORITHMS).join(', ')}`,
    );
  }
  if (value.length !== known.hexLength || !HEX.test(value)) {
    throw invalid(`spec.data.hash.value must be ${known.hexLength} hex digits for ${algorithm}`);
  }
  const accepted = acceptedAlgorithm(signer);
  if (accepted === undefined || accepted.hash !== known.hash) {
    const key = signer.kind === 'ec' ? `EC ${signer.curve}` : `RSA ${signer.modulusBits}-bit`;
    throw invalid(
      `entry algorithm ${key} with ${algorithm} is not allowed${accepted ? ` (this key signs with ${accepted.keyDetails})` : ''}`,
    );
  }
  if (!verifyPrehashedKey(signer, Buffer.from(value, 'hex'), content)) {
    throw invalid('spec.signature.content does not verify over spec.data.hash with the given key');
  }
  const entry = {
    apiVersion: HASHEDREKORD_V1.apiVersion,
    kind: HASHEDREKORD_V1.kind,
    spec: {
      data: { hash: { algorithm, value } },
      signature: {
        content: content.toString('base64'),
        publicKey: { content: verifier.canonical.toString('base64') },
      },
    },
  };
  return {
    body: Buffer.from(canonicalize(entry), 'utf8'),
    indexKeys: hashedRekordIndexKeys(entry.spec),
  };
}

/**
 * The index keys of a logged hashedrekord 0.0.1 body's spec, as upstream's IndexKeys: the key's
 * SHA-256 (unprefixed, unlike the DSSE kinds'), its certificate's SANs, the artifact hash.
 */
export function hashedRekordIndexKeys(spec: unknown): string[] {
  const body = object(spec, 'spec');
  const signature = object(body.signature, 'spec.signature');
  const publicKey = object(signature.publicKey, 'spec.signature.publicKey');
  const key = parseV1PublicKey(base64(publicKey.content, PUBLIC_KEY), PUBLIC_KEY);
  const hash = object(object(body.data, 'spec.data').hash, 'spec.data.hash');
  const algorithm = text(hash.algorithm, 'spec.data.hash.algorithm');
  const value = text(hash.value, 'spec.data.hash.value');
  return [...keyIndexKeys(key, ''), hashKey({ algorithm, value })];
}
