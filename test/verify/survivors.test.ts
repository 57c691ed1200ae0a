import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseBundle } from '../../src/bundle/parse.js';
import { toBase64 } from '../../src/core/base64.js';
import { canonicalize } from '../../src/core/canonical-json.js';
import { MerkleError, leafHash } from '../../src/core/merkle.js';
import { toPem } from '../../src/core/pem.js';
import { signCheckpoint } from '../../src/tlog/checkpoint.js';
import { TlogError } from '../../src/tlog/error.js';
import { createSelfSignedCa, parseCertificate, spkiOf } from '../../src/core/x509.js';
import { publicGoodTrustMaterial, publicGoodTrustedRoot } from '../../src/verify/public-good.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import { Verifier } from '../../src/verify/verifier.js';
import {
  type Json,
  dsseBundle,
  entryOf,
  keyBundle,
  sha256,
  stackLogId,
} from '../helpers/signed.js';
import {
  IDENTITY,
  LOG_ORIGIN,
  type SignedBundle,
  type Stack,
  newKey,
  startStack,
} from '../helpers/stack.js';
import { assertFails, flip } from '../helpers/verify.js';

/**
 * Checks of src/verify/{trust,tlog,verifier}.ts that the mutation run of 2026-12-05 found no
 * test holding (docs/security.md, "Mutation testing"): what the trusted root refuses and names,
 * inputs that are not bundles, the parts of a Rekor v1 body a failure names, and the details
 * of a log failure. Each case fails with the mutant it was written against.
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

describe('the trusted root names the field it refuses', () => {
  const refused = (change: (root: Json) => unknown, message: string): void => {
    const json = publicGoodTrustedRoot() as Json;
    change(json);
    const error = assertFails(() => TrustMaterial.fromTrustedRoot(json), 'TRUST_ROOT_INVALID');
    assert.equal(error.message, `trusted root: ${message}`);
  };

  it('by its path, for each kind of field', () => {
    const cases: [(root: Json) => unknown, string][] = [
      [(r) => (r.tlogs[0].baseUrl = 42), 'tlogs[0].baseUrl must be a non-empty string'],
      [
        (r) => (r.tlogs[0].publicKey.validFor.start = 1_700_000_000),
        'tlogs[0].publicKey.validFor.start must be an RFC 3339 time',
      ],
      [
        (r) => (r.tlogs[0].publicKey.validFor.end = 'soon'),
        'tlogs[0].publicKey.validFor.end must be an RFC 3339 time',
      ],
      [(r) => (r.tlogs[0].logId = 'x'), 'tlogs[0].logId must be a JSON object'],
      [(r) => (r.tlogs[0].logId = {}), 'tlogs[0].logId.keyId must be a non-empty string'],
      [(r) => (r.tlogs[0].checkpointKeyId = 'x'), 'tlogs[0].checkpointKeyId must be a JSON object'],
      [(r) => (r.ctlogs = 'x'), 'trusted root.ctlogs must be an array'],
      [
        (r) => (r.certificateAuthorities = {}),
        'trusted root.certificateAuthorities must be an array',
      ],
      [
        (r) => (r.certificateAuthorities[0].certChain.certificates[0] = 'x'),
        'certificateAuthorities[0].certChain.certificates[0] must be a JSON object',
      ],
      [
        (r) => (r.certificateAuthorities[0].validFor = 'x'),
        'certificateAuthorities[0].validFor must be a JSON object',
      ],
      [(r) => (r.timestampAuthorities = 'x'), 'trusted root.timestampAuthorities must be an array'],
      [(r) => (r.timestampAuthorities[0] = 'x'), 'timestampAuthorities[0] must be a JSON object'],
    ];
    for (const [change, message] of cases) refused(change, message);
    assertFails(
      () => TrustMaterial.fromTrustedRoot([]),
      'TRUST_ROOT_INVALID',
      /^trusted root: trusted root must be a JSON object$/,
    );
  });

  it('keeps the reason a field does not decode as the cause', () => {
    const json = publicGoodTrustedRoot() as Json;
    json.tlogs[0].publicKey.rawBytes = '!!!';
    const error = assertFails(() => TrustMaterial.fromTrustedRoot(json), 'TRUST_ROOT_INVALID');
    assert.equal(error.message, 'trusted root: tlogs[0].publicKey.rawBytes is not valid base64');
    assert.ok(error.cause instanceof Error);
    assert.equal(error.cause.message, 'tlogs[0].publicKey.rawBytes is not valid base64');
    const missing = assertFails(
      () => TrustMaterial.fromTrustedRoot({ mediaType: 'x' }),
      'TRUST_ROOT_INVALID',
    );
    assert.equal('cause' in missing, false);
  });

  it('refuses a log key of a known type that does not import, rather than skip the log', () => {
    const known = [
      'PKIX_ECDSA_P256_SHA_256',
      'PKIX_ECDSA_P384_SHA_384',
      'PKIX_ECDSA_P521_SHA_512',
      'PKIX_ED25519',
      'PKIX_RSA_PKCS1V15_2048_SHA256',
      'PKIX_RSA_PKCS1V15_3072_SHA256',
      'PKIX_RSA_PKCS1V15_4096_SHA256',
      'PKIX_RSA_PKCS1V5',
    ];
    for (const keyDetails of known) {
      refused((r) => {
        r.tlogs[0].publicKey.keyDetails = keyDetails;
        r.tlogs[0].publicKey.rawBytes = toBase64(Buffer.from('not a key'));
      }, 'tlogs[0].publicKey.rawBytes is not a DER SubjectPublicKeyInfo');
    }
  });
});

describe('the trusted CA chain', () => {
  it("fails a link whose issuer is not the next certificate's subject, though its key signed it", () => {
    const root = stack.root;
    const renamed = createSelfSignedCa({
      privateKey: root.key,
      subject: { organization: 'Signet tests', commonName: 'Signet Renamed Root' },
      notBefore: root.cert.notBefore,
      notAfter: root.cert.notAfter,
    });
    const verifier = stack.verifier((input) => {
      const [ca] = input.certificateAuthorities;
      assert.ok(ca);
      ca.certChain = [stack.issuing.der, renamed];
    });
    assertFails(
      () => verifier.verify(good.json, { data: good.artifact }),
      'CERTIFICATE_CHAIN',
      /trusted chain of https:\/\/ca\.signet\.test is invalid: certificate "[^"]+" is not issued by the next certificate in the chain/,
    );
  });
});

describe('what the verifier takes as a bundle', () => {
  it('fails anything but bundle JSON or a parsed bundle as BUNDLE_INVALID, not a crash', () => {
    // Only what parseBundle returned skips parsing: JSON shaped like its result (both parts,
    // even a parsed bundle's own fields copied) is parsed, and refused.
    const parsed = parseBundle(good.json);
    for (const input of [
      null,
      'a bundle',
      42,
      { signer: {} },
      { content: {} },
      { signer: {}, content: {} },
      { ...parsed },
      JSON.parse(JSON.stringify(parsed)) as unknown,
    ]) {
      assertFails(() => stack.verifier().verify(input, { data: good.artifact }), 'BUNDLE_INVALID');
    }
    assert.equal(
      stack.verifier().verify(parsed, { data: good.artifact }).signer.kind,
      'certificate',
    );
  });

  it('takes a pinned key as PEM text', async () => {
    const key = newKey('p256');
    const { json, artifact } = await keyBundle(stack, key);
    const pem = toPem('PUBLIC KEY', spkiOf(key));
    const result = stack.verifier().verify(json, { data: artifact }, { publicKey: pem });
    assert.equal(result.signer.kind, 'publicKey');
  });
});

describe('a Rekor v2 entry', () => {
  it('has no integratedTime in its result, since nothing signs one', () => {
    const result = stack.verifier().verify(good.json, { data: good.artifact });
    const [entry] = result.tlogEntries;
    assert.ok(entry);
    assert.equal('integratedTime' in entry, false);
    assert.equal(typeof entry.treeSize, 'number');
  });
});

describe('Rekor v1 bodies of public-good bundles: what differs is named', () => {
  const FIXTURES = new URL('../../../test/fixtures/public-good/', import.meta.url);
  const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));
  const bundle = (name: string): Json => JSON.parse(fixture(name).toString('utf8')) as Json;
  const HELLO = fixture('hello.txt');
  const V01 = 'hello.v01.sigstore.json';
  const V01_DSSE = 'hello.dsse.v01.sigstore.json';
  const NPM = 'sigstore-3.1.0.sigstore.json';
  const V03 = 'new_bundle.txt.sigstore.json';
  const verifier = new Verifier(publicGoodTrustMaterial());
  const bodyOf = (json: Json): Json =>
    JSON.parse(Buffer.from(entryOf(json).canonicalizedBody, 'base64').toString()) as Json;
  const withBody = (name: string, edit: (body: Json) => void): Json => {
    const json = bundle(name);
    const body = bodyOf(json);
    edit(body);
    entryOf(json).canonicalizedBody = Buffer.from(JSON.stringify(body)).toString('base64');
    return json;
  };
  const entryFails = (json: Json, data?: Buffer) =>
    assertFails(() => verifier.verify(json, data ? { data } : {}), 'TLOG_ENTRY');

  it('the logged certificate: not base64, not PEM, or another one', () => {
    const notPem = (content: string) =>
      entryFails(
        withBody(V01, (b) => (b.spec.signature.publicKey.content = content)),
        HELLO,
      );
    for (const content of ['!!!', toBase64(Buffer.from('not PEM'))]) {
      const error = notPem(content);
      assert.match(error.message, /the logged entry's certificate is not the bundle's/);
      assert.equal(error.actual, '(not a PEM certificate)');
    }
    const other = bundle(V01_DSSE).verificationMaterial.x509CertificateChain.certificates[0]
      .rawBytes as string;
    const pem = toBase64(Buffer.from(toPem('CERTIFICATE', Buffer.from(other, 'base64'))));
    assert.equal(notPem(pem).actual, other);
  });

  it('the logged signature, and a spec that is not an object', () => {
    const changed = flip(bodyOf(bundle(V01)).spec.signature.content as string);
    const error = entryFails(
      withBody(V01, (b) => (b.spec.signature.content = changed)),
      HELLO,
    );
    assert.match(error.message, /the logged entry's signature is not the bundle's/);
    assert.equal(error.actual, changed);
    const empty = entryFails(
      withBody(V01, (b) => (b.spec = null)),
      HELLO,
    );
    assert.equal(empty.actual, '(absent) (absent)');
  });

  it('an intoto envelope signature that is missing', () => {
    const error = entryFails(
      withBody(NPM, (b) => delete b.spec.content.envelope.signatures[0].sig),
    );
    assert.match(error.message, /the logged entry's signature is not the bundle's/);
    assert.equal(error.actual, '(absent)');
  });

  it('an entry of the other type: envelope for a message signature, or the reverse', () => {
    const swap = (into: string, from: string): Json => {
      const json = bundle(into);
      json.verificationMaterial.tlogEntries = bundle(from).verificationMaterial.tlogEntries;
      return json;
    };
    const envelope = entryFails(swap(V01, V01_DSSE), HELLO);
    assert.match(envelope.message, /the logged entry's type is not the bundle's/);
    assert.equal(envelope.expected, 'hashedrekord (a message signature)');
    assert.equal(envelope.actual, 'an envelope entry');
    const message = entryFails(swap(V01_DSSE, V01));
    assert.match(message.message, /the logged entry's type is not the bundle's/);
    assert.equal(message.expected, 'an envelope entry (dsse or intoto)');
    assert.equal(message.actual, 'hashedrekord');
  });

  it('a promise or a proof that does not verify, with the reason', () => {
    const json = bundle(V01);
    const promise = entryOf(json).inclusionPromise;
    promise.signedEntryTimestamp = flip(promise.signedEntryTimestamp, 3);
    assertFails(
      () => verifier.verify(json, { data: HELLO }),
      'TLOG_PROMISE',
      /^transparency log: the signed entry timestamp of entry \d+ does not verify with the key of https:\/\/rekor\.sigstore\.dev \(/,
    );
    const npm = bundle(NPM);
    const proof = entryOf(npm).inclusionProof;
    proof.hashes[2] = flip(proof.hashes[2]);
    const error = assertFails(
      () => verifier.verify(npm, {}),
      'TLOG_INCLUSION',
      /^transparency log: \S/,
    );
    assert.ok(error.cause instanceof MerkleError);
    const v03 = bundle(V03);
    const checkpoint = entryOf(v03).inclusionProof.checkpoint;
    checkpoint.envelope = (checkpoint.envelope as string).replace(/\n(\d+)\n/, '\n1$1\n');
    const head = assertFails(
      () => verifier.verify(v03, { data: fixture('new_bundle.txt') }),
      'CHECKPOINT',
      /^checkpoint: /,
    );
    assert.ok(head.cause instanceof TlogError);
  });

  it('the trusted logs, and the window a promised time is outside', () => {
    const json = bundle(V01);
    entryOf(json).logId.keyId = toBase64(Buffer.alloc(32, 7));
    assert.equal(
      entryFails(json, HELLO).expected,
      publicGoodTrustMaterial()
        .tlogs.map((l) => toBase64(l.logId))
        .join(', '),
    );
    const root = publicGoodTrustedRoot() as Json;
    root.tlogs[0].publicKey.validFor = { start: '2023-01-01T00:00:00Z' };
    const late = assertFails(
      () => new Verifier(TrustMaterial.fromTrustedRoot(root)).verify(bundle(V01), { data: HELLO }),
      'TLOG_ENTRY',
      /was not valid at the entry's integratedTime/,
    );
    assert.equal(late.expected, '2023-01-01T00:00:00.000Z');
  });
});

describe("Rekor v1 checkpoints of a log with an Ed25519 key (the stack's)", () => {
  /**
   * A v0.2 bundle whose hashedrekord 0.0.1 entry is the only leaf of its tree, with a promise
   * and a checkpoint in Rekor's note format (key hint: SHA-256 of the SPKI; Ed25519 signs the
   * text itself) saying `origin`, `size` and the leaf's hash as root.
   */
  async function v1Bundle(origin: string, size = 1): Promise<{ json: Json; artifact: Buffer }> {
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
    const set = sign(
      null,
      Buffer.from(
        canonicalize({
          body: toBase64(body),
          integratedTime,
          logID: id.toString('hex'),
          logIndex: 7,
        }),
      ),
      stack.logKey,
    );
    const root = leafHash(body);
    const checkpoint = signCheckpoint({ origin, size, rootHash: root, extensions: [] }, [
      {
        name: LOG_ORIGIN,
        keyId: createHash('sha256').update(spkiOf(stack.logKey)).digest(),
        sign: (message) => sign(null, message, stack.logKey),
      },
    ]);
    const json = {
      mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.2',
      verificationMaterial: {
        x509CertificateChain: { certificates: [{ rawBytes: toBase64(issued.certificate) }] },
        tlogEntries: [
          {
            logIndex: '7',
            logId: { keyId: toBase64(id) },
            kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
            integratedTime: String(integratedTime),
            inclusionPromise: { signedEntryTimestamp: toBase64(set) },
            inclusionProof: {
              logIndex: '0',
              rootHash: toBase64(root),
              treeSize: '1',
              hashes: [],
              checkpoint: { envelope: checkpoint },
            },
            canonicalizedBody: toBase64(body),
          },
        ],
      },
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: toBase64(digest) },
        signature: toBase64(signature),
      },
    };
    return { json, artifact };
  }

  it('verifies one whose origin is the host and a tree ID', async () => {
    const { json, artifact } = await v1Bundle(`${LOG_ORIGIN} - 1193050959916656506`);
    const [entry] = stack.verifier().verify(json, { data: artifact }).tlogEntries;
    assert.equal(entry?.treeSize, 1);
  });

  it('fails an origin without a tree ID, or with more after it, naming the form', async () => {
    for (const origin of [LOG_ORIGIN, `${LOG_ORIGIN} - 12x`, `${LOG_ORIGIN} - `]) {
      const { json, artifact } = await v1Bundle(origin);
      const error = assertFails(
        () => stack.verifier().verify(json, { data: artifact }),
        'CHECKPOINT',
        /^checkpoint: origin is .*, not the log's \(log\.signet\.test - <tree ID>\)$/,
      );
      assert.equal(error.expected, `${LOG_ORIGIN} - <tree ID>`);
      assert.equal(error.actual, origin);
    }
  });

  it('names both forms of the host when the log runs on a port', async () => {
    const { json, artifact } = await v1Bundle(LOG_ORIGIN);
    const verifier = stack.verifier((input) => {
      const [log] = input.tlogs;
      assert.ok(log);
      log.baseUrl = `https://${LOG_ORIGIN}:8443`;
    });
    const error = assertFails(() => verifier.verify(json, { data: artifact }), 'CHECKPOINT');
    assert.equal(error.expected, `${LOG_ORIGIN}:8443 - <tree ID> or ${LOG_ORIGIN} - <tree ID>`);
  });

  it("fails a checkpoint with the proof's root but another size", async () => {
    const { json, artifact } = await v1Bundle(`${LOG_ORIGIN} - 1`, 2);
    assertFails(
      () => stack.verifier().verify(json, { data: artifact }),
      'CHECKPOINT',
      /the signed tree head is not the one the inclusion proof leads to/,
    );
  });
});

