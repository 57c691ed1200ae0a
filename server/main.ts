import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerConfig, SERVER_DEFAULTS, loadConfig, parseListen } from './config.js';
import { isLoopbackHost } from '../src/core/url.js';
import { DEV_ISSUER_PATH } from './dev-issuer.js';
import {
  PROFILE_FILES,
  ROOT_PROFILES,
  type RootProfile,
  createExclusive,
  createOfflineRoot,
  readText,
  signCsrWithRoot,
} from './ceremony.js';
import { doctorExitCode, formatDoctorReport, runDoctor } from './doctor.js';
import { generateKey, initInstance, loadMetadata } from './instance.js';
import { ROTATABLE_ROLES, type RotatableRole, retireKey } from './rotation.js';
import { createLogger, type LogLevel } from './logger.js';
import { startService } from './service.js';

const USAGE = `signet-server: a Sigstore-compatible certificate authority, CT log, transparency log and
timestamp authority in one process

Usage:
  signet-server init  --data-dir DIR [--public-url URL] [--config FILE] [--root-ca-cert FILE]
  signet-server serve --data-dir DIR --listen HOST:PORT [--public-url URL] [--config FILE] [--init] [--dev]
  signet-server rotate ROLE --data-dir DIR [--config FILE]
  signet-server doctor [--data-dir DIR] [--config FILE] [--public-url URL] [--url URL]
  signet-server root create --root-dir DIR [--key-type p256|p384]
  signet-server root sign --root-dir DIR --profile issuing-ca|tsa --csr FILE --out FILE
  signet-server COMMAND --help

Commands:
  init    Create the data directory and its keys (root CA, issuing CA, CT log, log, TSA).
          Idempotent: existing key material is never replaced. With --root-ca-cert FILE (a
          root made offline by "root create"), init writes CSRs for the issuing CA and the TSA
          and exits with status 3 until their signed certificates are placed in keys/.
  doctor  Check a configuration, its data directory (read-only) and the running service:
          each issuer's live discovery document and JWKS, key files, certificate expiry, and
          that the served trust root matches the keys on disk. Exits 1 if any check fails
          (warnings do not).
  root    The offline half of a key ceremony: "create" makes a root CA key and certificate;
          "sign" signs an init CSR with Signet's issuing-ca or tsa profile.
  serve   Run the service: Fulcio v2 CA (POST /api/v2/signingCert, GET /api/v2/trustBundle,
          /api/v2/configuration), CT log (POST /ct/v1/add-pre-chain, /ct/checkpoint),
          Rekor v2 API (POST /api/v2/log/entries), tlog-tiles reads (/checkpoint, /tile/...),
          RFC 3161 timestamps (POST /api/v1/timestamp), and /trusted_root.json,
          /signing_config.json, /healthz, /metrics.
  rotate  Retire the current key of ROLE (issuing-ca, log, ct or tsa) and create its successor;
          the retired key stays in the trust root with an end date. Run with the service
          stopped; issuing-ca and tsa need the root CA key for the new certificate.

Options:
  --data-dir DIR     data directory (default ${SERVER_DEFAULTS.dataDir})
  --listen HOST:PORT address to listen on (default ${SERVER_DEFAULTS.listen})
  --public-url URL   the URL clients use (behind a proxy); its hostname becomes the log's
                     checkpoint origin and cannot change later (default http://LISTEN)
  --config FILE      YAML or JSON settings (see docs/architecture.md for the keys)
  --init             serve: initialise the data directory first if it is new
  --dev              serve: development mode (what npm start runs): implies --init, runs a
                     development OIDC issuer at /dev-oidc that gives a token to anyone who asks,
                     and therefore refuses any listen address or public URL but loopback
  --log-level LEVEL  debug, info, warn or error (default info)
  --url URL          doctor: base URL of the running service (default the public URL)
  --root-ca-cert F   init: install this root CA certificate (made offline) instead of creating one
  --root-dir DIR     root: directory of the offline root CA key and certificate
  --key-type TYPE    root create: p256 (default) or p384
  --profile NAME     root sign: issuing-ca or tsa
  --csr FILE         root sign: the CSR init wrote
  --out FILE         root sign: where to write the signed certificate (never overwritten)
  -h, --help         show this help
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      listen: { type: 'string' },
      'public-url': { type: 'string' },
      config: { type: 'string' },
      init: { type: 'boolean' },
      dev: { type: 'boolean' },
      'log-level': { type: 'string' },
      'root-ca-cert': { type: 'string' },
      'root-dir': { type: 'string' },
      'key-type': { type: 'string' },
      profile: { type: 'string' },
      csr: { type: 'string' },
      out: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined) {
    process.stdout.write(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const maxPositionals = command === 'rotate' || command === 'root' ? 2 : 1;
  if (positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument ${positionals[maxPositionals]}`);
  }
  const overrides: Partial<ServerConfig> = {};
  if (values['data-dir'] !== undefined) overrides.dataDir = values['data-dir'];
  if (values.listen !== undefined) overrides.listen = values.listen;
  if (values['public-url'] !== undefined) overrides.publicUrl = values['public-url'];
  if (values['log-level'] !== undefined) overrides.logLevel = values['log-level'] as LogLevel;
  if (values.dev) overrides.devIssuer = true;
  const config = await loadConfig(values.config, overrides);
  if (!['debug', 'info', 'warn', 'error'].includes(config.logLevel)) {
    throw new UsageError(`--log-level must be debug, info, warn or error`);
  }
  const logger = createLogger(config.logLevel);

  if (command === 'root') return root(positionals[1], values);
  if (command === 'doctor') {
    const checks = await runDoctor({ config, url: values.url });
    process.stdout.write(formatDoctorReport(checks));
    return doctorExitCode(checks);
  }
  if (command === 'init') {
    const rootCaCert =
      values['root-ca-cert'] === undefined
        ? undefined
        : await readText(values['root-ca-cert'], 'root CA certificate');
    const instance = await initInstance({
      dir: config.dataDir,
      publicUrl: config.publicUrl ?? defaultPublicUrl(config),
      keys: config.keys,
      ca: config.ca,
      rootCaCert,
      logger,
    });
    process.stdout.write(
      `Initialised ${config.dataDir} for ${instance.metadata.publicUrl}.\n` +
        (existsSync(join(config.dataDir, 'keys', 'root-ca.key.pem'))
          ? `Move ${config.dataDir}/keys/root-ca.key.pem offline: the service needs only the root certificate.\n`
          : ''),
    );
    return 0;
  }
  if (command === 'rotate') return rotate(positionals[1], config, logger);
  if (command !== 'serve') throw new UsageError(`unknown command ${command}`);
  if (values.dev && !isLoopbackHost(parseListen(config.listen).host)) {
    throw new UsageError(
      `--dev serves on loopback only; --listen ${config.listen} is not a loopback address`,
    );
  }
  const initialised = existsSync(`${config.dataDir}/signet.json`);
  if (!values.init && !values.dev && !initialised) {
    throw new UsageError(
      `${config.dataDir} is not an initialised data directory; run "signet-server init --data-dir ${config.dataDir}" first, or pass --init`,
    );
  }
  const service = await startService(
    {
      ...config,
      publicUrl: config.publicUrl ?? (initialised ? undefined : defaultPublicUrl(config)),
    },
    logger,
  );
  const url = service.instance.metadata.publicUrl;
  process.stdout.write(
    `Signet is serving on ${service.url} (public URL ${url})\n` +
      `  certificates:     ${url}/api/v2/signingCert\n` +
      `  transparency log: ${url}/api/v2/log/entries\n` +
      `  timestamps:       ${url}/api/v1/timestamp\n` +
      `  trusted root:     ${url}/trusted_root.json (also ${config.dataDir}/trusted_root.json)\n` +
      (config.devIssuer
        ? `  DEVELOPMENT OIDC issuer (anyone on this machine gets a token): ${url}${DEV_ISSUER_PATH}\n`
        : ''),
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info('shutting down', { signal });
      service.close().then(resolve, (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

/** `root create` and `root sign`: the offline half of the key ceremony. */
async function root(
  action: string | undefined,
  values: {
    'root-dir'?: string;
    'key-type'?: string;
    profile?: string;
    csr?: string;
    out?: string;
  },
): Promise<number> {
  const rootDir = values['root-dir'];
  if (rootDir === undefined) throw new UsageError('root commands need --root-dir DIR');
  if (action === 'create') {
    const keyType = values['key-type'] ?? 'p256';
    if (keyType !== 'p256' && keyType !== 'p384') {
      throw new UsageError(`--key-type must be p256 or p384, got ${keyType}`);
    }
    const { keyPath, certPath } = await createOfflineRoot(rootDir, () => generateKey(keyType));
    process.stdout.write(
      `Created the root CA: ${certPath} (give it to init with --root-ca-cert) and ${keyPath} (keep it offline).\n`,
    );
    return 0;
  }
  if (action !== 'sign') throw new UsageError('root needs an action: create or sign');
  const profile = values.profile as RootProfile | undefined;
  if (profile === undefined || !ROOT_PROFILES.includes(profile)) {
    throw new UsageError(`--profile must be one of ${ROOT_PROFILES.join(', ')}`);
  }
  if (values.csr === undefined || values.out === undefined) {
    throw new UsageError('root sign needs --csr FILE and --out FILE');
  }
  const pem = await signCsrWithRoot({ rootDir, profile, csrPath: values.csr });
  await createExclusive(values.out, pem, 0o644);
  process.stdout.write(
    `Signed ${values.csr} as ${profile}: ${values.out}; place it at DATA-DIR/keys/${PROFILE_FILES[profile].certificate}.\n`,
  );
  return 0;
}

async function rotate(
  role: string | undefined,
  config: ServerConfig,
  logger: ReturnType<typeof createLogger>,
): Promise<number> {
  if (!(ROTATABLE_ROLES as readonly (string | undefined)[]).includes(role)) {
    throw new UsageError(`rotate needs a role: ${ROTATABLE_ROLES.join(', ')}`);
  }
  const dir = config.dataDir;
  if (!existsSync(join(dir, 'signet.json'))) {
    throw new UsageError(`${dir} is not an initialised data directory`);
  }
  const metadata = await loadMetadata(dir, undefined, logger);
  // Checked before anything moves: a retired key without a successor would stop the service.
  if (
    (role === 'issuing-ca' || role === 'tsa') &&
    !existsSync(join(dir, 'keys', 'root-ca.key.pem'))
  ) {
    throw new UsageError(
      `rotating ${role} needs the root CA key at ${join(dir, 'keys', 'root-ca.key.pem')} to certify the new key; bring it back for this step`,
    );
  }
  if (role === 'issuing-ca' && config.ca.issuingKey !== 'file') {
    const current = metadata.keys['issuing-ca']?.ref;
    if (current === config.ca.issuingKey) {
      throw new UsageError(
        `ca.issuingKey is still ${current}, the key being retired; create a new KMS key and set ca.issuingKey to it first`,
      );
    }
  }
  const result = await retireKey(dir, role as RotatableRole, metadata.keys);
  await initInstance({
    dir,
    publicUrl: undefined,
    keys: config.keys,
    ca: config.ca,
    logger,
  });
  process.stdout.write(
    `Retired the ${role} key as of ${result.end.toISOString()} (kept in ${result.retiredTo}) and created its successor.\n` +
      `Start the service to publish the new trust root; verifiers must fetch it before trusting new signatures.\n`,
  );
  return 0;
}

/** Without --public-url, clients are assumed to reach the service at its listen address. */
function defaultPublicUrl(config: ServerConfig): string {
  const { host } = parseListen(config.listen);
  if (host === '0.0.0.0' || host === '::') {
    throw new UsageError(
      `--listen ${config.listen} does not say how clients reach the service; pass --public-url (its hostname becomes the log's checkpoint origin)`,
    );
  }
  return `http://${config.listen}`;
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      process.stderr.write(
        `signet-server: ${(error as Error).message}\nRun "signet-server --help" for usage.\n`,
      );
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`signet-server: ${(error as Error).message ?? String(error)}\n`);
    // A pending key ceremony is a step to take, not a failure: scripts can tell it apart.
    process.exitCode = (error as { code?: string }).code === 'CEREMONY_PENDING' ? 3 : 1;
  },
);
