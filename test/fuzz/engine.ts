import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SLOT, type ToParent, type WorkerSetup } from './protocol.js';

/**
 * A small coverage-guided fuzzer on V8's block coverage (docs/security.md, "Fuzzing"). The loop
 * runs in a worker thread (worker.ts); this side starts it, collects what it reports, and
 * watches each run through shared memory: a run that outlasts the time limit is a hang, its
 * input is saved and the worker is replaced by a fresh one that resumes from the corpus.
 */

/** How long one input may run before it counts as a hang. Parsers answer in microseconds. */
export const DEFAULT_INPUT_TIMEOUT_MS = 2_000;
/** The largest input tried: above every limit the HTTP routes put on a body they parse. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024;
/** The worker's heap: a run that needs more is a finding (out of memory), not a dead fuzzer. */
export const WORKER_HEAP_MB = 512;
/** After this many hangs a run stops: the rest would be mostly restarts on the same bug. */
export const MAX_HANGS = 5;
/** How often the parent looks at the run in progress. */
const WATCH_INTERVAL_MS = 20;

/** Only the code under test counts, not the harness or node_modules. */
export const DEFAULT_COVERAGE = [
  new URL('../../src/', import.meta.url).href,
  new URL('../../server/', import.meta.url).href,
];

export interface Finding {
  kind: 'crash' | 'hang';
  input: Buffer;
  message: string;
  /** Where it was saved, when findings are saved. */
  file?: string;
}

export interface FuzzOptions {
  /** URL of the target module (see target.ts). */
  target: string;
  seed: number;
  seconds: number;
  /** Stop after this many runs even if time is left (a fixed budget for tests). */
  execs?: number;
  inputTimeoutMs?: number;
  maxInputBytes?: number;
  coverage?: readonly string[];
  /** False keeps only the seeds in the corpus: blind mutation, to show what coverage adds. */
  guided?: boolean;
  /** Save each finding's input under this directory, named by its hash. */
  findingsDir?: string;
  /** Stop at the first finding. */
  stopOnFinding?: boolean;
  onStats?: (stats: FuzzStats) => void;
}

export interface FuzzStats {
  execs: number;
  corpus: number;
  features: number;
  milliseconds: number;
}

export interface FuzzReport extends FuzzStats {
  seed: number;
  findings: Finding[];
}

export function saveFinding(dir: string, finding: Finding): string {
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(finding.input).digest('hex').slice(0, 16);
  const file = join(dir, `${finding.kind}-${hash}`);
  writeFileSync(file, finding.input);
  return file;
}

interface Session {
  done: Promise<void>;
  /** Runs started so far. */
  runs(): number;
  stop(): Promise<void>;
}

/**
 * One worker from start to end. `onHang` gets the input that outlasted the limit; the worker is
 * terminated before `done` settles.
 */
function startWorker(
  setup: Omit<WorkerSetup, 'shared'>,
  inputTimeoutMs: number,
  onMessage: (message: ToParent) => void,
  onHang: (input: Buffer) => void,
  onDeath: (message: string, input: Buffer) => void,
): Session {
  const shared = new SharedArrayBuffer(SLOT.bytes * 4 + setup.maxInputBytes);
  const control = new Int32Array(shared, 0, SLOT.bytes);
  const currentInput = (): Buffer =>
    Buffer.from(new Uint8Array(shared, SLOT.bytes * 4, Atomics.load(control, SLOT.length)));
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: { ...setup, shared } satisfies WorkerSetup,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    stdout: false,
    stderr: false,
  });
  let lastRuns = -1;
  let since = Date.now();
  // Set once this side ends the worker: later messages and its exit are expected.
  let ending = false;
  let settled = false;
  const end = (): Promise<number> => {
    ending = true;
    return worker.terminate();
  };
  const done = new Promise<void>((resolve, reject) => {
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      if (error) reject(error);
      else resolve();
    };
    const watch = setInterval(() => {
      const runs = Atomics.load(control, SLOT.runs);
      const running = Atomics.load(control, SLOT.running) === 1;
      if (!running || runs !== lastRuns) {
        lastRuns = runs;
        since = Date.now();
      } else if (!ending && Date.now() - since > inputTimeoutMs) {
        // Recorded before the worker goes, so it is in before `done` settles.
        onHang(currentInput());
        end().catch(finish);
      }
    }, WATCH_INTERVAL_MS);
    worker.on('message', (message: ToParent) => {
      if (ending) return;
      if (message.type === 'fault') {
        ending = true;
        void worker.terminate();
        finish(new Error(`the fuzz worker failed: ${message.message}`));
        return;
      }
      onMessage(message);
      if (message.type === 'done') void end();
    });
    worker.on('error', (error) => {
      // Out of memory mid-run is a finding; anything else (the target failed to load) is ours.
      if (Atomics.load(control, SLOT.running) === 1 && !ending) {
        ending = true;
        onDeath(`${error.name}: ${error.message}`, currentInput());
        finish();
      } else finish(error);
    });
    worker.on('exit', () => finish(ending ? undefined : new Error('the fuzz worker exited early')));
  });
  return {
    done,
    runs: () => Atomics.load(control, SLOT.runs),
    async stop() {
      await end();
    },
  };
}

