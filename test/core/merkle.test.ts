import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import {
  EMPTY_ROOT,
  MerkleError,
  consistencyProof,
  inclusionProof,
  inclusionProofs,
  leafHash,
  nodeHash,
  rootFromInclusionProof,
  rootFromLeafHashes,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../src/core/merkle.js';
import type { NodeSource } from '../../src/core/merkle.js';
import { vectorPath } from '../helpers/vectors.js';

const b64 = (text: string | null | undefined): Buffer => Buffer.from(text ?? '', 'base64');

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Each vector of a family, parsed, with its path relative to the family folder. */
function loadFamily<V>(family: string): [string, V][] {
  const dir = vectorPath('tlog', 'merkle-testdata', family);
  const files = jsonFiles(dir);
  assert.ok(files.length > 90, `expected the ${family} vectors, found ${files.length}`);
  return files.map((f) => [relative(dir, f), JSON.parse(readFileSync(f, 'utf8'))]);
}

function outcome(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    assert.ok(err instanceof MerkleError, `expected a MerkleError, got ${String(err)}`);
    return err.message;
  }
}

/**
 * A complete in-memory tree of `capacity` leaves that serves a smaller tree of `size`
 * leaves and fails the test if it is ever asked for a node that is not complete inside it.
 */
class TestTree {
  readonly levels: Buffer[][];
  lookups = 0;

