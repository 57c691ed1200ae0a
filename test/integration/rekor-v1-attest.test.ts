import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { DSSEBundleBuilder, FulcioSigner, RekorWitness } from '@sigstore/sign';
import { attest, sign as sigstoreSign } from 'sigstore';
import { leafHash } from '../../src/core/merkle.js';
import { toPem } from '../../src/core/pem.js';
import { spkiOf } from '../../src/core/x509.js';
import { pae } from '../../src/tlog/rekor.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import { Verifier } from '../../src/verify/verifier.js';
import { storageDrivers } from '../helpers/log-storage.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { verifyWithSigstoreJs } from '../helpers/sigstore.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * Bundles logged in the Rekor v1 log by the real clients, unmodified: sigstore-js's
 * DSSEBundleBuilder, the high-level `sign()` and `attest()` (dsse, and intoto with
 * legacyCompatibility) and `sigstore attest` from @sigstore/cli; each bundle verifies in
 * sigstore-js and in Signet. Then the index search as rekor-cli sends it, cosign v2's requests
 * replayed, and the bad inputs the kinds refuse.
 */

const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const newKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** An in-toto statement naming a fresh artifact, so Signet's verifier can match it. */
function statement(): { artifact: Buffer; payload: Buffer } {
  const artifact = randomBytes(32);
  const payload = Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'artifact.bin', digest: { sha256: sha256(artifact) } }],
      predicateType: 'https://signet.test/predicate/v1',
      predicate: { note: 'from a test' },
    }),
  );
  return { artifact, payload };
}

interface V1Entry {
  body: string;
  logIndex: number;
}

/** The LogEntryAnon fields cosign v2 reads from an upload or a search answer. */
interface CosignEntry extends V1Entry {
  integratedTime: number;
  logID: string;
  verification: {
    signedEntryTimestamp: string;
    inclusionProof: { checkpoint: string; hashes: string[]; rootHash: string; treeSize: number };
  };
}

const EMAIL = 'attester@signet.test';

/** The clients' request timeout: their defaults (5 s) are too short on a loaded test machine. */
const CLIENT_TIMEOUT_MS = 30_000;

