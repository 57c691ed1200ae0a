import { SignError } from './error.js';

/**
 * SLSA provenance v1 for `signet attest --provenance`, built from the CI job the attestation is
 * made in. Two build types, each in the shape its platform's own generator writes, so that
 * verifiers written for those (gh attestation verify, slsa-verifier, GitLab's tooling) read
 * ours:
 *
 * - GitHub Actions: https://actions.github.io/buildtypes/workflow/v1, field for field as
 *   `@actions/attest` (actions/attest-build-provenance) builds it.
 * - GitLab CI: the runner's build type (gitlab-runner's PROVENANCE.md, as the runner writes
 *   with RUNNER_GENERATE_ARTIFACTS_METADATA), plus the ref and pipeline, which the runner
 *   leaves out and a deploy policy needs (docs/cli.md lists the differences).
 *
 * Where values come from: the claims of the identity token the keyless half signs with, when
 * there is one from that platform, else the job's environment variables. The token is what
 * the platform signed, and the CA copies the same claims into the certificate, so with a
 * token the provenance and the certificate cannot disagree; the environment is all there is
 * for a key-only attestation. GitHub's `job_workflow_ref` (the builder id) exists only as a
 * claim: without a token it is GITHUB_WORKFLOW_REF, which differs only inside a reusable
 * workflow (the calling workflow is named then, not the reusable one).
 */

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const GITHUB_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
/** gitlab-runner's build type is this, the runner version, then /PROVENANCE.md. */
export const GITLAB_BUILD_TYPE_PREFIX = 'https://gitlab.com/gitlab-org/gitlab-runner/-/blob/';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ResourceDescriptor {
  uri: string;
  digest: Record<string, string>;
}

/** The SLSA provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance), fields we write. */
export type SlsaProvenancePredicate = {
  buildDefinition: {
    buildType: string;
    externalParameters: Record<string, unknown>;
    internalParameters: Record<string, unknown>;
    resolvedDependencies: ResourceDescriptor[];
  };
  runDetails: {
    builder: { id: string; version?: Record<string, string> };
    metadata: { invocationId: string; startedOn?: string; finishedOn?: string };
  };
};

export interface Provenance {
  predicateType: typeof SLSA_PROVENANCE_V1;
  predicate: SlsaProvenancePredicate;
}

export interface ProvenanceOptions {
  /** The identity token's claims (decoded; the CA verifies the token itself). */
  claims?: Readonly<Record<string, unknown>>;
  /** The end of the build, for GitLab's finishedOn; default now. */
  now?: Date;
}

/** One value of the CI context: a token claim, or else an environment variable. */
interface Source {
  claim?: string;
  env?: string;
}

/**
 * Reads values by claim or variable, collecting every missing one so that a job missing
 * several learns them all at once.
 */
class Context {
  readonly missing: string[] = [];
  constructor(
    private readonly env: Env,
    private readonly claims: Readonly<Record<string, unknown>> | undefined,
  ) {}

  optional({ claim, env }: Source): string | undefined {
    const fromClaim = claim !== undefined ? this.claims?.[claim] : undefined;
    if (typeof fromClaim === 'string' && fromClaim !== '') return fromClaim;
    if (typeof fromClaim === 'number') return String(fromClaim);
    const fromEnv = env !== undefined ? this.env[env] : undefined;
    return fromEnv === '' ? undefined : fromEnv;
  }

  required(source: Source): string {
    const value = this.optional(source);
    if (value === undefined) this.missing.push(source.env ?? `the token claim ${source.claim}`);
    return value ?? '';
  }

  done(platform: string): void {
    if (this.missing.length === 0) return;
    throw new SignError(
      'CI_CONTEXT_MISSING',
      `${platform} provenance needs ${this.missing.join(', ')}, which ${this.missing.length === 1 ? 'is' : 'are'} not set (nor in the identity token's claims): run this in the CI job itself, not in a container or shell that drops its environment`,
    );
  }
}

export type CiPlatform = 'github' | 'gitlab';

