import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { after, before, describe, it, type TestContext } from 'node:test';
import {
  WRITERS,
  CrashState,
  resubmit,
  resubmitV1,
  runLoad,
  send,
  stopWithin,
  verifyLog,
} from '../helpers/crash.js';
import { seededRandom } from '../helpers/random.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { type ServerProcess, freePort, startServerProcess, tempDir } from '../helpers/server.js';
import { missingPostgres } from '../helpers/tools.js';

/**
 * Crash safety of the real `signet-server` process: SIGKILL at a random moment under
 * concurrent load never loses an acknowledged entry and never forks the log, for the Rekor v2
 * log and the Rekor v1 log beside it (whose answers also promise an integratedTime). The moment is a
 * random number of acknowledgements, not of milliseconds: on a loaded machine the first
 * answers can take longer than any fixed delay. The test's choices come from a seed it prints
 * (SIGNET_CRASH_SEED replays them; the processes' timing cannot be replayed).
 *
 * Everything after a restart is checked the way an independent monitor would: from the served
 * checkpoint, verified with the log key from the trust root, and from the served tiles, with
 * proofs computed client-side. Nothing is read from the data directory. It runs on each storage:
 * the data directory, and a PostgreSQL database (a throwaway cluster) that outlives the server.
 */

/** The storages the server runs on here: the data directory, and PostgreSQL when installed. */
const STORAGES = [
  { name: 'the data directory', skip: false as string | false },
  { name: 'PostgreSQL', skip: missingPostgres() },
];

/** Kill/restart rounds under load. */
const ROUNDS = 6;
/** New entries acknowledged under load before the SIGKILL: uniformly random in this range. */
const ACKS_BEFORE_KILL: [number, number] = [4, 128];
/** New entries acknowledged under load before the clean SIGTERM. */
const ACKS_BEFORE_STOP = 32;
/** The whole test on a loaded 2-core machine: about 30 s, seldom more than a minute. */
const TEST_TIMEOUT_MS = 240_000;
/**
 * Odd rounds and the clean stop under load run with tiny batches and frequent checkpoints: many
 * journal records and publications per second, so a kill lands mid-write far more often, and at
 * shutdown more entries wait than one batch holds (as with 512+ queued entries at the defaults).
 */
const SMALL_BATCHES = 'log:\n  batchMaxSize: 4\n  batchMaxAgeMs: 2\n  checkpointIntervalMs: 10\n';

/** Far above a lease TTL (3 s by default), the longest a restarted process waits for its leases. */
const LEASE_WITHIN_MS = 15_000;

/**
 * On PostgreSQL a restarted process runs under a new replica id, so it follows until the dead
 * one's leases expire, and then publishes what that one had sequenced. The checks after a restart
 * compare checkpoints before and after resubmissions: they start once it holds every lease.
 */
