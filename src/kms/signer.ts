import { createPrivateKey, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parsePem } from '../core/pem.js';
import { spkiOf } from '../core/x509.js';
import type { AwsKmsOptions } from './aws.js';
import { type Signer, SIGNER_ALGORITHMS, algorithmOfSpki, checkDigest } from './contract.js';
import { KmsError } from './error.js';

/**
 * The signers: a local KeyObject, a PEM file, a fresh in-memory key, or (aws.ts) a key held in
 * AWS KMS, each implementing contract.ts, which this module re-exports as the entry point of
 * src/kms.
 */

export {
  type Signer,
  type SignerAlgorithm,
  type SignerAlgorithmInfo,
  SIGNER_ALGORITHMS,
  algorithmOfSpki,
  checkDigest,
  digestOf,
} from './contract.js';

/**
 * A signer for a private key held in this process.
 *
 * `sign` runs node:crypto synchronously inside the returned promise: an ECDSA signature
 * costs tens of microseconds, about what a thread-pool round trip would add.
 *
 * `signDigest` is refused (DIGEST_SIGNING_UNSUPPORTED). Node 20 (OpenSSL 3.0) offers no
 * ECDSA signing over a precomputed digest: `crypto.sign` always hashes its input, and
 * `crypto.sign(null, ...)` on an EC key hashes with SHA-256 rather than signing the bytes
 * as given. The only alternative is ECDSA arithmetic in JavaScript, as prehash.ts does for
 * verification, but signing would run variable-time BigInt operations on the private key
 * and the nonce (a modular inversion of k), and leaked nonce bits are enough for lattice
 * attacks to recover the key. Verification has only public inputs; signing does not. Local
 * keys are always next to the data, so callers sign the message with `sign` instead.
 */
export function localSigner(privateKey: KeyObject, ref: string): Signer {
  if (privateKey.type !== 'private') {
    throw new KmsError('KEY_UNSUPPORTED', `${ref} is a ${privateKey.type} key, not a private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ec') {
    throw new KmsError(
      'KEY_UNSUPPORTED',
      `${ref}: ${privateKey.asymmetricKeyType ?? 'unknown'} keys cannot sign here; ` +
        'Signet signs with ECDSA P-256 or P-384 keys',
    );
  }
  const publicKey = spkiOf(privateKey);
  const algorithm = algorithmOfSpki(ref, publicKey);
  const { hash } = SIGNER_ALGORITHMS[algorithm];
  return {
    ref,
    algorithm,
    publicKey,
    signsDigests: false,
    sign: async (data) => cryptoSign(hash, data, privateKey),
    signDigest: async (digest) => {
      checkDigest(ref, algorithm, digest);
      throw new KmsError(
        'DIGEST_SIGNING_UNSUPPORTED',
        `${ref} is a local key, which can only sign whole messages (Node has no ECDSA ` +
          'signing over a precomputed digest); use sign(data)',
      );
    },
  };
}

export type EphemeralCurve = 'P-256' | 'P-384';

/** A new key that lives only in this signer (Sigstore's ephemeral leaf keys are P-256). */
export function ephemeralSigner(curve: EphemeralCurve = 'P-256'): Signer {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
  // Re-imported rather than used as generated: on Node 20, reading a generateKeyPair key's
  // details can deadlock against the collection of its generation job (server/instance.ts).
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return localSigner(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), 'ephemeral');
}

/**
 * Key files are a few hundred bytes; anything much larger is a wrong path (an artifact, a
 * bundle) and is refused before it is read into memory.
 */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

/** The PEM labels of the unencrypted private key forms `fileSigner` reads, and their DER type. */
const PRIVATE_KEY_LABELS: Readonly<Record<string, 'pkcs8' | 'sec1'>> = {
  'PRIVATE KEY': 'pkcs8',
  'EC PRIVATE KEY': 'sec1',
};

/**
 * A signer for a PEM file holding one unencrypted EC P-256 or P-384 private key, as PKCS#8
 * (`BEGIN PRIVATE KEY`, what `openssl genpkey` writes) or SEC 1 (`BEGIN EC PRIVATE KEY`,
 * what `openssl ecparam -genkey` writes; an `EC PARAMETERS` block beside it is ignored).
 * Encrypted keys (PKCS#8, legacy OpenSSL or cosign's) are refused with KEY_FILE_INVALID:
 * there is no passphrase prompt, so decrypt them first.
 */
export async function fileSigner(path: string): Promise<Signer> {
  const ref = `file:${path}`;
  const text = await readKeyFile(path);
  const fail = (message: string): KmsError =>
    new KmsError('KEY_FILE_INVALID', `${ref}: ${message}`);

  if (/^Proc-Type:\s*4,\s*ENCRYPTED/m.test(text)) {
    throw fail('the key is encrypted (legacy OpenSSL PEM encryption); decrypt it first');
  }
  const blocks = parsePem(text);
  const encrypted = blocks.find((b) => b.label.startsWith('ENCRYPTED '));
  if (encrypted !== undefined) {
    throw fail(
      `the key is encrypted (${encrypted.label}); Signet reads only unencrypted PKCS#8 or ` +
        'SEC 1 keys, so decrypt it first (for PKCS#8: openssl pkey -in FILE -out NEW)',
    );
  }
  if (blocks.some((b) => b.label === 'RSA PRIVATE KEY')) {
    throw new KmsError(
      'KEY_UNSUPPORTED',
      `${ref} holds an RSA key; Signet signs with ECDSA P-256 or P-384 keys`,
    );
  }
  const keys = blocks.filter((b) => PRIVATE_KEY_LABELS[b.label] !== undefined);
  if (keys.length !== 1 || keys[0] === undefined) {
    if (keys.length > 1) throw fail(`holds ${keys.length} private keys; expected one`);
    const found = [...new Set(blocks.map((b) => b.label))].join(', ');
    throw fail(
      blocks.length === 0
        ? 'not a PEM file (expected -----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)'
        : `holds no private key (found ${found}; expected PRIVATE KEY or EC PRIVATE KEY)`,
    );
  }
  const { label, der } = keys[0];
  const type = PRIVATE_KEY_LABELS[label] as 'pkcs8' | 'sec1';
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type });
  } catch (error) {
    throw fail(
      `the ${label} block is not a valid ${type === 'pkcs8' ? 'PKCS#8' : 'SEC 1'} key: ${(error as Error).message}`,
    );
  }
  return localSigner(key, ref);
}

