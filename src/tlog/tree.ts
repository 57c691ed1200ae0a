import { nodeHash, type NodeSource } from '../core/merkle.js';
import { TlogError } from './error.js';
import { TILE_HEIGHT, TILE_WIDTH, entriesPath, tilePath } from './tiles.js';

const HASH = 32;

/** A tile the tree needs but does not hold in memory; the caller loads it and retries. */
export class MissingTile {
  constructor(
    readonly level: number,
    readonly index: number,
    /** How many hashes of the tile are needed: a partial tile of this width will do. */
    readonly width: number,
  ) {}
}

/** How many complete tree nodes a level-`tileLevel` tile row holds for a tree of `size` leaves. */
function nodesAtTileLevel(size: number, tileLevel: number): number {
  return Math.floor(size / TILE_WIDTH ** tileLevel);
}

/**
 * Slots of the complete-node memo (a power of two; 40 bytes each, allocated once): a node costs
 * one SHA-256 to recompute. 2^17 slots hold the nodes behind about 2^17 recent entries.
 */
export const NODE_MEMO_SLOTS = 1 << 17;
/**
 * Slots of the memo of a tree built only to check a stored checkpoint (a follower's poll): two
 * root computations need a few hundred nodes, and a 5 MiB memo per checkpoint adopted cost the
 * followers more than the check. Once checked, the tree takes over the served tree's memo.
 */
export const CHECK_MEMO_SLOTS = 1 << 12;
/** How many published full tiles stay cached for proofs and deduplication look-ups. */
export const TILE_CACHE_SIZE = 1024;

/**
 * The log's Merkle tree as tlog-tiles: the growing right edge (one partial tile per level, and
 * the partial entry bundle) in memory, older tiles loaded on demand. It answers NodeSource
 * look-ups for any complete node and tracks which tiles changed since the last publication.
 */
export class TiledTree implements NodeSource {
  size = 0;
  private readonly edge: Buffer[][] = [[]];
  private edgeEntries: Buffer[] = [];
  /** False once restored without the partial entry bundle (see restoreEdge). */
  private appendable = true;
  /** Objects changed since the last publication, by path; full tiles stay here until written. */
  private readonly dirty = new Map<string, Buffer>();
  private readonly tiles = new Map<string, Buffer>();

  constructor(private memo = new NodeMemo()) {}

  /**
   * Takes over `older`'s node memo and cached tiles. Only for a tree verified to extend `older`
   * (the same root at older's size, recomputed from this tree's tiles): their complete nodes and
   * tiles below older's size are then the same, so a follower's proofs for the new checkpoint
   * start from what it already computed and read instead of from nothing.
   */
  inherit(older: TiledTree): void {
    this.memo = older.memo;
    for (const [key, tile] of older.tiles) if (!this.tiles.has(key)) this.tiles.set(key, tile);
    this.trimTileCache();
  }

  /**
   * Restores the right edge of a published tree from its partial tiles (or none at size 0) and
   * partial entry bundle. Without the bundle (`undefined`: a follower's tree, which only answers
   * look-ups) the tree refuses to grow, since its next bundle would lack the entries before.
   */
  restoreEdge(size: number, edgeTiles: Buffer[], edgeEntries: Buffer[] | undefined): void {
    this.size = size;
    this.edge.length = 0;
    for (let level = 0; level === 0 || nodesAtTileLevel(size, level) > 0; level++) {
      const tile = edgeTiles[level] ?? Buffer.alloc(0);
      const hashes: Buffer[] = [];
      for (let at = 0; at < tile.length; at += HASH) hashes.push(tile.subarray(at, at + HASH));
      this.edge.push(hashes);
    }
    this.edgeEntries = edgeEntries ?? [];
    this.appendable = edgeEntries !== undefined;
  }

  /** The partial-tile widths a tree of `size` has per level (0 where the level is all full tiles). */
  static edgeWidths(size: number): number[] {
    const widths: number[] = [];
    for (let level = 0; level === 0 || nodesAtTileLevel(size, level) > 0; level++) {
      widths.push(nodesAtTileLevel(size, level) % TILE_WIDTH);
    }
    return widths;
  }

