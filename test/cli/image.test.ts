import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import * as latest from '@sigstore/verify-latest';
import type { BundleJson } from '../../src/bundle/bundle.js';
import { IN_TOTO_STATEMENT_V1 } from '../../src/bundle/intoto.js';
import { fetchSigningConfig } from '../../src/bundle/signing-config.js';
import type { SignJson } from '../../src/cli/sign.js';
import type { VerifyJson } from '../../src/cli/verify.js';
import { parseImageReference } from '../../src/oci/reference.js';
import { attachReferrer, listReferrers } from '../../src/oci/referrers.js';
import {
  type Descriptor,
  MEDIA_TYPES,
  type Registry,
  openRegistry,
} from '../../src/oci/registry.js';
import { type Run, signet } from '../helpers/cli.js';
import { attachBundle, resolveImage } from '../../src/sign/image.js';
import { type SignedStatement, signStatements } from '../../src/sign/statement.js';
import { type FakeKms, startFakeKms, useFakeKmsEnvironment } from '../helpers/kms.js';
import {
  type TestRegistry,
  closeServer,
  pushTestImage,
  registryMissing,
  startReferrersRegistry,
  startRegistry,
} from '../helpers/registry.js';
import {
  type TestService,
  devToken,
  issuedCertificates,
  startTestService,
  tempDir,
} from '../helpers/server.js';
import { trustedKeys } from '../helpers/sigstore.js';

/**
 * `signet sign oci://…` and `signet verify oci://…` end to end: Debian's docker-registry
 * (distribution 2.8, no referrers API: the fallback tag path) on 127.0.0.1, the real service
 * (CA, Rekor v2 log, TSA) with its development issuer, and a KMS speaking the AWS protocol to
 * the real @aws-sdk/client-kms. What is attached is read back with the registry client and
 * checked against cosign's layout and with @sigstore/verify.
 */

const KMS_REF = 'awskms:///alias/signet-images';
const BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const COSIGN_SIGN = 'https://sigstore.dev/cosign/sign/v1';

let service: TestService;
let kms: FakeKms;
let kmsPublicKey: Buffer;
let registry: TestRegistry;
let client: Registry;
let dir: string;

const image = (repository: string, at: string): string =>
  `oci://${registry.host}/${repository}${at}`;

const sign = (...refs: string[]): Promise<Run> =>
  signet([
    'sign',
    '--server',
    service.url,
    '--kms',
    KMS_REF,
    '--allow-insecure-registry',
    '--json',
    ...refs,
  ]);

/** The development issuer's identity, pinned as a deploy would pin its CI identity. */
const pins = (): string[] => [
  '--certificate-oidc-issuer',
  `${service.url}/dev-oidc`,
  '--certificate-identity-regexp',
  '.*@signet\\.localhost',
];

const verify = (...args: string[]): Promise<Run> =>
  signet(['verify', '--server', service.url, '--allow-insecure-registry', ...args]);

/** Both signatures required, as a release policy would. */
async function policyFile(): Promise<string> {
  const path = join(dir, 'policy.yaml');
  await writeFile(
    path,
    [
      'version: 1',
      'signatures:',
      '  - name: ci',
      '    keyless:',
      `      issuer: ${service.url}/dev-oidc`,
      '      identity: { regexp: ".*@signet\\\\.localhost" }',
      '  - name: release key',
      `    key: ${KMS_REF}`,
      '',
    ].join('\n'),
  );
  return path;
}

async function bundleReferrers(repository: string, digest: string): Promise<Descriptor[]> {
  return (await listReferrers(client, repository, digest)).filter(
    (d) => d.artifactType === BUNDLE_TYPE,
  );
}

async function attachedBundle(repository: string, referrer: Descriptor): Promise<BundleJson> {
  const manifest = await client.resolve(repository, referrer.digest);
  const [layer] = manifest.json.layers as Descriptor[];
  const bytes = await client.fetchBlob(repository, layer as Descriptor, 1 << 20);
  return JSON.parse(bytes.toString('utf8')) as BundleJson;
}

before(async () => {
  kms = await startFakeKms();
  const key = kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/signet-images' });
  kmsPublicKey = key.publicKey as Buffer;
  useFakeKmsEnvironment(kms);
  service = await startTestService({ devIssuer: true });
  dir = await tempDir('signet-image-');
  if (registryMissing() === false) {
    registry = await startRegistry();
    client = openRegistry({ registry: registry.host, insecure: true });
  }
});

