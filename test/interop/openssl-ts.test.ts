import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toPem } from '../../src/core/pem.js';
import { createSelfSignedCa } from '../../src/core/x509.js';
import { type TestService, startTestService } from '../helpers/server.js';
import { openssl } from './helpers.js';
import { missingTools } from '../helpers/tools.js';

/**
 * The service's RFC 3161 TSA against OpenSSL's `ts` command (an independent RFC 3161/CMS
 * implementation): OpenSSL builds the queries, and `openssl ts -verify` checks the replies
 * against the chain from GET /api/v1/timestamp/certchain.
 */

const OPENSSL = missingTools(['openssl', 'openssl']);
let service: TestService;
let dir: string;
/** data.bin: the file being timestamped. */
const data = randomBytes(4096);

interface Reply {
  status: number;
  contentType: string;
  body: Buffer;
}

async function post(body: Buffer | string, contentType: string): Promise<Reply> {
  const response = await fetch(`${service.url}/api/v1/timestamp`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: Buffer.from(await response.arrayBuffer()),
  };
}

const readFileIn = (name: string): Promise<Buffer> => readFile(join(dir, name));

/** Runs openssl in the test directory and asserts it exited 0. */
async function ok(args: string[]): Promise<string> {
  const result = await openssl(args, dir);
  assert.equal(
    result.code,
    0,
    `openssl ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`,
  );
  return result.stdout + result.stderr;
}

/** `openssl ts -verify` with the served chain; returns exit code and output. */
async function verify(
  reply: string,
  source: string[],
  trust = ['-CAfile', 'root.pem', '-untrusted', 'tsa.pem'],
) {
  const result = await openssl(['ts', '-verify', '-in', reply, ...source, ...trust], dir);
  return { code: result.code, output: result.stdout + result.stderr };
}

before(async () => {
  if (OPENSSL) return;
  service = await startTestService();
  dir = await mkdtemp(join(tmpdir(), 'signet-openssl-ts-'));
  await writeFile(join(dir, 'data.bin'), data);
  const other = Buffer.from(data);
  other[0] = (other[0] as number) ^ 0x01;
  await writeFile(join(dir, 'other.bin'), other);

  const response = await fetch(`${service.url}/api/v1/timestamp/certchain`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/pem-certificate-chain/);
  const pems =
    (await response.text()).match(
      /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g,
    ) ?? [];
  assert.ok(pems.length >= 2, `certchain has ${pems.length} certificates; expected leaf ... root`);
  // Leaf first, root last: the root is the trust anchor, everything else is untrusted.
  await writeFile(join(dir, 'root.pem'), pems[pems.length - 1] as string);
  await writeFile(join(dir, 'tsa.pem'), pems.slice(0, -1).join(''));
  // A CA that has nothing to do with the TSA, to show verification depends on the anchor.
  const notBefore = new Date(Date.now() - 60_000);
  const stranger = createSelfSignedCa({
    privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    subject: { organization: 'Signet interop tests', commonName: 'Stranger CA' },
    notBefore,
    notAfter: new Date(notBefore.getTime() + 24 * 3600 * 1000),
  });
  await writeFile(join(dir, 'stranger.pem'), toPem('CERTIFICATE', stranger));
});

