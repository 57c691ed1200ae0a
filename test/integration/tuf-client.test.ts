import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';
import type { VerifyJson } from '../../src/cli/verify.js';
import {
  type ServerProcess,
  type TestService,
  freePort,
  startServerProcess,
  startTestService,
  tempDir,
} from '../helpers/server.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * `signet sign` and `signet verify` with trust from a real `signet-server serve` (a child
 * process, as an operator runs it) through its TUF repository at PUBLIC_URL/tuf, and nothing
 * else: the mirror URL and the 1.root.json the data directory holds. Then the mirror gone:
 * the cache stands in; with nothing cached the run fails; and a root that is not the
 * repository's, or not a root at all, is refused naming why. And through four key rotations,
 * stale targets and a root rotation, a client holding the old metadata follows each one and
 * verifies old and new bundles.
 */

let server: ServerProcess;
let other: TestService | undefined;
let dir: string;
let mirror: string;
let rootFile: string;
let artifact: string;
let issuer: string;

const sha256hex = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function signet(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
  });
  return { code, stdout, stderr };
}

const verify = (cache: string, ...more: string[]): Promise<Run> =>
  signet([
    'verify',
    '--tuf-url',
    mirror,
    '--tuf-cache',
    cache,
    ...more,
    '--certificate-oidc-issuer',
    issuer,
    '--certificate-identity-regexp',
    '.*@signet\\.localhost',
    artifact,
  ]);

before(async () => {
  dir = await tempDir('signet-tuf-e2e-');
  server = await startServerProcess({ dataDir: join(dir, 'data'), args: ['--dev'] });
  mirror = `${server.url}/tuf`;
  issuer = `${server.url}/dev-oidc`;
  // What an operator hands to verifiers: the first root from the data directory.
  rootFile = join(dir, '1.root.json');
  await copyFile(join(dir, 'data', 'tuf', '1.root.json'), rootFile);
  artifact = join(dir, 'release.tar.gz');
  await writeFile(artifact, 'release 1.0');
});

