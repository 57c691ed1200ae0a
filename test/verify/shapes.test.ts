import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundleFromJSON, bundleToJSON, type Bundle as SjsBundle } from '@sigstore/bundle';
import { HashAlgorithm, PublicKeyDetails, TrustedRoot } from '@sigstore/protobuf-specs';
import { Entry as RekorV2Entry } from '@sigstore/protobuf-specs/rekor/v2';
import {
  DSSEBundleBuilder,
  FulcioSigner,
  MessageSignatureBundleBuilder,
  RekorWitness,
  TSAWitness,
} from '@sigstore/sign';
import * as sjs3 from '@sigstore/verify';
import * as sjs4 from '@sigstore/verify-latest';
import { main } from '../../src/cli/main.js';
import { canonicalize } from '../../src/core/canonical-json.js';
import { parseCertificate } from '../../src/core/x509.js';
import type { VerifyErrorCode } from '../../src/verify/error.js';
import type { IdentityPolicy } from '../../src/verify/policy.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import { Verifier } from '../../src/verify/verifier.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { assertFails, flip } from '../helpers/verify.js';
import { EphemeralSigner } from '../interop/helpers.js';

/**
 * Bundle shapes that Sigstore signers and logs produce but Signet's own signer and service do
 * not, built here from the real service (its CA with CT log, TSA and log) and ephemeral keys.
 * Each verifies with the library and with `signet verify`, each tampered copy fails with the
 * code of the check that catches it, and sigstore-js 3 and 4 verify the same bundles where
 * they support the shape.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A bundle, the artifact it signs and the trusted root it verifies against. */
interface Fixture {
  bundle: Json;
  artifact: Buffer;
  root: Json;
}

let service: TestService;
let servedRoot: Json;
let signer: FulcioSigner;
let tsa: TSAWitness;
let dir: string;
let policy: IdentityPolicy;

const clone = <T>(value: T): T => structuredClone(value);
const toJson = (bundle: SjsBundle): Json =>
  JSON.parse(JSON.stringify(bundleToJSON(bundle))) as Json;
const verifierFor = (root: Json): Verifier => new Verifier(TrustMaterial.fromTrustedRoot(root));
/** The leaf, whichever form the bundle carries it in. */
const leafOf = ({ verificationMaterial: m }: Json): Buffer =>
  Buffer.from(
    (m.certificate ?? m.x509CertificateChain.certificates[0]).rawBytes as string,
    'base64',
  );

const verify = (f: Fixture) => verifierFor(f.root).verify(f.bundle, { data: f.artifact }, policy);

/** `signet verify --json` on the fixture's files: the exit code and the failing check's code. */
async function cli(f: Fixture): Promise<{ code: number; error: string | undefined; out: string }> {
  const name = randomBytes(6).toString('hex');
  const [bundlePath, artifactPath, rootPath] = ['bundle.json', 'artifact', 'root.json'].map((n) =>
    join(dir, `${name}.${n}`),
  ) as [string, string, string];
  await writeFile(bundlePath, JSON.stringify(f.bundle));
  await writeFile(artifactPath, f.artifact);
  await writeFile(rootPath, JSON.stringify(f.root));
  let out = '';
  const code = await main(
    [
      'verify',
      '--trusted-root',
      rootPath,
      '--certificate-identity',
      policy.certificateIdentity as string,
      '--certificate-oidc-issuer',
      policy.certificateOidcIssuer as string,
      '--bundle',
      bundlePath,
      '--json',
      artifactPath,
    ],
    { stdout: (t) => (out += t), stderr: (t) => (out += t), env: {} },
  );
  const error = code === 0 ? undefined : JSON.parse(out).artifacts[0].signatures[0].error?.code;
  return { code, error, out };
}

/** The fixture verifies in the library and in the CLI. */
async function accepted(f: Fixture): Promise<void> {
  verify(f);
  const run = await cli(f);
  assert.equal(run.code, 0, run.out);
}

