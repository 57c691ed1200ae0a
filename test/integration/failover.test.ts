import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it, type TestContext } from 'node:test';
import { leafHash, rootHash } from '../../src/core/merkle.js';
import { parsePem, toPem } from '../../src/core/pem.js';
import { parseCertificate, spkiOf } from '../../src/core/x509.js';
import {
  SCT_LIST_OID,
  embeddedScts,
  issuerKeyHash,
  merkleTreeLeaf,
  tbsWithoutExtension,
} from '../../src/ct/sct.js';
import { parseCheckpointText } from '../../src/tlog/checkpoint.js';
import {
  CrashState,
  type HttpResponse,
  RETRY_SHARE,
  TileClient,
  pool,
  send,
  verifyLog,
} from '../helpers/crash.js';
import { EntryFactory } from '../helpers/entries.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { type SeededRandom, seededRandom } from '../helpers/random.js';
import { type Replica, ReplicaSet } from '../helpers/replicas.js';
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
/** Rekor v2 writers and certificate writers: 64 in all, each one request at a time. */
const LOG_WRITERS = 56;
const CERT_WRITERS = 8;
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
/** The acknowledgements a cycle waits for must come within this. */
const ACKS_BOUND_MS = 30_000;
/** A writer told 503 (Retry-After) tries again, on any replica, after this. */
const BUSY_PAUSE_MS = 50;
const POLL_PAUSE_MS = 50;
/** Acknowledged entries resubmitted at the end, besides every cut-off request. */
const RESUBMIT_ACKED = 64;
const TEST_TIMEOUT_MS = 290_000;
/**
 * Lease settings tuned down from the defaults (3 s TTL, 1 s renewal) so that a takeover, and
 * with it a cycle, takes a second or two; one verify worker per replica on a shared 2-core
 * machine.
 */
const REPLICA_TUNING = { leaseTtlMs: 1500, leaseRenewMs: 400, followIntervalMs: 20 };

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
        config: {
          logLevel: 'warn',
          verifyWorkers: 1,
          // The writers' keep-alive connections may idle while they use other replicas: as
          // behind a load balancer, the server keeps them open longer than the client does.
          server: { idleTimeoutMs: 65_000 },
          replica: REPLICA_TUNING,
          identity: {
            OIDCIssuers: {
              [issuer.url]: { IssuerURL: issuer.url, ClientID: 'sigstore', Type: 'email' },
            },
          },
        },
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
          load.cycle = cycle;
          await load.acks(random.int(...ACKS_BEFORE_KILL));
          const holders = await replicas.holders('tlog');
          const byHolder = random.next() < HOLDER_SHARE && holders.length > 0;
          const victim = byHolder ? holders[0]! : random.pick(replicas.up())!;
          const wasHolder = holders.includes(victim);
          const killedAt = Date.now();
          await replicas.kill(victim);
          const takeover = wasHolder ? watchTakeover(replicas, killedAt) : undefined;
          const whileDown = random.int(...ACKS_WHILE_DOWN);
          await load.acks(whileDown);
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
      const resubmitted = await load.resubmit();
      const final = await converged(replicas);
      for (const replica of replicas.replicas) {
        await verifyLog(state, serverOf(replica), replica.agent, `on replica ${replica.index}`);
      }
      const ctSize = await checkCertificates(replicas, load.certificates);
      takeovers.sort((a, b) => a - b);
      t.diagnostic(
        `final: tree size ${final.size}, ${state.acks.size} acknowledged entries at their index on every replica, ${state.checkpoints.size} checkpoints consistent; ${load.counts.sent} sent, ${load.counts.retried} retries deduplicated, ${load.counts.cutOff} cut off by a kill and ${load.counts.busy} answered 503, ${resubmitted} resubmitted; ${load.certificates.length} certificates issued, each in the CT log (size ${ctSize}); holder takeovers ${takeovers.length}, median ${takeovers[Math.floor(takeovers.length / 2)] ?? '-'} ms, max ${takeovers.at(-1) ?? '-'} ms; ${Date.now() - began} ms`,
      );
      assert.ok(load.counts.cutOff > 0, 'no request was in flight at any kill');
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
  const deadline = killedAt + ACKS_BOUND_MS;
  for (;;) {
    if ((await set.holders('tlog')).length > 0) return Date.now() - killedAt;
    assert.ok(Date.now() < deadline, `no replica took the tlog lease within ${ACKS_BOUND_MS} ms`);
    await sleep(10);
  }
}

/** Waits (bounded) until every replica serves the same checkpoint; returns it, parsed. */
async function converged(set: ReplicaSet): Promise<{ size: number; note: string }> {
  const deadline = Date.now() + ACKS_BOUND_MS;
  for (;;) {
    const notes = await Promise.all(
      set.replicas.map(async (r) => (await send(r.agent, `${r.url}/checkpoint`)).body.toString()),
    );
    if (notes.every((n) => n === notes[0])) {
      const note = notes[0] as string;
      return { size: parseCheckpointText(note.split('\n\n')[0] + '\n').size, note };
    }
    assert.ok(
      Date.now() < deadline,
      `replicas still serve different checkpoints:\n${notes.join('\n')}`,
    );
    await sleep(POLL_PAUSE_MS);
  }
}

