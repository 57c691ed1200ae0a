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
  // Each test scans the whole text, and verifiers decode kilobytes per bundle: scan once.
  const standard = STANDARD.test(text);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if ((!standard && !URL_SAFE.test(text)) || (text.length - padding) % 4 === 1) {
    throw new CoreError('BASE64_INVALID', `${what} is not valid base64`);
  }
  if (padding > 0 && text.length % 4 !== 0) {
    throw new CoreError('BASE64_INVALID', `${what} has malformed base64 padding`);
  }
  return Buffer.from(text, standard ? 'base64' : 'base64url');
}
