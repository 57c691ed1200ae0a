import { createHash, verify } from 'node:crypto';
import { fromBase64, toBase64 } from '../core/base64.js';
import { canonicalize } from '../core/canonical-json.js';
import { CoreError } from '../core/error.js';
import type { NoteVerifier } from '../core/note.js';
import { MerkleError, leafHash, verifyInclusion } from '../core/merkle.js';
import { parseSinglePem } from '../core/pem.js';
import { TlogError } from '../tlog/error.js';
import { type Checkpoint, verifyCheckpoint } from '../tlog/checkpoint.js';
import { HASHEDREKORD } from '../tlog/rekor.js';
import type { DigestAlgorithm, InclusionProof, SignedContent, TlogEntry } from '../bundle/parse.js';
import { VerifyError } from './error.js';
import type { SignerKey } from './key.js';
import { isWithin } from './trust.js';
import type { TrustMaterial, TrustedLog } from './trust.js';

/**
 * Transparency-log entries against the bundle, for both generations of Rekor:
 *
 * - Rekor v2 (hashedrekord 0.0.2, dsse 0.0.2): the logged entry must be exactly one the bundle
 *   implies (as sigstore-go rebuilds it, with the leaf's public key allowed in place of the
 *   leaf), and the inclusion proof must lead to a checkpoint signed by the log, whose origin is
 *   the hostname of its baseUrl. No time is signed.
 * - Rekor v1 (hashedrekord 0.0.1, dsse 0.0.1, intoto 0.0.2): the logged entry must name the
 *   bundle's digest, signature and signer as sigstore-js and sigstore-go compare them; the
 *   signed entry timestamp (SET) is the log's promise to include the entry and vouches for
 *   integratedTime, which then counts as a signing time; an inclusion proof, when present,
 *   leads to a checkpoint signed in Rekor's note format whose origin is "<host> - <tree ID>",
 *   the host being the baseUrl's, with or without its port.
 *
 * Promises are checked first (`verifyPromise`), before the certificate chain, because their
 * times are signing times the chain is judged at; a promised time only dates this bundle's
 * signature if the promised entry is this bundle's, so the body is matched before the SET.
 * Everything else follows the chain (`verifyTlogEntry`), so that for an entry without a
 * promise a changed certificate is reported as a chain failure.
 */

export interface LoggedSignature {
  content: SignedContent;
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
  /** The size of the signed tree the entry is proven in; absent when only a promise proves it. */
  treeSize?: number;
  /** Rekor v1: when the log integrated the entry, as its signed entry timestamp vouches. */
  integratedTime?: Date;
}

type TlogCode = 'TLOG_ENTRY' | 'TLOG_PROMISE' | 'TLOG_INCLUSION' | 'CHECKPOINT';

const fail = (
  code: TlogCode,
  message: string,
  extra: { expected?: string; actual?: string; cause?: unknown } = {},
): VerifyError =>
  new VerifyError(code, message, {
    check: code === 'CHECKPOINT' ? 'checkpoint' : 'transparency log',
    ...extra,
  });

/** The entry types Rekor v1 logs that Sigstore bundles carry, by "kind version". */
const REKOR_V1_TYPES = new Set(['hashedrekord 0.0.1', 'dsse 0.0.1', 'intoto 0.0.2']);

const isRekorV1 = (entry: TlogEntry): boolean =>
  REKOR_V1_TYPES.has(`${entry.kind} ${entry.version}`);

function trustedLog(trust: TrustMaterial, entry: TlogEntry): TrustedLog {
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
  return log;
}

/**
 * Verifies an entry's signed entry timestamp, if it has one, and returns the integratedTime
 * it vouches for. The SET is the log's signature over the JCS form of the body, time, hex log
 * ID and index; like sigstore-go, the log key must be valid at that time.
 */
