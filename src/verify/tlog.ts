import { toBase64 } from '../core/base64.js';
import { canonicalize } from '../core/canonical-json.js';
import { MerkleError, leafHash, verifyInclusion } from '../core/merkle.js';
import { TlogError } from '../tlog/error.js';
import { verifyCheckpoint } from '../tlog/checkpoint.js';
import { HASHEDREKORD } from '../tlog/rekor.js';
import type { TlogEntry } from '../bundle/parse.js';
import { VerifyError } from './error.js';
import type { SignerKey } from './key.js';
import type { TrustMaterial } from './trust.js';

/**
 * A Rekor v2 entry against the bundle: the logged hashedrekord must be exactly the one the
 * bundle implies (as sigstore-go rebuilds it), its leaf must be in the tree by the inclusion
 * proof, and the tree head must be a checkpoint the trusted log key signed, whose origin is
 * the hostname of the log's baseUrl.
 */

export interface LoggedSignature {
  /** What the signature covers, hashed with the key's hash: the message digest or H(PAE). */
  digest: Buffer;
  signature: Buffer;
  key: SignerKey;
  /** The leaf certificate DER for keyless bundles; absent for public-key bundles. */
  certificate?: Buffer;
}

export interface VerifiedTlogEntry {
  logIndex: number;
  baseUrl: string;
  treeSize: number;
}

const fail = (
  code: 'TLOG_ENTRY' | 'TLOG_INCLUSION' | 'CHECKPOINT',
  message: string,
  extra: { expected?: string; actual?: string; cause?: unknown } = {},
): VerifyError =>
  new VerifyError(code, message, {
    check: code === 'CHECKPOINT' ? 'checkpoint' : 'transparency log',
    ...extra,
  });

/** The canonical hashedrekord v0.0.2 entry for this signature (protocols.md §4.4). */
export function expectedBody(logged: LoggedSignature): Buffer {
  const verifier = logged.certificate
    ? {
        keyDetails: logged.key.keyDetails,
        x509Certificate: { rawBytes: toBase64(logged.certificate) },
      }
    : { keyDetails: logged.key.keyDetails, publicKey: { rawBytes: toBase64(logged.key.spki) } };
  return Buffer.from(
    canonicalize({
      apiVersion: HASHEDREKORD.version,
      kind: HASHEDREKORD.kind,
      spec: {
        hashedRekordV002: {
          data: { algorithm: logged.key.hashName, digest: toBase64(logged.digest) },
          signature: { content: toBase64(logged.signature), verifier },
        },
      },
    }),
    'utf8',
  );
}

type Json = Record<string, unknown>;
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (typeof v === 'object' && v !== null ? (v as Json)[key] : undefined),
    value,
  );

/** Names the first field where the logged body differs from the expected one. */
function describeDifference(body: Buffer, expected: Buffer): VerifyError {
  let actual: unknown;
  try {
    actual = JSON.parse(body.toString('utf8'));
  } catch {
    return fail('TLOG_ENTRY', 'transparency log: canonicalizedBody is not JSON');
  }
  const wanted = JSON.parse(expected.toString('utf8')) as unknown;
  const spec = ['spec', 'hashedRekordV002'];
  const fields: [string, string[]][] = [
    ['kind', ['kind']],
    ['apiVersion', ['apiVersion']],
    ['digest', [...spec, 'data', 'digest']],
    ['digest algorithm', [...spec, 'data', 'algorithm']],
    ['signature', [...spec, 'signature', 'content']],
    ['certificate', [...spec, 'signature', 'verifier', 'x509Certificate', 'rawBytes']],
    ['public key', [...spec, 'signature', 'verifier', 'publicKey', 'rawBytes']],
    ['keyDetails', [...spec, 'signature', 'verifier', 'keyDetails']],
  ];
  for (const [name, path] of fields) {
    const e = at(wanted, ...path);
    const a = at(actual, ...path);
    if (e !== a) {
      const show = (v: unknown): string => (v === undefined ? '(absent)' : String(v));
      return fail(
        'TLOG_ENTRY',
        `transparency log: the logged entry's ${name} is not the bundle's: expected ${show(e)}, got ${show(a)}`,
        { expected: show(e), actual: show(a) },
      );
    }
  }
  return fail(
    'TLOG_ENTRY',
    'transparency log: the logged entry is not the canonical entry for this bundle',
  );
}

