import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type OptionSpec,
  type Parsed,
  flagOption,
  parseCommandLine,
  stringOption,
  stringsOption,
} from '../src/cli/args.js';
import { CliError } from '../src/cli/error.js';
import { EXIT } from '../src/cli/io.js';
import { isLoopbackHost } from '../src/core/url.js';
import { VERSION, versionJson } from '../src/core/version.js';
import {
  PROFILE_FILES,
  ROOT_PROFILES,
  type RootProfile,
  createExclusive,
  createOfflineRoot,
  readText,
  signCsrWithRoot,
} from './ceremony.js';
import {
  DATA_DIR_STORAGE,
  type ServerConfig,
  SERVER_DEFAULTS,
  loadConfig,
  parseListen,
  storageOf,
} from './config.js';
import { DEV_ISSUER_PATH } from './dev-issuer.js';
import { doctorExitCode, formatDoctorJson, formatDoctorReport, runDoctor } from './doctor.js';
import { instanceOn, instanceSettings } from './instance-storage.js';
import { type Instance, generateKey, initInstance, loadMetadata } from './instance.js';
import { type LogLevel, type Logger, createLogger } from './logger.js';
import { ROTATABLE_ROLES, type RotatableRole, retireKey } from './rotation.js';
import { startService } from './service.js';
import { openStorage } from './storage/select.js';
import {
  type RootSigned,
  publishAtInit,
  tufExport,
  tufKeygen,
  tufReport,
  tufRootSign,
  tufRootSignDraft,
  tufTargetsSign,
} from './tuf-ceremony.js';

/**
 * `signet-server`: one command per operator task, each with its own options and help. The
 * command line is parsed as `signet`'s is (src/cli/args.ts): the same messages for unknown
 * options and missing values, the same exit statuses.
 */

const PROGRAM = 'signet-server';

/** Options shared by the commands that read the configuration. */
const CONFIG_HELP = `  --data-dir DIR     data directory (default ${SERVER_DEFAULTS.dataDir})
  --config FILE      YAML or JSON settings (see docs/architecture.md for the keys)
  --log-level LEVEL  debug, info, warn or error (default info)`;
const LISTEN_HELP = `  --listen HOST:PORT address to listen on (default ${SERVER_DEFAULTS.listen})
  --public-url URL   the URL clients use (behind a proxy); its hostname becomes the log's
                     checkpoint origin and cannot change later. Once named it is kept; until
                     then it is http://LISTEN, following --listen at each start`;
const STORAGE_HELP = `  --storage WHERE    where the logs live: ${DATA_DIR_STORAGE} (default, files in the data
                     directory) or postgres://USER:PASSWORD@HOST:PORT/DATABASE, shared by
                     replicas (docs/operations.md); the password is never printed`;
const STORAGE_OPTIONS: OptionSpec = { storage: { type: 'string' } };
const CONFIG_OPTIONS: OptionSpec = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  'log-level': { type: 'string' },
};
const LISTEN_OPTIONS: OptionSpec = {
  listen: { type: 'string' },
  'public-url': { type: 'string' },
};

