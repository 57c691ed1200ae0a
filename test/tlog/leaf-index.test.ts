import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { LeafIndex } from '../../src/tlog/leaf-index.js';

describe('LeafIndex', () => {
  it('finds indices by leaf hash and keeps every index whose prefix collides', () => {
    const index = new LeafIndex();
    const a = randomBytes(32);
    const sameShardAndPrefix = Buffer.concat([a.subarray(0, 7), randomBytes(25)]);
    const otherShard = Buffer.from(a);
    otherShard[0] = (otherShard[0] as number) ^ 0xff;
    index.add(a, 1);
    index.add(sameShardAndPrefix, 7);
    index.add(otherShard, 9);
    assert.deepEqual(index.candidates(a), [1, 7]);
    assert.deepEqual(index.candidates(otherShard), [9]);
    assert.deepEqual(index.candidates(randomBytes(32)), []);
    assert.equal(index.has(a), true);
    assert.equal(index.has(randomBytes(32)), false);
    assert.equal(index.size, 3);
  });

  it('keeps every index, lowest first, while a shard grows', () => {
    const index = new LeafIndex();
    const shared = randomBytes(32);
    const hashes = Array.from({ length: 5_000 }, () => {
      const hash = randomBytes(32);
      hash[0] = shared[0] as number; // all in one shard, so it doubles many times
      return hash;
    });
    hashes.forEach((hash, i) => {
      index.add(hash, i * 3);
      if (i % 1_000 === 0) index.add(shared, i);
    });
    hashes.forEach((hash, i) => assert.deepEqual(index.candidates(hash), [i * 3]));
    assert.deepEqual(index.candidates(shared), [0, 1_000, 2_000, 3_000, 4_000]);
    assert.equal(index.size, 5_005);
  });

  it('tells a prefix apart from a hash differing in any of its seven bytes', () => {
    const index = new LeafIndex();
    const hash = randomBytes(32);
    index.add(hash, 42);
    for (let byte = 0; byte < 7; byte++) {
      const other = Buffer.from(hash);
      other[byte] = (other[byte] as number) ^ 1;
      assert.deepEqual(index.candidates(other), [], `byte ${byte}`);
    }
    const sameprefix = Buffer.from(hash);
    sameprefix[7] = (sameprefix[7] as number) ^ 1;
    assert.deepEqual(index.candidates(sameprefix), [42]);
  });

  it('holds many entries', () => {
    const index = new LeafIndex();
    for (let i = 0; i < 100_000; i++) index.add(randomBytes(32), i);
    assert.equal(index.size, 100_000);
  });
});
