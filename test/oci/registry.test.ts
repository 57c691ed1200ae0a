import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OciError } from '../../src/oci/error.js';
import { MEDIA_TYPES, type Registry, openRegistry, sha256Digest } from '../../src/oci/registry.js';
import {
  type TestRegistry,
  pushTestImage,
  registryMissing,
  startRegistry,
  testClient,
} from '../helpers/registry.js';

const isOci = (code: string, message: RegExp) => (error: unknown) =>
  error instanceof OciError && error.code === code && message.test(error.message);

describe(
  'registry client against docker-registry (distribution 2.8)',
  { skip: registryMissing() },
  () => {
    let server: TestRegistry;
    let registry: Registry;
    before(async () => {
      server = await startRegistry();
      registry = testClient(server);
    });
    after(() => server?.close());

    it('resolves a pushed image by tag and by digest, digest-checked', async () => {
      const image = await pushTestImage(server, 'team/app', { tag: 'v1' });
      const byTag = await registry.resolve('team/app', 'v1');
      assert.equal(byTag.digest, image.digest);
      assert.equal(byTag.mediaType, MEDIA_TYPES.ociManifest);
      assert.equal(byTag.size, image.size);
      assert.equal(sha256Digest(byTag.bytes), image.digest);
      assert.equal(byTag.json.schemaVersion, 2);
      const byDigest = await registry.resolve('team/app', image.digest);
      assert.deepEqual(byDigest.bytes, byTag.bytes);
    });

    it('resolves a multi-platform index', async () => {
      const index = await pushTestImage(server, 'team/multi', {
        platforms: ['linux/amd64', 'linux/arm64'],
      });
      const manifest = await registry.resolve('team/multi', 'latest');
      assert.equal(manifest.mediaType, MEDIA_TYPES.ociIndex);
      assert.equal(manifest.digest, index.digest);
      const platforms = (manifest.json.manifests as { platform: { architecture: string } }[]).map(
        (m) => m.platform.architecture,
      );
      assert.deepEqual(platforms, ['amd64', 'arm64']);
    });

    it('pushes a blob once and fetches it back checked against its descriptor', async () => {
      const bytes = randomBytes(300);
      const descriptor = await registry.pushBlob('team/blobs', bytes, 'application/x-test');
      assert.deepEqual(descriptor, {
        mediaType: 'application/x-test',
        digest: sha256Digest(bytes),
        size: 300,
      });
      // Present already: the HEAD check answers and no upload is started.
      assert.deepEqual(
        await registry.pushBlob('team/blobs', bytes, 'application/x-test'),
        descriptor,
      );
      assert.deepEqual(await registry.fetchBlob('team/blobs', descriptor, 1024), bytes);
      await assert.rejects(
        registry.fetchBlob('team/blobs', descriptor, 100),
        isOci('REGISTRY_INVALID', /is 300 bytes, above the limit of 100/),
      );
      await assert.rejects(
        registry.fetchBlob('team/blobs', { ...descriptor, size: 299 }, 1024),
        isOci('REGISTRY_INVALID', /300 bytes whose digest is .* not the 299 bytes asked for/),
      );
    });

    it('names the registry, repository and digest that do not exist', async () => {
      const missing = sha256Digest(Buffer.from('never pushed'));
      await pushTestImage(server, 'team/app2');
      await assert.rejects(
        registry.resolve('team/app2', missing),
        isOci(
          'NOT_FOUND',
          new RegExp(
            `registry ${server.host} has no manifest ${missing} in repository team/app2 \\(HTTP 404 MANIFEST_UNKNOWN`,
          ),
        ),
      );
      await assert.rejects(
        registry.resolve('team/app2', 'nope'),
        isOci('NOT_FOUND', /has no tag nope in repository team\/app2/),
      );
      await assert.rejects(
        registry.resolve('team/none', 'latest'),
        isOci('NOT_FOUND', /has no tag latest in repository team\/none/),
      );
      await assert.rejects(
        registry.fetchBlob('team/app2', { mediaType: 'x', digest: missing, size: 1 }, 10),
        isOci('NOT_FOUND', new RegExp(`has no blob ${missing} in repository team/app2`)),
      );
    });

    it('refuses a manifest stored under a digest that is not its own', async () => {
      const bytes = Buffer.from('{"schemaVersion":2}');
      await assert.rejects(
        registry.pushManifest(
          'team/app',
          sha256Digest(Buffer.from('other')),
          MEDIA_TYPES.ociManifest,
          bytes,
        ),
        isOci('REFERENCE_INVALID', /cannot be stored as sha256:/),
      );
    });

    it('speaks https unless told otherwise, and says how to allow plain http', async () => {
      const secure = openRegistry({ registry: server.host, http: { retries: 0 } });
      await assert.rejects(
        secure.resolve('team/app', 'v1'),
        isOci(
          'INSECURE_REFUSED',
          new RegExp(
            `registry ${server.host} .* answers plain http, not https: refused \\(--allow-insecure-registry allows it\\)`,
          ),
        ),
      );
    });
  },
);
