import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../server/config.js';
import { toPem } from '../../src/core/pem.js';
import { spkiOf } from '../../src/core/x509.js';
import { freePort, type TestService, startTestService, tempDir } from '../helpers/server.js';
import { signWithDevIssuer, verifyWithSigstoreJs } from '../helpers/sigstore.js';

/**
 * The CT log alone in one process (roles: [ct]) and the CA, log and TSA in another that submits
 * its precertificates over HTTP: certificates still carry an SCT that sigstore-js verifies
 * against the CA's trust root, which names the external log.
 */

interface Root {
  ctlogs: { baseUrl: string; publicKey: { rawBytes: string } }[];
  tlogs: unknown[];
  certificateAuthorities: unknown[];
  timestampAuthorities: unknown[];
}

let ct: TestService;
let ca: TestService;
let caDir: string;
let keyDir: string;

async function ctTreeSize(): Promise<number> {
  const text = await (await fetch(`${ct.url}/ct/checkpoint`)).text();
  return Number(text.split('\n')[1]);
}

before(async () => {
  caDir = await tempDir();
  keyDir = await tempDir();
  const caPort = await freePort();
  // The CA's data directory first: the CT log must accept chains to its root.
  const first = await startTestService({
    dataDir: caDir,
    listen: `127.0.0.1:${caPort}`,
    publicUrl: `http://127.0.0.1:${caPort}`,
    roles: ['tsa'],
  });
  await first.dispose();
  ct = await startTestService({
    roles: ['ct'],
    ct: {
      url: undefined,
      publicKey: undefined,
      acceptedRoots: [join(caDir, 'keys', 'root-ca.crt.pem')],
    },
  });
  const ctKey = (ct.trustedRoot as Root).ctlogs[0]?.publicKey.rawBytes as string;
  const ctKeyPath = join(keyDir, 'ct.pub.pem');
  await writeFile(ctKeyPath, toPem('PUBLIC KEY', Buffer.from(ctKey, 'base64')));
  ca = await startTestService({
    dataDir: caDir,
    listen: `127.0.0.1:${caPort}`,
    publicUrl: `http://127.0.0.1:${caPort}`,
    roles: ['ca', 'tlog', 'tsa'],
    ct: { url: ct.url, publicKey: ctKeyPath, acceptedRoots: [] },
    devIssuer: true,
  });
});

after(async () => {
  await ca?.dispose();
  await ct?.dispose();
  await rm(caDir, { recursive: true, force: true });
  await rm(keyDir, { recursive: true, force: true });
});

describe('a CT log running alone', () => {
  it('publishes only its CT log and refuses the roles it does not run, saying so', async () => {
    const root = ct.trustedRoot as Root;
    assert.equal(root.ctlogs.length, 1);
    assert.deepEqual(
      [root.tlogs, root.certificateAuthorities, root.timestampAuthorities],
      [[], [], []],
    );
    const response = await fetch(`${ct.url}/api/v2/signingCert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 404);
    assert.match(
      ((await response.json()) as { message: string }).message,
      /does not run the ca role \(roles: ct\)/,
    );
  });

  it("logs the other process's precertificates; sigstore-js verifies the SCT with the CA's trust root", async () => {
    const before = await ctTreeSize();
    const signed = await signWithDevIssuer(ca.url);
    verifyWithSigstoreJs(ca.trustedRoot, signed);
    assert.equal(await ctTreeSize(), before + 1);
    const root = ca.trustedRoot as Root;
    assert.deepEqual(
      root.ctlogs.map((log) => log.baseUrl),
      [ct.url],
    );
    assert.equal((await fetch(`${ca.url}/ct/checkpoint`)).status, 404);
  });
});

describe('configuration of the roles', () => {
  it('needs ct.url and ct.publicKey for a CA without the ct role, and refuses them with it', async () => {
    await assert.rejects(
      loadConfig(undefined, { roles: ['ca', 'tlog'] }),
      /the ca role without the ct role needs ct\.url and ct\.publicKey/,
    );
    await assert.rejects(
      loadConfig(undefined, {
        ct: { url: 'https://ct.example.com', publicKey: 'x', acceptedRoots: [] },
      }),
      /drop them or the ct role/,
    );
    await assert.rejects(loadConfig(undefined, { roles: ['ca', 'cat' as 'ct'] }), /unknown: cat/);
  });
});

describe('when the external CT log is down', () => {
  it('answers 503 naming the CT log, and issues nothing', async () => {
    await ct.dispose();
    const tokenResponse = await fetch(`${ca.url}/dev-oidc/token`, {
      method: 'POST',
      body: 'email=a@example.com',
    });
    const { id_token: token } = (await tokenResponse.json()) as { id_token: string };
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const response = await fetch(`${ca.url}/api/v2/signingCert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        publicKeyRequest: {
          publicKey: { content: toPem('PUBLIC KEY', spkiOf(privateKey)) },
          proofOfPossession: sign('sha256', Buffer.from('a@example.com'), privateKey).toString(
            'base64',
          ),
        },
      }),
    });
    assert.equal(response.status, 503);
    assert.match(
      ((await response.json()) as { message: string }).message,
      /certificate-transparency log did not accept the precertificate/,
    );
  });
});
