import type { InputShape } from '../mutate.js';

/** An input starting with "!" makes a rejection nobody handles: a crash the engine must see. */
export function fuzz(data: Buffer): void {
  if (data[0] === 0x21) void Promise.reject(new Error('a rejection nobody handled'));
}

export const seeds = (): Buffer[] => [Buffer.from('ok')];
export const shape: InputShape = 'bytes';
export const dictionary: readonly string[] = [];
