import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { CliError } from './error.js';

/**
 * node:util parseArgs, strict, for both CLIs (`signet` and `signet-server`). Its own errors are
 * replaced by usage errors that name the option in the user's words ("unknown option --sever
 * (did you mean --server?)") and point at the command's help.
 */

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` for `command` of `program` (`signet sign`, `signet-server serve`). Every
 * option is checked before the strict parse, so that no parseArgs message reaches the user.
 */
export function parseCommandLine(
  command: string,
  argv: string[],
  options: OptionSpec,
  program = 'signet',
): Parsed {
  const help = `(see: ${program} ${command} --help)`;
  const { tokens } = parseArgs({
    args: argv,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const problem = optionProblem(token, options, help);
    if (problem !== undefined) throw new CliError('USAGE', problem);
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (error) {
    // Only a case optionProblem does not foresee gets here; its message is still a usage error.
    throw new CliError('USAGE', `${(error as Error).message} ${help}`, { cause: error });
  }
}

interface OptionToken {
  name: string;
  rawName: string;
  value: string | undefined;
  inlineValue: boolean | undefined;
}

/**
 * What is wrong with one option as given, in the words of the command line, ending with a
 * likely meant option or else `help`.
 */
function optionProblem(token: OptionToken, options: OptionSpec, help: string): string | undefined {
  const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
  if (spec === undefined) {
    const near = token.rawName.startsWith('--')
      ? nearestName(token.name, Object.keys(options))
      : undefined;
    return `unknown option ${token.rawName} ${near === undefined ? help : `(did you mean --${near}?)`}`;
  }
  const shown = token.rawName.startsWith('--')
    ? token.rawName
    : `${token.rawName} (--${token.name})`;
  if (spec.type === 'boolean') {
    return token.value === undefined ? undefined : `option ${shown} takes no value ${help}`;
  }
  if (token.value === undefined) return `option ${shown} needs a value ${help}`;
  // As parseArgs: "--server --json" is a forgotten value, not a server called "--json".
  if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
    return `option ${shown} needs a value, but is followed by ${token.value}; for a value that starts with "-", write ${token.rawName}=VALUE`;
  }
  return undefined;
}

/**
 * The known name closest to `given` by edit distance (adjacent swaps count as one edit), when it
 * is close enough to be a typo: at most two edits, and fewer than half the name's letters.
 */
export function nearestName(given: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(given.toLowerCase(), name);
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  if (best === undefined || best.distance > 2 || best.distance * 2 >= given.length) {
    return undefined;
  }
  return best.name;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  const d = new Array<number>((a.length + 1) * width).fill(0);
  const at = (i: number, j: number): number => d[i * width + j] as number;
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * width + j] = best;
    }
  }
  return at(a.length, b.length);
}

export const stringOption = (parsed: Parsed, name: string): string | undefined => {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
};

export const stringsOption = (parsed: Parsed, name: string): string[] => {
  const value = parsed.values[name];
  return Array.isArray(value) ? (value as string[]) : [];
};

export const flagOption = (parsed: Parsed, name: string): boolean => parsed.values[name] === true;

/** Refuses flags that contradict each other, naming them. */
export function exclusive(parsed: Parsed, ...names: string[]): void {
  const given = names.filter((n) => parsed.values[n] !== undefined);
  if (given.length > 1) {
    throw new CliError(
      'USAGE',
      `${given.map((n) => `--${n}`).join(' and ')} cannot be used together`,
    );
  }
}
