import { IDENTITY_EXTENSIONS } from '../ca/extensions.js';
import type { IdentityField } from '../ca/extensions.js';
import type { IdentityPolicy, Pin } from '../verify/policy.js';
import { PolicyError } from './error.js';

/**
 * The typed pins of `signet verify` and of policy files: one per claim of the pin matrix
 * (ci-landscape §2.4), named for what a release engineer knows (repository, ref, trigger)
 * rather than for the certificate extension that carries it, and the same for GitHub and
 * GitLab because the CA maps both providers' claims onto the same extensions.
 *
 * A pin on a URI-valued claim may be written as the CI provider writes the claim, without a
 * scheme, and is then still an exact pin:
 * - a value that starts with the exact issuer's host is the claim with its host, as GitLab
 *   writes `ci_config_ref_uri` (gitlab.example.com/group/project//.gitlab-ci.yml@refs/heads/main):
 *   the certificate's value is that with the issuer's scheme in front, the CA's own rule;
 * - any other value is a path ("octo-org/app", GitHub's `job_workflow_ref`): it matches the
 *   certificate's value after its scheme and host. The host is not lost: the issuer pin decides
 *   it, because the CA derives every URI from the issuer's own server URL (http only for an
 *   issuer on loopback, which the CA allows for development), and GitHub's URIs name
 *   github.com, not the issuer's host.
 * The issuer's host decides between the two, not a guess from the value's shape: a GitLab
 * namespace may contain dots, and a value read both ways would also admit a project whose
 * namespace is named after the host.
 */

export interface PinSpec {
  field: IdentityField;
  /** What it pins, in the providers' terms, for help and lint messages. */
  description: string;
  /** A URI-valued claim: a value without "://" is a host-relative path. */
  uri?: boolean;
  /** The only values the claim can take. */
  values?: readonly string[];
}

export const PINS = {
  repository: {
    field: 'sourceRepositoryUri',
    uri: true,
    description: 'repository (GitHub `repository`, GitLab `project_path`), e.g. octo-org/app',
  },
  repositoryId: {
    field: 'sourceRepositoryIdentifier',
    description: 'repository ID (GitHub `repository_id`, GitLab `project_id`)',
  },
  owner: {
    field: 'sourceRepositoryOwnerUri',
    uri: true,
    description: 'owner (GitHub `repository_owner`, GitLab `namespace_path`)',
  },
  ownerId: {
    field: 'sourceRepositoryOwnerIdentifier',
    description: 'owner ID (GitHub `repository_owner_id`, GitLab `namespace_id`)',
  },
  ref: {
    field: 'sourceRepositoryRef',
    description: 'git ref (GitHub `ref`, GitLab `ref_path`), e.g. refs/tags/v1.2.3',
  },
  sha: {
    field: 'sourceRepositoryDigest',
    description: 'commit SHA (`sha`)',
  },
  trigger: {
    field: 'buildTrigger',
    description: 'trigger (GitHub `event_name`, GitLab `pipeline_source`), e.g. push',
  },
  workflow: {
    field: 'buildSignerUri',
    uri: true,
    description:
      'signing workflow (GitHub `job_workflow_ref`, GitLab `ci_config_ref_uri`), e.g. octo-org/app/.github/workflows/release.yml@refs/tags/v1',
  },
  workflowSha: {
    field: 'buildSignerDigest',
    description: 'signing workflow commit (GitHub `job_workflow_sha`, GitLab `ci_config_sha`)',
  },
  buildConfig: {
    field: 'buildConfigUri',
    uri: true,
    description: 'top-level workflow (GitHub `workflow_ref`, GitLab `ci_config_ref_uri`)',
  },
  buildConfigSha: {
    field: 'buildConfigDigest',
    description: 'top-level workflow commit (GitHub `workflow_sha`, GitLab `ci_config_sha`)',
  },
  workflowName: {
    field: 'githubWorkflowName',
    description: 'GitHub workflow name (`workflow`); GitLab tokens have none',
  },
  runnerEnvironment: {
    field: 'runnerEnvironment',
    description: 'runner (`runner_environment`): github-hosted, gitlab-hosted or self-hosted',
  },
  environment: {
    field: 'deploymentEnvironment',
    description: 'deployment environment (`environment`)',
  },
  visibility: {
    field: 'sourceRepositoryVisibilityAtSigning',
    description:
      'repository visibility (GitHub `repository_visibility`, GitLab `project_visibility`)',
  },
  refProtected: {
    field: 'refProtected',
    values: ['true', 'false'],
    description: 'GitLab `ref_protected` (Signet extension): true for protected branches and tags',
  },
  environmentProtected: {
    field: 'environmentProtected',
    values: ['true', 'false'],
    description: 'GitLab `environment_protected` (Signet extension)',
  },
} as const satisfies Record<string, PinSpec>;

