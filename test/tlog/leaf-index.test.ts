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
    assert.equal(index.size, 2);
  });

  it('holds more entries than one Map may', () => {
    // 256 shards of at most 2^24 keys each; check the spread on a sample.
    const index = new LeafIndex();
    for (let i = 0; i < 100_000; i++) index.add(randomBytes(32), i);
    assert.equal(index.size, 100_000);
  });
});
