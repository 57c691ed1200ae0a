import {
  ECDH,
  constants,
  createECDH,
  createHash,
  createPublicKey,
  publicDecrypt,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { type DerNode, Tag, parseDer } from './der.js';
import { SignetError } from './error.js';
import { modInverse } from './mod-inverse.js';

/**
 * Signature verification over a digest the caller already computed (Rekor `hashedrekord`
 * entries carry only the digest). Node 20 has no prehashed verify: `crypto.verify` always
 * hashes its input. Pure-JS ECDSA is an order of magnitude too slow, so the ECDSA equation
 * is rearranged so that every scalar multiplication runs natively, and JavaScript only does
 * one affine point addition and a few modular inversions.
 *
 * Keys come in as DER SubjectPublicKeyInfo bytes (`parseSpki`, `verifyPrehashedSpki`) or as
 * KeyObjects (`verifyPrehashed`). EC keys are read straight from the DER and never imported
 * into OpenSSL: its SPKI decoder and encoder cost about 120 µs per call, more than the
 * verification itself. RSA keys are imported once per distinct SPKI, for `publicDecrypt`.
 *
 * All inputs are public, so none of this needs to be constant-time.
 */

export type PrehashErrorCode =
  /** A key type, curve or size this module does not verify. */
  | 'PREHASH_UNSUPPORTED_KEY'
  /** Bytes that are not a DER SubjectPublicKeyInfo, or a point that is not on its curve. */
  | 'PREHASH_INVALID_KEY';

export class PrehashError extends SignetError<PrehashErrorCode> {}

/** The OpenSSL names of the supported curves, as `asymmetricKeyDetails.namedCurve` gives them. */
export type CurveName = 'prime256v1' | 'secp384r1' | 'secp521r1';

interface Curve {
  readonly name: CurveName;
  /**
   * Which native route computes R (measured on Node 20 / OpenSSL 3.0). P-256 has fast
   * constant-time ladders, so two ECDH calls beat importing a key (~120 µs). P-384 and P-521
   * ladders are slow, and ECDH's computeSecret also re-validates its key pair (two more
   * multiplications), so one multiplication plus OpenSSL's variable-time verify is about
   * twice as fast there.
   */
  readonly strategy: 'ecdh' | 'shifted-key';
  /** DER SubjectPublicKeyInfo up to the uncompressed point (RFC 5480, named curve). */
  readonly spkiPrefix: Buffer;
  /** The same for a compressed point. */
  readonly compressedSpkiPrefix: Buffer;
  /** Field prime; every curve here has a = -3. */
  readonly p: bigint;
  /** The curve's b: y² = x³ - 3x + b. */
  readonly b: bigint;
  /** Prime group order; the cofactor is 1, so every point but infinity has order n. */
  readonly n: bigint;
  readonly nBits: number;
  /** Bytes of a field element in point encodings and ECDH scalars. */
  readonly size: number;
}

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

const CURVE_LIST: readonly Curve[] = [
  {
    name: 'prime256v1',
    strategy: 'ecdh',
    spkiPrefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
    compressedSpkiPrefix: Buffer.from(
      '3039301306072a8648ce3d020106082a8648ce3d030107032200',
      'hex',
    ),
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    nBits: 256,
    size: 32,
  },
  {
    name: 'secp384r1',
    strategy: 'shifted-key',
    spkiPrefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'),
    compressedSpkiPrefix: Buffer.from('3046301006072a8648ce3d020106052b81040022033200', 'hex'),
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    nBits: 384,
    size: 48,
  },
  {
    name: 'secp521r1',
    strategy: 'shifted-key',
    spkiPrefix: Buffer.from('30819b301006072a8648ce3d020106052b8104002303818600', 'hex'),
    compressedSpkiPrefix: Buffer.from('3058301006072a8648ce3d020106052b81040023034400', 'hex'),
    p: 2n ** 521n - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    nBits: 521,
    size: 66,
  },
];

/** Supported curves by named-curve OID (RFC 5480 2.1.1.1). */
const CURVES_BY_OID: ReadonlyMap<string, Curve> = new Map([
  ['1.2.840.10045.3.1.7', CURVE_LIST[0]!],
  ['1.3.132.0.34', CURVE_LIST[1]!],
  ['1.3.132.0.35', CURVE_LIST[2]!],
]);

/** Names for the messages about keys that are refused (OpenSSL's names). */
const OTHER_CURVE_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.3.132.0.10', 'secp256k1'],
  ['1.3.132.0.33', 'secp224r1'],
  ['1.2.840.10045.3.1.1', 'prime192v1'],
  ['1.3.36.3.3.2.8.1.1.7', 'brainpoolP256r1'],
  ['1.3.36.3.3.2.8.1.1.11', 'brainpoolP384r1'],
  ['1.3.36.3.3.2.8.1.1.13', 'brainpoolP512r1'],
  ['1.2.156.10197.1.301', 'SM2'],
]);
const OTHER_ALGORITHM_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.3.101.112', 'ed25519'],
  ['1.3.101.113', 'ed448'],
  ['1.3.101.110', 'x25519'],
  ['1.3.101.111', 'x448'],
  ['1.2.840.113549.1.1.10', 'rsa-pss'],
  ['1.2.840.10040.4.1', 'dsa'],
  ['1.2.840.10046.2.1', 'dh'],
]);

