import assert from 'node:assert/strict';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { oid } from '../../src/core/der.js';
import { toPem } from '../../src/core/pem.js';
import { parseSpki } from '../../src/core/prehash.js';
import { spkiOf } from '../../src/core/x509.js';
import { KmsError } from '../../src/kms/error.js';
import type { KmsErrorCode } from '../../src/kms/error.js';
import {
  MAX_KEY_FILE_BYTES,
  ephemeralSigner,
  fileSigner,
  localSigner,
  openSigner,
} from '../../src/kms/signer.js';
import type { Signer } from '../../src/kms/signer.js';

const message = Buffer.from('the artifact bytes');

/** Keys from generateKeyPairSync, re-imported (Node 20 keygen deadlock, see signer.ts). */
function generate(type: 'ec' | 'rsa' | 'ed25519', namedCurve?: string): KeyObject {
  const pair =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: namedCurve ?? 'P-256' })
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ed25519');
  return createPrivateKey(pair.privateKey.export({ format: 'pem', type: 'pkcs8' }));
}

const hashOf = (signer: Signer): string =>
  signer.algorithm === 'ecdsa-p256-sha256' ? 'sha256' : 'sha384';

function assertVerifies(signer: Signer, data: Buffer, signature: Buffer): void {
  const key = createPublicKey({ key: signer.publicKey, format: 'der', type: 'spki' });
  assert.ok(verify(hashOf(signer), data, key, signature), 'the signature verifies');
  assert.ok(!verify(hashOf(signer), Buffer.from('other bytes'), key, signature));
  assert.equal(signature[0], 0x30, 'a DER SEQUENCE, not IEEE P1363');
}

