import * as core from '@actions/core';
import { identityToken } from '../oidc/sources.js';
import {
  annotateWarnings,
  booleanInput,
  cliMessage,
  imageList,
  inputList,
  registryOptions,
  resolveFiles,
  runCli,
} from './common.js';

/**
 * What actions/sign and actions/attest share: their subjects (files and images), the identity
 * token, the inputs that say where and how to sign, and the run of the CLI command itself.
 */

export interface Subjects {
  files: string[];
  /** oci:// references, in the order given. */
  images: string[];
}

/** The files of `filesInput` and the images; at least one of them. */
export async function subjects(filesInput: string, verb: string): Promise<Subjects> {
  const files = await resolveFiles(inputList(filesInput), filesInput);
  const images = imageList('images');
  if (files.length === 0 && images.length === 0) {
    throw new Error(`nothing to ${verb}: give ${filesInput}, images or both`);
  }
  return { files, images };
}

/** The inputs both actions have, and the CLI flag each one is. */
const SIGNING_INPUTS = [
  ['server', '--server'],
  ['signing-config', '--signing-config'],
  ['trusted-root', '--trusted-root'],
  ['tuf-url', '--tuf-url'],
  ['tuf-root', '--tuf-root'],
  ['kms-key', '--kms'],
  ['output-dir', '--output-dir'],
] as const;

/**
 * `signet COMMAND --json` over the subjects, with `options` and the signing inputs; its JSON
 * summary, or an error in the CLI's words. Its warnings (a signing config that sends the
 * signature to another host, a tag resolved to a digest) become warning annotations.
 */
export async function runSigning<Summary>(
  command: 'sign' | 'attest',
  { files, images }: Subjects,
  options: string[] = [],
): Promise<Summary> {
  // The token is fetched here rather than by the CLI so that it is masked before anything
  // else runs: a token in a log is a signing credential for whoever reads the log.
  const token = await identityToken({ env: process.env, audience: core.getInput('audience') });
  core.setSecret(token.token);

  const argv = [command, '--json', '--identity-token', token.token, ...options];
  for (const [input, flag] of SIGNING_INPUTS) {
    const value = core.getInput(input);
    if (value !== '') argv.push(flag, value);
  }
  const registry = images.length > 0 ? registryOptions() : { argv: [], env: {} };
  if (images.length > 0 && booleanInput('recursive')) argv.push('--recursive');
  argv.push(...registry.argv, '--', ...files, ...images);

  const result = await runCli(argv, registry.env);
  if (result.code !== 0) throw new Error(cliMessage(result));
  annotateWarnings(result, command);
  return JSON.parse(result.stdout) as Summary;
}