after(async () => {
  await registry?.close();
  await service?.dispose();
  await kms?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('signet sign and verify of an image by digest', { skip: registryMissing() }, () => {
  const repository = 'app/by-digest';
  let pushed: Descriptor;
  let signed: SignJson;

  before(async () => {
    pushed = await pushTestImage({ host: registry.host }, repository);
    const run = await sign(image(repository, `@${pushed.digest}`));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '', 'a digest needs no warning');
    signed = JSON.parse(run.stdout) as SignJson;
  });

  it('attaches one referrer per signature, laid out as cosign v3 stores bundles', async () => {
    const [artifact] = signed.artifacts;
    assert.ok(artifact);
    assert.equal(artifact.path, image(repository, `@${pushed.digest}`));
    assert.deepEqual(artifact.image, {
      reference: image(repository, `@${pushed.digest}`),
      digest: pushed.digest,
    });
    assert.deepEqual(
      artifact.bundles.map((b) => b.kind),
      ['keyless', 'key'],
    );
    const referrers = await bundleReferrers(repository, pushed.digest);
    assert.deepEqual(
      referrers.map((r) => image(repository, `@${r.digest}`)).sort(),
      artifact.bundles.map((b) => b.path).sort(),
    );
    for (const referrer of referrers) {
      assert.equal(referrer.annotations?.['dev.sigstore.bundle.content'], 'dsse-envelope');
      assert.equal(referrer.annotations?.['dev.sigstore.bundle.predicateType'], COSIGN_SIGN);
      const manifest = await client.resolve(repository, referrer.digest);
      const json = manifest.json as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.equal(json.mediaType, MEDIA_TYPES.ociManifest);
      assert.equal(json.artifactType, BUNDLE_TYPE);
      assert.deepEqual(json.subject, {
        mediaType: pushed.mediaType,
        digest: pushed.digest,
        size: pushed.size,
      });
      assert.equal(json.layers.length, 1);
      assert.equal(json.layers[0].mediaType, BUNDLE_TYPE);
    }
  });

  it('signs the statement cosign v3 signs for an image', async () => {
    for (const referrer of await bundleReferrers(repository, pushed.digest)) {
      const bundle = await attachedBundle(repository, referrer);
      assert.equal(bundle.dsseEnvelope?.payloadType, 'application/vnd.in-toto+json');
      assert.deepEqual(
        JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')),
        {
          _type: 'https://in-toto.io/Statement/v1',
          subject: [{ digest: { sha256: pushed.digest.slice(7) }, annotations: {} }],
          predicateType: COSIGN_SIGN,
          predicate: {},
        },
      );
    }
  });

  it('attaches bundles that @sigstore/verify accepts for the manifest digest', async () => {
    for (const referrer of await bundleReferrers(repository, pushed.digest)) {
      const bundle = await attachedBundle(repository, referrer);
      const keyless = bundle.verificationMaterial.certificate !== undefined;
      const verifier = new latest.Verifier(
        latest.toTrustMaterial(
          TrustedRoot.fromJSON(service.trustedRoot),
          keyless ? undefined : trustedKeys(kmsPublicKey),
        ),
        { ctlogThreshold: keyless ? 1 : 0, tlogThreshold: 1, timestampThreshold: 1 },
      );
      verifier.verify(latest.toSignedEntity(bundleFromJSON(bundle) as never));
      // sigstore-js leaves the subject to the caller, as cosign's claim check does.
      const statement = JSON.parse(
        Buffer.from(bundle.dsseEnvelope?.payload as string, 'base64').toString('utf8'),
      ) as { subject: { digest: { sha256: string } }[] };
      assert.equal(`sha256:${statement.subject[0]?.digest.sha256}`, pushed.digest);
    }
  });

  it('verifies the keyless signature against the pins and prints the digest', async () => {
    const run = await verify(...pins(), image(repository, `@${pushed.digest}`));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`^oci://${registry.host}/${repository}@${pushed.digest}: verified\\n`),
    );
    assert.match(
      run.stdout,
      /ok {3}keyless \(oci:\/\/.*@sha256:[0-9a-f]{64}\): .*@signet\.localhost/,
    );
  });

  it('verifies both required signatures of a policy, keyless and KMS', async () => {
    const run = await verify(
      '--policy',
      await policyFile(),
      '--json',
      image(repository, `@${pushed.digest}`),
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout) as VerifyJson;
    assert.equal(result.verified, true);
    const [outcome] = result.artifacts;
    assert.equal(outcome?.artifact, image(repository, `@${pushed.digest}`));
    assert.equal(outcome?.sha256, pushed.digest.slice(7));
    assert.deepEqual(outcome?.image, {
      reference: image(repository, `@${pushed.digest}`),
      digest: pushed.digest,
    });
    assert.deepEqual(
      outcome?.signatures.map((s) => [s.name, s.verified]),
      [
        ['ci', true],
        ['release key', true],
      ],
    );
    const referrers = (await bundleReferrers(repository, pushed.digest)).map((r) =>
      image(repository, `@${r.digest}`),
    );
    for (const signature of outcome?.signatures ?? [])
      assert.ok(referrers.includes(signature.bundle));
  });

  it('stops at a pin mismatch, naming the claim', async () => {
    const run = await verify(
      '--certificate-oidc-issuer',
      `${service.url}/dev-oidc`,
      '--certificate-identity',
      'release@example.com',
      image(repository, `@${pushed.digest}`),
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /NOT VERIFIED/);
    assert.match(run.stdout, /expected: release@example\.com/);
  });

  it('ignores referrers of other artifact types', async () => {
    await attachReferrer(client, repository, pushed, {
      artifactType: 'application/spdx+json',
      layerMediaType: 'application/spdx+json',
      layer: Buffer.from('{"spdxVersion":"SPDX-2.3"}'),
      annotations: {},
    });
    const all = await listReferrers(client, repository, pushed.digest);
    assert.ok(all.some((d) => d.artifactType === 'application/spdx+json'));
    const run = await verify(
      '--policy',
      await policyFile(),
      image(repository, `@${pushed.digest}`),
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  it('refuses a bundle attached to another image, saying its statement is for another digest', async () => {
    const other = await pushTestImage({ host: registry.host }, repository, { tag: 'other' });
    // The KMS bundle of the signed image, attached to the other one as if by mistake.
    const referrers = await bundleReferrers(repository, pushed.digest);
    const bundles = await Promise.all(referrers.map((r) => attachedBundle(repository, r)));
    const keyBundle = bundles.find((b) => b.verificationMaterial.publicKey !== undefined);
    await attachReferrer(client, repository, other, {
      artifactType: BUNDLE_TYPE,
      layerMediaType: BUNDLE_TYPE,
      layer: Buffer.from(JSON.stringify(keyBundle)),
      annotations: {
        'dev.sigstore.bundle.content': 'dsse-envelope',
        'dev.sigstore.bundle.predicateType': COSIGN_SIGN,
      },
    });
    const run = await verify('--key', KMS_REF, image(repository, `@${other.digest}`));
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `is for another image: its statement's subject is sha256:${pushed.digest.slice(7)}, not ${other.digest}`,
      ),
    );
  });

  it('skips referrers whose manifest names another subject, such as a copied referrers index', async () => {
    const third = await pushTestImage({ host: registry.host }, repository, { tag: 'third' });
    // The signed image's fallback index, copied under the third image's referrers tag.
    const index = await client.resolve(repository, pushed.digest.replace(':', '-'));
    await client.pushManifest(
      repository,
      third.digest.replace(':', '-'),
      index.mediaType,
      index.bytes,
    );
    assert.ok((await bundleReferrers(repository, third.digest)).length >= 2);
    const run = await verify('--policy', await policyFile(), image(repository, `@${third.digest}`));
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /no keyless image signature/);
    assert.match(run.stdout, new RegExp(`its subject is ${pushed.digest}, not ${third.digest}`));
  });

  it('says which digest does not exist, signing and verifying', async () => {
    const missing = `sha256:${randomBytes(32).toString('hex')}`;
    const signing = await sign(image(repository, `@${missing}`));
    assert.equal(signing.code, 1);
    assert.match(signing.stderr, new RegExp(missing));
    const verifying = await verify(...pins(), image(repository, `@${missing}`));
    assert.equal(verifying.code, 1);
    assert.match(verifying.stderr, new RegExp(missing));
  });

  it('refuses plain http without --allow-insecure-registry', async () => {
    const run = await signet([
      'verify',
      '--server',
      service.url,
      ...pins(),
      image(repository, `@${pushed.digest}`),
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--allow-insecure-registry/);
  });
});

