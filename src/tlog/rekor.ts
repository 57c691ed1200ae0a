import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { fromBase64, toBase64 } from '../core/base64.js';
import { canonicalize } from '../core/canonical-json.js';
import {
  type EcPublicKey,
  type RsaPublicKey,
  type SpkiKey,
  parseSpki,
  verifyPrehashedKey,
} from '../core/prehash.js';
import { parseCertificate } from '../core/x509.js';
import { TlogError } from './error.js';
import type { AppendResult, PublishedCheckpoint } from './log.js';

/**
 * Rekor v2 (rekor-tiles) entries: a CreateEntryRequest in, the canonical hashedrekord v0.0.2
 * entry that is logged, and the TransparencyLogEntry JSON that answers the request.
 */

export type HashName = 'SHA2_256' | 'SHA2_384' | 'SHA2_512';

/** A key as the keyDetails check sees it: `parseSpki`'s answer, or OpenSSL's for other keys. */
type KeyDescription =
  | { type: 'ec'; namedCurve: string | undefined }
  | { type: 'rsa'; modulusLength: number | undefined }
  | { type: string | undefined };

interface KeyProfile {
  hash: HashName;
  digestLength: number;
  matches(key: KeyDescription): boolean;
}

const ecCurve = (curve: string) => (key: KeyDescription) =>
  key.type === 'ec' && 'namedCurve' in key && key.namedCurve === curve;
const rsaBits = (bits: number) => (key: KeyDescription) =>
  key.type === 'rsa' && 'modulusLength' in key && key.modulusLength === bits;

/** The client signing algorithms rekor-tiles accepts, less Ed25519ph which Node cannot verify. */
const KEY_PROFILES: Readonly<Record<string, KeyProfile>> = {
  PKIX_ECDSA_P256_SHA_256: { hash: 'SHA2_256', digestLength: 32, matches: ecCurve('prime256v1') },
  PKIX_ECDSA_P384_SHA_384: { hash: 'SHA2_384', digestLength: 48, matches: ecCurve('secp384r1') },
  PKIX_ECDSA_P521_SHA_512: { hash: 'SHA2_512', digestLength: 64, matches: ecCurve('secp521r1') },
  PKIX_RSA_PKCS1V15_2048_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(2048) },
  PKIX_RSA_PKCS1V15_3072_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(3072) },
  PKIX_RSA_PKCS1V15_4096_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(4096) },
};

const NODE_HASH: Record<HashName, string> = {
  SHA2_256: 'sha256',
  SHA2_384: 'sha384',
  SHA2_512: 'sha512',
};

export const HASHEDREKORD = { kind: 'hashedrekord', version: '0.0.2' } as const;

export interface LoggableEntry {
  /** The JCS-canonical entry: the log leaf and `canonicalizedBody`. */
  body: Buffer;
  kind: typeof HASHEDREKORD.kind;
  version: typeof HASHEDREKORD.version;
}

const invalid = (reason: string): TlogError =>
  new TlogError('ENTRY_INVALID', `invalid hashedrekord request: ${reason}`);

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function field<T>(from: Record<string, unknown>, camel: string, what: string): T {
  // protojson parsers accept the proto field name as well as the JSON name.
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const value = from[camel] ?? from[snake];
  if (value === undefined || value === null || value === '') throw invalid(`${what} is missing`);
  return value as T;
}

function bytes(from: Record<string, unknown>, camel: string, what: string): Buffer {
  const value = field<unknown>(from, camel, what);
  if (typeof value !== 'string') throw invalid(`${what} must be a base64 string`);
  try {
    const decoded = fromBase64(value, what);
    if (decoded.length === 0) throw invalid(`${what} is empty`);
    return decoded;
  } catch (error) {
    if (error instanceof TlogError) throw error;
    throw invalid(`${what} is not valid base64`);
  }
}

interface Verifier {
  /**
   * The verifier as it is logged, as canonical JSON text: re-encoded, so equal keys give equal
   * entries.
   */
  canonical: string;
  key: SpkiKey;
  profile: KeyProfile;
  keyDetails: string;
}