export function verifyPromise(
  trust: TrustMaterial,
  entry: TlogEntry,
  logged: LoggedSignature,
): Date | undefined {
  if (entry.signedEntryTimestamp === undefined) return undefined;
  const log = trustedLog(trust, entry);
  checkBody(entry, logged);
  const payload = Buffer.from(
    canonicalize({
      body: toBase64(entry.canonicalizedBody),
      integratedTime: entry.integratedTime,
      logID: entry.logId.toString('hex'),
      logIndex: entry.logIndex,
    }),
    'utf8',
  );
  // Rekor v1 signs SETs with SHA-256 whatever the key (sigstore-js and sigstore-go assume the
  // same); Ed25519 signs the message itself.
  const hash = log.publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  let valid: boolean;
  try {
    valid = verify(hash, payload, log.publicKey, entry.signedEntryTimestamp);
  } catch {
    valid = false;
  }
  if (!valid) {
    throw fail(
      'TLOG_PROMISE',
      `transparency log: the signed entry timestamp of entry ${entry.logIndex} does not verify with the key of ${log.baseUrl} (the body, integratedTime, logIndex or the signature itself were changed)`,
    );
  }
  const integratedTime = new Date(entry.integratedTime * 1000);
  if (!isWithin(log.validFor, integratedTime)) {
    const end = log.validFor.end ? ` to ${log.validFor.end.toISOString()}` : '';
    throw fail(
      'TLOG_ENTRY',
      `transparency log: the key of ${log.baseUrl} was not valid at the entry's integratedTime`,
      {
        expected: `${log.validFor.start.toISOString()}${end}`,
        actual: integratedTime.toISOString(),
      },
    );
  }
  return integratedTime;
}

/**
 * Rekor v2's DSSE entry: rekor-tiles logged DSSE requests as this type until it dropped them
 * (June 2026) for a hashedrekord over the PAE; the entries it logged stay in the log.
 */
const DSSE_V002 = { kind: 'dsse', version: '0.0.2' } as const;

type Json = Record<string, unknown>;
type Path = (string | number)[];
type V2Type = typeof HASHEDREKORD | typeof DSSE_V002;

const isV2Type = (type: { kind: string; version: string }, v2: V2Type): boolean =>
  type.kind === v2.kind && type.version === v2.version;

/**
 * The verifiers a Rekor v2 entry of this signature may log, in the order they are tried. A
 * public-key bundle's entry logs its key. A keyless bundle's entry logs the leaf certificate,
 * as sigstore-go, sigstore-python, sigstore-js and Signet's signer all request, or the leaf's
 * public key with the same keyDetails, as rekor-tiles documents for self-managed keys. The
 * latter binds the signature to the same key, which the certificate binds to the identity:
 * sigstore-js accepts it (it compares only the digest and the signature of a v2 entry), while
 * sigstore-go and sigstore-python rebuild the entry with the certificate and refuse it.
 */
function loggedVerifiers(logged: LoggedSignature): Json[] {
  const publicKey = {
    keyDetails: logged.key.keyDetails,
    publicKey: { rawBytes: toBase64(logged.key.spki) },
  };
  if (!logged.certificate) return [publicKey];
  const certificate = {
    keyDetails: logged.key.keyDetails,
    x509Certificate: { rawBytes: toBase64(logged.certificate) },
  };
  return [certificate, publicKey];
}

/**
 * The canonical Rekor v2 entry for this signature with one of its verifiers (protocols.md
 * §4.4): protojson field names (service-protos/rekor/v2 in protobuf-specs) in RFC 8785 form.
 * A dsse 0.0.2 entry records SHA-256 of the payload whatever the key, as rekor-tiles did.
 */
function v2Body(type: V2Type, logged: LoggedSignature, verifier: Json): Buffer {
  const signature = { content: toBase64(logged.signature), verifier };
  const spec = isV2Type(type, DSSE_V002)
    ? {
        dsseV002: {
          payloadHash: {
            algorithm: 'SHA2_256',
            digest: toBase64(createHash('sha256').update(envelopeOf(logged).payload).digest()),
          },
          signatures: [signature],
        },
      }
    : {
        hashedRekordV002: {
          data: { algorithm: logged.key.hashName, digest: toBase64(logged.digest) },
          signature,
        },
      };
  return Buffer.from(canonicalize({ apiVersion: type.version, kind: type.kind, spec }), 'utf8');
}

const at = (value: unknown, ...path: Path): unknown =>
  path.reduce<unknown>(
    (v, key) => (typeof v === 'object' && v !== null ? (v as Json)[key] : undefined),
    value,
  );

const show = (v: unknown): string => (v === undefined ? '(absent)' : String(v));

const differs = (name: string, expected: unknown, actual: unknown): VerifyError =>
  fail(
    'TLOG_ENTRY',
    `transparency log: the logged entry's ${name} is not the bundle's: expected ${show(expected)}, got ${show(actual)}`,
    { expected: show(expected), actual: show(actual) },
  );