describe('signet sign and verify of an image by tag', { skip: registryMissing() }, () => {
  const repository = 'app/by-tag';

  it('signs the digest the tag names, says so, and verifies the new digest once the tag moves', async () => {
    const first = await pushTestImage({ host: registry.host }, repository, { tag: 'v1' });
    const run = await sign(image(repository, ':v1'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`tag v1 resolved to ${first.digest}`));
    const signed = JSON.parse(run.stdout) as SignJson;
    assert.equal(signed.artifacts[0]?.image?.digest, first.digest);
    // Both halves signed that one digest.
    assert.equal((await bundleReferrers(repository, first.digest)).length, 2);

    const before = await verify('--json', ...pins(), image(repository, ':v1'));
    assert.equal(before.code, 0, before.stdout + before.stderr);
    assert.equal(
      (JSON.parse(before.stdout) as VerifyJson).artifacts[0]?.image?.digest,
      first.digest,
    );

    // The tag now names an unsigned image.
    const moved = await pushTestImage({ host: registry.host }, repository, { tag: 'v1' });
    const after = await verify(...pins(), image(repository, ':v1'));
    assert.equal(after.code, 1, after.stdout + after.stderr);
    assert.match(after.stderr, new RegExp(`tag v1 resolved to ${moved.digest}`));
    assert.match(
      after.stdout,
      new RegExp(
        `no keyless image signature \\(${COSIGN_SIGN}\\) is attached to oci://.*@${moved.digest}`,
      ),
    );
    // A deploy pinned to the digest it verified is unaffected.
    const pinned = await verify(...pins(), image(repository, `@${first.digest}`));
    assert.equal(pinned.code, 0, pinned.stdout + pinned.stderr);
  });
});

