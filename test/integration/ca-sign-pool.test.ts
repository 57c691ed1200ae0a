import assert from 'node:assert/strict';
import { type KeyObject, generateKeyPairSync, sign, verify } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import { httpStatusOf } from '../../server/error-status.js';
import { ServerError } from '../../server/http.js';
import { createLogger } from '../../server/logger.js';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import { VerifyPool, startRequestVerifier } from '../../server/verify-pool.js';
import {
  WORKER_ROLE,
  type WorkerSetup,
  decodeAdmitted,
  encodeAdmitted,
} from '../../server/verify-worker.js';
import { CertificateAuthority } from '../../src/ca/authority.js';
import { createIssuingCaCertificate } from '../../src/ca/certificates.js';
import { CaError } from '../../src/ca/error.js';
import type { CertificateIdentity } from '../../src/ca/extensions.js';
import {
  createSelfSignedCa,
  certificatePublicKey,
  parseCertificate,
  spkiOf,
  verifyCertificateSignature,
} from '../../src/core/x509.js';
import { CtLog } from '../../src/ct/log.js';
import { sctSignedData, verifySct } from '../../src/ct/sct.js';
import { FulcioApi } from '../../src/ca/fulcio.js';
import { toPem } from '../../src/core/pem.js';
import { KmsError } from '../../src/kms/error.js';
import { type Signer, localSigner } from '../../src/kms/signer.js';
import { HELD_WORKER_URL, gateOf } from '../helpers/held-worker.js';
import { startTestIssuer } from '../helpers/oidc.js';
import { tempDir } from '../helpers/server.js';
import { until } from '../helpers/wait.js';
import { serverHeldKey } from '../helpers/keys.js';

/**
 * The issuing CA's key signing in the request verifier's worker threads (server/verify-pool.ts
 * `signer`): what it signs is what the key on this thread would sign, a key the workers cannot
 * use stops start-up, and a worker that dies mid-signature fails that request with a 5xx and
 * issues nothing.
 */

const IDENTITY: CertificateIdentity = {
  san: {
    type: 'uri',
    value: 'https://github.com/octo-org/repo/.github/workflows/ci.yml@refs/heads/main',
  },
  issuer: 'https://token.actions.githubusercontent.com',
  githubWorkflowRepository: 'octo-org/repo',
};

interface Ca {
  root: Buffer;
  issuing: Buffer;
  key: KeyObject;
  ref: string;
}

async function issuingCa(curve: 'P-256' | 'P-384'): Promise<Ca> {
  const rootKey = serverHeldKey('P-256');
  const now = new Date(Date.now() - 60_000);
  const later = new Date(now.getTime() + 86_400_000);
  const root = createSelfSignedCa({
    privateKey: rootKey,
    subject: { organization: 'Signet', commonName: 'Test Root' },
    notBefore: now,
    notAfter: later,
  });
  const key = serverHeldKey(curve);
  const ref = `file:/test/issuing-${curve}.key.pem`;
  const issuing = await createIssuingCaCertificate({
    rootCertificate: root,
    rootSigner: localSigner(rootKey, 'root'),
    publicKey: spkiOf(key),
    notBefore: now,
    notAfter: later,
  });
  return { root, issuing, key, ref };
}

const authority = (ca: Ca, signer: Signer, now: Date, ct?: CtLog): CertificateAuthority =>
  new CertificateAuthority({
    certificate: ca.issuing,
    chainToRoot: [ca.root],
    signer,
    now: () => now,
    ct,
  });

