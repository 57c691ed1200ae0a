import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCertificate } from '../../src/core/x509.js';
import { type CtSubmitter, HttpCtSubmitter } from '../../src/ct/client.js';
import { CtError } from '../../src/ct/error.js';
import { CtLog } from '../../src/ct/log.js';
import {
  addChainResponseJson,
  precertEntry,
  sctFromAddChainResponse,
  sctSignedData,
  signSct,
  verifyEmbeddedSct,
} from '../../src/ct/sct.js';
import { decodeBundle } from '../../src/tlog/tree.js';
import { httpErrorOf } from '../../server/error-status.js';
import { createLogger } from '../../server/logger.js';
import { Router } from '../../server/router.js';
import { CT_ENDPOINTS, ctRoutes, parseChainRequest } from '../../server/routes/ct.js';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import { ctCode, p256, testLeaf, testPki } from './fixtures.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const pki = testPki();
const { root, intermediate } = pki;
let dir: string;
let ctLog: CtLog;
let url: string;
let server: Server;
const routed: string[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-ct-routes-'));
  ctLog = await CtLog.open({
    origin: 'ct.signet.test/ct',
    key: p256(),
    storage: new PosixLogStorage(dir),
    roots: [root.der],
    batchMaxAgeMs: 0,
    checkpointIntervalMs: 0,
  });
  // The service's router with only the CT table: its errors are answered as in the service.
  const router = new Router({
    roles: ['ct'],
    logger: createLogger('error', () => {}),
    observe: (route) => routed.push(route),
  }).mount(CT_ENDPOINTS, ctRoutes(ctLog, 64 * 1024), 'ct');
  ({ server, url } = await listen(router.handle));
});

