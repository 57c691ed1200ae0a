import type { TransparencyLogEntryJson } from './rekor.js';
import { fromBase64, toBase64 } from '../core/base64.js';
import { canonicalize } from '../core/canonical-json.js';
import { HttpError, type HttpOptions, postJson } from '../core/http.js';
import { PrehashError, parseSpki } from '../core/prehash.js';
import { parseCertificate } from '../core/x509.js';
import { TlogError } from './error.js';
import { HASHEDREKORD } from './rekor.js';

/**
 * Rekor v2 client (protocols.md §4.2-4.5): logs a hashedrekord v0.0.2 entry and returns the
 * TransparencyLogEntry that goes into a bundle as is.
 */

export const LOG_ENTRIES_PATH = '/api/v2/log/entries';

type KeyDetails = 'PKIX_ECDSA_P256_SHA_256' | 'PKIX_ECDSA_P384_SHA_384' | 'PKIX_ECDSA_P521_SHA_512';

/** keyDetails and digest algorithm by curve: the defaults sigstore-go reconstructs entries with. */
const EC_KEY_DETAILS: Readonly<Record<string, { keyDetails: KeyDetails; hash: string }>> = {
  prime256v1: { keyDetails: 'PKIX_ECDSA_P256_SHA_256', hash: 'SHA2_256' },
  secp384r1: { keyDetails: 'PKIX_ECDSA_P384_SHA_384', hash: 'SHA2_384' },
  secp521r1: { keyDetails: 'PKIX_ECDSA_P521_SHA_512', hash: 'SHA2_512' },
};

export interface HashedRekordInput {
  /** The raw artifact digest (hashed with the key's hash: SHA-256 for P-256). */
  digest: Uint8Array;
  /** DER ECDSA signature over the artifact. */
  signature: Uint8Array;
  /** Exactly one: the DER leaf certificate (keyless) or the DER SPKI (a key). */
  certificate?: Uint8Array;
  publicKey?: Uint8Array;
}

export interface HashedRekordRequest {
  /** The CreateEntryRequest body. */
  request: { hashedRekordRequestV002: Record<string, unknown> };
  /** The canonical entry the log must answer with as `canonicalizedBody`. */
  expectedBody: string;
}

/** Builds a `hashedRekordRequestV002` and the canonical entry it should produce. */
export function hashedRekordRequest(input: HashedRekordInput): HashedRekordRequest {
  if ((input.certificate === undefined) === (input.publicKey === undefined)) {
    throw new TypeError('hashedRekordRequest needs exactly one of certificate or publicKey');
  }
  const spki =
    input.certificate !== undefined
      ? parseCertificate(input.certificate).publicKey
      : Buffer.from(input.publicKey as Uint8Array);
  let profile: { keyDetails: KeyDetails; hash: string } | undefined;
  try {
    const key = parseSpki(spki);
    if (key.kind === 'ec') profile = EC_KEY_DETAILS[key.curve];
  } catch (error) {
    if (!(error instanceof PrehashError)) throw error;
  }
  if (profile === undefined) {
    throw new TlogError(
      'ENTRY_UNSUPPORTED',
      'only ECDSA P-256, P-384 and P-521 keys can be logged as hashedrekord entries here',
    );
  }
  const verifier =
    input.certificate !== undefined
      ? {
          keyDetails: profile.keyDetails,
          x509Certificate: { rawBytes: toBase64(input.certificate) },
        }
      : { keyDetails: profile.keyDetails, publicKey: { rawBytes: toBase64(spki) } };
  const signature = { content: toBase64(input.signature), verifier };
  const digest = toBase64(input.digest);
  const expectedBody = canonicalize({
    apiVersion: HASHEDREKORD.version,
    kind: HASHEDREKORD.kind,
    spec: { hashedRekordV002: { data: { algorithm: profile.hash, digest }, signature } },
  });
  return { request: { hashedRekordRequestV002: { digest, signature } }, expectedBody };
}

export interface CreateEntryOptions {
  /** The log's base URL, as signing_config.json's rekorTlogUrls give it. */
  url: string;
  request: HashedRekordRequest;
  http?: HttpOptions;
}

