import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import * as sjs3 from '@sigstore/verify';
import * as sjs4 from '@sigstore/verify-latest';
import { ed25519NoteKeyId } from '../../src/core/note.js';
import type { IdentityPolicy } from '../../src/verify/policy.js';
import {
  PUBLIC_GOOD_SNAPSHOT,
  publicGoodTrustMaterial,
  publicGoodTrustedRoot,
} from '../../src/verify/public-good.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import { type Artifact, Verifier } from '../../src/verify/verifier.js';
import { assertFails, flip } from '../helpers/verify.js';

/**
 * Bundles made by the Sigstore public-good instance (Rekor v1 entries: hashedrekord 0.0.1,
 * dsse 0.0.1, intoto 0.0.2; bundles v0.1 to v0.3) against the embedded public-good trusted
 * root. The fixtures come from public Sigstore repositories (test/fixtures/public-good/README.md);
 * every tampered part fails with the code of the check that catches it.
 */

const FIXTURES = new URL('../../../test/fixtures/public-good/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const bundle = (name: string): Json => JSON.parse(fixture(name).toString('utf8')) as Json;

const HELLO = fixture('hello.txt');
const V03 = 'new_bundle.txt.sigstore.json';
const V03_ARTIFACT = fixture('new_bundle.txt');
const NPM = 'sigstore-3.1.0.sigstore.json';
const V01 = 'hello.v01.sigstore.json';
const V01_DSSE = 'hello.dsse.v01.sigstore.json';

const GITHUB_LOGIN = 'https://github.com/login/oauth';
const ACTIONS = 'https://token.actions.githubusercontent.com';
const SIGSTORE_JS_RELEASE =
  'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main';

const verifier = new Verifier(publicGoodTrustMaterial());

const rootWith = (change: (root: Json) => void): Verifier => {
  const root = publicGoodTrustedRoot() as Json;
  change(root);
  return new Verifier(TrustMaterial.fromTrustedRoot(root));
};

describe('the embedded public-good trusted root', () => {
  const trust = publicGoodTrustMaterial();

  it('loads every log, CA and TSA, skipping none', () => {
    assert.deepEqual(
      trust.tlogs.map((l) => [l.baseUrl, l.keyDetails]),
      [
        ['https://rekor.sigstore.dev', 'PKIX_ECDSA_P256_SHA_256'],
        ['https://log2025-1.rekor.sigstore.dev', 'PKIX_ED25519'],
      ],
    );
    assert.equal(trust.ctlogs.length, 2);
    assert.equal(trust.certificateAuthorities.length, 2);
    assert.equal(trust.timestampAuthorities.length, 1);
    assert.deepEqual(trust.skipped, []);
    // The first CA (the 2021 root alone) is kept with its window for bundles from before 2023.
    assert.equal(
      trust.certificateAuthorities[0]?.validFor.end?.toISOString(),
      '2022-12-31T23:59:59.999Z',
    );
  });

  it('has log IDs that are the keys they name: SHA-256(SPKI) for v1, the note key ID for v2', () => {
    const [v1, v2] = trust.tlogs;
    assert.ok(v1 && v2);
    assert.deepEqual(v1.logId, createHash('sha256').update(v1.spki).digest());
    assert.deepEqual(v2.logId, ed25519NoteKeyId(v2.origin, v2.publicKey));
    for (const ct of trust.ctlogs) {
      assert.deepEqual(ct.logId, createHash('sha256').update(ct.spki).digest());
    }
  });

  it('is dated by its newest key and handed out as a fresh copy', () => {
    const starts = JSON.stringify(publicGoodTrustedRoot()).match(/"start":"[^"]+"/g) ?? [];
    const newest = starts
      .map((s) => s.slice(9, 19))
      .sort()
      .at(-1);
    assert.equal(newest, PUBLIC_GOOD_SNAPSHOT);
    const copy = publicGoodTrustedRoot() as Json;
    copy.tlogs = [];
    assert.equal((publicGoodTrustedRoot() as Json).tlogs.length, 2);
  });

  it('reads a PKCS#1 RSA CT key (as sigstage listed one) and skips an unknown key type', () => {
    // sigstage's first CT log key, as sigstore-js's trust fixture carries it: the log ID is
    // SHA-256 of the SPKI form of the PKCS#1 bytes.
    const rsa = {
      baseUrl: 'https://ctfe.sigstage.dev/test',
      hashAlgorithm: 'SHA2_256',
      publicKey: {
        rawBytes: SIGSTAGE_RSA_CT_KEY,
        keyDetails: 'PKCS1_RSA_PKCS1V5',
        validFor: { start: '2021-03-14T00:00:00.000Z', end: '2022-07-31T00:00:00.000Z' },
      },
      logId: { keyId: 'G3wUKk6ZK6ffHh/FdCRUE2wVekyzHEEIpSG4savnv0w=' },
    };
    const future = {
      baseUrl: 'https://log2030.example',
      publicKey: {
        rawBytes: randomBytes(64).toString('base64'),
        keyDetails: 'ML_DSA_65',
        validFor: { start: '2030-01-01T00:00:00Z' },
      },
      logId: { keyId: randomBytes(32).toString('base64') },
    };
    const root = publicGoodTrustedRoot() as Json;
    root.ctlogs.push(rsa);
    root.tlogs.push(future);
    const trust = TrustMaterial.fromTrustedRoot(root);
    const ct = trust.ctlogs[2];
    assert.ok(ct);
    assert.equal(ct.publicKey.asymmetricKeyType, 'rsa');
    assert.deepEqual(ct.logId, createHash('sha256').update(ct.spki).digest());
    assert.deepEqual(trust.skipped, [
      { path: 'tlogs[2]', reason: 'key type ML_DSA_65 cannot be imported by Node.js' },
    ]);
    assert.equal(trust.tlogs.length, 2);
  });
});

describe('public-good bundles verify with their real identities', () => {
  const cases: [string, string, Artifact, IdentityPolicy][] = [
    [
      'v0.3, hashedrekord 0.0.1 with promise, proof, checkpoint and an RFC 3161 timestamp',
      V03,
      { data: V03_ARTIFACT },
      { certificateIdentity: 'aryadeeptade@gmail.com', certificateOidcIssuer: GITHUB_LOGIN },
    ],
    [
      'v0.2 npm provenance, intoto 0.0.2 with promise, proof and checkpoint',
      NPM,
      {},
      {
        certificateIdentity: SIGSTORE_JS_RELEASE,
        certificateOidcIssuer: ACTIONS,
        extensions: {
          sourceRepositoryUri: 'https://github.com/sigstore/sigstore-js',
          sourceRepositoryRef: 'refs/heads/main',
        },
      },
    ],
    [
      'v0.1, hashedrekord 0.0.1 with a promise only',
      V01,
      { data: HELLO },
      { certificateIdentity: 'brian@dehamer.com', certificateOidcIssuer: GITHUB_LOGIN },
    ],
    [
      'v0.1, dsse 0.0.1 with a promise only',
      V01_DSSE,
      { data: HELLO },
      { certificateIdentity: 'brian@dehamer.com', certificateOidcIssuer: GITHUB_LOGIN },
    ],
  ];
  for (const [name, file, artifact, policy] of cases) {
    it(name, () => {
      const result = verifier.verify(bundle(file), artifact, policy);
      assert.equal(result.tlogEntries.length, 1);
      const [entry] = result.tlogEntries;
      assert.equal(entry?.baseUrl, 'https://rekor.sigstore.dev');
      const integrated = new Date(
        Number(bundle(file).verificationMaterial.tlogEntries[0].integratedTime) * 1000,
      );
      assert.deepEqual(entry?.integratedTime, integrated);
      assert.equal(result.signer.kind, 'certificate');
    });
  }

  it('reports the proof, the promise and the RFC 3161 time of the v0.3 bundle', () => {
    const result = verifier.verify(bundle(V03), { data: V03_ARTIFACT });
    assert.deepEqual(result.tlogEntries, [
      {
        logIndex: 2574120827,
        baseUrl: 'https://rekor.sigstore.dev',
        treeSize: 2452216574,
        integratedTime: new Date('2026-08-23T17:02:00Z'),
      },
    ]);
    assert.deepEqual(
      result.timestamps.map((t) => [t.genTime.toISOString(), t.tsa]),
      [['2026-08-23T17:02:00.000Z', 'https://timestamp.sigstore.dev/api/v1/timestamp']],
    );
  });

  it('counts a verified promise as a signing time: enough for one, not for two', () => {
    verifier.verify(bundle(V01), { data: HELLO });
    const two = new Verifier(publicGoodTrustMaterial(), { timestamp: 2 });
    assertFails(
      () => two.verify(bundle(V01), { data: HELLO }),
      'TIMESTAMP_MISSING',
      /0 verified RFC 3161 timestamps and 1 signed entry/,
    );
    two.verify(bundle(V03), { data: V03_ARTIFACT });
  });

  it('judges the certificate at the promised time, by the CA trusted then', () => {
    // Signed in 2022 by the intermediate CA: without that CA nothing else vouches for it.
    const withoutIntermediate = rootWith((root) => root.certificateAuthorities.splice(1, 1));
    assertFails(
      () => withoutIntermediate.verify(bundle(V01), { data: HELLO }),
      'CERTIFICATE_CHAIN',
    );
  });

  it('refuses the wrong identity, artifact and subject', () => {
    assertFails(
      () =>
        verifier.verify(
          bundle(V03),
          { data: V03_ARTIFACT },
          { certificateIdentity: 'someone@example.com' },
        ),
      'POLICY',
    );
    assertFails(() => verifier.verify(bundle(V01), { data: V03_ARTIFACT }), 'ARTIFACT_MISMATCH');
    assertFails(
      () => verifier.verify(bundle(V01_DSSE), { data: V03_ARTIFACT }),
      'ARTIFACT_MISMATCH',
    );
  });
});

describe('public-good bundles: each tampered part fails with its own code', () => {
  const entryOf = (json: Json): Json => json.verificationMaterial.tlogEntries[0];

  it('signed entry timestamp', () => {
    for (const [file, artifact] of [
      [V01, HELLO],
      [V03, V03_ARTIFACT],
    ] as const) {
      const json = bundle(file);
      const promise = entryOf(json).inclusionPromise;
      promise.signedEntryTimestamp = flip(promise.signedEntryTimestamp, 3);
      assertFails(() => verifier.verify(json, { data: artifact }), 'TLOG_PROMISE');
    }
  });

  it('integratedTime', () => {
    const json = bundle(V01);
    entryOf(json).integratedTime = String(Number(entryOf(json).integratedTime) - 1);
    assertFails(() => verifier.verify(json, { data: HELLO }), 'TLOG_PROMISE');
  });

  it("logIndex: the promised one, and the proof's", () => {
    const json = bundle(V01);
    entryOf(json).logIndex = String(Number(entryOf(json).logIndex) + 1);
    assertFails(() => verifier.verify(json, { data: HELLO }), 'TLOG_PROMISE');
    // The proof's index is not under the promise (it counts within the shard): the proof catches it.
    const v03 = bundle(V03);
    const proof = entryOf(v03).inclusionProof;
    proof.logIndex = String(Number(proof.logIndex) - 1);
    assertFails(() => verifier.verify(v03, { data: V03_ARTIFACT }), 'TLOG_INCLUSION');
  });

  it("body: a field that is not the bundle's, or a re-serialization that breaks the promise", () => {
    const edits: [string, (body: Json) => void, RegExp][] = [
      ['digest', (b) => (b.spec.data.hash.value = '00'.repeat(32)), /digest is not the bundle's/],
      [
        'signature',
        (b) => (b.spec.signature.content = flip(b.spec.signature.content)),
        /signature/,
      ],
      [
        'certificate',
        (b) =>
          (b.spec.signature.publicKey.content =
            bundle(V01_DSSE).verificationMaterial.x509CertificateChain.certificates[0].rawBytes),
        /certificate is not the bundle's/,
      ],
      ['type', (b) => (b.kind = 'rekord'), /type/],
    ];
    for (const [name, edit, message] of edits) {
      const json = bundle(V01);
      const body = JSON.parse(
        Buffer.from(entryOf(json).canonicalizedBody, 'base64').toString(),
      ) as Json;
      edit(body);
      entryOf(json).canonicalizedBody = Buffer.from(JSON.stringify(body)).toString('base64');
      assertFails(() => verifier.verify(json, { data: HELLO }), 'TLOG_ENTRY', message);
      assert.ok(name);
    }
    // Still this signature's entry, but not the bytes the log promised.
    const json = bundle(V01);
    const body = JSON.parse(
      Buffer.from(entryOf(json).canonicalizedBody, 'base64').toString(),
    ) as Json;
    entryOf(json).canonicalizedBody = Buffer.from(JSON.stringify(body, null, 1)).toString('base64');
    assertFails(() => verifier.verify(json, { data: HELLO }), 'TLOG_PROMISE');
  });

  it("entry: a genuine, validly promised entry of another bundle (CVE-2022-36056's shape)", () => {
    const swap = (into: string, from: string): Json => {
      const json = bundle(into);
      json.verificationMaterial.tlogEntries = bundle(from).verificationMaterial.tlogEntries;
      return json;
    };
    assertFails(() => verifier.verify(swap(V01, V03), { data: HELLO }), 'TLOG_ENTRY', /digest/);
    assertFails(() => verifier.verify(swap(V01, V01_DSSE), { data: HELLO }), 'TLOG_ENTRY', /type/);
    assertFails(() => verifier.verify(swap(V01_DSSE, NPM), {}), 'TLOG_ENTRY', /payload hash/);
    // A v0.1 entry needs no proof; the npm bundle is relabelled v0.1 to carry one.
    const npm = swap(NPM, V01_DSSE);
    npm.mediaType = bundle(V01_DSSE).mediaType;
    assertFails(() => verifier.verify(npm, {}), 'TLOG_ENTRY', /payload hash/);
  });

  it('inclusion proof hash', () => {
    const json = bundle(NPM);
    const proof = entryOf(json).inclusionProof;
    proof.hashes[2] = flip(proof.hashes[2]);
    assertFails(() => verifier.verify(json, {}), 'TLOG_INCLUSION');
  });

  it('checkpoint signature and origin', () => {
    const json = bundle(V03);
    const proof = entryOf(json).inclusionProof;
    const lines = (proof.checkpoint.envelope as string).split('\n');
    const sigLine = lines.length - 2;
    const parts = (lines[sigLine] as string).split(' ');
    parts[2] = flip(parts[2] as string);
    lines[sigLine] = parts.join(' ');
    proof.checkpoint.envelope = lines.join('\n');
    assertFails(() => verifier.verify(json, { data: V03_ARTIFACT }), 'CHECKPOINT');
    // The same key under another host name: its checkpoints are not this log's.
    const moved = rootWith((root) => {
      root.tlogs[0].baseUrl = 'https://rekor.example.com';
    });
    assertFails(() => moved.verify(bundle(NPM), {}), 'CHECKPOINT');
  });

  it('log: not in the trusted root, or its key not valid at integratedTime', () => {
    const noV1 = rootWith((root) => root.tlogs.splice(0, 1));
    assertFails(
      () => noV1.verify(bundle(V01), { data: HELLO }),
      'TLOG_ENTRY',
      /not in the trusted root/,
    );
    const late = rootWith((root) => {
      root.tlogs[0].publicKey.validFor.start = '2023-01-01T00:00:00Z';
    });
    assertFails(() => late.verify(bundle(V01), { data: HELLO }), 'TLOG_ENTRY', /integratedTime/);
  });

  it('signature, and a certificate other than the one logged', () => {
    const json = bundle(V01);
    json.messageSignature.signature = flip(json.messageSignature.signature);
    assertFails(() => verifier.verify(json, { data: HELLO }), 'SIGNATURE');
    // With a promise the entry is matched before the chain: the logged leaf is not this one.
    const cert = bundle(V03);
    const field = cert.verificationMaterial.certificate;
    field.rawBytes = flip(field.rawBytes);
    assertFails(() => verifier.verify(cert, { data: V03_ARTIFACT }), 'TLOG_ENTRY', /certificate/);
  });
});

describe('sigstore-js agrees on the same fixtures', () => {
  const files: [string, Buffer | undefined][] = [
    [V03, V03_ARTIFACT],
    [NPM, undefined],
    [V01, HELLO],
    [V01_DSSE, undefined],
  ];
  const versions: [string, typeof sjs3][] = [
    ['@sigstore/verify 3', sjs3],
    ['@sigstore/verify 4', sjs4 as unknown as typeof sjs3],
  ];
  for (const [pkg, sjs] of versions) {
    it(`${pkg} verifies them with the same root and refuses a changed promise`, () => {
      const trust = sjs.toTrustMaterial(TrustedRoot.fromJSON(publicGoodTrustedRoot()));
      const sjsVerifier = new sjs.Verifier(trust);
      for (const [file, artifact] of files) {
        sjsVerifier.verify(sjs.toSignedEntity(bundleFromJSON(bundle(file)), artifact));
      }
      const json = bundle(V01);
      const promise = json.verificationMaterial.tlogEntries[0].inclusionPromise;
      promise.signedEntryTimestamp = flip(promise.signedEntryTimestamp, 3);
      assert.throws(() => sjsVerifier.verify(sjs.toSignedEntity(bundleFromJSON(json), HELLO)));
    });
  }
});

const SIGSTAGE_RSA_CT_KEY =
  'MIICCgKCAgEA27A2MPQXm0I0v7/Ly5BIauDjRZF5Jor9vU+QheoE2UIIsZHcyYq3slHzSSHy2lLj1ZD2d91CtJ492ZXqnBmsr4TwZ9jQ05tW2mGIRI8u2DqN8LpuNYZGz/f9SZrjhQQmUttqWmtu3UoLfKz6NbNXUnoo+NhZFcFRLXJ8VporVhuiAmL7zqT53cXR3yQfFPCUDeGnRksnlhVIAJc3AHZZSHQJ8DEXMhh35TVv2nYhTI3rID7GwjXXw4ocz7RGDD37ky6p39Tl5NB71gT1eSqhZhGHEYHIPXraEBd5+3w9qIuLWlp5Ej/K6Mu4ELioXKCUimCbwy+Cs8UhHFlqcyg4AysOHJwIadXIa8LsY51jnVSGrGOEBZevopmQPNPtyfFY3dmXSS+6Z3RD2Gd6oDnNGJzpSyEk410Ag5uvNDfYzJLCWX9tU8lIxNwdFYmIwpd89HijyRyoGnoJ3entd63cvKfuuix5r+GHyKp1Xm1L5j5AWM6P+z0xigwkiXnt+adexAl1J9wdDxv/pUFEESRF4DG8DFGVtbdH6aR1A5/vD4krO4tC1QYUSeyL5Mvsw8WRqIFHcXtgybtxylljvNcGMV1KXQC8UFDmpGZVDSHx6v3e/BHMrZ7gjoCCfVMZ/cFcQi0W2AIHPYEMH/C95J2r4XbHMRdYXpovpOoT5Ca78gsCAwEAAQ==';
