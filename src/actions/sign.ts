import * as core from '@actions/core';
import { context } from '@actions/github';
import { printed } from '../core/text.js';
import type { SignJson as SignSummary } from '../cli/sign.js';
import { identityToken } from '../oidc/sources.js';
import {
  annotateWarnings,
  cliMessage,
  code,
  headerRow,
  html,
  imageList,
  imageNames,
  inputList,
  registryOptions,
  resolveFiles,
  runCli,
} from './common.js';
import { claimRows } from './identity.js';
import { issuerOf } from '../verify/policy.js';

/**
 * actions/sign: `signet sign --json` in this process, then outputs, a job summary and one
 * annotation on failure. No signing logic here: the CLI signs, verifies and writes.
 */

export async function run(): Promise<void> {
  const files = await resolveFiles(inputList('files'), 'files');
  const images = imageList('images');
  if (files.length === 0 && images.length === 0) {
    throw new Error('nothing to sign: give files, images or both');
  }
  const server = core.getInput('server');
  const signingConfig = core.getInput('signing-config');
  const trustedRoot = core.getInput('trusted-root');
  const tufUrl = core.getInput('tuf-url');
  const tufRoot = core.getInput('tuf-root');
  const kmsKey = core.getInput('kms-key');
  const outputDir = core.getInput('output-dir');

  // The token is fetched here rather than by the CLI so that it is masked before anything
  // else runs: a token in a log is a signing credential for whoever reads the log.
  const token = await identityToken({ env: process.env, audience: core.getInput('audience') });
  core.setSecret(token.token);

  const argv = ['sign', '--json', '--identity-token', token.token];
  if (server !== '') argv.push('--server', server);
  if (signingConfig !== '') argv.push('--signing-config', signingConfig);
  if (trustedRoot !== '') argv.push('--trusted-root', trustedRoot);
  if (tufUrl !== '') argv.push('--tuf-url', tufUrl);
  if (tufRoot !== '') argv.push('--tuf-root', tufRoot);
  if (kmsKey !== '') argv.push('--kms', kmsKey);
  if (outputDir !== '') argv.push('--output-dir', outputDir);
  const registry = images.length > 0 ? registryOptions() : { argv: [], env: {} };
  argv.push(...registry.argv, '--', ...files, ...images);

  const result = await runCli(argv, registry.env);
  if (result.code !== 0) throw new Error(cliMessage(result));
  // A signing config that sends the signature to another host; a tag resolved to a digest.
  annotateWarnings(result, 'sign');
  const summary = JSON.parse(result.stdout) as SignSummary;

  const bundles = summary.artifacts.flatMap((a) => a.bundles);
  const paths = (kind?: 'keyless' | 'key'): string =>
    bundles
      .filter((b) => kind === undefined || b.kind === kind)
      .map((b) => b.path)
      .join('\n');
  core.setOutput('bundles', paths());
  core.setOutput('keyless-bundles', paths('keyless'));
  core.setOutput('key-bundles', paths('key'));
  core.setOutput('digests', imageNames(summary.artifacts.map((artifact) => artifact.path)));
  core.setOutput('identity', summary.identity?.san.value ?? '');
  core.setOutput('issuer', (summary.identity && issuerOf(summary.identity)) ?? '');
  core.setOutput(
    'log-indexes',
    bundles.flatMap((b) => b.logEntries.map((e) => String(e.logIndex))).join('\n'),
  );
  core.info(
    printed`signed ${files.length} file(s) and ${images.length} image(s) as ${summary.identity?.san.value ?? 'unknown'}`,
  );
  await writeSummary(summary);
}

async function writeSummary(summary: SignSummary): Promise<void> {
  const s = core.summary.addHeading(`Signet: signed ${summary.artifacts.length} artifact(s)`, 2);
  // An image's row names it by the digest signed; its bundles are referrers in its registry.
  s.addTable([
    headerRow('Artifact', 'SHA-256', 'Bundle or referrer', 'Signature', 'Log entry', 'Timestamp'),
    ...summary.artifacts.flatMap((artifact) =>
      artifact.bundles.map((bundle) => [
        code(artifact.path),
        code(artifact.sha256),
        code(bundle.path),
        bundle.kind === 'keyless'
          ? 'keyless (certificate)'
          : html(`key ${summary.key ?? ''} ${bundle.keyHint ?? ''}`.trim()),
        html(bundle.logEntries.map((e) => `${e.logIndex} at ${e.baseUrl}`).join(', ')),
        html(bundle.timestamps.map((t) => `${t.time} (${t.authority})`).join(', ')),
      ]),
    ),
  ]);
  if (summary.identity !== null) {
    s.addHeading('Identity in the certificate', 3);
    s.addRaw('<p>Pin these with <code>actions/verify</code> inputs of the same name.</p>', true);
    s.addTable([
      headerRow('Input', 'Value'),
      ...claimRows(summary.identity).map((row) => [code(row.input), code(row.value)]),
    ]);
  }
  s.addRaw(
    `<p>Run ${html(`${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`)}</p>`,
    true,
  );
  await s.write();
}
