import type { SignetError } from '../../src/core/error.js';
import { httpStatusOf } from '../../server/error-status.js';
import type { InputShape } from './mutate.js';

/**
 * What a fuzz target module exports. `fuzz` has Jazzer.js's shape (bytes in; a throw or a
 * rejection is a finding), so a target moves to Jazzer unchanged; the rest is for this engine.
 */
export interface FuzzTarget {
  fuzz(data: Buffer): void | Promise<void>;
  /** Valid inputs to start from, generated from ephemeral keys or read from fixtures. */
  seeds(): Buffer[] | Promise<Buffer[]>;
  shape: InputShape;
  /** Tokens the mutations insert: field names, tags, keywords. */
  dictionary: readonly string[];
}

// Constructors of the error types a target accepts as a refusal.
type ErrorType = abstract new (...args: never[]) => SignetError;

/** A stable code: upper-case words with underscores, as every module's code union spells them. */
const STABLE_CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** Thrown for a refusal that breaks the rules, so the engine records it as a finding. */
export class RefusalFault extends Error {
  override name = 'RefusalFault';
}

export interface RefusalRules {
  /** The module's own error types; anything else thrown is a crash. */
  types: readonly ErrorType[];
  /** Input that arrives over HTTP: the refusal must map to a 4xx (server/error-status.ts). */
  http?: boolean;
}

/** Rethrows `error` unless it is a refusal `rules` allow, with a stable code and a message. */
export function checkRefusal(error: unknown, rules: RefusalRules): void {
  if (!rules.types.some((type) => error instanceof type)) throw error;
  const { code, message } = error as SignetError;
  if (typeof code !== 'string' || !STABLE_CODE.test(code)) {
    throw new RefusalFault(`refused without a stable code (${String(code)}): ${message}`);
  }
  if (message.trim() === '') throw new RefusalFault(`${code} refused with an empty message`);
  if (rules.http) {
    const status = httpStatusOf(error);
    if (status < 400 || status > 499) {
      throw new RefusalFault(`${code} answers HTTP ${status}, not a 4xx: ${message}`);
    }
  }
}

/**
 * A target's `fuzz` from the code under test: whatever `run` throws (or rejects with) must be
 * a refusal `rules` allow. Synchronous `run`s stay synchronous, which keeps them fast.
 */
export function refusing(
  rules: RefusalRules,
  run: (data: Buffer) => unknown,
): (data: Buffer) => void | Promise<void> {
  return (data) => {
    let result: unknown;
    try {
      result = run(data);
    } catch (error) {
      checkRefusal(error, rules);
      return undefined;
    }
    if (result instanceof Promise) {
      return result.then(
        () => undefined,
        (error: unknown) => checkRefusal(error, rules),
      );
    }
    return undefined;
  };
}

/** Dictionary entries from strings. */
export const tokens = (words: readonly string[]): Buffer[] =>
  words.map((word) => Buffer.from(word, 'latin1'));
