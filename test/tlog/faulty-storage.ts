import {
  type Assignment,
  type LogStorage,
  type NewBatch,
  type RecoveredState,
  type SequencedBatch,
  type SharedLogStorage,
  isShared,
} from '../../src/tlog/storage.js';

export type StorageStep = 'recover' | 'sequence' | 'publish' | 'read';

/**
 * An injected storage fault: which steps fail, with what error, and whether the step's real
 * write happens first (`after`: the bytes reach the disk, then the step reports failure, as a
 * failed fsync does) or not at all (`before`: a failed open or write).
 */
export interface Fault {
  steps: readonly StorageStep[];
  error: () => NodeJS.ErrnoException;
  when?: 'before' | 'after';
  /** Fail only this many calls, then heal by itself (transient faults). */
  times?: number;
}

/** An errno-style error, as node:fs raises them. */
export function errno(code: string, message = code): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/**
 * A real storage (a directory, a PostgreSQL database) behind a seam that can fail on demand: the
 * disk is the edge under test here, not the engine, so the fault is injected where the engine
 * meets the disk.
 */
export class FaultyStorage implements LogStorage {
  fault: Fault | undefined;
  /** Calls per step that failed. */
  readonly failures: Record<StorageStep, number> = { recover: 0, sequence: 0, publish: 0, read: 0 };
  /** Set to make `sequence` wait until `release()`: a disk that hangs. */
  private hold: { gate: Promise<void>; release: () => void } | undefined;

  constructor(readonly inner: LogStorage) {}

  hang(): void {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.hold = { gate, release };
  }

  release(): void {
    this.hold?.release();
    this.hold = undefined;
  }

  private async step<T>(name: StorageStep, run: () => Promise<T>): Promise<T> {
    const fault = this.fault;
    if (fault === undefined || !fault.steps.includes(name)) return run();
    if (fault.times !== undefined && --fault.times <= 0) this.fault = undefined;
    this.failures[name]++;
    if (fault.when === 'after') await run();
    throw fault.error();
  }

  recover(): Promise<RecoveredState> {
    return this.step('recover', () => this.inner.recover());
  }

  async sequence(batch: NewBatch): Promise<Assignment> {
    await this.hold?.gate;
    return this.step('sequence', () => this.inner.sequence(batch));
  }

  publish(objects: ReadonlyMap<string, Buffer>, checkpoint: string, size: number): Promise<void> {
    return this.step('publish', () => this.inner.publish(objects, checkpoint, size));
  }

  read(path: string): Promise<Buffer | undefined> {
    return this.step('read', () => this.inner.read(path));
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A FaultyStorage over shared storage (PostgreSQL) passes the lease and follower reads through. */
class FaultySharedStorage extends FaultyStorage implements SharedLogStorage {
  constructor(readonly shared: SharedLogStorage) {
    super(shared);
  }

  lease(holder: string, ttlMs: number): Promise<boolean> {
    return this.shared.lease(holder, ttlMs);
  }

  readSequenced(from: number, limit: number): Promise<SequencedBatch[]> {
    return this.shared.readSequenced(from, limit);
  }
}

/** `inner` behind a seam that fails on demand, shared if `inner` is. */
export const faultyStorage = (inner: LogStorage): FaultyStorage =>
  isShared(inner) ? new FaultySharedStorage(inner) : new FaultyStorage(inner);
