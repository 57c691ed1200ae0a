import assert from 'node:assert/strict';
import {
  type KeyObject,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  verify,
} from 'node:crypto';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { bundleFromJSON, bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { FulcioSigner, MessageSignatureBundleBuilder, RekorWitness } from '@sigstore/sign';
import { Verifier as SigstoreVerifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { canonicalize } from '../../src/core/canonical-json.js';
import type { LogEntryAnon as V1Entry } from '../../src/tlog/rekor-v1/entry.js';
import { leafHash, verifyInclusion } from '../../src/core/merkle.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import { Verifier } from '../../src/verify/verifier.js';
import { v1Request, v1SetVerifies } from '../helpers/entries.js';
import { storageDrivers } from '../helpers/log-storage.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { verifyWithSigstoreJs } from '../helpers/sigstore.js';

/** A hashedrekord 0.0.1 ProposedEntry, with the artifact it signs. */
function proposedEntry(key: KeyObject, artifact: Buffer = randomBytes(32)) {
  return { artifact, entry: v1Request(key, artifact) };
}

const newKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

for (const driver of storageDrivers()) {
  describe(`the Rekor v1 log over HTTP on ${driver.name} storage`, { skip: driver.skip }, () => {
    let service: TestService;
    let logKey: KeyObject;
    let treeId: string;
    const signerKey = newKey();

    before(async () => {
      await driver.setUp();
      service = await startTestService({
        devIssuer: true,
        maxBodyBytes: 16384,
        storage: await driver.serviceStorage(),
      });
      logKey = createPublicKey(await (await fetch(`${service.url}/api/v1/log/publicKey`)).text());
      treeId = ((await (await fetch(`${service.url}/api/v1/log`)).json()) as { treeID: string })
        .treeID;
    });
    after(async () => {
      await service?.dispose();
      await driver.tearDown();
    });

    const post = (path: string, body: unknown, type = 'application/json'): Promise<Response> =>
      fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const treeSize = async (): Promise<number> =>
      ((await (await fetch(`${service.url}/api/v1/log`)).json()) as { treeSize: number }).treeSize;

    /** Checks an entry as a client would offline: SET, inclusion proof, signed checkpoint. */
    function checkEntry(entry: V1Entry): void {
      const logId = createHash('sha256')
        .update(logKey.export({ type: 'spki', format: 'der' }))
        .digest('hex');
      assert.equal(entry.logID, logId);
      assert.ok(v1SetVerifies(entry, logKey), 'the SET verifies');
      const proof = entry.verification.inclusionProof;
      assert.equal(proof.logIndex, entry.logIndex);
      verifyInclusion(
        entry.logIndex,
        proof.treeSize,
        leafHash(Buffer.from(entry.body, 'base64')),
        proof.hashes.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(proof.rootHash, 'hex'),
      );
      const [text = '', signature = ''] = proof.checkpoint.split('\n\n');
      assert.equal(
        text,
        `127.0.0.1 - ${treeId}\n${proof.treeSize}\n${Buffer.from(proof.rootHash, 'hex').toString('base64')}`,
      );
      const line = /^\u2014 127\.0\.0\.1 (\S+)\n$/.exec(signature);
      assert.ok(line, `one signature line by the host: ${signature}`);
      const sig = Buffer.from(line[1] as string, 'base64');
      assert.deepEqual(sig.subarray(0, 4), Buffer.from(logId, 'hex').subarray(0, 4));
      assert.ok(verify('sha256', Buffer.from(`${text}\n`), logKey, sig.subarray(4)));
    }

    function only(answer: unknown): [string, V1Entry] {
      const entries = Object.entries(answer as Record<string, V1Entry>);
      assert.equal(entries.length, 1);
      return entries[0] as [string, V1Entry];
    }

    it('logs a hashedrekord 0.0.1 entry and answers 201 with upstream LogEntry', async () => {
      const before = await treeSize();
      const { entry: proposed } = proposedEntry(signerKey);
      const response = await post('/api/v1/log/entries', proposed);
      assert.equal(response.status, 201, await response.clone().text());
      const [id, entry] = only(await response.json());
      const body = Buffer.from(entry.body, 'base64');
      // The entry ID: tree ID as 16 hex digits, then the UUID (the leaf hash).
      assert.equal(
        id,
        BigInt(treeId).toString(16).padStart(16, '0') + leafHash(body).toString('hex'),
      );
      assert.equal(response.headers.get('location'), `/api/v1/log/entries/${id}`);
      assert.equal(entry.logIndex, before);
      assert.ok(Math.abs(entry.integratedTime - Date.now() / 1000) < 60);
      // Upstream's canonical body: JCS, the key as PEM, the hash as sent.
      assert.equal(body.toString(), canonicalize(proposed));
      checkEntry(entry);
      assert.equal(await treeSize(), before + 1);

      // Every read gives the same entry, with a verification block of its own.
      const uuid = id.slice(16);
      const reads = [
        await fetch(`${service.url}/api/v1/log/entries?logIndex=${entry.logIndex}`),
        await fetch(`${service.url}/api/v1/log/entries/${uuid}`),
        await fetch(`${service.url}/api/v1/log/entries/${id}`),
        await fetch(`${service.url}/api/v1/log/entries/${id.toUpperCase()}`),
      ];
      for (const read of reads) {
        assert.equal(read.status, 200);
        const [readId, readEntry] = only(await read.json());
        assert.equal(readId, id);
        assert.deepEqual(
          { ...readEntry, verification: undefined },
          { ...entry, verification: undefined },
        );
        checkEntry(readEntry);
      }
      const retrieved = await post('/api/v1/log/entries/retrieve', {
        entryUUIDs: [uuid, 'ab'.repeat(32)],
        logIndexes: [entry.logIndex, 1_000_000],
      });
      assert.equal(retrieved.status, 200);
      const found = (await retrieved.json()) as unknown[];
      assert.equal(found.length, 2, 'what is not there is left out');
      for (const answer of found) checkEntry(only(answer)[1]);
    });

    it('answers a duplicate 409 with the existing entry location, and logs nothing', async () => {
      const { entry: proposed } = proposedEntry(signerKey);
      const first = await post('/api/v1/log/entries', proposed);
      assert.equal(first.status, 201);
      const size = await treeSize();
      const again = await post('/api/v1/log/entries', proposed);
      assert.equal(again.status, 409);
      const location = again.headers.get('location');
      assert.equal(location, first.headers.get('location'));
      const error = (await again.json()) as { code: number; message: string };
      assert.equal(error.code, 409);
      assert.match(error.message, /an equivalent entry already exists .* with UUID [0-9a-f]{80}/);
      assert.equal((await fetch(`${service.url}${location}`)).status, 200);
      assert.equal(await treeSize(), size);
    });

    it('refuses bad entries with a reason and leaves the log unchanged', async () => {
      const size = await treeSize();
      const good = proposedEntry(signerKey).entry;
      const other = proposedEntry(newKey()).entry;
      const refusals: [string, unknown, number, RegExp, string?][] = [
        ['no JSON', '{', 400, /not valid JSON/],
        ['wrong type', JSON.stringify(good), 415, /Content-Type text\/plain/, 'text/plain'],
        ['too large', 'x'.repeat(20_000), 413, /limit is 16384 bytes/],
        ['unknown kind', { ...good, kind: 'rekord' }, 400, /unsupported entry kind "rekord"/],
        [
          'unknown apiVersion',
          { ...good, apiVersion: '0.0.2' },
          400,
          /unsupported apiVersion "0.0.2" for kind hashedrekord/,
        ],
        [
          'signature of another key',
          { ...good, spec: { ...good.spec, signature: other.spec.signature } },
          400,
          /does not verify over spec.data.hash/,
        ],
        [
          'short digest',
          { ...good, spec: { ...good.spec, data: { hash: { algorithm: 'sha256', value: 'ab' } } } },
          400,
          /must be 64 hex digits for sha256/,
        ],
        [
          'digest of another algorithm',
          {
            ...good,
            spec: { ...good.spec, data: { hash: { algorithm: 'md5', value: 'ab'.repeat(16) } } },
          },
          400,
          /algorithm "md5" is not one of sha256, sha384, sha512/,
        ],
        [
          'no key',
          { ...good, spec: { ...good.spec, signature: { content: 'AAAA' } } },
          400,
          /spec.signature.publicKey must be a JSON object/,
        ],
      ];
      for (const [what, body, status, reason, type] of refusals) {
        const response = await post('/api/v1/log/entries', body, type);
        assert.equal(response.status, status, what);
        const error = (await response.json()) as { code: number; message: string };
        assert.equal(error.code, status, what);
        assert.match(error.message, reason, what);
      }
      assert.equal(await treeSize(), size);
    });

    it('answers reads of what is not there, and malformed queries, with reasons', async () => {
      const cases: [string, number, RegExp][] = [
        ['/api/v1/log/entries?logIndex=999999', 404, /no entry at log index 999999/],
        ['/api/v1/log/entries?logIndex=-1', 400, /logIndex must be an integer/],
        ['/api/v1/log/entries', 400, /logIndex is required/],
        [`/api/v1/log/entries/${'ab'.repeat(32)}`, 404, /no entry with UUID/],
        ['/api/v1/log/entries/xyz', 400, /neither a 64-hex-digit UUID nor an 80-hex-digit/],
        [`/api/v1/log/entries/${'0'.repeat(15)}1${'ab'.repeat(32)}`, 404, /is not in tree/],
        ['/api/v1/log/proof?firstSize=2&lastSize=1', 400, /firstSize\(2\) must be less/],
        ['/api/v1/log/proof?lastSize=999999', 400, /greater than what is currently observable/],
      ];
      for (const [path, status, reason] of cases) {
        const response = await fetch(`${service.url}${path}`);
        assert.equal(response.status, status, path);
        assert.match(((await response.json()) as { message: string }).message, reason, path);
      }
    });

    it('serves log info and consistency proofs a monitor can check', async () => {
      const first = (await (await fetch(`${service.url}/api/v1/log`)).json()) as {
        rootHash: string;
        treeSize: number;
        signedTreeHead: string;
        treeID: string;
        inactiveShards: unknown[];
      };
      assert.deepEqual(first.inactiveShards, []);
      assert.match(first.treeID, /^[1-9][0-9]*$/);
      assert.ok(
        first.signedTreeHead.startsWith(`127.0.0.1 - ${first.treeID}\n${first.treeSize}\n`),
      );
      assert.equal((await post('/api/v1/log/entries', proposedEntry(signerKey).entry)).status, 201);
      const last = await treeSize();
      const response = await fetch(
        `${service.url}/api/v1/log/proof?firstSize=${first.treeSize}&lastSize=${last}`,
      );
      assert.equal(response.status, 200);
      const proof = (await response.json()) as { rootHash: string; hashes: string[] };
      assert.equal(proof.rootHash.length, 64);
      assert.ok(proof.hashes.length > 0);
    });

    it('lists the v1 log in the trust root and after v2 in the signing config', async () => {
      const root = (await (await fetch(`${service.url}/trusted_root.json`)).json()) as {
        tlogs: {
          baseUrl: string;
          logId: { keyId: string };
          publicKey: { validFor: { start: string } };
        }[];
      };
      const logId = createHash('sha256')
        .update(logKey.export({ type: 'spki', format: 'der' }))
        .digest('base64');
      assert.ok(root.tlogs.some((t) => t.logId.keyId === logId && t.baseUrl === service.url));
      // integratedTime is in whole seconds: an entry logged in the second the key was made must
      // not fall before the key's start (seen as a verification failure in both verifiers).
      for (const tlog of root.tlogs) {
        assert.equal(
          Date.parse(tlog.publicKey.validFor.start) % 1000,
          0,
          tlog.publicKey.validFor.start,
        );
      }
      const config = (await (await fetch(`${service.url}/signing_config.json`)).json()) as {
        rekorTlogUrls: { url: string; majorApiVersion: number }[];
      };
      assert.deepEqual(
        config.rekorTlogUrls.map((t) => [t.url, t.majorApiVersion]),
        [
          [service.url, 2],
          [service.url, 1],
        ],
      );
    });

    it("makes bundles with sigstore-js's RekorWitness on v1 that both verifiers accept", async () => {
      const builder = new MessageSignatureBundleBuilder({
        signer: new FulcioSigner({
          fulcioBaseURL: service.url,
          identityProvider: {
            async getToken() {
              const response = await fetch(`${service.url}/dev-oidc/token`, { method: 'POST' });
              return ((await response.json()) as { id_token: string }).id_token;
            },
          },
          retry: 0,
        }),
        witnesses: [
          new RekorWitness({
            rekorBaseURL: service.url,
            majorApiVersion: 1,
            fetchOnConflict: true,
          }),
        ],
      });
      const artifact = randomBytes(64);
      const size = await treeSize();
      const bundle = await builder.create({ data: artifact });
      const json = JSON.parse(JSON.stringify(bundleToJSON(bundle))) as SerializedBundle;
      const [tlogEntry] = json.verificationMaterial.tlogEntries;
      assert.equal(tlogEntry?.logIndex, String(size));
      assert.deepEqual(tlogEntry?.kindVersion, { kind: 'hashedrekord', version: '0.0.1' });
      const trustedRoot = await (await fetch(`${service.url}/trusted_root.json`)).json();
      // sigstore-js: one SCT, one tlog entry, and the SET's integratedTime as the signing time.
      verifyWithSigstoreJs(trustedRoot, { json, artifact });
      const result = new Verifier(TrustMaterial.fromTrustedRoot(trustedRoot)).verify(json, {
        data: artifact,
      });
      assert.equal(result.tlogEntries[0]?.logIndex, size);
      assert.equal(
        result.tlogEntries[0]?.integratedTime?.getTime(),
        Number(tlogEntry?.integratedTime) * 1000,
      );
    });

    it('verifies a public-key bundle built from a v1 entry in both verifiers', async () => {
      const { artifact, entry: proposed } = proposedEntry(signerKey);
      const response = await post('/api/v1/log/entries', proposed);
      const [, entry] = only(await response.json());
      const proof = entry.verification.inclusionProof;
      const spki = createPublicKey(signerKey).export({ type: 'spki', format: 'der' });
      const json = {
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        verificationMaterial: {
          publicKey: { hint: 'signer' },
          tlogEntries: [
            {
              logIndex: String(entry.logIndex),
              logId: { keyId: Buffer.from(entry.logID, 'hex').toString('base64') },
              kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
              integratedTime: String(entry.integratedTime),
              inclusionPromise: { signedEntryTimestamp: entry.verification.signedEntryTimestamp },
              inclusionProof: {
                logIndex: String(proof.logIndex),
                rootHash: Buffer.from(proof.rootHash, 'hex').toString('base64'),
                treeSize: String(proof.treeSize),
                hashes: proof.hashes.map((h) => Buffer.from(h, 'hex').toString('base64')),
                checkpoint: { envelope: proof.checkpoint },
              },
              canonicalizedBody: entry.body,
            },
          ],
        },
        messageSignature: {
          messageDigest: {
            algorithm: 'SHA2_256',
            digest: createHash('sha256').update(artifact).digest('base64'),
          },
          signature: proposed.spec.signature.content,
        },
      };
      const trustedRoot = await (await fetch(`${service.url}/trusted_root.json`)).json();
      const result = new Verifier(TrustMaterial.fromTrustedRoot(trustedRoot)).verify(
        json,
        { data: artifact },
        { publicKey: spki },
      );
      assert.equal(result.tlogEntries[0]?.treeSize, proof.treeSize);
      new SigstoreVerifier(
        toTrustMaterial(TrustedRoot.fromJSON(trustedRoot), {
          signer: {
            rawBytes: spki,
            keyDetails: 5, // PKIX_ECDSA_P256_SHA_256
            validFor: { start: new Date(0) },
          },
        }),
        { ctlogThreshold: 0, tlogThreshold: 1, timestampThreshold: 1 },
      ).verify(toSignedEntity(bundleFromJSON(json), artifact));
    });

    it('keeps its entries, their times and its tree ID across restarts', async () => {
      const dataDir = await tempDir();
      const storage = await driver.serviceStorage();
      let running = await startTestService({ dataDir, storage });
      // A replica that takes the lease signs the stored tree again (ECDSA signs anew each time),
      // so the signed tree head is compared without its signature.
      const info = async () => {
        const { signedTreeHead, ...rest } = (await (
          await fetch(`${running.url}/api/v1/log`)
        ).json()) as { treeID: string; treeSize: number; rootHash: string; signedTreeHead: string };
        return { ...rest, treeHead: signedTreeHead.split('\n\n')[0] };
      };
      const response = await fetch(`${running.url}/api/v1/log/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(proposedEntry(newKey()).entry),
      });
      const [id, entry] = Object.entries((await response.json()) as Record<string, V1Entry>)[0] as [
        string,
        V1Entry,
      ];
      const before = await info();
      await running.close();
      running = await startTestService({ dataDir, storage });
      try {
        assert.deepEqual(await info(), before);
        const read = (await (
          await fetch(`${running.url}/api/v1/log/entries/${id}`)
        ).json()) as Record<string, V1Entry>;
        assert.equal(read[id]?.integratedTime, entry.integratedTime);
        assert.equal(read[id]?.body, entry.body);
      } finally {
        await running.dispose();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