after(async () => {
  await service?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('openssl ts against the live TSA', { skip: OPENSSL }, () => {
  it('DER query with a nonce: reply verifies with -data and with -queryfile', async () => {
    await ok(['ts', '-query', '-data', 'data.bin', '-sha256', '-cert', '-out', 'nonce.tsq']);
    const reply = await post(await readFileIn('nonce.tsq'), 'application/timestamp-query');
    assert.equal(reply.status, 200);
    assert.equal(reply.contentType, 'application/timestamp-reply');
    await writeFile(join(dir, 'nonce.tsr'), reply.body);

    const byData = await verify('nonce.tsr', ['-data', 'data.bin']);
    assert.equal(byData.code, 0, byData.output);
    assert.match(byData.output, /Verification: OK/);
    // -queryfile also checks the nonce and the certReq/imprint against the original query.
    const byQuery = await verify('nonce.tsr', ['-queryfile', 'nonce.tsq']);
    assert.equal(byQuery.code, 0, byQuery.output);
    assert.match(byQuery.output, /Verification: OK/);
  });

  it('DER query without a nonce verifies; the reply does not verify for other data or another anchor', async () => {
    await ok([
      'ts',
      '-query',
      '-data',
      'data.bin',
      '-sha256',
      '-cert',
      '-no_nonce',
      '-out',
      'plain.tsq',
    ]);
    const reply = await post(await readFileIn('plain.tsq'), 'application/timestamp-query');
    assert.equal(reply.status, 200);
    await writeFile(join(dir, 'plain.tsr'), reply.body);

    const good = await verify('plain.tsr', ['-data', 'data.bin']);
    assert.equal(good.code, 0, good.output);
    assert.match(good.output, /Verification: OK/);

    const otherData = await verify('plain.tsr', ['-data', 'other.bin']);
    assert.notEqual(otherData.code, 0);
    assert.doesNotMatch(otherData.output, /Verification: OK/);
    assert.match(otherData.output, /message imprint mismatch/);

    const otherAnchor = await verify(
      'plain.tsr',
      ['-data', 'data.bin'],
      ['-CAfile', 'stranger.pem', '-untrusted', 'tsa.pem'],
    );
    assert.notEqual(otherAnchor.code, 0);
    assert.doesNotMatch(otherAnchor.output, /Verification: OK/);
  });

  it('JSON request with certificates and nonce 42: openssl reads and verifies the reply', async () => {
    const request = {
      artifactHash: createHash('sha256').update(data).digest('base64'),
      hashAlgorithm: 'sha256',
      certificates: true,
      nonce: 42,
    };
    const reply = await post(JSON.stringify(request), 'application/json');
    assert.equal(reply.status, 200, reply.body.toString());
    assert.equal(reply.contentType, 'application/timestamp-reply');
    await writeFile(join(dir, 'json.tsr'), reply.body);

    const text = await ok(['ts', '-reply', '-in', 'json.tsr', '-text']);
    assert.match(text, /Status: Granted/);
    assert.match(text, /Nonce: 0x2A\b/);
    assert.match(text, /Hash Algorithm: sha256/);

    const result = await verify('json.tsr', ['-data', 'data.bin']);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /Verification: OK/);
    // certificates: true embeds the TSA certificate, so the anchor alone is enough.
    const anchorOnly = await verify('json.tsr', ['-data', 'data.bin'], ['-CAfile', 'root.pem']);
    assert.equal(anchorOnly.code, 0, anchorOnly.output);
    assert.match(anchorOnly.output, /Verification: OK/);
  });

  it('a query for an unaccepted policy gets 400 with a DER rejection openssl can read', async () => {
    await ok([
      'ts',
      '-query',
      '-data',
      'data.bin',
      '-sha256',
      '-cert',
      '-tspolicy',
      '1.2.3.4.5.6.7',
      '-out',
      'policy.tsq',
    ]);
    const reply = await post(await readFileIn('policy.tsq'), 'application/timestamp-query');
    assert.equal(reply.status, 400);
    assert.equal(reply.contentType, 'application/timestamp-reply');
    await writeFile(join(dir, 'policy.tsr'), reply.body);

    const text = await ok(['ts', '-reply', '-in', 'policy.tsr', '-text']);
    // OpenSSL 3 spells PKIStatus rejection "Rejected." and failInfo unacceptedPolicy as below.
    assert.match(text, /Status: Rejected\./);
    assert.match(text, /Status description: requested policy 1\.2\.3\.4\.5\.6\.7 is not accepted/);
    assert.match(text, /Failure info: the requested TSA policy is not supported by the TSA/);
    assert.match(text, /TST info:\s*\nNot included/);
  });
});