/**
 * Every certificate issued has its precertificate's leaf in the CT log, which every replica
 * serves at the same size and root. Returns the CT log's size.
 */
async function checkCertificates(set: ReplicaSet, certificates: Buffer[]): Promise<number> {
  const first = set.replicas[0] as Replica;
  const note = (await send(first.agent, `${first.url}/ct/checkpoint`)).body.toString();
  for (const replica of set.replicas) {
    const other = (await send(replica.agent, `${replica.url}/ct/checkpoint`)).body.toString();
    assert.equal(other, note, `replica ${replica.index} serves another CT checkpoint`);
  }
  const [, sizeLine = '', rootLine = ''] = note.split('\n');
  const size = Number(sizeLine);
  const tiles = new TileClient(first.agent, `${first.url}/ct`, size);
  const leaves = await tiles.prove((nodes) => {
    assert.deepEqual(rootHash(size, nodes), Buffer.from(rootLine, 'base64'), 'CT tiles vs root');
    const out = new Set<string>();
    for (let i = 0; i < size; i++) out.add(Buffer.from(nodes.node(0, i)).toString('hex'));
    assert.equal(out.size, size, 'an entry appears twice in the CT log');
    return out;
  });
  for (const [i, chain] of certificates.entries()) {
    const [leafPem, issuerPem] = parsePem(chain.toString(), 'CERTIFICATE');
    const cert = parseCertificate(leafPem!.der);
    const issuer = parseCertificate(issuerPem!.der);
    const [sct] = embeddedScts(cert);
    assert.ok(sct, `certificate ${i} has no SCT`);
    const leaf = merkleTreeLeaf({
      timestamp: sct.timestamp,
      entry: {
        type: 'precert',
        issuerKeyHash: issuerKeyHash(issuer),
        tbs: tbsWithoutExtension(cert.tbs, SCT_LIST_OID),
      },
      extensions: Buffer.alloc(0),
    });
    assert.ok(
      leaves.has(leafHash(leaf).toString('hex')),
      `certificate ${i} was issued but its precertificate is not in the CT log`,
    );
  }
  return size;
}

/** The writers and checkpoint pollers, spread over the replicas that are up. */
class Load {
  cycle = 0;
  readonly counts = { sent: 0, acked: 0, retried: 0, cutOff: 0, busy: 0 };
  /** Each issued certificate's chain (PEM), leaf first. */
  readonly certificates: Buffer[] = [];
  private stopping = false;
  /** The first failure of a writer or the poller: the cycle waiting for acknowledgements fails with it. */
  private failure: unknown;
  private readonly waiters: { target: number; resolve: () => void }[] = [];
  private readonly certKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

  constructor(
    private readonly set: ReplicaSet,
    private readonly state: CrashState,
    private readonly random: SeededRandom,
    private readonly issuer: TestIssuer,
  ) {}

  /** Resolves once `count` more new entries are acknowledged; fails past ACKS_BOUND_MS. */
  async acks(count: number): Promise<void> {
    const target = this.counts.acked + count;
    if (this.failure !== undefined) throw this.failure;
    if (count === 0) return;
    const reached = new Promise<'reached'>((resolve) =>
      this.waiters.push({ target, resolve: () => resolve('reached') }),
    );
    const outcome = await Promise.race([
      reached,
      sleep(ACKS_BOUND_MS, 'timeout' as const, { ref: false }),
    ]);
    if (this.failure !== undefined) throw this.failure;
    assert.equal(
      outcome,
      'reached',
      `cycle ${this.cycle}: ${this.counts.acked} of ${target} entries acknowledged within ${ACKS_BOUND_MS} ms\n${this.set.replicas.map((r) => `replica ${r.index}:\n${r.process?.stderr().slice(-2000)}`).join('\n')}`,
    );
  }

  run(): Promise<void> {
    const tasks = [
      ...Array.from({ length: LOG_WRITERS }, () => this.logWriter(new EntryFactory())),
      ...Array.from({ length: CERT_WRITERS }, () => this.certWriter()),
      this.poller(),
    ];
    // The first failure stops the load, so that the cycle waiting for acknowledgements hears it.
    return Promise.all(
      tasks.map((task) =>
        task.catch((error: unknown) => {
          this.stopping = true;
          this.failure ??= error;
          for (const waiter of this.waiters) waiter.resolve();
        }),
      ),
    ).then(() => undefined);
  }

