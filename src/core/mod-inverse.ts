/**
 * Modular inversion for the prehashed ECDSA check (prehash.ts), which needs two per signature
 * (one modulo the group order, one modulo the field prime) and whose inputs are all public, so
 * none of this is constant-time.
 *
 * Lehmer's extended Euclid (Knuth, TAOCP 4.5.2, Algorithm L): runs of quotients are found from
 * the leading 50 bits in float arithmetic and applied to the operands as one 2x2 matrix. The
 * operands and cofactors live in preallocated arrays of 24-bit limbs rather than in BigInts,
 * because every BigInt operation allocates. Every float product stays exact: cofactors are kept
 * at most 2^26 and limbs below 2^24, so a limb of A·x + B·y plus its carry stays below 2^53.
 */

const LIMB_BITS = 24;
const LIMB = 2 ** LIMB_BITS;
/** Bits of the operands' leading digits that one run of quotients works from. */
const DIGIT_BITS = 50;
/** The largest cofactor a run may build; a run stops before exceeding it. */
const MAX_COFACTOR = 2 ** 26;
/** Limbs for the largest modulus taken (P-521's) plus the sign limb. */
const MAX_LIMBS = Math.ceil(521 / LIMB_BITS) + 1;
const POW2 = Array.from({ length: 3 * LIMB_BITS }, (_, k) => 2 ** k);

// Scratch limbs, reused by every call: modInverse is synchronous and calls nothing that could
// re-enter it. Each holds a value as little-endian limbs, every limb in [0, 2^24) but the
// top one of the `count` in use, which is signed.
const scratch = Array.from({ length: 8 }, () => new Float64Array(MAX_LIMBS));
const bytes = Buffer.alloc(3 * MAX_LIMBS);

/**
 * The inverse of `a` modulo the odd prime `m` (at most 521 bits), for `a` in [1, m-1]. The
 * result is checked by one multiplication, which turns any slip into a loud failure rather than
 * a wrong verdict.
 */
export function modInverse(a: bigint, m: bigint): bigint {
  if (a <= 0n || a >= m) throw new RangeError('modular inverse: the value must be in [1, m-1]');
  const mHex = m.toString(16);
  if (mHex.length * 4 > 528) throw new RangeError('modular inverse: the modulus is too large');
  // One spare limb: cofactors are signed and as large as m, and the top limb carries the sign.
  const count = Math.ceil((mHex.length * 4) / LIMB_BITS) + 1;
  let [u, v, tu, tv, nextU, nextV, nextTu, nextTv] = scratch as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  setLimbs(u, mHex, count);
  setLimbs(v, a.toString(16), count);
  tu.fill(0, 0, count);
  tv.fill(0, 0, count);
  tv[0] = 1;
  // u ≡ tu·a and v ≡ tv·a (mod m) throughout, and u > v >= 0.
  let top = count - 1;
  for (;;) {
    while (top > 0 && u[top] === 0) top--;
    if (isZero(v, top)) break;
    const bits = top * LIMB_BITS + (32 - Math.clz32(u[top] as number));
    const shift = bits > DIGIT_BITS ? bits - DIGIT_BITS : 0;
    let uHat = leading(u, shift, top);
    let vHat = leading(v, shift, top);
    let A = 1;
    let B = 0;
    let C = 0;
    let D = 1;
    for (;;) {
      let q: number;
      if (shift === 0) {
        // The digits are the operands themselves (below 2^50): the quotient is exact.
        if (vHat === 0) break;
        q = Math.floor(uHat / vHat);
      } else {
        // From leading digits only, a quotient holds if both bounds of the ratio agree on it.
        if (vHat + C === 0 || vHat + D === 0) break;
        q = Math.floor((uHat + A) / (vHat + C));
        if (q !== Math.floor((uHat + B) / (vHat + D))) break;
      }
      const c = A - q * C;
      const d = B - q * D;
      if (Math.abs(c) > MAX_COFACTOR || Math.abs(d) > MAX_COFACTOR) break;
      A = C;
      B = D;
      C = c;
      D = d;
      const rest = uHat - q * vHat;
      uHat = vHat;
      vHat = rest;
    }
    if (B === 0) {
      // No quotient settled from the digits (a quotient beyond 2^26, or digits too close to
      // tell): one exact step in BigInts. Rare enough that its cost does not matter.
      const bu = fromLimbs(u, count);
      const bv = fromLimbs(v, count);
      const q = bu / bv;
      const remainder = bu - q * bv;
      const cofactor = fromLimbs(tu, count) - q * fromLimbs(tv, count);
      setLimbs(u, bv.toString(16), count);
      setLimbs(v, remainder.toString(16), count);
      const swap = tu;
      tu = tv;
      tv = swap;
      setSigned(tv, cofactor, count);
      continue;
    }
    combine(nextU, u, v, A, B, count);
    combine(nextV, u, v, C, D, count);
    combine(nextTu, tu, tv, A, B, count);
    combine(nextTv, tu, tv, C, D, count);
    let swap = u;
    u = nextU;
    nextU = swap;
    swap = v;
    v = nextV;
    nextV = swap;
    swap = tu;
    tu = nextTu;
    nextTu = swap;
    swap = tv;
    tv = nextTv;
    nextTv = swap;
  }
  const t = fromLimbs(tu, count);
  const inverse = t < 0n ? t + m : t;
  if (u[0] !== 1 || !isZero(u.subarray(1), count - 2) || (a * inverse) % m !== 1n) {
    throw new Error(
      `modular inverse failed (gcd ${fromLimbs(u, count)}); the modulus must be prime`,
    );
  }
  return inverse;
}

