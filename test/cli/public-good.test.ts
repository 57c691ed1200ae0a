import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import { main } from '../../src/cli/main.js';

/**
 * `--trusted-root public-good`: bundles the public Sigstore instance made (test fixtures of
 * sigstore-python and sigstore-js, see test/fixtures/public-good/README.md) verify offline
 * with the embedded root, and the Rekor v1 signed entry time is reported as the signing time.
 */

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'public-good');

async function verify(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['verify', '--trusted-root', 'public-good', ...args], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    env: {},
  });
  return { code, out };
}

it('verifies public-good bundles offline with the embedded trusted root', async () => {
  const v03 = await verify([
    '--certificate-oidc-issuer',
    'https://github.com/login/oauth',
    '--certificate-identity',
    'aryadeeptade@gmail.com',
    '--bundle',
    join(FIXTURES, 'new_bundle.txt.sigstore.json'),
    join(FIXTURES, 'new_bundle.txt'),
  ]);
  assert.equal(v03.code, 0, v03.out);
  const v01 = await verify([
    '--certificate-oidc-issuer',
    'https://github.com/login/oauth',
    '--certificate-identity',
    'brian@dehamer.com',
    '--bundle',
    join(FIXTURES, 'hello.v01.sigstore.json'),
    '--json',
    join(FIXTURES, 'hello.txt'),
  ]);
  assert.equal(v01.code, 0, v01.out);
  const signature = (
    JSON.parse(v01.out) as {
      artifacts: { signatures: { logEntries: { integratedTime?: string }[] }[] }[];
    }
  ).artifacts[0]?.signatures[0];
  assert.equal(signature?.logEntries[0]?.integratedTime, '2022-11-09T01:33:10.000Z');
});

it('fails a public-good bundle pinned to another identity', async () => {
  const run = await verify([
    '--certificate-oidc-issuer',
    'https://github.com/login/oauth',
    '--certificate-identity',
    'someone@example.com',
    '--bundle',
    join(FIXTURES, 'hello.v01.sigstore.json'),
    join(FIXTURES, 'hello.txt'),
  ]);
  assert.equal(run.code, 1);
  assert.match(run.out, /expected: someone@example\.com/);
});
