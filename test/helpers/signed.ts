import { type KeyObject, createHash, sign } from 'node:crypto';
import { BUNDLE_V03_MEDIA_TYPE, type TransparencyLogEntryJson } from '../../src/bundle/bundle.js';
import { toBase64 } from '../../src/core/base64.js';
import { spkiOf } from '../../src/core/x509.js';
import { buildBundle } from '../../src/sign/run.js';
import { hashedRekordRequest } from '../../src/tlog/client.js';
import { entryFromRequest, pae, transparencyLogEntry } from '../../src/tlog/rekor.js';
import { encodeTimestampRequest } from '../../src/tsa/request.js';
import { IDENTITY, type Stack, newKey } from './stack.js';

/**
 * Bundle shapes the stack's `sign` does not make (test/helpers/stack.ts), built from the same
 * parts: a public-key bundle and a keyless DSSE bundle, each logged in the stack's Rekor v2 log
 * and stamped by its TSA, as JSON a test can change.
 */

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A bundle's first transparency-log entry. */
export const entryOf = (json: Json): Json => json.verificationMaterial.tlogEntries[0];
/** A value as the base64 of its JSON, the form of a canonicalized log body. */
export const b64json = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64');

export const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** The log ID of the stack's log, as its trusted root lists it. */
export const stackLogId = (stack: Stack): Buffer =>
  stack.trustedRootInput().tlogs[0]?.logId as Buffer;

/** A DER TimeStampResp from the stack's TSA over `signature`. */
export const stampOf = (stack: Stack, signature: Buffer): Buffer =>
  stack.tsa.authority.timestamp(
    encodeTimestampRequest({ hashAlgorithm: 'sha256', hashedMessage: sha256(signature) }),
  );

async function logged(
  stack: Stack,
  request: Parameters<typeof hashedRekordRequest>[0],
): Promise<TransparencyLogEntryJson> {
  const entry = entryFromRequest(hashedRekordRequest(request).request);
  const appended = await stack.log.append(entry.body);
  return transparencyLogEntry(entry, appended, stackLogId(stack)) as TransparencyLogEntryJson;
}

/** A public-key bundle signed with `key`. */
export async function keyBundle(
  stack: Stack,
  key: KeyObject,
): Promise<{ json: Json; artifact: Buffer }> {
  const artifact = Buffer.from(`artifact ${Math.random()}`);
  const digest = sha256(artifact);
  const signature = sign('sha256', artifact, key);
  const publicKey = spkiOf(key);
  const tle = await logged(stack, { digest, signature, publicKey });
  const json = buildBundle({ publicKey }, [tle], [stampOf(stack, signature)], {
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: toBase64(digest) },
      signature: toBase64(signature),
    },
  });
  return { json: json as Json, artifact };
}

/** A keyless DSSE bundle over `payload`, logged as Rekor v2 logs it (a hashedrekord of the PAE). */
export async function dsseBundle(
  stack: Stack,
  payloadType: string,
  payload: Buffer,
): Promise<Json> {
  const key = newKey('p256');
  const { certificate } = await stack.ca().issue(IDENTITY, spkiOf(key));
  const envelope = pae(payloadType, payload);
  const signature = sign('sha256', envelope, key);
  return {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      certificate: { rawBytes: toBase64(certificate) },
      tlogEntries: [await logged(stack, { digest: sha256(envelope), signature, certificate })],
      timestampVerificationData: {
        rfc3161Timestamps: [{ signedTimestamp: toBase64(stampOf(stack, signature)) }],
      },
    },
    dsseEnvelope: {
      payload: toBase64(payload),
      payloadType,
      signatures: [{ sig: toBase64(signature), keyid: '' }],
    },
  };
}
