import { IN_TOTO_PAYLOAD_TYPE } from '../bundle/intoto.js';
import type { SignedContent } from '../bundle/parse.js';
import { GITHUB_BUILD_TYPE, GITLAB_BUILD_TYPE_PREFIX } from '../sign/provenance.js';
import { VerifyError } from './error.js';
import { type Pin, matchPin } from './policy.js';

/**
 * What an attestation must say, checked after its signature, chain, log entries and signer
 * pins: a statement is only worth reading once it is known who signed it. The statement's
 * subject is the artifact's digest (the Verifier's artifact check, before the signature); here
 * its predicate type is the one required, and SLSA provenance meets the conditions.
 */

/** Conditions on SLSA provenance v1, exact or anchored patterns as pins are. */
export interface ProvenanceConditions {
  /** runDetails.builder.id: the workflow (GitHub) or runner (GitLab) that built it. */
  builderId?: Pin;
  /** The source repository URL the build ran from. */
  sourceRepository?: Pin;
  /** The git ref built, e.g. refs/tags/v1.2.3. */
  ref?: Pin;
}

export const PROVENANCE_CONDITIONS = ['builderId', 'sourceRepository', 'ref'] as const;
export type ProvenanceCondition = (typeof PROVENANCE_CONDITIONS)[number];

export interface AttestationPolicy {
  /** The in-toto predicate type the statement must have. */
  predicateType: string;
  /** Only with predicateType SLSA provenance v1. */
  provenance?: ProvenanceConditions;
}

const typeMismatch = (expected: string, actual: string, why: string): VerifyError =>
  new VerifyError('POLICY', `policy: predicate type: expected ${expected}, got ${why}`, {
    check: 'policy: predicate type',
    expected,
    actual,
  });

/** The statement of an in-toto DSSE bundle, or a POLICY error saying what the bundle is instead. */
function statementOf(content: SignedContent, expected: string): Record<string, unknown> {
  if (content.kind !== 'dsseEnvelope') {
    throw typeMismatch(expected, '(none)', 'a signature, not an attestation');
  }
  if (content.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw typeMismatch(
      expected,
      '(none)',
      `a DSSE payload of type ${JSON.stringify(content.payloadType)}, not an in-toto statement`,
    );
  }
  let statement: unknown;
  try {
    statement = JSON.parse(content.payload.toString('utf8'));
  } catch {
    statement = undefined;
  }
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    throw typeMismatch(expected, '(none)', 'a payload that is not an in-toto statement');
  }
  return statement as Record<string, unknown>;
}

const field = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (at, key) =>
      typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined,
    value,
  );

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** A condition's value in a predicate of a known build type, and the field it was read from. */
interface Read {
  value: string | undefined;
  field: string;
}

/**
 * Where each build type keeps the repository and ref. Any other build type is read from its
 * first resolved dependency in SPDX download-location form (git+URL@REF), the convention both
 * the SLSA GitHub generator and actions/attest follow.
 */
export function readProvenance(predicate: unknown, condition: ProvenanceCondition): Read {
  if (condition === 'builderId') {
    return {
      value: text(field(predicate, 'runDetails', 'builder', 'id')),
      field: 'runDetails.builder.id',
    };
  }
  const buildType = text(field(predicate, 'buildDefinition', 'buildType')) ?? '';
  const external = field(predicate, 'buildDefinition', 'externalParameters');
  if (buildType === GITHUB_BUILD_TYPE) {
    const name = condition === 'sourceRepository' ? 'repository' : 'ref';
    return {
      value: text(field(external, 'workflow', name)),
      field: `externalParameters.workflow.${name}`,
    };
  }
  if (buildType.startsWith(GITLAB_BUILD_TYPE_PREFIX)) {
    const name = condition === 'sourceRepository' ? 'source' : 'ref';
    return { value: text(field(external, name)), field: `externalParameters.${name}` };
  }
  const uri = text(field(predicate, 'buildDefinition', 'resolvedDependencies', 0, 'uri'));
  const where = 'resolvedDependencies[0].uri';
  const parsed = uri === undefined ? undefined : /^git\+(.+?)(?:@(.*))?$/.exec(uri);
  if (parsed === null || parsed === undefined) return { value: undefined, field: where };
  return { value: condition === 'sourceRepository' ? parsed[1] : parsed[2], field: where };
}

/** Throws VerifyError POLICY naming the first requirement the statement does not meet. */
export function checkAttestation(content: SignedContent, policy: AttestationPolicy): void {
  const statement = statementOf(content, policy.predicateType);
  const predicateType = text(statement.predicateType);
  if (predicateType !== policy.predicateType) {
    throw typeMismatch(
      policy.predicateType,
      predicateType ?? '(absent)',
      predicateType === undefined ? '(absent)' : JSON.stringify(predicateType),
    );
  }
  if (policy.provenance === undefined) return;
  for (const condition of PROVENANCE_CONDITIONS) {
    const pin = policy.provenance[condition];
    if (pin === undefined) continue;
    const read = readProvenance(statement.predicate, condition);
    matchPin(`provenance ${condition} (${read.field})`, pin, read.value);
  }
}
