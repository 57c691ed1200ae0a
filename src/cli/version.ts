import { VERSION, versionJson } from '../core/version.js';
import { PUBLIC_GOOD_SNAPSHOT } from '../verify/public-good.js';
import { flagOption, parseCommandLine } from './args.js';
import { CliError } from './error.js';
import { EXIT, type Io } from './io.js';

export const VERSION_HELP = `Usage: signet version [--json]
       signet --version

Prints signet's version, the Node.js running it, and the snapshot date of the embedded
public-good trusted root (--trusted-root public-good). --json prints them as a JSON object:
{ "version", "node", "publicGoodTrustedRoot" }.
`;

export async function versionCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine('version', argv, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flagOption(parsed, 'help')) {
    io.stdout(VERSION_HELP);
    return EXIT.ok;
  }
  if (parsed.positionals.length > 0) {
    throw new CliError(
      'USAGE',
      `unexpected argument ${JSON.stringify(parsed.positionals[0])} (see: signet version --help)`,
    );
  }
  io.stdout(
    flagOption(parsed, 'json')
      ? versionJson({ publicGoodTrustedRoot: PUBLIC_GOOD_SNAPSHOT })
      : `signet ${VERSION} (embedded public-good trusted root: ${PUBLIC_GOOD_SNAPSHOT})\n`,
  );
  return EXIT.ok;
}
