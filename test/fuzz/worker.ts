import { Session } from 'node:inspector';
import { parentPort, workerData } from 'node:worker_threads';
import { randomFromSeed } from '../helpers/random.js';
import { mutate } from './mutate.js';
import type { FuzzTarget } from './target.js';
import {
  type ToParent,
  type WorkerSetup,
  SLOT,
  errorSignature,
  describeError,
} from './protocol.js';

/**
 * The fuzzing loop, in a worker thread of engine.ts so a hang can be cut off: mutate a corpus
 * entry, run the target on it, read V8's block coverage for what the run reached, and keep the
 * input when it reached something new. Before each run the input goes into shared memory, and
 * a counter moves, so the parent sees a run that never ends and knows its input.
 */

const setup = workerData as WorkerSetup;
const port = parentPort;
if (port === null) throw new Error('test/fuzz/worker.js runs as a worker thread of engine.js');
const send = (message: ToParent): void => port.postMessage(message);

const control = new Int32Array(setup.shared, 0, SLOT.bytes);
const inputBytes = new Uint8Array(setup.shared, SLOT.bytes * 4);

let current: Buffer = Buffer.alloc(0);

function publish(input: Buffer): void {
  inputBytes.set(input.subarray(0, inputBytes.length));
  Atomics.store(control, SLOT.length, Math.min(input.length, inputBytes.length));
  Atomics.add(control, SLOT.runs, 1);
  Atomics.store(control, SLOT.running, 1);
  current = input;
  failed = false;
}

const reported = new Set<string>();
/** Whether the input in `current` failed, however it surfaced. */
let failed = false;
function crash(input: Buffer, error: unknown, how: string): void {
  failed = true;
  const signature = `${how} ${errorSignature(error)}`;
  // While fuzzing, one report per bug; a replay reports every input.
  if (setup.mode === 'fuzz' && reported.has(signature)) return;
  reported.add(signature);
  send({ type: 'crash', input, signature, message: `${how}: ${describeError(error)}` });
}

/**
 * An error that escaped a run (a rejection nobody awaited, a throw in a timer). It surfaces
 * after its run returned: a replay waits for it after each input; fuzzing, which waits only
 * after each batch, finds the input afterwards (attributeEscape).
 */
let escaped: { error: unknown; how: string } | undefined;
function escape(error: unknown, how: string): void {
  if (setup.mode === 'replay') crash(current, error, how);
  else escaped ??= { error, how };
}
process.on('unhandledRejection', (error) => escape(error, 'unhandled rejection'));
process.on('uncaughtException', (error) => escape(error, 'uncaught exception'));

let target: FuzzTarget;

async function run(input: Buffer): Promise<boolean> {
  publish(input);
  try {
    const result = target.fuzz(input);
    if (result instanceof Promise) await result;
  } catch (error) {
    crash(input, error, 'thrown');
  } finally {
    Atomics.store(control, SLOT.running, 0);
  }
  return !failed;
}

// ---------------------------------------------------------------- coverage

const session = new Session();
session.connect();
function post<T>(method: string, params?: object): T {
  let result: T | undefined;
  let failure: Error | null = null;
  // A session on its own thread dispatches synchronously: the callback has run on return.
  session.post(method, params, (error, value) => {
    failure = error;
    result = value as T;
  });
  if (failure) throw failure;
  return result as T;
}

interface Range {
  startOffset: number;
  endOffset: number;
  count: number;
}

interface Coverage {
  result: { url: string; functions: { ranges: Range[] }[] }[];
}

/** AFL's hit-count buckets: 0, 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+. */
const bucket = (count: number): number =>
  count < 4 ? count : count < 8 ? 4 : count < 16 ? 5 : count < 32 ? 6 : count < 128 ? 7 : 8;

/** A block of a function: its offsets and its feature id. */
interface Block {
  start: number;
  end: number;
  id: number;
}

/** Every block seen so far, per function (script URL and the function's offset). */
const blocks = new Map<string, Block[]>();
let nextBlockId = 0;
const seen = new Set<number>();
/** Per block: whether it has been seen run (1) and not run (0), for the batch check. */
const seenReached = new Set<number>();

/**
 * The count of every known block of `fn`. V8 reports a block only where its count differs
 * from the block around it, so an unreported block has the count of the innermost reported
 * block that contains it; blocks are learnt as they are reported (a block that never ran is
 * reported with count 0 once the code around it runs).
 */
function blockCounts(url: string, ranges: readonly Range[]): [Block, number][] {
  const outer = ranges[0];
  if (outer === undefined) return [];
  const key = `${url} ${outer.startOffset}`;
  let known = blocks.get(key);
  if (known === undefined) {
    known = [];
    blocks.set(key, known);
  }
  for (const range of ranges) {
    if (!known.some((b) => b.start === range.startOffset && b.end === range.endOffset)) {
      known.push({ start: range.startOffset, end: range.endOffset, id: nextBlockId++ });
    }
  }
  return known.map((block) => {
    let count = outer.count;
    let span = Infinity;
    for (const range of ranges) {
      const inside = range.startOffset <= block.start && block.end <= range.endOffset;
      if (inside && range.endOffset - range.startOffset < span) {
        span = range.endOffset - range.startOffset;
        count = range.count;
      }
    }
    return [block, count];
  });
}

