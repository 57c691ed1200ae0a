import { createHash } from 'node:crypto';
import { BUNDLE_V03_MEDIA_TYPE } from '../bundle/bundle.js';
import type {
  BundleJson,
  DsseEnvelopeJson,
  MessageSignatureJson,
  TransparencyLogEntryJson,
} from '../bundle/bundle.js';
import { type SigningConfig, selectServices } from '../bundle/signing-config.js';
import type { SelectedServices } from '../bundle/signing-config.js';
import { requestCertificate } from '../ca/client.js';
import { toBase64 } from '../core/base64.js';
import { HttpError, type HttpOptions } from '../core/http.js';
import { verifyPrehashedSpki } from '../core/prehash.js';
import { type Signer, digestOf, ephemeralSigner } from '../kms/signer.js';
import type { SignerAlgorithm } from '../kms/signer.js';
import { createEntry, hashedRekordRequest } from '../tlog/client.js';
import { timestamp } from '../tsa/client.js';
import { SignError } from './error.js';

/**
 * A signing run, whatever is signed (files as message signatures, in-toto statements as DSSE
 * envelopes): each item signed keyless (one ephemeral P-256 key and one certificate for the
 * whole run) and, when a key is given, again by that key; every signature timestamped and
 * logged as a hashedrekord over what it signs, each half becoming one Sigstore bundle v0.3
 * per item. Nothing is written or pushed here: the caller's `verifyBeforeWrite` sees every
 * bundle first.
 */

/** Items signed at once per half: log appends wait for a checkpoint, so overlap them. */
export const DEFAULT_CONCURRENCY = 8;

/** 'keyless' (certificate from the CA) or 'key' (KMS or key file, public-key hint). */
export type BundleKind = 'keyless' | 'key';

/** The bundle member that carries the signature. */
export type BundleContent =
  { messageSignature: MessageSignatureJson } | { dsseEnvelope: DsseEnvelopeJson };

/** One thing to sign, as the run sees it. */
export interface RunItem {
  /** Names the item in messages. */
  name: string;
  /** The bytes the signature covers: the artifact, or a DSSE envelope's PAE. */
  signed: Buffer;
  /** The bundle's content for a signature over `signed` with the digest it was logged under. */
  content: (
    signature: Buffer,
    messageDigest: MessageSignatureJson['messageDigest'],
  ) => BundleContent;
}

/** The options every kind of signing run takes (`signFiles`, `signStatements`). */
export interface RunOptions<T> {
  signingConfig: SigningConfig;
  /** The identity token: the keyless half runs when it is given. */
  token?: string | undefined;
  /** The key half's signer (`openSigner` for awskms:// refs or a key file). */
  kms?: Signer | undefined;
  http?: HttpOptions;
  concurrency?: number;
  /** For choosing services; default now. */
  now?: Date;
  /**
   * Awaited for every bundle once all are made and before the run returns, so that a bundle
   * that does not verify is never written or pushed. Throw to refuse it.
   */
  verifyBeforeWrite?: (signed: T) => Promise<void>;
  /** Told which services the signing config chose, before any of them is contacted. */
  onServices?: (services: SelectedServices) => void;
}

export interface RunResult<T> {
  /** Keyless bundles first, in item order, then key bundles in item order. */
  bundles: T[];
  /** The keyless certificate chain (DER, leaf first), when the keyless half ran. */
  certificateChain?: Buffer[];
}

/**
 * The `publicKey.hint` of key bundles: base64 SHA-256 of the DER SubjectPublicKeyInfo, so a
 * verifier holding several keys can tell which one to try (it is not trusted for anything).
 */
export const publicKeyHint = (spki: Uint8Array): string =>
  createHash('sha256').update(spki).digest('base64');

const DIGEST_NAMES: Readonly<
  Record<SignerAlgorithm, MessageSignatureJson['messageDigest']['algorithm']>
> = {
  'ecdsa-p256-sha256': 'SHA2_256',
  'ecdsa-p384-sha384': 'SHA2_384',
};

/**
 * Signs `items` with both halves; `wrap` turns item i's bundle of a half into the caller's
 * result type (adding paths or names).
 */
