import { parseJsonDocument, readDocument } from '../core/document.js';
import { type HttpOptions, getJson } from '../core/http.js';
import { BundleError } from './error.js';
import { SIGNING_CONFIG_MEDIA_TYPE } from './trust.js';

/**
 * signing_config.json v0.2 (protocols.md §7.2) read and turned into the services to use: where
 * to get a certificate, which transparency logs and timestamp authorities to use.
 */

/** The API major versions this client speaks: Fulcio's v2 paths are API "1" in the config. */
export const SUPPORTED_API_VERSIONS = { ca: [1], tlog: [2], tsa: [1] } as const;

/** signing_config.json's largest real files are a few KiB. */
export const MAX_SIGNING_CONFIG_BYTES = 1024 * 1024;

export interface ServiceSpec {
  url: string;
  majorApiVersion: number;
  validFor: { start: Date; end?: Date };
  operator: string;
}

export type Selector = 'ALL' | 'ANY' | 'EXACT';

export interface SelectorConfig {
  selector: Selector;
  /** Required for EXACT. */
  count?: number;
}

export interface SigningConfig {
  /** Where it came from (file path or URL), for messages. */
  source: string;
  caUrls: ServiceSpec[];
  oidcUrls: ServiceSpec[];
  rekorTlogUrls: ServiceSpec[];
  rekorTlogConfig: SelectorConfig;
  tsaUrls: ServiceSpec[];
  tsaConfig: SelectorConfig;
}

export interface SelectedServices {
  ca: ServiceSpec;
  tlogs: ServiceSpec[];
  tsas: ServiceSpec[];
}

export function parseSigningConfig(json: unknown, source: string): SigningConfig {
  const fail = (why: string): BundleError =>
    new BundleError('SIGNING_CONFIG_INVALID', `the signing config ${source} ${why}`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw fail('is not a JSON object');
  }
  const config = json as Record<string, unknown>;
  // Exact: v0.1 files have another shape (no majorApiVersion), and guessing would pick
  // services by the wrong rules.
  if (config.mediaType !== SIGNING_CONFIG_MEDIA_TYPE) {
    throw fail(
      `has mediaType ${JSON.stringify(config.mediaType)}; expected ${SIGNING_CONFIG_MEDIA_TYPE}`,
    );
  }
  const list = (name: string): ServiceSpec[] => {
    const value = config[name] ?? config[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw fail(`has ${name} that is not a list`);
    return value.map((item, i) => service(item, `${name}[${i}]`, fail));
  };
  return {
    source,
    caUrls: list('caUrls'),
    oidcUrls: list('oidcUrls'),
    rekorTlogUrls: list('rekorTlogUrls'),
    rekorTlogConfig: selector(
      config.rekorTlogConfig ?? config.rekor_tlog_config,
      'rekorTlogConfig',
      fail,
    ),
    tsaUrls: list('tsaUrls'),
    tsaConfig: selector(config.tsaConfig ?? config.tsa_config, 'tsaConfig', fail),
  };
}

function service(item: unknown, what: string, fail: (why: string) => BundleError): ServiceSpec {
  if (typeof item !== 'object' || item === null) throw fail(`has ${what} that is not an object`);
  const s = item as Record<string, unknown>;
  const url = s.url;
  if (typeof url !== 'string' || url === '') throw fail(`has ${what} without a url`);
  const major = s.majorApiVersion ?? s.major_api_version;
  if (typeof major !== 'number' || !Number.isInteger(major)) {
    throw fail(`has ${what} without an integer majorApiVersion`);
  }
  const validFor = (s.validFor ?? s.valid_for) as Record<string, unknown> | undefined;
  const time = (value: unknown, field: string): Date => {
    const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
    if (Number.isNaN(date.getTime()))
      throw fail(`has ${what}.validFor.${field} that is not a time`);
    return date;
  };
  if (typeof validFor !== 'object' || validFor === null || validFor.start === undefined) {
    throw fail(`has ${what} without validFor.start`);
  }
  const operator = s.operator;
  return {
    url,
    majorApiVersion: major,
    validFor: {
      start: time(validFor.start, 'start'),
      ...(validFor.end !== undefined &&
        validFor.end !== null && { end: time(validFor.end, 'end') }),
    },
    // Required by the spec, but only used to keep one service per operator: a missing one is
    // its own operator rather than a reason to refuse the whole file.
    operator: typeof operator === 'string' && operator !== '' ? operator : url,
  };
}

function selector(
  value: unknown,
  what: string,
  fail: (why: string) => BundleError,
): SelectorConfig {
  if (value === undefined || value === null) return { selector: 'ANY' };
  const v = value as Record<string, unknown>;
  const name = v.selector ?? 'ANY';
  if (name !== 'ALL' && name !== 'ANY' && name !== 'EXACT') {
    throw fail(`has ${what}.selector ${JSON.stringify(name)}; expected ALL, ANY or EXACT`);
  }
  if (name !== 'EXACT') return { selector: name };
  const count = v.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw fail(`has ${what}.selector EXACT without a positive count`);
  }
  return { selector: name, count };
}

