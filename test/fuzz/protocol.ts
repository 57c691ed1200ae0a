/**
 * What engine.ts and its worker (worker.ts) share: the worker's start-up data, the messages it
 * sends, and the layout of the shared memory through which the parent watches each run.
 */

/** Int32 slots at the start of the shared buffer; the current input's bytes follow them. */
export const SLOT = {
  /** Runs started so far: the parent sees a stuck run as this not moving while `running`. */
  runs: 0,
  /** 1 while the target runs. */
  running: 1,
  /** Bytes of the current input (capped at the buffer's room). */
  length: 2,
  /** The number of slots, where the input bytes begin. */
  bytes: 4,
} as const;

export interface WorkerSetup {
  /** URL of the target module. */
  target: string;
  mode: 'fuzz' | 'replay';
  seed: number;
  /** Inputs to replay, or the corpus to resume from (instead of the target's seeds). */
  inputs: Uint8Array[];
  /** URL prefixes of the scripts whose coverage counts. */
  coverage: string[];
  /** Keep inputs that reach new coverage; off only to show what guidance is worth. */
  guided: boolean;
  execs: number;
  milliseconds: number;
  maxInputBytes: number;
  shared: SharedArrayBuffer;
}

export type ToParent =
  | { type: 'corpus'; input: Uint8Array }
  | { type: 'crash'; input: Uint8Array; signature: string; message: string }
  | { type: 'stats'; execs: number; corpus: number; features: number }
  | { type: 'replayed'; index: number; ok: boolean }
  | { type: 'done' }
  /** The harness itself failed (not the target): the run stops with this error. */
  | { type: 'fault'; message: string };

/** One line naming an error: its type, code and message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `a thrown ${typeof error}: ${String(error)}`;
  const code = (error as { code?: unknown }).code;
  return `${error.name}${code === undefined ? '' : ` ${String(code)}`}: ${error.message}`;
}

/**
 * What makes two crashes the same bug: the error's type and where in the code under test it
 * was thrown (the first stack frame outside the fuzz harness), not its message, which often
 * carries the input.
 */
export function errorSignature(error: unknown): string {
  if (!(error instanceof Error)) return `non-error ${typeof error}`;
  const frame = (error.stack ?? '')
    .split('\n')
    .slice(1)
    .find((line) => !line.includes('/test/fuzz/') && !line.includes('node:internal'));
  return `${error.name} ${frame?.trim() ?? error.message.split(':')[0]}`;
}
