import { readFileLimited } from '../core/document.js';
import { lintPolicy } from '../policy/lint.js';
import { MAX_POLICY_BYTES, parsePolicy } from '../policy/policy.js';
import { flagOption, parseCommandLine } from './args.js';
import { CliError } from './error.js';
import { EXIT, type Io } from './io.js';

export const POLICY_HELP = `Usage: signet policy lint [--json] FILE

Checks a verification policy (docs/policy.md): an invalid policy exits 2; a valid one that is
broader than it probably should be (no ref pin, no repository ID, wildcard identities, no key
signature) prints each finding and exits 1; a policy with no findings exits 0.
`;

export async function policyCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(POLICY_HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub !== 'lint')
    throw new CliError(
      'USAGE',
      `unknown policy command ${JSON.stringify(sub)} (see: signet policy --help)`,
    );
  const parsed = parseCommandLine('policy lint', rest, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flagOption(parsed, 'help')) {
    io.stdout(POLICY_HELP);
    return EXIT.ok;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0)
    throw new CliError('USAGE', 'give one policy file (see: signet policy --help)');
  const policy = await parsePolicy(
    (await readFileLimited(file, 'policy', MAX_POLICY_BYTES)).toString('utf8'),
    file,
  );
  const findings = lintPolicy(policy);
  if (flagOption(parsed, 'json')) {
    io.stdout(`${JSON.stringify({ policy: file, findings }, null, 2)}\n`);
  } else if (findings.length === 0) {
    io.stdout(`${file}: no findings\n`);
  } else {
    for (const finding of findings) io.stdout(`${file}: ${finding.where}: ${finding.message}\n`);
  }
  return findings.length === 0 ? EXIT.ok : EXIT.failed;
}
