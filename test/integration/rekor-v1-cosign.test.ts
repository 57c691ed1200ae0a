import assert from 'node:assert/strict';
import {
  type KeyObject,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { leafHash, verifyInclusion } from '../../src/core/merkle.js';
import { toPem } from '../../src/core/pem.js';
import { createSelfSignedCa } from '../../src/core/x509.js';
import { storageDrivers } from '../helpers/log-storage.js';
import { type TestService, startTestService } from '../helpers/server.js';

/**
 * cosign v2 cannot run here, so its Rekor v1 traffic is replayed byte for byte from its source
 * (cosign v2.6.4 pkg/cosign/tlog.go: TLogUpload -> doUpload, GetTlogEntry, FindTlogEntry,
 * VerifyTLogEntryOffline; rekor v1.4.3's generated client and models): the bodies are Go's
 * encoding/json output of models.Hashedrekord and models.SearchLogQuery (struct field order,
 * "kind" appended last, and the encoder's trailing newline), with go-openapi's headers. The
 * answers are then read the way cosign reads them.
 */

const HEADERS = {
  'User-Agent': 'cosign/v2.6.4 (linux; amd64)',
  Accept: 'application/json',
  'Content-Type': 'application/json',
  'Accept-Encoding': 'gzip',
};

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** models.LogEntryAnon, as cosign's generated client decodes it. */
interface LogEntryAnon {
  body: string;
  integratedTime: number;
  logID: string;
  logIndex: number;
  verification: {
    signedEntryTimestamp: string;
    inclusionProof: {
      checkpoint: string;
      hashes: string[];
      logIndex: number;
      rootHash: string;
      treeSize: number;
    };
  };
}

/** cosign's hashedrekord: the payload's SHA-256, the signature, and the PEM key or certificate. */
function hashedrekordJson(payload: Buffer, signature: Buffer, pem: string): string {
  // Go marshals {apiVersion, spec} first, then appends {kind}; spec's fields in struct order.
  return (
    '{"apiVersion":"0.0.1","spec":{"data":{"hash":{"algorithm":"sha256","value":"' +
    createHash('sha256').update(payload).digest('hex') +
    '"}},"signature":{"content":"' +
    signature.toString('base64') +
    '","publicKey":{"content":"' +
    Buffer.from(pem).toString('base64') +
    '"}}},"kind":"hashedrekord"}'
  );
}

/** cosign's simple-signing payload for an image digest. */
const simpleSigning = (digest: string): Buffer =>
  Buffer.from(
    `{"critical":{"identity":{"docker-reference":"registry.example/app"},"image":{"docker-manifest-digest":"sha256:${digest}"},"type":"cosign container image signature"},"optional":null}`,
  );

for (const driver of storageDrivers()) {
  describe(
    `Rekor v1 as cosign v2 uses it, on ${driver.name} storage`,
    { skip: driver.skip },
    () => {
      let service: TestService;

      before(async () => {
        await driver.setUp();
        service = await startTestService({ storage: await driver.serviceStorage() });
      });
      after(async () => {
        await service?.dispose();
        await driver.tearDown();
      });

      function call(method: 'GET' | 'POST', path: string, json?: string): Promise<RawResponse> {
        // go-openapi's JSON producer is json.Encoder: the body ends with a newline.
        const body = json === undefined ? undefined : Buffer.from(`${json}\n`);
        const headers: Record<string, string> =
          body === undefined
            ? { 'User-Agent': HEADERS['User-Agent'], Accept: HEADERS.Accept }
            : { ...HEADERS, 'Content-Length': String(body.length) };
        return new Promise((resolve, reject) => {
          const req = request(new URL(path, service.url), { method, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks),
              }),
            );
            res.on('error', reject);
          });
          req.on('error', reject);
          req.end(body);
        });
      }

      /** rekorPubsFromClient: GET /api/v1/log/publicKey, keyed by hex SHA-256 of its SPKI. */
      async function rekorPubs(): Promise<Map<string, KeyObject>> {
        const response = await call('GET', '/api/v1/log/publicKey');
        assert.equal(response.status, 200);
        const key = createPublicKey(response.body.toString('utf8'));
        assert.equal(key.asymmetricKeyType, 'ec', 'cosign requires an ECDSA Rekor key');
        const logId = createHash('sha256')
          .update(key.export({ type: 'spki', format: 'der' }))
          .digest('hex');
        return new Map([[logId, key]]);
      }

      /** VerifyTLogEntryOffline with the legacy keys: inclusion proof, then the SET. */
      function verifyOffline(entry: LogEntryAnon, keys: Map<string, KeyObject>): void {
        const proof = entry.verification.inclusionProof;
        const body = Buffer.from(entry.body, 'base64');
        verifyInclusion(
          proof.logIndex,
          proof.treeSize,
          leafHash(body),
          proof.hashes.map((h) => Buffer.from(h, 'hex')),
          Buffer.from(proof.rootHash, 'hex'),
        );
        const key = keys.get(entry.logID);
        assert.ok(key, 'rekor log public key not found for payload');
        // bundle.RekorPayload, canonicalized: body, integratedTime, logIndex, logID.
        const payload = JSON.stringify({
          body: entry.body,
          integratedTime: entry.integratedTime,
          logID: entry.logID,
          logIndex: entry.logIndex,
        });
        assert.ok(
          verify(
            'sha256',
            Buffer.from(payload),
            key,
            Buffer.from(entry.verification.signedEntryTimestamp, 'base64'),
          ),
          'verifying signedEntryTimestamp',
        );
      }

      /** GetTlogEntry's checks: the answer's key names the UUID and shard asked for, and the body hashes to it. */
      function readGetTlogEntry(asked: string, answer: RawResponse): LogEntryAnon {
        assert.equal(answer.status, 200, answer.body.toString());
        const entries = Object.entries(
          JSON.parse(answer.body.toString()) as Record<string, LogEntryAnon>,
        );
        assert.equal(entries.length, 1);
        const [key, entry] = entries[0] as [string, LogEntryAnon];
        assert.equal(key.slice(-64), asked.slice(-64), 'expected EntryUUID');
        if (asked.length === 80)
          assert.equal(key.slice(0, 16), asked.slice(0, 16), 'expected shard');
        assert.equal(
          leafHash(Buffer.from(entry.body, 'base64')).toString('hex'),
          key.slice(-64),
          'computed leaf hash did not match UUID',
        );
        return entry;
      }

      for (const signer of [
        'a public key (cosign sign --key)',
        'a certificate (keyless)',
      ] as const) {
        it(`uploads, re-uploads and finds a hashedrekord for ${signer}`, async () => {
          const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
          const pem =
            signer === 'a certificate (keyless)'
              ? toPem(
                  'CERTIFICATE',
                  createSelfSignedCa({
                    privateKey: key,
                    subject: { commonName: 'signer', organization: 'test' },
                    notBefore: new Date(Date.now() - 60_000),
                    notAfter: new Date(Date.now() + 600_000),
                  }),
                )
              : (createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string);
          const payload = simpleSigning(createHash('sha256').update(pem).digest('hex'));
          const signature = sign('sha256', payload, key);
          const body = hashedrekordJson(payload, signature, pem);
          const keys = await rekorPubs();

          // doUpload: 201, and the first (only) entry of the payload is used.
          const created = await call('POST', '/api/v1/log/entries', body);
          assert.equal(created.status, 201, created.body.toString());
          const [[entryId, entry]] = Object.entries(
            JSON.parse(created.body.toString()) as Record<string, LogEntryAnon>,
          ) as [[string, LogEntryAnon]];
          assert.match(entryId, /^[0-9a-f]{80}$/);
          verifyOffline(entry, keys);
          // The logged body is the canonical form of what cosign sent.
          const logged = JSON.parse(Buffer.from(entry.body, 'base64').toString()) as {
            spec: { signature: { publicKey: { content: string } } };
          };
          assert.equal(
            Buffer.from(logged.spec.signature.publicKey.content, 'base64').toString(),
            pem,
          );

          // Uploading again: CreateLogEntryConflict, the UUID from the Location's last segment,
          // GetTlogEntry, and the offline verification with the keys from the API.
          const conflict = await call('POST', '/api/v1/log/entries', body);
          assert.equal(conflict.status, 409);
          const location = String(conflict.headers.location);
          const uuid = location.split('/').at(-1) as string;
          assert.equal(uuid, entryId);
          const fetched = readGetTlogEntry(uuid, await call('GET', `/api/v1/log/entries/${uuid}`));
          verifyOffline(fetched, keys);
          assert.equal(fetched.logIndex, entry.logIndex);
          assert.equal(fetched.integratedTime, entry.integratedTime);

          // FindTlogEntry (a signature without a bundle): SearchLogQuery with the proposed entry.
          const found = await call('POST', '/api/v1/log/entries/retrieve', `{"entries":[${body}]}`);
          assert.equal(found.status, 200, found.body.toString());
          const results = JSON.parse(found.body.toString()) as Record<string, LogEntryAnon>[];
          assert.equal(results.length, 1);
          const [[foundId, foundEntry]] = Object.entries(results[0] as object) as [
            [string, LogEntryAnon],
          ];
          assert.equal(foundId, entryId);
          verifyOffline(foundEntry, keys);
        });
      }
    },
  );
}
