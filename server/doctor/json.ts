import { fromBase64 } from '../../src/core/base64.js';
import { messageOf } from './report.js';

/** Reading served JSON documents whose shape is what is being checked. */

/** `value` at `keys`, or undefined where the shape does not hold. */
export function at(value: unknown, ...keys: Array<string | number>): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export const isDate = (value: unknown): boolean =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value));

export function bytesAt(value: unknown, what: string): Buffer | string {
  if (typeof value !== 'string') return `${what} is missing`;
  try {
    return fromBase64(value, what);
  } catch (error) {
    return messageOf(error);
  }
}
