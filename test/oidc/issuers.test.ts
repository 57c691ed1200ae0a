import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { OidcError } from '../../src/oidc/error.js';
import {
  DEFAULT_ISSUERS,
  IssuerRegistry,
  configurationJson,
  metaPatternRegex,
  parseIdentityConfig,
} from '../../src/oidc/issuers.js';

function invalid(raw: unknown, message: RegExp | string): void {
  assert.throws(
    () => parseIdentityConfig(raw, 'test.yaml'),
    (error: unknown) => {
      assert.ok(error instanceof OidcError, String(error));
      assert.equal(error.code, 'CONFIG_INVALID');
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    },
  );
}

function unknownIssuer(registry: IssuerRegistry, iss: string, message: string): void {
  assert.throws(
    () => registry.match(iss),
    (error: unknown) => {
      assert.ok(error instanceof OidcError, String(error));
      assert.equal(error.code, 'ISSUER_UNKNOWN');
      assert.equal(error.message, message);
      return true;
    },
  );
}

const GITHUB = 'https://token.actions.githubusercontent.com';

const YAML_CONFIG = `
oidc-issuers:
  https://token.actions.githubusercontent.com:
    issuer-url: https://token.actions.githubusercontent.com
    client-id: sigstore
    type: ci-provider
    ci-provider: github-workflow
    description: GitHub Actions
    contact: security@example.com
    environment: production
  https://gitlab.example.com:
    type: gitlab-pipeline
    client-id: signet
  https://accounts.example.com:
    type: email
    skip-email-verification: true
  https://spire.example.com:
    type: uri
    subject-domain: https://workloads.example.com
meta-issuers:
  https://token.actions.githubusercontent.com/*:
    type: github-workflow
ci-issuer-metadata:
  gitlab-pipeline:
    default-template-values:
      url: https://gitlab.example.com
`;

