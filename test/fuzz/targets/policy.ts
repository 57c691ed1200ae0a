import { PolicyError } from '../../../src/policy/error.js';
import { lintPolicy } from '../../../src/policy/lint.js';
import { parsePolicy } from '../../../src/policy/policy.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';

/**
 * Verification policy files (YAML, docs/policy.md), as `signet verify --policy` and `signet
 * policy lint` read them: the YAML, the document's shape, each pin compiled (regular
 * expressions included), then the lint. Every refusal is a PolicyError.
 */

export const fuzz = refusing({ types: [PolicyError] }, async (data) => {
  lintPolicy(await parsePolicy(data.toString('utf8'), '/fuzz/policy.yml'));
});

export const seeds = (): Buffer[] =>
  [
    `version: 1
trustedRoot:
  source: ./trusted_root.json
  sha256: 391dc868854c6f38a1b647face228d9d38ae5cebf57c78cd30cc534d1636c472
signatures:
  - name: release workflow
    keyless:
      issuer: https://token.actions.githubusercontent.com
      workflow: octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3
      repositoryId: 74
      ref: { regexp: "refs/tags/v[0-9]+\\\\.[0-9]+\\\\.[0-9]+" }
      trigger: push
  - name: release key
    key: awskms:///alias/release-signing
`,
    `version: 1
trustedRoot: public-good
signatures:
  - keyless:
      issuer: https://gitlab.example.com
      workflow: gitlab.example.com/group/project//.gitlab-ci.yml@refs/heads/main
      repository: gitlab.example.com/group/project
      claims:
        environment: production
    bundle: "{artifact}.bundle"
`,
    `version: 1
signatures:
  - keyless:
      issuer: { regexp: "https://accounts\\\\.example\\\\.com" }
      identity: { regexp: ".*@example\\\\.com" }
`,
    `version: 1
signatures:
  - keyless:
      issuer: https://token.actions.githubusercontent.com
      repository: octo-org/app
    attestation:
      provenance:
        builderId: https://github.com/octo-org/app/.github/workflows/release.yml@refs/tags/v1
        sourceRepository: https://github.com/octo-org/app
        ref: { regexp: "refs/tags/v.*" }
  - key: /etc/signet/release.pub
    attestation: https://spdx.dev/Document/v2.3
`,
  ].map((text) => Buffer.from(text, 'utf8'));

export const shape: InputShape = 'text';
export const dictionary = [
  'version:',
  'trustedRoot:',
  'source:',
  'sha256:',
  'signatures:',
  '  - ',
  'name:',
  'keyless:',
  'key:',
  'bundle:',
  'issuer:',
  'identity:',
  'workflow:',
  'repository:',
  'repositoryId:',
  'ref:',
  'trigger:',
  'claims:',
  'attestation:',
  'type:',
  'provenance:',
  'builderId:',
  'sourceRepository:',
  '{ regexp: ',
  '(a+)+$',
  '[',
  '{',
  '&a',
  '*a',
  '!!binary',
  '<<: ',
  '---',
  '...',
  '\t',
  '"',
  "'",
  '|',
  '>',
  '? ',
];
