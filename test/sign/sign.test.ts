import assert from 'node:assert/strict';
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { SerializedBundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { bundleFromJSON } from '@sigstore/bundle';
import {
  type SigningConfig,
  fetchSigningConfig,
  selectServices,
} from '../../src/bundle/signing-config.js';
import { leafHash, verifyInclusion } from '../../src/core/merkle.js';
import { parseCertificate } from '../../src/core/x509.js';
import { KmsError } from '../../src/kms/error.js';
import { type Signer, openSigner } from '../../src/kms/signer.js';
import { HttpError } from '../../src/core/http.js';
import { SignError } from '../../src/sign/error.js';
import { publicKeyHint } from '../../src/sign/run.js';
import { type SignedBundle, signFiles } from '../../src/sign/sign.js';
import { type FakeKey, type FakeKms, startFakeKms, useFakeKmsEnvironment } from '../helpers/kms.js';
import {
  type TestService,
  devToken,
  issuedCertificates,
  startTestService,
} from '../helpers/server.js';
import { trustedKeys, verifyWithSigstoreJs } from '../helpers/sigstore.js';

/**
 * signFiles against the real service (CA with its CT log, Rekor v2 log, TSA) and a KMS on
 * 127.0.0.1 speaking the AWS JSON protocol to the real @aws-sdk/client-kms; every bundle is
 * checked by sigstore-js at its default thresholds.
 */

let service: TestService;
let kms: FakeKms;
let kmsKey: FakeKey;
let kmsSigner: Signer;
let config: SigningConfig;

before(async () => {
  kms = await startFakeKms();
  kmsKey = kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/signet-release' });
  useFakeKmsEnvironment(kms);
  service = await startTestService({ devIssuer: true });
  kmsSigner = await openSigner('awskms:///alias/signet-release');
  config = await fetchSigningConfig(service.url);
});

after(async () => {
  await service?.dispose();
  await kms?.close();
});

const artifact = (name: string): { path: string; data: Buffer } => ({
  path: `/nonexistent/${name}`,
  data: randomBytes(1000),
});

const asSigned = (signed: SignedBundle, data: Buffer) => ({
  json: signed.bundle as unknown as SerializedBundle,
  artifact: data,
});

/** sigstore-js with the KMS key trusted under the bundle's hint. */
function verifyKeyBundleWithSigstoreJs(signed: SignedBundle, data: Buffer): void {
  const keys = trustedKeys(kmsKey.publicKey as Buffer);
  new Verifier(toTrustMaterial(TrustedRoot.fromJSON(service.trustedRoot), keys), {
    ctlogThreshold: 0,
    tlogThreshold: 1,
    timestampThreshold: 1,
  }).verify(toSignedEntity(bundleFromJSON(signed.bundle), data));
}

describe('signFiles against the service', () => {
  it('selects the served CA, log and TSA', () => {
    const selected = selectServices(config);
    assert.equal(selected.ca.url, service.url);
    assert.deepEqual(
      selected.tlogs.map((t) => t.url),
      [service.url],
    );
    assert.equal(selected.tsas.length, 1);
  });

  it('signs two files keyless and with KMS: one certificate, four bundles that verify', async () => {
    const files = [artifact('a.tar.gz'), artifact('b.tar.gz')];
    const issuedBefore = await issuedCertificates(service.url);
    const kmsSignsBefore = kms.count('Sign');
    const hooked: string[] = [];
    const result = await signFiles({
      files,
      signingConfig: config,
      token: await devToken(service.url),
      kms: kmsSigner,
      verifyBeforeWrite: async (signed) => {
        hooked.push(signed.outputPath);
      },
    });
    assert.equal(
      (await issuedCertificates(service.url)) - issuedBefore,
      1,
      'exactly one certificate',
    );
    assert.equal(kms.count('Sign') - kmsSignsBefore, 2, 'one KMS signature per file');
    assert.deepEqual(
      result.bundles.map((b) => [b.kind, b.outputPath]),
      [
        ['keyless', '/nonexistent/a.tar.gz.sigstore.json'],
        ['keyless', '/nonexistent/b.tar.gz.sigstore.json'],
        ['key', '/nonexistent/a.tar.gz.kms.sigstore.json'],
        ['key', '/nonexistent/b.tar.gz.kms.sigstore.json'],
      ],
    );
    assert.deepEqual(
      hooked,
      result.bundles.map((b) => b.outputPath),
    );

    const keyless = result.bundles.filter((b) => b.kind === 'keyless');
    const leaves = keyless.map((b) => b.bundle.verificationMaterial.certificate?.rawBytes);
    assert.ok(leaves[0] !== undefined && leaves[0] === leaves[1], 'both bundles share one leaf');
    assert.equal(result.certificateChain?.[0]?.toString('base64'), leaves[0]);
    const leaf = parseCertificate(Buffer.from(leaves[0], 'base64'));
    const signatures = new Set(result.bundles.map((b) => b.bundle.messageSignature?.signature));
    assert.equal(signatures.size, 4, 'each file and half has its own signature');

    for (const [i, signed] of keyless.entries()) {
      const data = (files[i] as { data: Buffer }).data;
      verifyWithSigstoreJs(service.trustedRoot, asSigned(signed, data));
      // And the bundle does not verify for another artifact: the check can fail.
      assert.throws(() =>
        verifyWithSigstoreJs(service.trustedRoot, asSigned(signed, randomBytes(10))),
      );
    }
    assert.ok(leaf.publicKey.length > 0);

    const keyBundles = result.bundles.filter((b) => b.kind === 'key');
    for (const [i, signed] of keyBundles.entries()) {
      const data = (files[i] as { data: Buffer }).data;
      const { bundle } = signed;
      assert.equal(bundle.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
      assert.equal(
        bundle.verificationMaterial.publicKey?.hint,
        publicKeyHint(kmsKey.publicKey as Buffer),
      );
      assert.equal(bundle.verificationMaterial.certificate, undefined);
      const publicKey = createPublicKey({
        key: kmsKey.publicKey as Buffer,
        format: 'der',
        type: 'spki',
      });
      const signature = Buffer.from(bundle.messageSignature?.signature as string, 'base64');
      assert.ok(verify('sha256', data, publicKey, signature), 'KMS signature over the file');
      assert.ok(!verify('sha256', randomBytes(10), publicKey, signature));

      // The entry is in the service's log now, at the index the bundle names.
      const [entry] = bundle.verificationMaterial.tlogEntries;
      assert.ok(entry);
      const body = Buffer.from(entry.canonicalizedBody, 'base64');
      assert.match(body.toString(), /"publicKey":\{"rawBytes":"/);
      const log = service.log;
      assert.ok(log);
      const { size, rootHash } = log.checkpoint;
      const index = Number(entry.logIndex);
      verifyInclusion(index, size, leafHash(body), await log.proveInclusion(index, size), rootHash);

      verifyKeyBundleWithSigstoreJs(signed, data);
      assert.throws(() => verifyKeyBundleWithSigstoreJs(signed, randomBytes(10)));
    }
  });

  it('shows the CA refusal of a bad token verbatim, without the token', async () => {
    const token = await devToken(service.url);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = `${header}.${payload}.${Buffer.from(signature, 'base64url').reverse().toString('base64url')}`;
    // What the CA says, asked directly.
    const direct = await fetch(`${service.url}/api/v2/signingCert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      body: JSON.stringify({
        publicKeyRequest: { publicKey: { content: 'x' }, proofOfPossession: 'AA==' },
      }),
    });
    assert.equal(direct.status, 401);
    const { message } = (await direct.json()) as { message: string };
    assert.ok(message.length > 0);

    const error = await signFiles({
      files: [artifact('c.bin')],
      signingConfig: config,
      token: forged,
      http: { retries: 0 },
    }).then(
      () => assert.fail('signing with a forged token succeeded'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof HttpError, String(error));
    assert.equal(error.code, 'SERVICE_REFUSED');
    assert.ok(error.message.includes(message), error.message);
    assert.match(error.message, /HTTP 401/);
    assert.match(error.message, new RegExp(`${service.url}/api/v2/signingCert`));
    assert.ok(!error.message.includes(signature) && !error.message.includes(payload));
  });

  it('retries a transparency log that answers 503 twice, then signs', async () => {
    let refused = 0;
    const proxy: Server = createServer((req, res) => {
      if (req.url === '/api/v2/log/entries' && refused < 2) {
        refused++;
        req.resume();
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
        res.end(JSON.stringify({ code: 14, message: 'log is busy' }));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void fetch(`${service.url}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
          ...(req.method === 'POST' && { body: Buffer.concat(chunks) }),
        }).then(async (upstream) => {
          res.writeHead(upstream.status, {
            'content-type': upstream.headers.get('content-type') ?? '',
          });
          res.end(Buffer.from(await upstream.arrayBuffer()));
        });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const proxied: SigningConfig = {
        ...config,
        rekorTlogUrls: config.rekorTlogUrls.map((t) => ({ ...t, url: proxyUrl })),
      };
      const file = artifact('d.bin');
      const result = await signFiles({
        files: [file],
        signingConfig: proxied,
        kms: kmsSigner,
        http: { backoffMs: 5 },
      });
      assert.equal(refused, 2);
      const [signed] = result.bundles;
      assert.ok(signed);
      verifyKeyBundleWithSigstoreJs(signed, file.data);

      // With fewer retries than refusals, the run fails and says why.
      refused = 0;
      const error = await signFiles({
        files: [file],
        signingConfig: proxied,
        kms: kmsSigner,
        http: { backoffMs: 5, retries: 1 },
      }).then(
        () => assert.fail('signing succeeded through a log that kept refusing'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof HttpError);
      assert.equal(error.code, 'SERVICE_UNAVAILABLE');
      assert.match(error.message, /HTTP 503: log is busy \(after 2 attempts\)/);
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('fails the whole run, keyless half included, when KMS refuses', async () => {
    kms.setKeyState(kmsKey.keyId, 'Disabled');
    try {
      const error = await signFiles({
        files: [artifact('e.bin')],
        signingConfig: config,
        token: await devToken(service.url),
        kms: kmsSigner,
      }).then(
        () => assert.fail('signing succeeded with a disabled KMS key'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof KmsError, String(error));
      assert.equal(error.code, 'KMS_REFUSED');
    } finally {
      kms.setKeyState(kmsKey.keyId, 'Enabled');
    }
  });

  it('refuses every bundle when verifyBeforeWrite refuses one', async () => {
    const error = await signFiles({
      files: [artifact('f.bin')],
      signingConfig: config,
      kms: kmsSigner,
      verifyBeforeWrite: async () => {
        throw new Error('tlog threshold not met');
      },
    }).then(
      () => assert.fail('a refused bundle was returned'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SignError);
    assert.equal(error.code, 'BUNDLE_INVALID');
    assert.match(
      error.message,
      /key bundle for \/nonexistent\/f\.bin did not verify.*tlog threshold not met/,
    );
  });
});