/** Where each compared field sits in a v2 entry of the type, for messages. */
function v2Layout(type: V2Type): { verifier: Path; fields: [string, Path][] } {
  const dsse = isV2Type(type, DSSE_V002);
  const spec = dsse ? ['spec', 'dsseV002'] : ['spec', 'hashedRekordV002'];
  const data = dsse ? [...spec, 'payloadHash'] : [...spec, 'data'];
  const verifier = [...(dsse ? [...spec, 'signatures', 0] : [...spec, 'signature']), 'verifier'];
  const hashed = dsse ? 'payload hash' : 'digest';
  const fields: [string, Path][] = [
    ['kind', ['kind']],
    ['apiVersion', ['apiVersion']],
    [hashed, [...data, 'digest']],
    [`${hashed} algorithm`, [...data, 'algorithm']],
    ...(dsse ? [['signature count', [...spec, 'signatures', 'length']] as [string, Path]] : []),
    ['signature', [...verifier.slice(0, -1), 'content']],
    ['certificate', [...verifier, 'x509Certificate', 'rawBytes']],
    ['public key', [...verifier, 'publicKey', 'rawBytes']],
    ['keyDetails', [...verifier, 'keyDetails']],
  ];
  return { verifier, fields };
}

/**
 * Checks a Rekor v2 body against the entries the bundle implies, byte for byte. Otherwise it
 * names the first field that differs from the implied entry logging the same kind of verifier.
 */
function checkV2Body(entry: TlogEntry, type: V2Type, logged: LoggedSignature): void {
  const verifiers = loggedVerifiers(logged);
  for (const verifier of verifiers) {
    if (entry.canonicalizedBody.equals(v2Body(type, logged, verifier))) return;
  }
  let actual: unknown;
  try {
    actual = JSON.parse(entry.canonicalizedBody.toString('utf8'));
  } catch {
    throw fail('TLOG_ENTRY', 'transparency log: canonicalizedBody is not JSON');
  }
  const layout = v2Layout(type);
  const logsKey = at(actual, ...layout.verifier, 'publicKey') !== undefined;
  const closest = verifiers.find((v) => 'publicKey' in v === logsKey) ?? verifiers[0];
  const wanted = JSON.parse(v2Body(type, logged, closest ?? {}).toString('utf8')) as unknown;
  for (const [name, path] of layout.fields) {
    const e = at(wanted, ...path);
    const a = at(actual, ...path);
    if (e !== a) throw differs(name, e, a);
  }
  throw fail(
    'TLOG_ENTRY',
    'transparency log: the logged entry is not the canonical entry for this bundle',
  );
}

/** The digest names Rekor v1 entries use. */
const REKOR_V1_HASH: Record<DigestAlgorithm, string> = {
  SHA2_256: 'sha256',
  SHA2_384: 'sha384',
  SHA2_512: 'sha512',
};

const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Decodes base64 text from a logged body; undefined when it is not base64 text. */
function decoded(value: unknown): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return fromBase64(value);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    return undefined;
  }
}

/**
 * The logged signer (base64 PEM text, a certificate or a public key) must be the bundle's:
 * compared as DER, because clients differ in PEM line endings and trailing newlines.
 */
function checkLoggedSigner(pemBase64: unknown, logged: LoggedSignature): void {
  const label = logged.certificate ? 'CERTIFICATE' : 'PUBLIC KEY';
  const wanted = logged.certificate ?? logged.key.spki;
  let der: Buffer | undefined;
  const text = decoded(pemBase64)?.toString('utf8');
  if (text !== undefined) {
    try {
      der = parseSinglePem(text, label);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
    }
  }
  if (der === undefined || !der.equals(wanted)) {
    throw differs(
      logged.certificate ? 'certificate' : 'public key',
      toBase64(wanted),
      der === undefined ? `(not a PEM ${label.toLowerCase()})` : toBase64(der),
    );
  }
}

function checkLoggedSignature(actual: Buffer | undefined, logged: LoggedSignature): void {
  if (actual === undefined || !actual.equals(logged.signature)) {
    throw differs(
      'signature',
      toBase64(logged.signature),
      actual === undefined ? undefined : toBase64(actual),
    );
  }
}

/** A DSSE or intoto entry logs an envelope; a message signature was never logged as one. */
function envelopeOf(logged: LoggedSignature): Extract<SignedContent, { kind: 'dsseEnvelope' }> {
  if (logged.content.kind !== 'dsseEnvelope') {
    throw differs('type', 'hashedrekord (a message signature)', 'an envelope entry');
  }
  return logged.content;
}

