import type { KeyObject } from 'node:crypto';
import { CoreError } from '../core/error.js';
import { noteSigner, noteVerifier } from '../core/note.js';
import { parseCertificate, publicKeyOf } from '../core/x509.js';
import type { Certificate } from '../core/x509.js';
import { type Signer, localSigner } from '../kms/signer.js';
import { TlogError } from '../tlog/error.js';
import { LOG_DEFAULTS, TransparencyLog } from '../tlog/log.js';
import type { LogTuning, ReplicaOptions } from '../tlog/log.js';
import type { CheckpointRecord, LogStorage } from '../tlog/storage.js';
import { IssuerCache, validateChain } from './chain.js';
import type { CtSubmitter } from './client.js';
import { CtError } from './error.js';
import {
  type CtLogEntry,
  type PrecertEntry,
  type SignedCertificateTimestamp,
  logIdOf,
  merkleTreeLeaf,
  precertEntry,
  requireP256PrivateKey,
  sctSignedData,
  signSctWith,
} from './sct.js';

/**
 * Signet's certificate-transparency log: RFC 6962 add-chain / add-pre-chain on the same
 * durable, tiled engine as the Rekor v2 log, with its own origin, key and storage.
 *
 * Each entry is an RFC 6962 MerkleTreeLeaf, so leaf hashes are RFC 6962's. The checkpoint is a
 * C2SP signed note with an ECDSA note signature (Sigstore clients never read CT checkpoints),
 * and entries are published as tlog-tiles entry bundles of MerkleTreeLeaf bytes, not as
 * static-ct-api data tiles (TileLeaf with chain fingerprints): this is not a static-ct log.
 */

export interface CtLogOptions extends Partial<LogTuning> {
  /** The checkpoint origin, fixed for the life of the log. */
  origin: string;
  /** ECDSA P-256 private key: signs SCTs and checkpoints; its SPKI hash is the log ID. */
  key: KeyObject;
  storage: LogStorage;
  /** This replica's record of the last checkpoint it saw (see LogOptions.record). */
  record?: CheckpointRecord;
  /** DER of every root a submitted chain may end at. */
  roots: readonly Buffer[];
  /** Lease and follower settings, for storage shared by several replicas. */
  replica?: ReplicaOptions;
  /** Public keys `rotate` retired from this log (see LogOptions.retiredVerifiers). */
  retiredKeys?: readonly KeyObject[];
  /** The clock SCT timestamps are read from. */
  now?: () => Date;
}

/**
 * SCT extensions are empty: these are classic RFC 6962 SCTs, which Sigstore verifiers check
 * like any other. static-ct-api's leaf_index extension would need the entry's index inside the
 * leaf before the leaf is sequenced, which the engine's append-then-learn-index design does not
 * offer, and nothing here needs it.
 */
const NO_EXTENSIONS = Buffer.alloc(0);

export class CtLog implements CtSubmitter {
  readonly logId: Buffer;
  readonly publicKey: KeyObject;
  /** Keys and signatures of the CA certificates every chain repeats, checked once. */
  private readonly issuers = new IssuerCache();
  /** What signs SCTs with the log key: on this thread until `signSctsWith` says otherwise. */
  private sctSigner: Signer;

  private constructor(
    readonly log: TransparencyLog,
    key: KeyObject,
    private readonly accepted: readonly Certificate[],
    private readonly now: () => Date,
  ) {
    this.publicKey = publicKeyOf(key);
    this.logId = logIdOf(key);
    this.sctSigner = localSigner(key, 'the CT log key');
  }

  /**
   * Signs SCTs with `signer` from now on (a server's worker threads, once they run). It must
   * hold this log's key: CONFIG_INVALID otherwise. Checkpoints stay signed here.
   */
  signSctsWith(signer: Signer): void {
    if (!signer.publicKey.equals(this.sctSigner.publicKey)) {
      throw new CtError(
        'CONFIG_INVALID',
        `${signer.ref} is not the CT log key, so it cannot sign the log's SCTs`,
      );
    }
    this.sctSigner = signer;
  }

