import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/core/merkle.js';
import { TlogError } from '../../src/tlog/error.js';
import type { AppendResult, TransparencyLog } from '../../src/tlog/log.js';
import { type Events, answer } from './log-events.js';

/**
 * Load on a log engine and the check after it: writers that keep every acknowledgement, and
 * the check that nothing acknowledged was lost
 * (test/tlog/storage-failure.test.ts, test/storage/postgres-crash.test.ts).
 */

export const entry = (i: number): Buffer =>
  Buffer.from(`entry ${i} ${randomBytes(8).toString('hex')}`);

export const isLogError = (reason: unknown, code: TlogError['code']): boolean =>
  reason instanceof TlogError && reason.code === code;

/** Writers appending fresh entries in a loop, keeping every acknowledgement. */
export class Writers {
  readonly acknowledged: { entry: Buffer; result: AppendResult }[] = [];
  refused = 0;
  /** The codes of the refusals, as a server would map them to its answers. */
  readonly refusedWith = new Set<TlogError['code']>();
  private running = true;
  private readonly loops: Promise<void>[];
  private progress: (() => void) | undefined;
  private made = 0;

  constructor(
    private readonly log: TransparencyLog,
    private readonly events: Events,
    count: number,
    /** The answers that refuse an entry without acknowledging it, which the writers expect. */
    private readonly refusals: readonly TlogError['code'][] = ['LOG_UNAVAILABLE'],
  ) {
    this.loops = Array.from({ length: count }, () => this.loop());
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const e = entry(this.made++);
      try {
        this.acknowledged.push({ entry: e, result: await this.log.append(e) });
        this.progress?.();
      } catch (error) {
        if (!this.refusals.some((code) => isLogError(error, code))) throw error;
        this.refused++;
        this.refusedWith.add((error as TlogError).code);
        // Stopped: wait for the log to say it is back rather than spin on refusals.
        if (this.log.failed !== undefined) await this.events.next('recovered');
      }
    }
  }

  /** Resolves once `more` further entries have been acknowledged. */
  async acknowledge(more: number): Promise<void> {
    const target = this.acknowledged.length + more;
    const enough = new Promise<void>((resolve) => {
      this.progress = () => {
        if (this.acknowledged.length >= target) resolve();
      };
    });
    const outcome = await answer(enough, `waiting for ${more} acknowledged entries`);
    if (outcome.status === 'rejected') throw outcome.reason;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

/**
 * Every acknowledged entry is at its index with a valid proof against the log's checkpoint now,
 * and every checkpoint a writer was shown is consistent with it: nothing lost, no fork.
 */
export async function checkNothingLost(
  log: TransparencyLog,
  acknowledged: readonly { entry: Buffer; result: AppendResult }[],
): Promise<void> {
  const now = log.checkpoint;
  const indices = new Set<number>();
  const shown = new Map<number, Buffer>();
  for (const { entry: e, result } of acknowledged) {
    assert.ok(!indices.has(result.index), `index ${result.index} was acknowledged twice`);
    indices.add(result.index);
    const proof = await log.proveInclusion(result.index);
    verifyInclusion(result.index, now.size, leafHash(e), proof, now.rootHash);
    shown.set(result.checkpoint.size, result.checkpoint.rootHash);
  }
  for (const [size, root] of shown) {
    if (size === now.size) assert.deepEqual(root, now.rootHash);
    else verifyConsistency(size, now.size, root, now.rootHash, await log.proveConsistency(size));
  }
}