function checkPayloadHash(hash: unknown, logged: LoggedSignature): void {
  const expected = `sha256 ${sha256Hex(envelopeOf(logged).payload)}`;
  const actual = `${show(at(hash, 'algorithm'))} ${show(at(hash, 'value'))}`;
  if (actual !== expected) throw differs('payload hash', expected, actual);
}

/** hashedrekord 0.0.1: data.hash, signature.content and signature.publicKey.content. */
function checkHashedRekordV001(spec: unknown, logged: LoggedSignature): void {
  const { content } = logged;
  if (content.kind !== 'messageSignature') {
    throw differs('type', 'an envelope entry (dsse or intoto)', 'hashedrekord');
  }
  const hash = at(spec, 'data', 'hash');
  const expected = `${REKOR_V1_HASH[content.digest.algorithm]} ${content.digest.value.toString('hex')}`;
  const actual = `${show(at(hash, 'algorithm'))} ${show(at(hash, 'value'))}`;
  if (actual !== expected) throw differs('digest', expected, actual);
  checkLoggedSignature(decoded(at(spec, 'signature', 'content')), logged);
  checkLoggedSigner(at(spec, 'signature', 'publicKey', 'content'), logged);
}

/** The DSSE entries log exactly one signature; a second signer is not the bundle's. */
function onlySignature(signatures: unknown): unknown {
  if (!Array.isArray(signatures) || signatures.length !== 1) {
    throw differs('signature count', 1, Array.isArray(signatures) ? signatures.length : undefined);
  }
  return signatures[0];
}

/**
 * dsse 0.0.1: payloadHash and the one signature with its verifier. The envelope hash is over
 * the envelope as submitted, which a bundle does not keep, so no client checks it.
 */
function checkDsseV001(spec: unknown, logged: LoggedSignature): void {
  checkPayloadHash(at(spec, 'payloadHash'), logged);
  const signature = onlySignature(at(spec, 'signatures'));
  checkLoggedSignature(decoded(at(signature, 'signature')), logged);
  checkLoggedSigner(at(signature, 'verifier'), logged);
}

/** intoto 0.0.2: payloadHash and the envelope's one signature, base64 twice, with its key. */
function checkIntotoV002(spec: unknown, logged: LoggedSignature): void {
  const content = at(spec, 'content');
  checkPayloadHash(at(content, 'payloadHash'), logged);
  const signature = onlySignature(at(content, 'envelope', 'signatures'));
  const sig = decoded(at(signature, 'sig'))?.toString('utf8');
  checkLoggedSignature(decoded(sig), logged);
  checkLoggedSigner(at(signature, 'publicKey'), logged);
}

const V1_CHECKS: Record<string, (spec: unknown, logged: LoggedSignature) => void> = {
  'hashedrekord 0.0.1': checkHashedRekordV001,
  'dsse 0.0.1': checkDsseV001,
  'intoto 0.0.2': checkIntotoV002,
};

