import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it, type TestContext } from 'node:test';
import { CrashState, send, verifyLog } from '../helpers/crash.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { seededRandom } from '../helpers/random.js';
import { EVENT_BOUND_MS, Load, finalChecks } from '../helpers/replica-load.js';
import { type Replica, ReplicaSet, replicaTestConfig } from '../helpers/replicas.js';
import { type TcpProxy, startTcpProxy } from '../helpers/tcp-proxy.js';
import { missingPostgres } from '../helpers/tools.js';

/**
 * Three replicas on one PostgreSQL database under 64 writers, when the database goes away:
 * for one replica only (a TCP proxy between it and PostgreSQL blackholes its traffic, then
 * cuts it), and for all of them (PostgreSQL restarted). A replica without its database stops
 * acknowledging and says so on /readyz, the others keep serving with one of them holding the
 * lease, writers get 503 with Retry-After, and afterwards nothing acknowledged is lost (the
 * checks of test/integration/failover.test.ts).
 */

const TEST_TIMEOUT_MS = 240_000;
/** New entries acknowledged between two steps of a test. */
const ACKS_PER_STEP = 32;
/**
 * A writer's wait for its checkpoint, under the writers' own request timeout (10 s): with the
 * database gone, a writer hears 503 from the replica rather than nothing.
 */
const APPEND_TIMEOUT_MS = 5_000;

