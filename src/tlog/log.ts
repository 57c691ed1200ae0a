import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  consistencyProof,
  inclusionProof,
  inclusionProofs,
  leafHash,
  rootHash,
} from '../core/merkle.js';
import type { NoteSigner, NoteVerifier } from '../core/note.js';
import {
  type Checkpoint,
  parseCheckpointText,
  signCheckpoint,
  verifyCheckpoint,
} from './checkpoint.js';
import { TlogError } from './error.js';
import {
  type Assignment,
  type CheckpointRecord,
  type LogStorage,
  type SequencedBatch,
  type SharedLogStorage,
  isShared,
} from './storage.js';
import { TILE_WIDTH, entriesPath, parseTilePath, tilePath } from './tiles.js';
import { LeafIndex } from './leaf-index.js';
import {
  CHECK_MEMO_SLOTS,
  NodeMemo,
  TiledTree,
  decodeBundle,
  encodeBundle,
  loadingTiles,
} from './tree.js';

/** Named defaults for the write path; every one is validated by `validateLogOptions`. */
export const LOG_DEFAULTS = {
  /** A batch is sequenced as soon as this many entries wait (Tessera's default is 256). */
  batchMaxSize: 512,
  /** ...or when its oldest entry has waited this long. */
  batchMaxAgeMs: 25,
  /**
   * Checkpoints are signed and published at most this often; writers wait for the first
   * checkpoint that covers their entry. Rekor v2 uses seconds; CI jobs wait on every entry, so
   * a private log on local disk defaults to 50 ms (measured in docs/performance.md: more
   * throughput and lower latency than 100 ms at the same CPU).
   */
  checkpointIntervalMs: 50,
  /**
   * Entries accepted but not yet published before new ones are pushed back (503 with
   * Retry-After). Tessera's figure: about a second of queue at the measured rate, so an
   * overloaded log answers "retry" quickly instead of answering everyone slowly.
   */
  maxPending: 4096,
  /**
   * Longest the oldest entry may wait to be sequenced before new entries are pushed back (503
   * with Retry-After): a count alone is never reached by clients that each keep a bounded number
   * of requests outstanding, they only wait longer. A healthy wait is `batchMaxAgeMs` plus one
   * sequencing step (tens of milliseconds); 1 s means the log has fallen behind.
   */
  maxQueueDelayMs: 1000,
  /** The tlog-tiles entry bundle prefixes each entry with a uint16 length. */
  maxEntryBytes: 65535,
  /**
   * Longest a writer waits for its entry to be published before it is answered with pushback
   * (503 with Retry-After) instead: a hung disk must not hold writers until their clients give
   * up. The entry may still be logged, and a resubmission gets its index. Below the 30 s that
   * Rekor v2 clients wait, and far above a healthy append (tens of milliseconds).
   */
  appendTimeoutMs: 10_000,
  /**
   * After a storage failure the log re-runs recovery from what is durable, first after this
   * long, then twice as long after each failed attempt...
   */
  recoveryDelayMs: 250,
  /** ...up to this: once the disk is fixed, the log is back within this long. */
  recoveryMaxDelayMs: 30_000,
} as const;

export type LogTuning = { -readonly [K in keyof typeof LOG_DEFAULTS]: number };

export function validateLogOptions(tuning: LogTuning): void {
  const check = (name: keyof LogTuning, min: number, max: number): void => {
    const value = tuning[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new TlogError(
        'LOG_CONFIG_INVALID',
        `${name} must be an integer from ${min} to ${max}, got ${value}`,
      );
    }
  };
  check('batchMaxSize', 1, 65536);
  check('batchMaxAgeMs', 0, 10_000);
  check('checkpointIntervalMs', 0, 60_000);
  check('maxPending', 1, 1_000_000);
  check('maxQueueDelayMs', 10, 600_000);
  check('maxEntryBytes', 1, 65535);
  check('appendTimeoutMs', 100, 600_000);
  check('recoveryDelayMs', 1, 60_000);
  check('recoveryMaxDelayMs', 1, 3_600_000);
  if (tuning.recoveryMaxDelayMs < tuning.recoveryDelayMs) {
    throw new TlogError(
      'LOG_CONFIG_INVALID',
      `recoveryMaxDelayMs (${tuning.recoveryMaxDelayMs}) must be at least recoveryDelayMs (${tuning.recoveryDelayMs})`,
    );
  }
  if (tuning.maxQueueDelayMs <= tuning.batchMaxAgeMs) {
    throw new TlogError(
      'LOG_CONFIG_INVALID',
      `maxQueueDelayMs (${tuning.maxQueueDelayMs}) must exceed batchMaxAgeMs (${tuning.batchMaxAgeMs}), or entries waiting for their batch would be refused`,
    );
  }
  // A writer's longest healthy wait is a batch's age plus a checkpoint interval.
  if (tuning.appendTimeoutMs <= tuning.batchMaxAgeMs + tuning.checkpointIntervalMs) {
    throw new TlogError(
      'LOG_CONFIG_INVALID',
      `appendTimeoutMs (${tuning.appendTimeoutMs}) must exceed batchMaxAgeMs + checkpointIntervalMs (${tuning.batchMaxAgeMs + tuning.checkpointIntervalMs}), or every writer would time out`,
    );
  }
}

/**
 * Named defaults for a log on storage shared by several replicas (docs/architecture.md,
 * "Several replicas"); validated by `validateReplicaOptions`. Unused on posix storage.
 */
export const REPLICA_DEFAULTS = {
  /**
   * How long a lease lasts without renewal, by the store's clock: a dead holder is replaced
   * within this plus one `leaseRenewMs` (issue 15 asks for a takeover under 5 s).
   */
  leaseTtlMs: 3000,
  /** The holder renews, and the others try to take the lease, this often: well under the TTL. */
  leaseRenewMs: 1000,
  /** A follower reads the stored checkpoint this often, to answer its writers once covered. */
  followIntervalMs: 50,
} as const;

