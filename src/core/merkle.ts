import { createHash } from 'node:crypto';
import { SignetError } from './error.js';

/**
 * RFC 6962 / RFC 9162 Merkle trees over SHA-256: hashing, proof generation from stored
 * complete subtrees, and proof verification.
 *
 * Indices and sizes are JS numbers. Every bit manipulation below is done with division
 * and remainder by powers of two instead of `>>`, `&` or `^`, because those truncate to
 * 32 bits and logs outgrow 2^32 entries long before they outgrow 2^53.
 */

export class MerkleError extends SignetError<'MERKLE_PROOF_INVALID' | 'MERKLE_INPUT_INVALID'> {}

const HASH_SIZE = 32;
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** SHA-256(0x00 || entry): the domain-separated hash of one log entry. */
export function leafHash(entry: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
}

/** SHA-256(0x01 || left || right): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The Merkle Tree Hash of the empty tree, SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/**
 * Where proof generation reads stored hashes. `node(level, index)` is the hash of the
 * complete (perfect) subtree at `level` covering leaves [index*2^level, (index+1)*2^level).
 * Callers are only ever asked for subtrees that lie entirely inside the tree.
 */
export interface NodeSource {
  node(level: number, index: number): Uint8Array;
}

/** The Merkle Tree Hash of a whole list of leaf hashes (any count, including 0). */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Buffer {
  // A stack of perfect subtrees behaves like a binary counter: each push merges equal-height
  // neighbours, so this is O(n) hashing with O(log n) memory. Folding what remains from the
  // right gives exactly RFC 6962's split at the largest power of two.
  const stack: { level: number; hash: Buffer }[] = [];
  hashes.forEach((hash, i) => {
    requireHash(hash, `leaf hash ${i}`);
    let entry: { level: number; hash: Buffer } = { level: 0, hash: Buffer.from(hash) };
    for (
      let top = stack.at(-1);
      top !== undefined && top.level === entry.level;
      top = stack.at(-1)
    ) {
      stack.pop();
      entry = { level: entry.level + 1, hash: nodeHash(top.hash, entry.hash) };
    }
    stack.push(entry);
  });
  return foldRight(stack.map((s) => s.hash)) ?? Buffer.from(EMPTY_ROOT);
}

/** The root hash of the tree of `size` leaves, from O(log size) stored subtrees. */
export function rootHash(size: number, nodes: NodeSource): Buffer {
  requireCount(size, 'tree size');
  return size === 0 ? Buffer.from(EMPTY_ROOT) : rangeHash(0, size, nodes);
}

/** The RFC 9162 audit path for leaf `index` in the tree of `size` leaves, leaf to root. */
export function inclusionProof(index: number, size: number, nodes: NodeSource): Buffer[] {
  return inclusionProofs([index], size, nodes)[0] as Buffer[];
}

/**
 * `inclusionProof` for each of `indices`, in the same tree. Each node is looked up (and an
 * incomplete one along the tree's right border hashed) once for all of them, and proofs that
 * share a node share its Buffer: the proofs of a batch of recent leaves overlap in all but a
 * few levels, and building each one alone cost the log several µs per entry. The proofs are
 * for reading only.
 */
export function inclusionProofs(
  indices: readonly number[],
  size: number,
  nodes: NodeSource,
): Buffer[][] {
  for (const index of indices) requireIndex(index, size);
  const seen: SeenNodes = new Map();
  return indices.map((index) => auditPath(0, index, size, nodes, seen));
}

/** The RFC 9162 consistency proof from the tree of `size1` leaves to the tree of `size2`. */
export function consistencyProof(size1: number, size2: number, nodes: NodeSource): Buffer[] {
  requireConsistencySizes(size1, size2);
  if (size1 === size2) return [];
  // The proof is the audit path, inside the bigger tree, of the largest perfect subtree that
  // ends at size1, preceded by that subtree's hash unless it is the whole old tree (the
  // verifier already holds that one as root1).
  const level = trailingZeros(size1);
  const index = size1 / 2 ** level - 1;
  const path = auditPath(level, index, size2, nodes, new Map());
  return index === 0 ? path : [fetchNode(nodes, level, index), ...path];
}

/**
 * Recomputes the root from a leaf hash (`leaf` is `leafHash(entry)`, not the entry) and
 * its audit path. Throws MerkleError if the proof has the wrong shape for (index, size).
 */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer {
  requireIndex(index, size);
  requireHash(leaf, 'leaf hash');
  proof.forEach((hash, i) => requireHash(hash, `inclusion proof hash ${i}`));
  const { inner, border } = decompose(index, size - 1);
  if (proof.length !== inner + border) {
    throw new MerkleError(
      'MERKLE_PROOF_INVALID',
      `inclusion proof for index ${index} in a tree of size ${size} must have ${inner + border} hashes, got ${proof.length}`,
    );
  }
  const seed = chainInner(Buffer.from(leaf), proof.slice(0, inner), index);
  return chainBorder(seed, proof.slice(inner));
}

