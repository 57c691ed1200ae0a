/**
 * Prehashed verifications per second for P-256, P-384, P-521 and RSA-2048, with native
 * crypto.verify (which hashes the message itself) alongside for scale. Each figure is the
 * median of three timed runs over a fixed pool of keys and signatures.
 *
 *   npx tsc -p tsconfig.json && node build/bench/prehash.js
 */
import { createHash, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { verifyPrehashed } from '../src/core/prehash.js';

interface Sample {
  readonly publicKey: KeyObject;
  readonly message: Buffer;
  readonly digest: Buffer;
  readonly signature: Buffer;
}

const POOL = 64;
const RUN_MS = 1000;

function samples(kind: 'P-256' | 'P-384' | 'P-521' | 'RSA-2048', hash: string): Sample[] {
  // A few keys reused across the pool, as a log sees repeat signers, so the per-key cache
  // is exercised the way production exercises it.
  const keys = Array.from({ length: 4 }, () =>
    kind === 'RSA-2048'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: kind }),
  );
  return Array.from({ length: POOL }, (_, i) => {
    const { publicKey, privateKey } = keys[i % keys.length]!;
    const message = randomBytes(256);
    return {
      publicKey,
      message,
      digest: createHash(hash).update(message).digest(),
      signature: sign(hash, message, privateKey),
    };
  });
}

function perSecond(pool: readonly Sample[], check: (s: Sample) => boolean): number {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(RUN_MS) * 1_000_000n;
  let count = 0;
  let now = start;
  while (now < deadline) {
    for (const sample of pool) {
      if (!check(sample)) throw new Error('a valid signature failed to verify');
    }
    count += pool.length;
    now = process.hrtime.bigint();
  }
  return (count * 1e9) / Number(now - start);
}

function median3(run: () => number): number {
  const results = [run(), run(), run()].sort((a, b) => a - b);
  return results[1]!;
}

const cases = [
  { kind: 'P-256', hash: 'sha256' },
  { kind: 'P-384', hash: 'sha384' },
  { kind: 'P-521', hash: 'sha512' },
  { kind: 'RSA-2048', hash: 'sha256' },
] as const;

console.log(`node ${process.version}, median of 3 runs of ${RUN_MS} ms each`);
for (const { kind, hash } of cases) {
  const pool = samples(kind, hash);
  // Warm the JIT and the key cache before timing.
  perSecond(pool, (s) => verifyPrehashed(s.publicKey, s.digest, s.signature));
  const prehashed = median3(() =>
    perSecond(pool, (s) => verifyPrehashed(s.publicKey, s.digest, s.signature)),
  );
  const native = median3(() =>
    perSecond(pool, (s) => verify(hash, s.message, s.publicKey, s.signature)),
  );
  console.log(
    `${kind.padEnd(8)} verifyPrehashed ${prehashed.toFixed(0).padStart(7)}/s` +
      `   crypto.verify (${hash}, 256-byte message) ${native.toFixed(0).padStart(7)}/s`,
  );
}
