/**
 * Reading an identity configuration at the edges issuers.test.ts leaves open: settings of the
 * wrong type and what the message says they were, blank audiences, empty sections, settings that
 * restate what the type implies, and the built-in issuers as Fulcio advertises them. Each case
 * was one a mutation run (`npm run mutate`) showed no test held.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ISSUERS, configurationJson, parseIdentityConfig } from '../../src/oidc/issuers.js';

const IDP = 'https://idp.example.com';
const GITLAB = 'https://gitlab.example.com';
const AT = `invalid identity configuration in test: oidc-issuers["${IDP}"]`;

const parse = (raw: unknown) => parseIdentityConfig(raw, 'test');
const emailIssuer = (extra: Record<string, unknown>) => ({
  'oidc-issuers': { [IDP]: { type: 'email', ...extra } },
});

describe('identity configuration values', () => {
  it('refuses a setting that is not a string, naming what it is', () => {
    assert.throws(() => parse(emailIssuer({ environment: 5 })), {
      code: 'CONFIG_INVALID',
      message: `${AT}.environment: must be a string, got the number 5`,
    });
    assert.throws(() => parse(emailIssuer({ description: ['GitHub'] })), {
      message: `${AT}.description: must be a string, got a list`,
    });
    assert.throws(() => parse(emailIssuer({ contact: { name: 'x' } })), {
      message: `${AT}.contact: must be a string, got a mapping`,
    });
    assert.throws(() => parse(emailIssuer({ 'client-id': null })), {
      message: `${AT}.client-id: must be a string, got nothing`,
    });
    assert.throws(() => parse(undefined), {
      message: 'invalid identity configuration in test: must be a mapping, got nothing',
    });
  });

  it('refuses an audience of only white space', () => {
    assert.throws(() => parse(emailIssuer({ 'client-id': ' \t' })), {
      code: 'CONFIG_INVALID',
      message: `${AT}.client-id: must not be empty`,
    });
  });

  it('suggests the spelling a key differs from only by case and dashes', () => {
    assert.throws(() => parse(emailIssuer({ 'Client-ID': 'x' })), {
      message: /unknown setting "Client-ID" \(did you mean ClientID\?\)/,
    });
  });

  it('accepts a challenge claim that restates the one the type signs', () => {
    assert.equal(
      parse(emailIssuer({ 'challenge-claim': 'email' })).issuers[0]?.challengeClaim,
      'email',
    );
    const gitlab = parse({
      'oidc-issuers': { [GITLAB]: { type: 'gitlab-pipeline', 'challenge-claim': 'sub' } },
    });
    assert.equal(gitlab.issuers[0]?.challengeClaim, 'sub');
  });
});

describe('identity configuration sections', () => {
  it('reads one exact and one meta issuer without the built-in ones', () => {
    const { issuers } = parse({
      'oidc-issuers': { [GITLAB]: { type: 'gitlab-pipeline' } },
      'meta-issuers': { 'https://*.ci.example.com': { type: 'gitlab-pipeline' } },
    });
    assert.deepEqual(
      issuers.map((i) => i.issuerUrl),
      [GITLAB, 'https://*.ci.example.com'],
    );
  });

  it('takes an empty section (YAML null) as no entries', () => {
    const { issuers } = parse({
      'oidc-issuers': null,
      'meta-issuers': { 'https://*.ci.example.com': { type: 'gitlab-pipeline' } },
      'ci-issuer-metadata': null,
    });
    assert.deepEqual(
      issuers.map((i) => i.issuerUrl),
      ['https://*.ci.example.com'],
    );
    const onlyExact = parse({
      'oidc-issuers': { [GITLAB]: { type: 'gitlab-pipeline' } },
      'meta-issuers': null,
    });
    assert.equal(onlyExact.issuers.length, 1);
  });

  it('accepts CI metadata without default-template-values', () => {
    const { issuers } = parse({
      'oidc-issuers': { [GITLAB]: { type: 'gitlab-pipeline' } },
      'ci-issuer-metadata': { 'gitlab-pipeline': {} },
    });
    assert.equal(issuers[0]?.ciUrl, undefined);
  });
});

describe('the built-in issuers', () => {
  it('are advertised as GitHub and GitLab issuers signing sub, with the sigstore audience', () => {
    const common = { audience: 'sigstore', challengeClaim: 'sub' };
    assert.deepEqual(configurationJson(DEFAULT_ISSUERS), {
      issuers: [
        {
          issuerUrl: 'https://token.actions.githubusercontent.com',
          ...common,
          issuerType: 'github-workflow',
        },
        { issuerUrl: 'https://gitlab.com', ...common, issuerType: 'gitlab-pipeline' },
        {
          wildcardIssuerUrl: 'https://token.actions.githubusercontent.com/*',
          ...common,
          issuerType: 'github-workflow',
        },
        {
          wildcardIssuerUrl: 'https://token.actions.*.ghe.com',
          ...common,
          issuerType: 'github-workflow',
        },
        {
          wildcardIssuerUrl: 'https://token.actions.*.ghe.com/*',
          ...common,
          issuerType: 'github-workflow',
        },
      ],
    });
    for (const issuer of DEFAULT_ISSUERS.issuers) {
      assert.equal(issuer.skipEmailVerification, false, issuer.issuerUrl);
    }
  });
});
