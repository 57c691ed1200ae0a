import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parse as parseYaml } from 'yaml';
import {
  LOG_DEFAULTS,
  type LogTuning,
  REPLICA_DEFAULTS,
  type ReplicaTuning,
  validateLogOptions,
  validateReplicaOptions,
} from '../src/tlog/log.js';
import { controlCharacterProblem } from '../src/core/text.js';
import { DEFAULT_POLICY_OID } from '../src/tsa/oids.js';
import { isLoopbackHost } from '../src/core/url.js';
import {
  DEFAULT_ISSUERS,
  type ParsedIdentityConfig,
  parseIdentityConfig,
} from '../src/oidc/issuers.js';
import { TUF_EXPIRY_DEFAULTS, validateTufExpiry } from '../src/tuf/repository.js';
import type { LogLevel } from './logger.js';
import { ServerError } from './http.js';
import { DEFAULT_MAX_QUEUE_DELAY_MS } from './verify-pool.js';

/** Every setting of `signet-server serve`, with its default; a config file or flags override them. */
export interface ServerConfig {
  dataDir: string;
  /**
   * Where the logs keep their entries, tiles and checkpoints: `data-dir` (the default: files in
   * the data directory, one process) or a PostgreSQL URL `postgres://USER:PASSWORD@HOST/DB`,
   * shared by several replicas (server/storage/select.ts). Never printed with its password.
   */
  storage: string;
  /** HOST:PORT to listen on. */
  listen: string;
  /**
   * The URL clients use: the trust root's and signing config's URLs derive from it, and at init
   * its hostname becomes the checkpoint origin. Once named (at init, by flag or here) it is kept;
   * never named, it is `http://LISTEN`, following the listen address at each start.
   */
  publicUrl: string | undefined;
  logLevel: LogLevel;
  /** The HTTP server's limits on connections: how many, and how long each may sit idle. */
  server: HttpServerSettings;
  /** Largest request body accepted on the write endpoints. */
  maxBodyBytes: number;
  /** Worker threads that verify log-entry signatures; 0 verifies on the event loop. */
  verifyWorkers: number;
  /**
   * Longest a log entry or certificate request may wait for a verification worker: past it, new
   * ones get 503 with Retry-After at once and late ones are answered 503 unverified.
   */
  maxQueueDelayMs: number;
  log: LogTuning;
  /** This replica's name and lease settings, for logs on storage shared by replicas. */
  replica: ReplicaSettings;
  tsa: {
    policyOid: string;
    acceptedPolicies: string[];
    accuracySeconds: number;
    includeChain: boolean;
    /** Timestamp requests handled at once; more get 503 with Retry-After, as with the CA. */
    maxInFlight: number;
  };
  /**
   * What this process serves: `ca` (Fulcio v2), `ct` (the CT log), `tlog` (Rekor v2) and `tsa`
   * (RFC 3161). All four by default; a CT log can run alone (`[ct]`) with the CA elsewhere.
   */
  roles: Role[];
  ct: {
    /** A CT log run elsewhere, for a CA without the `ct` role: its base URL. */
    url: string | undefined;
    /** That log's public key (PEM file): SCTs are checked on receipt and it goes in the trust root. */
    publicKey: string | undefined;
    /** Root certificates (PEM files) whose chains this CT log accepts, besides this instance's root. */
    acceptedRoots: string[];
  };
  ca: {
    /**
     * Where the issuing CA key lives: `file` (keys/issuing-ca.key.pem, for development and
     * small installs) or an AWS KMS reference `awskms:///KEY-ID|alias/NAME|ARN`.
     */
    issuingKey: string;
    /** Curve of a new file key: P-256 issues about 13x faster than P-384 (docs/performance.md). */
    issuingKeyType: 'p256' | 'p384';
    /**
     * Certificate requests handled at once; more get 503 with Retry-After. A saturated event
     * loop otherwise leaves new connections waiting for seconds (docs/performance.md).
     */
    maxInFlight: number;
  };
  /**
   * OIDC issuers in Fulcio's config shape (`OIDCIssuers`/`oidc-issuers`, `MetaIssuers`/
   * `meta-issuers`, `ci-issuer-metadata`) plus Signet's `include-defaults`; undefined means the
   * built-in issuers (GitHub Actions and gitlab.com). A section lists every issuer trusted,
   * unless `include-defaults: true` keeps the built-in ones beside it.
   */
  identity: unknown;
  /** Run the development OIDC issuer at /dev-oidc (loopback only; `serve --dev` sets it). */
  devIssuer: boolean;
  /** The TUF repository at /tuf: the online key (snapshot, timestamp) and each role's validity in days. */
  tuf: {
    /** `file` (keys/tuf-online.key.pem) or an AWS KMS reference `awskms:///...`, a P-256 key. */
    onlineKey: string;
    /** A folder the service keeps a copy of the repository in (for a CDN or object storage). */
    exportDir: string | undefined;
    rootDays: number;
    targetsDays: number;
    snapshotDays: number;
    timestampDays: number;
  };
  keys: {
    /** Checkpoint signing key of a new log; Ed25519 as public-good Rekor v2 uses. */
    logKeyType: 'ed25519' | 'p256';
    tsaKeyType: 'p256' | 'p384';
    rootKeyType: 'p256' | 'p384';
  };
}