  /** Opens (or creates) the CT log in `storage`. */
  static async open(opts: CtLogOptions): Promise<CtLog> {
    requireP256PrivateKey(opts.key);
    if (opts.roots.length === 0) {
      throw new CtError('CONFIG_INVALID', 'a CT log needs at least one accepted root');
    }
    const roots = opts.roots.map((der, i) => {
      try {
        return parseCertificate(der);
      } catch (error) {
        if (!(error instanceof CoreError)) throw error;
        throw new CtError(
          'CONFIG_INVALID',
          `accepted root ${i} is not a DER certificate: ${error.message}`,
          {
            cause: error,
          },
        );
      }
    });
    // Only the tuning is passed on: the engine's `now` is a batching clock, not the SCT clock.
    const tuning: Partial<LogTuning> = {};
    for (const name of Object.keys(LOG_DEFAULTS) as (keyof LogTuning)[]) {
      if (opts[name] !== undefined) tuning[name] = opts[name];
    }
    const log = await TransparencyLog.open({
      ...tuning,
      origin: opts.origin,
      storage: opts.storage,
      record: opts.record,
      signer: noteSigner(opts.origin, opts.key),
      verifier: noteVerifier(opts.origin, publicKeyOf(opts.key)),
      retiredVerifiers: (opts.retiredKeys ?? []).map((key) => noteVerifier(opts.origin, key)),
      replica: opts.replica,
    });
    return new CtLog(log, opts.key, roots, opts.now ?? (() => new Date()));
  }

  /** The accepted roots' DER (what get-roots serves). */
  roots(): Buffer[] {
    return this.accepted.map((root) => Buffer.from(root.der));
  }

  /** Logs a precertificate chain ([precert, issuer, ..., root?]) and returns its SCT. */
  async addPreChain(chain: readonly Buffer[]): Promise<SignedCertificateTimestamp> {
    const { leaf, issuer } = validateChain(chain, this.accepted, 'precert', this.issuers);
    return this.submit(precertEntry(leaf, issuer));
  }

  /**
   * Logs a precert_entry built by the CA in this process, which hands over the TBS it is
   * about to sign instead of a signed precertificate: the same leaf add-pre-chain would log,
   * without parsing and verifying what this process has just built.
   */
  async addPrecertEntry(entry: PrecertEntry): Promise<SignedCertificateTimestamp> {
    return this.submit(entry);
  }

  /** Logs a final certificate chain ([cert, issuer, ..., root?]) and returns its SCT. */
  async addChain(chain: readonly Buffer[]): Promise<SignedCertificateTimestamp> {
    const { leaf } = validateChain(chain, this.accepted, 'x509', this.issuers);
    return this.submit({ type: 'x509', certificate: leaf.der });
  }

  /**
   * Appends the MerkleTreeLeaf and signs the SCT only once the append has resolved, i.e. the
   * leaf is fsynced and covered by a published checkpoint: an SCT is a promise of inclusion,
   * and with zero merge delay it must never be issued for an entry a crash could lose.
   */
  private async submit(entry: CtLogEntry): Promise<SignedCertificateTimestamp> {
    const timestamp = BigInt(this.now().getTime());
    const leaf = merkleTreeLeaf({ timestamp, entry, extensions: NO_EXTENSIONS });
    try {
      await this.log.append(leaf);
    } catch (error) {
      throw asCtError(error);
    }
    return signSctWith(this.sctSigner, {
      logId: this.logId,
      timestamp,
      signedData: sctSignedData({ timestamp, entry, extensions: NO_EXTENSIONS }),
      extensions: NO_EXTENSIONS,
    });
  }

  close(): Promise<void> {
    return this.log.close();
  }
}

/** The engine's refusals in the CT log's terms; anything else is not the submitter's concern. */
function asCtError(error: unknown): unknown {
  if (!(error instanceof TlogError)) return error;
  switch (error.code) {
    case 'LOG_PUSHBACK':
      return new CtError('LOG_PUSHBACK', error.message, { cause: error });
    case 'LOG_CLOSED':
    case 'LOG_UNAVAILABLE':
      return new CtError('LOG_UNAVAILABLE', error.message, { cause: error });
    case 'ENTRY_TOO_LARGE':
      return new CtError('CHAIN_INVALID', `chain[0] is too large for the log: ${error.message}`, {
        cause: error,
      });
    default:
      return error;
  }
}
