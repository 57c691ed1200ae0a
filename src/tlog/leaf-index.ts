/** Slots a shard starts with; it doubles whenever it would be fuller than MAX_LOAD. */
const INITIAL_SLOTS = 16;
/** Above this share of used slots a linear-probing table's chains grow quickly. */
const MAX_LOAD = 0.75;

/**
 * One open-addressing table (linear probing) in typed arrays: 14 bytes a slot and nothing for
 * the garbage collector to trace, where a Map costs 60 to 70 bytes an entry (a heap-number key,
 * the entry, the hash table) and is traced on every major collection. The dedup index holds one
 * entry per log entry for the life of the process, so this is most of a long-running log's memory.
 */
class Shard {
  size = 0;
  private high = new Uint32Array(INITIAL_SLOTS);
  private low = new Uint16Array(INITIAL_SLOTS);
  /** Log index + 1; 0 marks an empty slot. */
  private indices = new Float64Array(INITIAL_SLOTS);

  add(high: number, low: number, index: number): void {
    if ((this.size + 1) / this.indices.length > MAX_LOAD) this.grow();
    this.place(high, low, index + 1);
    this.size++;
  }

  /** Every index stored under this key, lowest first (a probe chain may wrap past the end). */
  find(high: number, low: number): number[] {
    const found: number[] = [];
    const mask = this.indices.length - 1;
    for (let slot = high & mask; this.indices[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.high[slot] === high && this.low[slot] === low) {
        found.push((this.indices[slot] as number) - 1);
      }
    }
    return found.length > 1 ? found.sort((a, b) => a - b) : found;
  }

  private place(high: number, low: number, stored: number): void {
    const mask = this.indices.length - 1;
    let slot = high & mask;
    while (this.indices[slot] !== 0) slot = (slot + 1) & mask;
    this.high[slot] = high;
    this.low[slot] = low;
    this.indices[slot] = stored;
  }

  private grow(): void {
    const { high, low, indices } = this;
    this.high = new Uint32Array(indices.length * 2);
    this.low = new Uint16Array(indices.length * 2);
    this.indices = new Float64Array(indices.length * 2);
    for (let slot = 0; slot < indices.length; slot++) {
      if (indices[slot] !== 0)
        this.place(high[slot] as number, low[slot] as number, indices[slot] as number);
    }
  }
}

/**
 * Leaf hash → log index, for answering a resubmitted entry with its existing index. Keys are a
 * 56-bit prefix of the leaf hash (a caller confirms a hit against the full hash in the tiles):
 * the first byte picks one of 256 shards, the next six are the key within it. Leaf hashes are
 * SHA-256 outputs, so the key's low bits spread evenly over the slots.
 */
export class LeafIndex {
  private readonly shards = Array.from({ length: 256 }, () => new Shard());

  add(hash: Buffer, index: number): void {
    this.shardOf(hash).add(hash.readUInt32BE(3), hash.readUInt16BE(1), index);
  }

  has(hash: Buffer): boolean {
    return this.candidates(hash).length > 0;
  }

  /**
   * Indices whose leaf hash shares this hash's prefix, lowest first: usually none, almost always
   * at most one.
   */
  candidates(hash: Buffer): readonly number[] {
    return this.shardOf(hash).find(hash.readUInt32BE(3), hash.readUInt16BE(1));
  }

  /** Indices held (one per `add`). */
  get size(): number {
    return this.shards.reduce((n, shard) => n + shard.size, 0);
  }

  private shardOf(hash: Buffer): Shard {
    return this.shards[hash[0] as number] as Shard;
  }
}