/**
 * The default `tsa.maxInFlight`, as `ca.maxInFlight`: far above the 64 in flight that reach the
 * TSA's full rate (docs/performance.md). A timestamp holds its slot while its body arrives and
 * until its signature (about 25 µs of work, in a worker) comes back, so only slow bodies or a
 * stalled event loop or pool fill it.
 */
export const TSA_MAX_IN_FLIGHT = 512;

export interface HttpServerSettings {
  /**
   * Connections open at once; at the cap a new one closes the longest-idle connection, or is
   * refused if every connection has a request in flight. Unset: the descriptor limit less what
   * the process needs besides (server/connections.ts), so a flood cannot exhaust descriptors.
   */
  maxConnections: number | undefined;
  /** A connection that has not sent a whole request head by then gets 408 and is closed. */
  headersTimeoutMs: number;
  /** The same for the whole request, body included (a slowly dripped body). */
  requestTimeoutMs: number;
  /**
   * An idle kept-alive connection is closed after this. Behind a load balancer that reuses
   * connections, set it above the balancer's idle timeout (65000 for a 60 s one), so that the
   * balancer closes first and never sends on a connection being closed.
   */
  idleTimeoutMs: number;
}

/**
 * Shorter than Node's 60 s and 300 s: a client sends its request head in one packet, and an idle
 * connection holds a descriptor (kept-alive connections idled 65 s before issue 11).
 */
export const HTTP_SERVER_DEFAULTS: HttpServerSettings = {
  maxConnections: undefined,
  headersTimeoutMs: 10_000,
  /** 128 KiB (maxBodyBytes) in 30 s needs only 4.4 KiB/s. */
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 5_000,
};

/**
 * A replica on shared storage (docs/architecture.md, "Several replicas"): the lease and follower
 * settings of every log it runs, and its name in the lease rows. Unused on the data directory.
 */
export interface ReplicaSettings extends ReplicaTuning {
  /**
   * The replica's name in the lease rows; unset, the host name and process id. A replica
   * restarted under the name it had takes its own lease back at once instead of waiting one
   * TTL; two running replicas must never share a name (each would think it holds the lease).
   */
  id: string | undefined;
}

/** Longest `replica.id`: a pod or host name with room to spare. */
export const REPLICA_ID_MAX_LENGTH = 253;

export const ROLES = ['ca', 'ct', 'tlog', 'tsa'] as const;
export type Role = (typeof ROLES)[number];

/** The named default of `storage`: the logs live in the data directory, as before issue 15. */
export const DATA_DIR_STORAGE = 'data-dir';

