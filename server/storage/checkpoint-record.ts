import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CheckpointRecord } from '../../src/tlog/storage.js';
import type { LogName } from '../identity.js';
import { fsyncDir, writeDurably } from './posix-log.js';

/**
 * Where each replica keeps its record of the last checkpoint it saw of each log, under its own
 * data directory and beside (never inside) the local-disk driver's log folders: restoring a
 * log's folder or its database from a backup leaves the record as it was, and the log refuses
 * the older tree (docs/operations.md, Backup and restore).
 */
export const RECORD_DIR = 'seen-checkpoints';

/** The record of log `name` in `dataDir`: one file holding the checkpoint note. */
export function checkpointRecord(dataDir: string, name: LogName): CheckpointRecord {
  const path = join(dataDir, RECORD_DIR, name);
  return {
    where: path,
    async read() {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async write(note) {
      // Temporary file, fsync, rename, then the directory: the rename itself is durable.
      await writeDurably(path, Buffer.from(note, 'utf8'));
      await fsyncDir(dirname(path));
    },
  };
}
