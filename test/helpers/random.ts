import { randomInt } from 'node:crypto';
import type { TestContext } from 'node:test';

/**
 * A seeded pseudo-random source for tests whose choices (what to retry, when to kill) should
 * be replayable: the seed comes from the environment variable `envVar` when set, else a fresh
 * one, and is printed as a diagnostic of `t` with the line that replays it. Not for secrets.
 */
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One item of `items`, or undefined when it is empty. */
  pick<T>(items: readonly T[]): T | undefined;
  /** `count` items of `items` in random order (a partial Fisher-Yates shuffle of a copy). */
  sample<T>(items: readonly T[], count: number): T[];
}

export function seededRandom(t: Pick<TestContext, 'diagnostic'>, envVar: string): SeededRandom {
  const given = process.env[envVar];
  const seed = given === undefined || given === '' ? randomInt(2 ** 32) : Number(given);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new Error(`${envVar} must be an integer from 0 to 2^32 - 1, got "${given}"`);
  }
  t.diagnostic(`random seed ${seed}; replay its choices with ${envVar}=${seed}`);
  return randomFromSeed(seed);
}

/**
 * mulberry32 over a 32-bit seed: 32 bits of state, full period, plenty for test choices and
 * for the fuzzer's mutations (test/fuzz/mutate.ts).
 */
export function randomFromSeed(seed: number): SeededRandom {
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: (items) => (items.length === 0 ? undefined : items[int(0, items.length - 1)]),
    sample(items, count) {
      const copy = [...items];
      const n = Math.min(count, copy.length);
      for (let i = 0; i < n; i++) {
        const j = int(i, copy.length - 1);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, n);
    },
  };
}
