import { type KeyObject, createPublicKey } from 'node:crypto';
import { noteSigner, noteVerifier } from '../../core/note.js';
import { spkiOf } from '../../core/x509.js';
import {
  type LogTuning,
  type PublishedCheckpoint,
  type ReplicaOptions,
  TransparencyLog,
} from '../log.js';
import type { CheckpointRecord, LogStorage } from '../storage.js';
import { TILE_WIDTH, entriesPath } from '../tiles.js';
import { decodeBundle } from '../tree.js';
import { TlogError } from '../error.js';
import {
  type LogEntryAnon,
  type V1LogIdentity,
  checkpointOrigin,
  entryIdOf,
  isTreeId,
  leafHashOfId,
  logEntry,
  logIdOf,
  uuidOf,
} from './entry.js';
import { type IntegrationTimes, integrationTimes } from './integrated-time.js';
import { RekorV1Error, type V1Kinds, canonicalizerFor, proposedEntry } from './kinds.js';
import { V1SearchIndex, type V1SearchQuery, indexKeysOfBody } from './search.js';

/**
 * A Rekor v1 log (one tree) on the durable tiled engine: entries are checked by their kind's
 * canonicalizer, appended, and answered only once durable and covered by a signed checkpoint;
 * every answer carries the SET and an inclusion proof against the latest checkpoint.
 */

export interface RekorV1LogOptions extends Partial<LogTuning> {
  /** The checkpoint signer's name and the origin's host: the public URL's hostname. */
  host: string;
  /** A positive int64 in decimal, fixed when the instance is created. */
  treeId: string;
  /** The log's ECDSA P-256 private key: signs checkpoints and SETs. */
  key: KeyObject;
  storage: LogStorage;
  /** This replica's record of the last checkpoint it saw (see LogOptions.record). */
  record?: CheckpointRecord;
  kinds: V1Kinds;
  /** Lease and follower settings, for storage shared by several replicas. */
  replica?: ReplicaOptions;
  /** Public keys `rotate` retired from this log (see LogOptions.retiredVerifiers). */
  retiredKeys?: readonly KeyObject[];
  now?: () => number;
}

/** GET /api/v1/log: upstream's LogInfo. */
export interface V1LogInfo {
  rootHash: string;
  treeSize: number;
  signedTreeHead: string;
  treeID: string;
  inactiveShards: never[];
}

export type V1Answer = Record<string, LogEntryAnon>;

export interface V1AddResult {
  /** The entry ID (tree ID and UUID), which the entry's URL ends with. */
  entryId: string;
  /** Set for a new entry; a duplicate is answered 409 with the existing entry's location only. */
  entry?: V1Answer;
}

