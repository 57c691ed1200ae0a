import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { AdmittedRequest, SigningRequestForm } from '../src/ca/fulcio.js';
import type { IdentityConfig } from '../src/oidc/issuers.js';
import { type Signer, localSigner } from '../src/kms/signer.js';
import type { TokenVerifier } from '../src/oidc/verify.js';
import { HASHEDREKORD, type LoggableEntry } from '../src/tlog/rekor.js';
import { ServerError } from './http.js';
import type { Logger } from './logger.js';
import {
  CERTIFICATE_JOB,
  type JobKind,
  type VerifyBatch,
  WORKER_ROLE,
  type WorkerMessage,
  type WireError,
  type WorkerSetup,
  type WorkerTemplate,
  admitRequestBody,
  decodeAdmitted,
  encodeAdmitted,
  fromWireError,
  pack,
  tokenVerifierFor,
  verifyRequestBody,
} from './verify-worker.js';

/**
 * Request verification and local-key signing in worker threads, so that the event loop keeps
 * only HTTP and the logs: Rekor entries (JSON parse, validation, signature check, canonical
 * JSON), the CA's admission of signing-certificate requests (token, identity, proof of
 * possession), and signatures with local keys given at start-up (`signer(name)`: the issuing
 * CA's certificates; a P-384 signature costs about 600 µs of CPU).
 * Requests that arrive in the same turn of the event loop travel to a worker as one message
 * (bodies packed into one transferred ArrayBuffer). Each comes back as soon as it is done, by
 * id, so a certificate request waiting on a slow issuer holds nothing else; errors come back
 * as code and message and are rethrown on the main thread as the same error class, so HTTP
 * answers do not change.
 *
 * Under overload the pool sheds by time, not only by count: a client that keeps many requests
 * outstanding never fills `maxQueue`, it only waits longer. When the oldest request a worker
 * has not yet started has waited longer than `maxQueueDelayMs` (its sojourn time, as in CoDel),
 * new requests are refused at once (503, their bodies unread); and a request a worker picks up
 * after waiting that long is answered 503 without the work, since its client has likely given
 * up or is about to retry. Signatures are never shed: they finish requests already admitted.
 */

export interface RequestVerifier {
  /** A Rekor v2 entry request body, verified and canonicalised. */
  verify(body: Buffer): Promise<LoggableEntry>;
  /** A signingCert request body (v2 unless `form` says v1) and its Authorization header, admitted. */
  admit(
    body: Buffer,
    authorization: string | undefined,
    form?: SigningRequestForm,
  ): Promise<AdmittedRequest>;
  /**
   * Throws the 503 a new request of `kind` gets now, when the queue it would join has waited
   * longer than `maxQueueDelayMs`; a server checks it before reading the request's body.
   */
  shedIfBusy(kind: JobKind): void;
  /**
   * A Signer for the key started as `signingKeys[name]`, signing in the workers (on the calling
   * thread when there are none, or none is running). Throws for a name it was not given.
   */
  signer(name: string): Signer;
  close(): Promise<void>;
}

/** A private key held in this process, and the reference messages name it by. */
export interface LocalKey {
  key: KeyObject;
  ref: string;
}

/** Where a request was shed: refused on arrival, or expired in the queue before any work. */
export type ShedStage = 'arrival' | 'pickup';

export interface VerifyPoolOptions {
  /** Worker threads; 0 verifies on the calling thread. */
  size: number;
  /** Requests queued or in flight per worker before new ones are refused (503). */
  maxQueue?: number;
  /** Most requests in one message to a worker. */
  maxBatch?: number;
  /** Longest a request may wait for a worker; see DEFAULT_MAX_QUEUE_DELAY_MS. */
  maxQueueDelayMs?: number;
  /** Called for each request shed by `maxQueueDelayMs` (metrics). */
  onShed?: (kind: JobKind, stage: ShedStage) => void;
  logger?: Logger;
  /** The worker script (tests); by default verify-worker.js beside this module. */
  workerUrl?: URL;
  /** The CA's issuers, for certificate requests; without them `admit` refuses. */
  identity?: IdentityConfig;
  /**
   * The CA's leaf template: admitted certificate requests come back with their certificate
   * drafted (AdmittedRequest.draft) when a worker admitted them.
   */
  certificateTemplate?: WorkerTemplate;
  /** Local EC P-256/P-384 keys the workers sign with, by the name `signer` takes. */
  signingKeys?: Readonly<Record<string, LocalKey>>;
}

