import { createHash } from 'node:crypto';
import { BUNDLE_V03_MEDIA_TYPE } from '../bundle/bundle.js';
import type {
  BundleJson,
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
 * `signet sign`: each file signed keyless (one ephemeral P-256 key and one certificate for
 * the whole run) and, when a key is given, again by that key; every signature timestamped and
 * logged, each half becoming one Sigstore bundle v0.3 per file. Nothing is written here: the
 * caller verifies the bundles (the `verifyBeforeWrite` hook) and then writes them all with
 * `writeBundlesAtomically`.
 */

/** Files signed at once per half: log appends wait for a checkpoint, so overlap them. */
export const DEFAULT_CONCURRENCY = 8;

export interface FileToSign {
  /** Where the artifact is; bundles are named after it. */
  path: string;
  data: Buffer;
}

/** 'keyless' (certificate from the CA) or 'key' (KMS or key file, public-key hint). */
export type BundleKind = 'keyless' | 'key';

export interface SignedBundle {
  /** The artifact's path. */
  path: string;
  kind: BundleKind;
  /** Where the bundle goes by default: FILE.sigstore.json or FILE.kms.sigstore.json. */
  outputPath: string;
  bundle: BundleJson;
}

export interface SignOptions {
  files: readonly FileToSign[];
  signingConfig: SigningConfig;
  /** The identity token: the keyless half runs when it is given. */
  token?: string;
  /** The key half's signer (`openSigner` for awskms:// refs or a key file). */
  kms?: Signer | undefined;
  http?: HttpOptions;
  concurrency?: number;
  /** For choosing services; default now. */
  now?: Date;
  /**
   * Awaited for every bundle once all are made and before signFiles returns, so that a bundle
   * that does not verify never reaches the disk. Throw to refuse it.
   */
  verifyBeforeWrite?: (signed: SignedBundle) => Promise<void>;
  /** Told which services the signing config chose, before any of them is contacted. */
  onServices?: (services: SelectedServices) => void;
}

export interface SignResult {
  /** Keyless bundles first, in file order, then key bundles in file order. */
  bundles: SignedBundle[];
  /** The keyless certificate chain (DER, leaf first), when the keyless half ran. */
  certificateChain?: Buffer[];
}

export const bundlePath = (path: string, kind: BundleKind): string =>
  kind === 'keyless' ? `${path}.sigstore.json` : `${path}.kms.sigstore.json`;

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

export async function signFiles(options: SignOptions): Promise<SignResult> {
  if (options.token === undefined && options.kms === undefined) {
    throw new SignError(
      'OPTIONS_INVALID',
      'nothing to sign with: give an identity token, a key, or both',
    );
  }
  if (options.files.length === 0) throw new SignError('OPTIONS_INVALID', 'no files to sign');
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
  const run = <T>(half: Promise<T>): Promise<T> =>
    half.catch((error: unknown) => {
      controller.abort(error);
      throw error;
    });
  const keyless =
    options.token !== undefined
      ? run(keylessHalf(options, options.token, services, http))
      : Promise.resolve(undefined);
  const key =
    options.kms !== undefined
      ? run(
          signAll(
            'key',
            options.kms,
            { publicKey: options.kms.publicKey },
            options,
            services,
            http,
          ),
        )
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
  const keyValue = (keyResult as PromiseFulfilledResult<SignedBundle[]>).value;
  const bundles = [...(keylessValue?.bundles ?? []), ...keyValue];
  if (options.verifyBeforeWrite !== undefined) {
    for (const signed of bundles) {
      try {
        await options.verifyBeforeWrite(signed);
      } catch (error) {
        throw new SignError(
          'BUNDLE_INVALID',
          `the ${signed.kind} bundle for ${signed.path} did not verify, so nothing was written: ${(error as Error).message}`,
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

async function keylessHalf(
  options: SignOptions,
  token: string,
  services: SelectedServices,
  http: HttpOptions,
): Promise<{ bundles: SignedBundle[]; chain: Buffer[] }> {
  const signer = ephemeralSigner('P-256');
  const issued = await requestCertificate({ url: services.ca.url, token, signer, http });
  if (issued.detachedSct !== undefined) {
    throw new HttpError(
      'RESPONSE_INVALID',
      `the certificate authority at ${services.ca.url} sent its SCT detached; Sigstore bundles need it embedded in the certificate`,
    );
  }
  const leaf = issued.chain[0] as Buffer;
  const bundles = await signAll('keyless', signer, { certificate: leaf }, options, services, http);
  return { bundles, chain: issued.chain };
}

type Material = { certificate: Buffer } | { publicKey: Buffer };

async function signAll(
  kind: BundleKind,
  signer: Signer,
  material: Material,
  options: SignOptions,
  services: SelectedServices,
  http: HttpOptions,
): Promise<SignedBundle[]> {
  return mapLimit(options.files, options.concurrency ?? DEFAULT_CONCURRENCY, (file) =>
    signOne(kind, signer, material, file, services, http),
  );
}

async function signOne(
  kind: BundleKind,
  signer: Signer,
  material: Material,
  file: FileToSign,
  services: SelectedServices,
  http: HttpOptions,
): Promise<SignedBundle> {
  const digest = digestOf(signer.algorithm, file.data);
  // KMS signs the digest (its Sign API takes at most 4 KiB of message); keys in this process
  // sign the data, because Node cannot sign a precomputed digest (see localSigner). The data
  // is in memory either way; OpenSSL hashes it in one native pass.
  const signature = signer.signsDigests
    ? await signer.signDigest(digest)
    : await signer.sign(file.data);
  // Catches a key that changed under an alias, or a signer that hashed differently, before
  // anything is logged under this identity.
  if (!verifyPrehashedSpki(signer.publicKey, digest, signature)) {
    throw new SignError(
      'SIGNER_INVALID',
      `the signature ${signer.ref} made for ${file.path} does not verify with its public key`,
    );
  }
  const entryRequest = hashedRekordRequest({ digest, signature, ...material });
  const [timestamps, entries] = await Promise.all([
    Promise.all(services.tsas.map((tsa) => timestamp({ url: tsa.url, signature, http }))),
    Promise.all(
      services.tlogs.map((log) => createEntry({ url: log.url, request: entryRequest, http })),
    ),
  ]);
  return {
    path: file.path,
    kind,
    outputPath: bundlePath(file.path, kind),
    bundle: buildBundle(material, entries, timestamps, {
      messageDigest: { algorithm: DIGEST_NAMES[signer.algorithm], digest: toBase64(digest) },
      signature: toBase64(signature),
    }),
  };
}

/** A v0.3 message-signature bundle, fields in protobuf order. */
export function buildBundle(
  material: Material,
  tlogEntries: TransparencyLogEntryJson[],
  timestamps: Buffer[],
  messageSignature: MessageSignatureJson,
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
    messageSignature,
  };
}

/** Runs `fn` over `items` with at most `limit` at once, results in input order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