/** An EC public key read from its SPKI: a validated affine point on a supported curve. */
export interface EcPublicKey {
  readonly kind: 'ec';
  readonly curve: CurveName;
  readonly x: bigint;
  readonly y: bigint;
  /** Whether the SPKI held the point compressed (SEC 1 2.3.3). */
  readonly compressed: boolean;
}

export interface RsaPublicKey {
  readonly kind: 'rsa';
  /** The modulus length in bits, as `asymmetricKeyDetails.modulusLength` reports it. */
  readonly modulusBits: number;
  /** Imported once from the SPKI, for `publicDecrypt`. */
  readonly key: KeyObject;
}

/**
 * A well-formed SubjectPublicKeyInfo that this module does not verify with: another
 * algorithm, a curve other than P-256/P-384/P-521, or EC parameters other than a named curve.
 */
export interface UnsupportedPublicKey {
  readonly kind: 'unsupported';
  /** The algorithm OID. */
  readonly algorithm: string;
  /** Why it is refused, as the message of the PrehashError a verification would throw. */
  readonly reason: string;
}

export type SpkiKey = EcPublicKey | RsaPublicKey | UnsupportedPublicKey;

interface EcKeyInfo extends EcPublicKey {
  readonly params: Curve;
}

/** DER DigestInfo up to the OCTET STRING header, keyed by digest length (RFC 8017 9.2 note 1). */
const DIGEST_INFO_PREFIXES: ReadonlyMap<number, Buffer> = new Map([
  [32, Buffer.from('3031300d060960864801650304020105000420', 'hex')],
  [48, Buffer.from('3041300d060960864801650304020205000430', 'hex')],
  [64, Buffer.from('3051300d060960864801650304020305000440', 'hex')],
]);

const MIN_RSA_BITS = 2048;

/**
 * The fixed message the shifted-key strategy hands to OpenSSL, and its digest h0 as a
 * scalar. SHA-256 is no longer than the order of P-384 or P-521, so no truncation applies.
 */
const SHIFT_HASH = 'sha256';
const SHIFT_MESSAGE = Buffer.alloc(0);
const SHIFT_DIGEST = bytesToBigInt(createHash(SHIFT_HASH).update(SHIFT_MESSAGE).digest());

/**
 * Parsed keys by SPKI bytes, least recently used first. Log traffic repeats a few keys (KMS
 * signers) among many one-off ones (ephemeral keyless keys); a hit saves the parse and the
 * on-curve check (a few µs for EC) or the OpenSSL import (≈ 120 µs for RSA).
 */
export const SPKI_CACHE_SIZE = 1024;
const spkiCache = new Map<string, EcKeyInfo | RsaPublicKey>();

