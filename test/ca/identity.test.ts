import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { CaError } from '../../src/ca/error.js';
import {
  IDENTITY_EXTENSIONS,
  SIGNET_OID_ARC,
  identityExtensions,
  readIdentity,
} from '../../src/ca/extensions.js';
import { identityFor } from '../../src/ca/principal.js';
import {
  buildCertificate,
  name,
  parseCertificate,
  randomSerial,
  signerFor,
  spkiOf,
} from '../../src/core/x509.js';
import { githubUrlFor } from '../../src/oidc/ci-url.js';
import type { IssuerSettings } from '../../src/oidc/issuers.js';

const issuer = (provider: IssuerSettings['provider'], issuerUrl: string): IssuerSettings => ({
  issuerUrl,
  wildcard: false,
  provider,
  audience: 'sigstore',
  challengeClaim: provider === 'email' ? 'email' : 'sub',
  skipEmailVerification: false,
  ...(provider === 'uri' ? { subjectDomain: 'https://ci.example.com' } : {}),
});

/** Claims exactly as GitHub documents them for a push to main of octo-org/octo-repo. */
const GITHUB = {
  iss: 'https://token.actions.githubusercontent.com',
  sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  aud: 'sigstore',
  ref: 'refs/heads/main',
  ref_type: 'branch',
  sha: 'example-sha-0123456789abcdef0123456789abcdef01',
  repository: 'octo-org/octo-repo',
  repository_id: '74',
  repository_owner: 'octo-org',
  repository_owner_id: '65',
  repository_visibility: 'private',
  run_id: '1234567890',
  run_number: '12',
  run_attempt: '2',
  runner_environment: 'github-hosted',
  actor: 'octocat',
  actor_id: '12',
  workflow: 'release',
  workflow_ref: 'octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main',
  workflow_sha: 'workflow-sha-0123456789abcdef0123456789abcd',
  job_workflow_ref: 'octo-org/shared/.github/workflows/sign.yml@refs/tags/v1',
  job_workflow_sha: 'job-workflow-sha-0123456789abcdef012345678',
  event_name: 'push',
  exp: 1_900_000_000,
  iat: 1_899_999_700,
};

/** Claims as a self-managed GitLab at gitlab.example.com sends them for a protected tag. */
const GITLAB = {
  iss: 'https://gitlab.example.com',
  sub: 'project_path:grp/proj:ref_type:tag:ref:v1.2.0',
  aud: 'sigstore',
  namespace_id: '7',
  namespace_path: 'grp',
  project_id: '42',
  project_path: 'grp/proj',
  user_id: '3',
  user_login: 'dev',
  user_email: 'dev@example.com',
  pipeline_id: '1001',
  pipeline_source: 'push',
  job_id: '5005',
  ref: 'v1.2.0',
  ref_type: 'tag',
  ref_path: 'refs/tags/v1.2.0',
  ref_protected: 'true',
  environment: 'production',
  environment_protected: 'false',
  runner_id: 9,
  runner_environment: 'self-hosted',
  sha: 'gitlab-sha-0123456789abcdef0123456789abcdef',
  ci_config_ref_uri: 'gitlab.example.com/grp/proj//.gitlab-ci.yml@refs/tags/v1.2.0',
  ci_config_sha: 'config-sha-0123456789abcdef0123456789abcdef',
  project_visibility: 'internal',
};