after(async () => {
  await server?.stop();
  await other?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('signet with trust from signet-server serve over TUF', () => {
  it('signs, then verifies with the mirror URL and first root only; then offline from the cache', async () => {
    const signed = await signet([
      'sign',
      '--tuf-url',
      mirror,
      '--tuf-root',
      rootFile,
      '--tuf-cache',
      join(dir, 'sign-cache'),
      artifact,
    ]);
    assert.equal(signed.code, 0, signed.stdout + signed.stderr);

    const cache = join(dir, 'verify-cache');
    const first = await verify(cache, '--tuf-root', rootFile, '--json');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const served = Buffer.from(
      await (await fetch(`${server.url}/trusted_root.json`)).arrayBuffer(),
    );
    const result = JSON.parse(first.stdout) as VerifyJson;
    assert.equal(result.trustedRoot.source, `${mirror}#trusted_root.json`);
    assert.equal(result.trustedRoot.sha256, sha256hex(served));

    // A root that is not this repository's: the service's timestamp key is not in it.
    other = await startTestService();
    const foreignRoot = join(dir, 'foreign-1.root.json');
    await copyFile(join(other.dataDir, 'tuf', '1.root.json'), foreignRoot);
    const foreign = await verify(join(dir, 'foreign-cache'), '--tuf-root', foreignRoot);
    assert.equal(foreign.code, 1, foreign.stdout);
    assert.match(
      foreign.stderr,
      /^signet verify: the TUF repository http:\/\/127\.0\.0\.1:\d+\/tuf serves timestamp metadata the client refuses: timestamp was signed by 0\/1 keys\n$/,
    );

    // Not a root at all: refused before anything is asked of the mirror or written.
    const garbled = join(dir, 'garbled.json');
    await writeFile(garbled, '<html>not found</html>');
    const notRoot = await verify(join(dir, 'garbled-cache'), '--tuf-root', garbled);
    assert.equal(notRoot.code, 1);
    assert.match(notRoot.stderr, /the TUF root .+garbled\.json is not a valid TUF root: /);

    await server.stop();
    const offline = await verify(cache);
    assert.equal(offline.code, 0, offline.stdout + offline.stderr);
    assert.match(
      offline.stderr,
      /^signet verify: warning: the TUF mirror .+ is unavailable \(.+\); using the metadata cached in .+verify-cache\n$/,
    );

    const nothing = await verify(join(dir, 'empty-cache'), '--tuf-root', rootFile);
    assert.equal(nothing.code, 1);
    assert.match(
      nothing.stderr,
      /^signet verify: the TUF mirror .+ is unavailable \(.+\), and nothing is cached in .+empty-cache yet\n$/,
    );
  });
});

describe('signet verify --tuf-url through key rotations', () => {
  it('follows four key rotations, stale targets and a root rotation, from its cache', async () => {
    const dataDir = join(dir, 'rotation-data');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const tuf = `${url}/tuf`;
    // The development issuer gives the tokens to sign with. `tuf targets sign` makes the targets
    // of a service without it (their signing config names no OIDC URL), so once the ceremony
    // has signed them the service runs without it, and only verification goes on.
    let devIssuer = true;
    const start = (): Promise<TestService> =>
      startTestService({ dataDir, devIssuer, listen: `127.0.0.1:${port}`, publicUrl: url });
    const firstRoot = join(dir, 'rotation-1.root.json');
    const signCache = join(dir, 'rotation-sign-cache');
    const verifyCache = join(dir, 'rotation-verify-cache');
    const artifacts: string[] = [];
    let service = await start();
    /** `signet-server ARGS...`, as an operator runs it. */
    const serverCli = async (...args: string[]): Promise<string> =>
      (
        await promisify(execFile)(
          process.execPath,
          [join(repoRoot(), 'bin', 'signet-server.js'), ...args],
          { encoding: 'utf8' },
        )
      ).stdout;
    /** Work on the data directory with the service stopped, then start it again. */
    const whileStopped = async (work: () => Promise<unknown>): Promise<void> => {
      await service.close();
      await work();
      service = await start();
    };
    /** Signs one more artifact through TUF (first with the root file, then from the cache). */
    const signNext = async (label: string): Promise<void> => {
      const file = join(dir, `rotation-${label}.bin`);
      await writeFile(file, `signed after ${label}`);
      const rootArgs = artifacts.length === 0 ? ['--tuf-root', firstRoot] : [];
      artifacts.push(file);
      const signed = await signet([
        'sign',
        '--tuf-url',
        tuf,
        '--tuf-cache',
        signCache,
        ...rootArgs,
        file,
      ]);
      assert.equal(signed.code, 0, `${label}: ${signed.stdout}${signed.stderr}`);
    };
    /** Verifies every artifact signed so far, as one verifier with one cache. */
    const verifyAll = (...more: string[]): Promise<Run> =>
      signet([
        'verify',
        '--tuf-url',
        tuf,
        '--tuf-cache',
        verifyCache,
        ...more,
        '--certificate-oidc-issuer',
        `${url}/dev-oidc`,
        '--certificate-identity-regexp',
        '.*@signet\\.localhost',
        ...artifacts,
      ]);
    /** Every artifact verifies against the live trusted root, got through TUF. */
    const verifiedAgainstLive = async (label: string, ...more: string[]): Promise<void> => {
      const run = await verifyAll(...more, '--json');
      assert.equal(run.code, 0, `${label}: ${run.stdout}${run.stderr}`);
      assert.equal(run.stderr, '', label);
      const result = JSON.parse(run.stdout) as VerifyJson;
      assert.equal(result.artifacts.length, artifacts.length);
      const live = Buffer.from(await (await fetch(`${url}/trusted_root.json`)).arrayBuffer());
      assert.equal(result.trustedRoot.sha256, sha256hex(live), `${label}: the live trusted root`);
    };
    try {
      await copyFile(join(dataDir, 'tuf', '1.root.json'), firstRoot);
      await signNext('start');
      await verifiedAgainstLive('start', '--tuf-root', firstRoot);
      for (const role of ['log', 'issuing-ca', 'ct', 'tsa']) {
        await whileStopped(async () =>
          assert.match(await serverCli('rotate', role, '--data-dir', dataDir), /Retired the/),
        );
        await signNext(role);
        await verifiedAgainstLive(role);
      }

      // The targets key taken offline, then a rotation: the service will not serve targets
      // that disagree with its trust material. The client keeps to its cached, unexpired
      // metadata, says why, and the bundles signed so far still verify.
      const targetsKey = join(dir, 'tuf-targets.key.pem');
      await whileStopped(async () => {
        await rename(join(dataDir, 'keys', 'tuf-targets.key.pem'), targetsKey);
        await serverCli('rotate', 'rekor-v1', '--data-dir', dataDir);
      });
      const stale = await verifyAll();
      assert.equal(stale.code, 0, stale.stdout + stale.stderr);
      assert.match(
        stale.stderr,
        /^signet verify: warning: the TUF mirror .+ is unavailable \(answered HTTP 503: the TUF targets do not match the live trust material .+signet-server tuf targets sign .+\); using the metadata cached in /,
      );
      // The ceremony signs the targets: current again.
      devIssuer = false;
      await whileStopped(() =>
        serverCli('tuf', 'targets', 'sign', '--data-dir', dataDir, '--key', targetsKey),
      );
      await verifiedAgainstLive('targets signed');

      // A root rotation, signed by the old root key and the new one.
      const newRootKey = join(dir, 'tuf-root-2.key.pem');
      await whileStopped(async () => {
        await serverCli('tuf', 'keygen', '--out', newRootKey);
        const { rootKeyIds } = JSON.parse(
          await serverCli('tuf', 'status', '--data-dir', dataDir, '--json'),
        ) as { rootKeyIds: string[] };
        await serverCli(
          'tuf',
          'root',
          'sign',
          '--data-dir',
          dataDir,
          '--add-root-key',
          `${newRootKey}.pub`,
          '--remove-root-key',
          rootKeyIds[0] as string,
          '--key',
          join(dataDir, 'keys', 'tuf-root.key.pem'),
          '--key',
          newRootKey,
        );
      });
      await verifiedAgainstLive('root rotation');
      const root = JSON.parse(await readFile(join(verifyCache, 'root.json'), 'utf8')) as {
        signed: { version: number };
      };
      assert.equal(root.signed.version, 2);
    } finally {
      await service.close();
    }
  });
});
