import assert from 'node:assert/strict';
import { type KeyObject, createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseBundle } from '../../src/bundle/parse.js';
import { toBase64 } from '../../src/core/base64.js';
import { integer, sequence } from '../../src/core/der.js';
import { toPem } from '../../src/core/pem.js';
import { spkiOf } from '../../src/core/x509.js';
import { publicGoodTrustedRoot } from '../../src/verify/public-good.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import { Verifier } from '../../src/verify/verifier.js';
import { testRoot } from '../ct/fixtures.js';
import { type Json, b64json, dsseBundle, entryOf, keyBundle, sha256 } from '../helpers/signed.js';
import { type SignedBundle, type Stack, newKey, startStack } from '../helpers/stack.js';
import { assertFails, flip } from '../helpers/verify.js';

/**
 * Bundles, made with the project's own CA, CT log, TSA and log (test/helpers/stack.ts), that
 * differ from a valid one in one part the real service never produces: each must fail with the
 * code of the check that catches it and a message naming what was wrong.
 */

let stack: Stack;
let good: SignedBundle;

before(async () => {
  stack = await startStack();
  good = await stack.sign();
});

after(async () => {
  await stack?.close();
});

const copy = (signed: SignedBundle = good): Json => structuredClone(signed.json) as Json;
const noTimes = () => stack.verifier(undefined, { timestamp: 0 });

/** `json` with its entry relabelled `kind version` and logging `body`. */
function withBody(json: Json, kind: string, version: string, body: Buffer | object): Json {
  const entry = entryOf(json);
  entry.kindVersion = { kind, version };
  entry.canonicalizedBody = Buffer.isBuffer(body) ? toBase64(body) : b64json(body);
  return json;
}

describe('the bundle as given', () => {
  it('verifies an already parsed bundle as it does its JSON', () => {
    const result = stack.verifier().verify(parseBundle(good.json), { data: good.artifact });
    assert.equal(result.signer.kind, 'certificate');
  });

  it('fails a leaf that is not a DER certificate as CERTIFICATE_CHAIN, not a crash', () => {
    const json = copy();
    json.verificationMaterial.certificate.rawBytes = Buffer.from('not DER').toString('base64');
    const error = assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'CERTIFICATE_CHAIN',
      /^certificate chain: the signing certificate is malformed: /,
    );
    assert.equal(error.check, 'certificate chain');
  });

  it('names the trusted CAs a leaf from elsewhere does not chain to', async () => {
    const other = testRoot('Signet Elsewhere Root');
    const signed = await stack.sign({ ca: stack.ca({ issuer: other, chainToRoot: [] }) });
    const third = testRoot('Signet Third Root');
    const verifier = stack.verifier((root) => {
      const [ca] = root.certificateAuthorities;
      assert.ok(ca);
      root.certificateAuthorities.push({ ...ca, certChain: [third.der] });
    });
    const error = assertFails(
      () => verifier.verify(signed.json, { data: signed.artifact }),
      'CERTIFICATE_CHAIN',
    );
    assert.equal(
      error.message,
      'certificate chain: the leaf issued by "O=Signet tests, CN=Signet Elsewhere Root" does not chain to a certificate authority in the trusted root',
    );
    assert.equal(error.check, 'certificate chain');
    assert.equal(
      error.expected,
      'O=Signet, CN=Signet Issuing CA; O=Signet tests, CN=Signet Third Root',
    );
    assert.equal(error.actual, 'O=Signet tests, CN=Signet Elsewhere Root');
  });
});

describe('the leaf and its SCTs', () => {
  it('fails a leaf its CA did not sign, though it names the CA as issuer', () => {
    const json = copy();
    const field = json.verificationMaterial.certificate;
    field.rawBytes = flip(field.rawBytes);
    assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'CERTIFICATE_CHAIN',
      /does not chain to a certificate authority/,
    );
  });

  it('names the trusted CT logs and those of the SCTs when none is trusted', () => {
    const [ctlog] = stack.trustedRootInput().ctlogs;
    assert.ok(ctlog);
    const error = assertFails(
      () => stack.verifier((root) => (root.ctlogs = [])).verify(good.json, { data: good.artifact }),
      'SCT_INVALID',
    );
    assert.equal(
      error.message,
      "SCT: 0 of the certificate's 1 SCTs are from trusted CT logs, at least 1 required",
    );
    assert.equal(error.check, 'SCT');
    assert.equal(error.expected, 'SCTs from (no trusted CT logs)');
    assert.equal(error.actual, `SCTs from ${toBase64(ctlog.logId)}`);
  });
});

