import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { HttpError, getJson } from '../../src/core/http.js';
import { fetchableUrlProblem, isLoopbackHost } from '../../src/core/url.js';
import { parseIdentityConfig } from '../../src/oidc/issuers.js';

/**
 * Plain http is allowed to literal loopback addresses only: what the name `localhost` resolves
 * to is the resolver's choice (/etc/hosts, NSS, a search domain), so it could send a token in
 * clear text off the machine.
 */
describe('loopback for plain http', () => {
  it('is 127.0.0.0/8 and ::1 as literals, never a name', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '[::1]']) {
      assert.ok(isLoopbackHost(host), host);
    }
    for (const host of [
      'localhost',
      'LOCALHOST',
      'localhost.',
      'api.localhost',
      'localhost.example.com',
      '128.0.0.1',
      '0.0.0.0',
      '::',
      '10.0.0.1',
    ]) {
      assert.ok(!isLoopbackHost(host), host);
    }
  });

  it('refuses http://localhost and says to use 127.0.0.1', () => {
    assert.match(
      fetchableUrlProblem(new URL('http://localhost:8080/x')) ?? '',
      /^plain http is allowed only for loopback hosts given as literal addresses \(127\.0\.0\.0\/8, ::1\), not the name "localhost": use http:\/\/127\.0\.0\.1:8080 instead/,
    );
    assert.equal(fetchableUrlProblem(new URL('http://127.0.0.1:8080/x')), undefined);
    assert.equal(fetchableUrlProblem(new URL('http://[::1]:8080/x')), undefined);
    // Over https the certificate names the host, so the resolver cannot redirect the request.
    assert.equal(fetchableUrlProblem(new URL('https://localhost:8443/x')), undefined);
    assert.match(
      fetchableUrlProblem(new URL('http://idp.example.com/')) ?? '',
      /^plain http is allowed only for loopback hosts given as literal addresses \(127\.0\.0\.0\/8, ::1\); use https$/,
    );
  });

  it('sends nothing to http://localhost, though a server listens there', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      assert.deepEqual(await getJson({ url: `http://127.0.0.1:${port}/`, what: 'svc' }), {});
      await assert.rejects(
        getJson({ url: `http://localhost:${port}/`, what: 'svc' }),
        (error: unknown) =>
          error instanceof HttpError &&
          error.code === 'URL_INVALID' &&
          error.message.includes(`use http://127.0.0.1:${port} instead`),
      );
      assert.equal(requests, 1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses an http://localhost issuer at start-up, naming 127.0.0.1', () => {
    assert.throws(
      () =>
        parseIdentityConfig(
          { 'oidc-issuers': { 'http://localhost:8080/x': { type: 'email' } } },
          'identity',
        ),
      {
        code: 'CONFIG_INVALID',
        message:
          /identity: oidc-issuers\["http:\/\/localhost:8080\/x"\]: issuer URL "http:\/\/localhost:8080\/x" plain http is allowed only for loopback hosts given as literal addresses .*use http:\/\/127\.0\.0\.1:8080 instead/,
      },
    );
  });
});
