import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Metadata, MetadataKind } from '@tufjs/models';
import { type Fetcher, type TargetFile, Updater } from 'tuf-js';
import { DownloadHTTPError } from 'tuf-js/dist/error.js';
import { readFileLimited } from '../core/document.js';
import { HttpError, type HttpOptions, request } from '../core/http.js';
import { normalizedUrl } from './cache.js';
import { TufClientError } from './error.js';
import { PUBLIC_GOOD_TUF_URL, publicGoodTufRoot } from './public-good.js';

/**
 * Trust material from a TUF repository (theupdateframework.io), the way Sigstore clients get
 * theirs: from a pinned first root, `tuf-js`'s Updater walks the root versions, then the
 * timestamp, snapshot and targets, each checked against the keys and thresholds the root
 * names, and downloads one target whose hashes the signed targets give. Everything verified
 * is kept in a cache directory, so that later runs need no root file, and a run that cannot
 * reach the mirror still works from the cache for as long as the cached metadata has not
 * expired (TUF's own bound on staleness: the timestamp role's expiry).
 *
 * Requests go through Signet's HTTP client (https, or plain http to loopback only; bounded
 * sizes; retries), not tuf-js's own.
 */

/**
 * A root is a few KiB (public-good's, with six keys, about 5 KiB); tuf-js allows 512000 bytes
 * for later root versions, and a first root is held to the same.
 */
export const MAX_TUF_ROOT_BYTES = 512_000;
/** Per request to a TUF mirror: metadata is small, and a CDN answers at once or not at all. */
export const DEFAULT_TUF_TIMEOUT_MS = 10_000;
/** Retries after the first attempt, as sigstore-js's TUF client. */
export const DEFAULT_TUF_RETRIES = 2;

/** The digest of the starting root a cache grew from, so another one given starts it over. */
const SEED_FILE = 'seed.sha256';
const ROOT_FILE = 'root.json';
const TARGETS_DIR = 'targets';
/** What the cache holds besides SEED_FILE: tuf-js's metadata files and the targets folder. */
const CACHED = [ROOT_FILE, 'timestamp.json', 'snapshot.json', 'targets.json', TARGETS_DIR];

export interface TufOptions {
  /** The mirror URL: metadata at URL/N.root.json, URL/timestamp.json, targets at URL/targets/. */
  url: string;
  /**
   * The starting root (the repository's 1.root.json, or any version trusted out of band), for
   * first use. Later runs use the cache; a root other than the one the cache grew from starts
   * the cache over. Without it and without a cache, only the public-good mirror has one.
   */
  rootPath?: string;
  /** This repository's cache directory (tufCacheDir gives the default). */
  cacheDir: string;
  http?: HttpOptions;
  /** Told when the mirror is unavailable (network, timeouts, 5xx) and the cache is used. */
  warn?: (message: string) => void;
}

export interface TufTarget {
  bytes: Buffer;
  /** `URL#NAME`, for messages and `--json`. */
  source: string;
}

/** The verified bytes of target `name` of the repository at `options.url`. */
export async function fetchTufTarget(name: string, options: TufOptions): Promise<TufTarget> {
  return (await fetchTufTargets([name], options))[0] as TufTarget;
}

/**
 * The verified bytes of each of `names`, in order, from one refresh of the metadata: all from
 * the mirror, or (when it is unreachable) all from the cache.
 */
export async function fetchTufTargets(
  names: readonly string[],
  options: TufOptions,
): Promise<TufTarget[]> {
  const url = normalizedUrl(options.url);
  await seedCache(url, options);
  const online = new MirrorFetcher(options, false);
  const updater = openUpdater(url, options, online, false);
  const infos: TargetFile[] = [];
  try {
    for (const name of names) infos.push((await updater.getTargetInfo(name)) ?? missing(name, url));
  } catch (error) {
    if (online.unreachable === undefined) throw refusal(error, online.lastRole, url);
    return fromCache(names, url, options, online.unreachable);
  }
  const targets: TufTarget[] = [];
  for (const info of infos) {
    let path = await updater.findCachedTarget(info);
    if (path === undefined) {
      try {
        path = await updater.downloadTarget(info);
      } catch (error) {
        if (online.unreachable !== undefined) {
          throw new TufClientError(
            'MIRROR_UNREACHABLE',
            `the TUF mirror ${url} is unavailable (${online.unreachable.detail}) for its target ${info.path}`,
            { cause: online.unreachable },
          );
        }
        throw new TufClientError(
          'TARGET_INVALID',
          `the TUF repository ${url} serves a target ${info.path} that does not match its signed targets: ${reason(error)}`,
          { cause: error },
        );
      }
    }
    targets.push({ bytes: await readFile(path), source: `${url}#${info.path}` });
  }
  return targets;
}

