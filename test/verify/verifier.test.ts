import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { bundleToJSON, type Bundle as SjsBundle, type SerializedBundle } from '@sigstore/bundle';
import {
  DSSEBundleBuilder,
  FulcioSigner,
  MessageSignatureBundleBuilder,
  RekorWitness,
  TSAWitness,
} from '@sigstore/sign';
import { sequence, tlv } from '../../src/core/der.js';
import {
  OID,
  buildCertificate,
  createSelfSignedCa,
  extKeyUsage,
  findExtension,
  keyUsage,
  name,
  parseCertificate,
  randomSerial,
  signerFor,
  spkiOf,
} from '../../src/core/x509.js';
import { BUNDLE_MEDIA_TYPES } from '../../src/bundle/bundle.js';
import { TRUSTED_ROOT_MEDIA_TYPE } from '../../src/bundle/trust.js';
import { SCT_LIST_OID } from '../../src/ct/sct.js';
import type { IdentityPolicy } from '../../src/verify/policy.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import { Verifier } from '../../src/verify/verifier.js';
import { EntryFactory, logKeyBundleV2 } from '../helpers/entries.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, startTestService } from '../helpers/server.js';
import { type SignedArtifact, signWithDevIssuer } from '../helpers/sigstore.js';
import { startStack } from '../helpers/stack.js';
import { EphemeralSigner } from '../interop/helpers.js';
import { assertFails, flip } from '../helpers/verify.js';

/**
 * The verifier against bundles sigstore-js made with the real service (dev issuer and a
 * GitHub-shaped token from a GHES-style test issuer), checked with trusted_root.json as served.
 * Every tampered part must fail with its own code.
 */

const WORKFLOW_REF = 'octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main';
const IN_TOTO = 'application/vnd.in-toto+json';

let github: TestIssuer;
let service: TestService;
let servedRoot: Record<string, unknown>;
let verifier: Verifier;
let dev: SignedArtifact;
let gh: SignedArtifact;
let san: string;
let signer: FulcioSigner;
let rekor: RekorWitness;
let tsa: TSAWitness;

const toJson = (bundle: SjsBundle): SerializedBundle =>
  JSON.parse(JSON.stringify(bundleToJSON(bundle))) as SerializedBundle;

const verifierFor = (root: unknown): Verifier => new Verifier(TrustMaterial.fromTrustedRoot(root));

/** The leaf certificate field, whichever form the bundle uses. */
function leafField(json: SerializedBundle): { rawBytes: string } {
  const material = json.verificationMaterial;
  const field = material.certificate ?? material.x509CertificateChain?.certificates[0];
  assert.ok(field, 'bundle carries no certificate');
  return field;
}

function firstEntry(json: SerializedBundle) {
  const entry = json.verificationMaterial.tlogEntries[0];
  assert.ok(entry?.inclusionProof, 'bundle has no tlog entry with a proof');
  return { entry, proof: entry.inclusionProof };
}

const policy = (): IdentityPolicy => ({
  certificateIdentity: san,
  certificateOidcIssuer: github.url,
});