describe('Rekor v1 entries of SHA-384 and SHA-512 digests', () => {
  it('match a public-key bundle signed with P-384 or P-521 by the digest names Rekor uses', () => {
    const cases = [
      ['secp384r1', 'sha384', 'SHA2_384'],
      ['secp521r1', 'sha512', 'SHA2_512'],
    ] as const;
    for (const [namedCurve, hash, algorithm] of cases) {
      const { privateKey: key, publicKey } = generateKeyPairSync('ec', { namedCurve });
      const spki = spkiOf(publicKey);
      const artifact = Buffer.from(`artifact ${Math.random()}`);
      const digest = createHash(hash).update(artifact).digest();
      const signature = sign(hash, artifact, key);
      const body = Buffer.from(
        canonicalize({
          apiVersion: '0.0.1',
          kind: 'hashedrekord',
          spec: {
            data: { hash: { algorithm: hash, value: digest.toString('hex') } },
            signature: {
              content: toBase64(signature),
              publicKey: { content: toBase64(Buffer.from(toPem('PUBLIC KEY', spki))) },
            },
          },
        }),
      );
      const id = stackLogId(stack);
      const integratedTime = Math.floor(Date.now() / 1000);
      const set = sign(
        null,
        Buffer.from(
          canonicalize({
            body: toBase64(body),
            integratedTime,
            logID: id.toString('hex'),
            logIndex: 3,
          }),
        ),
        stack.logKey,
      );
      const json = {
        mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
        verificationMaterial: {
          publicKey: { hint: 'key' },
          tlogEntries: [
            {
              logIndex: '3',
              logId: { keyId: toBase64(id) },
              kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
              integratedTime: String(integratedTime),
              inclusionPromise: { signedEntryTimestamp: toBase64(set) },
              canonicalizedBody: toBase64(body),
            },
          ],
        },
        messageSignature: {
          messageDigest: { algorithm, digest: toBase64(digest) },
          signature: toBase64(signature),
        },
      };
      const result = stack.verifier().verify(json, { data: artifact }, { publicKey: spki });
      assert.equal(result.tlogEntries[0]?.integratedTime?.getTime(), integratedTime * 1000);
    }
  });
});

