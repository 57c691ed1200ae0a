import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignError } from '../../src/sign/error.js';
import {
  GITHUB_BUILD_TYPE,
  SLSA_PROVENANCE_V1,
  ciPlatform,
  slsaProvenance,
} from '../../src/sign/provenance.js';

/**
 * SLSA provenance from CI environments as the runners set them (GitHub's default variables for
 * a tag push; GitLab's predefined variables for a tag pipeline on a self-managed instance),
 * compared whole, so that a field moved or renamed fails here rather than in a verifier.
 */

const SHA = '3f4e9d1c2b7a6e5f4d3c2b1a0f9e8d7c6b5a4f3e';

/** A job of octo-org/app's release workflow, run for the tag v1.2.3. */
const GITHUB_ENV = {
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'https://api.github.com',
  GITHUB_REPOSITORY: 'octo-org/app',
  GITHUB_REPOSITORY_ID: '712345678',
  GITHUB_REPOSITORY_OWNER: 'octo-org',
  GITHUB_REPOSITORY_OWNER_ID: '98765432',
  GITHUB_WORKFLOW: 'Release',
  GITHUB_WORKFLOW_REF: 'octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3',
  GITHUB_WORKFLOW_SHA: SHA,
  GITHUB_REF: 'refs/tags/v1.2.3',
  GITHUB_REF_NAME: 'v1.2.3',
  GITHUB_REF_TYPE: 'tag',
  GITHUB_SHA: SHA,
  GITHUB_EVENT_NAME: 'push',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_NUMBER: '57',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_ACTOR: 'octocat',
  RUNNER_ENVIRONMENT: 'github-hosted',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
};

const GITHUB_PREDICATE = {
  buildDefinition: {
    buildType: GITHUB_BUILD_TYPE,
    externalParameters: {
      workflow: {
        ref: 'refs/tags/v1.2.3',
        repository: 'https://github.com/octo-org/app',
        path: '.github/workflows/release.yml',
      },
    },
    internalParameters: {
      github: {
        event_name: 'push',
        repository_id: '712345678',
        repository_owner_id: '98765432',
        runner_environment: 'github-hosted',
      },
    },
    resolvedDependencies: [
      { uri: 'git+https://github.com/octo-org/app@refs/tags/v1.2.3', digest: { gitCommit: SHA } },
    ],
  },
  runDetails: {
    builder: {
      id: 'https://github.com/octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3',
    },
    metadata: {
      invocationId: 'https://github.com/octo-org/app/actions/runs/9876543210/attempts/2',
    },
  },
};

/** A tag pipeline of group/app on gitlab.example.com, job "attest" on a docker runner. */
const GITLAB_ENV = {
  CI: 'true',
  GITLAB_CI: 'true',
  CI_SERVER_URL: 'https://gitlab.example.com',
  CI_SERVER_HOST: 'gitlab.example.com',
  CI_PROJECT_URL: 'https://gitlab.example.com/group/app',
  CI_PROJECT_PATH: 'group/app',
  CI_PROJECT_ID: '4242',
  CI_PROJECT_NAMESPACE: 'group',
  CI_PROJECT_NAMESPACE_ID: '77',
  CI_COMMIT_SHA: SHA,
  CI_COMMIT_TAG: 'v1.2.3',
  CI_COMMIT_REF_NAME: 'v1.2.3',
  CI_COMMIT_REF_PROTECTED: 'true',
  CI_CONFIG_PATH: '.gitlab-ci.yml',
  CI_JOB_ID: '551234',
  CI_JOB_NAME: 'attest',
  CI_JOB_STAGE: 'release',
  CI_JOB_STARTED_AT: '2026-12-05T04:10:00Z',
  CI_PIPELINE_ID: '90210',
  CI_PIPELINE_SOURCE: 'push',
  CI_RUNNER_ID: '31',
  CI_RUNNER_DESCRIPTION: 'docker-runner-1',
  CI_RUNNER_VERSION: '17.6.0',
  CI_RUNNER_REVISION: '374d34fd',
  CI_RUNNER_EXECUTABLE_ARCH: 'linux/amd64',
};

const NOW = new Date('2026-12-05T04:12:34.000Z');

const GITLAB_PREDICATE = {
  buildDefinition: {
    buildType: 'https://gitlab.com/gitlab-org/gitlab-runner/-/blob/374d34fd/PROVENANCE.md',
    externalParameters: {
      source: 'https://gitlab.example.com/group/app',
      entryPoint: 'attest',
      ref: 'refs/tags/v1.2.3',
    },
    internalParameters: {
      name: 'docker-runner-1',
      architecture: 'amd64',
      job: '551234',
      gitlab: {
        pipeline_id: '90210',
        pipeline_source: 'push',
        project_id: '4242',
        namespace_id: '77',
      },
    },
    resolvedDependencies: [
      { uri: 'https://gitlab.example.com/group/app', digest: { gitCommit: SHA } },
    ],
  },
  runDetails: {
    builder: {
      id: 'https://gitlab.example.com/group/app/-/runners/31',
      version: { 'gitlab-runner': '374d34fd' },
    },
    metadata: {
      invocationId: '551234',
      startedOn: '2026-12-05T04:10:00.000Z',
      finishedOn: '2026-12-05T04:12:34.000Z',
    },
  },
};

const refusal = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof SignError, `expected a SignError, got ${String(error)}`);
  assert.equal(error.code, 'CI_CONTEXT_MISSING');
  assert.match(error.message, pattern);
  return true;
};

