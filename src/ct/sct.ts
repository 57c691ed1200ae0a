import { createHash, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { fromBase64, toBase64 } from '../core/base64.js';
import { Tag, contextTag, octetString, parseDer, sequence } from '../core/der.js';
import { CoreError } from '../core/error.js';
import { OID, findExtension, spkiOf, verifySignature } from '../core/x509.js';
import type { Certificate } from '../core/x509.js';
import type { Signer } from '../kms/contract.js';
import { CtError } from './error.js';
import type { CtErrorCode } from './error.js';

/**
 * RFC 6962 signed certificate timestamps: their TLS encoding, the structures a log signs and
 * stores, the embedded SCT-list extension, and verification as Sigstore clients do it.
 * Pure functions; no I/O.
 */

/** RFC 6962 §3.1: marks a precertificate; critical, value ASN.1 NULL. */
export const CT_POISON_OID = '1.3.6.1.4.1.11129.2.4.3';
/** RFC 6962 §3.3: the SignedCertificateTimestampList embedded in the final certificate. */
export const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';
/** RFC 6962 §3.1: the EKU of a Precertificate Signing Certificate. */
export const PRECERT_SIGNING_EKU = '1.3.6.1.4.1.11129.2.4.4';
/** The DER of ASN.1 NULL, the only poison extension value RFC 6962 allows. */
export const CT_POISON_VALUE: Buffer = Buffer.from([0x05, 0x00]);

/** TLS HashAlgorithm and SignatureAlgorithm codes (RFC 5246 §7.4.1.4.1). */
export const SCT_HASH_SHA256 = 4;
export const SCT_SIGNATURE_RSA = 1;
export const SCT_SIGNATURE_ECDSA = 3;

export interface SignedCertificateTimestamp {
  version: 0;
  /** SHA-256 of the log's SubjectPublicKeyInfo DER. */
  logId: Buffer;
  /** Milliseconds since the epoch. */
  timestamp: bigint;
  /** CtExtensions, opaque to clients; signed as they are. */
  extensions: Buffer;
  hashAlgorithm: number;
  signatureAlgorithm: number;
  /** DER ECDSA (or PKCS#1 v1.5 RSA) signature over the signed data. */
  signature: Buffer;
}

/** A precert_entry: the issuer's key hash and the precertificate TBS with the poison removed. */
export interface PrecertEntry {
  type: 'precert';
  issuerKeyHash: Buffer;
  tbs: Buffer;
}

/** An x509_entry: the whole leaf certificate DER. */
export interface X509Entry {
  type: 'x509';
  certificate: Buffer;
}

export type CtLogEntry = PrecertEntry | X509Entry;

const LOG_ID_SIZE = 32;
const ENTRY_TYPE = { x509: 0, precert: 1 } as const;
const UINT64_LIMIT = 1n << 64n;

/** Hash and signature codes to the X.509 algorithm OID verifySignature understands. */
const SCT_ALGORITHMS = new Map<string, string>([
  [`4/${SCT_SIGNATURE_ECDSA}`, OID.ecdsaWithSha256],
  [`5/${SCT_SIGNATURE_ECDSA}`, OID.ecdsaWithSha384],
  [`6/${SCT_SIGNATURE_ECDSA}`, OID.ecdsaWithSha512],
  [`4/${SCT_SIGNATURE_RSA}`, OID.sha256WithRsa],
  [`5/${SCT_SIGNATURE_RSA}`, OID.sha384WithRsa],
  [`6/${SCT_SIGNATURE_RSA}`, OID.sha512WithRsa],
]);

const malformed = (message: string, cause?: unknown): CtError =>
  new CtError('SCT_MALFORMED', message, cause === undefined ? undefined : { cause });

// ---------------------------------------------------------------- TLS encoding

function uint(value: number, bytes: 1 | 2 | 3): Buffer {
  const out = Buffer.alloc(bytes);
  out.writeUIntBE(value, 0, bytes);
  return out;
}

function uint64(value: bigint, what: string): Buffer {
  if (typeof value !== 'bigint' || value < 0n || value >= UINT64_LIMIT) {
    throw malformed(`${what} must be a bigint from 0 to 2^64-1`);
  }
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(value);
  return out;
}

/** A TLS `opaque<0..2^(8*lengthBytes)-1>`: length prefix, then the bytes. */
function opaque(
  data: Uint8Array,
  lengthBytes: 2 | 3,
  what: string,
  code: CtErrorCode = 'SCT_MALFORMED',
): Buffer {
  const max = 2 ** (8 * lengthBytes) - 1;
  if (data.length > max) {
    throw new CtError(
      code,
      `${what} is ${data.length} bytes; at most ${max} fit its length prefix`,
    );
  }
  return Buffer.concat([uint(data.length, lengthBytes), data]);
}

const asBuffer = (data: Uint8Array): Buffer =>
  Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/** A strict reader over TLS-encoded bytes; every shortfall names the structure and field. */
class TlsReader {
  private offset = 0;

  constructor(
    private readonly data: Buffer,
    private readonly what: string,
  ) {}

  get done(): boolean {
    return this.offset === this.data.length;
  }

  bytes(n: number, field: string): Buffer {
    const left = this.data.length - this.offset;
    if (n > left) {
      throw malformed(`${this.what} is truncated in ${field}: needs ${n} bytes, ${left} left`);
    }
    const out = this.data.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  uint(n: 1 | 2 | 3, field: string): number {
    return this.bytes(n, field).readUIntBE(0, n);
  }

  uint64(field: string): bigint {
    return this.bytes(8, field).readBigUInt64BE();
  }

  opaque(lengthBytes: 2 | 3, field: string): Buffer {
    return this.bytes(this.uint(lengthBytes, `${field} length`), field);
  }

  end(): void {
    if (!this.done) {
      throw malformed(`${this.what} has ${this.data.length - this.offset} trailing bytes`);
    }
  }
}

// ---------------------------------------------------------------- SCTs

function requireSct(sct: SignedCertificateTimestamp): void {
  if (sct.version !== 0) throw malformed(`SCT version ${String(sct.version)} is not v1 (0)`);
  if (!Buffer.isBuffer(sct.logId) || sct.logId.length !== LOG_ID_SIZE) {
    throw malformed(`SCT log_id must be ${LOG_ID_SIZE} bytes`);
  }
  for (const [field, value] of [
    ['hash_algorithm', sct.hashAlgorithm],
    ['signature_algorithm', sct.signatureAlgorithm],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      throw malformed(`SCT ${field} must be an integer from 0 to 255`);
    }
  }
}

/** The TLS DigitallySigned struct: hash and signature algorithm, then the signature. */
const digitallySigned = (sct: SignedCertificateTimestamp): Buffer =>
  Buffer.concat([
    uint(sct.hashAlgorithm, 1),
    uint(sct.signatureAlgorithm, 1),
    opaque(sct.signature, 2, 'SCT signature'),
  ]);

function readDigitallySigned(
  reader: TlsReader,
): Pick<SignedCertificateTimestamp, 'hashAlgorithm' | 'signatureAlgorithm' | 'signature'> {
  const hashAlgorithm = reader.uint(1, 'hash_algorithm');
  const signatureAlgorithm = reader.uint(1, 'signature_algorithm');
  const signature = Buffer.from(reader.opaque(2, 'signature'));
  if (signature.length === 0) throw malformed('SCT signature is empty');
  return { hashAlgorithm, signatureAlgorithm, signature };
}

/** The RFC 6962 §3.2 TLS serialization of an SCT. */
export function encodeSct(sct: SignedCertificateTimestamp): Buffer {
  requireSct(sct);
  return Buffer.concat([
    uint(sct.version, 1),
    sct.logId,
    uint64(sct.timestamp, 'SCT timestamp'),
    opaque(sct.extensions, 2, 'SCT extensions'),
    digitallySigned(sct),
  ]);
}

/** Decodes one serialized SCT, refusing other versions, truncation and trailing bytes. */
export function decodeSct(bytes: Uint8Array): SignedCertificateTimestamp {
  const reader = new TlsReader(asBuffer(bytes), 'SCT');
  const version = reader.uint(1, 'sct_version');
  if (version !== 0) throw malformed(`SCT version ${version} is not supported (only v1, 0)`);
  const logId = Buffer.from(reader.bytes(LOG_ID_SIZE, 'log_id'));
  const timestamp = reader.uint64('timestamp');
  const extensions = Buffer.from(reader.opaque(2, 'extensions'));
  const signed = readDigitallySigned(reader);
  reader.end();
  return { version, logId, timestamp, extensions, ...signed };
}

/**
 * The SCT-list extension's extnValue contents: a DER OCTET STRING around the TLS
 * SignedCertificateTimestampList (uint16 total length, then uint16-prefixed SCTs). The
 * certificate builder wraps this once more in the extnValue OCTET STRING: the double wrapping
 * verifiers expect.
 */
export function sctListExtensionValue(scts: readonly SignedCertificateTimestamp[]): Buffer {
  if (scts.length === 0) throw malformed('an SCT list needs at least one SCT');
  const list = Buffer.concat(scts.map((sct) => opaque(encodeSct(sct), 2, 'serialized SCT')));
  return octetString(opaque(list, 2, 'SCT list'));
}

/** The SCTs in an SCT-list extnValue (as sctListExtensionValue writes it). */
export function parseSctListExtensionValue(value: Uint8Array): SignedCertificateTimestamp[] {
  let inner: Buffer;
  try {
    inner = parseDer(value).expect(Tag.OCTET_STRING, 'SCT list extension').value;
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw malformed(`SCT list extension is not a DER OCTET STRING: ${error.message}`, error);
  }
  const outer = new TlsReader(inner, 'SCT list');
  const list = new TlsReader(outer.opaque(2, 'sct_list'), 'SCT list');
  outer.end();
  const scts: SignedCertificateTimestamp[] = [];
  while (!list.done) {
    const i = scts.length;
    const serialized = list.opaque(2, `SCT ${i}`);
    try {
      scts.push(decodeSct(serialized));
    } catch (error) {
      if (!(error instanceof CtError)) throw error;
      throw malformed(`SCT ${i} in the list: ${error.message}`, error);
    }
  }
  if (scts.length === 0) throw malformed('SCT list is empty');
  return scts;
}

/** The SCTs embedded in a certificate; empty when it has no SCT-list extension. */
export function embeddedScts(cert: Certificate): SignedCertificateTimestamp[] {
  const ext = findExtension(cert, SCT_LIST_OID);
  return ext === undefined ? [] : parseSctListExtensionValue(ext.value);
}

// ---------------------------------------------------------------- what a log signs and stores

/**
 * The TBSCertificate re-encoded without extension `extOid`; the [3] wrapper goes too when that
 * was the only extension (as Go's x509 marshals an empty optional list). Removing the poison
 * from a precertificate and the SCT list from its final certificate gives the same bytes.
 */
export function tbsWithoutExtension(tbs: Uint8Array, extOid: string): Buffer {
  try {
    return removeExtension(tbs, extOid);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw new CtError('CERTIFICATE_INVALID', `TBSCertificate: ${error.message}`, { cause: error });
  }
}

function removeExtension(tbs: Uint8Array, extOid: string): Buffer {
  const fields = parseDer(tbs).expect(Tag.SEQUENCE, 'TBSCertificate').children();
  const last = fields.at(-1);
  if (last?.tag !== 0xa3) {
    throw new CtError(
      'CERTIFICATE_INVALID',
      `TBSCertificate has no extensions, so no extension ${extOid} to remove`,
    );
  }
  const [list, extra] = last.children();
  if (!list || extra) throw new CoreError('DER_INVALID', 'extensions: expected one SEQUENCE');
  const extensions = list.expect(Tag.SEQUENCE, 'extensions').children();
  const kept = extensions.filter(
    (ext) => ext.expect(Tag.SEQUENCE, 'Extension').children()[0]?.toOid('extnID') !== extOid,
  );
  const removed = extensions.length - kept.length;
  if (removed !== 1) {
    throw new CtError(
      'CERTIFICATE_INVALID',
      removed === 0
        ? `TBSCertificate has no extension ${extOid}`
        : `TBSCertificate has ${removed} extensions ${extOid}`,
    );
  }
  const rest = fields.slice(0, -1).map((field) => field.raw);
  if (kept.length > 0) rest.push(contextTag(3, sequence(...kept.map((ext) => ext.raw))));
  return sequence(...rest);
}

/** issuer_key_hash: SHA-256 of the issuer's whole SubjectPublicKeyInfo DER. */
export const issuerKeyHash = (issuer: Certificate): Buffer =>
  createHash('sha256').update(issuer.publicKey).digest();

/** The precert_entry for a precertificate issued directly by `issuer` (no precert-signing cert). */
export const precertEntry = (precert: Certificate, issuer: Certificate): PrecertEntry => ({
  type: 'precert',
  issuerKeyHash: issuerKeyHash(issuer),
  tbs: tbsWithoutExtension(precert.tbs, CT_POISON_OID),
});

interface TimestampedOptions {
  timestamp: bigint;
  entry: CtLogEntry;
  extensions: Buffer;
}

/** timestamp, entry_type, signed_entry, extensions: shared by the signed data and the leaf. */
function timestampedEntry({ timestamp, entry, extensions }: TimestampedOptions): Buffer {
  let signedEntry: Buffer;
  if (entry.type === 'precert') {
    if (entry.issuerKeyHash.length !== 32) {
      throw new CtError('CERTIFICATE_INVALID', 'issuer_key_hash must be 32 bytes');
    }
    const tbs = opaque(entry.tbs, 3, 'tbs_certificate', 'CERTIFICATE_INVALID');
    signedEntry = Buffer.concat([entry.issuerKeyHash, tbs]);
  } else {
    signedEntry = opaque(entry.certificate, 3, 'certificate', 'CERTIFICATE_INVALID');
  }
  return Buffer.concat([
    uint64(timestamp, 'timestamp'),
    uint(ENTRY_TYPE[entry.type], 2),
    signedEntry,
    opaque(extensions, 2, 'extensions'),
  ]);
}

/** sct_version v1 (0), signature_type certificate_timestamp (0). */
const SIGNED_DATA_HEADER = Buffer.from([0, 0]);
/** version v1 (0), leaf_type timestamped_entry (0). */
const LEAF_HEADER = Buffer.from([0, 0]);

/**
 * The digitally-signed input of an SCT (RFC 6962 §3.2). For v1 it happens to be byte-identical
 * to the MerkleTreeLeaf, but the two are built separately because they mean different things.
 */
export const sctSignedData = (opts: TimestampedOptions): Buffer =>
  Buffer.concat([SIGNED_DATA_HEADER, timestampedEntry(opts)]);

/** §3.3 signed data for a precert_entry (entry_type 1); `tbs` already without the poison. */
export const precertSignedData = (opts: {
  timestamp: bigint;
  issuerKeyHash: Buffer;
  tbs: Buffer;
  extensions: Buffer;
}): Buffer =>
  sctSignedData({
    timestamp: opts.timestamp,
    entry: { type: 'precert', issuerKeyHash: opts.issuerKeyHash, tbs: opts.tbs },
    extensions: opts.extensions,
  });

/** Signed data for an x509_entry (entry_type 0), as add-chain signs it. */
export const x509SignedData = (opts: {
  timestamp: bigint;
  certificate: Buffer;
  extensions: Buffer;
}): Buffer =>
  sctSignedData({
    timestamp: opts.timestamp,
    entry: { type: 'x509', certificate: opts.certificate },
    extensions: opts.extensions,
  });

/** The RFC 6962 §3.4 MerkleTreeLeaf: what the log stores; its leaf hash is SHA-256(0x00 ‖ leaf). */
export const merkleTreeLeaf = (opts: TimestampedOptions): Buffer =>
  Buffer.concat([LEAF_HEADER, timestampedEntry(opts)]);

/** Whether `signedData` is signed data for exactly this timestamp and these extensions. */
function carries(signedData: Buffer, timestamp: bigint, extensions: Buffer): boolean {
  const tail = extensions.length + 2;
  return (
    signedData.length >= 12 + tail &&
    signedData[0] === 0 &&
    signedData[1] === 0 &&
    signedData.readBigUInt64BE(2) === timestamp &&
    signedData.readUInt16BE(signedData.length - tail) === extensions.length &&
    signedData.subarray(signedData.length - extensions.length).equals(extensions)
  );
}

// ---------------------------------------------------------------- signing and verification

/**
 * The RFC 6962 log ID: SHA-256 of the log's SubjectPublicKeyInfo DER (public or private key
 * given). Cached per key object, because a verifier checks every SCT against the same few trusted log keys,
 * and exporting a key to DER to hash it cost 14% of verifying a bundle with a new certificate.
 */
const logIds = new WeakMap<KeyObject, Buffer>();

export function logIdOf(key: KeyObject): Buffer {
  let id = logIds.get(key);
  if (id === undefined) {
    id = createHash('sha256').update(spkiOf(key)).digest();
    logIds.set(key, id);
  }
  return id;
}

/** Refuses anything but an ECDSA P-256 private key, the only log key Sigstore clients use. */
export function requireP256PrivateKey(key: KeyObject): void {
  if (
    key.type !== 'private' ||
    key.asymmetricKeyType !== 'ec' ||
    key.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
  ) {
    const got = `${key.type} ${key.asymmetricKeyType ?? ''} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`;
    throw new CtError(
      'CONFIG_INVALID',
      `a CT log key must be an ECDSA P-256 private key, got a ${got.trim()} key`,
    );
  }
}

interface SctFields {
  logId: Buffer;
  timestamp: bigint;
  /** Built with the same timestamp and extensions. */
  signedData: Buffer;
  extensions: Buffer;
}

/** The SCT for `fields` with `signature`, an ECDSA P-256 signature over their signed data. */
function sctWith(fields: SctFields, signature: Buffer): SignedCertificateTimestamp {
  if (!carries(fields.signedData, fields.timestamp, fields.extensions)) {
    throw new TypeError('signedData was not built with this timestamp and these extensions');
  }
  return {
    version: 0,
    logId: fields.logId,
    timestamp: fields.timestamp,
    extensions: Buffer.from(fields.extensions),
    hashAlgorithm: SCT_HASH_SHA256,
    signatureAlgorithm: SCT_SIGNATURE_ECDSA,
    signature,
  };
}

/** Signs `signedData` (built with the same timestamp and extensions) with an ECDSA P-256 log key. */
export function signSct(
  opts: Omit<SctFields, 'logId'> & {
    logKey: KeyObject;
    /** The key's log ID when the caller holds it: deriving it costs more than the signature. */
    logId?: Buffer;
  },
): SignedCertificateTimestamp {
  requireP256PrivateKey(opts.logKey);
  const signature = sign('sha256', opts.signedData, { key: opts.logKey, dsaEncoding: 'der' });
  return sctWith({ ...opts, logId: opts.logId ?? logIdOf(opts.logKey) }, signature);
}

/**
 * `signSct` with a Signer (a worker thread's, a KMS key) for the log key, which the caller has
 * checked is an ECDSA P-256 key whose log ID is `logId`.
 */
export const signSctWith = async (
  signer: Signer,
  fields: SctFields,
): Promise<SignedCertificateTimestamp> => sctWith(fields, await signer.sign(fields.signedData));

/**
 * Whether `sct` is the log's signature over `signedData`: the log ID must be the key's, the
 * signed data must carry the SCT's timestamp and extensions, and the signature must verify
 * (ECDSA or RSA PKCS#1 v1.5 with SHA-256/384/512). Never throws for a bad SCT.
 */
export function verifySct(
  sct: SignedCertificateTimestamp,
  logPublicKey: KeyObject,
  signedData: Buffer,
): boolean {
  const algorithm = SCT_ALGORITHMS.get(`${sct.hashAlgorithm}/${sct.signatureAlgorithm}`);
  return (
    sct.version === 0 &&
    algorithm !== undefined &&
    sct.logId.equals(logIdOf(logPublicKey)) &&
    carries(signedData, sct.timestamp, sct.extensions) &&
    verifySignature(algorithm, logPublicKey, signedData, sct.signature)
  );
}

/**
 * What a Sigstore verifier does with an embedded SCT: remove the SCT list from the leaf's TBS,
 * hash the issuer's SPKI, rebuild the precert signed data and check the log's signature. Throws
 * CtError CERTIFICATE_INVALID if the leaf has no (or a malformed) SCT-list extension.
 */
export function verifyEmbeddedSct(
  leaf: Certificate,
  issuer: Certificate,
  sct: SignedCertificateTimestamp,
  logPublicKey: KeyObject,
): boolean {
  const signedData = precertSignedData({
    timestamp: sct.timestamp,
    issuerKeyHash: issuerKeyHash(issuer),
    tbs: tbsWithoutExtension(leaf.tbs, SCT_LIST_OID),
    extensions: sct.extensions,
  });
  return verifySct(sct, logPublicKey, signedData);
}

// ---------------------------------------------------------------- RFC 6962 §4.1 JSON

export interface AddChainResponse {
  sct_version: 0;
  /** base64 of the 32-byte log ID. */
  id: string;
  timestamp: number;
  /** base64 of the CtExtensions. */
  extensions: string;
  /** base64 of the TLS DigitallySigned struct. */
  signature: string;
}

/** The add-chain / add-pre-chain response body (standard base64). */
export function addChainResponseJson(sct: SignedCertificateTimestamp): AddChainResponse {
  requireSct(sct);
  uint64(sct.timestamp, 'SCT timestamp');
  if (sct.timestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw malformed('SCT timestamp does not fit a JSON number exactly');
  }
  return {
    sct_version: 0,
    id: toBase64(sct.logId),
    timestamp: Number(sct.timestamp),
    extensions: toBase64(sct.extensions),
    signature: toBase64(digitallySigned(sct)),
  };
}

function base64Field(response: Record<string, unknown>, field: string): Buffer {
  const value = response[field];
  if (typeof value !== 'string') throw malformed(`add-chain response ${field} must be a string`);
  try {
    return fromBase64(value, field);
  } catch (error) {
    throw malformed(`add-chain response ${field} is not valid base64`, error);
  }
}

/** The SCT in an RFC 6962 add-chain / add-pre-chain response, checked field by field. */
export function sctFromAddChainResponse(json: unknown): SignedCertificateTimestamp {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw malformed('add-chain response is not a JSON object');
  }
  const response = json as Record<string, unknown>;
  if (response.sct_version !== 0) {
    throw malformed(
      `add-chain response sct_version is ${JSON.stringify(response.sct_version) ?? 'missing'}; only 0 (v1) is supported`,
    );
  }
  const logId = base64Field(response, 'id');
  if (logId.length !== LOG_ID_SIZE) {
    throw malformed(`add-chain response id is ${logId.length} bytes; expected ${LOG_ID_SIZE}`);
  }
  const timestamp = response.timestamp;
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw malformed('add-chain response timestamp must be a non-negative integer (milliseconds)');
  }
  const extensions = base64Field(response, 'extensions');
  const reader = new TlsReader(base64Field(response, 'signature'), 'add-chain response signature');
  const signed = readDigitallySigned(reader);
  reader.end();
  return { version: 0, logId, timestamp: BigInt(timestamp), extensions, ...signed };
}
