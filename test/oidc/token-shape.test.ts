/**
 * decodeJwt at the edges jwt.test.ts leaves open: the exact length limit, empty and non-object
 * parts, and header and payload members of the wrong JSON type. Each case was one a mutation run
 * (`npm run mutate`) showed no test held.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OidcError } from '../../src/oidc/error.js';
import { MAX_TOKEN_LENGTH, decodeJwt } from '../../src/oidc/jwt.js';

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = part({ alg: 'ES256' });
const PAYLOAD = part({ iss: 'https://issuer.example' });
const SIGNATURE = 'c2ln';

function refused(token: string, message: string): void {
  assert.throws(
    () => decodeJwt(token),
    (error: unknown) =>
      error instanceof OidcError && error.code === 'TOKEN_MALFORMED' && error.message === message,
  );
}

describe('decodeJwt edges', () => {
  it('accepts a token of exactly the length limit, and refuses one character more', () => {
    const prefix = `${HEADER}.${PAYLOAD}.`;
    // Signature lengths of 4n and 4n+2 characters are both valid base64url.
    const exact = `${prefix}${'A'.repeat(MAX_TOKEN_LENGTH - prefix.length)}`;
    assert.equal(exact.length, MAX_TOKEN_LENGTH);
    assert.ok([0, 2, 3].includes((MAX_TOKEN_LENGTH - prefix.length) % 4));
    assert.equal(decodeJwt(exact).header.alg, 'ES256');
    refused(
      `${exact}A`,
      `token is ${MAX_TOKEN_LENGTH + 1} characters long, above the limit of ${MAX_TOKEN_LENGTH}`,
    );
  });

  it('mentions JWE for five parts only', () => {
    refused(
      `${HEADER}.${PAYLOAD}.${SIGNATURE}.x`,
      'token has 4 parts separated by "."; a signed JWT has 3 (header.payload.signature)',
    );
  });

  it('names an empty header or payload', () => {
    refused(`.${PAYLOAD}.${SIGNATURE}`, 'token header is empty');
    refused(`${HEADER}..${SIGNATURE}`, 'token payload is empty');
  });

  it('refuses JSON values that are not objects', () => {
    refused(
      `${part(null)}.${PAYLOAD}.${SIGNATURE}`,
      'token header must be a JSON object, got null',
    );
    refused(
      `${HEADER}.${part(5)}.${SIGNATURE}`,
      'token payload must be a JSON object, got a number',
    );
    refused(
      `${HEADER}.${part(true)}.${SIGNATURE}`,
      'token payload must be a JSON object, got a boolean',
    );
  });

  it('refuses an empty alg, and an iss that is not a string', () => {
    refused(
      `${part({ alg: '' })}.${PAYLOAD}.${SIGNATURE}`,
      'token header "alg" must be a non-empty string, got an empty string',
    );
    refused(
      `${part({ alg: null })}.${PAYLOAD}.${SIGNATURE}`,
      'token header "alg" must be a non-empty string, got null',
    );
    refused(
      `${HEADER}.${part({ iss: 7 })}.${SIGNATURE}`,
      'token "iss" claim must be a non-empty string, got a number',
    );
    refused(
      `${HEADER}.${part({ iss: ['https://issuer.example'] })}.${SIGNATURE}`,
      'token "iss" claim must be a non-empty string, got an array',
    );
  });
});