export type ReplicaTuning = { -readonly [K in keyof typeof REPLICA_DEFAULTS]: number };

export function validateReplicaOptions(tuning: ReplicaTuning): void {
  for (const [name, min, max] of [
    ['leaseTtlMs', 100, 600_000],
    ['leaseRenewMs', 10, 600_000],
    ['followIntervalMs', 1, 60_000],
  ] as const) {
    const value = tuning[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new TlogError(
        'LOG_CONFIG_INVALID',
        `${name} must be an integer from ${min} to ${max}, got ${value}`,
      );
    }
  }
  // Two renewals fit in one TTL, so one slow renewal does not lose a live holder its lease.
  if (tuning.leaseRenewMs * 2 >= tuning.leaseTtlMs) {
    throw new TlogError(
      'LOG_CONFIG_INVALID',
      `leaseRenewMs (${tuning.leaseRenewMs}) must be under half of leaseTtlMs (${tuning.leaseTtlMs})`,
    );
  }
}

export interface ReplicaOptions extends Partial<ReplicaTuning> {
  /**
   * This replica's name in the lease row. A restarted replica under the same name takes its own
   * lease back at once instead of waiting for it to expire. By default the host name and process
   * id: stable for a container restarted in its pod (pid 1), distinct for processes on one host.
   */
  id?: string;
}

export interface LogOptions extends Partial<LogTuning> {
  /** The checkpoint origin line, fixed for the life of the log. */
  origin: string;
  signer: NoteSigner;
  /**
   * The log's public key, as a note verifier: every checkpoint read from storage (signed by
   * another replica, or an earlier run) must carry its valid signature. Without it only the
   * origin of a stored checkpoint is checked.
   */
  verifier?: NoteVerifier;
  /**
   * The keys `rotate` retired from this log, as note verifiers: until the first publication
   * under the current key, the stored checkpoint and this replica's record carry one of their
   * signatures.
   */
  retiredVerifiers?: readonly NoteVerifier[];
  storage: LogStorage;
  /**
   * This replica's own record of the last checkpoint it saw, outside `storage`: a stored tree
   * that does not extend it is refused (LOG_STATE_CORRUPT). Written before any writer is
   * answered from a new checkpoint.
   */
  record?: CheckpointRecord;
  /** Lease and follower settings, for storage shared by several replicas. */
  replica?: ReplicaOptions;
  now?: () => number;
}

/**
 * Storage errors that mean "not now", not "broken": out of file descriptors, in this process
 * (EMFILE) or in the system (ENFILE), as under a connection flood. The step is retried with
 * backoff; they never stop the log.
 */
const TRANSIENT_STORAGE_ERRORS = new Set(['EMFILE', 'ENFILE']);
/** First wait before retrying a transient storage error; doubled per retry... */
export const TRANSIENT_RETRY_MIN_MS = 5;
/** ...up to this. */
export const TRANSIENT_RETRY_MAX_MS = 1_000;

const unavailable = (cause: unknown): TlogError =>
  new TlogError(
    'LOG_UNAVAILABLE',
    'the log stopped after a storage failure; it resumes by itself once storage works again',
    { cause },
  );

/** What the write path reports besides its answers to writers: for the operator's logs and metrics. */
export type LogEvent =
  /** This replica took the integration lease (shared storage): it now signs checkpoints. */
  | { type: 'lease-taken'; size: number }
  /** This replica lost the lease, or could not renew it in time: it stopped publishing. */
  | { type: 'lease-lost'; error?: unknown }
  /** Storage failed: the log stopped taking entries and refused every writer in flight. */
  | { type: 'stopped'; error: unknown }
  /** A recovery attempt failed (storage still failing, or durable state the log cannot resume from). */
  | { type: 'recovery-failed'; error: unknown; attempt: number; retryInMs: number }
  /** Recovery from durable state succeeded: the log takes entries again. */
  | { type: 'recovered'; size: number; attempts: number; stoppedMs: number }
  /** A storage step ran out of file descriptors; it is retried in `retryInMs`, the log goes on. */
  | { type: 'storage-busy'; error: unknown; retryInMs: number };

export interface PublishedCheckpoint extends Checkpoint {
  /** The signed note as published. */
  note: string;
}

export interface AppendResult {
  index: number;
  /** True when the same entry was already in the log (or in flight) and this is its index. */
  duplicate: boolean;
  checkpoint: PublishedCheckpoint;
  /** Audit path for `index` in the tree of `checkpoint.size`, leaf to root. */
  proof: Buffer[];
}

interface Waiter {
  entry: Buffer;
  hash: Buffer;
  arrivedAt: number;
  /** Assigned by storage; -1 until the entry is sequenced. */
  index: number;
  /** Storage answered an entry it already held, at `index`. */
  duplicate: boolean;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
  duplicates: Waiter[];
}

/**
 * A durable, batched, tiled transparency log. `append` resolves only once the entry is
 * sequenced durably and a signed checkpoint covering it is published, with an inclusion proof
 * against that checkpoint.
 */