function checkBody(entry: TlogEntry, logged: LoggedSignature): void {
  if (entry.kind !== HASHEDREKORD.kind || entry.version !== HASHEDREKORD.version) {
    throw fail(
      'TLOG_ENTRY',
      `transparency log: entry kind ${entry.kind} ${entry.version} is not supported (Rekor v2 hashedrekord 0.0.2 only)`,
      {
        expected: `${HASHEDREKORD.kind} ${HASHEDREKORD.version}`,
        actual: `${entry.kind} ${entry.version}`,
      },
    );
  }
  const expected = expectedBody(logged);
  if (!entry.canonicalizedBody.equals(expected)) {
    throw describeDifference(entry.canonicalizedBody, expected);
  }
}

/** Verifies one entry; throws the failing check's VerifyError. */
export function verifyTlogEntry(
  trust: TrustMaterial,
  entry: TlogEntry,
  logged: LoggedSignature,
  signingTimes: readonly Date[],
): VerifiedTlogEntry {
  const log = trust.tlog(entry.logId);
  if (!log) {
    throw fail(
      'TLOG_ENTRY',
      `transparency log: log ${toBase64(entry.logId)} is not in the trusted root`,
      {
        expected: trust.tlogs.map((l) => toBase64(l.logId)).join(', ') || '(no trusted logs)',
        actual: toBase64(entry.logId),
      },
    );
  }
  checkBody(entry, logged);
  const proof = entry.inclusionProof;
  if (!proof) {
    throw fail(
      'TLOG_INCLUSION',
      'transparency log: the entry has no inclusion proof (Rekor v1 promises are not supported yet)',
    );
  }
  // sigstore-js reads the proof's index and sigstore-go the entry's: both must name one leaf.
  if (proof.logIndex !== entry.logIndex) {
    throw fail('TLOG_INCLUSION', 'transparency log: the inclusion proof is for another index', {
      expected: String(entry.logIndex),
      actual: String(proof.logIndex),
    });
  }
  try {
    verifyInclusion(
      proof.logIndex,
      proof.treeSize,
      leafHash(entry.canonicalizedBody),
      proof.hashes,
      proof.rootHash,
    );
  } catch (error) {
    if (!(error instanceof MerkleError)) throw error;
    throw fail('TLOG_INCLUSION', `transparency log: ${error.message}`, { cause: error });
  }
  if (!log.checkpoint) {
    throw fail(
      'CHECKPOINT',
      `checkpoint: the key of log ${log.baseUrl} cannot sign checkpoints (${log.keyDetails})`,
    );
  }
  let checkpoint;
  try {
    checkpoint = verifyCheckpoint(proof.checkpoint, [log.checkpoint]);
  } catch (error) {
    if (!(error instanceof TlogError)) throw error;
    throw fail('CHECKPOINT', `checkpoint: ${error.message}`, { cause: error });
  }
  // The origin binds the checkpoint to this log: another log's head signed by a shared key is not it.
  if (checkpoint.origin !== log.origin) {
    throw fail(
      'CHECKPOINT',
      `checkpoint: origin is ${checkpoint.origin}, not the log's hostname ${log.origin}`,
      {
        expected: log.origin,
        actual: checkpoint.origin,
      },
    );
  }
  if (checkpoint.size !== proof.treeSize || !checkpoint.rootHash.equals(proof.rootHash)) {
    throw fail(
      'CHECKPOINT',
      'checkpoint: the signed tree head is not the one the inclusion proof leads to',
      {
        expected: `size ${proof.treeSize}, root ${toBase64(proof.rootHash)}`,
        actual: `size ${checkpoint.size}, root ${toBase64(checkpoint.rootHash)}`,
      },
    );
  }
  // Only the end of the key's window is checked: an entry is logged after it is signed, so a
  // signing time just before the key's start (timestamps have one-second precision) is no
  // sign of forgery, while a retired key must not vouch for anything signed after retirement.
  const end = log.validFor.end;
  const late =
    end === undefined ? undefined : signingTimes.find((t) => t.getTime() > end.getTime());
  if (late && end) {
    throw fail(
      'CHECKPOINT',
      `checkpoint: the key of log ${log.baseUrl} was retired before the signing time`,
      { expected: `before ${end.toISOString()}`, actual: late.toISOString() },
    );
  }
  return { logIndex: entry.logIndex, baseUrl: log.baseUrl, treeSize: proof.treeSize };
}