export type PinName = keyof typeof PINS;

export const PIN_NAMES = Object.keys(PINS) as PinName[];

/** The command-line flag of a pin: repositoryId → repository-id. */
export const pinFlag = (name: string): string =>
  name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The escaped text of `value` as a pattern matching only itself. */
const literal = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The scheme and host of an exact issuer pin, which its certificates' URIs start with. */
function issuerOrigin(issuer: Pin | undefined): { protocol: string; host: string } | undefined {
  if (typeof issuer !== 'string' || !URL.canParse(issuer)) return undefined;
  const { protocol, host } = new URL(issuer);
  return host === '' ? undefined : { protocol, host };
}

/** What the verifier checks for one typed pin; `issuer` is the issuer pin beside it. */
function compilePin(name: PinName, pin: Pin, issuer: Pin | undefined): Pin {
  const spec: PinSpec = PINS[name];
  if (typeof pin === 'string') {
    if (pin === '') throw new PolicyError('PIN_INVALID', `${name}: the pin is empty`);
    if (spec.values !== undefined && !spec.values.includes(pin)) {
      throw new PolicyError(
        'PIN_INVALID',
        `${name}: must be ${spec.values.join(' or ')}, got ${JSON.stringify(pin)}`,
      );
    }
    if (spec.uri === true && !pin.includes('://')) {
      const value = pin.replace(/^\/+/, '');
      const origin = issuerOrigin(issuer);
      if (origin !== undefined && (value === origin.host || value.startsWith(`${origin.host}/`)))
        return `${origin.protocol}//${value}`;
      return { regexp: `https?://[^/]+/${literal(value)}` };
    }
    return pin;
  }
  return checkedPattern(name, pin);
}

/** Refuses a pattern JavaScript cannot compile now, rather than at the first bundle. */
export function checkedPattern(what: string, pin: { regexp: string }): { regexp: string } {
  try {
    new RegExp(pin.regexp, 'u');
  } catch (error) {
    throw new PolicyError(
      'PIN_INVALID',
      `${what}: ${JSON.stringify(pin.regexp)} is not a valid regular expression: ${(error as Error).message}`,
    );
  }
  return pin;
}

/** Certificate-level pins, as cosign names them. */
export interface CertificatePins {
  certificateIdentity?: Pin;
  certificateOidcIssuer?: Pin;
}

/**
 * An IdentityPolicy from certificate pins, typed pins and raw claim pins (by CertificateIdentity
 * field, for claims without a typed pin). Two pins on the same claim must both hold, so they
 * are refused rather than one silently replacing the other.
 */
export function identityPolicy(
  certificate: CertificatePins,
  typed: Partial<Record<PinName, Pin>>,
  claims: Partial<Record<string, Pin>> = {},
): IdentityPolicy {
  const policy: IdentityPolicy = {};
  const { certificateIdentity: identity, certificateOidcIssuer: issuer } = certificate;
  if (identity !== undefined) {
    if (typeof identity === 'string') policy.certificateIdentity = identity;
    else policy.certificateIdentityRegexp = checkedPattern('certificate identity', identity).regexp;
  }
  if (issuer !== undefined) {
    if (typeof issuer === 'string') policy.certificateOidcIssuer = issuer;
    else policy.certificateOidcIssuerRegexp = checkedPattern('OIDC issuer', issuer).regexp;
  }
  const extensions: Partial<Record<IdentityField, Pin>> = {};
  const set = (field: IdentityField, pin: Pin, by: string): void => {
    if (extensions[field] !== undefined) {
      throw new PolicyError('PIN_INVALID', `${by}: the claim ${field} is already pinned`);
    }
    extensions[field] = pin;
  };
  for (const [name, pin] of Object.entries(typed) as [PinName, Pin | undefined][]) {
    if (pin === undefined) continue;
    if (!(name in PINS))
      throw new PolicyError('PIN_INVALID', `unknown pin ${JSON.stringify(name)}`);
    set(PINS[name].field, compilePin(name, pin, issuer), name);
  }
  for (const [field, pin] of Object.entries(claims)) {
    if (pin === undefined) continue;
    if (!(field in IDENTITY_EXTENSIONS)) {
      throw new PolicyError(
        'PIN_INVALID',
        `unknown claim ${JSON.stringify(field)}; claims are: ${Object.keys(IDENTITY_EXTENSIONS).join(', ')}`,
      );
    }
    const checked = typeof pin === 'string' ? pin : checkedPattern(`claim ${field}`, pin);
    set(field as IdentityField, checked, `claim ${field}`);
  }
  if (Object.keys(extensions).length > 0) policy.extensions = extensions;
  return policy;
}
