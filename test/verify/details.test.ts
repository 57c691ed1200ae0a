import assert from 'node:assert/strict';
import { type KeyObject, createHash, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { CertificateIdentity } from '../../src/ca/extensions.js';
import { toBase64 } from '../../src/core/base64.js';
import { canonicalize } from '../../src/core/canonical-json.js';
import { toPem } from '../../src/core/pem.js';
import { parseCertificate, spkiOf } from '../../src/core/x509.js';
import { createTsaCertificate } from '../../src/tsa/certificate.js';
import { VerifyError } from '../../src/verify/error.js';
import { type IdentityPolicy, checkPolicy } from '../../src/verify/policy.js';
import { publicGoodTrustMaterial, publicGoodTrustedRoot } from '../../src/verify/public-good.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import { Verifier } from '../../src/verify/verifier.js';
import {
  type Json,
  b64json,
  dsseBundle,
  entryOf,
  keyBundle,
  sha256,
  stackLogId,
} from '../helpers/signed.js';
import { IDENTITY, type SignedBundle, type Stack, newKey, startStack } from '../helpers/stack.js';
import { assertFails, flip } from '../helpers/verify.js';

/**
 * What each verifier check names when it fails (the message, the expected and actual values),
 * and the edges of the checks (window ends, thresholds, the time a leaf is judged at), with
 * bundles from the project's own CA, CT log, TSA and log (test/helpers/stack.ts): message
 * signatures, public-key bundles and DSSE envelopes. Each failure sits next to the bundle it
 * was made from, which verifies.
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

describe("the trusted root's windows", () => {
  const refused = (change: (root: Json) => void, message: string): void => {
    const json = publicGoodTrustedRoot() as Json;
    change(json);
    const error = assertFails(() => TrustMaterial.fromTrustedRoot(json), 'TRUST_ROOT_INVALID');
    assert.equal(error.message, `trusted root: ${message}`);
  };
  const root = (): Json => publicGoodTrustedRoot() as Json;

  it("reads an authority's window as open when it gives no start, or none at all", () => {
    const json = root();
    json.certificateAuthorities[0].validFor = { end: '2030-01-01T00:00:00Z' };
    delete json.timestampAuthorities[0].validFor;
    const trust = TrustMaterial.fromTrustedRoot(json);
    assert.equal(trust.certificateAuthorities[0]?.validFor.start.getTime(), 0);
    assert.equal(
      trust.certificateAuthorities[0]?.validFor.end?.toISOString(),
      '2030-01-01T00:00:00.000Z',
    );
    assert.deepEqual(trust.timestampAuthorities[0]?.validFor, { start: new Date(0) });
    refused(
      (r) => (r.tlogs[0].publicKey.validFor = { end: '2030-01-01T00:00:00Z' }),
      'tlogs[0].publicKey.validFor.start is missing',
    );
  });
});

describe('trust windows include both ends', () => {
  it('admits a signing time at the very start of the CA and log windows', () => {
    const [stamp] = stack.verifier().verify(good.json, { data: good.artifact }).timestamps;
    assert.ok(stamp);
    const verifier = stack.verifier((root) => {
      (root.certificateAuthorities[0] as { validFor: { start: Date } }).validFor.start =
        stamp.genTime;
      (root.timestampAuthorities[0] as { validFor: { start: Date } }).validFor.start =
        stamp.genTime;
    });
    verifier.verify(good.json, { data: good.artifact });
    const late = new Date(stamp.genTime.getTime() + 1000);
    assertFails(
      () =>
        stack
          .verifier((root) => {
            (root.certificateAuthorities[0] as { validFor: { start: Date } }).validFor.start = late;
          })
          .verify(good.json, { data: good.artifact }),
      'CERTIFICATE_CHAIN',
      /is not trusted at the signing time/,
    );
  });
});

describe('Rekor v2 bodies: the first field that differs is named', () => {
  const bodyOf = (json: Json): Json =>
    JSON.parse(Buffer.from(entryOf(json).canonicalizedBody, 'base64').toString()) as Json;

  it('names each field of a hashedrekord 0.0.2 entry', () => {
    const leaf = toBase64(good.leaf);
    const edits: [string, (spec: Json, body: Json) => void, string, string][] = [
      ['kind', (_, b) => (b.kind = 'dsse'), 'hashedrekord', 'dsse'],
      ['apiVersion', (_, b) => (b.apiVersion = '0.0.3'), '0.0.2', '0.0.3'],
      [
        'digest',
        (s) => (s.data.digest = toBase64(Buffer.alloc(32))),
        '',
        toBase64(Buffer.alloc(32)),
      ],
      ['digest algorithm', (s) => (s.data.algorithm = 'SHA2_384'), 'SHA2_256', 'SHA2_384'],
      ['signature', (s) => (s.signature.content = 'AAAA'), '', 'AAAA'],
      [
        'certificate',
        (s) => (s.signature.verifier.x509Certificate.rawBytes = 'AAAA'),
        leaf,
        'AAAA',
      ],
      [
        'keyDetails',
        (s) => (s.signature.verifier.keyDetails = 'PKIX_ECDSA_P384_SHA_384'),
        'PKIX_ECDSA_P256_SHA_256',
        'PKIX_ECDSA_P384_SHA_384',
      ],
    ];
    for (const [name, edit, expected, actual] of edits) {
      const json = copy();
      const body = bodyOf(json);
      edit(body.spec.hashedRekordV002, body);
      entryOf(json).canonicalizedBody = b64json(body);
      const error = assertFails(
        () => stack.verifier().verify(json, { data: good.artifact }),
        'TLOG_ENTRY',
      );
      assert.match(
        error.message,
        new RegExp(`^transparency log: the logged entry's ${name} is not the bundle's: expected `),
      );
      if (expected !== '') assert.equal(error.expected, expected, name);
      assert.equal(error.actual, actual, name);
    }
  });

  it("compares an entry logging the leaf's public key with that form", () => {
    const json = copy();
    const body = bodyOf(json);
    const verifier = body.spec.hashedRekordV002.signature.verifier;
    delete verifier.x509Certificate;
    verifier.publicKey = { rawBytes: toBase64(parseCertificate(good.leaf).publicKey) };
    verifier.keyDetails = 'PKIX_ECDSA_P384_SHA_384';
    entryOf(json).canonicalizedBody = b64json(body);
    assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TLOG_ENTRY',
      /^transparency log: the logged entry's keyDetails is not the bundle's/,
    );
  });
});

describe('Rekor v1 promises signed with Ed25519', () => {
  it('verifies a v0.1 bundle whose log signs its promises with Ed25519, and no other', async () => {
    const key = newKey('p256');
    const issued = await stack.ca().issue(IDENTITY, spkiOf(key));
    const artifact = Buffer.from(`artifact ${Math.random()}`);
    const digest = sha256(artifact);
    const signature = sign('sha256', artifact, key);
    const body = Buffer.from(
      canonicalize({
        apiVersion: '0.0.1',
        kind: 'hashedrekord',
        spec: {
          data: { hash: { algorithm: 'sha256', value: digest.toString('hex') } },
          signature: {
            content: toBase64(signature),
            publicKey: { content: toBase64(Buffer.from(toPem('CERTIFICATE', issued.certificate))) },
          },
        },
      }),
    );
    const id = stackLogId(stack);
    const integratedTime = Math.floor(Date.now() / 1000);
    const promise = (signer: KeyObject) =>
      sign(
        null,
        Buffer.from(
          canonicalize({
            body: toBase64(body),
            integratedTime,
            logID: id.toString('hex'),
            logIndex: 7,
          }),
        ),
        signer,
      );
    const bundle = (set: Buffer): Json => ({
      mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
      verificationMaterial: {
        x509CertificateChain: { certificates: [{ rawBytes: toBase64(issued.certificate) }] },
        tlogEntries: [
          {
            logIndex: '7',
            logId: { keyId: toBase64(id) },
            kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
            integratedTime: String(integratedTime),
            inclusionPromise: { signedEntryTimestamp: toBase64(set) },
            canonicalizedBody: toBase64(body),
          },
        ],
      },
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: toBase64(digest) },
        signature: toBase64(signature),
      },
    });
    const verifier = stack.verifier();
    const result = verifier.verify(bundle(promise(stack.logKey)), { data: artifact });
    assert.equal(result.tlogEntries[0]?.integratedTime?.getTime(), integratedTime * 1000);
    assertFails(
      () => verifier.verify(bundle(promise(newKey('ed25519'))), { data: artifact }),
      'TLOG_PROMISE',
    );
  });
});

describe('DSSE envelopes and the artifact', () => {
  const IN_TOTO = 'application/vnd.in-toto+json';
  const artifact = Buffer.from('the artifact');
  const hex = (algorithm: string, data: Buffer): string =>
    createHash(algorithm).update(data).digest('hex');
  const statement = (subject: unknown): Buffer =>
    Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject }));
  const byDigest = (data: Buffer) => ({
    digest: { algorithm: 'sha256' as const, value: sha256(data) },
  });

  it('matches an in-toto subject by sha256 in any case, or by sha512 given the artifact', async () => {
    const verifier = stack.verifier();
    const upper = await dsseBundle(
      stack,
      IN_TOTO,
      statement([{ name: 'a', digest: { sha256: hex('sha256', artifact).toUpperCase() } }]),
    );
    verifier.verify(upper, { data: artifact });
    verifier.verify(upper, byDigest(artifact));
    const sha512 = await dsseBundle(
      stack,
      IN_TOTO,
      statement([null, { name: 'a', digest: { sha512: hex('sha512', artifact) } }]),
    );
    verifier.verify(sha512, { data: artifact });
    const error = assertFails(
      () => verifier.verify(sha512, byDigest(artifact)),
      'ARTIFACT_MISMATCH',
    );
    assert.equal(error.expected, `sha512:${hex('sha512', artifact)}`);
    assert.equal(error.actual, `sha256:${hex('sha256', artifact)}`);
  });

  it('lists the subjects of a statement that does not name the artifact', async () => {
    const json = await dsseBundle(
      stack,
      IN_TOTO,
      statement([{ name: 'x', digest: { sha256: 'ab', sha512: 'cd', md5: 'ef' } }, { name: 'y' }]),
    );
    const error = assertFails(
      () => stack.verifier().verify(json, { data: artifact }),
      'ARTIFACT_MISMATCH',
    );
    assert.equal(error.message, 'artifact: the artifact is not a subject of the in-toto statement');
    assert.equal(error.expected, 'sha256:ab, sha512:cd');
    assert.equal(error.actual, `sha256:${hex('sha256', artifact)}`);
  });

  it('takes any other payload as the artifact itself, by its bytes or its digest', async () => {
    const verifier = stack.verifier();
    const json = await dsseBundle(stack, 'text/plain', artifact);
    verifier.verify(json, { data: artifact });
    verifier.verify(json, byDigest(artifact));
    // Without an artifact the envelope is verified as it is.
    verifier.verify(json, {});
    const longer = Buffer.concat([artifact, Buffer.from('!')]);
    for (const given of [{ data: longer }, byDigest(longer)]) {
      const error = assertFails(() => verifier.verify(json, given), 'ARTIFACT_MISMATCH');
      assert.equal(error.message, 'artifact: the DSSE payload (text/plain) is not the artifact');
      assert.equal(error.expected, `sha256:${hex('sha256', artifact)}`);
      assert.equal(error.actual, `sha256:${hex('sha256', longer)}`);
    }
  });

  it('fails a changed envelope signature, saying it is the envelope', async () => {
    const json = await dsseBundle(stack, 'text/plain', artifact);
    json.dsseEnvelope.signatures[0].sig = flip(json.dsseEnvelope.signatures[0].sig);
    assertFails(
      () => stack.verifier().verify(json, { data: artifact }),
      'SIGNATURE',
      /^signature: the DSSE signature does not verify over the envelope with the signer key$/,
    );
  });
});

describe('message signatures: the artifact, the signature and the pins', () => {
  it('names what is missing or differs', () => {
    const verifier = stack.verifier();
    const none = assertFails(() => verifier.verify(good.json, {}), 'ARTIFACT_MISMATCH');
    assert.equal(
      none.message,
      'artifact: a message-signature bundle needs the artifact or its digest',
    );
    assert.equal(none.expected, 'an artifact');
    assert.equal(none.actual, 'none');
    const other = Buffer.from('another artifact');
    const changed = assertFails(
      () => verifier.verify(good.json, { data: other }),
      'ARTIFACT_MISMATCH',
    );
    const signed = sha256(good.artifact).toString('hex');
    const actual = sha256(other).toString('hex');
    assert.equal(
      changed.message,
      `artifact: the bundle signs SHA2_256 ${signed}, the artifact's is ${actual}`,
    );
    assert.equal(changed.expected, signed);
    assert.equal(changed.actual, actual);
    const json = copy();
    json.messageSignature.signature = flip(json.messageSignature.signature);
    const signature = assertFails(
      () => verifier.verify(json, { data: good.artifact }),
      'SIGNATURE',
    );
    assert.equal(
      signature.message,
      'signature: the signature does not verify over the artifact digest with the signer key',
    );
    assert.equal(signature.check, 'signature');
  });

  it('refuses a key pin for a keyless bundle, and a public-key bundle without one', async () => {
    const pinned = assertFails(
      () =>
        stack
          .verifier()
          .verify(good.json, { data: good.artifact }, { publicKey: spkiOf(newKey('p256')) }),
      'PUBLIC_KEY',
    );
    assert.equal(
      pinned.message,
      'public key: a public key is pinned but the bundle is signed with a certificate',
    );
    assert.equal(pinned.check, 'public key');
    assert.equal(pinned.expected, 'a public-key bundle');
    assert.equal(pinned.actual, 'a keyless (certificate) bundle');
    const { json, artifact } = await keyBundle(stack, newKey('p256'));
    const hint = json.verificationMaterial.publicKey.hint as string;
    const unpinned = assertFails(
      () => stack.verifier().verify(json, { data: artifact }, { certificateIdentity: 'x' }),
      'PUBLIC_KEY',
    );
    assert.equal(
      unpinned.message,
      `public key: the bundle is signed with a public key (hint ${JSON.stringify(hint)}); give the key to verify it`,
    );
    assert.equal(unpinned.check, 'public key');
  });

  it('fails a shape that is not a bundle as BUNDLE_INVALID', () => {
    const error = assertFails(
      () => stack.verifier().verify({ mediaType: 'x' }, {}),
      'BUNDLE_INVALID',
    );
    assert.equal(error.check, 'bundle');
    assert.ok(error.cause instanceof Error);
  });
});

describe('thresholds', () => {
  it('names the counts when too few log entries or signing times verify', () => {
    const entries = assertFails(
      () => stack.verifier(undefined, { tlog: 2 }).verify(good.json, { data: good.artifact }),
      'TLOG_MISSING',
    );
    assert.equal(
      entries.message,
      'transparency log: the bundle has 1 log entries, at least 2 required',
    );
    assert.equal(entries.check, 'transparency log');
    assert.equal(entries.expected, 'at least 2');
    assert.equal(entries.actual, '1');
    const times = assertFails(
      () => stack.verifier(undefined, { timestamp: 2 }).verify(good.json, { data: good.artifact }),
      'TIMESTAMP_MISSING',
    );
    assert.equal(
      times.message,
      'timestamp: the bundle has 1 verified RFC 3161 timestamps and 0 signed entry timestamps, at least 2 required in all',
    );
    assert.equal(times.check, 'timestamp');
    assert.equal(times.expected, 'at least 2');
    assert.equal(times.actual, '1');
  });

  it('fails a leaf without SCTs as SCT_MISSING, unless no SCT is required', async () => {
    const signed = await stack.sign({ ca: stack.ca({ ct: false }) });
    const error = assertFails(
      () => stack.verifier().verify(signed.json, { data: signed.artifact }),
      'SCT_MISSING',
    );
    assert.equal(error.message, 'SCT: the certificate carries no SCT');
    assert.equal(error.check, 'SCT');
    assert.equal(error.expected, 'at least 1');
    assert.equal(error.actual, '0');
    stack.verifier(undefined, { ctlog: 0 }).verify(signed.json, { data: signed.artifact });
  });

  it('judges the leaf at the present time when no signing time is verified', async () => {
    const issuedAt = Date.now() - 20 * 60_000;
    const old = await stack.sign({ ca: stack.ca({ now: () => new Date(issuedAt) }) });
    const verifier = stack.verifier(undefined, { timestamp: 0 });
    const unstamped = (signed: SignedBundle): Json => {
      const json = copy(signed);
      json.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: [] };
      return json;
    };
    verifier.verify(unstamped(good), { data: good.artifact });
    const error = assertFails(
      () => verifier.verify(unstamped(old), { data: old.artifact }),
      'TIMESTAMP_OUTSIDE_CERTIFICATE',
    );
    assert.equal(error.check, 'timestamp');
    const leaf = parseCertificate(old.leaf);
    assert.equal(
      error.expected,
      `${leaf.notBefore.toISOString()} to ${leaf.notAfter.toISOString()}`,
    );
  });
});

describe('SCTs from the trusted CT logs', () => {
  it('names the trusted logs when the SCT is from another', () => {
    const [ctlog] = stack.trustedRootInput().ctlogs;
    assert.ok(ctlog);
    const elsewhere = Buffer.alloc(32, 9);
    const error = assertFails(
      () =>
        stack
          .verifier((root) => {
            (root.ctlogs[0] as { logId: Buffer }).logId = elsewhere;
          })
          .verify(good.json, { data: good.artifact }),
      'SCT_INVALID',
    );
    assert.equal(error.expected, `SCTs from ${toBase64(elsewhere)}`);
    assert.equal(error.actual, `SCTs from ${toBase64(ctlog.logId)}`);
  });

  it('fails an SCT from a trusted log that does not verify with its key', () => {
    const error = assertFails(
      () =>
        stack
          .verifier((root) => {
            (root.ctlogs[0] as { publicKey: KeyObject }).publicKey = createPublicKey(
              newKey('p256'),
            );
          })
          .verify(good.json, { data: good.artifact }),
      'SCT_INVALID',
      /^SCT: the SCT from trusted CT log \S+ does not verify$/,
    );
    assert.equal(error.check, 'SCT');
  });
});

describe('VerifyError', () => {
  it('carries only the details it was given', () => {
    const bare = new VerifyError('POLICY', 'policy: x', { check: 'policy: x' });
    assert.equal(Object.hasOwn(bare, 'cause'), false);
    assert.equal(bare.expected, undefined);
    assert.equal(bare.actual, undefined);
    const cause = new Error('why');
    const full = new VerifyError('POLICY', 'policy: x', {
      check: 'policy: x',
      expected: 'a',
      actual: 'b',
      cause,
    });
    assert.equal(full.cause, cause);
    assert.equal(full.expected, 'a');
    assert.equal(full.actual, 'b');
    assert.equal(full.code, 'POLICY');
  });
});

describe('identity pins', () => {
  const identity: CertificateIdentity = {
    san: { type: 'email', value: 'signer@signet.test' },
    issuer: 'https://issuer.signet.test',
    sourceRepositoryRef: 'refs/heads/main',
  };
  const refused = (policy: IdentityPolicy): VerifyError =>
    assertFails(() => checkPolicy(identity, policy), 'POLICY');

  it('admits the claims as pinned, exactly or by an anchored pattern', () => {
    checkPolicy(identity, {
      certificateIdentity: 'signer@signet.test',
      certificateIdentityRegexp: 'signer@.*',
      certificateOidcIssuer: 'https://issuer.signet.test',
      certificateOidcIssuerRegexp: 'https://issuer\\.signet\\.test',
      extensions: { sourceRepositoryRef: { regexp: 'refs/heads/.*' }, issuerV1: undefined },
    });
    // The same pattern again, from the compiled cache.
    checkPolicy(identity, { certificateIdentityRegexp: 'signer@.*' });
    checkPolicy({ ...identity, issuer: undefined, issuerV1: 'https://v1.test' } as never, {
      certificateOidcIssuer: 'https://v1.test',
    });
  });

  it('names the claim, the pin and the value that differs', () => {
    const exact = refused({ certificateIdentity: 'someone@signet.test' });
    assert.equal(
      exact.message,
      'policy: certificate identity: expected someone@signet.test, got "signer@signet.test"',
    );
    assert.equal(exact.check, 'policy: certificate identity');
    assert.equal(exact.expected, 'someone@signet.test');
    assert.equal(exact.actual, 'signer@signet.test');
    const pattern = refused({ certificateIdentityRegexp: 'signer' });
    assert.equal(
      pattern.message,
      'policy: certificate identity: expected /signer/ (anchored), got "signer@signet.test"',
    );
    assert.equal(pattern.expected, '/signer/ (anchored)');
    const issuer = refused({ certificateOidcIssuer: 'https://other.test' });
    assert.equal(issuer.check, 'policy: OIDC issuer');
    assert.equal(issuer.actual, 'https://issuer.signet.test');
  });

  it('refuses a pin on a claim the certificate does not carry, whatever the pattern', () => {
    for (const pin of ['', { regexp: '.*' }]) {
      const error = refused({ extensions: { githubWorkflowSha: pin } });
      assert.equal(
        error.message,
        `policy: githubWorkflowSha (GitHub Workflow SHA): expected ${typeof pin === 'string' ? '' : '/.*/ (anchored)'}, got (absent)`,
      );
      assert.equal(error.actual, '(absent)');
    }
  });

  it('reads a pattern as Unicode', () => {
    checkPolicy(identity, { certificateIdentityRegexp: '\\p{Ll}+@signet\\.test' });
  });

  it('anchors a pattern at both ends', () => {
    for (const regexp of ['main', 'refs/heads', 'heads/main']) {
      refused({ extensions: { sourceRepositoryRef: { regexp } } });
    }
    refused({ certificateIdentityRegexp: '' });
  });
});

