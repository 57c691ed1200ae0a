import assert from 'node:assert/strict';
import {
  ECDH,
  constants,
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  generateKeySync,
  privateEncrypt,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { publicJwk } from '../../src/core/jwk.js';
import {
  PrehashError,
  parseEcSpki,
  parseSpki,
  verifyPrehashed as verifyKeyObject,
  verifyPrehashedKey,
  verifyPrehashedSpki,
} from '../../src/core/prehash.js';
import { ecPrivateScalar } from '../helpers/keys.js';
import { vectorPath } from '../helpers/vectors.js';

type Hash = 'sha256' | 'sha384' | 'sha512';

interface TestCurve {
  readonly name: 'P-256' | 'P-384' | 'P-521';
  readonly ecdhName: string;
  readonly size: number;
  readonly nBits: number;
  readonly n: bigint;
  readonly noble: typeof p256;
}

// Taken from @noble/curves rather than repeated, so a typo in the module's constants
// cannot be mirrored here.
const CURVES: readonly TestCurve[] = [
  { name: 'P-256', ecdhName: 'prime256v1', size: 32, nBits: 256, noble: p256 },
  { name: 'P-384', ecdhName: 'secp384r1', size: 48, nBits: 384, noble: p384 },
  { name: 'P-521', ecdhName: 'secp521r1', size: 66, nBits: 521, noble: p521 },
].map((c) => ({ ...c, n: c.noble.Point.CURVE().n }) as TestCurve);

function curve(name: TestCurve['name']): TestCurve {
  const found = CURVES.find((c) => c.name === name);
  assert.ok(found);
  return found;
}

/** SubjectPublicKeyInfo DER of a public key (a DER export is safe on fresh keys, see below). */
const spkiOf = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' });

/**
 * Every check below runs through both entry points: the KeyObject one and the SPKI one. They
 * must agree, on the verdict and on the error, and the KeyObject verdict is returned.
 */
function verifyPrehashed(key: KeyObject, digest: Uint8Array, signature: Uint8Array): boolean {
  const run = (f: () => boolean): boolean | Error => {
    try {
      return f();
    } catch (error) {
      return error as Error;
    }
  };
  const viaKey = run(() => verifyKeyObject(key, digest, signature));
  if (key.type === 'public') {
    const spki = spkiOf(key);
    const viaSpki = run(() => verifyPrehashedSpki(spki, digest, signature));
    if (viaKey instanceof Error || viaSpki instanceof Error) {
      assert.ok(viaKey instanceof PrehashError, String(viaKey));
      assert.ok(viaSpki instanceof PrehashError, String(viaSpki));
      assert.equal(viaSpki.code, viaKey.code);
      assert.equal(viaSpki.message, viaKey.message);
    } else {
      assert.equal(viaSpki, viaKey, 'verifyPrehashedSpki disagrees with verifyPrehashed');
    }
  }
  if (viaKey instanceof Error) throw viaKey;
  return viaKey;
}

const HASHES: readonly Hash[] = ['sha256', 'sha384', 'sha512'];
const digestOf = (hash: Hash, data: Uint8Array): Buffer => createHash(hash).update(data).digest();

const toBigInt = (bytes: Uint8Array): bigint =>
  bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex'));
const toBytes = (value: bigint, size: number): Buffer =>
  Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}
// n is prime, so Fermat gives the inverse; independent of the module's extended Euclid.
const invert = (a: bigint, n: bigint): bigint => modPow(a, n - 2n, n);

/** Minimal DER INTEGER for any bigint, negative ones in two's complement. */
function derInteger(value: bigint): Buffer {
  let hex: string;
  if (value >= 0n) {
    hex = value.toString(16);
    if (hex.length % 2) hex = '0' + hex;
    if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = '00' + hex;
  } else {
    let bytes = 1;
    while (value < -(1n << BigInt(bytes * 8 - 1))) bytes++;
    hex = ((1n << BigInt(bytes * 8)) + value).toString(16).padStart(bytes * 2, '0');
  }
  return tlv(0x02, Buffer.from(hex, 'hex'));
}

function tlv(tag: number, content: Buffer): Buffer {
  const length =
    content.length < 0x80 ? Buffer.from([content.length]) : Buffer.from([0x81, content.length]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const derSignature = (r: bigint, s: bigint): Buffer =>
  tlv(0x30, Buffer.concat([derInteger(r), derInteger(s)]));

function parseSignature(c: TestCurve, sig: Buffer): { r: bigint; s: bigint } {
  const parsed = c.noble.Signature.fromBytes(sig, 'der');
  return { r: parsed.r, s: parsed.s };
}

interface EcKey {
  readonly curve: TestCurve;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly d: bigint;
  /** SEC1 uncompressed point, for @noble/curves. */
  readonly point: Uint8Array;
}

/**
 * A copy of a generated key with its own native state. Node 20 can deadlock when
 * asymmetricKeyDetails of a freshly generated key triggers GC of the keygen job (they share
 * a mutex), so tests read key details from copies, and hand the module the originals,
 * which it has to cope with itself.
 */
function detached(key: KeyObject): KeyObject {
  return key.type === 'public'
    ? createPublicKey({
        key: key.export({ format: 'der', type: 'spki' }),
        format: 'der',
        type: 'spki',
      })
    : createPrivateKey({
        key: key.export({ format: 'der', type: 'pkcs8' }),
        format: 'der',
        type: 'pkcs8',
      });
}

function ecKey(c: TestCurve): EcKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: c.name });
  // The uncompressed point ends the SPKI (RFC 5480); d is the ECPrivateKey's octets.
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    curve: c,
    publicKey,
    privateKey,
    d: toBigInt(ecPrivateScalar(privateKey)),
    point: spki.subarray(spki.length - (1 + 2 * c.size)),
  };
}