function parseVerifier(raw: unknown, what: string): Verifier {
  const verifier = object(raw, what);
  const keyDetails = field<unknown>(verifier, 'keyDetails', `${what}.keyDetails`);
  if (typeof keyDetails !== 'string') throw invalid(`${what}.keyDetails must be a string`);
  // Own properties only: `toString` or `constructor` must not find Object.prototype's.
  const profile = Object.hasOwn(KEY_PROFILES, keyDetails) ? KEY_PROFILES[keyDetails] : undefined;
  if (profile === undefined) {
    const hint =
      keyDetails === 'PKIX_ED25519_PH'
        ? ' (Ed25519ph verification is not available on this server)'
        : '';
    throw new TlogError(
      'ENTRY_UNSUPPORTED',
      `invalid hashedrekord request: unsupported keyDetails ${keyDetails}${hint}; supported: ${Object.keys(KEY_PROFILES).join(', ')}`,
    );
  }
  const certificate = verifier.x509Certificate ?? verifier.x509_certificate;
  const publicKey = verifier.publicKey ?? verifier.public_key;
  if ((certificate === undefined) === (publicKey === undefined)) {
    throw invalid(`${what} must have exactly one of x509Certificate or publicKey`);
  }
  let spki: Buffer;
  let notDer: () => TlogError;
  let canonical: string;
  if (certificate !== undefined) {
    const der = bytes(
      object(certificate, `${what}.x509Certificate`),
      'rawBytes',
      `${what}.x509Certificate.rawBytes`,
    );
    notDer = () => invalid(`${what}.x509Certificate.rawBytes is not a DER X.509 certificate`);
    try {
      // Our own DER parser: about 40 µs for a 1.7 KB Fulcio-style leaf, where
      // X509Certificate and its publicKey cost about 145.
      spki = parseCertificate(der).publicKey;
    } catch {
      throw notDer();
    }
    canonical = canonicalize({ keyDetails, x509Certificate: { rawBytes: toBase64(der) } });
  } else {
    spki = bytes(object(publicKey, `${what}.publicKey`), 'rawBytes', `${what}.publicKey.rawBytes`);
    notDer = () => invalid(`${what}.publicKey.rawBytes is not a DER SubjectPublicKeyInfo`);
    canonical = canonicalize({ keyDetails, publicKey: { rawBytes: toBase64(spki) } });
  }
  let key: SpkiKey;
  try {
    key = parseSpki(spki);
  } catch {
    throw notDer();
  }
  let description: KeyDescription;
  if (key.kind === 'unsupported') {
    // Not a key this log verifies with. Describe it as OpenSSL sees it, for the message.
    let imported: KeyObject;
    try {
      imported = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    } catch {
      throw notDer();
    }
    description = describeKeyObject(imported);
    if (profile.matches(description)) {
      // OpenSSL reads it as the right key type, but not in the form PKIX prescribes.
      throw invalid(
        `${what} has a ${keyDetails} key encoded in a form this log does not accept: ${key.reason}`,
      );
    }
  } else {
    description = describeSpki(key);
  }
  if (key.kind === 'unsupported' || !profile.matches(description)) {
    throw invalid(`${what}.keyDetails is ${keyDetails} but the key is ${describeKey(description)}`);
  }
  return { canonical, key, profile, keyDetails };
}

function describeSpki(key: EcPublicKey | RsaPublicKey): KeyDescription {
  return key.kind === 'ec'
    ? { type: 'ec', namedCurve: key.curve }
    : { type: 'rsa', modulusLength: key.modulusBits };
}

/**
 * The client signing algorithm a key is accepted for (its keyDetails name and the hash it
 * signs with), as rekor's default algorithm registry pairs them; undefined for any other key.
 * Rekor v1 entries name no keyDetails, so their key alone decides.
 */
export function acceptedAlgorithm(
  key: SpkiKey,
): { keyDetails: string; hash: HashName } | undefined {
  if (key.kind === 'unsupported') return undefined;
  const description = describeSpki(key);
  const found = Object.entries(KEY_PROFILES).find(([, profile]) => profile.matches(description));
  return found && { keyDetails: found[0], hash: found[1].hash };
}

function describeKeyObject(key: KeyObject): KeyDescription {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails;
  if (type === 'ec') return { type, namedCurve: details?.namedCurve };
  if (type === 'rsa') return { type, modulusLength: details?.modulusLength };
  return { type };
}

function describeKey(key: KeyDescription): string {
  if ('namedCurve' in key) return `EC ${key.namedCurve ?? 'unknown curve'}`;
  if ('modulusLength' in key) return `RSA ${key.modulusLength ?? '?'} bits`;
  return key.type ?? 'an unknown key type';
}

