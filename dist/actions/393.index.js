export const id = 393;
export const ids = [393];
export const modules = {

/***/ 93218:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   It: () => (/* binding */ DerNode),
/* harmony export */   J8: () => (/* binding */ octetString),
/* harmony export */   K2: () => (/* binding */ sequence),
/* harmony export */   Pv: () => (/* binding */ nullValue),
/* harmony export */   jq: () => (/* binding */ oid),
/* harmony export */   nd: () => (/* binding */ integer),
/* harmony export */   qA: () => (/* binding */ contextTag),
/* harmony export */   vw: () => (/* binding */ Tag),
/* harmony export */   zE: () => (/* binding */ parseDer),
/* harmony export */   zM: () => (/* binding */ boolean)
/* harmony export */ });
/* unused harmony exports tlv, setOf, OID_CACHE_LIMIT, utf8String, printableString, ia5String, bitString, namedBitString, utcTime, generalizedTime, x509Time */
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50279);

/**
 * A small DER (X.690) encoder and strict decoder. Hot paths (timestamps, certificates) build
 * their structures from these functions directly instead of going through a schema library.
 */
const Tag = {
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
/** Octets after the first in a definite length's encoding (0 for the short form). */
function longLengthOctets(length) {
    if (length < 0x80)
        return 0;
    let octets = 0;
    for (let n = length; n > 0; n = Math.floor(n / 256))
        octets++;
    return octets;
}
/**
 * One TLV with the given tag byte around already-encoded content. Certificates and timestamps
 * nest dozens of these, so each is one allocation and one copy of its content, not a chain of
 * concatenations (which showed as garbage collection on the CA's event loop).
 */
function tlv(tag, ...content) {
    let length = 0;
    for (const part of content)
        length += part.length;
    const octets = longLengthOctets(length);
    const out = Buffer.allocUnsafe(2 + octets + length);
    out[0] = tag;
    let offset;
    if (octets === 0) {
        out[1] = length;
        offset = 2;
    }
    else {
        out[1] = 0x80 | octets;
        for (let i = octets, n = length; i >= 1; i--, n = Math.floor(n / 256))
            out[1 + i] = n & 0xff;
        offset = 2 + octets;
    }
    for (const part of content) {
        out.set(part, offset);
        offset += part.length;
    }
    return out;
}
const sequence = (...items) => tlv(Tag.SEQUENCE, ...items);
/** A SET OF with its elements sorted by their encodings, as DER requires. */
function setOf(...items) {
    const sorted = [...items].sort((a, b) => Buffer.compare(a, b));
    return tlv(Tag.SET, ...sorted);
}
/** Context-specific tag [n]: constructed (explicit, or implicit over a constructed type) by default. */
function contextTag(n, content, constructed = true) {
    return tlv((constructed ? 0xa0 : 0x80) | n, content);
}
/** An INTEGER from a number, bigint, or unsigned big-endian magnitude. */
function integer(value) {
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
        return tlv(Tag.INTEGER, bytes);
    }
    let n = BigInt(value);
    if (n < 0n)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'negative INTEGER encoding is not supported');
    const out = [];
    do {
        out.unshift(Number(n & 0xffn));
        n >>= 8n;
    } while (n > 0n);
    if (out[0] & 0x80)
        out.unshift(0);
    return tlv(Tag.INTEGER, Buffer.from(out));
}
/**
 * Encoded OIDs by dotted string. Certificates are built from a few dozen fixed OIDs, and
 * encoding one (regex, BigInt arithmetic) cost more than the rest of a TBS; the bound keeps
 * arbitrary callers from growing it without limit.
 */