before(async () => {
  github = await startTestIssuer({ path: '/_services/token' });
  san = `${new URL(github.url).origin}/${WORKFLOW_REF}`;
  service = await startTestService({
    devIssuer: true,
    identity: {
      OIDCIssuers: {
        [github.url]: { IssuerURL: github.url, ClientID: 'sigstore', Type: 'github-workflow' },
      },
    },
  });
  // Earlier entries, so inclusion proofs have hashes to tamper with.
  const factory = new EntryFactory();
  for (let i = 0; i < 3; i++) {
    const response = await fetch(`${service.url}/api/v2/log/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(factory.request()),
    });
    assert.equal(response.status, 201, await response.text());
  }
  servedRoot = (await (await fetch(`${service.url}/trusted_root.json`)).json()) as Record<
    string,
    unknown
  >;
  verifier = verifierFor(servedRoot);
  signer = new FulcioSigner({
    fulcioBaseURL: service.url,
    identityProvider: {
      getToken: () =>
        github.mint(github.githubClaims({ job_workflow_ref: WORKFLOW_REF, environment: 'prod' })),
    },
    keyHolder: new EphemeralSigner(),
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
  dev = await signWithDevIssuer(service.url);
  const artifact = randomBytes(512);
  const bundle = await new MessageSignatureBundleBuilder({
    signer,
    witnesses: [rekor, tsa],
  }).create({ data: artifact });
  gh = { json: toJson(bundle), artifact };
});

after(async () => {
  await service?.dispose();
  await github?.close();
});

describe('Verifier: sigstore-js bundles from the real service', () => {
  it('verifies a dev-issuer bundle and reports the signer, times and log index', () => {
    const result = verifier.verify(dev.json, { data: dev.artifact });
    assert.equal(result.signer.kind, 'certificate');
    assert.ok(result.signer.kind === 'certificate');
    assert.equal(result.signer.identity.san.type, 'email');
    assert.equal(result.timestamps.length, 1);
    const time = result.timestamps[0]?.genTime.getTime() ?? 0;
    assert.ok(Math.abs(time - Date.now()) < 60_000, 'signing time is about now');
    assert.equal(result.tlogEntries.length, 1);
    assert.equal(
      result.tlogEntries[0]?.logIndex,
      Number(dev.json.verificationMaterial.tlogEntries[0]?.logIndex),
    );
  });

  it('verifies by digest as well as by data', () => {
    const value = createHash('sha256').update(dev.artifact).digest();
    verifier.verify(dev.json, { digest: { algorithm: 'sha256', value } });
  });

  it('verifies a GitHub-shaped bundle with its identity pinned', () => {
    const result = verifier.verify(
      gh.json,
      { data: gh.artifact },
      {
        ...policy(),
        extensions: {
          sourceRepositoryUri: `${new URL(github.url).origin}/octo-org/octo-repo`,
          sourceRepositoryIdentifier: '74',
          sourceRepositoryOwnerIdentifier: '65',
          sourceRepositoryRef: 'refs/heads/main',
          buildTrigger: 'push',
          runnerEnvironment: 'github-hosted',
          deploymentEnvironment: 'prod',
          buildConfigUri: {
            regexp: `.*/octo-org/octo-repo/\\.github/workflows/release\\.yml@refs/heads/main`,
          },
        },
      },
    );
    assert.ok(result.signer.kind === 'certificate');
    assert.equal(result.signer.identity.san.value, san);
  });

  it('verifies a DSSE (in-toto) bundle, by its subject', async () => {
    const artifact = randomBytes(100);
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        { name: 'a.tgz', digest: { sha256: createHash('sha256').update(artifact).digest('hex') } },
      ],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {},
    };
    const payload = Buffer.from(JSON.stringify(statement));
    const json = toJson(
      await new DSSEBundleBuilder({ signer, witnesses: [rekor, tsa] }).create({
        data: payload,
        type: IN_TOTO,
      }),
    );
    const result = verifier.verify(json, { data: artifact }, policy());
    assert.ok(result.signer.kind === 'certificate');
    verifier.verify(json, {});
    assertFails(
      () => verifier.verify(json, { data: randomBytes(100) }),
      'ARTIFACT_MISMATCH',
      /subject/,
    );
    const tampered = structuredClone(json);
    assert.ok(tampered.dsseEnvelope);
    tampered.dsseEnvelope.payload = Buffer.from(
      JSON.stringify({ ...statement, predicate: { x: 1 } }),
    ).toString('base64');
    assertFails(() => verifier.verify(tampered, {}), 'SIGNATURE');
  });

  it('matches an in-toto subject named by sha512 only, as npm provenance names tarballs', async () => {
    const artifact = randomBytes(100);
    const sha512 = createHash('sha512').update(artifact).digest('hex');
    const payload = Buffer.from(
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name: 'pkg:npm/a@1.0.0', digest: { sha512 } }],
        predicateType: 'https://slsa.dev/provenance/v1',
        predicate: {},
      }),
    );
    const json = toJson(
      await new DSSEBundleBuilder({ signer, witnesses: [rekor, tsa] }).create({
        data: payload,
        type: IN_TOTO,
      }),
    );
    verifier.verify(json, { data: artifact }, policy());
    const other = randomBytes(100);
    const error = assertFails(
      () => verifier.verify(json, { data: other }, policy()),
      'ARTIFACT_MISMATCH',
    );
    assert.equal(error.expected, `sha512:${sha512}`);
    // A sha256 digest cannot be compared with a sha512-only subject.
    const sha256 = createHash('sha256').update(artifact).digest();
    assertFails(
      () => verifier.verify(json, { digest: { algorithm: 'sha256', value: sha256 } }, policy()),
      'ARTIFACT_MISMATCH',
    );
  });

  it('verifies a public-key bundle with the pinned key only', async () => {
    const keySigner = new EphemeralSigner('kms-key');
    const artifact = randomBytes(64);
    const bundle = await new MessageSignatureBundleBuilder({
      signer: keySigner,
      witnesses: [tsa],
    }).create({
      data: artifact,
    });
    await logKeyBundleV2(service.url, bundle, keySigner.publicKey);
    const json = toJson(bundle);
    const result = verifier.verify(json, { data: artifact }, { publicKey: keySigner.keyPem });
    assert.ok(result.signer.kind === 'publicKey');
    assert.equal(result.signer.hint, 'kms-key');
    assertFails(() => verifier.verify(json, { data: artifact }), 'PUBLIC_KEY');
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    assertFails(() => verifier.verify(json, { data: artifact }, { publicKey: other }), 'SIGNATURE');
    assertFails(
      () => verifier.verify(gh.json, { data: gh.artifact }, { publicKey: other }),
      'PUBLIC_KEY',
    );
  });
});

describe('Verifier: each tampered part fails with its own code', () => {
  it('artifact', () => {
    assertFails(() => verifier.verify(gh.json, { data: randomBytes(512) }), 'ARTIFACT_MISMATCH');
    assertFails(() => verifier.verify(gh.json, {}), 'ARTIFACT_MISMATCH');
  });

  it('signature', () => {
    const json = structuredClone(gh.json);
    assert.ok(json.messageSignature);
    json.messageSignature.signature = flip(json.messageSignature.signature);
    assertFails(() => verifier.verify(json, { data: gh.artifact }), 'SIGNATURE');
  });

  it('certificate (its CA signature)', () => {
    const json = structuredClone(gh.json);
    const field = leafField(json);
    field.rawBytes = flip(field.rawBytes);
    assertFails(() => verifier.verify(json, { data: gh.artifact }), 'CERTIFICATE_CHAIN');
  });

  it('certificate from an untrusted CA', () => {
    const root = structuredClone(servedRoot);
    root.certificateAuthorities = [];
    assertFails(
      () => verifierFor(root).verify(gh.json, { data: gh.artifact }),
      'CERTIFICATE_CHAIN',
    );
  });

  it('inclusion proof hash', () => {
    const json = structuredClone(gh.json);
    const { proof } = firstEntry(json);
    assert.ok(proof.hashes.length > 0);
    proof.hashes[0] = flip(proof.hashes[0] as string);
    assertFails(() => verifier.verify(json, { data: gh.artifact }), 'TLOG_INCLUSION');
  });

  it('logged entry (body for another signature)', () => {
    const json = structuredClone(gh.json);
    const { entry } = firstEntry(json);
    entry.canonicalizedBody = dev.json.verificationMaterial.tlogEntries[0]?.canonicalizedBody ?? '';
    assertFails(() => verifier.verify(json, { data: gh.artifact }), 'TLOG_ENTRY', /digest/);
  });

  it('checkpoint signature', () => {
    const json = structuredClone(gh.json);
    const { proof } = firstEntry(json);
    assert.ok(proof.checkpoint);
    const lines = proof.checkpoint.envelope.split('\n');
    const sigLine = lines.length - 2;
    const parts = (lines[sigLine] as string).split(' ');
    parts[2] = flip(parts[2] as string);
    lines[sigLine] = parts.join(' ');
    proof.checkpoint.envelope = lines.join('\n');
    assertFails(() => verifier.verify(json, { data: gh.artifact }), 'CHECKPOINT');
  });

  it('checkpoint from a log whose baseUrl names another host', () => {
    const root = structuredClone(servedRoot) as { tlogs: { baseUrl: string }[] };
    (root.tlogs[0] as { baseUrl: string }).baseUrl = 'http://localhost:1';
    assertFails(() => verifierFor(root).verify(gh.json, { data: gh.artifact }), 'CHECKPOINT');
  });

  it('SCT: no CT log in the trusted root', () => {
    const root = structuredClone(servedRoot);
    root.ctlogs = [];
    assertFails(() => verifierFor(root).verify(gh.json, { data: gh.artifact }), 'SCT_INVALID');
    const lenient = new Verifier(TrustMaterial.fromTrustedRoot(root), { ctlog: 0 });
    lenient.verify(gh.json, { data: gh.artifact });
  });

  it('SCT: the trusted CT log has another key', () => {
    const root = structuredClone(servedRoot) as { ctlogs: { publicKey: { rawBytes: string } }[] };
    (root.ctlogs[0] as { publicKey: { rawBytes: string } }).publicKey.rawBytes =
      generateKeyPairSync('ec', {
        namedCurve: 'P-256',
      })
        .publicKey.export({ format: 'der', type: 'spki' })
        .toString('base64');
    assertFails(() => verifierFor(root).verify(gh.json, { data: gh.artifact }), 'SCT_INVALID');
  });

  it('SCT: a leaf without one', async () => {
    // The service's CA always embeds one; the same CA code without a CT log does not.
    const stack = await startStack();
    try {
      const signed = await stack.sign({ ca: stack.ca({ ct: false }) });
      const leaf = parseCertificate(signed.leaf);
      assert.equal(findExtension(leaf, SCT_LIST_OID), undefined);
      assertFails(
        () => stack.verifier().verify(signed.json, { data: signed.artifact }),
        'SCT_MISSING',
        /carries no SCT/,
      );
      stack.verifier(undefined, { ctlog: 0 }).verify(signed.json, { data: signed.artifact });
    } finally {
      await stack.close();
    }
  });

  it('timestamp (a flipped byte of its signature)', () => {
    const json = structuredClone(gh.json);
    const ts = json.verificationMaterial.timestampVerificationData?.rfc3161Timestamps[0];
    assert.ok(ts);
    ts.signedTimestamp = flip(ts.signedTimestamp);
    assertFails(() => verifier.verify(json, { data: gh.artifact }), 'TIMESTAMP_INVALID');
  });

  it('timestamp missing, and from an untrusted TSA', () => {
    const json = structuredClone(gh.json);
    delete json.verificationMaterial.timestampVerificationData;
    assertFails(() => verifier.verify(json, { data: gh.artifact }), 'TIMESTAMP_MISSING');
    const root = structuredClone(servedRoot);
    root.timestampAuthorities = [];
    assertFails(
      () => verifierFor(root).verify(gh.json, { data: gh.artifact }),
      'TIMESTAMP_INVALID',
      /trusted root/,
    );
  });

  it('tlog entry missing', () => {
    const json = structuredClone(gh.json);
    json.verificationMaterial.tlogEntries = [];
    assertFails(() => verifier.verify(json, { data: gh.artifact }), 'TLOG_MISSING');
  });

  it('bundle shape', () => {
    const json = structuredClone(gh.json) as unknown as Record<string, unknown>;
    json.mediaType = 'application/vnd.dev.sigstore.bundle.v9+json';
    assertFails(() => verifier.verify(json, { data: gh.artifact }), 'BUNDLE_INVALID', /mediaType/);
  });
});

describe('Verifier: identity policy', () => {
  const pins: [string, IdentityPolicy, RegExp][] = [
    [
      'certificate identity',
      { certificateIdentity: 'https://example.com/other' },
      /certificate identity/,
    ],
    [
      'identity regexp is anchored',
      { certificateIdentityRegexp: 'octo-org/octo-repo' },
      /certificate identity/,
    ],
    [
      'issuer',
      { certificateOidcIssuer: 'https://token.actions.githubusercontent.com' },
      /OIDC issuer/,
    ],
    [
      'repository',
      { extensions: { sourceRepositoryUri: 'https://github.com/octo-org/octo-repo' } },
      /sourceRepositoryUri/,
    ],
    [
      'repository id',
      { extensions: { sourceRepositoryIdentifier: '75' } },
      /sourceRepositoryIdentifier/,
    ],
    [
      'owner id',
      { extensions: { sourceRepositoryOwnerIdentifier: '66' } },
      /sourceRepositoryOwnerIdentifier/,
    ],
    ['ref', { extensions: { sourceRepositoryRef: 'refs/heads/dev' } }, /sourceRepositoryRef/],
    [
      'ref regexp is anchored',
      { extensions: { sourceRepositoryRef: { regexp: 'refs/heads/ma' } } },
      /sourceRepositoryRef/,
    ],
    ['trigger', { extensions: { buildTrigger: 'pull_request' } }, /buildTrigger/],
    ['workflow sha', { extensions: { buildSignerDigest: '0'.repeat(40) } }, /buildSignerDigest/],
    ['runner', { extensions: { runnerEnvironment: 'self-hosted' } }, /runnerEnvironment/],
    ['environment', { extensions: { deploymentEnvironment: 'staging' } }, /deploymentEnvironment/],
    ['absent claim', { extensions: { refProtected: 'true' } }, /refProtected.*\(absent\)/],
  ];
  for (const [name, pin, claim] of pins) {
    it(`fails naming the claim: ${name}`, () => {
      const error = assertFails(
        () => verifier.verify(gh.json, { data: gh.artifact }, pin),
        'POLICY',
        claim,
      );
      assert.match(error.check, /^policy: /);
      assert.ok(error.expected && error.actual, 'expected and actual are reported');
    });
  }

  it('accepts an already anchored pattern', () => {
    verifier.verify(
      gh.json,
      { data: gh.artifact },
      { certificateIdentityRegexp: `^${san.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` },
    );
  });
});

describe('Verifier: a leaf whose identity cannot be read', () => {
  /**
   * A CA of our own and a leaf it issues with the given SAN emails, signing `artifact`, in a
   * v0.3 bundle that needs no log, SCT or timestamp (thresholds 0).
   */
  function signedBy(emails: string[]) {
    const caKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const now = Date.now();
    const ca = createSelfSignedCa({
      privateKey: caKey,
      subject: { commonName: 'Test CA', organization: 'Signet tests' },
      notBefore: new Date(now - 3_600_000),
      notAfter: new Date(now + 3_600_000),
    });
    const rfc822Name = 0x80 | 1;
    const leaf = buildCertificate(
      {
        serial: randomSerial(),
        issuer: parseCertificate(ca).subject,
        subject: name([]),
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + 600_000),
        publicKey: spkiOf(leafKey),
        extensions: [
          { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
          { oid: OID.extKeyUsage, value: extKeyUsage([OID.codeSigning]) },
          {
            oid: '2.5.29.17',
            critical: true,
            value: sequence(...emails.map((e) => tlv(rfc822Name, Buffer.from(e)))),
          },
        ],
        signatureAlgorithm: 'ecdsa-sha256',
      },
      signerFor(caKey),
    );
    const artifact = randomBytes(32);
    const bundle = {
      mediaType: BUNDLE_MEDIA_TYPES['v0.3'],
      verificationMaterial: { certificate: { rawBytes: leaf.toString('base64') }, tlogEntries: [] },
      messageSignature: {
        messageDigest: {
          algorithm: 'SHA2_256',
          digest: createHash('sha256').update(artifact).digest('base64'),
        },
        signature: sign('sha256', artifact, leafKey).toString('base64'),
      },
    };
    const root = {
      mediaType: TRUSTED_ROOT_MEDIA_TYPE,
      certificateAuthorities: [
        {
          uri: 'https://ca.test',
          certChain: { certificates: [{ rawBytes: ca.toString('base64') }] },
        },
      ],
      tlogs: [],
      ctlogs: [],
      timestampAuthorities: [],
    };
    const lenient = new Verifier(TrustMaterial.fromTrustedRoot(root), {
      ctlog: 0,
      tlog: 0,
      timestamp: 0,
    });
    return { verify: () => lenient.verify(bundle, { data: artifact }) };
  }

  it('verifies with one SAN and fails CERTIFICATE_CHAIN with two or none', () => {
    const one = signedBy(['dev@example.com']).verify();
    assert.ok(one.signer.kind === 'certificate');
    assert.equal(one.signer.identity.san.value, 'dev@example.com');
    assertFails(
      () => signedBy(['dev@example.com', 'ops@example.com']).verify(),
      'CERTIFICATE_CHAIN',
      /malformed: certificate must name exactly one URI or email identity, found 2/,
    );
    assertFails(() => signedBy([]).verify(), 'CERTIFICATE_CHAIN', /found 0/);
  });
});
