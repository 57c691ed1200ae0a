import {
  constants,
  createECDH,
  createHash,
  createPublicKey,
  publicDecrypt,
  verify,
} from 'node:crypto';
import type { ECDH, KeyObject } from 'node:crypto';
import { SignetError } from './error.js';

/**
 * Signature verification over a digest the caller already computed (Rekor `hashedrekord`
 * entries carry only the digest). Node 20 has no prehashed verify: `crypto.verify` always
 * hashes its input. Pure-JS ECDSA is an order of magnitude too slow, so the ECDSA equation
 * is rearranged so that every scalar multiplication runs natively, and JavaScript only does
 * one affine point addition and a few modular inversions.
 *
 * All inputs are public, so none of this needs to be constant-time.
 */

export class PrehashError extends SignetError<'PREHASH_UNSUPPORTED_KEY'> {}

interface Curve {
  /** The OpenSSL name that `createECDH` takes. */
  readonly ecdhName: string;
  /**
   * Which native route computes R (measured on Node 20 / OpenSSL 3.0). P-256 has fast
   * constant-time ladders, so two ECDH calls beat importing a key (~120 µs). P-384 and P-521
   * ladders are slow, and ECDH's computeSecret also re-validates its key pair (two more
   * multiplications), so one multiplication plus OpenSSL's variable-time verify is about
   * twice as fast there.
   */
  readonly strategy:
    | { readonly kind: 'ecdh' }
    /** `spkiPrefix`: DER SubjectPublicKeyInfo up to the uncompressed point. */
    | { readonly kind: 'shifted-key'; readonly spkiPrefix: Buffer };
  /** Field prime; every curve here has a = -3. */
  readonly p: bigint;
  /** Prime group order; the cofactor is 1, so every point but infinity has order n. */
  readonly n: bigint;
  readonly nBits: number;
  /** Bytes of a field element in point encodings and ECDH scalars. */
  readonly size: number;
}

const CURVES: ReadonlyMap<string, Curve> = new Map([
  [
    'prime256v1',
    {
      ecdhName: 'prime256v1',
      strategy: { kind: 'ecdh' },
      p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
      n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
      nBits: 256,
      size: 32,
    },
  ],
  [
    'secp384r1',
    {
      ecdhName: 'secp384r1',
      strategy: {
        kind: 'shifted-key',
        spkiPrefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'),
      },
      p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
      n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
      nBits: 384,
      size: 48,
    },
  ],
  [
    'secp521r1',
    {
      ecdhName: 'secp521r1',
      strategy: {
        kind: 'shifted-key',
        spkiPrefix: Buffer.from('30819b301006072a8648ce3d020106052b8104002303818600', 'hex'),
      },
      p: 2n ** 521n - 1n,
      n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
      nBits: 521,
      size: 66,
    },
  ],
]);

/** DER DigestInfo up to the OCTET STRING header, keyed by digest length (RFC 8017 9.2 note 1). */
const DIGEST_INFO_PREFIXES: ReadonlyMap<number, Buffer> = new Map([
  [32, Buffer.from('3031300d060960864801650304020105000420', 'hex')],
  [48, Buffer.from('3041300d060960864801650304020205000430', 'hex')],
  [64, Buffer.from('3051300d060960864801650304020305000440', 'hex')],
]);

const MIN_RSA_BITS = 2048;

const LEHMER_DIGIT_BITS = 50;

const UNCOMPRESSED = Buffer.from([0x04]);

/**
 * The fixed message the shifted-key strategy hands to OpenSSL, and its digest h0 as a
 * scalar. SHA-256 is no longer than the order of P-384 or P-521, so no truncation applies.
 */
const SHIFT_HASH = 'sha256';
const SHIFT_MESSAGE = Buffer.alloc(0);
const SHIFT_DIGEST = bytesToBigInt(createHash(SHIFT_HASH).update(SHIFT_MESSAGE).digest());

interface EcKeyInfo {
  readonly kind: 'ec';
  readonly curve: Curve;
  readonly qx: bigint;
  readonly qy: bigint;
}

type KeyInfo = EcKeyInfo | { readonly kind: 'rsa'; readonly modulusBytes: number };

// Log verification checks many entries under the same few keys; the JWK export is the
// expensive part of setting a key up.
const keyInfoCache = new WeakMap<KeyObject, KeyInfo>();

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
  const info = keyInfo(publicKey);
  const digestInfoPrefix = DIGEST_INFO_PREFIXES.get(digest.length);
  if (digestInfoPrefix === undefined) return false;
  if (info.kind === 'rsa') {
    return verifyRsa(publicKey, info.modulusBytes, digestInfoPrefix, digest, signature);
  }
  return verifyEcdsa(publicKey, info, digest, signature);
}

