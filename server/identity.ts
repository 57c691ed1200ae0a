import { type KeyObject, createHash } from 'node:crypto';
import { spkiOf } from '../src/core/x509.js';
import { checkpointOrigin } from '../src/tlog/rekor-v1/entry.js';
import { ServerError } from './http.js';
import type { Instance, InstanceMetadata } from './instance.js';

/**
 * What makes a Signet instance the one its logs belong to, recorded once in shared storage
 * (a PostgreSQL database) at the first `init` against it: each log's origin and public key, the
 * CA and TSA keys, and the instance metadata replicas start from. Every later init and every
 * replica's start compare their keys with it and refuse a difference: keys that differ from the
 * database's would sign a second tree under the same name, the fork an upgrade must never make.
 */

/** The logs by the name their storage and metrics carry. */
export const LOG_NAMES = ['tlog', 'rekor-v1', 'ct'] as const;
export type LogName = (typeof LOG_NAMES)[number];

const LOG_TITLES: Record<LogName, string> = {
  tlog: 'the transparency log',
  'rekor-v1': 'the Rekor v1 log',
  ct: 'the certificate-transparency log',
};

/** Where each key is read from, for the message that names a mismatch. */
const KEY_SOURCES: Record<LogName | 'root-ca' | 'issuing-ca' | 'tsa', string> = {
  tlog: 'keys/log.key.pem',
  'rekor-v1': 'keys/rekor-v1.key.pem',
  ct: 'keys/ct.key.pem',
  'root-ca': 'keys/root-ca.crt.pem',
  'issuing-ca': 'the issuing CA key (keys/issuing-ca.key.pem or ca.issuingKey)',
  tsa: 'keys/tsa.key.pem',
};

export interface RecordedIdentity {
  version: 1;
  logs: Record<LogName, { origin: string; publicKey: string }>;
  /** `sha256:HEX` of the root certificate's DER and of the issuing CA's and TSA's SPKI. */
  fingerprints: { 'root-ca': string; 'issuing-ca': string; tsa: string };
  /** The metadata a replica without a signet.json of its own starts from. */
  metadata: InstanceMetadata;
}

/** Where the identity is kept; the data directory's signet.json plays this part without one. */
export interface IdentityStore {
  read(): Promise<RecordedIdentity | undefined>;
  /**
   * Records `identity` unless one is recorded already, in one statement that cannot race
   * another init; returns the identity in force afterwards (the earlier one if it lost).
   */
  record(identity: RecordedIdentity): Promise<RecordedIdentity>;
}

const sha256 = (der: Buffer): string => `sha256:${createHash('sha256').update(der).digest('hex')}`;

/** The key material an identity is made of; doctor reads it from disk without initInstance. */
export interface IdentityParts {
  metadata: InstanceMetadata;
  logKey: KeyObject;
  rekorV1Key: KeyObject;
  ctKey: KeyObject;
  rootCert: Buffer;
  /** SubjectPublicKeyInfo DER of the issuing CA key and of the TSA key. */
  issuingCaKey: Buffer;
  tsaKey: Buffer;
}

export const identityOf = (instance: Instance): RecordedIdentity =>
  identityOfParts({
    ...instance,
    issuingCaKey: instance.issuingCa.signer.publicKey,
    tsaKey: spkiOf(instance.tsaKey),
  });

export function identityOfParts(parts: IdentityParts): RecordedIdentity {
  const { metadata } = parts;
  return {
    version: 1,
    logs: {
      tlog: { origin: metadata.logOrigin, publicKey: spkiOf(parts.logKey).toString('base64') },
      'rekor-v1': {
        origin: checkpointOrigin(metadata.logOrigin, metadata.rekorV1TreeId as string),
        publicKey: spkiOf(parts.rekorV1Key).toString('base64'),
      },
      ct: {
        origin: `${metadata.logOrigin}/ct`,
        publicKey: spkiOf(parts.ctKey).toString('base64'),
      },
    },
    fingerprints: {
      'root-ca': sha256(parts.rootCert),
      'issuing-ca': sha256(parts.issuingCaKey),
      tsa: sha256(parts.tsaKey),
    },
    metadata: structuredClone(metadata),
  };
}

/** Each way `local` differs from `recorded`, as a sentence naming the log or key and its source. */
export function identityDifferences(recorded: RecordedIdentity, local: RecordedIdentity): string[] {
  const out: string[] = [];
  for (const name of LOG_NAMES) {
    const want = recorded.logs[name];
    const have = local.logs[name];
    if (want.origin !== have.origin) {
      out.push(
        `${LOG_TITLES[name]} has origin "${want.origin}" in the database, "${have.origin}" here`,
      );
    }
    if (want.publicKey !== have.publicKey) {
      out.push(
        `${LOG_TITLES[name]}'s key in the database is ${sha256(Buffer.from(want.publicKey, 'base64'))}, ${KEY_SOURCES[name]} here is ${sha256(Buffer.from(have.publicKey, 'base64'))}`,
      );
    }
  }
  for (const key of ['root-ca', 'issuing-ca', 'tsa'] as const) {
    if (recorded.fingerprints[key] !== local.fingerprints[key]) {
      out.push(
        `the ${key} key in the database is ${recorded.fingerprints[key]}, ${KEY_SOURCES[key]} here is ${local.fingerprints[key]}`,
      );
    }
  }
  return out;
}

/**
 * Refuses local keys that differ from the recorded identity, naming each difference and the
 * way out: the keys this database was initialised with, or another database.
 */
export function checkIdentity(recorded: RecordedIdentity, instance: Instance, where: string): void {
  const differences = identityDifferences(recorded, identityOf(instance));
  if (differences.length === 0) return;
  throw new ServerError(
    'STORAGE_MISMATCH',
    `the keys in ${instance.dir} are not the ones ${where} was initialised with: ${differences.join('; ')}. ` +
      `Mount the keys recorded there (the same Secret or KMS keys as the other replicas), or point storage at a new database; a log is never continued under other keys`,
  );
}

/** Checks the shape of a record read back from storage: a hand-edited row is named, not trusted. */
export function parseIdentity(value: unknown, where: string): RecordedIdentity {
  const bad = (): never => {
    throw new ServerError(
      'STORAGE_MISMATCH',
      `${where} holds an instance identity Signet cannot read; it was not written by signet-server init`,
    );
  };
  const record = value as RecordedIdentity | null;
  if (typeof record !== 'object' || record === null || record.version !== 1) return bad();
  for (const name of LOG_NAMES) {
    const log = record.logs?.[name];
    if (typeof log?.origin !== 'string' || typeof log.publicKey !== 'string') return bad();
  }
  for (const key of ['root-ca', 'issuing-ca', 'tsa'] as const) {
    if (typeof record.fingerprints?.[key] !== 'string') return bad();
  }
  const metadata = record.metadata;
  if (
    metadata?.version !== 1 ||
    typeof metadata.publicUrl !== 'string' ||
    typeof metadata.logOrigin !== 'string' ||
    typeof metadata.keys !== 'object'
  )
    return bad();
  return record;
}
