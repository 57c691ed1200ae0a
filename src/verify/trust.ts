import { createHash, createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { fromBase64 } from '../core/base64.js';
import { noteVerifier } from '../core/note.js';
import type { NoteVerifier } from '../core/note.js';
import {
  OID,
  certificatePublicKey,
  describeName,
  findExtension,
  parseBasicConstraints,
  parseCertificate,
  parseKeyUsage,
  spkiOf,
  verifyCertificateSignature,
} from '../core/x509.js';
import type { Certificate } from '../core/x509.js';
import { TRUSTED_ROOT_MEDIA_TYPE } from '../bundle/trust.js';
import { VerifyError } from './error.js';
import { type JsonObject, field, jsonObject } from '../bundle/protojson.js';

/**
 * trusted_root.json v0.1 (protocols.md §7.1) read once into what verification needs: keys
 * imported as KeyObjects, certificates parsed, validity windows as Dates, logs indexed by ID.
 * A Verifier holds one TrustMaterial for its lifetime, so none of this is repeated per bundle.
 */

export interface ValidFor {
  start: Date;
  /** Absent: still valid. */
  end?: Date;
}

export interface TrustedLog {
  baseUrl: string;
  /** The baseUrl's hostname: a Rekor v2 checkpoint's origin and signing key name. */
  origin: string;
  /** The full 32-byte log ID as trusted_root.json lists it. */
  logId: Buffer;
  /** SubjectPublicKeyInfo DER. */
  spki: Buffer;
  publicKey: KeyObject;
  keyDetails: string;
  validFor: ValidFor;
  /**
   * The C2SP verifier of a Rekor v2 log's checkpoints (name = origin), or none when the key
   * type signs no such notes (only Ed25519 and ECDSA P-256 do). Its key ID equals `logId`.
   */
  rekorV2Checkpoint: readonly NoteVerifier[];
  /** The verifiers of a Rekor v1 log's checkpoints (`rekorV1CheckpointVerifiers`). */
  rekorV1Checkpoint: readonly NoteVerifier[];
}

/** A trusted_root.json entry left out because this verifier cannot use it, and why. */
export interface SkippedEntry {
  /** Where it is in trusted_root.json: "tlogs[2]". */
  path: string;
  reason: string;
}

/** The protobuf-specs key types of log keys, all of which Node.js imports. */
const KNOWN_KEY_DETAILS = new Set([
  'PKIX_ECDSA_P256_SHA_256',
  'PKIX_ECDSA_P384_SHA_384',
  'PKIX_ECDSA_P521_SHA_512',
  'PKIX_ED25519',
  'PKIX_RSA_PKCS1V15_2048_SHA256',
  'PKIX_RSA_PKCS1V15_3072_SHA256',
  'PKIX_RSA_PKCS1V15_4096_SHA256',
  'PKIX_RSA_PKCS1V5',
  'PKCS1_RSA_PKCS1V5',
]);

const isSkipped = (entry: TrustedLog | SkippedEntry): entry is SkippedEntry => 'reason' in entry;

/**
 * Rekor v1 signs its checkpoints in its own note format (rekor pkg/util/signed_note.go): the
 * key name is the instance's configured hostname, which is also the origin's "<name> - <tree
 * ID>" prefix; the key hint is SHA-256 of the log key's SPKI (its log ID) for every key type;
 * ECDSA and RSA sign SHA-256 of the note text, Ed25519 the text itself. The name is the
 * baseUrl's host, with its port when the instance runs on one ("localhost:8000" for
 * http://localhost:8000), or its bare hostname. sigstore-js takes any signature whose hint is
 * the log ID's and whose name occurs in the baseUrl; sigstore-go ignores the name.
 */
function rekorV1CheckpointVerifiers(url: URL, spki: Buffer, publicKey: KeyObject): NoteVerifier[] {
  const keyId = createHash('sha256').update(spki).digest();
  const hash = publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  const check = (message: Buffer, signature: Buffer): boolean => {
    try {
      return verify(hash, message, publicKey, signature);
    } catch {
      return false;
    }
  };
  return [...new Set([url.host, url.hostname])].map((name) => ({ name, keyId, verify: check }));
}

export interface TrustedAuthority {
  uri: string;
  /**
   * Parsed certificates in trusted_root.json order: for a CA, the issuing certificate first and
   * the root last; for a TSA, the TSA's own certificate first and the root last.
   */
  chain: Certificate[];
  /** The public key of each certificate in `chain`, imported once. */
  keys: KeyObject[];
  validFor: ValidFor;
}

/** Whether `at` lies in the window (both ends inclusive). */
export const isWithin = (window: ValidFor, at: Date): boolean =>
  window.start.getTime() <= at.getTime() &&
  (window.end === undefined || at.getTime() <= window.end.getTime());

const CHECK = 'trusted root';

const invalid = (message: string, cause?: unknown): VerifyError =>
  new VerifyError('TRUST_ROOT_INVALID', `trusted root: ${message}`, { check: CHECK, cause });

const get = field;
const object = (value: unknown, path: string): JsonObject => jsonObject(value, path, invalid);

function list(from: JsonObject, camel: string, path: string): unknown[] {
  const value = get(from, camel) ?? [];
  if (!Array.isArray(value)) throw invalid(`${path}.${camel} must be an array`);
  return value;
}

function text(from: JsonObject, camel: string, path: string): string {
  const value = get(from, camel);
  if (typeof value !== 'string' || value === '') {
    throw invalid(`${path}.${camel} must be a non-empty string`);
  }
  return value;
}

function bytes(from: JsonObject, camel: string, path: string): Buffer {
  const value = text(from, camel, path);
  try {
    return fromBase64(value, `${path}.${camel}`);
  } catch (error) {
    throw invalid(`${path}.${camel} is not valid base64`, error);
  }
}

function time(value: unknown, path: string): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw invalid(`${path} must be an RFC 3339 time`);
  }
  return date;
}

