import type { InputShape } from '../mutate.js';

/** An input starting with a zero byte never returns; any other returns at once. */
export function fuzz(data: Buffer): void {
  // eslint-disable-next-line no-empty
  while (data[0] === 0) {}
}

export const seeds = (): Buffer[] => [Buffer.from('hello')];
export const shape: InputShape = 'bytes';
export const dictionary: readonly string[] = [];
