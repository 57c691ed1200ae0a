import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Signer, fileSigner, openSigner } from '../src/kms/signer.js';
import {
  type TargetContent,
  type TufExpiry,
  type TufStorage,
  type TufStore,
  TufRepository,
  isRepositoryFile,
} from '../src/tuf/repository.js';
import { ServerError } from './http.js';
import type { Logger } from './logger.js';
import { fsyncDir, writeDurably } from './storage/posix-log.js';

/**
 * The TUF repository of a data directory (DATA/tuf, see src/tuf/repository.ts), served at
 * /tuf: created by init, brought up to the live trust material at each start, and kept
 * current by the online key while the service runs.
 */

/** TUF settings: where the online key lives, and each role's validity. */
export interface TufSettings extends TufExpiry {
  /** `file` (keys/tuf-online.key.pem) or an AWS KMS reference, for snapshot and timestamp. */
  onlineKey: string;
  /** A folder the running service keeps a copy of the repository in, for a static host. */
  exportDir?: string | undefined;
}

export const TUF_DIR = 'tuf';
/** The key files under keys/: root and targets are meant to move offline after init. */
export const TUF_KEY_FILES = {
  root: 'tuf-root.key.pem',
  targets: 'tuf-targets.key.pem',
  online: 'tuf-online.key.pem',
} as const;
export type TufKeyRole = keyof typeof TUF_KEY_FILES;

/** When a re-sign fails (KMS unreachable), how soon it is tried again. */
export const TUF_RETRY_MS = 60_000;

/**
 * While the targets are stale, how often the repository is read again for targets an operator
 * signed meanwhile (`tuf targets sign` against the database the replicas share): a few reads.
 */
export const TUF_STALE_RECHECK_MS = 5_000;

/** The repository's files under DATA/tuf, each written durably before the next. */
export const tufStorage = (dataDir: string): TufStorage => tufStorageAt(join(dataDir, TUF_DIR));

