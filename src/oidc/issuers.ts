import { X509Certificate } from 'node:crypto';
import { parsePem } from '../core/pem.js';
import {
  type Matcher,
  differsBy,
  editDistance,
  exactMatcher,
  normalisationDifferences,
  quote,
} from './difference.js';
import { githubUrlAdvice, githubUrlDerivable } from './ci-url.js';
import { OidcError } from './error.js';
import { fetchableUrlProblem } from '../core/url.js';

/** What kind of identity an issuer vouches for; decides the certificate profile. */
export type IdentityProvider = 'github' | 'gitlab' | 'email' | 'uri';

export interface IssuerSettings {
  /** The configured issuer URL, or the meta-issuer pattern. */
  issuerUrl: string;
  wildcard: boolean;
  provider: IdentityProvider;
  /** Required audience (Fulcio ClientID). */
  audience: string;
  challengeClaim: 'email' | 'sub';
  subjectDomain?: string;
  skipEmailVerification: boolean;
  /** PEM CA bundle trusted for this issuer's TLS. */
  caCert?: string;
  /** Base URL for the CI templates from ci-issuer-metadata default-template-values.url, when set. */
  ciUrl?: string;
  description?: string;
  contact?: string;
}

/** Exact issuers first (config order), then meta issuers (config order). */
export interface IdentityConfig {
  issuers: IssuerSettings[];
}

/** An identity section as parsed: the issuers in effect, and what it said of the built-in ones. */
export interface ParsedIdentityConfig extends IdentityConfig {
  /**
   * `include-defaults` as written: true adds DEFAULT_ISSUERS after the configured ones; false
   * or absent (undefined) leaves them out, so the section lists every issuer trusted.
   */
  includeDefaults: boolean | undefined;
}

/** The audience Fulcio requires when an issuer names no ClientID. */
export const DEFAULT_AUDIENCE = 'sigstore';

/** Fulcio's meta-issuer wildcard: one segment, never crossing "." or "/". */
const WILDCARD_SEGMENT = '[-_a-zA-Z0-9]+';

const github = (issuerUrl: string, wildcard: boolean): IssuerSettings => ({
  issuerUrl,
  wildcard,
  provider: 'github',
  audience: DEFAULT_AUDIENCE,
  challengeClaim: 'sub',
  skipEmailVerification: false,
});

/**
 * Used when the operator configures no identity section, or one with `include-defaults: true`:
 * GitHub Actions on github.com, its enterprise-slug issuers (`include_enterprise_slug`), GHE.com
 * data-residency tenants with and without a slug, and GitLab.com. GHES and self-managed GitLab
 * are per-installation and must be configured.
 */
export const DEFAULT_ISSUERS: IdentityConfig = Object.freeze({
  issuers: Object.freeze(
    [
      github('https://token.actions.githubusercontent.com', false),
      { ...github('https://gitlab.com', false), provider: 'gitlab' as const },
      github('https://token.actions.githubusercontent.com/*', true),
      github('https://token.actions.*.ghe.com', true),
      github('https://token.actions.*.ghe.com/*', true),
    ].map((issuer) => Object.freeze(issuer)),
  ) as IssuerSettings[],
});

// ---------------------------------------------------------------------------------------------
// Parsing the Fulcio-shaped identity config

/** Each setting with its JSON (Go field) and YAML spellings, as Fulcio's config.go reads them. */
const TOP_LEVEL = {
  oidcIssuers: ['OIDCIssuers', 'oidc-issuers'],
  metaIssuers: ['MetaIssuers', 'meta-issuers'],
  ciIssuerMetadata: ['CIIssuerMetadata', 'ci-issuer-metadata'],
  /** Signet's own: keep DEFAULT_ISSUERS beside the configured ones (Fulcio has no defaults). */
  includeDefaults: ['IncludeDefaults', 'include-defaults'],
} as const;

