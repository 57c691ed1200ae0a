import assert from 'node:assert/strict';
import { type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../server/config.js';
import { ServerError } from '../../server/http.js';
import { httpStatusOf } from '../../server/error-status.js';
import { createLogger } from '../../server/logger.js';
import {
  DEFAULT_MAX_QUEUE_DELAY_MS,
  type ShedStage,
  VerifyPool,
  startRequestVerifier,
} from '../../server/verify-pool.js';
import { verifyRequestBody } from '../../server/verify-worker.js';
import {
  buildCertificate,
  createSelfSignedCa,
  name,
  parseCertificate,
  randomSerial,
  signatureAlgorithmFor,
  signerFor,
  spkiOf,
} from '../../src/core/x509.js';
import { pae } from '../../src/tlog/rekor.js';
import { EntryFactory } from '../helpers/entries.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { toPem } from '../../src/core/pem.js';
import { noteSigner } from '../../src/core/note.js';
import { TransparencyLog } from '../../src/tlog/log.js';
import { Counter } from '../../server/metrics.js';
import { Router } from '../../server/router.js';
import { LOG_ENDPOINTS, LOG_ENTRIES_PATH, logRoutes } from '../../server/routes/log.js';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import { HELD_WORKER_URL, type WorkerGate, gateOf } from '../helpers/held-worker.js';
import { tempDir } from '../helpers/server.js';

type Outcome =
  | { ok: true; body: string }
  | { ok: false; class: string; code: string; message: string; status?: number };

const describeError = (error: unknown): Outcome => {
  const e = error as Error & { code?: string };
  return {
    ok: false,
    class: e.constructor.name,
    code: String(e.code),
    message: e.message,
    ...(e instanceof ServerError ? { status: httpStatusOf(e) } : {}),
  };
};

/** What verifying `body` on this thread gives: the canonical entry or the error. */
function inThread(body: Buffer): Outcome {
  try {
    return { ok: true, body: verifyRequestBody(body).body.toString('base64') };
  } catch (error) {
    return describeError(error);
  }
}

const viaPool = (pool: { verify(b: Buffer): Promise<{ body: Buffer }> }, body: Buffer) =>
  pool
    .verify(body)
    .then((entry): Outcome => ({ ok: true, body: entry.body.toString('base64') }), describeError);

type Request = Record<string, unknown>;
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const b64 = (bytes: Buffer): string => bytes.toString('base64');

function hashedRekord(
  privateKey: KeyObject,
  verifier: object,
  hash = 'sha256',
  artifact = Buffer.from('artifact'),
): Request {
  return {
    hashedRekordRequestV002: {
      digest: b64(createHash(hash).update(artifact).digest()),
      signature: { content: b64(sign(hash, artifact, privateKey)), verifier },
    },
  };
}

/** Valid and invalid request bodies covering every branch of entryFromRequest. */
function corpus(): [string, Buffer][] {
  const factory = new EntryFactory();
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caCert = createSelfSignedCa({
    privateKey: ca.privateKey,
    subject: { commonName: 'test CA', organization: 'Signet' },
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3600_000),
  });
  const cert = buildCertificate(
    {
      serial: randomSerial(),
      issuer: parseCertificate(caCert).subject,
      subject: name([{ short: 'CN', value: 'leaf' }]),
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 600_000),
      publicKey: spkiOf(leaf.publicKey),
      extensions: [],
      signatureAlgorithm: signatureAlgorithmFor(ca.privateKey),
    },
    signerFor(ca.privateKey),
  );
  const spkiVerifier = (key: KeyObject, keyDetails: string): object => ({
    publicKey: { rawBytes: b64(key.export({ format: 'der', type: 'spki' })) },
    keyDetails,
  });
  const certVerifier = {
    x509Certificate: { rawBytes: b64(cert) },
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
  };
  const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
  const payloadType = 'application/vnd.in-toto+json';
  const dsse = {
    dsseRequestV002: {
      envelope: {
        payload: b64(payload),
        payloadType,
        signatures: [{ sig: b64(sign('sha256', pae(payloadType, payload), leaf.privateKey)) }],
      },
      verifiers: [certVerifier],
    },
  };
  const valid = factory.request() as { hashedRekordRequestV002: Request };
  const mutate = (f: (r: { hashedRekordRequestV002: Request }) => void): Buffer => {
    const copy = structuredClone(valid);
    f(copy);
    return json(copy);
  };
  const verifierOf = (r: { hashedRekordRequestV002: Request }) =>
    (r.hashedRekordRequestV002.signature as { verifier: Record<string, unknown> }).verifier;
  let nested = '1';
  for (let i = 0; i < 20_000; i++) nested = `[${nested}]`;

  return [
    ['a P-256 entry', json(valid)],
    ['snake_case fields', json({ hashed_rekord_request_v002: valid.hashedRekordRequestV002 })],
    [
      'a P-384 entry',
      json(
        hashedRekord(
          p384.privateKey,
          spkiVerifier(p384.publicKey, 'PKIX_ECDSA_P384_SHA_384'),
          'sha384',
        ),
      ),
    ],
    [
      'an RSA entry',
      json(
        hashedRekord(rsa.privateKey, spkiVerifier(rsa.publicKey, 'PKIX_RSA_PKCS1V15_2048_SHA256')),
      ),
    ],
    ['a certificate verifier', json(hashedRekord(leaf.privateKey, certVerifier))],
    ['a DSSE entry', json(dsse)],
    ['malformed JSON', Buffer.from('{"hashedRekordRequestV002": ')],
    ['an empty body', Buffer.alloc(0)],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['JSON nested 20,000 deep', Buffer.from(nested)],
    ['a JSON array', json([1, 2])],
    ['an unknown entry type', json({ intotoRequestV002: {} })],
    ['two entry types', json({ ...valid, dsseRequestV002: dsse.dsseRequestV002 })],
    ['an unsupported keyDetails', mutate((r) => (verifierOf(r).keyDetails = 'PKIX_ED25519_PH'))],
    [
      'keyDetails for another curve',
      mutate((r) => (verifierOf(r).keyDetails = 'PKIX_ECDSA_P384_SHA_384')),
    ],
    [
      'a key that is not DER',
      mutate((r) => (verifierOf(r).publicKey = { rawBytes: 'bm90IGEga2V5' })),
    ],
    [
      'a certificate that is not DER',
      mutate((r) => {
        delete verifierOf(r).publicKey;
        verifierOf(r).x509Certificate = { rawBytes: 'bm90IGEgY2VydA==' };
      }),
    ],
    [
      'an Ed25519 key under an ECDSA keyDetails',
      mutate(
        (r) =>
          (verifierOf(r).publicKey = {
            rawBytes: b64(
              generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }),
            ),
          }),
      ),
    ],
    [
      'a bad signature',
      mutate((r) => {
        const signature = r.hashedRekordRequestV002.signature as { content: string };
        const bytes = Buffer.from(signature.content, 'base64');
        bytes[bytes.length - 1]! ^= 1;
        signature.content = b64(bytes);
      }),
    ],
    [
      'a digest of the wrong length',
      mutate((r) => (r.hashedRekordRequestV002.digest = b64(Buffer.alloc(20)))),
    ],
    ['bad base64', mutate((r) => (r.hashedRekordRequestV002.digest = '***'))],
    ['a missing signature', mutate((r) => delete r.hashedRekordRequestV002.signature)],
    [
      'a DSSE signature over another payload',
      json({
        dsseRequestV002: {
          ...dsse.dsseRequestV002,
          envelope: { ...dsse.dsseRequestV002.envelope, payload: b64(Buffer.from('other')) },
        },
      }),
    ],
  ];
}

