import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { type AwsKmsSigner, openAwsKmsSigner } from '../../src/kms/aws.js';
import { KmsError } from '../../src/kms/error.js';
import { type FakeKeySpec, type FakeKms, startFakeKms } from '../helpers/kms.js';

/**
 * The AWS KMS signer checks each signature KMS returns against the public key it read when it
 * opened, before the signature is used: a KMS (or anything in between) that answers with a
 * signature over another message, or that named another key in GetPublicKey, makes signing
 * fail with KMS_RESPONSE_INVALID instead of yielding a certificate or bundle that no verifier
 * accepts. The fake answers these with status 200 and well-formed values, as a faulty KMS
 * would; the real @aws-sdk/client-kms talks to it.
 */

const data = Buffer.from('tbsCertificate bytes');

let fake: FakeKms;
const opened: AwsKmsSigner[] = [];

before(async () => {
  fake = await startFakeKms();
});
after(async () => {
  await fake?.close();
});
afterEach(() => {
  for (const signer of opened.splice(0)) signer.destroy();
});

async function open(keyId: string): Promise<AwsKmsSigner> {
  const signer = await openAwsKmsSigner(`awskms:///${keyId}`, {
    endpoint: fake.url,
    region: fake.region,
    credentials: fake.credentials,
    maxAttempts: 1,
  });
  opened.push(signer);
  return signer;
}

const refused = (keyArn: string) => (error: unknown) => {
  assert.ok(error instanceof KmsError, String(error));
  assert.equal(error.code, 'KMS_RESPONSE_INVALID', error.message);
  assert.match(error.message, /returned a signature that does not verify under/);
  assert.ok(error.message.includes(keyArn), error.message);
  return true;
};

const verifies = (signer: AwsKmsSigner, signature: Buffer): boolean =>
  verify(
    signer.algorithm === 'ecdsa-p256-sha256' ? 'sha256' : 'sha384',
    data,
    createPublicKey({ key: signer.publicKey, format: 'der', type: 'spki' }),
    signature,
  );

describe('AWS KMS signer: signatures are checked against the key before use', () => {
  for (const spec of ['ECC_NIST_P256', 'ECC_NIST_P384'] as FakeKeySpec[]) {
    it(`refuses a signature over another message (${spec}), then signs again`, async () => {
      const key = fake.createKey({ spec });
      const signer = await open(key.keyId);
      fake.inject({ wrong: 'signature' });
      await assert.rejects(signer.sign(data), refused(key.arn));
      // KMS answered (200, a genuine signature of this key): the refusal is the signer's.
      assert.equal(fake.calls.at(-1)?.operation, 'Sign');
      assert.equal(fake.calls.at(-1)?.status, 200);
      assert.ok(verifies(signer, await signer.sign(data)));
    });
  }

  it('refuses to sign when GetPublicKey named another key', async () => {
    const key = fake.createKey({ spec: 'ECC_NIST_P256' });
    fake.inject({ wrong: 'publicKey' });
    const signer = await open(key.keyId);
    assert.ok(!signer.publicKey.equals(key.publicKey as Buffer), 'the fake gave another key');
    await assert.rejects(signer.sign(data), refused(key.arn));
    await assert.rejects(signer.signDigest(Buffer.alloc(32, 7)), refused(key.arn));
    assert.equal(fake.calls.at(-1)?.status, 200);
    // Reopened with the key's own public key, the same KMS key signs.
    const reopened = await open(key.keyId);
    assert.ok(verifies(reopened, await reopened.sign(data)));
  });
});
