import assert from 'node:assert/strict';
import { type KeyObject, createHash } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { SERVER_DEFAULTS } from '../../server/config.js';
import { ServerError } from '../../server/http.js';
import { createLogger } from '../../server/logger.js';
import { VerifyPool } from '../../server/verify-pool.js';
import { parsePem } from '../../src/core/pem.js';
import { createSelfSignedCa } from '../../src/core/x509.js';
import {
  TimestampAuthority,
  createTsaCertificate,
  encodeTimestampRequest,
  parseTimestampRequest,
  verifyTimestamp,
} from '../../src/tsa/index.js';
import { HELD_WORKER_URL, gateOf } from '../helpers/held-worker.js';
import { startTestService } from '../helpers/server.js';
import { until } from '../helpers/wait.js';
import { serverHeldKey } from '../helpers/keys.js';

/**
 * The TSA key signing in the request verifier's worker threads (server/routes/tsa.ts): the
 * token a worker signs verifies like one signed here, a worker that stops mid-signature fails
 * that timestamp and not the next, and the service answers with either curve and without
 * workers (a P-384 key signs SHA-256 on the event loop).
 */

const HOUR = 3_600_000;
const data = Buffer.from('artifact signature bytes');
const digest = createHash('sha256').update(data).digest();
const request = parseTimestampRequest(
  encodeTimestampRequest({ hashAlgorithm: 'sha256', hashedMessage: digest, nonce: 99n }),
);

function tsaChain(key: KeyObject): Buffer[] {
  const rootKey = serverHeldKey('P-256');
  const validity = {
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + HOUR),
  };
  const root = createSelfSignedCa({
    privateKey: rootKey,
    subject: { commonName: 'Pool TSA Root', organization: 'Signet' },
    ...validity,
  });
  const leaf = createTsaCertificate({
    rootKey,
    rootCert: root,
    tsaPublicKey: key,
    subject: { commonName: 'Pool TSA', organization: 'Signet' },
    validity,
  });
  return [leaf, root];
}

describe('the TSA key signing in the worker threads', () => {
  const key = serverHeldKey('P-256');
  const chain = tsaChain(key);
  const authority = new TimestampAuthority({ privateKey: key, certChain: chain });
  let pool: VerifyPool | undefined;
  after(() => pool?.close());

  it('signs tokens that verify, and a worker stopping mid-signature fails only that one', async () => {
    const errors: string[] = [];
    const gated = gateOf();
    pool = await VerifyPool.start({
      size: 1,
      workerUrl: HELD_WORKER_URL,
      signingKeys: { tsa: { key, ref: 'file:/test/tsa.key.pem' } },
      logger: createLogger('error', (line) => errors.push(line)),
    });
    const gate = await gated;
    const signer = pool.signer('tsa');
    const stamp = async (): Promise<Buffer> => {
      const unsigned = authority.begin(request);
      return unsigned.complete(await signer.sign(unsigned.toBeSigned));
    };

    const verified = verifyTimestamp(await stamp(), { data, chain, nonce: 99n });
    assert.equal(verified.tstInfo.nonce, 99n);

    gate.shut();
    const failing = stamp().then(
      () => assert.fail('a timestamp was issued by a worker that stopped'),
      (error: unknown) => error,
    );
    const started = pool;
    await until(() => started.load === 1, 'the signature reaching the worker');
    await new Promise((resolve) => setImmediate(resolve)); // the batch is posted
    await pool.killWorker(0);
    gate.open();
    const error = (await failing) as ServerError;
    assert.ok(error instanceof ServerError, String(error));
    assert.equal(error.code, 'INTERNAL');
    assert.match(error.message, /signing with 'tsa' failed: the worker thread signing it stopped/);
    assert.ok(errors.some((line) => line.includes('worker stopped')));

    verifyTimestamp(await stamp(), { data, chain, nonce: 99n });
  });
});

describe('timestamps from the service, signed in a worker or on the event loop', () => {
  const cases = [
    { tsaKeyType: 'p256', verifyWorkers: 1 },
    { tsaKeyType: 'p384', verifyWorkers: 1 },
    { tsaKeyType: 'p256', verifyWorkers: 0 },
  ] as const;
  for (const { tsaKeyType, verifyWorkers } of cases) {
    it(`${tsaKeyType} TSA key, verifyWorkers ${verifyWorkers}`, async () => {
      const service = await startTestService({
        roles: ['tsa'],
        verifyWorkers,
        keys: { ...SERVER_DEFAULTS.keys, tsaKeyType },
      });
      try {
        const chainPem = await (await fetch(`${service.url}/api/v1/timestamp/certchain`)).text();
        const served = parsePem(chainPem, 'CERTIFICATE').map((block) => block.der);
        const answers = await Promise.all(
          Array.from({ length: 8 }, async (_, i) => {
            const response = await fetch(`${service.url}/api/v1/timestamp`, {
              method: 'POST',
              headers: { 'content-type': 'application/timestamp-query' },
              body: encodeTimestampRequest({
                hashAlgorithm: 'sha256',
                hashedMessage: digest,
                nonce: BigInt(i + 1),
                certReq: true,
              }),
            });
            assert.equal(response.status, 200);
            return { nonce: BigInt(i + 1), der: Buffer.from(await response.arrayBuffer()) };
          }),
        );
        for (const { nonce, der } of answers) {
          const verified = verifyTimestamp(der, { data, chain: served, nonce });
          assert.equal(verified.tstInfo.nonce, nonce);
        }
      } finally {
        await service.dispose();
      }
    });
  }
});