/**
 * The logged entry, as JCS-canonical bytes. Its shape is fixed, so the text is written with its
 * keys already in canonical order (each level's keys sort as written) rather than built as an
 * object and canonicalised: that cost the verifying worker several µs per entry. Every value
 * is a string escaped by JSON.stringify, which JCS serialises the same way.
 */
function buildEntry(digest: Buffer, signature: Buffer, verifier: Verifier): LoggableEntry {
  const text = (value: string): string => JSON.stringify(value);
  const body =
    `{"apiVersion":${text(HASHEDREKORD.version)},"kind":${text(HASHEDREKORD.kind)},` +
    `"spec":{"hashedRekordV002":{"data":{"algorithm":${text(verifier.profile.hash)},` +
    `"digest":${text(toBase64(digest))}},"signature":{"content":${text(toBase64(signature))},` +
    `"verifier":${verifier.canonical}}}}}`;
  return { body: Buffer.from(body, 'utf8'), ...HASHEDREKORD };
}

function hashedRekord(request: Record<string, unknown>): LoggableEntry {
  const digest = bytes(request, 'digest', 'digest');
  const signature = object(field(request, 'signature', 'signature'), 'signature');
  const content = bytes(signature, 'content', 'signature.content');
  const verifier = parseVerifier(
    field(signature, 'verifier', 'signature.verifier'),
    'signature.verifier',
  );
  if (digest.length !== verifier.profile.digestLength) {
    throw invalid(
      `digest is ${digest.length} bytes but ${verifier.keyDetails} needs a ${verifier.profile.digestLength}-byte ${verifier.profile.hash} digest`,
    );
  }
  if (!verifyPrehashedKey(verifier.key, digest, content)) {
    throw invalid('signature.content does not verify over the digest with the given key');
  }
  return buildEntry(digest, content, verifier);
}

/** DSSE pre-authentication encoding (the bytes a DSSE signature covers). */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload,
  ]);
}

/**
 * Upstream dropped the dsse type and expects clients to log a hashedrekord over H(PAE); sigstore-js
 * still sends dsseRequestV002, so it is accepted and logged in exactly that hashedrekord form,
 * which both sigstore-js and sigstore-go reconstruct when they verify.
 */
function dsse(request: Record<string, unknown>): LoggableEntry {
  const envelope = object(field(request, 'envelope', 'envelope'), 'envelope');
  const payload = bytes(envelope, 'payload', 'envelope.payload');
  const payloadType = field<unknown>(envelope, 'payloadType', 'envelope.payloadType');
  if (typeof payloadType !== 'string') throw invalid('envelope.payloadType must be a string');
  const signatures = field<unknown>(envelope, 'signatures', 'envelope.signatures');
  if (!Array.isArray(signatures) || signatures.length !== 1) {
    throw invalid('envelope.signatures must hold exactly one signature');
  }
  const content = bytes(
    object(signatures[0], 'envelope.signatures[0]'),
    'sig',
    'envelope.signatures[0].sig',
  );
  const verifiers = field<unknown>(request, 'verifiers', 'verifiers');
  if (!Array.isArray(verifiers) || verifiers.length !== 1)
    throw invalid('verifiers must hold exactly one verifier');
  const verifier = parseVerifier(verifiers[0], 'verifiers[0]');
  // ECDSA and RSA PKCS#1 v1.5 sign a hash of the message, so verifying the signature over
  // H(PAE) is verifying it over the PAE, without importing the key into OpenSSL.
  const digest = createHash(NODE_HASH[verifier.profile.hash])
    .update(pae(payloadType, payload))
    .digest();
  if (!verifyPrehashedKey(verifier.key, digest, content)) {
    throw invalid(
      'envelope.signatures[0].sig does not verify over the envelope with the given key',
    );
  }
  return buildEntry(digest, content, verifier);
}

/** Validates a CreateEntryRequest, verifies its signature, and returns the entry to log. */
export function entryFromRequest(request: unknown): LoggableEntry {
  const body = object(request, 'the request body');
  const keys = Object.keys(body);
  const hashed = body.hashedRekordRequestV002 ?? body.hashed_rekord_request_v002;
  const envelope = body.dsseRequestV002 ?? body.dsse_request_v002;
  if (keys.length !== 1 || (hashed === undefined && envelope === undefined)) {
    throw new TlogError(
      'ENTRY_UNSUPPORTED',
      `invalid type, must be hashedrekord: the body must hold exactly one of hashedRekordRequestV002 or dsseRequestV002, found ${keys.length === 0 ? 'none' : keys.join(', ')}`,
    );
  }
  return hashed !== undefined
    ? hashedRekord(object(hashed, 'hashedRekordRequestV002'))
    : dsse(object(envelope, 'dsseRequestV002'));
}

