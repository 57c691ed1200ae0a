/**
 * The seam between the log engine and where its bytes live: durable sequencing, atomic
 * publication, reads of published objects, recovery. The one driver is a data directory
 * (server/storage/posix-log.ts); another store would implement the same four steps.
 * Storage, not the engine, assigns indices: a store shared by several replicas is where their
 * batches meet (docs/architecture.md, "Several replicas").
 */

/** A batch that was durably sequenced: its entries occupy [firstIndex, firstIndex + entries.length). */
export interface SequencedBatch {
  firstIndex: number;
  entries: Buffer[];
}

/** A batch handed to `sequence`: entries and their RFC 6962 leaf hashes, in arrival order. */
export interface NewBatch {
  entries: readonly Buffer[];
  hashes: readonly Buffer[];
}

/** The indices storage assigned to a batch. */
export interface Assignment {
  /**
   * The first index given to a new entry: new entries hold [firstIndex, firstIndex + n) in batch
   * order. When every entry was a duplicate, the index the next new entry would get.
   */
  firstIndex: number;
  /**
   * Each entry's index, in batch order: a new entry's from `firstIndex` on, or, for an entry whose
   * leaf hash storage already holds, that entry's index (below `firstIndex`).
   */
  indices: number[];
}

export interface RecoveredState {
  /** The last published checkpoint note, or undefined for a log that never published one. */
  checkpoint: string | undefined;
  /** Every durably sequenced batch, in index order, that the published checkpoint may not cover. */
  journal: SequencedBatch[];
}

export interface LogStorage {
  /**
   * The durable state after a start or a crash. Called before anything else, and again after a
   * failed write: it then sets aside whatever the failed step left in flight (an open journal
   * segment, a torn record) and answers from what is durable.
   */
  recover(): Promise<RecoveredState>;

  /**
   * Assigns the batch its indices and makes it durable at them before it is integrated. Once
   * this resolves, a crash cannot lose the batch: recovery returns it and the engine
   * re-integrates it at the same indices. A batch is sequenced whole or not at all.
   */
  sequence(batch: NewBatch): Promise<Assignment>;

  /**
   * Makes `objects` (tiles and entry bundles, keyed by tlog-tiles path) durable, then atomically
   * replaces the checkpoint. Objects at a path never change content once a checkpoint covers them,
   * so rewriting one after a crash is harmless. After this resolves, batches below `size` may be
   * dropped from the journal.
   */
  publish(objects: ReadonlyMap<string, Buffer>, checkpoint: string, size: number): Promise<void>;

  /** A published object (`checkpoint`, `tile/...`) by path, or undefined if absent. */
  read(path: string): Promise<Buffer | undefined>;

  close(): Promise<void>;
}

/**
 * What a store shared by several replicas adds (docs/architecture.md, "Several replicas"). A
 * driver without it (posix) has one writer, which always integrates and publishes.
 */
export interface SharedLogStorage extends LogStorage {
  /**
   * Takes the integration lease for `holder`, or renews it, for `ttlMs` by the store's clock:
   * true while `holder` holds it, false while another replica's lease has not expired. Only the
   * holder may publish: `publish` re-checks the lease in the same transaction and fails when it
   * is no longer this replica's (fencing), and refuses a checkpoint smaller than the stored one.
   */
  lease(holder: string, ttlMs: number): Promise<boolean>;

  /** Batches sequenced by any replica from index `from` on, at most `limit` entries, in order. */
  readSequenced(from: number, limit: number): Promise<SequencedBatch[]>;
}

export function isShared(storage: LogStorage): storage is SharedLogStorage {
  return 'lease' in storage && 'readSequenced' in storage;
}

/**
 * A replica's own record of the last checkpoint of a log it saw (published as the holder, or
 * verified as a follower), kept apart from the log's storage: storage restored from an old
 * backup, or rolled back, cannot take the record back with it, and the engine refuses a stored
 * tree that does not extend it (docs/architecture.md, "Several replicas", Anti-fork).
 */
export interface CheckpointRecord {
  /** Where the record is, for messages (a file path). */
  readonly where: string;
  /** The recorded checkpoint note, or undefined if this replica never recorded one. */
  read(): Promise<string | undefined>;
  /** Replaces the recorded note durably and atomically: a crash leaves the old note or the new. */
  write(note: string): Promise<void>;
}
