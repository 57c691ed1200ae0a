/**
 * What identityToken makes of empty settings and of odd answers from the GitHub Actions
 * runtime and a development issuer, at the edges sources.test.ts leaves open. Both are faked by
 * one HTTP server on 127.0.0.1 whose answer each case sets. Each case was one a mutation run
 * (`npm run mutate`) showed no test held.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { OidcError } from '../../src/oidc/error.js';
import { identityToken } from '../../src/oidc/sources.js';

let base = '';
let answer: { status: number; body?: unknown } = { status: 200 };
const server = createServer((req, res) => {
  if (req.url?.endsWith('/.well-known/openid-configuration')) {
    res.writeHead(200).end(JSON.stringify(answer.body));
    return;
  }
  res.writeHead(answer.status).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function unavailable(
  promise: Promise<unknown>,
  message: RegExp,
  cause?: boolean,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OidcError, String(error));
    assert.equal(error.code, 'TOKEN_UNAVAILABLE');
    assert.match(error.message, message);
    if (cause !== undefined) assert.equal(error.cause !== undefined, cause);
    return true;
  });
}

describe('identity token sources, odd answers', () => {
  const runtime = (env: Record<string, string> = {}) =>
    identityToken({
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/token`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
        ...env,
      },
    });

  it('skips an empty flag and an empty SIGSTORE_ID_TOKEN', async () => {
    answer = { status: 200, body: { value: 'from-runtime' } };
    const got = await identityToken({
      explicit: '',
      env: {
        SIGSTORE_ID_TOKEN: '',
        ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/token`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
      },
    });
    assert.deepEqual(got, { token: 'from-runtime', source: 'github-actions' });
  });

  it('asks the runtime only with both its variables', async () => {
    await unavailable(
      identityToken({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/token` } }),
      /^no identity token: pass --identity-token/,
    );
  });

  it('adds the permission hint for 401 and 403 only, and names a failed connection', async () => {
    for (const status of [401, 403]) {
      answer = { status };
      await unavailable(
        runtime(),
        /answered HTTP 40[13] .*: add "permissions: id-token: write"/,
        true,
      );
    }
    answer = { status: 500 };
    await assert.rejects(runtime(), (error: unknown) => {
      assert.ok(error instanceof OidcError);
      assert.match(
        error.message,
        /^the GitHub Actions token endpoint \(http:\/\/127\.0\.0\.1:\d+\) answered HTTP 500/,
      );
      assert.doesNotMatch(error.message, /permissions/);
      return true;
    });
    await unavailable(
      runtime({ ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token' }),
      /^the GitHub Actions token endpoint \(http:\/\/127\.0\.0\.1:1\) failed: /,
    );
  });

  it('refuses a runtime answer without a token string', async () => {
    for (const body of [{}, { value: '' }, { value: 7 }, null]) {
      answer = { status: 200, body };
      await unavailable(runtime(), /answered without a token \("value"\)$/);
    }
  });

  it('refuses a development issuer without a token endpoint or token', async () => {
    const dev = () => identityToken({ env: {}, developmentIssuer: base, timeoutMs: 2_000 });
    answer = { status: 200, body: { issuer: base } };
    await unavailable(dev(), /has no token_endpoint to ask for a token$/);
    answer = { status: 500, body: { token_endpoint: `${base}/dev-token` } };
    await unavailable(
      dev(),
      /^the development issuer http:\/\/127\.0\.0\.1:\d+ gave no token: answered HTTP 500/,
      true,
    );
    answer = { status: 200, body: { token_endpoint: `${base}/dev-token` } };
    await unavailable(dev(), /answered without a token \("id_token"\)$/);
  });
});
