import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getTrustedRoot, initTUF } from '@sigstore/tuf';
import { SERVER_DEFAULTS } from '../../server/config.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { tufClient } from '../helpers/tuf.js';

/**
 * The TUF repository a service serves, read by the real clients: tuf-js's Updater and
 * @sigstore/tuf (what sigstore-js uses), each given only the mirror URL and 1.root.json.
 */

let service: TestService;
let mirror: string;
let firstRoot: Buffer;
const cleanup: string[] = [];

const get = async (url: string): Promise<Buffer> => {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url}: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
};

before(async () => {
  service = await startTestService();
  mirror = `${service.url}/tuf`;
  firstRoot = await get(`${mirror}/1.root.json`);
});
after(async () => {
  await service.dispose();
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the TUF repository at /tuf', () => {
  it('serves the first root that init wrote to the data directory', async () => {
    assert.deepEqual(firstRoot, await readFile(join(service.dataDir, 'tuf', '1.root.json')));
    const root = JSON.parse(firstRoot.toString()) as {
      signed: { consistent_snapshot: boolean; version: number };
    };
    assert.equal(root.signed.version, 1);
    assert.equal(root.signed.consistent_snapshot, true);
  });

  it('gives tuf-js the live trust material, byte for byte', async () => {
    const client = await tufClient(mirror, firstRoot);
    cleanup.push(client.dir);
    assert.deepEqual(
      await client.target('trusted_root.json'),
      await get(`${service.url}/trusted_root.json`),
    );
    assert.deepEqual(
      await client.target('signing_config.v0.2.json'),
      await get(`${service.url}/signing_config.json`),
    );
  });

  it('gives @sigstore/tuf the trusted root from the mirror URL and root path alone', async () => {
    const cachePath = await tempDir('signet-sigstore-tuf-');
    cleanup.push(cachePath);
    const rootPath = join(cachePath, 'first-root.json');
    await writeFile(rootPath, firstRoot);
    const options = { mirrorURL: mirror, rootPath, cachePath, retry: 0 };
    const client = await initTUF(options);
    assert.equal(
      await client.getTarget('trusted_root.json'),
      (await get(`${service.url}/trusted_root.json`)).toString(),
    );
    const trustedRoot = await getTrustedRoot(options);
    // Rekor v2 and Rekor v1, at the same URL.
    assert.equal(trustedRoot.tlogs.length, 2);
  });

  it('answers a timestamp that clients revalidate and versioned files that never change', async () => {
    const timestamp = await fetch(`${mirror}/timestamp.json`);
    assert.equal(timestamp.status, 200);
    assert.equal(timestamp.headers.get('cache-control'), 'no-cache');
    const versioned = await fetch(`${mirror}/1.root.json`);
    assert.match(versioned.headers.get('cache-control') ?? '', /immutable/);
    for (const path of [
      '2.root.json',
      '../signet.json',
      'targets/x.trusted_root.json',
      'root.json',
    ]) {
      assert.equal((await fetch(`${mirror}/${path}`)).status, 404, path);
    }
  });
});

describe('the service re-signs the timestamp on its own', () => {
  it('before half its validity is left, clients take the new version, and the export follows', async () => {
    const lines: string[] = [];
    let resigned: () => void = () => {};
    const seen = new Promise<void>((resolve) => (resigned = resolve));
    const exportDir = await tempDir('signet-tuf-export-');
    cleanup.push(exportDir);
    // A timestamp valid 8 s is re-signed after about 4 s; the wait below is only a bound.
    const short = await startTestService(
      { logLevel: 'info', tuf: { ...SERVER_DEFAULTS.tuf, timestampDays: 8 / 86_400, exportDir } },
      (line) => {
        lines.push(line);
        if (line.includes('re-signed TUF metadata')) resigned();
      },
    );
    try {
      const shortMirror = `${short.url}/tuf`;
      const client = await tufClient(shortMirror, await get(`${shortMirror}/1.root.json`));
      cleanup.push(client.dir);
      await client.target('trusted_root.json');
      const version = async (): Promise<number> =>
        (
          JSON.parse((await get(`${shortMirror}/timestamp.json`)).toString()) as {
            signed: { version: number };
          }
        ).signed.version;
      assert.equal(await version(), 1);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        seen,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no re-sign within 60 s:\n${lines.join('\n')}`)),
            60_000,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      assert.ok((await version()) >= 2);
      // The folder holds what the service serves, the new timestamp included.
      for (const name of ['1.root.json', '1.snapshot.json', 'timestamp.json']) {
        assert.deepEqual(
          await readFile(join(exportDir, name)),
          await get(`${shortMirror}/${name}`),
        );
      }
      assert.deepEqual(
        await client.target('trusted_root.json'),
        await get(`${short.url}/trusted_root.json`),
      );
    } finally {
      await short.dispose();
    }
  });
});
