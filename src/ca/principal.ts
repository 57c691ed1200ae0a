import { controlCharacterProblem } from '../core/text.js';
import { githubUrlAdvice, githubUrlFor, gitlabUrlFor } from '../oidc/ci-url.js';
import type { IssuerSettings } from '../oidc/issuers.js';
import { type CertificateIdentity, IDENTITY_EXTENSIONS, type IdentityField } from './extensions.js';
import { CaError } from './error.js';

/**
 * Maps a verified token's claims to the certificate identity, the way Fulcio's built-in
 * `github-workflow` and `gitlab-pipeline` ci-provider templates and its email and URI
 * principals do (protocols.md §2.4-2.5), with one difference Fulcio leaves to configuration:
 * the base URL of a GitHub Enterprise or self-managed GitLab instance comes from its issuer,
 * so a GitLab at gitlab.example.com never gets gitlab.com in its repository URLs.
 */

export interface VerifiedIdentityToken {
  issuer: IssuerSettings;
  claims: Record<string, unknown>;
}

type Claims = Record<string, unknown>;

/**
 * A claim as a string: Fulcio stringifies numbers (integers without a fraction) and booleans.
 * Every claim a certificate carries is read here, so control characters are refused here: the
 * SAN and extensions would embed them, and tools that print certificates would act on them.
 */
