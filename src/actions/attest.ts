import * as core from '@actions/core';
import type { AttestJson as AttestSummary } from '../cli/attest.js';
import { printed } from '../core/text.js';
import { isImageReference } from '../oci/reference.js';
import { booleanInput, code, headerRow, html, imageNames } from './common.js';
import { runSigning, subjects } from './signing.js';

/**
 * actions/attest: `signet attest --json` in this process, then outputs, a job summary and one
 * annotation on failure. The CLI builds the provenance from this run's token and environment,
 * signs, verifies and writes (bundle files) or attaches (referrers in the registry).
 */

export async function run(): Promise<void> {
  const { files, images } = await subjects('subject-path', 'attest');
  const predicateType = core.getInput('predicate-type');
  const predicatePath = core.getInput('predicate-path');
  if ((predicateType === '') !== (predicatePath === '')) {
    throw new Error(
      'predicate-type and predicate-path go together (leave both empty for SLSA provenance)',
    );
  }
  const options =
    predicateType === ''
      ? ['--provenance']
      : ['--type', predicateType, '--predicate', predicatePath];
  if (images.length > 0 && !booleanInput('push-to-registry')) options.push('--no-push');
  const summary = await runSigning<AttestSummary>('attest', { files, images }, options);

  // A bundle attached in a registry is named by its referrer, oci://REGISTRY/REPO@sha256:...;
  // any other (a file's, or an image's with push-to-registry false) is a file.
  const bundles = summary.artifacts.flatMap((artifact) => artifact.bundles.map((b) => b.path));
  core.setOutput('bundles', bundles.filter((path) => !isImageReference(path)).join('\n'));
  core.setOutput('referrers', bundles.filter(isImageReference).join('\n'));
  core.setOutput('digests', imageNames(summary.artifacts.map((artifact) => artifact.path)));
  core.setOutput('predicate-type', summary.predicateType);
  core.setOutput('identity', summary.identity?.san.value ?? '');
  core.info(
    printed`attested ${files.length} file(s) and ${images.length} image(s) (${summary.predicateType}) as ${summary.identity?.san.value ?? 'a key'}`,
  );
  await writeSummary(summary);
}

async function writeSummary(summary: AttestSummary): Promise<void> {
  const s = core.summary.addHeading(`Signet: attested ${summary.artifacts.length} subject(s)`, 2);
  s.addRaw(`<p>Predicate type ${code(summary.predicateType)}</p>`, true);
  s.addTable([
    headerRow('Subject', 'Signature', 'Stored as'),
    ...summary.artifacts.flatMap((artifact) =>
      artifact.bundles.map((bundle) => [
        code(artifact.path),
        html(bundle.kind === 'keyless' ? 'keyless (certificate)' : 'key'),
        code(bundle.path),
      ]),
    ),
  ]);
  await s.write();
}