after(async () => {
  await close(server);
  await ctLog.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (path: string, body: string, contentType = 'application/json') =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

const chainBody = (chain: Buffer[]) =>
  JSON.stringify({ chain: chain.map((c) => c.toString('base64')) });

describe('CT routes', () => {
  it('add-pre-chain answers 200 with the RFC 6962 JSON; the SCT verifies once embedded', async () => {
    const leaf = testLeaf(intermediate);
    const response = await post(
      '/ct/v1/add-pre-chain',
      chainBody([leaf.precert, intermediate.der, root.der]),
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const json = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).sort(), [
      'extensions',
      'id',
      'sct_version',
      'signature',
      'timestamp',
    ]);
    assert.equal(json.sct_version, 0);
    assert.equal(json.id, ctLog.logId.toString('base64'));
    assert.equal(json.extensions, '');
    const sct = sctFromAddChainResponse(json);
    assert.ok(
      verifyEmbeddedSct(
        parseCertificate(leaf.final([sct])),
        intermediate.cert,
        sct,
        ctLog.publicKey,
      ),
    );
  });

  it('add-chain answers 200 for a final certificate', async () => {
    const leaf = testLeaf(intermediate);
    const sct = await ctLog.addPreChain([leaf.precert, intermediate.der]);
    const response = await post(
      '/ct/v1/add-chain',
      chainBody([leaf.final([sct]), intermediate.der]),
    );
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { sct_version: number }).sct_version, 0);
  });

  it('get-roots lists the accepted roots', async () => {
    const response = await fetch(`${url}/ct/v1/get-roots`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { certificates: [root.der.toString('base64')] });
  });

  it('serves the CT checkpoint and tiles', async () => {
    await ctLog.addPreChain([testLeaf(intermediate).precert, intermediate.der]);
    const size = ctLog.log.checkpoint.size;
    const checkpoint = await fetch(`${url}/ct/checkpoint`);
    assert.equal(checkpoint.status, 200);
    assert.equal(checkpoint.headers.get('cache-control'), 'no-cache');
    assert.match(await checkpoint.text(), new RegExp(`^ct\\.signet\\.test/ct\\n${size}\\n`));
    const tile = await fetch(`${url}/ct/tile/entries/000.p/${size}`);
    assert.equal(tile.status, 200);
    const bundle = decodeBundle(Buffer.from(await tile.arrayBuffer()));
    assert.equal(bundle?.length, size);
    assert.equal((await fetch(`${url}/ct/tile/0/000.p/${size}`)).status, 200);
    assert.equal((await fetch(`${url}/ct/tile/0/999`)).status, 404);
    assert.equal((await fetch(`${url}/ct/tile/nonsense`)).status, 404);
    assert.ok(routed.includes('ct_checkpoint') && routed.includes('ct_tile'));
  });

  it('refuses bad requests with 4xx and a message naming the problem', async () => {
    const leaf = testLeaf(intermediate);
    const other = testPki();
    const cases: [Promise<Response>, number, RegExp][] = [
      [
        post('/ct/v1/add-pre-chain', chainBody([leaf.precert]), 'text/plain'),
        415,
        /Content-Type text\/plain is not accepted/,
      ],
      [post('/ct/v1/add-pre-chain', '{'), 400, /not valid JSON/],
      [post('/ct/v1/add-pre-chain', ''), 400, /empty/],
      [post('/ct/v1/add-pre-chain', '[]'), 400, /JSON object/],
      [post('/ct/v1/add-pre-chain', '{"chain":"abc"}'), 400, /chain must be a non-empty array/],
      [post('/ct/v1/add-pre-chain', '{"chain":[]}'), 400, /chain must be a non-empty array/],
      [
        post('/ct/v1/add-pre-chain', '{"chain":["MII=",7]}'),
        400,
        /chain\[1\] must be a base64 string/,
      ],
      [
        post('/ct/v1/add-pre-chain', '{"chain":["MII=","%%%"]}'),
        400,
        /chain\[1\] is not valid base64/,
      ],
      [
        post('/ct/v1/add-pre-chain', chainBody([leaf.precert])),
        400,
        /needs the precertificate and at least its issuer/,
      ],
      [
        post('/ct/v1/add-pre-chain', chainBody([other.leaf.precert, other.intermediate.der])),
        400,
        /accepted roots/,
      ],
      [
        post('/ct/v1/add-pre-chain', chainBody([intermediate.der, root.der])),
        400,
        /not a precertificate/,
      ],
      [
        post('/ct/v1/add-pre-chain', JSON.stringify({ chain: ['A'.repeat(70_000)] })),
        413,
        /limit is 65536 bytes/,
      ],
      [
        post('/ct/v1/add-chain', chainBody([leaf.precert, intermediate.der])),
        400,
        /use add-pre-chain/,
      ],
      [fetch(`${url}/ct/v1/add-pre-chain`), 405, /GET \/ct\/v1\/add-pre-chain is not supported/],
      [post('/ct/v1/get-roots', '{}'), 405, /POST \/ct\/v1\/get-roots is not supported/],
      [fetch(`${url}/ct/v1/get-sth`), 404, /get-sth is not served/],
      [fetch(`${url}/ct/elsewhere`), 404, /no such endpoint: GET \/ct\/elsewhere/],
    ];
    for (const [pending, status, message] of cases) {
      const response = await pending;
      const body = (await response.json()) as { message: string };
      assert.equal(response.status, status, body.message);
      assert.match(body.message, message);
    }
    const wrongMethod = await fetch(`${url}/ct/v1/add-chain`);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
  });

  it('maps CT errors to HTTP statuses', () => {
    const status = (code: ConstructorParameters<typeof CtError>[0]) =>
      httpErrorOf(new CtError(code, 'x'));
    assert.equal(status('CHAIN_INVALID').status, 400);
    assert.equal(status('CHAIN_UNTRUSTED').status, 400);
    assert.equal(status('PRECERT_INVALID').status, 400);
    assert.deepEqual(status('LOG_PUSHBACK'), {
      status: 503,
      headers: { 'retry-after': '1' },
      message: 'x',
    });
    assert.equal(status('LOG_UNAVAILABLE').status, 503);
    assert.deepEqual(status('SCT_MALFORMED'), {
      status: 500,
      headers: {},
      message: 'internal error',
    });
  });

  it('parses chain requests strictly', () => {
    assert.deepEqual(parseChainRequest(Buffer.from('{"chain":["AAEC","_-8="]}')), [
      Buffer.from([0, 1, 2]),
      Buffer.from([0xff, 0xef]),
    ]);
  });
});

