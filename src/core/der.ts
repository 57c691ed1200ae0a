import { CoreError } from './error.js';

/**
 * A small DER (X.690) encoder and strict decoder. Hot paths (timestamps, certificates) build
 * their structures from these functions directly instead of going through a schema library.
 */

export const Tag = {
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
} as const;

// ---------------------------------------------------------------- encoding

/** Octets after the first in a definite length's encoding (0 for the short form). */
function longLengthOctets(length: number): number {
  if (length < 0x80) return 0;
  let octets = 0;
  for (let n = length; n > 0; n = Math.floor(n / 256)) octets++;
  return octets;
}

/**
 * One TLV with the given tag byte around already-encoded content. Certificates and timestamps
 * nest dozens of these, so each is one allocation and one copy of its content, not a chain of
 * concatenations (which showed as garbage collection on the CA's event loop).
 */
export function tlv(tag: number, ...content: Uint8Array[]): Buffer {
  let length = 0;
  for (const part of content) length += part.length;
  const octets = longLengthOctets(length);
  const out = Buffer.allocUnsafe(2 + octets + length);
  out[0] = tag;
  let offset: number;
  if (octets === 0) {
    out[1] = length;
    offset = 2;
  } else {
    out[1] = 0x80 | octets;
    for (let i = octets, n = length; i >= 1; i--, n = Math.floor(n / 256)) out[1 + i] = n & 0xff;
    offset = 2 + octets;
  }
  for (const part of content) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(Tag.SEQUENCE, ...items);

/** A SET OF with its elements sorted by their encodings, as DER requires. */
export function setOf(...items: Uint8Array[]): Buffer {
  const sorted = [...items].sort((a, b) => Buffer.compare(a, b));
  return tlv(Tag.SET, ...sorted);
}

/** Context-specific tag [n]: constructed (explicit, or implicit over a constructed type) by default. */
export function contextTag(n: number, content: Uint8Array, constructed = true): Buffer {
  return tlv((constructed ? 0xa0 : 0x80) | n, content);
}

/** An INTEGER from a number, bigint, or unsigned big-endian magnitude. */
export function integer(value: number | bigint | Uint8Array): Buffer {
  let bytes: Buffer;
  if (value instanceof Uint8Array) {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    bytes = Buffer.from(value.subarray(start));
    if (bytes.length === 0) bytes = Buffer.from([0]);
    if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return tlv(Tag.INTEGER, bytes);
  }
  let n = BigInt(value);
  if (n < 0n) throw new CoreError('DER_INVALID', 'negative INTEGER encoding is not supported');
  const out: number[] = [];
  do {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  if ((out[0] as number) & 0x80) out.unshift(0);
  return tlv(Tag.INTEGER, Buffer.from(out));
}

/**
 * Encoded OIDs by dotted string. Certificates are built from a few dozen fixed OIDs, and
 * encoding one (regex, BigInt arithmetic) cost more than the rest of a TBS; the bound keeps
 * arbitrary callers from growing it without limit.
 */
const OID_CACHE = new Map<string, Buffer>();
export const OID_CACHE_LIMIT = 1024;

export function oid(dotted: string): Buffer {
  const cached = OID_CACHE.get(dotted);
  if (cached) return cached;
  const encoded = encodeOid(dotted);
  if (OID_CACHE.size >= OID_CACHE_LIMIT) OID_CACHE.clear();
  OID_CACHE.set(dotted, encoded);
  return encoded;
}

function encodeOid(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => {
    if (!/^\d+$/.test(p)) throw new CoreError('DER_INVALID', `invalid OID ${dotted}`);
    return BigInt(p);
  });
  if (parts.length < 2) throw new CoreError('DER_INVALID', `invalid OID ${dotted}`);
  const arcs = [(parts[0] as bigint) * 40n + (parts[1] as bigint), ...parts.slice(2)];
  const out: number[] = [];
  for (const arc of arcs) {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let n = arc >> 7n; n > 0n; n >>= 7n) group.unshift(Number(n & 0x7fn) | 0x80);
    out.push(...group);
  }
  return tlv(Tag.OID, Buffer.from(out));
}