export const SERVER_DEFAULTS: ServerConfig = {
  dataDir: '.signet',
  storage: DATA_DIR_STORAGE,
  listen: '127.0.0.1:8080',
  publicUrl: undefined,
  logLevel: 'info',
  server: { ...HTTP_SERVER_DEFAULTS },
  /** Entries carry a certificate and a signature (a few KiB); 128 KiB leaves room for DSSE payloads. */
  maxBodyBytes: 128 * 1024,
  /** One per CPU: the event loop keeps HTTP and the log engine, the workers share the rest. */
  verifyWorkers: availableParallelism(),
  maxQueueDelayMs: DEFAULT_MAX_QUEUE_DELAY_MS,
  log: { ...LOG_DEFAULTS },
  replica: { id: undefined, ...REPLICA_DEFAULTS },
  tsa: {
    policyOid: DEFAULT_POLICY_OID,
    acceptedPolicies: [],
    accuracySeconds: 1,
    includeChain: false,
    maxInFlight: TSA_MAX_IN_FLIGHT,
  },
  roles: [...ROLES],
  ct: { url: undefined, publicKey: undefined, acceptedRoots: [] },
  ca: { issuingKey: 'file', issuingKeyType: 'p256', maxInFlight: 512 },
  identity: undefined,
  devIssuer: false,
  tuf: { onlineKey: 'file', exportDir: undefined, ...TUF_EXPIRY_DEFAULTS },
  keys: { logKeyType: 'ed25519', tsaKeyType: 'p256', rootKeyType: 'p256' },
};

const invalid = (message: string): ServerError =>
  new ServerError('CONFIG_INVALID', `invalid configuration: ${message}`);

type Shape = {
  [key: string]:
    | 'string'
    | 'number'
    | 'boolean'
    | 'string[]'
    /** Checked by its own parser, which names its own errors. */
    | 'delegated'
    | Shape
    | readonly string[];
};

const SHAPE: Shape = {
  dataDir: 'string',
  storage: 'string',
  listen: 'string',
  publicUrl: 'string',
  logLevel: ['debug', 'info', 'warn', 'error'],
  server: {
    maxConnections: 'number',
    headersTimeoutMs: 'number',
    requestTimeoutMs: 'number',
    idleTimeoutMs: 'number',
  },
  maxBodyBytes: 'number',
  verifyWorkers: 'number',
  maxQueueDelayMs: 'number',
  log: {
    batchMaxSize: 'number',
    batchMaxAgeMs: 'number',
    checkpointIntervalMs: 'number',
    maxPending: 'number',
    maxQueueDelayMs: 'number',
    maxEntryBytes: 'number',
    appendTimeoutMs: 'number',
    recoveryDelayMs: 'number',
    recoveryMaxDelayMs: 'number',
  },
  replica: {
    id: 'string',
    leaseTtlMs: 'number',
    leaseRenewMs: 'number',
    followIntervalMs: 'number',
  },
  tsa: {
    policyOid: 'string',
    acceptedPolicies: 'string[]',
    accuracySeconds: 'number',
    includeChain: 'boolean',
    maxInFlight: 'number',
  },
  roles: 'string[]',
  ct: {
    url: 'string',
    publicKey: 'string',
    acceptedRoots: 'string[]',
  },
  ca: {
    issuingKey: 'string',
    issuingKeyType: ['p256', 'p384'],
    maxInFlight: 'number',
  },
  identity: 'delegated',
  devIssuer: 'boolean',
  tuf: {
    onlineKey: 'string',
    exportDir: 'string',
    rootDays: 'number',
    targetsDays: 'number',
    snapshotDays: 'number',
    timestampDays: 'number',
  },
  keys: {
    logKeyType: ['ed25519', 'p256'],
    tsaKeyType: ['p256', 'p384'],
    rootKeyType: ['p256', 'p384'],
  },
};