const OID_CACHE = new Map();
const OID_CACHE_LIMIT = 1024;
function oid(dotted) {
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
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `invalid OID ${dotted}`);
        return BigInt(p);
    });
    if (parts.length < 2)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `invalid OID ${dotted}`);
    const arcs = [parts[0] * 40n + parts[1], ...parts.slice(2)];
    const out = [];
    for (const arc of arcs) {
        const group = [Number(arc & 0x7fn)];
        for (let n = arc >> 7n; n > 0n; n >>= 7n)
            group.unshift(Number(n & 0x7fn) | 0x80);
        out.push(...group);
    }
    return tlv(Tag.OID, Buffer.from(out));
}
const octetString = (data) => tlv(Tag.OCTET_STRING, data);
const utf8String = (text) => tlv(Tag.UTF8_STRING, Buffer.from(text, 'utf8'));
const printableString = (text) => tlv(Tag.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
const ia5String = (text) => tlv(Tag.IA5_STRING, Buffer.from(text, 'latin1'));
const nullValue = () => Buffer.from([Tag.NULL, 0]);
const boolean = (value) => tlv(Tag.BOOLEAN, Buffer.from([value ? 0xff : 0]));
/** A BIT STRING with no unused bits (keys, signatures). */
const bitString = (data) => tlv(Tag.BIT_STRING, Buffer.from([0]), data);
/**
 * A named BIT STRING (KeyUsage, PKIFailureInfo) with the given bit numbers set; DER drops
 * trailing zero bits, so the length and unused-bit count follow the highest bit set.
 */
function namedBitString(bits) {
    if (bits.length === 0)
        return Buffer.from([Tag.BIT_STRING, 1, 0]);
    const highest = Math.max(...bits);
    const bytes = Buffer.alloc((highest >> 3) + 1);
    for (const bit of bits)
        bytes[bit >> 3] = bytes[bit >> 3] | (0x80 >> (bit & 7));
    return tlv(Tag.BIT_STRING, Buffer.from([7 - (highest & 7)]), bytes);
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
    return tlv(Tag.UTC_TIME, Buffer.from(text, 'latin1'));
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
    return tlv(Tag.GENERALIZED_TIME, Buffer.from(text + 'Z', 'latin1'));
}
/** X.509 Time: UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
const x509Time = (date) => date.getUTCFullYear() < 2050 ? utcTime(date) : generalizedTime(date);
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
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `tag 0x${this.tag.toString(16)} is not constructed`);
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
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: expected tag 0x${tag.toString(16)}, found 0x${this.tag.toString(16)}`);
        }
        return this;
    }
    /** A non-negative INTEGER as a bigint. */
    toBigInt(what = 'INTEGER') {
        this.expect(Tag.INTEGER, what);
        if (this.value.length === 0)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: empty INTEGER`);
        if (this.value.length > 1 && this.value[0] === 0 && !(this.value[1] & 0x80)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: INTEGER is not minimally encoded`);
        }
        if (this.value[0] & 0x80) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: negative INTEGER`);
        }
        return BigInt('0x' + (this.value.toString('hex') || '0'));
    }
    /**
     * A two's-complement INTEGER as a bigint. Only for fields where real-world encoders emit
     * negative values (certificate and timestamp serials); everything else uses toBigInt.
     */
    toSignedBigInt(what = 'INTEGER') {
        this.expect(Tag.INTEGER, what);
        if (this.value.length === 0)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: empty INTEGER`);
        const [first, second] = this.value;
        if (this.value.length > 1 &&
            ((first === 0 && !(second & 0x80)) ||
                (first === 0xff && second & 0x80))) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: INTEGER is not minimally encoded`);
        }
        return BigInt.asIntN(this.value.length * 8, BigInt('0x' + this.value.toString('hex')));
    }
    /** The bit numbers set in a named BIT STRING (KeyUsage, PKIFailureInfo). */
    toNamedBits(what = 'BIT STRING') {
        this.expect(Tag.BIT_STRING, what);
        const unused = this.value[0];
        if (unused === undefined || unused > 7 || (this.value.length === 1 && unused !== 0)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: malformed BIT STRING`);
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
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: INTEGER too large`);
        }
        return Number(n);
    }
    toOid(what = 'OBJECT IDENTIFIER') {
        this.expect(Tag.OID, what);
        const arcs = [];
        let current = 0n;
        for (let i = 0; i < this.value.length; i++) {
            const byte = this.value[i];
            if (current === 0n && byte === 0x80) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: OID arc is not minimally encoded`);
            }
            current = (current << 7n) | BigInt(byte & 0x7f);
            if (!(byte & 0x80)) {
                arcs.push(current);
                current = 0n;
            }
            else if (i === this.value.length - 1) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: truncated OID`);
            }
        }
        const first = arcs.shift();
        if (first === undefined)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: empty OID`);
        const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
        return [...head, ...arcs].join('.');
    }
    toBoolean(what = 'BOOLEAN') {
        this.expect(Tag.BOOLEAN, what);
        if (this.value.length !== 1 || (this.value[0] !== 0 && this.value[0] !== 0xff)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: BOOLEAN must be 0x00 or 0xFF`);
        }
        return this.value[0] === 0xff;
    }
    /** UTCTime or GeneralizedTime (Z form only, as DER requires). */
    toDate(what = 'time') {
        const text = this.value.toString('latin1');
        let match;
        if (this.tag === Tag.UTC_TIME) {
            match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
            if (match) {
                const yy = Number(match[1]);
                match[1] = String(yy < 50 ? 2000 + yy : 1900 + yy);
            }
        }
        else if (this.tag === Tag.GENERALIZED_TIME) {
            match = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\.\d+)?Z$/.exec(text);
        }
        else {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: expected a UTCTime or GeneralizedTime`);
        }
        if (!match)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: malformed time ${text}`);
        const [, y, mo, d, h, mi, s, frac] = match;
        const ms = frac ? Math.floor(Number(frac) * 1000) : 0;
        const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
        if (Number.isNaN(date.getTime()))
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: invalid time`);
        return date;
    }
}
function readNode(input, offset) {
    if (offset + 2 > input.length)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'truncated DER header');
    const tag = input[offset];
    if ((tag & 0x1f) === 0x1f)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'multi-byte DER tags are not supported');
    let length = input[offset + 1];
    let header = 2;
    if (length & 0x80) {
        const count = length & 0x7f;
        if (count === 0)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'indefinite length is not DER');
        if (count > 4)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'DER length too large');
        if (offset + 2 + count > input.length)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'truncated DER length');
        length = 0;
        for (let i = 0; i < count; i++)
            length = length * 256 + input[offset + 2 + i];
        if (input[offset + 2] === 0 || length < 0x80) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'DER length is not minimally encoded');
        }
        header += count;
    }
    const end = offset + header + length;
    if (end > input.length)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'DER value runs past the end of input');
    return new DerNode(tag, input.subarray(offset, end), input.subarray(offset + header, end));
}
/** Decodes exactly one DER value occupying the whole input. */
function parseDer(input) {
    const buffer = Buffer.isBuffer(input)
        ? input
        : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const node = readNode(buffer, 0);
    if (node.raw.length !== buffer.length) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'trailing bytes after DER value');
    }
    return node;
}
//# sourceMappingURL=der.js.map