async function holdEveryLease(server: ServerProcess, agent: Agent): Promise<void> {
  const deadline = Date.now() + LEASE_WITHIN_MS;
  for (;;) {
    const res = await send(agent, `${server.url}/readyz`);
    const leases = Object.values(
      (JSON.parse(res.body.toString('utf8')) as { leases?: Record<string, string> }).leases ?? {},
    );
    if (res.status === 200 && leases.length > 0 && leases.every((role) => role === 'holder'))
      return;
    if (Date.now() > deadline) {
      throw new Error(
        `the restarted server holds not every lease within ${LEASE_WITHIN_MS} ms: ${res.body.toString()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const storage of STORAGES) {
  describe(`crash safety of signet-server on ${storage.name}`, { skip: storage.skip }, () => {
    const cleanup: (() => Promise<unknown>)[] = [];
    /** `--storage URL` for PostgreSQL: one database for every start of the server. */
    let storageArgs: string[] = [];
    before(async () => {
      if (storage.name !== 'PostgreSQL') return;
      const cluster: PostgresCluster = await startPostgres();
      cleanup.push(() => cluster.stop());
      storageArgs = ['--storage', await cluster.database()];
    });
    after(async () => {
      for (const step of cleanup.reverse()) await step().catch(() => undefined);
    });

    it(
      `never loses an acknowledged entry or forks the log across ${ROUNDS} SIGKILLs under load`,
      { timeout: TEST_TIMEOUT_MS },
      async (t: TestContext) => {
        const began = Date.now();
        const random = seededRandom(t, 'SIGNET_CRASH_SEED');
        const dataDir = await tempDir('signet-crash-');
        cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
        // One port for the life of the data directory: the public URL (and origin) is fixed at init.
        const port = await freePort();
        const state = new CrashState(random);
        let live: ServerProcess | undefined;
        cleanup.push(async () => live?.kill());

        const configDir = await tempDir('signet-crash-config-');
        cleanup.push(() => rm(configDir, { recursive: true, force: true }));
        const smallBatches = join(configDir, 'small-batches.yaml');
        await writeFile(smallBatches, SMALL_BATCHES);

        const start = async (small = false): Promise<{ server: ServerProcess; agent: Agent }> => {
          const args = [...storageArgs, ...(small ? ['--config', smallBatches] : [])];
          const server = await startServerProcess({ dataDir, port, args });
          live = server;
          const agent = new Agent({ keepAlive: true, maxSockets: WRITERS + 4 });
          if (storageArgs.length > 0) await holdEveryLease(server, agent);
          return { server, agent };
        };

        for (let round = 0; round < ROUNDS; round++) {
          const { server, agent } = await start(round % 2 === 1);
          if (round > 0) {
            const checkpoint = await verifyLog(state, server, agent, `after restart ${round}`);
            const verified = state.acks.size;
            const cutOff = state.unacknowledged.length;
            const durable = await resubmit(state, server, agent, round - 1, checkpoint);
            await resubmitV1(state.v1, server, agent);
            t.diagnostic(
              `restart ${round}: tree size ${checkpoint.size}, all ${verified} acknowledged entries at their index; ${cutOff} cut-off requests resubmitted, ${durable} of them already in the log`,
            );
          } else {
            await verifyLog(state, server, agent, 'at first start');
          }
          const acks = random.int(...ACKS_BEFORE_KILL);
          const load = await runLoad(state, server, agent, round, acks, async (s) => {
            await s.kill();
            live = undefined;
          });
          agent.destroy();
          t.diagnostic(
            `round ${round}${round % 2 === 1 ? ' (small batches)' : ''}: SIGKILL after ${acks} acknowledgements: ${load.sent} sent, ${load.acked} acknowledged, ${load.retried} retries deduplicated, ${load.cutOff} cut off`,
          );
          assert.ok(load.cutOff > 0, `round ${round}: no request was in flight at the kill`);
        }

        // Recover from the last crash, then a clean SIGTERM under load: exit code 0, and every
        // writer answered before the stop is in the log after the next start.
        {
          const { server, agent } = await start(true);
          const checkpoint = await verifyLog(state, server, agent, `after restart ${ROUNDS}`);
          await resubmit(state, server, agent, ROUNDS - 1, checkpoint);
          await resubmitV1(state.v1, server, agent);
          let code: number | null = null;
          const load = await runLoad(state, server, agent, ROUNDS, ACKS_BEFORE_STOP, async (s) => {
            code = await stopWithin(s);
            live = undefined;
          });
          agent.destroy();
          t.diagnostic(
            `SIGTERM under load: ${load.sent} sent, ${load.acked} acknowledged, ${load.retried} retries deduplicated, ${load.cutOff} refused or cut off`,
          );
          assert.equal(
            code,
            0,
            `clean stop under load exited with ${code}:\n${server.stderr().slice(-4000)}`,
          );
        }

        // Idle clean stop: exit code 0 and the next start serves the very same checkpoint.
        {
          const { server, agent } = await start();
          const checkpoint = await verifyLog(
            state,
            server,
            agent,
            'after the clean stop under load',
          );
          await resubmit(state, server, agent, ROUNDS, checkpoint);
          const final = await send(agent, `${server.url}/checkpoint`);
          agent.destroy();
          const code = await stopWithin(server);
          live = undefined;
          assert.equal(code, 0, `clean stop exited with ${code}:\n${server.stderr().slice(-4000)}`);

          const again = await start();
          const served = await send(again.agent, `${again.server.url}/checkpoint`);
          assert.equal(
            served.body.toString('utf8'),
            final.body.toString('utf8'),
            'a clean restart changed the checkpoint',
          );
          const verified = await verifyLog(
            state,
            again.server,
            again.agent,
            'after the final restart',
          );
          again.agent.destroy();
          assert.equal(await stopWithin(again.server), 0);
          live = undefined;
          t.diagnostic(
            `final: tree size ${verified.size}, ${state.acks.size} acknowledged entries, ${state.checkpoints.size} checkpoints verified consistent; Rekor v1: ${state.v1.acks.size} acknowledged entries, ${state.v1.roots.size} tree heads consistent; ${Date.now() - began} ms`,
          );
        }
      },
    );
  });
}