describe('GitHub Actions identity', () => {
  const identity = identityFor({
    issuer: issuer('github', GITHUB.iss),
    claims: GITHUB,
  });

  it('fills every Fulcio extension from the claims, as the github-workflow template does', () => {
    const signer = 'https://github.com/octo-org/shared/.github/workflows/sign.yml@refs/tags/v1';
    assert.deepEqual(identity, {
      san: { type: 'uri', value: signer },
      issuerV1: GITHUB.iss,
      githubWorkflowTrigger: 'push',
      githubWorkflowSha: GITHUB.sha,
      githubWorkflowName: 'release',
      githubWorkflowRepository: 'octo-org/octo-repo',
      githubWorkflowRef: 'refs/heads/main',
      issuer: GITHUB.iss,
      buildSignerUri: signer,
      buildSignerDigest: GITHUB.job_workflow_sha,
      runnerEnvironment: 'github-hosted',
      sourceRepositoryUri: 'https://github.com/octo-org/octo-repo',
      sourceRepositoryDigest: GITHUB.sha,
      sourceRepositoryRef: 'refs/heads/main',
      sourceRepositoryIdentifier: '74',
      sourceRepositoryOwnerUri: 'https://github.com/octo-org',
      sourceRepositoryOwnerIdentifier: '65',
      buildConfigUri:
        'https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main',
      buildConfigDigest: GITHUB.workflow_sha,
      buildTrigger: 'push',
      runInvocationUri: 'https://github.com/octo-org/octo-repo/actions/runs/1234567890/attempts/2',
      sourceRepositoryVisibilityAtSigning: 'private',
      subject: GITHUB.sub,
    });
  });

  it('adds the deployment environment only when the job has one', () => {
    assert.equal(identity.deploymentEnvironment, undefined);
    const withEnv = identityFor({
      issuer: issuer('github', GITHUB.iss),
      claims: { ...GITHUB, environment: 'prod' },
    });
    assert.equal(withEnv.deploymentEnvironment, 'prod');
  });

  it('derives the instance URL for GHE.com tenants, enterprise slugs and GHES', () => {
    assert.equal(githubUrlFor('https://token.actions.githubusercontent.com'), 'https://github.com');
    assert.equal(
      githubUrlFor('https://token.actions.githubusercontent.com/acme'),
      'https://github.com',
    );
    assert.equal(
      githubUrlFor('https://token.actions.octocorp.ghe.com'),
      'https://octocorp.ghe.com',
    );
    assert.equal(
      githubUrlFor('https://token.actions.octocorp.ghe.com/acme'),
      'https://octocorp.ghe.com',
    );
    assert.equal(
      githubUrlFor('https://ghes.example.com/_services/token'),
      'https://ghes.example.com',
    );
    const ghes = identityFor({
      issuer: issuer('github', 'https://ghes.example.com/_services/token'),
      claims: { ...GITHUB, iss: 'https://ghes.example.com/_services/token' },
    });
    assert.equal(ghes.sourceRepositoryUri, 'https://ghes.example.com/octo-org/octo-repo');
    assert.equal(ghes.issuer, 'https://ghes.example.com/_services/token');
  });

  it('derives nothing for an issuer the documentation does not name', () => {
    for (const iss of [
      'https://ci.example.com',
      'https://ghes.example.com/_services',
      'https://token.actions.githubusercontent.com/acme/more',
      'https://token.actions.ghe.com',
      'https://x.token.actions.octocorp.ghe.com',
    ]) {
      assert.equal(githubUrlFor(iss), undefined, iss);
    }
    // Settings built in code skip parseIdentityConfig; the CA still refuses to guess.
    assert.throws(
      () =>
        identityFor({
          issuer: issuer('github', 'https://ci.example.com'),
          claims: { ...GITHUB, iss: 'https://ci.example.com' },
        }),
      {
        code: 'CA_CONFIG_INVALID',
        message:
          /"https:\/\/ci\.example\.com" is none of them; set ci-issuer-metadata\.github-workflow/,
      },
    );
    const configured = identityFor({
      issuer: { ...issuer('github', 'https://ci.example.com'), ciUrl: 'https://git.example.com' },
      claims: { ...GITHUB, iss: 'https://ci.example.com' },
    });
    assert.equal(configured.sourceRepositoryUri, 'https://git.example.com/octo-org/octo-repo');
  });

  it('names the missing claim and the extension that needs it', () => {
    const claims: Record<string, unknown> = { ...GITHUB };
    delete claims.workflow_sha;
    assert.throws(
      () => identityFor({ issuer: issuer('github', GITHUB.iss), claims }),
      (error: unknown) =>
        error instanceof CaError &&
        error.code === 'IDENTITY_INVALID' &&
        /claim "workflow_sha" is missing; it is needed for the Build Config Digest extension \(1\.3\.6\.1\.4\.1\.57264\.1\.19\)/.test(
          error.message,
        ),
    );
  });
});

describe('GitLab CI identity', () => {
  const identity = identityFor({ issuer: issuer('gitlab', GITLAB.iss), claims: GITLAB });

  it("uses the self-managed instance's URL, never gitlab.com", () => {
    const signer = 'https://gitlab.example.com/grp/proj//.gitlab-ci.yml@refs/tags/v1.2.0';
    assert.deepEqual(identity, {
      san: { type: 'uri', value: signer },
      issuerV1: GITLAB.iss,
      issuer: GITLAB.iss,
      buildSignerUri: signer,
      buildSignerDigest: GITLAB.ci_config_sha,
      runnerEnvironment: 'self-hosted',
      sourceRepositoryUri: 'https://gitlab.example.com/grp/proj',
      sourceRepositoryDigest: GITLAB.sha,
      sourceRepositoryRef: 'refs/tags/v1.2.0',
      sourceRepositoryIdentifier: '42',
      sourceRepositoryOwnerUri: 'https://gitlab.example.com/grp',
      sourceRepositoryOwnerIdentifier: '7',
      buildConfigUri: signer,
      buildConfigDigest: GITLAB.ci_config_sha,
      buildTrigger: 'push',
      runInvocationUri: 'https://gitlab.example.com/grp/proj/-/jobs/5005',
      sourceRepositoryVisibilityAtSigning: 'internal',
      subject: GITLAB.sub,
      deploymentEnvironment: 'production',
      refProtected: 'true',
      environmentProtected: 'false',
    });
    assert.ok(!JSON.stringify(identity).includes('gitlab.com'));
  });

  it('maps branch refs to refs/heads/', () => {
    const branch = identityFor({
      issuer: issuer('gitlab', GITLAB.iss),
      claims: { ...GITLAB, ref: 'main', ref_type: 'branch' },
    });
    assert.equal(branch.sourceRepositoryRef, 'refs/heads/main');
  });

  it('refuses a null ci_config_ref_uri and says when GitLab sends one', () => {
    assert.throws(
      () =>
        identityFor({
          issuer: issuer('gitlab', GITLAB.iss),
          claims: { ...GITLAB, ci_config_ref_uri: null },
        }),
      /"ci_config_ref_uri" is null \(the pipeline config lives in another project, or this is a fork merge-request pipeline\)/,
    );
  });
});

