import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Metadata, MetadataKind } from '@tufjs/models';
import { buildTrustedRoot } from '../../src/bundle/trust.js';
import type { VerifyJson } from '../../src/cli/verify.js';
import { tufCacheDir } from '../../src/tuf-client/cache.js';
import { fetchTufTarget } from '../../src/tuf-client/client.js';
import { PUBLIC_GOOD_TUF_URL, publicGoodTufRoot } from '../../src/tuf-client/public-good.js';
import { type Run, signet } from '../helpers/cli.js';
import { startTestService, tempDir } from '../helpers/server.js';
import { IDENTITY, type Stack, startStack } from '../helpers/stack.js';
import { TufMirror, expiresIn } from '../helpers/tuf-mirror.js';

/**
 * `signet verify --tuf-url URL --tuf-root FILE`: the trusted root comes from a TUF repository
 * built and signed with @tufjs/models and served on 127.0.0.1, through tuf-js's Updater; it is
 * cached, used offline while it has not expired, and every refusal names what was refused.
 */

let stack: Stack;
let dir: string;
let artifact: string;
let trustedRoot: Buffer;

const pins = (): string[] => [
  '--certificate-oidc-issuer',
  IDENTITY.issuer as string,
  '--certificate-identity',
  IDENTITY.san.value,
];

let cacheCount = 0;
const freshCache = (): string => join(dir, `cache-${++cacheCount}`);

/** A mirror publishing the stack's trusted root, served, with its first root in a file. */
async function servedMirror(): Promise<{ mirror: TufMirror; url: string; rootFile: string }> {
  const mirror = new TufMirror();
  mirror.publish({ 'trusted_root.json': trustedRoot });
  const url = await mirror.listen();
  const rootFile = join(dir, `root-${++cacheCount}.json`);
  await writeFile(rootFile, mirror.root(1));
  return { mirror, url, rootFile };
}

const verifyVia = (url: string, cache: string, ...more: string[]): Promise<Run> =>
  signet(['verify', '--tuf-url', url, '--tuf-cache', cache, ...more, ...pins(), artifact]);

before(async () => {
  stack = await startStack();
  dir = await tempDir('signet-tuf-client-');
  const signed = await stack.sign();
  artifact = join(dir, 'artifact.bin');
  await writeFile(artifact, signed.artifact);
  await writeFile(`${artifact}.sigstore.json`, JSON.stringify(signed.json));
  trustedRoot = Buffer.from(JSON.stringify(buildTrustedRoot(stack.trustedRootInput())));
});