describe('HttpCtSubmitter', () => {
  it('submits to a Signet CT log and verifies the SCT with the configured key', async () => {
    const submitter = new HttpCtSubmitter({ url: `${url}/`, logPublicKey: ctLog.publicKey });
    const leaf = testLeaf(intermediate);
    const sct = await submitter.addPreChain([leaf.precert, intermediate.der, root.der]);
    assert.deepEqual(sct.logId, ctLog.logId);
    assert.ok(
      verifyEmbeddedSct(
        parseCertificate(leaf.final([sct])),
        intermediate.cert,
        sct,
        ctLog.publicKey,
      ),
    );
    const final = await submitter.addChain([leaf.final([sct]), intermediate.der]);
    assert.deepEqual(final.logId, ctLog.logId);
  });

  it("surfaces the log's reason for a refusal", async () => {
    const other = testPki();
    const submitter = new HttpCtSubmitter({ url });
    await assert.rejects(
      submitter.addPreChain([other.leaf.precert, other.intermediate.der]),
      (error: unknown) => {
        ctCode('SUBMISSION_REJECTED')(error);
        assert.match(
          (error as Error).message,
          /answered HTTP 400: chain ends at chain\[1\].*accepted roots/,
        );
        return true;
      },
    );
  });

  it('refuses an SCT from another log key', async () => {
    const submitter = new HttpCtSubmitter({ url, logPublicKey: createPublicKey(p256()) });
    await assert.rejects(
      submitter.addPreChain([testLeaf(intermediate).precert, intermediate.der]),
      /has log ID .* but the configured log key's ID is/,
    );
  });

  it('classifies failures: pushback, outage, bad JSON, wrong signature, timeout, unreachable', async () => {
    const leaf = testLeaf(intermediate);
    const chain = [leaf.precert, intermediate.der];
    const logKey = p256();
    // A correctly signed SCT, but over another precertificate.
    const elsewhere = testLeaf(intermediate);
    const timestamp = BigInt(Date.now());
    const entry = precertEntry(parseCertificate(elsewhere.precert), intermediate.cert);
    const extensions = Buffer.alloc(0);
    const wrongSct = signSct({
      logKey,
      timestamp,
      extensions,
      signedData: sctSignedData({ timestamp, entry, extensions }),
    });
    const answers: Record<string, Handler> = {
      pushback: (_req, res) => res.writeHead(503, { 'retry-after': '1' }).end('{"message":"busy"}'),
      outage: (_req, res) => res.writeHead(500).end('storage on fire'),
      badJson: (_req, res) => res.writeHead(200).end('not json'),
      badSct: (_req, res) => res.writeHead(200).end('{"sct_version":0}'),
      wrongSignature: (_req, res) =>
        res.writeHead(200).end(JSON.stringify(addChainResponseJson(wrongSct))),
      redirect: (_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end(),
      silent: () => {},
    };
    const expected: Record<string, [string, RegExp]> = {
      pushback: ['LOG_PUSHBACK', /HTTP 503: busy/],
      outage: ['LOG_UNAVAILABLE', /HTTP 500: storage on fire/],
      badJson: ['SCT_MALFORMED', /answered HTTP 200 with 8 bytes that are not JSON/],
      badSct: ['SCT_MALFORMED', /id must be a string/],
      wrongSignature: ['SCT_INVALID', /does not verify over the submitted chain/],
      redirect: ['SUBMISSION_REJECTED', /HTTP 302/],
      silent: ['LOG_UNAVAILABLE', /could not be reached: no complete answer within 200 ms/],
    };
    for (const [name, handler] of Object.entries(answers)) {
      const fake = await listen(handler);
      try {
        const submitter = new HttpCtSubmitter({
          url: fake.url,
          timeoutMs: 200,
          logPublicKey: createPublicKey(logKey),
        });
        const [code, message] = expected[name] as [string, RegExp];
        await assert.rejects(submitter.addPreChain(chain), (error: unknown) => {
          ctCode(code)(error);
          assert.match((error as Error).message, message, name);
          return true;
        });
      } finally {
        await close(fake.server);
      }
    }
    const { server: gone, url: goneUrl } = await listen(() => {});
    await close(gone);
    await assert.rejects(
      new HttpCtSubmitter({ url: goneUrl }).addPreChain(chain),
      /could not be reached/,
    );
    assert.throws(
      () => new HttpCtSubmitter({ url: 'ftp://example.com' }),
      ctCode('CONFIG_INVALID'),
    );
    assert.throws(() => new HttpCtSubmitter({ url: 'not a url' }), ctCode('CONFIG_INVALID'));
  });

  it('CtLog itself is a CtSubmitter', async () => {
    const submitter: CtSubmitter = ctLog;
    const sct = await submitter.addPreChain([testLeaf(intermediate).precert, intermediate.der]);
    assert.deepEqual(sct.logId, ctLog.logId);
  });
});