/** Checks that `leaf` (a leaf hash) is at `index` in the tree of `size` leaves with `root`. */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  requireHash(root, 'root hash');
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  if (!sameBytes(computed, root)) {
    throw new MerkleError(
      'MERKLE_PROOF_INVALID',
      `inclusion proof for index ${index} does not lead to the root hash of the tree of size ${size}`,
    );
  }
}

/**
 * Checks that the tree of `size2` leaves with `root2` extends the tree of `size1` with `root1`.
 * Like transparency-dev/merkle, a proof from the empty tree is rejected (it proves nothing),
 * and for equal sizes the proof must be empty and the roots byte-identical.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  requireConsistencySizes(size1, size2);
  if (size1 === size2) {
    verifySameTree(size1, root1, root2, proof);
    return;
  }
  requireHash(root1, 'root1');
  requireHash(root2, 'root2');
  proof.forEach((hash, i) => requireHash(hash, `consistency proof hash ${i}`));

  const level = trailingZeros(size1);
  const index = size1 / 2 ** level - 1;
  const { inner, border } = decompose(index, Math.floor((size2 - 1) / 2 ** level));
  // When size1 is a power of two the subtree the proof starts from is the old root itself,
  // which the verifier already has, so the proof omits it.
  const [seed, rest] = index === 0 ? [root1, proof] : [proof[0], proof.slice(1)];
  if (seed === undefined || rest.length !== inner + border) {
    const expected = inner + border + (index === 0 ? 0 : 1);
    throw new MerkleError(
      'MERKLE_PROOF_INVALID',
      `consistency proof from size ${size1} to ${size2} must have ${expected} hashes, got ${proof.length}`,
    );
  }
  const innerPart = rest.slice(0, inner);
  const borderPart = rest.slice(inner);
  const start = Buffer.from(seed);
  if (!sameBytes(chainBorder(chainInnerRight(start, innerPart, index), borderPart), root1)) {
    throw new MerkleError(
      'MERKLE_PROOF_INVALID',
      `consistency proof does not lead to root1 of the tree of size ${size1}`,
    );
  }
  if (!sameBytes(chainBorder(chainInner(start, innerPart, index), borderPart), root2)) {
    throw new MerkleError(
      'MERKLE_PROOF_INVALID',
      `consistency proof does not lead to root2 of the tree of size ${size2}`,
    );
  }
}

function verifySameTree(
  size: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  if (proof.length !== 0) {
    throw new MerkleError(
      'MERKLE_PROOF_INVALID',
      `consistency proof between equal sizes (${size}) must be empty, got ${proof.length} hashes`,
    );
  }
  if (!sameBytes(root1, root2)) {
    throw new MerkleError('MERKLE_PROOF_INVALID', `two different roots for the same size ${size}`);
  }
}

/**
 * The audit path of the complete node (level, index) inside the tree of `size` leaves.
 * Below the level where the path meets the tree's right border, every sibling exists; the
 * highest of them may be an incomplete (ephemeral) node, computed from complete ones. Above
 * it, the path runs along the border where only left siblings exist.
 */
function auditPath(
  level: number,
  index: number,
  size: number,
  nodes: NodeSource,
  seen: SeenNodes,
): Buffer[] {
  const proof: Buffer[] = [];
  let l = level;
  let i = index;
  for (; i !== Math.floor((size - 1) / 2 ** l); l++, i = Math.floor(i / 2)) {
    proof.push(subtreeHash(l, i % 2 === 0 ? i + 1 : i - 1, size, nodes, seen));
  }
  for (; i > 0; l++, i = Math.floor(i / 2)) {
    if (i % 2 === 1) proof.push(subtreeHash(l, i - 1, size, nodes, seen));
  }
  return proof;
}

/** Nodes one proof run has used, by `index * 64 + level` (a safe integer: index < 2^47). */
type SeenNodes = Map<number, Buffer>;

/** The hash of node (level, index), which is complete unless it straddles the tree's end. */
function subtreeHash(
  level: number,
  index: number,
  size: number,
  nodes: NodeSource,
  seen: SeenNodes,
): Buffer {
  const key = index * 64 + level;
  let hash = seen.get(key);
  if (hash === undefined) {
    const width = 2 ** level;
    const start = index * width;
    hash = start + width <= size ? fetchNode(nodes, level, index) : rangeHash(start, size, nodes);
    seen.set(key, hash);
  }
  return hash;
}

