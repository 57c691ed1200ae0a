import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OciError } from '../../src/oci/error.js';
import {
  ANNOTATIONS,
  attachReferrer,
  buildReferrerManifest,
  listReferrers,
  referrersTag,
} from '../../src/oci/referrers.js';
import {
  type Descriptor,
  MEDIA_TYPES,
  type Registry,
  sha256Digest,
} from '../../src/oci/registry.js';
import {
  type ReferrersRegistry,
  type TestRegistry,
  pushTestImage,
  registryMissing,
  startReferrersRegistry,
  startRegistry,
  testClient,
} from '../helpers/registry.js';

const BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
/** sha256 of `{}`, the OCI empty descriptor's digest (image-spec manifest.md). */
const EMPTY_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
const RFC3339_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

const bundle = (n: number): Buffer =>
  Buffer.from(JSON.stringify({ mediaType: BUNDLE_TYPE, n, dsseEnvelope: { payload: 'e30=' } }));

const artifact = (n: number, predicateType = SIGN_PREDICATE) => ({
  artifactType: BUNDLE_TYPE,
  layerMediaType: BUNDLE_TYPE,
  layer: bundle(n),
  annotations: {
    [ANNOTATIONS.bundleContent]: 'dsse-envelope',
    [ANNOTATIONS.bundlePredicateType]: predicateType,
  },
});

/** The referrer manifest as cosign's BUNDLE_SPEC.md and WriteReferrer lay it out, checked field by field. */
async function checkLayout(
  registry: Registry,
  repository: string,
  subject: Descriptor,
  referrer: Descriptor,
  layer: Buffer,
) {
  const manifest = await registry.resolve(repository, referrer.digest);
  const json = manifest.json as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.deepEqual(Object.keys(json).sort(), [
    'annotations',
    'artifactType',
    'config',
    'layers',
    'mediaType',
    'schemaVersion',
    'subject',
  ]);
  assert.equal(json.schemaVersion, 2);
  assert.equal(json.mediaType, MEDIA_TYPES.ociManifest);
  assert.equal(json.artifactType, BUNDLE_TYPE);
  assert.deepEqual(json.config, {
    mediaType: 'application/vnd.oci.empty.v1+json',
    artifactType: BUNDLE_TYPE,
    digest: EMPTY_DIGEST,
    size: 2,
  });
  assert.equal((await registry.fetchBlob(repository, json.config, 10)).toString(), '{}');
  assert.equal(json.layers.length, 1);
  const [hex] = [sha256Digest(layer).slice(7)];
  assert.deepEqual(json.layers[0], {
    mediaType: BUNDLE_TYPE,
    digest: `sha256:${hex}`,
    size: layer.length,
    annotations: { 'org.opencontainers.image.title': `sha256-${hex}.sigstore.json` },
  });
  assert.deepEqual(await registry.fetchBlob(repository, json.layers[0], 1 << 20), layer);
  assert.deepEqual(json.subject, {
    mediaType: subject.mediaType,
    digest: subject.digest,
    size: subject.size,
  });
  assert.deepEqual(Object.keys(json.annotations).sort(), [
    'dev.sigstore.bundle.content',
    'dev.sigstore.bundle.predicateType',
    'org.opencontainers.image.created',
  ]);
  assert.equal(json.annotations['dev.sigstore.bundle.content'], 'dsse-envelope');
  assert.equal(json.annotations['dev.sigstore.bundle.predicateType'], SIGN_PREDICATE);
  assert.match(json.annotations['org.opencontainers.image.created'], RFC3339_SECONDS);
  // The descriptor returned is the index entry: artifactType and every manifest annotation.
  assert.deepEqual(referrer, {
    mediaType: MEDIA_TYPES.ociManifest,
    digest: manifest.digest,
    size: manifest.size,
    artifactType: BUNDLE_TYPE,
    annotations: json.annotations,
  });
}

