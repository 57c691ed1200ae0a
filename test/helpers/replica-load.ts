import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
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
  type CrashState,
  type HttpResponse,
  RETRY_SHARE,
  TileClient,
  pool,
  send,
  verifyLog,
} from './crash.js';
import { EntryFactory } from './entries.js';
import type { TestIssuer } from './oidc.js';
import type { SeededRandom } from './random.js';
import type { Replica, ReplicaSet } from './replicas.js';

/**
 * The load of the failover tests (test/integration/failover*.test.ts) and the monitor's checks
 * after it: writers of Rekor v2 entries and of certificates spread over the replicas that are
 * up, a checkpoint poller, and at the end the checks that nothing acknowledged was lost.
 */

/** Rekor v2 writers and certificate writers: 64 in all, each one request at a time. */
export const LOG_WRITERS = 56;
export const CERT_WRITERS = 8;
/** What a test waits for (acknowledgements, readiness, convergence) must come within this. */
export const EVENT_BOUND_MS = 30_000;
/** A writer told 503 (Retry-After) tries again, on any replica, after this. */
const BUSY_PAUSE_MS = 50;
const POLL_PAUSE_MS = 50;
/** Acknowledged entries resubmitted at the end, besides every cut-off request. */
const RESUBMIT_ACKED = 64;

/** An acknowledgement of a new entry: which replica answered, and when the request left. */
export interface AckEvent {
  replica: number;
  sentAt: number;
  ackedAt: number;
}

/** The writers and checkpoint poller, spread over the replicas that are up. */
export class Load {
  /** Named in failure messages and recorded with each acknowledgement. */
  round = 0;
  readonly counts = { sent: 0, acked: 0, retried: 0, cutOff: 0, busy: 0 };
  readonly ackEvents: AckEvent[] = [];
  /** Each issued certificate's chain (PEM), leaf first. */
  readonly certificates: Buffer[] = [];
  private stopping = false;
  /** The first failure of a writer or the poller: what the test waits on fails with it. */
  private failure: unknown;
  private readonly waiters: {
    kind: 'ack' | 'busy';
    where: (replica: Replica) => boolean;
    remaining: number;
    resolve: () => void;
  }[] = [];
  private readonly certKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

  constructor(
    private readonly set: ReplicaSet,
    private readonly state: CrashState,
    private readonly random: SeededRandom,
    private readonly issuer: TestIssuer,
    /**
     * Whether a request to this replica may fail or time out although it was not killed (it is
     * cut off from the database): counted as cut off, not as a failure of the test.
     */
    private readonly unreliable: (replica: Replica) => boolean = () => false,
  ) {}

