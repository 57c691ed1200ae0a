import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  MJ: () => (/* binding */ WORKER_ROLE),
  Wp: () => (/* binding */ fromWireError),
  qq: () => (/* binding */ pack),
  x4: () => (/* binding */ toWireError),
  lk: () => (/* binding */ verifyRequestBody)
});

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./build/src/core/error.js
/**
 * The base of every Signet error: a stable machine-readable `code` plus a human message.
 * Each module defines one subclass with its own code union, so callers can switch on codes
 * without string-matching messages.
 */
class SignetError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.name = new.target.name;
    }
}
/** Raised by the dependency-free primitives in src/core when their input is malformed. */
class error_CoreError extends SignetError {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./build/src/core/der.js

/**
 * A small DER (X.690) encoder and strict decoder. Hot paths (timestamps, certificates) build
 * their structures from these functions directly instead of going through a schema library.
 */
const der_Tag = {
    BOOLEAN: 0x01,
    INTEGER: 0x02,
    BIT_STRING: 0x03,
    OCTET_STRING: 0x04,
    NULL: 0x05,
    OID: 0x06,
    ENUMERATED: 0x0a,
    UTF8_STRING: 0x0c,
    PRINTABLE_STRING: 0x13,
    IA5_STRING: 0x16,
    UTC_TIME: 0x17,
    GENERALIZED_TIME: 0x18,
    SEQUENCE: 0x30,
    SET: 0x31,
};
// ---------------------------------------------------------------- encoding
function encodeLength(length) {
    if (length < 0x80)
        return Buffer.from([length]);
    const bytes = [];
    for (let n = length; n > 0; n = Math.floor(n / 256))
        bytes.unshift(n & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
/** One TLV with the given tag byte around already-encoded content. */
function tlv(tag, ...content) {
    const body = content.length === 1 ? content[0] : Buffer.concat(content);
    return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}
const der_sequence = (...items) => tlv(der_Tag.SEQUENCE, ...items);
/** A SET OF with its elements sorted by their encodings, as DER requires. */
function der_setOf(...items) {
    const sorted = [...items].sort((a, b) => Buffer.compare(a, b));
    return tlv(der_Tag.SET, ...sorted);
}
/** Context-specific tag [n]: constructed (explicit, or implicit over a constructed type) by default. */
function der_contextTag(n, content, constructed = true) {
    return tlv((constructed ? 0xa0 : 0x80) | n, content);
}
/** An INTEGER from a number, bigint, or unsigned big-endian magnitude. */
function der_integer(value) {
    let bytes;
    if (value instanceof Uint8Array) {
        let start = 0;
        while (start < value.length - 1 && value[start] === 0)
            start++;
        bytes = Buffer.from(value.subarray(start));
        if (bytes.length === 0)
            bytes = Buffer.from([0]);
        if (bytes[0] & 0x80)
            bytes = Buffer.concat([Buffer.from([0]), bytes]);
        return tlv(der_Tag.INTEGER, bytes);
    }
    let n = BigInt(value);
    if (n < 0n)
        throw new error_CoreError('DER_INVALID', 'negative INTEGER encoding is not supported');
    const out = [];
    do {
        out.unshift(Number(n & 0xffn));
        n >>= 8n;
    } while (n > 0n);
    if (out[0] & 0x80)
        out.unshift(0);
    return tlv(der_Tag.INTEGER, Buffer.from(out));
}
/**
 * Encoded OIDs by dotted string. Certificates are built from a few dozen fixed OIDs, and
 * encoding one (regex, BigInt arithmetic) cost more than the rest of a TBS; the bound keeps
 * arbitrary callers from growing it without limit.
 */
const OID_CACHE = new Map();
const OID_CACHE_LIMIT = 1024;
function der_oid(dotted) {
    const cached = OID_CACHE.get(dotted);
    if (cached)
        return cached;
    const encoded = encodeOid(dotted);
    if (OID_CACHE.size >= OID_CACHE_LIMIT)
        OID_CACHE.clear();
    OID_CACHE.set(dotted, encoded);
    return encoded;
}
function encodeOid(dotted) {
    const parts = dotted.split('.').map((p) => {
        if (!/^\d+$/.test(p))
            throw new CoreError('DER_INVALID', `invalid OID ${dotted}`);
        return BigInt(p);
    });
    if (parts.length < 2)
        throw new CoreError('DER_INVALID', `invalid OID ${dotted}`);
    const arcs = [parts[0] * 40n + parts[1], ...parts.slice(2)];
    const out = [];
    for (const arc of arcs) {
        const group = [Number(arc & 0x7fn)];
        for (let n = arc >> 7n; n > 0n; n >>= 7n)
            group.unshift(Number(n & 0x7fn) | 0x80);
        out.push(...group);
    }
    return tlv(der_Tag.OID, Buffer.from(out));
}
const der_octetString = (data) => tlv(der_Tag.OCTET_STRING, data);
const der_utf8String = (text) => tlv(der_Tag.UTF8_STRING, Buffer.from(text, 'utf8'));
const der_printableString = (text) => tlv(der_Tag.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
const ia5String = (text) => tlv(der_Tag.IA5_STRING, Buffer.from(text, 'latin1'));
const nullValue = () => Buffer.from([der_Tag.NULL, 0]);
const der_boolean = (value) => tlv(der_Tag.BOOLEAN, Buffer.from([value ? 0xff : 0]));
/** A BIT STRING with no unused bits (keys, signatures). */
const der_bitString = (data) => tlv(der_Tag.BIT_STRING, Buffer.from([0]), data);
/**
 * A named BIT STRING (KeyUsage, PKIFailureInfo) with the given bit numbers set; DER drops
 * trailing zero bits, so the length and unused-bit count follow the highest bit set.
 */
function der_namedBitString(bits) {
    if (bits.length === 0)
        return Buffer.from([der_Tag.BIT_STRING, 1, 0]);
    const highest = Math.max(...bits);
    const bytes = Buffer.alloc((highest >> 3) + 1);
    for (const bit of bits)
        bytes[bit >> 3] = bytes[bit >> 3] | (0x80 >> (bit & 7));
    return tlv(der_Tag.BIT_STRING, Buffer.from([7 - (highest & 7)]), bytes);
}
const pad = (n, width = 2) => String(n).padStart(width, '0');
/** UTCTime `YYMMDDHHMMSSZ`, valid for 1950..2049 as RFC 5280 requires. */
function utcTime(date) {
    const year = date.getUTCFullYear();
    if (year < 1950 || year > 2049) {
        throw new CoreError('DER_INVALID', `UTCTime cannot represent year ${year}`);
    }
    const text = pad(year % 100) +
        pad(date.getUTCMonth() + 1) +
        pad(date.getUTCDate()) +
        pad(date.getUTCHours()) +
        pad(date.getUTCMinutes()) +
        pad(date.getUTCSeconds()) +
        'Z';
    return tlv(der_Tag.UTC_TIME, Buffer.from(text, 'latin1'));
}
/** GeneralizedTime `YYYYMMDDHHMMSS[.fff]Z`; fractional seconds only when non-zero, trailing zeros dropped. */
function generalizedTime(date, withMillis = false) {
    let text = pad(date.getUTCFullYear(), 4) +
        pad(date.getUTCMonth() + 1) +
        pad(date.getUTCDate()) +
        pad(date.getUTCHours()) +
        pad(date.getUTCMinutes()) +
        pad(date.getUTCSeconds());
    const ms = date.getUTCMilliseconds();
    if (withMillis && ms !== 0)
        text += '.' + pad(ms, 3).replace(/0+$/, '');
    return tlv(der_Tag.GENERALIZED_TIME, Buffer.from(text + 'Z', 'latin1'));
}
/** X.509 Time: UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
const der_x509Time = (date) => date.getUTCFullYear() < 2050 ? utcTime(date) : generalizedTime(date);
// ---------------------------------------------------------------- decoding
/** One decoded TLV; `value` is a view into the input, `raw` the whole encoding. */
class DerNode {
    tag;
    raw;
    value;
    constructor(tag, raw, value) {
        this.tag = tag;
        this.raw = raw;
        this.value = value;
    }
    get constructed() {
        return (this.tag & 0x20) !== 0;
    }
    /** The children of a constructed node, decoded strictly. */
    children() {
        if (!this.constructed) {
            throw new error_CoreError('DER_INVALID', `tag 0x${this.tag.toString(16)} is not constructed`);
        }
        const out = [];
        let offset = 0;
        while (offset < this.value.length) {
            const node = readNode(this.value, offset);
            out.push(node);
            offset += node.raw.length;
        }
        return out;
    }
    expect(tag, what) {
        if (this.tag !== tag) {
            throw new error_CoreError('DER_INVALID', `${what}: expected tag 0x${tag.toString(16)}, found 0x${this.tag.toString(16)}`);
        }
        return this;
    }
    /** A non-negative INTEGER as a bigint. */
    toBigInt(what = 'INTEGER') {
        this.expect(der_Tag.INTEGER, what);
        if (this.value.length === 0)
            throw new error_CoreError('DER_INVALID', `${what}: empty INTEGER`);
        if (this.value.length > 1 && this.value[0] === 0 && !(this.value[1] & 0x80)) {
            throw new error_CoreError('DER_INVALID', `${what}: INTEGER is not minimally encoded`);
        }
        if (this.value[0] & 0x80) {
            throw new error_CoreError('DER_INVALID', `${what}: negative INTEGER`);
        }
        return BigInt('0x' + (this.value.toString('hex') || '0'));
    }
    /**
     * A two's-complement INTEGER as a bigint. Only for fields where real-world encoders emit
     * negative values (certificate and timestamp serials); everything else uses toBigInt.
     */
    toSignedBigInt(what = 'INTEGER') {
        this.expect(der_Tag.INTEGER, what);
        if (this.value.length === 0)
            throw new error_CoreError('DER_INVALID', `${what}: empty INTEGER`);
        const [first, second] = this.value;
        if (this.value.length > 1 &&
            ((first === 0 && !(second & 0x80)) ||
                (first === 0xff && second & 0x80))) {
            throw new error_CoreError('DER_INVALID', `${what}: INTEGER is not minimally encoded`);
        }
        return BigInt.asIntN(this.value.length * 8, BigInt('0x' + this.value.toString('hex')));
    }
    /** The bit numbers set in a named BIT STRING (KeyUsage, PKIFailureInfo). */
    toNamedBits(what = 'BIT STRING') {
        this.expect(der_Tag.BIT_STRING, what);
        const unused = this.value[0];
        if (unused === undefined || unused > 7 || (this.value.length === 1 && unused !== 0)) {
            throw new error_CoreError('DER_INVALID', `${what}: malformed BIT STRING`);
        }
        const bits = [];
        for (let i = 1; i < this.value.length; i++) {
            const byte = this.value[i];
            for (let b = 0; b < 8; b++)
                if (byte & (0x80 >> b))
                    bits.push((i - 1) * 8 + b);
        }
        return bits;
    }
    toNumber(what = 'INTEGER') {
        const n = this.toBigInt(what);
        if (n > BigInt(Number.MAX_SAFE_INTEGER)) {
            throw new error_CoreError('DER_INVALID', `${what}: INTEGER too large`);
        }
        return Number(n);
    }
    toOid(what = 'OBJECT IDENTIFIER') {
        this.expect(der_Tag.OID, what);
        const arcs = [];
        let current = 0n;
        for (let i = 0; i < this.value.length; i++) {
            const byte = this.value[i];
            if (current === 0n && byte === 0x80) {
                throw new error_CoreError('DER_INVALID', `${what}: OID arc is not minimally encoded`);
            }
            current = (current << 7n) | BigInt(byte & 0x7f);
            if (!(byte & 0x80)) {
                arcs.push(current);
                current = 0n;
            }
            else if (i === this.value.length - 1) {
                throw new error_CoreError('DER_INVALID', `${what}: truncated OID`);
            }
        }
        const first = arcs.shift();
        if (first === undefined)
            throw new error_CoreError('DER_INVALID', `${what}: empty OID`);
        const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
        return [...head, ...arcs].join('.');
    }
    toBoolean(what = 'BOOLEAN') {
        this.expect(der_Tag.BOOLEAN, what);
        if (this.value.length !== 1 || (this.value[0] !== 0 && this.value[0] !== 0xff)) {
            throw new error_CoreError('DER_INVALID', `${what}: BOOLEAN must be 0x00 or 0xFF`);
        }
        return this.value[0] === 0xff;
    }
    /** UTCTime or GeneralizedTime (Z form only, as DER requires). */
    toDate(what = 'time') {
        const text = this.value.toString('latin1');
        let match;
        if (this.tag === der_Tag.UTC_TIME) {
            match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
            if (match) {
                const yy = Number(match[1]);
                match[1] = String(yy < 50 ? 2000 + yy : 1900 + yy);
            }
        }
        else if (this.tag === der_Tag.GENERALIZED_TIME) {
            match = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\.\d+)?Z$/.exec(text);
        }
        else {
            throw new error_CoreError('DER_INVALID', `${what}: expected a UTCTime or GeneralizedTime`);
        }
        if (!match)
            throw new error_CoreError('DER_INVALID', `${what}: malformed time ${text}`);
        const [, y, mo, d, h, mi, s, frac] = match;
        const ms = frac ? Math.floor(Number(frac) * 1000) : 0;
        const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
        if (Number.isNaN(date.getTime()))
            throw new error_CoreError('DER_INVALID', `${what}: invalid time`);
        return date;
    }
}
function readNode(input, offset) {
    if (offset + 2 > input.length)
        throw new error_CoreError('DER_INVALID', 'truncated DER header');
    const tag = input[offset];
    if ((tag & 0x1f) === 0x1f)
        throw new error_CoreError('DER_INVALID', 'multi-byte DER tags are not supported');
    let length = input[offset + 1];
    let header = 2;
    if (length & 0x80) {
        const count = length & 0x7f;
        if (count === 0)
            throw new error_CoreError('DER_INVALID', 'indefinite length is not DER');
        if (count > 4)
            throw new error_CoreError('DER_INVALID', 'DER length too large');
        if (offset + 2 + count > input.length)
            throw new error_CoreError('DER_INVALID', 'truncated DER length');
        length = 0;
        for (let i = 0; i < count; i++)
            length = length * 256 + input[offset + 2 + i];
        if (input[offset + 2] === 0 || length < 0x80) {
            throw new error_CoreError('DER_INVALID', 'DER length is not minimally encoded');
        }
        header += count;
    }
    const end = offset + header + length;
    if (end > input.length)
        throw new error_CoreError('DER_INVALID', 'DER value runs past the end of input');
    return new DerNode(tag, input.subarray(offset, end), input.subarray(offset + header, end));
}
/** Decodes exactly one DER value occupying the whole input. */
function der_parseDer(input) {
    const buffer = Buffer.isBuffer(input)
        ? input
        : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const node = readNode(buffer, 0);
    if (node.raw.length !== buffer.length) {
        throw new error_CoreError('DER_INVALID', 'trailing bytes after DER value');
    }
    return node;
}
//# sourceMappingURL=der.js.map
;// CONCATENATED MODULE: ./build/src/core/prehash.js



class PrehashError extends SignetError {
}
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const CURVE_LIST = [
    {
        name: 'prime256v1',
        strategy: 'ecdh',
        spkiPrefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
        compressedSpkiPrefix: Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'),
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
const CURVES_BY_OID = new Map([
    ['1.2.840.10045.3.1.7', CURVE_LIST[0]],
    ['1.3.132.0.34', CURVE_LIST[1]],
    ['1.3.132.0.35', CURVE_LIST[2]],
]);
/** Names for the messages about keys that are refused (OpenSSL's names). */
const OTHER_CURVE_NAMES = new Map([
    ['1.3.132.0.10', 'secp256k1'],
    ['1.3.132.0.33', 'secp224r1'],
    ['1.2.840.10045.3.1.1', 'prime192v1'],
    ['1.3.36.3.3.2.8.1.1.7', 'brainpoolP256r1'],
    ['1.3.36.3.3.2.8.1.1.11', 'brainpoolP384r1'],
    ['1.3.36.3.3.2.8.1.1.13', 'brainpoolP512r1'],
    ['1.2.156.10197.1.301', 'SM2'],
]);
const OTHER_ALGORITHM_NAMES = new Map([
    ['1.3.101.112', 'ed25519'],
    ['1.3.101.113', 'ed448'],
    ['1.3.101.110', 'x25519'],
    ['1.3.101.111', 'x448'],
    ['1.2.840.113549.1.1.10', 'rsa-pss'],
    ['1.2.840.10040.4.1', 'dsa'],
    ['1.2.840.10046.2.1', 'dh'],
]);
/** DER DigestInfo up to the OCTET STRING header, keyed by digest length (RFC 8017 9.2 note 1). */
const DIGEST_INFO_PREFIXES = new Map([
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
const SHIFT_DIGEST = bytesToBigInt((0,external_node_crypto_namespaceObject.createHash)(SHIFT_HASH).update(SHIFT_MESSAGE).digest());
/**
 * Parsed keys by SPKI bytes, least recently used first. Log traffic repeats a few keys (KMS
 * signers) among many one-off ones (ephemeral keyless keys); a hit saves the parse and the
 * on-curve check (a few µs for EC) or the OpenSSL import (≈ 120 µs for RSA).
 */
const SPKI_CACHE_SIZE = 1024;
const spkiCache = new Map();
// KeyObject callers: the parse per key object (a WeakMap never holds a key alive).
const keyObjectCache = new WeakMap();
// ECDH objects are only used synchronously and hold no secret (their "private keys" are
// derived from public values), so one per curve can be shared by every call.
const ecdhByCurve = new Map();
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
function verifyPrehashed(publicKey, digest, signature) {
    return verifyPrehashedKey(keyObjectInfo(publicKey), digest, signature);
}
/**
 * `verifyPrehashed` for a key given as DER SubjectPublicKeyInfo bytes (what Rekor entries and
 * certificates carry). Throws PrehashError PREHASH_INVALID_KEY for bytes that `parseSpki`
 * refuses and PREHASH_UNSUPPORTED_KEY for keys it cannot verify with.
 */
function verifyPrehashedSpki(spki, digest, signature) {
    return verifyPrehashedKey(parseSpki(spki), digest, signature);
}
/** `verifyPrehashed` for a key `parseSpki` returned. */
function verifyPrehashedKey(key, digest, signature) {
    if (key.kind === 'unsupported')
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', key.reason);
    if (key.kind === 'rsa' && key.modulusBits < MIN_RSA_BITS) {
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `RSA keys need a modulus of at least ${MIN_RSA_BITS} bits, this one has ${key.modulusBits}`);
    }
    const digestInfoPrefix = DIGEST_INFO_PREFIXES.get(digest.length);
    if (digestInfoPrefix === undefined)
        return false;
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
function parseSpki(spki) {
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
            spkiCache.delete(spkiCache.keys().next().value);
        }
        spkiCache.set(cacheKey, parsed);
    }
    return parsed;
}
/** `parseSpki` for callers that only take EC keys: anything else is a PrehashError. */
function parseEcSpki(spki) {
    const key = parseSpki(spki);
    if (key.kind === 'ec')
        return key;
    throw new PrehashError('PREHASH_UNSUPPORTED_KEY', key.kind === 'rsa' ? 'expected an EC key, got an RSA key' : key.reason);
}
function parseSpkiUncached(spki) {
    const bytes = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength);
    // Fast path: for a supported curve there is exactly one DER encoding of everything before
    // the point, so a prefix comparison is a complete parse of it.
    for (const curve of CURVE_LIST) {
        if (bytes.length === curve.spkiPrefix.length + 1 + 2 * curve.size) {
            if (bytes.subarray(0, curve.spkiPrefix.length).equals(curve.spkiPrefix)) {
                return ecPoint(curve, bytes.subarray(curve.spkiPrefix.length));
            }
        }
        else if (bytes.length === curve.compressedSpkiPrefix.length + 1 + curve.size) {
            if (bytes.subarray(0, curve.compressedSpkiPrefix.length).equals(curve.compressedSpkiPrefix)) {
                return ecPoint(curve, bytes.subarray(curve.compressedSpkiPrefix.length));
            }
        }
    }
    let algorithm;
    let parameters;
    let subjectPublicKey;
    try {
        const fields = der_parseDer(bytes).expect(der_Tag.SEQUENCE, 'SubjectPublicKeyInfo').children();
        if (fields.length !== 2)
            throw invalidKey('a SubjectPublicKeyInfo has exactly two fields');
        const identifier = fields[0].expect(der_Tag.SEQUENCE, 'algorithm').children();
        if (identifier.length < 1 || identifier.length > 2) {
            throw invalidKey('malformed AlgorithmIdentifier');
        }
        algorithm = identifier[0].toOid('algorithm');
        parameters = identifier[1];
        const bitString = fields[1].expect(der_Tag.BIT_STRING, 'subjectPublicKey').value;
        if (bitString[0] !== 0)
            throw invalidKey('subjectPublicKey has unused bits');
        subjectPublicKey = bitString.subarray(1);
    }
    catch (error) {
        if (error instanceof PrehashError)
            throw error;
        throw invalidKey(`not a DER SubjectPublicKeyInfo: ${error.message}`);
    }
    if (algorithm === OID_EC_PUBLIC_KEY) {
        if (parameters?.tag !== der_Tag.OID) {
            return unsupported(algorithm, 'EC keys must name their curve (RFC 5480); explicit or implicit curve parameters are not supported');
        }
        const curveOid = parameters.toOid('namedCurve');
        const curve = CURVES_BY_OID.get(curveOid);
        if (curve === undefined) {
            const name = OTHER_CURVE_NAMES.get(curveOid) ?? `with OID ${curveOid}`;
            return unsupported(algorithm, `ECDSA curve ${name} is not supported (P-256, P-384 and P-521 are)`);
        }
        // A supported curve that missed the fast path: a point of the wrong size or form.
        return ecPoint(curve, subjectPublicKey);
    }
    if (algorithm === OID_RSA_ENCRYPTION)
        return rsaKey(bytes, parameters, subjectPublicKey);
    const name = OTHER_ALGORITHM_NAMES.get(algorithm);
    if (name === 'ed25519' || name === 'ed448') {
        return unsupported(algorithm, `${name === 'ed25519' ? 'Ed25519ph' : 'Ed448ph'} signatures are not supported: pure ` +
            'EdDSA signs the whole message, so it cannot be checked against a digest, and ' +
            'Node 20 (OpenSSL 3.0) has no prehashed EdDSA variant');
    }
    return unsupported(algorithm, `${name ?? `algorithm ${algorithm}`} keys are not supported for prehashed verification`);
}
const invalidKey = (reason) => new PrehashError('PREHASH_INVALID_KEY', reason);
const unsupported = (algorithm, reason) => ({
    kind: 'unsupported',
    algorithm,
    reason,
});
/**
 * A SEC 1 point on `curve`: 04‖X‖Y, or 02/03‖X expanded natively. The coordinates must be
 * field elements (below p) satisfying y² = x³ - 3x + b; the cofactor is 1, so that puts the
 * point in the group. Infinity has no such encoding here.
 */
function ecPoint(curve, point) {
    const { size, p } = curve;
    const form = point[0];
    let x;
    let y;
    let compressed = false;
    if (form === 0x04 && point.length === 1 + 2 * size) {
        x = bytesToBigInt(point.subarray(1, 1 + size));
        y = bytesToBigInt(point.subarray(1 + size));
    }
    else if ((form === 0x02 || form === 0x03) && point.length === 1 + size) {
        x = bytesToBigInt(point.subarray(1));
        // OpenSSL reduces x mod p while expanding; a non-canonical x must not slip through.
        if (x >= p)
            throw invalidKey(`the EC point's x coordinate is not below p`);
        let expanded;
        try {
            expanded = external_node_crypto_namespaceObject.ECDH.convertKey(point, curve.name, undefined, undefined, 'uncompressed');
        }
        catch {
            throw invalidKey(`the compressed EC point is not on ${curve.name}`);
        }
        y = bytesToBigInt(expanded.subarray(1 + size));
        compressed = true;
    }
    else {
        throw invalidKey(`the EC point must be uncompressed (${1 + 2 * size} bytes from 0x04) or compressed ` +
            `(${1 + size} bytes from 0x02 or 0x03) for ${curve.name}`);
    }
    if (x >= p || y >= p)
        throw invalidKey(`the EC point's coordinates are not below p`);
    if ((y * y) % p !== mod(x * x * x - 3n * x + curve.b, p)) {
        throw invalidKey(`the EC point is not on ${curve.name}`);
    }
    return { kind: 'ec', curve: curve.name, x, y, compressed, params: curve };
}
function rsaKey(spki, parameters, subjectPublicKey) {
    if (parameters === undefined || parameters.tag !== der_Tag.NULL || parameters.value.length !== 0) {
        return unsupported(OID_RSA_ENCRYPTION, 'rsaEncryption keys must have NULL parameters (RFC 3279 2.3.1)');
    }
    let modulus;
    try {
        const [n, e, extra] = der_parseDer(subjectPublicKey)
            .expect(der_Tag.SEQUENCE, 'RSAPublicKey')
            .children();
        if (n === undefined || e === undefined || extra !== undefined) {
            throw invalidKey('an RSAPublicKey has exactly two integers');
        }
        modulus = n.toBigInt('modulus');
        e.toBigInt('publicExponent');
    }
    catch (error) {
        if (error instanceof PrehashError)
            throw error;
        throw invalidKey(`not a DER RSAPublicKey: ${error.message}`);
    }
    let key;
    try {
        key = (0,external_node_crypto_namespaceObject.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
    }
    catch (error) {
        throw invalidKey(`OpenSSL refused the RSA key: ${error.message}`);
    }
    return { kind: 'rsa', modulusBits: modulus === 0n ? 0 : modulus.toString(2).length, key };
}
function ecInfo(key) {
    if ('params' in key)
        return key;
    // Built by the caller rather than by parseSpki: check it as parseSpki would.
    const curve = CURVE_LIST.find((c) => c.name === key.curve);
    if (curve === undefined)
        throw invalidKey(`unknown curve ${String(key.curve)}`);
    return ecPoint(curve, encodePoint(curve, [key.x, key.y]));
}
function keyObjectInfo(key) {
    const cached = keyObjectCache.get(key);
    if (cached !== undefined)
        return cached;
    if (key.type !== 'public') {
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `expected a public key, got a ${key.type} key`);
    }
    const type = key.asymmetricKeyType;
    if (type !== 'ec' && type !== 'rsa') {
        if (type === 'ed25519' || type === 'ed448') {
            throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `${type === 'ed25519' ? 'Ed25519ph' : 'Ed448ph'} signatures are not supported: pure ` +
                'EdDSA signs the whole message, so it cannot be checked against a digest, and ' +
                'Node 20 (OpenSSL 3.0) has no prehashed EdDSA variant');
        }
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `${type ?? 'unknown'} keys are not supported for prehashed verification`);
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
function verifyRsa(key, modulusBytes, prefix, digest, signature) {
    if (signature.length !== modulusBytes)
        return false;
    let encoded;
    try {
        encoded = (0,external_node_crypto_namespaceObject.publicDecrypt)({ key, padding: external_node_crypto_namespaceObject.constants.RSA_NO_PADDING }, signature);
    }
    catch {
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
function verifyEcdsa(info, digest, signature) {
    const curve = info.params;
    const parsed = parseDerSignature(signature, curve.size);
    if (parsed === undefined)
        return false;
    const [r, s] = parsed;
    if (r === 0n || r >= curve.n || s === 0n || s >= curve.n)
        return false;
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
function verifyWithEcdh({ params: curve, x: qx, y: qy }, e, r, s) {
    const { n } = curve;
    // One inversion serves both 1/r and 1/s; r·s is nonzero mod the prime n.
    const rsInverse = modInverse((r * s) % n, n);
    const k = (((e * s) % n) * rsInverse) % n;
    const u2 = (((r * r) % n) * rsInverse) % n;
    let sum = [qx, qy];
    // k = 0 (e ≡ 0 mod n) makes k·G infinity, so S = Q; ECDH would refuse a zero private key.
    if (k !== 0n)
        sum = addPoints(curve, multiplyG(curve, k), [qx, qy]);
    if (sum === undefined)
        return false;
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
function verifyWithShiftedKey({ params: curve, x: qx, y: qy }, e, r, s) {
    const { n } = curve;
    const beta = mod((e - SHIFT_DIGEST) * modInverse(r, n), n);
    let shifted = [qx, qy];
    if (beta !== 0n) {
        shifted = addPoints(curve, multiplyG(curve, beta), [qx, qy]);
        if (shifted === undefined) {
            // Q' is infinity, which no key can encode; then R = (h0/s)·G, and h0 ≢ 0 mod n.
            const [x] = multiplyG(curve, (SHIFT_DIGEST * modInverse(s, n)) % n);
            return x % n === r;
        }
    }
    const key = (0,external_node_crypto_namespaceObject.createPublicKey)({
        key: Buffer.concat([curve.spkiPrefix, encodePoint(curve, shifted)]),
        format: 'der',
        type: 'spki',
    });
    const signatureP1363 = Buffer.concat([toFixedBytes(r, curve.size), toFixedBytes(s, curve.size)]);
    return (0,external_node_crypto_namespaceObject.verify)(SHIFT_HASH, SHIFT_MESSAGE, { key, dsaEncoding: 'ieee-p1363' }, signatureP1363);
}
/** k·G for k in [1, n-1], natively: ECDH derives its public key from the private scalar. */
function multiplyG(curve, k) {
    const ecdh = ecdhFor(curve);
    ecdh.setPrivateKey(toFixedBytes(k, curve.size));
    const point = ecdh.getPublicKey();
    return [
        bytesToBigInt(point.subarray(1, 1 + curve.size)),
        bytesToBigInt(point.subarray(1 + curve.size)),
    ];
}
function encodePoint(curve, [x, y]) {
    return Buffer.concat([UNCOMPRESSED, toFixedBytes(x, curve.size), toFixedBytes(y, curve.size)]);
}
function ecdhFor(curve) {
    let ecdh = ecdhByCurve.get(curve);
    if (ecdh === undefined) {
        ecdh = (0,external_node_crypto_namespaceObject.createECDH)(curve.name);
        ecdhByCurve.set(curve, ecdh);
    }
    return ecdh;
}
/**
 * Affine P + Q on y² = x³ - 3x + b, or undefined for P = -Q (infinity). Both inputs are
 * finite curve points. No point has y = 0 (it would have order 2 in a group of odd prime
 * order), so the doubling denominator is never zero.
 */
function addPoints(curve, [x1, y1], [x2, y2]) {
    const { p } = curve;
    let lambda;
    if (x1 === x2) {
        // Same x means y2 = ±y1.
        if (y1 !== y2)
            return undefined;
        lambda = mod((3n * x1 * x1 - 3n) * modInverse((2n * y1) % p, p), p);
    }
    else {
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
function digestToScalar(digest, curve) {
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
function parseDerSignature(sig, size) {
    const seq = readHeader(sig, 0, 0x30);
    if (seq === undefined || seq.end !== sig.length)
        return undefined;
    const r = readInteger(sig, seq.start, size);
    if (r === undefined)
        return undefined;
    const s = readInteger(sig, r.end, size);
    if (s === undefined || s.end !== seq.end)
        return undefined;
    return [r.value, s.value];
}
function readInteger(buf, offset, size) {
    const header = readHeader(buf, offset, 0x02);
    if (header === undefined)
        return undefined;
    const { start, end } = header;
    const length = end - start;
    if (length === 0 || length > size + 1)
        return undefined;
    const first = buf[start];
    if (first & 0x80)
        return undefined;
    if (first === 0 && length > 1 && !(buf[start + 1] & 0x80))
        return undefined;
    return { value: bytesToBigInt(buf.subarray(start, end)), end };
}
/**
 * A TLV header with the given tag. Signatures for these curves are at most 139 bytes, so
 * only the short form and the one-byte long form (0x81, for lengths 128-255) can be valid.
 */
function readHeader(buf, offset, tag) {
    if (buf[offset] !== tag)
        return undefined;
    const first = buf[offset + 1];
    if (first === undefined)
        return undefined;
    let start = offset + 2;
    let length = first;
    if (first === 0x81) {
        const second = buf[offset + 2];
        if (second === undefined || second < 0x80)
            return undefined;
        length = second;
        start = offset + 3;
    }
    else if (first >= 0x80) {
        return undefined;
    }
    const end = start + length;
    return end <= buf.length ? { start, end } : undefined;
}
function mod(a, m) {
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
function modInverse(a, m) {
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
            if (q !== Math.floor((uHat + B) / (vHat + D)))
                break;
            [A, C] = [C, A - q * C];
            [B, D] = [D, B - q * D];
            [uHat, vHat] = [vHat, uHat - q * vHat];
        }
        if (B === 0) {
            // The leading digits could not settle even one quotient: take a full-precision step.
            const q = u / v;
            [u, v] = [v, u - q * v];
            [tu, tv] = [tv, tu - q * tv];
        }
        else {
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
function bytesToBigInt(bytes) {
    return BigInt('0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'));
}
function toFixedBytes(value, size) {
    return Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
}
//# sourceMappingURL=prehash.js.map
;// CONCATENATED MODULE: ./build/src/tlog/error.js

/** Raised by the transparency-log module: tiles, checkpoints and the log engine. */
class TlogError extends SignetError {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/core/base64.js

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;
/** Standard base64 with padding (RFC 4648 §4), the form protojson emits for `bytes`. */
function base64_toBase64(data) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}
/**
 * Decodes standard or URL-safe base64 (protojson parsers accept both), rejecting anything
 * else: Node's own decoder silently skips invalid characters, which would let garbage through.
 * `what` names the field in the error message.
 */
function fromBase64(text, what = 'value') {
    if (typeof text !== 'string') {
        throw new error_CoreError('BASE64_INVALID', `${what} must be a base64 string`);
    }
    const alphabetOk = STANDARD.test(text) || URL_SAFE.test(text);
    const unpadded = text.replace(/=+$/, '');
    if (!alphabetOk || unpadded.length % 4 === 1) {
        throw new error_CoreError('BASE64_INVALID', `${what} is not valid base64`);
    }
    if (text.includes('=') && text.length % 4 !== 0) {
        throw new error_CoreError('BASE64_INVALID', `${what} has malformed base64 padding`);
    }
    return Buffer.from(unpadded, STANDARD.test(text) ? 'base64' : 'base64url');
}
//# sourceMappingURL=base64.js.map
;// CONCATENATED MODULE: ./build/src/core/canonical-json.js

/**
 * RFC 8785 (JCS) canonical JSON: object keys sorted by UTF-16 code units, no whitespace,
 * ECMAScript number and string serialisation. Rekor's entry bodies and leaf hashes depend on
 * these exact bytes.
 */
function canonicalize(value) {
    if (value === null || typeof value === 'boolean')
        return JSON.stringify(value);
    if (typeof value === 'number') {
        if (!Number.isFinite(value)) {
            throw new error_CoreError('JSON_INVALID', 'canonical JSON cannot represent a non-finite number');
        }
        return JSON.stringify(value);
    }
    if (typeof value === 'string')
        return JSON.stringify(value);
    if (Array.isArray(value))
        return `[${value.map(canonicalize).join(',')}]`;
    if (typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(',')}}`;
    }
    throw new error_CoreError('JSON_INVALID', `canonical JSON cannot represent a ${typeof value}`);
}
//# sourceMappingURL=canonical-json.js.map
;// CONCATENATED MODULE: ./build/src/core/x509.js



/**
 * A minimal X.509 v3 certificate builder and parser. Certificates are assembled from DER
 * pieces directly (no schema library) because issuance is on the CA's hot path, and signing
 * goes through a callback so a KMS key can replace a local one.
 */
const OID = {
    commonName: '2.5.4.3',
    countryName: '2.5.4.6',
    organizationName: '2.5.4.10',
    organizationalUnitName: '2.5.4.11',
    ecPublicKey: '1.2.840.10045.2.1',
    ecdsaWithSha256: '1.2.840.10045.4.3.2',
    ecdsaWithSha384: '1.2.840.10045.4.3.3',
    ecdsaWithSha512: '1.2.840.10045.4.3.4',
    ed25519: '1.3.101.112',
    rsaEncryption: '1.2.840.113549.1.1.1',
    sha256WithRsa: '1.2.840.113549.1.1.11',
    sha384WithRsa: '1.2.840.113549.1.1.12',
    sha512WithRsa: '1.2.840.113549.1.1.13',
    subjectKeyIdentifier: '2.5.29.14',
    keyUsage: '2.5.29.15',
    basicConstraints: '2.5.29.19',
    authorityKeyIdentifier: '2.5.29.35',
    extKeyUsage: '2.5.29.37',
    anyExtendedKeyUsage: '2.5.29.37.0',
    codeSigning: '1.3.6.1.5.5.7.3.3',
    timeStamping: '1.3.6.1.5.5.7.3.8',
};
/** RFC 5280 §4.1.2.2: serials are positive and at most 20 octets. */
const MAX_SERIAL_OCTETS = 20;
// ---------------------------------------------------------------- names
const SHORT_NAMES = {
    CN: OID.commonName,
    O: OID.organizationName,
    OU: OID.organizationalUnitName,
    C: OID.countryName,
};
/**
 * A DER Name with one attribute per RDN, in the given order. Values are UTF8String except
 * countryName, which RFC 5280 requires to be a PrintableString.
 */
function x509_name(attributes) {
    return sequence(...attributes.map((attr) => {
        const type = 'short' in attr ? SHORT_NAMES[attr.short] : attr.oid;
        const value = type === OID.countryName ? printableString(attr.value) : utf8String(attr.value);
        return setOf(sequence(oid(type), value));
    }));
}
const NAME_LABELS = {
    [OID.commonName]: 'CN',
    [OID.countryName]: 'C',
    [OID.organizationName]: 'O',
    [OID.organizationalUnitName]: 'OU',
};
/** A readable `O=x, CN=y` form of a DER Name, for error messages and logs. */
function describeName(nameDer) {
    const parts = [];
    for (const rdn of parseDer(nameDer).expect(Tag.SEQUENCE, 'Name').children()) {
        for (const atv of rdn.expect(Tag.SET, 'RelativeDistinguishedName').children()) {
            const [type, value] = atv.expect(Tag.SEQUENCE, 'AttributeTypeAndValue').children();
            if (!type || !value)
                throw new CoreError('DER_INVALID', 'AttributeTypeAndValue: too short');
            const typeOid = type.toOid('attribute type');
            parts.push(`${NAME_LABELS[typeOid] ?? typeOid}=${value.value.toString()}`);
        }
    }
    return parts.join(', ');
}
// ---------------------------------------------------------------- extension values
const KEY_USAGE_BITS = {
    digitalSignature: 0,
    nonRepudiation: 1,
    keyEncipherment: 2,
    dataEncipherment: 3,
    keyAgreement: 4,
    keyCertSign: 5,
    cRLSign: 6,
    encipherOnly: 7,
    decipherOnly: 8,
};
/** KeyUsage extnValue contents (a named BIT STRING). */
const keyUsage = (usages) => namedBitString(usages.map((u) => KEY_USAGE_BITS[u]));
/** ExtendedKeyUsage extnValue contents. */
const extKeyUsage = (oids) => sequence(...oids.map((o) => oid(o)));
/** BasicConstraints extnValue contents; cA FALSE is the DEFAULT, so DER omits it. */
function basicConstraints(ca, pathLen) {
    const items = [];
    if (ca)
        items.push(boolean(true));
    if (pathLen !== undefined)
        items.push(integer(pathLen));
    return sequence(...items);
}
/** The subjectPublicKey BIT STRING contents (without the unused-bits byte) of an SPKI. */
function subjectPublicKeyBits(spki) {
    const [, key] = parseDer(spki).expect(Tag.SEQUENCE, 'SubjectPublicKeyInfo').children();
    if (!key)
        throw new CoreError('DER_INVALID', 'SubjectPublicKeyInfo: missing subjectPublicKey');
    return bitStringBytes(key, 'subjectPublicKey');
}
/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. Returns the key id bytes. */
const keyIdentifier = (spki) => createHash('sha1').update(subjectPublicKeyBits(spki)).digest();
/** SubjectKeyIdentifier extnValue contents for the given SPKI. */
const subjectKeyIdentifier = (spki) => octetString(keyIdentifier(spki));
/** AuthorityKeyIdentifier extnValue contents carrying only keyIdentifier [0]. */
const authorityKeyIdentifier = (keyId) => sequence(contextTag(0, keyId, false));
const SIGNATURE_ALGORITHMS = {
    'ecdsa-sha256': { oid: OID.ecdsaWithSha256, hash: 'sha256', keyType: 'ec' },
    'ecdsa-sha384': { oid: OID.ecdsaWithSha384, hash: 'sha384', keyType: 'ec' },
    ed25519: { oid: OID.ed25519, hash: null, keyType: 'ed25519' },
};
/** Every signature algorithm we can verify, by OID (RSA only for third-party chains). */
const VERIFIABLE_ALGORITHMS = new Map([
    ...Object.values(SIGNATURE_ALGORITHMS).map((a) => [a.oid, a]),
    [OID.ecdsaWithSha512, { oid: OID.ecdsaWithSha512, hash: 'sha512', keyType: 'ec' }],
    [OID.sha256WithRsa, { oid: OID.sha256WithRsa, hash: 'sha256', keyType: 'rsa' }],
    [OID.sha384WithRsa, { oid: OID.sha384WithRsa, hash: 'sha384', keyType: 'rsa' }],
    [OID.sha512WithRsa, { oid: OID.sha512WithRsa, hash: 'sha512', keyType: 'rsa' }],
]);
/** AlgorithmIdentifier DER; ECDSA and Ed25519 identifiers carry no parameters (RFC 5758, 8410). */
const signatureAlgorithmIdentifier = (algorithm) => sequence(oid(SIGNATURE_ALGORITHMS[algorithm].oid));
/** The algorithm matching a key: the curve's own hash for ECDSA, Ed25519 as is. */
function signatureAlgorithmFor(key) {
    if (key.asymmetricKeyType === 'ed25519')
        return 'ed25519';
    if (key.asymmetricKeyType === 'ec') {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (curve === 'prime256v1')
            return 'ecdsa-sha256';
        if (curve === 'secp384r1')
            return 'ecdsa-sha384';
        throw new TypeError(`unsupported EC curve ${curve ?? 'unknown'} (use P-256 or P-384)`);
    }
    throw new TypeError(`unsupported key type ${key.asymmetricKeyType ?? 'unknown'} for certificates`);
}
/** A signing callback for a local private key (ECDSA signatures are DER, as X.509 wants). */
function signerFor(privateKey, algorithm = signatureAlgorithmFor(privateKey)) {
    const { hash, keyType } = SIGNATURE_ALGORITHMS[algorithm];
    if (privateKey.asymmetricKeyType !== keyType) {
        throw new TypeError(`a ${privateKey.asymmetricKeyType ?? 'unknown'} key cannot sign with ${algorithm}`);
    }
    return (tbs) => cryptoSign(hash, tbs, privateKey);
}
/**
 * 20 random bytes, first byte forced into 0x01..0x7f: positive, never shortened by the
 * INTEGER encoder, and never a 21st octet for the sign.
 */
function randomSerial() {
    const serial = randomBytes(MAX_SERIAL_OCTETS);
    serial[0] = (serial[0] & 0x7f) | 0x01;
    return serial;
}
const VERSION_3 = der_contextTag(0, der_integer(2));
/** One Extension; critical FALSE is the DEFAULT, so DER omits it. */
const encodeExtension = (ext) => ext.critical
    ? sequence(oid(ext.oid), boolean(true), octetString(ext.value))
    : sequence(oid(ext.oid), octetString(ext.value));
/**
 * The TBSCertificate DER. Split from signing so that a signer that answers asynchronously (a
 * KMS) can sign it, and so precertificate and final certificate share every byte but one
 * extension.
 */
function buildTbs(opts) {
    const serial = integer(opts.serial);
    if (serial.length - 2 > MAX_SERIAL_OCTETS || serial.equals(integer(0))) {
        throw new CoreError('DER_INVALID', 'certificate serial must be positive and at most 20 octets');
    }
    if (opts.notAfter.getTime() < opts.notBefore.getTime()) {
        throw new CoreError('DER_INVALID', 'certificate notAfter is before notBefore');
    }
    const parts = [
        VERSION_3,
        serial,
        signatureAlgorithmIdentifier(opts.signatureAlgorithm),
        opts.issuer,
        sequence(x509Time(opts.notBefore), x509Time(opts.notAfter)),
        opts.subject,
        opts.publicKey,
    ];
    if (opts.extensions.length > 0) {
        parts.push(contextTag(3, sequence(...opts.extensions.map(encodeExtension))));
    }
    return sequence(...parts);
}
/** A certificate from its TBS and the signature over it. */
const assembleCertificate = (tbs, algorithm, signature) => sequence(tbs, signatureAlgorithmIdentifier(algorithm), bitString(signature));
/** Builds and signs an X.509 v3 certificate; returns its DER. */
function buildCertificate(opts, sign) {
    const tbs = buildTbs(opts);
    return assembleCertificate(tbs, opts.signatureAlgorithm, sign(tbs));
}
/** The public half of a key (node:crypto refuses createPublicKey on a public KeyObject). */
const publicKeyOf = (key) => key.type === 'public' ? key : createPublicKey(key);
/** SubjectPublicKeyInfo DER of a key (public or private). */
const spkiOf = (key) => publicKeyOf(key).export({ type: 'spki', format: 'der' });
/** A self-signed root CA: KeyUsage keyCertSign|cRLSign and BasicConstraints CA:TRUE, both critical. */
function createSelfSignedCa(opts) {
    const publicKey = spkiOf(opts.privateKey);
    const subject = x509_name([
        { short: 'O', value: opts.subject.organization },
        { short: 'CN', value: opts.subject.commonName },
    ]);
    return buildCertificate({
        serial: opts.serial ?? randomSerial(),
        issuer: subject,
        subject,
        notBefore: opts.notBefore,
        notAfter: opts.notAfter,
        publicKey,
        extensions: [
            { oid: OID.keyUsage, critical: true, value: keyUsage(['keyCertSign', 'cRLSign']) },
            { oid: OID.basicConstraints, critical: true, value: basicConstraints(true) },
            { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(publicKey) },
        ],
        signatureAlgorithm: signatureAlgorithmFor(opts.privateKey),
    }, signerFor(opts.privateKey));
}
/** A BIT STRING's bytes; keys and signatures are whole octets, so unused bits must be 0. */
function bitStringBytes(node, what) {
    node.expect(der_Tag.BIT_STRING, what);
    if (node.value[0] !== 0) {
        throw new error_CoreError('DER_INVALID', `${what}: BIT STRING unused bits must be 0`);
    }
    return node.value.subarray(1);
}
/**
 * The OID of an AlgorithmIdentifier. Parameters are not interpreted: every algorithm we verify
 * is identified by its OID alone, so unknown parameterised ones (RSA-PSS) simply don't verify.
 */
function algorithmOid(node, what) {
    if (!node)
        throw new error_CoreError('DER_INVALID', `${what}: missing`);
    const [id, , extra] = node.expect(der_Tag.SEQUENCE, what).children();
    if (!id || extra)
        throw new error_CoreError('DER_INVALID', `${what}: malformed AlgorithmIdentifier`);
    return id.toOid(what);
}
/** Extensions ::= SEQUENCE OF Extension (certificates and CSR extensionRequests alike). */
function parseExtensionList(node) {
    const seen = new Set();
    return node
        .expect(der_Tag.SEQUENCE, 'extensions')
        .children()
        .map((ext) => {
        const fields = ext.expect(der_Tag.SEQUENCE, 'Extension').children();
        const extOid = fields[0]?.toOid('extnID');
        if (!extOid || fields.length < 2 || fields.length > 3) {
            throw new error_CoreError('DER_INVALID', 'Extension: malformed');
        }
        if (seen.has(extOid))
            throw new error_CoreError('DER_INVALID', `duplicate extension ${extOid}`);
        seen.add(extOid);
        const critical = fields.length === 3 ? fields[1].toBoolean('critical') : false;
        const value = fields[fields.length - 1].expect(der_Tag.OCTET_STRING, 'extnValue');
        return { oid: extOid, critical, value: value.value };
    });
}
/** A certificate's [3] extensions wrapper. */
function parseExtensions(node) {
    const list = node.children();
    if (list.length !== 1)
        throw new error_CoreError('DER_INVALID', 'extensions: expected one SEQUENCE');
    return parseExtensionList(list[0]);
}
/** Parses a DER certificate strictly enough to trust its fields; CoreError DER_INVALID otherwise. */
function parseCertificate(der) {
    const root = der_parseDer(der).expect(der_Tag.SEQUENCE, 'Certificate');
    const [tbsNode, outerAlg, sigNode, extra] = root.children();
    if (!tbsNode || !outerAlg || !sigNode || extra) {
        throw new error_CoreError('DER_INVALID', 'Certificate: expected tbsCertificate, algorithm, signature');
    }
    const fields = tbsNode.expect(der_Tag.SEQUENCE, 'TBSCertificate').children();
    let i = 0;
    let version = 1;
    if (fields[0]?.tag === 0xa0) {
        const [v] = fields[0].children();
        if (!v)
            throw new error_CoreError('DER_INVALID', 'TBSCertificate: empty version');
        version = v.toNumber('version') + 1;
        if (version < 2 || version > 3) {
            throw new error_CoreError('DER_INVALID', `TBSCertificate: unsupported version ${version}`);
        }
        i++;
    }
    const next = (what) => {
        const node = fields[i++];
        if (!node)
            throw new error_CoreError('DER_INVALID', `TBSCertificate: missing ${what}`);
        return node;
    };
    const serialNode = next('serialNumber');
    const serial = serialNode.toSignedBigInt('serialNumber');
    const innerAlg = next('signature');
    const issuer = next('issuer').expect(der_Tag.SEQUENCE, 'issuer');
    const validity = next('validity').expect(der_Tag.SEQUENCE, 'validity').children();
    if (validity.length !== 2)
        throw new error_CoreError('DER_INVALID', 'validity: expected two times');
    const subject = next('subject').expect(der_Tag.SEQUENCE, 'subject');
    const spki = next('subjectPublicKeyInfo').expect(der_Tag.SEQUENCE, 'subjectPublicKeyInfo');
    let extensions = [];
    for (; i < fields.length; i++) {
        const node = fields[i];
        if (node.tag === 0x81 || node.tag === 0x82)
            continue; // issuer/subject unique IDs (v2)
        if (node.tag === 0xa3 && version === 3 && i === fields.length - 1) {
            extensions = parseExtensions(node);
            continue;
        }
        throw new error_CoreError('DER_INVALID', `TBSCertificate: unexpected field 0x${node.tag.toString(16)}`);
    }
    if (!innerAlg.raw.equals(outerAlg.raw)) {
        throw new error_CoreError('DER_INVALID', 'Certificate: signature algorithm differs from the TBS one');
    }
    return {
        der: root.raw,
        tbs: tbsNode.raw,
        version,
        serial,
        serialBytes: serialNode.value,
        issuer: issuer.raw,
        subject: subject.raw,
        notBefore: validity[0].toDate('notBefore'),
        notAfter: validity[1].toDate('notAfter'),
        publicKey: spki.raw,
        extensions,
        signatureAlgorithm: algorithmOid(outerAlg, 'signatureAlgorithm'),
        signature: bitStringBytes(sigNode, 'signatureValue'),
    };
}
const findExtension = (cert, extOid) => cert.extensions.find((e) => e.oid === extOid);
/** The OIDs of an ExtendedKeyUsage extnValue. */
const parseExtKeyUsage = (value) => parseDer(value)
    .expect(Tag.SEQUENCE, 'ExtendedKeyUsage')
    .children()
    .map((n) => n.toOid('KeyPurposeId'));
/** The usages set in a KeyUsage extnValue. */
function parseKeyUsage(value) {
    const bits = new Set(parseDer(value).toNamedBits('KeyUsage'));
    return new Set(Object.keys(KEY_USAGE_BITS).filter((u) => bits.has(KEY_USAGE_BITS[u])));
}
/** BasicConstraints extnValue: cA and the optional pathLenConstraint. */
function parseBasicConstraints(value) {
    const fields = parseDer(value).expect(Tag.SEQUENCE, 'BasicConstraints').children();
    let i = 0;
    let ca = false;
    if (fields[i]?.tag === Tag.BOOLEAN)
        ca = fields[i++].toBoolean('cA');
    const pathLen = fields[i] ? fields[i++].toNumber('pathLenConstraint') : undefined;
    if (i !== fields.length)
        throw new CoreError('DER_INVALID', 'BasicConstraints: malformed');
    return pathLen === undefined ? { ca } : { ca, pathLen };
}
/** The key identifier in a SubjectKeyIdentifier extnValue. */
const parseSubjectKeyIdentifier = (value) => parseDer(value).expect(Tag.OCTET_STRING, 'SubjectKeyIdentifier').value;
/** Whether `cert` is a CA certificate (BasicConstraints cA TRUE). */
function isCa(cert) {
    const ext = findExtension(cert, OID.basicConstraints);
    return ext !== undefined && parseBasicConstraints(ext.value).ca;
}
/**
 * Verifies `signature` over `data` with the algorithm named by `algorithmOid`. CMS allows a
 * bare key algorithm (rsaEncryption, id-ecPublicKey) as the signature algorithm, with the
 * digest taken from the SignerInfo: pass that digest's node:crypto name as `digest`.
 * Unknown algorithms and key-type mismatches verify as false rather than throwing.
 */
function verifySignature(algorithmOid, publicKey, data, signature, digest) {
    let info = VERIFIABLE_ALGORITHMS.get(algorithmOid);
    if (!info && digest !== undefined) {
        if (algorithmOid === OID.rsaEncryption)
            info = { oid: algorithmOid, hash: digest, keyType: 'rsa' };
        if (algorithmOid === OID.ecPublicKey)
            info = { oid: algorithmOid, hash: digest, keyType: 'ec' };
    }
    if (!info || publicKey.asymmetricKeyType !== info.keyType)
        return false;
    try {
        return verify(info.hash, data, publicKey, signature);
    }
    catch {
        return false;
    }
}
/** Whether algorithm `algorithmOid` is one verifySignature understands. */
const isVerifiableAlgorithm = (algorithmOid) => VERIFIABLE_ALGORITHMS.has(algorithmOid);
/** Checks `cert`'s signature with its issuer's public key. */
function verifyCertificateSignature(cert, issuerPublicKey) {
    return verifySignature(cert.signatureAlgorithm, issuerPublicKey, cert.tbs, cert.signature);
}
/** The certificate's public key as a KeyObject. */
function certificatePublicKey(cert) {
    try {
        return createPublicKey({ key: cert.publicKey, format: 'der', type: 'spki' });
    }
    catch (error) {
        throw new CoreError('DER_INVALID', 'subjectPublicKeyInfo: unsupported or malformed key', {
            cause: error,
        });
    }
}
/** Whether `when` lies within the certificate's validity period (both ends inclusive). */
const isValidAt = (cert, when) => cert.notBefore.getTime() <= when.getTime() && when.getTime() <= cert.notAfter.getTime();
//# sourceMappingURL=x509.js.map
;// CONCATENATED MODULE: ./build/src/tlog/rekor.js






const ecCurve = (curve) => (key) => key.type === 'ec' && 'namedCurve' in key && key.namedCurve === curve;
const rsaBits = (bits) => (key) => key.type === 'rsa' && 'modulusLength' in key && key.modulusLength === bits;
/** The client signing algorithms rekor-tiles accepts, less Ed25519ph which Node cannot verify. */
const KEY_PROFILES = {
    PKIX_ECDSA_P256_SHA_256: { hash: 'SHA2_256', digestLength: 32, matches: ecCurve('prime256v1') },
    PKIX_ECDSA_P384_SHA_384: { hash: 'SHA2_384', digestLength: 48, matches: ecCurve('secp384r1') },
    PKIX_ECDSA_P521_SHA_512: { hash: 'SHA2_512', digestLength: 64, matches: ecCurve('secp521r1') },
    PKIX_RSA_PKCS1V15_2048_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(2048) },
    PKIX_RSA_PKCS1V15_3072_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(3072) },
    PKIX_RSA_PKCS1V15_4096_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(4096) },
};
const NODE_HASH = {
    SHA2_256: 'sha256',
    SHA2_384: 'sha384',
    SHA2_512: 'sha512',
};
const HASHEDREKORD = { kind: 'hashedrekord', version: '0.0.2' };
const invalid = (reason) => new TlogError('ENTRY_INVALID', `invalid hashedrekord request: ${reason}`);
function object(value, what) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalid(`${what} must be a JSON object`);
    }
    return value;
}
function field(from, camel, what) {
    // protojson parsers accept the proto field name as well as the JSON name.
    const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const value = from[camel] ?? from[snake];
    if (value === undefined || value === null || value === '')
        throw invalid(`${what} is missing`);
    return value;
}
function bytes(from, camel, what) {
    const value = field(from, camel, what);
    if (typeof value !== 'string')
        throw invalid(`${what} must be a base64 string`);
    try {
        const decoded = fromBase64(value, what);
        if (decoded.length === 0)
            throw invalid(`${what} is empty`);
        return decoded;
    }
    catch (error) {
        if (error instanceof TlogError)
            throw error;
        throw invalid(`${what} is not valid base64`);
    }
}
function parseVerifier(raw, what) {
    const verifier = object(raw, what);
    const keyDetails = field(verifier, 'keyDetails', `${what}.keyDetails`);
    if (typeof keyDetails !== 'string')
        throw invalid(`${what}.keyDetails must be a string`);
    const profile = KEY_PROFILES[keyDetails];
    if (profile === undefined) {
        const hint = keyDetails === 'PKIX_ED25519_PH'
            ? ' (Ed25519ph verification is not available on this server)'
            : '';
        throw new TlogError('ENTRY_UNSUPPORTED', `invalid hashedrekord request: unsupported keyDetails ${keyDetails}${hint}; supported: ${Object.keys(KEY_PROFILES).join(', ')}`);
    }
    const certificate = verifier.x509Certificate ?? verifier.x509_certificate;
    const publicKey = verifier.publicKey ?? verifier.public_key;
    if ((certificate === undefined) === (publicKey === undefined)) {
        throw invalid(`${what} must have exactly one of x509Certificate or publicKey`);
    }
    let spki;
    let notDer;
    let json;
    if (certificate !== undefined) {
        const der = bytes(object(certificate, `${what}.x509Certificate`), 'rawBytes', `${what}.x509Certificate.rawBytes`);
        notDer = () => invalid(`${what}.x509Certificate.rawBytes is not a DER X.509 certificate`);
        try {
            // Our own DER parser: about 40 µs for a 1.7 KB Fulcio-style leaf, where
            // X509Certificate and its publicKey cost about 145.
            spki = parseCertificate(der).publicKey;
        }
        catch {
            throw notDer();
        }
        json = { keyDetails, x509Certificate: { rawBytes: base64_toBase64(der) } };
    }
    else {
        spki = bytes(object(publicKey, `${what}.publicKey`), 'rawBytes', `${what}.publicKey.rawBytes`);
        notDer = () => invalid(`${what}.publicKey.rawBytes is not a DER SubjectPublicKeyInfo`);
        json = { keyDetails, publicKey: { rawBytes: base64_toBase64(spki) } };
    }
    let key;
    try {
        key = parseSpki(spki);
    }
    catch {
        throw notDer();
    }
    let description;
    if (key.kind === 'unsupported') {
        // Not a key this log verifies with. Describe it as OpenSSL sees it, for the message.
        let imported;
        try {
            imported = (0,external_node_crypto_namespaceObject.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
        }
        catch {
            throw notDer();
        }
        description = describeKeyObject(imported);
        if (profile.matches(description)) {
            // OpenSSL reads it as the right key type, but not in the form PKIX prescribes.
            throw invalid(`${what} has a ${keyDetails} key encoded in a form this log does not accept: ${key.reason}`);
        }
    }
    else {
        description =
            key.kind === 'ec'
                ? { type: 'ec', namedCurve: key.curve }
                : { type: 'rsa', modulusLength: key.modulusBits };
    }
    if (key.kind === 'unsupported' || !profile.matches(description)) {
        throw invalid(`${what}.keyDetails is ${keyDetails} but the key is ${describeKey(description)}`);
    }
    return { json, key, profile, keyDetails };
}
function describeKeyObject(key) {
    const type = key.asymmetricKeyType;
    const details = key.asymmetricKeyDetails;
    if (type === 'ec')
        return { type, namedCurve: details?.namedCurve };
    if (type === 'rsa')
        return { type, modulusLength: details?.modulusLength };
    return { type };
}
function describeKey(key) {
    if ('namedCurve' in key)
        return `EC ${key.namedCurve ?? 'unknown curve'}`;
    if ('modulusLength' in key)
        return `RSA ${key.modulusLength ?? '?'} bits`;
    return key.type ?? 'an unknown key type';
}
function buildEntry(digest, signature, verifier) {
    const entry = {
        apiVersion: HASHEDREKORD.version,
        kind: HASHEDREKORD.kind,
        spec: {
            hashedRekordV002: {
                data: { algorithm: verifier.profile.hash, digest: base64_toBase64(digest) },
                signature: { content: base64_toBase64(signature), verifier: verifier.json },
            },
        },
    };
    return { body: Buffer.from(canonicalize(entry), 'utf8'), ...HASHEDREKORD };
}
function hashedRekord(request) {
    const digest = bytes(request, 'digest', 'digest');
    const signature = object(field(request, 'signature', 'signature'), 'signature');
    const content = bytes(signature, 'content', 'signature.content');
    const verifier = parseVerifier(field(signature, 'verifier', 'signature.verifier'), 'signature.verifier');
    if (digest.length !== verifier.profile.digestLength) {
        throw invalid(`digest is ${digest.length} bytes but ${verifier.keyDetails} needs a ${verifier.profile.digestLength}-byte ${verifier.profile.hash} digest`);
    }
    if (!verifyPrehashedKey(verifier.key, digest, content)) {
        throw invalid('signature.content does not verify over the digest with the given key');
    }
    return buildEntry(digest, content, verifier);
}
/** DSSE pre-authentication encoding (the bytes a DSSE signature covers). */
function pae(payloadType, payload) {
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
function dsse(request) {
    const envelope = object(field(request, 'envelope', 'envelope'), 'envelope');
    const payload = bytes(envelope, 'payload', 'envelope.payload');
    const payloadType = field(envelope, 'payloadType', 'envelope.payloadType');
    if (typeof payloadType !== 'string')
        throw invalid('envelope.payloadType must be a string');
    const signatures = field(envelope, 'signatures', 'envelope.signatures');
    if (!Array.isArray(signatures) || signatures.length !== 1) {
        throw invalid('envelope.signatures must hold exactly one signature');
    }
    const content = bytes(object(signatures[0], 'envelope.signatures[0]'), 'sig', 'envelope.signatures[0].sig');
    const verifiers = field(request, 'verifiers', 'verifiers');
    if (!Array.isArray(verifiers) || verifiers.length !== 1)
        throw invalid('verifiers must hold exactly one verifier');
    const verifier = parseVerifier(verifiers[0], 'verifiers[0]');
    // ECDSA and RSA PKCS#1 v1.5 sign a hash of the message, so verifying the signature over
    // H(PAE) is verifying it over the PAE, without importing the key into OpenSSL.
    const digest = (0,external_node_crypto_namespaceObject.createHash)(NODE_HASH[verifier.profile.hash])
        .update(pae(payloadType, payload))
        .digest();
    if (!verifyPrehashedKey(verifier.key, digest, content)) {
        throw invalid('envelope.signatures[0].sig does not verify over the envelope with the given key');
    }
    return buildEntry(digest, content, verifier);
}
/** Validates a CreateEntryRequest, verifies its signature, and returns the entry to log. */
function entryFromRequest(request) {
    const body = object(request, 'the request body');
    const keys = Object.keys(body);
    const hashed = body.hashedRekordRequestV002 ?? body.hashed_rekord_request_v002;
    const envelope = body.dsseRequestV002 ?? body.dsse_request_v002;
    if (keys.length !== 1 || (hashed === undefined && envelope === undefined)) {
        throw new TlogError('ENTRY_UNSUPPORTED', `invalid type, must be hashedrekord: the body must hold exactly one of hashedRekordRequestV002 or dsseRequestV002, found ${keys.length === 0 ? 'none' : keys.join(', ')}`);
    }
    return hashed !== undefined
        ? hashedRekord(object(hashed, 'hashedRekordRequestV002'))
        : dsse(object(envelope, 'dsseRequestV002'));
}
/** The TransparencyLogEntry answer, in protojson form (int64 as strings, bytes as base64). */
function transparencyLogEntry(entry, result, logKeyId) {
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
//# sourceMappingURL=rekor.js.map
;// CONCATENATED MODULE: ./build/server/http.js

/** An error of the service itself; `status` is the HTTP status it answers with. */
class ServerError extends SignetError {
    status;
    constructor(code, status, message, options) {
        super(code, message, options);
        this.status = status;
        this.headers = options?.headers ?? {};
    }
    headers;
}
/** grpc-gateway maps HTTP statuses from gRPC codes; Fulcio and Rekor clients read `message`. */
const GRPC_CODE = {
    400: 3,
    401: 16,
    403: 7,
    404: 5,
    405: 12,
    409: 6,
    413: 3,
    415: 3,
    429: 8,
    499: 1,
    500: 13,
    501: 12,
    503: 14,
};
function sendError(res, status, message, style = 'grpc', headers = {}) {
    const body = style === 'grpc'
        ? { code: GRPC_CODE[status] ?? 2, message, details: [] }
        : { code: status, message };
    send(res, status, JSON.stringify(body), 'application/json', headers);
}
function send(res, status, body, contentType, headers = {}) {
    res.writeHead(status, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        ...headers,
    });
    res.end(body);
}
function sendJson(res, status, value, headers = {}) {
    send(res, status, JSON.stringify(value), 'application/json', headers);
}
/** The request's media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`). */
function mediaType(req) {
    return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
/**
 * Reads a request body up to `limit` bytes. A declared or actual size above the limit is a 413
 * before more than the limit is buffered, so an oversized body cannot exhaust memory.
 */
function readBody(req, limit) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
        req.resume();
        return Promise.reject(tooLarge(declared, limit));
    }
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', (chunk) => {
            size += chunk.length;
            if (size > limit) {
                req.removeAllListeners('data');
                req.resume();
                reject(tooLarge(size, limit));
                return;
            }
            chunks.push(chunk);
        });
        req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
        req.on('error', reject);
    });
}
const tooLarge = (size, limit) => new ServerError('PAYLOAD_TOO_LARGE', 413, `request body is ${size > limit ? `over ${limit}` : size} bytes; the limit is ${limit} bytes`);
/** Parses a JSON body, naming the problem instead of passing on a bare SyntaxError. */
function parseJson(body) {
    if (body.length === 0)
        throw new ServerError('BAD_REQUEST', 400, 'request body is empty; expected JSON');
    try {
        return JSON.parse(body.toString('utf8'));
    }
    catch (error) {
        throw new ServerError('BAD_REQUEST', 400, `request body is not valid JSON: ${error.message}`);
    }
}
function requireMediaType(req, allowed) {
    const type = mediaType(req);
    if (!allowed.includes(type)) {
        throw new ServerError('UNSUPPORTED_MEDIA_TYPE', 415, `Content-Type ${type || '(none)'} is not accepted here; use ${allowed.join(' or ')}`);
    }
    return type;
}
//# sourceMappingURL=http.js.map
;// CONCATENATED MODULE: ./build/server/verify-worker.js






/**
 * The signature verification worker of verify-pool.ts, and the message format both sides
 * share. Loaded with `workerData` = WORKER_ROLE it serves batches: verifies each request body
 * and answers with the canonical entries packed into one transferred buffer. Every error is
 * caught per request and sent back, so no input can stop the thread. Imported anywhere else
 * (the pool imports it for the format) it only defines things.
 *
 * This file must not import verify-pool.ts. With `assetBuilds`, ncc bundles the file that the
 * pool's `new URL('./verify-worker.js', import.meta.url)` names as a bundle of its own; if
 * that bundle contained the pool (and so the same reference), ncc would also copy the
 * unbundled verify-worker.js into dist/ under another name.
 */
const WORKER_ROLE = 'signet-verify-worker';
/** What a log-entry POST body becomes: the canonical entry, or the error `entryFromRequest` throws. */
function verifyRequestBody(body) {
    return entryFromRequest(parseJson(body));
}
function toWireError(error) {
    if (error instanceof ServerError) {
        return {
            kind: 'ServerError',
            code: error.code,
            message: error.message,
            status: error.status,
            headers: error.headers,
        };
    }
    for (const [kind, cls] of [
        ['TlogError', TlogError],
        ['PrehashError', PrehashError],
        ['CoreError', error_CoreError],
    ]) {
        if (error instanceof cls)
            return { kind, code: error.code, message: error.message };
    }
    const plain = error instanceof Error ? error : new Error(String(error));
    return {
        kind: 'Error',
        code: error instanceof SignetError ? error.code : plain.name,
        message: plain.message,
        stack: plain.stack,
    };
}
function fromWireError(wire) {
    switch (wire.kind) {
        case 'ServerError':
            return new ServerError(wire.code, wire.status ?? 500, wire.message, {
                headers: wire.headers,
            });
        case 'TlogError':
            return new TlogError(wire.code, wire.message);
        case 'PrehashError':
            return new PrehashError(wire.code, wire.message);
        case 'CoreError':
            return new error_CoreError(wire.code, wire.message);
        default: {
            const error = new Error(wire.message);
            error.name = wire.code;
            if (wire.stack !== undefined)
                error.stack = `${wire.stack}\n    (in a verification worker)`;
            return error;
        }
    }
}
/** Copies buffers back to back into one fresh ArrayBuffer (never a pooled one: it is transferred). */
function pack(buffers) {
    let total = 0;
    for (const b of buffers)
        total += b.length;
    const out = new Uint8Array(total);
    let offset = 0;
    for (const b of buffers) {
        out.set(b, offset);
        offset += b.length;
    }
    return out.buffer;
}
// ---------------------------------------------------------------- the worker
function serve(port) {
    port.on('message', ({ seq, lengths, data }) => {
        const input = Buffer.from(data);
        const results = [];
        const bodies = [];
        let offset = 0;
        for (const length of lengths) {
            const body = input.subarray(offset, offset + length);
            offset += length;
            try {
                const entry = verifyRequestBody(body);
                results.push(entry.body.length);
                bodies.push(entry.body);
            }
            catch (error) {
                results.push(toWireError(error));
            }
        }
        const out = pack(bodies);
        const answer = { type: 'done', seq, results, data: out };
        port.postMessage(answer, [out]);
    });
    const ready = { type: 'ready' };
    port.postMessage(ready);
}
if (!external_node_worker_threads_namespaceObject.isMainThread && external_node_worker_threads_namespaceObject.parentPort !== null && external_node_worker_threads_namespaceObject.workerData === WORKER_ROLE)
    serve(external_node_worker_threads_namespaceObject.parentPort);
//# sourceMappingURL=verify-worker.js.map
var __webpack_exports__WORKER_ROLE = __webpack_exports__.MJ;
var __webpack_exports__fromWireError = __webpack_exports__.Wp;
var __webpack_exports__pack = __webpack_exports__.qq;
var __webpack_exports__toWireError = __webpack_exports__.x4;
var __webpack_exports__verifyRequestBody = __webpack_exports__.lk;
export { __webpack_exports__WORKER_ROLE as WORKER_ROLE, __webpack_exports__fromWireError as fromWireError, __webpack_exports__pack as pack, __webpack_exports__toWireError as toWireError, __webpack_exports__verifyRequestBody as verifyRequestBody };
