/**
 * The CI instance URL certificates name (issue 11, finding 7), at the edges issuers.test.ts and
 * test/ca/identity.test.ts leave open: a GHE.com-looking host under another domain, GHES paths
 * below `_services/token`, trailing slashes, and configured URLs that are no http(s) URL. Also
 * a setting that only uri issuers take. Each case was one a mutation run (`npm run mutate`)
 * showed no test held.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { githubUrlFor, gitlabUrlFor } from '../../src/oidc/ci-url.js';
import { parseIdentityConfig } from '../../src/oidc/issuers.js';

describe('CI instance URLs', () => {
  it('derives a GHE.com tenant only from a host that ends in ghe.com', () => {
    assert.equal(githubUrlFor('https://token.actions.acme.ghe.com'), 'https://acme.ghe.com');
    assert.equal(githubUrlFor('https://token.actions.acme.ghe.com.evil.example'), undefined);
  });

  it('derives GHES from any path below _services/token, and nothing from a non-URL', () => {
    assert.equal(
      githubUrlFor('https://ghes.example.com/_services/token/acme'),
      'https://ghes.example.com',
    );
    assert.equal(githubUrlFor('https://ghes.example.com/_services/tokens'), undefined);
    assert.equal(githubUrlFor('token.actions.githubusercontent.com'), undefined);
  });

  it('drops every trailing slash of a GitLab issuer', () => {
    assert.equal(
      gitlabUrlFor('https://gitlab.example.com/group//'),
      'https://gitlab.example.com/group',
    );
  });

  it('refuses a configured instance URL that is no http(s) URL', () => {
    const config = (url: string) => ({
      'oidc-issuers': { 'https://gitlab.example.com': { type: 'gitlab-pipeline' } },
      'ci-issuer-metadata': { 'gitlab-pipeline': { 'default-template-values': { url } } },
    });
    const at = 'ci-issuer-metadata.gitlab-pipeline.default-template-values.url';
    assert.throws(() => parseIdentityConfig(config('gitlab.example.com'), 't'), {
      code: 'CONFIG_INVALID',
      message: `invalid identity configuration in t: ${at}: "gitlab.example.com" is not a URL`,
    });
    assert.throws(() => parseIdentityConfig(config('ftp://gitlab.example.com'), 't'), {
      code: 'CONFIG_INVALID',
      message: `invalid identity configuration in t: ${at}: "ftp://gitlab.example.com" must be an http or https URL`,
    });
    for (const url of ['https://gitlab.internal?x=1', 'https://gitlab.internal#top']) {
      assert.throws(() => parseIdentityConfig(config(url), 't'), {
        code: 'CONFIG_INVALID',
        message: /must be a base URL without a trailing slash, query or fragment/,
      });
    }
    assert.equal(
      parseIdentityConfig(config('http://gitlab.internal'), 't').issuers[0]?.ciUrl,
      'http://gitlab.internal',
    );
  });

  it('takes subject-domain only for uri issuers', () => {
    assert.throws(
      () =>
        parseIdentityConfig(
          {
            'oidc-issuers': {
              'https://gitlab.example.com': {
                type: 'gitlab-pipeline',
                'subject-domain': 'https://gitlab.example.com',
              },
            },
          },
          't',
        ),
      {
        code: 'CONFIG_INVALID',
        message: /subject-domain: only applies to uri issuers, not gitlab-pipeline$/,
      },
    );
  });
});
