import assert from 'node:assert/strict';
import {
  type KeyObject,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
} from 'node:crypto';
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
import {
  type NodeSource,
  inclusionProof,
  leafHash,
  rootFromLeafHashes,
  rootHash,
} from '../../src/core/merkle.js';
import { toPem } from '../../src/core/pem.js';
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

const toJson = (bundle: SjsBundle): Json =>
  JSON.parse(JSON.stringify(bundleToJSON(bundle))) as Json;
const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();
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

/**
 * A text/plain DSSE bundle logged as rekor-tiles logged DSSE requests (dsse 0.0.2): the body
 * built from protobuf-specs' types and appended to the real log, naming the signer by the
 * leaf's public key or by the leaf (the service itself logs DSSE requests as hashedrekord).
 */
async function dsseV002(payload: Buffer, logs: 'publicKey' | 'x509Certificate'): Promise<Fixture> {
  const bundle = toJson(
    await new DSSEBundleBuilder({ signer, witnesses: [tsa] }).create({
      data: payload,
      type: 'text/plain',
    }),
  );
  const leaf = leafOf(bundle);
  const verifier =
    logs === 'publicKey'
      ? { $case: logs, publicKey: { rawBytes: parseCertificate(leaf).publicKey } }
      : { $case: logs, x509Certificate: { rawBytes: leaf } };
  const body = v2Body({
    kind: 'dsse',
    apiVersion: '0.0.2',
    spec: {
      spec: {
        $case: 'dsseV002',
        dsseV002: {
          payloadHash: { algorithm: HashAlgorithm.SHA2_256, digest: sha256(payload) },
          signatures: [
            {
              content: Buffer.from(bundle.dsseEnvelope.signatures[0].sig as string, 'base64'),
              verifier: { keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, verifier },
            },
          ],
        },
      },
    },
  });
  bundle.verificationMaterial.tlogEntries = [await logged(body, 'dsse', '0.0.2')];
  return { bundle, artifact: payload, root: servedRoot };
}

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

    dsse = await dsseV002(Buffer.from('hello, rekor v2\n'), 'publicKey');
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
    await accepted(await dsseV002(Buffer.from('logged with its certificate\n'), 'x509Certificate'));
  });

  it("a logged key other than the leaf's fails TLOG_ENTRY naming the public key", async () => {
    // The body is compared before the inclusion proof, so the changed leaf is caught as such.
    const other = structuredClone(hashed);
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
    const other = structuredClone(dsse);
    const entry = other.bundle.verificationMaterial.tlogEntries[0];
    const body = JSON.parse(Buffer.from(entry.canonicalizedBody, 'base64').toString());
    body.spec.dsseV002.payloadHash.digest = flip(body.spec.dsseV002.payloadHash.digest);
    entry.canonicalizedBody = Buffer.from(canonicalize(body)).toString('base64');
    await refused(other, 'TLOG_ENTRY', /payload hash is not the bundle's/);
  });

  it('a changed inclusion proof of a dsse 0.0.2 entry fails TLOG_INCLUSION', async () => {
    const other = structuredClone(dsse);
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
    const digest = { algorithm: 'sha256' as const, value: sha256(payload) };
    verifierFor(servedRoot).verify(plain.bundle, { digest });
  });

  it('fails ARTIFACT_MISMATCH for any other artifact, even one byte longer', async () => {
    const longer = { ...plain, artifact: Buffer.concat([payload, Buffer.from('\n')]) };
    const error = assertFails(
      () => verify(longer),
      'ARTIFACT_MISMATCH',
      /DSSE payload \(text\/plain\)/,
    );
    assert.equal(error.expected, `sha256:${sha256(payload).toString('hex')}`);
    await refused({ ...plain, artifact: randomBytes(payload.length) }, 'ARTIFACT_MISMATCH');
  });

  it('fails SIGNATURE when the payload is changed to the given artifact', async () => {
    const other = Buffer.from('release notes for v6.6.6\n');
    const changed = structuredClone(plain);
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

/**
 * A privately run Rekor v1 instance: one tree, an ECDSA P-256 key, checkpoints as Rekor's
 * pkg/util (checkpoint.go, signed_note.go) writes them: origin "<hostname> - <tree ID>",
 * signed under the configured hostname with key hint = the first 4 bytes of SHA-256 of the
 * SPKI and an ASN.1 ECDSA signature over SHA-256 of the text, with the `Timestamp:` line
 * Rekor wrote until December 2023; and signed entry timestamps over the canonical JSON of
 * body, integratedTime, logID (hex) and logIndex.
 */
class RekorV1Instance {
  readonly key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  readonly spki = createPublicKey(this.key).export({ format: 'der', type: 'spki' });
  readonly logId = sha256(this.spki);
  readonly treeId = '3904496407287907110';

  /** `hostname` is what the operator configured as rekor_server.hostname. */
  constructor(readonly hostname: string) {}

  /** The trusted_root.json tlogs entry, naming the instance at `baseUrl`. */
  trusted(baseUrl = `http://${this.hostname}`): Json {
    return {
      baseUrl,
      hashAlgorithm: 'SHA2_256',
      publicKey: {
        rawBytes: this.spki.toString('base64'),
        keyDetails: 'PKIX_ECDSA_P256_SHA_256',
        validFor: { start: '2020-01-01T00:00:00Z' },
      },
      logId: { keyId: this.logId.toString('base64') },
    };
  }

  /** The checkpoint text for a tree, with Rekor's Timestamp line. */
  checkpointText(size: number, root: Buffer, origin = `${this.hostname} - ${this.treeId}`): string {
    const nanos = BigInt(Date.now()) * 1_000_000n;
    return `${origin}\n${size}\n${root.toString('base64')}\nTimestamp: ${nanos}\n`;
  }

  /** A signed note over `text` with one signature line per signer. */
  note(text: string, signers: { name: string; key: KeyObject }[]): string {
    const lines = signers.map(({ name, key }) => {
      const hint = sha256(createPublicKey(key).export({ format: 'der', type: 'spki' }));
      const signature = sign('sha256', Buffer.from(text), key);
      const b64 = Buffer.concat([hint.subarray(0, 4), signature]).toString('base64');
      return `\u2014 ${name} ${b64}\n`;
    });
    return `${text}\n${lines.join('')}`;
  }

  /**
   * Logs `body` among other entries and returns its TransparencyLogEntry as a Rekor v1
   * client puts it in a bundle: promise, and proof with a checkpoint signed by this instance.
   */
  log(body: Buffer, kind: string, version: string): Json {
    const leaves = [...Array.from({ length: 5 }, () => randomBytes(64)), body, randomBytes(64)];
    const hashes = leaves.map(leafHash);
    const nodes: NodeSource = {
      node: (level, index) =>
        rootFromLeafHashes(hashes.slice(index << level, (index + 1) << level)),
    };
    const index = 5;
    const size = leaves.length;
    const root = rootHash(size, nodes);
    const integratedTime = Math.floor(Date.now() / 1000);
    const promise = canonicalize({
      body: body.toString('base64'),
      integratedTime,
      logID: this.logId.toString('hex'),
      logIndex: index,
    });
    return {
      logIndex: String(index),
      logId: { keyId: this.logId.toString('base64') },
      kindVersion: { kind, version },
      integratedTime: String(integratedTime),
      inclusionPromise: {
        signedEntryTimestamp: sign('sha256', Buffer.from(promise), this.key).toString('base64'),
      },
      inclusionProof: {
        logIndex: String(index),
        rootHash: root.toString('base64'),
        treeSize: String(size),
        hashes: inclusionProof(index, size, nodes).map((h) => h.toString('base64')),
        checkpoint: {
          envelope: this.note(this.checkpointText(size, root), [
            { name: this.hostname, key: this.key },
          ]),
        },
      },
      canonicalizedBody: body.toString('base64'),
    };
  }
}

/** The hashedrekord 0.0.1 body Rekor v1 logs for a message signature and its leaf. */
function hashedRekordV001(bundle: Json): Buffer {
  const message = bundle.messageSignature;
  return Buffer.from(
    canonicalize({
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: {
          hash: {
            algorithm: 'sha256',
            value: Buffer.from(message.messageDigest.digest as string, 'base64').toString('hex'),
          },
        },
        signature: {
          content: message.signature,
          publicKey: {
            content: Buffer.from(toPem('CERTIFICATE', leafOf(bundle))).toString('base64'),
          },
        },
      },
    }),
  );
}

/** A keyless bundle whose only log entry is from `instance`, with a root trusting it. */
async function loggedTo(instance: RekorV1Instance, baseUrl?: string): Promise<Fixture> {
  const artifact = randomBytes(128);
  const bundle = toJson(
    await new MessageSignatureBundleBuilder({ signer, witnesses: [] }).create({ data: artifact }),
  );
  const entry = instance.log(hashedRekordV001(bundle), 'hashedrekord', '0.0.1');
  bundle.verificationMaterial.tlogEntries = [entry];
  return { bundle, artifact, root: { ...servedRoot, tlogs: [instance.trusted(baseUrl)] } };
}

describe('Rekor v1 inclusion proofs from a private instance (http://HOST:PORT)', () => {
  const rekor = new RekorV1Instance('localhost:8000');
  let v1: Fixture;

  const checkpointOf = (f: Fixture): Json =>
    f.bundle.verificationMaterial.tlogEntries[0].inclusionProof.checkpoint;

  before(async () => {
    v1 = await loggedTo(rekor);
  });

  it('verifies: the signed entry time is the signing time, the checkpoint is ECDSA-signed', async () => {
    assert.match(
      checkpointOf(v1).envelope,
      /^localhost:8000 - [0-9]+\n7\n.*\nTimestamp: [0-9]+\n\n\u2014 localhost:8000 /s,
    );
    await accepted(v1);
    const [entry] = verify(v1).tlogEntries;
    assert.equal(entry?.baseUrl, 'http://localhost:8000');
    assert.equal(entry?.treeSize, 7);
    assert.ok(entry?.integratedTime);
  });

  it('verifies when the instance signs as its bare hostname', async () => {
    const bare = new RekorV1Instance('localhost');
    await accepted(await loggedTo(bare, 'http://localhost:8000'));
  });

  it('fails CHECKPOINT when a byte of the checkpoint signature changes', async () => {
    const tampered = structuredClone(v1);
    const checkpoint = checkpointOf(tampered);
    const lines = (checkpoint.envelope as string).split('\n');
    const parts = (lines.at(-2) as string).split(' ');
    parts[2] = flip(parts[2] as string);
    lines[lines.length - 2] = parts.join(' ');
    checkpoint.envelope = lines.join('\n');
    await refused(tampered, 'CHECKPOINT', /does not verify/);
  });

  it('fails CHECKPOINT when the Timestamp line changes', async () => {
    const tampered = structuredClone(v1);
    const checkpoint = checkpointOf(tampered);
    checkpoint.envelope = (checkpoint.envelope as string).replace(/Timestamp: 1/, 'Timestamp: 2');
    await refused(tampered, 'CHECKPOINT');
  });

  it('fails CHECKPOINT when another key signs under the instance name', async () => {
    const tampered = structuredClone(v1);
    const checkpoint = checkpointOf(tampered);
    const text = (checkpoint.envelope as string).slice(0, checkpoint.envelope.indexOf('\n\n') + 1);
    const impostor = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    checkpoint.envelope = rekor.note(text, [{ name: rekor.hostname, key: impostor }]);
    await refused(tampered, 'CHECKPOINT', /no signature from a trusted key/);
  });

  it('fails CHECKPOINT for the right key signing another origin', async () => {
    const tampered = structuredClone(v1);
    const proof = tampered.bundle.verificationMaterial.tlogEntries[0].inclusionProof;
    const text = rekor.checkpointText(
      Number(proof.treeSize),
      Buffer.from(proof.rootHash as string, 'base64'),
      `rekor.example.com - ${rekor.treeId}`,
    );
    proof.checkpoint.envelope = rekor.note(text, [{ name: rekor.hostname, key: rekor.key }]);
    await refused(tampered, 'CHECKPOINT', /origin is rekor\.example\.com/);
  });

  it('fails CHECKPOINT when the trusted root names the log at another port', async () => {
    await refused(
      { ...v1, root: { ...servedRoot, tlogs: [rekor.trusted('http://localhost:8001')] } },
      'CHECKPOINT',
    );
  });

  it('fails TLOG_PROMISE for a changed signed entry timestamp', async () => {
    const tampered = structuredClone(v1);
    const promise = tampered.bundle.verificationMaterial.tlogEntries[0].inclusionPromise;
    promise.signedEntryTimestamp = flip(promise.signedEntryTimestamp, 3);
    await refused(tampered, 'TLOG_PROMISE');
  });

  it('fails TLOG_INCLUSION for a changed proof hash', async () => {
    const tampered = structuredClone(v1);
    const proof = tampered.bundle.verificationMaterial.tlogEntries[0].inclusionProof;
    proof.hashes[0] = flip(proof.hashes[0]);
    await refused(tampered, 'TLOG_INCLUSION');
  });

  for (const [pkg, sjs] of SJS) {
    it(`${pkg} verifies it`, () => {
      sigstoreJs(sjs, v1);
    });
  }
});

/**
 * protobuf-specs marks InclusionProof.checkpoint REQUIRED (sigstore_rekor.proto) and lets a
 * v0.1 bundle carry a promise without a proof (sigstore_bundle.proto); sigstore-go refuses a
 * proof without a checkpoint in any bundle version ("inclusion proof missing required
 * checkpoint"), as sigstore-python does. So does Signet: a v0.1 entry proves inclusion by its
 * promise alone or by a proof with its checkpoint, never by a proof reaching an unsigned root.
 */
describe('v0.1 bundles whose inclusion proof has no checkpoint', () => {
  let v01: Fixture;

  before(async () => {
    const f = await loggedTo(new RekorV1Instance('rekor.internal.example:3000'));
    const material = f.bundle.verificationMaterial;
    material.x509CertificateChain ??= { certificates: [material.certificate] };
    delete material.certificate;
    f.bundle.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
    v01 = f;
  });

  const withProof = (change: (proof: Json) => void): Fixture => {
    const f = structuredClone(v01);
    const entry = f.bundle.verificationMaterial.tlogEntries[0];
    change(entry.inclusionProof);
    return f;
  };

  it('verifies with a promise and a proof with its checkpoint', async () => {
    await accepted(v01);
  });

  it('verifies with a promise and no proof', async () => {
    const f = structuredClone(v01);
    delete f.bundle.verificationMaterial.tlogEntries[0].inclusionProof;
    await accepted(f);
  });

  it('fails BUNDLE_INVALID with a proof but no checkpoint', async () => {
    const f = withProof((proof) => delete proof.checkpoint);
    await refused(f, 'BUNDLE_INVALID', /tlogEntries\[0\]\.inclusionProof\.checkpoint is missing/);
  });

  for (const [pkg, sjs] of SJS) {
    it(`${pkg} agrees on all three`, () => {
      sigstoreJs(sjs, v01);
      const promiseOnly = structuredClone(v01);
      delete promiseOnly.bundle.verificationMaterial.tlogEntries[0].inclusionProof;
      sigstoreJs(sjs, promiseOnly);
      // It refuses the third by accident: a TypeError reading the missing checkpoint.
      assert.throws(
        () =>
          sigstoreJs(
            sjs,
            withProof((proof) => delete proof.checkpoint),
          ),
        /reading 'envelope'/,
      );
    });
  }
});