export class TransparencyLog {
  /** Replaced whole when the log recovers in-process, so a reader never sees a half-built one. */
  private tree = new TiledTree();
  private readonly tuning: LogTuning;
  private queue: Waiter[] = [];
  /** The batch taken off the queue and being sequenced: if that fails, its writers are told. */
  private sequencing: Waiter[] = [];
  /** Sequenced entries waiting for a checkpoint that covers them. */
  private unpublished: Waiter[] = [];
  /** In-flight entries by leaf hash, so that concurrent duplicates share one index. */
  private readonly inFlight = new Map<string, Waiter>();
  private dedup = new LeafIndex();
  private published!: PublishedCheckpoint;
  /** The note in `options.record`, as last read or written there. */
  private recordedNote: string | undefined;
  private lastPublishAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = 0;
  private admitting = 0;
  private running: Promise<void> | undefined;
  private closed = false;
  private failure: unknown;
  private stoppedAt = 0;
  private recoveryTimer: NodeJS.Timeout | undefined;
  private recovering: Promise<void> | undefined;
  /** Failed recoveries since the log last published entries: the exponent of the backoff. */
  private recoveryAttempts = 0;
  private readonly now: () => number;
  private readonly listeners: ((event: LogEvent) => void)[] = [];
  /** Set when storage is shared by several replicas; posix storage has one writer. */
  private readonly shared: SharedLogStorage | undefined;
  private readonly replica: ReplicaTuning & { id: string };
  /** Whether this replica integrates and publishes: always, on storage that is not shared. */
  private holding = true;
  /** When the last successful lease renewal started: publishing stops one TTL after it. */
  private leaseRenewedAt = -Infinity;
  private leaseTimer: NodeJS.Timeout | undefined;
  /**
   * The lease request in flight, if any: close waits for it, or a renewal landing after the
   * storage gave the lease back would take it again for a whole TTL.
   */
  private leaseTick: Promise<void> | undefined;
  /** A lease change to apply at the start of the next cycle, between two writes. */
  private roleChange: 'take' | 'lose' | undefined;
  /** When the holder last read other replicas' batches, or a follower the stored checkpoint. */
  private lastPullAt = -Infinity;

  private constructor(private readonly options: LogOptions) {
    this.tuning = { ...LOG_DEFAULTS };
    for (const key of Object.keys(LOG_DEFAULTS) as (keyof LogTuning)[]) {
      if (options[key] !== undefined) this.tuning[key] = options[key];
    }
    validateLogOptions(this.tuning);
    const { id = `${hostname()}/${process.pid}`, ...tuning } = options.replica ?? {};
    this.replica = { ...REPLICA_DEFAULTS, ...tuning, id };
    // Kept with the options: a recovery or a lease change rebuilds the log under the same name.
    this.options = { ...options, replica: { ...options.replica, id } };
    validateReplicaOptions(this.replica);
    this.now = options.now ?? Date.now;
    this.shared = isShared(options.storage) ? options.storage : undefined;
  }

  /** Opens (or creates) the log in `storage`, re-integrating anything sequenced but unpublished. */
  static async open(options: LogOptions): Promise<TransparencyLog> {
    const log = new TransparencyLog(options);
    try {
      await log.recover();
    } catch (error) {
      // Refused (a corrupt or forked store) or unreachable: nothing runs, so nothing holds the
      // storage (the data directory's lock) for a later attempt in this process.
      await options.storage.close().catch(() => undefined);
      throw error;
    }
    log.watchLease();
    log.schedule(); // shared storage: the holder pulls and a follower follows from the start
    return log;
  }

  /** Whether this replica holds the integration lease (always, on storage that is not shared). */
  get leaseHeld(): boolean {
    return this.holding;
  }

  get checkpoint(): PublishedCheckpoint {
    return this.published;
  }

  get pending(): number {
    return this.queue.length + this.sequencing.length + this.unpublished.length + this.admitting;
  }

  /** How long the oldest entry waiting to be sequenced has waited, in ms (0: none waits). */
  get queueDelayMs(): number {
    const oldest = this.queue[0];
    return oldest === undefined ? 0 : this.now() - oldest.arrivedAt;
  }

  /**
   * Throws the pushback (LOG_PUSHBACK) a new entry gets now: too many in flight (`maxPending`),
   * or the oldest waiting to be sequenced has waited past `maxQueueDelayMs`. A server checks it
   * before reading a request's body; `append` checks it again.
   */
  ensureRoom(): void {
    if (this.pending >= this.tuning.maxPending) {
      throw new TlogError(
        'LOG_PUSHBACK',
        `the log has ${this.pending} entries in flight; retry shortly`,
      );
    }
    const waited = this.queueDelayMs;
    if (waited > this.tuning.maxQueueDelayMs) {
      throw new TlogError(
        'LOG_PUSHBACK',
        `the log is saturated: its oldest entry waiting to be sequenced has waited ${waited} ms (maxQueueDelayMs ${this.tuning.maxQueueDelayMs}); retry later`,
      );
    }
  }

  private get storage(): LogStorage {
    return this.options.storage;
  }

  /**
   * Rebuilds the log from what storage holds durably. `previous` is the checkpoint this process
   * published before a storage failure: the durable state must extend it, or resuming would fork
   * the log.
   */
  private async recover(previous?: PublishedCheckpoint): Promise<void> {
    const recorded = await this.readRecord();
    const state = await this.storage.recover();
    let size = 0;
    if (state.checkpoint !== undefined) {
      const checkpoint = this.parseStored(state.checkpoint);
      size = checkpoint.size;
      this.published = { ...checkpoint, note: state.checkpoint };
      await this.restoreEdge(size);
    }
    if (previous !== undefined) {
      await this.requireExtends(previous, size, 'the one this log published');
    }
    if (recorded !== undefined && recorded.note !== previous?.note) {
      await this.requireExtends(
        recorded,
        size,
        `the one this replica recorded in ${(this.options.record as CheckpointRecord).where}`,
      );
    }
    if (state.checkpoint !== undefined) await this.keep(this.published);
    await this.indexLeaves(0, size);
    if (this.shared !== undefined) {
      const startedAt = this.now();
      this.holding = await this.shared.lease(this.replica.id, this.replica.leaseTtlMs);
      if (this.holding) this.leaseRenewedAt = startedAt;
      else {
        // A follower integrates nothing: the holder publishes every replica's batches. Until
        // one has, it serves the empty tree, which every later tree extends.
        this.published ??= this.sign(0, rootHash(0, this.tree));
        return;
      }
    }
    const replayed = this.replay(state.journal);
    // After a failure, a checkpoint is written even if nothing changed: the log takes entries
    // again only once storage has shown that it takes writes. Replayed batches are published
    // before anything new, so entries read back from a journal whose fsync failed are made
    // durable as tiles (a page cache may hold what the disk lost).
    // A replica that takes the lease publishes at once: the store's fencing then shows the
    // lease is really its own.
    if (
      state.checkpoint === undefined ||
      replayed > 0 ||
      previous !== undefined ||
      this.shared !== undefined
    ) {
      await this.publish();
    }
  }