/** SEC 1 4.1.4 steps 3 and 5, written independently of the module. */
function digestScalar(c: TestCurve, digest: Uint8Array): bigint {
  const excess = digest.length * 8 - c.nBits;
  const e = toBigInt(digest);
  return mod(excess > 0 ? e >> BigInt(excess) : e, c.n);
}

const ecdhByName = new Map<string, ECDH>();

/** x(k·G) mod n through native ECDH: the r a signer with nonce k would produce. */
function nonceR(c: TestCurve, k: bigint): bigint {
  let ecdh = ecdhByName.get(c.ecdhName);
  if (ecdh === undefined) {
    ecdh = createECDH(c.ecdhName);
    ecdhByName.set(c.ecdhName, ecdh);
  }
  ecdh.setPrivateKey(toBytes(k, c.size));
  return mod(toBigInt(ecdh.getPublicKey().subarray(1, 1 + c.size)), c.n);
}

/** A textbook ECDSA signature over a raw scalar e, for digests node cannot be made to sign. */
function signScalar(key: EcKey, e: bigint): { r: bigint; s: bigint } {
  const { n } = key.curve;
  for (;;) {
    const k = mod(toBigInt(randomBytes(key.curve.size + 8)), n);
    if (k === 0n) continue;
    const r = nonceR(key.curve, k);
    const s = mod(invert(k, n) * (e + r * key.d), n);
    if (r !== 0n && s !== 0n) return { r, s };
  }
}

const nobleVerify = (key: EcKey, digest: Uint8Array, sig: Uint8Array): boolean =>
  key.curve.noble.verify(sig, digest, key.point, { prehash: false, lowS: false, format: 'der' });