const ISSUER_FIELDS = {
  issuerUrl: ['IssuerURL', 'issuer-url'],
  clientId: ['ClientID', 'client-id'],
  type: ['Type', 'type'],
  ciProvider: ['CIProvider', 'ci-provider'],
  subjectDomain: ['SubjectDomain', 'subject-domain'],
  challengeClaim: ['ChallengeClaim', 'challenge-claim'],
  skipEmailVerification: ['SkipEmailVerification', 'skip-email-verification'],
  description: ['Description', 'description'],
  contact: ['Contact', 'contact'],
  environment: ['Environment', 'environment'],
  caCert: ['CACert', 'ca-cert'],
  issuerClaim: ['IssuerClaim', 'issuer-claim'],
  spiffeTrustDomain: ['SPIFFETrustDomain', 'spiffe-trust-domain'],
} as const;

const CI_METADATA_FIELDS = {
  defaultTemplateValues: ['DefaultTemplateValues', 'default-template-values'],
  extensionTemplates: ['ExtensionTemplates', 'extension-templates'],
  sanTemplate: ['SubjectAlternativeNameTemplate', 'subject-alternative-name-template'],
} as const;

type FieldSpec = Record<string, readonly [string, string]>;
/** A value read from the config, with the key path that names it in messages. */
type Field = { value: unknown; path: string };
type Fields<S extends FieldSpec> = { [K in keyof S]?: Field };

/** The Fulcio types Signet issues for, and the provider each maps to. */
const SUPPORTED_TYPES: Record<string, IdentityProvider> = {
  email: 'email',
  uri: 'uri',
  'github-workflow': 'github',
  'gitlab-pipeline': 'gitlab',
};

const CI_PROVIDERS: Record<string, IdentityProvider> = {
  'github-workflow': 'github',
  'gitlab-pipeline': 'gitlab',
};

/** Fulcio issuerType strings for /api/v2/configuration. */
const ISSUER_TYPE: Record<IdentityProvider, string> = {
  github: 'github-workflow',
  gitlab: 'gitlab-pipeline',
  email: 'email',
  uri: 'uri',
};

const SUPPORTED_LIST =
  'email, uri, github-workflow, gitlab-pipeline, or ci-provider with ci-provider github-workflow or gitlab-pipeline';

/** Why each Fulcio type Signet refuses is refused, and what to use instead. */
const UNSUPPORTED_TYPES: Record<string, string> = {
  username:
    'username identities (an otherName SAN of sub!subject-domain) are not issued by Signet; use an email or uri issuer',
  spiffe:
    'SPIFFE workload identities are not issued by Signet; Signet signs for CI pipelines (github-workflow, gitlab-pipeline), email and uri identities',
  kubernetes:
    'Kubernetes service-account identities are not issued by Signet; sign from CI (github-workflow, gitlab-pipeline) or use a key held in KMS',
  'buildkite-job':
    'only the GitHub Actions and GitLab CI certificate profiles are built in (no Buildkite claims mapping)',
  'codefresh-workflow':
    'only the GitHub Actions and GitLab CI certificate profiles are built in (no Codefresh claims mapping)',
  'chainguard-identity':
    "Chainguard identities are specific to Chainguard's own Fulcio; only the GitHub Actions and GitLab CI profiles are built in",
};

class ConfigReader {
  constructor(private readonly source: string) {}

  error(path: string, problem: string): OidcError {
    const where = path === '' ? '' : `${path}: `;
    return new OidcError(
      'CONFIG_INVALID',
      `invalid identity configuration in ${this.source}: ${where}${problem}`,
    );
  }