describe('the trusted TSAs a timestamp is checked against', () => {
  const refusedWith = (change: (tsa: { certChain: Buffer[]; validFor: { end?: Date } }) => void) =>
    assertFails(
      () =>
        stack
          .verifier((root) => change(root.timestampAuthorities[0] as never))
          .verify(good.json, { data: good.artifact }),
      'TIMESTAMP_INVALID',
      /^timestamp 0: it was not signed by a timestamp authority in the trusted root$/,
    );

  it("fails a timestamp made outside the TSA's window in the trusted root", () => {
    const [stamp] = stack.verifier().verify(good.json, { data: good.artifact }).timestamps;
    assert.ok(stamp);
    const end = new Date(stamp.genTime.getTime() - 1000);
    const error = refusedWith((tsa) => (tsa.validFor.end = end));
    assert.equal(error.check, 'timestamp');
  });

  it('fails a timestamp from another certificate of the same TSA root', () => {
    const { root } = stack.tsa;
    const sibling = createTsaCertificate({
      rootKey: root.key,
      rootCert: root.der,
      tsaPublicKey: newKey('p256'),
      subject: { organization: 'Signet tests', commonName: 'Signet Stack TSA' },
      validity: { notBefore: root.cert.notBefore, notAfter: root.cert.notAfter },
    });
    refusedWith((tsa) => (tsa.certChain = [sibling, root.der]));
  });

  it('counts promised times with the RFC 3161 ones in the threshold', () => {
    const dir = new URL('../../../test/fixtures/public-good/', import.meta.url);
    const bundle = JSON.parse(
      readFileSync(new URL('hello.v01.sigstore.json', dir)).toString('utf8'),
    ) as Json;
    const error = assertFails(
      () =>
        new Verifier(publicGoodTrustMaterial(), { timestamp: 2 }).verify(bundle, {
          data: readFileSync(new URL('hello.txt', dir)),
        }),
      'TIMESTAMP_MISSING',
      /has 0 verified RFC 3161 timestamps and 1 signed entry timestamps/,
    );
    assert.equal(error.actual, '1');
  });
});

describe('the check each log failure names', () => {
  it('says checkpoint or transparency log', () => {
    const checkpoint = assertFails(
      () =>
        stack
          .verifier((root) => {
            (root.tlogs[0] as { publicKey: KeyObject }).publicKey = createPublicKey(newKey('p384'));
          })
          .verify(good.json, { data: good.artifact }),
      'CHECKPOINT',
    );
    assert.equal(checkpoint.check, 'checkpoint');
    const entry = assertFails(
      () => stack.verifier((root) => (root.tlogs = [])).verify(good.json, { data: good.artifact }),
      'TLOG_ENTRY',
    );
    assert.equal(entry.check, 'transparency log');
  });
});
