import { isUrl, readFileLimited } from '../core/document.js';
import { SignetError } from '../core/error.js';
import { printableJson, printed } from '../core/text.js';
import { type LintFinding, lintPolicy, signatureWhere } from '../policy/lint.js';
import { MAX_POLICY_BYTES, type Policy, parsePolicy } from '../policy/policy.js';
import { flagOption, parseCommandLine } from './args.js';
import { CliError } from './error.js';
import { EXIT, type Io } from './io.js';
import { PUBLIC_GOOD, isKeyReference, loadPublicKey, loadTrust } from './trust.js';

export const POLICY_HELP = `Usage: signet policy lint [--json] FILE

Checks a verification policy (docs/policy.md): an invalid policy, or one whose trust root or
key files cannot be read and used, exits 2; a valid one that is broader than it probably should
be (no ref pin, no repository ID, wildcard identities, no key signature) prints each finding and
exits 1; a policy with no findings exits 0. Files are checked, URLs and KMS keys are not fetched.
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
  const errors = await unusableFiles(policy);
  const findings = lintPolicy(policy);
  if (flagOption(parsed, 'json')) {
    io.stdout(`${printableJson({ policy: file, errors, findings })}\n`);
  } else if (errors.length === 0 && findings.length === 0) {
    io.stdout(printed`${file}: no findings\n`);
  } else {
    for (const error of errors)
      io.stdout(printed`${file}: ${error.where}: error: ${error.message}\n`);
    for (const finding of findings)
      io.stdout(printed`${file}: ${finding.where}: ${finding.message}\n`);
  }
  if (errors.length > 0) return EXIT.usage;
  return findings.length === 0 ? EXIT.ok : EXIT.failed;
}

/**
 * The files the policy names that `verify --policy` could not use: a trust root that cannot be
 * read, is not one, or is not the pinned one; a key file that is missing or holds no key. Each
 * is loaded the way verify loads it, so lint and verify cannot disagree.
 */
async function unusableFiles(policy: Policy): Promise<LintFinding[]> {
  const errors: LintFinding[] = [];
  const check = async (where: string, load: () => Promise<unknown>): Promise<void> => {
    try {
      await load();
    } catch (error) {
      if (!(error instanceof SignetError)) throw error;
      errors.push({ where, message: error.message });
    }
  };
  const root = policy.trustedRoot;
  if (root !== undefined && !isUrl(root.source) && root.source !== PUBLIC_GOOD) {
    await check('trustedRoot', () =>
      loadTrust(root.source, root.sha256 !== undefined ? { sha256: root.sha256 } : {}),
    );
  }
  for (const [i, requirement] of policy.signatures.entries()) {
    if (requirement.kind === 'key' && !isKeyReference(requirement.key)) {
      await check(signatureWhere(requirement, i), () => loadPublicKey(requirement.key));
    }
  }
  return errors;
}
