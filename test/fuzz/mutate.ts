import type { SeededRandom } from '../helpers/random.js';

/**
 * The fuzzer's mutations: AFL-style byte operations stacked a few at a time ("havoc"), a
 * splice of two corpus entries, tokens from the target's dictionary, and cheap structure-aware
 * edits for the shapes the targets take (JSON, DER, base64url-JSON tokens, line-based text)
 * that keep the input parseable enough to reach the checks behind the parser.
 */

/** How a target's inputs are built, so structure-aware mutations know what to edit. */
export type InputShape = 'bytes' | 'der' | 'json' | 'jwt' | 'text';

export interface MutationContext {
  random: SeededRandom;
  shape: InputShape;
  dictionary: readonly Buffer[];
  /** Another corpus entry, for splicing. */
  other: () => Buffer;
  maxBytes: number;
}

const INTERESTING_8 = [0x00, 0x01, 0x02, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x10, 0x20, 0x40, 0x64];
const INTERESTING_32 = [
  0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
  0xffffffff,
];

/** Tags a DER mutation swaps in: the universal ones the parsers meet, context tags, garbage. */
const DER_TAGS = [
  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0a, 0x0c, 0x13, 0x16, 0x17, 0x18, 0x1e, 0x30, 0x31, 0x80,
  0x81, 0x82, 0xa0, 0xa1, 0xa2, 0xa3, 0x1f, 0x3f, 0xff, 0x00,
];

/** Length encodings that break the DER rules one way or another. */
const BAD_LENGTHS: readonly (readonly number[])[] = [
  [0x80],
  [0x81, 0x00],
  [0x81, 0x05],
  [0x82, 0x00, 0x01],
  [0x84, 0xff, 0xff, 0xff, 0xff],
  [0x84, 0x7f, 0xff, 0xff, 0xff],
  [0x88, 0, 0, 0, 0, 0, 0, 0, 1],
  [0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0],
  [0xff],
  [0x00],
];

/** JSON values that sit on the edges of what validators expect. */
const JSON_EDGES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  '',
  ' ',
  '\u0000',
  '\n',
  'A'.repeat(300),
  '-1',
  '0x10',
  'NaN',
  '\u202e',
  '=',
  '====',
  [],
  [null],
  {},
  { '': null },
  [[[[[[[[]]]]]]]],
];

/** Raw JSON texts JSON.stringify cannot produce, put in with a placeholder. */
const JSON_RAW = ['1e999', '-0', '123456789012345678901234567890', '1E-400', '"\\ud800"'];
const RAW_MARKER = '\u0001raw\u0001';

const BASE64 = /^[A-Za-z0-9+/]{8,}={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]{4,}$/;

export function mutate(input: Buffer, ctx: MutationContext): Buffer {
  const { random } = ctx;
  let out = input;
  const structured = random.next() < 0.5 ? structureMutation(out, ctx) : undefined;
  if (structured !== undefined) {
    out = structured;
    if (random.next() < 0.5) return clamp(out, ctx.maxBytes);
  }
  const rounds = 1 << random.int(0, 3);
  for (let i = 0; i < rounds; i++) out = byteMutation(out, ctx);
  return clamp(out, ctx.maxBytes);
}

const clamp = (data: Buffer, max: number): Buffer =>
  data.length > max ? data.subarray(0, max) : data;

function structureMutation(input: Buffer, ctx: MutationContext): Buffer | undefined {
  switch (ctx.shape) {
    case 'der':
      return derMutation(input, ctx);
    case 'json':
      return jsonMutation(input, ctx);
    case 'jwt':
      return jwtMutation(input, ctx);
    case 'text':
      return lineMutation(input, ctx);
    case 'bytes':
      return undefined;
  }
}

// ---------------------------------------------------------------- bytes