interface Command {
  /** One line of the global help's command list. */
  summary: string;
  /** The synopsis, in the global help and the command's own. */
  usage: string;
  /** `signet-server COMMAND --help`. */
  help: string;
  options: OptionSpec;
  /** Positional arguments after the command's name (rotate's role, root's action). */
  positionals: number;
  run(parsed: Parsed): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  init: {
    summary: 'create the data directory and its keys (idempotent)',
    usage:
      'init  --data-dir DIR [--public-url URL] [--config FILE] [--storage WHERE] [--root-ca-cert FILE]',
    help: `Usage: signet-server init --data-dir DIR [--public-url URL] [--config FILE] [--storage WHERE] [--root-ca-cert FILE]

Creates the data directory and its keys (root CA, issuing CA, CT log, log, TSA). Idempotent:
existing key material is never replaced. With --root-ca-cert FILE (a root made offline by
"root create"), init writes CSRs for the issuing CA and the TSA and exits with status 3 until
their signed certificates are placed in keys/.

With --storage postgres://..., init also creates or migrates the database schema (idempotent)
and records each log's origin and public key there; against a database that records them
already it creates no key and no tree, and refuses keys that differ from the recorded ones.

Options:
${CONFIG_HELP}
${STORAGE_HELP}
${LISTEN_HELP}
  --root-ca-cert F   install this root CA certificate (made offline) instead of creating one
`,
    options: {
      ...CONFIG_OPTIONS,
      ...STORAGE_OPTIONS,
      ...LISTEN_OPTIONS,
      'root-ca-cert': { type: 'string' },
    },
    positionals: 0,
    run: init,
  },
  serve: {
    summary: 'run the CA, CT log, transparency log and timestamp authority',
    usage:
      'serve --data-dir DIR --listen HOST:PORT [--public-url URL] [--config FILE] [--storage WHERE] [--init] [--dev]',
    help: `Usage: signet-server serve --data-dir DIR --listen HOST:PORT [--public-url URL] [--config FILE] [--storage WHERE] [--init] [--dev]

Runs the service: Fulcio v2 CA (POST /api/v2/signingCert, GET /api/v2/trustBundle,
/api/v2/configuration), CT log (POST /ct/v1/add-pre-chain, /ct/checkpoint), Rekor v2 API
(POST /api/v2/log/entries), tlog-tiles reads (/checkpoint, /tile/...), RFC 3161 timestamps
(POST /api/v1/timestamp), and /trusted_root.json, /signing_config.json, /healthz (alive),
/readyz (ready to take requests: logs running, storage reachable), /metrics.

Options:
${CONFIG_HELP}
${STORAGE_HELP}
${LISTEN_HELP}
  --init             initialise the data directory first if it is new
  --dev              development mode (what npm start runs): implies --init, runs a
                     development OIDC issuer at /dev-oidc that gives a token to anyone who asks,
                     and therefore refuses any listen address or public URL but plain-http
                     loopback, and any request relayed by a proxy
`,
    options: {
      ...CONFIG_OPTIONS,
      ...STORAGE_OPTIONS,
      ...LISTEN_OPTIONS,
      init: { type: 'boolean' },
      dev: { type: 'boolean' },
    },
    positionals: 0,
    run: serve,
  },
  rotate: {
    summary: 'retire the key of a role and create its successor',
    usage: 'rotate ROLE --data-dir DIR [--config FILE]',
    help: `Usage: signet-server rotate ROLE --data-dir DIR [--config FILE]

Retires the current key of ROLE (${ROTATABLE_ROLES.join(', ')}) and creates its successor; the
retired key stays in the trust root with an end date. Run it with the service stopped;
issuing-ca and tsa need the root CA key for the new certificate.

Options:
${CONFIG_HELP}
`,
    options: CONFIG_OPTIONS,
    positionals: 1,
    run: rotate,
  },
  doctor: {
    summary: 'check the configuration, the data directory and the running service',
    usage:
      'doctor [--data-dir DIR] [--config FILE] [--storage WHERE] [--public-url URL] [--url URL] [--json]',
    help: `Usage: signet-server doctor [--data-dir DIR] [--config FILE] [--storage WHERE] [--public-url URL] [--url URL] [--json]

Checks a configuration, its data directory (read-only) and the running service: each issuer's
live discovery document and JWKS, key files, certificate expiry, and that the served trust root
matches the keys on disk. With --storage postgres://..., also that the database answers, its
schema is current and the keys it records are the ones on disk. Exits 1 if any check fails
(warnings do not), in either form.

Options:
${CONFIG_HELP}
${STORAGE_HELP}
${LISTEN_HELP}
  --url URL          base URL of the running service (default the public URL)
  --json             one JSON document: each check's group, name, status and message, the
                     counts, and the exit status
`,
    options: {
      ...CONFIG_OPTIONS,
      ...STORAGE_OPTIONS,
      ...LISTEN_OPTIONS,
      url: { type: 'string' },
      json: { type: 'boolean' },
    },
    positionals: 0,
    run: doctor,
  },
  root: {
    summary: 'the offline half of a key ceremony: create a root CA, sign a CSR',
    usage: `root create --root-dir DIR [--key-type p256|p384]
  signet-server root sign --root-dir DIR --profile issuing-ca|tsa --csr FILE --out FILE`,
    help: `Usage: signet-server root create --root-dir DIR [--key-type p256|p384]
       signet-server root sign --root-dir DIR --profile issuing-ca|tsa --csr FILE --out FILE

The offline half of a key ceremony: "create" makes a root CA key and certificate; "sign" signs
a CSR that init wrote with Signet's issuing-ca or tsa profile.

Options:
  --root-dir DIR     directory of the offline root CA key and certificate
  --key-type TYPE    create: p256 (default) or p384
  --profile NAME     sign: ${ROOT_PROFILES.join(' or ')}
  --csr FILE         sign: the CSR init wrote
  --out FILE         sign: where to write the signed certificate (never overwritten)
`,
    options: {
      'root-dir': { type: 'string' },
      'key-type': { type: 'string' },
      profile: { type: 'string' },
      csr: { type: 'string' },
      out: { type: 'string' },
    },
    positionals: 1,
    run: root,
  },
  tuf: {
    summary: 'the TUF repository at /tuf: keys, root and targets signing, export, status',
    usage: `tuf keygen --out FILE
  signet-server tuf targets sign --data-dir DIR --key FILE [--key FILE...] [--config FILE]
  signet-server tuf root sign --data-dir DIR --key FILE [--key FILE...] [--add-root-key PUB...]
      [--remove-root-key KEYID...] [--threshold K] [--targets-key PUB] [--online-key PUB] [--out DRAFT]
  signet-server tuf root sign --data-dir DIR --draft DRAFT --key FILE [--key FILE...]
  signet-server tuf export DIR --data-dir DIR
  signet-server tuf status --data-dir DIR [--json]`,
    help: `Usage: signet-server tuf keygen --out FILE
       signet-server tuf targets sign --data-dir DIR --key FILE [--key FILE...] [--config FILE]
       signet-server tuf root sign --data-dir DIR --key FILE [--key FILE...] [--add-root-key PUB...]
           [--remove-root-key KEYID...] [--threshold K] [--targets-key PUB] [--online-key PUB] [--out DRAFT]
       signet-server tuf root sign --data-dir DIR --draft DRAFT --key FILE [--key FILE...]
       signet-server tuf export DIR --data-dir DIR
       signet-server tuf status --data-dir DIR [--json]

The TUF repository the service serves at /tuf (mirror URL PUBLIC_URL/tuf, first root
DATA-DIR/tuf/1.root.json). Run "targets sign" and "root sign" with the service stopped.
On PostgreSQL storage every command works on the repository in the database.

  keygen        a new P-256 key: FILE (private, mode 0600) and FILE.pub; never overwrites
  targets sign  sign the trust material the service would publish now with the targets key
                (--key); the snapshot and timestamp follow here if the online key is, else at
                the service's next start
  root sign     write the next root version with the changes given, signed with --key files
                meeting both the current and the new root threshold (k of n); with --out, or
                while signatures are short, a draft that key holders elsewhere sign in turn
                with --draft, written to the repository once both thresholds are met
  export        copy the repository to DIR for a static host (timestamp.json last)
  status        versions, expiries, root key ids, whether targets are current

Options:
${CONFIG_HELP}
${STORAGE_HELP}
                     (the TUF repository lives there too, one for every replica)
  --out FILE           keygen: the private key file to create; root sign: the draft to write
  --draft FILE         root sign: a draft from --out to add signatures to
  --key FILE           a private key that signs (repeat for several)
  --add-root-key PUB   root sign: a public key (PEM, e.g. from keygen) to add to the root role
  --remove-root-key ID root sign: a root key id to remove (tuf status lists them)
  --threshold K        root sign: root signatures required from now on
  --targets-key PUB    root sign: the new targets public key
  --online-key PUB     root sign: the new snapshot and timestamp public key
  --json               status: as JSON
`,
    options: {
      ...CONFIG_OPTIONS,
      ...STORAGE_OPTIONS,
      out: { type: 'string' },
      key: { type: 'string', multiple: true },
      'add-root-key': { type: 'string', multiple: true },
      'remove-root-key': { type: 'string', multiple: true },
      threshold: { type: 'string' },
      'targets-key': { type: 'string' },
      'online-key': { type: 'string' },
      draft: { type: 'string' },
      json: { type: 'boolean' },
    },
    positionals: 2,
    run: tuf,
  },
  version: {
    summary: 'print the version',
    usage: 'version [--json]',
    help: `Usage: signet-server version [--json]

Prints the version (also: signet-server --version); with --json, a JSON object with the
version and the Node.js version, as "signet version --json".
`,
    options: { json: { type: 'boolean' } },
    positionals: 0,
    run: async (parsed) => {
      process.stdout.write(flagOption(parsed, 'json') ? versionJson() : `${PROGRAM} ${VERSION}\n`);
      return EXIT.ok;
    },
  },
};