/** Checks a parsed config file against SHAPE: unknown keys and wrong types are named, not ignored. */
function checkShape(value: unknown, shape: Shape, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${path || 'the file'} must be a mapping`);
  for (const [key, item] of Object.entries(value)) {
    const where = path ? `${path}.${key}` : key;
    const expected = shape[key];
    if (expected === undefined)
      throw invalid(`unknown setting ${where}; known: ${Object.keys(shape).join(', ')}`);
    if (expected === 'delegated') continue;
    if (Array.isArray(expected)) {
      if (!expected.includes(item as string))
        throw invalid(`${where} must be one of ${expected.join(', ')}`);
    } else if (expected === 'string[]') {
      if (!Array.isArray(item) || item.some((s) => typeof s !== 'string'))
        throw invalid(`${where} must be a list of strings`);
    } else if (typeof expected === 'object') {
      checkShape(item, expected as Shape, where);
    } else if (typeof item !== expected) {
      throw invalid(`${where} must be a ${expected}`);
    }
  }
}

function merge<T>(base: T, override: unknown): T {
  if (typeof override !== 'object' || override === null || Array.isArray(override))
    return (override ?? base) as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) out[key] = merge(out[key], value);
  return out as T;
}

/** Reads a YAML or JSON config file (JSON is YAML) and merges it over the defaults. */
export async function loadConfig(
  file: string | undefined,
  overrides: Partial<ServerConfig>,
): Promise<ServerConfig> {
  let fromFile: unknown = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw invalid(`cannot read config file ${file}: ${(error as Error).message}`);
    }
    try {
      fromFile = parseYaml(text) ?? {};
    } catch (error) {
      throw invalid(`config file ${file} is not valid YAML or JSON: ${(error as Error).message}`);
    }
    checkShape(fromFile, SHAPE, '');
  }
  const config = merge(merge(SERVER_DEFAULTS, fromFile), overrides);
  validateConfig(config);
  return config;
}

export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:]+\]|[^:]+):(\d{1,5})$/.exec(listen);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw invalid(`listen must be HOST:PORT, got "${listen}"`);
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port };
}

export function validateConfig(config: ServerConfig): void {
  parseListen(config.listen);
  storageOf(config.storage);
  if (config.publicUrl !== undefined) publicUrlOf(config.publicUrl);
  validateHttpServer(config.server);
  integerIn('maxBodyBytes', config.maxBodyBytes, 1024, 16 * 1024 * 1024);
  integerIn('verifyWorkers', config.verifyWorkers, 0, 64);
  integerIn('maxQueueDelayMs', config.maxQueueDelayMs, 10, 600_000);
  try {
    validateLogOptions(config.log);
  } catch (error) {
    throw invalid(`log.${(error as Error).message}`);
  }
  validateReplica(config.replica);
  for (const oid of [config.tsa.policyOid, ...config.tsa.acceptedPolicies]) {
    if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(oid))
      throw invalid(`tsa policy "${oid}" is not a dotted OID`);
  }
  if (config.ca.issuingKey !== 'file' && !config.ca.issuingKey.startsWith('awskms://')) {
    throw invalid(
      `ca.issuingKey must be "file" or an AWS KMS reference (awskms:///KEY-ID, awskms:///alias/NAME or awskms:///ARN), got "${config.ca.issuingKey}"`,
    );
  }
  if (config.tuf.onlineKey !== 'file' && !config.tuf.onlineKey.startsWith('awskms://')) {
    throw invalid(
      `tuf.onlineKey must be "file" or an AWS KMS reference (awskms:///KEY-ID, awskms:///alias/NAME or awskms:///ARN), got "${config.tuf.onlineKey}"`,
    );
  }
  try {
    validateTufExpiry(config.tuf);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  integerIn('ca.maxInFlight', config.ca.maxInFlight, 1, 100_000);
  integerIn('tsa.maxInFlight', config.tsa.maxInFlight, 1, 100_000);
  identityConfigOf(config);
  validateRoles(config);
  integerIn('tsa.accuracySeconds', config.tsa.accuracySeconds, 1, 3600);
}

function validateReplica(replica: ReplicaSettings): void {
  const { id, ...tuning } = replica;
  if (id !== undefined) {
    const problem = id === '' ? 'is empty' : controlCharacterProblem(id);
    if (problem !== undefined) throw invalid(`replica.id ${problem}`);
    if (id.length > REPLICA_ID_MAX_LENGTH)
      throw invalid(`replica.id is ${id.length} characters long, at most ${REPLICA_ID_MAX_LENGTH}`);
  }
  try {
    validateReplicaOptions(tuning);
  } catch (error) {
    throw invalid(`replica.${(error as Error).message}`);
  }
}

function validateHttpServer(settings: HttpServerSettings): void {
  if (settings.maxConnections !== undefined)
    integerIn('server.maxConnections', settings.maxConnections, 1, 1_000_000);
  integerIn('server.headersTimeoutMs', settings.headersTimeoutMs, 1000, 300_000);
  integerIn('server.requestTimeoutMs', settings.requestTimeoutMs, 1000, 3_600_000);
  integerIn('server.idleTimeoutMs', settings.idleTimeoutMs, 1000, 600_000);
  if (settings.requestTimeoutMs < settings.headersTimeoutMs) {
    throw invalid(
      `server.requestTimeoutMs (${settings.requestTimeoutMs}) must be at least server.headersTimeoutMs (${settings.headersTimeoutMs}): the head is part of the request`,
    );
  }
}