function byteMutation(data: Buffer, ctx: MutationContext): Buffer {
  const { random } = ctx;
  const at = (extra = 0): number => random.int(0, Math.max(0, data.length - 1 + extra));
  // Setting a byte to any value is the one way past a comparison with a constant, so it is
  // drawn three times as often as the other operations.
  const drawn = random.int(0, 13);
  const op = drawn > 11 ? 1 : drawn;
  if (data.length === 0 && op < 6) return Buffer.from([random.int(0, 255)]);
  switch (op) {
    case 0: {
      const copy = Buffer.from(data);
      const i = at();
      copy[i] = (copy[i] as number) ^ (1 << random.int(0, 7));
      return copy;
    }
    case 1: {
      const copy = Buffer.from(data);
      copy[at()] = random.int(0, 255);
      return copy;
    }
    case 2: {
      const copy = Buffer.from(data);
      copy[at()] = random.pick(INTERESTING_8) as number;
      return copy;
    }
    case 3: {
      const copy = Buffer.from(data);
      const i = at();
      copy[i] = ((copy[i] as number) + random.int(-16, 16)) & 0xff;
      return copy;
    }
    case 4: {
      const value = random.pick(INTERESTING_32) as number;
      const width = random.pick([2, 4]) as 2 | 4;
      if (data.length < width) return data;
      const copy = Buffer.from(data);
      const i = random.int(0, data.length - width);
      const big = random.next() < 0.5;
      if (width === 2) {
        if (big) copy.writeUInt16BE(value & 0xffff, i);
        else copy.writeUInt16LE(value & 0xffff, i);
      } else if (big) copy.writeUInt32BE(value >>> 0, i);
      else copy.writeUInt32LE(value >>> 0, i);
      return copy;
    }
    case 5: {
      const start = at();
      const length = random.int(1, Math.min(data.length - start, 1 << random.int(0, 6)));
      return Buffer.concat([data.subarray(0, start), data.subarray(start + length)]);
    }
    case 6: {
      const i = at(1);
      const bytes = Buffer.alloc(1 << random.int(0, 4));
      for (let k = 0; k < bytes.length; k++) bytes[k] = random.int(0, 255);
      return Buffer.concat([data.subarray(0, i), bytes, data.subarray(i)]);
    }
    case 7: {
      if (data.length === 0) return data;
      const start = at();
      const length = random.int(1, Math.min(data.length - start, 1 << random.int(0, 8)));
      const i = at(1);
      const copy = data.subarray(start, start + length);
      return Buffer.concat([data.subarray(0, i), copy, data.subarray(i)]);
    }
    case 8:
    case 9: {
      const token = random.pick(ctx.dictionary);
      if (token === undefined) return data;
      const i = at(1);
      // Insert, or overwrite what is there.
      const end = op === 8 ? i : Math.min(data.length, i + token.length);
      return Buffer.concat([data.subarray(0, i), token, data.subarray(end)]);
    }
    case 10: {
      const other = ctx.other();
      const cutA = at(1);
      const cutB = random.int(0, other.length);
      return Buffer.concat([data.subarray(0, cutA), other.subarray(cutB)]);
    }
    default:
      return data.subarray(0, at(1));
  }
}

// ---------------------------------------------------------------- DER

/** A TLV as read leniently: anything that does not parse as children is a leaf. */
interface Tlv {
  tag: Buffer;
  content: Buffer;
  children?: Tlv[];
}

/** Reads TLVs back to back; undefined when the bytes are not a clean sequence of them. */
function readTlvs(data: Buffer, depth: number): Tlv[] | undefined {
  const nodes: Tlv[] = [];
  let i = 0;
  while (i < data.length) {
    const tagStart = i;
    const first = data[i++] as number;
    if ((first & 0x1f) === 0x1f) {
      while (i < data.length && ((data[i] as number) & 0x80) !== 0) i++;
      i++;
    }
    if (i >= data.length) return undefined;
    const tag = data.subarray(tagStart, i);
    let length = data[i++] as number;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 3 || i + count > data.length) return undefined;
      length = 0;
      for (let k = 0; k < count; k++) length = length * 256 + (data[i++] as number);
    }
    if (i + length > data.length) return undefined;
    const content = data.subarray(i, i + length);
    i += length;
    const node: Tlv = { tag, content };
    if ((first & 0x20) !== 0 && depth < 32) node.children = readTlvs(content, depth + 1);
    nodes.push(node);
  }
  return nodes;
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Re-encodes with every length right, except a node given a deliberately bad header. */
function encodeTlvs(nodes: readonly Tlv[], broken?: { node: Tlv; length: Buffer }): Buffer {
  return Buffer.concat(
    nodes.map((node) => {
      const content = node.children ? encodeTlvs(node.children, broken) : node.content;
      const length = broken?.node === node ? broken.length : encodeLength(content.length);
      return Buffer.concat([node.tag, length, content]);
    }),
  );
}

