import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { BUNDLE_MEDIA_TYPES } from '../../src/bundle/bundle.js';
import { BundleError, parseBundle } from '../../src/bundle/parse.js';
import { VerifyError } from '../../src/verify/error.js';
import { TrustMaterial } from '../../src/verify/trust.js';

/** A minimal well-formed v0.3 bundle; the bytes are placeholders, parsing does not verify. */
const b64 = (n: number, fill = 1): string => Buffer.alloc(n, fill).toString('base64');
const entry = () => ({
  logIndex: '7',
  logId: { keyId: b64(32) },
  kindVersion: { kind: 'hashedrekord', version: '0.0.2' },
  inclusionProof: {
    logIndex: '7',
    rootHash: b64(32),
    treeSize: '8',
    hashes: [b64(32, 2)],
    checkpoint: { envelope: 'origin\n8\nroot\n\n— origin sig\n' },
  },
  canonicalizedBody: b64(10),
});
// Tests reach into arbitrary JSON paths to break them; a typed shape would only get in the way.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const bundle = (): Json => ({
  mediaType: BUNDLE_MEDIA_TYPES['v0.3'],
  verificationMaterial: {
    certificate: { rawBytes: b64(100) },
    tlogEntries: [entry()],
    timestampVerificationData: { rfc3161Timestamps: [{ signedTimestamp: b64(50) }] },
  },
  messageSignature: {
    messageDigest: { algorithm: 'SHA2_256', digest: b64(32) },
    signature: b64(70),
  },
});

const refused = (json: unknown, message: RegExp): void => {
  assert.throws(
    () => parseBundle(json),
    (error: unknown) =>
      error instanceof BundleError &&
      error.code === 'BUNDLE_INVALID' &&
      message.test(error.message),
  );
};

