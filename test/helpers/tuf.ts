import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import { tempDir } from './server.js';

/**
 * A TUF client as a Sigstore verifier runs one: tuf-js's Updater with nothing but the mirror
 * URL and a first root, keeping its metadata in a directory of its own between runs.
 */
export interface TufClient {
  /** Its metadata directory (root.json is the trusted root). */
  dir: string;
  /** Refreshes the metadata and returns a target's bytes, downloaded and checked. */
  target(name: string): Promise<Buffer>;
}

export async function tufClient(mirrorUrl: string, firstRoot: Uint8Array): Promise<TufClient> {
  const dir = await tempDir('signet-tuf-client-');
  await mkdir(join(dir, 'targets'));
  await writeFile(join(dir, 'root.json'), firstRoot);
  return {
    dir,
    async target(name) {
      const updater = new Updater({
        metadataBaseUrl: mirrorUrl,
        targetBaseUrl: `${mirrorUrl}/targets`,
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
