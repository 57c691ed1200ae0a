import { createPrivateKey } from 'node:crypto';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { CertificateTemplate, type CertificateTemplateOptions } from '../src/ca/authority.js';
import { CaError } from '../src/ca/error.js';
import type { CertificateIdentity } from '../src/ca/extensions.js';
import {
  type AdmittedRequest,
  type SigningRequestForm,
  admitSigningRequest,
} from '../src/ca/fulcio.js';
import { CoreError, SignetError } from '../src/core/error.js';
import { KmsError } from '../src/kms/error.js';
import { type Signer, localSigner } from '../src/kms/signer.js';
import { PrehashError } from '../src/core/prehash.js';
import { OidcError } from '../src/oidc/error.js';
import { type IdentityConfig, IssuerRegistry } from '../src/oidc/issuers.js';
import { TokenVerifier } from '../src/oidc/verify.js';
import { TlogError } from '../src/tlog/error.js';
import { type LoggableEntry, entryFromRequest } from '../src/tlog/rekor.js';
import { ServerError, parseJson } from './http.js';

/**
 * The request verification worker of verify-pool.ts, and the message format both sides share.
 * Loaded with `workerData.role` = WORKER_ROLE it serves batches of three kinds of job: Rekor
 * entries (parse, verify the signature, canonicalise), signing-certificate requests (token,
 * identity, proof of possession: the CA's admission), and signatures with the local keys it
 * was given at start-up (the issuing CA's final certificates). Results travel packed into one
 * transferred buffer; every error is caught per request and sent back, so no input can stop
 * the thread. Imported anywhere else (the pool imports it for the format) it only defines
 * things.
 *
 * This file must not import verify-pool.ts: scripts/bundle.js bundles it as an entry point of
 * its own, and it has no use for the pool.
 */

export const WORKER_ROLE = 'signet-verify-worker';

/** What a worker is started with. */
export interface WorkerSetup {
  role: typeof WORKER_ROLE;
  /** The CA's issuers; without them the worker refuses certificate jobs. */
  identity?: IdentityConfig;
  /** A job that waited longer than this before the worker picked it up is answered unverified. */
  maxQueueDelayMs: number;
  /**
   * Private keys (PKCS#8 DER) the worker signs with, by name. A worker that cannot load one
   * fails to start, so the pool does too.
   */
  signingKeys?: Record<string, Uint8Array>;
  /** The CA's leaf template: certificate jobs come back with their certificate drafted. */
  certificateTemplate?: WorkerTemplate;
}

/** `sign`: a signature over the body with the setup's key named by the job's `arg`. */
/** A template's settings as they reach a worker (a clock cannot cross threads). */
export type WorkerTemplate = Omit<CertificateTemplateOptions, 'now'>;

export type JobKind = 'entry' | 'certificate' | 'certificate-v1' | 'sign';

/** The certificate job kind for each signingCert API. */
export const CERTIFICATE_JOB: Record<SigningRequestForm, JobKind> = {
  v1: 'certificate-v1',
  v2: 'certificate',
};

/** What a log-entry POST body becomes: the canonical entry, or the error `entryFromRequest` throws. */
export function verifyRequestBody(body: Buffer): LoggableEntry {
  return entryFromRequest(parseJson(body));
}

/** The CA's admission of a signingCert POST body, with the request's Authorization header. */
export const admitRequestBody = (
  verifier: TokenVerifier,
  kind: Exclude<JobKind, 'entry'>,
  body: Buffer,
  authorization: string | undefined,
): Promise<AdmittedRequest> =>
  admitSigningRequest(
    verifier,
    parseJson(body),
    authorization,
    kind === 'certificate-v1' ? 'v1' : 'v2',
  );

export const tokenVerifierFor = (identity: IdentityConfig): TokenVerifier =>
  new TokenVerifier(new IssuerRegistry(identity));

/**
 * An admitted request as bytes, to travel in a batch's packed buffer: the identity as JSON
 * (u32 length first), the key (u16 length first), then the draft if any: the serial (u8 length
 * first) and the TBS to the end. Keys and TBS travel as bytes, not base64 in JSON: the event
 * loop decodes one per certificate.
 */
export function encodeAdmitted({ identity, publicKey, draft }: AdmittedRequest): Buffer {
  const json = Buffer.from(JSON.stringify(identity));
  const head = Buffer.allocUnsafe(6);
  head.writeUInt32BE(json.length, 0);
  head.writeUInt16BE(publicKey.length, 4);
  const parts = [head, json, publicKey];
  if (draft) parts.push(Buffer.from([draft.serial.length]), draft.serial, draft.tbs);
  return Buffer.concat(parts);
}

