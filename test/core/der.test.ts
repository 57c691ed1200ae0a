import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDer, sequence, tlv } from '../../src/core/der.js';

describe('der tlv', () => {
  it('encodes the length in the short form below 128 and the shortest long form above', () => {
    const header = (length: number): number[] => [
      ...tlv(0x04, Buffer.alloc(length)).subarray(0, 5),
    ];
    assert.deepEqual(header(0).slice(0, 2), [0x04, 0x00]);
    assert.deepEqual(header(127).slice(0, 2), [0x04, 0x7f]);
    assert.deepEqual(header(128).slice(0, 3), [0x04, 0x81, 0x80]);
    assert.deepEqual(header(255).slice(0, 3), [0x04, 0x81, 0xff]);
    assert.deepEqual(header(256).slice(0, 4), [0x04, 0x82, 0x01, 0x00]);
    assert.deepEqual(header(65_535).slice(0, 4), [0x04, 0x82, 0xff, 0xff]);
    assert.deepEqual(header(65_536).slice(0, 5), [0x04, 0x83, 0x01, 0x00, 0x00]);
  });

  it('concatenates its parts and round-trips through the decoder at every length form', () => {
    for (const length of [0, 1, 127, 128, 129, 255, 256, 4_000, 65_535, 65_536, 70_001]) {
      const content = Buffer.alloc(length);
      for (let i = 0; i < length; i++) content[i] = i & 0xff;
      const cut = length >> 1;
      const encoded = sequence(content.subarray(0, cut), content.subarray(cut));
      const node = parseDer(tlv(0x30, encoded));
      const [inner] = node.children();
      assert.ok(inner?.raw.equals(encoded), `length ${length}`);
      assert.ok(inner?.value.equals(content), `length ${length}`);
    }
  });
});