/**
 * The services valid at `now` with a supported API version, best first: highest
 * majorApiVersion, then newest start; at most one per operator.
 */
export function candidates(
  services: readonly ServiceSpec[],
  supported: readonly number[],
  now: Date,
): ServiceSpec[] {
  const valid = services
    .filter(
      (s) =>
        supported.includes(s.majorApiVersion) &&
        s.validFor.start.getTime() <= now.getTime() &&
        (s.validFor.end === undefined || now.getTime() < s.validFor.end.getTime()),
    )
    .sort(
      (a, b) =>
        b.majorApiVersion - a.majorApiVersion ||
        b.validFor.start.getTime() - a.validFor.start.getTime(),
    );
  const operators = new Set<string>();
  return valid.filter((s) => !operators.has(s.operator) && operators.add(s.operator));
}

function pick(
  services: ServiceSpec[],
  config: SelectorConfig,
  what: string,
  source: string,
): ServiceSpec[] {
  const needed = config.selector === 'EXACT' ? (config.count as number) : 1;
  if (services.length < needed) {
    throw new BundleError(
      'SIGNING_CONFIG_INVALID',
      `the signing config ${source} has ${services.length} usable ${what} (valid now, supported API version, one per operator); ${needed} needed`,
    );
  }
  if (config.selector === 'ALL') return services;
  return services.slice(0, needed);
}

/** Chooses the services for a signing run (protocols.md §7.2). */
export function selectServices(config: SigningConfig, now = new Date()): SelectedServices {
  const [ca] = candidates(config.caUrls, SUPPORTED_API_VERSIONS.ca, now);
  if (ca === undefined) {
    throw new BundleError(
      'SIGNING_CONFIG_INVALID',
      `the signing config ${config.source} has no certificate authority valid now with majorApiVersion ${SUPPORTED_API_VERSIONS.ca.join(' or ')}`,
    );
  }
  return {
    ca,
    tlogs: pick(
      candidates(config.rekorTlogUrls, SUPPORTED_API_VERSIONS.tlog, now),
      config.rekorTlogConfig,
      'transparency logs (Rekor v2)',
      config.source,
    ),
    tsas: pick(
      candidates(config.tsaUrls, SUPPORTED_API_VERSIONS.tsa, now),
      config.tsaConfig,
      'timestamp authorities',
      config.source,
    ),
  };
}

/** A service's published signing config: `${server}/signing_config.json`. */
export async function fetchSigningConfig(
  serverUrl: string,
  http?: HttpOptions,
): Promise<SigningConfig> {
  const url = `${serverUrl.replace(/\/+$/, '')}/signing_config.json`;
  return parseSigningConfig(await getJson({ url, what: 'signing config' }, http), url);
}

/** `--signing-config FILE|URL`: an http(s) URL is fetched as is, anything else read as a file. */
export async function loadSigningConfig(
  fileOrUrl: string,
  http?: HttpOptions,
): Promise<SigningConfig> {
  const what = 'signing config';
  const bytes = await readDocument(fileOrUrl, {
    what,
    maxBytes: MAX_SIGNING_CONFIG_BYTES,
    ...(http && { http }),
  });
  return parseSigningConfig(parseJsonDocument(bytes, what, fileOrUrl), fileOrUrl);
}
