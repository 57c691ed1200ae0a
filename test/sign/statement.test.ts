import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import * as latest from '@sigstore/verify-latest';
import type { BundleJson } from '../../src/bundle/bundle.js';
import { IN_TOTO_STATEMENT_V1, type InTotoStatement } from '../../src/bundle/intoto.js';
import { type SigningConfig, fetchSigningConfig } from '../../src/bundle/signing-config.js';
import { type Signer, openSigner } from '../../src/kms/signer.js';
import { SignError } from '../../src/sign/error.js';
import { signStatements } from '../../src/sign/statement.js';
import { pae } from '../../src/tlog/rekor.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import type { IdentityPolicy } from '../../src/verify/policy.js';
import { type KeyPolicy, Verifier } from '../../src/verify/verifier.js';
import { type FakeKey, type FakeKms, startFakeKms, useFakeKmsEnvironment } from '../helpers/kms.js';
import {
  type TestService,
  devToken,
  issuedCertificates,
  startTestService,
} from '../helpers/server.js';
import { trustedKeys } from '../helpers/sigstore.js';
import { assertFails } from '../helpers/verify.js';

/**
 * signStatements against the real service (CA, Rekor v2 log, TSA) and a KMS on 127.0.0.1:
 * the DSSE bundles verify with our Verifier and with @sigstore/verify 4 (the line that rebuilds
 * Rekor v2's hashedrekord over SHA-256(PAE); 3.1.1 does not, see test/interop/sigstore-js.test.ts)
 * for the subject's digest, and not for another.
 */

let service: TestService;
let kms: FakeKms;
let kmsKey: FakeKey;
let kmsSigner: Signer;
let config: SigningConfig;
let ours: Verifier;

before(async () => {
  kms = await startFakeKms();
  kmsKey = kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/signet-statements' });
  useFakeKmsEnvironment(kms);
  service = await startTestService({ devIssuer: true });
  kmsSigner = await openSigner('awskms:///alias/signet-statements');
  config = await fetchSigningConfig(service.url);
  ours = new Verifier(TrustMaterial.fromTrustedRoot(service.trustedRoot));
});

after(async () => {
  await service?.dispose();
  await kms?.close();
});

const statementFor = (digest: Buffer): InTotoStatement => ({
  _type: IN_TOTO_STATEMENT_V1,
  subject: [{ digest: { sha256: digest.toString('hex') } }],
  predicateType: 'https://sigstore.dev/cosign/sign/v1',
  predicate: {},
});

const sha256Artifact = (digest: Buffer) => ({
  digest: { algorithm: 'sha256' as const, value: digest },
});

/** @sigstore/verify 4 with the KMS key trusted under the bundle's hint (no SCT for a key). */
function sigstoreJs(kind: 'keyless' | 'key'): latest.Verifier {
  const keys = trustedKeys(kmsKey.publicKey as Buffer);
  return new latest.Verifier(
    latest.toTrustMaterial(TrustedRoot.fromJSON(service.trustedRoot), keys),
    { ctlogThreshold: kind === 'keyless' ? 1 : 0, tlogThreshold: 1, timestampThreshold: 1 },
  );
}

/** What sigstore-js leaves to the caller for DSSE: the statement names the digest. */
function subjectDigests(bundle: BundleJson): string[] {
  const payload = Buffer.from(bundle.dsseEnvelope?.payload as string, 'base64');
  const statement = JSON.parse(payload.toString('utf8')) as InTotoStatement;
  return statement.subject.map((s) => s.digest.sha256 as string);
}

