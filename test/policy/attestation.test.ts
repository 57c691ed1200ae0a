import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignedContent } from '../../src/bundle/parse.js';
import { lintPolicy } from '../../src/policy/lint.js';
import { PolicyError } from '../../src/policy/error.js';
import { parsePolicy } from '../../src/policy/policy.js';
import { SLSA_PROVENANCE_V1, slsaProvenance } from '../../src/sign/provenance.js';
import { checkAttestation, readProvenance } from '../../src/verify/attestation.js';
import { VerifyError } from '../../src/verify/error.js';

/**
 * Attestation requirements in policy files (docs/policy.md) and what the verifier checks of a
 * statement once its signature holds: the predicate type, then SLSA provenance conditions with
 * the pins' exact / anchored-pattern rules and their "expected, got" messages.
 */

const ISSUER = 'https://token.actions.githubusercontent.com';

const policyText = (attestation: string): string => `version: 1
trustedRoot: /etc/signet/trusted_root.json
signatures:
  - name: provenance
    keyless:
      issuer: ${ISSUER}
      repository: octo-org/app
${attestation}
  - name: provenance-kms
    key: /etc/signet/release.pub
${attestation}
`;

const GITHUB_ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/app',
  GITHUB_REPOSITORY_ID: '712345678',
  GITHUB_REPOSITORY_OWNER_ID: '98765432',
  GITHUB_WORKFLOW_REF: 'octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3',
  GITHUB_REF: 'refs/tags/v1.2.3',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_EVENT_NAME: 'push',
  GITHUB_RUN_ID: '1',
  GITHUB_RUN_ATTEMPT: '1',
  RUNNER_ENVIRONMENT: 'github-hosted',
};

const GITLAB_ENV = {
  GITLAB_CI: 'true',
  CI_SERVER_URL: 'https://gitlab.example.com',
  CI_PROJECT_PATH: 'group/app',
  CI_COMMIT_SHA: 'b'.repeat(40),
  CI_COMMIT_TAG: 'v2.0.0',
  CI_JOB_ID: '7',
  CI_JOB_NAME: 'attest',
  CI_PIPELINE_ID: '8',
  CI_PIPELINE_SOURCE: 'push',
  CI_RUNNER_ID: '9',
  CI_RUNNER_VERSION: '17.6.0',
  CI_RUNNER_REVISION: '374d34fd',
};

/** A DSSE in-toto envelope as parseBundle gives it. */
const envelope = (
  statement: unknown,
  payloadType = 'application/vnd.in-toto+json',
): SignedContent => ({
  kind: 'dsseEnvelope',
  payloadType,
  payload: Buffer.from(typeof statement === 'string' ? statement : JSON.stringify(statement)),
  signature: Buffer.alloc(64),
});

const provenanceStatement = (env: Record<string, string>) => {
  const { predicateType, predicate } = slsaProvenance(env);
  return envelope({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'app.tar.gz', digest: { sha256: 'c'.repeat(64) } }],
    predicateType,
    predicate,
  });
};

/** Asserts a POLICY failure with this check, expected and actual. */
const failsWith =
  (check: string, expected: string, actual: string, message?: RegExp) => (error: unknown) => {
    assert.ok(error instanceof VerifyError, `expected a VerifyError, got ${String(error)}`);
    assert.equal(error.code, 'POLICY');
    assert.equal(error.check, check);
    assert.equal(error.expected, expected);
    assert.equal(error.actual, actual);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  };

const invalid = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof PolicyError, `expected a PolicyError, got ${String(error)}`);
  assert.equal(error.code, 'POLICY_INVALID');
  assert.match(error.message, pattern);
  return true;
};