describe('the artifact by digest', () => {
  it('names the digest that differs', () => {
    const digest = { algorithm: 'sha256' as const, value: Buffer.alloc(32) };
    const error = assertFails(
      () => stack.verifier().verify(good.json, { digest }),
      'ARTIFACT_MISMATCH',
    );
    const signed = sha256(good.artifact).toString('hex');
    assert.equal(
      error.message,
      `artifact: the bundle signs sha256 ${signed}, the given digest is ${'00'.repeat(32)}`,
    );
    assert.equal(error.check, 'artifact');
  });

  it('asks for the artifact itself when the bundle signs another digest than SHA-256', () => {
    const json = copy();
    json.messageSignature.messageDigest.algorithm = 'SHA2_384';
    json.messageSignature.messageDigest.digest = toBase64(
      createHash('sha384').update(good.artifact).digest(),
    );
    const error = assertFails(
      () =>
        stack
          .verifier()
          .verify(json, { digest: { algorithm: 'sha256', value: sha256(good.artifact) } }),
      'ARTIFACT_MISMATCH',
    );
    assert.equal(
      error.message,
      'artifact: the bundle signs a SHA2_384 digest; give the artifact itself',
    );
    assert.equal(error.expected, 'SHA2_384');
    assert.equal(error.actual, 'SHA2_256');
  });
});

describe('in-toto statements that do not name the artifact', () => {
  const IN_TOTO = 'application/vnd.in-toto+json';

  it('fails a statement that is not JSON', async () => {
    const json = await dsseBundle(stack, IN_TOTO, Buffer.from('{not json'));
    const error = assertFails(
      () => noTimes().verify(json, { data: good.artifact }),
      'ARTIFACT_MISMATCH',
    );
    assert.equal(error.message, 'artifact: the in-toto statement is not JSON');
    assert.equal(error.expected, 'an in-toto statement');
    assert.equal(error.actual, 'unparseable payload');
  });

  it('fails a statement without subjects, saying it has none', async () => {
    const json = await dsseBundle(
      stack,
      IN_TOTO,
      Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}'),
    );
    const error = assertFails(
      () => noTimes().verify(json, { data: good.artifact }),
      'ARTIFACT_MISMATCH',
    );
    assert.equal(error.expected, '(no sha256 or sha512 subjects)');
  });
});

describe('public-key bundles', () => {
  it('takes the pinned key as DER, reports the hint, and refuses a key it cannot read', async () => {
    const key = newKey('p256');
    const { json, artifact } = await keyBundle(stack, key);
    const der = spkiOf(key);
    const result = stack.verifier().verify(json, { data: artifact }, { publicKey: der });
    assert.ok(result.signer.kind === 'publicKey');
    assert.equal(result.signer.hint, json.verificationMaterial.publicKey.hint);
    assert.ok(result.signer.hint.length > 0);
    const error = assertFails(
      () => stack.verifier().verify(json, { data: artifact }, { publicKey: 'not a key' }),
      'PUBLIC_KEY',
    );
    assert.equal(error.message, 'public key: the given key is not a readable public key');
    assert.equal(error.check, 'public key');
  });

  it('matches the key a Rekor v1 entry logs as PEM, and names a key that differs', async () => {
    const key = newKey('p256');
    const { json, artifact } = await keyBundle(stack, key);
    const body = (content: string) => ({
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: { hash: { algorithm: 'sha256', value: sha256(artifact).toString('hex') } },
        signature: { content: json.messageSignature.signature, publicKey: { content } },
      },
    });
    const pem = (spki: Buffer) => Buffer.from(toPem('PUBLIC KEY', spki)).toString('base64');
    const verifier = stack.verifier();
    const relabelled = withBody(
      structuredClone(json),
      'hashedrekord',
      '0.0.1',
      body(pem(spkiOf(key))),
    );
    // The body is this bundle's, so the entry fails only past the body, at its proof.
    assertFails(
      () => verifier.verify(relabelled, { data: artifact }, { publicKey: spkiOf(key) }),
      'TLOG_INCLUSION',
    );
    const other = withBody(
      structuredClone(json),
      'hashedrekord',
      '0.0.1',
      body(pem(spkiOf(newKey('p256')))),
    );
    assertFails(
      () => verifier.verify(other, { data: artifact }, { publicKey: spkiOf(key) }),
      'TLOG_ENTRY',
      /^transparency log: the logged entry's public key is not the bundle's/,
    );
  });
});