  constructor(readonly leaves: readonly Buffer[]) {
    this.levels = [leaves.map((l) => Buffer.from(l))];
    for (let level = this.levels[0]!; level.length > 1;) {
      const next: Buffer[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
      this.levels.push(next);
      level = next;
    }
  }

  source(size: number): NodeSource {
    return {
      node: (level, index) => {
        this.lookups++;
        assert.ok(Number.isInteger(level) && level >= 0, `bad level ${level}`);
        assert.ok(Number.isInteger(index) && index >= 0, `bad index ${index}`);
        assert.ok(
          (index + 1) * 2 ** level <= size,
          `asked for node (${level}, ${index}) which is incomplete in a tree of size ${size}`,
        );
        const hash = this.levels[level]?.[index];
        assert.ok(hash !== undefined, `node (${level}, ${index}) missing from the test tree`);
        return hash;
      },
    };
  }
}

function leavesFor(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
}

describe('merkle: transparency-dev inclusion vectors', () => {
  it('errors exactly when wantErr is set', () => {
    for (const [file, v] of loadFamily<InclusionVector>('inclusion')) {
      const error = outcome(() =>
        verifyInclusion(
          v.leafIdx,
          v.treeSize,
          b64(v.leafHash),
          (v.proof ?? []).map(b64),
          b64(v.root),
        ),
      );
      assert.equal(error !== undefined, v.wantErr, `${file} (${v.desc}): ${error ?? 'no error'}`);
    }
  });
});

describe('merkle: transparency-dev consistency vectors', () => {
  it('errors exactly when wantErr is set', () => {
    for (const [file, v] of loadFamily<ConsistencyVector>('consistency')) {
      const error = outcome(() =>
        verifyConsistency(v.size1, v.size2, b64(v.root1), b64(v.root2), (v.proof ?? []).map(b64)),
      );
      assert.equal(error !== undefined, v.wantErr, `${file} (${v.desc}): ${error ?? 'no error'}`);
    }
  });
});

describe('merkle: RFC 6962 reference tree', () => {
  it('matches the leaf hashes and the roots of sizes 0..8', () => {
    const path = vectorPath('tlog', 'rfc6962-reference-tree.json');
    const ref = JSON.parse(readFileSync(path, 'utf8'));
    const leaves = (ref.leaf_inputs_hex as string[]).map((hex) =>
      leafHash(Buffer.from(hex, 'hex')),
    );
    assert.deepEqual(
      leaves.map((l) => l.toString('hex')),
      ref.leaf_hashes_hex,
    );
    const tree = new TestTree(leaves);
    for (const [size, root] of Object.entries(
      ref.root_hashes_hex_by_size as Record<string, string>,
    )) {
      const n = Number(size);
      assert.equal(rootFromLeafHashes(leaves.slice(0, n)).toString('hex'), root, `MTH size ${n}`);
      assert.equal(rootHash(n, tree.source(n)).toString('hex'), root, `rootHash size ${n}`);
    }
    assert.equal(EMPTY_ROOT.toString('hex'), ref.root_hashes_hex_by_size['0']);
  });
});

describe('merkle: generated proofs', () => {
  const all = leavesFor(300);
  const tree = new TestTree(all);

  it('roots and inclusion proofs verify for every leaf of every size 1..300', () => {
    for (let size = 1; size <= all.length; size++) {
      const nodes = tree.source(size);
      const root = rootFromLeafHashes(all.slice(0, size));
      assert.deepEqual(rootHash(size, nodes), root, `root of size ${size}`);
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(index, size, nodes);
        verifyInclusion(index, size, all[index]!, proof, root);
        assert.deepEqual(rootFromInclusionProof(index, size, all[index]!, proof), root);
      }
    }
  });

  it('proofs of many leaves at once equal one proof per leaf, and hash the border once', () => {
    for (const size of [1, 2, 3, 7, 8, 100, 255, 256, 257, 300]) {
      const nodes = tree.source(size);
      const indices = [...Array.from({ length: size }, (_, i) => size - 1 - i), 0, size - 1];
      const root = rootFromLeafHashes(all.slice(0, size));
      const together = inclusionProofs(indices, size, nodes);
      assert.equal(together.length, indices.length);
      indices.forEach((index, i) => {
        assert.deepEqual(together[i], inclusionProof(index, size, nodes), `${index} of ${size}`);
        verifyInclusion(index, size, all[index]!, together[i]!, root);
      });
    }
    // A batch of the newest leaves costs O(log n) lookups for the border plus one per proof
    // level, not a border rehash per proof.
    const size = 300;
    tree.lookups = 0;
    const recent = Array.from({ length: 40 }, (_, i) => size - 40 + i);
    inclusionProofs(recent, size, tree.source(size));
    const batched = tree.lookups;
    tree.lookups = 0;
    for (const index of recent) inclusionProof(index, size, tree.source(size));
    assert.ok(batched < tree.lookups, `${batched} lookups batched, ${tree.lookups} one by one`);
  });

  it('refuses a batch with any index outside the tree', () => {
    const nodes = tree.source(10);
    assert.throws(() => inclusionProofs([0, 10], 10, nodes), MerkleError);
    assert.throws(() => inclusionProofs([-1], 10, nodes), MerkleError);
    assert.deepEqual(inclusionProofs([], 10, nodes), []);
  });

  it('consistency proofs verify for every pair of sizes up to 300', () => {
    const roots = [EMPTY_ROOT, ...all.map((_, i) => rootFromLeafHashes(all.slice(0, i + 1)))];
    for (let size2 = 1; size2 <= all.length; size2++) {
      const nodes = tree.source(size2);
      for (let size1 = 1; size1 <= size2; size1++) {
        const proof = consistencyProof(size1, size2, nodes);
        verifyConsistency(size1, size2, roots[size1]!, roots[size2]!, proof);
      }
    }
  });

  it('handles a 70000-leaf tree with O(log n) node lookups', () => {
    const big = leavesFor(70000);
    const bigTree = new TestTree(big);
    const sizes = [65535, 65536, 65537, 69999, 70000];
    const roots = new Map(sizes.map((s) => [s, rootFromLeafHashes(big.slice(0, s))]));
    for (const size of sizes) {
      const nodes = bigTree.source(size);
      assert.deepEqual(rootHash(size, nodes), roots.get(size));
      for (const index of [0, 1, 255, 256, 32767, 65534, size - 2, size - 1]) {
        bigTree.lookups = 0;
        const proof = inclusionProof(index, size, nodes);
        assert.ok(bigTree.lookups <= 2 * 17, `${bigTree.lookups} lookups for one inclusion proof`);
        verifyInclusion(index, size, big[index]!, proof, roots.get(size)!);
      }
      for (const size1 of sizes.filter((s) => s <= size)) {
        bigTree.lookups = 0;
        const proof = consistencyProof(size1, size, nodes);
        assert.ok(
          bigTree.lookups <= 2 * 17,
          `${bigTree.lookups} lookups for one consistency proof`,
        );
        verifyConsistency(size1, size, roots.get(size1)!, roots.get(size)!, proof);
      }
    }
  });

  describe('indices beyond 2^32', () => {
    const size = 2 ** 40 + 5;
    const index = 2 ** 33 + 3;
    const requireComplete = (level: number, idx: number): void =>
      assert.ok((idx + 1) * 2 ** level <= size, `incomplete node (${level}, ${idx})`);

    it('looks up exactly the right nodes', () => {
      // Every node of this virtual tree hashes its own coordinates, so the proof's content
      // shows which nodes were looked up; 32-bit truncation would pick other ones.
      const named = (level: number, idx: number): Buffer => {
        requireComplete(level, idx);
        return leafHash(Buffer.from(`${level}/${idx}`));
      };
      const proof = inclusionProof(index, size, { node: named });
      assert.equal(proof.length, 41);
      assert.deepEqual(proof[0], named(0, 2 ** 33 + 2));
      assert.deepEqual(proof[1], named(1, 2 ** 32));
      assert.deepEqual(proof[2], named(2, 2 ** 31 + 1));
      assert.deepEqual(proof[33], named(33, 0));
      assert.deepEqual(proof[40], nodeHash(named(2, 2 ** 38), named(0, 2 ** 40 + 4)));
    });

    it('produces proofs that verify', () => {
      // A tree whose leaves are all equal is self-consistent without storing anything:
      // every perfect subtree at a level has the same hash.
      const uniform = [leafHash(Buffer.from('same'))];
      for (let level = 1; level <= 41; level++) {
        uniform.push(nodeHash(uniform[level - 1]!, uniform[level - 1]!));
      }
      const nodes: NodeSource = {
        node: (level, idx) => {
          requireComplete(level, idx);
          return uniform[level]!;
        },
      };
      const root = rootHash(size, nodes);
      verifyInclusion(index, size, uniform[0]!, inclusionProof(index, size, nodes), root);
      verifyInclusion(size - 1, size, uniform[0]!, inclusionProof(size - 1, size, nodes), root);
      const old = 2 ** 35 + 2 ** 33 + 1;
      verifyConsistency(old, size, rootHash(old, nodes), root, consistencyProof(old, size, nodes));
    });
  });
});