  /** Integrates sequenced batches beyond the tree; answers how many entries that added. */
  private replay(batches: readonly SequencedBatch[]): number {
    let replayed = 0;
    for (const batch of batches) {
      const end = batch.firstIndex + batch.entries.length;
      if (end <= this.tree.size) continue;
      if (batch.firstIndex > this.tree.size) {
        throw new TlogError(
          'LOG_STATE_CORRUPT',
          `journal skips from index ${this.tree.size} to ${batch.firstIndex}: entries are missing`,
        );
      }
      const fresh = batch.entries.slice(this.tree.size - batch.firstIndex);
      this.integrate(
        fresh,
        fresh.map((entry) => leafHash(entry)),
      );
      replayed += fresh.length;
    }
    return replayed;
  }

  /**
   * Refuses a stored tree of `size` that does not extend `previous` (`seen` names it): smaller,
   * or with another root at its size. Recovery stops there, before it takes the lease.
   */
  private async requireExtends(previous: Checkpoint, size: number, seen: string): Promise<void> {
    if (size < previous.size) throw olderThan(size, previous, seen);
    if (previous.size === 0) return;
    const root = await this.withTiles((tree) => rootHash(previous.size, tree));
    if (!root.equals(previous.rootHash)) throw forkedFrom(previous, seen);
  }

  /** The checkpoint this replica recorded, checked like a stored one; undefined without one. */
  private async readRecord(): Promise<PublishedCheckpoint | undefined> {
    const record = this.options.record;
    if (record === undefined) return undefined;
    const note = await this.retrying(() => record.read());
    this.recordedNote = note;
    if (note === undefined) return undefined;
    try {
      return { ...this.parseStored(note), note };
    } catch (error) {
      throw new TlogError(
        'LOG_STATE_CORRUPT',
        `${record.where} does not hold a checkpoint of this log: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** Records `checkpoint` as the last this replica saw, before anyone is answered from it. */
  private async keep(checkpoint: PublishedCheckpoint): Promise<void> {
    const record = this.options.record;
    if (record === undefined || checkpoint.note === this.recordedNote) return;
    await this.retrying(() => record.write(checkpoint.note));
    this.recordedNote = checkpoint.note;
  }

  /**
   * Restores `tree`'s right edge at `size` from storage; `withEntries` false leaves out the
   * partial entry bundle (up to 256 entries), which only a tree that will grow needs.
   */
  private async restoreEdge(size: number, tree = this.tree, withEntries = true): Promise<void> {
    const widths = TiledTree.edgeWidths(size);
    const tiles: Buffer[] = [];
    for (const [level, width] of widths.entries()) {
      if (width === 0) continue;
      const index = Math.floor(Math.floor(size / TILE_WIDTH ** level) / TILE_WIDTH);
      tiles[level] = await this.mustRead(tilePath(level, index, width), width * 32);
    }
    const entryWidth = size % TILE_WIDTH;
    let entries: Buffer[] | undefined = withEntries ? [] : undefined;
    if (entryWidth > 0 && withEntries) {
      const path = entriesPath(Math.floor(size / TILE_WIDTH), entryWidth);
      const bundle = decodeBundle(await this.mustRead(path));
      if (bundle === undefined || bundle.length !== entryWidth) {
        throw new TlogError('LOG_STATE_CORRUPT', `entry bundle ${path} is malformed`);
      }
      entries = bundle.map((e) => Buffer.from(e));
    }
    tree.restoreEdge(size, tiles, entries);
  }

  private async mustRead(path: string, length?: number): Promise<Buffer> {
    // Through readObject: a partial tile the holder has since completed is the full tile's prefix.
    const data = await this.readObject(path);
    if (data === undefined || (length !== undefined && data.length !== length)) {
      throw new TlogError('LOG_STATE_CORRUPT', `published object ${path} is missing or truncated`);
    }
    return data;
  }

  /**
   * A checkpoint note read from storage (this log's own), its signature checked with the log's
   * key when the log has it, and its origin.
   */
  private parseStored(note: string): Checkpoint {
    let checkpoint: Checkpoint;
    const verifier = this.options.verifier;
    if (verifier === undefined) {
      checkpoint = parseCheckpointText(note.slice(0, note.indexOf('\n\n') + 1));
    } else {
      try {
        checkpoint = verifyCheckpoint(note, [verifier, ...(this.options.retiredVerifiers ?? [])]);
      } catch (error) {
        throw new TlogError(
          'LOG_STATE_CORRUPT',
          `a stored checkpoint is not signed by this log's key ${verifier.name}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    if (checkpoint.origin !== this.options.origin) {
      throw new TlogError(
        'LOG_ORIGIN_MISMATCH',
        `the log's checkpoints have origin "${checkpoint.origin}" but this server is configured for "${this.options.origin}"; the origin cannot change for an existing log`,
      );
    }
    return checkpoint;
  }

  /**
   * Adds the published entries [from, to) to the duplicate index, from the level-0 tiles: 32
   * bytes read per entry.
   */
  private async indexLeaves(from: number, to: number): Promise<void> {
    for (let tile = Math.floor(from / TILE_WIDTH); tile * TILE_WIDTH < to; tile++) {
      const width = Math.min(TILE_WIDTH, to - tile * TILE_WIDTH);
      const data = await this.mustRead(
        tilePath(0, tile, width === TILE_WIDTH ? undefined : width),
        width * 32,
      );
      for (let i = Math.max(0, from - tile * TILE_WIDTH); i < width; i++)
        this.dedup.add(data.subarray(i * 32, i * 32 + 32), tile * TILE_WIDTH + i);
    }
  }

  /** The index of an already sequenced entry with this leaf hash, if any. */
  private async findSequenced(leafHash: Buffer): Promise<number | undefined> {
    for (const index of this.dedup.candidates(leafHash)) {
      const stored = await this.withTiles((tree) => tree.node(0, index));
      if (stored.equals(leafHash)) return index;
    }
    return undefined;
  }

  /**
   * Runs a tree look-up against the published tree, loading the tiles it turns out to need. The
   * tree is taken once: a recovery may replace it while the tiles load.
   */
  private withTiles<T>(lookup: (tree: TiledTree) => T): Promise<T> {
    const tree = this.tree;
    return loadingTiles(tree, this.published.size, this.read, () => lookup(tree));
  }

  private readonly read = (path: string): Promise<Buffer | undefined> =>
    this.retrying(() => this.storage.read(path));

  /**
   * Runs a storage step, again and again while it fails for want of file descriptors. Only
   * opening a file raises EMFILE, before that file is written, so a retry repeats no append;
   * a publication may rewrite objects, which is harmless (the LogStorage contract).
   */
  private async retrying<T>(step: () => Promise<T>): Promise<T> {
    for (
      let delay = TRANSIENT_RETRY_MIN_MS;
      ;
      delay = Math.min(2 * delay, TRANSIENT_RETRY_MAX_MS)
    ) {
      try {
        return await step();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException | undefined)?.code;
        if (this.closed || code === undefined || !TRANSIENT_STORAGE_ERRORS.has(code)) throw error;
        this.emit({ type: 'storage-busy', error, retryInMs: delay });
        await sleep(delay);
      }
    }
  }

