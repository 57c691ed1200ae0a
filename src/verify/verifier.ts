import { createHash, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readIdentity } from '../ca/extensions.js';
import type { CertificateIdentity } from '../ca/extensions.js';
import { CoreError, SignetError } from '../core/error.js';
import { parseCertificate, spkiOf } from '../core/x509.js';
import type { Certificate } from '../core/x509.js';
import { pae } from '../tlog/rekor.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../bundle/intoto.js';
import { BundleError, isParsedBundle, parseBundle } from '../bundle/parse.js';
import type { Bundle, SignedContent } from '../bundle/parse.js';
import { type AttestationPolicy, checkAttestation } from './attestation.js';
import { LeafVerifier } from './certificate.js';
import { VerifyError } from './error.js';
import { digestFor, signerKey, verifyDigest } from './key.js';
import type { SignerKey } from './key.js';
import { checkPolicy } from './policy.js';
import type { IdentityPolicy } from './policy.js';
import { checkTimestampThreshold, verifyTimestamps } from './timestamps.js';
import type { VerifiedTimestamp } from './timestamps.js';
import { verifyPromise, verifyTlogEntry } from './tlog.js';
import type { VerifiedTlogEntry } from './tlog.js';
import type { TrustMaterial } from './trust.js';

/**
 * `signet verify`'s engine: one Verifier per trust root, reused for every bundle. Checks run
 * in a fixed order and the first failure is thrown as a VerifyError naming its check:
 *
 * 1. bundle shape (BUNDLE_INVALID)
 * 2. artifact: the bundle signs this artifact (ARTIFACT_MISMATCH)
 * 3. signature over the digest or DSSE PAE with the signer's key (SIGNATURE, PUBLIC_KEY)
 * 4. RFC 3161 timestamps over the signature by trusted TSAs (TIMESTAMP_INVALID)
 * 5. enough log entries (TLOG_MISSING), and the Rekor v1 entries with a signed entry
 *    timestamp among them: the logged entry is the bundle's, the log trusted (TLOG_ENTRY),
 *    the promise signed by it (TLOG_PROMISE); with the RFC 3161 times their integratedTimes
 *    are the signing times, of which the bundle needs enough (TIMESTAMP_MISSING)
 * 6. certificate chain to a trusted CA valid at those times, and the leaf valid at them
 *    (CERTIFICATE_CHAIN, TIMESTAMP_OUTSIDE_CERTIFICATE)
 * 7. embedded SCTs from trusted CT logs (SCT_MISSING, SCT_INVALID)
 * 8. transparency log entries: the body of those without a promise, inclusion proofs,
 *    signed checkpoints (TLOG_ENTRY, TLOG_INCLUSION, CHECKPOINT)
 * 9. identity policy (POLICY)
 * 10. for an attestation, its predicate type and conditions (POLICY, src/verify/attestation.ts)
 *
 * The signature comes before the timestamp and tlog checks although they are what prove when
 * and that it was published: both cover the signature bytes, so a changed signature would
 * otherwise be reported as a timestamp or log mismatch instead of as what it is. Without a
 * promise the logged body is compared after the chain for the same reason: it records the
 * certificate.
 */

export interface Thresholds {
  /** Embedded SCTs from trusted CT logs a keyless certificate needs. */
  ctlog: number;
  /** Verified transparency-log entries a bundle needs. */
  tlog: number;
  /**
   * Verified signing times a bundle needs: RFC 3161 timestamps and Rekor v1 signed entry
   * timestamps count alike (Rekor v2 entries carry no signed time).
   */
  timestamp: number;
}

/** sigstore-js's defaults: a missing SCT, log entry or timestamp fails verification. */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = { ctlog: 1, tlog: 1, timestamp: 1 };

export interface Artifact {
  data?: Uint8Array;
  digest?: { algorithm: 'sha256'; value: Uint8Array };
}

/** The pin for a public-key (KMS or file key) bundle: the key it must be signed with. */
export interface KeyPolicy {
  /** PEM text, DER SubjectPublicKeyInfo, or a KeyObject. */
  publicKey: string | Uint8Array | KeyObject;
}

export type Signer =
  | { kind: 'certificate'; identity: CertificateIdentity; certificate: Certificate; ca: string }
  | { kind: 'publicKey'; hint: string; spki: Buffer };

export interface VerificationResult {
  signer: Signer;
  /** The verified RFC 3161 signing times and who vouched for them. */
  timestamps: VerifiedTimestamp[];
  tlogEntries: VerifiedTlogEntry[];
  bundle: Bundle;
}

const NODE_HASH = { SHA2_256: 'sha256', SHA2_384: 'sha384', SHA2_512: 'sha512' } as const;

function readBundle(input: unknown): Bundle {
  if (isParsedBundle(input)) return input;
  try {
    return parseBundle(input);
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    throw new VerifyError('BUNDLE_INVALID', error.message, { check: 'bundle', cause: error });
  }
}

