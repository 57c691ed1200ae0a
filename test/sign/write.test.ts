import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BundleJson } from '../../src/bundle/bundle.js';
import { SignError } from '../../src/sign/error.js';
import { writeBundlesAtomically } from '../../src/sign/write.js';
import { tempDir } from '../helpers/server.js';

const bundle = (signature: string): BundleJson => ({
  mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  verificationMaterial: { publicKey: { hint: 'h' }, tlogEntries: [] },
  messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: 'AA==' }, signature },
});

let dir: string;
before(async () => {
  dir = await tempDir('signet-write-');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function freshDir(name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  return path;
}

describe('writeBundlesAtomically', () => {
  it('writes every bundle as JSON and leaves no temporary file', async () => {
    const d = await freshDir('ok');
    await writeBundlesAtomically([
      { path: join(d, 'a.sigstore.json'), bundle: bundle('AQ==') },
      { path: join(d, 'a.kms.sigstore.json'), bundle: bundle('Ag==') },
    ]);
    assert.deepEqual((await readdir(d)).sort(), ['a.kms.sigstore.json', 'a.sigstore.json']);
    const written = JSON.parse(
      await readFile(join(d, 'a.kms.sigstore.json'), 'utf8'),
    ) as BundleJson;
    assert.equal(written.messageSignature?.signature, 'Ag==');
  });

  it('writes nothing when one temporary file cannot be written', async () => {
    const d = await freshDir('no-dir');
    const error = await writeBundlesAtomically([
      { path: join(d, 'a.sigstore.json'), bundle: bundle('AQ==') },
      { path: join(d, 'missing', 'b.sigstore.json'), bundle: bundle('Ag==') },
    ]).then(
      () => assert.fail('the write succeeded'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SignError);
    assert.equal(error.code, 'WRITE_FAILED');
    assert.deepEqual(await readdir(d), []);
  });

  it('removes the bundles already renamed when a later rename fails, and restores what they replaced', async () => {
    const d = await freshDir('rename');
    // An earlier bundle for a.bin, which the failed run must not destroy.
    await writeFile(join(d, 'a.sigstore.json'), 'previous\n');
    // A non-empty directory where b's bundle should go: rename onto it fails.
    await mkdir(join(d, 'b.sigstore.json'));
    await writeFile(join(d, 'b.sigstore.json', 'x'), '');
    const error = await writeBundlesAtomically([
      { path: join(d, 'a.sigstore.json'), bundle: bundle('AQ==') },
      { path: join(d, 'c.sigstore.json'), bundle: bundle('Aw==') },
      { path: join(d, 'b.sigstore.json'), bundle: bundle('Ag==') },
    ]).then(
      () => assert.fail('the write succeeded'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SignError);
    assert.equal(error.code, 'WRITE_FAILED');
    assert.match(error.message, /none was written/);
    assert.deepEqual((await readdir(d)).sort(), ['a.sigstore.json', 'b.sigstore.json']);
    assert.equal(await readFile(join(d, 'a.sigstore.json'), 'utf8'), 'previous\n');
  });

  it('replaces an earlier bundle on success', async () => {
    const d = await freshDir('replace');
    await writeFile(join(d, 'a.sigstore.json'), 'previous\n');
    await writeBundlesAtomically([{ path: join(d, 'a.sigstore.json'), bundle: bundle('AQ==') }]);
    assert.deepEqual(await readdir(d), ['a.sigstore.json']);
    assert.match(await readFile(join(d, 'a.sigstore.json'), 'utf8'), /"AQ=="/);
  });

  it('refuses two bundles for one path', async () => {
    const d = await freshDir('dup');
    const path = join(d, 'a.sigstore.json');
    await assert.rejects(
      writeBundlesAtomically([
        { path, bundle: bundle('AQ==') },
        { path, bundle: bundle('Ag==') },
      ]),
      /same path/,
    );
    assert.deepEqual(await readdir(d), []);
  });
});
