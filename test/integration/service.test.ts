import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createLogger } from '../../server/logger.js';
import { initInstance } from '../../server/instance.js';
import { SERVER_DEFAULTS, type ServerConfig, loadConfig, redactUrl } from '../../server/config.js';
import { leafHash, verifyInclusion } from '../../src/core/merkle.js';
import { noteVerifier } from '../../src/core/note.js';
import { verifyCheckpoint } from '../../src/tlog/checkpoint.js';
import { encodeTimestampRequest } from '../../src/tsa/request.js';
import { parseTimeStampResponse } from '../../src/tsa/response.js';
import { EntryFactory } from '../helpers/entries.js';
import { storageDrivers } from '../helpers/log-storage.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { repoRoot } from '../helpers/vectors.js';

const run = promisify(execFile);
const quiet = createLogger('error', () => {});

for (const driver of storageDrivers()) {
  describe(`signet-server over HTTP on ${driver.name} storage`, { skip: driver.skip }, () => {
    let service: TestService;
    const factory = new EntryFactory();

    before(async () => {
      await driver.setUp();
      service = await startTestService({
        maxBodyBytes: 8192,
        storage: await driver.serviceStorage(),
      });
    });
    after(async () => {
      await service?.dispose();
      await driver.tearDown();
    });

    const post = (
      path: string,
      body: string | Buffer,
      type = 'application/json',
    ): Promise<Response> =>
      fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
    const size = async (): Promise<number> =>
      Number((await (await fetch(`${service.url}/checkpoint`)).text()).split('\n')[1]);

    it('logs an entry and serves its tiles and checkpoint with fitting cache headers', async () => {
      const response = await post('/api/v2/log/entries', JSON.stringify(factory.request()));
      assert.equal(response.status, 201);
      const entry = (await response.json()) as {
        logIndex: string;
        canonicalizedBody: string;
        inclusionProof: { treeSize: string; rootHash: string; hashes: string[] };
      };
      const index = Number(entry.logIndex);
      const body = Buffer.from(entry.canonicalizedBody, 'base64');
      const proof = entry.inclusionProof;
      verifyInclusion(
        index,
        Number(proof.treeSize),
        leafHash(body),
        proof.hashes.map((h) => Buffer.from(h, 'base64')),
        Buffer.from(proof.rootHash, 'base64'),
      );

      for (const prefix of ['', '/api/v2']) {
        const checkpoint = await fetch(`${service.url}${prefix}/checkpoint`);
        assert.equal(checkpoint.status, 200);
        assert.equal(checkpoint.headers.get('cache-control'), 'no-cache');
        assert.match(checkpoint.headers.get('content-type') ?? '', /^text\/plain/);
        const width = Number(proof.treeSize);
        const tile = await fetch(`${service.url}${prefix}/tile/0/000.p/${width}`);
        assert.equal(tile.status, 200);
        assert.match(tile.headers.get('cache-control') ?? '', /immutable/);
        const hashes = Buffer.from(await tile.arrayBuffer());
        assert.deepEqual(hashes.subarray(index * 32, index * 32 + 32), leafHash(body));
        const bundle = Buffer.from(
          await (await fetch(`${service.url}${prefix}/tile/entries/000.p/${width}`)).arrayBuffer(),
        );
        assert.ok(bundle.includes(body));
      }
      assert.equal((await fetch(`${service.url}/tile/0/001`)).status, 404);
      assert.equal((await fetch(`${service.url}/tile/0/0001`)).status, 404);
    });

    it('answers a resubmitted entry with its existing index', async () => {
      const request = JSON.stringify(factory.request());
      const first = (await (await post('/api/v2/log/entries', request)).json()) as {
        logIndex: string;
      };
      const before = await size();
      const again = await post('/api/v2/log/entries', request);
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('x-log-index'), first.logIndex);
      assert.equal(((await again.json()) as { logIndex: string }).logIndex, first.logIndex);
      assert.equal(await size(), before);
    });

    it('accepts a certificate verifier and the snake_case field names protojson allows', async () => {
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const artifact = Buffer.from('p384 artifact');
      const request = {
        hashed_rekord_request_v002: {
          digest: createHash('sha384').update(artifact).digest('base64url'),
          signature: {
            content: sign('sha384', artifact, privateKey).toString('base64'),
            verifier: {
              public_key: {
                raw_bytes: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
              },
              key_details: 'PKIX_ECDSA_P384_SHA_384',
            },
          },
        },
      };
      const response = await post('/api/v2/log/entries', JSON.stringify(request));
      assert.equal(response.status, 201, await response.clone().text());
      const body = JSON.parse(
        Buffer.from(
          ((await response.json()) as { canonicalizedBody: string }).canonicalizedBody,
          'base64',
        ).toString(),
      );
      assert.equal(body.spec.hashedRekordV002.data.algorithm, 'SHA2_384');
      // URL-safe base64 in, standard base64 logged: equal digests give equal entries.
      assert.equal(
        body.spec.hashedRekordV002.data.digest,
        createHash('sha384').update(artifact).digest('base64'),
      );
    });

    describe('refuses bad input with a 4xx naming the problem, leaving the log unchanged', () => {
      const valid = (): { hashedRekordRequestV002: Record<string, unknown> } =>
        factory.request() as { hashedRekordRequestV002: Record<string, unknown> };
      const cases: [string, () => { body: string | Buffer; type?: string }, number, RegExp][] = [
        ['malformed JSON', () => ({ body: '{"hashedRekordRequestV002": ' }), 400, /not valid JSON/],
        ['an empty body', () => ({ body: '' }), 400, /empty/],
        [
          'a wrong content type',
          () => ({ body: JSON.stringify(valid()), type: 'text/plain' }),
          415,
          /Content-Type text\/plain/,
        ],
        [
          'a body over the size limit',
          () => ({ body: JSON.stringify({ ...valid(), pad: 'x'.repeat(9000) }) }),
          413,
          /limit is 8192 bytes/,
        ],
        [
          'an unknown entry type',
          () => ({ body: JSON.stringify({ intotoRequestV002: {} }) }),
          400,
          /must be hashedrekord.*intotoRequestV002/,
        ],
        [
          'an invalid signature',
          () => {
            const request = valid();
            const signature = request.hashedRekordRequestV002.signature as { content: string };
            const bytes = Buffer.from(signature.content, 'base64');
            bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
            signature.content = bytes.toString('base64');
            return { body: JSON.stringify(request) };
          },
          400,
          /does not verify over the digest/,
        ],
        [
          'a digest of the wrong length',
          () => {
            const request = valid();
            request.hashedRekordRequestV002.digest = Buffer.alloc(20).toString('base64');
            return { body: JSON.stringify(request) };
          },
          400,
          /digest is 20 bytes but PKIX_ECDSA_P256_SHA_256 needs a 32-byte/,
        ],
        [
          'an unsupported key type',
          () => {
            const request = valid();
            const { publicKey } = generateKeyPairSync('ed25519');
            (request.hashedRekordRequestV002.signature as { verifier: object }).verifier = {
              publicKey: {
                rawBytes: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
              },
              keyDetails: 'PKIX_ED25519_PH',
            };
            return { body: JSON.stringify(request) };
          },
          400,
          /unsupported keyDetails PKIX_ED25519_PH/,
        ],
        [
          'keyDetails that do not match the key',
          () => {
            const request = valid();
            (
              request.hashedRekordRequestV002.signature as { verifier: { keyDetails: string } }
            ).verifier.keyDetails = 'PKIX_ECDSA_P384_SHA_384';
            return { body: JSON.stringify(request) };
          },
          400,
          /keyDetails is PKIX_ECDSA_P384_SHA_384 but the key is EC prime256v1/,
        ],
        [
          'a key that is not DER',
          () => {
            const request = valid();
            (
              request.hashedRekordRequestV002.signature as {
                verifier: { publicKey: { rawBytes: string } };
              }
            ).verifier.publicKey.rawBytes = 'bm90IGEga2V5';
            return { body: JSON.stringify(request) };
          },
          400,
          /publicKey.rawBytes is not a DER SubjectPublicKeyInfo/,
        ],
        [
          'bad base64',
          () => {
            const request = valid();
            request.hashedRekordRequestV002.digest = '***';
            return { body: JSON.stringify(request) };
          },
          400,
          /digest is not valid base64/,
        ],
      ];
      for (const [what, make, status, message] of cases) {
        it(what, async () => {
          const before = await size();
          const { body, type } = make();
          const response = await post('/api/v2/log/entries', body, type);
          assert.equal(response.status, status);
          const error = (await response.json()) as { code: number; message: string };
          assert.match(error.message, message);
          assert.equal(typeof error.code, 'number');
          assert.equal(await size(), before);
        });
      }

      it('a garbled timestamp query gets a DER rejection', async () => {
        const response = await post(
          '/api/v1/timestamp',
          Buffer.from('30 03 02 01'.replace(/ /g, ''), 'hex'),
          'application/timestamp-query',
        );
        assert.equal(response.status, 400);
        assert.equal(response.headers.get('content-type'), 'application/timestamp-reply');
        const reply = parseTimeStampResponse(Buffer.from(await response.arrayBuffer()));
        assert.equal(reply.status, 2);
        assert.ok(reply.failInfo?.length);
      });

      it('a timestamp query for SHA-1 is refused as a weak hash (JSON form)', async () => {
        const response = await post(
          '/api/v1/timestamp',
          JSON.stringify({
            artifactHash: Buffer.alloc(20).toString('base64'),
            hashAlgorithm: 'sha1',
          }),
        );
        assert.equal(response.status, 400);
        assert.match(
          ((await response.json()) as { message: string }).message,
          /Weak hash algorithm/,
        );
      });

      it('unknown paths and methods', async () => {
        assert.equal((await fetch(`${service.url}/api/v2/nothing`)).status, 404);
        assert.equal((await fetch(`${service.url}/checkpoint`, { method: 'DELETE' })).status, 405);
      });

      it('a path nothing serves is 404 for every method; a 405 allows only what really answers', async () => {
        const answer = async (method: string, path: string) => {
          const response = await fetch(`${service.url}${path}`, { method });
          const text = await response.text();
          const error = response.status >= 400 && text !== '';
          return {
            status: response.status,
            allow: response.headers.get('allow'),
            message: error ? (JSON.parse(text) as { message: string }).message : '',
          };
        };
        // Rekor v1's paths are served now, and follow the same rules.
        assert.deepEqual(await answer('GET', '/api/v1/log/nothing'), {
          status: 404,
          allow: null,
          message: 'no such endpoint: GET /api/v1/log/nothing',
        });
        assert.deepEqual(await answer('POST', '/api/v2/nothing'), {
          status: 404,
          allow: null,
          message: 'no such endpoint: POST /api/v2/nothing',
        });
        // Every method a 405 allows gets something other than 405.
        for (const [method, path] of [
          ['DELETE', '/checkpoint'],
          ['GET', '/api/v2/log/entries'],
          ['POST', '/trusted_root.json'],
          ['PUT', '/api/v1/timestamp'],
          ['DELETE', '/api/v1/log/entries'],
          ['GET', '/api/v1/log/entries/retrieve'],
        ] as const) {
          const refused = await answer(method, path);
          assert.equal(refused.status, 405, `${method} ${path}`);
          assert.equal(refused.message, `${method} ${path} is not supported`);
          const allowed = (refused.allow ?? '').split(', ');
          assert.ok(allowed.length > 0 && !allowed.includes(method), `${path}: ${refused.allow}`);
          for (const other of allowed) {
            assert.notEqual((await answer(other, path)).status, 405, `${other} ${path}`);
          }
        }
      });
    });

    it('timestamps a DER query', async () => {
      const digest = createHash('sha256').update('signature bytes').digest();
      const query = encodeTimestampRequest({
        hashAlgorithm: 'sha256',
        hashedMessage: digest,
        nonce: 12345n,
        certReq: true,
      });
      const response = await post('/api/v1/timestamp', query, 'application/timestamp-query');
      assert.equal(response.status, 200);
      const reply = parseTimeStampResponse(Buffer.from(await response.arrayBuffer()));
      assert.equal(reply.status, 0);
      assert.deepEqual(reply.token?.tstInfo.hashedMessage, digest);
      const chain = await (await fetch(`${service.url}/api/v1/timestamp/certchain`)).text();
      assert.equal(chain.match(/BEGIN CERTIFICATE/g)?.length, 2);
    });

    it('serves health, metrics, and the trust root it wrote to the data directory', async () => {
      assert.deepEqual(await (await fetch(`${service.url}/healthz`)).json(), { status: 'ALIVE' });
      // On shared storage a ready answer names each log's lease: the only replica holds them all.
      assert.deepEqual(
        await (await fetch(`${service.url}/readyz`)).json(),
        driver.name === 'postgres'
          ? { status: 'SERVING', leases: { tlog: 'holder', 'rekor-v1': 'holder', ct: 'holder' } }
          : { status: 'SERVING' },
      );
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      assert.match(metrics, /^signet_log_lease_held\{log="tlog"\} 1$/m);
      // Every commit of the entries above was timed, per log and step.
      assert.match(
        metrics,
        /signet_storage_commit_seconds_count\{log="tlog",step="sequence"\} [1-9]\d*/,
      );
      assert.match(
        metrics,
        /signet_storage_commit_seconds_count\{log="tlog",step="publish"\} [1-9]\d*/,
      );
      assert.match(metrics, /signet_log_tree_size \d+/);
      assert.match(metrics, /signet_http_requests_total\{route="log_entries",status="201"\} \d+/);
      const served = await (await fetch(`${service.url}/trusted_root.json`)).json();
      const written = JSON.parse(
        await readFile(join(service.dataDir, 'trusted_root.json'), 'utf8'),
      );
      assert.deepEqual(served, written);
      assert.equal(written.mediaType, 'application/vnd.dev.sigstore.trustedroot+json;version=0.1');
      assert.equal(written.tlogs[0].baseUrl, service.url);
      assert.ok(written.tlogs[0].publicKey.validFor.start);
      assert.ok(written.timestampAuthorities[0].validFor.start);
      const config = (await (await fetch(`${service.url}/signing_config.json`)).json()) as {
        rekorTlogUrls: { url: string; majorApiVersion: number }[];
      };
      assert.deepEqual(
        config.rekorTlogUrls.map((u) => [u.url, u.majorApiVersion]),
        [
          [service.url, 2],
          [service.url, 1],
        ],
      );
    });
  });
}

