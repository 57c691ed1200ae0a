import { fromBase64 } from '../../core/base64.js';
import { RekorV1Error } from './kinds.js';
import { type V1PublicKey, publicKeyDigest } from './public-key.js';

/**
 * Readers for the JSON fields of Rekor v1 entry specs, and the index keys every kind builds the
 * same way. Each reader names the field it refused, so a client learns what to fix.
 */

export const invalid = (reason: string): RekorV1Error => new RekorV1Error('ENTRY_INVALID', reason);

export function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '')
    throw invalid(`${what} must be a non-empty string`);
  return value;
}

export function base64(value: unknown, what: string): Buffer {
  try {
    return fromBase64(text(value, what), what);
  } catch (error) {
    if (error instanceof RekorV1Error) throw error;
    throw invalid(`${what} is not valid base64`);
  }
}

/** The index key of a digest field: "<algorithm>:<value>", lowercased as upstream stores keys. */
export const hashKey = (hash: { algorithm: string; value: string }): string =>
  `${hash.algorithm}:${hash.value}`.toLowerCase();

/** The index keys naming a verifier: its digest (with `prefix`) and its certificate's SANs. */
export const keyIndexKeys = (key: V1PublicKey, prefix: string): string[] => [
  `${prefix}${publicKeyDigest(key)}`,
  ...key.subjects.map((subject) => subject.toLowerCase()),
];