for (const driver of storageDrivers()) {
  describe(
    `DSSE attestations in the Rekor v1 log, from unmodified clients, on ${driver.name} storage`,
    { skip: driver.skip },
    () => {
      let service: TestService;
      let trustedRoot: unknown;
      const token = async (): Promise<string> => {
        const response = await fetch(`${service.url}/dev-oidc/token`, {
          method: 'POST',
          body: JSON.stringify({ email: EMAIL }),
        });
        return ((await response.json()) as { id_token: string }).id_token;
      };
      const post = (path: string, body: string): Promise<Response> =>
        fetch(`${service.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      const treeSize = async (): Promise<number> =>
        ((await (await fetch(`${service.url}/api/v1/log`)).json()) as { treeSize: number })
          .treeSize;

      /** Verifies an attestation bundle in sigstore-js and in Signet; answers its tlog entry. */
      function verifyBoth(json: SerializedBundle, artifact: Buffer, kind: string, version: string) {
        const [entry] = json.verificationMaterial.tlogEntries;
        assert.deepEqual(entry?.kindVersion, { kind, version });
        assert.ok(entry?.inclusionPromise, 'a v1 entry carries a signed entry timestamp');
        verifyWithSigstoreJs(trustedRoot, { json, artifact });
        const result = new Verifier(TrustMaterial.fromTrustedRoot(trustedRoot)).verify(json, {
          data: artifact,
        });
        // protojson leaves out an int64 0.
        assert.equal(result.tlogEntries[0]?.logIndex, Number(entry.logIndex ?? 0));
        return entry;
      }

      before(async () => {
        await driver.setUp();
        service = await startTestService({
          devIssuer: true,
          storage: await driver.serviceStorage(),
        });
        trustedRoot = await (await fetch(`${service.url}/trusted_root.json`)).json();
      });
      after(async () => {
        await service?.dispose();
        await driver.tearDown();
      });

      it('logs DSSEBundleBuilder bundles as dsse 0.0.1, verifiable in both verifiers', async () => {
        const { artifact, payload } = statement();
        const builder = new DSSEBundleBuilder({
          signer: new FulcioSigner({
            fulcioBaseURL: service.url,
            identityProvider: { getToken: token },
            retry: 0,
            timeout: CLIENT_TIMEOUT_MS,
          }),
          // The entry type attest() uses by default.
          witnesses: [
            new RekorWitness({
              rekorBaseURL: service.url,
              entryType: 'dsse',
              retry: 0,
              timeout: CLIENT_TIMEOUT_MS,
            }),
          ],
        });
        const size = await treeSize();
        const bundle = await builder.create({ data: payload, type: PAYLOAD_TYPE });
        const json = JSON.parse(JSON.stringify(bundleToJSON(bundle))) as SerializedBundle;
        const entry = verifyBoth(json, artifact, 'dsse', '0.0.1');
        assert.equal(Number(entry.logIndex ?? 0), size);
        const body = JSON.parse(Buffer.from(entry.canonicalizedBody, 'base64').toString());
        assert.equal(body.spec.payloadHash.value, sha256(payload));
        assert.equal(body.spec.signatures.length, 1);
      });

      it('serves attest() unmodified, dsse by default and intoto 0.0.2 for legacy clients', async () => {
        for (const [legacyCompatibility, kind, version] of [
          [false, 'dsse', '0.0.1'],
          [true, 'intoto', '0.0.2'],
        ] as const) {
          const { artifact, payload } = statement();
          const json = await attest(payload, PAYLOAD_TYPE, {
            fulcioURL: service.url,
            rekorURL: service.url,
            tsaServerURL: service.url,
            identityToken: await token(),
            legacyCompatibility,
            retry: 0,
            timeout: CLIENT_TIMEOUT_MS,
          });
          assert.equal(
            json.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length,
            1,
          );
          verifyBoth(json, artifact, kind, version);
        }
      });

      it('serves sign() unmodified: a hashedrekord 0.0.1 bundle both verifiers accept', async () => {
        const artifact = randomBytes(64);
        const json = await sigstoreSign(artifact, {
          fulcioURL: service.url,
          rekorURL: service.url,
          tsaServerURL: service.url,
          identityToken: await token(),
          retry: 0,
          timeout: CLIENT_TIMEOUT_MS,
        });
        verifyBoth(json, artifact, 'hashedrekord', '0.0.1');
      });

      it('serves `sigstore attest` from @sigstore/cli unmodified', async () => {
        const dir = await tempDir('signet-cli-');
        try {
          const { artifact, payload } = statement();
          await writeFile(join(dir, 'stmt.json'), payload);
          await mkdir(join(dir, 'home'));
          const bin = join(repoRoot(), 'node_modules', '.bin', 'sigstore');
          // In CI mode the CLI takes its identity token from SIGSTORE_ID_TOKEN, with no browser.
          const env = {
            PATH: process.env.PATH ?? '',
            HOME: join(dir, 'home'),
            CI: 'true',
            SIGSTORE_ID_TOKEN: await token(),
          };
          const args = [
            'attest',
            join(dir, 'stmt.json'),
            '--fulcio-url',
            service.url,
            '--rekor-url',
            service.url,
            '--tsa-server-url',
            service.url,
            '--timeout',
            String(CLIENT_TIMEOUT_MS / 1000),
            '--output-file',
            join(dir, 'bundle.json'),
          ];
          const { stderr } = await promisify(execFile)(bin, args, { env, timeout: 60_000 });
          assert.match(stderr, /Created entry at index \d+/);
          const json = JSON.parse(
            await readFile(join(dir, 'bundle.json'), 'utf8'),
          ) as SerializedBundle;
          verifyBoth(json, artifact, 'intoto', '0.0.2');
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });

      it('finds logged attestations through index/retrieve, as rekor-cli asks', async () => {
        const { payload } = statement();
        const json = await attest(payload, PAYLOAD_TYPE, {
          fulcioURL: service.url,
          rekorURL: service.url,
          identityToken: await token(),
          retry: 0,
          timeout: CLIENT_TIMEOUT_MS,
        });
        const [entry] = json.verificationMaterial.tlogEntries;
        const uuid = leafHash(Buffer.from(entry?.canonicalizedBody ?? '', 'base64')).toString(
          'hex',
        );
        const search = async (query: string): Promise<string[]> => {
          const response = await post('/api/v1/index/retrieve', query);
          assert.equal(response.status, 200, await response.clone().text());
          return (await response.json()) as string[];
        };
        // rekor-cli's SearchIndex JSON: Go's field order (email, hash, operator, publicKey), omitempty.
        const byHash = await search(`{"hash":"sha256:${sha256(payload)}"}`);
        assert.equal(byHash.length, 1);
        assert.ok(byHash[0]?.endsWith(uuid), `${byHash[0]} names the entry ${uuid}`);
        assert.deepEqual(await search(`{"hash":"${sha256(payload).toUpperCase()}"}`), byHash);
        // rekor-cli then reads each answer with GET /api/v1/log/entries/{uuid}.
        const read = await fetch(`${service.url}/api/v1/log/entries/${byHash[0]}`);
        const [readEntry] = Object.values((await read.json()) as Record<string, V1Entry>);
        assert.equal(readEntry?.body, entry?.canonicalizedBody);
        assert.ok(
          (await search(`{"email":"${EMAIL.toUpperCase()}"}`)).includes(byHash[0] as string),
        );
        assert.deepEqual(
          await search(
            `{"email":"nobody@signet.test","hash":"sha256:${sha256(payload)}","operator":"and"}`,
          ),
          [],
        );
        // Upstream indexes DSSE verifiers as "sha256:<hex>" and looks a publicKey query up by the
        // bare digest: a certificate finds its hashedrekord entries, not its DSSE ones.
        const leaf = Buffer.from(json.verificationMaterial.certificate?.rawBytes ?? '', 'base64');
        const leafPem = Buffer.from(toPem('CERTIFICATE', leaf)).toString('base64');
        assert.deepEqual(
          await search(`{"publicKey":{"content":"${leafPem}","format":"x509"}}`),
          [],
        );
        const refused = await post(
          '/api/v1/index/retrieve',
          '{"publicKey":{"content":"AA==","format":"ssh"}}',
        );
        assert.equal(refused.status, 400);
        const error = (await refused.json()) as { code: number; message: string };
        assert.equal(error.code, 400);
        assert.match(error.message, /publicKey\.format ssh is not supported/);
      });

      it('answers cosign v2 attest uploads and its no-bundle lookup, byte for byte', async () => {
        const key = newKey();
        const keyPem = toPem('PUBLIC KEY', spkiOf(key));
        const { payload } = statement();
        const sig = sign('sha256', pae(PAYLOAD_TYPE, payload), key).toString('base64');
        // go-securesystemslib's Envelope JSON, as cosign writes it.
        const envelope = `{"payloadType":"${PAYLOAD_TYPE}","payload":"${payload.toString('base64')}","signatures":[{"keyid":"","sig":"${sig}"}]}`;
        const b64 = (text: string): string => Buffer.from(text).toString('base64');
        // rekor's generated models: apiVersion and spec, then kind; a nil slice is null.
        const dsse = `{"apiVersion":"0.0.1","spec":{"proposedContent":{"envelope":${JSON.stringify(envelope)},"verifiers":["${b64(keyPem)}"]},"signatures":null},"kind":"dsse"}`;
        const intoto = `{"apiVersion":"0.0.1","spec":{"content":{"envelope":${JSON.stringify(envelope)},"hash":{"algorithm":"sha256","value":"${sha256(envelope)}"}},"publicKey":"${b64(keyPem)}"},"kind":"intoto"}`;
        const uploaded: Record<string, V1Entry> = {};
        // attest (dsse, the default) and attest --rekor-entry-type intoto.
        for (const proposed of [dsse, intoto]) {
          const response = await post('/api/v1/log/entries', proposed);
          assert.equal(response.status, 201, await response.clone().text());
          const answer = (await response.json()) as Record<string, CosignEntry>;
          const [[id, entry]] = Object.entries(answer) as [[string, CosignEntry]];
          // What cosign reads: the UUID (the map key's tail) must be the body's leaf hash, and
          // the SET and inclusion proof it verifies offline must be there.
          assert.equal(id.slice(-64), leafHash(Buffer.from(entry.body, 'base64')).toString('hex'));
          assert.equal(typeof entry.integratedTime, 'number');
          assert.match(entry.logID, /^[0-9a-f]{64}$/);
          assert.ok(entry.verification.signedEntryTimestamp);
          assert.ok(entry.verification.inclusionProof.checkpoint);
          uploaded[id] = entry;
        }
        // FindTlogEntry without a bundle: SearchLogQuery with both proposed entries.
        const query = `{"entryUUIDs":null,"logIndexes":null,"entries":[${dsse},${intoto}]}`;
        const response = await post('/api/v1/log/entries/retrieve', query);
        assert.equal(response.status, 200, await response.clone().text());
        const found = (await response.json()) as Record<string, CosignEntry>[];
        assert.deepEqual(
          found.map((answer) => Object.keys(answer)[0]).sort(),
          Object.keys(uploaded).sort(),
        );
        for (const answer of found) {
          for (const [id, entry] of Object.entries(answer)) {
            assert.equal(entry.body, uploaded[id]?.body);
          }
        }
      });

      it('refuses bad attestations with a reason and leaves the log unchanged', async () => {
        const key = newKey();
        const keyPem = Buffer.from(toPem('PUBLIC KEY', spkiOf(key))).toString('base64');
        const { payload } = statement();
        const sig = sign('sha256', pae(PAYLOAD_TYPE, payload), key);
        const envelope = (signature: Buffer) =>
          JSON.stringify({
            payloadType: PAYLOAD_TYPE,
            payload: payload.toString('base64'),
            signatures: [{ keyid: '', sig: signature.toString('base64') }],
          });
        const intoto = (payloadHash: string) => ({
          apiVersion: '0.0.2',
          kind: 'intoto',
          spec: {
            content: {
              envelope: {
                payloadType: PAYLOAD_TYPE,
                payload: Buffer.from(payload.toString('base64')).toString('base64'),
                signatures: [
                  {
                    sig: Buffer.from(sig.toString('base64')).toString('base64'),
                    publicKey: keyPem,
                  },
                ],
              },
              hash: { algorithm: 'sha256', value: sha256('anything') },
              payloadHash: { algorithm: 'sha256', value: payloadHash },
            },
          },
        });
        const tampered = Buffer.from(sig);
        tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
        const cases: [unknown, RegExp][] = [
          [
            {
              apiVersion: '0.0.1',
              kind: 'dsse',
              spec: { proposedContent: { envelope: envelope(tampered), verifiers: [keyPem] } },
            },
            /no envelope signature verifies with spec\.proposedContent\.verifiers\[0\]/,
          ],
          [intoto('00'.repeat(32)), /payloadHash\.value 0{64} is not the SHA-256 of the payload/],
          [{ ...intoto(sha256(payload)), apiVersion: '0.0.3' }, /unsupported apiVersion "0\.0\.3"/],
        ];
        const size = await treeSize();
        for (const [body, reason] of cases) {
          const response = await post('/api/v1/log/entries', JSON.stringify(body));
          assert.equal(response.status, 400, await response.clone().text());
          assert.match(((await response.json()) as { message: string }).message, reason);
        }
        assert.equal(await treeSize(), size);
        // The same intoto entry with the right payload hash is logged: the refusals were the hash.
        const good = await post('/api/v1/log/entries', JSON.stringify(intoto(sha256(payload))));
        assert.equal(good.status, 201, await good.clone().text());
      });
    },
  );
}

describe('the Rekor v1 search index across restarts', () => {
  it('is rebuilt from the log, so entries stay searchable', async () => {
    const dataDir = await tempDir();
    let service = await startTestService({ dataDir, devIssuer: true });
    try {
      const { payload } = statement();
      const response = await fetch(`${service.url}/dev-oidc/token`, { method: 'POST' });
      const { id_token: identityToken } = (await response.json()) as { id_token: string };
      await attest(payload, PAYLOAD_TYPE, {
        fulcioURL: service.url,
        rekorURL: service.url,
        identityToken,
        retry: 0,
        timeout: CLIENT_TIMEOUT_MS,
      });
      const search = async (): Promise<unknown> =>
        (
          await fetch(`${service.url}/api/v1/index/retrieve`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ hash: sha256(payload) }),
          })
        ).json();
      const before = await search();
      assert.equal((before as string[]).length, 1);
      await service.dispose();
      service = await startTestService({ dataDir, devIssuer: true });
      assert.deepEqual(await search(), before);
    } finally {
      await service.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