describe('the issuing CA key signing in worker threads', () => {
  const cas: Partial<Record<'P-256' | 'P-384', Ca>> = {};
  let pool: VerifyPool;

  before(async () => {
    cas['P-256'] = await issuingCa('P-256');
    cas['P-384'] = await issuingCa('P-384');
    pool = await VerifyPool.start({
      size: 2,
      signingKeys: {
        p256: { key: cas['P-256'].key, ref: cas['P-256'].ref },
        p384: { key: cas['P-384'].key, ref: cas['P-384'].ref },
      },
    });
  });
  after(() => pool?.close());

  for (const [curve, name] of [
    ['P-256', 'p256'],
    ['P-384', 'p384'],
  ] as const) {
    it(`${curve}: a worker-signed certificate verifies and matches the in-thread one field by field`, async () => {
      const ca = cas[curve] as Ca;
      const here = localSigner(ca.key, ca.ref);
      const there = pool.signer(name);
      // The same key and description as the signer on this thread.
      assert.equal(there.ref, here.ref);
      assert.equal(there.algorithm, here.algorithm);
      assert.ok(there.publicKey.equals(here.publicKey));
      assert.equal(there.signsDigests, false);
      await assert.rejects(
        there.signDigest(Buffer.alloc(here.algorithm === 'ecdsa-p256-sha256' ? 32 : 48)),
        {
          name: 'KmsError',
          code: 'DIGEST_SIGNING_UNSUPPORTED',
        },
      );

      const now = new Date();
      const subject = spkiOf(serverHeldKey('P-256'));
      const [a, b] = await Promise.all([
        authority(ca, there, now).issue(IDENTITY, subject),
        authority(ca, here, now).issue(IDENTITY, subject),
      ]);
      const worker = parseCertificate(a.certificate);
      const local = parseCertificate(b.certificate);
      const issuer = certificatePublicKey(parseCertificate(ca.issuing));
      assert.ok(
        verifyCertificateSignature(worker, issuer),
        'the worker-signed certificate verifies',
      );
      assert.ok(verifyCertificateSignature(local, issuer));
      // Every field but the serial (random per certificate) and the signature value (ECDSA is
      // randomised) is the same.
      assert.notDeepEqual(worker.serial, local.serial);
      for (const field of [
        'version',
        'issuer',
        'subject',
        'notBefore',
        'notAfter',
        'publicKey',
        'signatureAlgorithm',
        'extensions',
      ] as const) {
        assert.deepEqual(worker[field], local[field], field);
      }
      assert.deepEqual(a.chain.slice(1), b.chain.slice(1));
    });
  }

  it('signs many at once, each its own data, across both workers', async () => {
    const signer = pool.signer('p256');
    const publicKey = certificatePublicKey(parseCertificate((cas['P-256'] as Ca).issuing));
    const data = Array.from({ length: 500 }, (_, i) => Buffer.from(`tbs ${i}`));
    const signatures = await Promise.all(data.map((d) => signer.sign(d)));
    signatures.forEach((signature, i) => {
      assert.ok(verify('sha256', data[i] as Buffer, publicKey, signature), `signature ${i}`);
    });
    assert.equal(pool.load, 0);
  });

  it('refuses a key name it was not started with', () => {
    assert.throws(() => pool.signer('tsa'), /no signing key 'tsa' was given/);
  });

  it('verifyWorkers: 0 signs on the calling thread with the same signer', async () => {
    const ca = cas['P-384'] as Ca;
    const here = await startRequestVerifier({
      size: 0,
      signingKeys: { k: { key: ca.key, ref: ca.ref } },
    });
    const signer = here.signer('k');
    assert.equal(signer.ref, ca.ref);
    const publicKey = certificatePublicKey(parseCertificate(ca.issuing));
    const data = Buffer.from('data');
    assert.ok(verify('sha384', data, publicKey, await signer.sign(data)));
  });
});

describe('signing in worker threads: start-up refusals', () => {
  it('a key that cannot sign stops the pool from starting, naming the key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    await assert.rejects(
      VerifyPool.start({
        size: 1,
        signingKeys: { ca: { key: privateKey, ref: 'file:/keys/ca.pem' } },
      }),
      (error: unknown) =>
        error instanceof KmsError &&
        error.code === 'KEY_UNSUPPORTED' &&
        /file:\/keys\/ca\.pem/.test(error.message),
    );
  });

  it('a worker that cannot load its key fails to start with a message naming the key', async () => {
    const setup: WorkerSetup = {
      role: WORKER_ROLE,
      maxQueueDelayMs: 1000,
      signingKeys: { 'issuing-ca': Buffer.from('not a PKCS#8 key') },
    };
    const worker = new Worker(new URL('../../server/verify-worker.js', import.meta.url), {
      workerData: setup,
    });
    const outcome = await new Promise<string>((resolve) => {
      worker.once('message', () => resolve('ready'));
      worker.once('error', (error) => resolve(error.message));
    });
    await worker.terminate();
    assert.match(outcome, /the signing key 'issuing-ca' cannot be loaded in a worker thread/);
  });
});