describe('merkle: input validation', () => {
  const leaves = leavesFor(8);
  const tree = new TestTree(leaves);
  const root = rootFromLeafHashes(leaves);

  it('rejects hashes that are not 32 bytes', () => {
    const proof = inclusionProof(3, 8, tree.source(8));
    assert.throws(() => verifyInclusion(3, 8, leaves[3]!.subarray(1), proof, root), {
      code: 'MERKLE_INPUT_INVALID',
    });
    assert.throws(
      () => verifyInclusion(3, 8, leaves[3]!, [...proof.slice(1), Buffer.alloc(31)], root),
      {
        code: 'MERKLE_INPUT_INVALID',
      },
    );
    assert.throws(() => rootFromLeafHashes([Buffer.alloc(33)]), { code: 'MERKLE_INPUT_INVALID' });
    assert.throws(() => rootHash(2, { node: () => Buffer.alloc(3) }), {
      code: 'MERKLE_INPUT_INVALID',
    });
  });

  it('rejects bad sizes and indices', () => {
    const nodes = tree.source(8);
    assert.throws(() => inclusionProof(8, 8, nodes), { code: 'MERKLE_INPUT_INVALID' });
    assert.throws(() => inclusionProof(-1, 8, nodes), { code: 'MERKLE_INPUT_INVALID' });
    assert.throws(() => inclusionProof(0.5, 8, nodes), { code: 'MERKLE_INPUT_INVALID' });
    assert.throws(() => rootHash(2 ** 53, nodes), { code: 'MERKLE_INPUT_INVALID' });
    assert.throws(() => consistencyProof(0, 8, nodes), { code: 'MERKLE_INPUT_INVALID' });
    assert.throws(() => consistencyProof(5, 4, nodes), { code: 'MERKLE_INPUT_INVALID' });
    assert.deepEqual(consistencyProof(8, 8, nodes), []);
    assert.deepEqual(rootHash(0, nodes), EMPTY_ROOT);
  });

  it('names a wrong proof length and a wrong root', () => {
    const proof = inclusionProof(3, 8, tree.source(8));
    assert.throws(() => verifyInclusion(3, 8, leaves[3]!, proof.slice(1), root), {
      code: 'MERKLE_PROOF_INVALID',
      message: /must have 3 hashes, got 2/,
    });
    assert.throws(() => verifyInclusion(3, 8, leaves[2]!, proof, root), {
      code: 'MERKLE_PROOF_INVALID',
      message: /does not lead to the root hash/,
    });
  });
});