  mapping(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.error(path, `must be a mapping, got ${describeType(value)}`);
    }
    return value as Record<string, unknown>;
  }

  /** Reads `object` against `spec`, accepting either spelling of each key and refusing others. */
  fields<S extends FieldSpec>(object: Record<string, unknown>, spec: S, path: string): Fields<S> {
    const out: Fields<S> = {};
    for (const [key, value] of Object.entries(object)) {
      const name = Object.keys(spec).find((field) =>
        (spec[field] as readonly string[]).includes(key),
      );
      const at = join(path, key);
      if (name === undefined) throw this.error(at, unknownKeyProblem(key, spec));
      const previous = out[name as keyof S];
      if (previous !== undefined) {
        throw this.error(at, `given twice, also as ${previous.path}; use one spelling`);
      }
      out[name as keyof S] = { value, path: at };
    }
    return out;
  }

  string(field: Field | undefined): string | undefined {
    if (field === undefined) return undefined;
    if (typeof field.value !== 'string') {
      throw this.error(field.path, `must be a string, got ${describeType(field.value)}`);
    }
    return field.value;
  }

  nonEmptyString(field: Field | undefined): string | undefined {
    const value = this.string(field);
    if (value !== undefined && value.trim() === '') {
      throw this.error((field as Field).path, 'must not be empty');
    }
    return value;
  }

  boolean(field: Field | undefined): boolean | undefined {
    if (field === undefined) return undefined;
    if (typeof field.value !== 'boolean') {
      throw this.error(field.path, `must be true or false, got ${describeType(field.value)}`);
    }
    return field.value;
  }
}

function join(path: string, key: string): string {
  const plain = /^[A-Za-z][A-Za-z0-9_-]*$/.test(key);
  const segment = plain ? key : `[${JSON.stringify(key)}]`;
  return path === '' ? segment : plain ? `${path}.${segment}` : `${path}${segment}`;
}

function unknownKeyProblem(key: string, spec: FieldSpec): string {
  const known = Object.values(spec).map(([json, yaml]) => `${json}/${yaml}`);
  const loose = (text: string): string => text.toLowerCase().replace(/[-_]/g, '');
  const near = Object.values(spec)
    .flat()
    .find((spelling) => loose(spelling) === loose(key));
  const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
  return `unknown setting ${JSON.stringify(key)}${hint}; known: ${known.join(', ')}`;
}