/** The targets from the cached metadata alone, while it has not expired; with a warning. */
async function fromCache(
  names: readonly string[],
  url: string,
  options: TufOptions,
  unreachable: HttpError,
): Promise<TufTarget[]> {
  const why = `the TUF mirror ${url} is unavailable (${unreachable.detail})`;
  const updater = openUpdater(url, options, new MirrorFetcher(options, true), true);
  const targets: TufTarget[] = [];
  for (const name of names) {
    let info: TargetFile | undefined;
    try {
      info = await updater.getTargetInfo(name);
    } catch (error) {
      throw new TufClientError(
        'MIRROR_UNREACHABLE',
        `${why}, and ${await cacheProblem(options.cacheDir, error)}`,
        { cause: unreachable },
      );
    }
    const path = await updater.findCachedTarget(info ?? missing(name, url));
    if (path === undefined) {
      throw new TufClientError(
        'MIRROR_UNREACHABLE',
        `${why}, and its target ${name} is not in the cache ${options.cacheDir}`,
        { cause: unreachable },
      );
    }
    targets.push({ bytes: await readFile(path), source: `${url}#${name}` });
  }
  options.warn?.(`${why}; using the metadata cached in ${options.cacheDir}`);
  return targets;
}

function missing(name: string, url: string): never {
  throw new TufClientError(
    'TARGET_MISSING',
    `the TUF repository ${url} has no target ${name} in its signed targets`,
  );
}

/**
 * Gives the cache a starting root: the one named (a different one than the cache grew from
 * discards what was cached), else the cached one, else public-good's own when that is the
 * mirror. The root is checked (JSON, TUF root, signed by its own threshold) before anything
 * is written, and written whole or not at all.
 */