/** The tampered fixture fails with `code` in the library (message matching) and in the CLI. */
async function refused(f: Fixture, code: VerifyErrorCode, message?: RegExp): Promise<void> {
  assertFails(() => verify(f), code, message);
  const run = await cli(f);
  assert.equal(run.code, 1, run.out);
  assert.equal(run.error, code, run.out);
}

/** The two sigstore-js majors in node_modules. */
const SJS: [[string, typeof sjs3], [string, typeof sjs3]] = [
  ['@sigstore/verify 3', sjs3],
  ['@sigstore/verify 4', sjs4 as unknown as typeof sjs3],
];

/** sigstore-js at its default thresholds, with the identity pinned as Signet pins it. */
function sigstoreJs(sjs: typeof sjs3, f: Fixture): void {
  const trust = sjs.toTrustMaterial(TrustedRoot.fromJSON(f.root));
  new sjs.Verifier(trust).verify(sjs.toSignedEntity(bundleFromJSON(f.bundle), f.artifact), {
    subjectAlternativeName: policy.certificateIdentity as string,
    extensions: { issuer: policy.certificateOidcIssuer as string },
  });
}

/** The TransparencyLogEntry JSON for `body` appended to the service's log, as Rekor v2 answers. */
async function logged(body: Buffer, kind: string, version: string): Promise<Json> {
  assert.ok(service.log, 'the service runs its log');
  const result = await service.log.append(body);
  const index = String(result.index);
  return {
    logIndex: index,
    logId: (servedRoot.tlogs[0] as Json).logId,
    kindVersion: { kind, version },
    integratedTime: '0',
    inclusionProof: {
      logIndex: index,
      rootHash: result.checkpoint.rootHash.toString('base64'),
      treeSize: String(result.checkpoint.size),
      hashes: result.proof.map((h) => h.toString('base64')),
      checkpoint: { envelope: result.checkpoint.note },
    },
    canonicalizedBody: body.toString('base64'),
  };
}

/** A Rekor v2 entry body built from protobuf-specs' own types, in RFC 8785 form. */
const v2Body = (entry: Parameters<typeof RekorV2Entry.toJSON>[0]): Buffer =>
  Buffer.from(canonicalize(RekorV2Entry.toJSON(entry)), 'utf8');

/** The leaf's public key as a Rekor v2 verifier, as a client logging the key would send it. */
const keyVerifier = (bundle: Json) => ({
  keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
  verifier: {
    $case: 'publicKey' as const,
    publicKey: { rawBytes: parseCertificate(leafOf(bundle)).publicKey },
  },
});

before(async () => {
  service = await startTestService({ devIssuer: true });
  servedRoot = (await (await fetch(`${service.url}/trusted_root.json`)).json()) as Json;
  dir = await tempDir('signet-shapes-');
  signer = new FulcioSigner({
    fulcioBaseURL: service.url,
    identityProvider: {
      async getToken() {
        const response = await fetch(`${service.url}/dev-oidc/token`, { method: 'POST' });
        return ((await response.json()) as { id_token: string }).id_token;
      },
    },
    keyHolder: new EphemeralSigner(),
    retry: 0,
    timeout: 30_000,
  });
  tsa = new TSAWitness({ tsaBaseURL: service.url, retry: 0, timeout: 30_000 });
  // The dev issuer's identity, read from a bundle the service verifies as it is.
  const data = randomBytes(8);
  const probe = toJson(
    await new MessageSignatureBundleBuilder({ signer, witnesses: [tsa] }).create({ data }),
  );
  const identity = new Verifier(TrustMaterial.fromTrustedRoot(servedRoot), { tlog: 0 }).verify(
    probe,
    { data },
  ).signer;
  assert.ok(identity.kind === 'certificate' && identity.identity.issuer);
  policy = {
    certificateIdentity: identity.identity.san.value,
    certificateOidcIssuer: identity.identity.issuer,
  };
});

after(async () => {
  await service?.dispose();
});