after(async () => {
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('signet verify --tuf-url', () => {
  it('verifies from the first root only, then from the cache, online and offline', async () => {
    const { mirror, url, rootFile } = await servedMirror();
    const cache = freshCache();
    try {
      const first = await verifyVia(url, cache, '--tuf-root', rootFile, '--json');
      assert.equal(first.code, 0, first.stdout + first.stderr);
      const result = JSON.parse(first.stdout) as VerifyJson;
      assert.equal(result.trustedRoot.source, `${url}#trusted_root.json`);
      assert.equal(result.trustedRoot.sha256, sha256hex(trustedRoot));
      assert.deepEqual(mirror.requests, [
        '/tuf/2.root.json',
        '/tuf/timestamp.json',
        '/tuf/1.snapshot.json',
        '/tuf/1.targets.json',
        `/tuf/targets/${sha256hex(trustedRoot)}.trusted_root.json`,
      ]);

      // No root file now: the cache has it. Only the root and timestamp are asked for again.
      mirror.requests.length = 0;
      const second = await verifyVia(url, cache);
      assert.equal(second.code, 0, second.stdout + second.stderr);
      assert.equal(second.stderr, '');
      assert.deepEqual(mirror.requests, ['/tuf/2.root.json', '/tuf/timestamp.json']);

      // The mirror gone: the cached metadata has not expired, so it stands in, with a warning.
      await mirror.close();
      const offline = await verifyVia(url, cache);
      assert.equal(offline.code, 0, offline.stdout + offline.stderr);
      assert.match(offline.stdout, /verified/);
      assert.match(
        offline.stderr,
        /^signet verify: warning: the TUF mirror http:\/\/127\.0\.0\.1:\d+\/tuf is unavailable \(.+\); using the metadata cached in /,
      );
    } finally {
      await mirror.close();
    }
  });

  it('follows a root rotation and new targets', async () => {
    const { mirror, url, rootFile } = await servedMirror();
    const cache = freshCache();
    try {
      assert.equal((await verifyVia(url, cache, '--tuf-root', rootFile)).code, 0);
      const oldRootKey = mirror.keys.root;
      mirror.signRoot({ root: TufMirror.newKey(), targets: TufMirror.newKey() });
      mirror.publish({ 'trusted_root.json': trustedRoot, 'other.json': Buffer.from('{}') });
      // The same first root given again does not start the cache over.
      const run = await verifyVia(url, cache, '--tuf-root', rootFile);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const cachedRoot = JSON.parse(await readFile(join(cache, 'root.json'), 'utf8')) as {
        signed: { version: number; roles: { root: { keyids: string[] } } };
      };
      assert.equal(cachedRoot.signed.version, 2);
      assert.ok(!cachedRoot.signed.roles.root.keyids.includes(oldRootKey.key.keyID));
    } finally {
      await mirror.close();
    }
  });

  it('starts the cache over from another first root, and only then', async () => {
    const first = await servedMirror();
    const second = await servedMirror();
    const cache = freshCache();
    try {
      assert.equal((await verifyVia(first.url, cache, '--tuf-root', first.rootFile)).code, 0);
      // The repository was re-created: its new first root replaces what the cache grew from.
      const run = await verifyVia(second.url, cache, '--tuf-root', second.rootFile);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.deepEqual(await readFile(join(cache, 'root.json')), second.mirror.root(1));
      // Without a root file, the cache keeps the second repository's root: the first is refused.
      const back = await verifyVia(first.url, cache);
      assert.equal(back.code, 1);
      assert.match(
        back.stderr,
        /serves timestamp metadata the client refuses: timestamp was signed/,
      );
    } finally {
      await first.mirror.close();
      await second.mirror.close();
    }
  });

  it('keeps its cache under $XDG_CACHE_HOME by default, one folder per mirror', async () => {
    const { mirror, url, rootFile } = await servedMirror();
    const env = { XDG_CACHE_HOME: join(dir, 'xdg') };
    try {
      const run = await signet(
        ['verify', '--tuf-url', url, '--tuf-root', rootFile, ...pins(), artifact],
        env,
      );
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const cache = tufCacheDir(`${url}/`, env);
      assert.ok(cache.startsWith(join(dir, 'xdg', 'signet', 'tuf')));
      assert.equal(cache, tufCacheDir(url, env));
      assert.notEqual(cache, tufCacheDir(`${url}2`, env));
      await readFile(join(cache, 'timestamp.json'));
    } finally {
      await mirror.close();
    }
  });

  describe('refuses', () => {
    it('an unreachable mirror with an incomplete cache', async () => {
      const { mirror, url, rootFile } = await servedMirror();
      const cache = freshCache();
      assert.equal((await verifyVia(url, cache, '--tuf-root', rootFile)).code, 0);
      await mirror.close();
      await rm(join(cache, 'snapshot.json'));
      const run = await verifyVia(url, cache);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /is unavailable \(.+\), and the metadata cached in .+ cannot be used: no usable cached snapshot metadata\n$/,
      );
    });

    it('an unreachable mirror with nothing cached, and with an expired cache', async () => {
      const { mirror, url, rootFile } = await servedMirror();
      await mirror.close();
      const none = await verifyVia(url, freshCache(), '--tuf-root', rootFile);
      assert.equal(none.code, 1);
      assert.match(
        none.stderr,
        /^signet verify: the TUF mirror http:\/\/127\.0\.0\.1:\d+\/tuf is unavailable \(.+\), and nothing is cached in .+ yet\n$/,
      );

      const stale = await servedMirror();
      stale.mirror.publish(
        { 'trusted_root.json': trustedRoot },
        { expires: { timestamp: expiresIn(3000) } },
      );
      const cache = freshCache();
      try {
        assert.equal((await verifyVia(stale.url, cache, '--tuf-root', stale.rootFile)).code, 0);
      } finally {
        await stale.mirror.close();
      }
      const expires = (
        JSON.parse(await readFile(join(cache, 'timestamp.json'), 'utf8')) as {
          signed: { expires: string };
        }
      ).signed.expires;
      await untilPast(expires);
      const expired = await verifyVia(stale.url, cache);
      assert.equal(expired.code, 1);
      assert.match(
        expired.stderr,
        /is unavailable \(.+\), and the metadata cached in .+ expired at /,
      );
      assert.ok(expired.stderr.includes(`expired at ${expires}`));
    });

    it('a first root that is missing, not JSON, not signed by itself; none at all', async () => {
      const { mirror, url, rootFile } = await servedMirror();
      try {
        const missing = await verifyVia(url, freshCache(), '--tuf-root', join(dir, 'nope.json'));
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /cannot read the TUF root .+nope\.json: no such file/);

        const garbled = join(dir, 'garbled.json');
        await writeFile(garbled, '{"signed": ');
        const notJson = await verifyVia(url, freshCache(), '--tuf-root', garbled);
        assert.equal(notJson.code, 1);
        assert.match(notJson.stderr, /the TUF root .+garbled\.json is not a valid TUF root: /);

        const forged = JSON.parse((await readFile(rootFile)).toString()) as {
          signed: { expires: string };
        };
        forged.signed.expires = expiresIn(3650 * 24 * 3600 * 1000);
        const forgedFile = join(dir, 'forged-root.json');
        await writeFile(forgedFile, JSON.stringify(forged));
        const cache = freshCache();
        const unsigned = await verifyVia(url, cache, '--tuf-root', forgedFile);
        assert.equal(unsigned.code, 1);
        assert.match(unsigned.stderr, /is not a valid TUF root: root was signed by 0\/1 keys/);
        // Nothing was written for a refused root.
        await assert.rejects(readFile(join(cache, 'root.json')), { code: 'ENOENT' });

        const none = await verifyVia(url, freshCache());
        assert.equal(none.code, 1);
        assert.match(none.stderr, /nothing is cached for the TUF repository .+ --tuf-root FILE/);
      } finally {
        await mirror.close();
      }
    });

    it('a new root version the current root keys did not sign', async () => {
      const { mirror, url, rootFile } = await servedMirror();
      try {
        const stranger = TufMirror.newKey();
        mirror.signRoot({ root: stranger }, [stranger]);
        const run = await verifyVia(url, freshCache(), '--tuf-root', rootFile);
        assert.equal(run.code, 1, run.stdout);
        assert.match(
          run.stderr,
          /serves root metadata the client refuses: root was signed by 0\/1 keys\n$/,
        );
      } finally {
        await mirror.close();
      }
    });

    it('metadata signed by the wrong key, expired, rolled back or changed, naming the role', async () => {
      const { mirror, url, rootFile } = await servedMirror();
      const cache = freshCache();
      const expectRefused = async (role: string, reason: RegExp): Promise<void> => {
        const run = await verifyVia(url, cache, '--tuf-root', rootFile);
        assert.equal(run.code, 1, run.stdout);
        assert.match(
          run.stderr,
          new RegExp(`serves ${role} metadata the client refuses: ${reason.source}`),
        );
      };
      try {
        // Versions 1 to 3 are fine; the client keeps timestamp version 3 (and later ones it
        // verified before refusing what they point to).
        mirror.publish({ 'trusted_root.json': trustedRoot });
        mirror.publish({ 'trusted_root.json': trustedRoot });
        assert.equal((await verifyVia(url, cache, '--tuf-root', rootFile)).code, 0);

        mirror.publish(
          { 'trusted_root.json': trustedRoot },
          { signers: { timestamp: TufMirror.newKey() } },
        );
        await expectRefused('timestamp', /timestamp was signed by 0\/1 keys/);

        mirror.publish(
          { 'trusted_root.json': trustedRoot },
          { signers: { targets: TufMirror.newKey() } },
        );
        await expectRefused('targets', /targets was signed by 0\/1 keys/);

        mirror.publish(
          { 'trusted_root.json': trustedRoot },
          { expires: { timestamp: expiresIn(-60_000) } },
        );
        await expectRefused('timestamp', /Final timestamp\.json is expired/);

        mirror.publish(
          { 'trusted_root.json': trustedRoot },
          { expires: { snapshot: expiresIn(-60_000) } },
        );
        await expectRefused('snapshot', /snapshot\.json is expired/);

        // A rollback: an older timestamp than the client has seen.
        mirror.files.set('timestamp.json', mirror.timestamps[1] as Buffer);
        await expectRefused(
          'timestamp',
          /New timestamp version 2 is less than current version \d+/,
        );

        // A changed snapshot: its hash is no longer the one the timestamp gives.
        mirror.publish({ 'trusted_root.json': trustedRoot });
        const latest = [...mirror.files.keys()].filter((f) => f.endsWith('.snapshot.json')).at(-1);
        const snapshot = mirror.files.get(latest as string) as Buffer;
        const changed = Buffer.from(snapshot);
        changed[changed.length - 1] = 0x20;
        mirror.files.set(latest as string, changed);
        await expectRefused('snapshot', /Expected hash [0-9a-f]{64} but got [0-9a-f]{64}/);
      } finally {
        await mirror.close();
      }
    });

    it('a repository without the target, or serving other bytes for it', async () => {
      const { mirror, url, rootFile } = await servedMirror();
      try {
        mirror.publish({ 'signing_config.v0.2.json': Buffer.from('{}') });
        const missing = await verifyVia(url, freshCache(), '--tuf-root', rootFile);
        assert.equal(missing.code, 1);
        assert.match(
          missing.stderr,
          /the TUF repository http:\/\/127\.0\.0\.1:\d+\/tuf has no target trusted_root\.json in its signed targets/,
        );

        mirror.publish({ 'trusted_root.json': trustedRoot });
        const served = `targets/${sha256hex(trustedRoot)}.trusted_root.json`;
        const other = Buffer.from(trustedRoot);
        other[other.length - 1] = 0x20;
        mirror.files.set(served, other);
        const changed = await verifyVia(url, freshCache(), '--tuf-root', rootFile);
        assert.equal(changed.code, 1);
        assert.match(
          changed.stderr,
          /serves a target trusted_root\.json that does not match its signed targets: Expected/,
        );
      } finally {
        await mirror.close();
      }
    });

    it('contradictory or incomplete options, as usage errors', async () => {
      const cases: [string[], RegExp][] = [
        [['--tuf-root', 'r.json'], /--tuf-root needs --tuf-url URL/],
        [['--tuf-cache', 'c'], /--tuf-cache needs --tuf-url URL/],
        [
          ['--tuf-url', 'https://tuf.example', '--trusted-root', 'x.json'],
          /--trusted-root and --tuf-url cannot be used together/,
        ],
        [['--tuf-url', 'http://tuf.example'], /--tuf-url http:\/\/tuf\.example: plain http/],
        [['--tuf-url', 'tuf.example'], /--tuf-url tuf\.example: not a URL/],
      ];
      for (const [args, message] of cases) {
        const run = await signet(['verify', ...args, ...pins(), artifact]);
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.stderr, message);
      }
    });
  });
});

