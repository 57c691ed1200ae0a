import { OidcError } from './error.js';

/**
 * Largest token accepted, in characters. Real CI tokens are 1-3 KiB (GitLab's optional
 * `groups_direct` can add a few more); Node refuses request headers above 16 KiB anyway, so a
 * larger token could only arrive in a request body, and is refused before it is decoded.
 */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** The JOSE header fields the verifier reads; everything else is kept as parsed. */
export interface JwtHeader {
  alg: string;
  kid?: string;
  typ?: string;
  [name: string]: unknown;
}

export interface DecodedJwt {
  header: JwtHeader;
  /** The claims set; `iss` is known to be a non-empty string. */
  payload: Record<string, unknown> & { iss: string };
  /** `base64url(header) "." base64url(payload)`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Stateless between calls (no `stream` option), so one serves every token. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
type Part = 'header' | 'payload' | 'signature';

const malformed = (message: string): OidcError => new OidcError('TOKEN_MALFORMED', message);

/**
 * Splits and decodes a compact JWS without verifying it: the verifier needs the unverified `iss`
 * to find the issuer and its keys. Strict, so that what is later verified is exactly what was
 * decoded here. Messages name the part that is wrong and never quote the token.
 */
export function decodeJwt(token: unknown): DecodedJwt {
  if (typeof token !== 'string') throw malformed(`token must be a string, got ${typeName(token)}`);
  if (token.length === 0) throw malformed('token is empty');
  if (token.length > MAX_TOKEN_LENGTH) {
    throw malformed(
      `token is ${token.length} characters long, above the limit of ${MAX_TOKEN_LENGTH}`,
    );
  }
  const parts = token.split('.');
  if (parts.length !== 3) throw malformed(partCountMessage(parts.length));
  const [headerText, payloadText, signatureText] = parts as [string, string, string];
  const header = decodeJsonPart(headerText, 'header');
  const payload = decodeJsonPart(payloadText, 'payload');
  const signature = decodeBase64Url(signatureText, 'signature');
  return {
    header: checkHeader(header),
    payload: checkPayload(payload),
    signingInput: `${headerText}.${payloadText}`,
    signature,
  };
}

function partCountMessage(count: number): string {
  const base = `token has ${count} part${count === 1 ? '' : 's'} separated by "."; a signed JWT has 3 (header.payload.signature)`;
  // Five parts is the compact JWE form: an encrypted token, which no CI issuer sends to a CA.
  return count === 5 ? `${base}; this looks like an encrypted JWT (JWE)` : base;
}

function decodeBase64Url(text: string, part: Part): Buffer {
  if (!BASE64URL.test(text)) {
    const at = text.search(/[^A-Za-z0-9_-]/);
    const char = text.charCodeAt(at);
    const shown = char === 0x3d ? '"=" (padding is not allowed)' : `character code ${char}`;
    throw malformed(`token ${part} is not base64url: ${shown} at offset ${at} of the ${part}`);
  }
  // A length of 4n+1 cannot come from any byte string; Node would silently drop the last char.
  if (text.length % 4 === 1) {
    throw malformed(`token ${part} is not base64url: its length ${text.length} is impossible`);
  }
  return Buffer.from(text, 'base64url');
}

function decodeJsonPart(text: string, part: Exclude<Part, 'signature'>): Record<string, unknown> {
  if (text.length === 0) throw malformed(`token ${part} is empty`);
  const bytes = decodeBase64Url(text, part);
  let json: string;
  try {
    json = UTF8.decode(bytes);
  } catch {
    throw malformed(`token ${part} is not UTF-8`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // V8's own message quotes the input; the token's content stays out of messages.
    throw malformed(`token ${part} is not JSON (${bytes.length} bytes after base64url decoding)`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`token ${part} must be a JSON object, got ${typeName(value)}`);
  }
  return value as Record<string, unknown>;
}

function checkHeader(header: Record<string, unknown>): JwtHeader {
  if (!('alg' in header)) throw malformed('token header has no "alg"');
  if (typeof header.alg !== 'string' || header.alg === '') {
    throw malformed(`token header "alg" must be a non-empty string, got ${typeName(header.alg)}`);
  }
  if ('kid' in header && typeof header.kid !== 'string') {
    throw malformed(`token header "kid" must be a string, got ${typeName(header.kid)}`);
  }
  return header as JwtHeader;
}

function checkPayload(payload: Record<string, unknown>): DecodedJwt['payload'] {
  if (!('iss' in payload)) throw malformed('token payload has no "iss" (issuer) claim');
  if (typeof payload.iss !== 'string' || payload.iss === '') {
    throw malformed(`token "iss" claim must be a non-empty string, got ${typeName(payload.iss)}`);
  }
  return payload as DecodedJwt['payload'];
}

/** A value's JSON type for messages ("an array", "null", "a number"), never the value itself. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === '') return 'an empty string';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
