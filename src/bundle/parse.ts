import { fromBase64 } from '../core/base64.js';
import { BUNDLE_MEDIA_TYPES } from './bundle.js';
import { BundleError } from './error.js';
import { type JsonObject, field, jsonObject } from './protojson.js';

/**
 * Reads a Sigstore bundle (v0.1 to v0.3, protocols.md §6) strictly into decoded bytes, so the
 * verifier never sees base64, strings for integers, or a oneof with two members. Field names
 * follow protojson: camelCase, with the proto snake_case names accepted too; int64 values as
 * decimal strings or numbers; bytes as standard or URL-safe base64. Unknown fields are ignored,
 * as sigstore-js does, so that additions within a media type do not break old verifiers.
 */

export { BundleError } from './error.js';

export type BundleVersion = '0.1' | '0.2' | '0.3';
export type DigestAlgorithm = 'SHA2_256' | 'SHA2_384' | 'SHA2_512';

export interface InclusionProof {
  logIndex: number;
  rootHash: Buffer;
  treeSize: number;
  hashes: Buffer[];
  /**
   * The signed note text, required in every bundle version: protobuf-specs marks it REQUIRED
   * in InclusionProof, and a proof without one leads to a root nobody signed. A v0.1 entry
   * that proves inclusion by its promise alone leaves the whole proof out instead.
   */
  checkpoint: string;
}

export interface TlogEntry {
  logIndex: number;
  /** The log's 32-byte ID: the checkpoint key ID for Rekor v2, SHA-256(SPKI) for Rekor v1. */
  logId: Buffer;
  kind: string;
  version: string;
  /** Seconds since the epoch; 0 (or absent) for Rekor v2, which signs no time. */
  integratedTime: number;
  /** Rekor v1's signed entry timestamp. */
  signedEntryTimestamp?: Buffer;
  inclusionProof?: InclusionProof;
  /** The logged entry bytes: the Merkle leaf is SHA-256(0x00 ‖ body). */
  canonicalizedBody: Buffer;
}

export type SignerMaterial =
  /** `chain[0]` is the leaf; v0.1/v0.2 chains may carry intermediates, which verifiers ignore. */
  { kind: 'certificate'; chain: Buffer[] } | { kind: 'publicKey'; hint: string };

export type SignedContent =
  | {
      kind: 'messageSignature';
      digest: { algorithm: DigestAlgorithm; value: Buffer };
      signature: Buffer;
    }
  | {
      kind: 'dsseEnvelope';
      payload: Buffer;
      payloadType: string;
      signature: Buffer;
      keyid?: string;
    };

export interface Bundle {
  mediaType: string;
  version: BundleVersion;
  signer: SignerMaterial;
  tlogEntries: TlogEntry[];
  /** DER TimeStampResp values, as the bundle stores them (status and token). */
  timestamps: Buffer[];
  content: SignedContent;
}

const VERSION_BY_MEDIA_TYPE: ReadonlyMap<string, BundleVersion> = new Map([
  [BUNDLE_MEDIA_TYPES['v0.1'], '0.1'],
  [BUNDLE_MEDIA_TYPES['v0.2'], '0.2'],
  [BUNDLE_MEDIA_TYPES['v0.3'], '0.3'],
  [BUNDLE_MEDIA_TYPES['v0.3-legacy'], '0.3'],
]);

const DIGEST_ALGORITHMS: ReadonlyMap<string, number> = new Map([
  ['SHA2_256', 32],
  ['SHA2_384', 48],
  ['SHA2_512', 64],
]);

const DECIMAL = /^(0|[1-9][0-9]*)$/;

const invalid = (message: string): BundleError =>
  new BundleError('BUNDLE_INVALID', `bundle: ${message}`);

const get = field;
const object = (value: unknown, path: string): JsonObject => jsonObject(value, path, invalid);

function required(from: JsonObject, camel: string, path: string): unknown {
  const value = get(from, camel);
  if (value === undefined) throw invalid(`${path}.${camel} is missing`);
  return value;
}

function string(from: JsonObject, camel: string, path: string): string {
  const value = required(from, camel, path);
  if (typeof value !== 'string') throw invalid(`${path}.${camel} must be a string`);
  return value;
}

function array(from: JsonObject, camel: string, path: string): unknown[] {
  const value = required(from, camel, path);
  if (!Array.isArray(value)) throw invalid(`${path}.${camel} must be an array`);
  return value;
}

/** Non-empty bytes: every bytes field a verifier reads must carry something. */
function bytes(from: JsonObject, camel: string, path: string): Buffer {
  const text = string(from, camel, path);
  let decoded: Buffer;
  try {
    decoded = fromBase64(text, `${path}.${camel}`);
  } catch {
    throw invalid(`${path}.${camel} is not valid base64`);
  }
  if (decoded.length === 0) throw invalid(`${path}.${camel} is empty`);
  return decoded;
}