describe('VerifyPool', () => {
  const cases = corpus();
  const errors: string[] = [];
  const logger = createLogger('error', (line) => errors.push(line));
  let pool: VerifyPool;

  before(async () => {
    // Thousands at once can wait past the default maxQueueDelayMs on a busy machine; shedding
    // is tested on its own below.
    pool = await VerifyPool.start({ size: 2, logger, maxQueueDelayMs: 600_000 });
  });
  after(() => pool.close());

  it('answers exactly as entryFromRequest on this thread does, for valid and invalid input', async () => {
    const threads = pool.threadIds;
    let valid = 0;
    for (const [what, body] of cases) {
      const expected = inThread(body);
      if (expected.ok) valid++;
      assert.deepEqual(await viaPool(pool, body), expected, what);
    }
    assert.equal(valid, 6, 'the corpus has six valid requests');
    // Nothing in the corpus stopped a worker.
    assert.deepEqual(pool.threadIds, threads);
    assert.deepEqual(errors, []);
  });

  it('answers thousands of concurrent requests, each with its own result', async () => {
    // 2,000: just under what two workers queue (DEFAULT_MAX_QUEUE each) before pushing back.
    const bodies = Array.from({ length: 2000 }, (_, i) => cases[i % cases.length]![1]);
    const expected = bodies.map(inThread);
    const results = await Promise.all(bodies.map((body) => viaPool(pool, body)));
    assert.deepEqual(results, expected);
    assert.equal(pool.load, 0);
  });

  it('replaces a worker that dies mid-flight; its requests fail with a 500, the rest succeed', async () => {
    const factory = new EntryFactory();
    const bodies = Array.from({ length: 600 }, () => json(factory.request()));
    const before = pool.threadIds;
    const settled = bodies.map((body) => viaPool(pool, body));
    // Full batches went out synchronously; kill one worker while they are being verified.
    await pool.killWorker(0);
    const results = await Promise.all(settled);
    const failed = results.filter((r) => !r.ok);
    assert.ok(failed.length > 0, 'some requests were in the killed worker');
    for (const failure of failed) {
      assert.deepEqual(failure, {
        ok: false,
        class: 'ServerError',
        code: 'INTERNAL',
        message: 'signature verification failed: the verification worker stopped',
        status: 500,
      });
    }
    results.forEach((r, i) => {
      if (r.ok) assert.deepEqual(r, inThread(bodies[i]!));
    });
    assert.ok(errors.some((line) => line.includes('signature verification worker stopped')));
    // A fresh worker takes the slot.
    for (let i = 0; i < 100 && pool.threadIds.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const now = pool.threadIds;
    assert.equal(now.length, 2);
    assert.notEqual(now[0], before[0]);
    assert.equal(now[1], before[1]);
    const again = json(factory.request());
    assert.deepEqual(await viaPool(pool, again), inThread(again));
  });
});

describe('VerifyPool: limits, start-up and shutdown', () => {
  const factory = new EntryFactory();

  it('close() answers every accepted request, then refuses new ones', async () => {
    const pool = await VerifyPool.start({ size: 2, maxQueueDelayMs: 600_000 });
    const bodies = Array.from({ length: 400 }, () => json(factory.request()));
    const pending = bodies.map((body) => viaPool(pool, body));
    await pool.close();
    const results = await Promise.all(pending);
    assert.deepEqual(results, bodies.map(inThread));
    assert.equal(pool.load, 0);
    const late = await viaPool(pool, bodies[0]!);
    assert.deepEqual(late, {
      ok: false,
      class: 'ServerError',
      code: 'UNAVAILABLE',
      message: 'the server is shutting down',
      status: 503,
    });
  });

  it('pushes back with 503 and Retry-After when a worker queue is full', async () => {
    const pool = await VerifyPool.start({ size: 1, maxQueue: 10 });
    try {
      const body = json(factory.request());
      const results = await Promise.allSettled(Array.from({ length: 25 }, () => pool.verify(body)));
      const refused = results.filter((r) => r.status === 'rejected');
      assert.equal(refused.length, 15);
      for (const r of refused) {
        const error = (r as PromiseRejectedResult).reason as ServerError;
        assert.ok(error instanceof ServerError);
        assert.equal(httpStatusOf(error), 503);
        assert.equal(error.headers['retry-after'], '1');
        assert.match(error.message, /request verification is saturated/);
      }
    } finally {
      await pool.close();
    }
  });

  it('fails to start, rather than serve without verification, when the worker cannot load', async () => {
    await assert.rejects(
      VerifyPool.start({ size: 1, workerUrl: new URL('./no-such-worker.js', import.meta.url) }),
      /no-such-worker|Cannot find module/,
    );
  });

  it('verifyWorkers: 0 verifies on the calling thread; the setting is validated', async () => {
    const here = await startRequestVerifier({ size: 0 });
    assert.ok(!(here instanceof VerifyPool));
    const body = json(factory.request());
    assert.deepEqual(await viaPool(here, body), inThread(body));
    const config = await loadConfig(undefined, {});
    assert.ok(config.verifyWorkers >= 1);
    assert.equal((await loadConfig(undefined, { verifyWorkers: 0 })).verifyWorkers, 0);
    for (const bad of [-1, 65, 1.5]) {
      await assert.rejects(
        loadConfig(undefined, { verifyWorkers: bad }),
        /verifyWorkers must be an integer from 0 to 64/,
      );
    }
  });
});

describe('VerifyPool: shedding by queue delay (maxQueueDelayMs), over HTTP', () => {
  const MAX_DELAY_MS = 200;
  const factory = new EntryFactory();
  let dir: string;
  let log: TransparencyLog;
  let pool: VerifyPool;
  let gate: WorkerGate;
  let server: Server;
  let url: string;
  const shed: ShedStage[] = [];

  before(async () => {
    dir = await tempDir();
    const signer = noteSigner('shed.example.test', generateKeyPairSync('ed25519').privateKey);
    log = await TransparencyLog.open({
      origin: 'shed.example.test',
      signer,
      storage: new PosixLogStorage(dir),
      batchMaxAgeMs: 1,
      checkpointIntervalMs: 0,
    });
    const gated = gateOf();
    pool = await VerifyPool.start({
      size: 1,
      maxQueueDelayMs: MAX_DELAY_MS,
      workerUrl: HELD_WORKER_URL,
      onShed: (kind, stage) => {
        assert.equal(kind, 'entry');
        shed.push(stage);
      },
    });
    gate = await gated;
    const counters = {
      appends: new Counter('appends', 'test'),
      requestsShed: new Counter('shed', 'test'),
    };
    const router = new Router({
      roles: ['tlog'],
      logger: createLogger('error', () => {}),
      observe: () => {},
    }).mount(LOG_ENDPOINTS, logRoutes(log, signer.keyId, 128 * 1024, counters, pool), 'tlog');
    server = createServer(router.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    gate?.open();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await pool?.close();
    await log?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const post = async (body: Buffer, signal?: AbortSignal) => {
    const response = await fetch(`${url}${LOG_ENTRIES_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal,
    });
    const answer = (await response.json()) as { message?: string };
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      message: answer.message,
    };
  };

  /** Waits, at most `withinMs`, until `condition` holds. */
  const until = async (what: string, condition: () => boolean, withinMs = 10_000) => {
    const deadline = Date.now() + withinMs;
    while (!condition()) {
      if (Date.now() > deadline) assert.fail(`${what}: not within ${withinMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('refuses new requests at once while the queue is too old, answers expired ones unverified, and serves again once it drains', async () => {
    assert.equal((await post(json(factory.request()))).status, 201, 'an idle pool serves');

    // The worker stalls (as when starved of CPU) with requests queued behind it.
    gate.shut();
    const queued = Array.from({ length: 8 }, () => post(json(factory.request())));
    await until('8 requests queued', () => pool.load === 8);
    await until('the oldest waited past maxQueueDelayMs', () => pool.queueDelayMs > MAX_DELAY_MS);

    // A flood now is answered at once, without waiting for the stalled worker.
    const started = Date.now();
    const flood = await Promise.all(
      // Bounded: queued behind the stalled worker instead, they would never be answered.
      Array.from({ length: 50 }, () => post(json(factory.request()), AbortSignal.timeout(5_000))),
    );
    const floodMs = Date.now() - started;
    for (const answer of flood) {
      assert.equal(answer.status, 503);
      assert.equal(answer.retryAfter, '1');
      assert.match(
        answer.message ?? '',
        /^request verification is saturated: the oldest of 8 requests has waited \d+ ms for a worker \(maxQueueDelayMs 200\); retry later$/,
      );
    }
    assert.equal(pool.load, 8, 'none of the flood was queued');
    assert.ok(floodMs < 8 * MAX_DELAY_MS, `the flood was answered in ${floodMs} ms`);

    // Refused with its body unread: only the head is sent, and the answer comes anyway.
    const unread = await new Promise<{ status?: number; retryAfter?: string }>(
      (resolve, reject) => {
        const req = request(`${url}${LOG_ENTRIES_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': '100000' },
        });
        req.on('response', (res) => {
          res.resume();
          resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'] });
          req.destroy();
        });
        req.on('error', reject);
        req.flushHeaders();
      },
    );
    assert.deepEqual(unread, { status: 503, retryAfter: '1' });
    assert.deepEqual(
      shed.filter((s) => s === 'arrival').length,
      51,
      'each refusal was counted as shed on arrival',
    );

    // The worker goes on: what waited past maxQueueDelayMs is answered without the work.
    gate.open();
    for (const answer of await Promise.all(queued)) {
      assert.equal(answer.status, 503);
      assert.equal(answer.retryAfter, '1');
      assert.match(
        answer.message ?? '',
        /^request verification is saturated: this request waited \d+ ms for a worker \(maxQueueDelayMs 200\) and was not verified; retry later$/,
      );
    }
    assert.equal(shed.filter((s) => s === 'pickup').length, 8);
    assert.equal(log.checkpoint.size, 1, 'no shed request reached the log');

    // Drained: new requests are served again.
    assert.equal(pool.queueDelayMs, 0);
    const later = await Promise.all(Array.from({ length: 3 }, () => post(json(factory.request()))));
    assert.deepEqual(
      later.map((a) => a.status),
      [201, 201, 201],
    );
    assert.equal(log.checkpoint.size, 4);
  });

  it('maxQueueDelayMs is a validated setting with a documented default', async () => {
    assert.equal((await loadConfig(undefined, {})).maxQueueDelayMs, DEFAULT_MAX_QUEUE_DELAY_MS);
    assert.equal((await loadConfig(undefined, { maxQueueDelayMs: 50 })).maxQueueDelayMs, 50);
    for (const bad of [0, 9, 600_001, 1.5]) {
      await assert.rejects(
        loadConfig(undefined, { maxQueueDelayMs: bad }),
        /maxQueueDelayMs must be an integer from 10 to 600000/,
      );
    }
  });
});

describe('VerifyPool: certificate-request admission', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await startTestIssuer({ path: '/_services/token', keyType: 'ec' });
  });
  after(async () => {
    await issuer?.close();
  });

  const request = async (overrides: Record<string, unknown> = {}) => {
    const claims = issuer.githubClaims(overrides);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const body = Buffer.from(
      JSON.stringify({
        publicKeyRequest: {
          publicKey: { content: toPem('PUBLIC KEY', spkiOf(privateKey)) },
          proofOfPossession: sign('sha256', Buffer.from(claims.sub as string), privateKey).toString(
            'base64',
          ),
        },
      }),
    );
    return { body, auth: `Bearer ${await issuer.mint(claims)}`, spki: spkiOf(privateKey) };
  };

  it('admits in a worker exactly as on this thread, and refusals keep their class and code', async () => {
    const identity = { issuers: [issuer.settings('github')] };
    const pool = await VerifyPool.start({ size: 1, identity });
    const here = await startRequestVerifier({ size: 0, identity });
    try {
      const good = await request();
      const [viaWorker, viaHere] = await Promise.all([
        pool.admit(good.body, good.auth),
        here.admit(good.body, good.auth),
      ]);
      assert.deepEqual(viaWorker, viaHere);
      assert.ok(viaWorker.publicKey.equals(good.spki));
      assert.equal(viaWorker.identity.issuer, issuer.url);
      const expired = await request({ exp: Math.floor(Date.now() / 1000) - 3600 });
      const outcomes = await Promise.all(
        [pool, here].map((v) =>
          v.admit(expired.body, expired.auth).then(() => undefined, describeError),
        ),
      );
      assert.equal(outcomes[0]?.ok, false);
      assert.deepEqual(outcomes[0], outcomes[1]);
      assert.equal((outcomes[0] as { class: string }).class, 'OidcError');
      assert.equal((outcomes[0] as { code: string }).code, 'TOKEN_EXPIRED');
    } finally {
      await pool.close();
    }
  });

  it('admits a Fulcio v1 body by its own shape, in a worker as on this thread', async () => {
    const identity = { issuers: [issuer.settings('github')] };
    const pool = await VerifyPool.start({ size: 1, identity });
    const here = await startRequestVerifier({ size: 0, identity });
    try {
      const claims = issuer.githubClaims();
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const v1 = Buffer.from(
        JSON.stringify({
          publicKey: {
            content: Buffer.from(toPem('PUBLIC KEY', spkiOf(privateKey))).toString('base64'),
          },
          signedEmailAddress: sign(
            'sha256',
            Buffer.from(claims.sub as string),
            privateKey,
          ).toString('base64'),
        }),
      );
      const auth = `Bearer ${await issuer.mint(claims)}`;
      const [viaWorker, viaHere] = await Promise.all([
        pool.admit(v1, auth, 'v1'),
        here.admit(v1, auth, 'v1'),
      ]);
      assert.deepEqual(viaWorker, viaHere);
      assert.ok(viaWorker.publicKey.equals(spkiOf(privateKey)));
      // The form decides the parser: the same body read as v2 has no key request.
      const asV2 = await Promise.all(
        [pool, here].map((v) => v.admit(v1, auth).then(() => undefined, describeError)),
      );
      assert.deepEqual(asV2[0], asV2[1]);
      assert.equal((asV2[0] as { code: string }).code, 'REQUEST_INVALID');
    } finally {
      await pool.close();
    }
  });
});
