import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OidcError } from '../../src/oidc/error.js';
import { MAX_TOKEN_LENGTH, decodeJwt } from '../../src/oidc/jwt.js';

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = part({ alg: 'RS256', kid: 'k1', typ: 'JWT' });
const PAYLOAD = part({ iss: 'https://issuer.example', sub: 'x' });
const SIGNATURE = Buffer.from('signature bytes').toString('base64url');

function malformed(token: unknown, message: RegExp): OidcError {
  let caught: unknown;
  assert.throws(
    () => decodeJwt(token),
    (error: unknown) => {
      caught = error;
      return error instanceof OidcError && error.code === 'TOKEN_MALFORMED';
    },
  );
  const error = caught as OidcError;
  assert.match(error.message, message);
  return error;
}

describe('decodeJwt', () => {
  it('decodes header, payload, signing input and signature', () => {
    const decoded = decodeJwt(`${HEADER}.${PAYLOAD}.${SIGNATURE}`);
    assert.deepEqual(decoded.header, { alg: 'RS256', kid: 'k1', typ: 'JWT' });
    assert.deepEqual(decoded.payload, { iss: 'https://issuer.example', sub: 'x' });
    assert.equal(decoded.signingInput, `${HEADER}.${PAYLOAD}`);
    assert.equal(decoded.signature.toString(), 'signature bytes');
  });

  it('refuses a token that is not three parts, naming the count', () => {
    malformed(`${HEADER}.${PAYLOAD}`, /^token has 2 parts separated by "."; a signed JWT has 3/);
    malformed('abc', /^token has 1 part separated/);
    malformed(`${HEADER}.${PAYLOAD}.a.b.c`, /5 parts.*encrypted JWT \(JWE\)/);
  });

  it('refuses bad base64url, naming the part and offset', () => {
    malformed(
      `${HEADER}.${PAYLOAD.slice(0, 4)}*${PAYLOAD.slice(5)}.${SIGNATURE}`,
      /^token payload is not base64url: character code 42 at offset 4 of the payload$/,
    );
    malformed(
      `${HEADER}=.${PAYLOAD}.${SIGNATURE}`,
      /^token header is not base64url: "=" \(padding is not allowed\)/,
    );
    malformed(
      `${HEADER}.${PAYLOAD}.abcde`,
      /^token signature is not base64url: its length 5 is impossible$/,
    );
  });

  it('refuses a part that is not JSON without quoting it', () => {
    const notJson = Buffer.from('{"iss": secret-claim').toString('base64url');
    const error = malformed(
      `${HEADER}.${notJson}.${SIGNATURE}`,
      /^token payload is not JSON \(20 bytes/,
    );
    assert.doesNotMatch(error.message, /secret-claim/);
    malformed(
      `${part([1, 2])}.${PAYLOAD}.${SIGNATURE}`,
      /^token header must be a JSON object, got an array$/,
    );
    malformed(
      `${HEADER}.${part('text')}.${SIGNATURE}`,
      /^token payload must be a JSON object, got a string$/,
    );
    malformed(
      `${HEADER}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.${SIGNATURE}`,
      /^token payload is not UTF-8$/,
    );
  });

  it('requires alg and iss, and a string kid', () => {
    malformed(`${part({ typ: 'JWT' })}.${PAYLOAD}.${SIGNATURE}`, /^token header has no "alg"$/);
    malformed(
      `${part({ alg: 5 })}.${PAYLOAD}.${SIGNATURE}`,
      /"alg" must be a non-empty string, got a number/,
    );
    malformed(
      `${part({ alg: 'RS256', kid: 7 })}.${PAYLOAD}.${SIGNATURE}`,
      /"kid" must be a string, got a number/,
    );
    malformed(
      `${HEADER}.${part({ sub: 'x' })}.${SIGNATURE}`,
      /^token payload has no "iss" \(issuer\) claim$/,
    );
    malformed(
      `${HEADER}.${part({ iss: '' })}.${SIGNATURE}`,
      /"iss" claim must be a non-empty string, got an empty string/,
    );
  });

  it('refuses empty, non-string and oversized tokens', () => {
    malformed('', /^token is empty$/);
    malformed(undefined, /^token must be a string, got nothing$/);
    const huge = `${HEADER}.${'A'.repeat(MAX_TOKEN_LENGTH)}.${SIGNATURE}`;
    malformed(
      huge,
      new RegExp(`^token is ${huge.length} characters long, above the limit of 16384$`),
    );
  });
});