function allNodes(nodes: Tlv[], into: { node: Tlv; siblings: Tlv[] }[] = []) {
  for (const node of nodes) {
    into.push({ node, siblings: nodes });
    if (node.children) allNodes(node.children, into);
  }
  return into;
}

function derMutation(data: Buffer, ctx: MutationContext): Buffer | undefined {
  const { random } = ctx;
  const roots = readTlvs(data, 0);
  if (roots === undefined || roots.length === 0) return undefined;
  const nodes = allNodes(roots);
  const picked = random.pick(nodes);
  if (picked === undefined) return undefined;
  const { node, siblings } = picked;
  const index = siblings.indexOf(node);
  switch (random.int(0, 7)) {
    case 0:
      node.tag = Buffer.from([random.pick(DER_TAGS) as number]);
      if ((node.tag[0] as number) & 0x20) node.children = readTlvs(node.content, 1);
      else delete node.children;
      break;
    case 1:
      return encodeTlvs(roots, { node, length: Buffer.from(random.pick(BAD_LENGTHS) ?? [0]) });
    case 2: {
      const length = node.children ? encodeTlvs(node.children).length : node.content.length;
      const off = encodeLength(Math.max(0, length + random.pick([-1, 1, 2, -2])!));
      return encodeTlvs(roots, { node, length: off });
    }
    case 3:
      siblings.splice(index, 1);
      break;
    case 4:
      siblings.splice(index, 0, node);
      break;
    case 5: {
      // Another node of the tree (or of another corpus entry) in this one's place.
      const donorTree = random.next() < 0.5 ? roots : readTlvs(ctx.other(), 0);
      const donor = donorTree && random.pick(allNodes(donorTree));
      // A copy, as the donor may be an ancestor of the node it replaces.
      const copy = donor && readTlvs(encodeTlvs([donor.node]), 0)?.[0];
      if (copy) siblings[index] = copy;
      break;
    }
    case 6: {
      delete node.children;
      let content = node.content;
      for (let k = random.int(1, 3); k > 0; k--) content = byteMutation(content, ctx);
      node.content = content;
      break;
    }
    default:
      // An empty value of the same type: zero-length INTEGER, OID, SEQUENCE ...
      node.content = Buffer.alloc(0);
      node.children = node.children ? [] : undefined;
      if (node.children === undefined) delete node.children;
  }
  return encodeTlvs(roots);
}

// ---------------------------------------------------------------- JSON

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

interface Slot {
  parent: JsonValue[] | { [key: string]: JsonValue };
  key: string | number;
}

function slots(value: JsonValue, into: Slot[] = [], depth = 0): Slot[] {
  if (depth > 64 || value === null || typeof value !== 'object') return into;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      into.push({ parent: value, key: i });
      slots(item, into, depth + 1);
    });
  } else {
    for (const [key, item] of Object.entries(value)) {
      into.push({ parent: value, key });
      slots(item, into, depth + 1);
    }
  }
  return into;
}

const get = (slot: Slot): JsonValue =>
  (slot.parent as Record<string | number, JsonValue>)[slot.key] as JsonValue;
const set = (slot: Slot, value: JsonValue): void => {
  (slot.parent as Record<string | number, JsonValue>)[slot.key] = value;
};

function jsonMutation(data: Buffer, ctx: MutationContext): Buffer | undefined {
  let doc: JsonValue;
  try {
    doc = JSON.parse(data.toString('utf8')) as JsonValue;
  } catch {
    return undefined;
  }
  const text = mutateJsonValue(doc, ctx);
  return text === undefined ? undefined : Buffer.from(text, 'utf8');
}