/**
 * How many features of the runs since the last call are new; `keep` adds them to what has
 * been seen. A feature is a block with its count's bucket. `batch` compares only whether each
 * block ran, as counts summed over a batch land in other buckets than a single run's.
 */
function takeFeatures(keep: boolean, batch = false): number {
  const { result } = post<Coverage>('Profiler.takePreciseCoverage');
  let fresh = 0;
  for (const script of result) {
    if (!setup.coverage.some((prefix) => script.url.startsWith(prefix))) continue;
    for (const fn of script.functions) {
      for (const [block, count] of blockCounts(script.url, fn.ranges)) {
        const reached = block.id * 2 + (count > 0 ? 1 : 0);
        const feature = block.id * 9 + bucket(count);
        if (batch ? !seenReached.has(reached) : !seen.has(feature)) fresh++;
        if (keep) {
          seen.add(feature);
          seenReached.add(reached);
        }
      }
    }
  }
  return fresh;
}

// ---------------------------------------------------------------- loops

async function replay(): Promise<void> {
  for (const [index, input] of setup.inputs.entries()) {
    await run(Buffer.from(input));
    // A rejection nobody handled surfaces only after the microtasks have run.
    await new Promise((resolve) => setImmediate(resolve));
    send({ type: 'replayed', index, ok: !failed });
  }
}

/**
 * Taking the coverage costs far more than a parser run (about 0.3-1 ms, mostly the inspector's
 * JSON), so it is taken once per batch of runs; only a batch that reached something new is run
 * again input by input to find which inputs to keep. Counts summed over a batch make its
 * buckets coarse, but a block never reached before always shows.
 */
const BATCH = 32;

/**
 * The newest corpus entries are the likeliest to lead further (a branch just opened has new
 * branches behind it): a third of the picks is the newest, a third one of the last RECENT.
 */
const RECENT = 8;

async function fuzz(): Promise<void> {
  const random = randomFromSeed(setup.seed);
  const dictionary = target.dictionary.map((word) => Buffer.from(word, 'latin1'));
  const corpus: Buffer[] = [];
  post('Profiler.enable');
  post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  takeFeatures(true);

  /** Runs each input alone and keeps those that reach something new. */
  const sift = async (inputs: readonly Buffer[], announce: boolean): Promise<void> => {
    for (const input of inputs) {
      const ok = await run(input);
      // Taken after every run, kept or not: taking the coverage resets V8's counts.
      const fresh = takeFeatures(true);
      if (!ok || fresh === 0 || !setup.guided) continue;
      corpus.push(input);
      if (announce) send({ type: 'corpus', input });
    }
  };

  const resumed = setup.inputs.length > 0;
  const seeds = resumed ? setup.inputs.map((i) => Buffer.from(i)) : await target.seeds();
  await sift(seeds, !resumed);
  if (corpus.length === 0) corpus.push(...seeds, Buffer.alloc(0));

  const deadline = Date.now() + setup.milliseconds;
  let execs = seeds.length;
  let lastStats = Date.now();
  const context = {
    random,
    shape: target.shape,
    dictionary,
    maxBytes: setup.maxInputBytes,
    other: () => corpus[random.int(0, corpus.length - 1)] as Buffer,
  };
  const pickParent = (): Buffer => {
    const last = corpus.length - 1;
    const roll = random.next();
    const index =
      roll < 1 / 3
        ? last
        : roll < 2 / 3
          ? random.int(Math.max(0, last - RECENT), last)
          : random.int(0, last);
    return corpus[index] as Buffer;
  };
  while (execs < setup.execs && Date.now() < deadline) {
    const batch: Buffer[] = [];
    for (let i = 0; i < BATCH && execs < setup.execs; i++, execs++) {
      const input = mutate(pickParent(), context);
      batch.push(input);
      await run(input);
    }
    if (takeFeatures(false, true) > 0 && setup.guided) await sift(batch, true);
    // Let timers and rejection handlers run, and see whether one of this batch escaped.
    await new Promise((resolve) => setImmediate(resolve));
    if (escaped !== undefined) await attributeEscape(batch);
    if (Date.now() - lastStats > 1000) {
      lastStats = Date.now();
      send({ type: 'stats', execs, corpus: corpus.length, features: seen.size });
    }
  }
  send({ type: 'stats', execs, corpus: corpus.length, features: seen.size });
}

/** Finds which input of a batch let an error escape, by running each alone and waiting. */
async function attributeEscape(batch: readonly Buffer[]): Promise<void> {
  const take = (): typeof escaped => {
    const taken = escaped;
    escaped = undefined;
    return taken;
  };
  const first = take();
  for (const input of batch) {
    await run(input);
    await new Promise((resolve) => setImmediate(resolve));
    const again = take();
    if (again) {
      crash(input, again.error, again.how);
      return;
    }
  }
  // Not reproducible alone: reported against the batch's last input.
  if (first) crash(batch.at(-1) ?? current, first.error, first.how);
}

// The handlers above would take a failure of the harness itself for the target's: it is sent
// as a fault instead, which stops the run.
try {
  target = (await import(setup.target)) as FuzzTarget;
  await (setup.mode === 'replay' ? replay() : fuzz());
  send({ type: 'done' });
} catch (error) {
  send({ type: 'fault', message: (error as Error).stack ?? String(error) });
}