export class RekorV1Log {
  private readonly index = new V1SearchIndex();
  /** How many entries, from index 0, the search index holds. */
  private indexedSize = 0;
  private indexing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly log: TransparencyLog,
    private readonly times: IntegrationTimes,
    readonly identity: V1LogIdentity,
    private readonly kinds: V1Kinds,
  ) {}

  static async open(options: RekorV1LogOptions): Promise<RekorV1Log> {
    const { host, treeId, key, storage, kinds, retiredKeys = [], ...tuning } = options;
    if (!isTreeId(treeId)) {
      throw new TlogError(
        'LOG_CONFIG_INVALID',
        `Rekor v1 tree ID must be a positive int64 in decimal, got ${JSON.stringify(treeId)}`,
      );
    }
    const publicKey = createPublicKey(key);
    if (publicKey.asymmetricKeyType !== 'ec') {
      throw new TlogError('LOG_CONFIG_INVALID', 'the Rekor v1 log key must be an ECDSA key');
    }
    const now = options.now;
    const times = integrationTimes(
      storage,
      now === undefined ? undefined : () => Math.floor(now() / 1000),
    );
    const log = await TransparencyLog.open({
      ...tuning,
      origin: checkpointOrigin(host, treeId),
      // Rekor v1 notes name the host and carry SHA-256(SPKI)'s first bytes as key hint, which
      // is what noteSigner does for ECDSA keys.
      signer: noteSigner(host, key),
      verifier: noteVerifier(host, publicKey),
      retiredVerifiers: retiredKeys.map((retired) => noteVerifier(host, retired)),
      storage: times,
    });
    const identity = { treeId, logId: logIdOf(spkiOf(publicKey)), key };
    const v1 = new RekorV1Log(log, times, identity, kinds);
    try {
      // The search index is a function of the log: rebuilt here, it survives restarts.
      await v1.catchUpIndex();
    } catch (error) {
      await log.close();
      throw error;
    }
    return v1;
  }

  get engine(): TransparencyLog {
    return this.log;
  }

  /**
   * Checks and logs a ProposedEntry. Resolves once the entry is durable and covered by a
   * signed checkpoint; a duplicate resolves with the existing entry's ID and no entry.
   */
  async add(body: unknown): Promise<V1AddResult> {
    const proposed = proposedEntry(body);
    const canonical = await canonicalizerFor(this.kinds, proposed)(proposed.spec);
    const result = await this.log.append(canonical.body);
    const entryId = entryIdOf(this.identity.treeId, uuidOf(canonical.body));
    if (result.duplicate) return { entryId };
    const entry = logEntry(this.identity, {
      body: canonical.body,
      index: result.index,
      integratedTime: await this.times.timeOf(result.index, result.checkpoint.size),
      checkpoint: result.checkpoint,
      proof: result.proof,
    });
    return { entryId, entry };
  }

  /** The entry at a log index, or ENTRY_NOT_FOUND. */
  async byIndex(index: number): Promise<V1Answer> {
    const checkpoint = this.log.checkpoint;
    if (!Number.isSafeInteger(index) || index < 0 || index >= checkpoint.size) {
      throw new RekorV1Error(
        'ENTRY_NOT_FOUND',
        `no entry at log index ${index}; the log has ${checkpoint.size} entries`,
      );
    }
    return this.answer(index, checkpoint);
  }

  /** The entry a UUID or entry ID names, or ENTRY_NOT_FOUND. */
  async byId(id: string): Promise<V1Answer> {
    const checkpoint = this.log.checkpoint;
    const index = await this.log.findPublished(leafHashOfId(id, this.identity.treeId));
    if (index === undefined || index >= checkpoint.size) {
      throw new RekorV1Error('ENTRY_NOT_FOUND', `no entry with UUID or entry ID ${id}`);
    }
    return this.answer(index, checkpoint);
  }

  /** The entry an equal ProposedEntry would be, if logged (search by entry). */
  async byProposedEntry(body: unknown): Promise<V1Answer | undefined> {
    const proposed = proposedEntry(body);
    const canonical = await canonicalizerFor(this.kinds, proposed)(proposed.spec);
    try {
      return await this.byId(uuidOf(canonical.body));
    } catch (error) {
      if (error instanceof RekorV1Error && error.code === 'ENTRY_NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** The logged body at a published index. */
  async body(index: number): Promise<Buffer> {
    const body = (await this.bundle(Math.floor(index / TILE_WIDTH), this.log.checkpoint.size))[
      index % TILE_WIDTH
    ];
    if (body === undefined) {
      throw new TlogError('LOG_STATE_CORRUPT', `the entry bundle holding ${index} is unreadable`);
    }
    return body;
  }

  /** The bodies of entry tile `tile` as the tree of `size` entries has it. */
  private async bundle(tile: number, size: number): Promise<Buffer[]> {
    const width = Math.min(TILE_WIDTH, size - tile * TILE_WIDTH);
    const bundle = await this.log.readObject(
      entriesPath(tile, width === TILE_WIDTH ? undefined : width),
    );
    const bodies = bundle && decodeBundle(bundle);
    if (bodies === undefined || bodies.length < width) {
      throw new TlogError('LOG_STATE_CORRUPT', `entry bundle ${tile} is unreadable`);
    }
    return bodies;
  }

  /** The IDs of the published entries an index/retrieve query matches. */
  async search(query: V1SearchQuery): Promise<string[]> {
    await this.catchUpIndex();
    return this.index.search(query);
  }

  /**
   * Indexes the entries published since the last call, read back from storage: the index
   * holds durable entries only, whoever appended them, and start-up rebuilds it the same way.
   * Calls run one after another, so no entry is indexed twice.
   */
  catchUpIndex(): Promise<void> {
    const run = this.indexing
      .catch(() => undefined)
      .then(() => this.indexUpTo(this.log.checkpoint.size));
    this.indexing = run;
    return run;
  }

  private async indexUpTo(size: number): Promise<void> {
    while (this.indexedSize < size) {
      const tile = Math.floor(this.indexedSize / TILE_WIDTH);
      const bodies = await this.bundle(tile, size);
      const end = Math.min(size, (tile + 1) * TILE_WIDTH);
      for (let index = this.indexedSize; index < end; index++) {
        const body = bodies[index % TILE_WIDTH] as Buffer;
        this.index.add(indexKeysOfBody(body), entryIdOf(this.identity.treeId, uuidOf(body)));
      }
      this.indexedSize = end;
    }
  }

  private async answer(index: number, checkpoint: PublishedCheckpoint): Promise<V1Answer> {
    const [body, proof, integratedTime] = await Promise.all([
      this.body(index),
      this.log.proveInclusion(index, checkpoint.size),
      this.times.timeOf(index, checkpoint.size),
    ]);
    return logEntry(this.identity, { body, index, integratedTime, checkpoint, proof });
  }

  info(): V1LogInfo {
    const checkpoint = this.log.checkpoint;
    return {
      rootHash: checkpoint.rootHash.toString('hex'),
      treeSize: checkpoint.size,
      signedTreeHead: checkpoint.note,
      treeID: this.identity.treeId,
      inactiveShards: [],
    };
  }

  /** GET /api/v1/log/proof: upstream's ConsistencyProof between two tree sizes. */
  async consistency(
    firstSize: number,
    lastSize: number,
  ): Promise<{ rootHash: string; hashes: string[] }> {
    const size = this.log.checkpoint.size;
    if (firstSize > lastSize) {
      throw new RekorV1Error(
        'QUERY_INVALID',
        `firstSize(${firstSize}) must be less than lastSize(${lastSize})`,
      );
    }
    if (lastSize > size) {
      throw new RekorV1Error(
        'QUERY_INVALID',
        `the tree size requested(${lastSize}) was greater than what is currently observable(${size})`,
      );
    }
    const [root, hashes] = await Promise.all([
      this.log.rootAt(lastSize),
      this.log.proveConsistency(firstSize, lastSize),
    ]);
    return { rootHash: root.toString('hex'), hashes: hashes.map((hash) => hash.toString('hex')) };
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