export function decodeAdmitted(bytes: Buffer): AdmittedRequest {
  const jsonEnd = 6 + bytes.readUInt32BE(0);
  const keyEnd = jsonEnd + bytes.readUInt16BE(4);
  const identity = JSON.parse(bytes.toString('utf8', 6, jsonEnd)) as CertificateIdentity;
  const admitted = { identity, publicKey: bytes.subarray(jsonEnd, keyEnd) };
  if (keyEnd === bytes.length) return admitted;
  const serialEnd = keyEnd + 1 + (bytes[keyEnd] as number);
  return {
    ...admitted,
    draft: { serial: bytes.subarray(keyEnd + 1, serialEnd), tbs: bytes.subarray(serialEnd) },
  };
}

// ---------------------------------------------------------------- wire format

/** An error as it crosses the thread boundary. */
export interface WireError {
  /** Which class to rebuild; anything unknown becomes a plain Error (a 500). */
  kind:
    | 'ServerError'
    | 'TlogError'
    | 'PrehashError'
    | 'CoreError'
    | 'OidcError'
    | 'CaError'
    | 'KmsError'
    | 'Error';
  code: string;
  message: string;
  headers?: Record<string, string>;
  stack?: string;
}

/** Main thread to worker: request bodies packed back to back into `data`. */
export interface VerifyBatch {
  /** Per job, the id its answer carries. */
  ids: number[];
  kinds: JobKind[];
  /**
   * Per job, the Authorization header of a certificate request ('' for none), or the name of
   * the key a `sign` job signs with.
   */
  args: string[];
  /** Per job, when the pool accepted it (Date.now()). */
  queuedAt: number[];
  lengths: number[];
  data: ArrayBuffer;
}

/**
 * Worker to main thread: jobs that finished, by id, each with its result's length in `data`
 * (results packed back to back in `ids` order) or its error; and `started`, the last id of the
 * latest batch the worker has begun (the pool measures how long the rest have waited).
 */
export type WorkerMessage =
  | { type: 'ready' }
  | {
      type: 'done';
      ids: number[];
      results: (number | WireError)[];
      data: ArrayBuffer;
      started: number;
    };

export function toWireError(error: unknown): WireError {
  if (error instanceof ServerError) {
    return {
      kind: 'ServerError',
      code: error.code,
      message: error.message,
      headers: error.headers,
    };
  }
  for (const [kind, cls] of [
    ['TlogError', TlogError],
    ['PrehashError', PrehashError],
    ['CoreError', CoreError],
    ['OidcError', OidcError],
    ['CaError', CaError],
    ['KmsError', KmsError],
  ] as const) {
    if (error instanceof cls) return { kind, code: error.code, message: error.message };
  }
  const plain = error instanceof Error ? error : new Error(String(error));
  return {
    kind: 'Error',
    code: error instanceof SignetError ? error.code : plain.name,
    message: plain.message,
    stack: plain.stack,
  };
}

export function fromWireError(wire: WireError): Error {
  switch (wire.kind) {
    case 'ServerError':
      return new ServerError(wire.code as ServerError['code'], wire.message, {
        headers: wire.headers,
      });
    case 'TlogError':
      return new TlogError(wire.code as TlogError['code'], wire.message);
    case 'PrehashError':
      return new PrehashError(wire.code as PrehashError['code'], wire.message);
    case 'CoreError':
      return new CoreError(wire.code as CoreError['code'], wire.message);
    case 'OidcError':
      return new OidcError(wire.code as OidcError['code'], wire.message);
    case 'CaError':
      return new CaError(wire.code as CaError['code'], wire.message);
    case 'KmsError':
      return new KmsError(wire.code as KmsError['code'], wire.message);
    default: {
      const error = new Error(wire.message);
      error.name = wire.code;
      if (wire.stack !== undefined) error.stack = `${wire.stack}\n    (in a verification worker)`;
      return error;
    }
  }
}

/** Copies buffers back to back into one fresh ArrayBuffer (never a pooled one: it is transferred). */
export function pack(buffers: readonly Uint8Array[]): ArrayBuffer {
  let total = 0;
  for (const b of buffers) total += b.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.length;
  }
  return out.buffer;
}