/** The CI platform provenance can describe; SignError CI_CONTEXT_MISSING anywhere else. */
export function ciPlatform(env: Env): CiPlatform {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  throw new SignError(
    'CI_CONTEXT_MISSING',
    'SLSA provenance describes the CI job that built the artifact, and this is neither GitHub Actions (GITHUB_ACTIONS=true) nor GitLab CI (GITLAB_CI=true): run it in the build job, or attest another predicate with --type URI --predicate FILE',
  );
}

/** The provenance of this CI job; SignError CI_CONTEXT_MISSING outside CI or with variables missing. */
export function slsaProvenance(env: Env, options: ProvenanceOptions = {}): Provenance {
  if (ciPlatform(env) === 'github') {
    // Only a GitHub token's claims describe a GitHub job: job_workflow_ref is GitHub's alone.
    const claims =
      typeof options.claims?.job_workflow_ref === 'string' ? options.claims : undefined;
    return { predicateType: SLSA_PROVENANCE_V1, predicate: github(new Context(env, claims)) };
  }
  const claims = typeof options.claims?.project_path === 'string' ? options.claims : undefined;
  return {
    predicateType: SLSA_PROVENANCE_V1,
    predicate: gitlab(new Context(env, claims), options.now ?? new Date()),
  };
}

function github(context: Context): SlsaProvenancePredicate {
  const server = context.required({ env: 'GITHUB_SERVER_URL' }).replace(/\/+$/, '');
  const repository = context.required({ claim: 'repository', env: 'GITHUB_REPOSITORY' });
  const workflowRef = context.required({ claim: 'workflow_ref', env: 'GITHUB_WORKFLOW_REF' });
  const ref = context.required({ claim: 'ref', env: 'GITHUB_REF' });
  const sha = context.required({ claim: 'sha', env: 'GITHUB_SHA' });
  const eventName = context.required({ claim: 'event_name', env: 'GITHUB_EVENT_NAME' });
  const repositoryId = context.required({ claim: 'repository_id', env: 'GITHUB_REPOSITORY_ID' });
  const ownerId = context.required({
    claim: 'repository_owner_id',
    env: 'GITHUB_REPOSITORY_OWNER_ID',
  });
  const runner = context.required({ claim: 'runner_environment', env: 'RUNNER_ENVIRONMENT' });
  const runId = context.required({ claim: 'run_id', env: 'GITHUB_RUN_ID' });
  const attempt = context.required({ claim: 'run_attempt', env: 'GITHUB_RUN_ATTEMPT' });
  context.done('GitHub Actions');
  const jobWorkflowRef = context.optional({ claim: 'job_workflow_ref' }) ?? workflowRef;
  // "owner/repo/.github/workflows/x.yml@refs/tags/v1" → path and ref; a ref may itself
  // contain "@" (monorepo tags such as pkg@1.2.3), so only the first "@" splits.
  const inRepository = workflowRef.startsWith(`${repository}/`)
    ? workflowRef.slice(repository.length + 1)
    : workflowRef;
  const at = inRepository.indexOf('@');
  const path = at < 0 ? inRepository : inRepository.slice(0, at);
  const workflowRefName = at < 0 ? '' : inRepository.slice(at + 1);
  return {
    buildDefinition: {
      buildType: GITHUB_BUILD_TYPE,
      externalParameters: {
        workflow: { ref: workflowRefName, repository: `${server}/${repository}`, path },
      },
      internalParameters: {
        github: {
          event_name: eventName,
          repository_id: repositoryId,
          repository_owner_id: ownerId,
          runner_environment: runner,
        },
      },
      resolvedDependencies: [
        { uri: `git+${server}/${repository}@${ref}`, digest: { gitCommit: sha } },
      ],
    },
    runDetails: {
      builder: { id: `${server}/${jobWorkflowRef}` },
      metadata: {
        invocationId: `${server}/${repository}/actions/runs/${runId}/attempts/${attempt}`,
      },
    },
  };
}