function flipBit(bytes: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

const randomBit = (bytes: Uint8Array): number => randomBytes(4).readUInt32BE() % (bytes.length * 8);

interface WycheproofFile {
  numberOfTests: number;
  testGroups: {
    publicKeyDer: string;
    sha: string;
    tests: { tcId: number; comment: string; msg: string; sig: string; result: string }[];
  }[];
}

describe('verifyPrehashed: Wycheproof ECDSA (DER)', () => {
  // The stored files contain no "acceptable" vectors, but the policy for any that appear is
  // to accept exactly what OpenSSL's own verify accepts: every vector, whatever its result,
  // must agree with crypto.verify on the same message.
  for (const file of ['ecdsa_secp256r1_sha256_test.json', 'ecdsa_secp384r1_sha384_test.json']) {
    it(file, () => {
      const path = vectorPath('wycheproof', file);
      const data = JSON.parse(readFileSync(path, 'utf8')) as WycheproofFile;
      let checked = 0;
      for (const group of data.testGroups) {
        const der = Buffer.from(group.publicKeyDer, 'hex');
        const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
        const hash = group.sha.replace('SHA-', 'sha').toLowerCase() as Hash;
        for (const test of group.tests) {
          const msg = Buffer.from(test.msg, 'hex');
          const sig = Buffer.from(test.sig, 'hex');
          const label = `tcId ${test.tcId} (${test.comment})`;
          const ours = verifyPrehashed(key, digestOf(hash, msg), sig);
          const native = verify(hash, msg, { key, dsaEncoding: 'der' }, sig);
          assert.equal(ours, native, `${label}: disagrees with crypto.verify`);
          assert.equal(verifyPrehashedSpki(der, digestOf(hash, msg), sig), ours, label);
          if (test.result === 'valid') assert.equal(ours, true, label);
          else if (test.result === 'invalid') assert.equal(ours, false, label);
          else assert.equal(test.result, 'acceptable', label);
          checked++;
        }
      }
      assert.equal(checked, data.numberOfTests);
    });
  }
});

describe('verifyPrehashed: ECDSA against node-made signatures', () => {
  // A tenth of the rounds in the inner loop (npm run test:unit); the full suite runs them all.
  const share = process.env.SIGNET_TEST_QUICK === '1' ? 0.1 : 1;
  const rounds: Record<TestCurve['name'], number> = {
    'P-256': 1500 * share,
    'P-384': 400 * share,
    'P-521': 200 * share,
  };

  for (const c of CURVES) {
    it(`${c.name}: every hash verifies; tampered digests, signatures and keys fail`, () => {
      for (let i = 0; i < rounds[c.name]; i++) {
        const key = ecKey(c);
        const hash = HASHES[i % HASHES.length]!;
        const msg = randomBytes(i % 97);
        const digest = digestOf(hash, msg);
        const sig = sign(hash, msg, { key: key.privateKey, dsaEncoding: 'der' });
        assert.equal(verifyPrehashed(key.publicKey, digest, sig), true, `${hash} round ${i}`);

        // Only the leading nBits of a longer digest count (see the truncation test below).
        const usedBits = Math.min(digest.length * 8, c.nBits);
        const digestFlip = flipBit(digest, randomBytes(4).readUInt32BE() % usedBits);
        assert.equal(verifyPrehashed(key.publicKey, digestFlip, sig), false);

        const badSig = flipBit(sig, randomBit(sig));
        assert.equal(
          verifyPrehashed(key.publicKey, digest, badSig),
          verify(hash, msg, { key: key.publicKey, dsaEncoding: 'der' }, badSig),
        );
        assert.equal(verifyPrehashed(key.publicKey, digest, badSig), false);

        // -Q is a valid key that is not the signer's: flipping the key's y parity.
        const negated = Buffer.from(key.point);
        const p = c.noble.Point.CURVE().p;
        negated.set(toBytes(p - toBigInt(negated.subarray(1 + c.size)), c.size), 1 + c.size);
        const otherKey = createPublicKey({
          key: {
            kty: 'EC',
            crv: c.name,
            x: b64u(negated, 1, c.size),
            y: b64u(negated, 1 + c.size, c.size),
          },
          format: 'jwk',
        });
        assert.equal(verifyPrehashed(otherKey, digest, sig), false);

        // A bit flip anywhere in the SPKI almost always leaves an off-curve point that
        // createPublicKey refuses; when it does import, it must not verify.
        const spki = key.publicKey.export({ format: 'der', type: 'spki' });
        const flipped = flipBit(spki, randomBit(spki));
        const tampered = tryImport(flipped);
        if (
          tampered !== undefined &&
          tampered.asymmetricKeyDetails?.namedCurve === c.ecdhName &&
          !tampered.equals(key.publicKey)
        ) {
          assert.equal(verifyPrehashed(tampered, digest, sig), false);
          assert.equal(verify(hash, msg, tampered, sig), false);
        }
      }
    });

    it(`${c.name}: agrees with @noble/curves on random and tampered signatures`, () => {
      for (let i = 0; i < 30; i++) {
        const key = ecKey(c);
        const hash = HASHES[i % HASHES.length]!;
        const msg = randomBytes(40);
        const digest = digestOf(hash, msg);
        const sig = sign(hash, msg, { key: key.privateKey, dsaEncoding: 'der' });
        for (const [d, s] of [
          [digest, sig],
          [flipBit(digest, randomBit(digest)), sig],
          [digest, flipBit(sig, randomBit(sig))],
        ] as const) {
          assert.equal(verifyPrehashed(key.publicKey, d, s), safeNoble(key, d, s));
        }
      }
    });
  }

  it('accepts the high-S twin (r, n - s), as OpenSSL does', () => {
    for (const c of CURVES) {
      const key = ecKey(c);
      const msg = randomBytes(20);
      const { r, s } = parseSignature(c, sign('sha256', msg, key.privateKey));
      const twin = derSignature(r, c.n - s);
      assert.equal(verify('sha256', msg, key.publicKey, twin), true);
      assert.equal(verifyPrehashed(key.publicKey, digestOf('sha256', msg), twin), true);
    }
  });

  it('truncates digests longer than the order and keeps shorter ones whole', () => {
    const cases: [TestCurve['name'], Hash][] = [
      ['P-256', 'sha384'],
      ['P-256', 'sha512'],
      ['P-384', 'sha256'],
      ['P-384', 'sha512'],
      ['P-521', 'sha512'],
      ['P-521', 'sha256'],
    ];
    for (const [name, hash] of cases) {
      const key = ecKey(curve(name));
      const msg = randomBytes(33);
      const sig = sign(hash, msg, key.privateKey);
      const digest = digestOf(hash, msg);
      assert.equal(verifyPrehashed(key.publicKey, digest, sig), true, `${name} ${hash}`);
      // Bits past the order's length are ignored, as SEC 1 and OpenSSL ignore them.
      const lastBit = digest.length * 8 - 1;
      const lowFlip = flipBit(digest, lastBit - 7);
      const expectIgnored = digest.length * 8 > curve(name).nBits;
      assert.equal(verifyPrehashed(key.publicKey, lowFlip, sig), expectIgnored, `${name} ${hash}`);
      assert.equal(safeNoble(key, lowFlip, sig), expectIgnored);
    }
  });
});

describe('verifyPrehashed: ECDSA edge cases', () => {
  const c256 = curve('P-256');
  const key = ecKey(c256);
  const msg = Buffer.from('edge cases');
  const digest = digestOf('sha256', msg);
  const sig = sign('sha256', msg, { key: key.privateKey, dsaEncoding: 'der' });
  const { r, s } = parseSignature(c256, sig);
  const { n } = c256;

  const both = (signature: Buffer): boolean => {
    const ours = verifyPrehashed(key.publicKey, digest, signature);
    assert.equal(ours, verify('sha256', msg, key.publicKey, signature), signature.toString('hex'));
    return ours;
  };

  it('accepts the untouched signature and its re-encoding', () => {
    assert.equal(both(sig), true);
    assert.equal(both(derSignature(r, s)), true);
  });

  it('rejects out-of-range r and s', () => {
    for (const [rr, ss] of [
      [0n, s],
      [r, 0n],
      [n, s],
      [r, n],
      [r + n, s],
      [r, s + n],
      [n + 1n, s],
      [-r, s],
      [r, -s],
      [r - n, s],
      [1n << 256n, s],
      [r, (1n << 264n) + s],
    ] as const) {
      assert.equal(both(derSignature(rr, ss)), false, `r=${rr} s=${ss}`);
    }
  });

  it('rejects every non-DER or malformed encoding', () => {
    const rDer = derInteger(r);
    const sDer = derInteger(s);
    const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
    const padded = (der: Buffer): Buffer =>
      Buffer.concat([Buffer.from([0x02, der[1]! + 1, 0x00]), der.subarray(2)]);
    const longForm = (der: Buffer): Buffer =>
      Buffer.concat([Buffer.from([der[0]!, 0x81]), der.subarray(1)]);
    const cases: Record<string, Buffer> = {
      empty: Buffer.alloc(0),
      'only a tag': Buffer.from([0x30]),
      'empty sequence': Buffer.from([0x30, 0x00]),
      'one integer': seq(rDer),
      'three integers': seq(rDer, sDer, derInteger(1n)),
      'trailing byte': Buffer.concat([sig, Buffer.from([0x00])]),
      'trailing byte inside the sequence': seq(rDer, sDer, Buffer.from([0x00])),
      truncated: sig.subarray(0, sig.length - 1),
      'sequence length too long': Buffer.concat([
        Buffer.from([0x30, sig[1]! + 1]),
        sig.subarray(2),
        Buffer.from([0x00]),
      ]),
      'leading zero on r': seq(padded(rDer), sDer),
      'leading zero on s': seq(rDer, padded(sDer)),
      'long-form sequence length': longForm(sig),
      'long-form integer length': seq(longForm(rDer), sDer),
      'indefinite length': Buffer.concat([
        Buffer.from([0x30, 0x80]),
        sig.subarray(2),
        Buffer.from([0, 0]),
      ]),
      'SET instead of SEQUENCE': Buffer.concat([Buffer.from([0x31]), sig.subarray(1)]),
      'BIT STRING instead of INTEGER': seq(
        Buffer.concat([Buffer.from([0x03]), rDer.subarray(1)]),
        sDer,
      ),
      'empty INTEGER': seq(Buffer.from([0x02, 0x00]), sDer),
      'raw r||s': Buffer.concat([toBytes(r, 32), toBytes(s, 32)]),
    };
    for (const [name, encoding] of Object.entries(cases)) {
      assert.equal(both(encoding), false, name);
    }
  });

  it('rejects signatures sized for another curve', () => {
    const k384 = ecKey(curve('P-384'));
    const k521 = ecKey(curve('P-521'));
    const sig384 = sign('sha256', msg, k384.privateKey);
    const sig521 = sign('sha256', msg, k521.privateKey);
    assert.equal(both(sig384), false);
    assert.equal(both(sig521), false);
    assert.equal(verifyPrehashed(k384.publicKey, digest, sig), false);
    assert.equal(verifyPrehashed(k521.publicKey, digest, sig), false);
    assert.equal(verifyPrehashed(k521.publicKey, digest, sig521), true);
  });

  it('returns false for digests of unsupported lengths', () => {
    for (const length of [0, 1, 20, 28, 31, 33, 47, 65, 128]) {
      assert.equal(verifyPrehashed(key.publicKey, Buffer.alloc(length, 1), sig), false);
    }
  });

  // The module computes R by one of two routes: ECDH for P-256, a shifted key handed to
  // OpenSSL's verify for P-384 and P-521. Each construction below hits a special point of
  // one route; every curve runs all of them, since what is special for one route is an
  // ordinary input for the other and must still verify exactly.
  // h0 is SHA-256 of the empty message, the digest the shifted-key route hands to OpenSSL.
  const h0 = toBigInt(digestOf('sha256', Buffer.alloc(0)));

  for (const c of CURVES) {
    describe(c.name, () => {
      const k = ecKey(c);
      const digestSize = Math.min(c.size, 64);
      const fits = (e: bigint): boolean => e >> BigInt(digestSize * 8) === 0n;

      /**
       * Genuine signatures whose digest scalar is e = eOf(r) for r = x(nonce·G). Nonces are
       * retried until e fits in a digest (on P-521 about one in 512 does, so only one is
       * built there), and each signature is checked, with a corrupted twin, against both the
       * module and @noble/curves.
       */
      const checkConstructed = (eOf: (r: bigint) => bigint): void => {
        const wanted = c.size > 64 ? 1 : 3;
        let built = 0;
        for (let i = 0; built < wanted && i < 20000; i++) {
          const nonce = mod(toBigInt(randomBytes(c.size + 8)), c.n) || 1n;
          const r = nonceR(c, nonce);
          const e = mod(eOf(r), c.n);
          if (r === 0n || !fits(e)) continue;
          const s = mod(invert(nonce, c.n) * (e + r * k.d), c.n);
          if (s === 0n) continue;
          built++;
          const digest = toBytes(e, digestSize);
          const good = derSignature(r, s);
          assert.equal(verifyPrehashed(k.publicKey, digest, good), true, `e=${e}`);
          assert.equal(nobleVerify(k, digest, good), true);
          const bad = derSignature(r, mod(s + 1n, c.n) || 1n);
          assert.equal(verifyPrehashed(k.publicKey, digest, bad), false);
          assert.equal(nobleVerify(k, digest, bad), false);
        }
        assert.equal(built, wanted);
      };

      /**
       * Forgeries with a free choice of r: r = rOf(e) for random digests, every s tried must
       * fail in both implementations.
       */
      const checkForged = (rOf: (e: bigint) => bigint): void => {
        for (let i = 0; i < 4; i++) {
          const digest = randomBytes(digestSize);
          const r = mod(rOf(digestScalar(c, digest)), c.n);
          if (r === 0n) continue;
          for (const s of [1n, 2n, c.n - 1n, mod(toBigInt(randomBytes(c.size)), c.n) || 3n]) {
            const forged = derSignature(r, s);
            assert.equal(verifyPrehashed(k.publicKey, digest, forged), false);
            assert.equal(nobleVerify(k, digest, forged), false);
          }
        }
      };

      it('e ≡ 0: zero digests, digest = n, bits past the order (ECDH route: k·G is infinity)', () => {
        const zeroDigests: Buffer[] = [
          Buffer.alloc(32),
          Buffer.alloc(48),
          Buffer.alloc(64),
          // Everything that survives truncation is zero (P-256 and P-384 only).
          Buffer.concat([Buffer.alloc(c.size), Buffer.alloc(16, 0xff)]),
        ].filter((d) => d.length <= 64);
        if (c.size <= 48) zeroDigests.push(toBytes(c.n, c.size));
        for (const zero of zeroDigests) {
          assert.equal(digestScalar(c, zero), 0n);
          const { r, s } = signScalar(k, 0n);
          const good = derSignature(r, s);
          assert.equal(verifyPrehashed(k.publicKey, zero, good), true, zero.toString('hex'));
          assert.equal(nobleVerify(k, zero, good), true);
          const bad = derSignature(r, s === 1n ? 2n : s - 1n);
          assert.equal(verifyPrehashed(k.publicKey, zero, bad), false);
          assert.equal(nobleVerify(k, zero, bad), false);
        }
      });

      it('e = d·r (ECDH route: k·G = Q, so the addition doubles)', () => {
        checkConstructed((r) => k.d * r);
      });

      it('e = -d·r (ECDH route: k·G = -Q, so R is infinity whatever s is)', () => {
        checkForged((e) => -e * invert(k.d, c.n));
      });

      it('e = h0 (shifted-key route: β = 0, so the key itself is used)', () => {
        checkConstructed(() => h0);
        const msg = Buffer.alloc(0);
        const sig = sign('sha256', msg, k.privateKey);
        assert.equal(verifyPrehashed(k.publicKey, digestOf('sha256', msg), sig), true);
        const { r, s } = parseSignature(c, sig);
        const bad = derSignature(r, c.n - 1n === s ? 1n : s + 1n);
        assert.equal(verifyPrehashed(k.publicKey, digestOf('sha256', msg), bad), false);
        assert.equal(verify('sha256', msg, k.publicKey, bad), false);
      });

      it('e = h0 + d·r (shifted-key route: β·G = Q, so the addition doubles)', () => {
        checkConstructed((r) => h0 + k.d * r);
      });

      it('e = h0 - d·r (shifted-key route: Q + β·G is infinity, R = (h0/s)·G)', () => {
        checkConstructed((r) => h0 - k.d * r);
        checkForged((e) => (h0 - e) * invert(k.d, c.n));
      });

      it('digests at and above the order reduce mod n', () => {
        if (c.size > 48) return;
        for (const e of [c.n - 1n, c.n + 1n, (1n << BigInt(c.nBits)) - 1n]) {
          const digest = toBytes(e, c.size);
          const { r, s } = signScalar(k, mod(e, c.n));
          const good = derSignature(r, s);
          assert.equal(verifyPrehashed(k.publicKey, digest, good), true);
          assert.equal(nobleVerify(k, digest, good), true);
        }
      });
    });
  }
});

describe('verifyPrehashed: RSA PKCS#1 v1.5', () => {
  const keys = [2048, 3072].map((modulusLength) =>
    generateKeyPairSync('rsa', { modulusLength, publicExponent: 65537 }),
  );
  const prefixes: Record<Hash, string> = {
    sha256: '3031300d060960864801650304020105000420',
    sha384: '3041300d060960864801650304020205000430',
    sha512: '3051300d060960864801650304020305000440',
  };

  it('verifies node signatures for SHA-256/384/512 and rejects tampering', () => {
    for (const { publicKey, privateKey } of keys) {
      for (const hash of HASHES) {
        for (let i = 0; i < 20; i++) {
          const msg = randomBytes(i * 3);
          const digest = digestOf(hash, msg);
          const sig = sign(hash, msg, privateKey);
          assert.equal(verifyPrehashed(publicKey, digest, sig), true);
          assert.equal(verifyPrehashed(publicKey, flipBit(digest, randomBit(digest)), sig), false);
          const badSig = flipBit(sig, randomBit(sig));
          assert.equal(verifyPrehashed(publicKey, digest, badSig), false);
          assert.equal(verify(hash, msg, publicKey, badSig), false);
        }
      }
    }
  });

  it('selects the DigestInfo by digest length, so another hash of the message fails', () => {
    const { publicKey, privateKey } = keys[0]!;
    const msg = Buffer.from('which hash?');
    for (const signedWith of HASHES) {
      const sig = sign(signedWith, msg, privateKey);
      for (const hash of HASHES) {
        assert.equal(verifyPrehashed(publicKey, digestOf(hash, msg), sig), hash === signedWith);
      }
      // A SHA-512 DigestInfo holding the first 32 bytes, or a SHA-256 digest padded out.
      assert.equal(
        verifyPrehashed(publicKey, digestOf(signedWith, msg).subarray(0, 32), sig),
        signedWith === 'sha256',
      );
    }
  });

  it('rejects wrong-length signatures that a PKCS#1-stripping decrypt would accept', () => {
    const { publicKey, privateKey } = keys[0]!;
    let msg: Buffer;
    let sig: Buffer;
    do {
      msg = randomBytes(16);
      sig = sign('sha256', msg, privateKey);
    } while (sig[0] !== 0);
    const digest = digestOf('sha256', msg);
    assert.equal(verifyPrehashed(publicKey, digest, sig), true);
    const short = sig.subarray(1);
    assert.equal(verify('sha256', msg, publicKey, short), false);
    assert.equal(verifyPrehashed(publicKey, digest, short), false);
    assert.equal(verifyPrehashed(publicKey, digest, Buffer.concat([Buffer.alloc(1), sig])), false);
    assert.equal(verifyPrehashed(publicKey, digest, Buffer.alloc(0)), false);
  });

  it('rejects signature representatives >= n', () => {
    const { publicKey } = keys[0]!;
    const modulus = Buffer.from(publicJwk(publicKey).n ?? '', 'base64url');
    const digest = randomBytes(32);
    assert.equal(verifyPrehashed(publicKey, digest, modulus), false);
    assert.equal(verifyPrehashed(publicKey, digest, Buffer.alloc(modulus.length, 0xff)), false);
    assert.equal(verifyPrehashed(publicKey, digest, Buffer.alloc(modulus.length)), false);
  });

  it('accepts exactly the canonical encoded message', () => {
    const { publicKey, privateKey } = keys[1]!;
    const digest = randomBytes(48);
    const info = Buffer.concat([Buffer.from(prefixes.sha384, 'hex'), digest]);
    // privateEncrypt with PKCS#1 padding applies the type-1 (signature) block.
    const raw = (data: Buffer): Buffer =>
      privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, data);
    const noPad = (block: Buffer): Buffer =>
      privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block);
    assert.equal(verifyPrehashed(publicKey, digest, raw(info)), true);

    const withoutNull = Buffer.concat([
      Buffer.from('303f300b0609608648016503040202' + '0430', 'hex'),
      digest,
    ]);
    assert.equal(verifyPrehashed(publicKey, digest, raw(withoutNull)), false);
    assert.equal(
      verifyPrehashed(publicKey, digest, raw(Buffer.concat([info, Buffer.alloc(1)]))),
      false,
    );
    assert.equal(verifyPrehashed(publicKey, digest, raw(digest)), false);

    const k = 384;
    const block = (ps: Buffer, type = 0x01): Buffer =>
      Buffer.concat([Buffer.from([0x00, type]), ps, Buffer.from([0x00]), info]);
    const psLength = k - 3 - info.length;
    assert.equal(
      verifyPrehashed(publicKey, digest, noPad(block(Buffer.alloc(psLength, 0xff)))),
      true,
    );
    const nonFf = Buffer.alloc(psLength, 0xff);
    nonFf[5] = 0xfe;
    assert.equal(verifyPrehashed(publicKey, digest, noPad(block(nonFf))), false);
    assert.equal(
      verifyPrehashed(publicKey, digest, noPad(block(Buffer.alloc(psLength, 0xff), 0x02))),
      false,
    );
    // Bleichenbacher's 2006 forgery shape: minimal padding, garbage after the DigestInfo.
    const garbageTail = Buffer.concat([
      Buffer.from([0x00, 0x01]),
      Buffer.alloc(8, 0xff),
      Buffer.from([0x00]),
      info,
      randomBytes(k - 11 - info.length),
    ]);
    assert.equal(verifyPrehashed(publicKey, digest, noPad(garbageTail)), false);
  });

  it('refuses RSA keys below 2048 bits', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    assert.throws(
      () => verifyPrehashed(publicKey, randomBytes(32), randomBytes(128)),
      (err: unknown) => err instanceof PrehashError && err.code === 'PREHASH_UNSUPPORTED_KEY',
    );
  });
});

