import { fromBase64, toBase64 } from '../core/base64.js';
import { NoteError, openNote, parseNote, signNote } from '../core/note.js';
import type { NoteSigner, NoteVerifier } from '../core/note.js';
import { TlogError } from './error.js';
import type { TlogErrorCode } from './error.js';

/**
 * c2sp.org/tlog-checkpoint: a signed note whose text is the origin, the tree size, the
 * base64 RFC 6962 root hash and optional extension lines, one per line.
 */
export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  extensions: string[];
}

const ROOT_HASH_SIZE = 32;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f]/;

const NOTE_TO_TLOG: Record<NoteError['code'], TlogErrorCode> = {
  NOTE_MALFORMED: 'CHECKPOINT_MALFORMED',
  NOTE_INVALID_SIGNATURE: 'CHECKPOINT_INVALID',
  NOTE_NO_VERIFIABLE_SIGNATURE: 'CHECKPOINT_UNVERIFIED',
  NOTE_KEY_INVALID: 'CHECKPOINT_UNVERIFIED',
};

/** The checkpoint's note text, "origin\nsize\nb64root\n[extension lines\n]". */
export function formatCheckpoint(c: Checkpoint): string {
  requireLine(c.origin, 'origin');
  if (!Number.isSafeInteger(c.size) || c.size < 0) {
    throw malformed(`tree size must be a non-negative safe integer, got ${c.size}`);
  }
  if (!(c.rootHash instanceof Uint8Array) || c.rootHash.length !== ROOT_HASH_SIZE) {
    throw malformed(`root hash must be ${ROOT_HASH_SIZE} bytes`);
  }
  c.extensions.forEach((line, i) => requireLine(line, `extension line ${i + 1}`));
  const lines = [c.origin, String(c.size), toBase64(c.rootHash), ...c.extensions];
  return lines.map((line) => `${line}\n`).join('');
}

/** Parses checkpoint note text (already verified: the spec says to ignore unverified text). */
export function parseCheckpointText(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) {
    throw malformed('checkpoint text must end with a newline');
  }
  const [origin = '', sizeText = '', rootText = '', ...extensions] = text.slice(0, -1).split('\n');
  if (sizeText === '' || rootText === '') {
    throw malformed('checkpoint text needs origin, tree size and root hash lines');
  }
  requireLine(origin, 'origin');
  extensions.forEach((line, i) => requireLine(line, `extension line ${i + 1}`));
  return { origin, size: parseSize(sizeText), rootHash: parseRootHash(rootText), extensions };
}

/**
 * The tree size of a checkpoint note this log stored itself (already trusted: it signed it), or
 * 0 for a log that never published one.
 */
export function storedCheckpointSize(note: string | undefined): number {
  return note === undefined ? 0 : parseCheckpointText(parseNote(note).text).size;
}

export function signCheckpoint(c: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(c), signers);
}

/**
 * Verifies a checkpoint note against trusted log keys and parses its text. Signatures by
 * unknown keys (witnesses, rotated keys) are ignored; any trusted signature that fails, or
 * no trusted signature at all, rejects the checkpoint. The origin is returned, not checked:
 * Rekor v1 origins differ from their key names, so matching is the caller's policy.
 */
export function verifyCheckpoint(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
): Checkpoint {
  let text: string;
  try {
    ({ text } = openNote(note, verifiers));
  } catch (err) {
    if (!(err instanceof NoteError)) throw err;
    throw new TlogError(NOTE_TO_TLOG[err.code], `checkpoint: ${err.message}`, { cause: err });
  }
  return parseCheckpointText(text);
}

function parseSize(text: string): number {
  if (!DECIMAL.test(text)) {
    throw malformed(`tree size ${JSON.stringify(text)} is not a decimal without leading zeros`);
  }
  const size = Number(text);
  if (!Number.isSafeInteger(size)) throw malformed(`tree size ${text} is too large`);
  return size;
}

function parseRootHash(text: string): Buffer {
  let root: Buffer | undefined;
  try {
    root = fromBase64(text, 'root hash');
  } catch (err) {
    throw malformed(`root hash ${JSON.stringify(text)} is not base64`, err);
  }
  if (toBase64(root) !== text) {
    throw malformed(`root hash ${JSON.stringify(text)} is not canonical padded standard base64`);
  }
  if (root.length !== ROOT_HASH_SIZE) {
    throw malformed(`root hash is ${root.length} bytes, expected ${ROOT_HASH_SIZE}`);
  }
  return root;
}

function requireLine(line: string, what: string): void {
  if (typeof line !== 'string' || line === '') throw malformed(`${what} is empty`);
  if (CONTROL.test(line)) throw malformed(`${what} contains a newline or control character`);
}

function malformed(message: string, cause?: unknown): TlogError {
  return new TlogError(
    'CHECKPOINT_MALFORMED',
    message,
    cause === undefined ? undefined : { cause },
  );
}