describe('signet sign --recursive of a multi-platform index', { skip: registryMissing() }, () => {
  const repository = 'app/multi';

  it('signs the index, and with --recursive each platform manifest too', async () => {
    const index = await pushTestImage({ host: registry.host }, repository, {
      platforms: ['linux/amd64', 'linux/arm64'],
      tag: 'multi',
    });
    const manifest = await client.resolve(repository, index.digest);
    const platforms = (manifest.json.manifests as Descriptor[]).map((m) => m.digest);

    const plain = await sign(image(repository, `@${index.digest}`));
    assert.equal(plain.code, 0, plain.stderr);
    assert.deepEqual(
      (JSON.parse(plain.stdout) as SignJson).artifacts.map((a) => a.image?.digest),
      [index.digest],
    );
    for (const digest of platforms)
      assert.equal((await bundleReferrers(repository, digest)).length, 0);

    const recursive = await signet([
      'sign',
      '--server',
      service.url,
      '--allow-insecure-registry',
      '--recursive',
      '--json',
      image(repository, ':multi'),
    ]);
    assert.equal(recursive.code, 0, recursive.stderr);
    assert.deepEqual(
      (JSON.parse(recursive.stdout) as SignJson).artifacts.map((a) => a.image?.digest),
      [index.digest, ...platforms],
    );
    for (const digest of platforms) {
      const run = await verify(...pins(), image(repository, `@${digest}`));
      assert.equal(run.code, 0, run.stdout + run.stderr);
    }
  });
});

describe('attestations attached to an image', { skip: registryMissing() }, () => {
  it('satisfy verify --type, and never stand in for an image signature', async () => {
    const repository = 'app/attested';
    const pushed = await pushTestImage({ host: registry.host }, repository);
    const ref = image(repository, `@${pushed.digest}`);
    const [target] = await resolveImage(client, parseImageReference(ref));
    assert.ok(target);
    const type = 'https://example.com/test-result/v1';
    const { bundles } = await signStatements({
      statements: [
        {
          name: ref,
          statement: {
            _type: IN_TOTO_STATEMENT_V1,
            subject: [{ digest: { sha256: pushed.digest.slice(7) } }],
            predicateType: type,
            predicate: { passed: true },
          },
        },
      ],
      signingConfig: await fetchSigningConfig(service.url),
      token: await devToken(service.url),
    });
    await attachBundle(target, bundles[0] as SignedStatement);

    const attested = await verify('--json', '--type', type, ...pins(), ref);
    assert.equal(attested.code, 0, attested.stdout + attested.stderr);
    const [signature] = (JSON.parse(attested.stdout) as VerifyJson).artifacts[0]?.signatures ?? [];
    assert.equal(signature?.predicateType, type);

    const signed = await verify(...pins(), ref);
    assert.equal(signed.code, 1, signed.stdout + signed.stderr);
    assert.match(
      signed.stdout,
      new RegExp(
        `no keyless image signature \\(${COSIGN_SIGN}\\) is attached .*a keyless bundle of ${type}`,
      ),
    );
  });
});

describe('files and images in one command', { skip: registryMissing() }, () => {
  it('signs both, and verifies both in the order given', async () => {
    const repository = 'app/mixed';
    const pushed = await pushTestImage({ host: registry.host }, repository);
    const file = join(dir, 'app.tar.gz');
    await writeFile(file, randomBytes(256));
    const ref = image(repository, `@${pushed.digest}`);
    const signing = await sign(file, ref);
    assert.equal(signing.code, 0, signing.stderr);
    assert.deepEqual(
      (JSON.parse(signing.stdout) as SignJson).artifacts.map((a) => [a.path, a.bundles.length]),
      [
        [file, 2],
        [ref, 2],
      ],
    );
    const run = await verify('--policy', await policyFile(), '--json', ref, file);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(
      (JSON.parse(run.stdout) as VerifyJson).artifacts.map((a) => [a.artifact, a.verified]),
      [
        [ref, true],
        [file, true],
      ],
    );
  });
});

