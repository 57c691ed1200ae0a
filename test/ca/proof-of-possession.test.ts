import assert from 'node:assert/strict';
import { type KeyObject, randomBytes, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parsePem, toPem } from '../../src/core/pem.js';
import { parseCertificate, spkiOf } from '../../src/core/x509.js';
import { type TestService, startTestService } from '../helpers/server.js';
import { newKey } from '../helpers/stack.js';

/**
 * The proof of possession through the real service: a public-key request is certified only
 * when its proof is a signature by that key over the token's challenge claim (the development
 * issuer's `email`). A signature by another key, over another identity, or bytes that are no
 * signature at all are refused with 400 naming the claim, and nothing reaches the CT log.
 */

const EMAIL = 'alice@signet.test';

let service: TestService;
let token: string;

before(async () => {
  service = await startTestService({ devIssuer: true });
  const response = await fetch(`${service.url}/dev-oidc/token`, {
    method: 'POST',
    body: new URLSearchParams({ email: EMAIL }),
  });
  token = ((await response.json()) as { id_token: string }).id_token;
});

after(async () => {
  await service?.dispose();
});

interface Answer {
  message?: string;
  signedCertificateEmbeddedSct?: { chain: { certificates: string[] } };
}

/** Requests a certificate for `key`'s public key with `proof` as its proof of possession. */
async function request(key: KeyObject, proof: Buffer): Promise<{ status: number; json: Answer }> {
  const response = await fetch(`${service.url}/api/v2/signingCert`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      credentials: { oidcIdentityToken: token },
      publicKeyRequest: {
        publicKey: { content: toPem('PUBLIC KEY', spkiOf(key)) },
        proofOfPossession: proof.toString('base64'),
      },
    }),
  });
  return { status: response.status, json: (await response.json()) as Answer };
}

async function ctTreeSize(): Promise<number> {
  const text = await (await fetch(`${service.url}/ct/checkpoint`)).text();
  return Number(text.split('\n')[1]);
}

/** The hash each key type signs with, as the CA verifies it (null: Ed25519 signs the message). */
const proofBy = (key: KeyObject, message: string): Buffer =>
  sign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', Buffer.from(message), key);

describe('proof of possession through POST /api/v2/signingCert', () => {
  for (const type of ['p256', 'ed25519'] as const) {
    it(`certifies a ${type} key with its signature over the email claim`, async () => {
      const key = newKey(type);
      const { status, json } = await request(key, proofBy(key, EMAIL));
      assert.equal(status, 200, JSON.stringify(json));
      const leaf = json.signedCertificateEmbeddedSct?.chain.certificates[0] ?? '';
      const [block] = parsePem(leaf, 'CERTIFICATE');
      assert.ok(block && parseCertificate(block.der).publicKey.equals(spkiOf(key)));
    });
  }

  const refusals: [string, (key: KeyObject) => Buffer][] = [
    ['a signature by another key', () => proofBy(newKey('p256'), EMAIL)],
    ['a signature over another identity', (key) => proofBy(key, 'bob@signet.test')],
    [
      'a signature over the email with a different case',
      (key) => proofBy(key, EMAIL.toUpperCase()),
    ],
    ['a truncated signature', (key) => proofBy(key, EMAIL).subarray(0, -4)],
    ['random bytes', () => randomBytes(72)],
    ['an empty DER SEQUENCE', () => Buffer.from([0x30, 0x00])],
  ];
  for (const [name, proof] of refusals) {
    it(`refuses ${name}, issuing and logging nothing`, async () => {
      const key = newKey('p256');
      const before = await ctTreeSize();
      const { status, json } = await request(key, proof(key));
      assert.equal(status, 400, JSON.stringify(json));
      assert.match(json.message ?? '', /proof of possession does not verify.*"email" claim/);
      assert.equal(await ctTreeSize(), before);
    });
  }

  it('refuses an Ed25519 signature by another Ed25519 key', async () => {
    const { status, json } = await request(newKey('ed25519'), proofBy(newKey('ed25519'), EMAIL));
    assert.equal(status, 400, JSON.stringify(json));
    assert.match(json.message ?? '', /proof of possession does not verify/);
  });
});