  /** Appends entries, with their precomputed leaf hashes, at the end of the tree. */
  append(entries: readonly Buffer[], hashes: readonly Buffer[]): void {
    if (!this.appendable) {
      throw new TlogError(
        'LOG_STATE_CORRUPT',
        `the tree of size ${this.size} was restored without its partial entry bundle: it cannot grow`,
      );
    }
    for (const [i, entry] of entries.entries()) {
      this.edgeEntries.push(entry);
      this.size++;
      this.pushHash(0, hashes[i] as Buffer);
      if (this.edgeEntries.length === TILE_WIDTH) {
        const index = Math.floor(this.size / TILE_WIDTH) - 1;
        this.dirty.set(entriesPath(index), encodeBundle(this.edgeEntries));
        this.edgeEntries = [];
      }
    }
  }

  private pushHash(level: number, hash: Buffer): void {
    const row = (this.edge[level] ??= []);
    row.push(hash);
    if (row.length < TILE_WIDTH) return;
    const index = Math.floor(nodesAtTileLevel(this.size, level) / TILE_WIDTH) - 1;
    const tile = Buffer.concat(row);
    this.tiles.set(`${level}/${index}`, tile);
    this.dirty.set(tilePath(level, index), tile);
    this.edge[level] = [];
    // The completed tile's root is the next level's newest hash: the two halves below it are
    // complete nodes, answered from the tile just cached.
    const below = (level + 1) * TILE_HEIGHT - 1;
    this.pushHash(
      level + 1,
      nodeHash(this.node(below, 2 * index), this.node(below, 2 * index + 1)),
    );
  }

  /**
   * The objects to publish for the current size: tiles and bundles completed since the last
   * publication, and the current partial tile of each level. Clears the dirty set.
   */
  takeDirty(): Map<string, Buffer> {
    const out = new Map(this.dirty);
    this.dirty.clear();
    const widths = TiledTree.edgeWidths(this.size);
    for (const [level, width] of widths.entries()) {
      if (width === 0) continue;
      const index = Math.floor(nodesAtTileLevel(this.size, level) / TILE_WIDTH);
      out.set(tilePath(level, index, width), Buffer.concat(this.edge[level] ?? []));
    }
    if (this.edgeEntries.length > 0) {
      out.set(
        entriesPath(Math.floor(this.size / TILE_WIDTH), this.edgeEntries.length),
        encodeBundle(this.edgeEntries),
      );
    }
    this.trimTileCache();
    return out;
  }

  /** Adds a tile read from storage (full, or partial of at least the width asked for). */
  addTile(level: number, index: number, data: Buffer): void {
    this.tiles.set(`${level}/${index}`, data);
    this.trimTileCache();
  }

  private trimTileCache(): void {
    for (const key of this.tiles.keys()) {
      if (this.tiles.size <= TILE_CACHE_SIZE) break;
      this.tiles.delete(key);
    }
  }

  /** Hash `offset` of the level-`level` tile `index`, from the edge or the cache. */
  private tileHash(level: number, index: number, offset: number, width: number): Buffer {
    const edgeIndex = Math.floor(nodesAtTileLevel(this.size, level) / TILE_WIDTH);
    if (index === edgeIndex) {
      const hash = this.edge[level]?.[offset];
      if (hash !== undefined) return hash;
    }
    const tile = this.tiles.get(`${level}/${index}`);
    if (tile !== undefined && tile.length >= (offset + 1) * HASH) {
      return tile.subarray(offset * HASH, (offset + 1) * HASH);
    }
    throw new MissingTile(level, index, width);
  }