/**
 * Logs the entry. Only 201 is success (rekor-tiles' own client requires exactly that). A 409
 * means an identical entry is already logged, which a fresh ECDSA signature never is, unless
 * a retried request was in fact accepted the first time; the message says so.
 */
export async function createEntry(options: CreateEntryOptions): Promise<TransparencyLogEntryJson> {
  const url = `${options.url.replace(/\/+$/, '')}${LOG_ENTRIES_PATH}`;
  let json: unknown;
  try {
    ({ json } = await postJson(
      { url, what: 'transparency log', body: options.request.request, expect: [201] },
      options.http,
    ));
  } catch (error) {
    if (error instanceof HttpError && error.status === 409) {
      throw new HttpError(
        'SERVICE_REFUSED',
        `${error.message} (the same entry is already in the log, perhaps from an earlier attempt whose answer was lost; sign again)`,
        { cause: error },
      );
    }
    throw error;
  }
  return checkEntry(json, options.request.expectedBody, url);
}

/** The shape checks a bundle needs, and that the log logged exactly what was asked. */
function checkEntry(json: unknown, expectedBody: string, url: string): TransparencyLogEntryJson {
  const fail = (why: string): HttpError =>
    new HttpError('RESPONSE_INVALID', `the transparency log at ${url} answered ${why}`);
  if (typeof json !== 'object' || json === null) throw fail('with something that is not an object');
  const entry = json as Record<string, unknown>;
  const decimal = (value: unknown): boolean =>
    (typeof value === 'string' && /^\d+$/.test(value)) ||
    (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
  if (!decimal(entry.logIndex)) throw fail('without a logIndex');
  const logId = entry.logId as { keyId?: unknown } | undefined;
  if (typeof logId?.keyId !== 'string') throw fail('without logId.keyId');
  const kindVersion = entry.kindVersion as { kind?: unknown; version?: unknown } | undefined;
  if (kindVersion?.kind !== HASHEDREKORD.kind || kindVersion.version !== HASHEDREKORD.version) {
    throw fail(`kindVersion ${JSON.stringify(kindVersion)} instead of hashedrekord 0.0.2`);
  }
  const proof = entry.inclusionProof as Record<string, unknown> | undefined | null;
  const checkpoint = proof?.checkpoint as { envelope?: unknown } | undefined;
  if (
    !proof ||
    !decimal(proof.logIndex) ||
    !decimal(proof.treeSize) ||
    typeof proof.rootHash !== 'string' ||
    !Array.isArray(proof.hashes) ||
    typeof checkpoint?.envelope !== 'string'
  ) {
    throw fail('without a complete inclusion proof and checkpoint');
  }
  if (typeof entry.canonicalizedBody !== 'string') throw fail('without canonicalizedBody');
  let body: string;
  try {
    body = fromBase64(entry.canonicalizedBody, 'canonicalizedBody').toString('utf8');
  } catch {
    throw fail('with a canonicalizedBody that is not base64');
  }
  // Verifiers rebuild this body from the bundle (sigstore-go does), so a log that recorded
  // anything else would make a bundle that cannot verify.
  if (body !== expectedBody) throw fail('with an entry other than the one requested');
  const result: TransparencyLogEntryJson = {
    logIndex: String(entry.logIndex),
    logId: { keyId: logId.keyId },
    kindVersion: { kind: HASHEDREKORD.kind, version: HASHEDREKORD.version },
    ...(entry.integratedTime !== undefined &&
      entry.integratedTime !== null && { integratedTime: String(entry.integratedTime) }),
    inclusionProof: {
      logIndex: String(proof.logIndex),
      rootHash: proof.rootHash,
      treeSize: String(proof.treeSize),
      hashes: proof.hashes.map((h) => {
        if (typeof h !== 'string') throw fail('with an inclusion proof hash that is not a string');
        return h;
      }),
      checkpoint: { envelope: checkpoint.envelope },
    },
    canonicalizedBody: entry.canonicalizedBody,
  };
  return result;
}