async function seedCache(url: string, options: TufOptions): Promise<void> {
  const { cacheDir, rootPath } = options;
  let seed: Buffer | undefined;
  if (rootPath !== undefined) {
    seed = await readFileLimited(rootPath, 'TUF root', MAX_TUF_ROOT_BYTES).catch((error) => {
      throw new TufClientError('ROOT_INVALID', (error as Error).message, { cause: error });
    });
    checkRoot(seed, `the TUF root ${rootPath}`);
  }
  const cachedRoot = await readFile(join(cacheDir, ROOT_FILE)).catch(() => undefined);
  const recorded = await readFile(join(cacheDir, SEED_FILE), 'utf8').catch(() => undefined);
  if (seed === undefined) {
    if (cachedRoot !== undefined) return;
    if (url !== PUBLIC_GOOD_TUF_URL) {
      throw new TufClientError(
        'ROOT_MISSING',
        `nothing is cached for the TUF repository ${url} (in ${cacheDir}): give its first root, --tuf-root FILE (the repository's 1.root.json), once`,
      );
    }
    seed = publicGoodTufRoot();
  }
  const digest = createHash('sha256').update(seed).digest('hex');
  if (cachedRoot !== undefined && recorded?.trim() === digest) return;
  try {
    await mkdir(cacheDir, { recursive: true, mode: 0o700 });
    await Promise.all(
      CACHED.map((file) => rm(join(cacheDir, file), { recursive: true, force: true })),
    );
    await mkdir(join(cacheDir, TARGETS_DIR));
    await writeWhole(join(cacheDir, SEED_FILE), `${digest}\n`);
    await writeWhole(join(cacheDir, ROOT_FILE), seed);
  } catch (error) {
    throw new TufClientError(
      'CACHE_UNWRITABLE',
      `cannot write the TUF cache ${cacheDir}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Refuses bytes that are not a TUF root signed by its own root threshold. */
function checkRoot(bytes: Buffer, what: string): void {
  try {
    const root = Metadata.fromJSON(MetadataKind.Root, JSON.parse(bytes.toString('utf8')));
    root.verifyDelegate(MetadataKind.Root, root);
  } catch (error) {
    throw new TufClientError('ROOT_INVALID', `${what} is not a valid TUF root: ${reason(error)}`, {
      cause: error,
    });
  }
}

async function writeWhole(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, data, { mode: 0o600 });
  await rename(temporary, path);
}

function openUpdater(url: string, options: TufOptions, fetcher: Fetcher, forceCache: boolean) {
  try {
    return new Updater({
      metadataDir: options.cacheDir,
      metadataBaseUrl: url,
      targetDir: join(options.cacheDir, TARGETS_DIR),
      targetBaseUrl: `${url}/${TARGETS_DIR}`,
      fetcher,
      forceCache,
    });
  } catch (error) {
    // Only the cached root is read here; it was checked when it was written, so it was changed.
    throw new TufClientError(
      'ROOT_INVALID',
      `the cached TUF root ${join(options.cacheDir, ROOT_FILE)} cannot be used (${reason(error)}): give --tuf-root FILE again, or remove ${options.cacheDir}`,
      { cause: error },
    );
  }
}

/**
 * tuf-js's fetcher, on Signet's HTTP client. It remembers the role of the file it last asked
 * for (tuf-js's errors rarely say) and whether the mirror was unreachable; offline, it refuses
 * every request at once, so that only the cache is used.
 */
class MirrorFetcher implements Fetcher {
  lastRole: string | undefined;
  unreachable: HttpError | undefined;

  constructor(
    private readonly options: TufOptions,
    private readonly offline: boolean,
  ) {}

  async downloadBytes(url: string, maxLength: number): Promise<Buffer> {
    this.lastRole = roleOf(url);
    if (this.offline) throw new Error(`no usable cached ${this.lastRole} metadata`);
    try {
      const response = await request(
        { method: 'GET', url, what: 'TUF repository' },
        {
          timeoutMs: DEFAULT_TUF_TIMEOUT_MS,
          retries: DEFAULT_TUF_RETRIES,
          ...this.options.http,
          maxResponseBytes: maxLength,
        },
      );
      return response.body;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.code === 'SERVICE_UNAVAILABLE') this.unreachable = error;
      // tuf-js reads a 403 or 404 for the next root version as "no newer root".
      if (error.status !== undefined) throw new DownloadHTTPError(error.message, error.status);
      throw new Error(error.detail, { cause: error });
    }
  }

  async downloadFile<T>(
    url: string,
    maxLength: number,
    handler: (file: string) => Promise<T>,
  ): Promise<T> {
    const bytes = await this.downloadBytes(url, maxLength);
    const temporary = join(this.options.cacheDir, `download.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temporary, bytes, { mode: 0o600 });
    try {
      return await handler(temporary);
    } finally {
      await rm(temporary, { force: true });
    }
  }
}

/** The role a metadata URL is for (N.root.json, timestamp.json, N.snapshot.json...). */
function roleOf(url: string): string {
  const file = decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? '');
  if (new URL(url).pathname.includes(`/${TARGETS_DIR}/`)) return 'target';
  return /^(?:\d+\.)?(.+)\.json$/.exec(file)?.[1] ?? file;
}

/**
 * tuf-js's reason, without the wrappers it adds ("Unable to load snapshot metadata error
 * Error: ...") and without class names.
 */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Unable to load [\w ]+? error (?:\w*Error: )?/, '');
}

/** A refused update, naming the role: an expiry names its own role, anything else the file. */
function refusal(error: unknown, lastRole: string | undefined, url: string): TufClientError {
  if (error instanceof TufClientError) return error;
  const why = reason(error);
  const role = /\b(\w+)\.json is expired/.exec(why)?.[1] ?? lastRole ?? 'root';
  return new TufClientError(
    'METADATA_REFUSED',
    `the TUF repository ${url} serves ${role} metadata the client refuses: ${why}`,
    { cause: error, role },
  );
}

/** Why the cache cannot stand in for the mirror: nothing cached, or it has expired. */
async function cacheProblem(cacheDir: string, error: unknown): Promise<string> {
  const timestamp = await readFile(join(cacheDir, 'timestamp.json'), 'utf8').catch(() => undefined);
  if (timestamp === undefined) return `nothing is cached in ${cacheDir} yet`;
  let expires: unknown;
  try {
    expires = (JSON.parse(timestamp) as { signed?: { expires?: unknown } }).signed?.expires;
  } catch {
    expires = undefined;
  }
  if (typeof expires === 'string' && Date.parse(expires) <= Date.now()) {
    return `the metadata cached in ${cacheDir} expired at ${expires}`;
  }
  return `the metadata cached in ${cacheDir} cannot be used: ${reason(error)}`;
}
