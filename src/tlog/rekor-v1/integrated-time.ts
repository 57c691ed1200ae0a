import { storedCheckpointSize } from '../checkpoint.js';
import { TlogError } from '../error.js';
import {
  type Assignment,
  type LogStorage,
  type NewBatch,
  type RecoveredState,
  type SequencedBatch,
  type SharedLogStorage,
  isShared,
} from '../storage.js';
import { TILE_WIDTH, encodeTileIndex } from '../tiles.js';

/**
 * Rekor v1 signs each entry's integratedTime, so the time must be as durable as the entry and
 * the same on every read. This storage wrapper records it in the very publication that makes
 * the entry visible: the entries a checkpoint adds get that publication's time, in "time
 * tiles" of 256 big-endian uint64 Unix seconds written beside the log's own tiles and, like
 * them, made durable before the checkpoint is replaced. An entry recovered from the journal
 * after a crash gets the time of the publication that finally covers it, which nobody was
 * promised another time for: its writer never got an answer.
 */

const TIME_BYTES = 8;

/** `integrated-time/x001/234`, partial tiles `.p/W` (removed with the log's own partials). */
function timePath(index: number, width: number): string {
  const base = `integrated-time/${encodeTileIndex(index)}`;
  return width === TILE_WIDTH ? base : `${base}.p/${width}`;
}

export class IntegrationTimes implements LogStorage {
  /** The published size, and the times of the entries of its last, partial, tile. */
  protected size = 0;
  private partial: number[] = [];

  constructor(
    private readonly inner: LogStorage,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async recover(): Promise<RecoveredState> {
    const state = await this.inner.recover();
    await this.load(storedCheckpointSize(state.checkpoint));
    return state;
  }

  /** Takes the published tree of `size` as where the next publication's times start. */
  protected async load(size: number): Promise<void> {
    const width = size % TILE_WIDTH;
    const tile = Math.floor(size / TILE_WIDTH);
    const partial = width === 0 ? [] : decode(await this.readTile(tile, width), width);
    this.size = size;
    this.partial = partial;
  }

  sequence(batch: NewBatch): Promise<Assignment> {
    return this.inner.sequence(batch);
  }

  async publish(objects: ReadonlyMap<string, Buffer>, checkpoint: string, size: number) {
    const now = this.nowSeconds();
    const withTimes = new Map(objects);
    let tile = Math.floor(this.size / TILE_WIDTH);
    let times = [...this.partial];
    for (let index = this.size; index < size; index++) {
      times.push(now);
      if (times.length === TILE_WIDTH || index === size - 1) {
        withTimes.set(timePath(tile, times.length), encode(times));
        if (times.length === TILE_WIDTH) {
          tile++;
          times = [];
        }
      }
    }
    await this.inner.publish(withTimes, checkpoint, size);
    this.size = size;
    this.partial = times;
  }

  read(path: string): Promise<Buffer | undefined> {
    return this.inner.read(path);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /**
   * The integratedTime (Unix seconds) of entry `index` in the published tree of `size` entries
   * (the checkpoint the answer carries). Every publication writes the times of its last tile at
   * its size, so any replica reads them back at any published size, the holder's latest or an
   * older one, and a follower at the size it follows (it publishes nothing itself).
   */
  async timeOf(index: number, size: number): Promise<number> {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new TlogError('LOG_INDEX_INVALID', `index ${index} is not in a tree of size ${size}`);
    }
    const tile = Math.floor(index / TILE_WIDTH);
    const offset = index % TILE_WIDTH;
    const width = Math.min(TILE_WIDTH, size - tile * TILE_WIDTH);
    // The last tile of this replica's own latest publication (or recovery) is at hand.
    if (size === this.size && width < TILE_WIDTH) return this.partial[offset] as number;
    return decode(await this.readTile(tile, width), width)[offset] as number;
  }

  private async readTile(tile: number, width: number): Promise<Buffer> {
    // A partial tile may have been removed once its full tile was written: its prefix is it.
    const data =
      (await this.inner.read(timePath(tile, width))) ??
      (await this.inner.read(timePath(tile, TILE_WIDTH)));
    if (data === undefined || data.length < width * TIME_BYTES) {
      throw new TlogError(
        'LOG_STATE_CORRUPT',
        `integration times ${timePath(tile, width)} are missing or truncated`,
      );
    }
    return data;
  }
}

function encode(times: readonly number[]): Buffer {
  const out = Buffer.alloc(times.length * TIME_BYTES);
  times.forEach((time, i) => out.writeBigUInt64BE(BigInt(time), i * TIME_BYTES));
  return out;
}

function decode(data: Buffer, width: number): number[] {
  return Array.from({ length: width }, (_, i) => Number(data.readBigUInt64BE(i * TIME_BYTES)));
}

/** Integration times over storage shared by replicas: the lease and follower reads pass through. */
class SharedIntegrationTimes extends IntegrationTimes implements SharedLogStorage {
  constructor(
    private readonly shared: SharedLogStorage,
    nowSeconds?: () => number,
  ) {
    super(shared, nowSeconds);
  }

  /**
   * A replica reads the store (recover) before it takes the lease, so the holder it replaces
   * may have published in between, as one shutting down does before it gives the lease back.
   * The times that holder published were answered to writers and stand: the publication starts
   * from the stored size. No one else publishes until this one commits: it holds the lease, or
   * the store refuses it.
   */
  override async publish(
    objects: ReadonlyMap<string, Buffer>,
    checkpoint: string,
    size: number,
  ): Promise<void> {
    const stored = storedCheckpointSize((await this.shared.read('checkpoint'))?.toString('utf8'));
    if (stored !== this.size) await this.load(stored);
    await super.publish(objects, checkpoint, size);
  }

  lease(holder: string, ttlMs: number): Promise<boolean> {
    return this.shared.lease(holder, ttlMs);
  }

  readSequenced(from: number, limit: number): Promise<SequencedBatch[]> {
    return this.shared.readSequenced(from, limit);
  }
}

/** Integration times over `inner`, shared by replicas if `inner` is. */
export const integrationTimes = (inner: LogStorage, nowSeconds?: () => number): IntegrationTimes =>
  isShared(inner)
    ? new SharedIntegrationTimes(inner, nowSeconds)
    : new IntegrationTimes(inner, nowSeconds);