  /**
   * Resolves once `count` more new entries are acknowledged (by replicas `where` takes), or
   * `count` more 503 answers come (kind `busy`); fails past EVENT_BOUND_MS.
   */
  async next(
    count: number,
    kind: 'ack' | 'busy' = 'ack',
    where: (replica: Replica) => boolean = () => true,
  ): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (count === 0) return;
    const reached = new Promise<'reached'>((resolve) =>
      this.waiters.push({ kind, where, remaining: count, resolve: () => resolve('reached') }),
    );
    const outcome = await Promise.race([
      reached,
      sleep(EVENT_BOUND_MS, 'timeout' as const, { ref: false }),
    ]);
    if (this.failure !== undefined) throw this.failure;
    assert.equal(
      outcome,
      'reached',
      `round ${this.round}: ${count} ${kind} answers did not come within ${EVENT_BOUND_MS} ms (${JSON.stringify(this.counts)})\n${this.set.replicas.map((r) => `replica ${r.index}:\n${r.process?.stderr().slice(-2000)}`).join('\n')}`,
    );
  }

  private notify(kind: 'ack' | 'busy', replica: Replica): void {
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.kind === kind && waiter.where(replica) && --waiter.remaining === 0) {
        waiter.resolve();
      } else {
        this.waiters.push(waiter);
      }
    }
  }

  run(): Promise<void> {
    const tasks = [
      ...Array.from({ length: LOG_WRITERS }, () => this.logWriter(new EntryFactory())),
      ...Array.from({ length: CERT_WRITERS }, () => this.certWriter()),
      this.poller(),
    ];
    // The first failure stops the load, so that whatever the test waits for hears it.
    return Promise.all(
      tasks.map((task) =>
        task.catch((error: unknown) => {
          this.stopping = true;
          this.failure ??= error;
          for (const waiter of this.waiters.splice(0)) waiter.resolve();
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
   * since it was sent) or is unreliable; a failure on any other replica fails the test.
   */
  private async request(path: string, body?: Buffer): Promise<[HttpResponse, Replica] | undefined> {
    const replica = this.random.pick(this.set.up());
    if (replica === undefined) throw new Error('no replica is up');
    const generation = replica.generation;
    try {
      return [await send(replica.agent, `${replica.url}${path}`, body), replica];
    } catch (error) {
      if (replica.generation !== generation || this.unreliable(replica)) return undefined;
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
    this.notify('busy', replica);
    return true;
  }

  private async logWriter(factory: EntryFactory): Promise<void> {
    while (!this.stopping) {
      const retry = this.random.next() < RETRY_SHARE ? this.state.pick() : undefined;
      const request = retry?.request ?? Buffer.from(JSON.stringify(factory.request()));
      this.counts.sent++;
      const sentAt = Date.now();
      const answer = await this.request('/api/v2/log/entries', request);
      if (answer === undefined || this.busy(...answer, 201)) {
        if (answer === undefined) this.counts.cutOff++;
        if (retry === undefined) this.state.unacknowledged.push(request);
        await sleep(BUSY_PAUSE_MS);
        continue;
      }
      const ack = this.state.acknowledge(request, answer[0], this.round);
      if (retry !== undefined) {
        assert.equal(ack.index, retry.index, `a retry of entry ${retry.index} came back elsewhere`);
        this.counts.retried++;
        continue;
      }
      this.state.record(ack);
      this.counts.acked++;
      this.ackEvents.push({ replica: answer[1].index, sentAt, ackedAt: Date.now() });
      this.notify('ack', answer[1]);
    }
  }

  private async certWriter(): Promise<void> {
    const publicPem = toPem('PUBLIC KEY', spkiOf(this.certKey));
    while (!this.stopping) {
      const claims = this.issuer.emailClaims();
      const proof = sign('sha256', Buffer.from(String(claims.email)), this.certKey);
      const body = JSON.stringify({
        credentials: { oidcIdentityToken: await this.issuer.mint(claims) },
        publicKeyRequest: {
          publicKey: { algorithm: 'ECDSA', content: publicPem },
          proofOfPossession: proof.toString('base64'),
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
      const chain = json.signedCertificateEmbeddedSct.chain.certificates.join('');
      this.certificates.push(Buffer.from(chain));
    }
  }

  /** The replicas' /checkpoint, verified and recorded: no two roots for one size, ever. */
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
      const deadline = Date.now() + EVENT_BOUND_MS;
      for (;;) {
        const answer = await this.request('/api/v2/log/entries', item.request);
        assert.ok(answer, 'a replica failed after the load');
        if (!this.busy(...answer, 201)) {
          const ack = this.state.acknowledge(item.request, answer[0], this.round);
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

/** What the final checks found, for the test's diagnostic line. */
export interface FinalReport {
  size: number;
  resubmitted: number;
  ctSize: number;
}

/**
 * The checks after the load, once every replica is up: cut-off requests resubmitted; every
 * replica serves one checkpoint, with every acknowledged entry at its index, every checkpoint
 * seen consistent with it and no entry twice (verifyLog, on each replica); every certificate
 * issued has its CT entry.
 */
export async function finalChecks(
  set: ReplicaSet,
  state: CrashState,
  load: Load,
): Promise<FinalReport> {
  const resubmitted = await load.resubmit();
  const size = await converged(set);
  for (const replica of set.replicas) {
    assert.ok(replica.process, `replica ${replica.index} is not running`);
    await verifyLog(state, replica.process, replica.agent, `on replica ${replica.index}`);
  }
  const ctSize = await checkCertificates(set, load.certificates);
  return { size, resubmitted, ctSize };
}

/** Waits (bounded) until every replica serves the same checkpoint; returns its size. */
async function converged(set: ReplicaSet): Promise<number> {
  const deadline = Date.now() + EVENT_BOUND_MS;
  for (;;) {
    const notes = await Promise.all(
      set.replicas.map(async (r) => (await send(r.agent, `${r.url}/checkpoint`)).body.toString()),
    );
    if (notes.every((n) => n === notes[0])) {
      return parseCheckpointText(`${(notes[0] as string).split('\n\n')[0]}\n`).size;
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
    assert.ok(leafPem && issuerPem, `certificate ${i}: chain of ${chain.length} bytes`);
    const cert = parseCertificate(leafPem.der);
    const [sct] = embeddedScts(cert);
    assert.ok(sct, `certificate ${i} has no SCT`);
    const leaf = merkleTreeLeaf({
      timestamp: sct.timestamp,
      entry: {
        type: 'precert',
        issuerKeyHash: issuerKeyHash(parseCertificate(issuerPem.der)),
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