const HELP = `signet-server: a Sigstore-compatible certificate authority, CT log, transparency log and
timestamp authority in one process

Usage:
${Object.values(COMMANDS)
  .map((command) => `  ${PROGRAM} ${command.usage}`)
  .join('\n')}

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(9)} ${command.summary}`)
  .join('\n')}

Run "${PROGRAM} COMMAND --help" for a command's options. Exit status: 0 success, 1 failure,
2 usage error, 3 a key ceremony step pending (init).
`;

/** The command the first argument names, if it names one; `--version` as in `signet`. */
const commandName = (first: string | undefined): string | undefined => {
  const name = first === '--version' ? 'version' : first;
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined;
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    process.stdout.write(HELP);
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  const name = commandName(first);
  if (name === undefined) {
    throw new CliError(
      'USAGE',
      first.startsWith('-')
        ? `the command comes first: ${PROGRAM} COMMAND [options] (see: ${PROGRAM} --help)`
        : `unknown command ${JSON.stringify(first)} (see: ${PROGRAM} --help)`,
    );
  }
  const command = COMMANDS[name] as Command;
  const parsed = parseCommandLine(
    name,
    rest,
    { ...command.options, help: { type: 'boolean', short: 'h' } },
    PROGRAM,
  );
  if (flagOption(parsed, 'help')) {
    process.stdout.write(command.help);
    return EXIT.ok;
  }
  const extra = parsed.positionals[command.positionals];
  if (extra !== undefined) {
    throw new CliError('USAGE', `unexpected argument ${extra} (see: ${PROGRAM} ${name} --help)`);
  }
  return command.run(parsed);
}

/** The configuration: the file, then the command line over it. */
async function configOf(parsed: Parsed): Promise<{ config: ServerConfig; logger: Logger }> {
  const overrides: Partial<ServerConfig> = {};
  const dataDir = stringOption(parsed, 'data-dir');
  const listen = stringOption(parsed, 'listen');
  const publicUrl = stringOption(parsed, 'public-url');
  const logLevel = stringOption(parsed, 'log-level');
  const storage = stringOption(parsed, 'storage');
  if (dataDir !== undefined) overrides.dataDir = dataDir;
  if (storage !== undefined) overrides.storage = storage;
  if (listen !== undefined) overrides.listen = listen;
  if (publicUrl !== undefined) overrides.publicUrl = publicUrl;
  if (logLevel !== undefined) overrides.logLevel = logLevel as LogLevel;
  if (flagOption(parsed, 'dev')) overrides.devIssuer = true;
  const config = await loadConfig(stringOption(parsed, 'config'), overrides);
  if (!['debug', 'info', 'warn', 'error'].includes(config.logLevel)) {
    throw new CliError('USAGE', `--log-level must be debug, info, warn or error`);
  }
  return { config, logger: createLogger(config.logLevel) };
}

async function doctor(parsed: Parsed): Promise<number> {
  const { config } = await configOf(parsed);
  const checks = await runDoctor({ config, url: stringOption(parsed, 'url') });
  process.stdout.write(
    flagOption(parsed, 'json') ? formatDoctorJson(checks) : formatDoctorReport(checks),
  );
  return doctorExitCode(checks);
}

async function init(parsed: Parsed): Promise<number> {
  const { config, logger } = await configOf(parsed);
  const certificatePath = stringOption(parsed, 'root-ca-cert');
  const rootCaCert =
    certificatePath === undefined
      ? undefined
      : await readText(certificatePath, 'root CA certificate');
  const storage = await openStorage(config);
  let instance: Instance;
  let tufCurrent: boolean;
  try {
    await storage.migrate();
    instance = await instanceOn(
      storage,
      { ...instanceSettings(config, logger), rootCaCert },
      'init',
    );
    tufCurrent = await publishAtInit(config, instance, storage.tuf);
  } finally {
    await storage.close();
  }
  process.stdout.write(
    `Initialised ${config.dataDir} for ${instance.metadata.publicUrl}` +
      (instance.metadata.publicUrlFrom === 'listen'
        ? ` (no public URL named: serve advertises its --listen address until one is).\n`
        : '.\n') +
      (storage.shared ? `Recorded in ${storage.where}: its schema is current.\n` : '') +
      (existsSync(join(config.dataDir, 'keys', 'root-ca.key.pem'))
        ? `Move ${config.dataDir}/keys/root-ca.key.pem offline: the service needs only the root certificate.\n`
        : '') +
      (existsSync(join(config.dataDir, 'keys', 'tuf-root.key.pem'))
        ? `Keep ${config.dataDir}/keys/tuf-root.key.pem offline: only "signet-server tuf root sign" needs it.\n`
        : '') +
      (tufCurrent
        ? `TUF repository: mirror URL ${instance.metadata.publicUrl}/tuf, first root ${config.dataDir}/tuf/1.root.json.\n`
        : `TUF targets are not signed yet (the targets or online key is not in ${config.dataDir}/keys): run "signet-server tuf targets sign" before the first start.\n`),
  );
  return EXIT.ok;
}

async function serve(parsed: Parsed): Promise<number> {
  const { config, logger } = await configOf(parsed);
  const dev = flagOption(parsed, 'dev');
  if (dev && !isLoopbackHost(parseListen(config.listen).host)) {
    throw new CliError(
      'USAGE',
      `--dev serves on loopback only; --listen ${config.listen} is not a loopback address`,
    );
  }
  const init = flagOption(parsed, 'init') || dev;
  // On shared storage the database says whether init has run; replicas' data directories start empty.
  const initialised =
    storageOf(config.storage).kind !== 'data-dir' || existsSync(`${config.dataDir}/signet.json`);
  if (!init && !initialised) {
    throw new CliError(
      'USAGE',
      `${config.dataDir} is not an initialised data directory; run "signet-server init --data-dir ${config.dataDir}" first, or pass --init`,
    );
  }
  const service = await startService(config, logger, { init });
  const url = service.instance.metadata.publicUrl;
  // Handlers before the banner: whoever waits for it may signal the moment it appears.
  const stopped = new Promise<void>((resolve) => {
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
  // On a database the TUF repository lives there: the data directory holds no copy of it.
  const localRoot = `${config.dataDir}/tuf/1.root.json`;
  const alsoLocalRoot = existsSync(localRoot) ? `, also ${localRoot}` : '';
  process.stdout.write(
    `Signet is serving on ${service.url} (public URL ${url})\n` +
      `  certificates:     ${url}/api/v2/signingCert\n` +
      `  transparency log: ${url}/api/v2/log/entries\n` +
      `  timestamps:       ${url}/api/v1/timestamp\n` +
      `  trusted root:     ${url}/trusted_root.json (also ${config.dataDir}/trusted_root.json)\n` +
      `  TUF repository:   ${url}/tuf (first root: ${url}/tuf/1.root.json${alsoLocalRoot})\n` +
      (config.devIssuer
        ? `  DEVELOPMENT OIDC issuer (anyone on this machine gets a token): ${url}${DEV_ISSUER_PATH}\n`
        : ''),
  );
  await stopped;
  return EXIT.ok;
}

/** `root create` and `root sign`: the offline half of the key ceremony. */
async function root(parsed: Parsed): Promise<number> {
  const action = parsed.positionals[0];
  const rootDir = stringOption(parsed, 'root-dir');
  if (rootDir === undefined) throw new CliError('USAGE', '--root-dir DIR is required');
  if (action === 'create') {
    const keyType = stringOption(parsed, 'key-type') ?? 'p256';
    if (keyType !== 'p256' && keyType !== 'p384') {
      throw new CliError('USAGE', `--key-type must be p256 or p384, got ${keyType}`);
    }
    const { keyPath, certPath } = await createOfflineRoot(rootDir, () => generateKey(keyType));
    process.stdout.write(
      `Created the root CA: ${certPath} (give it to init with --root-ca-cert) and ${keyPath} (keep it offline).\n`,
    );
    return EXIT.ok;
  }
  if (action !== 'sign') throw new CliError('USAGE', 'give an action: create or sign');
  const profile = stringOption(parsed, 'profile') as RootProfile | undefined;
  if (profile === undefined || !ROOT_PROFILES.includes(profile)) {
    throw new CliError('USAGE', `--profile must be one of ${ROOT_PROFILES.join(', ')}`);
  }
  const csr = stringOption(parsed, 'csr');
  const out = stringOption(parsed, 'out');
  if (csr === undefined || out === undefined) {
    throw new CliError('USAGE', 'sign needs --csr FILE and --out FILE');
  }
  const pem = await signCsrWithRoot({ rootDir, profile, csrPath: csr });
  await createExclusive(out, pem, 0o644);
  process.stdout.write(
    `Signed ${csr} as ${profile}: ${out}; place it at DATA-DIR/keys/${PROFILE_FILES[profile].certificate}.\n`,
  );
  return EXIT.ok;
}

/** `tuf keygen|targets sign|root sign|export|status`: server/tuf-ceremony.ts does the work. */
async function tuf(parsed: Parsed): Promise<number> {
  const [action, second] = parsed.positionals;
  const keys = stringsOption(parsed, 'key');
  const needKeys = (): void => {
    if (keys.length === 0) throw new CliError('USAGE', `${action} sign needs --key FILE`);
  };
  if (action === 'keygen' && second === undefined) {
    const out = stringOption(parsed, 'out');
    if (out === undefined) throw new CliError('USAGE', 'keygen needs --out FILE');
    const { keyId, publicPath } = await tufKeygen(out);
    process.stdout.write(`Created ${out} (keep it offline) and ${publicPath}; key id ${keyId}.\n`);
    return EXIT.ok;
  }
  if (action === 'targets' && second === 'sign') {
    needKeys();
    const { config, logger } = await configOf(parsed);
    const { version, published } = await tufTargetsSign({ config, keys, logger });
    process.stdout.write(
      published
        ? `Signed and published TUF targets version ${version}.\n`
        : `Signed TUF targets version ${version}; the service publishes it (snapshot, timestamp) at its next start.\n`,
    );
    return EXIT.ok;
  }
  if (action === 'root' && second === 'sign') {
    needKeys();
    const { config } = await configOf(parsed);
    const thresholdText = stringOption(parsed, 'threshold');
    const threshold = thresholdText === undefined ? undefined : Number(thresholdText);
    if (threshold !== undefined && !(Number.isInteger(threshold) && threshold >= 1)) {
      throw new CliError(
        'USAGE',
        `--threshold must be a whole number of at least 1, got ${thresholdText}`,
      );
    }
    const draft = stringOption(parsed, 'draft');
    const result: RootSigned =
      draft === undefined
        ? await tufRootSign(config, {
            keys,
            addRootKeys: stringsOption(parsed, 'add-root-key'),
            removeRootKeys: stringsOption(parsed, 'remove-root-key'),
            threshold,
            targetsKey: stringOption(parsed, 'targets-key'),
            onlineKey: stringOption(parsed, 'online-key'),
            out: stringOption(parsed, 'out'),
          })
        : await tufRootSignDraft(config, draft, keys);
    if (result.short !== undefined) {
      process.stdout.write(
        `Root version ${result.version} is not complete yet: ${result.short}.\n` +
          `Bring ${draft ?? stringOption(parsed, 'out')} to the next key holder: signet-server tuf root sign --data-dir DIR --draft FILE --key KEY\n`,
      );
      return EXIT.ok;
    }
    const written =
      storageOf(config.storage).kind === 'data-dir'
        ? join(result.where, `${result.version}.root.json`)
        : `${result.version}.root.json to ${result.where}`;
    process.stdout.write(
      `Wrote ${written}: ${result.threshold} of ${result.rootKeyIds.length} root keys (${result.rootKeyIds.join(', ')}).\n` +
        `Start the service: it re-signs what the new root requires; clients follow at their next update.\n`,
    );
    return EXIT.ok;
  }
  if (action === 'export' && second !== undefined) {
    const { config } = await configOf(parsed);
    const count = await tufExport(config, second);
    process.stdout.write(`Exported ${count} files to ${second}; publish it as the mirror URL.\n`);
    return EXIT.ok;
  }
  if (action === 'status' && second === undefined) {
    const { config } = await configOf(parsed);
    const report = await tufReport(config);
    if (flagOption(parsed, 'json')) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT.ok;
    }
    const line = (role: string, md: { version: number; expires: string } | undefined): string =>
      `  ${role.padEnd(10)} ${md === undefined ? 'none' : `version ${md.version}, expires ${md.expires}`}\n`;
    process.stdout.write(
      `TUF repository ${report.where}\n` +
        line('root', { version: report.rootVersion, expires: report.rootExpires }) +
        line('targets', report.targets) +
        line('snapshot', report.snapshot) +
        line('timestamp', report.timestamp) +
        `  root keys  ${report.rootKeyIds.join(', ')}\n` +
        `  targets ${report.targetsCurrent ? 'match' : 'do NOT match'} the trust material of the last start` +
        (report.pending ? ' (a signed version waits for the next start)' : '') +
        '\n' +
        Object.entries(report.keyFiles)
          .map(([role, path]) => `  ${role} key on this machine: ${path}\n`)
          .join(''),
    );
    return EXIT.ok;
  }
  throw new CliError(
    'USAGE',
    'give an action: keygen, targets sign, root sign, export DIR or status (see: signet-server tuf --help)',
  );
}

async function rotate(parsed: Parsed): Promise<number> {
  const role = parsed.positionals[0];
  if (!(ROTATABLE_ROLES as readonly (string | undefined)[]).includes(role)) {
    throw new CliError('USAGE', `give a role: ${ROTATABLE_ROLES.join(', ')}`);
  }
  const { config, logger } = await configOf(parsed);
  const dir = config.dataDir;
  if (!existsSync(join(dir, 'signet.json'))) {
    throw new CliError('USAGE', `${dir} is not an initialised data directory`);
  }
  const metadata = await loadMetadata(dir, undefined, logger);
  // Checked before anything moves: a retired key without a successor would stop the service.
  if (
    (role === 'issuing-ca' || role === 'tsa') &&
    !existsSync(join(dir, 'keys', 'root-ca.key.pem'))
  ) {
    throw new CliError(
      'USAGE',
      `rotating ${role} needs the root CA key at ${join(dir, 'keys', 'root-ca.key.pem')} to certify the new key; bring it back for this step`,
    );
  }
  if (role === 'issuing-ca' && config.ca.issuingKey !== 'file') {
    const current = metadata.keys['issuing-ca']?.ref;
    if (current === config.ca.issuingKey) {
      throw new CliError(
        'USAGE',
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
    tuf: config.tuf,
    logger,
  });
  process.stdout.write(
    `Retired the ${role} key as of ${result.end.toISOString()} (kept in ${result.retiredTo}) and created its successor.\n` +
      `Start the service to publish the new trust root; verifiers must fetch it before trusting new signatures.\n` +
      (existsSync(join(dir, 'keys', 'tuf-targets.key.pem'))
        ? `The service signs the new TUF targets at start.\n`
        : `The TUF targets key is offline: run "signet-server tuf targets sign --data-dir ${dir} --key TARGETS-KEY" before starting the service, or it withholds /tuf.\n`),
  );
  return EXIT.ok;
}

const argv = process.argv.slice(2);
// As `signet`: "PROGRAM COMMAND: message", exit 2 for a usage error and 1 for a failure.
const name = commandName(argv[0]);
const where = name === undefined ? PROGRAM : `${PROGRAM} ${name}`;
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${where}: ${(error as Error).message ?? String(error)}\n`);
    if (error instanceof CliError) process.exitCode = EXIT.usage;
    // A pending key ceremony is a step to take, not a failure: scripts can tell it apart.
    else
      process.exitCode = (error as { code?: string }).code === 'CEREMONY_PENDING' ? 3 : EXIT.failed;
  },
);
