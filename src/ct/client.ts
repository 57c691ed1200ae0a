import type { KeyObject } from 'node:crypto';
import { toBase64 } from '../core/base64.js';
import { CoreError } from '../core/error.js';
import { HttpError, postJson } from '../core/http.js';
import { parseCertificate } from '../core/x509.js';
import type { Certificate } from '../core/x509.js';
import { CtError } from './error.js';
import {
  type CtLogEntry,
  type PrecertEntry,
  type SignedCertificateTimestamp,
  logIdOf,
  precertEntry,
  sctFromAddChainResponse,
  sctSignedData,
  verifySct,
} from './sct.js';

/** Where a CA gets SCTs: the in-process CtLog, or a log over HTTP. */
export interface CtSubmitter {
  /** Logs [precert, issuer, ..., root] and resolves to the log's SCT for it. */
  addPreChain(chain: readonly Buffer[]): Promise<SignedCertificateTimestamp>;
  /**
   * Logs a precert_entry the caller built itself: only a log in the CA's own process offers
   * this, since it takes the entry on trust instead of checking a signed precertificate.
   */
  addPrecertEntry?(entry: PrecertEntry): Promise<SignedCertificateTimestamp>;
}

export interface HttpCtSubmitterOptions {
  /** The log's base URL; requests go to `<url>/ct/v1/add-pre-chain` (Fulcio's --ct-log-url). */
  url: string;
  /** How long one submission may take, connection included. */
  timeoutMs?: number;
  /** When set, every SCT must carry this log's ID and verify over the submitted chain. */
  logPublicKey?: KeyObject;
}

/** A log sequences before answering; a few seconds covers a batch, an fsync and a checkpoint. */
export const DEFAULT_CT_TIMEOUT_MS = 10_000;

/** An RFC 6962 client for add-pre-chain and add-chain over HTTP(S). */
export class HttpCtSubmitter implements CtSubmitter {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly logPublicKey: KeyObject | undefined;
  private readonly logId: Buffer | undefined;

  constructor(options: HttpCtSubmitterOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new CtError('CONFIG_INVALID', `CT log URL ${JSON.stringify(options.url)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new CtError('CONFIG_INVALID', `CT log URL ${options.url} must be http or https`);
    }
    this.base = url.href.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CT_TIMEOUT_MS;
    if (!Number.isInteger(this.timeoutMs) || this.timeoutMs <= 0) {
      throw new CtError('CONFIG_INVALID', `CT log timeout must be a positive integer of ms`);
    }
    this.logPublicKey = options.logPublicKey;
    this.logId = options.logPublicKey && logIdOf(options.logPublicKey);
  }

  async addPreChain(chain: readonly Buffer[]): Promise<SignedCertificateTimestamp> {
    const sct = await this.post('add-pre-chain', chain);
    if (this.logPublicKey !== undefined) {
      this.verify(sct, () => precertEntry(certificate(chain, 0), certificate(chain, 1)));
    }
    return sct;
  }

  async addChain(chain: readonly Buffer[]): Promise<SignedCertificateTimestamp> {
    const sct = await this.post('add-chain', chain);
    if (this.logPublicKey !== undefined) {
      this.verify(sct, () => ({ type: 'x509', certificate: certificate(chain, 0).der }));
    }
    return sct;
  }

  private async post(
    endpoint: 'add-chain' | 'add-pre-chain',
    chain: readonly Buffer[],
  ): Promise<SignedCertificateTimestamp> {
    const url = `${this.base}/ct/v1/${endpoint}`;
    let json: unknown;
    try {
      ({ json } = await postJson(
        { url, what: 'CT log', body: { chain: chain.map((der) => toBase64(der)) } },
        // No retry: the CA holds a certificate request meanwhile, and its client retries the
        // whole request when told to. The log is part of the same deployment, which may reach
        // it over plain http on a private network.
        { retries: 0, timeoutMs: this.timeoutMs, allowPlainHttp: true },
      ));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      throw ctErrorOf(url, error);
    }
    try {
      return sctFromAddChainResponse(json);
    } catch (error) {
      if (!(error instanceof CtError)) throw error;
      throw new CtError('SCT_MALFORMED', `CT log ${url}: ${error.message}`, { cause: error });
    }
  }

  private verify(sct: SignedCertificateTimestamp, entry: () => CtLogEntry): void {
    const key = this.logPublicKey as KeyObject;
    if (!sct.logId.equals(this.logId as Buffer)) {
      throw new CtError(
        'SCT_INVALID',
        `SCT from ${this.base} has log ID ${toBase64(sct.logId)}, but the configured log key's ID is ${toBase64(this.logId as Buffer)}`,
      );
    }
    const signedData = sctSignedData({
      timestamp: sct.timestamp,
      entry: entry(),
      extensions: sct.extensions,
    });
    if (!verifySct(sct, key, signedData)) {
      throw new CtError(
        'SCT_INVALID',
        `SCT from ${this.base} does not verify over the submitted chain with the configured log key`,
      );
    }
  }
}

function certificate(chain: readonly Buffer[], i: number): Certificate {
  const der = chain[i];
  if (der === undefined) throw new CtError('CHAIN_INVALID', `chain has no certificate ${i}`);
  try {
    return parseCertificate(der);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw new CtError('CHAIN_INVALID', `chain[${i}] is not a DER X.509 certificate`, {
      cause: error,
    });
  }
}

/** The client's error as the CA needs it: pushback and outages are retried, refusals are not. */
function ctErrorOf(url: string, error: HttpError): CtError {
  const { status } = error;
  if (error.code === 'RESPONSE_INVALID') {
    return new CtError('SCT_MALFORMED', `CT log ${url} ${error.detail}`, { cause: error });
  }
  if (status === undefined) {
    return new CtError('LOG_UNAVAILABLE', `CT log ${url} could not be reached: ${error.detail}`, {
      cause: error,
    });
  }
  const message = `CT log ${url} ${error.detail}`;
  if (status === 429 || (status === 503 && error.retryAfterMs !== undefined)) {
    return new CtError('LOG_PUSHBACK', message, { cause: error });
  }
  return new CtError(status >= 500 ? 'LOG_UNAVAILABLE' : 'SUBMISSION_REJECTED', message, {
    cause: error,
  });
}