/**
 * sigstore-go requires `validFor.start` on log keys; authorities may omit the window. A null
 * window is already unset here (`field` reads null as protojson does).
 */
function validFor(value: unknown, path: string, required: boolean): ValidFor {
  if (value === undefined) {
    if (required) throw invalid(`${path} is missing`);
    return { start: new Date(0) };
  }
  const window = object(value, path);
  const start = get(window, 'start');
  if (start === undefined && required) throw invalid(`${path}.start is missing`);
  const parsed: ValidFor = {
    start: start === undefined ? new Date(0) : time(start, `${path}.start`),
  };
  const end = get(window, 'end');
  if (end !== undefined) parsed.end = time(end, `${path}.end`);
  return parsed;
}

function parseLog(value: unknown, path: string): TrustedLog | SkippedEntry {
  const log = object(value, path);
  const baseUrl = text(log, 'baseUrl', path);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (error) {
    throw invalid(`${path}.baseUrl ${JSON.stringify(baseUrl)} is not a URL`, error);
  }
  const origin = url.hostname;
  const hashAlgorithm = get(log, 'hashAlgorithm');
  if (hashAlgorithm !== undefined && hashAlgorithm !== 'SHA2_256') {
    throw invalid(`${path}.hashAlgorithm must be SHA2_256, got ${JSON.stringify(hashAlgorithm)}`);
  }
  const keyPath = `${path}.publicKey`;
  const key = object(get(log, 'publicKey'), keyPath);
  const raw = bytes(key, 'rawBytes', keyPath);
  const keyDetails =
    typeof get(key, 'keyDetails') === 'string' ? (get(key, 'keyDetails') as string) : '';
  // Early roots give RSA CT keys as a PKCS#1 RSAPublicKey (keyDetails PKCS1_RSA_*), not as
  // SPKI; the log ID is still SHA-256 of the SPKI form, so the SPKI is what is kept.
  const pkcs1 = keyDetails.startsWith('PKCS1_');
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: raw, format: 'der', type: pkcs1 ? 'pkcs1' : 'spki' });
  } catch (error) {
    // A key type this verifier has never heard of (a newer root) costs that one log, not the
    // whole root: bundles from the other logs still verify, and these fail as untrusted.
    if (keyDetails !== '' && !KNOWN_KEY_DETAILS.has(keyDetails)) {
      return { path, reason: `key type ${keyDetails} cannot be imported by Node.js` };
    }
    throw invalid(
      `${keyPath}.rawBytes is not a DER ${pkcs1 ? 'PKCS#1 RSA public key' : 'SubjectPublicKeyInfo'}`,
      error,
    );
  }
  const spki = spkiOf(publicKey);
  // sjs prefers checkpointKeyId over logId; when both are set they must agree (§4.8).
  const logId = bytes(object(get(log, 'logId'), `${path}.logId`), 'keyId', `${path}.logId`);
  const checkpointKeyId = get(log, 'checkpointKeyId');
  if (checkpointKeyId !== undefined) {
    const id = bytes(object(checkpointKeyId, `${path}.checkpointKeyId`), 'keyId', path);
    if (!id.equals(logId)) throw invalid(`${path}.checkpointKeyId differs from its logId`);
  }
  let rekorV2Checkpoint: NoteVerifier[] = [];
  try {
    rekorV2Checkpoint = [noteVerifier(origin, publicKey)];
  } catch {
    // A key type that signs no C2SP notes (RSA, P-384): a Rekor v1 or CT key.
  }
  return {
    baseUrl,
    origin,
    logId,
    spki,
    publicKey,
    keyDetails,
    validFor: validFor(get(key, 'validFor'), `${keyPath}.validFor`, true),
    rekorV2Checkpoint,
    rekorV1Checkpoint: rekorV1CheckpointVerifiers(url, spki, publicKey),
  };
}