async function rejectsWith(
  promise: Promise<unknown>,
  code: KmsErrorCode,
  pattern: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof KmsError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

function throwsWith(fn: () => unknown, code: KmsErrorCode, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof KmsError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('ephemeralSigner', () => {
  it('makes a P-256 key by default and signs with ECDSA SHA-256 (DER)', async () => {
    const signer = ephemeralSigner();
    assert.equal(signer.ref, 'ephemeral');
    assert.equal(signer.algorithm, 'ecdsa-p256-sha256');
    assert.equal(signer.signsDigests, false);
    const key = parseSpki(signer.publicKey);
    assert.equal(key.kind === 'ec' && key.curve, 'prime256v1');
    assertVerifies(signer, message, await signer.sign(message));
  });

  it('makes a new key each time', () => {
    assert.ok(!ephemeralSigner().publicKey.equals(ephemeralSigner().publicKey));
  });

  it('makes P-384 keys on request', async () => {
    const signer = ephemeralSigner('P-384');
    assert.equal(signer.algorithm, 'ecdsa-p384-sha384');
    assertVerifies(signer, message, await signer.sign(message));
  });

  it('refuses signDigest, which a local key cannot do soundly, and checks the length first', async () => {
    const signer = ephemeralSigner();
    const digest = createHash('sha256').update(message).digest();
    await rejectsWith(signer.signDigest(digest), 'DIGEST_SIGNING_UNSUPPORTED', /use sign\(data\)/);
    await rejectsWith(signer.signDigest(digest.subarray(1)), 'DIGEST_INVALID', /32 bytes, got 31/);
  });
});

describe('localSigner', () => {
  it('signs with the given key and reports its SPKI', async () => {
    const key = generate('ec', 'P-384');
    const signer = localSigner(key, 'test:p384');
    assert.equal(signer.ref, 'test:p384');
    assert.equal(signer.algorithm, 'ecdsa-p384-sha384');
    assert.ok(signer.publicKey.equals(spkiOf(key)));
    assertVerifies(signer, message, await signer.sign(message));
  });

  it('refuses keys that cannot make ECDSA P-256/P-384 signatures, naming them', () => {
    throwsWith(
      () => localSigner(generate('rsa'), 'test:rsa'),
      'KEY_UNSUPPORTED',
      /test:rsa: rsa keys cannot sign here/,
    );
    throwsWith(
      () => localSigner(generate('ed25519'), 'test:ed'),
      'KEY_UNSUPPORTED',
      /test:ed: ed25519 keys cannot sign here; .*P-256 or P-384/,
    );
    throwsWith(
      () => localSigner(generate('ec', 'P-521'), 'test:p521'),
      'KEY_UNSUPPORTED',
      /test:p521 is an EC secp521r1 key/,
    );
    throwsWith(
      () => localSigner(generate('ec', 'secp256k1'), 'test:k1'),
      'KEY_UNSUPPORTED',
      /test:k1 is an EC key on curve secp256k1; Signet signs with ECDSA P-256 or P-384 keys/,
    );
    throwsWith(
      () => localSigner(createPublicKey(generate('ec')), 'test:pub'),
      'KEY_UNSUPPORTED',
      /test:pub is a public key, not a private key/,
    );
  });
});

describe('fileSigner and openSigner for files', () => {
  let dir: string;
  const ecP256 = generate('ec', 'P-256');
  const ecP384 = generate('ec', 'P-384');
  const path = (name: string): string => join(dir, name);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-kms-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function write(name: string, text: string | Buffer): Promise<string> {
    await writeFile(path(name), text, { mode: 0o600 });
    return path(name);
  }

  it('reads PKCS#8 PEM (BEGIN PRIVATE KEY)', async () => {
    const file = await write('p256.pem', ecP256.export({ format: 'pem', type: 'pkcs8' }));
    const signer = await fileSigner(file);
    assert.equal(signer.ref, `file:${file}`);
    assert.equal(signer.algorithm, 'ecdsa-p256-sha256');
    assert.ok(signer.publicKey.equals(spkiOf(ecP256)));
    assertVerifies(signer, message, await signer.sign(message));
  });

  it('reads SEC 1 PEM (BEGIN EC PRIVATE KEY), with or without an EC PARAMETERS block', async () => {
    const sec1 = ecP384.export({ format: 'pem', type: 'sec1' }) as string;
    assert.match(sec1, /BEGIN EC PRIVATE KEY/);
    const plain = await fileSigner(await write('sec1.pem', sec1));
    assert.equal(plain.algorithm, 'ecdsa-p384-sha384');
    assert.ok(plain.publicKey.equals(spkiOf(ecP384)));
    assertVerifies(plain, message, await plain.sign(message));

    // What `openssl ecparam -name secp384r1 -genkey` writes.
    const withParams = toPem('EC PARAMETERS', oid('1.3.132.0.34')) + sec1;
    const signer = await fileSigner(await write('ecparam.pem', withParams));
    assert.ok(signer.publicKey.equals(spkiOf(ecP384)));
  });

  it('refuses encrypted keys, saying they are encrypted', async () => {
    const pkcs8 = ecP256.export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: 'secret',
    }) as string;
    assert.match(pkcs8, /BEGIN ENCRYPTED PRIVATE KEY/);
    await rejectsWith(
      fileSigner(await write('enc-pkcs8.pem', pkcs8)),
      'KEY_FILE_INVALID',
      /enc-pkcs8\.pem: the key is encrypted \(ENCRYPTED PRIVATE KEY\)/,
    );
    const legacy = ecP256.export({
      format: 'pem',
      type: 'sec1',
      cipher: 'aes-256-cbc',
      passphrase: 'secret',
    }) as string;
    assert.match(legacy, /Proc-Type: 4,ENCRYPTED/);
    await rejectsWith(
      fileSigner(await write('enc-sec1.pem', legacy)),
      'KEY_FILE_INVALID',
      /the key is encrypted \(legacy OpenSSL PEM encryption\)/,
    );
    const cosign = toPem('ENCRYPTED SIGSTORE PRIVATE KEY', Buffer.from('{"kdf":{}}'));
    await rejectsWith(
      fileSigner(await write('cosign.key', cosign)),
      'KEY_FILE_INVALID',
      /encrypted \(ENCRYPTED SIGSTORE PRIVATE KEY\)/,
    );
  });

  it('refuses RSA keys in either PEM form as unsupported', async () => {
    const rsa = generate('rsa');
    await rejectsWith(
      fileSigner(await write('rsa8.pem', rsa.export({ format: 'pem', type: 'pkcs8' }))),
      'KEY_UNSUPPORTED',
      /rsa8\.pem: rsa keys cannot sign here; Signet signs with ECDSA P-256 or P-384/,
    );
    await rejectsWith(
      fileSigner(await write('rsa1.pem', rsa.export({ format: 'pem', type: 'pkcs1' }))),
      'KEY_UNSUPPORTED',
      /rsa1\.pem holds an RSA key/,
    );
  });

  it('refuses files that hold no usable private key, saying what they hold', async () => {
    await rejectsWith(
      fileSigner(await write('garbage.pem', 'not a key at all\n')),
      'KEY_FILE_INVALID',
      /garbage\.pem: not a PEM file/,
    );
    await rejectsWith(
      fileSigner(await write('binary.der', ecP256.export({ format: 'der', type: 'pkcs8' }))),
      'KEY_FILE_INVALID',
      /not a PEM file/,
    );
    await rejectsWith(
      fileSigner(await write('junk-body.pem', toPem('PRIVATE KEY', Buffer.from('junk bytes')))),
      'KEY_FILE_INVALID',
      /junk-body\.pem: the PRIVATE KEY block is not a valid PKCS#8 key/,
    );
    await rejectsWith(
      fileSigner(await write('junk-sec1.pem', toPem('EC PRIVATE KEY', Buffer.from([0x30, 0x00])))),
      'KEY_FILE_INVALID',
      /the EC PRIVATE KEY block is not a valid SEC 1 key/,
    );
    await rejectsWith(
      fileSigner(
        await write('public.pem', createPublicKey(ecP256).export({ format: 'pem', type: 'spki' })),
      ),
      'KEY_FILE_INVALID',
      /holds no private key \(found PUBLIC KEY; expected PRIVATE KEY or EC PRIVATE KEY\)/,
    );
    const two =
      (ecP256.export({ format: 'pem', type: 'pkcs8' }) as string) +
      (ecP384.export({ format: 'pem', type: 'pkcs8' }) as string);
    await rejectsWith(
      fileSigner(await write('two.pem', two)),
      'KEY_FILE_INVALID',
      /holds 2 private keys; expected one/,
    );
  });

  it('refuses missing files, directories and oversized files without reading them', async () => {
    await rejectsWith(
      fileSigner(path('absent.pem')),
      'KEY_FILE_INVALID',
      /absent\.pem: cannot read the key file: .*ENOENT/,
    );
    await mkdir(path('a-dir'));
    await rejectsWith(fileSigner(path('a-dir')), 'KEY_FILE_INVALID', /a-dir: not a regular file/);
    await rejectsWith(
      fileSigner(await write('huge.pem', Buffer.alloc(MAX_KEY_FILE_BYTES + 1, 0x41))),
      'KEY_FILE_INVALID',
      /too large for a key file/,
    );
  });

  it('openSigner opens plain paths, file: references and file:// URLs', async () => {
    const file = await write('open.pem', ecP256.export({ format: 'pem', type: 'pkcs8' }));
    for (const ref of [file, `file:${file}`, pathToFileURL(file).href]) {
      const signer = await openSigner(ref);
      assert.equal(signer.ref, `file:${file}`, ref);
      assert.ok(signer.publicKey.equals(spkiOf(ecP256)));
      assertVerifies(signer, message, await signer.sign(message));
    }
    // The ref a signer reports opens the same key again.
    const again = await openSigner((await fileSigner(file)).ref);
    assert.ok(again.publicKey.equals(spkiOf(ecP256)));
  });

  it('openSigner refuses other KMS schemes and empty references instead of treating them as paths', async () => {
    for (const ref of [
      'gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k/versions/1',
      'azurekms://vault.vault.azure.net/key',
      'hashivault://transit-key',
      'k8s://namespace/secret',
      'pkcs11:token=signing;object=ca',
    ]) {
      await rejectsWith(
        openSigner(ref),
        'KEY_REF_INVALID',
        /keys are not supported; use awskms:\/\//,
      );
    }
    await rejectsWith(openSigner(''), 'KEY_REF_INVALID', /empty/);
    await rejectsWith(
      openSigner('file://remote-host/key.pem'),
      'KEY_REF_INVALID',
      /not a usable file URL/,
    );
  });

  it('openSigner hands awskms:// references to the AWS signer, which checks them', async () => {
    await rejectsWith(
      openSigner('awskms:///not-a-key'),
      'KEY_REF_INVALID',
      /for an alias write alias\/not-a-key/,
    );
  });
});
