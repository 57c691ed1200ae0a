/**
 * Sigstore bundle JSON (protobuf-specs `dev.sigstore.bundle.v1.Bundle`, protojson form) as it
 * travels: what `signet sign` writes (v0.3) and what `signet verify` reads (v0.1 to v0.3).
 * Bytes are standard base64 strings and int64 values decimal strings, as protocols.md §0
 * describes; readers also accept numbers for int64 and URL-safe base64.
 */

import type { TransparencyLogEntryJson } from '../tlog/rekor.js';

export const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
export const BUNDLE_MEDIA_TYPES = {
  'v0.1': 'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'v0.2': 'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'v0.3': BUNDLE_V03_MEDIA_TYPE,
  /** The legacy spelling of v0.3 some clients still emit. */
  'v0.3-legacy': 'application/vnd.dev.sigstore.bundle+json;version=0.3',
} as const;

export interface RawBytesJson {
  rawBytes: string;
}

// The log's answer is the bundle's entry as is; its shape belongs to the log (tlog/rekor.ts).
export type {
  InclusionPromiseJson,
  InclusionProofJson,
  TransparencyLogEntryJson,
} from '../tlog/rekor.js';
export interface VerificationMaterialJson {
  /** Exactly one of certificate, x509CertificateChain, publicKey. */
  certificate?: RawBytesJson;
  x509CertificateChain?: { certificates: RawBytesJson[] };
  publicKey?: { hint: string };
  tlogEntries: TransparencyLogEntryJson[];
  timestampVerificationData?: { rfc3161Timestamps: { signedTimestamp: string }[] };
}

export interface MessageSignatureJson {
  messageDigest: { algorithm: 'SHA2_256' | 'SHA2_384' | 'SHA2_512'; digest: string };
  signature: string;
}

export interface DsseEnvelopeJson {
  payload: string;
  payloadType: string;
  signatures: { sig: string; keyid?: string }[];
}

export interface BundleJson {
  mediaType: string;
  verificationMaterial: VerificationMaterialJson;
  /** Exactly one of messageSignature, dsseEnvelope. */
  messageSignature?: MessageSignatureJson;
  dsseEnvelope?: DsseEnvelopeJson;
}