function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `the ${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Parses the identity section of the config (Fulcio's config file shape, JSON or YAML
 * spellings; already parsed from YAML/JSON by the caller). `source` names where it came from
 * in messages. Throws OidcError CONFIG_INVALID naming the key path of the first problem.
 */
export function parseIdentityConfig(raw: unknown, source: string): ParsedIdentityConfig {
  const reader = new ConfigReader(source);
  const top = reader.fields(reader.mapping(raw, ''), TOP_LEVEL, '');
  const ciUrls = parseCiMetadata(reader, top.ciIssuerMetadata);
  const exact = parseIssuerMap(reader, top.oidcIssuers, false, ciUrls);
  const meta = parseIssuerMap(reader, top.metaIssuers, true, ciUrls);
  const includeDefaults = reader.boolean(top.includeDefaults);
  if (exact.length + meta.length === 0 && includeDefaults !== true) {
    throw reader.error(
      '',
      'no issuers are configured (neither oidc-issuers nor meta-issuers has an entry, and include-defaults is not true); without one every token is refused',
    );
  }
  // A configured issuer overrides the built-in one of the same URL; exact issuers stay first.
  // A URL names one kind only: meta-issuer patterns have a "*", exact issuers none.
  const configured = new Set([...exact, ...meta].map((i) => i.issuerUrl));
  const defaults = includeDefaults
    ? DEFAULT_ISSUERS.issuers.filter((d) => !configured.has(d.issuerUrl))
    : [];
  const issuers = [
    ...exact,
    ...defaults.filter((d) => !d.wildcard),
    ...meta,
    ...defaults.filter((d) => d.wildcard),
  ];
  return { issuers, includeDefaults };
}

function parseIssuerMap(
  reader: ConfigReader,
  field: Field | undefined,
  wildcard: boolean,
  ciUrls: Partial<Record<IdentityProvider, string>>,
): IssuerSettings[] {
  if (field === undefined || field.value === null) return [];
  const map = reader.mapping(field.value, field.path);
  return Object.entries(map).map(([key, value]) =>
    parseIssuer(reader, key, value, join(field.path, key), wildcard, ciUrls),
  );
}

function parseIssuer(
  reader: ConfigReader,
  key: string,
  value: unknown,
  path: string,
  wildcard: boolean,
  ciUrls: Partial<Record<IdentityProvider, string>>,
): IssuerSettings {
  const problem = wildcard
    ? metaPatternProblem(key)
    : key.includes('*')
      ? 'contains "*"; wildcard patterns belong in meta-issuers'
      : issuerUrlProblem(key);
  if (problem !== undefined) {
    const what = wildcard ? 'meta-issuer pattern' : 'issuer URL';
    throw reader.error(path, `${what} ${JSON.stringify(key)} ${problem}`);
  }
  const f = reader.fields(reader.mapping(value, path), ISSUER_FIELDS, path);
  const configuredUrl = reader.string(f.issuerUrl);
  if (configuredUrl !== undefined && configuredUrl !== key) {
    throw reader.error(
      (f.issuerUrl as Field).path,
      `${JSON.stringify(configuredUrl)} differs from the key ${JSON.stringify(key)} it is configured under; tokens are matched against the key, so omit it or make them equal`,
    );
  }
  for (const refused of ['issuerClaim', 'spiffeTrustDomain'] as const) {
    if (f[refused] !== undefined) throw reader.error(f[refused].path, REFUSED_FIELD[refused]);
  }
  const provider = parseProvider(reader, f, path);
  const settings: IssuerSettings = {
    issuerUrl: key,
    wildcard,
    provider,
    audience: reader.nonEmptyString(f.clientId) ?? DEFAULT_AUDIENCE,
    challengeClaim: parseChallengeClaim(reader, f, provider),
    skipEmailVerification: parseSkipEmailVerification(reader, f, provider),
  };
  const subjectDomain = parseSubjectDomain(reader, f, provider, key, path);
  if (subjectDomain !== undefined) settings.subjectDomain = subjectDomain;
  const caCert = parseCaCert(reader, f.caCert);
  if (caCert !== undefined) settings.caCert = caCert;
  const ciUrl = ciUrls[provider];
  if (ciUrl !== undefined) settings.ciUrl = ciUrl;
  else if (provider === 'github' && !githubUrlDerivable(key)) {
    throw reader.error(path, githubUrlAdvice(key));
  }
  const description = reader.string(f.description);
  if (description !== undefined) settings.description = description;
  const contact = reader.string(f.contact);
  if (contact !== undefined) settings.contact = contact;
  reader.string(f.environment); // Fulcio's staging/production label: informational only.
  return settings;
}

const REFUSED_FIELD = {
  issuerClaim:
    "issuer-claim (a JSONPath that takes the certificate issuer from a claim, as for Dex federation) is not supported: Signet records the token's own iss; configure each upstream identity provider as an issuer directly",
  spiffeTrustDomain:
    'spiffe-trust-domain is not supported: Signet does not issue SPIFFE identities',
} as const;

function parseProvider(
  reader: ConfigReader,
  f: Fields<typeof ISSUER_FIELDS>,
  path: string,
): IdentityProvider {
  const type = reader.string(f.type);
  if (type === undefined) throw reader.error(join(path, 'type'), `is required (${SUPPORTED_LIST})`);
  const at = (f.type as Field).path;
  const ciProvider = reader.string(f.ciProvider);
  if (type === 'ci-provider') {
    if (ciProvider === undefined) {
      throw reader.error(
        join(path, 'ci-provider'),
        'is required with type ci-provider (github-workflow or gitlab-pipeline)',
      );
    }
    const provider = CI_PROVIDERS[ciProvider];
    if (provider === undefined) {
      throw reader.error(
        (f.ciProvider as Field).path,
        `${JSON.stringify(ciProvider)} is not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates only`,
      );
    }
    return provider;
  }
  if (ciProvider !== undefined) {
    throw reader.error(
      (f.ciProvider as Field).path,
      `only applies to type ci-provider, not ${JSON.stringify(type)}`,
    );
  }
  const provider = SUPPORTED_TYPES[type];
  if (provider !== undefined) return provider;
  const reason = UNSUPPORTED_TYPES[type];
  throw reader.error(
    at,
    reason === undefined
      ? `unknown type ${JSON.stringify(type)}; supported: ${SUPPORTED_LIST}`
      : `type ${JSON.stringify(type)} is not supported: ${reason}`,
  );
}

/**
 * The claim a proof of possession signs is fixed by the identity type (Fulcio's principal
 * Name()); ChallengeClaim only advertises it in /api/v2/configuration. A value contradicting the
 * type would make clients sign the wrong string, so it is refused rather than passed on.
 */
function parseChallengeClaim(
  reader: ConfigReader,
  f: Fields<typeof ISSUER_FIELDS>,
  provider: IdentityProvider,
): 'email' | 'sub' {
  const expected = provider === 'email' ? 'email' : 'sub';
  const given = reader.string(f.challengeClaim);
  if (given !== undefined && given !== expected) {
    throw reader.error(
      (f.challengeClaim as Field).path,
      `${JSON.stringify(given)} is not possible: ${provider} issuers always sign the "${expected}" claim (omit it)`,
    );
  }
  return expected;
}

function parseSkipEmailVerification(
  reader: ConfigReader,
  f: Fields<typeof ISSUER_FIELDS>,
  provider: IdentityProvider,
): boolean {
  const skip = reader.boolean(f.skipEmailVerification);
  if (skip !== undefined && provider !== 'email') {
    throw reader.error(
      (f.skipEmailVerification as Field).path,
      `only applies to email issuers, not ${ISSUER_TYPE[provider]}`,
    );
  }
  return skip ?? false;
}

function parseSubjectDomain(
  reader: ConfigReader,
  f: Fields<typeof ISSUER_FIELDS>,
  provider: IdentityProvider,
  issuerKey: string,
  path: string,
): string | undefined {
  const domain = reader.nonEmptyString(f.subjectDomain);
  if (provider !== 'uri') {
    if (domain === undefined) return undefined;
    throw reader.error(
      (f.subjectDomain as Field).path,
      `only applies to uri issuers, not ${ISSUER_TYPE[provider]}`,
    );
  }
  if (domain === undefined) {
    throw reader.error(
      join(path, 'subject-domain'),
      'is required for uri issuers: the URL prefix (with scheme, e.g. https://example.com) every token sub must start with',
    );
  }
  const at = (f.subjectDomain as Field).path;
  let url: URL;
  try {
    url = new URL(domain);
  } catch {
    throw reader.error(
      at,
      `${JSON.stringify(domain)} must be a URL with a scheme, e.g. https://example.com`,
    );
  }
  // Fulcio's rule: an issuer may only vouch for URIs under its own registrable domain.
  const issuerHost = new URL(issuerKey.replaceAll('*', 'x')).hostname;
  if (!sameRegistrableDomain(url.hostname, issuerHost)) {
    throw reader.error(
      at,
      `${JSON.stringify(domain)} must share its top two DNS labels with the issuer host ${JSON.stringify(issuerHost)}`,
    );
  }
  return domain;
}