function parseAuthority(value: unknown, path: string): TrustedAuthority {
  const authority = object(value, path);
  const chainPath = `${path}.certChain`;
  const certificates = list(
    object(get(authority, 'certChain'), chainPath),
    'certificates',
    chainPath,
  );
  if (certificates.length === 0) throw invalid(`${chainPath}.certificates is empty`);
  const chain = certificates.map((c, i) => {
    const der = bytes(object(c, `${chainPath}.certificates[${i}]`), 'rawBytes', chainPath);
    try {
      return parseCertificate(der);
    } catch (error) {
      throw invalid(`${chainPath}.certificates[${i}] is not a DER certificate`, error);
    }
  });
  let keys: KeyObject[];
  try {
    keys = chain.map(certificatePublicKey);
  } catch (error) {
    throw invalid(`${chainPath} has a certificate with an unsupported key`, error);
  }
  return {
    uri: typeof get(authority, 'uri') === 'string' ? (get(authority, 'uri') as string) : '',
    chain,
    keys,
    validFor: validFor(get(authority, 'validFor'), `${path}.validFor`, false),
  };
}

/**
 * Checks each link of a trusted chain once (certificate i signed by i+1, issuers CAs allowed
 * to sign certificates). The last certificate is the anchor and is taken as given. The result
 * is cached per authority, so a broken entry fails every bundle that would rely on it but
 * costs nothing for the others.
 */
function verifyLinks(authority: TrustedAuthority): string | undefined {
  for (let i = 0; i + 1 < authority.chain.length; i++) {
    const cert = authority.chain[i] as Certificate;
    const issuer = authority.chain[i + 1] as Certificate;
    const where = `certificate "${describeName(cert.subject)}"`;
    if (!cert.issuer.equals(issuer.subject)) {
      return `${where} is not issued by the next certificate in the chain`;
    }
    if (!verifyCertificateSignature(cert, authority.keys[i + 1] as KeyObject)) {
      return `${where}: signature does not verify with the key of "${describeName(issuer.subject)}"`;
    }
    const bc = findExtension(issuer, OID.basicConstraints);
    if (!bc || !parseBasicConstraints(bc.value).ca) {
      return `"${describeName(issuer.subject)}" is not a CA`;
    }
    const ku = findExtension(issuer, OID.keyUsage);
    if (ku && !parseKeyUsage(ku.value).has('keyCertSign')) {
      return `"${describeName(issuer.subject)}" may not sign certificates`;
    }
  }
  return undefined;
}

