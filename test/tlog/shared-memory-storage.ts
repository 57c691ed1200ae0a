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
 * indices assigned in one step per batch, dedup by leaf hash, a lease with a term by the store's
 * clock, and a publication fenced by the lease and its term and refused below the stored size. It exists to drive the
 * engine's replica roles in-process until the real driver lands; `replica()` is one replica's
 * connection.
 */
export class SharedMemoryStore {
  checkpoint: string | undefined;
  readonly objects = new Map<string, Buffer>();
  entries: Buffer[] = [];
  byHash = new Map<string, number>();
  lease = { holder: '', term: 0, expiresAt: 0 };
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
  private held: { holder: string; term: number } | undefined;
  private superseded = false;

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
    const held = this.held;
    if (held !== undefined && held.holder === holder) {
      // A renewal, under the term this run was granted.
      if (lease.holder === holder && lease.term === held.term) {
        lease.expiresAt = now + ttlMs;
        return true;
      }
      this.held = undefined;
      this.superseded = true;
      return false;
    }
    if (lease.expiresAt > now && (lease.holder !== holder || this.superseded)) return false;
    this.store.lease = { holder, term: lease.term + 1, expiresAt: now + ttlMs };
    this.held = { holder, term: lease.term + 1 };
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
    const held = this.held;
    if (
      held === undefined ||
      lease.holder !== held.holder ||
      lease.term !== held.term ||
      lease.expiresAt <= this.store.now()
    ) {
      this.store.refused.push(held?.holder ?? '');
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

  /** Gives the lease back, as the PostgreSQL driver does: expired, its term kept. */
  async close(): Promise<void> {
    const { lease } = this.store;
    if (this.held?.holder === lease.holder && this.held.term === lease.term) lease.expiresAt = 0;
    this.held = undefined;
  }
}
