import { storedCheckpointSize } from '../../src/tlog/checkpoint.js';
import type {
  Assignment,
  NewBatch,
  RecoveredState,
  SequencedBatch,
  SharedLogStorage,
} from '../../src/tlog/storage.js';

/**
 * One log's shared store in memory, with the semantics the PostgreSQL driver gives the seam:
 * indices assigned in one step per batch, dedup by leaf hash, a lease by the store's clock, and
 * a publication fenced by the lease and refused below the stored size. It exists to drive the
 * engine's replica roles in-process until the real driver lands; `replica()` is one replica's
 * connection.
 */
export class SharedMemoryStore {
  checkpoint: string | undefined;
  readonly objects = new Map<string, Buffer>();
  entries: Buffer[] = [];
  byHash = new Map<string, number>();
  lease = { holder: '', expiresAt: 0 };
  /** Publications the fence refused, by holder. */
  readonly refused: string[] = [];

  constructor(readonly now: () => number = Date.now) {}

  replica(): SharedMemoryReplica {
    return new SharedMemoryReplica(this);
  }

  /** The store as a backup would hold it now. */
  snapshot(): () => void {
    const checkpoint = this.checkpoint;
    const objects = new Map(this.objects);
    const entries = [...this.entries];
    const byHash = new Map(this.byHash);
    return () => {
      this.checkpoint = checkpoint;
      this.objects.clear();
      for (const [path, data] of objects) this.objects.set(path, data);
      this.entries = entries;
      this.byHash = byHash;
    };
  }
}

export class SharedMemoryReplica implements SharedLogStorage {
  /** Set to make every call fail, as for a replica cut off from the database. */
  cutOff = false;
  /** Set to make only lease renewals fail: a holder that cannot renew but still writes. */
  renewalsFail = false;
  /** Set to hold lease requests until it settles; `leaseAsked` fires when one arrives. */
  leaseGate: Promise<void> | undefined;
  leaseAsked: (() => void) | undefined;
  private holder: string | undefined;

  constructor(private readonly store: SharedMemoryStore) {}

  private async reach(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.cutOff) {
      throw Object.assign(new Error('connection to the store lost'), { code: 'ECONNRESET' });
    }
  }

  async recover(): Promise<RecoveredState> {
    await this.reach();
    const size = storedCheckpointSize(this.store.checkpoint);
    const rest = this.store.entries.slice(size);
    return {
      checkpoint: this.store.checkpoint,
      journal: rest.length === 0 ? [] : [{ firstIndex: size, entries: rest }],
    };
  }

  async sequence({ entries, hashes }: NewBatch): Promise<Assignment> {
    await this.reach();
    const firstIndex = this.store.entries.length;
    const indices = entries.map((entry, i) => {
      const key = (hashes[i] as Buffer).toString('base64');
      const existing = this.store.byHash.get(key);
      if (existing !== undefined) return existing;
      this.store.byHash.set(key, this.store.entries.length);
      return this.store.entries.push(entry) - 1;
    });
    return { firstIndex, indices };
  }

  async lease(holder: string, ttlMs: number): Promise<boolean> {
    await this.reach();
    if (this.leaseGate !== undefined) {
      this.leaseAsked?.();
      await this.leaseGate;
    }
    if (this.renewalsFail)
      throw Object.assign(new Error('lease renewal timed out'), { code: 'ETIMEDOUT' });
    const now = this.store.now();
    const lease = this.store.lease;
    if (lease.holder !== holder && lease.expiresAt > now) {
      this.holder = undefined;
      return false;
    }
    this.store.lease = { holder, expiresAt: now + ttlMs };
    this.holder = holder;
    return true;
  }

  async readSequenced(from: number, limit: number): Promise<SequencedBatch[]> {
    await this.reach();
    const entries = this.store.entries.slice(from, from + limit);
    return entries.length === 0 ? [] : [{ firstIndex: from, entries }];
  }

  async publish(
    objects: ReadonlyMap<string, Buffer>,
    checkpoint: string,
    size: number,
  ): Promise<void> {
    await this.reach();
    const { lease } = this.store;
    if (
      this.holder === undefined ||
      lease.holder !== this.holder ||
      lease.expiresAt <= this.store.now()
    ) {
      this.store.refused.push(this.holder ?? '');
      throw Object.assign(new Error('the lease is not this replica’s'), { code: 'LEASE_LOST' });
    }
    if (size < storedCheckpointSize(this.store.checkpoint)) {
      throw Object.assign(new Error('checkpoint smaller than the stored one'), { code: 'FORK' });
    }
    for (const [path, data] of objects) this.store.objects.set(path, data);
    this.store.checkpoint = checkpoint;
  }

  async read(path: string): Promise<Buffer | undefined> {
    await this.reach();
    if (path === 'checkpoint') {
      return this.store.checkpoint === undefined ? undefined : Buffer.from(this.store.checkpoint);
    }
    return this.store.objects.get(path);
  }

  /** Gives the lease back, as the PostgreSQL driver does. */
  async close(): Promise<void> {
    if (this.holder !== undefined && this.store.lease.holder === this.holder) {
      this.store.lease = { holder: '', expiresAt: 0 };
    }
    this.holder = undefined;
  }
}
