import assert from 'node:assert/strict';
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { Bundle as SjsBundle } from '@sigstore/bundle';
import { TransparencyLogEntry } from '@sigstore/protobuf-specs';
import { canonicalize } from '../../src/core/canonical-json.js';

/** A signer of hashedrekord requests with a fresh P-256 key, as a CI job's ephemeral key would be. */
export class EntryFactory {
  readonly privateKey: KeyObject;
  readonly spki: Buffer;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.spki = pair.publicKey.export({ format: 'der', type: 'spki' });
  }

  /** A Rekor v1 ProposedEntry for `artifact`, signed with this key. */
  v1Request(artifact?: Buffer): ReturnType<typeof v1Request> {
    return v1Request(this.privateKey, artifact);
  }

  /** A CreateEntryRequest for `artifact` (random bytes by default), signed with this key. */
  request(artifact: Buffer = randomBytes(32)): { hashedRekordRequestV002: object } {
    const digest = createHash('sha256').update(artifact).digest();
    return {
      hashedRekordRequestV002: {
        digest: digest.toString('base64'),
        signature: {
          content: sign('sha256', artifact, this.privateKey).toString('base64'),
          verifier: {
            publicKey: { rawBytes: this.spki.toString('base64') },
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          },
        },
      },
    };
  }
}

/** A Rekor v1 hashedrekord 0.0.1 ProposedEntry, as sigstore-js and cosign send it. */
export function v1Request(
  privateKey: KeyObject,
  artifact: Buffer = randomBytes(32),
): {
  apiVersion: string;
  kind: string;
  spec: {
    data: { hash: { algorithm: string; value: string } };
    signature: { content: string; publicKey: { content: string } };
  };
} {
  const pem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  return {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: {
        hash: { algorithm: 'sha256', value: createHash('sha256').update(artifact).digest('hex') },
      },
      signature: {
        content: sign('sha256', artifact, privateKey).toString('base64'),
        publicKey: { content: Buffer.from(pem).toString('base64') },
      },
    },
  };
}

/** The Rekor v1 fields a signed entry timestamp covers. */
export interface SignedV1Entry {
  body: string;
  integratedTime: number;
  logID: string;
  logIndex: number;
  verification: { signedEntryTimestamp: string };
}

/** Whether a Rekor v1 entry's SET verifies: the log key's signature over RFC 8785 JSON of its fields. */
export function v1SetVerifies(entry: SignedV1Entry, key: KeyObject): boolean {
  const { body, integratedTime, logID, logIndex } = entry;
  const set = canonicalize({ body, integratedTime, logID, logIndex });
  return verify(
    'sha256',
    Buffer.from(set),
    key,
    Buffer.from(entry.verification.signedEntryTimestamp, 'base64'),
  );
}

/**
 * Logs the signature of a sigstore-js message-signature bundle made with `publicKey`'s key in
 * Rekor v2 at `serviceUrl`, and attaches the entry to the bundle. The key goes in as cosign sends
 * it (raw SPKI): sigstore-js 4.1 would send an x509Certificate, which Rekor v2 refuses.
 */
export async function logKeyBundleV2(
  serviceUrl: string,
  bundle: SjsBundle,
  publicKey: KeyObject,
): Promise<void> {
  const content = bundle.content;
  assert.ok(content.$case === 'messageSignature', 'a message-signature bundle');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const response = await fetch(`${serviceUrl}/api/v2/log/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      hashedRekordRequestV002: {
        digest: content.messageSignature.messageDigest.digest.toString('base64'),
        signature: {
          content: content.messageSignature.signature.toString('base64'),
          verifier: {
            publicKey: { rawBytes: spki.toString('base64') },
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          },
        },
      },
    }),
  });
  assert.equal(response.status, 201);
  const tle = TransparencyLogEntry.fromJSON(await response.json());
  assert.ok(tle.logId && tle.kindVersion, 'entry has logId and kindVersion');
  bundle.verificationMaterial.tlogEntries = [
    { ...tle, logId: tle.logId, kindVersion: tle.kindVersion },
  ];
}