  /** Stops the writers and waits for them (`running`: what run returned); throws their failure. */
  async stop(running: Promise<void>): Promise<void> {
    this.stopping = true;
    await running;
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * One request to a replica that is up. Undefined when it died under the request (a kill came
   * since it was sent); a failure on a replica that stayed up fails the test.
   */
  private async request(path: string, body?: Buffer): Promise<[HttpResponse, Replica] | undefined> {
    const replica = this.random.pick(this.set.up());
    if (replica === undefined) throw new Error('no replica is up');
    const generation = replica.generation;
    try {
      return [await send(replica.agent, `${replica.url}${path}`, body), replica];
    } catch (error) {
      if (replica.generation !== generation) return undefined;
      throw new Error(
        `${path} on replica ${replica.index}, which is up, failed: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  /** A 503 must say when to retry; anything else but `ok` is a failure. */
  private busy(response: HttpResponse, replica: Replica, ok: number): boolean {
    if (response.status === ok) return false;
    assert.ok(
      response.status === 503 && response.headers['retry-after'] !== undefined,
      `replica ${replica.index} answered ${response.status} ${response.body.toString()}\n${replica.process?.stderr().slice(-4000)}`,
    );
    this.counts.busy++;
    return true;
  }

  private async logWriter(factory: EntryFactory): Promise<void> {
    while (!this.stopping) {
      const retry = this.random.next() < RETRY_SHARE ? this.state.pick() : undefined;
      const request = retry?.request ?? Buffer.from(JSON.stringify(factory.request()));
      this.counts.sent++;
      const answer = await this.request('/api/v2/log/entries', request);
      if (answer === undefined || this.busy(...answer, 201)) {
        if (answer === undefined) this.counts.cutOff++;
        if (retry === undefined) this.state.unacknowledged.push(request);
        await sleep(BUSY_PAUSE_MS);
        continue;
      }
      const ack = this.state.acknowledge(request, answer[0], this.cycle);
      if (retry !== undefined) {
        assert.equal(ack.index, retry.index, `a retry of entry ${retry.index} came back elsewhere`);
        this.counts.retried++;
        continue;
      }
      this.state.record(ack);
      this.counts.acked++;
      for (const waiter of this.waiters.splice(0)) {
        if (this.counts.acked >= waiter.target) waiter.resolve();
        else this.waiters.push(waiter);
      }
    }
  }

  private async certWriter(): Promise<void> {
    const publicPem = toPem('PUBLIC KEY', spkiOf(this.certKey));
    while (!this.stopping) {
      const claims = this.issuer.emailClaims();
      const body = JSON.stringify({
        credentials: { oidcIdentityToken: await this.issuer.mint(claims) },
        publicKeyRequest: {
          publicKey: { algorithm: 'ECDSA', content: publicPem },
          proofOfPossession: sign(
            'sha256',
            Buffer.from(String(claims.email)),
            this.certKey,
          ).toString('base64'),
        },
      });
      const answer = await this.request('/api/v2/signingCert', Buffer.from(body));
      if (answer === undefined || this.busy(...answer, 200)) {
        await sleep(BUSY_PAUSE_MS);
        continue;
      }
      const json = JSON.parse(answer[0].body.toString()) as {
        signedCertificateEmbeddedSct: { chain: { certificates: string[] } };
      };
      this.certificates.push(
        Buffer.from(json.signedCertificateEmbeddedSct.chain.certificates.join('')),
      );
    }
  }

  /** Every replica's /checkpoint, verified and recorded: no two roots for one size, ever. */
  private async poller(): Promise<void> {
    while (!this.stopping) {
      const answer = await this.request('/checkpoint');
      if (answer !== undefined) {
        assert.equal(answer[0].status, 200, `/checkpoint on replica ${answer[1].index}`);
        this.state.observe(answer[0].body.toString(), `/checkpoint on replica ${answer[1].index}`);
      }
      await sleep(POLL_PAUSE_MS);
    }
  }

  /**
   * After the load: every request a kill or a 503 left unanswered, and a sample of acknowledged
   * entries, sent again to a random replica: each gets one index, the acknowledged ones their
   * own. Returns how many were sent.
   */
  async resubmit(): Promise<number> {
    const cutOff = this.state.unacknowledged;
    this.state.unacknowledged = [];
    const acked = this.random.sample([...this.state.acks.values()], RESUBMIT_ACKED);
    const items: { request: Buffer; index?: number }[] = [
      ...cutOff.map((request) => ({ request })),
      ...acked.map((ack) => ({ request: ack.request, index: ack.index })),
    ];
    await pool(items, 16, async (item) => {
      const deadline = Date.now() + ACKS_BOUND_MS;
      for (;;) {
        const answer = await this.request('/api/v2/log/entries', item.request);
        assert.ok(answer, 'a replica died after the kill cycles');
        if (!this.busy(...answer, 201)) {
          const ack = this.state.acknowledge(item.request, answer[0], CYCLES);
          if (item.index !== undefined)
            assert.equal(ack.index, item.index, 'resubmitted elsewhere');
          this.state.record(ack);
          return;
        }
        assert.ok(Date.now() < deadline, 'a resubmission was refused for too long');
        await sleep(BUSY_PAUSE_MS);
      }
    });
    return items.length;
  }
}