/** Whether two hosts share their last two labels; a single-label host must equal the other. */
function sameRegistrableDomain(a: string, b: string): boolean {
  const lastTwo = (host: string): string => host.toLowerCase().split('.').slice(-2).join('.');
  return lastTwo(a) === lastTwo(b);
}

function parseCaCert(reader: ConfigReader, field: Field | undefined): string | undefined {
  if (field === undefined) return undefined;
  const pem = reader.nonEmptyString(field) as string;
  const blocks = parsePem(pem, 'CERTIFICATE');
  if (blocks.length === 0) {
    throw reader.error(field.path, 'contains no PEM CERTIFICATE block');
  }
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block.der);
    } catch (error) {
      throw reader.error(
        field.path,
        `certificate ${index + 1} of ${blocks.length} cannot be parsed: ${(error as Error).message}`,
      );
    }
  });
  return pem;
}

function parseCiMetadata(
  reader: ConfigReader,
  field: Field | undefined,
): Partial<Record<IdentityProvider, string>> {
  const urls: Partial<Record<IdentityProvider, string>> = {};
  if (field === undefined || field.value === null) return urls;
  const map = reader.mapping(field.value, field.path);
  for (const [name, value] of Object.entries(map)) {
    const path = join(field.path, name);
    const provider = CI_PROVIDERS[name];
    if (provider === undefined) {
      throw reader.error(
        path,
        `CI provider ${JSON.stringify(name)} is not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates only`,
      );
    }
    const f = reader.fields(reader.mapping(value, path), CI_METADATA_FIELDS, path);
    for (const templates of ['extensionTemplates', 'sanTemplate'] as const) {
      if (f[templates] !== undefined) {
        throw reader.error(
          f[templates].path,
          "custom templates are not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates; only default-template-values.url can be set",
        );
      }
    }
    if (f.defaultTemplateValues === undefined) continue;
    const defaults = reader.mapping(f.defaultTemplateValues.value, f.defaultTemplateValues.path);
    for (const [key, url] of Object.entries(defaults)) {
      const at = join(f.defaultTemplateValues.path, key);
      if (key !== 'url') {
        throw reader.error(
          at,
          'only "url" (the base URL of repository, workflow and run links) can be set: the built-in templates use no other default value',
        );
      }
      urls[provider] = parseCiUrl(reader, url, at);
    }
  }
  return urls;
}

