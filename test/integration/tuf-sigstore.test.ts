import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { verify } from 'sigstore';
import { type SignedArtifact, signWithDevIssuer } from '../helpers/sigstore.js';
import { type TestService, freePort, startTestService, tempDir } from '../helpers/server.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * sigstore-js's own verify, given nothing but the mirror URL and 1.root.json, verifies bundles
 * Signet signed, through four key rotations: its cache holds the old metadata, and after each
 * rotation and restart it updates, then verifies every bundle signed so far.
 */

const run = promisify(execFile);
const rotate = (role: string, dataDir: string) =>
  run(process.execPath, [
    join(repoRoot(), 'bin', 'signet-server.js'),
    'rotate',
    role,
    '--data-dir',
    dataDir,
  ]);

let dataDir: string;
let cachePath: string;
let port: number;
let service: TestService | undefined;

const start = async (): Promise<TestService> => {
  service = await startTestService({
    dataDir,
    listen: `127.0.0.1:${port}`,
    publicUrl: `http://127.0.0.1:${port}`,
    devIssuer: true,
  });
  return service;
};

before(async () => {
  dataDir = await tempDir();
  cachePath = await tempDir('signet-sigstore-cache-');
  port = await freePort();
  await start();
});
after(async () => {
  await service?.close();
  await Promise.all([dataDir, cachePath].map((d) => rm(d, { recursive: true, force: true })));
});

describe('sigstore verify over TUF', () => {
  it('verifies old and new bundles through four rotations from the mirror URL and first root', async () => {
    const options = {
      tufMirrorURL: `http://127.0.0.1:${port}/tuf`,
      tufRootPath: join(dataDir, 'tuf', '1.root.json'),
      tufCachePath: cachePath,
      retry: 0,
    };
    const firstRoot = await readFile(options.tufRootPath);
    const bundles: SignedArtifact[] = [await signWithDevIssuer(`http://127.0.0.1:${port}`)];
    for (const signed of bundles) await verify(signed.json, signed.artifact, options);
    for (const role of ['log', 'issuing-ca', 'tsa', 'ct']) {
      await service?.close();
      await rotate(role, dataDir);
      await start();
      bundles.push(await signWithDevIssuer(`http://127.0.0.1:${port}`));
      for (const [i, signed] of bundles.entries()) {
        await assert.doesNotReject(
          verify(signed.json, signed.artifact, options),
          `bundle ${i} after rotating ${role}`,
        );
      }
    }
    // The first root never changed hands; the trust came through TUF.
    assert.deepEqual(await readFile(options.tufRootPath), firstRoot);
    const cached = JSON.parse(
      await readFile(
        join(cachePath, encodeURIComponent(`127.0.0.1:${port}/tuf`), 'timestamp.json'),
        'utf8',
      ),
    ) as { signed: { version: number } };
    assert.ok(cached.signed.version >= 5, `timestamp version ${cached.signed.version}`);
  });
});
