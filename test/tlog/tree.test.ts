import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  inclusionProof,
  leafHash,
  rootFromLeafHashes,
  rootHash,
  verifyInclusion,
} from '../../src/core/merkle.js';
import { TlogError } from '../../src/tlog/error.js';
import { CHECK_MEMO_SLOTS, MissingTile, NodeMemo, TiledTree } from '../../src/tlog/tree.js';

describe('TiledTree', () => {
  it('answers roots and proofs that verify while its node memo evicts', () => {
    // Three tile levels, and far more nodes asked for than the memo has slots for without
    // collisions: every answer must still be the recomputed hash, never a neighbour's.
    const entries = Array.from({ length: 70_000 }, (_, i) => Buffer.from(`entry ${i}`));
    const hashes = entries.map((entry) => leafHash(entry));
    const tree = new TiledTree();
    for (let at = 0; at < entries.length; at += 1_000) {
      tree.append(entries.slice(at, at + 1_000), hashes.slice(at, at + 1_000));
      tree.takeDirty();
    }
    const root = rootFromLeafHashes(hashes);
    assert.deepEqual(rootHash(entries.length, tree), root);
    for (let n = 0; n < 3_000; n++) {
      const index = randomInt(entries.length);
      const proof = inclusionProof(index, entries.length, tree);
      verifyInclusion(index, entries.length, hashes[index] as Buffer, proof, root);
    }
  });
});

describe('TiledTree.inherit', () => {
  it('lets a tree checked to extend another answer proofs from its memo and tiles', () => {
    // A follower's served tree at 5,000 entries, and the tree it builds for a checkpoint at
    // 6,000 from that checkpoint's right edge only, as a follower does: level 0's partial tile
    // (112 hashes) and level 1's (the roots of the 23 full level-0 tiles), no entry bundle.
    const size = 6_000;
    const entries = Array.from({ length: size }, (_, i) => Buffer.from(`entry ${i}`));
    const hashes = entries.map((entry) => leafHash(entry));
    const older = new TiledTree();
    older.append(entries.slice(0, 5_000), hashes.slice(0, 5_000));
    older.takeDirty();
    const full = Math.floor(size / 256);
    const newer = new TiledTree(new NodeMemo(CHECK_MEMO_SLOTS));
    newer.restoreEdge(
      size,
      [
        Buffer.concat(hashes.slice(full * 256)),
        Buffer.concat(
          Array.from({ length: full }, (_, i) =>
            rootFromLeafHashes(hashes.slice(i * 256, (i + 1) * 256)),
          ),
        ),
      ],
      undefined,
    );
    const root = rootFromLeafHashes(hashes);
    assert.deepEqual(rootHash(size, newer), root);
    assert.throws(() => inclusionProof(100, size, newer), MissingTile);

    newer.inherit(older);
    // Every entry in a full tile the older tree completed: no tile to load, and proofs verify
    // against the newer root.
    for (const index of [0, 100, 2_047, 4_095, 4_863]) {
      const proof = inclusionProof(index, size, newer);
      verifyInclusion(index, size, hashes[index] as Buffer, proof, root);
    }
    // Beyond the older tree's full tiles, a tile is still loaded as before.
    assert.throws(() => inclusionProof(4_864, size, newer), MissingTile);
    // Restored without its partial entry bundle, as a follower's is, it answers but cannot grow:
    // its next bundle would lack the entries before.
    assert.throws(
      () => newer.append([Buffer.from('next')], [leafHash(Buffer.from('next'))]),
      (error: unknown) => error instanceof TlogError && error.code === 'LOG_STATE_CORRUPT',
    );
    assert.equal(newer.size, size);
  });
});

describe('NodeMemo', () => {
  it('hands out copies that a later node in the same slot cannot change', () => {
    const memo = new NodeMemo(2);
    const first = randomBytes(32);
    memo.set(7, first);
    const held = memo.get(7);
    assert.deepEqual(held, first);
    for (let key = 100; key < 110; key++) memo.set(key, randomBytes(32));
    assert.deepEqual(held, first);
  });

  it("never answers one key with another key's hash", () => {
    const memo = new NodeMemo(2);
    const hashes = new Map<number, Buffer>();
    for (let key = 0; key < 64; key++) {
      const hash = randomBytes(32);
      hashes.set(key * 2 ** 40 + key, hash);
      memo.set(key * 2 ** 40 + key, hash);
    }
    let hits = 0;
    for (const [key, hash] of hashes) {
      const found = memo.get(key);
      if (found === undefined) continue;
      hits++;
      assert.deepEqual(found, hash);
    }
    assert.equal(hits, 2, 'each of the two slots holds its latest key');
  });

  it('refuses a slot count that is not a power of two', () => {
    for (const slots of [0, 1, 3, 1000]) {
      assert.throws(() => new NodeMemo(slots), /power of two/);
    }
  });
});
