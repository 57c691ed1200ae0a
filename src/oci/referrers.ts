import { setTimeout as sleep } from 'node:timers/promises';
import { OciError } from './error.js';
import { DIGEST } from './reference.js';
import {
  DEFAULT_MAX_MANIFEST_BYTES,
  type Descriptor,
  MEDIA_TYPES,
  type Registry,
  sha256Digest,
} from './registry.js';

/**
 * Artifacts attached to an image as OCI 1.1 referrers, laid out as cosign's BUNDLE_SPEC.md
 * stores Sigstore bundles: a manifest with an `artifactType`, the empty config, the artifact as
 * its one layer and the signed manifest as its `subject`. A registry with the referrers API
 * lists it by itself (it answers the push with OCI-Subject); on one without, the client keeps
 * the index under the referrers tag (`sha256-<hex>`) itself (distribution-spec, "Pushing
 * Manifests with Subject").
 *
 * Registries offer no compare-and-swap on a tag, so two writers updating one fallback index
 * can each overwrite the other's entry. Writers here bound the race: an index read more than
 * `writeWindowMs` ago is read again rather than written back, so any write based on a read
 * that missed an entry lands within that window after the entry; each writer reads the index
 * again once the window (plus a margin) has passed since its write, and starts over if its
 * entry is gone. Writers in one process (the two halves of a dual signature) also take turns.
 */

export const ANNOTATIONS = {
  created: 'org.opencontainers.image.created',
  title: 'org.opencontainers.image.title',
  bundleContent: 'dev.sigstore.bundle.content',
  bundlePredicateType: 'dev.sigstore.bundle.predicateType',
} as const;

/** The OCI empty descriptor's content (image-spec, "Guidance for an empty descriptor"). */
const EMPTY_JSON = Buffer.from('{}');
export const EMPTY_DESCRIPTOR: Descriptor = {
  mediaType: MEDIA_TYPES.ociEmpty,
  digest: sha256Digest(EMPTY_JSON),
  size: EMPTY_JSON.length,
};

/**
 * A fallback index read longer ago than this (from the start of the read) is read again
 * instead of written back. Above a manifest read and write to a distant registry (~100-300 ms),
 * short because a signer waits `DEFAULT_FALLBACK_SETTLE_MS` after each write.
 */
export const DEFAULT_FALLBACK_WRITE_WINDOW_MS = 400;
/** After writing the fallback index, how long before reading it again to confirm the entry. */
export const DEFAULT_FALLBACK_SETTLE_MS = 600;
/** Writes of the fallback index before CONFLICT. */
export const DEFAULT_FALLBACK_ATTEMPTS = 10;
/** First backoff between attempts, doubled per attempt up to 16 times this, with full jitter. */
export const FALLBACK_BACKOFF_MS = 100;
/** Pages of a referrers API answer followed (Link rel="next"). */
export const MAX_REFERRER_PAGES = 16;

export interface ReferrerArtifact {
  artifactType: string;
  layerMediaType: string;
  layer: Buffer;
  /** Manifest annotations; `org.opencontainers.image.created` is added when absent. */
  annotations: Record<string, string>;
}

export interface FallbackOptions {
  writeWindowMs?: number;
  settleMs?: number;
  attempts?: number;
}

/** The referrers tag schema's tag for a sha256 digest. */
export const referrersTag = (digest: string): string => digest.replace(':', '-');

/** RFC 3339 in UTC to the second, as cosign writes `org.opencontainers.image.created`. */
export const createdAnnotation = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

/** The referrer manifest, field by field as cosign writes it (pkg/oci/remote WriteReferrer). */
export function buildReferrerManifest(
  subject: Descriptor,
  artifactType: string,
  layer: Descriptor,
  annotations: Record<string, string>,
): Buffer {
  const isBundle = layer.mediaType.startsWith('application/vnd.dev.sigstore.bundle');
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    artifactType,
    config: { ...EMPTY_DESCRIPTOR, artifactType },
    layers: [
      {
        mediaType: layer.mediaType,
        digest: layer.digest,
        size: layer.size,
        // BUNDLE_SPEC's optional file name for tools that save layers (oras pull).
        ...(isBundle && {
          annotations: { [ANNOTATIONS.title]: `${referrersTag(layer.digest)}.sigstore.json` },
        }),
      },
    ],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations,
  };
  return Buffer.from(JSON.stringify(manifest));
}