describe('signet sign --tuf-url', () => {
  it('signs at the services the TUF signing config names, checked against its trusted root', async () => {
    const service = await startTestService({ devIssuer: true });
    const mirror = new TufMirror();
    try {
      const served = async (path: string): Promise<Buffer> =>
        Buffer.from(await (await fetch(`${service.url}${path}`)).arrayBuffer());
      const root = await served('/trusted_root.json');
      mirror.publish({ 'trusted_root.json': root });
      const url = await mirror.listen();
      const rootFile = join(dir, 'sign-root.json');
      await writeFile(rootFile, mirror.root(1));
      const file = join(dir, 'signed-by-tuf.bin');
      await writeFile(file, 'signed with trust from TUF');
      const cache = freshCache();
      const sign = (): Promise<Run> =>
        signet(['sign', '--tuf-url', url, '--tuf-root', rootFile, '--tuf-cache', cache, file]);

      const noConfig = await sign();
      assert.equal(noConfig.code, 1);
      assert.match(
        noConfig.stderr,
        /has no target signing_config\.v0\.2\.json in its signed targets/,
      );

      mirror.publish({
        'trusted_root.json': root,
        'signing_config.v0.2.json': await served('/signing_config.json'),
      });
      const signed = await sign();
      assert.equal(signed.code, 0, signed.stdout + signed.stderr);
      const verified = await signet([
        'verify',
        '--tuf-url',
        url,
        '--tuf-cache',
        cache,
        '--certificate-oidc-issuer',
        `${service.url}/dev-oidc`,
        '--certificate-identity-regexp',
        '.*@signet\\.localhost',
        file,
      ]);
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);

      const conflict = await signet(['sign', '--tuf-url', url, '--server', service.url, file]);
      assert.equal(conflict.code, 2);
      assert.match(conflict.stderr, /--server and --tuf-url cannot be used together/);
    } finally {
      await mirror.close();
      await service.dispose();
    }
  });
});

