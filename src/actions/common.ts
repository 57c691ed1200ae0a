import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import * as glob from '@actions/glob';
import { main } from '../cli/main.js';
import { printable } from '../core/text.js';
import { REFERENCE_PREFIX, isImageReference } from '../oci/reference.js';

/**
 * What the three actions share: running the CLI in this process (one node start per step,
 * and the JSON result never passes through a pipe), input lists, and job-summary helpers.
 */

/** Where the composite actions copy this runtime inside the workspace (see actions/stage.sh). */
export const STAGING_DIR = '.signet-actions';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `signet ARGV` in this process, with `env` added to the step's environment. */
export async function runCli(argv: string[], env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { ...process.env, ...env },
  });
  return { code, stdout, stderr };
}

/** The CLI's warnings as annotations: with --json they would sit unseen in a log nobody reads. */
export function annotateWarnings(run: CliRun, command: string): void {
  for (const line of run.stderr.split('\n')) {
    const warning = new RegExp(`^signet ${command}: warning: (.*)$`).exec(line)?.[1];
    if (warning !== undefined) core.warning(printable(warning));
  }
}

/** The CLI's own message, without its "signet COMMAND: " prefix (the annotation names the step). */
export const cliMessage = (run: CliRun): string =>
  run.stderr.trim().replace(/^signet [a-z]+: /, '') || `signet exited with status ${run.code}`;

/** A multi-line input as a list: one item per line, blank lines and surrounding spaces dropped. */
export const inputList = (name: string, required = false): string[] =>
  core.getMultilineInput(name, { required }).filter((line) => line !== '');

/**
 * An image input as CLI arguments, in the order given: `oci://` is added where the workflow left
 * it out (`ghcr.io/org/app@${{ steps.build.outputs.digest }}` reads naturally); the CLI parses
 * and checks the reference itself.
 */
export const imageList = (name: string): string[] => [
  ...new Set(
    inputList(name).map((ref) => (isImageReference(ref) ? ref : `${REFERENCE_PREFIX}${ref}`)),
  ),
];

/**
 * The images among the CLI's results, in the order given: the CLI names each by the digest it
 * signed or verified (oci://REGISTRY/REPO@sha256:...), a tag resolved once.
 */
export const imageNames = (names: string[]): string => names.filter(isImageReference).join('\n');

/** A true/false input; anything else is a mistake in the workflow, not false. */
export const booleanInput = (name: string): boolean => core.getBooleanInput(name);

/**
 * The registry options every image step shares: `--allow-insecure-registry`, and the
 * registry-token input as the GITHUB_TOKEN the CLI sends to ghcr.io only (other registries'
 * credentials come from the docker config). The token is masked before anything runs.
 */
export function registryOptions(): { argv: string[]; env: Record<string, string> } {
  const token = core.getInput('registry-token');
  if (token !== '') core.setSecret(token);
  return {
    argv: booleanInput('allow-insecure-registry') ? ['--allow-insecure-registry'] : [],
    env: token !== '' ? { GITHUB_TOKEN: token } : {},
  };
}

const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * Paths and glob patterns to files, in the order given, without duplicates. A literal path
 * must exist and a pattern must match: signing or verifying nothing is a mistake in the
 * workflow, not a success. The staged runtime is never a match, so `**` means the user's files.
 */
export async function resolveFiles(patterns: string[], input: string): Promise<string[]> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const staging = resolve(workspace, STAGING_DIR);
  const inStaging = (file: string): boolean =>
    file === staging || file.startsWith(`${staging}${sep}`);
  const files: string[] = [];
  for (const pattern of patterns) {
    if (!GLOB_CHARACTERS.test(pattern)) {
      if (!existsSync(pattern)) throw new Error(`${input}: ${pattern} does not exist`);
      files.push(pattern);
      continue;
    }
    const globber = await glob.create(pattern, { matchDirectories: false });
    const matches = (await globber.glob()).filter((file) => !inStaging(file)).sort();
    if (matches.length === 0) throw new Error(`${input}: ${pattern} matches no file`);
    // Relative paths read better in summaries and keep bundle outputs portable across jobs.
    files.push(
      ...matches.map((file) => {
        const rel = relative(process.cwd(), file);
        return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
      }),
    );
  }
  return [...new Set(files)];
}

/**
 * Text for the job summary's HTML: claims and paths come from the signer, never trusted as
 * markup. Unprintable characters are escaped first: a blank line would end the HTML block
 * and let the rest be read as Markdown, and a bidi override would reorder the table.
 */
export const html = (text: string): string =>
  printable(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export const code = (text: string): string => `<code>${html(text)}</code>`;

/** A header row for core.summary.addTable. */
export const headerRow = (...cells: string[]): { data: string; header: true }[] =>
  cells.map((data) => ({ data, header: true }));