describe("Rekor v2 entries that log the leaf certificate's public key", () => {
  let hashed: Fixture;
  let dsse: Fixture;

  before(async () => {
    // hashedrekord 0.0.2: the real service logs a request naming the leaf's SPKI.
    const artifact = randomBytes(256);
    const bundle = toJson(
      await new MessageSignatureBundleBuilder({ signer, witnesses: [tsa] }).create({
        data: artifact,
      }),
    );
    const response = await fetch(`${service.url}/api/v2/log/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        hashedRekordRequestV002: {
          digest: bundle.messageSignature.messageDigest.digest,
          signature: {
            content: bundle.messageSignature.signature,
            verifier: {
              publicKey: {
                rawBytes: parseCertificate(leafOf(bundle)).publicKey.toString('base64'),
              },
              keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            },
          },
        },
      }),
    });
    const answer = await response.text();
    assert.equal(response.status, 201, answer);
    bundle.verificationMaterial.tlogEntries = [JSON.parse(answer)];
    hashed = { bundle, artifact, root: servedRoot };

    // dsse 0.0.2, as rekor-tiles logged DSSE requests: built from protobuf-specs' types and
    // appended to the real log (the service itself logs DSSE requests as hashedrekord).
    const payload = Buffer.from('hello, rekor v2\n');
    const envelope = toJson(
      await new DSSEBundleBuilder({ signer, witnesses: [tsa] }).create({
        data: payload,
        type: 'text/plain',
      }),
    );
    const body = v2Body({
      kind: 'dsse',
      apiVersion: '0.0.2',
      spec: {
        spec: {
          $case: 'dsseV002',
          dsseV002: {
            payloadHash: {
              algorithm: HashAlgorithm.SHA2_256,
              digest: createHash('sha256').update(payload).digest(),
            },
            signatures: [
              {
                content: Buffer.from(envelope.dsseEnvelope.signatures[0].sig as string, 'base64'),
                verifier: keyVerifier(envelope),
              },
            ],
          },
        },
      },
    });
    envelope.verificationMaterial.tlogEntries = [await logged(body, 'dsse', '0.0.2')];
    dsse = { bundle: envelope, artifact: payload, root: servedRoot };
  });

  it('hashedrekord 0.0.2 with the leaf public key verifies', async () => {
    const body = JSON.parse(
      Buffer.from(
        hashed.bundle.verificationMaterial.tlogEntries[0].canonicalizedBody,
        'base64',
      ).toString(),
    );
    assert.ok(body.spec.hashedRekordV002.signature.verifier.publicKey, 'the log kept the key');
    await accepted(hashed);
  });

  it('dsse 0.0.2 with the leaf public key verifies', async () => {
    await accepted(dsse);
  });

  it('dsse 0.0.2 with the leaf certificate verifies', async () => {
    const payload = Buffer.from('logged with its certificate\n');
    const bundle = toJson(
      await new DSSEBundleBuilder({ signer, witnesses: [tsa] }).create({
        data: payload,
        type: 'text/plain',
      }),
    );
    const body = v2Body({
      kind: 'dsse',
      apiVersion: '0.0.2',
      spec: {
        spec: {
          $case: 'dsseV002',
          dsseV002: {
            payloadHash: {
              algorithm: HashAlgorithm.SHA2_256,
              digest: createHash('sha256').update(payload).digest(),
            },
            signatures: [
              {
                content: Buffer.from(bundle.dsseEnvelope.signatures[0].sig as string, 'base64'),
                verifier: {
                  keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
                  verifier: {
                    $case: 'x509Certificate',
                    x509Certificate: { rawBytes: leafOf(bundle) },
                  },
                },
              },
            ],
          },
        },
      },
    });
    bundle.verificationMaterial.tlogEntries = [await logged(body, 'dsse', '0.0.2')];
    await accepted({ bundle, artifact: payload, root: servedRoot });
  });

  it("a logged key other than the leaf's fails TLOG_ENTRY naming the public key", async () => {
    // The body is compared before the inclusion proof, so the changed leaf is caught as such.
    const other = clone(hashed);
    const entry = other.bundle.verificationMaterial.tlogEntries[0];
    const body = JSON.parse(Buffer.from(entry.canonicalizedBody, 'base64').toString());
    const key = body.spec.hashedRekordV002.signature.verifier.publicKey;
    key.rawBytes = new EphemeralSigner().publicKey
      .export({ format: 'der', type: 'spki' })
      .toString('base64');
    entry.canonicalizedBody = Buffer.from(canonicalize(body)).toString('base64');
    await refused(other, 'TLOG_ENTRY', /public key is not the bundle's/);
  });

  it('a dsse 0.0.2 entry for another payload fails TLOG_ENTRY naming the payload hash', async () => {
    const other = clone(dsse);
    const entry = other.bundle.verificationMaterial.tlogEntries[0];
    const body = JSON.parse(Buffer.from(entry.canonicalizedBody, 'base64').toString());
    body.spec.dsseV002.payloadHash.digest = flip(body.spec.dsseV002.payloadHash.digest);
    entry.canonicalizedBody = Buffer.from(canonicalize(body)).toString('base64');
    await refused(other, 'TLOG_ENTRY', /payload hash is not the bundle's/);
  });

  it('a changed inclusion proof of a dsse 0.0.2 entry fails TLOG_INCLUSION', async () => {
    const other = clone(dsse);
    const proof = other.bundle.verificationMaterial.tlogEntries[0].inclusionProof;
    proof.rootHash = flip(proof.rootHash);
    await refused(other, 'TLOG_INCLUSION');
  });

  for (const [pkg, sjs] of SJS) {
    it(`${pkg} verifies both (it compares only the digest and signature of a v2 entry)`, () => {
      sigstoreJs(sjs, hashed);
      sigstoreJs(sjs, dsse);
    });
  }
});

describe('DSSE envelopes whose payload is not an in-toto statement', () => {
  const payload = Buffer.from('release notes for v1.2.3\n');
  let plain: Fixture;

  before(async () => {
    // sigstore-js sends the envelope to Rekor v2, which logs the hashedrekord over its PAE.
    const rekor = new RekorWitness({
      rekorBaseURL: service.url,
      majorApiVersion: 2,
      retry: 0,
      timeout: 30_000,
    });
    const bundle = toJson(
      await new DSSEBundleBuilder({ signer, witnesses: [rekor, tsa] }).create({
        data: payload,
        type: 'text/plain',
      }),
    );
    assert.equal(bundle.verificationMaterial.tlogEntries[0].kindVersion.kind, 'hashedrekord');
    plain = { bundle, artifact: payload, root: servedRoot };
  });

  it('verifies when the artifact is the payload, by its bytes or its digest', async () => {
    await accepted(plain);
    const digest = createHash('sha256').update(payload).digest();
    verifierFor(servedRoot).verify(plain.bundle, {
      digest: { algorithm: 'sha256', value: digest },
    });
  });

  it('fails ARTIFACT_MISMATCH for any other artifact, even one byte longer', async () => {
    const longer = { ...plain, artifact: Buffer.concat([payload, Buffer.from('\n')]) };
    const error = assertFails(
      () => verify(longer),
      'ARTIFACT_MISMATCH',
      /DSSE payload \(text\/plain\)/,
    );
    assert.equal(error.expected, `sha256:${createHash('sha256').update(payload).digest('hex')}`);
    await refused({ ...plain, artifact: randomBytes(payload.length) }, 'ARTIFACT_MISMATCH');
  });

  it('fails SIGNATURE when the payload is changed to the given artifact', async () => {
    const other = Buffer.from('release notes for v6.6.6\n');
    const changed = clone(plain);
    changed.bundle.dsseEnvelope.payload = other.toString('base64');
    await refused({ ...changed, artifact: other }, 'SIGNATURE');
  });

  // sigstore-js checks the envelope's signature and log entry but never compares a DSSE
  // payload with an artifact, so it accepts the bundle with any artifact.
  it('@sigstore/verify 4 verifies it', () => {
    sigstoreJs(SJS[1][1], plain);
  });

  it('@sigstore/verify 3 refuses it: it predates DSSE logged as a hashedrekord over the PAE', () => {
    // It compares the logged digest with the payload's, as for dsse entries; the dsse 0.0.2
    // fixtures above, also text/plain, it verifies.
    assert.throws(() => sigstoreJs(SJS[0][1], plain), /digest mismatch/);
  });
});