function keyOf(publicKey: KeyPolicy['publicKey']): Buffer {
  try {
    const key =
      typeof publicKey === 'string'
        ? createPublicKey(publicKey)
        : publicKey instanceof Uint8Array
          ? createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' })
          : publicKey;
    return spkiOf(key);
  } catch (error) {
    throw new VerifyError('PUBLIC_KEY', 'public key: the given key is not a readable public key', {
      check: 'public key',
      cause: error,
    });
  }
}

const mismatch = (message: string, expected: string, actual: string): VerifyError =>
  new VerifyError('ARTIFACT_MISMATCH', `artifact: ${message}`, {
    check: 'artifact',
    expected,
    actual,
  });

function checkMessageArtifact(
  content: Extract<SignedContent, { kind: 'messageSignature' }>,
  artifact: Artifact,
): void {
  const signed = content.digest.value.toString('hex');
  if (artifact.data !== undefined) {
    const actual = createHash(NODE_HASH[content.digest.algorithm])
      .update(artifact.data)
      .digest('hex');
    if (actual !== signed) {
      throw mismatch(
        `the bundle signs ${content.digest.algorithm} ${signed}, the artifact's is ${actual}`,
        signed,
        actual,
      );
    }
  } else if (artifact.digest !== undefined) {
    if (content.digest.algorithm !== 'SHA2_256') {
      throw mismatch(
        `the bundle signs a ${content.digest.algorithm} digest; give the artifact itself`,
        content.digest.algorithm,
        'SHA2_256',
      );
    }
    const actual = Buffer.from(artifact.digest.value).toString('hex');
    if (actual !== signed) {
      throw mismatch(
        `the bundle signs sha256 ${signed}, the given digest is ${actual}`,
        signed,
        actual,
      );
    }
  } else {
    throw mismatch(
      'a message-signature bundle needs the artifact or its digest',
      'an artifact',
      'none',
    );
  }
}

/**
 * An in-toto statement must name the artifact among its subjects. Any other payload (e.g.
 * text/plain) is itself what was signed, so it must hash to the artifact's SHA-256 (of its
 * bytes, or the given digest). sigstore-js verifies the envelope without looking at an artifact;
 * sigstore-go and sigstore-python take only in-toto payloads with one.
 */
function checkDsseArtifact(
  content: Extract<SignedContent, { kind: 'dsseEnvelope' }>,
  artifact: Artifact,
): void {
  const sha256 =
    artifact.data !== undefined
      ? createHash('sha256').update(artifact.data).digest('hex')
      : artifact.digest !== undefined
        ? Buffer.from(artifact.digest.value).toString('hex')
        : undefined;
  if (sha256 === undefined) return;
  if (content.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    const payload = createHash('sha256').update(content.payload).digest('hex');
    if (payload !== sha256) {
      throw mismatch(
        `the DSSE payload (${content.payloadType}) is not the artifact`,
        `sha256:${payload}`,
        `sha256:${sha256}`,
      );
    }
    return;
  }
  let subjects: unknown;
  try {
    subjects = (JSON.parse(content.payload.toString('utf8')) as { subject?: unknown }).subject;
  } catch {
    throw mismatch(
      'the in-toto statement is not JSON',
      'an in-toto statement',
      'unparseable payload',
    );
  }
  // npm provenance names its tarball by sha512 only; other statements use sha256. With the
  // artifact's bytes either may match; with a given sha256 digest, only sha256 subjects can.
  const named = (Array.isArray(subjects) ? subjects : []).map(
    (s) =>
      ((s as { digest?: Record<string, unknown> } | null)?.digest ?? {}) as Record<string, unknown>,
  );
  const matches = (algorithm: 'sha256' | 'sha512', ours: string): boolean =>
    named.some((d) => typeof d[algorithm] === 'string' && d[algorithm].toLowerCase() === ours);
  if (matches('sha256', sha256)) return;
  if (
    artifact.data !== undefined &&
    matches('sha512', createHash('sha512').update(artifact.data).digest('hex'))
  ) {
    return;
  }
  const listed = named.flatMap((d) =>
    (['sha256', 'sha512'] as const).flatMap((a) =>
      typeof d[a] === 'string' ? [`${a}:${d[a]}`] : [],
    ),
  );
  throw mismatch(
    'the artifact is not a subject of the in-toto statement',
    listed.join(', ') || '(no sha256 or sha512 subjects)',
    `sha256:${sha256}`,
  );
}

/** What the signature covers, hashed with the signer key's hash. */
function signedDigest(content: SignedContent, key: SignerKey): Buffer {
  if (content.kind === 'messageSignature') return content.digest.value;
  return digestFor(key, pae(content.payloadType, content.payload));
}

const certificateError = (error: unknown): VerifyError =>
  new VerifyError(
    'CERTIFICATE_CHAIN',
    `certificate chain: the signing certificate is malformed: ${(error as Error).message}`,
    {
      check: 'certificate chain',
      cause: error,
    },
  );

export class Verifier {
  readonly trust: TrustMaterial;
  readonly thresholds: Readonly<Thresholds>;
  readonly #leaves: LeafVerifier;

