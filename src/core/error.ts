/**
 * The base of every Signet error: a stable machine-readable `code` plus a human message.
 * Each module defines one subclass with its own code union, so callers can switch on codes
 * without string-matching messages.
 */
export class SignetError<C extends string = string> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

export type CoreErrorCode =
  | 'BASE64_INVALID'
  | 'PEM_INVALID'
  | 'DER_INVALID'
  | 'JSON_INVALID'
  /** A key whose algorithm or curve the primitive does not handle. */
  | 'KEY_UNSUPPORTED'
  /** A named input file that is missing, not a file, or too large. */
  | 'FILE_UNREADABLE';

/** Raised by the dependency-free primitives in src/core when their input is malformed. */
export class CoreError extends SignetError<CoreErrorCode> {}