function parseCiUrl(reader: ConfigReader, value: unknown, path: string): string {
  const text = reader.nonEmptyString({ value, path }) as string;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw reader.error(path, `${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw reader.error(path, `${JSON.stringify(text)} must be an http or https URL`);
  }
  // The templates append "/{repository}" and the like: a trailing slash would double it.
  if (text.endsWith('/') || url.search !== '' || url.hash !== '') {
    throw reader.error(
      path,
      `${JSON.stringify(text)} must be a base URL without a trailing slash, query or fragment (e.g. https://github.example.com)`,
    );
  }
  return text;
}

/** Why `text` cannot be an exact issuer URL, or undefined when it can. */
export function issuerUrlProblem(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return 'contains whitespace or control characters';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  const problem = fetchableUrlProblem(url);
  if (problem !== undefined) return problem;
  // Tested on the text: an empty "?" or "#" leaves url.search or url.hash empty.
  if (text.includes('?')) return 'must not have a query';
  if (text.includes('#')) return 'must not have a fragment';
  return undefined;
}

/** Why `pattern` cannot be a meta-issuer pattern, or undefined when it can. */
export function metaPatternProblem(pattern: string): string | undefined {
  if (!pattern.includes('*')) return 'has no "*"; an issuer without one belongs in oidc-issuers';
  const scheme = /^(https?):\/\/([^/]*)/.exec(pattern);
  if (!scheme) return 'must start with https:// (or http:// on loopback)';
  const authority = scheme[2] as string;
  if (authority.includes('@')) return 'must not contain credentials';
  const port = /:([^:\]]*)$/.exec(authority);
  if (port?.[1]?.includes('*')) return 'must not have "*" in the port';
  // Fulcio anchors patterns since GHSA-59jp-pj84-45mr; a wildcard in the registrable domain
  // would still let whoever registers a matching domain mint accepted tokens. The port has no
  // "*" by now, so it can stay on the last label.
  if (
    authority
      .split('.')
      .slice(-2)
      .some((label) => label.includes('*'))
  ) {
    return 'must not have "*" in the last two host labels (the registrable domain)';
  }
  const problem = issuerUrlProblem(pattern.replaceAll('*', 'x'));
  return problem === undefined ? undefined : `${problem} (with "*" read as a segment)`;
}

