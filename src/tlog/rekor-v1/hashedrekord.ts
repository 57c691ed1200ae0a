import { createHash } from 'node:crypto';
import { fromBase64 } from '../../core/base64.js';
import { canonicalize } from '../../core/canonical-json.js';
import { parsePem, toPem } from '../../core/pem.js';
import { type SpkiKey, parseSpki, verifyPrehashedKey } from '../../core/prehash.js';
import { parseCertificate } from '../../core/x509.js';
import { type HashName, acceptedAlgorithm } from '../rekor.js';
import { type CanonicalV1Entry, RekorV1Error } from './kinds.js';
import { parseV1PublicKey } from './public-key.js';

/**
 * Rekor v1's hashedrekord 0.0.1 (rekor pkg/types/hashedrekord/v0.0.1): a signature over an
 * artifact digest, with the PEM public key or certificate that verifies it. The logged body is
 * the JCS form of {apiVersion, kind, spec} with the key or certificate re-encoded as PEM and
 * nothing but the signature, key and hash kept, as upstream canonicalizes it.
 */

export const HASHEDREKORD_V1 = { kind: 'hashedrekord', apiVersion: '0.0.1' } as const;

/** The digest algorithms of the schema's enum, with their hex length and the Rekor v2 name. */
const ALGORITHMS: Readonly<Record<string, { hexLength: number; hash: HashName }>> = {
  sha256: { hexLength: 64, hash: 'SHA2_256' },
  sha384: { hexLength: 96, hash: 'SHA2_384' },
  sha512: { hexLength: 128, hash: 'SHA2_512' },
};

const HEX = /^[0-9a-fA-F]*$/;

const invalid = (reason: string): RekorV1Error =>
  new RekorV1Error('ENTRY_INVALID', `invalid hashedrekord 0.0.1 entry: ${reason}`);

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function text(from: Record<string, unknown>, name: string, what: string): string {
  const value = from[name];
  if (value === undefined || value === null || value === '') throw invalid(`${what} is missing`);
  if (typeof value !== 'string') throw invalid(`${what} must be a string`);
  return value;
}

function base64(from: Record<string, unknown>, name: string, what: string): Buffer {
  const value = text(from, name, what);
  try {
    return fromBase64(value, what);
  } catch {
    throw invalid(`${what} is not valid base64`);
  }
}

/** The signer's key or certificate: upstream takes one PEM block of either kind. */
interface Signer {
  /** The canonical PEM, as logged. */
  pem: string;
  key: SpkiKey;
}

function parseSigner(pemBytes: Buffer): Signer {
  const blocks = parsePem(pemBytes.toString('utf8'));
  const block = blocks[0];
  if (block === undefined) {
    throw invalid('signature.publicKey.content is not a PEM public key or certificate');
  }
  if (blocks.length > 1) {
    throw invalid(
      `signature.publicKey.content holds ${blocks.length} PEM blocks; this log takes one public key or one certificate`,
    );
  }
  let spki: Buffer;
  if (block.label === 'CERTIFICATE') {
    try {
      spki = parseCertificate(block.der).publicKey;
    } catch {
      throw invalid('signature.publicKey.content is not a DER X.509 certificate');
    }
  } else if (block.label === 'PUBLIC KEY') {
    spki = block.der;
  } else {
    throw invalid(
      `signature.publicKey.content is a PEM ${block.label}; expected PUBLIC KEY or CERTIFICATE`,
    );
  }
  let key: SpkiKey;
  try {
    key = parseSpki(spki);
  } catch {
    throw invalid('signature.publicKey.content holds a malformed SubjectPublicKeyInfo');
  }
  return { pem: toPem(block.label, block.der), key };
}

/** Checks a hashedrekord 0.0.1 spec as upstream does, verifies its signature, and canonicalizes it. */
export async function canonicalizeHashedRekord(spec: unknown): Promise<CanonicalV1Entry> {
  const body = object(spec, 'spec');
  const signature = object(body.signature, 'spec.signature');
  const content = base64(signature, 'content', 'spec.signature.content');
  const publicKey = object(signature.publicKey, 'spec.signature.publicKey');
  const signer = parseSigner(base64(publicKey, 'content', 'spec.signature.publicKey.content'));
  const hash = object(object(body.data, 'spec.data').hash, 'spec.data.hash');
  const algorithm = text(hash, 'algorithm', 'spec.data.hash.algorithm');
  const value = text(hash, 'value', 'spec.data.hash.value');
  const known = Object.hasOwn(ALGORITHMS, algorithm) ? ALGORITHMS[algorithm] : undefined;
  if (known === undefined) {
    throw invalid(
      `spec.data.hash.algorithm ${JSON.stringify(algorithm)} is not one of ${Object.keys(ALGORITHMS).join(', ')}`,
    );
  }
  if (value.length !== known.hexLength || !HEX.test(value)) {
    throw invalid(`spec.data.hash.value must be ${known.hexLength} hex digits for ${algorithm}`);
  }
  if (signer.key.kind === 'unsupported') {
    throw invalid(`the signer's key is not one this log verifies: ${signer.key.reason}`);
  }
  const accepted = acceptedAlgorithm(signer.key);
  if (accepted === undefined || accepted.hash !== known.hash) {
    const key =
      signer.key.kind === 'ec' ? `EC ${signer.key.curve}` : `RSA ${signer.key.modulusBits}-bit`;
    throw invalid(
      `entry algorithm ${key} with ${algorithm} is not allowed${accepted ? ` (this key signs with ${accepted.keyDetails})` : ''}`,
    );
  }
  if (!verifyPrehashedKey(signer.key, Buffer.from(value, 'hex'), content)) {
    throw invalid('spec.signature.content does not verify over spec.data.hash with the given key');
  }
  const entry = {
    apiVersion: HASHEDREKORD_V1.apiVersion,
    kind: HASHEDREKORD_V1.kind,
    spec: {
      data: { hash: { algorithm, value } },
      signature: {
        content: content.toString('base64'),
        publicKey: { content: Buffer.from(signer.pem, 'utf8').toString('base64') },
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
  const what = 'spec.signature.publicKey.content';
  const signature = object(body.signature, 'spec.signature');
  const pem = base64(object(signature.publicKey, 'spec.signature.publicKey'), 'content', what);
  const hash = object(object(body.data, 'spec.data').hash, 'spec.data.hash');
  const algorithm = text(hash, 'algorithm', 'spec.data.hash.algorithm');
  const value = text(hash, 'value', 'spec.data.hash.value');
  return [
    createHash('sha256').update(pem).digest('hex'),
    ...parseV1PublicKey(pem, what).subjects.map((subject) => subject.toLowerCase()),
    `${algorithm}:${value}`.toLowerCase(),
  ];
}
