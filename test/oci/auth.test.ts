import assert from 'node:assert/strict';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseChallenges } from '../../src/oci/auth.js';
import { registryCredentials } from '../../src/oci/credentials.js';
import { OciError } from '../../src/oci/error.js';
import { listReferrers } from '../../src/oci/referrers.js';
import { MEDIA_TYPES, openRegistry, sha256Digest } from '../../src/oci/registry.js';
import {
  type TestRegistry,
  closeServer,
  pushTestImage,
  registryMissing,
  startRegistry,
  testClient,
} from '../helpers/registry.js';
import { selfSignedCertificate } from '../helpers/tls.js';

const isOci = (code: string, message: RegExp, secret?: string) => (error: unknown) =>
  error instanceof OciError &&
  error.code === code &&
  message.test(error.message) &&
  (secret === undefined || !error.message.includes(secret));

describe('WWW-Authenticate challenges', () => {
  it('parses Bearer and Basic with quoted and bare parameters', () => {
    assert.deepEqual(
      parseChallenges(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"',
      ),
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.example/token',
            service: 'registry.example',
            scope: 'repository:a/b:pull,push',
          },
        },
      ],
    );
    assert.deepEqual(parseChallenges('Basic realm="Registry Realm", charset=UTF-8'), [
      { scheme: 'basic', params: { realm: 'Registry Realm', charset: 'UTF-8' } },
    ]);
    assert.deepEqual(parseChallenges('Negotiate, Basic realm="x\\"y"'), [
      { scheme: 'basic', params: { realm: 'x"y' } },
    ]);
    assert.deepEqual(parseChallenges(undefined), []);
    assert.deepEqual(parseChallenges('garbage "'), []);
  });
});

describe('docker-registry with basic auth', { skip: registryMissing() }, () => {
  let server: TestRegistry;
  before(async () => {
    server = await startRegistry({ auth: 'basic' });
  });
  after(() => server?.close());

  it('pushes and resolves with the right password', async () => {
    const image = await pushTestImage(server, 'basic/app');
    const manifest = await testClient(server).resolve('basic/app', 'latest');
    assert.equal(manifest.digest, image.digest);
  });

  it('uses the credentials docker login wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-docker-config-'));
    try {
      const auth = Buffer.from(`${server.username}:${server.password}`).toString('base64');
      await writeFile(
        join(dir, 'config.json'),
        JSON.stringify({ auths: { [server.host]: { auth } } }),
      );
      const credentials = await registryCredentials(server.host, { DOCKER_CONFIG: dir });
      const image = await pushTestImage(server, 'basic/login');
      assert.equal(
        (await testClient({ host: server.host, credentials }).resolve('basic/login', 'latest'))
          .digest,
        image.digest,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a wrong password (401) and no credentials, naming neither secret', async () => {
    const wrong = testClient({
      host: server.host,
      credentials: { username: server.username!, password: 'wrong-pass-x' },
    });
    await assert.rejects(
      wrong.resolve('basic/app', 'latest'),
      isOci(
        'UNAUTHORIZED',
        new RegExp(
          `registry ${server.host} refused the credentials for repository basic/app \\(HTTP 401 UNAUTHORIZED`,
        ),
        'wrong-pass-x',
      ),
    );
    await assert.rejects(
      testClient({ host: server.host }).resolve('basic/app', 'latest'),
      isOci(
        'UNAUTHORIZED',
        /asks for a username and password \(basic auth\) for repository basic\/app, and none were found: log in with docker login/,
      ),
    );
  });
});

describe('docker-registry over https with basic auth', { skip: registryMissing() }, () => {
  let server: TestRegistry;
  before(async () => {
    server = await startRegistry({ auth: 'basic', tls: true });
  });
  after(() => server?.close());

  it('pushes and resolves without --allow-insecure-registry', async () => {
    const image = await pushTestImage(server, 'tls/app');
    const client = testClient(server);
    assert.equal((await client.resolve('tls/app', 'latest')).digest, image.digest);
    // Plain http to an https port is not a registry answer.
    await assert.rejects(
      testClient({ host: server.host, credentials: server.credentials }).resolve(
        'tls/app',
        'latest',
      ),
      isOci(
        'REGISTRY_INVALID',
        /HTTP 400 Bad Request: it serves https, leave out --allow-insecure-registry$/,
      ),
    );
  });
});

