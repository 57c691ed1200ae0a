import { fromBase64 } from '../../core/base64.js';
import { dsseIndexKeys } from './dsse.js';
import { object } from './fields.js';
import { hashedRekordIndexKeys } from './hashedrekord.js';
import { intotoV001IndexKeys, intotoV002IndexKeys } from './intoto.js';
import { RekorV1Error } from './kinds.js';
import { parseV1PublicKey, publicKeyDigest } from './public-key.js';

/**
 * The search index behind `POST /api/v1/index/retrieve` (upstream pkg/api/index.go): index keys
 * computed from logged bodies, and the query that looks them up. The keys come from the body
 * alone, so the index is a function of the log and is rebuilt from it at start-up. Upstream also
 * indexes the subject and material digests of in-toto payloads, which its Redis index keeps
 * beside the log; the log here does not hold payloads, so those keys are not indexed.
 */

const INDEX_KEYS: Readonly<Record<string, (spec: unknown) => string[]>> = {
  'hashedrekord/0.0.1': hashedRekordIndexKeys,
  'dsse/0.0.1': dsseIndexKeys,
  'intoto/0.0.1': intotoV001IndexKeys,
  'intoto/0.0.2': intotoV002IndexKeys,
};

/**
 * The index keys of a logged body: artifact and payload digests ("<algorithm>:<hex>"), key
 * digests and certificate SANs, lowercased, as upstream's IndexKeys() for the body's kind.
 * A body of a kind this log does not index has none.
 */
export function indexKeysOfBody(body: Buffer): string[] {
  let entry: Record<string, unknown>;
  try {
    entry = object(JSON.parse(body.toString('utf8')), 'the entry body');
  } catch (error) {
    if (error instanceof RekorV1Error) throw error;
    throw new RekorV1Error('ENTRY_INVALID', 'the entry body is not JSON');
  }
  const keysOf = INDEX_KEYS[`${String(entry.kind)}/${String(entry.apiVersion)}`];
  return keysOf === undefined ? [] : [...new Set(keysOf(entry.spec))];
}

/** A parsed index/retrieve query: one lookup key per criterion, combined by `operator`. */
export interface V1SearchQuery {
  operator: 'and' | 'or';
  keys: string[];
}

const queryInvalid = (reason: string): RekorV1Error => new RekorV1Error('QUERY_INVALID', reason);

/** The `publicKey.format` values upstream's schema lists; only x509 is indexed here. */
const KEY_FORMATS = ['pgp', 'x509', 'minisign', 'ssh', 'tuf'];

const HASH = /^(sha512:)?[0-9a-fA-F]{128}$|^(sha256:)?[0-9a-fA-F]{64}$|^(sha1:)?[0-9a-fA-F]{40}$/;

const PREFIX_BY_LENGTH: Readonly<Record<number, string>> = {
  40: 'sha1:',
  64: 'sha256:',
  96: 'sha384:',
  128: 'sha512:',
};

/** Upstream's subject limit (SearchIndex.subject maxLength). */
export const MAX_SUBJECT_LENGTH = 512;

function publicKeyCriterion(value: unknown): string {
  const publicKey = object(value, 'publicKey');
  const format = publicKey.format;
  if (typeof format !== 'string' || !KEY_FORMATS.includes(format)) {
    throw queryInvalid(
      `publicKey.format must be one of ${KEY_FORMATS.join(', ')}, got ${JSON.stringify(format)}`,
    );
  }
  if (format !== 'x509') {
    throw queryInvalid(
      `publicKey.format ${format} is not supported by this log: its entries hold x509 keys only`,
    );
  }
  if (publicKey.url !== undefined) {
    throw queryInvalid(
      'publicKey.url is not fetched by this log; send the key in publicKey.content',
    );
  }
  if (typeof publicKey.content !== 'string' || publicKey.content === '') {
    throw queryInvalid('publicKey.content must be the base64 of a PEM key or certificate');
  }
  try {
    const pem = fromBase64(publicKey.content, 'publicKey.content');
    return publicKeyDigest(parseV1PublicKey(pem, 'publicKey.content'));
  } catch (error) {
    throw queryInvalid((error as Error).message);
  }
}

/** Reads a SearchIndex body as upstream validates it; an empty query matches nothing. */
export function parseSearchQuery(value: unknown): V1SearchQuery {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw queryInvalid('the search query must be a JSON object');
  }
  const query = value as Record<string, unknown>;
  const operator = query.operator ?? 'or';
  if (operator !== 'and' && operator !== 'or' && operator !== '') {
    throw queryInvalid(`operator must be "and" or "or", got ${JSON.stringify(operator)}`);
  }
  const keys: string[] = [];
  if (query.hash !== undefined && query.hash !== '') {
    if (typeof query.hash !== 'string' || !HASH.test(query.hash)) {
      throw queryInvalid(
        'hash must be a hex SHA-256, SHA-512 or SHA-1 digest, optionally prefixed with its algorithm ("sha256:<hex>")',
      );
    }
    const prefix = query.hash.includes(':') ? '' : (PREFIX_BY_LENGTH[query.hash.length] ?? '');
    keys.push(`${prefix}${query.hash}`.toLowerCase());
  }
  if (query.publicKey !== undefined && query.publicKey !== null) {
    keys.push(publicKeyCriterion(query.publicKey));
  }
  if (query.email !== undefined && query.email !== '') {
    if (typeof query.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(query.email)) {
      throw queryInvalid(`email must be an e-mail address, got ${JSON.stringify(query.email)}`);
    }
    keys.push(query.email.toLowerCase());
  }
  if (query.subject !== undefined && query.subject !== '') {
    if (typeof query.subject !== 'string' || query.subject.length > MAX_SUBJECT_LENGTH) {
      throw queryInvalid(`subject must be a string of at most ${MAX_SUBJECT_LENGTH} characters`);
    }
    keys.push(query.subject.toLowerCase());
  }
  return { operator: operator === 'and' ? 'and' : 'or', keys };
}

/** Index keys to entry IDs, in the order entries were added (log order). */
export class V1SearchIndex {
  private readonly ids = new Map<string, Set<string>>();

  /** Indexes a sequenced, durable entry under its keys. */
  add(keys: readonly string[], id: string): void {
    for (const key of keys) {
      const lowered = key.toLowerCase();
      let set = this.ids.get(lowered);
      if (set === undefined) {
        set = new Set();
        this.ids.set(lowered, set);
      }
      set.add(id);
    }
  }

  /** The IDs matching a query: every criterion ("and") or any ("or"). */
  search(query: V1SearchQuery): string[] {
    const matches = query.keys.map((key) => this.ids.get(key) ?? new Set<string>());
    const [first, ...rest] = matches;
    if (first === undefined) return [];
    if (query.operator === 'and') {
      return [...first].filter((id) => rest.every((set) => set.has(id)));
    }
    return [...new Set(matches.flatMap((set) => [...set]))];
  }
}