/** Writes a non-negative value, given in hex, into the first `count` limbs. */
function setLimbs(limbs: Float64Array, hex: string, count: number): void {
  const digits = LIMB_BITS / 4;
  let end = hex.length;
  for (let i = 0; i < count; i++, end -= digits) {
    limbs[i] = end > 0 ? parseInt(hex.slice(end > digits ? end - digits : 0, end), 16) : 0;
  }
}

/** Writes a value that may be negative: the top limb takes the sign. */
function setSigned(limbs: Float64Array, value: bigint, count: number): void {
  if (value >= 0n) {
    setLimbs(limbs, value.toString(16), count);
    return;
  }
  setLimbs(limbs, (value + (1n << BigInt(LIMB_BITS * (count - 1)))).toString(16), count);
  limbs[count - 1] = (limbs[count - 1] as number) - 1;
}

function fromLimbs(limbs: Float64Array, count: number): bigint {
  const last = count - 1;
  // Big-endian bytes of the unsigned limbs, read as one hex number.
  for (let i = 0, at = 3 * last - 1; i < last; i++, at -= 3) {
    const limb = limbs[i] as number;
    bytes[at] = limb & 0xff;
    bytes[at - 1] = (limb >>> 8) & 0xff;
    bytes[at - 2] = limb >>> 16;
  }
  const rest = BigInt(`0x${bytes.toString('hex', 0, 3 * last)}`);
  const high = limbs[last] as number;
  return high === 0 ? rest : (BigInt(high) << BigInt(LIMB_BITS * last)) + rest;
}

function isZero(limbs: Float64Array, top: number): boolean {
  for (let i = 0; i <= top; i++) if (limbs[i] !== 0) return false;
  return true;
}

/** ⌊x / 2^shift⌋ for x < 2^(shift + 51), exactly. */
function leading(x: Float64Array, shift: number, top: number): number {
  const first = Math.floor(shift / LIMB_BITS);
  const offset = shift - first * LIMB_BITS;
  let hat = Math.floor((x[first] as number) / (POW2[offset] as number));
  for (let i = first + 1, k = LIMB_BITS - offset; i <= top; i++, k += LIMB_BITS) {
    hat += (x[i] as number) * (POW2[k] as number);
  }
  return hat;
}

/** out = a·x + b·y over `count` limbs; the top limb keeps the sign. */
function combine(
  out: Float64Array,
  x: Float64Array,
  y: Float64Array,
  a: number,
  b: number,
  count: number,
): void {
  const last = count - 1;
  let carry = 0;
  for (let i = 0; i < last; i++) {
    const t = a * (x[i] as number) + b * (y[i] as number) + carry;
    carry = Math.floor(t / LIMB);
    out[i] = t - carry * LIMB;
  }
  out[last] = a * (x[last] as number) + b * (y[last] as number) + carry;
}
