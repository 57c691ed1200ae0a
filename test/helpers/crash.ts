import assert from 'node:assert/strict';
import { type KeyObject, createPublicKey, verify } from 'node:crypto';
import { type Agent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type NodeSource,
  consistencyProof,
  inclusionProof,
  leafHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../src/core/merkle.js';
import { type NoteVerifier, noteVerifier } from '../../src/core/note.js';
import { verifyCheckpoint } from '../../src/tlog/checkpoint.js';
import type { LogEntryAnon } from '../../src/tlog/rekor-v1/entry.js';
import { TILE_WIDTH, entriesPath } from '../../src/tlog/tiles.js';
import { TiledTree, decodeBundle, loadingTiles } from '../../src/tlog/tree.js';
import { EntryFactory, v1SetVerifies } from './entries.js';
import type { SeededRandom } from './random.js';
import type { ServerProcess } from './server.js';

/**
 * The load and the monitor's checks of the crash-safety runs (test/integration/crash.test.ts
 * and bench/crash-soak.ts): writers that append entries to a real `signet-server` process until
 * enough are acknowledged, then end it; and, after every restart, the checks an independent
 * monitor makes from the served checkpoint and tiles alone.
 */

/** Concurrent writers, each a loop of one request at a time on a keep-alive connection. */
export const WRITERS = 32;
/** ...and beside them, writers to the Rekor v1 log, which shares the process and the disk. */
export const V1_WRITERS = 4;
/** The load must reach its acknowledgements within this; slower is a failure, not a wait. */
export const LOAD_BOUND_MS = 60_000;
/** Pause between two checkpoint polls, so the poller does not take a core from the writers. */
export const POLL_PAUSE_MS = 20;
/** Every HTTP request is aborted after this long, so no loop can hang. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** A clean stop that takes longer than this is a hang. */
export const STOP_TIMEOUT_MS = 15_000;
/** Older acknowledged entries resubmitted per restart, besides all of the crashed round's. */
export const RESUBMIT_OLDER = 32;
/** Share of load requests that retry an already acknowledged entry. */
export const RETRY_SHARE = 0.1;
export const ORIGIN = '127.0.0.1';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP request over `agent` (keep-alive), aborted after REQUEST_TIMEOUT_MS. Each server
 * lifetime gets its own agent so that no connection to a killed process is ever reused.
 */
export function send(agent: Agent, url: string, body?: Buffer): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const headers: Record<string, string | number> =
      body === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': body.length };
    const req = httpRequest(
      url,
      {
        agent,
        method: body === undefined ? 'GET' : 'POST',
        headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(new Error(`response from ${url} was cut off`));
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** SIGTERM, and the exit code; a process still running after STOP_TIMEOUT_MS is killed and fails. */
export async function stopWithin(server: ServerProcess): Promise<number | null> {
  const exited = server.stop();
  const timer = sleep(STOP_TIMEOUT_MS, 'timeout' as const, { ref: false });
  const outcome = await Promise.race([exited, timer]);
  if (outcome !== 'timeout') return outcome;
  await server.kill();
  assert.fail(
    `the server did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM:\n${server.stderr().slice(-4000)}`,
  );
}

export interface ObservedCheckpoint {
  note: string;
  size: number;
  root: Buffer;
  /** Where it was seen, for failure messages. */
  seen: string;
}

/** An entry the log acknowledged (HTTP 201), with everything the acknowledgement promised. */
export interface Ack {
  /** The exact request bytes, so that resubmitting is a true duplicate. */
  request: Buffer;
  index: number;
  body: Buffer;
  leaf: Buffer;
  round: number;
  checkpoint: ObservedCheckpoint;
  proof: Buffer[];
}

export interface TransparencyLogEntryJson {
  logIndex: string;
  canonicalizedBody: string;
  inclusionProof: {
    logIndex: string;
    rootHash: string;
    treeSize: string;
    hashes: string[];
    checkpoint: { envelope: string };
  };
}

/** A Rekor v1 entry the log acknowledged (201), with what its answer promised. */
export interface V1Ack {
  request: Buffer;
  id: string;
  index: number;
  body: string;
  integratedTime: number;
}

/** What the monitor knows of the Rekor v1 log: its key, tree ID, answers and tree heads. */
export class V1CrashState {
  readonly acks = new Map<number, V1Ack>();
  /** Root hash (hex) by tree size, from every answer and log info seen. */
  readonly roots = new Map<number, string>();
  unacknowledged: Buffer[] = [];
  key: KeyObject | undefined;
  treeId: string | undefined;

  /** Records a tree head; a second root for one size is a fork. */
  observe(size: number, root: string, seen: string): void {
    const known = this.roots.get(size);
    assert.ok(
      known === undefined || known === root,
      `Rekor v1: two roots for size ${size} (${seen})`,
    );
    this.roots.set(size, root);
  }

  /** Checks one LogEntry answer offline (SET, inclusion proof, signed checkpoint); returns it. */
  check(answer: Buffer, seen: string): [string, LogEntryAnon] {
    const entries = Object.entries(
      JSON.parse(answer.toString('utf8')) as Record<string, LogEntryAnon>,
    );
    assert.equal(entries.length, 1, `Rekor v1 answer with ${entries.length} entries (${seen})`);
    const [id, entry] = entries[0] as [string, LogEntryAnon];
    assert.ok(this.key, 'Rekor v1 key not loaded');
    const { inclusionProof: proof } = entry.verification;
    assert.ok(
      v1SetVerifies(entry, this.key),
      `Rekor v1 SET of ${entry.logIndex} does not verify (${seen})`,
    );
    const body = Buffer.from(entry.body, 'base64');
    assert.equal(id.slice(-64), leafHash(body).toString('hex'));
    const root = Buffer.from(proof.rootHash, 'hex');
    verifyInclusion(
      entry.logIndex,
      proof.treeSize,
      leafHash(body),
      proof.hashes.map((h) => Buffer.from(h, 'hex')),
      root,
    );
    const [text = '', signatures = ''] = proof.checkpoint.split('\n\n');
    assert.equal(
      text,
      `${ORIGIN} - ${this.treeId}\n${proof.treeSize}\n${root.toString('base64')}`,
      `Rekor v1 checkpoint (${seen})`,
    );
    const signature = Buffer.from(/ (\S+)\n$/.exec(signatures)?.[1] ?? '', 'base64');
    assert.ok(
      verify('sha256', Buffer.from(`${text}\n`), this.key, signature.subarray(4)),
      `Rekor v1 checkpoint signature (${seen})`,
    );
    this.observe(proof.treeSize, proof.rootHash, seen);
    return [id, entry];
  }

  record(request: Buffer, id: string, entry: LogEntryAnon): void {
    const previous = this.acks.get(entry.logIndex);
    if (previous !== undefined) {
      assert.equal(previous.id, id, `Rekor v1 index ${entry.logIndex} acknowledged twice`);
      return;
    }
    const { body, integratedTime, logIndex: index } = entry;
    this.acks.set(index, { request, id, index, body, integratedTime });
  }
}

export class CrashState {
  readonly acks = new Map<number, Ack>();
  private readonly ackList: Ack[] = [];
  /** Every checkpoint any response carried or /checkpoint served, by note text. */
  readonly checkpoints = new Map<string, ObservedCheckpoint>();
  /** Requests that got no acknowledgement (the process died under them), to resubmit. */
  unacknowledged: Buffer[] = [];
  verifier: NoteVerifier | undefined;
  logKey: string | undefined;
  readonly v1 = new V1CrashState();

  constructor(readonly random: SeededRandom) {}

  /** Verifies and records a checkpoint note; a second root for one size would be a fork. */
  observe(note: string, seen: string): ObservedCheckpoint {
    const known = this.checkpoints.get(note);
    if (known !== undefined) return known;
    assert.ok(this.verifier, 'log key not loaded');
    const parsed = verifyCheckpoint(note, [this.verifier]);
    assert.equal(parsed.origin, ORIGIN, `checkpoint origin (${seen})`);
    for (const other of this.checkpoints.values()) {
      if (other.size === parsed.size) {
        assert.deepEqual(
          parsed.rootHash,
          other.root,
          `two roots for tree size ${parsed.size}: fork (${seen} vs ${other.seen})`,
        );
      }
    }
    const observed = { note, size: parsed.size, root: parsed.rootHash, seen };
    this.checkpoints.set(note, observed);
    return observed;
  }

  /** The largest checkpoint observed so far. */
  latest(): ObservedCheckpoint | undefined {
    let best: ObservedCheckpoint | undefined;
    for (const c of this.checkpoints.values())
      if (best === undefined || c.size > best.size) best = c;
    return best;
  }

  /** Checks a 201 response and records the acknowledgement. */
  acknowledge(request: Buffer, response: HttpResponse, round: number): Ack {
    assert.equal(
      response.status,
      201,
      `POST entries: ${response.status} ${response.body.toString()}`,
    );
    const json = JSON.parse(response.body.toString('utf8')) as TransparencyLogEntryJson;
    const index = Number(json.logIndex);
    assert.ok(Number.isSafeInteger(index) && index >= 0, `logIndex ${json.logIndex}`);
    assert.equal(json.inclusionProof.logIndex, json.logIndex);
    const body = Buffer.from(json.canonicalizedBody, 'base64');
    const checkpoint = this.observe(
      json.inclusionProof.checkpoint.envelope,
      `ack of ${index} in round ${round}`,
    );
    assert.equal(Number(json.inclusionProof.treeSize), checkpoint.size);
    assert.equal(json.inclusionProof.rootHash, checkpoint.root.toString('base64'));
    const ack: Ack = {
      request,
      index,
      body,
      leaf: leafHash(body),
      round,
      checkpoint,
      proof: json.inclusionProof.hashes.map((h) => Buffer.from(h, 'base64')),
    };
    // The acknowledgement's own proof must hold against the checkpoint it came with.
    verifyInclusion(index, checkpoint.size, ack.leaf, ack.proof, checkpoint.root);
    return ack;
  }

  record(ack: Ack): void {
    const previous = this.acks.get(ack.index);
    if (previous !== undefined) {
      assert.deepEqual(
        ack.body,
        previous.body,
        `index ${ack.index} acknowledged for two different entries`,
      );
      return;
    }
    this.acks.set(ack.index, ack);
    this.ackList.push(ack);
  }

  /** A random acknowledged entry, if any. */
  pick(): Ack | undefined {
    return this.random.pick(this.ackList);
  }
}

/** A client-side view of the log at one checkpoint, answering proofs from the served tiles. */
export class TileClient {
  private readonly tree = new TiledTree();

  constructor(
    private readonly agent: Agent,
    private readonly url: string,
    readonly size: number,
  ) {
    this.tree.restoreEdge(size, [], []);
  }

  async fetch(path: string): Promise<Buffer | undefined> {
    const res = await send(this.agent, `${this.url}/${path}`);
    if (res.status === 404) return undefined;
    assert.equal(res.status, 200, `GET /${path}: ${res.status} ${res.body.toString()}`);
    return res.body;
  }

  /** Runs a proof computation, fetching each tile it needs. */
  prove<T>(lookup: (nodes: NodeSource) => T): Promise<T> {
    return loadingTiles(
      this.tree,
      this.size,
      (path) => this.fetch(path),
      () => lookup(this.tree),
    );
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface LoadResult {
  sent: number;
  /** New entries acknowledged. */
  acked: number;
  /** Retries of acknowledged entries answered with their index. */
  retried: number;
  /** Requests that were in flight when the process died. */
  cutOff: number;
}

/**
 * Runs WRITERS concurrent writer loops and a checkpoint poller against `server` until `acks`
 * new entries are acknowledged, then ends it with `end` (kill or stop) while they are still
 * running. A failure while the server is meant to be up fails the test; failures once it is
 * going down are the unacknowledged requests, kept for resubmission.
 */
export async function runLoad(
  state: CrashState,
  server: ServerProcess,
  agent: Agent,
  round: number,
  acks: number,
  end: (server: ServerProcess) => Promise<void>,
): Promise<LoadResult> {
  let goingDown = false;
  const result: LoadResult = { sent: 0, acked: 0, retried: 0, cutOff: 0 };
  let enough!: () => void;
  const reached = new Promise<'reached'>((resolve) => (enough = () => resolve('reached')));
  const factories = Array.from({ length: WRITERS }, () => new EntryFactory());
  const writer = async (factory: EntryFactory): Promise<void> => {
    while (!goingDown) {
      // Some requests are retries of acknowledged entries, as CI jobs retry: they must come back
      // at their index, under load, across restarts and during a shutdown.
      const retry = state.random.next() < RETRY_SHARE ? state.pick() : undefined;
      const request = retry?.request ?? Buffer.from(JSON.stringify(factory.request()));
      result.sent++;
      let response: HttpResponse;
      try {
        response = await send(agent, `${server.url}/api/v2/log/entries`, request);
      } catch (error) {
        if (!goingDown) {
          throw new Error(`request failed while the server was up: ${String(error)}`, {
            cause: error,
          });
        }
        if (retry === undefined) state.unacknowledged.push(request);
        result.cutOff++;
        return;
      }
      if (response.status === 503 && (goingDown || response.headers['retry-after'] !== undefined)) {
        // A clean shutdown refuses what arrives after the log closed, and a saturated server
        // pushes back (maxQueueDelayMs on a starved machine): not acknowledged either way.
        if (retry === undefined) state.unacknowledged.push(request);
        result.cutOff++;
        return;
      }
      if (response.status !== 201) {
        throw new Error(
          `POST entries (goingDown=${goingDown}, pid ${server.process.pid}): ${response.status} ${response.body.toString()}\nserver log tail:\n${server.stderr().slice(-4000)}`,
        );
      }
      // Any 201 is an acknowledgement, even one that arrives as the process is dying.
      const ack = state.acknowledge(request, response, round);
      if (retry !== undefined) {
        assert.equal(
          ack.index,
          retry.index,
          `a retry of entry ${retry.index} came back at ${ack.index}`,
        );
        result.retried++;
      } else {
        state.record(ack);
        result.acked++;
        if (result.acked >= acks) enough();
      }
    }
  };
  const v1Writer = async (factory: EntryFactory): Promise<void> => {
    while (!goingDown) {
      const request = Buffer.from(JSON.stringify(factory.v1Request()));
      let response: HttpResponse;
      try {
        response = await send(agent, `${server.url}/api/v1/log/entries`, request);
      } catch (error) {
        if (!goingDown)
          throw new Error(`Rekor v1 request failed while the server was up`, { cause: error });
        state.v1.unacknowledged.push(request);
        return;
      }
      if (goingDown && response.status === 503) {
        state.v1.unacknowledged.push(request);
        return;
      }
      assert.equal(response.status, 201, `POST /api/v1/log/entries: ${response.body.toString()}`);
      const [id, entry] = state.v1.check(response.body, `v1 ack in round ${round}`);
      state.v1.record(request, id, entry);
    }
  };
  const poller = async (): Promise<void> => {
    while (!goingDown) {
      try {
        const res = await send(agent, `${server.url}/checkpoint`);
        assert.equal(res.status, 200);
        state.observe(res.body.toString('utf8'), `/checkpoint in round ${round}`);
      } catch (error) {
        if (!goingDown) throw error;
        return;
      }
      await sleep(POLL_PAUSE_MS);
    }
  };
  const v1Factories = Array.from({ length: V1_WRITERS }, () => new EntryFactory());
  const running = Promise.allSettled([
    ...factories.map(writer),
    ...v1Factories.map(v1Writer),
    poller(),
  ]);
  // Until the acknowledgements arrive, a writer fails, or the bound passes.
  const outcome = await Promise.race([
    reached,
    running.then(() => 'stopped' as const),
    sleep(LOAD_BOUND_MS, 'timeout' as const, { ref: false }),
  ]);
  goingDown = true;
  await end(server);
  for (const task of await running) if (task.status === 'rejected') throw task.reason;
  assert.equal(
    outcome,
    'reached',
    `round ${round}: ${result.acked} of ${acks} entries acknowledged within ${LOAD_BOUND_MS} ms`,
  );
  return result;
}

/**
 * The checks after every (re)start: the served checkpoint is signed by the log key, extends
 * every checkpoint ever observed (no fork, nothing rolled back), and contains every
 * acknowledged entry at its index, both in the hash tiles and in the entry bundles. Returns
 * the verified checkpoint.
 */
export async function verifyLog(
  state: CrashState,
  server: ServerProcess,
  agent: Agent,
  when: string,
): Promise<ObservedCheckpoint> {
  const trustedRoot = await send(agent, `${server.url}/trusted_root.json`);
  assert.equal(trustedRoot.status, 200);
  const logKey = (
    JSON.parse(trustedRoot.body.toString('utf8')) as {
      tlogs: { publicKey: { rawBytes: string } }[];
    }
  ).tlogs[0]?.publicKey.rawBytes;
  assert.ok(logKey, 'trusted root has no tlog key');
  if (state.logKey === undefined) {
    state.logKey = logKey;
    state.verifier = noteVerifier(
      ORIGIN,
      createPublicKey({ key: Buffer.from(logKey, 'base64'), format: 'der', type: 'spki' }),
    );
  }
  assert.equal(logKey, state.logKey, 'the log key changed across a restart');

  const served = await send(agent, `${server.url}/checkpoint`);
  assert.equal(served.status, 200);
  const before = state.latest();
  const checkpoint = state.observe(served.body.toString('utf8'), `/checkpoint ${when}`);
  const size = checkpoint.size;
  const tiles = new TileClient(agent, server.url, size);

  // The served tiles hash to the signed root.
  assert.deepEqual(
    await tiles.prove((nodes) => rootHash(size, nodes)),
    checkpoint.root,
    `tiles do not hash to the root ${when}`,
  );

  // Never a fork, never a rollback: every checkpoint ever seen (the last one before the crash
  // included) is a prefix of this one.
  if (before !== undefined)
    assert.ok(
      size >= before.size,
      `${when}: tree size ${size} is below the ${before.size} seen before`,
    );
  for (const old of state.checkpoints.values()) {
    assert.ok(
      old.size <= size,
      `${when}: checkpoint of size ${old.size} (${old.seen}) is beyond the served size ${size}`,
    );
    if (old.size === 0) continue;
    const proof = await tiles.prove((nodes) => consistencyProof(old.size, size, nodes));
    verifyConsistency(old.size, size, old.root, checkpoint.root, proof);
  }

  // Every acknowledged entry is at its index: inclusion proof against the new checkpoint.
  for (const ack of state.acks.values()) {
    assert.ok(
      ack.index < size,
      `${when}: acknowledged index ${ack.index} is beyond the tree size ${size}`,
    );
    const proof = await tiles.prove((nodes) => inclusionProof(ack.index, size, nodes));
    verifyInclusion(ack.index, size, ack.leaf, proof, checkpoint.root);
  }

  // The entry bundles hold exactly the acknowledged bodies, and every entry in them matches its
  // leaf hash in the tiles; no entry appears twice (resubmissions were deduplicated).
  const leaves = new Set<string>();
  for (let bundleIndex = 0; bundleIndex * TILE_WIDTH < size; bundleIndex++) {
    const width = Math.min(TILE_WIDTH, size - bundleIndex * TILE_WIDTH);
    const path = entriesPath(bundleIndex, width === TILE_WIDTH ? undefined : width);
    const data = await tiles.fetch(path);
    assert.ok(data, `${when}: ${path} is not served`);
    const entries = decodeBundle(data);
    assert.ok(entries !== undefined && entries.length === width, `${when}: ${path} is malformed`);
    const hashes = await tiles.prove((nodes) =>
      entries.map((_, i) => Buffer.from(nodes.node(0, bundleIndex * TILE_WIDTH + i))),
    );
    for (const [i, entry] of entries.entries()) {
      const index = bundleIndex * TILE_WIDTH + i;
      const leaf = leafHash(entry);
      assert.deepEqual(
        leaf,
        hashes[i],
        `${when}: entry ${index} in ${path} does not match its leaf hash`,
      );
      const key = leaf.toString('base64');
      assert.ok(!leaves.has(key), `${when}: entry ${index} is a duplicate of an earlier entry`);
      leaves.add(key);
      const ack = state.acks.get(index);
      if (ack !== undefined)
        assert.deepEqual(entry, ack.body, `${when}: entry ${index} is not the acknowledged body`);
    }
  }
  await verifyV1Log(state.v1, server, agent, when);
  return checkpoint;
}

/**
 * The same for the Rekor v1 log, through its own API: the tree ID never changes, every tree
 * head seen is consistent with the served one, and every acknowledged entry is served at its
 * index with the same body and integratedTime, under a SET and proof that verify.
 */
export async function verifyV1Log(
  v1: V1CrashState,
  server: ServerProcess,
  agent: Agent,
  when: string,
): Promise<void> {
  const key = (await send(agent, `${server.url}/api/v1/log/publicKey`)).body.toString('utf8');
  const info = JSON.parse((await send(agent, `${server.url}/api/v1/log`)).body.toString()) as {
    treeID: string;
    treeSize: number;
    rootHash: string;
  };
  if (v1.treeId === undefined) {
    v1.treeId = info.treeID;
    v1.key = createPublicKey(key);
  }
  assert.equal(info.treeID, v1.treeId, `${when}: the Rekor v1 tree ID changed`);
  assert.equal(
    createPublicKey(key).export({ type: 'spki', format: 'pem' }),
    v1.key?.export({ type: 'spki', format: 'pem' }),
    `${when}: the Rekor v1 key changed`,
  );
  v1.observe(info.treeSize, info.rootHash, `/api/v1/log ${when}`);
  for (const [size, root] of v1.roots) {
    assert.ok(
      size <= info.treeSize,
      `${when}: Rekor v1 size ${size} seen, ${info.treeSize} served`,
    );
    if (size === 0 || size === info.treeSize) continue;
    const res = await send(
      agent,
      `${server.url}/api/v1/log/proof?firstSize=${size}&lastSize=${info.treeSize}`,
    );
    assert.equal(res.status, 200, `${when}: Rekor v1 proof from ${size}: ${res.body.toString()}`);
    const proof = JSON.parse(res.body.toString()) as { rootHash: string; hashes: string[] };
    assert.equal(proof.rootHash, info.rootHash);
    verifyConsistency(
      size,
      info.treeSize,
      Buffer.from(root, 'hex'),
      Buffer.from(info.rootHash, 'hex'),
      proof.hashes.map((h) => Buffer.from(h, 'hex')),
    );
  }
  await pool([...v1.acks.values()], 16, async (ack) => {
    const res = await send(agent, `${server.url}/api/v1/log/entries?logIndex=${ack.index}`);
    assert.equal(res.status, 200, `${when}: Rekor v1 entry ${ack.index}: ${res.body.toString()}`);
    const [id, entry] = v1.check(res.body, `Rekor v1 entry ${ack.index} ${when}`);
    assert.deepEqual(
      [id, entry.body, entry.integratedTime],
      [ack.id, ack.body, ack.integratedTime],
      `${when}: Rekor v1 entry ${ack.index} is not what was acknowledged`,
    );
  });
}

/**
 * Rekor v1 after a restart: acknowledged entries resubmitted are 409 with their location, and
 * the cut-off ones get one index each (201, or 409 when they had become durable).
 */
export async function resubmitV1(
  v1: V1CrashState,
  server: ServerProcess,
  agent: Agent,
): Promise<void> {
  const acked = [...v1.acks.values()].slice(-RESUBMIT_OLDER);
  await pool(acked, 8, async (ack) => {
    const res = await send(agent, `${server.url}/api/v1/log/entries`, ack.request);
    assert.equal(res.status, 409, `Rekor v1 resubmission of ${ack.index}: ${res.body.toString()}`);
    assert.equal(res.headers.location, `/api/v1/log/entries/${ack.id}`);
  });
  const cutOff = v1.unacknowledged;
  v1.unacknowledged = [];
  await pool(cutOff, 8, async (request) => {
    const res = await send(agent, `${server.url}/api/v1/log/entries`, request);
    if (res.status === 409) {
      const read = await send(agent, `${server.url}${res.headers.location as string}`);
      assert.equal(read.status, 200);
      const [id, entry] = v1.check(read.body, 'a cut-off Rekor v1 entry that was durable');
      v1.record(request, id, entry);
      return;
    }
    assert.equal(res.status, 201, `Rekor v1 cut-off resubmission: ${res.body.toString()}`);
    const [id, entry] = v1.check(res.body, 'a cut-off Rekor v1 entry resubmitted');
    v1.record(request, id, entry);
  });
}

/**
 * Resubmits acknowledged entries (all of `round`'s and a sample of older ones) and the requests
 * the crash cut off: acknowledged ones must come back at their index, cut-off ones at one
 * index each, whether or not they had become durable before the crash. Then checks that the
 * log did not grow from the duplicates.
 */
export async function resubmit(
  state: CrashState,
  server: ServerProcess,
  agent: Agent,
  round: number,
  checkpoint: ObservedCheckpoint,
): Promise<number> {
  const acks = [...state.acks.values()];
  const recent = acks.filter((a) => a.round === round);
  const older = state.random.sample(
    acks.filter((a) => a.round !== round),
    RESUBMIT_OLDER,
  );
  await pool([...recent, ...older], 16, async (ack) => {
    const response = await send(agent, `${server.url}/api/v2/log/entries`, ack.request);
    const again = state.acknowledge(ack.request, response, round);
    assert.equal(
      again.index,
      ack.index,
      `resubmitted entry ${ack.index} came back at ${again.index}`,
    );
    assert.equal(response.headers['x-log-index'], String(ack.index), 'duplicate not flagged');
    assert.equal(again.checkpoint.note, checkpoint.note, 'a duplicate moved the checkpoint');
  });
  const after = await send(agent, `${server.url}/checkpoint`);
  assert.equal(
    after.body.toString('utf8'),
    checkpoint.note,
    'resubmitting acknowledged entries changed the log',
  );

  // Cut-off requests: may or may not be in the log already; either way they get one index.
  const cutOff = state.unacknowledged;
  state.unacknowledged = [];
  let alreadyDurable = 0;
  await pool(cutOff, 16, async (request) => {
    const response = await send(agent, `${server.url}/api/v2/log/entries`, request);
    const ack = state.acknowledge(request, response, round);
    if (ack.index < checkpoint.size) {
      alreadyDurable++;
      assert.equal(
        response.headers['x-log-index'],
        String(ack.index),
        'an entry already in the log was not flagged as a duplicate',
      );
    }
    state.record(ack);
  });
  return alreadyDurable;
}
