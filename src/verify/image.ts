import { IN_TOTO_PAYLOAD_TYPE } from '../bundle/intoto.js';
import { BundleError, parseBundle } from '../bundle/parse.js';
import { OciError } from '../oci/error.js';
import { listReferrers } from '../oci/referrers.js';
import type { Descriptor, Registry } from '../oci/registry.js';
import { VerifyError } from './error.js';
import type { VerificationResult } from './verifier.js';

/**
 * The Sigstore bundles attached to an image, found as cosign v3's `verify` finds them
 * (pkg/cosign/verify.go GetBundles, pkg/oci/remote/signatures.go Bundle): every referrer of the
 * digest, by the referrers API or the fallback tag; of those, the ones whose artifact type is a
 * Sigstore bundle, whose manifest has this digest as its subject and exactly one bundle layer.
 * Other referrers (SBOMs, other tools' artifacts) are not this verifier's business and are
 * skipped. Which bundle satisfies a required signature is then decided by verifying it: its
 * statement must name the digest, whatever the registry's index or annotations claim.
 */

/** Bundles are a few KiB; an attestation with a large predicate, a few MiB at most. */
export const MAX_ATTACHED_BUNDLE_BYTES = 16 * 1024 * 1024;
/** Bundle referrers of one image read at most (each is a manifest and a blob fetched). */
export const MAX_ATTACHED_BUNDLES = 64;

const BUNDLE_TYPE_PREFIX = 'application/vnd.dev.sigstore.bundle';

/** An image as verified: its repository and the digest a reference resolved to. */
export interface ImageSubject {
  registry: Registry;
  repository: string;
  digest: string;
  /** `oci://host/repo@sha256:…` */
  name: string;
}

export interface AttachedBundle {
  /** The referrer manifest, `oci://host/repo@sha256:…`. */
  source: string;
  /** The bundle JSON; nothing in it is trusted until it verifies. */
  json: unknown;
  kind: 'keyless' | 'key';
  /** The in-toto statement's predicate type (unverified), for DSSE in-toto bundles. */
  predicateType?: string;
}

/** A bundle referrer that cannot be used, and why (shown when no bundle satisfies a signature). */
export interface UnusableReferrer {
  source: string;
  problem: string;
}

export interface AttachedBundles {
  bundles: AttachedBundle[];
  unusable: UnusableReferrer[];
}

const referrerName = (image: ImageSubject, digest: string): string =>
  image.name.replace(/@sha256:[0-9a-f]{64}$/, `@${digest}`);

export async function fetchAttachedBundles(image: ImageSubject): Promise<AttachedBundles> {
  const referrers = (await listReferrers(image.registry, image.repository, image.digest)).filter(
    (d) => d.artifactType?.startsWith(BUNDLE_TYPE_PREFIX) === true,
  );
  if (referrers.length > MAX_ATTACHED_BUNDLES) {
    throw new VerifyError(
      'BUNDLE_INVALID',
      `${image.name} has ${referrers.length} Sigstore bundles attached, more than the ${MAX_ATTACHED_BUNDLES} read`,
      { check: 'image bundles' },
    );
  }
  const read = await Promise.all(referrers.map((d) => readReferrer(image, d)));
  return {
    bundles: read.filter((r): r is AttachedBundle => 'json' in r),
    unusable: read.filter((r): r is UnusableReferrer => 'problem' in r),
  };
}