export class TrustMaterial {
  readonly tlogs: readonly TrustedLog[];
  readonly ctlogs: readonly TrustedLog[];
  readonly certificateAuthorities: readonly TrustedAuthority[];
  readonly timestampAuthorities: readonly TrustedAuthority[];
  /** Log entries left out because their key type is unknown here (see SkippedEntry). */
  readonly skipped: readonly SkippedEntry[];
  readonly #tlogById: Map<string, TrustedLog>;
  readonly #ctlogsById: Map<string, TrustedLog[]>;
  /** Per authority: undefined when its chain links verify, else why not. */
  readonly #links = new WeakMap<TrustedAuthority, { problem: string | undefined }>();

  private constructor(parts: {
    tlogs: TrustedLog[];
    ctlogs: TrustedLog[];
    certificateAuthorities: TrustedAuthority[];
    timestampAuthorities: TrustedAuthority[];
    skipped: SkippedEntry[];
  }) {
    this.tlogs = parts.tlogs;
    this.skipped = parts.skipped;
    this.ctlogs = parts.ctlogs;
    this.certificateAuthorities = parts.certificateAuthorities;
    this.timestampAuthorities = parts.timestampAuthorities;
    this.#tlogById = new Map(parts.tlogs.map((log) => [log.logId.toString('hex'), log]));
    this.#ctlogsById = new Map();
    for (const log of parts.ctlogs) {
      const id = log.logId.toString('hex');
      this.#ctlogsById.set(id, [...(this.#ctlogsById.get(id) ?? []), log]);
    }
  }

  /** Reads trusted_root.json (already JSON-parsed); TRUST_ROOT_INVALID naming the field otherwise. */
  static fromTrustedRoot(json: unknown): TrustMaterial {
    const root = object(json, 'trusted root');
    const mediaType = get(root, 'mediaType');
    // sigstore-go accepts only this exact string; a look-alike is refused rather than guessed at.
    if (mediaType !== TRUSTED_ROOT_MEDIA_TYPE) {
      throw invalid(
        `mediaType must be ${JSON.stringify(TRUSTED_ROOT_MEDIA_TYPE)}, got ${JSON.stringify(mediaType)}`,
      );
    }
    const tlogs = list(root, 'tlogs', 'trusted root').map((l, i) => parseLog(l, `tlogs[${i}]`));
    const ctlogs = list(root, 'ctlogs', 'trusted root').map((l, i) => parseLog(l, `ctlogs[${i}]`));
    const usable = (logs: (TrustedLog | SkippedEntry)[]): TrustedLog[] =>
      logs.filter((log): log is TrustedLog => !isSkipped(log));
    return new TrustMaterial({
      tlogs: usable(tlogs),
      ctlogs: usable(ctlogs),
      skipped: [...tlogs, ...ctlogs].filter(isSkipped),
      certificateAuthorities: list(root, 'certificateAuthorities', 'trusted root').map((a, i) =>
        parseAuthority(a, `certificateAuthorities[${i}]`),
      ),
      timestampAuthorities: list(root, 'timestampAuthorities', 'trusted root').map((a, i) =>
        parseAuthority(a, `timestampAuthorities[${i}]`),
      ),
    });
  }

  /** The transparency log with this log ID, if trusted. */
  tlog(logId: Buffer): TrustedLog | undefined {
    return this.#tlogById.get(logId.toString('hex'));
  }

  /** The CT log keys with this log ID (a rotated key may appear with several windows). */
  ctlogsById(logId: Buffer): readonly TrustedLog[] {
    return this.#ctlogsById.get(logId.toString('hex')) ?? [];
  }

  /** Why the authority's own chain is broken, or undefined when every link verifies (cached). */
  chainProblem(authority: TrustedAuthority): string | undefined {
    let cached = this.#links.get(authority);
    if (cached === undefined) {
      cached = { problem: verifyLinks(authority) };
      this.#links.set(authority, cached);
    }
    return cached.problem;
  }
}
