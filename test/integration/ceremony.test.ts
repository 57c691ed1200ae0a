import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { parsePem } from '../../src/core/pem.js';
import { parseCertificate } from '../../src/core/x509.js';
import { freePort, startTestService, tempDir } from '../helpers/server.js';
import { signWithDevIssuer, verifyWithSigstoreJs } from '../helpers/sigstore.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * A root that is offline from the start, through the real CLI: `root create` on the "offline
 * machine", `init --root-ca-cert` writes CSRs and exits 3, `root sign` signs them, init
 * completes, and the service then issues certificates that chain to that root.
 */

const execFileAsync = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [join(repoRoot(), 'bin', 'signet-server.js'), ...args],
      { encoding: 'utf8' },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let rootDir: string;
let dataDir: string;
let publicUrl: string;
let port: number;

before(async () => {
  rootDir = await tempDir('signet-root-');
  dataDir = await tempDir();
  port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
});

after(async () => {
  await rm(rootDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

const init = () =>
  cli([
    'init',
    '--data-dir',
    dataDir,
    '--public-url',
    publicUrl,
    '--root-ca-cert',
    join(rootDir, 'root-ca.crt.pem'),
  ]);

describe('key ceremony with an offline root', () => {
  it('root create makes the root on the offline machine, and never twice', async () => {
    const created = await cli(['root', 'create', '--root-dir', rootDir]);
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual((await readdir(rootDir)).sort(), ['root-ca.crt.pem', 'root-ca.key.pem']);
    const again = await cli(['root', 'create', '--root-dir', rootDir]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists; a root is never replaced/);
  });

  it('init installs the root certificate, writes CSRs and exits 3 with the commands to run', async () => {
    const result = await init();
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /the root must sign tsa and issuing-ca offline/);
    assert.match(
      result.stderr,
      /root sign --root-dir ROOT --profile issuing-ca --csr issuing-ca\.csr\.pem --out issuing-ca\.crt\.pem/,
    );
    const keys = await readdir(join(dataDir, 'keys'));
    assert.ok(keys.includes('issuing-ca.csr.pem') && keys.includes('tsa.csr.pem'));
    assert.ok(!keys.includes('root-ca.key.pem'), 'the root key never reaches the server');
    const issuingKey = await readFile(join(dataDir, 'keys', 'issuing-ca.key.pem'), 'utf8');
    // Idempotent: a second run keeps the keys and asks again.
    assert.equal((await init()).code, 3);
    assert.equal(await readFile(join(dataDir, 'keys', 'issuing-ca.key.pem'), 'utf8'), issuingKey);
  });

  it('root sign refuses a CSR whose signature does not verify', async () => {
    const csrPath = join(dataDir, 'keys', 'issuing-ca.csr.pem');
    const der = parsePem(await readFile(csrPath, 'utf8'))[0]?.der as Buffer;
    der[der.length - 1] = (der[der.length - 1] as number) ^ 0x01;
    const broken = join(rootDir, 'broken.csr.der');
    await writeFile(broken, der);
    const result = await cli([
      'root',
      'sign',
      '--root-dir',
      rootDir,
      '--profile',
      'issuing-ca',
      '--csr',
      broken,
      '--out',
      join(rootDir, 'x.pem'),
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /signature does not verify with its own key/);
  });

  it('root sign signs both CSRs; init then completes and the service chains to the offline root', async () => {
    for (const [profile, csr, out] of [
      ['issuing-ca', 'issuing-ca.csr.pem', 'issuing-ca.crt.pem'],
      ['tsa', 'tsa.csr.pem', 'tsa-chain.pem'],
    ] as const) {
      const result = await cli([
        'root',
        'sign',
        '--root-dir',
        rootDir,
        '--profile',
        profile,
        '--csr',
        join(dataDir, 'keys', csr),
        '--out',
        join(rootDir, out),
      ]);
      assert.equal(result.code, 0, result.stderr);
      await copyFile(join(rootDir, out), join(dataDir, 'keys', out));
    }
    const done = await init();
    assert.equal(done.code, 0, done.stderr);
    assert.doesNotMatch(done.stdout, /Move .* offline/, 'no root key on the server to move');

    const service = await startTestService({
      dataDir,
      listen: `127.0.0.1:${port}`,
      publicUrl,
      devIssuer: true,
    });
    try {
      const signed = await signWithDevIssuer(service.url);
      verifyWithSigstoreJs(service.trustedRoot, signed);
      const root = parsePem(await readFile(join(rootDir, 'root-ca.crt.pem'), 'utf8'))[0]
        ?.der as Buffer;
      const trust = service.trustedRoot as {
        certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
      };
      const chain = trust.certificateAuthorities[0]?.certChain.certificates ?? [];
      assert.equal(chain.at(-1)?.rawBytes, root.toString('base64'));
      assert.ok(
        parseCertificate(Buffer.from(chain[0]?.rawBytes ?? '', 'base64')).issuer.equals(
          parseCertificate(root).subject,
        ),
      );
    } finally {
      await service.dispose();
    }
  });

  it('refuses a different root certificate once one is installed', async () => {
    const other = await tempDir('signet-root-');
    await cli(['root', 'create', '--root-dir', other]);
    const result = await cli([
      'init',
      '--data-dir',
      dataDir,
      '--root-ca-cert',
      join(other, 'root-ca.crt.pem'),
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /already holds a different root CA certificate/);
    await rm(other, { recursive: true });
  });
});
