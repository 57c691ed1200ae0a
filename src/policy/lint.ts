import type { Pin } from '../verify/policy.js';
import { SLSA_PROVENANCE_V1 } from '../sign/provenance.js';
import type { Policy, Requirement } from './policy.js';

/**
 * `signet policy lint`: what makes a policy broader than its author probably meant. Each
 * finding is a way a signature from the wrong place would pass (ci-landscape §4 lists the
 * incidents behind them); none makes the policy invalid.
 */

export interface LintFinding {
  /** "signatures[0] (release)" or "trustedRoot". */
  where: string;
  message: string;
}

/** A pattern that admits any text at some point: `.*`, `.+`, `[^/]*` and the like. */
const WILDCARD = /\.\*|\.\+|\[\^[^\]]*\][*+]/;

const isBroad = (pin: Pin | undefined): boolean =>
  pin !== undefined && typeof pin !== 'string' && WILDCARD.test(pin.regexp);

/** "signatures[0] (release)", or "signatures[0]" for an unnamed entry. */
export const signatureWhere = (requirement: Requirement, i: number): string =>
  `signatures[${i}]${requirement.name === `signatures[${i}]` ? '' : ` (${requirement.name})`}`;

export function lintPolicy(policy: Policy): LintFinding[] {
  const findings: LintFinding[] = [];
  const root = policy.trustedRoot;
  if (root === undefined) {
    findings.push({
      where: 'trustedRoot',
      message:
        'no trusted root: every verifier must then be given one (--trusted-root), and may be given a different one',
    });
  } else if (root.source.includes('://') && root.sha256 === undefined) {
    findings.push({
      where: 'trustedRoot',
      message: `fetched from ${root.source} without a sha256 pin: whoever controls that URL chooses which keys are trusted`,
    });
  }
  policy.signatures.forEach((requirement, i) => {
    const where = signatureWhere(requirement, i);
    for (const message of [...keylessFindings(requirement), ...provenanceFindings(requirement)]) {
      findings.push({ where, message });
    }
  });
  if (!policy.signatures.some((r) => r.kind === 'key')) {
    findings.push({
      where: 'signatures',
      message:
        'no key signature required: a compromised CI identity alone can then sign a release (add a KMS key signature)',
    });
  }
  return findings;
}

function keylessFindings(requirement: Requirement): string[] {
  if (requirement.kind !== 'keyless') return [];
  const { pins } = requirement;
  const { typed } = pins;
  const out: string[] = [];
  if (typeof pins.issuer !== 'string') {
    out.push('the issuer is a pattern: pin the exact issuer URL');
  }
  if (
    pins.identity === undefined &&
    typed.repository === undefined &&
    typed.workflow === undefined
  ) {
    out.push(
      'neither identity, repository nor workflow is pinned: any workflow of any repository on this issuer passes',
    );
  }
  if (isBroad(pins.identity)) {
    out.push(
      'the identity pattern has a wildcard: pin the exact workflow identity, or narrow the pattern',
    );
  }
  if (typed.repositoryId === undefined) {
    out.push(
      'no repositoryId pin: a deleted or renamed repository re-created under the same name would pass (pin the numeric ID)',
    );
  }
  if (typed.ref === undefined && !pinsRef(pins.identity) && !pinsRef(typed.workflow)) {
    out.push('no ref pin: a signature from any branch (including unreviewed ones) passes');
  } else if (isBroad(typed.ref)) {
    out.push('the ref pattern has a wildcard: prefer refs/tags/v... or an exact branch');
  }
  if (typed.trigger === undefined) {
    out.push('no trigger pin: a workflow run by pull_request or workflow_dispatch would pass too');
  }
  for (const [name, pin] of Object.entries(typed)) {
    if (name !== 'ref' && isBroad(pin)) out.push(`the ${name} pattern has a wildcard`);
  }
  return out;
}

/** What a provenance requirement leaves open: who built it, and from which ref. */
function provenanceFindings(requirement: Requirement): string[] {
  const attestation = requirement.attestation;
  if (attestation?.predicateType !== SLSA_PROVENANCE_V1) return [];
  const conditions = attestation.provenance;
  if (conditions === undefined) {
    return [
      'provenance without conditions: provenance from any builder, repository or ref passes (add provenance: builderId, sourceRepository, ref)',
    ];
  }
  const out: string[] = [];
  if (conditions.builderId === undefined) {
    out.push('no provenance builderId condition: a build by any workflow or runner passes');
  }
  if (conditions.ref === undefined) {
    out.push(
      'no provenance ref condition: a build of any branch (including unreviewed ones) passes',
    );
  }
  for (const [name, pin] of Object.entries(conditions)) {
    if (isBroad(pin)) out.push(`the provenance ${name} pattern has a wildcard`);
  }
  return out;
}

/** An exact identity or workflow pin names its ref after "@". */
const pinsRef = (pin: Pin | undefined): boolean => typeof pin === 'string' && /@refs\//.test(pin);