  /**
   * Adds an entry (its canonical bytes). Resolves once it is durable and published; an entry
   * already in the log resolves to its existing index. Every call is answered within
   * `appendTimeoutMs`, whatever the storage does.
   */
  append(entry: Buffer): Promise<AppendResult> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new TlogError(
            'LOG_PUSHBACK',
            `the entry was not published within ${this.tuning.appendTimeoutMs} ms; retry (a resubmitted entry gets its index if it was logged meanwhile)`,
          ),
        );
      }, this.tuning.appendTimeoutMs);
      timer.unref();
    });
    return Promise.race([this.admit(entry), deadline]).finally(() => clearTimeout(timer));
  }

  private async admit(entry: Buffer): Promise<AppendResult> {
    if (this.closed) throw new TlogError('LOG_CLOSED', 'the log is shutting down');
    if (this.failure !== undefined) throw unavailable(this.failure);
    if (entry.length > this.tuning.maxEntryBytes) {
      throw new TlogError(
        'ENTRY_TOO_LARGE',
        `entry is ${entry.length} bytes; the limit is ${this.tuning.maxEntryBytes}`,
      );
    }
    this.ensureRoom();
    const hash = leafHash(entry);
    const key = hash.toString('base64');
    const inFlight = this.inFlight.get(key);
    if (inFlight !== undefined) return this.join(inFlight);
    if (this.dedup.has(hash)) {
      // Only a prefix match needs the tiles; counted as pending meanwhile so pushback holds.
      this.admitting++;
      let existing: number | undefined;
      try {
        existing = await this.findSequenced(hash);
      } finally {
        this.admitting--;
      }
      const checkpoint = this.published;
      if (existing !== undefined && existing < checkpoint.size) {
        const proof = await this.withTiles((tree) =>
          inclusionProof(existing, checkpoint.size, tree),
        );
        return { index: existing, duplicate: true, checkpoint, proof };
      }
      const again = this.inFlight.get(key);
      if (again !== undefined) return this.join(again);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      const waiter: Waiter = {
        entry,
        hash,
        arrivedAt: this.now(),
        index: -1,
        duplicate: false,
        resolve,
        reject,
        duplicates: [],
      };
      this.inFlight.set(key, waiter);
      this.queue.push(waiter);
      this.schedule();
    });
  }

  private join(first: Waiter): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      first.duplicates.push({ ...first, resolve, reject, duplicates: [] });
    });
  }

  private schedule(): void {
    if (this.running !== undefined || this.failure !== undefined) return;
    const now = this.now();
    let due = Infinity;
    const oldest = this.queue[0];
    if (oldest !== undefined) {
      due =
        this.queue.length >= this.tuning.batchMaxSize || this.closed
          ? now
          : oldest.arrivedAt + this.tuning.batchMaxAgeMs;
    }
    if (this.tree.size > this.published.size) {
      due = Math.min(
        due,
        this.closed ? now : this.lastPublishAt + this.tuning.checkpointIntervalMs,
      );
    }
    if (this.shared !== undefined && !this.closed) {
      // The holder reads other replicas' batches, a follower the stored checkpoint.
      due = Math.min(
        due,
        this.roleChange !== undefined ? now : this.lastPullAt + this.replica.followIntervalMs,
      );
    }
    if (due === Infinity) return;
    if (this.timer !== undefined) {
      if (this.timerDue <= due) return;
      clearTimeout(this.timer);
    }
    this.timerDue = due;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.startCycle();
      },
      Math.max(0, due - now),
    );
  }

  /**
   * Starts a cycle, or joins the one already running: the write path is strictly sequential.
   * Two cycles at once would sequence two batches at the same first index and race two
   * publications (close() used to run its own cycles beside the timer's).
   */
  private startCycle(): Promise<void> {
    this.running ??= this.cycle().finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  /** One turn of the write path: sequence a due batch durably, publish a due checkpoint. */
  private async cycle(): Promise<void> {
    try {
      if (this.roleChange !== undefined) await this.changeRole();
      const now = this.now();
      const oldest = this.queue[0];
      if (
        oldest !== undefined &&
        (this.closed ||
          this.queue.length >= this.tuning.batchMaxSize ||
          now - oldest.arrivedAt >= this.tuning.batchMaxAgeMs)
      ) {
        const batch = this.queue.splice(0, this.tuning.batchMaxSize);
        this.sequencing = batch;
        const entries = batch.map((waiter) => waiter.entry);
        const hashes = batch.map((waiter) => waiter.hash);
        const assigned = await this.retrying(() => this.storage.sequence({ entries, hashes }));
        await this.accept(batch, assigned);
        this.unpublished.push(...batch);
        this.sequencing = [];
        // Entries storage already held may be published already: their writers need no checkpoint.
        await this.answerCovered();
      }
      if (
        this.shared !== undefined &&
        (this.closed || this.now() - this.lastPullAt >= this.replica.followIntervalMs)
      ) {
        this.lastPullAt = this.now();
        if (this.holding) await this.pull(this.shared, this.tuning.maxPending);
        else await this.follow();
      }
      if (
        this.holding &&
        this.tree.size > this.published.size &&
        (this.closed || this.now() - this.lastPublishAt >= this.tuning.checkpointIntervalMs)
      ) {
        if (this.leaseExpired()) {
          // Another replica may hold the lease by now: publishing could fork the log.
          this.roleChange = 'lose';
          return;
        }
        await this.publish();
        this.recoveryAttempts = 0;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Takes storage's indices for a sequenced batch; the holder integrates its new entries. On
   * storage of one writer they continue the tree exactly. On shared storage other replicas'
   * batches may lie between the tree and the batch: the holder reads them first.
   */
  private async accept(batch: Waiter[], { firstIndex, indices }: Assignment): Promise<void> {
    while (this.shared !== undefined && this.holding && firstIndex > this.tree.size) {
      const before = this.tree.size;
      await this.pull(this.shared, firstIndex - before);
      if (this.tree.size === before) break; // storage lost them: refused below
    }
    if (
      indices.length !== batch.length ||
      (this.holding ? firstIndex !== this.tree.size : firstIndex < this.published.size)
    ) {
      throw new TlogError(
        'LOG_STATE_CORRUPT',
        `storage sequenced a batch of ${batch.length} at index ${firstIndex} (${indices.length} indices) but the log's tree ends at ${this.tree.size}: another writer sequenced into this log`,
      );
    }
    const fresh: Waiter[] = [];
    for (const [i, waiter] of batch.entries()) {
      const index = indices[i] as number;
      const expected = firstIndex + fresh.length;
      if (
        !Number.isSafeInteger(index) ||
        index < 0 ||
        (index >= firstIndex && index !== expected)
      ) {
        throw new TlogError(
          'LOG_STATE_CORRUPT',
          `storage assigned entry ${i} of a batch index ${index}; expected ${expected} or an existing index below ${firstIndex}`,
        );
      }
      waiter.index = index;
      if (index === expected) fresh.push(waiter);
      else waiter.duplicate = true;
    }
    if (!this.holding) return;
    this.integrate(
      fresh.map((waiter) => waiter.entry),
      fresh.map((waiter) => waiter.hash),
    );
  }

  /** The holder integrates what other replicas sequenced beyond its tree, up to `limit` entries. */
  private async pull(shared: SharedLogStorage, limit: number): Promise<void> {
    const batches = await shared.readSequenced(this.tree.size, limit);
    this.replay(batches);
  }

  /**
   * A follower takes the stored checkpoint if it extends the one it serves: same origin, no
   * smaller, and the old root recomputed from the new tiles. Then it answers the writers the
   * checkpoint covers. Anything else is a fork or a rolled-back store, and stops the log.
   */
  private async follow(): Promise<void> {
    const stored = await this.read('checkpoint');
    if (stored === undefined) return;
    const note = stored.toString('utf8');
    if (note === this.published.note) return;
    const checkpoint = this.parseStored(note);
    const previous = this.published;
    if (checkpoint.size < previous.size) throw olderThan(checkpoint.size, previous, FOLLOWED);
    const tree = new TiledTree(new NodeMemo(CHECK_MEMO_SLOTS));
    // A follower's tree never grows (taking the lease rebuilds the log as a start does), so the
    // partial entry bundle, read again on every poll, is left out.
    await this.restoreEdge(checkpoint.size, tree, false);
    const [root, oldRoot] = await loadingTiles(tree, checkpoint.size, this.read, () => [
      rootHash(checkpoint.size, tree),
      rootHash(previous.size, tree),
    ]);
    if (!root.equals(checkpoint.rootHash) || !oldRoot.equals(previous.rootHash)) {
      throw forkedFrom(previous, FOLLOWED);
    }
    const verified = { ...checkpoint, note };
    await this.keep(verified);
    tree.inherit(this.tree);
    this.tree = tree;
    this.published = verified;
    await this.indexLeaves(previous.size, checkpoint.size);
    await this.answerCovered();
  }

  /** Whether the holder's last renewal is a TTL old: the store may have given the lease away. */
  private leaseExpired(): boolean {
    return this.shared !== undefined && this.now() - this.leaseRenewedAt >= this.replica.leaseTtlMs;
  }

  /**
   * Renews the lease (holder) or tries to take it (follower) every `leaseRenewMs`; a change of
   * role is applied by the next cycle, between two writes.
   */
  private watchLease(): void {
    const shared = this.shared;
    if (shared === undefined) return;
    const tick = async (): Promise<void> => {
      if (this.closed) return;
      if (this.failure === undefined) {
        const startedAt = this.now();
        try {
          const held = await shared.lease(this.replica.id, this.replica.leaseTtlMs);
          if (held && this.holding) this.leaseRenewedAt = startedAt;
          else if (held !== this.holding) this.roleChange = held ? 'take' : 'lose';
        } catch (error) {
          // Not renewed: the holder goes on until its TTL runs out (leaseExpired), no longer.
          this.emit({ type: 'lease-lost', error });
        }
        if (this.closed) return;
        if (this.roleChange !== undefined || this.leaseExpired()) this.kick();
      }
      schedule();
    };
    const schedule = (): void => {
      this.leaseTimer = setTimeout(() => {
        this.leaseTick = tick();
      }, this.replica.leaseRenewMs);
      this.leaseTimer.unref();
    };
    schedule();
  }

  /** Runs a cycle as soon as the one in flight, if any, is done. */
  private kick(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running === undefined) void this.startCycle();
  }

  /**
   * Applies a lease change: the state is rebuilt from storage as a start would (a new holder
   * integrates every sequenced batch and publishes; a former holder drops what it had not
   * published and follows). Writers already sequenced keep waiting for a checkpoint.
   */
  private async changeRole(): Promise<void> {
    const change = this.roleChange;
    this.roleChange = undefined;
    if (change === 'lose') this.holding = false;
    const fresh = new TransparencyLog(this.options);
    fresh.listeners.push(...this.listeners);
    await fresh.recover(this.published);
    this.adopt(fresh);
    this.emit(
      this.holding ? { type: 'lease-taken', size: this.published.size } : { type: 'lease-lost' },
    );
    await this.answerCovered();
  }

  /** Takes over the durable-state part of a freshly recovered log: tree, index, checkpoint, role. */
  private adopt(fresh: TransparencyLog): void {
    this.tree = fresh.tree;
    this.dedup = fresh.dedup;
    this.published = fresh.published;
    this.recordedNote = fresh.recordedNote;
    this.lastPublishAt = fresh.lastPublishAt;
    this.holding = fresh.holding;
    this.leaseRenewedAt = fresh.leaseRenewedAt;
    this.lastPullAt = -Infinity;
  }

  private integrate(entries: Buffer[], hashes: Buffer[]): void {
    const first = this.tree.size;
    this.tree.append(entries, hashes);
    hashes.forEach((hash, i) => this.dedup.add(hash, first + i));
  }

  private async publish(): Promise<void> {
    // The interval runs from the start of a publication, so the time its fsyncs take is not
    // added to every writer's wait.
    const startedAt = this.now();
    const size = this.tree.size;
    const root = await loadingTiles(this.tree, size, this.read, () => rootHash(size, this.tree));
    const checkpoint = this.sign(size, root);
    const objects = this.tree.takeDirty();
    await this.retrying(() => this.storage.publish(objects, checkpoint.note, size));
    await this.keep(checkpoint);
    this.published = checkpoint;
    this.lastPublishAt = startedAt;
    await this.answerCovered();
  }

  private sign(size: number, root: Buffer): PublishedCheckpoint {
    const checkpoint: Checkpoint = {
      origin: this.options.origin,
      size,
      rootHash: root,
      extensions: [],
    };
    return { ...checkpoint, note: signCheckpoint(checkpoint, [this.options.signer]) };
  }

  /** Answers every sequenced writer whose entry the published checkpoint covers. */
  private async answerCovered(): Promise<void> {
    const checkpoint = this.published;
    const covered = this.unpublished.filter((waiter) => waiter.index < checkpoint.size);
    if (covered.length === 0) return;
    this.unpublished = this.unpublished.filter((waiter) => waiter.index >= checkpoint.size);
    for (const waiter of covered) this.inFlight.delete(waiter.hash.toString('base64'));
    let proofs: Buffer[][];
    try {
      // One look-up for the whole batch: the proofs share the tree's incomplete border nodes.
      proofs = await this.withTiles((tree) =>
        inclusionProofs(
          covered.map((waiter) => waiter.index),
          checkpoint.size,
          tree,
        ),
      );
    } catch (error) {
      for (const waiter of covered) {
        waiter.reject(error);
        for (const twin of waiter.duplicates) twin.reject(error);
      }
      return;
    }
    covered.forEach((waiter, i) => {
      const proof = proofs[i] as Buffer[];
      const result = { index: waiter.index, duplicate: waiter.duplicate, checkpoint, proof };
      waiter.resolve(result);
      for (const twin of waiter.duplicates) twin.resolve({ ...result, duplicate: true });
    });
  }

  /**
   * Storage failed mid-write: the engine no longer knows what is durable, so it stops taking
   * entries, fails every waiter, and recovers from durable state later. Nothing acknowledged is
   * at risk.
   */
  private fail(error: unknown): void {
    this.failure = error;
    this.stoppedAt = this.now();
    this.rejectAll(unavailable(error));
    this.emit({ type: 'stopped', error });
    this.scheduleRecovery();
  }

  private rejectAll(reason: unknown): void {
    const waiting = [...this.sequencing, ...this.queue, ...this.unpublished];
    this.sequencing = [];
    this.queue = [];
    this.unpublished = [];
    this.inFlight.clear();
    for (const waiter of waiting) {
      waiter.reject(reason);
      for (const twin of waiter.duplicates) twin.reject(reason);
    }
  }

  private get recoveryDelay(): number {
    return Math.min(
      this.tuning.recoveryMaxDelayMs,
      this.tuning.recoveryDelayMs * 2 ** this.recoveryAttempts,
    );
  }

  private scheduleRecovery(): void {
    if (this.closed) return;
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = undefined;
      this.recovering = this.resume().finally(() => (this.recovering = undefined));
    }, this.recoveryDelay);
    this.recoveryTimer.unref();
  }

  /**
   * Runs start-up recovery again, into a fresh tree (readers keep the old one meanwhile), and
   * takes entries again once it succeeds: the stopped log resumes exactly as a restart would.
   */
  private async resume(): Promise<void> {
    const attempt = ++this.recoveryAttempts;
    try {
      const fresh = new TransparencyLog(this.options);
      fresh.listeners.push(...this.listeners); // its retries are this log's
      await fresh.recover(this.published);
      this.adopt(fresh);
      this.failure = undefined;
      this.emit({
        type: 'recovered',
        size: this.published.size,
        attempts: attempt,
        stoppedMs: this.now() - this.stoppedAt,
      });
      this.schedule();
    } catch (error) {
      this.emit({ type: 'recovery-failed', error, attempt, retryInMs: this.recoveryDelay });
      this.scheduleRecovery();
    }
  }

  /** Calls `listener` with every LogEvent from now on. */
  watch(listener: (event: LogEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(event: LogEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Why the log stopped accepting entries, if it did. */
  get failed(): unknown {
    return this.failure;
  }

  /** Audit path for `index` against the published tree of `size` (default: the latest). */
  proveInclusion(index: number, size = this.published.size): Promise<Buffer[]> {
    this.checkSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new TlogError('LOG_INDEX_INVALID', `index ${index} is not in a tree of size ${size}`);
    }
    return this.withTiles((tree) => inclusionProof(index, size, tree));
  }

  /** The root hash of the published tree of `size` (a consistency proof's second root). */
  rootAt(size: number): Promise<Buffer> {
    this.checkSize(size);
    return this.withTiles((tree) => rootHash(size, tree));
  }

  /** The index of a published entry with this leaf hash, if any (Rekor v1 finds entries so). */
  async findPublished(hash: Buffer): Promise<number | undefined> {
    const { size } = this.published;
    for (const index of this.dedup.candidates(hash)) {
      if (index >= size) continue;
      const stored = await this.withTiles((tree) => tree.node(0, index));
      if (stored.equals(hash)) return index;
    }
    return undefined;
  }

  /** Consistency proof between two published tree sizes. */
  proveConsistency(size1: number, size2 = this.published.size): Promise<Buffer[]> {
    this.checkSize(size2);
    if (!Number.isSafeInteger(size1) || size1 < 1 || size1 > size2) {
      throw new TlogError(
        'LOG_INDEX_INVALID',
        `cannot prove consistency from size ${size1} to ${size2}`,
      );
    }
    return this.withTiles((tree) => consistencyProof(size1, size2, tree));
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.published.size) {
      throw new TlogError(
        'LOG_INDEX_INVALID',
        `tree size ${size} is beyond the published size ${this.published.size}`,
      );
    }
  }

  /**
   * A published object by tlog-tiles path (`checkpoint`, `tile/...`). A partial tile that was
   * garbage-collected after its full tile appeared is served as the full tile's prefix, which is
   * exactly what it contained.
   */
  async readObject(path: string): Promise<Buffer | undefined> {
    if (path === 'checkpoint') return Buffer.from(this.published.note, 'utf8');
    const tile = parseTilePath(path);
    const stored = await this.storage.read(path);
    if (stored !== undefined || tile.width === TILE_WIDTH) return stored;
    const full = await this.storage.read(
      tile.kind === 'entries' ? entriesPath(tile.index) : tilePath(tile.level, tile.index),
    );
    if (full === undefined) return undefined;
    if (tile.kind === 'hash') return full.subarray(0, tile.width * 32);
    const entries = decodeBundle(full);
    return entries === undefined ? undefined : encodeBundle(entries.slice(0, tile.width));
  }

  /** Stops taking entries, finishes every batch in flight, publishes, and closes storage. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.recoveryTimer);
    clearTimeout(this.leaseTimer);
    await this.leaseTick;
    await this.recovering;
    const giveUpAt = this.now() + this.tuning.appendTimeoutMs;
    while (this.failure === undefined && (this.running !== undefined || this.pending > 0)) {
      if (this.running === undefined && this.queue.length + this.unpublished.length === 0) {
        // Only duplicate look-ups are pending: yield to the event loop so their tile reads can
        // finish (an empty cycle resolves in a microtask, and looping on it would spin forever).
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else if (!this.holding && this.queue.length === 0) {
        // A follower's sequenced writers wait for the holder's next checkpoint, but no longer
        // than a writer would: their entries are logged, a resubmission gets their index.
        if (this.now() >= giveUpAt) {
          this.rejectAll(new TlogError('LOG_CLOSED', 'the log is shutting down'));
          break;
        }
        await sleep(this.replica.followIntervalMs);
        await this.startCycle();
      } else {
        await this.startCycle();
      }
    }
    await this.storage.close();
  }
}

/** How a follower names the checkpoint it served last, in its refusals. */
const FOLLOWED = 'one this replica saw';

/** A stored tree of `size` smaller than `previous`, the checkpoint `seen` names. */
const olderThan = (size: number, previous: Checkpoint, seen: string): TlogError =>
  new TlogError(
    'LOG_STATE_CORRUPT',
    `the stored checkpoint (size ${size}) is older than ${seen} (size ${previous.size}): storage lost published entries or was restored from an old backup`,
  );

/** A stored tree whose root at `previous`'s size is not `previous`'s. */
const forkedFrom = (previous: Checkpoint, seen: string): TlogError =>
  new TlogError(
    'LOG_STATE_CORRUPT',
    `the stored tree does not extend ${seen} (size ${previous.size}): the log forked`,
  );