/** Pushes the artifact, its manifest and (without the referrers API) its fallback index entry. */
export async function attachReferrer(
  registry: Registry,
  repository: string,
  subject: Descriptor,
  artifact: ReferrerArtifact,
  options: FallbackOptions = {},
): Promise<Descriptor> {
  if (!DIGEST.test(subject.digest)) {
    throw new OciError(
      'REFERENCE_INVALID',
      `"${subject.digest.slice(0, 200)}" is not a sha256 digest`,
    );
  }
  const annotations = {
    ...artifact.annotations,
    [ANNOTATIONS.created]:
      artifact.annotations[ANNOTATIONS.created] ?? createdAnnotation(new Date()),
  };
  await registry.pushBlob(repository, EMPTY_JSON, MEDIA_TYPES.ociEmpty);
  const layer = await registry.pushBlob(repository, artifact.layer, artifact.layerMediaType);
  const bytes = buildReferrerManifest(subject, artifact.artifactType, layer, annotations);
  const pushed = await registry.pushManifest(
    repository,
    sha256Digest(bytes),
    MEDIA_TYPES.ociManifest,
    bytes,
  );
  const descriptor: Descriptor = {
    mediaType: MEDIA_TYPES.ociManifest,
    digest: pushed.digest,
    size: pushed.size,
    artifactType: artifact.artifactType,
    annotations,
  };
  if (pushed.subject === undefined) {
    await addToFallbackIndex(registry, repository, subject.digest, descriptor, options);
  }
  return descriptor;
}

/** Referrers of `subjectDigest`, by the referrers API where the registry has it, else the fallback tag. */
export async function listReferrers(
  registry: Registry,
  repository: string,
  subjectDigest: string,
  artifactType?: string,
): Promise<Descriptor[]> {
  if (!DIGEST.test(subjectDigest)) {
    throw new OciError(
      'REFERENCE_INVALID',
      `"${subjectDigest.slice(0, 200)}" is not a sha256 digest`,
    );
  }
  const fromApi = await referrersApi(registry, repository, subjectDigest, artifactType);
  const all =
    fromApi ?? (await readFallbackIndex(registry, repository, subjectDigest))?.descriptors ?? [];
  return artifactType === undefined ? all : all.filter((d) => d.artifactType === artifactType);
}

/** The referrers API's answer (all pages), or undefined when the registry has no such API (404). */
async function referrersApi(
  registry: Registry,
  repository: string,
  subjectDigest: string,
  artifactType: string | undefined,
): Promise<Descriptor[] | undefined> {
  const out: Descriptor[] = [];
  let path = `referrers/${subjectDigest}${artifactType === undefined ? '' : `?${new URLSearchParams({ artifactType })}`}`;
  for (let page = 0; page < MAX_REFERRER_PAGES; page++) {
    const response = await registry.send(repository, {
      method: 'GET',
      path,
      access: 'pull',
      headers: { accept: MEDIA_TYPES.ociIndex },
      maxResponseBytes: DEFAULT_MAX_MANIFEST_BYTES,
    });
    if (response.status === 404 && page === 0) return undefined;
    const where = `the referrers of ${subjectDigest} in repository ${repository}`;
    if (response.status !== 200) {
      throw new OciError(
        'REGISTRY_INVALID',
        `registry ${registry.host} answered HTTP ${response.status} for ${where}`,
      );
    }
    out.push(
      ...parseIndex(response.body, `registry ${registry.host} answered for ${where}`).descriptors,
    );
    const next = nextLink(response.headers.link);
    if (next === undefined) return out;
    // The next page is on the same API: keep only its path and query, relative to the repository.
    const url = new URL(next, `http://registry/v2/${repository}/referrers/`);
    const prefix = `/v2/${repository}/`;
    if (!url.pathname.startsWith(prefix)) {
      throw new OciError(
        'REGISTRY_INVALID',
        `registry ${registry.host} sent the next page of ${where} outside the repository`,
      );
    }
    path = `${url.pathname.slice(prefix.length)}${url.search}`;
  }
  throw new OciError(
    'REGISTRY_INVALID',
    `registry ${registry.host} lists the referrers of ${subjectDigest} on more than ${MAX_REFERRER_PAGES} pages`,
  );
}

