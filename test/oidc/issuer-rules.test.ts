/**
 * The rules an issuer URL, a meta-issuer pattern and a uri issuer's subject domain must follow,
 * at the edges issuers.test.ts leaves open: whitespace and control characters, an empty query or
 * fragment, credentials and ports in patterns, what one `*` may stand for, and letter case in
 * DNS names. Each case was one a mutation run (`npm run mutate`) showed no test held.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  issuerUrlProblem,
  metaPatternProblem,
  metaPatternRegex,
  parseIdentityConfig,
} from '../../src/oidc/issuers.js';

describe('issuer URL rules', () => {
  it('refuses whitespace and control characters anywhere', () => {
    for (const url of [
      ' https://gitlab.example.com',
      'https://gitlab.example.com/a b',
      'https://gitlab.example.com\n',
      'https://gitlab.example.com/\u0000',
      'https://gitlab.example.com/\u001b[31m',
      'https://gitlab.example.com/\u007f',
      'https://gitlab.example.com/\t',
    ]) {
      assert.equal(issuerUrlProblem(url), 'contains whitespace or control characters', url);
    }
  });

  it('refuses an empty query or fragment as well as a full one', () => {
    assert.equal(issuerUrlProblem('https://gitlab.example.com/?'), 'must not have a query');
    assert.equal(issuerUrlProblem('https://gitlab.example.com/#'), 'must not have a fragment');
    assert.equal(issuerUrlProblem('https://gitlab.example.com/group~x'), undefined);
  });
});

describe('meta-issuer pattern rules', () => {
  it('needs an http(s) scheme, no credentials and no "*" in the port', () => {
    assert.equal(
      metaPatternProblem('ftp://*.example.com'),
      'must start with https:// (or http:// on loopback)',
    );
    assert.equal(
      metaPatternProblem('*.example.com'),
      'must start with https:// (or http:// on loopback)',
    );
    assert.equal(metaPatternProblem('https://user@*.example.com'), 'must not contain credentials');
    assert.equal(metaPatternProblem('https://*.example.com:8*'), 'must not have "*" in the port');
    assert.equal(metaPatternProblem('https://*.example.com:8443/x'), undefined);
    assert.equal(metaPatternProblem('https://[::1]:8443/*'), undefined);
  });

  it('judges the registrable domain without the port', () => {
    assert.equal(
      metaPatternProblem('https://ci.*:443/x'),
      'must not have "*" in the last two host labels (the registrable domain)',
    );
    assert.equal(metaPatternProblem('https://*.ci.example.com:443'), undefined);
  });

  it('names the URL problem of the pattern with "*" read as a segment', () => {
    assert.equal(
      metaPatternProblem('https://*.example.com/?'),
      'must not have a query (with "*" read as a segment)',
    );
    assert.equal(
      metaPatternProblem('https://*.example.com/a b'),
      'contains whitespace or control characters (with "*" read as a segment)',
    );
  });

  it('lets "*" stand for one run of letters, digits, "-" and "_" only', () => {
    const regex = metaPatternRegex('https://gh-*.example.com/*');
    assert.equal(regex.flags, '');
    assert.ok(regex.test('https://gh-acme.example.com/Org_1-x'));
    for (const iss of [
      'https://gh-.example.com/x',
      'https://gh-acme.example.com/',
      'https://gh-acme.example.com/a.b',
      'https://gh-acme.example.com/a~b',
      'https://gh-acme.example.com/a%2Fb',
      'https://gh-acme.exampleXcom/x',
      'https://gh-acme.example.com/x\n',
      'https://GH-acme.example.com/x',
    ]) {
      assert.equal(regex.test(iss), false, JSON.stringify(iss));
    }
    const loose = metaPatternRegex('https://gh-*.example.com/*', true);
    assert.equal(loose.flags, 'i');
    assert.ok(loose.test('https://GH-acme.EXAMPLE.com/x'));
  });
});

describe('uri issuer subject domains', () => {
  const subjectDomain = (issuer: string, domain: string): string | undefined =>
    parseIdentityConfig(
      { 'oidc-issuers': { [issuer]: { type: 'uri', 'subject-domain': domain } } },
      'test',
    ).issuers[0]?.subjectDomain;

  it('compare the top two DNS labels without regard to letter case', () => {
    assert.equal(
      subjectDomain('https://idp.example.com', 'https://CI.Example.COM'),
      'https://CI.Example.COM',
    );
    assert.equal(
      subjectDomain('https://IDP.EXAMPLE.COM', 'https://example.com'),
      'https://example.com',
    );
    assert.throws(() => subjectDomain('https://idp.example.com', 'https://example.org'), {
      code: 'CONFIG_INVALID',
      message: /must share its top two DNS labels with the issuer host "idp\.example\.com"/,
    });
    assert.throws(() => subjectDomain('https://idp.example.com', 'https://ample.com'), {
      code: 'CONFIG_INVALID',
    });
    // Labels, not characters: the same letters split at another dot are another domain.
    assert.throws(() => subjectDomain('https://idp.ab.cd', 'https://a.bcd'), {
      code: 'CONFIG_INVALID',
    });
  });

  it('compare a single-label host whole', () => {
    assert.equal(subjectDomain('https://ci', 'https://CI'), 'https://CI');
    assert.throws(() => subjectDomain('https://ci', 'https://other'), {
      code: 'CONFIG_INVALID',
      message: /must share its top two DNS labels with the issuer host "ci"/,
    });
    assert.throws(() => subjectDomain('https://ci.example.com', 'https://com'), {
      code: 'CONFIG_INVALID',
    });
  });
});