describe('verifyPrehashed: unsupported keys', () => {
  const unsupported = (key: KeyObject, pattern: RegExp): void => {
    assert.throws(
      () => verifyPrehashed(key, randomBytes(32), randomBytes(64)),
      (err: unknown) =>
        err instanceof PrehashError &&
        err.code === 'PREHASH_UNSUPPORTED_KEY' &&
        pattern.test(err.message),
    );
  };

  it('Ed25519 and Ed448', () => {
    unsupported(generateKeyPairSync('ed25519').publicKey, /Ed25519ph signatures are not supported/);
    unsupported(generateKeyPairSync('ed448').publicKey, /Ed448ph/);
  });

  it('other curves and key types', () => {
    unsupported(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey, /secp256k1/);
    unsupported(generateKeyPairSync('x25519').publicKey, /x25519/);
    unsupported(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey, /rsa-pss/);
  });

  it('private and secret keys', () => {
    unsupported(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, /public key/);
    unsupported(generateKeySync('hmac', { length: 256 }), /public key/);
  });

  it('throws even when the digest length would have been refused', () => {
    assert.throws(
      () =>
        verifyPrehashed(generateKeyPairSync('ed25519').publicKey, Buffer.alloc(3), Buffer.alloc(0)),
      PrehashError,
    );
  });
});