/** The anchored regex for a meta-issuer pattern: `*` is one `[-_a-zA-Z0-9]+`, all else literal. */
export function metaPatternRegex(pattern: string, ignoreCase = false): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
    .join(WILDCARD_SEGMENT);
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}

// ---------------------------------------------------------------------------------------------
// Matching

/** The body of Fulcio's `GET /api/v2/configuration`. */
export interface FulcioConfiguration {
  issuers: Array<
    ({ issuerUrl: string } | { wildcardIssuerUrl: string }) & {
      audience: string;
      challengeClaim: 'email' | 'sub';
      issuerType: string;
      subjectDomain?: string;
      skipEmailVerification?: boolean;
    }
  >;
}

interface Candidate {
  settings: IssuerSettings;
  matches: Matcher;
}

/** Looks up the issuer for a token's (unverified) `iss`, exactly as Fulcio does. */
export class IssuerRegistry {
  readonly issuers: readonly IssuerSettings[];
  private readonly exact = new Map<string, IssuerSettings>();
  private readonly candidates: Candidate[];

  constructor(config: IdentityConfig) {
    this.issuers = Object.freeze([...config.issuers]);
    this.candidates = this.issuers.map((settings) => ({
      settings,
      matches: settings.wildcard
        ? metaMatcher(settings.issuerUrl)
        : exactMatcher(settings.issuerUrl),
    }));
    for (const settings of this.issuers) {
      if (!settings.wildcard && !this.exact.has(settings.issuerUrl)) {
        this.exact.set(settings.issuerUrl, settings);
      }
    }
  }

  /**
   * The settings for `iss`: an exact issuer first, else the first meta issuer whose anchored
   * pattern matches. No normalisation: a refusal names the nearest issuer and the difference.
   */
  match(iss: string): IssuerSettings {
    const found = this.find(iss);
    if (found !== undefined) return found;
    throw new OidcError(
      'ISSUER_UNKNOWN',
      `issuer ${quote(iss)} is not configured; ${[this.nearest(iss), leftOutDefault(iss)].filter(Boolean).join('; ')}`,
    );
  }

  /** The settings for `iss`, or undefined when no issuer matches. */
  find(iss: string): IssuerSettings | undefined {
    const exact = this.exact.get(iss);
    if (exact !== undefined) return exact;
    for (const candidate of this.candidates) {
      if (candidate.settings.wildcard && candidate.matches(iss, false)) return candidate.settings;
    }
    return undefined;
  }

  configurationJson(): FulcioConfiguration {
    return configurationJson({ issuers: [...this.issuers] });
  }

  /** "nearest is "X" (why)", or the configured list when nothing is close. */
  private nearest(iss: string): string {
    if (this.candidates.length === 0) return 'no issuers are configured';
    return (
      this.nearestByNormalisation(iss) ?? this.nearestByPath(iss) ?? this.nearestByEditDistance(iss)
    );
  }

  private nearestByNormalisation(iss: string): string | undefined {
    let best: { candidate: Candidate; differences: string[] } | undefined;
    for (const candidate of this.candidates) {
      const differences = normalisationDifferences(iss, candidate.matches);
      // Never empty: `iss` matched no issuer as it is.
      if (differences === undefined) continue;
      if (best === undefined || differences.length < best.differences.length) {
        best = { candidate, differences };
      }
    }
    if (best === undefined) return undefined;
    return `nearest is ${quote(best.candidate.settings.issuerUrl)} (${differsBy(best.differences)})`;
  }