function gitlab(context: Context, now: Date): SlsaProvenancePredicate {
  const projectPath = context.required({ claim: 'project_path', env: 'CI_PROJECT_PATH' });
  const server = context.required({ env: 'CI_SERVER_URL' }).replace(/\/+$/, '');
  const project = context.optional({ env: 'CI_PROJECT_URL' }) ?? `${server}/${projectPath}`;
  const sha = context.required({ claim: 'sha', env: 'CI_COMMIT_SHA' });
  const ref = context.optional({ claim: 'ref_path' }) ?? gitlabRefPath(context);
  const jobId = context.required({ claim: 'job_id', env: 'CI_JOB_ID' });
  const jobName = context.required({ env: 'CI_JOB_NAME' });
  const pipelineId = context.required({ claim: 'pipeline_id', env: 'CI_PIPELINE_ID' });
  const pipelineSource = context.required({ claim: 'pipeline_source', env: 'CI_PIPELINE_SOURCE' });
  const runnerId = context.required({ claim: 'runner_id', env: 'CI_RUNNER_ID' });
  const version = context.optional({ env: 'CI_RUNNER_VERSION' });
  const revision = context.optional({ env: 'CI_RUNNER_REVISION' });
  const runnerVersion = version?.startsWith('v') ? version : (revision ?? version);
  if (runnerVersion === undefined) context.missing.push('CI_RUNNER_VERSION or CI_RUNNER_REVISION');
  if (ref === undefined) context.missing.push('CI_COMMIT_TAG or CI_COMMIT_REF_NAME');
  context.done('GitLab CI');
  const architecture = context.optional({ env: 'CI_RUNNER_EXECUTABLE_ARCH' })?.split('/').pop();
  const runnerName = context.optional({ env: 'CI_RUNNER_DESCRIPTION' });
  // The runner's own start time; a value that is not a time is left out, not guessed at.
  const started = Date.parse(context.optional({ env: 'CI_JOB_STARTED_AT' }) ?? '');
  const startedOn = Number.isNaN(started) ? undefined : new Date(started).toISOString();
  const defined = (fields: Record<string, string | undefined>): Record<string, string> =>
    Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
  return {
    buildDefinition: {
      buildType: `${GITLAB_BUILD_TYPE_PREFIX}${runnerVersion as string}/PROVENANCE.md`,
      externalParameters: { source: project, entryPoint: jobName, ref: ref as string },
      internalParameters: {
        ...defined({ name: runnerName, architecture }),
        job: jobId,
        gitlab: defined({
          pipeline_id: pipelineId,
          pipeline_source: pipelineSource,
          project_id: context.optional({ claim: 'project_id', env: 'CI_PROJECT_ID' }),
          namespace_id: context.optional({ claim: 'namespace_id', env: 'CI_PROJECT_NAMESPACE_ID' }),
          runner_environment: context.optional({ claim: 'runner_environment' }),
        }),
      },
      resolvedDependencies: [{ uri: project, digest: { gitCommit: sha } }],
    },
    runDetails: {
      builder: {
        id: `${project}/-/runners/${runnerId}`,
        version: { 'gitlab-runner': runnerVersion as string },
      },
      metadata: {
        invocationId: jobId,
        ...(startedOn !== undefined && { startedOn }),
        finishedOn: now.toISOString(),
      },
    },
  };
}

/** The job's ref as GitLab's `ref_path` claim writes it: refs/tags/T, refs/heads/B. */
function gitlabRefPath(context: Context): string | undefined {
  const tag = context.optional({ env: 'CI_COMMIT_TAG' });
  if (tag !== undefined) return `refs/tags/${tag}`;
  const mergeRequest = context.optional({ env: 'CI_MERGE_REQUEST_REF_PATH' });
  if (mergeRequest !== undefined) return mergeRequest;
  const branch =
    context.optional({ env: 'CI_COMMIT_BRANCH' }) ??
    context.optional({ env: 'CI_COMMIT_REF_NAME' });
  return branch === undefined ? undefined : `refs/heads/${branch}`;
}