/***/ }),

/***/ 63317:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Av: () => (/* binding */ parseSubjectKeyIdentifier),
/* harmony export */   Bb: () => (/* binding */ spkiOf),
/* harmony export */   Gm: () => (/* binding */ certificatePublicKey),
/* harmony export */   Jm: () => (/* binding */ isCa),
/* harmony export */   NM: () => (/* binding */ parseExtKeyUsage),
/* harmony export */   Od: () => (/* binding */ verifySignature),
/* harmony export */   On: () => (/* binding */ algorithmOid),
/* harmony export */   T_: () => (/* binding */ describeName),
/* harmony export */   UG: () => (/* binding */ parseKeyUsage),
/* harmony export */   Ub: () => (/* binding */ isValidAt),
/* harmony export */   Vx: () => (/* binding */ OID),
/* harmony export */   XA: () => (/* binding */ verifyCertificateSignature),
/* harmony export */   _P: () => (/* binding */ parseBasicConstraints),
/* harmony export */   _X: () => (/* binding */ subjectAltNames),
/* harmony export */   bW: () => (/* binding */ findExtension),
/* harmony export */   dK: () => (/* binding */ isVerifiableAlgorithm),
/* harmony export */   hB: () => (/* binding */ parseCertificate)
/* harmony export */ });
/* unused harmony exports MAX_SERIAL_OCTETS, name, KEY_USAGE_BITS, keyUsage, extKeyUsage, basicConstraints, keyIdentifier, subjectKeyIdentifier, authorityKeyIdentifier, signatureAlgorithmIdentifier, signatureAlgorithmFor, signerFor, randomSerial, encodeExtension, buildTbs, appendExtension, assembleCertificate, buildCertificate, publicKeyOf, createSelfSignedCa, bitStringBytes, parseExtensionList, GENERAL_NAME_TAG */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _der_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(93218);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(50279);



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
    subjectAltName: '2.5.29.17',
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
function name(attributes) {
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
    for (const rdn of (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(nameDer).expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'Name').children()) {
        for (const atv of rdn.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SET, 'RelativeDistinguishedName').children()) {
            const [type, value] = atv.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'AttributeTypeAndValue').children();
            if (!type || !value)
                throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'AttributeTypeAndValue: too short');
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
 * Serials are cut from one block of CSPRNG output: a call into OpenSSL per serial cost about
 * 2.5 µs, a sixth of a timestamp's work besides its signature (docs/performance.md).
 */
const SERIAL_POOL_BYTES = MAX_SERIAL_OCTETS * 256;
let serialPool = Buffer.alloc(0);
let serialPoolOffset = 0;
/**
 * 20 random bytes, first byte forced into 0x01..0x7f: positive, never shortened by the
 * INTEGER encoder, and never a 21st octet for the sign.
 */
