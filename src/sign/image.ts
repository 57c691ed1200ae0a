import { BUNDLE_V03_MEDIA_TYPE } from '../bundle/bundle.js';
import {
  COSIGN_SIGN_PREDICATE_TYPE,
  IN_TOTO_STATEMENT_V1,
  type InTotoStatement,
} from '../bundle/intoto.js';
import { type ImageReference, formatImageReference } from '../oci/reference.js';
import { ANNOTATIONS, attachReferrer } from '../oci/referrers.js';
import { type Descriptor, MEDIA_TYPES, type Manifest, type Registry } from '../oci/registry.js';
import { SignError } from './error.js';
import type { SignedStatement } from './statement.js';

/**
 * Container images as signing subjects: a reference resolved to the digest that is signed (a
 * tag once, with the caller told), the statement cosign v3 signs for an image, and the bundle
 * attached as an OCI 1.1 referrer as cosign's specs/BUNDLE_SPEC.md lays it out.
 */

/** A manifest or index to sign, as the registry holds it. */
export interface ResolvedImage {
  registry: Registry;
  repository: string;
  /** The manifest's descriptor: the referrer's subject. */
  subject: Descriptor;
  /** `oci://host/repo@sha256:…`, what messages and outputs name. */
  name: string;
}

const INDEX_TYPES: readonly string[] = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList];

/** The most manifests `--recursive` signs under one index (nested indexes included). */
export const MAX_RECURSIVE_MANIFESTS = 256;

export interface ResolveOptions {
  /** An index's platform manifests too (and theirs, for nested indexes). */
  recursive?: boolean;
  /** Told when a tag was resolved: the digest is what gets signed, not the tag. */
  onTag?: (tag: string, digest: string) => void;
}

/** What `reference` names now, as one image, or with `recursive` an index and its manifests. */
export async function resolveImage(
  registry: Registry,
  reference: ImageReference,
  options: ResolveOptions = {},
): Promise<ResolvedImage[]> {
  const { repository } = reference;
  const wanted = reference.digest ?? (reference.tag as string);
  const top = await registry.resolve(repository, wanted);
  if (reference.digest === undefined) options.onTag?.(wanted, top.digest);
  const resolved = new Map<string, ResolvedImage>();
  const add = (manifest: Manifest): void => {
    resolved.set(manifest.digest, {
      registry,
      repository,
      subject: { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size },
      name: formatImageReference(reference, manifest.digest),
    });
  };
  add(top);
  if (options.recursive !== true) return [...resolved.values()];
  const pending = [top];
  for (let manifest = pending.shift(); manifest; manifest = pending.shift()) {
    if (!INDEX_TYPES.includes(manifest.mediaType)) continue;
    for (const child of childDigests(manifest, formatImageReference(reference, manifest.digest))) {
      if (resolved.has(child)) continue;
      if (resolved.size >= MAX_RECURSIVE_MANIFESTS) {
        throw new SignError(
          'OPTIONS_INVALID',
          `${formatImageReference(reference, top.digest)} holds more than ${MAX_RECURSIVE_MANIFESTS} manifests; sign them in smaller groups`,
        );
      }
      // Fetched, not only named: a platform the index lists but the repository lacks fails here.
      const fetched = await registry.resolve(repository, child);
      add(fetched);
      pending.push(fetched);
    }
  }
  return [...resolved.values()];
}

function childDigests(index: Manifest, name: string): string[] {
  const manifests = index.json.manifests;
  const digests = Array.isArray(manifests)
    ? manifests.map((m) => (m as { digest?: unknown } | null)?.digest)
    : [];
  if (digests.some((d) => typeof d !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(d))) {
    throw new SignError(
      'OPTIONS_INVALID',
      `the index ${name} lists a manifest without a sha256 digest, so --recursive cannot sign it`,
    );
  }
  return digests as string[];
}

/**
 * The statement `cosign sign --new-bundle-format` signs (cosign cmd/cosign/cli/sign/sign.go,
 * signDigestBundle): one subject, the manifest digest with no name and empty annotations, and
 * an empty predicate.
 */
export function imageSignatureStatement(digest: string): InTotoStatement {
  const [algorithm, hex] = digest.split(':') as [string, string];
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [{ digest: { [algorithm]: hex }, annotations: {} }],
    predicateType: COSIGN_SIGN_PREDICATE_TYPE,
    predicate: {},
  };
}

/**
 * Attaches a signed statement's bundle to its image as cosign does
 * (pkg/oci/remote/write.go, WriteAttestationNewBundleFormat): artifactType and layer media type
 * the bundle's, annotations `dev.sigstore.bundle.content: dsse-envelope` and the statement's
 * predicate type. Returns the referrer manifest's descriptor.
 */
export function attachBundle(image: ResolvedImage, signed: SignedStatement): Promise<Descriptor> {
  return attachReferrer(image.registry, image.repository, image.subject, {
    artifactType: BUNDLE_V03_MEDIA_TYPE,
    layerMediaType: BUNDLE_V03_MEDIA_TYPE,
    layer: Buffer.from(JSON.stringify(signed.bundle)),
    annotations: {
      [ANNOTATIONS.bundleContent]: 'dsse-envelope',
      [ANNOTATIONS.bundlePredicateType]: signed.statement.predicateType,
    },
  });
}
