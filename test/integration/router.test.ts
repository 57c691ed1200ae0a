import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CaError } from '../../src/ca/error.js';
import { OidcError } from '../../src/oidc/error.js';
import { TsaError, type TsaErrorCode } from '../../src/tsa/error.js';
import { ERROR_STATUS, httpErrorOf } from '../../server/error-status.js';
import { ServerError, sendJson } from '../../server/http.js';
import { createLogger } from '../../server/logger.js';
import { type Endpoint, Router } from '../../server/router.js';

describe('the error → HTTP status table', () => {
  it('answers 400 for exactly the TSA errors that get an RFC 3161 rejection', () => {
    for (const [code, { status }] of Object.entries(ERROR_STATUS.TsaError)) {
      const error = new TsaError(code as TsaErrorCode, 'x');
      assert.equal(status === 400, error.isRequestError, code);
      assert.ok(status === 400 || status === 500, code);
    }
  });

  it('hides the message of a 500, keeps the rest, and adds the per-error headers', () => {
    assert.deepEqual(httpErrorOf(new CaError('CA_CONFIG_INVALID', 'key path /etc/x')), {
      status: 500,
      headers: {},
      message: 'internal error',
    });
    assert.deepEqual(httpErrorOf(new OidcError('TOKEN_EXPIRED', 'exp is past')), {
      status: 401,
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      message: 'exp is past',
    });
    assert.deepEqual(
      httpErrorOf(new ServerError('UNAVAILABLE', 'busy', { headers: { 'retry-after': '1' } })),
      { status: 503, headers: { 'retry-after': '1' }, message: 'busy' },
    );
    assert.deepEqual(httpErrorOf(new Error('boom')), {
      status: 500,
      headers: {},
      message: 'internal error',
    });
  });
});

describe('Router', () => {
  let server: Server;
  let url: string;
  const observed: string[] = [];

  before(async () => {
    const table: Endpoint<string>[] = [
      {
        method: 'GET',
        path: '/thing',
        name: 'thing_get',
        handle: (api, _req, res) => sendJson(res, 200, { api }),
      },
      {
        method: 'POST',
        path: '/thing',
        name: 'thing_post',
        handle: (api, _req, res) => sendJson(res, 201, { api }),
      },
      {
        method: 'GET',
        path: '/files',
        under: true,
        name: 'files',
        handle: (_api, _req, res, path) => sendJson(res, 200, { path }),
      },
      {
        method: '*',
        path: '/files/old',
        under: true,
        name: 'files_old',
        handle() {
          throw new ServerError('NOT_FOUND', 'moved to /files/new');
        },
      },
    ];
    const absent: Endpoint<string>[] = [
      { method: 'POST', path: '/other', name: 'other', handle: () => {} },
    ];
    const router = new Router({
      roles: ['main'],
      logger: createLogger('error', () => {}),
      observe: (route, status) => observed.push(`${route} ${status}`),
    })
      .mount(table, 'api', 'main')
      .mount(absent, undefined, 'other');
    server = createServer(router.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ask = async (method: string, path: string) => {
    const response = await fetch(`${url}${path}`, { method });
    const text = await response.text();
    return {
      status: response.status,
      allow: response.headers.get('allow'),
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
  };

  it('dispatches by path and method; HEAD is served by GET', async () => {
    assert.deepEqual(await ask('GET', '/thing'), {
      status: 200,
      allow: null,
      body: { api: 'api' },
    });
    assert.equal((await ask('POST', '/thing')).status, 201);
    assert.deepEqual(await ask('HEAD', '/thing'), { status: 200, allow: null, body: undefined });
    assert.deepEqual((await ask('GET', '/files/a/b')).body, { path: '/files/a/b' });
  });

  it('a wrong method on a served path is a 405 listing the methods it serves', async () => {
    const refused = await ask('DELETE', '/thing');
    assert.equal(refused.status, 405);
    assert.equal(refused.allow, 'GET, HEAD, POST');
    assert.equal((await ask('POST', '/files/x')).allow, 'GET, HEAD');
  });

  it('a path nothing serves is a 404 for every method, the longest prefix deciding', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      assert.deepEqual(await ask(method, '/files/old/x'), {
        status: 404,
        allow: null,
        body: { code: 5, message: 'moved to /files/new', details: [] },
      });
      const none = await ask(method, '/nothing');
      assert.equal(none.status, 404);
      assert.equal(none.allow, null);
      // A role this process does not run: 404 naming it, whatever the method.
      assert.deepEqual(await ask(method, '/other'), {
        status: 404,
        allow: null,
        body: {
          code: 5,
          message: '/other: this instance does not run the other role (roles: main)',
          details: [],
        },
      });
    }
    assert.ok(observed.includes('files_old 404') && observed.includes('unknown 404'));
  });
});
