import { randomBytes } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import type {
  Assignment,
  LogStorage,
  NewBatch,
  RecoveredState,
  SequencedBatch,
} from '../../src/tlog/storage.js';
import { storedCheckpointSize } from '../../src/tlog/checkpoint.js';
import { SignetError } from '../../src/core/error.js';

export type StorageErrorCode = 'STORAGE_CORRUPT' | 'STORAGE_IO' | 'STORAGE_LOCKED';
export class StorageError extends SignetError<StorageErrorCode> {}

/** A journal segment is closed and a new one started once it grows past this many bytes. */
export const JOURNAL_SEGMENT_BYTES = 16 * 1024 * 1024;

/** Lock files this process holds, so a second open in-process is refused too. */
const OPEN_IN_THIS_PROCESS = new Set<string>();

const RECORD_MAGIC = 0x5349474e; // "SIGN"
const RECORD_HEADER = 4 + 8 + 4 + 4 + 4; // magic, firstIndex, count, payload length, crc32
const SEGMENT_NAME = /^(\d{16})\.wal$/;

/**
 * The embedded log storage: a directory with the tlog-tiles layout (`checkpoint`, `tile/...`)
 * that any static file server can serve, plus `journal/` segments of durably sequenced batches.
 *
 * Durability: a batch is appended to the journal and fdatasync'ed before integration; on publish
 * every object is written to a temporary file, fsynced and renamed, its directory fsynced, and
 * only then is the checkpoint replaced the same way. A crash at any point leaves either the old
 * checkpoint (and a journal that re-creates everything after it) or the new one with all its tiles.
 */
export class PosixLogStorage implements LogStorage {
  private journal: fs.FileHandle | undefined;
  private journalBytes = 0;
  private lock: fs.FileHandle | undefined;
  /** The index the next sequenced entry gets: after the checkpoint and every journal batch. */
  private next = 0;

  constructor(readonly dir: string) {}

  private get journalDir(): string {
    return join(this.dir, 'journal');
  }

