import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityPolicy } from '../../src/policy/pins.js';
import { parsePolicy } from '../../src/policy/policy.js';
import { checkPolicy } from '../../src/verify/policy.js';
import type { CertificateIdentity } from '../../src/ca/extensions.js';

/**
 * URI pins written as the CI provider writes the claim: what each compiles to, and which
 * certificate values it admits. The certificates' values are the CA's (src/ca/principal.ts):
 * GitLab's ci_config_ref_uri with the issuer's scheme in front, GitHub's job_workflow_ref
 * after https://github.com/.
 */

const GITLAB = 'https://gitlab.example.com';
const CONFIG_REF_URI = 'gitlab.example.com/group/project//.gitlab-ci.yml@refs/heads/main';
const GITHUB = 'https://token.actions.githubusercontent.com';
const JOB_WORKFLOW_REF = 'octo-org/app/.github/workflows/release.yml@refs/tags/v1';

const signedBy = (issuer: string, buildSignerUri: string): CertificateIdentity => ({
  san: { type: 'uri', value: buildSignerUri },
  issuer,
  buildSignerUri,
});

const admits = (issuer: string, workflow: string, actual: string): boolean => {
  const policy = identityPolicy({ certificateOidcIssuer: issuer }, { workflow });
  try {
    checkPolicy(signedBy(issuer, actual), policy);
    return true;
  } catch {
    return false;
  }
};

describe('workflow pins as the token gives them', () => {
  it("GitLab's ci_config_ref_uri is the certificate's value less the issuer's scheme, exactly", () => {
    const policy = identityPolicy({ certificateOidcIssuer: GITLAB }, { workflow: CONFIG_REF_URI });
    assert.deepEqual(policy.extensions, { buildSignerUri: `https://${CONFIG_REF_URI}` });
    assert.ok(admits(GITLAB, CONFIG_REF_URI, `https://${CONFIG_REF_URI}`));
    // A project whose namespace is named after the host, on the same instance.
    assert.ok(!admits(GITLAB, CONFIG_REF_URI, `https://gitlab.example.com/${CONFIG_REF_URI}`));
    assert.ok(!admits(GITLAB, CONFIG_REF_URI, `http://${CONFIG_REF_URI}`));
  });

  it('a loopback issuer on http keeps its scheme and port', () => {
    const issuer = 'http://127.0.0.1:9000';
    const pin = '127.0.0.1:9000/group/project//.gitlab-ci.yml@refs/heads/main';
    assert.deepEqual(
      identityPolicy({ certificateOidcIssuer: issuer }, { workflow: pin }).extensions,
      {
        buildSignerUri: `http://${pin}`,
      },
    );
  });

  it("a path (GitHub's job_workflow_ref, GitLab's project path) matches after any host", () => {
    assert.ok(admits(GITHUB, JOB_WORKFLOW_REF, `https://github.com/${JOB_WORKFLOW_REF}`));
    assert.ok(!admits(GITHUB, JOB_WORKFLOW_REF, `https://github.com/x/${JOB_WORKFLOW_REF}`));
    const path = 'group/project//.gitlab-ci.yml@refs/heads/main';
    assert.ok(admits(GITLAB, path, `https://${CONFIG_REF_URI}`));
  });

  it('with an issuer pattern the host is unknown, so every value is a path', () => {
    const policy = identityPolicy(
      { certificateOidcIssuer: { regexp: 'https://gitlab\\.example\\.com' } },
      { workflow: CONFIG_REF_URI },
    );
    assert.equal(typeof policy.extensions?.buildSignerUri, 'object');
  });

  it('a policy file compiles its pins the same way', async () => {
    const policy = await parsePolicy(
      `version: 1
signatures:
  - keyless:
      issuer: ${GITLAB}
      workflow: ${CONFIG_REF_URI}
      repository: gitlab.example.com/group/project
`,
      'policy.yml',
    );
    const [requirement] = policy.signatures;
    assert.equal(requirement?.kind, 'keyless');
    if (requirement?.kind !== 'keyless') return;
    assert.deepEqual(requirement.policy.extensions, {
      buildSignerUri: `https://${CONFIG_REF_URI}`,
      sourceRepositoryUri: 'https://gitlab.example.com/group/project',
    });
    assert.equal(requirement.pins.typed.workflow, CONFIG_REF_URI);
  });
});