describe('docker-registry with token auth', { skip: registryMissing() }, () => {
  let server: TestRegistry;
  before(async () => {
    server = await startRegistry({ auth: 'token' });
  });
  after(() => server?.close());

  it('fetches a token per scope and reuses it', async () => {
    const image = await pushTestImage(server, 'token/app', {
      platforms: ['linux/amd64', 'linux/arm64'],
    });
    // One push token for the whole image (several blobs and manifests).
    assert.deepEqual(server.tokenScopes, [['repository:token/app:pull,push']]);
    const client = testClient(server);
    assert.equal((await client.resolve('token/app', 'latest')).digest, image.digest);
    assert.equal((await client.resolve('token/app', image.digest)).digest, image.digest);
    assert.deepEqual(await listReferrers(client, 'token/app', image.digest), []);
    assert.deepEqual(server.tokenScopes.slice(1), [['repository:token/app:pull']]);
  });

  it('asks the token service with the credentials and names it when it refuses them', async () => {
    const wrong = testClient({
      host: server.host,
      credentials: { username: server.username!, password: 'not-the-pass' },
    });
    await assert.rejects(
      wrong.resolve('token/app', 'latest'),
      isOci(
        'UNAUTHORIZED',
        /the token service of registry 127.0.0.1:\d+ \(http:\/\/127.0.0.1:\d+\/token\) refused the credentials for repository:token\/app:pull: HTTP 401/,
        'not-the-pass',
      ),
    );
  });
});

type Handler = (req: IncomingMessage, res: ServerResponse, origin: string, body: string) => void;

/** A registry that answers what docker-registry never would. */
async function fakeRegistry(handler: Handler): Promise<{ host: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () =>
      handler(req, res, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, body),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => closeServer(server),
  };
}