function checkBody(entry: TlogEntry, logged: LoggedSignature): void {
  const type = `${entry.kind} ${entry.version}`;
  const v2 = [HASHEDREKORD, DSSE_V002].find((t) => isV2Type(entry, t));
  if (v2 !== undefined) return checkV2Body(entry, v2, logged);
  const check = V1_CHECKS[type];
  if (check === undefined) {
    throw fail('TLOG_ENTRY', `transparency log: entry type ${type} is not supported`, {
      expected: [HASHEDREKORD, DSSE_V002]
        .map((t) => `${t.kind} ${t.version}`)
        .concat([...REKOR_V1_TYPES])
        .join(', '),
      actual: type,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(entry.canonicalizedBody.toString('utf8'));
  } catch {
    throw fail('TLOG_ENTRY', 'transparency log: canonicalizedBody is not JSON');
  }
  // The bundle's kindVersion picks the comparison, so the body must be of that type itself.
  const bodyType = `${show(at(body, 'kind'))} ${show(at(body, 'apiVersion'))}`;
  if (bodyType !== type) throw differs('type', type, bodyType);
  check(at(body, 'spec'), logged);
}

function checkInclusion(entry: TlogEntry, proof: InclusionProof): void {
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
}

/**
 * Checkpoints already verified, per log key, by note text. The entries of one log batch share
 * a checkpoint, so a verifier checking a release's bundles meets the same note many times, and
 * its signature check was a fifth of a verification. Only verified notes are kept, and the
 * text includes the signature, so a hit is exactly the note that verified.
 */
export const CHECKPOINT_CACHE_SIZE = 256;
const checkpointCache = new WeakMap<readonly NoteVerifier[], Map<string, Checkpoint>>();

function verifiedCheckpoints(keys: readonly NoteVerifier[]): Map<string, Checkpoint> {
  let cache = checkpointCache.get(keys);
  if (cache === undefined) {
    cache = new Map();
    checkpointCache.set(keys, cache);
  }
  return cache;
}

function rememberCheckpoint(
  keys: readonly NoteVerifier[],
  note: string,
  checkpoint: Checkpoint,
): Checkpoint {
  const cache = verifiedCheckpoints(keys);
  if (cache.size >= CHECKPOINT_CACHE_SIZE) cache.clear();
  cache.set(note, checkpoint);
  return checkpoint;
}

/** A Rekor v1 tree is one shard of the log: its checkpoints name the host and the tree ID. */
const V1_ORIGIN = /^(.+) - ([0-9]+)$/;

/**
 * A Rekor v2 checkpoint is a C2SP note signed by the log key under the baseUrl's hostname,
 * which is its origin; a Rekor v1 checkpoint is signed in Rekor's note format under the
 * instance's hostname (`TrustedLog.rekorV1Checkpoint`), which starts its origin.
 */
function checkCheckpoint(log: TrustedLog, proof: InclusionProof, v1: boolean): void {
  const note = proof.checkpoint;
  const verifiers = v1 ? log.rekorV1Checkpoint : log.rekorV2Checkpoint;
  if (verifiers.length === 0) {
    throw fail(
      'CHECKPOINT',
      `checkpoint: the key of log ${log.baseUrl} cannot sign checkpoints (${log.keyDetails})`,
    );
  }
  let checkpoint = verifiedCheckpoints(verifiers).get(note);
  try {
    checkpoint ??= rememberCheckpoint(verifiers, note, verifyCheckpoint(note, verifiers));
  } catch (error) {
    if (!(error instanceof TlogError)) throw error;
    throw fail('CHECKPOINT', `checkpoint: ${error.message}`, { cause: error });
  }
  // The origin binds the checkpoint to this log: another log's head signed by a shared key is not it.
  const names = verifiers.map((v) => v.name);
  const host = v1 ? V1_ORIGIN.exec(checkpoint.origin)?.[1] : checkpoint.origin;
  if (host === undefined || !names.includes(host)) {
    const expected = names.map((name) => (v1 ? `${name} - <tree ID>` : name)).join(' or ');
    throw fail(
      'CHECKPOINT',
      `checkpoint: origin is ${checkpoint.origin}, not the log's (${expected})`,
      { expected, actual: checkpoint.origin },
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
}

/**
 * Verifies one entry after its promise (`verifyPromise`, whose result is passed back in):
 * the logged body, the inclusion proof and its checkpoint, and the log key's retirement.
 * Throws the failing check's VerifyError.
 */
export function verifyTlogEntry(
  trust: TrustMaterial,
  entry: TlogEntry,
  logged: LoggedSignature,
  signingTimes: readonly Date[],
  integratedTime: Date | undefined,
): VerifiedTlogEntry {
  const log = trustedLog(trust, entry);
  // verifyPromise has matched the body of an entry with a promise.
  if (integratedTime === undefined) checkBody(entry, logged);
  const v1 = isRekorV1(entry);
  const proof = entry.inclusionProof;
  if (!proof && integratedTime === undefined) {
    throw fail('TLOG_INCLUSION', 'transparency log: the entry has neither a promise nor a proof');
  }
  if (proof) {
    // Rekor v1 proofs index the entry within its shard, and the promise signs the log-wide
    // index; Rekor v2 has one tree, and sigstore-js reads the proof's index where
    // sigstore-go reads the entry's, so both must name one leaf.
    if (!v1 && proof.logIndex !== entry.logIndex) {
      throw fail('TLOG_INCLUSION', 'transparency log: the inclusion proof is for another index', {
        expected: String(entry.logIndex),
        actual: String(proof.logIndex),
      });
    }
    checkInclusion(entry, proof);
    checkCheckpoint(log, proof, v1);
  }
  // Only the end of the key's window is checked against RFC 3161 times: an entry is logged
  // after it is signed, so a signing time just before the key's start (timestamps have
  // one-second precision) is no sign of forgery, while a retired key must not vouch for
  // anything signed after retirement.
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
  return {
    logIndex: entry.logIndex,
    baseUrl: log.baseUrl,
    ...(proof === undefined ? {} : { treeSize: proof.treeSize }),
    ...(integratedTime === undefined ? {} : { integratedTime }),
  };
}
