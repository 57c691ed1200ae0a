import { SignetError } from '../core/error.js';
import { printable, printed } from '../core/text.js';
import { PolicyError } from '../policy/error.js';
import { CliError } from './error.js';
import { EXIT, type Io, processIo } from './io.js';

/**
 * `signet`: the client the GitHub actions and GitLab templates wrap. Commands are imported
 * when run, so `signet verify` does not load the signing clients (or the AWS SDK) it never
 * uses: start-up time is on every deploy job's critical path.
 */

const HELP = `Usage: signet COMMAND [options]

Commands:
  sign FILE...         sign keyless (and with a KMS key), timestamp, log; write bundles
  attest FILE...       attest SLSA provenance (or any predicate) about files, signed as sign does
  verify ARTIFACT...   verify bundles offline against a trust root and pinned identities
  policy lint FILE     warn where a verification policy is broader than intended
  version              print the version (also --version)

Run "signet COMMAND --help" for a command's options. Exit status: 0 success, 1 failure
(not verified, signing failed), 2 usage error.
`;

const COMMANDS: Record<string, () => Promise<(argv: string[], io: Io) => Promise<number>>> = {
  sign: async () => (await import('./sign.js')).signCommand,
  attest: async () => (await import('./attest.js')).attestCommand,
  verify: async () => (await import('./verify.js')).verifyCommand,
  policy: async () => (await import('./policy.js')).policyCommand,
  version: async () => (await import('./version.js')).versionCommand,
};

/** Options that stand for a command, as most CLIs have them. */
const ALIASES: Record<string, string> = { '--version': 'version' };

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const name = ALIASES[command] ?? command;
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    io.stderr(`signet: unknown command "${printable(command)}"\n\n${HELP}`);
    return EXIT.usage;
  }
  try {
    return await (
      await load()
    )(rest, io);
  } catch (error) {
    if (!(error instanceof SignetError)) throw error;
    // Messages quote what they refused: claims, paths, flags, all of it from outside.
    io.stderr(printed`signet ${name}: ${error.message}\n`);
    return error instanceof CliError || error instanceof PolicyError ? EXIT.usage : EXIT.failed;
  }
}
