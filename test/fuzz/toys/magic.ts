import type { InputShape } from '../mutate.js';

/**
 * A planted bug behind a three-byte magic prefix: blind mutation of the seed needs about 2^24
 * tries to hit it, coverage guidance a few thousand (each matching byte opens a new block).
 * fuzz.test.ts uses it to prove the engine's guidance works.
 */

export function fuzz(data: Buffer): void {
  if (data.length < 3) return;
  if (data[0] === 0x53) {
    if (data[1] === 0x49) {
      if (data[2] === 0x47) {
        throw new TypeError('planted bug behind the magic prefix');
      }
    }
  }
}

export const seeds = (): Buffer[] => [Buffer.from('abcd')];
export const shape: InputShape = 'bytes';
export const dictionary: readonly string[] = [];