describe('signing in worker threads: a worker that dies mid-signature', () => {
  let dir: string;
  let ct: CtLog;
  let ca: Ca;
  let pool: VerifyPool;
  const errors: string[] = [];

  before(async () => {
    dir = await tempDir();
    ca = await issuingCa('P-256');
    ct = await CtLog.open({
      origin: 'ct.example.test',
      key: serverHeldKey('P-256'),
      storage: new PosixLogStorage(dir),
      roots: [ca.root],
      batchMaxAgeMs: 1,
      checkpointIntervalMs: 0,
    });
  });
  after(async () => {
    await pool?.close();
    await ct?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails that request with a 503 naming the key, issues nothing, and the next one succeeds', async () => {
    const gated = gateOf();
    pool = await VerifyPool.start({
      size: 1,
      workerUrl: HELD_WORKER_URL,
      signingKeys: { 'issuing-ca': { key: ca.key, ref: ca.ref } },
      logger: createLogger('error', (line) => errors.push(line)),
    });
    const gate = await gated;
    const cert = authority(ca, pool.signer('issuing-ca'), new Date(), ct);
    const subject = spkiOf(serverHeldKey('P-256'));

    gate.shut();
    const size = ct.log.checkpoint.size;
    const issuing = cert.issue(IDENTITY, subject).then(
      () => assert.fail('a certificate was issued'),
      (error: unknown) => error,
    );
    // The precertificate is logged, then its final signature waits in the stalled worker.
    await until(
      () => pool.load === 1 && ct.log.checkpoint.size === size + 1,
      'the signature reaching the worker',
    );
    await new Promise((resolve) => setImmediate(resolve)); // the batch is posted
    await pool.killWorker(0);
    gate.open();
    const error = (await issuing) as CaError;
    assert.ok(error instanceof CaError, String(error));
    assert.equal(error.code, 'CA_UNAVAILABLE');
    assert.equal(httpStatusOf(error), 503);
    assert.match(
      error.message,
      /the issuing CA key file:\/test\/issuing-P-256\.key\.pem could not sign: signing with 'issuing-ca' failed: the worker thread signing it stopped/,
    );
    assert.ok(errors.some((line) => line.includes('worker stopped')));
    // Like Fulcio: the precertificate stays in the CT log, and no certificate exists for it.
    assert.equal(ct.log.checkpoint.size, size + 1);

    // A fresh worker (or this thread, until it is up) signs the next one.
    const next = await cert.issue(IDENTITY, subject);
    assert.ok(
      verifyCertificateSignature(
        parseCertificate(next.certificate),
        certificatePublicKey(parseCertificate(ca.issuing)),
      ),
    );
    assert.ok(!(error instanceof ServerError));
  });
});