describe('parseSpki and verifyPrehashedSpki: reading keys from DER', () => {
  // Built here from the RFC 5480 OIDs, not from the module's prefixes.
  const EC_ALGORITHM = Buffer.from('06072a8648ce3d0201', 'hex');
  const CURVE_OID: Record<TestCurve['name'], Buffer> = {
    'P-256': Buffer.from('06082a8648ce3d030107', 'hex'),
    'P-384': Buffer.from('06052b81040022', 'hex'),
    'P-521': Buffer.from('06052b81040023', 'hex'),
  };
  const ecSpki = (parameters: Buffer, point: Uint8Array): Buffer =>
    tlv(
      0x30,
      Buffer.concat([
        tlv(0x30, Buffer.concat([EC_ALGORITHM, parameters])),
        tlv(0x03, Buffer.concat([Buffer.alloc(1), point])),
      ]),
    );
  const refused = (spki: Uint8Array, pattern: RegExp): void => {
    assert.throws(
      () => parseSpki(spki),
      (err: unknown) =>
        err instanceof PrehashError &&
        err.code === 'PREHASH_INVALID_KEY' &&
        pattern.test(err.message),
      pattern.source,
    );
    assert.throws(() => verifyPrehashedSpki(spki, randomBytes(32), randomBytes(64)), PrehashError);
  };
  const unsupportedSpki = (spki: Uint8Array, pattern: RegExp): void => {
    const parsed = parseSpki(spki);
    assert.equal(parsed.kind, 'unsupported');
    assert.throws(
      () => verifyPrehashedSpki(spki, randomBytes(32), randomBytes(64)),
      (err: unknown) =>
        err instanceof PrehashError &&
        err.code === 'PREHASH_UNSUPPORTED_KEY' &&
        pattern.test(err.message),
    );
  };
  const compress = (c: TestCurve, point: Uint8Array): Buffer =>
    ECDH.convertKey(point, c.ecdhName, undefined, undefined, 'compressed') as Buffer;

  it('reads the curve and point of P-256/384/521 keys as OpenSSL exports them', () => {
    for (const c of CURVES) {
      const key = ecKey(c);
      const spki = spkiOf(key.publicKey);
      assert.deepEqual(ecSpki(CURVE_OID[c.name], key.point), spki);
      const parsed = parseEcSpki(spki);
      assert.equal(parsed.curve, c.ecdhName);
      assert.equal(parsed.x, toBigInt(key.point.subarray(1, 1 + c.size)));
      assert.equal(parsed.y, toBigInt(key.point.subarray(1 + c.size)));
      assert.equal(parsed.compressed, false);
    }
  });

  it('compressed points: expanded to the same key, verifying the same signatures', () => {
    for (const c of CURVES) {
      for (let i = 0; i < 10; i++) {
        const key = ecKey(c);
        const compressed = compress(c, key.point);
        const spki = ecSpki(CURVE_OID[c.name], compressed);
        assert.ok(tryImport(spki), 'OpenSSL reads compressed points too');
        const parsed = parseEcSpki(spki);
        const plain = parseEcSpki(spkiOf(key.publicKey));
        assert.deepEqual([parsed.x, parsed.y, parsed.compressed], [plain.x, plain.y, true]);
        const msg = randomBytes(16);
        const sig = sign('sha256', msg, key.privateKey);
        assert.equal(verifyPrehashedSpki(spki, digestOf('sha256', msg), sig), true);
        // The other parity is -Q: a valid key, but not the signer's.
        const negated = Buffer.from(compressed);
        negated[0] = negated[0] === 2 ? 3 : 2;
        const other = ecSpki(CURVE_OID[c.name], negated);
        assert.equal(parseEcSpki(other).y, c.noble.Point.CURVE().p - plain.y);
        assert.equal(verifyPrehashedSpki(other, digestOf('sha256', msg), sig), false);
      }
    }
  });

  it('refuses compressed x coordinates with no point, or not below p', () => {
    for (const c of CURVES) {
      let tried = 0;
      for (let found = 0; found < 3; tried++) {
        const point = Buffer.concat([Buffer.from([2]), randomBytes(c.size)]);
        if (c.size === 66) point[1]! &= 0x01;
        let onCurve = true;
        try {
          ECDH.convertKey(point, c.ecdhName);
        } catch {
          onCurve = false;
        }
        if (onCurve) continue;
        found++;
        const spki = ecSpki(CURVE_OID[c.name], point);
        assert.equal(tryImport(spki), undefined, 'OpenSSL refuses it too');
        refused(spki, /not on/);
      }
      assert.ok(tried < 100);
    }
    // P-521 field elements have 7 spare bits: x + p fits in 66 bytes and is ≡ x.
    const c = curve('P-521');
    const key = ecKey(c);
    const x = toBigInt(key.point.subarray(1, 1 + c.size));
    const compressed = compress(c, key.point);
    const big = Buffer.concat([
      compressed.subarray(0, 1),
      toBytes(x + c.noble.Point.CURVE().p, 66),
    ]);
    refused(ecSpki(CURVE_OID['P-521'], big), /not below p/);
  });

  it('refuses points off the curve and coordinates not below p', () => {
    for (const c of CURVES) {
      const key = ecKey(c);
      for (let i = 0; i < 20; i++) {
        const point = flipBit(key.point, 8 + (randomBytes(2).readUInt16BE() % (16 * c.size)));
        const spki = ecSpki(CURVE_OID[c.name], point);
        assert.equal(tryImport(spki), undefined, 'OpenSSL refuses it too');
        // P-521 has spare high bits: a flip there leaves a coordinate above p.
        refused(spki, /not on|not below p/);
      }
    }
    // (x, y + p) satisfies the equation mod p but is not a field element.
    const c = curve('P-521');
    const key = ecKey(c);
    const { p } = c.noble.Point.CURVE();
    const y = toBigInt(key.point.subarray(1 + c.size));
    const big = Buffer.concat([key.point.subarray(0, 1 + c.size), toBytes(y + p, c.size)]);
    const spki = ecSpki(CURVE_OID['P-521'], big);
    assert.equal(tryImport(spki), undefined, 'OpenSSL refuses it too');
    refused(spki, /not below p/);
    const p256 = curve('P-256');
    const atP = Buffer.concat([
      Buffer.from([4]),
      toBytes(p256.noble.Point.CURVE().p, 32),
      randomBytes(32),
    ]);
    refused(ecSpki(CURVE_OID['P-256'], atP), /not below p/);
    // A hand-made key description is checked the same way.
    assert.throws(
      () =>
        verifyPrehashedKey(
          { kind: 'ec', curve: 'prime256v1', x: 1n, y: 1n, compressed: false },
          randomBytes(32),
          randomBytes(64),
        ),
      /not on prime256v1/,
    );
  });

  it('refuses infinity, the hybrid form and points sized for another curve', () => {
    const c = curve('P-256');
    const key = ecKey(c);
    refused(ecSpki(CURVE_OID['P-256'], Buffer.from([0])), /uncompressed/);
    refused(ecSpki(CURVE_OID['P-256'], key.point.subarray(0, 64)), /uncompressed/);
    refused(ecSpki(CURVE_OID['P-256'], Buffer.concat([key.point, Buffer.alloc(1)])), /uncomp/);
    // OpenSSL reads the hybrid form (06/07 ‖ X ‖ Y); PKIX does not use it (RFC 5480 2.2).
    const hybrid = ECDH.convertKey(key.point, c.ecdhName, undefined, undefined, 'hybrid');
    const hybridSpki = ecSpki(CURVE_OID['P-256'], hybrid as Buffer);
    assert.ok(tryImport(hybridSpki));
    refused(hybridSpki, /uncompressed/);
    // A P-256 point under the P-384 or P-521 OID.
    refused(ecSpki(CURVE_OID['P-384'], key.point), /secp384r1/);
    refused(ecSpki(CURVE_OID['P-521'], compress(c, key.point)), /secp521r1/);
  });

  it('other curves and EC parameters other than a named curve are unsupported', () => {
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
    unsupportedSpki(spkiOf(k1), /ECDSA curve secp256k1 is not supported/);
    const point = ecKey(curve('P-256')).point;
    unsupportedSpki(ecSpki(Buffer.from('06032a0304', 'hex'), point), /curve with OID 1\.2\.3\.4/);
    // implicitlyCA (NULL) and specifiedCurve (an ECParameters SEQUENCE) are not PKIX forms.
    unsupportedSpki(ecSpki(Buffer.from('0500', 'hex'), point), /name their curve/);
    unsupportedSpki(ecSpki(tlv(0x30, Buffer.from('020101', 'hex')), point), /name their curve/);
    assert.throws(() => parseEcSpki(spkiOf(k1)), /secp256k1/);
  });

  it('strict DER: no trailing bytes, no long-form lengths, exactly two fields', () => {
    const key = ecKey(curve('P-256'));
    const spki = spkiOf(key.publicKey);
    // OpenSSL ignores what follows the SPKI; a log entry must not carry unverified bytes.
    const trailing = Buffer.concat([spki, Buffer.from([0])]);
    assert.ok(tryImport(trailing));
    refused(trailing, /trailing bytes/);
    const longForm = Buffer.concat([Buffer.from([0x30, 0x81, spki[1]!]), spki.subarray(2)]);
    assert.ok(tryImport(longForm));
    refused(longForm, /not minimally encoded/);
    refused(spki.subarray(0, spki.length - 1), /DER/);
    refused(Buffer.alloc(0), /DER/);
    refused(randomBytes(91), /./);
    refused(
      tlv(
        0x30,
        Buffer.concat([spki.subarray(2, 23), spki.subarray(23), Buffer.from('0500', 'hex')]),
      ),
      /two fields/,
    );
    refused(
      Buffer.concat([spki.subarray(0, 25), Buffer.from([1]), spki.subarray(26)]),
      /unused bits/,
    );
  });

  it('RSA: modulus length read from the DER; NULL parameters required', () => {
    for (const bits of [2048, 3072]) {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
      const spki = spkiOf(publicKey);
      const parsed = parseSpki(spki);
      assert.equal(parsed.kind, 'rsa');
      assert.equal(parsed.kind === 'rsa' && parsed.modulusBits, bits);
      assert.equal(detached(publicKey).asymmetricKeyDetails?.modulusLength, bits);
      // Without the NULL: OpenSSL may read it, PKIX does not allow it.
      const algorithm = Buffer.from('300b06092a864886f70d010101', 'hex');
      const bitString = spki.subarray(2 + 2 + 15);
      assert.equal(bitString[0], 0x03);
      const noNull = Buffer.concat([algorithm, bitString]);
      const header =
        noNull.length < 256
          ? Buffer.from([0x30, 0x81, noNull.length])
          : Buffer.from([0x30, 0x82, noNull.length >> 8, noNull.length & 0xff]);
      unsupportedSpki(Buffer.concat([header, noNull]), /NULL parameters/);
    }
    const garbage = tlv(
      0x30,
      Buffer.concat([
        Buffer.from('300d06092a864886f70d0101010500', 'hex'),
        tlv(0x03, Buffer.from('003003020101', 'hex')),
      ]),
    );
    refused(garbage, /RSAPublicKey/);
  });

  it('caches parsed keys by SPKI bytes, and evicts the least recently used', () => {
    const spki = spkiOf(ecKey(curve('P-256')).publicKey);
    const first = parseSpki(spki);
    assert.equal(parseSpki(Buffer.from(spki)), first);
    const ecdh = createECDH('prime256v1');
    for (let i = 0; i < 1100; i++) {
      ecdh.generateKeys();
      parseSpki(ecSpki(CURVE_OID['P-256'], ecdh.getPublicKey()));
    }
    const again = parseSpki(spki);
    assert.notEqual(again, first);
    assert.deepEqual(again, first);
  });
});

function b64u(bytes: Uint8Array, offset: number, length: number): string {
  return Buffer.from(bytes.subarray(offset, offset + length)).toString('base64url');
}

function tryImport(spki: Buffer): KeyObject | undefined {
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

/** noble throws on encodings it cannot parse; those are invalid signatures. */
function safeNoble(key: EcKey, digest: Uint8Array, sig: Uint8Array): boolean {
  try {
    return nobleVerify(key, digest, sig);
  } catch {
    return false;
  }
}