/** Fuzzes one target for `seconds` (or `execs` runs), restarting the worker after each hang. */
export async function fuzzTarget(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  const maxExecs = options.execs ?? Number.MAX_SAFE_INTEGER;
  const inputTimeoutMs = options.inputTimeoutMs ?? DEFAULT_INPUT_TIMEOUT_MS;
  const findings: Finding[] = [];
  const corpus: Buffer[] = [];
  let execsBefore = 0;
  let last = { execs: 0, corpus: 0, features: 0 };
  let restarts = 0;
  let hangs = 0;

  const record = (finding: Finding, session?: Session): void => {
    if (options.findingsDir) finding.file = saveFinding(options.findingsDir, finding);
    findings.push(finding);
    if (options.stopOnFinding) void session?.stop();
  };

  while (Date.now() < deadline && execsBefore < maxExecs) {
    last = { execs: 0, corpus: 0, features: 0 };
    const hangsBefore = hangs;
    const session: Session = startWorker(
      {
        target: options.target,
        mode: 'fuzz',
        // Each restart continues from a seed of its own, so it does not redo the same inputs.
        seed: (options.seed + restarts) >>> 0,
        inputs: corpus,
        coverage: [...(options.coverage ?? DEFAULT_COVERAGE)],
        guided: options.guided ?? true,
        execs: maxExecs - execsBefore,
        milliseconds: deadline - Date.now(),
        maxInputBytes: options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES,
      },
      inputTimeoutMs,
      (message) => {
        if (message.type === 'corpus') corpus.push(Buffer.from(message.input));
        else if (message.type === 'stats') {
          last = message;
          options.onStats?.({
            ...message,
            execs: execsBefore + message.execs,
            milliseconds: Date.now() - started,
          });
        } else if (message.type === 'crash') {
          record(
            { kind: 'crash', input: Buffer.from(message.input), message: message.message },
            session,
          );
        }
      },
      (input) => {
        hangs++;
        record({ kind: 'hang', input, message: `no answer within ${inputTimeoutMs} ms` });
      },
      (message, input) => record({ kind: 'crash', input, message }),
    );
    await session.done;
    execsBefore += session.runs();
    if (options.stopOnFinding && findings.length > 0) break;
    if (hangs === hangsBefore || hangs >= MAX_HANGS) break;
    restarts++;
  }
  return {
    seed: options.seed,
    execs: execsBefore,
    corpus: Math.max(corpus.length, last.corpus),
    features: last.features,
    milliseconds: Date.now() - started,
    findings,
  };
}

export interface ReplayResult {
  ok: boolean;
  /** What went wrong, for a failed input. */
  message?: string;
}

/** Runs each input once in a worker, with the hang limit; the result says which failed and how. */
export async function replayInputs(
  target: string,
  inputs: readonly Buffer[],
  inputTimeoutMs = DEFAULT_INPUT_TIMEOUT_MS,
): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const maxInputBytes = Math.max(DEFAULT_MAX_INPUT_BYTES, ...inputs.map((i) => i.length));
  while (results.length < inputs.length) {
    const offset = results.length;
    const failures = new Map<number, string>();
    const session = startWorker(
      {
        target,
        mode: 'replay',
        seed: 0,
        inputs: inputs.slice(offset),
        coverage: [],
        guided: false,
        execs: 0,
        milliseconds: 0,
        maxInputBytes,
      },
      inputTimeoutMs,
      (message) => {
        if (message.type === 'crash') failures.set(results.length, message.message);
        if (message.type === 'replayed') {
          const failure = failures.get(results.length);
          results.push(message.ok ? { ok: true } : { ok: false, message: failure ?? 'crashed' });
        }
      },
      () => results.push({ ok: false, message: `hang: no answer within ${inputTimeoutMs} ms` }),
      (message) => results.push({ ok: false, message }),
    );
    await session.done;
  }
  return results;
}