function randomSerial() {
    if (serialPoolOffset + MAX_SERIAL_OCTETS > serialPool.length) {
        serialPool = randomBytes(SERIAL_POOL_BYTES);
        serialPoolOffset = 0;
    }
    // A copy: each serial owns its bytes, and no byte of the pool is handed out twice.
    const serial = Buffer.from(serialPool.subarray(serialPoolOffset, (serialPoolOffset += MAX_SERIAL_OCTETS)));
    serial[0] = (serial[0] & 0x7f) | 0x01;
    return serial;
}
const VERSION_3 = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .integer */ .nd)(2));
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
/** Context tag [3] of a TBSCertificate's extension list. */
const EXTENSIONS_TAG = 0xa3;
/**
 * `tbs` with `extension` appended to its extension list: the same bytes `buildTbs` gives with
 * that extension last. A CA drafts one TBS and derives its precertificate (poison) and final
 * certificate (SCT list) from it without building either again.
 */
function appendExtension(tbs, extension) {
    const fields = parseDer(tbs).expect(Tag.SEQUENCE, 'TBSCertificate').children();
    const last = fields.at(-1);
    if (last?.tag !== EXTENSIONS_TAG) {
        throw new CoreError('DER_INVALID', 'the TBSCertificate has no extension list to extend');
    }
    const list = last.children()[0]?.expect(Tag.SEQUENCE, 'Extensions');
    if (list === undefined)
        throw new CoreError('DER_INVALID', 'the extension list is empty');
    return sequence(...fields.slice(0, -1).map((field) => field.raw), contextTag(3, sequence(list.value, encodeExtension(extension))));
}
/** A certificate from its TBS and the signature over it. */
const assembleCertificate = (tbs, algorithm, signature) => sequence(tbs, signatureAlgorithmIdentifier(algorithm), bitString(signature));
/** Builds and signs an X.509 v3 certificate; returns its DER. */
function buildCertificate(opts, sign) {
    const tbs = buildTbs(opts);
    return assembleCertificate(tbs, opts.signatureAlgorithm, sign(tbs));
}
/** The public half of a key (node:crypto refuses createPublicKey on a public KeyObject). */
const publicKeyOf = (key) => key.type === 'public' ? key : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key);
/** SubjectPublicKeyInfo DER of a key (public or private). */
const spkiOf = (key) => publicKeyOf(key).export({ type: 'spki', format: 'der' });
/** A self-signed root CA: KeyUsage keyCertSign|cRLSign and BasicConstraints CA:TRUE, both critical. */
function createSelfSignedCa(opts) {
    const publicKey = spkiOf(opts.privateKey);
    const subject = name([
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
    node.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.BIT_STRING, what);
    if (node.value[0] !== 0) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `${what}: BIT STRING unused bits must be 0`);
    }
    return node.value.subarray(1);
}
/**
 * The OID of an AlgorithmIdentifier. Parameters are not interpreted: every algorithm we verify
 * is identified by its OID alone, so unknown parameterised ones (RSA-PSS) simply don't verify.
 */
