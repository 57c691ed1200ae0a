import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import { type Signer, ephemeralSigner } from '../../src/kms/signer.js';
import { TUF_EXPIRY_DEFAULTS, type TufStorage, TufRepository } from '../../src/tuf/repository.js';
import { tempDir } from './server.js';

/**
 * A TUF client as a Sigstore verifier runs one: tuf-js's Updater with nothing but the mirror
 * URL and a first root, keeping its metadata in a directory of its own between runs.
 */
export interface TufClient {
  /** Its metadata directory (root.json is the trusted root). */
  dir: string;
  /**
   * Refreshes the metadata and returns a target's bytes, downloaded and checked; from
   * `mirror` when given (another replica of the same repository), else the client's own.
   */
  target(name: string, mirror?: string): Promise<Buffer>;
}

export async function tufClient(mirrorUrl: string, firstRoot: Uint8Array): Promise<TufClient> {
  const dir = await tempDir('signet-tuf-client-');
  await mkdir(join(dir, 'targets'));
  await writeFile(join(dir, 'root.json'), firstRoot);
  return {
    dir,
    async target(name, mirror = mirrorUrl) {
      const updater = new Updater({
        metadataBaseUrl: mirror,
        targetBaseUrl: `${mirror}/targets`,
        metadataDir: dir,
        targetDir: join(dir, 'targets'),
        config: { fetchRetries: 0 },
      });
      await updater.refresh();
      const info = await updater.getTargetInfo(name);
      if (info === undefined) throw new Error(`the repository has no target ${name}`);
      return readFile(await updater.downloadTarget(info));
    },
  };
}

/** A repository's files in memory; `failAfter` writes, the next ones fail as a crash stops them. */
export interface MemoryTufStorage extends TufStorage {
  files: Map<string, Buffer>;
  failAfter?: number;
}

export function memoryTufStorage(): MemoryTufStorage {
  const storage: MemoryTufStorage = {
    files: new Map(),
    async read(name) {
      return storage.files.get(name);
    },
    async write(name, data) {
      if (storage.failAfter !== undefined && storage.failAfter-- <= 0) throw new Error('crash');
      storage.files.set(name, Buffer.from(data));
    },
  };
  return storage;
}

export interface TufKeys {
  root: Signer;
  targets: Signer;
  online: Signer;
}

/** A new repository (1.root.json only) with fresh keys, one per role, created at `now`. */
export async function newTufRepository(
  storage: TufStorage,
  now: Date,
  keys: TufKeys = {
    root: ephemeralSigner(),
    targets: ephemeralSigner(),
    online: ephemeralSigner(),
  },
): Promise<{ keys: TufKeys; repository: TufRepository }> {
  const repository = await TufRepository.create(
    storage,
    {
      root: [keys.root.publicKey],
      threshold: 1,
      targets: [keys.targets.publicKey],
      online: [keys.online.publicKey],
    },
    [keys.root],
    TUF_EXPIRY_DEFAULTS,
    now,
  );
  return { keys, repository };
}