export const octetString = (data: Uint8Array): Buffer => tlv(Tag.OCTET_STRING, data);
export const utf8String = (text: string): Buffer => tlv(Tag.UTF8_STRING, Buffer.from(text, 'utf8'));
export const printableString = (text: string): Buffer =>
  tlv(Tag.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
export const ia5String = (text: string): Buffer => tlv(Tag.IA5_STRING, Buffer.from(text, 'latin1'));
export const nullValue = (): Buffer => Buffer.from([Tag.NULL, 0]);
export const boolean = (value: boolean): Buffer =>
  tlv(Tag.BOOLEAN, Buffer.from([value ? 0xff : 0]));

/** A BIT STRING with no unused bits (keys, signatures). */
export const bitString = (data: Uint8Array): Buffer => tlv(Tag.BIT_STRING, Buffer.from([0]), data);

/**
 * A named BIT STRING (KeyUsage, PKIFailureInfo) with the given bit numbers set; DER drops
 * trailing zero bits, so the length and unused-bit count follow the highest bit set.
 */
export function namedBitString(bits: readonly number[]): Buffer {
  if (bits.length === 0) return Buffer.from([Tag.BIT_STRING, 1, 0]);
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc((highest >> 3) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] as number) | (0x80 >> (bit & 7));
  return tlv(Tag.BIT_STRING, Buffer.from([7 - (highest & 7)]), bytes);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** UTCTime `YYMMDDHHMMSSZ`, valid for 1950..2049 as RFC 5280 requires. */
export function utcTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 2049) {
    throw new CoreError('DER_INVALID', `UTCTime cannot represent year ${year}`);
  }
  const text =
    pad(year % 100) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    'Z';
  return tlv(Tag.UTC_TIME, Buffer.from(text, 'latin1'));
}

/** GeneralizedTime `YYYYMMDDHHMMSS[.fff]Z`; fractional seconds only when non-zero, trailing zeros dropped. */
export function generalizedTime(date: Date, withMillis = false): Buffer {
  let text =
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds());
  const ms = date.getUTCMilliseconds();
  if (withMillis && ms !== 0) text += '.' + pad(ms, 3).replace(/0+$/, '');
  return tlv(Tag.GENERALIZED_TIME, Buffer.from(text + 'Z', 'latin1'));
}

/** X.509 Time: UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
export const x509Time = (date: Date): Buffer =>
  date.getUTCFullYear() < 2050 ? utcTime(date) : generalizedTime(date);

// ---------------------------------------------------------------- decoding

/** One decoded TLV; `value` is a view into the input, `raw` the whole encoding. */
export class DerNode {
  constructor(
    readonly tag: number,
    readonly raw: Buffer,
    readonly value: Buffer,
  ) {}

  get constructed(): boolean {
    return (this.tag & 0x20) !== 0;
  }

  /** The children of a constructed node, decoded strictly. */
  children(): DerNode[] {
    if (!this.constructed) {
      throw new CoreError('DER_INVALID', `tag 0x${this.tag.toString(16)} is not constructed`);
    }
    const out: DerNode[] = [];
    let offset = 0;
    while (offset < this.value.length) {
      const node = readNode(this.value, offset);
      out.push(node);
      offset += node.raw.length;
    }
    return out;
  }

  expect(tag: number, what: string): this {
    if (this.tag !== tag) {
      throw new CoreError(
        'DER_INVALID',
        `${what}: expected tag 0x${tag.toString(16)}, found 0x${this.tag.toString(16)}`,
      );
    }
    return this;
  }

  /** A non-negative INTEGER as a bigint. */
  toBigInt(what = 'INTEGER'): bigint {
    this.expect(Tag.INTEGER, what);
    if (this.value.length === 0) throw new CoreError('DER_INVALID', `${what}: empty INTEGER`);
    if (this.value.length > 1 && this.value[0] === 0 && !((this.value[1] as number) & 0x80)) {
      throw new CoreError('DER_INVALID', `${what}: INTEGER is not minimally encoded`);
    }
    if ((this.value[0] as number) & 0x80) {
      throw new CoreError('DER_INVALID', `${what}: negative INTEGER`);
    }
    return BigInt('0x' + (this.value.toString('hex') || '0'));
  }

  /**
   * A two's-complement INTEGER as a bigint. Only for fields where real-world encoders emit
   * negative values (certificate and timestamp serials); everything else uses toBigInt.
   */
  toSignedBigInt(what = 'INTEGER'): bigint {
    this.expect(Tag.INTEGER, what);
    if (this.value.length === 0) throw new CoreError('DER_INVALID', `${what}: empty INTEGER`);
    const [first, second] = this.value;
    if (
      this.value.length > 1 &&
      ((first === 0 && !((second as number) & 0x80)) ||
        (first === 0xff && (second as number) & 0x80))
    ) {
      throw new CoreError('DER_INVALID', `${what}: INTEGER is not minimally encoded`);
    }
    return BigInt.asIntN(this.value.length * 8, BigInt('0x' + this.value.toString('hex')));
  }