describe('GitHub Actions provenance', () => {
  it('is the predicate actions/attest builds, from the default variables', () => {
    const provenance = slsaProvenance(GITHUB_ENV);
    assert.equal(provenance.predicateType, SLSA_PROVENANCE_V1);
    assert.deepEqual(provenance.predicate, GITHUB_PREDICATE);
  });

  it("takes the identity token's claims over the variables, the builder from job_workflow_ref", () => {
    // A reusable workflow: the token names it, the variables name only the caller.
    const shared = 'octo-org/shared/.github/workflows/build.yml@refs/heads/main';
    const { predicate } = slsaProvenance(
      { ...GITHUB_ENV, GITHUB_RUN_ATTEMPT: '9' },
      { claims: { job_workflow_ref: shared, run_attempt: '2', repository_id: 712345678 } },
    );
    assert.equal(predicate.runDetails.builder.id, `https://github.com/${shared}`);
    assert.equal(
      predicate.runDetails.metadata.invocationId,
      'https://github.com/octo-org/app/actions/runs/9876543210/attempts/2',
    );
    assert.deepEqual(predicate.buildDefinition.externalParameters, {
      workflow: GITHUB_PREDICATE.buildDefinition.externalParameters.workflow,
    });
  });

  it("ignores another platform's token, whose claims mean other things", () => {
    const { predicate } = slsaProvenance(GITHUB_ENV, {
      claims: { project_path: 'group/app', ref: 'main', sha: 'f'.repeat(40) },
    });
    assert.deepEqual(predicate, GITHUB_PREDICATE);
  });

  it('splits the workflow ref at its first "@", so a tag with "@" stays whole', () => {
    const { predicate } = slsaProvenance({
      ...GITHUB_ENV,
      GITHUB_WORKFLOW_REF: 'octo-org/app/.github/workflows/release.yml@refs/tags/pkg@1.2.3',
    });
    assert.deepEqual(predicate.buildDefinition.externalParameters.workflow, {
      ref: 'refs/tags/pkg@1.2.3',
      repository: 'https://github.com/octo-org/app',
      path: '.github/workflows/release.yml',
    });
  });

  it('names every missing variable at once', () => {
    const env: Record<string, string | undefined> = { ...GITHUB_ENV };
    delete env.GITHUB_SHA;
    delete env.GITHUB_RUN_ID;
    env.RUNNER_ENVIRONMENT = '';
    assert.throws(
      () => slsaProvenance(env),
      refusal(
        /^GitHub Actions provenance needs GITHUB_SHA, RUNNER_ENVIRONMENT, GITHUB_RUN_ID, which are not set/,
      ),
    );
  });
});

describe('GitLab CI provenance', () => {
  it("is the runner's SLSA v1 shape, with the ref and pipeline", () => {
    const provenance = slsaProvenance(GITLAB_ENV, { now: NOW });
    assert.equal(provenance.predicateType, SLSA_PROVENANCE_V1);
    assert.deepEqual(provenance.predicate, GITLAB_PREDICATE);
  });

  it('names a branch refs/heads/ and a v-prefixed runner version as itself', () => {
    const env: Record<string, string | undefined> = {
      ...GITLAB_ENV,
      CI_COMMIT_BRANCH: 'main',
      CI_COMMIT_REF_NAME: 'main',
      CI_RUNNER_VERSION: 'v17.6.0',
    };
    delete env.CI_COMMIT_TAG;
    const { predicate } = slsaProvenance(env, { now: NOW });
    assert.equal(predicate.buildDefinition.externalParameters.ref, 'refs/heads/main');
    assert.equal(
      predicate.buildDefinition.buildType,
      'https://gitlab.com/gitlab-org/gitlab-runner/-/blob/v17.6.0/PROVENANCE.md',
    );
  });

  it("takes a GitLab token's claims: ref_path, runner_environment", () => {
    const { predicate } = slsaProvenance(GITLAB_ENV, {
      now: NOW,
      claims: {
        project_path: 'group/app',
        ref_path: 'refs/heads/release',
        runner_environment: 'self-hosted',
      },
    });
    assert.equal(predicate.buildDefinition.externalParameters.ref, 'refs/heads/release');
    assert.deepEqual(predicate.buildDefinition.internalParameters.gitlab, {
      ...GITLAB_PREDICATE.buildDefinition.internalParameters.gitlab,
      runner_environment: 'self-hosted',
    });
  });

  it('leaves out a start time that is not a time, and names missing variables', () => {
    const { predicate } = slsaProvenance(
      { ...GITLAB_ENV, CI_JOB_STARTED_AT: 'yesterday' },
      { now: NOW },
    );
    assert.equal(predicate.runDetails.metadata.startedOn, undefined);
    const env: Record<string, string | undefined> = { ...GITLAB_ENV };
    delete env.CI_RUNNER_ID;
    delete env.CI_RUNNER_VERSION;
    delete env.CI_RUNNER_REVISION;
    assert.throws(
      () => slsaProvenance(env, { now: NOW }),
      refusal(
        /^GitLab CI provenance needs CI_RUNNER_ID, CI_RUNNER_VERSION or CI_RUNNER_REVISION, which are not set/,
      ),
    );
  });
});

describe('outside CI', () => {
  it('refuses, naming the variables that tell a CI job', () => {
    for (const env of [{}, { CI: 'true' }, { GITHUB_ACTIONS: 'false', GITLAB_CI: '1' }]) {
      assert.throws(
        () => ciPlatform(env),
        refusal(/GITHUB_ACTIONS=true.*GITLAB_CI=true.*--predicate FILE/),
      );
      assert.throws(() => slsaProvenance(env), refusal(/neither GitHub Actions/));
    }
  });
});
