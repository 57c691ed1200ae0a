import * as core from '@actions/core';
import { context } from '@actions/github';
import { printed } from '../core/text.js';
import type { SignJson as SignSummary } from '../cli/sign.js';
import { code, headerRow, html, imageNames } from './common.js';
import { runSigning, subjects } from './signing.js';
import { claimRows } from './identity.js';
import { issuerOf } from '../verify/policy.js';

/**
 * actions/sign: `signet sign --json` in this process, then outputs, a job summary and one
 * annotation on failure. No signing logic here: the CLI signs, verifies and writes.
 */

export async function run(): Promise<void> {
  const { files, images } = await subjects('files', 'sign');
  const summary = await runSigning<SignSummary>('sign', { files, images });

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