describe(
  'referrers on a registry without the referrers API (docker-registry)',
  { skip: registryMissing() },
  () => {
    let server: TestRegistry;
    let registry: Registry;
    before(async () => {
      server = await startRegistry();
      registry = testClient(server);
    });
    after(() => server?.close());

    it('attaches in cosign layout and keeps the sha256-<hex> index', async () => {
      const subject = await pushTestImage(server, 'fallback/app');
      assert.deepEqual(await listReferrers(registry, 'fallback/app', subject.digest), []);
      const first = await attachReferrer(registry, 'fallback/app', subject, artifact(1));
      await checkLayout(registry, 'fallback/app', subject, first, bundle(1));
      const second = await attachReferrer(
        registry,
        'fallback/app',
        subject,
        artifact(2, 'https://slsa.dev/provenance/v1'),
      );
      // Attaching the same bytes again lists it once.
      const again = await attachReferrer(registry, 'fallback/app', subject, {
        ...artifact(1),
        annotations: {
          ...artifact(1).annotations,
          [ANNOTATIONS.created]: first.annotations![ANNOTATIONS.created]!,
        },
      });
      assert.equal(again.digest, first.digest);

      const index = await registry.resolve('fallback/app', referrersTag(subject.digest));
      assert.equal(index.mediaType, MEDIA_TYPES.ociIndex);
      assert.deepEqual(index.json, {
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [first, second],
      });
      assert.deepEqual(await listReferrers(registry, 'fallback/app', subject.digest), [
        first,
        second,
      ]);
      assert.deepEqual(await listReferrers(registry, 'fallback/app', subject.digest, BUNDLE_TYPE), [
        first,
        second,
      ]);
      assert.deepEqual(
        await listReferrers(registry, 'fallback/app', subject.digest, 'application/x-other'),
        [],
      );
    });

    it('refuses a referrers tag that holds something other than an index', async () => {
      const subject = await pushTestImage(server, 'fallback/squat');
      await pushTestImage(server, 'fallback/squat', { tag: referrersTag(subject.digest) });
      await assert.rejects(
        listReferrers(registry, 'fallback/squat', subject.digest),
        (error: unknown) =>
          error instanceof OciError &&
          error.code === 'REGISTRY_INVALID' &&
          error.message.includes(
            `tag ${referrersTag(subject.digest)} in repository fallback/squat`,
          ) &&
          error.message.includes('not a referrers index'),
      );
    });

    it('loses no referrer when 8 writers race on one index', async () => {
      const subject = await pushTestImage(server, 'fallback/race');
      // distribution answers 500 now and then to a read of a tag being rewritten: retried.
      const writers = Array.from({ length: 8 }, () =>
        testClient(server, { retries: 3, backoffMs: 20 }),
      );
      const attached = await Promise.all(
        writers.map((writer, n) =>
          attachReferrer(writer, 'fallback/race', subject, artifact(100 + n)),
        ),
      );
      const listed = await listReferrers(registry, 'fallback/race', subject.digest);
      assert.deepEqual(listed.map((d) => d.digest).sort(), attached.map((d) => d.digest).sort());
    });

    it('reports CONFLICT when its entry keeps disappearing', async () => {
      const subject = await pushTestImage(server, 'fallback/conflict');
      const tag = referrersTag(subject.digest);
      const empty = Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] }),
      );
      // Another writer whose reset of the index lands right after each of the attacher's
      // writes, before it re-reads: the interleaving a race produces, made deterministic so
      // that a slow machine cannot let the attacher's entry survive by chance.
      const patient = testClient(server, { retries: 3, backoffMs: 20 });
      const clobbered = Object.create(patient) as Registry;
      let resets = 0;
      clobbered.pushManifest = async (repository, reference, mediaType, bytes) => {
        const pushed = await patient.pushManifest(repository, reference, mediaType, bytes);
        if (reference === tag) {
          await patient.pushManifest(repository, tag, MEDIA_TYPES.ociIndex, empty);
          resets++;
        }
        return pushed;
      };
      await assert.rejects(
        attachReferrer(clobbered, 'fallback/conflict', subject, artifact(7), {
          settleMs: 50,
          attempts: 3,
          // No attempt may skip its write for a slow read: each must be reset.
          writeWindowMs: 60_000,
        }),
        (error: unknown) =>
          error instanceof OciError &&
          error.code === 'CONFLICT' &&
          error.message.includes(`the referrers index ${tag} in repository fallback/conflict`) &&
          error.message.includes('after 3 attempts'),
      );
      assert.equal(resets, 3, 'each attempt wrote the index once');
    });
  },
);

describe('referrers on a registry with the referrers API', () => {
  let server: ReferrersRegistry;
  let registry: Registry;
  before(async () => {
    server = await startReferrersRegistry();
    registry = testClient(server);
  });
  after(() => server?.close());

  it('attaches without a fallback tag and lists through the API', async () => {
    const subject = await pushTestImage(server, 'api/app');
    const first = await attachReferrer(registry, 'api/app', subject, artifact(1));
    const second = await attachReferrer(registry, 'api/app', subject, artifact(2));
    await checkLayout(registry, 'api/app', subject, first, bundle(1));
    assert.ok(
      !server.requests.some((r) => r.includes(referrersTag(subject.digest))),
      'no fallback tag',
    );
    const other = await attachReferrer(registry, 'api/app', subject, {
      ...artifact(3),
      artifactType: 'application/vnd.example.sbom.v1',
    });
    server.requests.length = 0;
    assert.deepEqual(
      (await listReferrers(registry, 'api/app', subject.digest)).map((d) => d.digest).sort(),
      [first.digest, second.digest, other.digest].sort(),
    );
    assert.deepEqual(
      (await listReferrers(registry, 'api/app', subject.digest, BUNDLE_TYPE))
        .map((d) => d.digest)
        .sort(),
      [first.digest, second.digest].sort(),
    );
    assert.deepEqual(server.requests, [
      `GET /v2/api/app/referrers/${subject.digest}`,
      `GET /v2/api/app/referrers/${subject.digest}?artifactType=${encodeURIComponent(BUNDLE_TYPE)}`,
    ]);
    assert.deepEqual(
      await listReferrers(registry, 'api/app', sha256Digest(Buffer.from('none'))),
      [],
    );
  });

  it('follows Link rel="next" pages', async () => {
    const subject = await pushTestImage(server, 'api/paged');
    const attached = [];
    for (let n = 0; n < 5; n++)
      attached.push(await attachReferrer(registry, 'api/paged', subject, artifact(10 + n)));
    server.pageSize = 2;
    try {
      const listed = await listReferrers(registry, 'api/paged', subject.digest, BUNDLE_TYPE);
      assert.deepEqual(listed.map((d) => d.digest).sort(), attached.map((d) => d.digest).sort());
    } finally {
      server.pageSize = Number.MAX_SAFE_INTEGER;
    }
  });
});

describe('buildReferrerManifest', () => {
  it('leaves out the title for layers that are not Sigstore bundles', () => {
    const subject = {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: sha256Digest(Buffer.from('s')),
      size: 1,
    };
    const layer = {
      mediaType: 'application/spdx+json',
      digest: sha256Digest(Buffer.from('l')),
      size: 1,
    };
    const json = JSON.parse(
      buildReferrerManifest(subject, 'application/spdx+json', layer, {}).toString(),
    );
    assert.deepEqual(json.layers, [layer]);
  });
});
