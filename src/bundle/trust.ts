import type { KeyObject } from 'node:crypto';
import { toBase64 } from '../core/base64.js';

/**
 * trusted_root.json (v0.1) and signing_config.json (v0.2), generated from live key material so
 * that every entry is complete: no nulls, `validFor.start` always set, media types exactly as
 * sigstore-go, sigstore-js and sigstore-python require.
 */

export const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
export const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';

export interface ValidityWindow {
  start: Date;
  end?: Date;
}

export interface TransparencyLogKey {
  /** The log's base URL; its hostname is the checkpoint origin. */
  baseUrl: string;
  publicKey: KeyObject;
  /** The full 32-byte log ID (the checkpoint key ID for Rekor v2, SHA-256(SPKI) for CT). */
  logId: Buffer;
  validFor: ValidityWindow;
}

export interface CertificateAuthorityEntry {
  uri: string;
  subject: { organization: string; commonName: string };
  /** DER certificates: for a CA, intermediates then root; for a TSA, leaf first then root. */
  certChain: Buffer[];
  validFor: ValidityWindow;
}

export interface TrustedRootInput {
  tlogs: TransparencyLogKey[];
  ctlogs: TransparencyLogKey[];
  certificateAuthorities: CertificateAuthorityEntry[];
  timestampAuthorities: CertificateAuthorityEntry[];
}

const window = (validity: ValidityWindow): Record<string, string> => ({
  start: validity.start.toISOString(),
  ...(validity.end ? { end: validity.end.toISOString() } : {}),
});

/** The protobuf-specs key details name for a log key. */
export function logKeyDetails(key: KeyObject): string {
  if (key.asymmetricKeyType === 'ed25519') return 'PKIX_ED25519';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1') return 'PKIX_ECDSA_P256_SHA_256';
  if (key.asymmetricKeyType === 'ec' && curve === 'secp384r1') return 'PKIX_ECDSA_P384_SHA_384';
  throw new TypeError(`unsupported log key type ${key.asymmetricKeyType} ${curve ?? ''}`.trim());
}

function logEntry(log: TransparencyLogKey): object {
  return {
    baseUrl: log.baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: {
      rawBytes: toBase64(log.publicKey.export({ format: 'der', type: 'spki' })),
      keyDetails: logKeyDetails(log.publicKey),
      validFor: window(log.validFor),
    },
    logId: { keyId: toBase64(log.logId) },
  };
}

function authorityEntry(ca: CertificateAuthorityEntry): object {
  return {
    subject: ca.subject,
    uri: ca.uri,
    certChain: { certificates: ca.certChain.map((der) => ({ rawBytes: toBase64(der) })) },
    validFor: window(ca.validFor),
  };
}

export function buildTrustedRoot(input: TrustedRootInput): object {
  return {
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    tlogs: input.tlogs.map(logEntry),
    certificateAuthorities: input.certificateAuthorities.map(authorityEntry),
    ctlogs: input.ctlogs.map(logEntry),
    timestampAuthorities: input.timestampAuthorities.map(authorityEntry),
  };
}

export interface ServiceEndpoint {
  url: string;
  majorApiVersion: number;
  validFor: ValidityWindow;
  operator: string;
}

export interface SigningConfigInput {
  caUrls: ServiceEndpoint[];
  oidcUrls: ServiceEndpoint[];
  rekorTlogUrls: ServiceEndpoint[];
  tsaUrls: ServiceEndpoint[];
}

const endpoint = (service: ServiceEndpoint): object => ({
  url: service.url,
  majorApiVersion: service.majorApiVersion,
  validFor: window(service.validFor),
  operator: service.operator,
});

export function buildSigningConfig(input: SigningConfigInput): object {
  return {
    mediaType: SIGNING_CONFIG_MEDIA_TYPE,
    caUrls: input.caUrls.map(endpoint),
    oidcUrls: input.oidcUrls.map(endpoint),
    rekorTlogUrls: input.rekorTlogUrls.map(endpoint),
    rekorTlogConfig: { selector: 'ANY' },
    tsaUrls: input.tsaUrls.map(endpoint),
    tsaConfig: { selector: 'ANY' },
  };
}