describe('signStatements against the service', () => {
  const digestA = randomBytes(32);
  const digestB = randomBytes(32);
  let bundles: Awaited<ReturnType<typeof signStatements>>['bundles'];
  let certificates: number;

  before(async () => {
    const issuedBefore = await issuedCertificates(service.url);
    ({ bundles } = await signStatements({
      statements: [
        { name: 'oci://a', statement: statementFor(digestA) },
        { name: 'oci://b', statement: statementFor(digestB) },
      ],
      signingConfig: config,
      token: await devToken(service.url),
      kms: kmsSigner,
    }));
    certificates = (await issuedCertificates(service.url)) - issuedBefore;
  });

  it('makes one DSSE bundle per statement and half with one certificate', () => {
    assert.equal(certificates, 1);
    assert.deepEqual(
      bundles.map((b) => [b.kind, b.name]),
      [
        ['keyless', 'oci://a'],
        ['keyless', 'oci://b'],
        ['key', 'oci://a'],
        ['key', 'oci://b'],
      ],
    );
    for (const { bundle, statement } of bundles) {
      assert.equal(bundle.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
      assert.equal(bundle.messageSignature, undefined);
      assert.equal(bundle.dsseEnvelope?.payloadType, 'application/vnd.in-toto+json');
      assert.deepEqual(
        JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')),
        statement,
      );
    }
    // Both halves sign the same payload bytes.
    assert.equal(
      bundles[0]?.bundle.dsseEnvelope?.payload,
      bundles[2]?.bundle.dsseEnvelope?.payload,
    );
  });

  it('logs each signature as a hashedrekord over SHA-256(PAE)', () => {
    for (const { bundle } of bundles) {
      const envelope = bundle.dsseEnvelope;
      assert.ok(envelope);
      const entry = bundle.verificationMaterial.tlogEntries[0];
      assert.deepEqual(entry?.kindVersion, { kind: 'hashedrekord', version: '0.0.2' });
      const body = JSON.parse(Buffer.from(entry.canonicalizedBody, 'base64').toString('utf8'));
      const spec = body.spec.hashedRekordV002;
      const signed = pae(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
      assert.equal(spec.data.digest, createHash('sha256').update(signed).digest('base64'));
      assert.equal(spec.signature.content, envelope.signatures[0]?.sig);
      assert.equal(
        bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length,
        1,
      );
    }
  });

  it('verifies with our verifier for the subject digest, and not for another', () => {
    for (const [i, signed] of bundles.entries()) {
      const digest = i % 2 === 0 ? digestA : digestB;
      const other = i % 2 === 0 ? digestB : digestA;
      const policy: KeyPolicy | IdentityPolicy =
        signed.kind === 'key' ? { publicKey: kmsSigner.publicKey } : {};
      const result = ours.verify(signed.bundle, sha256Artifact(digest), policy);
      assert.equal(result.signer.kind, signed.kind === 'key' ? 'publicKey' : 'certificate');
      assertFails(
        () => ours.verify(signed.bundle, sha256Artifact(other), policy),
        'ARTIFACT_MISMATCH',
        /not a subject of the in-toto statement/,
      );
    }
  });

  it('verifies with @sigstore/verify 4, names the subject digest, and fails once changed', () => {
    for (const [i, signed] of bundles.entries()) {
      const verifier = sigstoreJs(signed.kind);
      const entity = (json: BundleJson) => latest.toSignedEntity(bundleFromJSON(json) as never);
      verifier.verify(entity(signed.bundle));
      assert.deepEqual(subjectDigests(signed.bundle), [
        (i % 2 === 0 ? digestA : digestB).toString('hex'),
      ]);
      // Pointing the statement at another digest breaks the signature.
      const moved = structuredClone(signed.bundle);
      assert.ok(moved.dsseEnvelope);
      moved.dsseEnvelope.payload = Buffer.from(
        JSON.stringify(statementFor(randomBytes(32))),
      ).toString('base64');
      assert.throws(
        () => verifier.verify(entity(moved)),
        (error: unknown) => error instanceof latest.VerificationError,
      );
    }
  });

  it('refuses a statement without a subject digest before contacting anything', async () => {
    const issuedBefore = await issuedCertificates(service.url);
    const signsBefore = kms.count('Sign');
    const statement = { ...statementFor(digestA), subject: [{ name: 'x', digest: {} }] };
    const error = await signStatements({
      statements: [{ name: 'oci://bad', statement }],
      signingConfig: config,
      token: await devToken(service.url),
      kms: kmsSigner,
    }).then(
      () => assert.fail('an invalid statement was signed'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SignError);
    assert.equal(error.code, 'STATEMENT_INVALID');
    assert.match(error.message, /statement for oci:\/\/bad has subject 0 without a digest/);
    assert.equal(await issuedCertificates(service.url), issuedBefore);
    assert.equal(kms.count('Sign'), signsBefore);
  });
});
