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
import { NodeMemo, TiledTree } from '../../src/tlog/tree.js';

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
