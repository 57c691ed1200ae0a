import { fromBase64 } from '../core/base64.js';
import {
  Tag,
  boolean,
  integer,
  nullValue,
  octetString,
  oid,
  parseDer,
  sequence,
} from '../core/der.js';
import type { DerNode } from '../core/der.js';
import { CoreError } from '../core/error.js';
import { TsaError } from './error.js';
import { HASH_ALGORITHMS, TSA_OID, hashAlgorithmByOid, isHashAlgorithm } from './oids.js';
import type { HashAlgorithm } from './oids.js';

/** A validated timestamp request, from either the DER or the JSON form. */
export interface TimestampRequest {
  hashAlgorithm: HashAlgorithm;
  hashedMessage: Buffer;
  /** The MessageImprint DER, echoed verbatim into TSTInfo as RFC 3161 §2.4.2 requires. */
  messageImprint: Buffer;
  /** Requested TSA policy OID (dotted), if any. */
  policy?: string;
  nonce?: bigint;
  /** Whether the response must carry the TSA certificate. */
  certReq: boolean;
}

/** Upstream's exact messages for the two most common refusals, which clients may match on. */
export const WEAK_HASH_MESSAGE = 'Weak hash algorithm in timestamp request';
export const DIGEST_LENGTH_MESSAGE = 'Message digest has incorrect length for specified algorithm';

const DOTTED_OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const VERSION_1 = integer(1);

/** A MessageImprint with NULL hash parameters, the form sigstore clients and Go send. */
export function encodeMessageImprint(
  hashAlgorithm: HashAlgorithm,
  hashedMessage: Uint8Array,
): Buffer {
  return sequence(
    sequence(oid(HASH_ALGORITHMS[hashAlgorithm].oid), nullValue()),
    octetString(hashedMessage),
  );
}

function checkDigest(hashAlgorithm: HashAlgorithm, hashedMessage: Buffer): void {
  if (hashedMessage.length !== HASH_ALGORITHMS[hashAlgorithm].length) {
    throw new TsaError('DIGEST_LENGTH_MISMATCH', DIGEST_LENGTH_MESSAGE);
  }
}

function hashFromOid(hashOid: string): HashAlgorithm {
  if (hashOid === TSA_OID.sha1) throw new TsaError('WEAK_HASH_ALGORITHM', WEAK_HASH_MESSAGE);
  const hash = hashAlgorithmByOid(hashOid);
  if (!hash) {
    throw new TsaError(
      'UNSUPPORTED_HASH_ALGORITHM',
      `unsupported hash algorithm ${hashOid} in timestamp request (use sha256, sha384 or sha512)`,
    );
  }
  return hash;
}

/**
 * The supported hashes by their encoded OID: matching the request's bytes saves decoding the
 * OID to a dotted string on every request (what the refusals above still do).
 */
const HASH_BY_DER = (Object.keys(HASH_ALGORITHMS) as HashAlgorithm[]).map(
  (name) => [oid(HASH_ALGORITHMS[name].oid), name] as const,
);

function hashOf(node: DerNode): HashAlgorithm {
  for (const [der, name] of HASH_BY_DER) if (node.raw.equals(der)) return name;
  return hashFromOid(node.toOid('hashAlgorithm'));
}

/** MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING } */
function parseMessageImprint(node: DerNode): TimestampRequest {
  const [algorithm, digest, extra] = node.expect(Tag.SEQUENCE, 'messageImprint').children();
  if (!algorithm || !digest || extra) {
    throw new CoreError('DER_INVALID', 'messageImprint: expected hashAlgorithm and hashedMessage');
  }
  const [hashOid, params, extraParam] = algorithm.expect(Tag.SEQUENCE, 'hashAlgorithm').children();
  if (!hashOid || extraParam || (params && (params.tag !== Tag.NULL || params.value.length > 0))) {
    throw new CoreError('DER_INVALID', 'hashAlgorithm: parameters must be absent or NULL');
  }
  const hashAlgorithm = hashOf(hashOid.expect(Tag.OID, 'hashAlgorithm'));
  const hashedMessage = digest.expect(Tag.OCTET_STRING, 'hashedMessage').value;
  checkDigest(hashAlgorithm, hashedMessage);
  return { hashAlgorithm, hashedMessage, messageImprint: node.raw, certReq: false };
}

/** Rejects critical extensions (we implement none) and malformed ones; ignores the rest. */
function checkRequestExtensions(node: DerNode): void {
  for (const ext of node.children()) {
    const fields = ext.expect(Tag.SEQUENCE, 'Extension').children();
    const extOid = fields[0]?.toOid('extnID');
    const last = fields[fields.length - 1];
    if (!extOid || fields.length < 2 || fields.length > 3 || last?.tag !== Tag.OCTET_STRING) {
      throw new CoreError('DER_INVALID', 'request extension: malformed Extension');
    }
    if (fields.length === 3 && (fields[1] as DerNode).toBoolean('critical')) {
      throw new TsaError(
        'UNACCEPTED_EXTENSION',
        `critical request extension ${extOid} is not supported by this TSA`,
      );
    }
  }
}

/**
 * Parses a DER TimeStampReq (RFC 3161 §2.4.1) strictly: version 1, a supported hash with a
 * digest of the right length, nothing unknown and nothing after the structure.
 */
