import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { Agent } from 'node:https';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { AwsKmsSigner, openAwsKmsSigner } from '../../src/kms/aws.js';
import type { AwsKmsOptions } from '../../src/kms/aws.js';
import { KmsError } from '../../src/kms/error.js';
import type { KmsErrorCode } from '../../src/kms/error.js';
import { openSigner } from '../../src/kms/signer.js';
import type { Signer } from '../../src/kms/signer.js';
import { freePort } from '../helpers/server.js';
import { type FakeKms, startFakeKms } from '../helpers/kms.js';

/**
 * The AWS signer through the real @aws-sdk/client-kms (serialisation, SigV4, retries, error
 * parsing) against a KMS that speaks the real protocol and checks every signature.
 */

// Not us-east-1: a client that ignored the ARN's or the option's region would sign for the
// SDK's default and be refused.
const REGION = 'eu-central-1';
const data = Buffer.from('tbsCertificate bytes');

let fake: FakeKms;
const opened: AwsKmsSigner[] = [];

before(async () => {
  fake = await startFakeKms({ region: REGION });
});
after(async () => {
  await fake.close();
});
afterEach(() => {
  for (const signer of opened.splice(0)) signer.destroy();
});

const options = (extra: AwsKmsOptions = {}): AwsKmsOptions => ({
  endpoint: fake.url,
  region: REGION,
  credentials: fake.credentials,
  ...extra,
});

async function open(ref: string, extra?: AwsKmsOptions): Promise<AwsKmsSigner> {
  const signer = await openAwsKmsSigner(ref, options(extra));
  opened.push(signer);
  return signer;
}

function verifies(signer: Signer, message: Buffer, signature: Buffer): boolean {
  const key = createPublicKey({ key: signer.publicKey, format: 'der', type: 'spki' });
  const hash = signer.algorithm === 'ecdsa-p256-sha256' ? 'sha256' : 'sha384';
  return verify(hash, message, key, signature);
}

async function rejectsWith(
  promise: Promise<unknown>,
  code: KmsErrorCode,
  ...patterns: RegExp[]
): Promise<KmsError> {
  let caught: KmsError | undefined;
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof KmsError, String(error));
    assert.equal(error.code, code, error.message);
    for (const pattern of patterns) assert.match(error.message, pattern);
    caught = error;
    return true;
  });
  return caught as KmsError;
}

