import assert from 'node:assert/strict';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { OidcError } from '../../src/oidc/error.js';
import { identityToken } from '../../src/oidc/sources.js';
import { type TestService, startTestService } from '../helpers/server.js';

/**
 * Where the client's identity token comes from. The GitHub Actions runtime is faked by an HTTP
 * server on 127.0.0.1 that checks what @actions/core's getIDToken sends (the edge we cannot
 * reach); the development issuer is the real service's.
 */

const REQUEST_TOKEN = 'runtime-request-token-not-an-id-token';
let runtime: { url: string; seen: IncomingMessage[]; status: number; close(): Promise<void> };
let dev: TestService;

before(async () => {
  const seen: IncomingMessage[] = [];
  const state = { status: 200 };
  const server = createServer((req, res) => {
    seen.push(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const authorized = req.headers.authorization === `bearer ${REQUEST_TOKEN}`;
    if (state.status !== 200 || !authorized || url.pathname !== '/token') {
      res.writeHead(authorized ? state.status : 401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ value: `id-token-for-${url.searchParams.get('audience')}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  runtime = {
    url: `http://127.0.0.1:${port}/token?api-version=2.0`,
    seen,
    get status() {
      return state.status;
    },
    set status(value: number) {
      state.status = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  dev = await startTestService({ devIssuer: true });
});

after(async () => {
  await runtime?.close();
  await dev?.dispose();
});

const refusal = (pattern: RegExp) => (error: unknown) =>
  error instanceof OidcError && error.code === 'TOKEN_UNAVAILABLE' && pattern.test(error.message);

describe('identity token sources', () => {
  it('takes the flag first, then SIGSTORE_ID_TOKEN', async () => {
    const env = { SIGSTORE_ID_TOKEN: 'from-env', ACTIONS_ID_TOKEN_REQUEST_URL: runtime.url };
    assert.deepEqual(await identityToken({ explicit: 'from-flag', env }), {
      token: 'from-flag',
      source: 'flag',
    });
    assert.deepEqual(await identityToken({ env }), {
      token: 'from-env',
      source: 'SIGSTORE_ID_TOKEN',
    });
  });

  it('asks the GitHub Actions runtime for audience sigstore, as getIDToken does', async () => {
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: runtime.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    };
    const got = await identityToken({ env });
    assert.deepEqual(got, { token: 'id-token-for-sigstore', source: 'github-actions' });
    const request = runtime.seen.at(-1);
    assert.equal(request?.headers.accept, 'application/json; api-version=2.0');
    assert.match(request?.url ?? '', /api-version=2\.0/);
    assert.equal((await identityToken({ env, audience: 'other' })).token, 'id-token-for-other');
  });

  it('says to add id-token: write when the runtime refuses or the variables are missing', async () => {
    runtime.status = 403;
    try {
      const env = {
        ACTIONS_ID_TOKEN_REQUEST_URL: runtime.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      };
      await assert.rejects(identityToken({ env }), (error: unknown) => {
        assert.ok(
          refusal(/answered HTTP 403 Forbidden: add "permissions: id-token: write"/)(error),
        );
        assert.ok(!(error as Error).message.includes(REQUEST_TOKEN), 'request token echoed');
        return true;
      });
    } finally {
      runtime.status = 200;
    }
    await assert.rejects(
      identityToken({ env: { GITHUB_ACTIONS: 'true' } }),
      refusal(/ACTIONS_ID_TOKEN_REQUEST_URL is not set\): add "permissions: id-token: write"/),
    );
  });

  it("gets a token from the development service's issuer, and only on loopback", async () => {
    const got = await identityToken({ env: {}, developmentIssuer: `${dev.url}/dev-oidc` });
    assert.equal(got.source, 'development issuer');
    const payload = JSON.parse(Buffer.from(got.token.split('.')[1] ?? '', 'base64url').toString());
    assert.equal(payload.iss, `${dev.url}/dev-oidc`);
    await assert.rejects(
      identityToken({ env: {}, developmentIssuer: 'https://oidc.example.com' }),
      refusal(/is not a development issuer on loopback/),
    );
  });

  it('names every way to provide a token when there is none', async () => {
    await assert.rejects(
      identityToken({ env: {} }),
      refusal(/pass --identity-token, set SIGSTORE_ID_TOKEN .* "permissions: id-token: write"/),
    );
  });
});