export function parseTimestampRequest(der: Uint8Array): TimestampRequest {
  try {
    const fields = parseDer(der).expect(Tag.SEQUENCE, 'TimeStampReq').children();
    const versionNode = fields[0];
    if (versionNode === undefined) throw new CoreError('DER_INVALID', 'TimeStampReq: empty');
    // The one accepted encoding (02 01 01) first; anything else is decoded for its refusal.
    const version = versionNode.raw.equals(VERSION_1) ? 1n : versionNode.toBigInt('version');
    if (version !== 1n) {
      throw new TsaError(
        'UNSUPPORTED_VERSION',
        `unsupported TimeStampReq version ${version} (expected 1)`,
      );
    }
    const imprintNode = fields[1];
    if (!imprintNode) throw new CoreError('DER_INVALID', 'TimeStampReq: missing messageImprint');
    const request = parseMessageImprint(imprintNode);
    let i = 2;
    if (fields[i]?.tag === Tag.OID) request.policy = (fields[i++] as DerNode).toOid('reqPolicy');
    if (fields[i]?.tag === Tag.INTEGER) request.nonce = (fields[i++] as DerNode).toBigInt('nonce');
    // An explicit FALSE is a DER violation (it is the DEFAULT) but harmless, and some BER-minded
    // encoders emit it; refusing would only break those clients.
    if (fields[i]?.tag === Tag.BOOLEAN)
      request.certReq = (fields[i++] as DerNode).toBoolean('certReq');
    if (fields[i]?.tag === 0xa0) checkRequestExtensions(fields[i++] as DerNode);
    const unexpected = fields[i];
    if (unexpected) {
      throw new CoreError(
        'DER_INVALID',
        `TimeStampReq: unexpected field with tag 0x${unexpected.tag.toString(16)}`,
      );
    }
    return request;
  } catch (error) {
    if (error instanceof CoreError) {
      throw new TsaError('REQUEST_MALFORMED', `malformed timestamp request: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** The JSON request body of sigstore/timestamp-authority, as clients send it. */
export interface JsonTimestampRequest {
  artifactHash: string;
  hashAlgorithm: string;
  certificates?: boolean;
  nonce?: number | bigint;
  tsaPolicyOID?: string;
}

const malformedJson = (message: string): TsaError =>
  new TsaError('REQUEST_MALFORMED', `malformed JSON timestamp request: ${message}`);

/**
 * Validates the JSON form (`{"artifactHash", "hashAlgorithm", "certificates"?, "nonce"?,
 * "tsaPolicyOID"?}`) given as text/bytes or as an already-parsed value. Unknown members are
 * ignored, as upstream's Go decoder does. Nonces must be exact: numbers beyond 2^53 lose digits in
 * JSON.parse, so they are refused unless the caller's parser produced a bigint.
 */
export function parseJsonTimestampRequest(body: string | Uint8Array | object): TimestampRequest {
  let value: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    try {
      value = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch (error) {
      throw malformedJson((error as Error).message);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformedJson('expected a JSON object');
  }
  const json = value as Record<string, unknown>;
  const { artifactHash, hashAlgorithm, certificates, nonce, tsaPolicyOID } = json;

  if (typeof hashAlgorithm !== 'string') throw malformedJson('hashAlgorithm must be a string');
  if (hashAlgorithm.toLowerCase() === 'sha1') {
    throw new TsaError('WEAK_HASH_ALGORITHM', WEAK_HASH_MESSAGE);
  }
  if (!isHashAlgorithm(hashAlgorithm)) {
    throw new TsaError(
      'UNSUPPORTED_HASH_ALGORITHM',
      `unsupported hashAlgorithm "${hashAlgorithm}" (use sha256, sha384 or sha512)`,
    );
  }
  if (typeof artifactHash !== 'string' || artifactHash === '') {
    throw malformedJson('artifactHash must be a non-empty base64 string');
  }
  let hashedMessage: Buffer;
  try {
    hashedMessage = fromBase64(artifactHash, 'artifactHash');
  } catch (error) {
    throw malformedJson((error as Error).message);
  }
  checkDigest(hashAlgorithm, hashedMessage);

  const request: TimestampRequest = {
    hashAlgorithm,
    hashedMessage,
    messageImprint: encodeMessageImprint(hashAlgorithm, hashedMessage),
    certReq: false,
  };
  if (certificates !== undefined) {
    if (typeof certificates !== 'boolean') throw malformedJson('certificates must be a boolean');
    request.certReq = certificates;
  }
  if (nonce !== undefined) {
    if (
      typeof nonce === 'bigint' ? nonce < 0n : !Number.isSafeInteger(nonce) || (nonce as number) < 0
    ) {
      throw malformedJson('nonce must be a non-negative integer below 2^53');
    }
    request.nonce = BigInt(nonce as number | bigint);
  }
  if (tsaPolicyOID !== undefined) {
    if (typeof tsaPolicyOID !== 'string' || !DOTTED_OID.test(tsaPolicyOID)) {
      throw malformedJson('tsaPolicyOID must be a dotted OID string');
    }
    request.policy = tsaPolicyOID;
  }
  return request;
}

export interface RequestOptions {
  hashAlgorithm: HashAlgorithm;
  hashedMessage: Uint8Array;
  policy?: string;
  nonce?: bigint;
  certReq?: boolean;
}

/** Encodes a DER TimeStampReq, as a client sends it. */
export function encodeTimestampRequest(opts: RequestOptions): Buffer {
  checkDigest(opts.hashAlgorithm, Buffer.from(opts.hashedMessage));
  const fields = [integer(1), encodeMessageImprint(opts.hashAlgorithm, opts.hashedMessage)];
  if (opts.policy !== undefined) fields.push(oid(opts.policy));
  if (opts.nonce !== undefined) fields.push(integer(opts.nonce));
  if (opts.certReq) fields.push(boolean(true));
  return sequence(...fields);
}