/** A repository's files in `base` (DATA/tuf, or an export folder). */
export function tufStorageAt(base: string): TufStorage {
  const path = (name: string): string => {
    if (!isRepositoryFile(name)) {
      throw new ServerError('NOT_FOUND', `${name} is not a TUF repository file`);
    }
    return join(base, name);
  };
  return {
    async read(name) {
      try {
        return await fs.readFile(path(name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async write(name, data) {
      const target = path(name);
      await writeDurably(target, data);
      // The rename must be on disk before the file that names it is written.
      await fsyncDir(dirname(target));
    },
  };
}

/**
 * Writes 1.root.json for a data directory that has none, with the keys `keyOf` gives (init
 * creates them under keys/). Does nothing when the repository exists.
 */
export async function initTufRepository(
  dataDir: string,
  settings: TufSettings,
  keyOf: (role: TufKeyRole) => Promise<Signer>,
): Promise<boolean> {
  const storage = tufStorage(dataDir);
  if ((await storage.read('1.root.json')) !== undefined) return false;
  const root = await keyOf('root');
  const targets = await keyOf('targets');
  const online = await onlineSigner(dataDir, settings, keyOf);
  await TufRepository.create(
    storage,
    {
      root: [root.publicKey],
      threshold: 1,
      targets: [targets.publicKey],
      online: [online.publicKey],
    },
    [root],
    settings,
    new Date(),
  );
  return true;
}

export async function onlineSigner(
  dataDir: string,
  settings: TufSettings,
  keyOf?: (role: TufKeyRole) => Promise<Signer>,
): Promise<Signer> {
  if (settings.onlineKey !== 'file') return openSigner(settings.onlineKey);
  if (keyOf !== undefined) return keyOf('online');
  return fileSigner(join(dataDir, 'keys', TUF_KEY_FILES.online));
}

/** The data directory's repository (DATA/tuf), written by this process alone. */
export function dataDirTufStore(dataDir: string): TufStore {
  const base = join(dataDir, TUF_DIR);
  const storage = tufStorageAt(base);
  return {
    where: base,
    shared: false,
    read: (name) => storage.read(name),
    async list() {
      const entries = await fs.readdir(base, { recursive: true }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      });
      return entries
        .map((entry) => entry.split('\\').join('/'))
        .filter((name) => isRepositoryFile(name));
    },
    // Each file is durable before the next is written, in the order that keeps every
    // intermediate state acceptable to clients (src/tuf/repository.ts): one process needs no more.
    update: (body) => body(storage),
  };
}

/**
 * Copies the repository in `from` to `to`, in the order that keeps every intermediate state
 * acceptable to clients: target files, versioned metadata, the timestamp last. Files already
 * there with the same bytes are left alone. Returns how many files the repository has.
 */
export async function copyRepository(
  from: Pick<TufStore, 'read' | 'list'>,
  to: TufStorage,
): Promise<number> {
  const names = await from.list();
  const rank = (name: string): number =>
    name.startsWith('targets/') ? 0 : name === 'timestamp.json' ? 2 : 1;
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const name of names) {
    const data = await from.read(name);
    if (data !== undefined && !(await to.read(name))?.equals(data)) await to.write(name, data);
  }
  return names.length;
}

/**
 * Makes shared storage hold the repository init made in `dataDir`: the first process on a
 * database copies it in (inside the store's update, so once), and every later one must bring
 * the same first root, or it belongs to another instance. On the data directory's own store
 * both are the same file.
 */
export async function shareRepository(
  storage: TufStorage,
  dataDir: string,
  where: string,
): Promise<void> {
  const local = dataDirTufStore(dataDir);
  const mine = await local.read('1.root.json');
  const stored = await storage.read('1.root.json');
  if (stored === undefined) {
    // Without a local one either, opening the repository names what is missing.
    if (mine !== undefined) await copyRepository(local, storage);
    return;
  }
  if (mine !== undefined && !mine.equals(stored)) {
    throw new ServerError(
      'STORAGE_MISMATCH',
      `${join(local.where, '1.root.json')} is not the first TUF root ${where} holds: this data directory belongs to another instance (remove it, or mount the one the init made: a replica needs none)`,
    );
  }
}

/** What an operator runs when the targets key is offline and the trust material changed. */
export const staleMessage = (dataDir: string, store: TufStore): string =>
  `the TUF targets do not match the live trust material and the targets key is not in ` +
  `${join(dataDir, 'keys')}; ` +
  (store.shared
    ? `run: signet-server tuf targets sign --data-dir DATA-DIR --storage URL --key TARGETS-KEY ` +
      `with this replica's configuration, and the replicas serve it within ` +
      `${TUF_STALE_RECHECK_MS / 1000} s (${store.where})`
    : `with the service stopped, run: signet-server tuf targets sign ` +
      `--data-dir ${dataDir} --key TARGETS-KEY, then start it again`);

export interface TufService {
  /** A repository file's bytes, or undefined when there is none by that name. */
  read(name: string): Promise<Buffer | undefined>;
  /** Why targets and the files after them are withheld, or undefined when they are current. */
  stale(): string | undefined;
  close(): Promise<void>;
}

/**
 * Opens the repository in `store` and makes it current: new targets when the trust material
 * changed and the targets key is here; else the metadata and targets are withheld (503) until
 * an operator signs them (read again every TUF_STALE_RECHECK_MS), so stale trust is never
 * served as current. Then re-signs snapshot and
 * timestamp with the online key whenever half their validity has passed. Each change opens
 * the repository afresh inside the store's update, so replicas sharing one re-sign each
 * version once, whichever comes first, and serve the same files.
 */
export async function startTuf(options: {
  store: TufStore;
  dataDir: string;
  settings: TufSettings;
  /** What the targets must be: the live trust material (trust-material.ts `tufTargets`). */
  targets: readonly TargetContent[];
  logger: Logger;
}): Promise<TufService> {
  const { store, dataDir, settings, targets: contents, logger } = options;
  const exported = settings.exportDir === undefined ? undefined : tufStorageAt(settings.exportDir);
  const online = await onlineSigner(dataDir, settings);
  const targetsKey = join(dataDir, 'keys', TUF_KEY_FILES.targets);
  /**
   * Makes the published targets `contents`: a pending version that names them, else a new one
   * when the targets key is here. False when they stay stale.
   */
  const makeCurrent = async (repository: TufRepository): Promise<boolean> => {
    if (
      repository.targetsMatch(contents) ||
      (await repository.publishPending(contents, online, settings, new Date()))
    ) {
      return true;
    }
    if (!existsSync(targetsKey)) return false;
    await repository.publishTargets(
      contents,
      [await fileSigner(targetsKey)],
      online,
      settings,
      new Date(),
    );
    logger.info('published new TUF targets', { version: repository.status().targets?.version });
    return true;
  };
  const start = await store.update(async (storage) => {
    await shareRepository(storage, dataDir, store.where);
    const repository = await TufRepository.open(storage);
    if (!(await makeCurrent(repository))) return { current: false, next: undefined };
    await repository.refresh(online, settings, new Date());
    return { current: true, next: repository.nextRefresh(settings) };
  });
  let stale = start.current ? undefined : staleMessage(dataDir, store);
  if (stale !== undefined) logger.warn('TUF targets are stale', { fix: stale });

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  const schedule = (next: Date | undefined, delay?: number): void => {
    if (closed) return;
    const wait = delay ?? Math.max(1000, (next?.getTime() ?? Date.now()) - Date.now());
    // setTimeout holds at most 2^31-1 ms (about 24.8 days); a longer wait is re-computed then.
    timer = setTimeout(tick, Math.min(wait, 2 ** 31 - 1));
    timer.unref();
  };
  const tick = (): void => {
    running = store
      .update(async (storage) => {
        const repository = await TufRepository.open(storage);
        // Only stale targets are made current here: a replica whose trust material differs
        // from what another published must not publish its own on every tick.
        if (stale !== undefined && !(await makeCurrent(repository))) return undefined;
        const wrote = await repository.refresh(online, settings, new Date());
        return { wrote, status: repository.status(), next: repository.nextRefresh(settings) };
      })
      .then(async (done) => {
        if (done === undefined) return schedule(undefined, TUF_STALE_RECHECK_MS);
        if (stale !== undefined) {
          stale = undefined;
          logger.info('TUF targets are current', { ...done.status });
        }
        // Another replica may have re-signed first: the folder follows the store either way.
        if (exported) await copyRepository(store, exported);
        if (done.wrote) logger.info('re-signed TUF metadata', { ...done.status });
        schedule(done.next);
      })
      .catch((error: unknown) => {
        logger.error('TUF re-signing failed', { error: String(error), retryInMs: TUF_RETRY_MS });
        schedule(undefined, TUF_RETRY_MS);
      });
  };
  // Whatever the folder missed while the service was stopped (a ceremony, a re-sign).
  if (stale === undefined && exported) await copyRepository(store, exported);
  schedule(start.next, stale === undefined ? undefined : TUF_STALE_RECHECK_MS);

  return {
    stale: () => stale,
    read: (name) => store.read(name),
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
}
