import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { generateKeyPairSync } from 'node:crypto';
import { SERVER_DEFAULTS } from '../../server/config.js';
import { DEFAULT_ISSUERS } from '../../src/oidc/issuers.js';
import { initInstance } from '../../server/instance.js';
import { createLogger } from '../../server/logger.js';
import {
  type ServerProcess,
  freePort,
  startServerProcess,
  startTestService,
  tempDir,
} from '../helpers/server.js';
import { repoRoot } from '../helpers/vectors.js';

const run = promisify(execFile);
const quiet = createLogger('error', () => {});

const cleanup: string[] = [];
after(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

const dataDir = async (): Promise<string> => {
  const dir = await tempDir('signet-startup-');
  cleanup.push(dir);
  return dir;
};

describe('signet-server serve on an address it cannot have', () => {
  it('names the busy address and the setting that picks another, exits 1, no stack trace', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    const dir = await dataDir();
    try {
      await assert.rejects(startServerProcess({ dataDir: dir, port }), (error: Error) => {
        const [first, ...stderr] = error.message.split('\n');
        assert.equal(first, 'server exited with code 1 before serving:');
        const output = stderr.join('\n').trim();
        assert.equal(
          output.split('\n').at(-1),
          `signet-server serve: cannot listen on 127.0.0.1:${port}: the address is already in use (another process listens there); pick another address with --listen HOST:PORT (or "listen" in the config file)`,
        );
        assert.doesNotMatch(output, /EADDRINUSE|^\s+at /m);
        return true;
      });
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
    // The data directory the failed start initialised serves on a free port.
    const server = await startServerProcess({ dataDir: dir, port: await freePort() });
    assert.equal(await server.stop(), 0);
  });
});

/** Every URL a service hands to clients: its signing config and its trust root. */
async function advertised(url: string): Promise<string[]> {
  const config = (await (await fetch(`${url}/signing_config.json`)).json()) as Record<
    string,
    { url: string }[]
  >;
  const root = (await (await fetch(`${url}/trusted_root.json`)).json()) as Record<
    string,
    { baseUrl?: string; uri?: string }[]
  >;
  return [
    ...['caUrls', 'rekorTlogUrls', 'tsaUrls'].flatMap((k) => (config[k] ?? []).map((s) => s.url)),
    ...['tlogs', 'ctlogs'].flatMap((k) => (root[k] ?? []).map((l) => l.baseUrl as string)),
    ...['certificateAuthorities', 'timestampAuthorities'].flatMap((k) =>
      (root[k] ?? []).map((a) => a.uri as string),
    ),
  ];
}

/** The URL each advertised one starts with, checking that all agree (TSA URLs add a path). */
async function advertisedBase(url: string): Promise<string> {
  const urls = await advertised(url);
  assert.equal(urls.length, 9, urls.join(' '));
  const base = urls[0] as string;
  for (const other of urls) assert.ok(other === base || other === `${base}/api/v1/timestamp`);
  return base;
}

const origin = async (url: string): Promise<string> =>
  (await (await fetch(`${url}/checkpoint`)).text()).split('\n')[0] as string;

/** The "signet-server listening" log line of a server process. */
function listening(server: ServerProcess): Record<string, unknown> {
  const line = server
    .stderr()
    .split('\n')
    .find((l) => l.includes('"signet-server listening"'));
  assert.ok(line, server.stderr());
  return JSON.parse(line) as Record<string, unknown>;
}

describe('the public URL', () => {
  it('follows the listen address at each start while none is named; the origin stays', async () => {
    const dir = await dataDir();
    const bin = join(repoRoot(), 'bin', 'signet-server.js');
    const init = await run(process.execPath, [bin, 'init', '--data-dir', dir]);
    assert.match(
      init.stdout,
      new RegExp(`^Initialised ${dir} for http://${SERVER_DEFAULTS.listen} \\(no public URL named`),
    );
    for (const port of [await freePort(), await freePort()]) {
      const server = await startServerProcess({ dataDir: dir, port });
      try {
        assert.equal(await advertisedBase(server.url), `http://127.0.0.1:${port}`);
        assert.equal(await origin(server.url), '127.0.0.1');
        const onDisk = await readFile(join(dir, 'trusted_root.json'), 'utf8');
        assert.deepEqual(await (await fetch(`${server.url}/trusted_root.json`)).text(), onDisk);
        assert.deepEqual(
          [listening(server).publicUrl, listening(server).publicUrlFrom],
          [`http://127.0.0.1:${port}`, 'the listen address (no public URL was named)'],
        );
      } finally {
        assert.equal(await server.stop(), 0);
      }
    }
  });

  it('once named, is kept on later starts without one', async () => {
    const dir = await dataDir();
    const named = `http://127.0.0.1:${await freePort()}/signet`;
    const first = await startServerProcess({ dataDir: dir, args: ['--public-url', named] });
    try {
      assert.equal(await advertisedBase(first.url), named);
      assert.equal(listening(first).publicUrlFrom, 'named');
    } finally {
      await first.stop();
    }
    const second = await startServerProcess({ dataDir: dir });
    try {
      assert.equal(await advertisedBase(second.url), named);
      assert.deepEqual(
        [listening(second).publicUrl, listening(second).publicUrlFrom],
        [named, 'named'],
      );
    } finally {
      await second.stop();
    }
  });

  it('named at init is kept; a listen host off the log origin is refused, naming the fix', async () => {
    const dir = await dataDir();
    const named = 'http://127.0.0.1:9/behind-a-proxy';
    const keys = SERVER_DEFAULTS.keys;
    const ca = SERVER_DEFAULTS.ca;
    await initInstance({
      dir,
      publicUrl: named,
      listen: '127.0.0.1:8080',
      keys,
      ca,
      logger: quiet,
    });
    const service = await startTestService({ dataDir: dir, publicUrl: undefined });
    try {
      assert.equal(await advertisedBase(service.url), named);
    } finally {
      await service.dispose();
    }

    const unnamed = await dataDir();
    await initInstance({
      dir: unnamed,
      publicUrl: undefined,
      listen: '127.0.0.1:8080',
      keys,
      ca,
      logger: quiet,
    });
    await assert.rejects(
      startTestService({
        dataDir: unnamed,
        publicUrl: undefined,
        listen: `localhost:${await freePort()}`,
      }),
      /the public URL from the listen address, http:\/\/localhost:\d+ has hostname "localhost", but this instance's log origin is "127\.0\.0\.1" and cannot change .*; listen on 127\.0\.0\.1, or name a public URL on it with --public-url/,
    );
    await assert.rejects(
      startTestService({ dataDir: unnamed, publicUrl: undefined, listen: '0.0.0.0:8080' }),
      /listen 0\.0\.0\.0:8080 does not say how clients reach the service; name the URL they use with --public-url/,
    );
  });
});

describe('the OIDC issuers in effect', () => {
  const GHES = 'https://ghes.example.com/_services/token';
  const GITHUB = 'https://token.actions.githubusercontent.com';
  const ghes = { 'oidc-issuers': { [GHES]: { type: 'github-workflow' } } };
  const builtIn = DEFAULT_ISSUERS.issuers.map((i) =>
    i.wildcard ? `${i.issuerUrl} (pattern)` : i.issuerUrl,
  );
  const builtInExact = builtIn.filter((u) => !u.endsWith('(pattern)'));
  const builtInMeta = builtIn.filter((u) => u.endsWith('(pattern)'));

  /**
   * Starts a service with `identity`: its start-up log line, its /api/v2/configuration and,
   * unless github.com is trusted (its discovery would leave loopback), its refusal of a
   * github.com token.
   */
  async function startWith(identity: unknown, trustsGithub: boolean) {
    const lines: string[] = [];
    const service = await startTestService({ identity, logLevel: 'info' }, (l) => lines.push(l));
    try {
      const line = lines.find((l) => l.includes('"OIDC issuers in effect"'));
      assert.ok(line, lines.join(''));
      const { issuers, builtInIssuers } = JSON.parse(line) as {
        issuers: string[];
        builtInIssuers: string;
      };
      const configuration = (await (await fetch(`${service.url}/api/v2/configuration`)).json()) as {
        issuers: ({ issuerUrl: string } | { wildcardIssuerUrl: string })[];
      };
      const served = configuration.issuers.map((i) =>
        'issuerUrl' in i ? i.issuerUrl : `${i.wildcardIssuerUrl} (pattern)`,
      );
      const githubRefusal = trustsGithub ? undefined : await githubToken(service.url);
      return { issuers, builtInIssuers, served, githubRefusal };
    } finally {
      await service.dispose();
    }
  }

  /** The answer to a certificate request with a github.com token (refused before its signature is checked). */
  async function githubToken(url: string): Promise<{ status: number; message: string }> {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const token = [
      part({ alg: 'ES256', typ: 'JWT' }),
      part({
        iss: GITHUB,
        sub: 'repo:o/r:ref:refs/heads/main',
        aud: 'sigstore',
        iat: now,
        exp: now + 300,
      }),
      'c2ln',
    ].join('.');
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const response = await fetch(`${url}/api/v2/signingCert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        credentials: { oidcIdentityToken: token },
        publicKeyRequest: {
          publicKey: {
            algorithm: 'ECDSA',
            content: publicKey.export({ type: 'spki', format: 'pem' }),
          },
          proofOfPossession: 'c2ln',
        },
      }),
    });
    return {
      status: response.status,
      message: ((await response.json()) as { message: string }).message,
    };
  }

  it('without an identity section: the built-in issuers, said so at start-up', async () => {
    const started = await startWith(undefined, true);
    assert.deepEqual(started.issuers, builtIn);
    assert.deepEqual(started.served, started.issuers);
    assert.equal(started.builtInIssuers, 'in effect: no identity section is configured');
  });

  it('a configured section replaces them unless include-defaults is true; the log says which', async () => {
    const alone = await startWith(ghes, false);
    assert.deepEqual(alone.issuers, [GHES]);
    assert.deepEqual(alone.served, [GHES]);
    assert.equal(
      alone.builtInIssuers,
      'left out: the identity section lists every issuer trusted unless identity.include-defaults is true',
    );
    assert.equal(alone.githubRefusal?.status, 401);
    assert.match(
      String(alone.githubRefusal?.message),
      /^issuer "https:\/\/token\.actions\.githubusercontent\.com" is not configured; .*it is one of the built-in issuers, which this identity configuration leaves out \(include-defaults: true in it keeps them\)$/,
    );

    const off = await startWith({ ...ghes, 'include-defaults': false }, false);
    assert.deepEqual(off.issuers, [GHES]);
    assert.equal(off.builtInIssuers, 'left out: identity.include-defaults is false');
    assert.equal(off.githubRefusal?.status, 401);

    const kept = await startWith({ ...ghes, 'include-defaults': true }, true);
    assert.deepEqual(kept.issuers, [GHES, ...builtInExact, ...builtInMeta]);
    assert.deepEqual(kept.served, kept.issuers);
    assert.equal(kept.builtInIssuers, 'included: identity.include-defaults is true');
  });
});