describe('attestation requirements in policy files', () => {
  it('read conditions, and default to the .att bundles', async () => {
    const policy = await parsePolicy(
      policyText(`    attestation:
      provenance:
        builderId: https://github.com/octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3
        sourceRepository: https://github.com/octo-org/app
        ref: { regexp: 'refs/tags/v[0-9]+[.][0-9]+[.][0-9]+' }`),
      '/etc/signet/policy.yaml',
    );
    const [keyless, key] = policy.signatures;
    assert.equal(keyless?.bundle, '{artifact}.att.sigstore.json');
    assert.equal(key?.bundle, '{artifact}.att.kms.sigstore.json');
    assert.deepEqual(keyless?.attestation, {
      predicateType: SLSA_PROVENANCE_V1,
      provenance: {
        builderId: 'https://github.com/octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3',
        sourceRepository: 'https://github.com/octo-org/app',
        ref: { regexp: 'refs/tags/v[0-9]+[.][0-9]+[.][0-9]+' },
      },
    });
    assert.deepEqual(key?.attestation, keyless?.attestation);
  });

  it('take a bare type URI, and keep a bundle path given', async () => {
    const policy = await parsePolicy(
      `version: 1
signatures:
  - key: /k.pub
    bundle: '{artifact}.sbom.json'
    attestation: https://spdx.dev/Document/v2.3
`,
      'p.yaml',
    );
    assert.deepEqual(policy.signatures[0]?.attestation, {
      predicateType: 'https://spdx.dev/Document/v2.3',
    });
    assert.equal(policy.signatures[0]?.bundle, '{artifact}.sbom.json');
  });

  it('refuse what would check nothing or cannot be checked, naming the field', async () => {
    const cases: [string, RegExp][] = [
      ['    attestation: {}', /signatures\[0\]\.attestation: needs type .* or provenance/],
      [
        '    attestation: not a uri',
        /signatures\[0\]\.attestation\.type: must be a predicate type URI, got "not a uri"/,
      ],
      [
        `    attestation:
      type: https://spdx.dev/Document/v2.3
      provenance: { ref: refs/heads/main }`,
        /attestation\.provenance: provenance conditions apply to https:\/\/slsa\.dev\/provenance\/v1 attestations, not https:\/\/spdx\.dev/,
      ],
      [
        '    attestation: { provenance: {} }',
        /attestation\.provenance: name at least one of builderId, sourceRepository, ref/,
      ],
      [
        '    attestation: { provenance: { reff: main } }',
        /attestation\.provenance: unknown key "reff"; allowed: builderId, sourceRepository, ref/,
      ],
      [
        "    attestation: { provenance: { ref: { regexp: '(' } } }",
        /attestation\.provenance\.ref: ref: "\(" is not a valid regular expression/,
      ],
      [
        '    attestation: { provenance: { ref: "" } }',
        /attestation\.provenance\.ref: must be a non-empty string/,
      ],
      ['    attestation: { kind: x }', /unknown key "kind"; allowed: type, provenance/],
    ];
    for (const [attestation, pattern] of cases) {
      await assert.rejects(parsePolicy(policyText(attestation), 'p.yaml'), invalid(pattern));
    }
  });

  it('lint what provenance leaves open', async () => {
    const lint = async (attestation: string) =>
      lintPolicy(await parsePolicy(policyText(attestation), 'p.yaml'))
        .filter((f) => f.message.includes('provenance'))
        .map((f) => `${f.where}: ${f.message}`);
    assert.deepEqual(await lint(`    attestation: ${SLSA_PROVENANCE_V1}`), [
      'signatures[0] (provenance): provenance without conditions: provenance from any builder, repository or ref passes (add provenance: builderId, sourceRepository, ref)',
      'signatures[1] (provenance-kms): provenance without conditions: provenance from any builder, repository or ref passes (add provenance: builderId, sourceRepository, ref)',
    ]);
    const partial = await lint(`    attestation:
      provenance: { sourceRepository: { regexp: 'https://github.com/octo-org/.*' } }`);
    assert.deepEqual(partial.slice(0, 3), [
      'signatures[0] (provenance): no provenance builderId condition: a build by any workflow or runner passes',
      'signatures[0] (provenance): no provenance ref condition: a build of any branch (including unreviewed ones) passes',
      'signatures[0] (provenance): the provenance sourceRepository pattern has a wildcard',
    ]);
    assert.deepEqual(
      await lint(`    attestation:
      provenance: { builderId: b, ref: refs/tags/v1 }`),
      [],
    );
    assert.deepEqual(await lint('    attestation: https://spdx.dev/Document/v2.3'), []);
  });
});

