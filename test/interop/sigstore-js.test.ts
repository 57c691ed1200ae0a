import assert from 'node:assert/strict';
import { X509Certificate, createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { bundleFromJSON, bundleToJSON, type Bundle, type SerializedBundle } from '@sigstore/bundle';
import { PublicKey, TrustedRoot } from '@sigstore/protobuf-specs';
import {
  DSSEBundleBuilder,
  FulcioSigner,
  MessageSignatureBundleBuilder,
  RekorWitness,
  TSAWitness,
} from '@sigstore/sign';
import {
  PolicyError,
  VerificationError,
  Verifier,
  toSignedEntity,
  toTrustMaterial,
} from '@sigstore/verify';
import * as latest from '@sigstore/verify-latest';
import { toPem } from '../../src/core/pem.js';
import { findExtension, parseCertificate } from '../../src/core/x509.js';
import { pae } from '../../src/tlog/rekor.js';
import { EntryFactory, logKeyBundleV2 } from '../helpers/entries.js';
import { storageDrivers } from '../helpers/log-storage.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, startTestService } from '../helpers/server.js';
import { EphemeralSigner } from './helpers.js';

/**
 * sigstore-js (@sigstore/sign 4.1.1; @sigstore/verify 3.1.1, the last Node 20 line, and the
 * current 4.x line) against the live service: sjs's FulcioSigner gets the signing certificate
 * from our CA with a GitHub-shaped token from a GHES-style test issuer, sjs writes to our Rekor v2
 * log and our TSA, and sjs verifies what it got back with trusted_root.json exactly as served, at
 * its default thresholds: one SCT (from our CT log, embedded in the leaf), one tlog entry and one
 * RFC 3161 timestamp. Once per storage driver: the logs in the data directory, then in
 * PostgreSQL.
 */

/** The job_workflow_ref of every token, so the SAN is `{issuer origin}/{WORKFLOW_REF}`. */
const WORKFLOW_REF = 'signet-interop/repo/.github/workflows/release.yml@refs/heads/main';
/** The Precertificate SCT list (RFC 6962 §3.3). */
const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';
const IN_TOTO = 'application/vnd.in-toto+json';

/**
 * @sigstore/verify 3.1.1 checks a hashedrekord entry's digest against SHA-256(payload) even for
 * DSSE bundles (bundle/dsse.js `compareDigest`), so a Rekor v2 DSSE entry, which upstream defines
 * as a hashedrekord over SHA-256(PAE), fails with TLOG_BODY_ERROR "digest mismatch".
 * sigstore-js#1677 (`compareSignedDigest`, in @sigstore/verify 4.1.0 and later) fixes the client;
 * those releases require Node >= 22.22. sigstore-go, sigstore-python and sigstore-rust verify the
 * PAE form, so the service's entry is right; drop this marker when the devDependency moves.
 */
const DSSE_VERIFY_TODO =
  '@sigstore/verify 3.1.1 compares the DSSE payload hash, not SHA-256(PAE); fixed in 4.1.0 (sigstore-js#1677)';

let issuer: TestIssuer;
let service: TestService;
let san: string;
let servedRoot: Record<string, unknown>;
let verifier: Verifier;
/** The current @sigstore/verify line (4.x), which requires Node 22 by its engines field but runs here. */
let latestVerifier: latest.Verifier;
/** The key FulcioSigner has certified and signs with, kept so tests can compare keys. */
let keyHolder: EphemeralSigner;
let signer: FulcioSigner;
let rekor: RekorWitness;
let tsa: TSAWitness;

/** What a verifier receives: the bundle as JSON text, not sjs's in-memory object. */
const toJson = (bundle: Bundle): SerializedBundle =>
  JSON.parse(JSON.stringify(bundleToJSON(bundle))) as SerializedBundle;

/** sjs's defaults, spelled out so that a change of default cannot quietly loosen these tests. */
const DEFAULT_THRESHOLDS = { ctlogThreshold: 1, tlogThreshold: 1, timestampThreshold: 1 };

const verifierFor = (root: unknown): Verifier =>
  new Verifier(toTrustMaterial(TrustedRoot.fromJSON(root)), DEFAULT_THRESHOLDS);

const policy = () => ({ subjectAlternativeName: san, extensions: { issuer: issuer.url } });

const verifyJson = (json: SerializedBundle, artifact?: Buffer, using: Verifier = verifier) =>
  using.verify(toSignedEntity(bundleFromJSON(json), artifact), policy());

/** The DER leaf certificate a bundle carries (v0.3 `certificate`, or the first of a chain). */
function leafOf(json: SerializedBundle): Buffer {
  const material = json.verificationMaterial;
  const raw =
    material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
  assert.ok(raw, 'bundle carries no certificate');
  return Buffer.from(raw, 'base64');
}

/** A copy of the bundle with `leaf` in place of its certificate. */
function withLeaf(json: SerializedBundle, leaf: Buffer): SerializedBundle {
  const copy = structuredClone(json);
  const material = copy.verificationMaterial;
  if (material.certificate) material.certificate.rawBytes = leaf.toString('base64');
  else {
    const first = material.x509CertificateChain?.certificates[0];
    assert.ok(first, 'bundle carries no certificate');
    first.rawBytes = leaf.toString('base64');
  }
  return copy;
}

/** The served root's CA chain (issuing CA, then root), DER. */
const servedCaChain = (): Buffer[] =>
  (
    servedRoot as {
      certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
    }
  ).certificateAuthorities[0]?.certChain.certificates.map((c) =>
    Buffer.from(c.rawBytes, 'base64'),
  ) ?? [];

/** Asserts that verification throws a VerificationError with `code` (and `message` if given). */
function assertRejected(
  run: () => unknown,
  code: VerificationError['code'],
  message?: RegExp,
): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(
      error instanceof VerificationError,
      `expected a VerificationError, got ${String(error)}`,
    );
    assert.equal(error.code, code, `wrong failure: ${error.code}: ${error.message}`);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

const flipLastByte = (b64: string): string => {
  const bytes = Buffer.from(b64, 'base64');
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0x01;
  return bytes.toString('base64');
};

const firstEntry = (json: SerializedBundle) => {
  const entry = json.verificationMaterial.tlogEntries[0];
  assert.ok(entry, 'bundle has no tlog entry');
  return entry;
};

for (const driver of storageDrivers()) {
  describe(
    `sigstore-js against the service on ${driver.name} storage`,
    { skip: driver.skip },
    () => {
      before(async () => {
        await driver.setUp();
        // GHES-shaped (issuer under /_services/token): the CA derives the SAN's host from the issuer,
        // so the identity is on 127.0.0.1 rather than github.com.
        issuer = await startTestIssuer({ path: '/_services/token' });
        san = `${new URL(issuer.url).origin}/${WORKFLOW_REF}`;
        service = await startTestService({
          storage: await driver.serviceStorage(),
          identity: {
            'oidc-issuers': {
              [issuer.url]: {
                'issuer-url': issuer.url,
                'client-id': 'sigstore',
                type: 'github-workflow',
              },
            },
          },
        });
        // A few unrelated entries first, so inclusion proofs have hashes to tamper with.
        const factory = new EntryFactory();
        for (let i = 0; i < 3; i++) {
          const response = await fetch(`${service.url}/api/v2/log/entries`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(factory.request()),
          });
          assert.equal(response.status, 201, await response.text());
        }
        // The trust root as a client fetches it, not the in-process object.
        servedRoot = (await (await fetch(`${service.url}/trusted_root.json`)).json()) as Record<
          string,
          unknown
        >;
        assert.deepEqual(servedRoot, JSON.parse(JSON.stringify(service.trustedRoot)));
        verifier = verifierFor(servedRoot);
        latestVerifier = new latest.Verifier(
          latest.toTrustMaterial(TrustedRoot.fromJSON(servedRoot)),
          DEFAULT_THRESHOLDS,
        );
        keyHolder = new EphemeralSigner();
        // Each sign() fetches a fresh certificate, so each mints a fresh token (iat now).
        signer = new FulcioSigner({
          fulcioBaseURL: service.url,
          identityProvider: {
            getToken: () => issuer.mint(issuer.githubClaims({ job_workflow_ref: WORKFLOW_REF })),
          },
          keyHolder,
          retry: 0,
          timeout: 30_000,
        });
        rekor = new RekorWitness({
          rekorBaseURL: service.url,
          majorApiVersion: 2,
          retry: 0,
          timeout: 30_000,
        });
        tsa = new TSAWitness({ tsaBaseURL: service.url, retry: 0, timeout: 30_000 });
      });

      after(async () => {
        await service?.dispose();
        await issuer?.close();
        await driver.tearDown();
      });

      describe('sigstore-js message-signature bundle through our Rekor v2 log and TSA', () => {
        const artifact = randomBytes(1024);
        let bundle: Bundle;
        let json: SerializedBundle;

        before(async () => {
          bundle = await new MessageSignatureBundleBuilder({
            signer,
            witnesses: [rekor, tsa],
          }).create({
            data: artifact,
          });
          json = toJson(bundle);
        });

        it('gets a Rekor v2 hashedrekord entry and an RFC 3161 timestamp', () => {
          const entry = firstEntry(json);
          assert.deepEqual(entry.kindVersion, { kind: 'hashedrekord', version: '0.0.2' });
          // The service answers "0"; bundleToJSON then drops the zero, as protojson does.
          assert.ok(
            entry.integratedTime === undefined || entry.integratedTime === '0',
            `integratedTime ${entry.integratedTime}`,
          );
          assert.equal(entry.inclusionPromise, undefined);
          assert.ok(
            entry.inclusionProof?.checkpoint?.envelope.startsWith('127.0.0.1\n'),
            'checkpoint origin is the log hostname',
          );
          assert.ok(
            (entry.inclusionProof?.hashes.length ?? 0) > 0,
            'proof has hashes (log has earlier entries)',
          );
          assert.equal(
            json.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length,
            1,
          );
          const body = JSON.parse(Buffer.from(entry.canonicalizedBody, 'base64').toString('utf8'));
          const digest = createHash('sha256').update(artifact).digest('base64');
          assert.equal(body.spec.hashedRekordV002.data.digest, digest);
          assert.equal(
            body.spec.hashedRekordV002.signature.verifier.x509Certificate.rawBytes,
            leafOf(json).toString('base64'),
          );
        });

        it("carries a leaf from the service's CA for the key sjs holds, with one SCT from the served CT log", () => {
          const leaf = new X509Certificate(leafOf(json));
          const [issuing, root] = servedCaChain().map((der) => new X509Certificate(der));
          assert.ok(issuing && root, 'served root has the CA chain');
          assert.ok(
            leaf.checkIssued(issuing) && leaf.verify(issuing.publicKey),
            'issued by our CA',
          );
          assert.deepEqual(
            leaf.publicKey.export({ format: 'der', type: 'spki' }),
            keyHolder.publicKey.export({ format: 'der', type: 'spki' }),
          );
          const sct = findExtension(parseCertificate(leafOf(json)), SCT_LIST_OID);
          assert.ok(sct, 'leaf has an embedded SCT list');
          const ctLogId = (servedRoot as { ctlogs: { logId: { keyId: string } }[] }).ctlogs[0]
            ?.logId.keyId;
          // extnValue = OCTET STRING { list length, SCT length, version 0, 32-byte log ID, ... }
          assert.equal(
            sct.value.subarray(2 + 2 + 2 + 1, 2 + 2 + 2 + 1 + 32).toString('base64'),
            ctLogId,
          );
        });

        it('verifies with @sigstore/verify and the served trusted root (SCT 1, tlog 1, timestamps 1)', () => {
          const result = verifyJson(json, artifact);
          assert.equal(result.identity?.subjectAlternativeName, san);
          assert.equal(
            result.key.export({ format: 'der', type: 'spki' }).toString('base64'),
            keyHolder.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
          );
        });

        it('fails for another identity and for another issuer', () => {
          const entity = toSignedEntity(bundleFromJSON(json), artifact);
          assert.throws(
            () => verifier.verify(entity, { subjectAlternativeName: `${san}x` }),
            PolicyError,
          );
          assert.throws(
            () =>
              verifier.verify(entity, {
                subjectAlternativeName: san,
                extensions: { issuer: 'https://token.actions.githubusercontent.com' },
              }),
            PolicyError,
          );
        });

        it('fails when the embedded SCT is tampered with', () => {
          const leaf = leafOf(json);
          const sct = findExtension(parseCertificate(leaf), SCT_LIST_OID);
          assert.ok(sct);
          const at = leaf.indexOf(sct.value);
          assert.ok(at > 0);
          // The list's last byte is the last byte of the SCT's ECDSA signature, so the leaf still
          // parses. The SCT list is inside the CA-signed TBSCertificate, so the chain check (which sjs
          // runs before the SCT check) is what catches it: an SCT cannot be swapped without the CA.
          const tampered = Buffer.from(leaf);
          tampered[at + sct.value.length - 1] =
            (tampered[at + sct.value.length - 1] as number) ^ 0x01;
          assertRejected(
            () => verifyJson(withLeaf(json, tampered), artifact),
            'CERTIFICATE_ERROR',
            /certificate chain/,
          );
        });

        it('fails the SCT check when the trusted root has no CT log', () => {
          const root = structuredClone(servedRoot);
          root.ctlogs = [];
          assertRejected(
            () => verifyJson(json, artifact, verifierFor(root)),
            'CERTIFICATE_ERROR',
            /SCT verification failed/,
          );
        });

        it("fails the SCT check when the trusted root's CT log has another key", () => {
          // Same log ID, so sjs finds the log and checks the SCT signature against the wrong key.
          const root = structuredClone(servedRoot) as {
            ctlogs: { publicKey: { rawBytes: string } }[];
          };
          const ctlog = root.ctlogs[0];
          assert.ok(ctlog);
          ctlog.publicKey.rawBytes = generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .publicKey.export({ format: 'der', type: 'spki' })
            .toString('base64');
          assertRejected(
            () => verifyJson(json, artifact, verifierFor(root)),
            'CERTIFICATE_ERROR',
            /SCT verification failed/,
          );
        });

        it('fails when the checkpoint signature is tampered with', () => {
          const tampered = structuredClone(json);
          const proof = firstEntry(tampered).inclusionProof;
          assert.ok(proof?.checkpoint);
          const lines = proof.checkpoint.envelope.split('\n');
          const sigIndex = lines.findIndex((line) => line.startsWith('\u2014 '));
          assert.ok(sigIndex > 0, 'checkpoint has a signature line');
          const [dash, keyName, sig] = (lines[sigIndex] as string).split(' ');
          lines[sigIndex] = `${dash} ${keyName} ${flipLastByte(sig as string)}`;
          proof.checkpoint.envelope = lines.join('\n');
          assertRejected(
            () => verifyJson(tampered, artifact),
            'TLOG_INCLUSION_PROOF_ERROR',
            /invalid checkpoint signature/,
          );
        });

        it('fails when an inclusion proof hash is tampered with', () => {
          const tampered = structuredClone(json);
          const proof = firstEntry(tampered).inclusionProof;
          assert.ok(proof && proof.hashes.length > 0);
          proof.hashes[0] = flipLastByte(proof.hashes[0] as string);
          assertRejected(
            () => verifyJson(tampered, artifact),
            'TLOG_INCLUSION_PROOF_ERROR',
            /root hash does not match/,
          );
        });

        it('fails when the canonicalizedBody is tampered with', () => {
          const tampered = structuredClone(json);
          const entry = firstEntry(tampered);
          const body = JSON.parse(Buffer.from(entry.canonicalizedBody, 'base64').toString('utf8'));
          body.spec.hashedRekordV002.data.digest = randomBytes(32).toString('base64');
          entry.canonicalizedBody = Buffer.from(JSON.stringify(body)).toString('base64');
          assertRejected(() => verifyJson(tampered, artifact), 'TLOG_INCLUSION_PROOF_ERROR');
        });

        it('fails when the signed timestamp is tampered with', () => {
          const tampered = structuredClone(json);
          const stamps = tampered.verificationMaterial.timestampVerificationData?.rfc3161Timestamps;
          assert.ok(stamps?.[0]);
          // The last bytes of a TimeStampResp are the SignerInfo signature; it still parses.
          stamps[0].signedTimestamp = flipLastByte(stamps[0].signedTimestamp);
          assertRejected(() => verifyJson(tampered, artifact), 'TIMESTAMP_ERROR');
        });

        it('fails for a different artifact', () => {
          const other = Buffer.from(artifact);
          other[0] = (other[0] as number) ^ 0x01;
          assertRejected(() => verifyJson(json, other), 'SIGNATURE_ERROR');
        });

        it('fails without the timestamp (Rekor v2 entries carry no signed time)', () => {
          const stripped = structuredClone(json);
          stripped.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: [] };
          assertRejected(
            () => verifyJson(stripped, artifact),
            'TIMESTAMP_ERROR',
            /expected 1 timestamps, got 0/,
          );
        });

        it('gets the same log index when sjs submits the same entry again', async () => {
          const leafPem = toPem('CERTIFICATE', leafOf(json));
          const first = await rekor.testify(bundle.content, leafPem);
          const second = await rekor.testify(bundle.content, leafPem);
          const original = firstEntry(json);
          assert.equal(first.tlogEntries[0]?.logIndex, original.logIndex);
          assert.equal(second.tlogEntries[0]?.logIndex, original.logIndex);
          assert.deepEqual(
            first.tlogEntries[0]?.canonicalizedBody,
            Buffer.from(original.canonicalizedBody, 'base64'),
          );
          // The resubmission's fresh proof verifies too.
          const resubmitted = structuredClone(bundle);
          resubmitted.verificationMaterial.tlogEntries = second.tlogEntries;
          verifyJson(toJson(resubmitted), artifact);
        });
      });

      describe('sigstore-js DSSE (in-toto) bundle through our Rekor v2 log and TSA', () => {
        const statement = {
          _type: 'https://in-toto.io/Statement/v1',
          subject: [{ name: 'artifact.tgz', digest: { sha256: randomBytes(32).toString('hex') } }],
          predicateType: 'https://slsa.dev/provenance/v1',
          predicate: { buildDefinition: { buildType: 'https://signet.invalid/test' } },
        };
        const payload = Buffer.from(JSON.stringify(statement));
        let json: SerializedBundle;

        before(async () => {
          // sjs sends a dsseRequestV002; the service logs it as a hashedrekord over SHA-256(PAE).
          const bundle = await new DSSEBundleBuilder({ signer, witnesses: [rekor, tsa] }).create({
            data: payload,
            type: IN_TOTO,
          });
          json = toJson(bundle);
        });

        it('is logged as hashedrekord v0.0.2 over SHA-256(PAE) with the envelope signature', () => {
          const entry = firstEntry(json);
          assert.deepEqual(entry.kindVersion, { kind: 'hashedrekord', version: '0.0.2' });
          const body = JSON.parse(Buffer.from(entry.canonicalizedBody, 'base64').toString('utf8'));
          const spec = body.spec.hashedRekordV002;
          assert.equal(spec.data.algorithm, 'SHA2_256');
          assert.equal(
            spec.data.digest,
            createHash('sha256').update(pae(IN_TOTO, payload)).digest('base64'),
          );
          assert.equal(spec.signature.content, json.dsseEnvelope?.signatures[0]?.sig);
          assert.equal(
            spec.signature.verifier.x509Certificate.rawBytes,
            leafOf(json).toString('base64'),
          );
        });

        const tamperedPayload = (): SerializedBundle => {
          const tampered = structuredClone(json);
          assert.ok(tampered.dsseEnvelope);
          tampered.dsseEnvelope.payload = Buffer.from(
            JSON.stringify({ ...statement, predicate: {} }),
          ).toString('base64');
          return tampered;
        };

        it('verifies with the current @sigstore/verify (4.x), and not once the payload is changed', () => {
          const verify = (bundle: SerializedBundle) =>
            latestVerifier.verify(latest.toSignedEntity(bundleFromJSON(bundle) as never), policy());
          assert.equal(verify(json).identity?.subjectAlternativeName, san);
          assert.throws(
            () => verify(tamperedPayload()),
            (error: unknown) => error instanceof latest.VerificationError,
          );
        });

        it(
          'verifies with @sigstore/verify 3.1.1, the last line for Node 20',
          { todo: DSSE_VERIFY_TODO },
          () => {
            const result = verifyJson(json);
            assert.equal(result.identity?.subjectAlternativeName, san);
            assertRejected(
              () => verifyJson(tamperedPayload()),
              'TLOG_BODY_ERROR',
              /digest mismatch/,
            );
          },
        );
      });

      describe('sigstore-js with a public key (no certificate)', () => {
        const hint = 'signet-interop-key';
        const keySigner = new EphemeralSigner(hint);

        it('is refused by Rekor v2 with a clear reason, because sjs labels the SPKI as an x509Certificate', async () => {
          // @sigstore/sign 4.1.1 (witness/tlog/entry.ts) always sends `verifier.x509Certificate` with
          // the DER of whatever PEM it is given; for a key that is an SPKI, which is not a certificate.
          const witness = new RekorWitness({
            rekorBaseURL: service.url,
            majorApiVersion: 2,
            retry: 0,
          });
          const artifact = randomBytes(64);
          await assert.rejects(
            new MessageSignatureBundleBuilder({ signer: keySigner, witnesses: [witness] }).create({
              data: artifact,
            }),
            (error: Error & { code?: string }) => {
              assert.equal(error.code, 'TLOG_CREATE_ENTRY_ERROR');
              assert.match(
                error.message,
                /x509Certificate\.rawBytes is not a DER X\.509 certificate/,
              );
              return true;
            },
          );
        });

        it('verifies when the entry is logged with a publicKey verifier (as sigstore-go and cosign log it)', async () => {
          const artifact = randomBytes(256);
          const bundle = await new MessageSignatureBundleBuilder({
            signer: keySigner,
            witnesses: [tsa],
          }).create({ data: artifact });
          assert.equal(bundle.verificationMaterial.content.$case, 'publicKey');
          await logKeyBundleV2(service.url, bundle, keySigner.publicKey);
          const spki = keySigner.publicKey.export({ format: 'der', type: 'spki' });
          const keys = {
            [hint]: PublicKey.fromJSON({
              rawBytes: spki.toString('base64'),
              keyDetails: 'PKIX_ECDSA_P256_SHA_256',
              validFor: { start: new Date(Date.now() - 60_000).toISOString() },
            }),
          };
          // ctlogThreshold applies to certificates only; a key bundle has no SCT to count.
          const keyVerifier = new Verifier(
            toTrustMaterial(TrustedRoot.fromJSON(servedRoot), keys),
            DEFAULT_THRESHOLDS,
          );
          const json = toJson(bundle);
          const result = keyVerifier.verify(toSignedEntity(bundleFromJSON(json), artifact));
          assert.deepEqual(result.key.export({ format: 'der', type: 'spki' }), spki);
          assertRejected(
            () => keyVerifier.verify(toSignedEntity(bundleFromJSON(json), randomBytes(256))),
            'SIGNATURE_ERROR',
          );
        });
      });
    },
  );
}