describe('signet-server with an ECDSA P-256 checkpoint key', () => {
  it('signs checkpoints that verify under the trust root entry, whose log ID is SHA-256(SPKI)', async () => {
    const service = await startTestService({
      keys: { ...SERVER_DEFAULTS.keys, logKeyType: 'p256' },
    });
    try {
      const response = await fetch(`${service.url}/api/v2/log/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(new EntryFactory().request()),
      });
      assert.equal(response.status, 201);
      const entry = (await response.json()) as {
        logId: { keyId: string };
        inclusionProof: { checkpoint: { envelope: string } };
      };
      const root = service.trustedRoot as {
        tlogs: { publicKey: { rawBytes: string; keyDetails: string }; logId: { keyId: string } }[];
      };
      const tlog = root.tlogs[0];
      assert.ok(tlog);
      assert.equal(tlog.publicKey.keyDetails, 'PKIX_ECDSA_P256_SHA_256');
      const spki = Buffer.from(tlog.publicKey.rawBytes, 'base64');
      assert.equal(tlog.logId.keyId, createHash('sha256').update(spki).digest('base64'));
      assert.equal(entry.logId.keyId, tlog.logId.keyId);
      const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
      const checkpoint = verifyCheckpoint(entry.inclusionProof.checkpoint.envelope, [
        noteVerifier('127.0.0.1', key),
      ]);
      assert.equal(checkpoint.size, 1);
    } finally {
      await service.dispose();
    }
  });
});

describe('signet-server init', () => {
  it('is idempotent: a second init never replaces key material', async () => {
    const dir = await tempDir();
    const { keys, ca } = SERVER_DEFAULTS;
    await initInstance({ dir, publicUrl: 'https://log.example.com', keys, ca, logger: quiet });
    const files = [
      'root-ca.key.pem',
      'root-ca.crt.pem',
      'log.key.pem',
      'tsa.key.pem',
      'tsa-chain.pem',
      'issuing-ca.key.pem',
      'issuing-ca.crt.pem',
      'ct.key.pem',
    ];
    const first = await Promise.all(files.map((f) => readFile(join(dir, 'keys', f), 'utf8')));
    const instance = await initInstance({
      dir,
      publicUrl: 'https://log.example.com:8443/base/',
      keys,
      ca,
      logger: quiet,
    });
    const second = await Promise.all(files.map((f) => readFile(join(dir, 'keys', f), 'utf8')));
    assert.deepEqual(second, first);
    assert.equal(instance.metadata.publicUrl, 'https://log.example.com:8443/base');
    assert.equal(instance.metadata.logOrigin, 'log.example.com');
    await assert.rejects(
      initInstance({ dir, publicUrl: 'https://other.example.com', keys, ca, logger: quiet }),
      /log origin is "log.example.com" and cannot change/,
    );
    // With the root key moved offline, the service still starts from the certificates.
    await rm(join(dir, 'keys', 'root-ca.key.pem'));
    await initInstance({ dir, publicUrl: undefined, keys, ca, logger: quiet });
    await rm(dir, { recursive: true });
  });

  it('rejects unknown or out-of-range settings by name', async () => {
    const dir = await tempDir();
    const file = join(dir, 'config.yaml');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, 'log:\n  batchMaxSize: 0\n');
    await assert.rejects(
      loadConfig(file, {}),
      /log\.batchMaxSize must be an integer from 1 to 65536, got 0/,
    );
    await writeFile(file, 'lgo:\n  batchMaxSize: 10\n');
    await assert.rejects(loadConfig(file, {}), /unknown setting lgo/);
    await writeFile(file, 'listen: nowhere\n');
    await assert.rejects(loadConfig(file, {}), /listen must be HOST:PORT/);
    await rm(dir, { recursive: true });
  });

  it('takes storage as data-dir or a PostgreSQL URL, and never shows its password', async () => {
    const secret = 'pw-in-a-url-9c1e';
    const refused = async (storage: unknown, reason: RegExp): Promise<void> => {
      const error = await loadConfig(undefined, { storage } as Partial<ServerConfig>).then(
        () => assert.fail(`${String(storage)} accepted`),
        (e: Error) => e,
      );
      assert.match(error.message, reason);
      assert.ok(!error.message.includes(secret), error.message);
    };
    await refused(
      `mysql://signet:${secret}@db.example/signet`,
      /storage must be "data-dir" \(the data directory\) or a PostgreSQL URL .*, got "mysql:\/\/signet:\*\*\*\*@db\.example\/signet"/,
    );
    await refused(`postgres://signet:${secret}@db.example`, /names no database/);
    // Not a URL at all (a port out of range): only its scheme is shown.
    await refused(`postgres://signet:${secret}@db.example:99999/signet`, /got "postgres:\*\*\*\*"/);
    await refused('datadir', /got "datadir"/);
    for (const storage of ['data-dir', 'postgres://db.example/signet', 'postgresql://u:p@h:5433/s'])
      assert.equal((await loadConfig(undefined, { storage })).storage, storage);
    assert.equal(
      redactUrl(`postgres://signet:${secret}@db.example/signet?password=${secret}`),
      'postgres://signet:****@db.example/signet?password=****',
    );
    // The same from the command line, before anything is opened.
    const bin = join(repoRoot(), 'bin', 'signet-server.js');
    const dir = await tempDir();
    await assert.rejects(
      run(process.execPath, [
        bin,
        'init',
        '--data-dir',
        dir,
        '--storage',
        `mysql://u:${secret}@h/d`,
      ]),
      (error: { code: number; stderr: string }) =>
        error.code === 1 &&
        /invalid configuration: storage must be/.test(error.stderr) &&
        !error.stderr.includes(secret),
    );
    assert.deepEqual(await readdir(dir), []);
    await rm(dir, { recursive: true });
  });

  it('has a CLI with help for each command', async () => {
    const bin = join(repoRoot(), 'bin', 'signet-server.js');
    const help = await run(process.execPath, [bin, '--help']);
    assert.match(help.stdout, /signet-server init/);
    assert.match(
      (await run(process.execPath, [bin, 'serve', '--help'])).stdout,
      /--public-url URL/,
    );
    await assert.rejects(
      run(process.execPath, [bin, 'bogus']),
      (error: { code: number; stderr: string }) =>
        error.code === 2 && /unknown command "bogus"/.test(error.stderr),
    );
    await assert.rejects(
      run(process.execPath, [bin, 'serve', '--dev', '--listen', '0.0.0.0:8080']),
      (error: { code: number; stderr: string }) =>
        error.code === 2 && /--dev serves on loopback only/.test(error.stderr),
    );
    const dir = await tempDir();
    const init = await run(process.execPath, [bin, 'init', '--data-dir', dir]);
    assert.match(init.stdout, /Move .*root-ca.key.pem offline/);
    await rm(dir, { recursive: true });
  });
});