async function readReferrer(
  image: ImageSubject,
  descriptor: Descriptor,
): Promise<AttachedBundle | UnusableReferrer> {
  const source = referrerName(image, descriptor.digest);
  const unusable = (problem: string): UnusableReferrer => ({ source, problem });
  let manifest;
  try {
    manifest = await image.registry.resolve(image.repository, descriptor.digest);
  } catch (error) {
    if (error instanceof OciError && error.code === 'NOT_FOUND') {
      return unusable('listed as a referrer, but the registry does not have it');
    }
    throw error;
  }
  const subject = (manifest.json.subject as { digest?: unknown } | undefined)?.digest;
  if (subject !== image.digest) {
    return unusable(`its subject is ${String(subject)}, not ${image.digest}`);
  }
  const layers = Array.isArray(manifest.json.layers) ? (manifest.json.layers as unknown[]) : [];
  const layer = layers[0] as Partial<Descriptor> | undefined;
  if (
    layers.length !== 1 ||
    typeof layer?.mediaType !== 'string' ||
    !layer.mediaType.startsWith(BUNDLE_TYPE_PREFIX) ||
    typeof layer.digest !== 'string' ||
    typeof layer.size !== 'number'
  ) {
    return unusable('it does not hold exactly one Sigstore bundle layer');
  }
  const bytes = await image.registry.fetchBlob(
    image.repository,
    layer as Descriptor,
    MAX_ATTACHED_BUNDLE_BYTES,
  );
  let json: unknown;
  let bundle;
  try {
    json = JSON.parse(bytes.toString('utf8'));
    bundle = parseBundle(json);
  } catch (error) {
    if (!(error instanceof SyntaxError || error instanceof BundleError)) throw error;
    return unusable(`its bundle is unreadable: ${error.message}`);
  }
  const found: AttachedBundle = {
    source,
    json,
    kind: bundle.signer.kind === 'certificate' ? 'keyless' : 'key',
  };
  const { content } = bundle;
  if (content.kind === 'dsseEnvelope' && content.payloadType === IN_TOTO_PAYLOAD_TYPE) {
    try {
      const type = (JSON.parse(content.payload.toString('utf8')) as { predicateType?: unknown })
        .predicateType;
      if (typeof type === 'string') found.predicateType = type;
    } catch {
      // Left without a type: it cannot be what a requirement asks for.
    }
  }
  return found;
}

/** What a required signature asks of an image's bundles. */
export interface WantedBundle {
  kind: 'keyless' | 'key';
  /** The statement's predicate type: cosign's sign predicate, or an attestation's. */
  predicateType: string;
  /** What it is, for messages: "image signature", "attestation". */
  what: string;
}

export interface VerifiedAttachment {
  source: string;
  result: VerificationResult;
}

/**
 * The first of the image's bundles of the wanted kind and predicate type that `verify`
 * accepts. None attached is BUNDLE_MISSING; when all fail, the first one's failure is thrown,
 * naming its referrer, and a bundle whose statement is about another digest says so plainly.
 */
export function verifyAttached(
  image: ImageSubject,
  attached: AttachedBundles,
  wanted: WantedBundle,
  verify: (json: unknown) => VerificationResult,
): VerifiedAttachment {
  const candidates = attached.bundles.filter(
    (b) => b.kind === wanted.kind && b.predicateType === wanted.predicateType,
  );
  if (candidates.length === 0) {
    const others = [
      ...attached.bundles.map(
        (b) => `${b.source}: a ${b.kind} bundle of ${b.predicateType ?? 'no in-toto statement'}`,
      ),
      ...attached.unusable.map((u) => `${u.source}: ${u.problem}`),
    ];
    throw new VerifyError(
      'BUNDLE_MISSING',
      `no ${wanted.kind} ${wanted.what} (${wanted.predicateType}) is attached to ${image.name}${others.length > 0 ? `; attached: ${others.join('; ')}` : ''}`,
      {
        check: 'image bundles',
        expected: `a ${wanted.kind} bundle of ${wanted.predicateType}`,
        actual: others.length > 0 ? `${others.length} other referrers` : 'no Sigstore bundles',
      },
    );
  }
  const failures: VerifyError[] = [];
  for (const candidate of candidates) {
    try {
      return { source: candidate.source, result: verify(candidate.json) };
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error;
      failures.push(attachmentError(image, candidate, error));
    }
  }
  const first = failures[0] as VerifyError;
  if (failures.length === 1) throw first;
  throw new VerifyError(
    first.code,
    `${first.message} (and ${failures.length - 1} more ${wanted.kind} bundles of ${wanted.predicateType} attached, none verified)`,
    {
      check: first.check,
      ...(first.expected !== undefined && { expected: first.expected }),
      ...(first.actual !== undefined && { actual: first.actual }),
      cause: first,
    },
  );
}

function attachmentError(
  image: ImageSubject,
  candidate: AttachedBundle,
  error: VerifyError,
): VerifyError {
  const message =
    error.code === 'ARTIFACT_MISMATCH'
      ? `the ${candidate.kind} bundle attached as ${candidate.source} is for another image: its statement's subject is ${error.expected ?? 'another digest'}, not ${image.digest}; it was attached to the wrong image`
      : `${candidate.source}: ${error.message}`;
  return new VerifyError(error.code, message, {
    check: error.check,
    ...(error.expected !== undefined && { expected: error.expected }),
    ...(error.actual !== undefined && { actual: error.actual }),
    cause: error,
  });
}
