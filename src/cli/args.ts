import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { CliError } from './error.js';

/**
 * node:util parseArgs, strict, with its errors turned into usage errors that point at the
 * command's help.
 */

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export function parseCommandLine(command: string, argv: string[], options: OptionSpec): Parsed {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (error) {
    throw new CliError('USAGE', `${(error as Error).message} (see: signet ${command} --help)`, {
      cause: error,
    });
  }
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
