import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundleFromJSON, bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { SigningConfig, TrustedRoot } from '@sigstore/protobuf-specs';
import { bundleBuilderFromSigningConfig } from '@sigstore/sign';
import { VerificationError, Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { IDENTITY_EXTENSIONS, readIdentity } from '../../src/ca/extensions.js';
import { toPem } from '../../src/core/pem.js';
import { parseCertificate } from '../../src/core/x509.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import { openssl } from './helpers.js';
import { missingTools } from '../helpers/tools.js';

/**
 * sigstore-js end to end against the whole service, configured only from what the service
 * publishes: `bundleBuilderFromSigningConfig` reads /signing_config.json, gets a certificate from
 * our Fulcio API with a GitHub-shaped token from a GHES-style issuer on 127.0.0.1, logs to our
 * Rekor v2 and timestamps with our TSA; `@sigstore/verify` then checks the chain, the embedded
 * SCT from our CT log, the inclusion proof and the timestamp at its default thresholds.
 */

let issuer: TestIssuer;
let service: TestService;
let signingConfig: unknown;
let trustedRoot: unknown;
let json: SerializedBundle;
const artifact = randomBytes(512);

const SAN = (url: string): string =>
  `${new URL(url).origin}/octo-org/shared/.github/workflows/sign.yml@refs/tags/v1`;

before(async () => {
  issuer = await startTestIssuer({ path: '/_services/token' });
  service = await startTestService({
    identity: {
      'oidc-issuers': {
        [issuer.url]: {
          'issuer-url': issuer.url,
          'client-id': 'sigstore',
          type: 'github-workflow',
        },
      },
    },
  });
  signingConfig = await (await fetch(`${service.url}/signing_config.json`)).json();
  trustedRoot = await (await fetch(`${service.url}/trusted_root.json`)).json();
  const claims = issuer.githubClaims({
    job_workflow_ref: 'octo-org/shared/.github/workflows/sign.yml@refs/tags/v1',
  });
  const builder = bundleBuilderFromSigningConfig({
    signingConfig: SigningConfig.fromJSON(signingConfig),
    identityProvider: { getToken: () => issuer.mint(claims) },
    bundleType: 'messageSignature',
    fetchOptions: { retry: 0, timeout: 30_000 },
  });
  const bundle = await builder.create({ data: artifact });
  json = JSON.parse(JSON.stringify(bundleToJSON(bundle))) as SerializedBundle;
});

after(async () => {
  await service?.dispose();
  await issuer?.close();
});

const verifier = (): Verifier =>
  // sjs defaults: one SCT, one tlog entry, one timestamp.
  new Verifier(toTrustMaterial(TrustedRoot.fromJSON(trustedRoot)), {
    ctlogThreshold: 1,
    tlogThreshold: 1,
    timestampThreshold: 1,
  });

function leafOf(bundle: SerializedBundle): Buffer {
  const material = bundle.verificationMaterial;
  const raw =
    material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
  assert.ok(raw, 'bundle carries no certificate');
  return Buffer.from(raw, 'base64');
}

describe('sigstore-js signing against Signet with only the published signing config', () => {
  it('gets a certificate naming the workflow, with every GitHub extension', () => {
    const identity = readIdentity(parseCertificate(leafOf(json)));
    assert.equal(identity.san.value, SAN(issuer.url));
    assert.equal(identity.issuer, issuer.url);
    assert.equal(identity.issuerV1, issuer.url);
    assert.equal(identity.githubWorkflowTrigger, 'push');
    assert.equal(identity.sourceRepositoryUri, `${new URL(issuer.url).origin}/octo-org/octo-repo`);
  });

  it('verifies with @sigstore/verify at its default thresholds (SCT, tlog, timestamp)', () => {
    const signer = verifier().verify(toSignedEntity(bundleFromJSON(json), artifact), {
      subjectAlternativeName: SAN(issuer.url),
      extensions: { issuer: issuer.url },
    });
    assert.equal(signer.identity?.subjectAlternativeName, SAN(issuer.url));
  });

  it('fails the SCT check when the CT log is missing from the trusted root', () => {
    const root = structuredClone(trustedRoot) as { ctlogs: unknown[] };
    root.ctlogs = [];
    const strict = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(root)), {
      ctlogThreshold: 1,
      tlogThreshold: 1,
      timestampThreshold: 1,
    });
    assert.throws(
      () => strict.verify(toSignedEntity(bundleFromJSON(json), artifact)),
      (error: unknown) => error instanceof VerificationError && /SCT/i.test(error.message),
    );
  });

  it('fails for another workflow identity and for another issuer', () => {
    const entity = toSignedEntity(bundleFromJSON(json), artifact);
    assert.throws(() =>
      verifier().verify(entity, { subjectAlternativeName: `${SAN(issuer.url)}x` }),
    );
    assert.throws(() =>
      verifier().verify(entity, {
        extensions: { issuer: 'https://token.actions.githubusercontent.com' },
      }),
    );
  });

  it('embeds exactly one SCT whose log ID is the trusted root CT log', () => {
    const cert = parseCertificate(leafOf(json));
    const last = cert.extensions[cert.extensions.length - 1];
    assert.equal(last?.oid, '1.3.6.1.4.1.11129.2.4.2');
    const ctLogId = (trustedRoot as { ctlogs: { logId: { keyId: string } }[] }).ctlogs[0]?.logId
      .keyId;
    // extnValue = OCTET STRING { list length, SCT length, version 0, 32-byte log ID, ... }
    const logId = (last?.value as Buffer).subarray(2 + 2 + 2 + 1, 2 + 2 + 2 + 1 + 32);
    assert.equal(logId.toString('base64'), ctLogId);
    assert.ok(!cert.extensions.some((e) => e.oid === '1.3.6.1.4.1.11129.2.4.3'), 'no poison');
  });
});