describe('certificates drafted where requests are admitted', () => {
  it('an admitted request crosses threads as bytes, with or without its draft', () => {
    const publicKey = spkiOf(serverHeldKey('P-384'));
    const draft = { serial: Buffer.alloc(20, 0x7f), tbs: Buffer.alloc(900, 0x30) };
    for (const admitted of [
      { identity: IDENTITY, publicKey },
      { identity: IDENTITY, publicKey, draft },
    ]) {
      assert.deepEqual(decodeAdmitted(encodeAdmitted(admitted)), admitted);
    }
  });

  it('a worker drafts the certificate at admission; issued from the draft it equals the CA’s own', async () => {
    const issuer = await startTestIssuer({ path: '/_services/token', keyType: 'ec' });
    const ca = await issuingCa('P-384');
    const identity = { issuers: [issuer.settings('github')] };
    const pool = await VerifyPool.start({
      size: 1,
      identity,
      certificateTemplate: { certificate: ca.issuing, algorithm: 'ecdsa-p384-sha384' },
      signingKeys: { 'issuing-ca': { key: ca.key, ref: ca.ref } },
    });
    const here = await startRequestVerifier({ size: 0, identity });
    try {
      const claims = issuer.githubClaims();
      const client = serverHeldKey('P-256');
      const body = Buffer.from(
        JSON.stringify({
          publicKeyRequest: {
            publicKey: { content: toPem('PUBLIC KEY', spkiOf(client)) },
            proofOfPossession: sign('sha256', Buffer.from(claims.sub as string), client).toString(
              'base64',
            ),
          },
        }),
      );
      const auth = `Bearer ${await issuer.mint(claims)}`;
      const [drafted, plain] = await Promise.all([pool.admit(body, auth), here.admit(body, auth)]);
      assert.ok(drafted.draft, 'the worker drafted the certificate');
      assert.equal(plain.draft, undefined, 'nothing drafts without a template');
      assert.deepEqual({ ...drafted, draft: undefined }, { ...plain, draft: undefined });

      const api = new FulcioApi(authority(ca, pool.signer('issuing-ca'), new Date()));
      const [fromDraft, fromHere] = await Promise.all([api.issue(drafted), api.issue(plain)]);
      const a = parseCertificate(fromDraft.certificate);
      const b = parseCertificate(fromHere.certificate);
      assert.ok(fromDraft.serial.equals(drafted.draft.serial), 'the draft’s serial is issued');
      assert.ok(verifyCertificateSignature(a, certificatePublicKey(parseCertificate(ca.issuing))));
      for (const field of [
        'version',
        'issuer',
        'subject',
        'publicKey',
        'signatureAlgorithm',
        'extensions',
      ] as const) {
        assert.deepEqual(a[field], b[field], field);
      }
      // Drafted a moment apart, on whole seconds: the same validity, at most a second apart.
      assert.equal(a.notAfter.getTime() - a.notBefore.getTime(), 10 * 60 * 1000);
      assert.ok(Math.abs(a.notBefore.getTime() - b.notBefore.getTime()) <= 1000);
    } finally {
      await pool.close();
      await issuer.close();
    }
  });
});

describe('SCTs signed in worker threads', () => {
  it('verify with the CT log key, and a signer of another key is refused', async () => {
    const dir = await tempDir();
    const ca = await issuingCa('P-256');
    const ctKey = serverHeldKey('P-256');
    const ct = await CtLog.open({
      origin: 'ct.example.test',
      key: ctKey,
      storage: new PosixLogStorage(dir),
      roots: [ca.root],
      batchMaxAgeMs: 1,
      checkpointIntervalMs: 0,
    });
    const pool = await VerifyPool.start({
      size: 1,
      signingKeys: {
        ct: { key: ctKey, ref: 'the CT log key' },
        other: { key: serverHeldKey('P-256'), ref: 'file:/keys/other.pem' },
      },
    });
    try {
      assert.throws(() => ct.signSctsWith(pool.signer('other')), {
        name: 'CtError',
        code: 'CONFIG_INVALID',
        message: /file:\/keys\/other\.pem is not the CT log key/,
      });
      ct.signSctsWith(pool.signer('ct'));
      const draft = new CertificateAuthority({
        certificate: ca.issuing,
        chainToRoot: [ca.root],
        signer: localSigner(ca.key, ca.ref),
      }).template.draft(IDENTITY, spkiOf(serverHeldKey('P-256')));
      const entry = {
        type: 'precert' as const,
        issuerKeyHash: Buffer.alloc(32, 7),
        tbs: draft.tbs,
      };
      const sct = await ct.addPrecertEntry(entry);
      const signedData = sctSignedData({
        timestamp: sct.timestamp,
        entry,
        extensions: sct.extensions,
      });
      assert.ok(verifySct(sct, ct.publicKey, signedData), 'the worker-signed SCT verifies');
      assert.ok(sct.logId.equals(ct.logId));
    } finally {
      await pool.close();
      await ct.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