  async recover(): Promise<RecoveredState> {
    await fs.mkdir(this.journalDir, { recursive: true });
    if (this.lock === undefined) await this.acquireLock();
    // After a failed write: the next batch starts a fresh segment, after what is read below.
    const open = this.journal;
    this.journal = undefined;
    await open?.close();
    const checkpoint = await this.read('checkpoint');
    const journal: SequencedBatch[] = [];
    const segments = await this.segments();
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      journal.push(...(await this.readSegment(segment, last)));
    }
    const end = journal.at(-1);
    this.next = Math.max(
      storedCheckpointSize(checkpoint?.toString('utf8')),
      end === undefined ? 0 : end.firstIndex + end.entries.length,
    );
    return { checkpoint: checkpoint?.toString('utf8'), journal };
  }

  /** One writer per directory: two writers appending to one journal would fork the log. */
  private async acquireLock(): Promise<void> {
    const path = join(this.dir, '.lock');
    if (OPEN_IN_THIS_PROCESS.has(path)) {
      throw new StorageError(
        'STORAGE_LOCKED',
        `log directory ${this.dir} is already open in this process`,
      );
    }
    try {
      this.lock = await fs.open(path, fsc.O_CREAT | fsc.O_EXCL | fsc.O_WRONLY);
      await this.lock.write(`${process.pid}\n`);
      OPEN_IN_THIS_PROCESS.add(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock naming our own pid is stale (a container restarts with the same pid); one naming
      // a live process is not.
      const pid = Number((await fs.readFile(path, 'utf8')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new StorageError(
          'STORAGE_LOCKED',
          `log directory ${this.dir} is in use by process ${pid}; only one server may write a log`,
        );
      }
      await fs.rm(path, { force: true });
      return this.acquireLock();
    }
  }

  private async segments(): Promise<string[]> {
    const names = await fs.readdir(this.journalDir);
    return names.filter((n) => SEGMENT_NAME.test(n)).sort();
  }

  /**
   * Reads the batches of one segment. A torn record at the end of the newest segment is a batch
   * whose fsync never completed, so no writer was told it was stored: it is cut off. Damage
   * anywhere else means the disk lost acknowledged data, and recovery refuses to guess.
   */
  private async readSegment(name: string, newest: boolean): Promise<SequencedBatch[]> {
    const path = join(this.journalDir, name);
    const data = await fs.readFile(path);
    const batches: SequencedBatch[] = [];
    let offset = 0;
    while (offset < data.length) {
      const batch = decodeRecord(data, offset);
      if (batch === undefined) {
        if (!newest) {
          throw new StorageError(
            'STORAGE_CORRUPT',
            `journal segment ${path} is damaged at byte ${offset} and is not the newest segment`,
          );
        }
        await truncateDurably(path, offset);
        break;
      }
      batches.push(batch.batch);
      offset = batch.end;
    }
    return batches;
  }

  /**
   * One writer per directory, so every entry is new: the engine's in-memory dedup index has
   * already answered duplicates.
   */
  async sequence({ entries }: NewBatch): Promise<Assignment> {
    const firstIndex = this.next;
    if (this.journal === undefined || this.journalBytes >= JOURNAL_SEGMENT_BYTES) {
      await this.rotate(firstIndex);
    }
    const record = encodeRecord({ firstIndex, entries: [...entries] });
    const journal = this.journal as fs.FileHandle;
    // writeFile, not write: write(2) may store only part of a buffer (a full disk, a file-size
    // limit) without an error, and a torn record must never be acknowledged.
    await journal.writeFile(record);
    await journal.datasync();
    this.journalBytes += record.length;
    this.next = firstIndex + entries.length;
    return { firstIndex, indices: entries.map((_, i) => firstIndex + i) };
  }

  /** Starts the segment for `firstIndex`; if that fails, no half-open segment is left in use. */
  private async rotate(firstIndex: number): Promise<void> {
    const old = this.journal;
    this.journal = undefined;
    await old?.close();
    const name = `${String(firstIndex).padStart(16, '0')}.wal`;
    const journal = await fs.open(join(this.journalDir, name), 'a');
    try {
      this.journalBytes = (await journal.stat()).size;
      await fsyncDir(this.journalDir);
    } catch (error) {
      await journal.close();
      throw error;
    }
    this.journal = journal;
  }

  async publish(
    objects: ReadonlyMap<string, Buffer>,
    checkpoint: string,
    size: number,
  ): Promise<void> {
    const dirs = new Set<string>();
    await Promise.all(
      [...objects].map(async ([path, data]) => {
        const target = join(this.dir, path);
        for (let dir = dirname(target); dir.length > this.dir.length; dir = dirname(dir)) {
          dirs.add(dir);
        }
        await writeDurably(target, data);
      }),
    );
    await Promise.all([...dirs].map(fsyncDir));
    await writeDurably(join(this.dir, 'checkpoint'), Buffer.from(checkpoint, 'utf8'));
    await fsyncDir(this.dir);
    await this.collect(objects, size);
  }

  /**
   * Housekeeping after a publish, none of it needed for correctness: partial tiles superseded by
   * a full tile, and journal segments that lie wholly below the published size.
   */
  private async collect(objects: ReadonlyMap<string, Buffer>, size: number): Promise<void> {
    for (const path of objects.keys()) {
      if (!path.includes('.p/')) {
        await fs.rm(join(this.dir, `${path}.p`), { recursive: true, force: true });
      }
    }
    const segments = await this.segments();
    for (let i = 0; i + 1 < segments.length; i++) {
      const next = Number(SEGMENT_NAME.exec(segments[i + 1] as string)?.[1]);
      if (next <= size) {
        await fs.rm(join(this.journalDir, segments[i] as string), { force: true });
      }
    }
  }

  async read(path: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(join(this.dir, path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.journal?.close();
    this.journal = undefined;
    if (this.lock !== undefined) {
      await this.lock.close();
      this.lock = undefined;
      await fs.rm(join(this.dir, '.lock'), { force: true });
      OPEN_IN_THIS_PROCESS.delete(join(this.dir, '.lock'));
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const recordChecksum = (header: Buffer, payload: Buffer): number => crc32(payload, crc32(header));

function encodeRecord(batch: SequencedBatch): Buffer {
  const payloadLength = batch.entries.reduce((n, e) => n + 4 + e.length, 0);
  const record = Buffer.alloc(RECORD_HEADER + payloadLength);
  record.writeUInt32BE(RECORD_MAGIC, 0);
  record.writeBigUInt64BE(BigInt(batch.firstIndex), 4);
  record.writeUInt32BE(batch.entries.length, 12);
  record.writeUInt32BE(payloadLength, 16);
  let offset = RECORD_HEADER;
  for (const entry of batch.entries) {
    record.writeUInt32BE(entry.length, offset);
    entry.copy(record, offset + 4);
    offset += 4 + entry.length;
  }
  record.writeUInt32BE(recordChecksum(record.subarray(0, 20), record.subarray(RECORD_HEADER)), 20);
  return record;
}

function decodeRecord(
  data: Buffer,
  offset: number,
): { batch: SequencedBatch; end: number } | undefined {
  if (offset + RECORD_HEADER > data.length) return undefined;
  if (data.readUInt32BE(offset) !== RECORD_MAGIC) return undefined;
  const firstIndex = Number(data.readBigUInt64BE(offset + 4));
  const count = data.readUInt32BE(offset + 12);
  const payloadLength = data.readUInt32BE(offset + 16);
  const end = offset + RECORD_HEADER + payloadLength;
  if (end > data.length) return undefined;
  const header = data.subarray(offset, offset + 20);
  const payload = data.subarray(offset + RECORD_HEADER, end);
  if (recordChecksum(header, payload) !== data.readUInt32BE(offset + 20)) return undefined;
  const entries: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 4 > payload.length) return undefined;
    const length = payload.readUInt32BE(at);
    if (at + 4 + length > payload.length) return undefined;
    entries.push(Buffer.from(payload.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  if (at !== payload.length) return undefined;
  return { batch: { firstIndex, entries }, end };
}

/** The pid of a live process holding the log directory's lock, if any. */
export async function lockHolder(dir: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, '.lock'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Write to a temporary sibling, fsync, rename over the target: readers never see a torn file. */
export async function writeDurably(target: string, data: Uint8Array): Promise<void> {
  await fs.mkdir(dirname(target), { recursive: true });
  const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(data); // every byte, or an error: see sequence()
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, target);
}

/**
 * Cuts a torn record off a segment, durably: once a newer segment exists the torn one is no
 * longer the newest, and a tail that reappeared after a crash would stop recovery.
 */
async function truncateDurably(path: string, length: number): Promise<void> {
  const handle = await fs.open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync a directory, so the renames and creations in it survive a crash. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