  /** The bit numbers set in a named BIT STRING (KeyUsage, PKIFailureInfo). */
  toNamedBits(what = 'BIT STRING'): number[] {
    this.expect(Tag.BIT_STRING, what);
    const unused = this.value[0];
    if (unused === undefined || unused > 7 || (this.value.length === 1 && unused !== 0)) {
      throw new CoreError('DER_INVALID', `${what}: malformed BIT STRING`);
    }
    const bits: number[] = [];
    for (let i = 1; i < this.value.length; i++) {
      const byte = this.value[i] as number;
      for (let b = 0; b < 8; b++) if (byte & (0x80 >> b)) bits.push((i - 1) * 8 + b);
    }
    return bits;
  }

  toNumber(what = 'INTEGER'): number {
    const n = this.toBigInt(what);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new CoreError('DER_INVALID', `${what}: INTEGER too large`);
    }
    return Number(n);
  }

  toOid(what = 'OBJECT IDENTIFIER'): string {
    this.expect(Tag.OID, what);
    const arcs: bigint[] = [];
    let current = 0n;
    for (let i = 0; i < this.value.length; i++) {
      const byte = this.value[i] as number;
      if (current === 0n && byte === 0x80) {
        throw new CoreError('DER_INVALID', `${what}: OID arc is not minimally encoded`);
      }
      current = (current << 7n) | BigInt(byte & 0x7f);
      if (!(byte & 0x80)) {
        arcs.push(current);
        current = 0n;
      } else if (i === this.value.length - 1) {
        throw new CoreError('DER_INVALID', `${what}: truncated OID`);
      }
    }
    const first = arcs.shift();
    if (first === undefined) throw new CoreError('DER_INVALID', `${what}: empty OID`);
    const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
    return [...head, ...arcs].join('.');
  }

  toBoolean(what = 'BOOLEAN'): boolean {
    this.expect(Tag.BOOLEAN, what);
    if (this.value.length !== 1 || (this.value[0] !== 0 && this.value[0] !== 0xff)) {
      throw new CoreError('DER_INVALID', `${what}: BOOLEAN must be 0x00 or 0xFF`);
    }
    return this.value[0] === 0xff;
  }

  /** UTCTime or GeneralizedTime (Z form only, as DER requires). */
  toDate(what = 'time'): Date {
    const text = this.value.toString('latin1');
    let match: RegExpMatchArray | null;
    if (this.tag === Tag.UTC_TIME) {
      match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
      if (match) {
        const yy = Number(match[1]);
        match[1] = String(yy < 50 ? 2000 + yy : 1900 + yy);
      }
    } else if (this.tag === Tag.GENERALIZED_TIME) {
      match = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\.\d+)?Z$/.exec(text);
    } else {
      throw new CoreError('DER_INVALID', `${what}: expected a UTCTime or GeneralizedTime`);
    }
    if (!match) throw new CoreError('DER_INVALID', `${what}: malformed time ${text}`);
    const [, y, mo, d, h, mi, s, frac] = match;
    const ms = frac ? Math.floor(Number(frac) * 1000) : 0;
    const date = new Date(
      Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms),
    );
    if (Number.isNaN(date.getTime())) throw new CoreError('DER_INVALID', `${what}: invalid time`);
    return date;
  }
}

function readNode(input: Buffer, offset: number): DerNode {
  if (offset + 2 > input.length) throw new CoreError('DER_INVALID', 'truncated DER header');
  const tag = input[offset] as number;
  if ((tag & 0x1f) === 0x1f)
    throw new CoreError('DER_INVALID', 'multi-byte DER tags are not supported');
  let length = input[offset + 1] as number;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) throw new CoreError('DER_INVALID', 'indefinite length is not DER');
    if (count > 4) throw new CoreError('DER_INVALID', 'DER length too large');
    if (offset + 2 + count > input.length)
      throw new CoreError('DER_INVALID', 'truncated DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (input[offset + 2 + i] as number);
    if (input[offset + 2] === 0 || length < 0x80) {
      throw new CoreError('DER_INVALID', 'DER length is not minimally encoded');
    }
    header += count;
  }
  const end = offset + header + length;
  if (end > input.length)
    throw new CoreError('DER_INVALID', 'DER value runs past the end of input');
  return new DerNode(tag, input.subarray(offset, end), input.subarray(offset + header, end));
}

/** Decodes exactly one DER value occupying the whole input. */
export function parseDer(input: Uint8Array): DerNode {
  const buffer = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const node = readNode(buffer, 0);
  if (node.raw.length !== buffer.length) {
    throw new CoreError('DER_INVALID', 'trailing bytes after DER value');
  }
  return node;
}
