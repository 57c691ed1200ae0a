import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parsePem, toPem } from '../../src/core/pem.js';
import {
  parseCertificate,
  spkiOf,
  verifyCertificateSignature,
  certificatePublicKey,
} from '../../src/core/x509.js';
import { type FakeKey, type FakeKms, startFakeKms, useFakeKmsEnvironment } from '../helpers/kms.js';
import { type TestService, startTestService } from '../helpers/server.js';

/**
 * The issuing CA key in AWS KMS: the real @aws-sdk/client-kms, configured the way an operator
 * would (`ca.issuingKey: awskms:///alias/...`, endpoint, region and credentials from the
 * environment), against a KMS on 127.0.0.1 that speaks the JSON protocol and checks SigV4.
 */

let kms: FakeKms;
let key: FakeKey;
let service: TestService;

before(async () => {
  kms = await startFakeKms();
  key = kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/signet-issuing' });
  useFakeKmsEnvironment(kms);
  service = await startTestService({
    devIssuer: true,
    ca: { issuingKey: 'awskms:///alias/signet-issuing', issuingKeyType: 'p256', maxInFlight: 512 },
  });
});

after(async () => {
  await service?.dispose();
  await kms?.close();
});

async function requestCertificate(): Promise<{ status: number; json: Record<string, unknown> }> {
  const tokenResponse = await fetch(`${service.url}/dev-oidc/token`, { method: 'POST' });
  const { id_token: token } = (await tokenResponse.json()) as { id_token: string };
  const email = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString())
    .email as string;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const response = await fetch(`${service.url}/api/v2/signingCert`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      publicKeyRequest: {
        publicKey: { content: toPem('PUBLIC KEY', spkiOf(privateKey)) },
        proofOfPossession: sign('sha256', Buffer.from(email), privateKey).toString('base64'),
      },
    }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('issuing CA key in AWS KMS', () => {
  it('has its public key certified by the root at init', () => {
    const trust = service.trustedRoot as {
      certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
    };
    const [issuing, root] = (trust.certificateAuthorities[0]?.certChain.certificates ?? []).map(
      (c) => parseCertificate(Buffer.from(c.rawBytes, 'base64')),
    );
    assert.ok(issuing && root);
    assert.ok(issuing.publicKey.equals(key.publicKey as Buffer), 'issuing CA key is the KMS key');
    assert.ok(verifyCertificateSignature(issuing, certificatePublicKey(root)));
  });

  it('signs each certificate through KMS, once: the in-process CT log takes the precert entry unsigned', async () => {
    const signsBefore = kms.count('Sign');
    const { status, json } = await requestCertificate();
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(kms.count('Sign') - signsBefore, 1);
    const chain = (
      json.signedCertificateEmbeddedSct as { chain: { certificates: string[] } }
    ).chain.certificates.map((pem) => parsePem(pem)[0]?.der as Buffer);
    const leaf = parseCertificate(chain[0] as Buffer);
    assert.ok(
      verifyCertificateSignature(leaf, certificatePublicKey(parseCertificate(chain[1] as Buffer))),
    );
  });

  it('answers 503 naming the key when KMS refuses, and issues nothing', async () => {
    kms.setKeyState(key.keyId, 'Disabled');
    try {
      const { status, json } = await requestCertificate();
      assert.equal(status, 503, JSON.stringify(json));
      assert.match(
        String(json.message),
        /issuing CA key awskms:\/\/\/alias\/signet-issuing could not sign/,
      );
      assert.match(String(json.message), /Disabled/);
    } finally {
      kms.setKeyState(key.keyId, 'Enabled');
    }
  });
});
