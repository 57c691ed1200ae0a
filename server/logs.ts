import { type KeyObject, createPublicKey } from 'node:crypto';
import { parsePem } from '../src/core/pem.js';
import { type NoteSigner, noteSigner, noteVerifier } from '../src/core/note.js';
import { HttpCtSubmitter } from '../src/ct/client.js';
import { CtLog } from '../src/ct/log.js';
import { TransparencyLog } from '../src/tlog/log.js';
import { RekorV1Log } from '../src/tlog/rekor-v1/log.js';
import { REKOR_V1_KINDS } from '../src/tlog/rekor-v1/registry.js';
import { readText } from './ceremony.js';
import type { ServerConfig } from './config.js';
import { ServerError } from './http.js';
import type { Instance } from './instance.js';
import { checkpointRecord } from './storage/checkpoint-record.js';
import type { Storage } from './storage/select.js';

/** The logs one process runs, as its roles say. */
export interface OpenLogs {
  /** The transparency log (tlog role) and the signer of its checkpoints. */
  log: TransparencyLog | undefined;
  signer: NoteSigner;
  /** The Rekor v1 log (tlog role): a third log, for clients that speak only Rekor v1. */
  rekorV1: RekorV1Log | undefined;
  /** The certificate-transparency log (ct role). */
  ctLog: CtLog | undefined;
  /** The CT log run elsewhere that a CA without the ct role submits to. */
  externalCt: ExternalCt | undefined;
  close(): Promise<void>;
}

export interface ExternalCt {
  url: string;
  /** The key its SCTs must verify under. */
  publicKey: KeyObject;
  submitter: HttpCtSubmitter;
}

/** Opens the logs the roles name, each on `storage` (closed by the caller, after the logs). */
export async function openLogs(
  config: ServerConfig,
  instance: Instance,
  storage: Storage,
): Promise<OpenLogs> {
  const { metadata } = instance;
  const has = (role: 'tlog' | 'ct' | 'ca'): boolean => config.roles.includes(role);
  // Files named in the config are read first: a bad one stops start-up before any log opens.
  const acceptedRoots = has('ct') ? await readCertificates(config.ct.acceptedRoots) : [];
  const externalCt = !has('ct') && has('ca') ? await externalCtLog(config) : undefined;
  const signer = noteSigner(metadata.logOrigin, instance.logKey);
  // Every log of this replica leases under the same name; unset, the engine's default name.
  const { id, ...replicaTuning } = config.replica;
  const replica = { ...replicaTuning, ...(id === undefined ? {} : { id }) };
  const log = has('tlog')
    ? await TransparencyLog.open({
        origin: metadata.logOrigin,
        signer,
        verifier: noteVerifier(metadata.logOrigin, createPublicKey(instance.logKey)),
        retiredVerifiers: retiredKeys(instance, 'log').map((key) =>
          noteVerifier(metadata.logOrigin, key),
        ),
        storage: storage.logStorage('tlog'),
        record: checkpointRecord(config.dataDir, 'tlog'),
        replica,
        ...config.log,
      })
    : undefined;
  let ctLog: CtLog | undefined;
  let rekorV1: RekorV1Log | undefined;
  try {
    rekorV1 = has('tlog')
      ? await RekorV1Log.open({
          host: metadata.logOrigin,
          treeId: metadata.rekorV1TreeId as string,
          key: instance.rekorV1Key,
          storage: storage.logStorage('rekor-v1'),
          record: checkpointRecord(config.dataDir, 'rekor-v1'),
          retiredKeys: retiredKeys(instance, 'rekor-v1'),
          kinds: REKOR_V1_KINDS,
          replica,
          ...config.log,
        })
      : undefined;
    ctLog = has('ct')
      ? await CtLog.open({
          // Fixed with the transparency log's origin, so it cannot drift either.
          origin: `${metadata.logOrigin}/ct`,
          key: instance.ctKey,
          storage: storage.logStorage('ct'),
          record: checkpointRecord(config.dataDir, 'ct'),
          retiredKeys: retiredKeys(instance, 'ct'),
          roots: [instance.rootCert, ...acceptedRoots],
          replica,
          ...config.log,
        })
      : undefined;
  } catch (error) {
    await log?.close();
    await rekorV1?.close();
    throw error;
  }
  return {
    log,
    signer,
    rekorV1,
    ctLog,
    externalCt,
    async close() {
      await log?.close();
      await rekorV1?.close();
      await ctLog?.close();
    },
  };
}

/**
 * The public keys `rotate` retired from a log: its stored checkpoint and each replica's record
 * carry one's signature until the first publication under the current key.
 */
const retiredKeys = (instance: Instance, role: 'log' | 'ct' | 'rekor-v1'): KeyObject[] =>
  instance.retired.flatMap((key) =>
    key.role === role && 'publicKey' in key ? [key.publicKey] : [],
  );

/** PEM certificate files named in the config, read at start-up so a bad path fails early. */
async function readCertificates(paths: readonly string[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const path of paths) {
    out.push(
      ...parsePem(await readText(path, 'certificate file'), 'CERTIFICATE').map((b) => b.der),
    );
  }
  return out;
}

export async function externalCtLog(config: ServerConfig): Promise<ExternalCt> {
  const url = (config.ct.url as string).replace(/\/+$/, '');
  const keyPath = config.ct.publicKey as string;
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(await readText(keyPath, 'CT log public key'));
  } catch (error) {
    if (error instanceof ServerError) throw error;
    throw new ServerError(
      'CONFIG_INVALID',
      `ct.publicKey ${keyPath} is not a PEM public key: ${(error as Error).message}`,
    );
  }
  return { url, publicKey, submitter: new HttpCtSubmitter({ url, logPublicKey: publicKey }) };
}
