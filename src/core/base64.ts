import { CoreError } from './error.js';

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;

/** Standard base64 with padding (RFC 4648 §4), the form protojson emits for `bytes`. */
export function toBase64(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/**
 * Decodes standard or URL-safe base64 (protojson parsers accept both), rejecting anything
 * else: Node's own decoder silently skips invalid characters, which would let garbage through.
 * `what` names the field in the error message.
 */
export function fromBase64(text: string, what = 'value'): Buffer {
  if (typeof text !== 'string') {
    throw new CoreError('BASE64_INVALID', `${what} must be a base64 string`);
  }
  const alphabetOk = STANDARD.test(text) || URL_SAFE.test(text);
  const unpadded = text.replace(/=+$/, '');
  if (!alphabetOk || unpadded.length % 4 === 1) {
    throw new CoreError('BASE64_INVALID', `${what} is not valid base64`);
  }
  if (text.includes('=') && text.length % 4 !== 0) {
    throw new CoreError('BASE64_INVALID', `${what} has malformed base64 padding`);
  }
  return Buffer.from(unpadded, STANDARD.test(text) ? 'base64' : 'base64url');
}