describe('AWS KMS signer: opening and signing', () => {
  it('opens a P-256 key by alias and signs: DIGEST of SHA-256, verifiable with node:crypto', async () => {
    const key = fake.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/issuing-ca' });
    const before = fake.calls.length;
    const signer = await open('awskms:///alias/issuing-ca');
    assert.equal(signer.ref, 'awskms:///alias/issuing-ca');
    assert.equal(signer.algorithm, 'ecdsa-p256-sha256');
    assert.equal(signer.keyArn, key.arn);
    assert.equal(signer.keySpec, 'ECC_NIST_P256');
    assert.equal(signer.signsDigests, true);
    assert.ok(signer.publicKey.equals(key.publicKey as Buffer));

    const signature = await signer.sign(data);
    assert.ok(verifies(signer, data, signature));
    assert.ok(!verifies(signer, Buffer.from('other'), signature));

    const [getPublicKey, sign] = fake.calls.slice(before);
    assert.equal(getPublicKey?.operation, 'GetPublicKey');
    assert.equal(sign?.operation, 'Sign');
    assert.equal(sign?.status, 200);
    // Signed by the SDK with SigV4 for the right region, and the operation name is signed.
    assert.equal(sign?.region, REGION);
    assert.equal(sign?.accessKeyId, fake.credentials.accessKeyId);
    assert.ok(sign?.signedHeaders?.includes('x-amz-target'));
    assert.deepEqual(sign?.request, {
      KeyId: 'alias/issuing-ca',
      Message: createHash('sha256').update(data).digest('base64'),
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
  });

  it('fetches the public key once, however many signatures follow', async () => {
    fake.createKey({ alias: 'alias/once' });
    const start = { get: fake.count('GetPublicKey'), sign: fake.count('Sign') };
    const signer = await open('awskms:///alias/once');
    const signatures = await Promise.all([1, 2, 3, 4].map((i) => signer.sign(Buffer.from([i]))));
    signatures.forEach((sig, i) => assert.ok(verifies(signer, Buffer.from([i + 1]), sig)));
    assert.equal(fake.count('GetPublicKey') - start.get, 1);
    assert.equal(fake.count('Sign') - start.sign, 4);
  });

  it('signs P-384 keys with ECDSA_SHA_384 over a SHA-384 digest', async () => {
    const key = fake.createKey({ spec: 'ECC_NIST_P384' });
    const signer = await open(`awskms:///${key.keyId}`);
    assert.equal(signer.algorithm, 'ecdsa-p384-sha384');
    const signature = await signer.sign(data);
    assert.ok(verifies(signer, data, signature));
    const request = fake.calls.at(-1)?.request;
    assert.equal(request?.SigningAlgorithm, 'ECDSA_SHA_384');
    assert.equal(request?.Message, createHash('sha384').update(data).digest('base64'));
  });

  it("sends only the digest, so inputs beyond KMS's 4096-byte RAW limit sign", async () => {
    const key = fake.createKey();
    const signer = await open(`awskms:///${key.keyId}`);
    const large = Buffer.alloc(1024 * 1024, 7);
    assert.ok(verifies(signer, large, await signer.sign(large)));
    assert.equal(Buffer.from(fake.calls.at(-1)?.request?.Message as string, 'base64').length, 32);
  });

  it("signDigest signs a caller's digest and refuses one of the wrong length without calling KMS", async () => {
    const key = fake.createKey();
    const signer = await open(`awskms:///${key.keyId}`);
    const digest = createHash('sha256').update(data).digest();
    assert.ok(verifies(signer, data, await signer.signDigest(digest)));
    const calls = fake.calls.length;
    await rejectsWith(
      signer.signDigest(createHash('sha384').update(data).digest()),
      'DIGEST_INVALID',
      /signs SHA256 digests of 32 bytes, got 48 bytes/,
    );
    assert.equal(fake.calls.length, calls);
  });

  it("opens every key reference form; an ARN's region beats the region option", async () => {
    const key = fake.createKey({ alias: 'alias/forms' });
    const aliasArn = key.aliasArn as string;
    for (const ref of [
      `awskms:///${key.keyId}`,
      `awskms:///${key.arn}`,
      'awskms:///alias/forms',
      `awskms:///${aliasArn}`,
    ]) {
      const signer = await open(ref);
      assert.equal(signer.keyArn, key.arn, ref);
      assert.ok(verifies(signer, data, await signer.sign(data)), ref);
    }
    for (const ref of [`awskms:///${key.arn}`, `awskms:///${aliasArn}`]) {
      const signer = await open(ref, { region: 'ap-south-1' });
      assert.ok(verifies(signer, data, await signer.sign(data)), ref);
      assert.equal(fake.calls.at(-1)?.region, REGION);
    }
  });

  it('refuses to mix an endpoint in the reference with a different endpoint option', async () => {
    fake.createKey({ alias: 'alias/mixed' });
    await rejectsWith(
      openAwsKmsSigner(`awskms://kms.example:4566/alias/mixed`, options()),
      'KEY_REF_INVALID',
      /names endpoint https:\/\/kms\.example:4566 but the endpoint option is http:\/\/127\.0\.0\.1/,
    );
    // The same host with another scheme is how a plain-HTTP endpoint is named.
    const signer = await open(`awskms://${fake.host}/alias/mixed`);
    assert.ok(verifies(signer, data, await signer.sign(data)));
  });

  it('openSigner dispatches awskms:// references here', async () => {
    fake.createKey({ alias: 'alias/dispatch' });
    const signer = await openSigner('awskms:///alias/dispatch', options());
    assert.ok(signer instanceof AwsKmsSigner);
    opened.push(signer);
    assert.ok(verifies(signer, data, await signer.sign(data)));
  });

  it('detects an alias moved to another key after opening, instead of signing with it', async () => {
    const first = fake.createKey({ alias: 'alias/rotating' });
    const signer = await open('awskms:///alias/rotating');
    const second = fake.createKey();
    fake.setAlias('alias/rotating', second.keyId);
    await rejectsWith(
      signer.sign(data),
      'KEY_CHANGED',
      new RegExp(`alias/rotating now names ${second.arn}, not ${first.arn}`),
    );
  });
});

describe('AWS KMS signer: regions from the environment', () => {
  const saved: Record<string, string | undefined> = {};
  const VARS = [
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_PROFILE',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
  ];
  beforeEach(() => {
    for (const name of VARS) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    // No shared config files, so nothing outside this test supplies a region.
    process.env.AWS_CONFIG_FILE = '/nonexistent/signet-test/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/signet-test/credentials';
  });
  afterEach(() => {
    for (const name of VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  const noRegion = (): AwsKmsOptions => ({ endpoint: fake.url, credentials: fake.credentials });

  it('takes AWS_REGION through the SDK chain', async () => {
    const key = fake.createKey();
    process.env.AWS_REGION = REGION;
    process.env.AWS_DEFAULT_REGION = 'ap-south-1';
    const signer = await openAwsKmsSigner(`awskms:///${key.keyId}`, noRegion());
    opened.push(signer);
    assert.ok(verifies(signer, data, await signer.sign(data)));
  });

  it('falls back to AWS_DEFAULT_REGION, as the AWS CLI and cosign do', async () => {
    const key = fake.createKey();
    process.env.AWS_DEFAULT_REGION = REGION;
    const signer = await openAwsKmsSigner(`awskms:///${key.keyId}`, noRegion());
    opened.push(signer);
    assert.ok(verifies(signer, data, await signer.sign(data)));
  });

  it('says how to give a region when there is none', async () => {
    const key = fake.createKey();
    const calls = fake.calls.length;
    await rejectsWith(
      openAwsKmsSigner(`awskms:///${key.keyId}`, noRegion()),
      'KMS_CONFIG_INVALID',
      new RegExp(`awskms:///${key.keyId}: no AWS region: use a key or alias ARN`),
    );
    assert.equal(fake.calls.length, calls, 'nothing was sent');
  });

  it('needs no region for an ARN', async () => {
    const key = fake.createKey();
    const signer = await openAwsKmsSigner(`awskms:///${key.arn}`, noRegion());
    opened.push(signer);
    assert.ok(verifies(signer, data, await signer.sign(data)));
  });
});

describe('AWS KMS signer: keys it cannot use', () => {
  it('refuses key specs other than ECC_NIST_P256/P384, naming the spec', async () => {
    const p521 = fake.createKey({ spec: 'ECC_NIST_P521' });
    await rejectsWith(
      openAwsKmsSigner(`awskms:///${p521.keyId}`, options()),
      'KEY_UNSUPPORTED',
      new RegExp(`awskms:///${p521.keyId}: key spec ECC_NIST_P521 is not supported`),
    );
    const rsa = fake.createKey({ spec: 'RSA_2048', alias: 'alias/rsa-signing' });
    await rejectsWith(
      openAwsKmsSigner('awskms:///alias/rsa-signing', options()),
      'KEY_UNSUPPORTED',
      /alias\/rsa-signing: key spec RSA_2048 is not supported; Signet signs with ECC_NIST_P256 or ECC_NIST_P384/,
    );
    assert.ok(rsa.publicKey);
  });

  it('refuses keys whose usage is not SIGN_VERIFY, naming the usage', async () => {
    const agreement = fake.createKey({ spec: 'ECC_NIST_P256', usage: 'KEY_AGREEMENT' });
    await rejectsWith(
      openAwsKmsSigner(`awskms:///${agreement.keyId}`, options()),
      'KEY_UNSUPPORTED',
      /the key's usage is KEY_AGREEMENT; signing needs a SIGN_VERIFY key/,
    );
    const encryption = fake.createKey({ spec: 'RSA_2048', usage: 'ENCRYPT_DECRYPT' });
    await rejectsWith(
      openAwsKmsSigner(`awskms:///${encryption.keyId}`, options()),
      'KEY_UNSUPPORTED',
      /the key's usage is ENCRYPT_DECRYPT/,
    );
    const symmetric = fake.createKey({ spec: 'SYMMETRIC_DEFAULT', usage: 'ENCRYPT_DECRYPT' });
    await rejectsWith(
      openAwsKmsSigner(`awskms:///${symmetric.keyId}`, options()),
      'KMS_REFUSED',
      /GetPublicKey .* UnsupportedOperationException/,
    );
  });
});

describe('AWS KMS signer: refusals and failures', () => {
  it('maps NotFoundException to KMS_REFUSED naming the key and the AWS error', async () => {
    await rejectsWith(
      openAwsKmsSigner('awskms:///alias/absent', options()),
      'KMS_REFUSED',
      /AWS KMS GetPublicKey for awskms:\/\/\/alias\/absent failed: NotFoundException: Alias arn:aws:kms:eu-central-1:111122223333:alias\/absent is not found/,
    );
    const id = '0b7d2a7e-1111-4222-8333-944455556666';
    await rejectsWith(
      openAwsKmsSigner(`awskms:///${id}`, options()),
      'KMS_REFUSED',
      new RegExp(`for awskms:///${id} failed: NotFoundException: Key '.*${id}' does not exist`),
    );
  });

  it("maps AccessDeniedException to KMS_REFUSED with AWS's message", async () => {
    const key = fake.createKey({ alias: 'alias/denied' });
    const message = `User: arn:aws:iam::111122223333:user/ci is not authorized to perform: kms:GetPublicKey on resource: ${key.arn}`;
    fake.inject({ operation: 'GetPublicKey', type: 'AccessDeniedException', message });
    await rejectsWith(
      openAwsKmsSigner('awskms:///alias/denied', options()),
      'KMS_REFUSED',
      /awskms:\/\/\/alias\/denied failed: AccessDeniedException: User: arn:aws:iam::111122223333:user\/ci is not authorized/,
      /key policy or IAM/,
    );
    const signer = await open('awskms:///alias/denied');
    fake.inject({ operation: 'Sign', type: 'AccessDeniedException', message: 'not for you' });
    await rejectsWith(
      signer.sign(data),
      'KMS_REFUSED',
      /Sign for awskms:\/\/\/alias\/denied failed: AccessDeniedException: not for you/,
    );
  });

  it('maps disabled and pending-deletion keys to KMS_REFUSED, at open and at signing', async () => {
    const key = fake.createKey({ alias: 'alias/disabled' });
    const signer = await open('awskms:///alias/disabled');
    fake.setKeyState(key.keyId, 'Disabled');
    await rejectsWith(
      openAwsKmsSigner('awskms:///alias/disabled', options()),
      'KMS_REFUSED',
      new RegExp(
        `GetPublicKey for awskms:///alias/disabled failed: DisabledException: ${key.arn} is disabled\\. \\(the key is disabled\\)`,
      ),
    );
    await rejectsWith(
      signer.sign(data),
      'KMS_REFUSED',
      /Sign for awskms:\/\/\/alias\/disabled failed: DisabledException/,
    );
    fake.setKeyState(key.keyId, 'PendingDeletion');
    await rejectsWith(
      signer.sign(data),
      'KMS_REFUSED',
      /KMSInvalidStateException: .* is pending deletion/,
    );
    fake.setKeyState(key.keyId, 'Enabled');
    assert.ok(verifies(signer, data, await signer.sign(data)));
  });

  it('lets the SDK retry throttling, then succeeds', async () => {
    const key = fake.createKey();
    const signer = await open(`awskms:///${key.keyId}`);
    const before = fake.count('Sign');
    fake.inject({
      operation: 'Sign',
      type: 'ThrottlingException',
      status: 400,
      times: 2,
      message: 'Rate exceeded',
    });
    assert.ok(verifies(signer, data, await signer.sign(data)));
    const attempts = fake.calls.slice(-3);
    assert.equal(fake.count('Sign') - before, 3);
    assert.deepEqual(
      attempts.map((c) => [c.status, c.errorType, c.attempt]),
      [
        [400, 'ThrottlingException', 'attempt=1; max=3'],
        [400, 'ThrottlingException', 'attempt=2; max=3'],
        [200, undefined, 'attempt=3; max=3'],
      ],
    );
  });

  it('reports throttling that outlasts the retries as KMS_UNAVAILABLE', async () => {
    const key = fake.createKey();
    const signer = await open(`awskms:///${key.keyId}`, { maxAttempts: 2 });
    fake.inject({
      operation: 'Sign',
      type: 'ThrottlingException',
      times: 2,
      message: 'Rate exceeded',
    });
    await rejectsWith(
      signer.sign(data),
      'KMS_UNAVAILABLE',
      new RegExp(
        `Sign for awskms:///${key.keyId} failed after 2 attempts: ThrottlingException: Rate exceeded`,
      ),
    );
  });

  it('retries server errors and dropped connections; reports them as KMS_UNAVAILABLE when they persist', async () => {
    const key = fake.createKey();
    const signer = await open(`awskms:///${key.keyId}`, { maxAttempts: 2 });
    fake.inject({ operation: 'Sign', status: 500, type: 'KMSInternalException' });
    assert.ok(verifies(signer, data, await signer.sign(data)));
    fake.inject({ operation: 'Sign', dropConnection: true });
    assert.ok(verifies(signer, data, await signer.sign(data)));
    fake.inject({
      operation: 'Sign',
      status: 500,
      type: 'KMSInternalException',
      times: 2,
      message: 'boom',
    });
    await rejectsWith(
      signer.sign(data),
      'KMS_UNAVAILABLE',
      /after 2 attempts: KMSInternalException: boom/,
    );
  });

  it('gives up on an endpoint that does not answer (KMS_UNAVAILABLE), after the time limit', async () => {
    const key = fake.createKey();
    const signer = await open(`awskms:///${key.keyId}`, { maxAttempts: 1, requestTimeoutMs: 300 });
    fake.inject({ operation: 'Sign', hang: true });
    const start = Date.now();
    await rejectsWith(
      signer.sign(data),
      'KMS_UNAVAILABLE',
      new RegExp(
        `Sign for awskms:///${key.keyId} failed: ETIMEDOUT: .*exceeded the configured 300 ms requestTimeout`,
      ),
    );
    assert.ok(Date.now() - start < 5_000);
  });

  it('reports an unreachable endpoint as KMS_UNAVAILABLE naming the key', async () => {
    const port = await freePort();
    await rejectsWith(
      openAwsKmsSigner(
        'awskms:///alias/anything',
        options({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2 }),
      ),
      'KMS_UNAVAILABLE',
      /GetPublicKey for awskms:\/\/\/alias\/anything failed after 2 attempts: ECONNREFUSED/,
    );
  });
});

describe('AWS KMS signer: credentials and request signing', () => {
  it('is refused when the client signs with the wrong secret key (the fake checks SigV4)', async () => {
    fake.createKey({ alias: 'alias/sigv4' });
    const before = fake.calls.length;
    await rejectsWith(
      openAwsKmsSigner(
        'awskms:///alias/sigv4',
        options({ credentials: { ...fake.credentials, secretAccessKey: 'not-the-secret' } }),
      ),
      'KMS_REFUSED',
      /InvalidSignatureException: The request signature we calculated does not match/,
    );
    const call = fake.calls[before];
    assert.equal(call?.accessKeyId, fake.credentials.accessKeyId, 'the request reached the fake');
    assert.equal(call?.status, 400);
  });

  it('is refused for an unknown access key', async () => {
    fake.createKey({ alias: 'alias/akid' });
    await rejectsWith(
      openAwsKmsSigner(
        'awskms:///alias/akid',
        options({ credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' } }),
      ),
      'KMS_REFUSED',
      /UnrecognizedClientException: The security token included in the request is invalid/,
    );
  });

  it("uses the SDK's default credential chain when none are given (here, the environment)", async () => {
    fake.createKey({ alias: 'alias/env-credentials' });
    const saved = {
      id: process.env.AWS_ACCESS_KEY_ID,
      secret: process.env.AWS_SECRET_ACCESS_KEY,
      token: process.env.AWS_SESSION_TOKEN,
    };
    process.env.AWS_ACCESS_KEY_ID = fake.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = fake.credentials.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    try {
      const signer = await openAwsKmsSigner('awskms:///alias/env-credentials', {
        endpoint: fake.url,
        region: REGION,
      });
      opened.push(signer);
      assert.ok(verifies(signer, data, await signer.sign(data)));
    } finally {
      restore('AWS_ACCESS_KEY_ID', saved.id);
      restore('AWS_SECRET_ACCESS_KEY', saved.secret);
      restore('AWS_SESSION_TOKEN', saved.token);
    }
  });
  it('says so when the default chain finds no credentials, before sending anything', async () => {
    fake.createKey({ alias: 'alias/no-credentials' });
    const saved = Object.entries(process.env).filter(([name]) => name.startsWith('AWS_'));
    for (const [name] of saved) delete process.env[name];
    // Every source in the chain empty: no variables, no config files, no instance metadata.
    process.env.AWS_CONFIG_FILE = '/nonexistent/signet-test/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/signet-test/credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const calls = fake.calls.length;
    try {
      await rejectsWith(
        openAwsKmsSigner('awskms:///alias/no-credentials', { endpoint: fake.url, region: REGION }),
        'KMS_CONFIG_INVALID',
        /awskms:\/\/\/alias\/no-credentials: no AWS credentials found in the SDK's default chain/,
      );
      assert.equal(fake.calls.length, calls);
    } finally {
      for (const name of Object.keys(process.env)) {
        if (name.startsWith('AWS_')) delete process.env[name];
      }
      for (const [name, value] of saved) process.env[name] = value;
    }
  });
});

describe('AWS KMS signer: an endpoint in the reference', () => {
  let tlsFake: FakeKms;
  before(async () => {
    tlsFake = await startFakeKms({ region: REGION, tls: true });
  });
  after(async () => {
    await tlsFake.close();
  });

  it('reaches awskms://HOST:PORT/... over HTTPS, as cosign does', async () => {
    const key = tlsFake.createKey({ alias: 'alias/localstack' });
    const ref = `awskms://${tlsFake.host}/alias/localstack`;
    const signer = await openAwsKmsSigner(ref, {
      region: REGION,
      credentials: tlsFake.credentials,
      httpsAgent: new Agent({ ca: tlsFake.caPem }),
    });
    opened.push(signer);
    assert.equal(signer.keyArn, key.arn);
    assert.ok(verifies(signer, data, await signer.sign(data)));
    assert.equal(tlsFake.count('Sign'), 1);
  });

  it("does not trust the endpoint's certificate without the agent (so HTTPS really is in use)", async () => {
    tlsFake.createKey({ alias: 'alias/untrusted' });
    await rejectsWith(
      openAwsKmsSigner(`awskms://${tlsFake.host}/alias/untrusted`, {
        region: REGION,
        credentials: tlsFake.credentials,
        maxAttempts: 1,
      }),
      'KMS_UNAVAILABLE',
      /GetPublicKey for awskms:\/\/127\.0\.0\.1:\d+\/alias\/untrusted failed: .*(certificate|CERT)/,
    );
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
