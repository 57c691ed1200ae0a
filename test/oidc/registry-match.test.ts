/**
 * IssuerRegistry and meta-issuer patterns at the edges issuers.test.ts leaves open: a pattern is
 * never an issuer itself, matching is case-sensitive while the advice is not, and a pattern's
 * scheme and port are read from their exact places. Each case was one a mutation run
 * (`npm run mutate`) showed no test held.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ISSUERS, IssuerRegistry, metaPatternProblem } from '../../src/oidc/issuers.js';

const GITHUB = 'https://token.actions.githubusercontent.com';

describe('IssuerRegistry edges', () => {
  const registry = new IssuerRegistry(DEFAULT_ISSUERS);

  it('never takes a meta-issuer pattern as an issuer', () => {
    assert.equal(registry.find(`${GITHUB}/*`), undefined);
    assert.equal(registry.find('https://token.actions.*.ghe.com'), undefined);
  });

  it('matches meta issuers with letter case, and names a case difference', () => {
    assert.equal(registry.find(`${GITHUB}/acme`)?.issuerUrl, `${GITHUB}/*`);
    assert.equal(registry.find(`${GITHUB.toUpperCase()}/acme`), undefined);
    assert.throws(() => registry.match('https://TOKEN.actions.acme.ghe.com'), {
      code: 'ISSUER_UNKNOWN',
      message:
        'issuer "https://TOKEN.actions.acme.ghe.com" is not configured; nearest is "https://token.actions.*.ghe.com" (differs by letter case)',
    });
  });
});

describe('meta-issuer pattern syntax', () => {
  it('reads the scheme from the start and the port from the end', () => {
    assert.equal(
      metaPatternProblem(`x${GITHUB}/*`),
      'must start with https:// (or http:// on loopback)',
    );
    assert.equal(metaPatternProblem('https://[::1]:8*/x'), 'must not have "*" in the port');
  });
});
