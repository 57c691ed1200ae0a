import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Claims, type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, startTestService } from '../helpers/server.js';
import { requestCertificate } from './signing-cert.js';

/**
 * Claims that go into certificate extensions must not carry control characters: a newline or an
 * ANSI escape in `ref` would otherwise be embedded in the certificate and printed by whatever
 * shows it. The CA refuses them through real HTTP, naming the claim, and logs nothing to CT.
 */

let github: TestIssuer;
let gitlab: TestIssuer;
let email: TestIssuer;
let service: TestService;

before(async () => {
  [github, gitlab, email] = await Promise.all([
    startTestIssuer({ path: '/_services/token', keyType: 'ec', keyCount: 1 }),
    startTestIssuer({ keyType: 'ec', keyCount: 1 }),
    startTestIssuer({ keyType: 'ec', keyCount: 1 }),
  ]);
  service = await startTestService({
    identity: {
      'oidc-issuers': {
        [github.url]: { type: 'github-workflow' },
        [gitlab.url]: { type: 'gitlab-pipeline' },
        [email.url]: { type: 'email' },
      },
    },
  });
});

after(async () => {
  await service?.dispose();
  await Promise.all([github?.close(), gitlab?.close(), email?.close()]);
});

const certificate = async (issuer: TestIssuer, claims: Claims) =>
  requestCertificate(service.url, await issuer.mint(claims), String(claims.email ?? claims.sub));

async function ctTreeSize(): Promise<number> {
  const text = await (await fetch(`${service.url}/ct/checkpoint`)).text();
  return Number(text.split('\n')[1]);
}

describe('control characters in claims that go into certificate extensions', () => {
  /** [what, which issuer, claim, value, the refusal's "U+XXXX at offset N"] */
  const cases: Array<[string, 'github' | 'gitlab' | 'email', string, string, string]> = [
    [
      'newline in a GitHub ref',
      'github',
      'ref',
      'refs/heads/main\n✓ verified',
      'U+000A at offset 15',
    ],
    [
      'ANSI escape in a workflow name',
      'github',
      'workflow',
      '\u001b[32mRelease',
      'U+001B at offset 0',
    ],
    [
      'NUL in a deployment environment',
      'github',
      'environment',
      'prod\u0000',
      'U+0000 at offset 4',
    ],
    ['DEL in a run id', 'github', 'run_id', '12\u007f3', 'U+007F at offset 2'],
    [
      'a C1 CSI in a repository visibility',
      'github',
      'repository_visibility',
      'private\u009b2J',
      'U+009B at offset 7',
    ],
    ['carriage return in a GitLab ref', 'gitlab', 'ref', 'main\rfake', 'U+000D at offset 4'],
    [
      'a C1 NEL in GitLab environment_protected',
      'gitlab',
      'environment_protected',
      'true\u0085',
      'U+0085 at offset 4',
    ],
    ['tab in an email subject', 'email', 'sub', '1101\t69', 'U+0009 at offset 4'],
  ];
  for (const [what, provider, claim, value, where] of cases) {
    it(`refuses ${what}, naming "${claim}"`, async () => {
      const issuer = { github, gitlab, email }[provider];
      const base =
        provider === 'github'
          ? issuer.githubClaims()
          : provider === 'gitlab'
            ? issuer.gitlabClaims()
            : issuer.emailClaims();
      const before = await ctTreeSize();
      const response = await certificate(issuer, { ...base, [claim]: value });
      assert.equal(response.status, 400, response.message);
      assert.equal(
        response.message,
        `token claim "${claim}" contains the control character ${where}; claims that go into a certificate must not contain control characters (C0, DEL or C1)`,
      );
      assert.equal(await ctTreeSize(), before, 'nothing reached the CT log');
    });
  }

  it('still issues for the same claims without them', async () => {
    const response = await certificate(github, { ...github.githubClaims(), environment: 'prod' });
    assert.equal(response.status, 200, response.message);
  });
});