export async function signRun<T>(
  items: readonly RunItem[],
  options: RunOptions<T>,
  wrap: (index: number, kind: BundleKind, bundle: BundleJson) => T,
): Promise<RunResult<T>> {
  if (options.token === undefined && options.kms === undefined) {
    throw new SignError(
      'OPTIONS_INVALID',
      'nothing to sign with: give an identity token, a key, or both',
    );
  }
  const services = selectServices(options.signingConfig, options.now);
  options.onServices?.(services);
  // A failing half cancels the other's requests, so the run fails fast and leaves nothing
  // running behind it.
  const controller = new AbortController();
  const http: HttpOptions = {
    ...options.http,
    signal: options.http?.signal
      ? AbortSignal.any([options.http.signal, controller.signal])
      : controller.signal,
  };
  const run = <R>(half: Promise<R>): Promise<R> =>
    half.catch((error: unknown) => {
      controller.abort(error);
      throw error;
    });
  const limit = options.concurrency ?? DEFAULT_CONCURRENCY;
  const half = (kind: BundleKind, signer: Signer, material: Material): Promise<Made[]> =>
    mapLimit(items, limit, (item, index) =>
      signOne(kind, signer, material, item, index, services, http),
    );
  const keyless =
    options.token !== undefined
      ? run(keylessHalf(options.token, services, http, half))
      : Promise.resolve(undefined);
  const key =
    options.kms !== undefined
      ? run(half('key', options.kms, { publicKey: options.kms.publicKey }))
      : Promise.resolve([]);
  const [keylessResult, keyResult] = await Promise.allSettled([keyless, key]);
  // Report the failure that caused the cancellation, not the cancellation it caused.
  const failures = [keylessResult, keyResult].flatMap((r) =>
    r.status === 'rejected' ? [r.reason as unknown] : [],
  );
  const cause =
    failures.find((e) => !(e instanceof HttpError && e.code === 'ABORTED')) ?? failures[0];
  if (failures.length > 0) throw cause;
  const keylessValue = (keylessResult as PromiseFulfilledResult<Awaited<typeof keyless>>).value;
  const keyValue = (keyResult as PromiseFulfilledResult<Made[]>).value;
  const made = [...(keylessValue?.made ?? []), ...keyValue];
  const bundles = made.map((m) => wrap(m.index, m.kind, m.bundle));
  if (options.verifyBeforeWrite !== undefined) {
    for (const [i, signed] of bundles.entries()) {
      const { kind, index } = made[i] as Made;
      try {
        await options.verifyBeforeWrite(signed);
      } catch (error) {
        throw new SignError(
          'BUNDLE_INVALID',
          `the ${kind} bundle for ${(items[index] as RunItem).name} did not verify, so nothing was written: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
  }
  return {
    bundles,
    ...(keylessValue !== undefined && { certificateChain: keylessValue.chain }),
  };
}

interface Made {
  index: number;
  kind: BundleKind;
  bundle: BundleJson;
}

type Material = { certificate: Buffer } | { publicKey: Buffer };

async function keylessHalf(
  token: string,
  services: SelectedServices,
  http: HttpOptions,
  half: (kind: BundleKind, signer: Signer, material: Material) => Promise<Made[]>,
): Promise<{ made: Made[]; chain: Buffer[] }> {
  const signer = ephemeralSigner('P-256');
  const issued = await requestCertificate({ url: services.ca.url, token, signer, http });
  if (issued.detachedSct !== undefined) {
    throw new HttpError(
      'RESPONSE_INVALID',
      `the certificate authority at ${services.ca.url} sent its SCT detached; Sigstore bundles need it embedded in the certificate`,
    );
  }
  const leaf = issued.chain[0] as Buffer;
  const made = await half('keyless', signer, { certificate: leaf });
  return { made, chain: issued.chain };
}

async function signOne(
  kind: BundleKind,
  signer: Signer,
  material: Material,
  item: RunItem,
  index: number,
  services: SelectedServices,
  http: HttpOptions,
): Promise<Made> {
  const digest = digestOf(signer.algorithm, item.signed);
  // KMS signs the digest (its Sign API takes at most 4 KiB of message); keys in this process
  // sign the data, because Node cannot sign a precomputed digest (see localSigner). The data
  // is in memory either way; OpenSSL hashes it in one native pass.
  const signature = signer.signsDigests
    ? await signer.signDigest(digest)
    : await signer.sign(item.signed);
  // Catches a key that changed under an alias, or a signer that hashed differently, before
  // anything is logged under this identity.
  if (!verifyPrehashedSpki(signer.publicKey, digest, signature)) {
    throw new SignError(
      'SIGNER_INVALID',
      `the signature ${signer.ref} made for ${item.name} does not verify with its public key`,
    );
  }
  // A DSSE signature is logged as Rekor v2 wants it too: a hashedrekord over H(PAE).
  const entryRequest = hashedRekordRequest({ digest, signature, ...material });
  const [timestamps, entries] = await Promise.all([
    Promise.all(services.tsas.map((tsa) => timestamp({ url: tsa.url, signature, http }))),
    Promise.all(
      services.tlogs.map((log) => createEntry({ url: log.url, request: entryRequest, http })),
    ),
  ]);
  const content = item.content(signature, {
    algorithm: DIGEST_NAMES[signer.algorithm],
    digest: toBase64(digest),
  });
  return { index, kind, bundle: buildBundle(material, entries, timestamps, content) };
}

/** A v0.3 bundle, fields in protobuf order. */
export function buildBundle(
  material: Material,
  tlogEntries: TransparencyLogEntryJson[],
  timestamps: Buffer[],
  content: BundleContent,
): BundleJson {
  return {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      ...('certificate' in material
        ? { certificate: { rawBytes: toBase64(material.certificate) } }
        : { publicKey: { hint: publicKeyHint(material.publicKey) } }),
      tlogEntries,
      timestampVerificationData: {
        rfc3161Timestamps: timestamps.map((der) => ({ signedTimestamp: toBase64(der) })),
      },
    },
    ...content,
  };
}

/** Runs `fn` over `items` with at most `limit` at once, results in input order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
