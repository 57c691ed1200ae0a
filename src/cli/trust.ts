import { createHash, createPublicKey } from 'node:crypto';
import { parseJsonDocument, readDocument, readFileLimited } from '../core/document.js';
import type { HttpOptions } from '../core/http.js';
import { printed } from '../core/text.js';
import { fetchableUrlProblem } from '../core/url.js';
import { spkiOf } from '../core/x509.js';
import { openSigner } from '../kms/signer.js';
import { tufCacheDir } from '../tuf-client/cache.js';
import type { TufOptions } from '../tuf-client/client.js';
import { TrustMaterial } from '../verify/trust.js';
import { VerifyError } from '../verify/error.js';
import { type Parsed, stringOption } from './args.js';
import { CliError } from './error.js';
import type { Io } from './io.js';

/** A PEM public key, or a certificate with its chain, is a few KiB. */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

/** Real trusted roots are tens of KiB; public-good's, with every retired key, under 100 KiB. */
export const MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;

export interface LoadedTrust {
  trust: TrustMaterial;
  source: string;
  /** Hex SHA-256 of the trusted root's bytes, for `trustedRoot.sha256` pins. */
  sha256: string;
}

/**
 * `--trusted-root public-good`: the public Sigstore instance's root, embedded (its snapshot
 * date is PUBLIC_GOOD_SNAPSHOT in src/verify/public-good.ts), so open-source artifacts signed
 * there verify offline too.
 */
export const PUBLIC_GOOD = 'public-good';

/** A service's trusted root, as `--server` names it. */
export const serverTrustedRoot = (server: string): string =>
  `${server.replace(/\/+$/, '')}/trusted_root.json`;

/**
 * Reads trusted_root.json from a file or URL; with `sha256`, refuses any other bytes (a policy
 * that names a URL should pin what it serves).
 */
export async function loadTrust(
  source: string,
  options: { sha256?: string; http?: HttpOptions } = {},
): Promise<LoadedTrust> {
  const what = 'trusted root';
  if (source === PUBLIC_GOOD) {
    // Loaded only when asked for: the embedded document is tens of KiB of certificates.
    const { publicGoodTrustedRoot } = await import('../verify/public-good.js');
    return trustFrom(Buffer.from(JSON.stringify(publicGoodTrustedRoot())), source, options.sha256);
  }
  const bytes = await readDocument(source, {
    what,
    maxBytes: MAX_TRUSTED_ROOT_BYTES,
    ...(options.http && { http: options.http }),
  });
  return trustFrom(bytes, source, options.sha256);
}

/** The options that take trust from a TUF repository, as `signet verify` and `signet sign` read them. */
export const TUF_OPTIONS = {
  'tuf-url': { type: 'string' },
  'tuf-root': { type: 'string' },
  'tuf-cache': { type: 'string' },
} as const;

/** The TUF target that is the trusted root, as public-good names it. */
export const TUF_TRUSTED_ROOT = 'trusted_root.json';

/**
 * `--tuf-url URL [--tuf-root FILE] [--tuf-cache DIR]` as client options, or undefined when
 * trust does not come by TUF. Warnings (the mirror unreachable, the cache used) go to stderr.
 */
export function tufOptions(parsed: Parsed, io: Io, command: string): TufOptions | undefined {
  const url = stringOption(parsed, 'tuf-url');
  if (url === undefined) {
    const orphan = ['tuf-root', 'tuf-cache'].find((name) => parsed.values[name] !== undefined);
    if (orphan !== undefined) throw new CliError('USAGE', `--${orphan} needs --tuf-url URL`);
    return undefined;
  }
  let problem: string | undefined;
  try {
    problem = fetchableUrlProblem(new URL(url));
  } catch {
    problem = 'not a URL';
  }
  if (problem !== undefined) throw new CliError('USAGE', `--tuf-url ${url}: ${problem}`);
  const rootPath = stringOption(parsed, 'tuf-root');
  return {
    url,
    ...(rootPath !== undefined && { rootPath }),
    cacheDir: stringOption(parsed, 'tuf-cache') ?? tufCacheDir(url, io.env),
    warn: (message) => io.stderr(printed`signet ${command}: warning: ${message}\n`),
  };
}

/** The trusted root a TUF repository distributes, verified through its metadata. */
export async function loadTufTrust(options: TufOptions): Promise<LoadedTrust> {
  // Loaded only when asked for: tuf-js and its HTTP stack add a third of a second to start-up.
  const { fetchTufTarget } = await import('../tuf-client/client.js');
  const target = await fetchTufTarget(TUF_TRUSTED_ROOT, options);
  return trustFrom(target.bytes, target.source, undefined);
}

/** Trust from trusted_root.json bytes; with `pinned`, only those whose SHA-256 it is. */
export function trustFrom(bytes: Buffer, source: string, pinned: string | undefined): LoadedTrust {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (pinned !== undefined && pinned !== sha256) {
    throw new VerifyError(
      'TRUST_ROOT_INVALID',
      `trusted root ${source}: its SHA-256 is not the pinned one`,
      { check: 'trusted root', expected: pinned, actual: sha256 },
    );
  }
  const trust = TrustMaterial.fromTrustedRoot(parseJsonDocument(bytes, 'trusted root', source));
  return { trust, source, sha256 };
}

/** A key named by reference (awskms:///...): it is asked for, not read from a file. */
export const isKeyReference = (ref: string): boolean => ref.includes('://');

/** A public key (DER SPKI) from a PEM file (a public key, certificate or private key) or KMS. */
export async function loadPublicKey(ref: string): Promise<Buffer> {
  if (isKeyReference(ref)) return (await openSigner(ref)).publicKey;
  const pem = (await readFileLimited(ref, 'public key', MAX_KEY_FILE_BYTES)).toString('utf8');
  try {
    // createPublicKey reads the public key out of a certificate or a private key too.
    return spkiOf(createPublicKey(pem));
  } catch (error) {
    throw new CliError(
      'USAGE',
      `the key ${ref} is not a PEM public key, certificate or private key: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