describe('timestamps', () => {
  it('fails a timestamp over another signature, with the reason', async () => {
    const json = copy();
    json.verificationMaterial.timestampVerificationData = copy(
      await stack.sign(),
    ).verificationMaterial.timestampVerificationData;
    const error = assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TIMESTAMP_INVALID',
    );
    assert.match(error.message, /^timestamp 0: \S/);
    assert.doesNotMatch(error.message, /not signed by a timestamp authority/);
  });

  it('fails a response that was not granted, and one that is not DER', () => {
    const rejected = sequence(sequence(integer(2)));
    const json = copy();
    json.verificationMaterial.timestampVerificationData.rfc3161Timestamps = [
      { signedTimestamp: toBase64(rejected) },
    ];
    assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TIMESTAMP_INVALID',
      /^timestamp 0: the response was not granted \(status 2\) and has no token$/,
    );
    json.verificationMaterial.timestampVerificationData.rfc3161Timestamps = [
      { signedTimestamp: toBase64(Buffer.from('not DER')) },
    ];
    const error = assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TIMESTAMP_INVALID',
    );
    assert.ok(error.cause instanceof Error);
  });

  it('fails a timestamp whose trusted TSA chain is broken, naming the TSA', () => {
    const verifier = stack.verifier((root) => {
      const tsa = root.timestampAuthorities[0] as { certChain: Buffer[] };
      tsa.certChain = [tsa.certChain[0] as Buffer, testRoot('Signet Stack TSA Root').der];
    });
    assertFails(
      () => verifier.verify(good.json, { data: good.artifact }),
      'TIMESTAMP_INVALID',
      /^timestamp 0: the trusted TSA chain of https:\/\/tsa\.signet\.test is invalid: \S/,
    );
  });
});

describe('the transparency log entry', () => {
  it('names the trusted logs when the entry is from another', () => {
    const none = assertFails(
      () => stack.verifier((root) => (root.tlogs = [])).verify(good.json, { data: good.artifact }),
      'TLOG_ENTRY',
    );
    assert.equal(none.expected, '(no trusted logs)');
    assert.equal(none.actual, entryOf(copy()).logId.keyId);
    const json = copy();
    entryOf(json).logId.keyId = toBase64(Buffer.alloc(32, 7));
    const other = assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TLOG_ENTRY',
      /is not in the trusted root$/,
    );
    assert.equal(other.expected, entryOf(copy()).logId.keyId);
    assert.equal(other.check, 'transparency log');
  });

  it('fails a Rekor v2 body that is not JSON, or not in canonical form', () => {
    const entry = entryOf(copy());
    const body = JSON.parse(Buffer.from(entry.canonicalizedBody, 'base64').toString()) as Json;
    const json = copy();
    entryOf(json).canonicalizedBody = toBase64(Buffer.from('{not json'));
    assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TLOG_ENTRY',
      /^transparency log: canonicalizedBody is not JSON$/,
    );
    entryOf(json).canonicalizedBody = toBase64(Buffer.from(JSON.stringify(body, null, 1)));
    assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TLOG_ENTRY',
      /^transparency log: the logged entry is not the canonical entry for this bundle$/,
    );
  });

  it('fails an entry type it does not know, listing those it does', () => {
    const json = withBody(copy(), 'rekord', '0.0.1', {});
    const error = assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TLOG_ENTRY',
      /^transparency log: entry type rekord 0\.0\.1 is not supported$/,
    );
    assert.equal(
      error.expected,
      'hashedrekord 0.0.2, dsse 0.0.2, hashedrekord 0.0.1, dsse 0.0.1, intoto 0.0.2',
    );
    assert.equal(error.actual, 'rekord 0.0.1');
  });

  it('fails a Rekor v1 body that is not JSON, or whose signature is not base64', () => {
    const json = withBody(copy(), 'hashedrekord', '0.0.1', Buffer.from('{not json'));
    assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TLOG_ENTRY',
      /^transparency log: canonicalizedBody is not JSON$/,
    );
    const body = {
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: { hash: { algorithm: 'sha256', value: sha256(good.artifact).toString('hex') } },
        signature: { content: '!not base64!' },
      },
    };
    const error = assertFails(
      () =>
        stack
          .verifier()
          .verify(withBody(copy(), 'hashedrekord', '0.0.1', body), { data: good.artifact }),
      'TLOG_ENTRY',
      /signature is not the bundle's/,
    );
    assert.equal(error.actual, '(absent)');
  });

  it('fails a DSSE bundle whose entry is a hashedrekord, or logs a second signature', async () => {
    const payload = Buffer.from('hello');
    const json = await dsseBundle(stack, 'text/plain', payload);
    const verifier = noTimes();
    const hashed = withBody(structuredClone(json), 'hashedrekord', '0.0.1', {
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {},
    });
    const error = assertFails(() => verifier.verify(hashed, { data: payload }), 'TLOG_ENTRY');
    assert.equal(error.expected, 'an envelope entry (dsse or intoto)');
    assert.equal(error.actual, 'hashedrekord');
    const signature = json.dsseEnvelope.signatures[0];
    const twice = withBody(structuredClone(json), 'dsse', '0.0.1', {
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        payloadHash: { algorithm: 'sha256', value: sha256(payload).toString('hex') },
        signatures: [signature, signature],
      },
    });
    const count = assertFails(() => verifier.verify(twice, { data: payload }), 'TLOG_ENTRY');
    assert.equal(
      count.message,
      "transparency log: the logged entry's signature count is not the bundle's: expected 1, got 2",
    );
  });

  it('fails an entry with neither a promise nor a proof', () => {
    const bundle = parseBundle(good.json);
    const entry = bundle.tlogEntries[0];
    assert.ok(entry);
    delete entry.inclusionProof;
    assertFails(
      () => stack.verifier().verify(bundle, { data: good.artifact }),
      'TLOG_INCLUSION',
      /^transparency log: the entry has neither a promise nor a proof$/,
    );
  });
});