// KeyObject callers: the parse per key object (a WeakMap never holds a key alive).
const keyObjectCache = new WeakMap<KeyObject, SpkiKey>();

// ECDH objects are only used synchronously and hold no secret (their "private keys" are
// derived from public values), so one per curve can be shared by every call.
const ecdhByCurve = new Map<Curve, ECDH>();

/**
 * Verifies `signature` over an already computed `digest` with `publicKey` (SPKI KeyObject).
 * ECDSA P-256/P-384/P-521 (DER signature), RSA PKCS#1 v1.5 (DigestInfo with the hash
 * implied by digest length: 32->SHA-256, 48->SHA-384, 64->SHA-512). Returns false for any
 * invalid signature, and for a digest that is not 32, 48 or 64 bytes long; throws
 * PrehashError only for unsupported key types.
 *
 * ECDSA follows SEC 1 4.1.4: a digest longer than the group order is truncated to its
 * leftmost bits, so for example a SHA-512 digest verifies against P-256 exactly as
 * `crypto.verify('sha512', ...)` would. High-S signatures are accepted, as OpenSSL does.
 */
export function verifyPrehashed(
  publicKey: KeyObject,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  return verifyPrehashedKey(keyObjectInfo(publicKey), digest, signature);
}

/**
 * `verifyPrehashed` for a key given as DER SubjectPublicKeyInfo bytes (what Rekor entries and
 * certificates carry). Throws PrehashError PREHASH_INVALID_KEY for bytes that `parseSpki`
 * refuses and PREHASH_UNSUPPORTED_KEY for keys it cannot verify with.
 */
export function verifyPrehashedSpki(
  spki: Uint8Array,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  return verifyPrehashedKey(parseSpki(spki), digest, signature);
}

/** `verifyPrehashed` for a key `parseSpki` returned. */
export function verifyPrehashedKey(
  key: SpkiKey,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (key.kind === 'unsupported') throw new PrehashError('PREHASH_UNSUPPORTED_KEY', key.reason);
  if (key.kind === 'rsa' && key.modulusBits < MIN_RSA_BITS) {
    throw new PrehashError(
      'PREHASH_UNSUPPORTED_KEY',
      `RSA keys need a modulus of at least ${MIN_RSA_BITS} bits, this one has ${key.modulusBits}`,
    );
  }
  const digestInfoPrefix = DIGEST_INFO_PREFIXES.get(digest.length);
  if (digestInfoPrefix === undefined) return false;
  if (key.kind === 'rsa') {
    return verifyRsa(key.key, Math.ceil(key.modulusBits / 8), digestInfoPrefix, digest, signature);
  }
  return verifyEcdsa(ecInfo(key), digest, signature);
}

/**
 * Reads a DER SubjectPublicKeyInfo (RFC 5280 4.1.2.7) strictly: DER only, nothing after it.
 * - id-ecPublicKey with a named curve P-256, P-384 or P-521 (RFC 5480) and an uncompressed
 *   or compressed point (SEC 1 2.3.3; a compressed one is expanded natively): the point's
 *   coordinates must be below p and satisfy the curve equation, else PREHASH_INVALID_KEY.
 *   The hybrid form and the point at infinity are refused the same way.
 * - rsaEncryption with NULL parameters (RFC 3279 2.3.1): the modulus length is read from the
 *   DER, and the key is imported once for `publicDecrypt`.
 * - Anything else that is well-formed (another algorithm or curve, explicit EC parameters)
 *   comes back as `unsupported`, with the reason a verification would give.
 * EC and RSA results are cached by SPKI bytes (bounded, least recently used evicted).
 */
export function parseSpki(spki: Uint8Array): SpkiKey {
  const cacheKey = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength).toString('latin1');
  const cached = spkiCache.get(cacheKey);
  if (cached !== undefined) {
    spkiCache.delete(cacheKey);
    spkiCache.set(cacheKey, cached);
    return cached;
  }
  const parsed = parseSpkiUncached(spki);
  if (parsed.kind !== 'unsupported') {
    if (spkiCache.size >= SPKI_CACHE_SIZE) {
      spkiCache.delete(spkiCache.keys().next().value as string);
    }
    spkiCache.set(cacheKey, parsed);
  }
  return parsed;
}