export const DEFAULT_MAX_QUEUE = 1024;
/**
 * Longest a request may wait for a verification worker before new ones are shed (503 with
 * Retry-After) and it is answered 503 unverified. A healthy wait is a few milliseconds and a
 * healthy write's p99 100–300 ms (docs/performance.md), so 1 s means overload, not a burst,
 * while leaving a shed request's client most of its time to retry.
 */
export const DEFAULT_MAX_QUEUE_DELAY_MS = 1000;
/**
 * The worker script, beside this module (build/server/). A variable, not a literal in
 * `new URL(...)`, so that a bundler would leave the reference alone instead of copying the
 * unbundled file as an asset: the worker must be an entry point of its own in any bundle.
 */
const WORKER_FILE = './verify-worker.js';
const DEFAULT_MAX_BATCH = 64;
/** Wait before replacing a worker that died before it was ready, so a broken build cannot spin. */
export const RESPAWN_DELAY_MS = 1000;

// ---------------------------------------------------------------- the pool

interface Job {
  kind: JobKind;
  body: Buffer;
  /** The Authorization header of a certificate request, or the key name of a signature. */
  arg: string;
  /** When it was accepted (Date.now(), which the worker's clock shares). */
  queuedAt: number;
  /** Gets the worker's result bytes (a canonical entry, or an encoded admitted request). */
  resolve(result: Buffer): void;
  reject(error: Error): void;
}

interface Slot {
  index: number;
  worker: Worker;
  ready: boolean;
  /** Accepted, not yet posted. */
  pending: Job[];
  /** Posted and not yet answered, by id; the worker answers each job when it finishes. */
  inFlight: Map<number, Job>;
  /** Batches posted that the worker has not said it started, oldest first. */
  unstarted: { lastId: number; queuedAt: number }[];
  /** pending + inFlight. */
  load: number;
  /** Set when the pool terminates it, so its exit is not a crash. */
  retiring: boolean;
}

const entryFrom = (body: Buffer): LoggableEntry => ({ body, ...HASHEDREKORD });

/** What a job needs on the calling thread: the token verifier (lazily) and the local signers. */
interface HereContext {
  verifier: () => TokenVerifier;
  signers: ReadonlyMap<string, Signer>;
}

/** Runs one job on the calling thread, with the same result bytes a worker would send. */
async function runHere(
  job: Pick<Job, 'kind' | 'body' | 'arg'>,
  here: HereContext,
): Promise<Buffer> {
  if (job.kind === 'entry') return verifyRequestBody(job.body).body;
  if (job.kind === 'sign') return signerNamed(here.signers, job.arg).sign(job.body);
  return encodeAdmitted(
    await admitRequestBody(here.verifier(), job.kind, job.body, job.arg || undefined),
  );
}

function signerNamed(signers: ReadonlyMap<string, Signer>, name: string): Signer {
  const signer = signers.get(name);
  if (signer === undefined) {
    throw new Error(`no signing key '${name}' was given to the request verifier`);
  }
  return signer;
}

/** Signers on this thread for `keys`, refusing (KEY_UNSUPPORTED) a key that cannot sign. */
const localSignersOf = (keys: VerifyPoolOptions['signingKeys'] = {}): Map<string, Signer> =>
  new Map(Object.entries(keys).map(([name, { key, ref }]) => [name, localSigner(key, ref)]));

/** Lazily, since a service without the CA role never admits anything. */
function lazyTokenVerifier(identity: IdentityConfig | undefined): () => TokenVerifier {
  let verifier: TokenVerifier | undefined;
  return () => {
    if (identity === undefined) throw new Error('no CA issuers were configured for admission');
    verifier ??= tokenVerifierFor(identity);
    return verifier;
  };
}