/** The target of a `Link: <…>; rel="next"` header (RFC 8288), if any. */
function nextLink(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text === undefined) return undefined;
  for (const match of text.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
    if (/;\s*rel="?next"?(?:\s|;|$)/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

interface ReferrersIndex {
  /** The index as read, other fields kept when it is written back. */
  json: Record<string, unknown>;
  /** Its `manifests` entries as read (entries this client cannot parse are kept, not listed). */
  entries: unknown[];
  descriptors: Descriptor[];
}

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'string');

function parseIndex(bytes: Buffer, from: string): ReferrersIndex {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  const index = json as Record<string, unknown> | undefined;
  if (
    typeof index !== 'object' ||
    index === null ||
    Array.isArray(index) ||
    !Array.isArray(index.manifests) ||
    (index.mediaType !== undefined && index.mediaType !== MEDIA_TYPES.ociIndex)
  ) {
    throw new OciError(
      'REGISTRY_INVALID',
      `${from} something that is not an OCI image index with a manifests list`,
    );
  }
  const descriptors: Descriptor[] = [];
  for (const entry of index.manifests as unknown[]) {
    const e = entry as Record<string, unknown> | null;
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.mediaType !== 'string' ||
      typeof e.digest !== 'string' ||
      !DIGEST.test(e.digest) ||
      typeof e.size !== 'number' ||
      !Number.isSafeInteger(e.size) ||
      e.size < 0
    ) {
      continue;
    }
    descriptors.push({
      mediaType: e.mediaType,
      digest: e.digest,
      size: e.size,
      ...(typeof e.artifactType === 'string' && { artifactType: e.artifactType }),
      ...(isStringRecord(e.annotations) && { annotations: e.annotations }),
    });
  }
  return { json: index, entries: index.manifests as unknown[], descriptors };
}

/** The index under the referrers tag, or undefined when the tag does not exist. */
async function readFallbackIndex(
  registry: Registry,
  repository: string,
  subjectDigest: string,
): Promise<ReferrersIndex | undefined> {
  const tag = referrersTag(subjectDigest);
  let manifest;
  try {
    manifest = await registry.resolve(repository, tag);
  } catch (error) {
    if (error instanceof OciError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
  const from = `tag ${tag} in repository ${repository} on registry ${registry.host} holds`;
  if (manifest.mediaType !== MEDIA_TYPES.ociIndex) {
    throw new OciError(
      'REGISTRY_INVALID',
      `${from} a ${manifest.mediaType}, not a referrers index: it is left as it is`,
    );
  }
  return parseIndex(manifest.bytes, from);
}

/** Writers of one registry client in this process take turns per fallback tag. */
const turns = new WeakMap<Registry, Map<string, Promise<unknown>>>();

async function inTurn<T>(registry: Registry, key: string, work: () => Promise<T>): Promise<T> {
  let queues = turns.get(registry);
  if (queues === undefined) turns.set(registry, (queues = new Map()));
  const before = queues.get(key) ?? Promise.resolve();
  const mine = before.then(work, work);
  const settled = mine.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return mine;
}

async function addToFallbackIndex(
  registry: Registry,
  repository: string,
  subjectDigest: string,
  descriptor: Descriptor,
  options: FallbackOptions,
): Promise<void> {
  const windowMs = options.writeWindowMs ?? DEFAULT_FALLBACK_WRITE_WINDOW_MS;
  const settleMs = options.settleMs ?? DEFAULT_FALLBACK_SETTLE_MS;
  const attempts = options.attempts ?? DEFAULT_FALLBACK_ATTEMPTS;
  const tag = referrersTag(subjectDigest);
  const listed = (index: ReferrersIndex | undefined): boolean =>
    index?.descriptors.some((d) => d.digest === descriptor.digest) === true;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) {
      const cap = FALLBACK_BACKOFF_MS * 2 ** Math.min(attempt - 1, 4);
      await sleep(Math.random() * cap);
    }
    const written = await inTurn(registry, `${repository}/${tag}`, async () => {
      const started = performance.now();
      const index = await readFallbackIndex(registry, repository, subjectDigest);
      if (listed(index)) return true;
      if (performance.now() - started > windowMs) return false;
      const json = {
        ...(index?.json ?? { schemaVersion: 2 }),
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [...(index?.entries ?? []), descriptor],
      };
      await registry.pushManifest(
        repository,
        tag,
        MEDIA_TYPES.ociIndex,
        Buffer.from(JSON.stringify(json)),
      );
      return true;
    });
    if (!written) continue;
    // Any write based on a read that missed this entry has landed by now: is it still there?
    await sleep(settleMs);
    if (listed(await readFallbackIndex(registry, repository, subjectDigest))) return;
  }
  throw new OciError(
    'CONFLICT',
    `the referrers index ${tag} in repository ${repository} on registry ${registry.host} kept being overwritten by other writers: ${descriptor.digest} is pushed but not listed after ${attempts} attempts; attach it again, or use a registry with the referrers API`,
  );
}