/** `parseSpki` for callers that only take EC keys: anything else is a PrehashError. */
export function parseEcSpki(spki: Uint8Array): EcPublicKey {
  const key = parseSpki(spki);
  if (key.kind === 'ec') return key;
  throw new PrehashError(
    'PREHASH_UNSUPPORTED_KEY',
    key.kind === 'rsa' ? 'expected an EC key, got an RSA key' : key.reason,
  );
}

function parseSpkiUncached(spki: Uint8Array): EcKeyInfo | RsaPublicKey | UnsupportedPublicKey {
  const bytes = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength);
  // Fast path: for a supported curve there is exactly one DER encoding of everything before
  // the point, so a prefix comparison is a complete parse of it.
  for (const curve of CURVE_LIST) {
    if (bytes.length === curve.spkiPrefix.length + 1 + 2 * curve.size) {
      if (bytes.subarray(0, curve.spkiPrefix.length).equals(curve.spkiPrefix)) {
        return ecPoint(curve, bytes.subarray(curve.spkiPrefix.length));
      }
    } else if (bytes.length === curve.compressedSpkiPrefix.length + 1 + curve.size) {
      if (bytes.subarray(0, curve.compressedSpkiPrefix.length).equals(curve.compressedSpkiPrefix)) {
        return ecPoint(curve, bytes.subarray(curve.compressedSpkiPrefix.length));
      }
    }
  }
  let algorithm: string;
  let parameters: DerNode | undefined;
  let subjectPublicKey: Buffer;
  try {
    const fields = parseDer(bytes).expect(Tag.SEQUENCE, 'SubjectPublicKeyInfo').children();
    if (fields.length !== 2) throw invalidKey('a SubjectPublicKeyInfo has exactly two fields');
    const identifier = fields[0]!.expect(Tag.SEQUENCE, 'algorithm').children();
    if (identifier.length < 1 || identifier.length > 2) {
      throw invalidKey('malformed AlgorithmIdentifier');
    }
    algorithm = identifier[0]!.toOid('algorithm');
    parameters = identifier[1];
    const bitString = fields[1]!.expect(Tag.BIT_STRING, 'subjectPublicKey').value;
    if (bitString[0] !== 0) throw invalidKey('subjectPublicKey has unused bits');
    subjectPublicKey = bitString.subarray(1);
  } catch (error) {
    if (error instanceof PrehashError) throw error;
    throw invalidKey(`not a DER SubjectPublicKeyInfo: ${(error as Error).message}`);
  }
  if (algorithm === OID_EC_PUBLIC_KEY) {
    if (parameters?.tag !== Tag.OID) {
      return unsupported(
        algorithm,
        'EC keys must name their curve (RFC 5480); explicit or implicit curve parameters are not supported',
      );
    }
    const curveOid = parameters.toOid('namedCurve');
    const curve = CURVES_BY_OID.get(curveOid);
    if (curve === undefined) {
      const name = OTHER_CURVE_NAMES.get(curveOid) ?? `with OID ${curveOid}`;
      return unsupported(
        algorithm,
        `ECDSA curve ${name} is not supported (P-256, P-384 and P-521 are)`,
      );
    }
    // A supported curve that missed the fast path: a point of the wrong size or form.
    return ecPoint(curve, subjectPublicKey);
  }
  if (algorithm === OID_RSA_ENCRYPTION) return rsaKey(bytes, parameters, subjectPublicKey);
  const name = OTHER_ALGORITHM_NAMES.get(algorithm);
  if (name === 'ed25519' || name === 'ed448') {
    return unsupported(
      algorithm,
      `${name === 'ed25519' ? 'Ed25519ph' : 'Ed448ph'} signatures are not supported: pure ` +
        'EdDSA signs the whole message, so it cannot be checked against a digest, and ' +
        'Node 20 (OpenSSL 3.0) has no prehashed EdDSA variant',
    );
  }
  return unsupported(
    algorithm,
    `${name ?? `algorithm ${algorithm}`} keys are not supported for prehashed verification`,
  );
}

