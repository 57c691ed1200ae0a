import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
} from '@aws-sdk/client-kms';
import type { SignCommandInput } from '@aws-sdk/client-kms';
import { type FakeKms, startFakeKms } from '../helpers/kms.js';

/**
 * The fake KMS itself, driven by the real SDK: it must refuse what KMS refuses and check
 * request signatures for real, or the signer tests that rely on it prove nothing.
 */

let fake: FakeKms;
let client: KMSClient;

before(async () => {
  fake = await startFakeKms();
  client = new KMSClient({
    endpoint: fake.url,
    region: fake.region,
    credentials: fake.credentials,
    maxAttempts: 1,
  });
});
after(async () => {
  client.destroy();
  await fake.close();
});

const message = Buffer.from('message to sign');

async function rejectsWithAws(promise: Promise<unknown>, name: string, pattern?: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    const err = error as Error & { $metadata?: { httpStatusCode?: number } };
    assert.equal(err.name, name, err.message);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    if (pattern !== undefined) assert.match(err.message, pattern);
    return true;
  });
}

describe('fake KMS', () => {
  it('signs RAW and DIGEST messages with the requested algorithm', async () => {
    const key = fake.createKey({ spec: 'ECC_NIST_P384' });
    const publicKey = createPublicKey({
      key: key.publicKey as Buffer,
      format: 'der',
      type: 'spki',
    });
    const raw = await client.send(
      new SignCommand({ KeyId: key.keyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_384' }),
    );
    assert.equal(raw.KeyId, key.arn);
    assert.ok(verify('sha384', message, publicKey, raw.Signature as Uint8Array));
    const digest = await client.send(
      new SignCommand({
        KeyId: key.keyId,
        Message: createHash('sha384').update(message).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_384',
      }),
    );
    assert.ok(verify('sha384', message, publicKey, digest.Signature as Uint8Array));
  });

  it('refuses what KMS refuses when signing', async () => {
    const key = fake.createKey({ spec: 'ECC_NIST_P256' });
    const sign = (input: Partial<SignCommandInput>) =>
      client.send(
        new SignCommand({
          KeyId: key.keyId,
          Message: message,
          SigningAlgorithm: 'ECDSA_SHA_256',
          ...input,
        }),
      );
    await rejectsWithAws(
      sign({ SigningAlgorithm: 'ECDSA_SHA_384' }),
      'InvalidKeyUsageException',
      /ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256/,
    );
    await rejectsWithAws(
      sign({ MessageType: 'DIGEST', Message: createHash('sha384').update(message).digest() }),
      'ValidationException',
      /Digest is invalid length for algorithm ECDSA_SHA_256/,
    );
    await rejectsWithAws(sign({ Message: Buffer.alloc(4097) }), 'ValidationException', /4096/);
    await rejectsWithAws(
      sign({ SigningAlgorithm: 'ECDSA_SHA_999' as 'ECDSA_SHA_256' }),
      'ValidationException',
      /signingAlgorithm/,
    );
    const encryption = fake.createKey({ spec: 'RSA_2048', usage: 'ENCRYPT_DECRYPT' });
    await rejectsWithAws(
      sign({ KeyId: encryption.keyId, SigningAlgorithm: 'RSASSA_PSS_SHA_256' }),
      'InvalidKeyUsageException',
      /key usage is ENCRYPT_DECRYPT which is not valid for Sign/,
    );
    await rejectsWithAws(sign({ KeyId: 'alias/none' }), 'NotFoundException');
    await rejectsWithAws(
      sign({ KeyId: `arn:aws:kms:ap-south-1:${fake.account}:key/${key.keyId}` }),
      'NotFoundException',
    );
  });

  it('creates and describes keys through the protocol', async () => {
    const created = await client.send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    );
    const id = created.KeyMetadata?.KeyId as string;
    const described = await client.send(new DescribeKeyCommand({ KeyId: id }));
    assert.equal(
      described.KeyMetadata?.Arn,
      `arn:aws:kms:${fake.region}:${fake.account}:key/${id}`,
    );
    assert.equal(described.KeyMetadata?.KeyState, 'Enabled');
    assert.deepEqual(described.KeyMetadata?.SigningAlgorithms, ['ECDSA_SHA_256']);
    assert.ok(described.KeyMetadata?.CreationDate instanceof Date);
    const publicKey = await client.send(new GetPublicKeyCommand({ KeyId: id }));
    assert.equal(publicKey.KeySpec, 'ECC_NIST_P256');
    assert.equal(publicKey.KeyUsage, 'SIGN_VERIFY');
    await rejectsWithAws(
      client.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' })),
      'ValidationException',
    );
  });

  it('refuses a request whose body was changed after the SDK signed it', async () => {
    const key = fake.createKey();
    const other = fake.createKey();
    const tampering = new KMSClient({
      endpoint: fake.url,
      region: fake.region,
      credentials: fake.credentials,
      maxAttempts: 1,
    });
    // Runs after the signing middleware (low priority in the same step), on the signed request.
    tampering.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { body: string };
        req.body = req.body.replace(key.keyId, other.keyId);
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    try {
      await rejectsWithAws(
        tampering.send(new GetPublicKeyCommand({ KeyId: key.keyId })),
        'InvalidSignatureException',
        /does not match the signature you provided/,
      );
      assert.equal(fake.calls.at(-1)?.keyId, other.keyId, 'the tampered body reached the fake');
    } finally {
      tampering.destroy();
    }
  });

  it('refuses unsigned requests and other regions', async () => {
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${fake.url}/`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'TrentService.GetPublicKey',
          },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end('{"KeyId":"alias/x"}');
    });
    assert.equal(status.status, 400);
    assert.equal(JSON.parse(status.body).__type, 'MissingAuthenticationTokenException');

    const elsewhere = new KMSClient({
      endpoint: fake.url,
      region: 'ap-south-1',
      credentials: fake.credentials,
      maxAttempts: 1,
    });
    try {
      await rejectsWithAws(
        elsewhere.send(new GetPublicKeyCommand({ KeyId: fake.createKey().keyId })),
        'InvalidSignatureException',
        /scoped to a valid region/,
      );
    } finally {
      elsewhere.destroy();
    }
  });
});