describe('Rekor v2 dsse 0.0.2 bodies: the first field that differs is named', () => {
  it('names the keyDetails of an entry logging the key, and a second signature', async () => {
    const payload = Buffer.from(`payload ${Math.random()}`);
    const json = await dsseBundle(stack, 'text/plain', payload);
    const leaf = Buffer.from(json.verificationMaterial.certificate.rawBytes as string, 'base64');
    const signature = {
      content: json.dsseEnvelope.signatures[0].sig as string,
      verifier: {
        keyDetails: 'PKIX_ECDSA_P256_SHA_256',
        x509Certificate: { rawBytes: toBase64(leaf) },
      } as Json,
    };
    const fails = (signatures: Json[], name: string): void => {
      const changed = structuredClone(json);
      const entry = entryOf(changed);
      entry.kindVersion = { kind: 'dsse', version: '0.0.2' };
      entry.canonicalizedBody = toBase64(
        Buffer.from(
          canonicalize({
            apiVersion: '0.0.2',
            kind: 'dsse',
            spec: {
              dsseV002: {
                payloadHash: { algorithm: 'SHA2_256', digest: toBase64(sha256(payload)) },
                signatures,
              },
            },
          }),
        ),
      );
      assertFails(
        () => stack.verifier().verify(changed, { data: payload }),
        'TLOG_ENTRY',
        new RegExp(`^transparency log: the logged entry's ${name} is not the bundle's: `),
      );
    };
    fails([signature, signature], 'signature count');
    const byKey = {
      content: signature.content,
      verifier: {
        keyDetails: 'PKIX_ECDSA_P384_SHA_384',
        publicKey: { rawBytes: toBase64(parseCertificate(leaf).publicKey) },
      },
    };
    fails([byKey], 'keyDetails');
  });
});
