import * as core from '@actions/core';
import { printable, printed } from '../core/text.js';
import type { SignatureOutcome as Signature, VerifyJson as VerifyResult } from '../cli/verify.js';
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
import { PIN_INPUTS } from './identity.js';

/**
 * actions/verify: `signet verify --json` in this process. On a mismatch the step fails with
 * one annotation per failed signature and a job-summary table of each pin's expected and
 * actual value, so the deploy log says which claim to fix (or which signer to distrust).
 */

export async function run(): Promise<void> {
  const given = inputList('artifacts');
  const images = imageList('images');
  if (given.length === 0 && images.length === 0) {
    throw new Error('nothing to verify: give artifacts, images or both');
  }
  // A digest names an artifact that is not on disk (a file elsewhere).
  const digests = given.filter((item) => /^sha256:/i.test(item));
  const files = await resolveFiles(
    given.filter((item) => !digests.includes(item)),
    'artifacts',
  );
  const argv = ['verify', '--json'];
  for (const name of [
    'trusted-root',
    'server',
    'tuf-url',
    'tuf-root',
    'policy',
    'bundle',
    'key',
    ...PIN_INPUTS,
  ]) {
    const value = core.getInput(name);
    if (value !== '') argv.push(`--${name}`, value);
  }
  const predicateType = core.getInput('predicate-type');
  if (predicateType !== '') argv.push('--type', predicateType);
  const registry = images.length > 0 ? registryOptions() : { argv: [], env: {} };
  argv.push(...registry.argv, '--', ...files, ...digests, ...images);

  const result = await runCli(argv, registry.env);
  // 1 is "not verified" with a JSON report; without one, 1 is an error the CLI printed instead
  // (a registry that refused the credentials, a digest it does not have).
  if (result.code !== 0 && (result.code !== 1 || result.stdout.trim() === '')) {
    throw new Error(cliMessage(result));
  }
  // A tag resolved to a digest: the run page says which digest the tag named.
  annotateWarnings(result, 'verify');
  const verification = JSON.parse(result.stdout) as VerifyResult;
  const identity = verification.artifacts
    .flatMap((a) => a.signatures)
    .find((s) => s.verified && s.identity !== undefined)?.identity;
  core.setOutput('verified', String(verification.verified));
  core.setOutput(
    'digests',
    // Each image by the digest the CLI resolved and verified (oci://REGISTRY/REPO@sha256:...),
    // in the order given: what the deploy must use, since a tag can be moved after this step.
    verification.verified ? imageNames(verification.artifacts.map((a) => a.artifact)) : '',
  );
  core.setOutput('identity', verification.verified ? (identity?.san.value ?? '') : '');
  core.setOutput('trusted-root-sha256', verification.trustedRoot.sha256);
  await writeSummary(verification);

  if (!verification.verified) {
    for (const artifact of verification.artifacts) {
      for (const signature of artifact.signatures.filter((s) => !s.verified)) {
        // Annotations show in the log and on the run page: claims and paths are escaped there.
        core.error(printable(failureText(signature)), {
          title: printed`Signet: ${artifact.artifact} not verified (${signature.name})`,
        });
      }
    }
    process.exitCode = core.ExitCode.Failure;
  }
}

/**
 * A file: its path and digest. An image: the digest verified, and the reference given when it
 * was a tag, so the summary shows which digest the tag named at verification time.
 */
function artifactCell(artifact: VerifyResult['artifacts'][number]): string {
  if (artifact.image === undefined) {
    return `${code(artifact.artifact)}<br>${code(`sha256:${artifact.sha256}`)}`;
  }
  return artifact.image.reference === artifact.artifact
    ? code(artifact.artifact)
    : `${code(artifact.artifact)}<br>from ${code(artifact.image.reference)}`;
}

/** The failed check with both values, as the CLI reports it. */
function failureText(signature: Signature): string {
  const error = signature.error;
  if (error === undefined) return `${signature.bundle}: not verified`;
  if (error.expected !== undefined && error.actual !== undefined) {
    return `${signature.bundle}: ${error.check}: expected ${error.expected}, got ${error.actual}`;
  }
  return `${signature.bundle}: ${error.message}`;
}

async function writeSummary(result: VerifyResult): Promise<void> {
  const s = core.summary.addHeading(
    result.verified ? 'Signet: verified' : 'Signet: NOT verified',
    2,
  );
  s.addTable([
    headerRow(
      'Artifact',
      'Signature',
      'Bundle or referrer',
      'Result',
      'Signer',
      'Signed at',
      'Log entry',
    ),
    ...result.artifacts.flatMap((artifact) =>
      artifact.signatures.map((sig) => [
        artifactCell(artifact),
        html(sig.name),
        code(sig.bundle),
        sig.verified ? 'verified' : `<strong>failed</strong>: ${html(sig.error?.check ?? '')}`,
        html(
          sig.identity?.san.value ?? (sig.keyHint !== undefined ? `key ${sig.keyHint}` : '(none)'),
        ),
        html((sig.timestamps ?? []).map((t) => t.time).join(', ')),
        html((sig.logEntries ?? []).map((e) => String(e.logIndex)).join(', ')),
      ]),
    ),
  ]);
  for (const artifact of result.artifacts) {
    for (const sig of artifact.signatures) {
      if (sig.verified || sig.pins === undefined || sig.pins.length === 0) continue;
      s.addHeading(`${html(artifact.artifact)}: ${html(sig.name)} pins`, 3);
      s.addTable([
        headerRow('Claim', 'Expected', 'Actual', ''),
        ...sig.pins.map((pin) => [
          html(pin.claim),
          code(pin.expected),
          pin.actual === null ? '(absent)' : code(pin.actual),
          pin.matched ? 'match' : '<strong>MISMATCH</strong>',
        ]),
      ]);
    }
  }
  s.addRaw(
    `<p>Trusted root ${code(result.trustedRoot.source)} (sha256 ${code(result.trustedRoot.sha256)})</p>`,
    true,
  );
  await s.write();
}
