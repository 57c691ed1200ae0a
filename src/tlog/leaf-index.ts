/**
 * Leaf hash → log index, for answering a resubmitted entry with its existing index. Keys are a
 * 48-bit prefix of the leaf hash (a caller confirms a hit against the full hash in the tiles),
 * spread over 256 maps by the hash's first byte: one V8 Map holds at most 2^24 keys, and a log
 * must not stop at its 16,777,217th entry.
 */
export class LeafIndex {
  private readonly shards = Array.from({ length: 256 }, () => new Map<number, number | number[]>());

  private shard(hash: Buffer): Map<number, number | number[]> {
    return this.shards[hash[0] as number] as Map<number, number | number[]>;
  }

  add(hash: Buffer, index: number): void {
    const shard = this.shard(hash);
    const key = hash.readUIntBE(1, 6);
    const existing = shard.get(key);
    if (existing === undefined) shard.set(key, index);
    else if (Array.isArray(existing)) existing.push(index);
    else shard.set(key, [existing, index]);
  }

  has(hash: Buffer): boolean {
    return this.shard(hash).has(hash.readUIntBE(1, 6));
  }

  /** Indices whose leaf hash shares this hash's prefix: usually none, almost always at most one. */
  candidates(hash: Buffer): readonly number[] {
    const found = this.shard(hash).get(hash.readUIntBE(1, 6));
    if (found === undefined) return [];
    return Array.isArray(found) ? found : [found];
  }

  get size(): number {
    return this.shards.reduce((n, shard) => n + shard.size, 0);
  }
}