/** Where the logs live, as `storage` names it. */
export type StorageChoice = { kind: 'data-dir' } | { kind: 'postgres'; url: string };

/**
 * Reads `storage`: the named default or a PostgreSQL URL with a host and a database. The error
 * shows the URL with its password replaced (redactUrl), as every message about it does.
 */
export function storageOf(text: string): StorageChoice {
  if (text === DATA_DIR_STORAGE) return { kind: 'data-dir' };
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  const expected = `storage must be "${DATA_DIR_STORAGE}" (the data directory) or a PostgreSQL URL postgres://USER:PASSWORD@HOST[:PORT]/DATABASE`;
  if (url === undefined || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:'))
    throw invalid(`${expected}, got "${redactUrl(text)}"`);
  if (url.hostname === '' && !url.searchParams.has('host'))
    throw invalid(`storage ${redactUrl(text)} names no host`);
  if (url.pathname.replace(/^\//, '') === '')
    throw invalid(`storage ${redactUrl(text)} names no database (postgres://HOST/DATABASE)`);
  return { kind: 'postgres', url: text };
}

/**
 * A URL fit for messages and log lines: its password (and a `password` query parameter)
 * replaced by `****`. Of text that does not parse as a URL only the scheme is shown: where its
 * credentials would end is anyone's guess.
 */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    if (!text.includes(':')) return text;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1];
    return `${scheme ?? ''}:****`;
  }
  if (url.password !== '') url.password = '****';
  if (url.searchParams.has('password')) url.searchParams.set('password', '****');
  return url.href;
}

/** Refuses a setting that is not an integer from `min` to `max`, naming it. */
function integerIn(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw invalid(`${name} must be an integer from ${min} to ${max}, got ${value}`);
}

function validateRoles(config: ServerConfig): void {
  const unknown = config.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0 || config.roles.length === 0) {
    throw invalid(
      `roles must list some of ${ROLES.join(', ')}${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`,
    );
  }
  const external = config.ct.url !== undefined || config.ct.publicKey !== undefined;
  if (config.roles.includes('ct') && external) {
    throw invalid('ct.url and ct.publicKey name a CT log run elsewhere; drop them or the ct role');
  }
  if (config.roles.includes('ca') && !config.roles.includes('ct')) {
    if (config.ct.url === undefined || config.ct.publicKey === undefined) {
      throw invalid(
        'the ca role without the ct role needs ct.url and ct.publicKey: the CT log the CA submits precertificates to',
      );
    }
    let url: URL;
    try {
      url = new URL(config.ct.url);
    } catch {
      throw invalid(`ct.url "${config.ct.url}" is not a URL`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw invalid(`ct.url must be https (or http on loopback), got ${config.ct.url}`);
    }
  }
}

/** The configured OIDC issuers, or the defaults; a bad issuer block is named at start-up. */
export function identityConfigOf(config: ServerConfig): ParsedIdentityConfig {
  if (config.identity === undefined) {
    return { issuers: DEFAULT_ISSUERS.issuers, includeDefaults: true };
  }
  try {
    return parseIdentityConfig(config.identity, 'identity');
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

/** Whether the built-in issuers are in effect, and the setting that decided it (for the log). */
export function builtInIssuersNote(config: ServerConfig): string {
  if (config.identity === undefined) return 'in effect: no identity section is configured';
  switch (identityConfigOf(config).includeDefaults) {
    case true:
      return 'included: identity.include-defaults is true';
    case false:
      return 'left out: identity.include-defaults is false';
    default:
      return 'left out: the identity section lists every issuer trusted unless identity.include-defaults is true';
  }
}

/**
 * The public URL when none is named: the listen address, which must be one clients can use
 * (not a wildcard, not port 0).
 */
export function listenUrlOf(listen: string): string {
  const { host, port } = parseListen(listen);
  if (host === '0.0.0.0' || host === '::' || port === 0) {
    throw invalid(
      `listen ${listen} does not say how clients reach the service; name the URL they use with --public-url (publicUrl in the config file)`,
    );
  }
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A public URL normalised to origin plus path without a trailing slash. */
export function publicUrlOf(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`publicUrl "${text}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid(`publicUrl must be http or https, got ${url.protocol}`);
  if (url.search || url.hash || url.username || url.password)
    throw invalid('publicUrl must not have a query, fragment or credentials');
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}