  /** An issuer with a path the configuration does not cover: typically an enterprise slug. */
  private nearestByPath(iss: string): string | undefined {
    const origin = /^[a-z]+:\/\/[^/]*/i.exec(iss)?.[0];
    if (origin === undefined) return undefined;
    let best: { candidate: Candidate; prefix: string } | undefined;
    for (let cut = iss.indexOf('/', origin.length); cut !== -1; cut = iss.indexOf('/', cut + 1)) {
      const prefix = iss.slice(0, cut);
      const candidate = this.candidates.find((c) => c.matches(prefix, false));
      if (candidate !== undefined) best = { candidate, prefix };
    }
    if (best !== undefined) {
      const extra = quote(iss.slice(best.prefix.length));
      const { issuerUrl, wildcard } = best.candidate.settings;
      if (wildcard) {
        return `nearest is ${quote(issuerUrl)} (the issuer has the extra path ${extra}; "*" matches exactly one segment of letters, digits, "-" and "_")`;
      }
      const meta = this.candidates.find(
        (c) => c.settings.wildcard && c.settings.issuerUrl.startsWith(`${issuerUrl}/`),
      );
      const advice =
        meta === undefined
          ? `no meta issuer covers it; to accept enterprise slugs add ${quote(`${issuerUrl}/*`)} to meta-issuers`
          : `the meta issuer ${quote(meta.settings.issuerUrl)} does not match it`;
      return `nearest is ${quote(issuerUrl)} (the issuer has the extra path segment ${extra}, like a GitHub enterprise slug; ${advice})`;
    }
    const longer = this.candidates.find(
      (c) => !c.settings.wildcard && c.settings.issuerUrl.startsWith(`${iss.replace(/\/$/, '')}/`),
    );
    if (longer === undefined) return undefined;
    const missing = quote(longer.settings.issuerUrl.slice(iss.replace(/\/$/, '').length));
    return `nearest is ${quote(longer.settings.issuerUrl)} (the issuer lacks the path ${missing})`;
  }

  private nearestByEditDistance(iss: string): string {
    const scored = this.candidates
      .map((c) => ({
        url: c.settings.issuerUrl,
        distance: editDistance(iss, c.settings.issuerUrl),
      }))
      .sort((a, b) => a.distance - b.distance);
    const best = scored[0] as { url: string; distance: number };
    if (best.distance <= Math.max(3, Math.floor(best.url.length / 3))) {
      return `nearest is ${quote(best.url)} (edit distance ${best.distance})`;
    }
    const listed = this.issuers.slice(0, 6).map((s) => quote(s.issuerUrl));
    const more = this.issuers.length > 6 ? ` and ${this.issuers.length - 6} more` : '';
    return `none is similar; configured: ${listed.join(', ')}${more}`;
  }
}

let defaultRegistry: IssuerRegistry | undefined;

/**
 * Why a built-in issuer is refused: only a configured identity section leaves the defaults
 * out, and its operator may not know that it did.
 */
function leftOutDefault(iss: string): string | undefined {
  defaultRegistry ??= new IssuerRegistry(DEFAULT_ISSUERS);
  if (defaultRegistry.find(iss) === undefined) return undefined;
  return 'it is one of the built-in issuers, which this identity configuration leaves out (include-defaults: true in it keeps them)';
}

function metaMatcher(pattern: string): Matcher {
  const exact = metaPatternRegex(pattern);
  const loose = metaPatternRegex(pattern, true);
  return (candidate, ignoreCase) => (ignoreCase ? loose : exact).test(candidate);
}

/** Fulcio's `/api/v2/configuration` body for `config`, one element per issuer. */
export function configurationJson(config: IdentityConfig): FulcioConfiguration {
  return {
    issuers: config.issuers.map((issuer) => ({
      ...(issuer.wildcard
        ? { wildcardIssuerUrl: issuer.issuerUrl }
        : { issuerUrl: issuer.issuerUrl }),
      audience: issuer.audience,
      challengeClaim: issuer.challengeClaim,
      issuerType: ISSUER_TYPE[issuer.provider],
      ...(issuer.subjectDomain !== undefined && { subjectDomain: issuer.subjectDomain }),
      ...(issuer.skipEmailVerification && { skipEmailVerification: true }),
    })),
  };
}
