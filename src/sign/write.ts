import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BundleJson } from '../bundle/bundle.js';
import { SignError } from './error.js';

/**
 * Writes a signing run's bundles all or nothing: every bundle goes to a temporary file beside
 * its target and is fsynced, and only when all are on disk are they renamed into place. If a
 * rename fails, the bundles already renamed are removed again (and any bundle they replaced
 * is put back), so a failed run never leaves a partial set that a later step could mistake
 * for a signed release.
 */

export interface BundleOutput {
  path: string;
  bundle: BundleJson;
}

interface Staged {
  target: string;
  temp: string;
  /** A hard link to the bundle this one replaces, to restore it on rollback. */
  backup?: string;
  renamed: boolean;
}

const tempName = (target: string, purpose: string): string =>
  join(dirname(target), `.${basename(target)}.${purpose}-${randomBytes(6).toString('hex')}`);

export async function writeBundlesAtomically(outputs: readonly BundleOutput[]): Promise<void> {
  const targets = new Set(outputs.map((o) => o.path));
  if (targets.size !== outputs.length) {
    throw new SignError('WRITE_FAILED', 'two bundles would be written to the same path');
  }
  const staged: Staged[] = [];
  try {
    for (const output of outputs) {
      const entry: Staged = {
        target: output.path,
        temp: tempName(output.path, 'tmp'),
        renamed: false,
      };
      staged.push(entry);
      await writeDurably(entry.temp, `${JSON.stringify(output.bundle, null, 2)}\n`);
    }
    for (const entry of staged) {
      const backup = tempName(entry.target, 'old');
      try {
        await link(entry.target, backup);
        entry.backup = backup;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      await rename(entry.temp, entry.target);
      entry.renamed = true;
    }
    await syncDirectories(staged.map((e) => dirname(e.target)));
  } catch (error) {
    await rollback(staged);
    throw new SignError(
      'WRITE_FAILED',
      `writing the bundles failed, so none was written: ${(error as Error).message}`,
      { cause: error },
    );
  }
  await Promise.all(staged.map((e) => (e.backup ? unlink(e.backup).catch(() => {}) : undefined)));
}

async function writeDurably(path: string, text: string): Promise<void> {
  // 'wx': the random name must be new; never write through someone else's file or link.
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the renames themselves durable (best effort where directories cannot be opened). */
async function syncDirectories(dirs: string[]): Promise<void> {
  for (const dir of new Set(dirs)) {
    try {
      const handle = await open(dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // Some platforms and file systems refuse fsync on a directory; the data itself is synced.
    }
  }
}

async function rollback(staged: Staged[]): Promise<void> {
  for (const entry of staged) {
    if (entry.renamed) {
      if (entry.backup) await rename(entry.backup, entry.target).catch(() => {});
      else await unlink(entry.target).catch(() => {});
    } else {
      await unlink(entry.temp).catch(() => {});
      if (entry.backup) await unlink(entry.backup).catch(() => {});
    }
  }
}