/**
 * MTH of leaves [start, end), where start is aligned to a power of two at least end-start:
 * the range splits into perfect subtrees of strictly decreasing size (the binary digits of
 * its length), and folding them from the right reproduces RFC 6962's recursive split.
 */
function rangeHash(start: number, end: number, nodes: NodeSource): Buffer {
  const parts: Buffer[] = [];
  let offset = start;
  for (let level = bitLength(end - start) - 1; level >= 0; level--) {
    const width = 2 ** level;
    if (offset + width <= end) {
      parts.push(fetchNode(nodes, level, offset / width));
      offset += width;
    }
  }
  return foldRight(parts) ?? Buffer.from(EMPTY_ROOT);
}

function fetchNode(nodes: NodeSource, level: number, index: number): Buffer {
  const hash = nodes.node(level, index);
  requireHash(hash, `stored node (level ${level}, index ${index})`);
  return Buffer.from(hash);
}

function foldRight(hashes: readonly Buffer[]): Buffer | undefined {
  return hashes.reduceRight<Buffer | undefined>(
    (acc, hash) => (acc === undefined ? hash : nodeHash(hash, acc)),
    undefined,
  );
}

/**
 * Splits an audit path into its inner part (levels where the path and the last leaf are in
 * different subtrees, one sibling per level) and its border part (one left sibling per set
 * bit of what remains of the index). Equivalent to RFC 9162's bit_length(index XOR last)
 * and popcount, without 32-bit operators.
 */
function decompose(index: number, last: number): { inner: number; border: number } {
  let inner = 0;
  let i = index;
  for (let j = last; i !== j; i = Math.floor(i / 2), j = Math.floor(j / 2)) inner++;
  let border = 0;
  for (; i > 0; i = Math.floor(i / 2)) border += i % 2;
  return { inner, border };
}

/** Hashes up the inner part of a path, taking sides from the bits of `index`. */
function chainInner(seed: Buffer, proof: readonly Uint8Array[], index: number): Buffer {
  return proof.reduce<Buffer>(
    (hash, sibling, level) =>
      bit(index, level) === 0 ? nodeHash(hash, sibling) : nodeHash(sibling, hash),
    seed,
  );
}

/** Like chainInner, but only through left siblings: how the old, smaller root was built. */
function chainInnerRight(seed: Buffer, proof: readonly Uint8Array[], index: number): Buffer {
  return proof.reduce<Buffer>(
    (hash, sibling, level) => (bit(index, level) === 1 ? nodeHash(sibling, hash) : hash),
    seed,
  );
}

/** Along the right border every sibling is on the left. */
function chainBorder(seed: Buffer, proof: readonly Uint8Array[]): Buffer {
  return proof.reduce<Buffer>((hash, sibling) => nodeHash(sibling, hash), seed);
}

function bit(value: number, position: number): number {
  return Math.floor(value / 2 ** position) % 2;
}

function bitLength(value: number): number {
  let bits = 0;
  for (let v = value; v > 0; v = Math.floor(v / 2)) bits++;
  return bits;
}

function trailingZeros(value: number): number {
  let zeros = 0;
  for (let v = value; v % 2 === 0; v /= 2) zeros++;
  return zeros;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function requireHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    const got = hash instanceof Uint8Array ? `${hash.length} bytes` : typeof hash;
    throw new MerkleError('MERKLE_INPUT_INVALID', `${what} must be ${HASH_SIZE} bytes, got ${got}`);
  }
}

function requireCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MerkleError(
      'MERKLE_INPUT_INVALID',
      `${what} must be a non-negative safe integer, got ${value}`,
    );
  }
}

function requireIndex(index: number, size: number): void {
  requireCount(index, 'leaf index');
  requireCount(size, 'tree size');
  if (index >= size) {
    throw new MerkleError(
      'MERKLE_INPUT_INVALID',
      `leaf index ${index} is outside the tree of size ${size}`,
    );
  }
}

function requireConsistencySizes(size1: number, size2: number): void {
  requireCount(size1, 'size1');
  requireCount(size2, 'size2');
  if (size1 > size2) {
    throw new MerkleError(
      'MERKLE_INPUT_INVALID',
      `size1 (${size1}) is larger than size2 (${size2})`,
    );
  }
  if (size1 === 0) {
    throw new MerkleError(
      'MERKLE_INPUT_INVALID',
      'a consistency proof from the empty tree proves nothing (size1 is 0)',
    );
  }
}
