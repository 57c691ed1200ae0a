import { createHash } from 'node:crypto';
import { Key } from '@tufjs/models';
import { canonicalize } from '@tufjs/canonical-json';
import { toPem } from '../core/pem.js';
import { algorithmOfSpki } from '../kms/signer.js';
import { TufError } from './error.js';

/**
 * Keys as TUF metadata lists them, in the form the Sigstore public-good root uses: key type
 * `ecdsa`, scheme `ecdsa-sha2-nistp256`, the public key as a PEM SubjectPublicKeyInfo.
 */

export const TUF_KEY_TYPE = 'ecdsa';
export const TUF_KEY_SCHEME = 'ecdsa-sha2-nistp256';

export interface TufKey {
  /** Hex SHA-256 of the key object's canonical JSON, as TUF names keys. */
  keyId: string;
  key: Key;
}

/**
 * The key id TUF gives a key object: SHA-256 over its OLPC canonical JSON, every field
 * included (public-good's ids cover their `x-tuf-on-ci-*` fields too).
 */
export function keyIdOf(keyJson: object): string {
  return createHash('sha256').update(canonicalize(keyJson)).digest('hex');
}

/** The TUF key for a P-256 SubjectPublicKeyInfo (DER); KEY_UNSUPPORTED for any other key. */
export function tufKeyOf(spki: Uint8Array, ref: string): TufKey {
  let algorithm: string;
  try {
    algorithm = algorithmOfSpki(ref, spki);
  } catch (error) {
    throw new TufError('KEY_UNSUPPORTED', (error as Error).message, { cause: error });
  }
  if (algorithm !== 'ecdsa-p256-sha256') {
    throw new TufError(
      'KEY_UNSUPPORTED',
      `${ref} is not a P-256 key; TUF keys here are ECDSA P-256 (${TUF_KEY_SCHEME})`,
    );
  }
  const json = {
    keytype: TUF_KEY_TYPE,
    scheme: TUF_KEY_SCHEME,
    keyval: { public: toPem('PUBLIC KEY', spki) },
  };
  const keyId = keyIdOf(json);
  return { keyId, key: Key.fromJSON(keyId, json) };
}