describe('registries that answer badly', () => {
  const digest = sha256Digest(Buffer.from('x'));
  const fake = async (handler: Handler, run: (host: string) => Promise<void>): Promise<void> => {
    const server = await fakeRegistry(handler);
    try {
      return await run(server.host);
    } finally {
      await server.close();
    }
  };

  it('403: denied, with the registry reason', () =>
    fake(
      (_req, res) => {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }],
          }),
        );
      },
      (host) =>
        assert.rejects(
          testClient({ host, credentials: { username: 'u', password: 'secret-403' } }).resolve(
            'a/b',
            'v1',
          ),
          isOci(
            'DENIED',
            new RegExp(
              `registry ${host} denied read access to repository a/b \\(HTTP 403 DENIED: requested access to the resource is denied\\)`,
            ),
            'secret-403',
          ),
        ),
    ));

  it('500 after retries: unavailable, naming the registry', () =>
    fake(
      (_req, res) => res.writeHead(500).end('internal'),
      (host) =>
        assert.rejects(
          testClient({ host }, { retries: 1, backoffMs: 1 }).resolve('a/b', 'latest'),
          isOci(
            'UNAVAILABLE',
            new RegExp(
              `registry ${host} \\(GET http://${host}/v2/a/b/manifests/latest\\): answered HTTP 500: internal \\(after 2 attempts\\)`,
            ),
          ),
        ),
    ));

  it('garbage: not JSON, wrong digest, unknown media type', async () => {
    await fake(
      (_req, res) =>
        res.writeHead(200, { 'content-type': MEDIA_TYPES.ociManifest }).end('<html>hello</html>'),
      (host) =>
        assert.rejects(
          testClient({ host }).resolve('a/b', 'latest'),
          isOci(
            'REGISTRY_INVALID',
            /answered for tag latest in repository a\/b with 18 bytes that are not a JSON manifest/,
          ),
        ),
    );
    await fake(
      (_req, res) =>
        res.writeHead(200, { 'content-type': MEDIA_TYPES.ociManifest }).end('{"schemaVersion":2}'),
      (host) =>
        assert.rejects(
          testClient({ host }).resolve('a/b', digest),
          isOci(
            'REGISTRY_INVALID',
            new RegExp(
              `answered for manifest ${digest} in repository a/b with bytes whose digest is sha256:[0-9a-f]{64}, not ${digest}`,
            ),
          ),
        ),
    );
    await fake(
      (_req, res) =>
        res
          .writeHead(200, {
            'content-type': MEDIA_TYPES.ociManifest,
            'docker-content-digest': digest,
          })
          .end('{"schemaVersion":2}'),
      (host) =>
        assert.rejects(
          testClient({ host }).resolve('a/b', 'v1'),
          isOci('REGISTRY_INVALID', new RegExp(`not ${digest} as it announced`)),
        ),
    );
    await fake(
      (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/plain' }).end('{"schemaVersion":1}'),
      (host) =>
        assert.rejects(
          testClient({ host }).resolve('a/b', 'v1'),
          isOci('REGISTRY_INVALID', /a manifest of media type text\/plain; expected one of/),
        ),
    );
  });

  it('a 401 without a challenge, and a token service that answers without a token', async () => {
    await fake(
      (_req, res) => res.writeHead(401).end(),
      (host) =>
        assert.rejects(
          testClient({ host }).resolve('a/b', 'v1'),
          isOci(
            'REGISTRY_INVALID',
            /answered HTTP 401 for repository a\/b without a Basic or Bearer challenge/,
          ),
        ),
    );
    await fake(
      (req, res, origin) => {
        if (req.url?.startsWith('/token')) return void res.writeHead(200).end('{"nope":1}');
        res
          .writeHead(401, { 'www-authenticate': `Bearer realm="${origin}/token",service="s"` })
          .end();
      },
      (host) =>
        assert.rejects(
          testClient({ host }).resolve('a/b', 'v1'),
          isOci('REGISTRY_INVALID', /token service of registry .* answered without a token/),
        ),
    );
  });

  it('refuses to send credentials to a plain-http token service unless insecure', async () => {
    const { key, cert } = selfSignedCertificate();
    let realmAsked = false;
    const tokens = await fakeRegistry((_req, res) => {
      realmAsked = true;
      res.writeHead(200).end('{"token":"t"}');
    });
    const server = createHttpsServer({ key, cert }, (req, res) => {
      req.resume();
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="http://${tokens.host}/token",service="s"`,
      });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const registry = openRegistry({
        registry: host,
        credentials: { username: 'u', password: 'secret-realm' },
        http: { retries: 0, ca: cert },
      });
      await assert.rejects(
        registry.resolve('a/b', 'v1'),
        isOci(
          'INSECURE_REFUSED',
          new RegExp(
            `registry ${host} sends clients for tokens to http://${tokens.host}, plain http: refused, .*\\(--allow-insecure-registry allows it\\)`,
          ),
          'secret-realm',
        ),
      );
      assert.equal(realmAsked, false);
    } finally {
      await closeServer(server);
      await tokens.close();
    }
  });

  it('trades an identity token for an access token, and fetches a new one when refused', async () => {
    const forms: URLSearchParams[] = [];
    let issued = 0;
    const tokens = await fakeRegistry((_req, res, _origin, body) => {
      forms.push(new URLSearchParams(body));
      issued++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `access-${issued}`, expires_in: 300 }));
    });
    const seen: (string | undefined)[] = [];
    let served = 0;
    const manifest = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest }),
    );
    try {
      await fake(
        (req, res) => {
          seen.push(req.headers.authorization);
          // access-1 works once, then is refused (as a revoked or expired token would be).
          const accepted = served === 0 ? 'Bearer access-1' : 'Bearer access-2';
          if (req.headers.authorization !== accepted) {
            res.writeHead(401, {
              'www-authenticate': `Bearer realm="http://${tokens.host}/token",service="fake",scope="repository:a/b:pull"`,
            });
            return void res.end();
          }
          served++;
          res.writeHead(200, { 'content-type': MEDIA_TYPES.ociManifest }).end(manifest);
        },
        async (host) => {
          const client = testClient({ host, credentials: { identityToken: 'refresh-secret' } });
          assert.equal((await client.resolve('a/b', 'v1')).digest, sha256Digest(manifest));
          // Anonymous, then a token; then that token refused, and a new one.
          assert.equal((await client.resolve('a/b', 'v1')).digest, sha256Digest(manifest));
          assert.deepEqual(seen, [
            undefined,
            'Bearer access-1',
            'Bearer access-1',
            'Bearer access-2',
          ]);
        },
      );
      assert.equal(forms.length, 2);
      assert.deepEqual(Object.fromEntries(forms[0]!), {
        grant_type: 'refresh_token',
        refresh_token: 'refresh-secret',
        client_id: 'signet',
        service: 'fake',
        scope: 'repository:a/b:pull',
      });
    } finally {
      await tokens.close();
    }
  });

  it('follows a blob redirect to storage without the registry credentials', async () => {
    const blob = Buffer.from('bundle bytes');
    const descriptor = {
      mediaType: 'application/json',
      digest: sha256Digest(blob),
      size: blob.length,
    };
    const storageSaw: (string | undefined)[] = [];
    const storage = await fakeRegistry((req, res) => {
      storageSaw.push(req.headers.authorization);
      res.writeHead(200).end(blob);
    });
    try {
      await fake(
        (req, res) => {
          if (req.headers.authorization === undefined) {
            return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
          }
          res.writeHead(307, { location: `http://${storage.host}/blob?signature=grant` }).end();
        },
        async (host) => {
          const client = testClient({ host, credentials: { username: 'u', password: 'p' } });
          assert.deepEqual(await client.fetchBlob('a/b', descriptor, 1024), blob);
          assert.deepEqual(storageSaw, [undefined]);
        },
      );
    } finally {
      await storage.close();
    }
  });

  it('a tag that moved: the digest of what was resolved is what is returned', () =>
    fake(
      (_req, res) => {
        const body = Buffer.from(
          JSON.stringify({
            schemaVersion: 2,
            mediaType: MEDIA_TYPES.ociManifest,
            n: Math.random(),
          }),
        );
        res
          .writeHead(200, {
            'content-type': MEDIA_TYPES.ociManifest,
            'docker-content-digest': sha256Digest(body),
          })
          .end(body);
      },
      async (host) => {
        const client = testClient({ host });
        const first = await client.resolve('a/b', 'v1');
        const second = await client.resolve('a/b', 'v1');
        assert.notEqual(first.digest, second.digest);
        assert.equal(first.digest, sha256Digest(first.bytes));
      },
    ));
});
