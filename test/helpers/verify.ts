import assert from 'node:assert/strict';
import type { VerifyErrorCode } from '../../src/verify/error.js';
import { VerifyError } from '../../src/verify/error.js';

/** Runs `run`, which must throw a VerifyError with `code` (and a message matching `message`). */
export function assertFails(
  run: () => unknown,
  code: VerifyErrorCode,
  message?: RegExp,
): VerifyError {
  let caught: unknown;
  assert.throws(run, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof VerifyError, `expected a VerifyError, got ${String(caught)}`);
  assert.equal(caught.code, code, `wrong failure: ${caught.code}: ${caught.message}`);
  if (message) assert.match(caught.message, message);
  return caught;
}

/** Base64 of the same bytes with one bit flipped, `fromEnd` bytes before the end. */
export const flip = (b64: string, fromEnd = 1): string => {
  const bytes = Buffer.from(b64, 'base64');
  const i = bytes.length - fromEnd;
  bytes[i] = (bytes[i] as number) ^ 0x01;
  return bytes.toString('base64');
};