/** Verifies and signs on the calling thread (`verifyWorkers: 0`). */
export function inThreadVerifier(
  identity?: IdentityConfig,
  signingKeys?: VerifyPoolOptions['signingKeys'],
): RequestVerifier {
  const here = { verifier: lazyTokenVerifier(identity), signers: localSignersOf(signingKeys) };
  return {
    verify: async (body) => entryFrom(await runHere({ kind: 'entry', body, arg: '' }, here)),
    admit: async (body, authorization, form = 'v2') =>
      decodeAdmitted(
        await runHere({ kind: CERTIFICATE_JOB[form], body, arg: authorization ?? '' }, here),
      ),
    // Nothing queues here: the event loop itself is the only wait.
    shedIfBusy: () => undefined,
    signer: (name) => signerNamed(here.signers, name),
    close: () => Promise.resolve(),
  };
}

/** A pool of `size` workers, or the in-thread verifier for 0. */
export const startRequestVerifier = (options: VerifyPoolOptions): Promise<RequestVerifier> =>
  options.size === 0
    ? Promise.resolve(inThreadVerifier(options.identity, options.signingKeys))
    : VerifyPool.start(options);

export class VerifyPool implements RequestVerifier {
  private readonly slots: (Slot | undefined)[];
  private readonly maxQueue: number;
  private readonly maxBatch: number;
  private readonly maxQueueDelayMs: number;
  private readonly onShed: VerifyPoolOptions['onShed'];
  private readonly workerUrl: URL;
  private readonly logger: Logger | undefined;
  private readonly setup: WorkerSetup;
  private readonly here: HereContext;
  private nextId = 0;
  private flushScheduled = false;
  private closing = false;
  private idle: (() => void) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(options: VerifyPoolOptions) {
    this.slots = new Array<Slot | undefined>(options.size).fill(undefined);
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.maxQueueDelayMs = options.maxQueueDelayMs ?? DEFAULT_MAX_QUEUE_DELAY_MS;
    this.onShed = options.onShed;
    this.workerUrl = options.workerUrl ?? new URL(WORKER_FILE, import.meta.url);
    this.logger = options.logger;
    this.here = {
      verifier: lazyTokenVerifier(options.identity),
      signers: localSignersOf(options.signingKeys),
    };
    const signingKeys = Object.fromEntries(
      Object.entries(options.signingKeys ?? {}).map(([name, { key }]) => [
        name,
        key.export({ format: 'der', type: 'pkcs8' }),
      ]),
    );
    this.setup = {
      role: WORKER_ROLE,
      maxQueueDelayMs: this.maxQueueDelayMs,
      ...(options.identity ? { identity: options.identity } : {}),
      ...(options.certificateTemplate ? { certificateTemplate: options.certificateTemplate } : {}),
      signingKeys,
    };
  }

