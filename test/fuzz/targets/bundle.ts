import { CoreError } from '../../../src/core/error.js';
import { parseJsonDocument } from '../../../src/core/document.js';
import { VerifyError } from '../../../src/verify/error.js';
import { publicGoodTrustMaterial } from '../../../src/verify/public-good.js';
import { type Artifact, Verifier } from '../../../src/verify/verifier.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';
import { JSON_WORDS, publicGoodBundles } from './material.js';

/**
 * Sigstore bundles (JSON, v0.1 to v0.3), as `signet verify` reads one: the JSON, the bundle's
 * structure, then every check of the verifier against the embedded public-good trusted root
 * (certificate chain, SCTs, log entries and their proofs, timestamps, signature). A message
 * signature is checked against the digest the bundle itself names, so the mutations reach the
 * checks behind the artifact's. Every refusal is a VerifyError (CoreError JSON_INVALID for
 * text that is not JSON).
 */

const verifier = new Verifier(publicGoodTrustMaterial());

type Json = { messageSignature?: { messageDigest?: { digest?: unknown } } } | null;

export const fuzz = refusing({ types: [VerifyError] }, (data) => {
  let json: unknown;
  try {
    json = parseJsonDocument(data, 'bundle', 'fuzz input');
  } catch (error) {
    if (error instanceof CoreError && error.code === 'JSON_INVALID') return;
    throw error;
  }
  const digest = (json as Json)?.messageSignature?.messageDigest?.digest;
  const artifact: Artifact =
    typeof digest === 'string'
      ? { digest: { algorithm: 'sha256', value: Buffer.from(digest, 'base64') } }
      : {};
  verifier.verify(json, artifact);
});

export const seeds = publicGoodBundles;
export const shape: InputShape = 'json';
export const dictionary = [
  ...JSON_WORDS,
  '"mediaType"',
  '"application/vnd.dev.sigstore.bundle+json;version=0.1"',
  '"application/vnd.dev.sigstore.bundle.v0.3+json"',
  '"verificationMaterial"',
  '"certificate"',
  '"x509CertificateChain"',
  '"certificates"',
  '"publicKey"',
  '"hint"',
  '"rawBytes"',
  '"tlogEntries"',
  '"logIndex"',
  '"logId"',
  '"keyId"',
  '"kindVersion"',
  '"kind"',
  '"version"',
  '"integratedTime"',
  '"inclusionPromise"',
  '"signedEntryTimestamp"',
  '"inclusionProof"',
  '"rootHash"',
  '"treeSize"',
  '"hashes"',
  '"checkpoint"',
  '"envelope"',
  '"canonicalizedBody"',
  '"timestampVerificationData"',
  '"rfc3161Timestamps"',
  '"signedTimestamp"',
  '"messageSignature"',
  '"messageDigest"',
  '"algorithm"',
  '"digest"',
  '"signature"',
  '"dsseEnvelope"',
  '"payload"',
  '"payloadType"',
  '"signatures"',
  '"sig"',
  '"keyid"',
  '"hashedrekord"',
  '"dsse"',
  '"intoto"',
  '"0.0.1"',
  '"0.0.2"',
  '"SHA2_256"',
  '"SHA2_384"',
];