describe('three replicas when PostgreSQL goes away', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  let issuer: TestIssuer;
  const cleanup: (() => Promise<unknown>)[] = [];
  before(async () => {
    cluster = await startPostgres();
    issuer = await startTestIssuer();
  });
  after(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await issuer?.close();
    await cluster?.stop();
  });

  /** Three replicas on a fresh database, the first through `storageOf(0)` if given. */
  const replicas = async (storageOf?: (database: string) => Promise<string>) => {
    const database = await cluster.database();
    const set = await ReplicaSet.create({
      count: 3,
      database,
      config: { ...replicaTestConfig(issuer.url), log: { appendTimeoutMs: APPEND_TIMEOUT_MS } },
    });
    cleanup.push(() => set.dispose());
    // The first started takes every lease: replica 0, the one a partition may cut off.
    const first = storageOf === undefined ? database : await storageOf(database);
    await set.start(0, 'replica-0', first);
    for (const index of [1, 2]) await set.start(index, `replica-${index}`);
    return set;
  };

  it(
    'a replica cut off from the database stops acknowledging; the others serve, one holds the lease',
    {
      timeout: TEST_TIMEOUT_MS,
    },
    async (t: TestContext) => {
      let proxy: TcpProxy | undefined;
      const set = await replicas(async (database) => {
        const url = new URL(database);
        proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
        cleanup.push(() => proxy!.close());
        url.port = String(proxy.port);
        return url.href;
      });
      assert.ok(proxy);
      const [cutOff, ...others] = set.replicas as [Replica, Replica, Replica];
      assert.deepEqual(await set.holders('tlog'), [cutOff], 'replica 0 holds the lease first');

      const random = seededRandom(t, 'SIGNET_FAILOVER_SEED');
      const state = new CrashState(random);
      await verifyLog(state, cutOff.process!, cutOff.agent, 'at start');
      let partitioned = false;
      const load = new Load(set, state, random, issuer, (r) => partitioned && r === cutOff);
      const running = load.run();
      try {
        await load.next(ACKS_PER_STEP);
        for (const mode of ['blackhole', 'cut'] as const) {
          load.round++;
          const from = Date.now();
          partitioned = true;
          proxy[mode]();
          // It says it is not ready, and another replica takes the lease once the cut-off one
          // can no longer renew it.
          const [notReady, takenOver] = await Promise.all([
            readyz(cutOff, 503),
            until(async () => {
              const holders = await set.holders('tlog');
              return holders.length === 1 && holders[0] !== cutOff;
            }),
          ]);
          await load.next(ACKS_PER_STEP, 'ack', (r) => r !== cutOff);
          const healedAt = Date.now();
          proxy.heal();
          const ready = await readyz(cutOff, 200);
          await load.next(ACKS_PER_STEP / 4, 'ack', (r) => r === cutOff);
          partitioned = false;
          // Nothing the cut-off replica was asked after the partition began was acknowledged
          // before it healed: it cannot have been durable.
          const early = load.ackEvents.filter(
            (e) => e.replica === cutOff.index && e.sentAt >= from && e.ackedAt < healedAt,
          );
          assert.deepEqual(early, [], `replica 0 acknowledged entries while cut off (${mode})`);
          t.diagnostic(
            `${mode}: replica 0 not ready after ${notReady - from} ms, the lease taken over after ${takenOver - from} ms; ${ACKS_PER_STEP} acknowledged by the others meanwhile; ready again ${ready - healedAt} ms after the heal, and acknowledging`,
          );
        }
      } finally {
        await load.stop(running);
      }
      assert.equal(others.length, 2);
      const final = await finalChecks(set, state, load);
      t.diagnostic(
        `final: tree size ${final.size}, ${state.acks.size} acknowledged entries at their index on every replica, ${state.checkpoints.size} checkpoints consistent; ${load.counts.cutOff} requests cut off and ${load.counts.busy} answered 503, ${final.resubmitted} resubmitted; ${load.certificates.length} certificates, each in the CT log`,
      );
    },
  );

  it(
    'PostgreSQL restarted under load: 503 with Retry-After meanwhile, nothing acknowledged lost',
    {
      timeout: TEST_TIMEOUT_MS,
    },
    async (t: TestContext) => {
      const set = await replicas();
      const random = seededRandom(t, 'SIGNET_FAILOVER_SEED');
      const state = new CrashState(random);
      const first = set.replicas[0] as Replica;
      await verifyLog(state, first.process!, first.agent, 'at start');
      const load = new Load(set, state, random, issuer);
      const running = load.run();
      try {
        await load.next(ACKS_PER_STEP);
        for (let restart = 1; restart <= 2; restart++) {
          load.round = restart;
          const busy = load.counts.busy;
          const from = Date.now();
          await cluster.kill();
          // Writers hear 503 with Retry-After (Load fails the test on any other answer).
          await load.next(1, 'busy');
          const refused = Date.now() - from;
          await cluster.restart();
          const back = Date.now();
          for (const replica of set.replicas) await readyz(replica, 200);
          await load.next(ACKS_PER_STEP);
          t.diagnostic(
            `restart ${restart}: first 503 ${refused} ms after the kill; ${load.counts.busy - busy} answered 503; every replica ready and acknowledging ${Date.now() - back} ms after PostgreSQL was back`,
          );
        }
      } finally {
        await load.stop(running);
      }
      const final = await finalChecks(set, state, load);
      t.diagnostic(
        `final: tree size ${final.size}, ${state.acks.size} acknowledged entries at their index on every replica, ${state.checkpoints.size} checkpoints consistent; ${load.counts.busy} answered 503, ${final.resubmitted} resubmitted; ${load.certificates.length} certificates, each in the CT log`,
      );
    },
  );
});

/** Polls `check` until it holds, within EVENT_BOUND_MS; when it first held. */
async function until(check: () => Promise<boolean>): Promise<number> {
  const deadline = Date.now() + EVENT_BOUND_MS;
  for (;;) {
    if (await check()) return Date.now();
    assert.ok(Date.now() < deadline, `not within ${EVENT_BOUND_MS} ms`);
    await sleep(20);
  }
}

/** Waits until `replica`'s /readyz answers `status` (a poll that times out counts as not yet). */
function readyz(replica: Replica, status: number): Promise<number> {
  return until(async () => {
    try {
      return (await send(replica.agent, `${replica.url}/readyz`)).status === status;
    } catch {
      return false;
    }
  });
}