describe('attestation checks', () => {
  const github = provenanceStatement(GITHUB_ENV);
  const gitlab = provenanceStatement(GITLAB_ENV);

  it('pass a statement of the type, meeting every condition', () => {
    checkAttestation(github, {
      predicateType: SLSA_PROVENANCE_V1,
      provenance: {
        builderId: 'https://github.com/octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3',
        sourceRepository: 'https://github.com/octo-org/app',
        ref: { regexp: 'refs/tags/v.*' },
      },
    });
    checkAttestation(gitlab, {
      predicateType: SLSA_PROVENANCE_V1,
      provenance: {
        builderId: { regexp: 'https://gitlab\\.example\\.com/group/app/-/runners/[0-9]+' },
        sourceRepository: 'https://gitlab.example.com/group/app',
        ref: 'refs/tags/v2.0.0',
      },
    });
  });

  it('name the field, the expected and the actual value of a mismatch', () => {
    assert.throws(
      () =>
        checkAttestation(github, {
          predicateType: SLSA_PROVENANCE_V1,
          provenance: { ref: 'refs/heads/main' },
        }),
      failsWith(
        'policy: provenance ref (externalParameters.workflow.ref)',
        'refs/heads/main',
        'refs/tags/v1.2.3',
        /^policy: provenance ref \(externalParameters\.workflow\.ref\): expected refs\/heads\/main, got "refs\/tags\/v1\.2\.3"$/,
      ),
    );
    assert.throws(
      () =>
        checkAttestation(gitlab, {
          predicateType: SLSA_PROVENANCE_V1,
          provenance: { sourceRepository: 'https://gitlab.example.com/group/other' },
        }),
      failsWith(
        'policy: provenance sourceRepository (externalParameters.source)',
        'https://gitlab.example.com/group/other',
        'https://gitlab.example.com/group/app',
      ),
    );
    // Patterns are anchored: a builder of another repository whose path contains this one fails.
    assert.throws(
      () =>
        checkAttestation(github, {
          predicateType: SLSA_PROVENANCE_V1,
          provenance: { builderId: { regexp: 'octo-org/app/.*' } },
        }),
      failsWith(
        'policy: provenance builderId (runDetails.builder.id)',
        '/octo-org/app/.*/ (anchored)',
        'https://github.com/octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3',
      ),
    );
  });

  it('refuse another predicate type, a signature, a non-in-toto payload', () => {
    const expected = 'https://spdx.dev/Document/v2.3';
    assert.throws(
      () => checkAttestation(github, { predicateType: expected }),
      failsWith(
        'policy: predicate type',
        expected,
        SLSA_PROVENANCE_V1,
        /got "https:\/\/slsa\.dev\/provenance\/v1"$/,
      ),
    );
    const signature: SignedContent = {
      kind: 'messageSignature',
      digest: { algorithm: 'SHA2_256', value: Buffer.alloc(32) },
      signature: Buffer.alloc(64),
    };
    assert.throws(
      () => checkAttestation(signature, { predicateType: expected }),
      failsWith(
        'policy: predicate type',
        expected,
        '(none)',
        /got a signature, not an attestation$/,
      ),
    );
    assert.throws(
      () => checkAttestation(envelope('hello', 'text/plain'), { predicateType: expected }),
      failsWith('policy: predicate type', expected, '(none)', /DSSE payload of type "text\/plain"/),
    );
    assert.throws(
      () => checkAttestation(envelope('[1]'), { predicateType: expected }),
      failsWith('policy: predicate type', expected, '(none)', /not an in-toto statement/),
    );
    assert.throws(
      () => checkAttestation(envelope({ subject: [] }), { predicateType: expected }),
      failsWith('policy: predicate type', expected, '(absent)'),
    );
  });

  it('read other build types from their first git dependency', () => {
    const predicate = {
      buildDefinition: {
        buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
        resolvedDependencies: [{ uri: 'git+https://example.com/r@refs/heads/dev', digest: {} }],
      },
    };
    assert.deepEqual(readProvenance(predicate, 'sourceRepository'), {
      value: 'https://example.com/r',
      field: 'resolvedDependencies[0].uri',
    });
    assert.equal(readProvenance(predicate, 'ref').value, 'refs/heads/dev');
    assert.equal(readProvenance({}, 'ref').value, undefined);
    assert.throws(
      () =>
        checkAttestation(envelope({ predicateType: SLSA_PROVENANCE_V1, predicate: {} }), {
          predicateType: SLSA_PROVENANCE_V1,
          provenance: { builderId: 'b' },
        }),
      failsWith('policy: provenance builderId (runDetails.builder.id)', 'b', '(absent)'),
    );
  });
});