describe('parseBundle', () => {
  it('decodes a v0.3 bundle into bytes and numbers', () => {
    const parsed = parseBundle(bundle());
    assert.equal(parsed.version, '0.3');
    assert.ok(parsed.signer.kind === 'certificate');
    assert.equal(parsed.signer.chain[0]?.length, 100);
    assert.equal(parsed.tlogEntries[0]?.logIndex, 7);
    assert.equal(parsed.tlogEntries[0]?.inclusionProof?.treeSize, 8);
    assert.equal(parsed.tlogEntries[0]?.integratedTime, 0);
    assert.equal(parsed.timestamps.length, 1);
    assert.ok(parsed.content.kind === 'messageSignature');
    assert.equal(parsed.content.digest.value.length, 32);
  });

  it('accepts int64 numbers, URL-safe base64 and proto field names', () => {
    const json = bundle();
    json.verificationMaterial.tlogEntries[0].logIndex = 7;
    json.verificationMaterial.tlogEntries[0].inclusionProof.tree_size = 8;
    delete json.verificationMaterial.tlogEntries[0].inclusionProof.treeSize;
    json.messageSignature.signature = Buffer.alloc(70, 0xfb).toString('base64url');
    const parsed = parseBundle(json);
    assert.equal(parsed.tlogEntries[0]?.inclusionProof?.treeSize, 8);
    assert.ok(parsed.content.kind === 'messageSignature');
    assert.ok(parsed.content.signature.equals(Buffer.alloc(70, 0xfb)));
  });

  it('reads v0.2 chains, and refuses them in v0.3', () => {
    const json = bundle();
    json.verificationMaterial.x509CertificateChain = {
      certificates: [{ rawBytes: b64(100) }, { rawBytes: b64(90) }],
    };
    delete json.verificationMaterial.certificate;
    refused(json, /x509CertificateChain is not allowed in v0\.3/);
    json.mediaType = BUNDLE_MEDIA_TYPES['v0.2'];
    const parsed = parseBundle(json);
    assert.ok(parsed.signer.kind === 'certificate');
    assert.equal(parsed.signer.chain.length, 2);
  });

  it('requires the inclusion promise in v0.1 and the proof with a checkpoint later', () => {
    const v01 = bundle();
    v01.mediaType = BUNDLE_MEDIA_TYPES['v0.1'];
    v01.verificationMaterial.x509CertificateChain = { certificates: [{ rawBytes: b64(100) }] };
    delete v01.verificationMaterial.certificate;
    refused(v01, /tlogEntries\[0\]\.inclusionPromise is required in a v0\.1 bundle/);
    const noProof = bundle();
    delete noProof.verificationMaterial.tlogEntries[0].inclusionProof;
    refused(noProof, /inclusionProof is required/);
    const noCheckpoint = bundle();
    delete noCheckpoint.verificationMaterial.tlogEntries[0].inclusionProof.checkpoint;
    refused(noCheckpoint, /inclusionProof\.checkpoint is missing/);
    // v0.1 may leave the proof out, but a proof it carries needs its checkpoint too.
    const promised = bundle();
    promised.mediaType = BUNDLE_MEDIA_TYPES['v0.1'];
    promised.verificationMaterial.tlogEntries[0].inclusionPromise = {
      signedEntryTimestamp: b64(70),
    };
    const proof = promised.verificationMaterial.tlogEntries[0].inclusionProof;
    assert.equal(
      parseBundle(promised).tlogEntries[0]?.inclusionProof?.checkpoint,
      proof.checkpoint.envelope,
    );
    delete proof.checkpoint;
    refused(promised, /inclusionProof\.checkpoint is missing/);
    delete promised.verificationMaterial.tlogEntries[0].inclusionProof;
    assert.equal(parseBundle(promised).tlogEntries[0]?.inclusionProof, undefined);
  });

  it('names the field that is wrong', () => {
    const cases: [(json: Json) => void, RegExp][] = [
      [(j) => (j.mediaType = 'application/json'), /mediaType/],
      [
        (j) => (j.dsseEnvelope = { payload: b64(3), payloadType: 'x', signatures: [] }),
        /exactly one of messageSignature, dsseEnvelope/,
      ],
      [(j) => (j.verificationMaterial.publicKey = { hint: 'k' }), /exactly one of certificate/],
      [(j) => (j.messageSignature.messageDigest.algorithm = 'MD5'), /messageDigest\.algorithm/],
      [(j) => (j.messageSignature.messageDigest.digest = b64(20)), /20 bytes/],
      [
        (j) => (j.messageSignature.signature = '***'),
        /messageSignature\.signature is not valid base64/,
      ],
      [
        (j) => (j.verificationMaterial.tlogEntries[0].logIndex = '-1'),
        /logIndex must be a non-negative integer/,
      ],
      [(j) => (j.verificationMaterial.tlogEntries[0].logIndex = '007'), /logIndex/],
      [(j) => delete j.verificationMaterial.tlogEntries[0].kindVersion, /kindVersion is missing/],
      [(j) => (j.verificationMaterial.certificate.rawBytes = ''), /certificate\.rawBytes is empty/],
    ];
    for (const [change, message] of cases) {
      const json = bundle();
      change(json);
      refused(json, message);
    }
  });

  it('reads a DSSE envelope with exactly one signature', () => {
    const json = bundle();
    delete json.messageSignature;
    json.dsseEnvelope = {
      payload: b64(5),
      payloadType: 'application/vnd.in-toto+json',
      signatures: [{ sig: b64(70), keyid: '' }],
    };
    const parsed = parseBundle(json);
    assert.ok(parsed.content.kind === 'dsseEnvelope');
    assert.equal(parsed.content.keyid, undefined);
    json.dsseEnvelope.signatures.push({ sig: b64(70) });
    refused(json, /exactly one signature, found 2/);
  });
});

describe('TrustMaterial.fromTrustedRoot', () => {
  const refusedRoot = (json: unknown, message: RegExp): void => {
    assert.throws(
      () => TrustMaterial.fromTrustedRoot(json),
      (error: unknown) =>
        error instanceof VerifyError &&
        error.code === 'TRUST_ROOT_INVALID' &&
        message.test(error.message),
    );
  };

  it('requires the exact v0.1 media type', () => {
    refusedRoot({ mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json' }, /mediaType/);
  });

  it('names a log without validFor.start or a malformed key', () => {
    const log = {
      baseUrl: 'https://log.example',
      hashAlgorithm: 'SHA2_256',
      publicKey: {
        rawBytes: b64(10),
        keyDetails: 'PKIX_ED25519',
        validFor: { start: '2025-01-01T00:00:00Z' },
      },
      logId: { keyId: b64(32) },
    };
    const mediaType = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
    refusedRoot({ mediaType, tlogs: [log] }, /tlogs\[0\]\.publicKey\.rawBytes is not a DER/);
    const publicKey = generateKeyPairSync('ed25519')
      .publicKey.export({ format: 'der', type: 'spki' })
      .toString('base64');
    const noStart = structuredClone(log);
    noStart.publicKey.rawBytes = publicKey;
    (noStart.publicKey as { validFor: object }).validFor = {};
    refusedRoot(
      { mediaType, tlogs: [noStart] },
      /tlogs\[0\]\.publicKey\.validFor\.start is missing/,
    );
  });
});