describe('a registry with the referrers API', () => {
  it('signs and verifies through GET /v2/<name>/referrers/<digest>, no fallback tag', async () => {
    const api = await startReferrersRegistry();
    try {
      const repository = 'app/api';
      const pushed = await pushTestImage({ host: api.host }, repository);
      const ref = `oci://${api.host}/${repository}@${pushed.digest}`;
      const signing = await sign(ref);
      assert.equal(signing.code, 0, signing.stderr);
      const run = await verify('--policy', await policyFile(), ref);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.ok(api.requests.includes(`GET /v2/${repository}/referrers/${pushed.digest}`));
      const fallback = `/v2/${repository}/manifests/${pushed.digest.replace(':', '-')}`;
      assert.ok(!api.requests.some((r) => r.endsWith(fallback)), 'the fallback tag is not used');
    } finally {
      await api.close();
    }
  });
});

describe('image options that do not apply', () => {
  it('are usage errors naming the option', async () => {
    const ref = `oci://127.0.0.1:1/app@sha256:${'d'.repeat(64)}`;
    const file = join(dir, 'options.bin');
    await writeFile(file, 'x');
    const cases: [string[], RegExp][] = [
      [['sign', '--bundle', 'x.json', ref], /an image's bundles go to its registry/],
      [['sign', '--output-dir', dir, ref], /an image's bundles go to its registry/],
      [['sign', '--recursive', file], /--recursive applies to images/],
      [['verify', ...pins(), '--bundle', 'x.json', ref], /found in its registry/],
      [['verify', ...pins(), '--allow-insecure-registry', file], /applies to images/],
      [['sign', 'oci://127.0.0.1:1/App'], /is not an image reference/],
    ];
    for (const [args, message] of cases) {
      const run = await signet([...args.slice(0, 1), '--server', service.url, ...args.slice(1)]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });
});

describe('registries that answer badly', () => {
  /** A registry on 127.0.0.1 that answers every request with `status` and `body`. */
  async function answering(
    status: number,
    body: string,
    run: (host: string) => Promise<void>,
  ): Promise<void> {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(status, { 'content-type': MEDIA_TYPES.ociManifest }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await run(`127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      await closeServer(server);
    }
  }
  const digest = `sha256:${'c'.repeat(64)}`;

  it('403: signing stops before anything is signed, naming the registry and its reason', () =>
    answering(
      403,
      JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access is denied' }] }),
      async (host) => {
        const issued = await issuedCertificates(service.url);
        const run = await sign(`oci://${host}/app/denied@${digest}`);
        assert.equal(run.code, 1, run.stdout + run.stderr);
        assert.match(
          run.stderr,
          new RegExp(`registry ${host} denied .*requested access is denied`),
        );
        assert.equal(await issuedCertificates(service.url), issued, 'no certificate was asked for');
      },
    ));

  it('garbage: verify says the registry answered something that is not a manifest', () =>
    answering(200, '<html>hello</html>', async (host) => {
      const run = await verify(...pins(), `oci://${host}/app/garbage:v1`);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stderr, new RegExp(`${host}.*not a JSON manifest`));
    }));
});

describe('registry refusals', { skip: registryMissing() }, () => {
  let locked: TestRegistry;

  before(async () => {
    locked = await startRegistry({ auth: 'basic' });
  });

  after(async () => {
    await locked?.close();
  });

  it('says the registry refused, without credentials in the message', async () => {
    const config = join(dir, 'docker');
    await mkdir(config, { recursive: true });
    const auth = Buffer.from(`${locked.username}:wrong-password`).toString('base64');
    await writeFile(
      join(config, 'config.json'),
      JSON.stringify({ auths: { [locked.host]: { auth } } }),
    );
    const run = await signet(
      [
        'verify',
        '--server',
        service.url,
        '--allow-insecure-registry',
        ...pins(),
        `oci://${locked.host}/app/locked@sha256:${'a'.repeat(64)}`,
      ],
      { DOCKER_CONFIG: config },
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`registry ${locked.host}`));
    assert.match(run.stderr, /401|refused|unauthori[sz]ed/i);
    assert.ok(!run.stderr.includes('wrong-password') && !run.stderr.includes(auth));
  });
});