  /**
   * Hash of the complete subtree at `level` (in tree levels, not tile levels) number `index`.
   * Complete nodes never change, so they are memoised across publications.
   */
  node(level: number, index: number): Buffer {
    const tileLevel = Math.floor(level / TILE_HEIGHT);
    if (level % TILE_HEIGHT === 0) {
      const tileIndex = Math.floor(index / TILE_WIDTH);
      const offset = index % TILE_WIDTH;
      return this.tileHash(tileLevel, tileIndex, offset, offset + 1);
    }
    // Numeric keys (cheaper than strings): index < 2^47 and level < 64 fit a safe integer.
    const key = index * 64 + level;
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached;
    const hash = nodeHash(this.node(level - 1, 2 * index), this.node(level - 1, 2 * index + 1));
    this.memo.set(key, hash);
    return hash;
  }
}

/**
 * A direct-mapped cache of node hashes in two typed arrays allocated once: a newer node evicts
 * whatever shared its slot. A Map of Buffers cost about 400 bytes a node (the Buffer, its
 * ArrayBuffer and backing store, the Map entry, a heap-number key), which a soak saw as RSS
 * growing for the first quarter hour of every run; this costs the same 5 MiB from the start.
 */
export class NodeMemo {
  private readonly keys: Float64Array;
  private readonly hashes: Buffer;
  private readonly shift: number;

  /** `slots`: a power of two, at least 2. */
  constructor(slots = NODE_MEMO_SLOTS) {
    const bits = Math.log2(slots);
    if (!Number.isInteger(bits) || bits < 1 || bits > 30) {
      throw new TlogError(
        'LOG_CONFIG_INVALID',
        `node memo slots must be a power of two, got ${slots}`,
      );
    }
    this.keys = new Float64Array(slots).fill(-1);
    this.hashes = Buffer.alloc(slots * HASH);
    this.shift = 32 - bits;
  }

  /** A copy: the slot may be overwritten while the caller still holds the hash. */
  get(key: number): Buffer | undefined {
    const slot = this.slotOf(key);
    if (this.keys[slot] !== key) return undefined;
    return Buffer.from(this.hashes.subarray(slot * HASH, (slot + 1) * HASH));
  }

  set(key: number, hash: Buffer): void {
    const slot = this.slotOf(key);
    this.keys[slot] = key;
    hash.copy(this.hashes, slot * HASH);
  }

  /** Fibonacci hashing of both 32-bit halves, so that neighbouring nodes land far apart. */
  private slotOf(key: number): number {
    const high = Math.imul(Math.floor(key / 2 ** 32), 0x85ebca6b);
    return Math.imul((key >>> 0) ^ high, 0x9e3779b1) >>> this.shift;
  }
}

/** tlog-tiles entry bundle: each entry prefixed by its big-endian uint16 length. */
export function encodeBundle(entries: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(entry.length);
    parts.push(prefix, entry);
  }
  return Buffer.concat(parts);
}

/** Splits an entry bundle; undefined if it is malformed. */
export function decodeBundle(data: Buffer): Buffer[] | undefined {
  const entries: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 2 > data.length) return undefined;
    const length = data.readUInt16BE(at);
    if (at + 2 + length > data.length) return undefined;
    entries.push(data.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}

/**
 * Runs a look-up against `tree`, loading from `read` each tile it turns out to need: the full
 * tile if it exists, else the partial tile that a tree of `size` publishes.
 */
export async function loadingTiles<T>(
  tree: TiledTree,
  size: number,
  read: (path: string) => Promise<Buffer | undefined>,
  lookup: () => T,
): Promise<T> {
  for (;;) {
    try {
      return lookup();
    } catch (error) {
      if (!(error instanceof MissingTile)) throw error;
      const { level, index } = error;
      let tile = await read(tilePath(level, index));
      if (tile === undefined) {
        const width = Math.min(TILE_WIDTH, nodesAtTileLevel(size, level) - index * TILE_WIDTH);
        if (width >= error.width) tile = await read(tilePath(level, index, width));
        if (tile === undefined || tile.length < error.width * HASH) {
          throw new TlogError(
            'LOG_STATE_CORRUPT',
            `tile ${level}/${index} is missing for tree size ${size}`,
          );
        }
      }
      tree.addTile(level, index, tile);
    }
  }
}