describe('start-up', () => {
  it('loads tuf-js only when a command uses --tuf-url', async () => {
    // verify.js and sign.js as `signet` loads them, then which packages came with them.
    const script = `
      import { createRequire } from 'node:module';
      await import(${JSON.stringify(new URL('../../src/cli/verify.js', import.meta.url).href)});
      await import(${JSON.stringify(new URL('../../src/cli/sign.js', import.meta.url).href)});
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify(loaded.filter((path) => /node_modules[\\\\/](tuf-js|@tufjs)/.test(path))));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '-e',
      script,
    ]);
    assert.deepEqual(JSON.parse(stdout), []);
  });
});

describe('the public-good TUF root', () => {
  it("is sigstore-js's seed for the public-good mirror, a valid self-signed root", async () => {
    const seeds = JSON.parse(
      await readFile(join(process.cwd(), 'node_modules', '@sigstore', 'tuf', 'seeds.json'), 'utf8'),
    ) as Record<string, { 'root.json': string }>;
    const seed = seeds[PUBLIC_GOOD_TUF_URL]?.['root.json'];
    assert.ok(seed);
    const embedded = JSON.parse(publicGoodTufRoot().toString()) as unknown;
    assert.deepEqual(embedded, JSON.parse(Buffer.from(seed, 'base64').toString()));
    const root = Metadata.fromJSON(MetadataKind.Root, embedded as never);
    root.verifyDelegate(MetadataKind.Root, root);
  });

  it('starts a cache for the public-good mirror without --tuf-root', async () => {
    const cache = freshCache();
    // Cancelled before any request: no test reaches the internet.
    await assert.rejects(
      fetchTufTarget('trusted_root.json', {
        url: `${PUBLIC_GOOD_TUF_URL}/`,
        cacheDir: cache,
        http: { signal: AbortSignal.abort() },
      }),
      /cancelled/,
    );
    assert.deepEqual(await readFile(join(cache, 'root.json')), publicGoodTufRoot());
  });
});

const sha256hex = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Resolves once `iso` is in the past, checking the clock (no fixed sleep). */
async function untilPast(iso: string): Promise<void> {
  const at = Date.parse(iso);
  while (Date.now() <= at) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(10, at - Date.now() + 5)));
  }
}
