import { type KeyObject, createHash, sign } from 'node:crypto';
import { canonicalize } from '../../core/canonical-json.js';
import { leafHash } from '../../core/merkle.js';
import { RekorV1Error } from './kinds.js';

/**
 * Rekor v1's names and answers (rekor pkg/api/entries.go, pkg/sharding): an entry's UUID is the
 * hex RFC 6962 leaf hash of its body, its entry ID the tree ID as 16 hex digits followed by the
 * UUID, and a LogEntry answer maps the entry ID to the entry with its signed entry timestamp
 * (SET) and inclusion proof.
 */

const TREE_ID_HEX = 16;
const UUID_HEX = 64;
const HEX = /^[0-9a-fA-F]+$/;

/** A Rekor v1 tree ID: a positive int64, as Trillian creates them. */
export function isTreeId(value: string): boolean {
  if (!/^[1-9][0-9]{0,18}$/.test(value)) return false;
  return BigInt(value) <= 0x7fffffffffffffffn;
}

/** The checkpoint origin of a Rekor v1 tree: "HOST - TREEID" (rekor pkg/util/checkpoint.go). */
export const checkpointOrigin = (host: string, treeId: string): string => `${host} - ${treeId}`;

/** The log ID: SHA-256 of the log key's SubjectPublicKeyInfo DER. */
export const logIdOf = (spki: Buffer): Buffer => createHash('sha256').update(spki).digest();

export const uuidOf = (body: Buffer): string => leafHash(body).toString('hex');

export function entryIdOf(treeId: string, uuid: string): string {
  return BigInt(treeId).toString(16).padStart(TREE_ID_HEX, '0') + uuid;
}

/**
 * The leaf hash a UUID or entry ID names. An entry ID of another tree names nothing here
 * (ENTRY_NOT_FOUND); anything that is neither form is QUERY_INVALID, as upstream answers 400.
 */
export function leafHashOfId(id: string, treeId: string): Buffer {
  if ((id.length !== UUID_HEX && id.length !== TREE_ID_HEX + UUID_HEX) || !HEX.test(id)) {
    throw new RekorV1Error(
      'QUERY_INVALID',
      `${JSON.stringify(id.slice(0, 100))} is neither a 64-hex-digit UUID nor an 80-hex-digit entry ID`,
    );
  }
  const uuid = id.slice(-UUID_HEX).toLowerCase();
  if (id.length > UUID_HEX) {
    const tree = BigInt(`0x${id.slice(0, TREE_ID_HEX)}`);
    // Upstream reads tree ID 0 as "no tree named".
    if (tree !== 0n && tree !== BigInt(treeId)) {
      throw new RekorV1Error('ENTRY_NOT_FOUND', `entry ${id} is not in tree ${treeId}`);
    }
  }
  return Buffer.from(uuid, 'hex');
}

/** What the log knows of a published entry. */
export interface LoggedV1Entry {
  body: Buffer;
  index: number;
  /** Unix seconds. */
  integratedTime: number;
  /** The signed checkpoint the proof leads to, with its size and root. */
  checkpoint: { note: string; size: number; rootHash: Buffer };
  /** Audit path, leaf to root. */
  proof: Buffer[];
}

export interface V1LogIdentity {
  treeId: string;
  logId: Buffer;
  /** Signs SETs: SHA-256 with ECDSA or RSA, as upstream's signer does. */
  key: KeyObject;
}

/** Upstream's LogEntryAnon: the JSON each entry ID maps to. */
export interface LogEntryAnon {
  body: string;
  integratedTime: number;
  logID: string;
  logIndex: number;
  verification: {
    signedEntryTimestamp: string;
    inclusionProof: {
      checkpoint: string;
      hashes: string[];
      logIndex: number;
      rootHash: string;
      treeSize: number;
    };
  };
}

/**
 * The SET: the log key's signature over the JCS form of {body, integratedTime, logID, logIndex}
 * (upstream's signEntry), which sigstore-js and sigstore-go check.
 */
export function signedEntryTimestamp(
  log: V1LogIdentity,
  fields: { body: string; integratedTime: number; logID: string; logIndex: number },
): Buffer {
  const hash = log.key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  return sign(hash, Buffer.from(canonicalize(fields), 'utf8'), log.key);
}

/** The LogEntry answer for one entry: {entryID: LogEntryAnon}. */
export function logEntry(log: V1LogIdentity, entry: LoggedV1Entry): Record<string, LogEntryAnon> {
  const fields = {
    body: entry.body.toString('base64'),
    integratedTime: entry.integratedTime,
    logID: log.logId.toString('hex'),
    logIndex: entry.index,
  };
  const set = signedEntryTimestamp(log, fields);
  return {
    [entryIdOf(log.treeId, uuidOf(entry.body))]: {
      ...fields,
      verification: {
        signedEntryTimestamp: set.toString('base64'),
        inclusionProof: {
          checkpoint: entry.checkpoint.note,
          hashes: entry.proof.map((hash) => hash.toString('hex')),
          logIndex: entry.index,
          rootHash: entry.checkpoint.rootHash.toString('hex'),
          treeSize: entry.checkpoint.size,
        },
      },
    },
  };
}