export interface InclusionProofJson {
  logIndex: string;
  rootHash: string;
  treeSize: string;
  hashes: string[];
  checkpoint: { envelope: string };
}

/** A Rekor v1 signed entry timestamp. */
export interface InclusionPromiseJson {
  signedEntryTimestamp: string;
}

export interface TransparencyLogEntryJson {
  logIndex: string;
  logId: { keyId: string };
  kindVersion: { kind: string; version: string };
  /** "0" or absent for Rekor v2, whose entries carry no signed time. */
  integratedTime?: string;
  inclusionPromise?: InclusionPromiseJson;
  inclusionProof?: InclusionProofJson;
  canonicalizedBody: string;
}

/** The TransparencyLogEntry answer, in protojson form (int64 as strings, bytes as base64). */
export function transparencyLogEntry(
  entry: LoggableEntry,
  result: AppendResult,
  logKeyId: Buffer,
): TransparencyLogEntryJson {
  const index = String(result.index);
  return {
    logIndex: index,
    logId: { keyId: toBase64(logKeyId) },
    kindVersion: { kind: entry.kind, version: entry.version },
    integratedTime: '0',
    inclusionProof: {
      logIndex: index,
      rootHash: toBase64(result.checkpoint.rootHash),
      treeSize: String(result.checkpoint.size),
      hashes: result.proof.map(toBase64),
      checkpoint: { envelope: result.checkpoint.note },
    },
    canonicalizedBody: toBase64(entry.body),
  };
}

/** The answer's text up to the first logIndex value's end, per log key and entry kind. */
const answerHeads = new WeakMap<Buffer, { kind: string; version: string; text: string }>();
/**
 * Proof hashes as JSON strings, per Buffer: the proofs of one batch share the Buffers of the
 * nodes they have in common (inclusionProofs), so most hashes are encoded once per batch.
 */
const proofHashTexts = new WeakMap<Buffer, string>();
/** The answer's text around the proof hashes, per published checkpoint. */
const answerProofParts = new WeakMap<PublishedCheckpoint, { before: string; after: string }>();

/**
 * `JSON.stringify(transparencyLogEntry(entry, result, logKeyId))`, byte for byte, without the
 * object: the log key, the checkpoint (root, size, note) and their JSON escaping are the same
 * for every entry a checkpoint answers, so their text is built once and reused. Every appended
 * entry is answered this way, and the nested object plus a full stringify cost the event loop
 * several µs and much of its garbage per entry.
 */
export function transparencyLogEntryJson(
  entry: LoggableEntry,
  result: AppendResult,
  logKeyId: Buffer,
): string {
  let head = answerHeads.get(logKeyId);
  if (head === undefined || head.kind !== entry.kind || head.version !== entry.version) {
    const kindVersion = JSON.stringify({ kind: entry.kind, version: entry.version });
    head = {
      kind: entry.kind,
      version: entry.version,
      text: `","logId":{"keyId":"${toBase64(logKeyId)}"},"kindVersion":${kindVersion},"integratedTime":"0","inclusionProof":{"logIndex":"`,
    };
    answerHeads.set(logKeyId, head);
  }
  const { checkpoint } = result;
  let proofParts = answerProofParts.get(checkpoint);
  if (proofParts === undefined) {
    proofParts = {
      before: `","rootHash":"${toBase64(checkpoint.rootHash)}","treeSize":"${checkpoint.size}","hashes":[`,
      after: `],"checkpoint":{"envelope":${JSON.stringify(checkpoint.note)}}},"canonicalizedBody":"`,
    };
    answerProofParts.set(checkpoint, proofParts);
  }
  const index = String(result.index);
  let hashes = '';
  for (const [i, hash] of result.proof.entries()) {
    let text = proofHashTexts.get(hash);
    if (text === undefined) {
      text = `"${toBase64(hash)}"`;
      proofHashTexts.set(hash, text);
    }
    hashes += i === 0 ? text : `,${text}`;
  }
  return `{"logIndex":"${index}${head.text}${index}${proofParts.before}${hashes}${proofParts.after}${toBase64(entry.body)}"}`;
}
