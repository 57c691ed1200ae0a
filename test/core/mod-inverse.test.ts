import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { modInverse } from '../../src/core/mod-inverse.js';

/** The textbook extended Euclid in BigInts: slow, and obviously right. */
function reference(a: bigint, m: bigint): bigint {
  let [u, v, tu, tv] = [m, a, 0n, 1n];
  while (v !== 0n) {
    const q = u / v;
    [u, v] = [v, u - q * v];
    [tu, tv] = [tv, tu - q * tv];
  }
  return tu < 0n ? tu + m : tu;
}

const MODULI: Record<string, bigint> = {
  'P-256 order': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-256 prime': 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  'P-384 order':
    0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  'P-384 prime':
    0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
  'P-521 prime': 2n ** 521n - 1n,
  'a 20-bit prime': 1000003n,
  'a 61-bit prime': 2n ** 61n - 1n,
};

describe('modInverse', () => {
  for (const [name, m] of Object.entries(MODULI)) {
    it(`agrees with the textbook algorithm modulo ${name}`, () => {
      const bits = m.toString(2).length;
      const values = [1n, 2n, 3n, m - 1n, m - 2n, (m - 1n) / 2n, (m + 1n) / 2n];
      // Powers of two and their neighbours make quotients of every size, up to beyond 2^26,
      // which the limb arithmetic hands to its exact BigInt step.
      for (let k = 1; k < bits; k++) {
        values.push(
          2n ** BigInt(k),
          2n ** BigInt(k) - 1n,
          2n ** BigInt(k) + 1n,
          m - 2n ** BigInt(k),
        );
      }
      for (let i = 0; i < 2000; i++) {
        values.push(BigInt(`0x${randomBytes(Math.ceil(bits / 8)).toString('hex')}`) % m);
      }
      for (const a of values.filter((x) => x > 0n && x < m)) {
        assert.equal(modInverse(a, m), reference(a, m), `inverse of ${a}`);
      }
    });
  }

  it('refuses values outside [1, m-1], and moduli it does not take', () => {
    const m = MODULI['P-256 order']!;
    assert.throws(() => modInverse(0n, m), RangeError);
    assert.throws(() => modInverse(m, m), RangeError);
    assert.throws(() => modInverse(-1n, m), RangeError);
    assert.throws(() => modInverse(3n, 2n ** 600n + 1n), /too large/);
    // No inverse exists when the value shares a factor with the modulus: a loud failure.
    assert.throws(() => modInverse(6n, 9n), /modular inverse failed \(gcd 3\)/);
  });
});