const invalidKey = (reason: string): PrehashError =>
  new PrehashError('PREHASH_INVALID_KEY', reason);

const unsupported = (algorithm: string, reason: string): UnsupportedPublicKey => ({
  kind: 'unsupported',
  algorithm,
  reason,
});

/**
 * A SEC 1 point on `curve`: 04‖X‖Y, or 02/03‖X expanded natively. The coordinates must be
 * field elements (below p) satisfying y² = x³ - 3x + b; the cofactor is 1, so that puts the
 * point in the group. Infinity has no such encoding here.
 */
function ecPoint(curve: Curve, point: Buffer): EcKeyInfo {
  const { size, p } = curve;
  const form = point[0];
  let x: bigint;
  let y: bigint;
  let compressed = false;
  if (form === 0x04 && point.length === 1 + 2 * size) {
    x = bytesToBigInt(point.subarray(1, 1 + size));
    y = bytesToBigInt(point.subarray(1 + size));
  } else if ((form === 0x02 || form === 0x03) && point.length === 1 + size) {
    x = bytesToBigInt(point.subarray(1));
    // OpenSSL reduces x mod p while expanding; a non-canonical x must not slip through.
    if (x >= p) throw invalidKey(`the EC point's x coordinate is not below p`);
    let expanded: Buffer;
    try {
      expanded = ECDH.convertKey(point, curve.name, undefined, undefined, 'uncompressed') as Buffer;
    } catch {
      throw invalidKey(`the compressed EC point is not on ${curve.name}`);
    }
    y = bytesToBigInt(expanded.subarray(1 + size));
    compressed = true;
  } else {
    throw invalidKey(
      `the EC point must be uncompressed (${1 + 2 * size} bytes from 0x04) or compressed ` +
        `(${1 + size} bytes from 0x02 or 0x03) for ${curve.name}`,
    );
  }
  if (x >= p || y >= p) throw invalidKey(`the EC point's coordinates are not below p`);
  if ((y * y) % p !== mod(x * x * x - 3n * x + curve.b, p)) {
    throw invalidKey(`the EC point is not on ${curve.name}`);
  }
  return { kind: 'ec', curve: curve.name, x, y, compressed, params: curve };
}