  constructor(trust: TrustMaterial, thresholds: Partial<Thresholds> = {}) {
    this.trust = trust;
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
    this.#leaves = new LeafVerifier(trust);
  }

  /**
   * Verifies a bundle (JSON as parsed, or `parseBundle`'s result) for an artifact. Keyless
   * bundles are checked against `policy` when it is an IdentityPolicy; public-key bundles need
   * a KeyPolicy naming the key. With `attestation`, the bundle must be an in-toto attestation
   * of that predicate type meeting its conditions.
   */
  verify(
    input: unknown,
    artifact: Artifact,
    policy?: IdentityPolicy | KeyPolicy,
    attestation?: AttestationPolicy,
  ): VerificationResult {
    const bundle = readBundle(input);
    const { content } = bundle;

    // The signer's key: the leaf's, or the pinned one for a public-key bundle.
    let leaf: Certificate | undefined;
    let spki: Buffer;
    let hint = '';
    if (bundle.signer.kind === 'certificate') {
      try {
        leaf = parseCertificate(bundle.signer.chain[0] as Buffer);
      } catch (error) {
        if (!(error instanceof CoreError)) throw error;
        throw certificateError(error);
      }
      if (policy && 'publicKey' in policy) {
        throw new VerifyError(
          'PUBLIC_KEY',
          'public key: a public key is pinned but the bundle is signed with a certificate',
          {
            check: 'public key',
            expected: 'a public-key bundle',
            actual: 'a keyless (certificate) bundle',
          },
        );
      }
      spki = leaf.publicKey;
    } else {
      if (!policy || !('publicKey' in policy)) {
        throw new VerifyError(
          'PUBLIC_KEY',
          `public key: the bundle is signed with a public key (hint ${JSON.stringify(bundle.signer.hint)}); give the key to verify it`,
          {
            check: 'public key',
          },
        );
      }
      spki = keyOf(policy.publicKey);
      hint = bundle.signer.hint;
    }
    const key = signerKey(spki);

    if (content.kind === 'messageSignature') checkMessageArtifact(content, artifact);
    else checkDsseArtifact(content, artifact);

    const digest = signedDigest(content, key);
    if (!verifyDigest(key, digest, content.signature)) {
      throw new VerifyError(
        'SIGNATURE',
        content.kind === 'messageSignature'
          ? 'signature: the signature does not verify over the artifact digest with the signer key'
          : 'signature: the DSSE signature does not verify over the envelope with the signer key',
        { check: 'signature' },
      );
    }

    const timestamps = verifyTimestamps(this.trust, bundle.timestamps, content.signature);
    if (bundle.tlogEntries.length < this.thresholds.tlog) {
      throw new VerifyError(
        'TLOG_MISSING',
        `transparency log: the bundle has ${bundle.tlogEntries.length} log entries, at least ${this.thresholds.tlog} required`,
        {
          check: 'transparency log',
          expected: `at least ${this.thresholds.tlog}`,
          actual: String(bundle.tlogEntries.length),
        },
      );
    }
    const logged = {
      content,
      digest,
      signature: content.signature,
      key,
      ...(leaf ? { certificate: leaf.der } : {}),
    };
    const promised = bundle.tlogEntries.map((entry) => verifyPromise(this.trust, entry, logged));
    const integratedTimes = promised.filter((t): t is Date => t !== undefined);
    checkTimestampThreshold(timestamps.length, integratedTimes.length, this.thresholds.timestamp);
    const verifiedTimes = [...timestamps.map((t) => t.genTime), ...integratedTimes];
    // Without a verified time (threshold 0) the only time left to judge validity at is now.
    const signingTimes = verifiedTimes.length > 0 ? verifiedTimes : [new Date()];

    let signer: Signer;
    if (leaf) {
      let ca;
      let identity: CertificateIdentity;
      try {
        ca = this.#leaves.verifyChain(leaf, signingTimes);
        identity = readIdentity(leaf);
      } catch (error) {
        // Both decode the leaf's extensions. A Signet error that is not a verdict is a decoding
        // failure (malformed DER, not exactly one SAN), whichever module defines it.
        if (error instanceof VerifyError || !(error instanceof SignetError)) throw error;
        throw certificateError(error);
      }
      if (this.thresholds.ctlog > 0) this.#leaves.verifyScts(leaf, this.thresholds.ctlog);
      signer = { kind: 'certificate', identity, certificate: leaf, ca: ca.uri };
    } else {
      signer = { kind: 'publicKey', hint, spki };
    }

    const tlogEntries = bundle.tlogEntries.map((entry, i) =>
      verifyTlogEntry(this.trust, entry, logged, signingTimes, promised[i]),
    );

    if (signer.kind === 'certificate' && policy && !('publicKey' in policy)) {
      checkPolicy(signer.identity, policy);
    }
    if (attestation !== undefined) checkAttestation(content, attestation);
    return { signer, timestamps, tlogEntries, bundle };
  }
}