function claimText(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  if (typeof value === 'string') {
    const problem = controlCharacterProblem(value);
    if (problem !== undefined) {
      throw new CaError(
        'IDENTITY_INVALID',
        `token claim "${name}" ${problem}; claims that go into a certificate must not contain control characters (C0, DEL or C1)`,
      );
    }
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** A claim the certificate cannot do without; the refusal names the claim and what needs it. */
function required(claims: Claims, name: string, provider: string, field: string): string {
  const value = claimText(claims, name);
  if (value === undefined || value === '') {
    const present = claims[name] === null ? 'null' : 'missing';
    throw new CaError(
      'IDENTITY_INVALID',
      `${provider} token claim "${name}" is ${present}; it is needed for ${field}`,
    );
  }
  return value;
}

const label = (field: IdentityField | 'san'): string =>
  field === 'san'
    ? 'the subject alternative name'
    : `the ${IDENTITY_EXTENSIONS[field].label} extension (${IDENTITY_EXTENSIONS[field].oid})`;

/** Reads required claims for one provider, naming the certificate field each one feeds. */
const claimReader =
  (claims: Claims, provider: string) =>
  (claim: string, field: IdentityField | 'san'): string =>
    required(claims, claim, provider, label(field));

function githubIdentity(claims: Claims, iss: string, baseUrl: string): CertificateIdentity {
  const need = claimReader(claims, 'GitHub Actions');
  const jobWorkflowRef = need('job_workflow_ref', 'san');
  const signer = `${baseUrl}/${jobWorkflowRef}`;
  const repository = need('repository', 'sourceRepositoryUri');
  const eventName = need('event_name', 'buildTrigger');
  const sha = need('sha', 'sourceRepositoryDigest');
  const ref = need('ref', 'sourceRepositoryRef');
  const identity: CertificateIdentity = {
    san: { type: 'uri', value: signer },
    issuerV1: iss,
    githubWorkflowTrigger: eventName,
    githubWorkflowSha: sha,
    githubWorkflowName: need('workflow', 'githubWorkflowName'),
    githubWorkflowRepository: repository,
    githubWorkflowRef: ref,
    issuer: iss,
    buildSignerUri: signer,
    buildSignerDigest: need('job_workflow_sha', 'buildSignerDigest'),
    runnerEnvironment: need('runner_environment', 'runnerEnvironment'),
    sourceRepositoryUri: `${baseUrl}/${repository}`,
    sourceRepositoryDigest: sha,
    sourceRepositoryRef: ref,
    sourceRepositoryIdentifier: need('repository_id', 'sourceRepositoryIdentifier'),
    sourceRepositoryOwnerUri: `${baseUrl}/${need('repository_owner', 'sourceRepositoryOwnerUri')}`,
    sourceRepositoryOwnerIdentifier: need('repository_owner_id', 'sourceRepositoryOwnerIdentifier'),
    buildConfigUri: `${baseUrl}/${need('workflow_ref', 'buildConfigUri')}`,
    buildConfigDigest: need('workflow_sha', 'buildConfigDigest'),
    buildTrigger: eventName,
    runInvocationUri: `${baseUrl}/${repository}/actions/runs/${need('run_id', 'runInvocationUri')}/attempts/${need('run_attempt', 'runInvocationUri')}`,
    sourceRepositoryVisibilityAtSigning: need(
      'repository_visibility',
      'sourceRepositoryVisibilityAtSigning',
    ),
    subject: need('sub', 'subject'),
  };
  const environment = claimText(claims, 'environment');
  if (environment) identity.deploymentEnvironment = environment;
  return identity;
}

function gitlabIdentity(claims: Claims, iss: string, baseUrl: string): CertificateIdentity {
  const need = claimReader(claims, 'GitLab CI');
  const configRefUri = claims.ci_config_ref_uri;
  if (configRefUri === null) {
    // GitLab sends null when the CI config lives in another project or for fork MR pipelines.
    throw new CaError(
      'IDENTITY_INVALID',
      'GitLab CI token claim "ci_config_ref_uri" is null (the pipeline config lives in another project, or this is a fork merge-request pipeline); Signet cannot name the signing configuration, so no certificate is issued',
    );
  }
  const scheme = new URL(baseUrl).protocol;
  const signer = `${scheme}//${need('ci_config_ref_uri', 'san')}`;
  const projectPath = need('project_path', 'sourceRepositoryUri');
  const refType = need('ref_type', 'sourceRepositoryRef');
  if (refType !== 'branch' && refType !== 'tag') {
    throw new CaError(
      'IDENTITY_INVALID',
      `GitLab CI token claim "ref_type" is "${refType}"; expected "branch" or "tag"`,
    );
  }
  const ref = need('ref', 'sourceRepositoryRef');
  const configSha = need('ci_config_sha', 'buildSignerDigest');
  const identity: CertificateIdentity = {
    san: { type: 'uri', value: signer },
    issuerV1: iss,
    issuer: iss,
    buildSignerUri: signer,
    buildSignerDigest: configSha,
    runnerEnvironment: need('runner_environment', 'runnerEnvironment'),
    sourceRepositoryUri: `${baseUrl}/${projectPath}`,
    sourceRepositoryDigest: need('sha', 'sourceRepositoryDigest'),
    sourceRepositoryRef: `refs/${refType === 'branch' ? 'heads' : 'tags'}/${ref}`,
    sourceRepositoryIdentifier: need('project_id', 'sourceRepositoryIdentifier'),
    sourceRepositoryOwnerUri: `${baseUrl}/${need('namespace_path', 'sourceRepositoryOwnerUri')}`,
    sourceRepositoryOwnerIdentifier: need('namespace_id', 'sourceRepositoryOwnerIdentifier'),
    buildConfigUri: signer,
    buildConfigDigest: configSha,
    buildTrigger: need('pipeline_source', 'buildTrigger'),
    runInvocationUri: `${baseUrl}/${projectPath}/-/jobs/${need('job_id', 'runInvocationUri')}`,
    sourceRepositoryVisibilityAtSigning: need(
      'project_visibility',
      'sourceRepositoryVisibilityAtSigning',
    ),
    subject: need('sub', 'subject'),
  };
  const environment = claimText(claims, 'environment');
  if (environment) identity.deploymentEnvironment = environment;
  const refProtected = claimText(claims, 'ref_protected');
  if (refProtected !== undefined) identity.refProtected = refProtected;
  const environmentProtected = claimText(claims, 'environment_protected');
  if (environmentProtected !== undefined) identity.environmentProtected = environmentProtected;
  return identity;
}

/** A deliberately plain check: one @, no spaces, a dot in the domain (Fulcio uses net/mail). */
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

function emailIdentity(claims: Claims, iss: string): CertificateIdentity {
  const email = required(claims, 'email', 'email issuer', label('san'));
  if (!EMAIL.test(email)) {
    throw new CaError(
      'IDENTITY_INVALID',
      `token claim "email" (${JSON.stringify(email)}) is not an email address`,
    );
  }
  return {
    san: { type: 'email', value: email },
    issuerV1: iss,
    issuer: iss,
    subject: required(claims, 'sub', 'email issuer', label('subject')),
  };
}

function uriIdentity(claims: Claims, iss: string, issuer: IssuerSettings): CertificateIdentity {
  const sub = required(claims, 'sub', 'URI issuer', label('san'));
  let uri: URL;
  try {
    uri = new URL(sub);
  } catch {
    throw new CaError('IDENTITY_INVALID', `token subject ${JSON.stringify(sub)} is not a URI`);
  }
  const domain = new URL(issuer.subjectDomain ?? '');
  if (uri.protocol !== domain.protocol || uri.hostname !== domain.hostname) {
    throw new CaError(
      'IDENTITY_INVALID',
      `token subject ${JSON.stringify(sub)} is outside the issuer's subject domain ${domain.protocol}//${domain.hostname}`,
    );
  }
  return { san: { type: 'uri', value: sub }, issuerV1: iss, issuer: iss, subject: sub };
}

/** The identity a certificate for this token carries. */
export function identityFor(token: VerifiedIdentityToken): CertificateIdentity {
  const iss = required(token.claims, 'iss', 'identity', label('issuer'));
  switch (token.issuer.provider) {
    case 'github': {
      const url = token.issuer.ciUrl ?? githubUrlFor(iss);
      // parseIdentityConfig refuses such an issuer at start-up; settings built in code are not parsed.
      if (url === undefined) throw new CaError('CA_CONFIG_INVALID', githubUrlAdvice(iss));
      return githubIdentity(token.claims, iss, url);
    }
    case 'gitlab':
      return gitlabIdentity(token.claims, iss, token.issuer.ciUrl ?? gitlabUrlFor(iss));
    case 'email':
      return emailIdentity(token.claims, iss);
    case 'uri':
      return uriIdentity(token.claims, iss, token.issuer);
  }
}