describe('email and URI identities', () => {
  it('puts a verified email in an rfc822Name SAN', () => {
    const identity = identityFor({
      issuer: issuer('email', 'https://sso.example.com'),
      claims: { iss: 'https://sso.example.com', sub: 'u-1', email: 'a@example.com' },
    });
    assert.deepEqual(identity, {
      san: { type: 'email', value: 'a@example.com' },
      issuerV1: 'https://sso.example.com',
      issuer: 'https://sso.example.com',
      subject: 'u-1',
    });
  });

  it('keeps URI subjects inside the subject domain', () => {
    const settings = issuer('uri', 'https://sso.example.com');
    const claims = { iss: 'https://sso.example.com', sub: 'https://ci.example.com/jobs/1' };
    assert.equal(identityFor({ issuer: settings, claims }).san.value, claims.sub);
    assert.throws(
      () => identityFor({ issuer: settings, claims: { ...claims, sub: 'https://evil.example/x' } }),
      /outside the issuer's subject domain https:\/\/ci\.example\.com/,
    );
  });
});

describe('identity extensions in a certificate', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const identity = identityFor({ issuer: issuer('gitlab', GITLAB.iss), claims: GITLAB });
  const der = buildCertificate(
    {
      serial: randomSerial(),
      issuer: name([{ short: 'CN', value: 'test' }]),
      subject: name([]),
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 60_000),
      publicKey: spkiOf(key),
      extensions: identityExtensions(identity),
      signatureAlgorithm: 'ecdsa-sha256',
    },
    signerFor(key),
  );
  const cert = parseCertificate(der);

  it('encodes 1.1 as raw bytes and 1.8 onward as DER UTF8String, SAN critical first', () => {
    const byOid = new Map(cert.extensions.map((e) => [e.oid, e]));
    assert.equal(cert.extensions[0]?.oid, '2.5.29.17');
    assert.equal(cert.extensions[0]?.critical, true);
    assert.equal(byOid.get(IDENTITY_EXTENSIONS.issuerV1.oid)?.value.toString(), GITLAB.iss);
    const v2 = byOid.get(IDENTITY_EXTENSIONS.issuer.oid)?.value as Buffer;
    assert.deepEqual([...v2.subarray(0, 2)], [0x0c, GITLAB.iss.length]);
    assert.equal(v2.subarray(2).toString(), GITLAB.iss);
    assert.ok(cert.extensions.every((e) => e.oid === '2.5.29.17' || !e.critical));
  });

  it('puts the protected-ref flags under the Signet arc and reads everything back', () => {
    assert.equal(IDENTITY_EXTENSIONS.refProtected.oid, `${SIGNET_OID_ARC}.1.1`);
    assert.ok(cert.extensions.some((e) => e.oid === IDENTITY_EXTENSIONS.refProtected.oid));
    assert.deepEqual(readIdentity(cert), identity);
  });

  it('refuses a control character in any extension value, whatever its source', () => {
    // A configured instance URL is not a claim, yet goes into five extensions.
    const withUrl = identityFor({
      issuer: { ...issuer('gitlab', GITLAB.iss), ciUrl: 'https://gitlab.example.com/a\u001b[2J' },
      claims: GITLAB,
    });
    assert.throws(() => identityExtensions(withUrl), {
      code: 'IDENTITY_INVALID',
      message:
        'the Source Repository URI extension (1.3.6.1.4.1.57264.1.12) value contains the control character U+001B at offset 28',
    });
    assert.throws(
      () =>
        identityFor({
          issuer: issuer('gitlab', GITLAB.iss),
          claims: { ...GITLAB, sha: 'a\u0000' },
        }),
      {
        code: 'IDENTITY_INVALID',
        message:
          'token claim "sha" contains the control character U+0000 at offset 1; claims that go into a certificate must not contain control characters (C0, DEL or C1)',
      },
    );
  });

  it('emits extensions in numeric order, as Fulcio does', () => {
    const fulcio = cert.extensions
      .map((e) => e.oid)
      .filter((o) => o.startsWith('1.3.6.1.4.1.57264.1.'))
      .map((o) => Number(o.split('.').pop()));
    assert.deepEqual(
      fulcio,
      [...fulcio].sort((a, b) => a - b),
    );
  });
});