function rsaKey(
  spki: Buffer,
  parameters: DerNode | undefined,
  subjectPublicKey: Buffer,
): RsaPublicKey | UnsupportedPublicKey {
  if (parameters === undefined || parameters.tag !== Tag.NULL || parameters.value.length !== 0) {
    return unsupported(
      OID_RSA_ENCRYPTION,
      'rsaEncryption keys must have NULL parameters (RFC 3279 2.3.1)',
    );
  }
  let modulus: bigint;
  try {
    const [n, e, extra] = parseDer(subjectPublicKey)
      .expect(Tag.SEQUENCE, 'RSAPublicKey')
      .children();
    if (n === undefined || e === undefined || extra !== undefined) {
      throw invalidKey('an RSAPublicKey has exactly two integers');
    }
    modulus = n.toBigInt('modulus');
    e.toBigInt('publicExponent');
  } catch (error) {
    if (error instanceof PrehashError) throw error;
    throw invalidKey(`not a DER RSAPublicKey: ${(error as Error).message}`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch (error) {
    throw invalidKey(`OpenSSL refused the RSA key: ${(error as Error).message}`);
  }
  return { kind: 'rsa', modulusBits: modulus === 0n ? 0 : modulus.toString(2).length, key };
}

function ecInfo(key: EcPublicKey): EcKeyInfo {
  if ('params' in key) return key as EcKeyInfo;
  // Built by the caller rather than by parseSpki: check it as parseSpki would.
  const curve = CURVE_LIST.find((c) => c.name === key.curve);
  if (curve === undefined) throw invalidKey(`unknown curve ${String(key.curve)}`);
  return ecPoint(curve, encodePoint(curve, [key.x, key.y]));
}

function keyObjectInfo(key: KeyObject): SpkiKey {
  const cached = keyObjectCache.get(key);
  if (cached !== undefined) return cached;
  if (key.type !== 'public') {
    throw new PrehashError(
      'PREHASH_UNSUPPORTED_KEY',
      `expected a public key, got a ${key.type} key`,
    );
  }
  const type = key.asymmetricKeyType;
  if (type !== 'ec' && type !== 'rsa') {
    if (type === 'ed25519' || type === 'ed448') {
      throw new PrehashError(
        'PREHASH_UNSUPPORTED_KEY',
        `${type === 'ed25519' ? 'Ed25519ph' : 'Ed448ph'} signatures are not supported: pure ` +
          'EdDSA signs the whole message, so it cannot be checked against a digest, and ' +
          'Node 20 (OpenSSL 3.0) has no prehashed EdDSA variant',
      );
    }
    throw new PrehashError(
      'PREHASH_UNSUPPORTED_KEY',
      `${type ?? 'unknown'} keys are not supported for prehashed verification`,
    );
  }
  // Only the DER export, never asymmetricKeyDetails or a JWK export: in Node 20 those hold
  // the key's mutex while allocating JS values, and if that allocation runs a GC which
  // finalizes the generateKeyPair job that made the key (the job shares the mutex), the
  // thread deadlocks on itself (seen here with freshly generated keys). DER export allocates
  // without holding the lock.
  const info = parseSpki(key.export({ format: 'der', type: 'spki' }));
  keyObjectCache.set(key, info);
  return info;
}

/**
 * RFC 8017 8.2.2 by re-encoding: raw RSA recovers the whole encoded message, which must equal
 * 00 01 FF..FF 00 || DigestInfo || digest byte for byte. Checking the full block ourselves
 * (instead of letting OpenSSL strip PKCS#1 padding) also pins the signature to exactly the
 * modulus length, as RSASSA-PKCS1-v1_5 and OpenSSL's own verify require.
 */
function verifyRsa(
  key: KeyObject,
  modulusBytes: number,
  prefix: Buffer,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== modulusBytes) return false;
  let encoded: Buffer;
  try {
    encoded = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    // OpenSSL refuses a signature representative >= n, which RFC 8017 5.2.2 also rejects.
    return false;
  }
  const expected = Buffer.alloc(modulusBytes, 0xff);
  expected[0] = 0x00;
  expected[1] = 0x01;
  const tLength = prefix.length + digest.length;
  expected[modulusBytes - tLength - 1] = 0x00;
  prefix.copy(expected, modulusBytes - tLength);
  expected.set(digest, modulusBytes - digest.length);
  return encoded.equals(expected);
}

/**
 * SEC 1 4.1.4 verification of (r, s) over e: accept iff R = (e·G + r·Q)/s is finite and
 * x(R) ≡ r (mod n). The curve's strategy decides which native operations compute R.
 */
function verifyEcdsa(info: EcKeyInfo, digest: Uint8Array, signature: Uint8Array): boolean {
  const curve = info.params;
  const parsed = parseDerSignature(signature, curve.size);
  if (parsed === undefined) return false;
  const [r, s] = parsed;
  if (r === 0n || r >= curve.n || s === 0n || s >= curve.n) return false;
  const e = digestToScalar(digest, curve);
  return curve.strategy === 'ecdh'
    ? verifyWithEcdh(info, e, r, s)
    : verifyWithShiftedKey(info, e, r, s);
}

/**
 * R = u2·(k·G + Q) with u2 = r/s and k = e/r. setPrivateKey(k) yields the full point k·G,
 * JavaScript adds Q, and computeSecret(S) under private key u2 yields x(u2·S), the only
 * coordinate the check needs. u2 is nonzero and n prime, so u2·S is infinity exactly when S
 * is, and checking S covers the "R = infinity" rejection.
 */
function verifyWithEcdh(
  { params: curve, x: qx, y: qy }: EcKeyInfo,
  e: bigint,
  r: bigint,
  s: bigint,
): boolean {
  const { n } = curve;
  // One inversion serves both 1/r and 1/s; r·s is nonzero mod the prime n.
  const rsInverse = modInverse((r * s) % n, n);
  const k = (((e * s) % n) * rsInverse) % n;
  const u2 = (((r * r) % n) * rsInverse) % n;

  let sum: [bigint, bigint] | undefined = [qx, qy];
  // k = 0 (e ≡ 0 mod n) makes k·G infinity, so S = Q; ECDH would refuse a zero private key.
  if (k !== 0n) sum = addPoints(curve, multiplyG(curve, k), [qx, qy]);
  if (sum === undefined) return false;

  const ecdh = ecdhFor(curve);
  ecdh.setPrivateKey(toFixedBytes(u2, curve.size));
  // S is on the curve (both summands are) and finite and u2 is in [1, n-1], so a throw
  // here would be a bug rather than a bad signature: let it surface.
  const x = BigInt(`0x${ecdh.computeSecret(encodePoint(curve, sum)).toString('hex')}`);
  return x % n === r;
}

/**
 * Hands the whole check to OpenSSL's ECDSA verify, over a fixed message with digest h0,
 * under the shifted key Q' = Q + β·G, β = (e - h0)/r. Its R' = (h0·G + r·Q')/s equals
 * (e·G + r·Q)/s = R exactly, so its verdict (range checks, infinity, x(R') ≡ r) is the
 * verdict for e under Q. β·G still costs one native multiplication.
 */
function verifyWithShiftedKey(
  { params: curve, x: qx, y: qy }: EcKeyInfo,
  e: bigint,
  r: bigint,
  s: bigint,
): boolean {
  const { n } = curve;
  const beta = mod((e - SHIFT_DIGEST) * modInverse(r, n), n);
  let shifted: [bigint, bigint] | undefined = [qx, qy];
  if (beta !== 0n) {
    shifted = addPoints(curve, multiplyG(curve, beta), [qx, qy]);
    if (shifted === undefined) {
      // Q' is infinity, which no key can encode; then R = (h0/s)·G, and h0 ≢ 0 mod n.
      const [x] = multiplyG(curve, (SHIFT_DIGEST * modInverse(s, n)) % n);
      return x % n === r;
    }
  }
  const key = createPublicKey({
    key: Buffer.concat([curve.spkiPrefix, encodePoint(curve, shifted)]),
    format: 'der',
    type: 'spki',
  });
  const signatureP1363 = Buffer.concat([toFixedBytes(r, curve.size), toFixedBytes(s, curve.size)]);
  return verify(SHIFT_HASH, SHIFT_MESSAGE, { key, dsaEncoding: 'ieee-p1363' }, signatureP1363);
}

/** k·G for k in [1, n-1], natively: ECDH derives its public key from the private scalar. */
function multiplyG(curve: Curve, k: bigint): [bigint, bigint] {
  const ecdh = ecdhFor(curve);
  ecdh.setPrivateKey(toFixedBytes(k, curve.size));
  const hex = ecdh.getPublicKey('hex');
  const end = 2 + 2 * curve.size;
  return [BigInt(`0x${hex.slice(2, end)}`), BigInt(`0x${hex.slice(end)}`)];
}

function encodePoint(curve: Curve, [x, y]: [bigint, bigint]): Buffer {
  const digits = 2 * curve.size;
  return Buffer.from(
    `04${x.toString(16).padStart(digits, '0')}${y.toString(16).padStart(digits, '0')}`,
    'hex',
  );
}

function ecdhFor(curve: Curve): ECDH {
  let ecdh = ecdhByCurve.get(curve);
  if (ecdh === undefined) {
    ecdh = createECDH(curve.name);
    ecdhByCurve.set(curve, ecdh);
  }
  return ecdh;
}

/**
 * Affine P + Q on y² = x³ - 3x + b, or undefined for P = -Q (infinity). Both inputs are
 * finite curve points. No point has y = 0 (it would have order 2 in a group of odd prime
 * order), so the doubling denominator is never zero.
 */
function addPoints(
  curve: Curve,
  [x1, y1]: [bigint, bigint],
  [x2, y2]: [bigint, bigint],
): [bigint, bigint] | undefined {
  const { p } = curve;
  let lambda: bigint;
  if (x1 === x2) {
    // Same x means y2 = ±y1.
    if (y1 !== y2) return undefined;
    lambda = mod((3n * x1 * x1 - 3n) * modInverse((2n * y1) % p, p), p);
  } else {
    lambda = mod((y2 - y1) * modInverse(mod(x2 - x1, p), p), p);
  }
  const x3 = mod(lambda * lambda - x1 - x2, p);
  const y3 = mod(lambda * (x1 - x3) - y1, p);
  return [x3, y3];
}

/**
 * SEC 1 4.1.4 step 3 and 5: the leftmost nBits bits of the digest as an integer, mod n.
 * Only a digest longer than the order is truncated (P-521 keeps all 512 bits of SHA-512).
 */
function digestToScalar(digest: Uint8Array, curve: Curve): bigint {
  const e = bytesToBigInt(digest);
  const excessBits = digest.length * 8 - curve.nBits;
  return (excessBits > 0 ? e >> BigInt(excessBits) : e) % curve.n;
}

/**
 * Strict DER `SEQUENCE { r INTEGER, s INTEGER }`: minimal lengths and minimal, non-negative
 * integers, nothing after the sequence. OpenSSL enforces the same by re-encoding, and any
 * laxity here would make signatures malleable. Integers longer than a field element plus a
 * sign byte cannot be below n, so they are refused before any BigInt work.
 */
function parseDerSignature(sig: Uint8Array, size: number): [bigint, bigint] | undefined {
  const seq = readHeader(sig, 0, 0x30);
  if (seq === undefined || seq.end !== sig.length) return undefined;
  const r = readInteger(sig, seq.start, size);
  if (r === undefined) return undefined;
  const s = readInteger(sig, r.end, size);
  if (s === undefined || s.end !== seq.end) return undefined;
  return [r.value, s.value];
}

function readInteger(
  buf: Uint8Array,
  offset: number,
  size: number,
): { value: bigint; end: number } | undefined {
  const header = readHeader(buf, offset, 0x02);
  if (header === undefined) return undefined;
  const { start, end } = header;
  const length = end - start;
  if (length === 0 || length > size + 1) return undefined;
  const first = buf[start]!;
  if (first & 0x80) return undefined;
  if (first === 0 && length > 1 && !(buf[start + 1]! & 0x80)) return undefined;
  return { value: bytesToBigInt(buf.subarray(start, end)), end };
}

/**
 * A TLV header with the given tag. Signatures for these curves are at most 139 bytes, so
 * only the short form and the one-byte long form (0x81, for lengths 128-255) can be valid.
 */
function readHeader(
  buf: Uint8Array,
  offset: number,
  tag: number,
): { start: number; end: number } | undefined {
  if (buf[offset] !== tag) return undefined;
  const first = buf[offset + 1];
  if (first === undefined) return undefined;
  let start = offset + 2;
  let length = first;
  if (first === 0x81) {
    const second = buf[offset + 2];
    if (second === undefined || second < 0x80) return undefined;
    length = second;
    start = offset + 3;
  } else if (first >= 0x80) {
    return undefined;
  }
  const end = start + length;
  return end <= buf.length ? { start, end } : undefined;
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** `bytes` must be non-empty, as every caller's input is by construction. */
function bytesToBigInt(bytes: Uint8Array): bigint {
  return BigInt(
    '0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'),
  );
}

function toFixedBytes(value: bigint, size: number): Buffer {
  return Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
}