function algorithmOid(node, what) {
    if (!node)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `${what}: missing`);
    const [id, , extra] = node.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, what).children();
    if (!id || extra)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `${what}: malformed AlgorithmIdentifier`);
    return id.toOid(what);
}
/** Extensions ::= SEQUENCE OF Extension (certificates and CSR extensionRequests alike). */
function parseExtensionList(node) {
    const seen = new Set();
    return node
        .expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'extensions')
        .children()
        .map((ext) => {
        const fields = ext.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'Extension').children();
        const extOid = fields[0]?.toOid('extnID');
        if (!extOid || fields.length < 2 || fields.length > 3) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'Extension: malformed');
        }
        if (seen.has(extOid))
            throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `duplicate extension ${extOid}`);
        seen.add(extOid);
        const critical = fields.length === 3 ? fields[1].toBoolean('critical') : false;
        const value = fields[fields.length - 1].expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.OCTET_STRING, 'extnValue');
        return { oid: extOid, critical, value: value.value };
    });
}
/** A certificate's [3] extensions wrapper. */
function parseExtensions(node) {
    const list = node.children();
    if (list.length !== 1)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'extensions: expected one SEQUENCE');
    return parseExtensionList(list[0]);
}
/** Parses a DER certificate strictly enough to trust its fields; CoreError DER_INVALID otherwise. */
function parseCertificate(der) {
    const root = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(der).expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'Certificate');
    const [tbsNode, outerAlg, sigNode, extra] = root.children();
    if (!tbsNode || !outerAlg || !sigNode || extra) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'Certificate: expected tbsCertificate, algorithm, signature');
    }
    const fields = tbsNode.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'TBSCertificate').children();
    let i = 0;
    let version = 1;
    if (fields[0]?.tag === 0xa0) {
        const [v] = fields[0].children();
        if (!v)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'TBSCertificate: empty version');
        version = v.toNumber('version') + 1;
        if (version < 2 || version > 3) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `TBSCertificate: unsupported version ${version}`);
        }
        i++;
    }
    const next = (what) => {
        const node = fields[i++];
        if (!node)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `TBSCertificate: missing ${what}`);
        return node;
    };
    const serialNode = next('serialNumber');
    const serial = serialNode.toSignedBigInt('serialNumber');
    const innerAlg = next('signature');
    const issuer = next('issuer').expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'issuer');
    const validity = next('validity').expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'validity').children();
    if (validity.length !== 2)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'validity: expected two times');
    const subject = next('subject').expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'subject');
    const spki = next('subjectPublicKeyInfo').expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'subjectPublicKeyInfo');
    let extensions = [];
    for (; i < fields.length; i++) {
        const node = fields[i];
        if (node.tag === 0x81 || node.tag === 0x82)
            continue; // issuer/subject unique IDs (v2)
        if (node.tag === 0xa3 && version === 3 && i === fields.length - 1) {
            extensions = parseExtensions(node);
            continue;
        }
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `TBSCertificate: unexpected field 0x${node.tag.toString(16)}`);
    }
    if (!innerAlg.raw.equals(outerAlg.raw)) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'Certificate: signature algorithm differs from the TBS one');
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
// GeneralName CHOICE tags (implicit, primitive): rfc822Name [1], uniformResourceIdentifier [6].
const GENERAL_NAME_TAG = { email: 0x81, uri: 0x86 };
/** The URI and e-mail names of a certificate's SAN, in order; none without the extension. */
function subjectAltNames(cert) {
    const sanExt = findExtension(cert, OID.subjectAltName);
    if (sanExt === undefined)
        return [];
    return (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(sanExt.value)
        .expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'SubjectAltName')
        .children()
        .flatMap((name) => {
        if (name.tag === GENERAL_NAME_TAG.uri)
            return [{ type: 'uri', value: name.value.toString() }];
        if (name.tag === GENERAL_NAME_TAG.email)
            return [{ type: 'email', value: name.value.toString() }];
        return [];
    });
}
/** The OIDs of an ExtendedKeyUsage extnValue. */
const parseExtKeyUsage = (value) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(value)
    .expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'ExtendedKeyUsage')
    .children()
    .map((n) => n.toOid('KeyPurposeId'));
/** The usages set in a KeyUsage extnValue. */
function parseKeyUsage(value) {
    const bits = new Set((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(value).toNamedBits('KeyUsage'));
    return new Set(Object.keys(KEY_USAGE_BITS).filter((u) => bits.has(KEY_USAGE_BITS[u])));
}
/** BasicConstraints extnValue: cA and the optional pathLenConstraint. */
function parseBasicConstraints(value) {
    const fields = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(value).expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'BasicConstraints').children();
    let i = 0;
    let ca = false;
    if (fields[i]?.tag === _der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.BOOLEAN)
        ca = fields[i++].toBoolean('cA');
    const pathLen = fields[i] ? fields[i++].toNumber('pathLenConstraint') : undefined;
    if (i !== fields.length)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'BasicConstraints: malformed');
    return pathLen === undefined ? { ca } : { ca, pathLen };
}
/** The key identifier in a SubjectKeyIdentifier extnValue. */
const parseSubjectKeyIdentifier = (value) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(value).expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.OCTET_STRING, 'SubjectKeyIdentifier').value;
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
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(info.hash, data, publicKey, signature);
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
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: cert.publicKey, format: 'der', type: 'spki' });
    }
    catch (error) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'subjectPublicKeyInfo: unsupported or malformed key', {
            cause: error,
        });
    }
}
/** Whether `when` lies within the certificate's validity period (both ends inclusive). */
const isValidAt = (cert, when) => cert.notBefore.getTime() <= when.getTime() && when.getTime() <= cert.notAfter.getTime();
//# sourceMappingURL=x509.js.map

/***/ }),

/***/ 44005:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ VerifyError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50279);

class VerifyError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
    check;
    expected;
    actual;
    constructor(code, message, details) {
        super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
        this.check = details.check;
        this.expected = details.expected;
        this.actual = details.actual;
    }
}
//# sourceMappingURL=error.js.map

/***/ })

};
