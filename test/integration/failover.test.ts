import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it, type TestContext } from 'node:test';
import { CrashState, verifyLog } from '../helpers/crash.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { seededRandom } from '../helpers/random.js';
import {
  CERT_WRITERS,
  EVENT_BOUND_MS,
  LOG_WRITERS,
  Load,
  finalChecks,
} from '../helpers/replica-load.js';
import { type Replica, ReplicaSet, replicaTestConfig } from '../helpers/replicas.js';
import { missingPostgres } from '../helpers/tools.js';

/**
 * Failover without loss (issue 15): three `signet-server serve --storage postgres://…`
 * processes on loopback share one database, 64 writers spread over them append Rekor v2
 * entries and ask for certificates (each certificate's precertificate goes to the shared CT
 * log), and a random replica is SIGKILLed at a random moment, 20 times, the tlog lease holder
 * in some cycles, each restarted and waited for until ready. Afterwards every replica serves
 * the same checkpoint, every acknowledged entry is at its index with an inclusion proof against
 * it, every checkpoint any client saw is consistent with it, no entry appears twice, and every
 * certificate issued has its entry in the CT log. Checked as an independent monitor would, from
 * what the replicas serve. The choices come from a seed it prints (SIGNET_FAILOVER_SEED).
 */

const REPLICAS = 3;
const CYCLES = 20;
/** New entries acknowledged before each kill: uniformly random in this range. */
const ACKS_BEFORE_KILL: [number, number] = [8, 64];
/** ...and while the victim is down, before its restart (0: restarted at once). */
const ACKS_WHILE_DOWN: [number, number] = [0, 32];
/** Share of cycles whose victim is the tlog lease holder, as /readyz names it. */
const HOLDER_SHARE = 0.4;
/**
 * Share of restarts under the replica's own name (a container restarted in its pod takes its
 * lease back at once); the others come back under a new name (a new pod), so that when the
 * holder died another replica must wait for its lease to expire.
 */
const SAME_NAME_SHARE = 0.5;
const TEST_TIMEOUT_MS = 290_000;

describe('failover of three replicas on PostgreSQL', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  let issuer: TestIssuer;
  let set: ReplicaSet | undefined;
  before(async () => {
    cluster = await startPostgres();
    issuer = await startTestIssuer();
  });
  after(async () => {
    await set?.dispose();
    await issuer?.close();
    await cluster?.stop();
  });

  it(
    `loses no acknowledged entry or certificate and never forks across ${CYCLES} SIGKILLs of random replicas under ${LOG_WRITERS + CERT_WRITERS} writers`,
    { timeout: TEST_TIMEOUT_MS },
    async (t: TestContext) => {
      const began = Date.now();
      const random = seededRandom(t, 'SIGNET_FAILOVER_SEED');
      set = await ReplicaSet.create({
        count: REPLICAS,
        database: await cluster.database(),
        config: replicaTestConfig(issuer.url),
      });
      const replicas = set;
      for (const replica of replicas.replicas) await replicas.start(replica.index, name(replica));
      const state = new CrashState(random);
      await verifyLog(
        state,
        serverOf(replicas.replicas[0]),
        replicas.replicas[0]!.agent,
        'at start',
      );

      const load = new Load(replicas, state, random, issuer);
      const running = load.run();
      const takeovers: number[] = [];
      try {
        for (let cycle = 0; cycle < CYCLES; cycle++) {
          load.round = cycle;
          await load.next(random.int(...ACKS_BEFORE_KILL));
          const holders = await replicas.holders('tlog');
          const byHolder = random.next() < HOLDER_SHARE && holders.length > 0;
          const victim = byHolder ? holders[0]! : random.pick(replicas.up())!;
          const wasHolder = holders.includes(victim);
          const killedAt = Date.now();
          await replicas.kill(victim);
          const takeover = wasHolder ? watchTakeover(replicas, killedAt) : undefined;
          const whileDown = random.int(...ACKS_WHILE_DOWN);
          await load.next(whileDown);
          const sameName = random.next() < SAME_NAME_SHARE;
          const restartAt = Date.now();
          await replicas.start(victim.index, sameName ? name(victim) : name(victim, cycle));
          const restartMs = Date.now() - restartAt;
          const took = await takeover;
          if (took !== undefined) takeovers.push(took);
          t.diagnostic(
            `cycle ${cycle}: killed replica ${victim.index}${wasHolder ? ' (the tlog lease holder)' : ''}; ${whileDown} acknowledged while it was down; back after ${Date.now() - killedAt} ms (ready ${restartMs} ms after its start) under ${sameName ? 'its own' : 'a new'} name${took === undefined ? '' : `; lease held again after ${took} ms`}; ${load.counts.acked} acknowledged so far`,
          );
        }
      } finally {
        await load.stop(running);
      }

      // Every cut-off request, and a sample of acknowledged ones, once more: one index each.
      load.round = CYCLES;
      const final = await finalChecks(replicas, state, load);
      takeovers.sort((a, b) => a - b);
      t.diagnostic(
        `final: tree size ${final.size}, ${state.acks.size} acknowledged entries at their index on every replica, ${state.checkpoints.size} checkpoints consistent; ${load.counts.sent} sent, ${load.counts.retried} retries deduplicated, ${load.counts.cutOff} cut off by a kill and ${load.counts.busy} answered 503, ${final.resubmitted} resubmitted; ${load.certificates.length} certificates issued, each in the CT log (size ${final.ctSize}); holder takeovers ${takeovers.length}, median ${takeovers[Math.floor(takeovers.length / 2)] ?? '-'} ms, max ${takeovers.at(-1) ?? '-'} ms; ${Date.now() - began} ms`,
      );
      assert.ok(load.counts.cutOff > 0, 'no request was in flight at any kill');
      assert.ok(takeovers.length > 0, 'the lease holder was never the one killed');
    },
  );
});

/** A replica's name in the lease rows: its own (`replica-1`), or a new one per cycle. */
const name = (replica: Replica, cycle?: number): string =>
  cycle === undefined ? `replica-${replica.index}` : `replica-${replica.index}-run-${cycle}`;

const serverOf = (replica: Replica | undefined): NonNullable<Replica['process']> => {
  assert.ok(replica?.process, 'replica is not running');
  return replica.process;
};

/** Ms from `killedAt` until a surviving replica's /readyz says it holds the tlog lease. */
async function watchTakeover(set: ReplicaSet, killedAt: number): Promise<number> {
  const deadline = killedAt + EVENT_BOUND_MS;
  for (;;) {
    if ((await set.holders('tlog')).length > 0) return Date.now() - killedAt;
    assert.ok(Date.now() < deadline, `no replica took the tlog lease within ${EVENT_BOUND_MS} ms`);
    await sleep(10);
  }
}