  /** Starts `size` (at least 1) workers and waits until every one has loaded. */
  static async start(options: VerifyPoolOptions): Promise<VerifyPool> {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new RangeError(`a verification pool needs at least one worker, got ${options.size}`);
    }
    const pool = new VerifyPool(options);
    try {
      await Promise.all(pool.slots.map((_, i) => pool.spawn(i)));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** The workers' thread ids, in slot order (diagnostics and tests). */
  get threadIds(): number[] {
    return this.slots.flatMap((s) => (s === undefined ? [] : [s.worker.threadId]));
  }

  /** Requests accepted and not yet answered. */
  get load(): number {
    return this.slots.reduce((sum, s) => sum + (s?.load ?? 0), 0);
  }

  /** How long the oldest request no worker has started has waited, in ms (0: none waits). */
  get queueDelayMs(): number {
    const now = Date.now();
    return this.slots.reduce((most, s) => Math.max(most, s ? delayOf(s, now) : 0), 0);
  }

  /** Terminates one worker as if it had crashed (tests). */
  async killWorker(index: number): Promise<void> {
    await this.slots[index]?.worker.terminate();
  }

  verify(body: Buffer): Promise<LoggableEntry> {
    return this.submit('entry', body, '').then(entryFrom);
  }

  admit(
    body: Buffer,
    authorization: string | undefined,
    form: SigningRequestForm = 'v2',
  ): Promise<AdmittedRequest> {
    return this.submit(CERTIFICATE_JOB[form], body, authorization ?? '').then(decodeAdmitted);
  }

  shedIfBusy(kind: JobKind): void {
    const { delayed } = this.choose(kind);
    if (delayed !== undefined) throw this.shed(kind, delayed);
  }

  signer(name: string): Signer {
    const local = signerNamed(this.here.signers, name);
    return { ...local, sign: (data) => this.submit('sign', data, name) };
  }

  /**
   * The least-loaded ready worker whose queue has not waited past `maxQueueDelayMs` (any ready
   * one for a signature, which is never shed); when every ready one has, the longest wait among
   * them (`delayed`); neither when no worker is ready.
   */
  private choose(kind: JobKind): { slot?: Slot; delayed?: number } {
    const now = Date.now();
    const limit = kind === 'sign' ? Infinity : this.maxQueueDelayMs;
    let best: Slot | undefined;
    let delayed: number | undefined;
    for (const slot of this.slots) {
      if (!slot?.ready) continue;
      const delay = delayOf(slot, now);
      if (delay > limit) delayed = Math.max(delayed ?? 0, delay);
      else if (best === undefined || slot.load < best.load) best = slot;
    }
    return best === undefined ? { delayed } : { slot: best };
  }

  private shed(kind: JobKind, delay: number): ServerError {
    this.onShed?.(kind, 'arrival');
    return new ServerError(
      'OVERLOADED',
      `request verification is saturated: the oldest of ${this.load} requests has waited ${delay} ms for a worker (maxQueueDelayMs ${this.maxQueueDelayMs}); retry later`,
    );
  }

  private submit(kind: JobKind, body: Buffer, arg: string): Promise<Buffer> {
    // A signature finishes a request already admitted: it is never refused, and once the pool
    // is closing it is made here rather than racing the workers' shutdown.
    if (this.closing && kind === 'sign') return runHere({ kind, body, arg }, this.here);
    if (this.closing) {
      return Promise.reject(
        new ServerError('UNAVAILABLE', 'the server is shutting down', {
          headers: { 'retry-after': '1' },
        }),
      );
    }
    const { slot: best, delayed } = this.choose(kind);
    if (delayed !== undefined) return Promise.reject(this.shed(kind, delayed));
    // No worker alive (all being replaced): verify here rather than fail.
    if (best === undefined) return runHere({ kind, body, arg }, this.here);
    if (best.load >= this.maxQueue && kind !== 'sign') {
      return Promise.reject(
        new ServerError(
          'UNAVAILABLE',
          `request verification is saturated (${this.load} requests waiting); retry later`,
          { headers: { 'retry-after': '1' } },
        ),
      );
    }
    const slot = best;
    return new Promise<Buffer>((resolve, reject) => {
      slot.pending.push({ kind, body, arg, queuedAt: Date.now(), resolve, reject });
      slot.load++;
      if (slot.pending.length >= this.maxBatch) this.flush(slot);
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          for (const slot of this.slots) if (slot !== undefined) this.flush(slot);
        });
      }
    });
  }

  /**
   * Refuses new requests, waits for the accepted ones to be answered, then stops the workers.
   * Callers whose verification finished get their turn (a macrotask) before this resolves.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.load > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    await new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.all(
      this.slots.map((slot) => {
        if (slot === undefined) return undefined;
        slot.retiring = true;
        return slot.worker.terminate();
      }),
    );
  }

  private flush(slot: Slot): void {
    if (slot.pending.length === 0 || !slot.ready) return;
    const jobs = slot.pending.splice(0, this.maxBatch);
    const ids = jobs.map((job) => {
      const id = this.nextId++;
      slot.inFlight.set(id, job);
      return id;
    });
    const data = pack(jobs.map((j) => j.body));
    const message: VerifyBatch = {
      ids,
      kinds: jobs.map((j) => j.kind),
      args: jobs.map((j) => j.arg),
      queuedAt: jobs.map((j) => j.queuedAt),
      lengths: jobs.map((j) => j.body.length),
      data,
    };
    slot.unstarted.push({ lastId: ids.at(-1) as number, queuedAt: (jobs[0] as Job).queuedAt });
    slot.worker.postMessage(message, [data]);
    if (slot.pending.length > 0) this.flush(slot);
  }

  private spawn(index: number): Promise<void> {
    const worker = new Worker(this.workerUrl, { workerData: this.setup });
    const slot: Slot = {
      index,
      worker,
      ready: false,
      pending: [],
      inFlight: new Map(),
      unstarted: [],
      load: 0,
      retiring: false,
    };
    this.slots[index] = slot;
    return new Promise<void>((resolve, reject) => {
      let failure: Error | undefined;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          slot.ready = true;
          resolve();
          this.flush(slot);
        } else {
          this.answer(slot, message);
        }
      });
      worker.on('error', (error) => {
        failure = error;
        this.logger?.error('signature verification worker failed', {
          threadId: worker.threadId,
          error: String(error.stack ?? error),
        });
      });
      worker.once('exit', (code) => {
        const wasReady = slot.ready;
        slot.ready = false;
        if (this.slots[index] === slot) this.slots[index] = undefined;
        if (!wasReady) reject(failure ?? new Error(`verification worker exited with code ${code}`));
        this.fail(slot, code, wasReady);
      });
    });
  }

  /** A worker is gone: fail what it was verifying, re-queue what it never got, replace it. */
  private fail(slot: Slot, code: number, wasReady: boolean): void {
    const lost = [...slot.inFlight.values()];
    slot.inFlight.clear();
    const requeue = slot.pending;
    slot.pending = [];
    slot.unstarted = [];
    slot.load = 0;
    if (slot.retiring && lost.length === 0) return;
    if (lost.length > 0) {
      this.logger?.error('signature verification worker stopped; its requests fail', {
        threadId: slot.worker.threadId,
        exitCode: code,
        failedRequests: lost.length,
      });
    }
    for (const job of lost) {
      job.reject(
        new ServerError(
          'INTERNAL',
          job.kind === 'sign'
            ? `signing with '${job.arg}' failed: the worker thread signing it stopped`
            : 'signature verification failed: the verification worker stopped',
        ),
      );
    }
    if (!this.closing) {
      const respawn = (): void => {
        this.spawn(slot.index).catch((error: unknown) => {
          this.logger?.error('could not replace a signature verification worker', {
            error: String((error as Error)?.stack ?? error),
          });
        });
      };
      if (wasReady) respawn();
      else {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          respawn();
        }, RESPAWN_DELAY_MS);
        this.timers.add(timer);
      }
    }
    // Requeued jobs were never sent: hand them to the live workers (or verify them here).
    for (const job of requeue) {
      this.submit(job.kind, job.body, job.arg).then(job.resolve, job.reject);
    }
    this.checkIdle();
  }

  private answer(slot: Slot, message: Extract<WorkerMessage, { type: 'done' }>): void {
    const unknown = message.ids.find((id) => !slot.inFlight.has(id));
    if (unknown !== undefined || message.ids.length !== message.results.length) {
      // Cannot happen with this worker. Never misroute answers: treat it as a crash, so that
      // everything the worker holds fails and a fresh worker takes over.
      this.logger?.error('signature verification worker answered a job it was not given', {
        threadId: slot.worker.threadId,
        id: unknown,
        ids: message.ids.length,
        results: message.results.length,
      });
      void slot.worker.terminate();
      return;
    }
    while (slot.unstarted[0] !== undefined && slot.unstarted[0].lastId <= message.started) {
      slot.unstarted.shift();
    }
    const data = Buffer.from(message.data);
    let offset = 0;
    message.ids.forEach((id, i) => {
      const job = slot.inFlight.get(id) as Job;
      slot.inFlight.delete(id);
      slot.load--;
      const result = message.results[i] as number | WireError;
      if (typeof result === 'number') {
        // A copy, so that a long-lived entry does not pin the whole message's buffer.
        const bytes = Buffer.from(data.subarray(offset, offset + result));
        offset += result;
        job.resolve(bytes);
      } else {
        if (result.kind === 'ServerError' && result.code === 'OVERLOADED') {
          this.onShed?.(job.kind, 'pickup');
        }
        job.reject(fromWireError(result));
      }
    });
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.idle !== undefined && this.load === 0) {
      const idle = this.idle;
      this.idle = undefined;
      idle();
    }
  }
}

/** How long the oldest job of `slot` not yet started by its worker has waited, in ms. */
function delayOf(slot: Slot, now: number): number {
  const oldest = slot.unstarted[0]?.queuedAt ?? slot.pending[0]?.queuedAt;
  return oldest === undefined ? 0 : now - oldest;
}