// ---------------------------------------------------------------- the worker

/**
 * Signers for a worker setup's keys, by name. A key that cannot sign here (not PKCS#8, not
 * EC P-256 or P-384) throws KEY_UNSUPPORTED naming it, which stops the worker's start-up.
 */
function signersOf(keys: Readonly<Record<string, Uint8Array>> = {}): Map<string, Signer> {
  const signers = new Map<string, Signer>();
  for (const [name, der] of Object.entries(keys)) {
    try {
      const key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
      signers.set(name, localSigner(key, name));
    } catch (error) {
      throw new KmsError(
        'KEY_UNSUPPORTED',
        `the signing key '${name}' cannot be loaded in a worker thread: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return signers;
}

function serve(port: NonNullable<typeof parentPort>, setup: WorkerSetup): void {
  const verifier = setup.identity && tokenVerifierFor(setup.identity);
  const signers = signersOf(setup.signingKeys);
  const template = setup.certificateTemplate && new CertificateTemplate(setup.certificateTemplate);
  const run = async (kind: JobKind, body: Buffer, arg: string): Promise<Buffer> => {
    if (kind === 'entry') return verifyRequestBody(body).body;
    if (kind === 'sign') {
      const signer = signers.get(arg);
      if (signer === undefined) throw new Error(`this worker was started without the key '${arg}'`);
      return signer.sign(body);
    }
    if (verifier === undefined) throw new Error('this worker was started without CA issuers');
    const admitted = await admitRequestBody(verifier, kind, body, arg || undefined);
    return encodeAdmitted(
      template
        ? { ...admitted, draft: template.draft(admitted.identity, admitted.publicKey) }
        : admitted,
    );
  };
  // Each job is answered when it finishes, not with its batch: a certificate job waiting on an
  // issuer's network (up to the fetch deadline) must not hold entries checked in microseconds.
  // Jobs that finish in the same turn of the event loop go back in one message.
  // A batch begun is reported even when none of its jobs has finished yet (all waiting on an
  // issuer), so that the pool does not count them as still queued.
  let finished: { id: number; outcome: Buffer | WireError }[] = [];
  let started = -1;
  let scheduled = false;
  const answer = (): void => {
    scheduled = false;
    const done = finished;
    finished = [];
    const results = done.map(({ outcome }) =>
      Buffer.isBuffer(outcome) ? outcome.length : outcome,
    );
    const out = pack(done.flatMap(({ outcome }) => (Buffer.isBuffer(outcome) ? [outcome] : [])));
    const ids = done.map((d) => d.id);
    const message: WorkerMessage = { type: 'done', ids, results, data: out, started };
    port.postMessage(message, [out]);
  };
  const schedule = (): void => {
    if (!scheduled) setImmediate(answer);
    scheduled = true;
  };
  const finish = (id: number, outcome: Buffer | WireError): void => {
    schedule();
    finished.push({ id, outcome });
  };
  const { maxQueueDelayMs } = setup;
  port.on('message', ({ ids, kinds, args, queuedAt, lengths, data }: VerifyBatch) => {
    const input = Buffer.from(data);
    const now = Date.now();
    started = ids.at(-1) ?? started;
    schedule();
    let offset = 0;
    lengths.forEach((length, i) => {
      const id = ids[i] as number;
      const body = input.subarray(offset, offset + length);
      offset += length;
      const kind = kinds[i] ?? 'entry';
      const waited = now - (queuedAt[i] ?? now);
      // A signature is the last step of a request already admitted (and its precertificate
      // logged): refusing it would waste that work, so only new requests are shed.
      if (waited > maxQueueDelayMs && kind !== 'sign') {
        // Its client has likely given up or is about to retry: the work would be wasted.
        const late = new ServerError(
          'OVERLOADED',
          `request verification is saturated: this request waited ${waited} ms for a worker (maxQueueDelayMs ${maxQueueDelayMs}) and was not verified; retry later`,
        );
        finish(id, toWireError(late));
        return;
      }
      run(kind, body, args[i] ?? '').then(
        (result) => finish(id, result),
        (error: unknown) => finish(id, toWireError(error)),
      );
    });
  });
  const ready: WorkerMessage = { type: 'ready' };
  port.postMessage(ready);
}

const setup = workerData as WorkerSetup | undefined;
if (!isMainThread && parentPort !== null && setup?.role === WORKER_ROLE) serve(parentPort, setup);
