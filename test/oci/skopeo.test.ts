import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { attachReferrer, listReferrers } from '../../src/oci/referrers.js';
import { MEDIA_TYPES, sha256Digest } from '../../src/oci/registry.js';
import {
  REGISTRY_TOOLS,
  type TestRegistry,
  startRegistry,
  testClient,
} from '../helpers/registry.js';
import { missingTools } from '../helpers/tools.js';

/**
 * An image pushed by another client: skopeo (containers/image) copies an OCI layout written
 * here to docker-registry, digests preserved, and our client resolves it and attaches to it.
 */

/** An OCI image layout (image-spec image-layout.md) holding one image tagged `tag`. */
async function writeLayout(dir: string, tag: string): Promise<string> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const put = async (bytes: Buffer, mediaType: string) => {
    const digest = sha256Digest(bytes);
    await writeFile(join(blobs, digest.slice(7)), bytes);
    return { mediaType, digest, size: bytes.length };
  };
  // An empty tar archive: two zero blocks.
  const layer = await put(Buffer.alloc(1024), 'application/vnd.oci.image.layer.v1.tar');
  const config = await put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [layer.digest] },
      }),
    ),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = await put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config,
        layers: [layer],
      }),
    ),
    MEDIA_TYPES.ociManifest,
  );
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return manifest.digest;
}

describe(
  'an image pushed with skopeo',
  { skip: missingTools(...REGISTRY_TOOLS, ['skopeo', 'skopeo']) },
  () => {
    let server: TestRegistry;
    let dir: string;
    before(async () => {
      server = await startRegistry();
      dir = await mkdtemp(join(tmpdir(), 'signet-skopeo-'));
    });
    after(async () => {
      await server?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('resolves to the digest skopeo pushed, and takes a referrer', async () => {
      const digest = await writeLayout(join(dir, 'layout'), 'v1');
      await promisify(execFile)(
        'skopeo',
        [
          '--insecure-policy',
          'copy',
          '--preserve-digests',
          '--dest-tls-verify=false',
          `oci:${join(dir, 'layout')}:v1`,
          `docker://${server.host}/skopeo/app:v1`,
        ],
        // No auth file of the machine's user is read.
        {
          env: {
            ...process.env,
            HOME: dir,
            XDG_RUNTIME_DIR: dir,
            REGISTRY_AUTH_FILE: join(dir, 'auth.json'),
          },
        },
      );
      const client = testClient(server);
      const manifest = await client.resolve('skopeo/app', 'v1');
      assert.equal(manifest.digest, digest);
      assert.equal(manifest.mediaType, MEDIA_TYPES.ociManifest);
      const referrer = await attachReferrer(client, 'skopeo/app', manifest, {
        artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        layerMediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        layer: Buffer.from('{}'),
        annotations: {},
      });
      assert.deepEqual(
        (await listReferrers(client, 'skopeo/app', digest)).map((d) => d.digest),
        [referrer.digest],
      );
    });
  },
);