async function readKeyFile(path: string): Promise<string> {
  const ref = `file:${path}`;
  try {
    const handle = await open(path, 'r');
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new KmsError('KEY_FILE_INVALID', `${ref}: not a regular file`);
      if (stats.size > MAX_KEY_FILE_BYTES) {
        throw new KmsError(
          'KEY_FILE_INVALID',
          `${ref}: ${stats.size} bytes is too large for a key file (at most ${MAX_KEY_FILE_BYTES}); is it the right path?`,
        );
      }
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof KmsError) throw error;
    throw new KmsError(
      'KEY_FILE_INVALID',
      `${ref}: cannot read the key file: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** `scheme://` (or `pkcs11:`, which has no slashes): key references that are not file paths. */
const URI_SCHEME = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/|(pkcs11):)/;

/**
 * Opens the signer a key reference names, as `--kms`/`--key` and the server's key settings
 * give it:
 * - `awskms://...`: a key in AWS KMS (see aws.ts for the forms and `options`);
 * - `file:PATH`, `file:///PATH` or a plain path: a PEM key file (`fileSigner`).
 * Other KMS schemes cosign knows (gcpkms://, azurekms://, hashivault://, pkcs11:, ...) are
 * refused with KEY_REF_INVALID rather than looked up as files that cannot exist.
 *
 * The AWS SDK is loaded only when an awskms:// reference is opened: importing it took 90-160
 * ms on the development machine, against about 17 ms for this module without it, and a
 * process that signs with a file key should not pay for it at start-up.
 */
export async function openSigner(ref: string, options?: AwsKmsOptions): Promise<Signer> {
  if (ref.startsWith('awskms://')) {
    const { openAwsKmsSigner } = await import('./aws.js');
    return openAwsKmsSigner(ref, options);
  }
  if (ref.startsWith('file://')) {
    let path: string;
    try {
      path = fileURLToPath(ref);
    } catch (error) {
      throw new KmsError(
        'KEY_REF_INVALID',
        `${ref}: not a usable file URL: ${(error as Error).message}`,
      );
    }
    return fileSigner(path);
  }
  if (ref.startsWith('file:')) return fileSigner(ref.slice('file:'.length));
  const scheme = URI_SCHEME.exec(ref);
  if (scheme !== null) {
    throw new KmsError(
      'KEY_REF_INVALID',
      `${ref}: ${scheme[1] ?? scheme[2]} keys are not supported; use awskms://... for AWS KMS ` +
        'or the path of a PEM private key file',
    );
  }
  if (ref.trim() === '') throw new KmsError('KEY_REF_INVALID', 'the key reference is empty');
  return fileSigner(ref);
}