describe('the checkpoint', () => {
  it('fails a log whose key cannot sign checkpoints, naming the key type', () => {
    const verifier = stack.verifier((root) => {
      (root.tlogs[0] as { publicKey: KeyObject }).publicKey = createPublicKey(newKey('p384'));
    });
    assertFails(
      () => verifier.verify(good.json, { data: good.artifact }),
      'CHECKPOINT',
      /^checkpoint: the key of log https:\/\/log\.signet\.test cannot sign checkpoints \(PKIX_ECDSA_P384_SHA_384\)$/,
    );
  });

  it("fails a valid checkpoint of the log that is not the proof's tree", async () => {
    const later = await stack.sign();
    const json = copy();
    const proof = entryOf(json).inclusionProof;
    proof.checkpoint = entryOf(copy(later)).inclusionProof.checkpoint;
    const error = assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'CHECKPOINT',
      /^checkpoint: the signed tree head is not the one the inclusion proof leads to$/,
    );
    assert.equal(error.expected, `size ${proof.treeSize}, root ${proof.rootHash}`);
    const laterProof = entryOf(copy(later)).inclusionProof;
    assert.equal(error.actual, `size ${laterProof.treeSize}, root ${laterProof.rootHash}`);
  });
});

describe('Rekor v1 entries of public-good bundles', () => {
  const dir = new URL('../../../test/fixtures/public-good/', import.meta.url);
  const fixture = (name: string): Buffer => readFileSync(new URL(name, dir));
  const V01 = { bundle: 'hello.v01.sigstore.json', artifact: 'hello.txt' };
  const V03 = { bundle: 'new_bundle.txt.sigstore.json', artifact: 'new_bundle.txt' };
  /** Verifies the fixture against the public-good root after `change` to the bundle's log. */
  const verify = (
    which: typeof V01,
    change: (log: Json) => void,
    changeBundle: (bundle: Json) => void = () => {},
  ) => {
    const bundle = JSON.parse(fixture(which.bundle).toString('utf8')) as Json;
    changeBundle(bundle);
    const root = publicGoodTrustedRoot() as Json;
    const log = (root.tlogs as Json[]).find((l) => l.logId.keyId === entryOf(bundle).logId.keyId);
    assert.ok(log);
    change(log);
    return new Verifier(TrustMaterial.fromTrustedRoot(root)).verify(bundle, {
      data: fixture(which.artifact),
    });
  };
  /** A key type Node.js imports but cannot verify with: its verify() throws. */
  const x25519 = toBase64(
    generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }),
  );

  it('names the window of a log key retired before the promised time', () => {
    let start = '';
    const error = assertFails(
      () =>
        verify(V01, (log) => {
          log.publicKey.validFor.end = '2022-01-01T00:00:00Z';
          start = new Date(log.publicKey.validFor.start as string).toISOString();
        }),
      'TLOG_ENTRY',
      /was not valid at the entry's integratedTime$/,
    );
    assert.equal(error.expected, `${start} to 2022-01-01T00:00:00.000Z`);
  });

  it('fails a promise, and a checkpoint, whose log key cannot verify signatures', () => {
    verify(
      V03,
      () => {},
      (b) => delete entryOf(b).inclusionPromise,
    );
    const withKey = (log: Json) => (log.publicKey.rawBytes = x25519);
    assertFails(() => verify(V01, withKey), 'TLOG_PROMISE');
    assertFails(
      () => verify(V03, withKey, (b) => delete entryOf(b).inclusionPromise),
      'CHECKPOINT',
    );
  });
});