/** One edit somewhere in `doc`, serialised; undefined when there was nothing to edit. */
function mutateJsonValue(doc: JsonValue, ctx: MutationContext): string | undefined {
  const { random } = ctx;
  const all = slots(doc);
  const slot = random.pick(all);
  if (slot === undefined) return JSON.stringify(random.pick(JSON_EDGES));
  let raw: string | undefined;
  const value = get(slot);
  switch (random.int(0, 7)) {
    case 0:
    case 1:
      set(slot, structuredClone(random.pick(JSON_EDGES)) as JsonValue);
      break;
    case 2:
      // Another node's value here: the wrong type, or a right-typed wrong value.
      set(slot, structuredClone(get(random.pick(all) as Slot)));
      break;
    case 3:
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      break;
    case 4:
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 0, value);
      else {
        const token = random.pick(ctx.dictionary)?.toString('utf8').replace(/^"|"$/g, '');
        if (token !== undefined) slot.parent[token] = structuredClone(value);
      }
      break;
    case 5:
      raw = random.pick(JSON_RAW) as string;
      set(slot, RAW_MARKER);
      break;
    default:
      if (typeof value === 'string') set(slot, mutateString(value, ctx));
      else if (typeof value === 'number') set(slot, value + random.pick([-1, 1, 2 ** 32])!);
      else set(slot, structuredClone(random.pick(JSON_EDGES)) as JsonValue);
  }
  const text = JSON.stringify(doc);
  return raw === undefined ? text : text.replace(JSON.stringify(RAW_MARKER), raw);
}

/** base64 (of DER, mostly) is decoded, mutated as bytes and re-encoded; else bytes of text. */
function mutateString(value: string, ctx: MutationContext): string {
  if (BASE64.test(value) && value.length % 4 === 0) {
    const bytes = Buffer.from(value, 'base64');
    const mutated =
      (bytes[0] === 0x30 ? derMutation(bytes, ctx) : undefined) ?? byteMutation(bytes, ctx);
    return mutated.toString('base64');
  }
  if (BASE64URL.test(value) && ctx.random.next() < 0.5) {
    return byteMutation(Buffer.from(value, 'base64url'), ctx).toString('base64url');
  }
  return byteMutation(Buffer.from(value, 'utf8'), ctx).toString('utf8');
}

// ---------------------------------------------------------------- JWT, text

/** A compact JWS: one of its segments decoded, edited as JSON or bytes, re-encoded. */
function jwtMutation(data: Buffer, ctx: MutationContext): Buffer | undefined {
  const parts = data.toString('latin1').split('.');
  const i = ctx.random.int(0, parts.length - 1);
  const decoded = Buffer.from(parts[i] ?? '', 'base64url');
  const edited = jsonMutation(decoded, ctx) ?? byteMutation(decoded, ctx);
  parts[i] = edited.toString('base64url');
  return Buffer.from(parts.join('.'), 'latin1');
}

function lineMutation(data: Buffer, ctx: MutationContext): Buffer | undefined {
  const { random } = ctx;
  const lines = data.toString('utf8').split('\n');
  const i = random.int(0, lines.length - 1);
  switch (random.int(0, 4)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[i] as string);
      break;
    case 2: {
      const j = random.int(0, lines.length - 1);
      [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
      break;
    }
    case 3: {
      const token = random.pick(ctx.dictionary)?.toString('utf8') ?? '';
      const line = lines[i] as string;
      const at = random.int(0, line.length);
      lines[i] = line.slice(0, at) + token + line.slice(at);
      break;
    }
    default: {
      // One whitespace-separated word replaced by a dictionary token or a mutated copy.
      const words = (lines[i] as string).split(' ');
      const w = random.int(0, words.length - 1);
      const token = random.pick(ctx.dictionary);
      words[w] =
        token && random.next() < 0.5
          ? token.toString('utf8')
          : byteMutation(Buffer.from(words[w] as string), ctx).toString('utf8');
      lines[i] = words.join(' ');
    }
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}