describe('parseIdentityConfig', () => {
  it('reads the YAML spellings, with defaults, exact issuers before meta ones', () => {
    const config = parseIdentityConfig(parseYaml(YAML_CONFIG), 'test.yaml');
    assert.deepEqual(config.issuers, [
      {
        issuerUrl: GITHUB,
        wildcard: false,
        provider: 'github',
        audience: 'sigstore',
        challengeClaim: 'sub',
        skipEmailVerification: false,
        description: 'GitHub Actions',
        contact: 'security@example.com',
      },
      {
        issuerUrl: 'https://gitlab.example.com',
        wildcard: false,
        provider: 'gitlab',
        audience: 'signet',
        challengeClaim: 'sub',
        skipEmailVerification: false,
        ciUrl: 'https://gitlab.example.com',
      },
      {
        issuerUrl: 'https://accounts.example.com',
        wildcard: false,
        provider: 'email',
        audience: 'sigstore',
        challengeClaim: 'email',
        skipEmailVerification: true,
      },
      {
        issuerUrl: 'https://spire.example.com',
        wildcard: false,
        provider: 'uri',
        audience: 'sigstore',
        challengeClaim: 'sub',
        skipEmailVerification: false,
        subjectDomain: 'https://workloads.example.com',
      },
      {
        issuerUrl: `${GITHUB}/*`,
        wildcard: true,
        provider: 'github',
        audience: 'sigstore',
        challengeClaim: 'sub',
        skipEmailVerification: false,
      },
    ]);
  });

  it('reads the JSON (Go field) spellings identically', () => {
    const json = {
      OIDCIssuers: {
        [GITHUB]: {
          IssuerURL: GITHUB,
          ClientID: 'sigstore',
          Type: 'ci-provider',
          CIProvider: 'github-workflow',
          Description: 'GitHub Actions',
          Contact: 'security@example.com',
          Environment: 'production',
        },
        'https://gitlab.example.com': { Type: 'gitlab-pipeline', ClientID: 'signet' },
        'https://accounts.example.com': { Type: 'email', SkipEmailVerification: true },
        'https://spire.example.com': {
          Type: 'uri',
          SubjectDomain: 'https://workloads.example.com',
        },
      },
      MetaIssuers: { [`${GITHUB}/*`]: { Type: 'github-workflow' } },
      CIIssuerMetadata: {
        'gitlab-pipeline': { DefaultTemplateValues: { url: 'https://gitlab.example.com' } },
      },
    };
    assert.deepEqual(
      parseIdentityConfig(json, 'test.json'),
      parseIdentityConfig(parseYaml(YAML_CONFIG), 'test.yaml'),
    );
  });

  it('keeps a CA bundle that parses, and refuses one that does not', () => {
    const pem = CA_PEM;
    const config = parseIdentityConfig(
      {
        'oidc-issuers': {
          'https://ghes.example.com/_services/token': { type: 'github-workflow', 'ca-cert': pem },
        },
      },
      'test.yaml',
    );
    assert.equal(config.issuers[0]?.caCert, pem);
    invalid(
      {
        'oidc-issuers': {
          'https://ghes.example.com': { type: 'github-workflow', 'ca-cert': 'not a pem' },
        },
      },
      'invalid identity configuration in test.yaml: oidc-issuers["https://ghes.example.com"].ca-cert: contains no PEM CERTIFICATE block',
    );
    invalid(
      {
        'oidc-issuers': {
          'https://ghes.example.com': {
            type: 'github-workflow',
            'ca-cert': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
          },
        },
      },
      /ca-cert: certificate 1 of 1 cannot be parsed/,
    );
  });

  it('refuses unknown keys, naming the key path and a near spelling', () => {
    invalid(
      { 'oidc-issuer': {} },
      /^invalid identity configuration in test\.yaml: oidc-issuer: unknown setting "oidc-issuer"; known: OIDCIssuers\/oidc-issuers, MetaIssuers\/meta-issuers, CIIssuerMetadata\/ci-issuer-metadata, IncludeDefaults\/include-defaults$/,
    );
    invalid(
      {
        'oidc-issuers': {
          'https://gitlab.com': { type: 'gitlab-pipeline', issuerurl: 'https://gitlab.com' },
        },
      },
      /oidc-issuers\["https:\/\/gitlab\.com"\]\.issuerurl: unknown setting "issuerurl" \(did you mean IssuerURL\?\)/,
    );
    invalid(
      {
        'oidc-issuers': {
          'https://gitlab.com': { type: 'gitlab-pipeline', 'client-id': 'a', ClientID: 'b' },
        },
      },
      /\.ClientID: given twice, also as oidc-issuers\["https:\/\/gitlab\.com"\]\.client-id; use one spelling/,
    );
  });

  it('refuses every unsupported Fulcio type with the reason', () => {
    const refusal = (type: string): RegExp =>
      new RegExp(`\\.type: type "${type}" is not supported: `);
    for (const type of [
      'spiffe',
      'kubernetes',
      'username',
      'buildkite-job',
      'codefresh-workflow',
      'chainguard-identity',
    ]) {
      invalid({ 'oidc-issuers': { 'https://idp.example.com': { type } } }, refusal(type));
    }
    invalid(
      { 'oidc-issuers': { 'https://idp.example.com': { type: 'spiffe' } } },
      /SPIFFE workload identities are not issued by Signet/,
    );
    invalid(
      { 'oidc-issuers': { 'https://idp.example.com': { type: 'magic' } } },
      /\.type: unknown type "magic"; supported: email, uri, github-workflow, gitlab-pipeline, or ci-provider/,
    );
    invalid(
      {
        'oidc-issuers': {
          'https://idp.example.com': { type: 'ci-provider', 'ci-provider': 'buildkite-job' },
        },
      },
      /\.ci-provider: "buildkite-job" is not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates only/,
    );
    invalid(
      { 'oidc-issuers': { 'https://idp.example.com': { type: 'ci-provider' } } },
      /\.ci-provider: is required with type ci-provider/,
    );
    invalid(
      { 'oidc-issuers': { 'https://idp.example.com': {} } },
      /\.type: is required \(email, uri/,
    );
  });

  it('refuses IssuerClaim and SPIFFETrustDomain', () => {
    invalid(
      {
        OIDCIssuers: {
          'https://oauth2.sigstore.dev/auth': {
            Type: 'email',
            IssuerClaim: '$.federated_claims.connector_id',
          },
        },
      },
      /\.IssuerClaim: issuer-claim \(a JSONPath that takes the certificate issuer from a claim, as for Dex federation\) is not supported/,
    );
    invalid(
      {
        OIDCIssuers: {
          'https://idp.example.com': { Type: 'email', SPIFFETrustDomain: 'example.com' },
        },
      },
      /\.SPIFFETrustDomain: spiffe-trust-domain is not supported/,
    );
  });

  it('checks the settings that depend on the type', () => {
    invalid(
      { 'oidc-issuers': { 'https://idp.example.com': { type: 'uri' } } },
      /\.subject-domain: is required for uri issuers/,
    );
    invalid(
      {
        'oidc-issuers': {
          'https://idp.example.com': { type: 'uri', 'subject-domain': 'example.com' },
        },
      },
      /\.subject-domain: "example\.com" must be a URL with a scheme/,
    );
    invalid(
      {
        'oidc-issuers': {
          'https://idp.example.com': { type: 'uri', 'subject-domain': 'https://evil.org' },
        },
      },
      /\.subject-domain: "https:\/\/evil\.org" must share its top two DNS labels with the issuer host "idp\.example\.com"/,
    );
    invalid(
      {
        'oidc-issuers': {
          'https://gitlab.com': { type: 'gitlab-pipeline', 'skip-email-verification': true },
        },
      },
      /\.skip-email-verification: only applies to email issuers, not gitlab-pipeline/,
    );
    invalid(
      {
        'oidc-issuers': {
          'https://gitlab.com': { type: 'gitlab-pipeline', 'challenge-claim': 'email' },
        },
      },
      /\.challenge-claim: "email" is not possible: gitlab issuers always sign the "sub" claim/,
    );
    invalid(
      {
        'oidc-issuers': {
          'https://gitlab.com': { type: 'gitlab-pipeline', 'ci-provider': 'gitlab-pipeline' },
        },
      },
      /\.ci-provider: only applies to type ci-provider, not "gitlab-pipeline"/,
    );
    invalid(
      { 'oidc-issuers': { 'https://gitlab.com': { type: 'gitlab-pipeline', 'client-id': '' } } },
      /\.client-id: must not be empty/,
    );
    invalid(
      {
        'oidc-issuers': {
          'https://gitlab.com': { type: 'gitlab-pipeline', 'issuer-url': 'https://gitlab.com/' },
        },
      },
      /\.issuer-url: "https:\/\/gitlab\.com\/" differs from the key "https:\/\/gitlab\.com" it is configured under/,
    );
    invalid(
      { 'oidc-issuers': { 'https://gitlab.com': 'gitlab-pipeline' } },
      /oidc-issuers\["https:\/\/gitlab\.com"\]: must be a mapping, got the string "gitlab-pipeline"/,
    );
  });

  it('validates issuer URLs and meta-issuer patterns', () => {
    const exact = (url: string, message: RegExp): void =>
      invalid({ 'oidc-issuers': { [url]: { type: 'github-workflow' } } }, message);
    exact(
      'http://gitlab.example.com',
      /issuer URL "http:\/\/gitlab\.example\.com" plain http is allowed only for loopback hosts/,
    );
    exact('ftp://gitlab.example.com', /scheme must be https, got ftp/);
    exact('https://gitlab.example.com?x=1', /must not have a query/);
    exact('https://gitlab.example.com#top', /must not have a fragment/);
    exact('gitlab.example.com', /is not a URL/);
    exact(
      'https://token.actions.*.ghe.com',
      /contains "\*"; wildcard patterns belong in meta-issuers/,
    );
    assert.equal(
      parseIdentityConfig({ 'oidc-issuers': { 'http://127.0.0.1:8080/x': { type: 'email' } } }, 't')
        .issuers[0]?.issuerUrl,
      'http://127.0.0.1:8080/x',
    );
    const meta = (pattern: string, message: RegExp): void =>
      invalid({ 'meta-issuers': { [pattern]: { type: 'github-workflow' } } }, message);
    meta('https://*.com', /must not have "\*" in the last two host labels/);
    meta('https://token.*', /must not have "\*" in the last two host labels/);
    meta('https://example.com', /has no "\*"; an issuer without one belongs in oidc-issuers/);
    meta('http://*.example.com/x', /plain http is allowed only for loopback hosts/);
    meta('https://example.com:*/x', /must not have "\*" in the port/);
  });

  it('accepts only default-template-values.url in ci-issuer-metadata', () => {
    invalid(
      {
        'oidc-issuers': { [GITHUB]: { type: 'github-workflow' } },
        'ci-issuer-metadata': {
          'github-workflow': { 'extension-templates': { 'build-signer-uri': 'x' } },
        },
      },
      /ci-issuer-metadata\.github-workflow\.extension-templates: custom templates are not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates/,
    );
    invalid(
      {
        'oidc-issuers': { [GITHUB]: { type: 'github-workflow' } },
        CIIssuerMetadata: { 'github-workflow': { SubjectAlternativeNameTemplate: 'x' } },
      },
      /\.SubjectAlternativeNameTemplate: custom templates are not supported/,
    );
    invalid(
      {
        'oidc-issuers': { [GITHUB]: { type: 'github-workflow' } },
        'ci-issuer-metadata': {
          'github-workflow': { 'default-template-values': { environment: '' } },
        },
      },
      /default-template-values\.environment: only "url"/,
    );
    invalid(
      {
        'oidc-issuers': { [GITHUB]: { type: 'github-workflow' } },
        'ci-issuer-metadata': { 'buildkite-job': {} },
      },
      /ci-issuer-metadata\.buildkite-job: CI provider "buildkite-job" is not supported/,
    );
    invalid(
      {
        'oidc-issuers': { [GITHUB]: { type: 'github-workflow' } },
        'ci-issuer-metadata': {
          'github-workflow': { 'default-template-values': { url: 'https://github.example.com/' } },
        },
      },
      /\.url: "https:\/\/github\.example\.com\/" must be a base URL without a trailing slash/,
    );
    const config = parseIdentityConfig(
      {
        'oidc-issuers': { [GITHUB]: { type: 'github-workflow' } },
        'ci-issuer-metadata': {
          'github-workflow': { 'default-template-values': { url: 'https://github.example.com' } },
        },
      },
      't',
    );
    assert.equal(config.issuers[0]?.ciUrl, 'https://github.example.com');
  });

  it('takes a github-workflow web URL only from what docs/certificates.md names', () => {
    const github = (issuers: object, meta: object = {}, url?: string): unknown =>
      parseIdentityConfig(
        {
          'oidc-issuers': issuers,
          'meta-issuers': meta,
          ...(url !== undefined && {
            'ci-issuer-metadata': { 'github-workflow': { 'default-template-values': { url } } },
          }),
        },
        'test.yaml',
      );
    const type = { type: 'github-workflow' };
    // github.com with and without an enterprise slug, GHE.com tenants, GHES.
    github(
      {
        [GITHUB]: type,
        'https://token.actions.octocorp.ghe.com': type,
        'https://token.actions.octocorp.ghe.com/acme': type,
        'https://ghes.example.com/_services/token': type,
      },
      {
        [`${GITHUB}/*`]: type,
        'https://token.actions.*.ghe.com/*': type,
        'https://*.example.com/_services/token': type,
      },
    );
    const advice = (issuer: string): string =>
      `the web URL of a github-workflow issuer (for the SAN and the repository, workflow and run URLs) is derived only from ${GITHUB} or ${GITHUB}/SLUG (github.com), https://token.actions.TENANT.ghe.com[/SLUG] (https://TENANT.ghe.com) and https://HOST/_services/token (GitHub Enterprise Server at https://HOST), and ${JSON.stringify(issuer)} is none of them; set ci-issuer-metadata.github-workflow.default-template-values.url to the instance's web URL (e.g. https://github.example.com), or use the issuer URL the instance publishes`;
    for (const issuer of [
      'https://ci.example.com',
      'https://ghes.example.com/_services',
      'https://ghes.example.com/token/_services/token',
      'https://actions.githubusercontent.com',
      'https://token.actions.githubusercontent.com/acme/more',
      'https://token.actions.ghe.com',
    ]) {
      invalid(
        { 'oidc-issuers': { [issuer]: type } },
        `invalid identity configuration in test.yaml: oidc-issuers[${JSON.stringify(issuer)}]: ${advice(issuer)}`,
      );
    }
    for (const pattern of ['https://ci.*.example.com', 'https://*.actions.githubusercontent.com']) {
      invalid(
        { 'meta-issuers': { [pattern]: type } },
        `invalid identity configuration in test.yaml: meta-issuers[${JSON.stringify(pattern)}]: ${advice(pattern)}`,
      );
    }
    // The type spelled as ci-provider is held to the same rule.
    invalid(
      {
        'oidc-issuers': {
          'https://ci.example.com': { type: 'ci-provider', 'ci-provider': 'github-workflow' },
        },
      },
      /oidc-issuers\["https:\/\/ci\.example\.com"\]: the web URL of a github-workflow issuer/,
    );
    // With the URL set, any issuer will do; other providers are not concerned.
    const configured = github(
      { 'https://ci.example.com': type, 'https://gitlab.example.com': { type: 'gitlab-pipeline' } },
      {},
      'https://github.example.com',
    ) as { issuers: Array<{ ciUrl?: string }> };
    assert.equal(configured.issuers[0]?.ciUrl, 'https://github.example.com');
  });

  it('refuses a configuration without issuers', () => {
    invalid({}, /no issuers are configured/);
    invalid({ 'include-defaults': false }, /no issuers are configured/);
    invalid(null, 'invalid identity configuration in test.yaml: must be a mapping, got nothing');
  });
});

describe('include-defaults', () => {
  const GHES = 'https://ghes.example.com/_services/token';
  const ghes = { 'oidc-issuers': { [GHES]: { type: 'github-workflow' } } };
  const urls = (config: { issuers: { issuerUrl: string }[] }): string[] =>
    config.issuers.map((i) => i.issuerUrl);
  const defaultUrls = DEFAULT_ISSUERS.issuers.map((i) => i.issuerUrl);

  it('leaves the built-in issuers out unless it is true, and says so when one is refused', () => {
    for (const raw of [ghes, { ...ghes, 'include-defaults': false }]) {
      const config = parseIdentityConfig(raw, 'test.yaml');
      assert.deepEqual(urls(config), [GHES]);
      unknownIssuer(
        new IssuerRegistry(config),
        GITHUB,
        `issuer "${GITHUB}" is not configured; none is similar; configured: "${GHES}"; it is one of the built-in issuers, which this identity configuration leaves out (include-defaults: true in it keeps them)`,
      );
    }
    assert.equal(parseIdentityConfig(ghes, 't').includeDefaults, undefined);
    assert.equal(
      parseIdentityConfig({ ...ghes, IncludeDefaults: false }, 't').includeDefaults,
      false,
    );
  });

  it('true keeps the built-in issuers after the configured ones, exact before meta', () => {
    const config = parseIdentityConfig({ ...ghes, 'include-defaults': true }, 'test.yaml');
    assert.equal(config.includeDefaults, true);
    assert.deepEqual(urls(config), [
      GHES,
      ...DEFAULT_ISSUERS.issuers.filter((i) => !i.wildcard).map((i) => i.issuerUrl),
      ...DEFAULT_ISSUERS.issuers.filter((i) => i.wildcard).map((i) => i.issuerUrl),
    ]);
    const registry = new IssuerRegistry(config);
    assert.equal(registry.match(GITHUB).issuerUrl, GITHUB);
    assert.equal(registry.match('https://gitlab.com').provider, 'gitlab');
    assert.equal(registry.match(GHES).issuerUrl, GHES);
    // The JSON spelling, and the defaults alone.
    assert.deepEqual(
      urls(parseIdentityConfig({ ...ghes, IncludeDefaults: true }, 't')),
      urls(config),
    );
    assert.deepEqual(urls(parseIdentityConfig({ 'include-defaults': true }, 't')), [
      ...DEFAULT_ISSUERS.issuers.filter((i) => !i.wildcard).map((i) => i.issuerUrl),
      ...DEFAULT_ISSUERS.issuers.filter((i) => i.wildcard).map((i) => i.issuerUrl),
    ]);
  });

  it('a configured issuer of a built-in URL replaces the built-in one', () => {
    const config = parseIdentityConfig(
      {
        'oidc-issuers': {
          'https://gitlab.com': { type: 'gitlab-pipeline', 'client-id': 'signet' },
        },
        'include-defaults': true,
      },
      't',
    );
    assert.equal(urls(config).filter((u) => u === 'https://gitlab.com').length, 1);
    assert.equal(urls(config).length, defaultUrls.length);
    assert.equal(new IssuerRegistry(config).match('https://gitlab.com').audience, 'signet');
  });

  it('must be true or false, in either spelling', () => {
    invalid(
      { ...ghes, 'include-defaults': 'yes' },
      /include-defaults: must be true or false, got the string "yes"/,
    );
    invalid(
      { ...ghes, includeDefaults: true },
      /unknown setting "includeDefaults" \(did you mean IncludeDefaults\?\)/,
    );
  });
});

describe('IssuerRegistry.match', () => {
  const registry = new IssuerRegistry(DEFAULT_ISSUERS);

  it('matches exact issuers and meta-issuer patterns', () => {
    assert.equal(registry.match(GITHUB).issuerUrl, GITHUB);
    assert.equal(registry.match('https://gitlab.com').provider, 'gitlab');
    assert.equal(registry.match(`${GITHUB}/acme-corp`).issuerUrl, `${GITHUB}/*`);
    assert.equal(
      registry.match('https://token.actions.octocorp.ghe.com').issuerUrl,
      'https://token.actions.*.ghe.com',
    );
    assert.equal(
      registry.match('https://token.actions.octocorp.ghe.com/acme').issuerUrl,
      'https://token.actions.*.ghe.com/*',
    );
  });

  it('anchors meta patterns and keeps "*" to one segment', () => {
    const regex = metaPatternRegex(`${GITHUB}/*`);
    assert.equal(
      regex.source,
      '^https:\\/\\/token\\.actions\\.githubusercontent\\.com\\/[-_a-zA-Z0-9]+$',
    );
    for (const iss of [
      `${GITHUB}/evil/x`,
      `${GITHUB}/acme.corp`,
      `${GITHUB}/acme?x`,
      `${GITHUB}/`,
      `https://evil.example/${GITHUB}/acme`,
      `${GITHUB}/acme/`,
      'https://token.actions.evil.com.ghe.com',
      'https://token.actionsXocto.ghe.com',
    ]) {
      assert.throws(() => registry.match(iss), { code: 'ISSUER_UNKNOWN' }, iss);
    }
  });

  it('names the nearest issuer and the difference', () => {
    unknownIssuer(
      registry,
      `${GITHUB}/`,
      `issuer "${GITHUB}/" is not configured; nearest is "${GITHUB}" (differs by a trailing slash)`,
    );
    unknownIssuer(
      registry,
      'https://Token.Actions.GitHubUserContent.com',
      `issuer "https://Token.Actions.GitHubUserContent.com" is not configured; nearest is "${GITHUB}" (differs by letter case)`,
    );
    unknownIssuer(
      registry,
      'http://gitlab.com',
      'issuer "http://gitlab.com" is not configured; nearest is "https://gitlab.com" (differs by scheme (http instead of https))',
    );
    unknownIssuer(
      registry,
      'http://gitlab.com/',
      'issuer "http://gitlab.com/" is not configured; nearest is "https://gitlab.com" (differs by scheme (http instead of https) and a trailing slash)',
    );
    unknownIssuer(
      registry,
      `${GITHUB}/evil/x`,
      `issuer "${GITHUB}/evil/x" is not configured; nearest is "${GITHUB}/*" (the issuer has the extra path "/x"; "*" matches exactly one segment of letters, digits, "-" and "_")`,
    );
    unknownIssuer(
      registry,
      'https://gitlab.co',
      'issuer "https://gitlab.co" is not configured; nearest is "https://gitlab.com" (edit distance 1)',
    );
    unknownIssuer(
      registry,
      'https://accounts.google.com',
      'issuer "https://accounts.google.com" is not configured; none is similar; configured: "https://token.actions.githubusercontent.com", "https://gitlab.com", "https://token.actions.githubusercontent.com/*", "https://token.actions.*.ghe.com", "https://token.actions.*.ghe.com/*"',
    );
  });

  it('points at an enterprise slug no meta issuer covers', () => {
    const exactOnly = new IssuerRegistry({ issuers: [DEFAULT_ISSUERS.issuers[0]!] });
    unknownIssuer(
      exactOnly,
      `${GITHUB}/acme`,
      `issuer "${GITHUB}/acme" is not configured; nearest is "${GITHUB}" (the issuer has the extra path segment "/acme", like a GitHub enterprise slug; no meta issuer covers it; to accept enterprise slugs add "${GITHUB}/*" to meta-issuers); it is one of the built-in issuers, which this identity configuration leaves out (include-defaults: true in it keeps them)`,
    );
    const ghes = new IssuerRegistry({
      issuers: [
        { ...DEFAULT_ISSUERS.issuers[0]!, issuerUrl: 'https://ghes.example.com/_services/token' },
      ],
    });
    unknownIssuer(
      ghes,
      'https://ghes.example.com',
      'issuer "https://ghes.example.com" is not configured; nearest is "https://ghes.example.com/_services/token" (the issuer lacks the path "/_services/token")',
    );
  });

  it('quotes an attacker-chosen issuer safely', () => {
    assert.throws(
      () => registry.match(`https://x\n${'a'.repeat(500)}`),
      (error: OidcError) => {
        assert.match(error.message, /^issuer "https:\/\/x\\na{190}…" is not configured/);
        return true;
      },
    );
  });
});

describe('configurationJson', () => {
  it('produces the Fulcio /api/v2/configuration body', () => {
    const config = parseIdentityConfig(parseYaml(YAML_CONFIG), 'test.yaml');
    assert.deepEqual(configurationJson(config), {
      issuers: [
        {
          issuerUrl: GITHUB,
          audience: 'sigstore',
          challengeClaim: 'sub',
          issuerType: 'github-workflow',
        },
        {
          issuerUrl: 'https://gitlab.example.com',
          audience: 'signet',
          challengeClaim: 'sub',
          issuerType: 'gitlab-pipeline',
        },
        {
          issuerUrl: 'https://accounts.example.com',
          audience: 'sigstore',
          challengeClaim: 'email',
          issuerType: 'email',
          skipEmailVerification: true,
        },
        {
          issuerUrl: 'https://spire.example.com',
          audience: 'sigstore',
          challengeClaim: 'sub',
          issuerType: 'uri',
          subjectDomain: 'https://workloads.example.com',
        },
        {
          wildcardIssuerUrl: `${GITHUB}/*`,
          audience: 'sigstore',
          challengeClaim: 'sub',
          issuerType: 'github-workflow',
        },
      ],
    });
    assert.deepEqual(new IssuerRegistry(config).configurationJson(), configurationJson(config));
  });
});

/** A self-signed P-256 certificate (CN=test-ca), made with openssl for this test. */
const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBejCCAR+gAwIBAgIUR51Y61b8g7t8Ltami9Ad544/pb4wCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHdGVzdC1jYTAeFw0yNjExMjMwODQyMjZaFw0zNjExMjAwODQy
MjZaMBIxEDAOBgNVBAMMB3Rlc3QtY2EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AAT2isnRQgn6TWrE/NUZTbvHTer3Soz4pWqq6+tawtxo71xv5/F7xhB8lrHNtwlX
AxwSWC71ll/3998opklyJbl3o1MwUTAdBgNVHQ4EFgQUHClK7sLTN76JmMSJ9oMO
tgnEA4YwHwYDVR0jBBgwFoAUHClK7sLTN76JmMSJ9oMOtgnEA4YwDwYDVR0TAQH/
BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAmG/seWo6c1re832MJQmINPKjJ/zC
6zA/5RMg6ndybC0CIQDdtd7fNc0SRH7GW3uJzEsUsE54quCORpLzNoscLLt1Dg==
-----END CERTIFICATE-----
`;