function keyInfo(key: KeyObject): KeyInfo {
  const cached = keyInfoCache.get(key);
  if (cached !== undefined) return cached;
  const info = describeKey(key);
  keyInfoCache.set(key, info);
  return info;
}

function describeKey(key: KeyObject): KeyInfo {
  if (key.type !== 'public') {
    throw new PrehashError(
      'PREHASH_UNSUPPORTED_KEY',
      `expected a public key, got a ${key.type} key`,
    );
  }
  const type = key.asymmetricKeyType;
  if (type === 'ec' || type === 'rsa') {
    // Node 20's asymmetricKeyDetails and JWK export hold the key's mutex while allocating JS
    // values. If that allocation runs a GC which finalizes the generateKeyPair job that made
    // the key (the job shares the mutex), the thread deadlocks on itself: seen here with
    // freshly generated keys. A private re-import has a mutex of its own, and DER export
    // allocates without holding the lock.
    const own = createPublicKey({
      key: key.export({ format: 'der', type: 'spki' }),
      format: 'der',
      type: 'spki',
    });
    return type === 'ec' ? describeEcKey(own) : describeRsaKey(own);
  }
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

function describeEcKey(key: KeyObject): EcKeyInfo {
  const curveName = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
  const curve = CURVES.get(curveName);
  if (curve === undefined) {
    throw new PrehashError(
      'PREHASH_UNSUPPORTED_KEY',
      `ECDSA curve ${curveName} is not supported (P-256, P-384 and P-521 are)`,
    );
  }
  const { x, y } = key.export({ format: 'jwk' });
  if (x === undefined || y === undefined) {
    throw new PrehashError('PREHASH_UNSUPPORTED_KEY', 'the EC key exported no coordinates');
  }
  return { kind: 'ec', curve, qx: base64urlToBigInt(x), qy: base64urlToBigInt(y) };
}

function describeRsaKey(key: KeyObject): KeyInfo {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new PrehashError(
      'PREHASH_UNSUPPORTED_KEY',
      `RSA keys need a modulus of at least ${MIN_RSA_BITS} bits, this one has ${bits}`,
    );
  }
  return { kind: 'rsa', modulusBytes: Math.ceil(bits / 8) };
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
function verifyEcdsa(
  publicKey: KeyObject,
  info: EcKeyInfo,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const { curve } = info;
  const parsed = parseDerSignature(signature, curve.size);
  if (parsed === undefined) return false;
  const [r, s] = parsed;
  if (r === 0n || r >= curve.n || s === 0n || s >= curve.n) return false;
  const e = digestToScalar(digest, curve);
  const { strategy } = curve;
  return strategy.kind === 'ecdh'
    ? verifyWithEcdh(info, e, r, s)
    : verifyWithShiftedKey(publicKey, info, strategy.spkiPrefix, e, r, s);
}

/**
 * R = u2·(k·G + Q) with u2 = r/s and k = e/r. setPrivateKey(k) yields the full point k·G,
 * JavaScript adds Q, and computeSecret(S) under private key u2 yields x(u2·S), the only
 * coordinate the check needs. u2 is nonzero and n prime, so u2·S is infinity exactly when S
 * is, and checking S covers the "R = infinity" rejection.
 */
function verifyWithEcdh({ curve, qx, qy }: EcKeyInfo, e: bigint, r: bigint, s: bigint): boolean {
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
  const x = bytesToBigInt(ecdh.computeSecret(encodePoint(curve, sum)));
  return x % n === r;
}

/**
 * Hands the whole check to OpenSSL's ECDSA verify, over a fixed message with digest h0,
 * under the shifted key Q' = Q + β·G, β = (e - h0)/r. Its R' = (h0·G + r·Q')/s equals
 * (e·G + r·Q)/s = R exactly, so its verdict (range checks, infinity, x(R') ≡ r) is the
 * verdict for e under Q. β·G still costs one native multiplication.
 */
function verifyWithShiftedKey(
  publicKey: KeyObject,
  { curve, qx, qy }: EcKeyInfo,
  spkiPrefix: Buffer,
  e: bigint,
  r: bigint,
  s: bigint,
): boolean {
  const { n } = curve;
  const beta = mod((e - SHIFT_DIGEST) * modInverse(r, n), n);
  let key = publicKey;
  if (beta !== 0n) {
    const shifted = addPoints(curve, multiplyG(curve, beta), [qx, qy]);
    if (shifted === undefined) {
      // Q' is infinity, which no key can encode; then R = (h0/s)·G, and h0 ≢ 0 mod n.
      const [x] = multiplyG(curve, (SHIFT_DIGEST * modInverse(s, n)) % n);
      return x % n === r;
    }
    key = createPublicKey({
      key: Buffer.concat([spkiPrefix, encodePoint(curve, shifted)]),
      format: 'der',
      type: 'spki',
    });
  }
  const signatureP1363 = Buffer.concat([toFixedBytes(r, curve.size), toFixedBytes(s, curve.size)]);
  return verify(SHIFT_HASH, SHIFT_MESSAGE, { key, dsaEncoding: 'ieee-p1363' }, signatureP1363);
}

/** k·G for k in [1, n-1], natively: ECDH derives its public key from the private scalar. */
function multiplyG(curve: Curve, k: bigint): [bigint, bigint] {
  const ecdh = ecdhFor(curve);
  ecdh.setPrivateKey(toFixedBytes(k, curve.size));
  const point = ecdh.getPublicKey();
  return [
    bytesToBigInt(point.subarray(1, 1 + curve.size)),
    bytesToBigInt(point.subarray(1 + curve.size)),
  ];
}

function encodePoint(curve: Curve, [x, y]: [bigint, bigint]): Buffer {
  return Buffer.concat([UNCOMPRESSED, toFixedBytes(x, curve.size), toFixedBytes(y, curve.size)]);
}

function ecdhFor(curve: Curve): ECDH {
  let ecdh = ecdhByCurve.get(curve);
  if (ecdh === undefined) {
    ecdh = createECDH(curve.ecdhName);
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

/**
 * Inverse of `a` (in [1, m-1]) modulo the prime m, by Lehmer's extended Euclid (Knuth,
 * TAOCP 4.5.2, Algorithm L): runs of quotients are found from the leading 50 bits in float
 * arithmetic and applied to the BigInts as one 2x2 matrix, which is about three times faster
 * than dividing BigInts at every step. Every float stays below 2^52, where division and
 * Math.floor are exact. The final multiplication check costs well under a microsecond and
 * turns any arithmetic slip into a loud failure rather than a wrong verdict.
 */
function modInverse(a: bigint, m: bigint): bigint {
  let u = m;
  let v = a;
  // Coefficients of `a`: u ≡ tu·a and v ≡ tv·a (mod m) throughout.
  let tu = 0n;
  let tv = 1n;
  while (v !== 0n) {
    const shift = BigInt(Math.max(0, u.toString(16).length * 4 - LEHMER_DIGIT_BITS));
    let uHat = Number(u >> shift);
    let vHat = Number(v >> shift);
    let A = 1;
    let B = 0;
    let C = 0;
    let D = 1;
    while (vHat + C !== 0 && vHat + D !== 0) {
      const q = Math.floor((uHat + A) / (vHat + C));
      if (q !== Math.floor((uHat + B) / (vHat + D))) break;
      [A, C] = [C, A - q * C];
      [B, D] = [D, B - q * D];
      [uHat, vHat] = [vHat, uHat - q * vHat];
    }
    if (B === 0) {
      // The leading digits could not settle even one quotient: take a full-precision step.
      const q = u / v;
      [u, v] = [v, u - q * v];
      [tu, tv] = [tv, tu - q * tv];
    } else {
      const [a0, b0, c0, d0] = [BigInt(A), BigInt(B), BigInt(C), BigInt(D)];
      [u, v] = [a0 * u + b0 * v, c0 * u + d0 * v];
      [tu, tv] = [a0 * tu + b0 * tv, c0 * tu + d0 * tv];
    }
  }
  const inverse = tu < 0n ? tu + m : tu;
  if (u !== 1n || (a * inverse) % m !== 1n) {
    throw new Error(`modular inverse failed (gcd ${u}); the caller broke the [1, m-1] contract`);
  }
  return inverse;
}

/** `bytes` must be non-empty, as every caller's input is by construction. */
function bytesToBigInt(bytes: Uint8Array): bigint {
  return BigInt(
    '0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'),
  );
}

function base64urlToBigInt(text: string): bigint {
  return bytesToBigInt(Buffer.from(text, 'base64url'));
}

function toFixedBytes(value: bigint, size: number): Buffer {
  return Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
}
