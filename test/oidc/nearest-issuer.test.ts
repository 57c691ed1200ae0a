/**
 * The refusal of an unknown issuer names the nearest configured one and how it differs. These
 * cases are the edges issuers.test.ts leaves open, each one a mutation run (`npm run mutate`)
 * showed no test held: no issuers at all, an `iss` that is not a URL, several near issuers, a
 * meta issuer that covers a path but does not match it, the edit-distance threshold, long
 * lists, and the cost limits on what an attacker's `iss` can make the message do.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_QUOTED, describeDifference, editDistance, quote } from '../../src/oidc/difference.js';
import { DEFAULT_ISSUERS, IssuerRegistry, type IssuerSettings } from '../../src/oidc/issuers.js';

const template = DEFAULT_ISSUERS.issuers[1] as IssuerSettings;
const exact = (issuerUrl: string): IssuerSettings => ({ ...template, issuerUrl, wildcard: false });
const meta = (issuerUrl: string): IssuerSettings => ({ ...template, issuerUrl, wildcard: true });
const registryOf = (...issuers: IssuerSettings[]) => new IssuerRegistry({ issuers });

function refusal(registry: IssuerRegistry, iss: string): string {
  let message = '';
  assert.throws(
    () => registry.match(iss),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'ISSUER_UNKNOWN', String(error));
      message = error.message;
      return true;
    },
  );
  const prefix = `issuer ${quote(iss)} is not configured; `;
  assert.ok(message.startsWith(prefix), message);
  return message.slice(prefix.length);
}

const ISSUER = 'https://issuer.example.com';

describe('the nearest issuer', () => {
  it('says when there are no issuers at all', () => {
    assert.equal(refusal(registryOf(), ISSUER), 'no issuers are configured');
  });

  it('refuses an iss that is not a URL with the same code', () => {
    assert.match(refusal(registryOf(exact(ISSUER)), 'issuer'), /^none is similar/);
    assert.match(refusal(registryOf(exact(ISSUER)), 'issuer/x'), /^none is similar/);
  });

  it('names the issuer with the fewest differences, the first one on a tie', () => {
    assert.equal(
      refusal(registryOf(exact(`${ISSUER}/`), exact('http://issuer.example.com/')), ISSUER),
      `nearest is "${ISSUER}/" (differs by a trailing slash)`,
    );
    assert.equal(
      refusal(registryOf(exact('http://issuer.example.com/'), exact(`${ISSUER}/`)), ISSUER),
      `nearest is "${ISSUER}/" (differs by a trailing slash)`,
    );
    assert.equal(
      refusal(registryOf(exact(`${ISSUER}/`), exact('http://issuer.example.com')), ISSUER),
      `nearest is "${ISSUER}/" (differs by a trailing slash)`,
    );
  });

  it('names a scheme difference either way', () => {
    assert.equal(
      refusal(registryOf(exact('http://issuer.example.com')), ISSUER),
      'nearest is "http://issuer.example.com" (differs by scheme (https instead of http))',
    );
    assert.equal(describeDifference(`${ISSUER}/`, ISSUER), 'differs by a trailing slash');
  });

  it('names a missing trailing slash, and several extra ones', () => {
    assert.equal(
      refusal(registryOf(exact(`${ISSUER}/`)), ISSUER),
      `nearest is "${ISSUER}/" (differs by a trailing slash)`,
    );
    assert.equal(
      refusal(registryOf(exact(ISSUER)), `${ISSUER}//`),
      `nearest is "${ISSUER}" (differs by a trailing slash)`,
    );
  });

  it('names the meta issuer that covers an extra path but does not match it', () => {
    const covering = registryOf(
      exact(ISSUER),
      meta('https://ci.*.example.org'),
      meta(`${ISSUER}/*`),
    );
    assert.equal(
      refusal(covering, `${ISSUER}/a.b`),
      `nearest is "${ISSUER}" (the issuer has the extra path segment "/a.b", like a GitHub enterprise slug; the meta issuer "${ISSUER}/*" does not match it)`,
    );
    // Another exact issuer under the same URL is no meta issuer.
    const exactOnly = registryOf(exact(ISSUER), exact(`${ISSUER}/other`));
    assert.equal(
      refusal(exactOnly, `${ISSUER}/acme`),
      `nearest is "${ISSUER}" (the issuer has the extra path segment "/acme", like a GitHub enterprise slug; no meta issuer covers it; to accept enterprise slugs add "${ISSUER}/*" to meta-issuers)`,
    );
  });

  it('names an extra path only after the rest matches letter for letter', () => {
    assert.equal(
      refusal(registryOf(exact(ISSUER)), 'https://ISSUER.example.com/x'),
      `nearest is "${ISSUER}" (edit distance 8)`,
    );
  });

  it('names the path an iss with a trailing slash lacks', () => {
    assert.equal(
      refusal(registryOf(exact(`${ISSUER}/oidc`)), `${ISSUER}/`),
      `nearest is "${ISSUER}/oidc" (the issuer lacks the path "/oidc")`,
    );
  });

  it('stops calling an issuer similar beyond a third of its length', () => {
    // 26 characters: up to 8 edits is similar.
    const eight = 'https://iQQQQQQQQample.com';
    assert.equal(editDistance(eight, ISSUER), 8);
    assert.equal(
      refusal(registryOf(exact(ISSUER)), eight),
      `nearest is "${ISSUER}" (edit distance 8)`,
    );
    const nine = 'https://QQQQQQQQQample.com';
    assert.equal(editDistance(nine, ISSUER), 9);
    assert.match(refusal(registryOf(exact(ISSUER)), nine), /^none is similar/);
  });

  it('lists six issuers and counts the rest', () => {
    const six = Array.from({ length: 6 }, (_, i) => exact(`https://idp${i}.example.com`));
    assert.equal(
      refusal(registryOf(...six), 'https://accounts.google.com'),
      `none is similar; configured: ${six.map((s) => quote(s.issuerUrl)).join(', ')}`,
    );
    const seven = Array.from({ length: 7 }, (_, i) => exact(`https://idp${i}.example.com`));
    assert.equal(
      refusal(registryOf(...seven), 'https://accounts.google.com'),
      `none is similar; configured: ${seven
        .slice(0, 6)
        .map((s) => quote(s.issuerUrl))
        .join(', ')} and 1 more`,
    );
  });
});

describe('describing a difference', () => {
  it('names an extra or missing path, else the edit distance', () => {
    assert.equal(describeDifference(`${ISSUER}/x`, ISSUER), 'has the extra path "/x"');
    assert.equal(describeDifference(`${ISSUER}/x`, `${ISSUER}/`), 'has the extra path "/x"');
    assert.equal(describeDifference(ISSUER, `${ISSUER}/x`), 'lacks the path "/x"');
    assert.equal(describeDifference(`${ISSUER}/`, `${ISSUER}/x`), 'lacks the path "/x"');
    assert.equal(
      describeDifference('https://issuer.example.org', ISSUER),
      'differs (edit distance 3)',
    );
    // A shared beginning is no path unless it ends at a "/".
    assert.equal(describeDifference(`${ISSUER}x`, ISSUER), 'differs (edit distance 1)');
    assert.equal(
      describeDifference('https://issuer.example.co', ISSUER),
      'differs (edit distance 1)',
    );
    assert.equal(
      describeDifference('https://issuer.example.org', `${ISSUER}/`),
      'differs (edit distance 3)',
    );
    assert.equal(
      describeDifference('https://issuer.example.org/', ISSUER),
      'differs (edit distance 4)',
    );
  });

  it('bounds what an attacker-chosen iss costs and shows', () => {
    const long = 'a'.repeat(600);
    assert.equal(editDistance(long, ''), 512);
    assert.equal(editDistance('', long), 512);
    const atLimit = 'a'.repeat(MAX_QUOTED);
    assert.equal(quote(atLimit), JSON.stringify(atLimit));
    assert.equal(quote(`${atLimit}b`), JSON.stringify(`${atLimit}…`));
  });
});