describe('openssl on the issued chain', { skip: missingTools(['openssl', 'openssl']) }, () => {
  it('accepts leaf → issuing CA → root, and both carry the codeSigning purpose', async () => {
    const dir = await tempDir();
    const leaf = leafOf(json);
    const root = (
      trustedRoot as {
        certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
      }
    ).certificateAuthorities[0]?.certChain.certificates.map((c) =>
      Buffer.from(c.rawBytes, 'base64'),
    );
    assert.equal(root?.length, 2);
    await writeFile(join(dir, 'leaf.pem'), toPem('CERTIFICATE', leaf));
    await writeFile(join(dir, 'issuing.pem'), toPem('CERTIFICATE', root?.[0] as Buffer));
    await writeFile(join(dir, 'root.pem'), toPem('CERTIFICATE', root?.[1] as Buffer));
    const base = ['verify', '-x509_strict', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem'];
    // OpenSSL 3.2 added the codesign purpose (EKU checked along the chain); 3.0 lacks it, so
    // there the EKU of each certificate is read back instead.
    const probe = await openssl([...base, '-purpose', 'codesign', 'leaf.pem'], dir);
    if (/Invalid purpose/.test(probe.stderr)) {
      const plain = await openssl([...base, 'leaf.pem'], dir);
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stdout, /leaf\.pem: OK/);
      for (const file of ['leaf.pem', 'issuing.pem']) {
        const text = await openssl(
          ['x509', '-in', file, '-noout', '-ext', 'extendedKeyUsage'],
          dir,
        );
        assert.match(text.stdout, /Code Signing/, `${file} lacks EKU codeSigning`);
      }
    } else {
      assert.equal(probe.code, 0, probe.stderr);
      assert.match(probe.stdout, /leaf\.pem: OK/);
    }
    const text = await openssl(['x509', '-in', 'leaf.pem', '-noout', '-text'], dir);
    assert.match(text.stdout, /X509v3 Subject Alternative Name: critical/);
    assert.match(text.stdout, /CT Precertificate SCTs|1\.3\.6\.1\.4\.1\.11129\.2\.4\.2/);
    assert.match(text.stdout, new RegExp(IDENTITY_EXTENSIONS.issuer.oid.replaceAll('.', '\\.')));
  });
});