/** A protojson int64: a decimal string or a number; absent is 0. */
function int64(from: JsonObject, camel: string, path: string, need = true): number {
  const value = get(from, camel);
  if (value === undefined) {
    if (need) throw invalid(`${path}.${camel} is missing`);
    return 0;
  }
  const n =
    typeof value === 'string' && DECIMAL.test(value)
      ? Number(value)
      : typeof value === 'number'
        ? value
        : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw invalid(`${path}.${camel} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Exactly one of the oneof members; returns its name and value. */
function oneOf(from: JsonObject, members: readonly string[], path: string): [string, unknown] {
  const present = members.filter((m) => get(from, m) !== undefined);
  if (present.length !== 1) {
    throw invalid(
      `${path} must have exactly one of ${members.join(', ')}, found ${present.length === 0 ? 'none' : present.join(', ')}`,
    );
  }
  const member = present[0] as string;
  return [member, get(from, member)];
}

function parseSigner(material: JsonObject, version: BundleVersion): SignerMaterial {
  const path = 'verificationMaterial';
  const [member, value] = oneOf(
    material,
    ['certificate', 'x509CertificateChain', 'publicKey'],
    path,
  );
  if (member === 'publicKey') {
    const key = object(value, `${path}.publicKey`);
    const hint = get(key, 'hint') ?? '';
    if (typeof hint !== 'string') throw invalid(`${path}.publicKey.hint must be a string`);
    return { kind: 'publicKey', hint };
  }
  if (member === 'certificate') {
    return {
      kind: 'certificate',
      chain: [bytes(object(value, `${path}.certificate`), 'rawBytes', `${path}.certificate`)],
    };
  }
  // sigstore-go and sigstore-js's current validation refuse chains in v0.3: one leaf, no choice.
  if (version === '0.3') {
    throw invalid(`${path}.x509CertificateChain is not allowed in v0.3; use certificate`);
  }
  const chainPath = `${path}.x509CertificateChain`;
  const certificates = array(object(value, chainPath), 'certificates', chainPath);
  if (certificates.length === 0) throw invalid(`${chainPath}.certificates is empty`);
  return {
    kind: 'certificate',
    chain: certificates.map((c, i) =>
      bytes(
        object(c, `${chainPath}.certificates[${i}]`),
        'rawBytes',
        `${chainPath}.certificates[${i}]`,
      ),
    ),
  };
}

function parseInclusionProof(value: unknown, path: string): InclusionProof {
  const proof = object(value, path);
  const hashes = get(proof, 'hashes') ?? [];
  if (!Array.isArray(hashes)) throw invalid(`${path}.hashes must be an array`);
  const checkpoint = object(required(proof, 'checkpoint', path), `${path}.checkpoint`);
  return {
    logIndex: int64(proof, 'logIndex', path, false),
    rootHash: bytes(proof, 'rootHash', path),
    treeSize: int64(proof, 'treeSize', path),
    hashes: hashes.map((h, i) => {
      if (typeof h !== 'string') throw invalid(`${path}.hashes[${i}] must be a string`);
      return bytes({ h }, 'h', `${path}.hashes[${i}]`);
    }),
    checkpoint: string(checkpoint, 'envelope', `${path}.checkpoint`),
  };
}

function parseTlogEntry(value: unknown, i: number, version: BundleVersion): TlogEntry {
  const path = `verificationMaterial.tlogEntries[${i}]`;
  const entry = object(value, path);
  const logId = object(required(entry, 'logId', path), `${path}.logId`);
  const kindVersion = object(required(entry, 'kindVersion', path), `${path}.kindVersion`);
  const parsed: TlogEntry = {
    logIndex: int64(entry, 'logIndex', path, false),
    logId: bytes(logId, 'keyId', `${path}.logId`),
    kind: string(kindVersion, 'kind', `${path}.kindVersion`),
    version: string(kindVersion, 'version', `${path}.kindVersion`),
    integratedTime: int64(entry, 'integratedTime', path, false),
    canonicalizedBody: bytes(entry, 'canonicalizedBody', path),
  };
  const promise = get(entry, 'inclusionPromise');
  if (promise !== undefined) {
    parsed.signedEntryTimestamp = bytes(
      object(promise, `${path}.inclusionPromise`),
      'signedEntryTimestamp',
      `${path}.inclusionPromise`,
    );
  }
  const proof = get(entry, 'inclusionProof');
  if (proof !== undefined)
    parsed.inclusionProof = parseInclusionProof(proof, `${path}.inclusionProof`);
  // §6.2: v0.1 entries prove inclusion by promise; later ones by a proof with a checkpoint.
  if (version === '0.1' && parsed.signedEntryTimestamp === undefined) {
    throw invalid(`${path}.inclusionPromise is required in a v0.1 bundle`);
  }
  if (version !== '0.1' && parsed.inclusionProof === undefined) {
    throw invalid(`${path}.inclusionProof is required in a v${version} bundle`);
  }
  return parsed;
}

function parseTimestamps(material: JsonObject): Buffer[] {
  const path = 'verificationMaterial.timestampVerificationData';
  const data = get(material, 'timestampVerificationData');
  if (data === undefined) return [];
  const list = get(object(data, path), 'rfc3161Timestamps') ?? [];
  if (!Array.isArray(list)) throw invalid(`${path}.rfc3161Timestamps must be an array`);
  return list.map((t, i) =>
    bytes(
      object(t, `${path}.rfc3161Timestamps[${i}]`),
      'signedTimestamp',
      `${path}.rfc3161Timestamps[${i}]`,
    ),
  );
}

function parseContent(bundle: JsonObject): SignedContent {
  const [member, value] = oneOf(bundle, ['messageSignature', 'dsseEnvelope'], 'bundle');
  if (member === 'messageSignature') {
    const path = 'messageSignature';
    const signature = object(value, path);
    const digest = object(required(signature, 'messageDigest', path), `${path}.messageDigest`);
    const algorithm = string(digest, 'algorithm', `${path}.messageDigest`);
    const length = DIGEST_ALGORITHMS.get(algorithm);
    if (length === undefined) {
      throw invalid(
        `${path}.messageDigest.algorithm ${JSON.stringify(algorithm)} is not one of ${[...DIGEST_ALGORITHMS.keys()].join(', ')}`,
      );
    }
    const digestValue = bytes(digest, 'digest', `${path}.messageDigest`);
    if (digestValue.length !== length) {
      throw invalid(
        `${path}.messageDigest.digest is ${digestValue.length} bytes, ${algorithm} needs ${length}`,
      );
    }
    return {
      kind: 'messageSignature',
      digest: { algorithm: algorithm as DigestAlgorithm, value: digestValue },
      signature: bytes(signature, 'signature', path),
    };
  }
  const path = 'dsseEnvelope';
  const envelope = object(value, path);
  const payloadType = string(envelope, 'payloadType', path);
  if (payloadType === '') throw invalid(`${path}.payloadType is empty`);
  const signatures = array(envelope, 'signatures', path);
  // Sigstore bundles carry one signer per envelope (protocols.md §6.1).
  if (signatures.length !== 1) {
    throw invalid(`${path}.signatures must hold exactly one signature, found ${signatures.length}`);
  }
  const first = object(signatures[0], `${path}.signatures[0]`);
  const keyid = get(first, 'keyid');
  if (keyid !== undefined && typeof keyid !== 'string') {
    throw invalid(`${path}.signatures[0].keyid must be a string`);
  }
  const content: SignedContent = {
    kind: 'dsseEnvelope',
    payload: bytes(envelope, 'payload', path),
    payloadType,
    signature: bytes(first, 'sig', `${path}.signatures[0]`),
  };
  if (typeof keyid === 'string' && keyid !== '') content.keyid = keyid;
  return content;
}

/**
 * Every Bundle parseBundle made, so that a caller taking "JSON or an already parsed bundle" can
 * tell them apart by origin: a shape test would let JSON that mimics the parsed form skip parsing.
 */
const parsedBundles = new WeakSet<object>();

/** Whether `value` is a Bundle returned by parseBundle (and not JSON shaped like one). */
export const isParsedBundle = (value: unknown): value is Bundle =>
  typeof value === 'object' && value !== null && parsedBundles.has(value);

/** Parses and validates bundle JSON (text already parsed); BundleError naming the field otherwise. */
export function parseBundle(json: unknown): Bundle {
  const bundle = object(json, 'bundle');
  const mediaType = string(bundle, 'mediaType', 'bundle');
  const version = VERSION_BY_MEDIA_TYPE.get(mediaType);
  if (version === undefined) {
    throw invalid(
      `mediaType ${JSON.stringify(mediaType)} is not a known bundle media type (v0.1 to v0.3)`,
    );
  }
  const material = object(
    required(bundle, 'verificationMaterial', 'bundle'),
    'verificationMaterial',
  );
  const signer = parseSigner(material, version);
  // tlogEntries may be absent only as protojson's empty list; thresholds decide if that is enough.
  const entries = get(material, 'tlogEntries') ?? [];
  if (!Array.isArray(entries)) throw invalid('verificationMaterial.tlogEntries must be an array');
  const parsed: Bundle = {
    mediaType,
    version,
    signer,
    tlogEntries: entries.map((e, i) => parseTlogEntry(e, i, version)),
    timestamps: parseTimestamps(material),
    content: parseContent(bundle),
  };
  parsedBundles.add(parsed);
  return parsed;
}
