import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { fromBase64, toBase64 } from './base64.js';
import { SignetError } from './error.js';
import { rawEd25519PublicKey } from './jwk.js';
import { ed25519PublicKey } from './spki.js';

/**
 * C2SP signed notes (c2sp.org/signed-note): text, a blank line, then one line per signature
 * of the form "— <key name> <base64(4-byte key hint || signature)>".
 *
 * Supported keys: Ed25519 (type 0x01, key ID = SHA-256(name || 0x0A || 0x01 || raw key)) and
 * ECDSA P-256 with DER signatures over SHA-256, whose key ID follows rekor-tiles and C2SP
 * type 0x02: SHA-256(SPKI DER), without name or type byte.
 */

export class NoteError extends SignetError<
  'NOTE_MALFORMED' | 'NOTE_INVALID_SIGNATURE' | 'NOTE_NO_VERIFIABLE_SIGNATURE' | 'NOTE_KEY_INVALID'
> {}

export interface NoteSigner {
  name: string;
  /** The full 32-byte key ID; its first 4 bytes are the hint written in the signature line. */
  keyId: Buffer;
  sign(message: Buffer): Buffer;
}

export interface NoteVerifier {
  name: string;
  /** The full 32-byte key ID; its first 4 bytes are the hint matched against signature lines. */
  keyId: Buffer;
  /** Must return false, not throw, for a signature that does not verify. */
  verify(message: Buffer, signature: Buffer): boolean;
}

export interface ParsedNote {
  text: string;
  signatures: { name: string; keyHint: Buffer; signature: Buffer }[];
}

const SIGNATURE_PREFIX = '\u2014 ';
const ED25519_TYPE = 0x01;
const KEY_ID_SIZE = 32;
const HINT_SIZE = 4;
/** The spec asks verifiers to cap signatures and accept at least 16; Go's sumdb caps at 100. */
export const MAX_SIGNATURES = 100;
/** Go's unicode.IsSpace, which is what "Unicode spaces" means for the reference implementation. */
const SPACE = /[\p{Z}\t\n\v\f\r\u0085]/u;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const LONE_SURROGATE = /\p{Cs}/u;
// ignoreBOM keeps a leading U+FEFF as text instead of silently dropping signed bytes.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

type KeyKind = 'ed25519' | 'p256';

/** SHA-256(name || 0x0A || 0x01 || 32-byte Ed25519 public key), the signed-note key ID. */
export function ed25519NoteKeyId(name: string, publicKey: KeyObject): Buffer {
  requireKeyName(name);
  requireKind(publicKey, 'public', 'ed25519');
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_TYPE]))
    .update(rawEd25519PublicKey(publicKey))
    .digest();
}

/** SHA-256(SPKI DER): the ECDSA key ID of rekor-tiles (equal to the classic RFC 6962 log ID). */
export function ecdsaNoteKeyId(publicKey: KeyObject): Buffer {
  requireKind(publicKey, 'public', 'p256');
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

/** A signer for an Ed25519 or ECDSA P-256 private key. */
export function noteSigner(name: string, privateKey: KeyObject): NoteSigner {
  requireKeyName(name);
  const kind = requireKind(privateKey, 'private');
  const publicKey = createPublicKey(privateKey);
  if (kind === 'ed25519') {
    return {
      name,
      keyId: ed25519NoteKeyId(name, publicKey),
      sign: (message) => sign(null, message, privateKey),
    };
  }
  return {
    name,
    keyId: ecdsaNoteKeyId(publicKey),
    sign: (message) => sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }),
  };
}

/** A verifier for an Ed25519 or ECDSA P-256 public key. */
export function noteVerifier(name: string, publicKey: KeyObject): NoteVerifier {
  requireKeyName(name);
  const kind = requireKind(publicKey, 'public');
  if (kind === 'ed25519') {
    return {
      name,
      keyId: ed25519NoteKeyId(name, publicKey),
      verify: (message, signature) =>
        signature.length === 64 && safeVerify(() => verify(null, message, publicKey, signature)),
    };
  }
  return {
    name,
    keyId: ecdsaNoteKeyId(publicKey),
    verify: (message, signature) =>
      safeVerify(() =>
        verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature),
      ),
  };
}

/** A verifier from the text form "<name>+<8 hex key hint>+<base64(0x01 || 32-byte key)>". */
export function verifierFromVkey(vkey: string): NoteVerifier {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first < 0 || second < 0) {
    throw new NoteError(
      'NOTE_KEY_INVALID',
      'verifier key must be <name>+<hex key ID>+<base64 key>',
    );
  }
  const name = vkey.slice(0, first);
  const hint = vkey.slice(first + 1, second);
  const key = decodeStrictBase64(vkey.slice(second + 1));
  if (!/^[0-9a-fA-F]{8}$/.test(hint)) {
    throw new NoteError('NOTE_KEY_INVALID', `verifier key ID "${hint}" is not 8 hex digits`);
  }
  if (key === undefined || key.length !== 33 || key[0] !== ED25519_TYPE) {
    throw new NoteError(
      'NOTE_KEY_INVALID',
      `verifier key for ${name} is not base64 of 0x01 followed by a 32-byte Ed25519 key`,
    );
  }
  const publicKey = ed25519PublicKey(key.subarray(1));
  const verifier = noteVerifier(name, publicKey);
  if (!verifier.keyId.subarray(0, HINT_SIZE).equals(Buffer.from(hint, 'hex'))) {
    throw new NoteError(
      'NOTE_KEY_INVALID',
      `verifier key ID ${hint} does not match the key for ${name}`,
    );
  }
  return verifier;
}

/** Signs `text` (which must end with a newline) with every signer, in order. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  requireNoteText(text);
  if (signers.length === 0 || signers.length > MAX_SIGNATURES) {
    throw new NoteError(
      'NOTE_KEY_INVALID',
      `a note needs 1 to ${MAX_SIGNATURES} signers, got ${signers.length}`,
    );
  }
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    requireKeyName(signer.name);
    requireKeyId(signer.keyId, signer.name);
    const signature = Buffer.concat([signer.keyId.subarray(0, HINT_SIZE), signer.sign(message)]);
    return `${SIGNATURE_PREFIX}${signer.name} ${toBase64(signature)}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Splits a note into its text and signature lines without verifying anything. Bytes are
 * accepted as well as strings so that invalid UTF-8 is rejected rather than replaced.
 */
export function parseNote(note: string | Uint8Array): ParsedNote {
  const message = decodeNote(note);
  requireCharacters(message, 'note');
  // Text may itself contain blank lines; the signature block starts after the last one.
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw malformed('note has no blank line before its signatures');
  const block = message.slice(split + 2);
  if (block === '') throw malformed('note has no signature lines');
  if (!block.endsWith('\n')) throw malformed('last signature line does not end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) {
    throw malformed(`note has ${lines.length} signatures; at most ${MAX_SIGNATURES} are accepted`);
  }
  return { text: message.slice(0, split + 1), signatures: lines.map(parseSignatureLine) };
}

/**
 * Verifies a note against trusted keys. A signature line is checked by every verifier with
 * the same name and key hint; if none of them accepts it the whole note is rejected. Lines
 * from unknown keys (e.g. witness cosignatures) are ignored and listed as `unverified`, one
 * entry per distinct line. At least one trusted signature is required.
 */
export function openNote(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
): { text: string; verified: string[]; unverified: string[] } {
  verifiers.forEach((v) => {
    requireKeyName(v.name);
    requireKeyId(v.keyId, v.name);
  });
  const { text, signatures } = parseNote(note);
  const message = Buffer.from(text, 'utf8');
  const verified = new Map<string, string>();
  const unverified = new Map<string, string>();
  for (const { name, keyHint, signature } of signatures) {
    const key = `${name}+${keyHint.toString('hex')}`;
    const candidates = verifiers.filter(
      (v) => v.name === name && v.keyId.subarray(0, HINT_SIZE).equals(keyHint),
    );
    if (candidates.length === 0) {
      unverified.set(`${key}+${signature.toString('base64')}`, name);
    } else if (candidates.some((v) => v.verify(message, signature))) {
      verified.set(key, name);
    } else {
      throw new NoteError(
        'NOTE_INVALID_SIGNATURE',
        `signature by trusted key ${key} does not verify`,
      );
    }
  }
  if (verified.size === 0) {
    const signers = signatures.map((s) => `${s.name}+${s.keyHint.toString('hex')}`).join(', ');
    throw new NoteError(
      'NOTE_NO_VERIFIABLE_SIGNATURE',
      `note has no signature from a trusted key (signed by: ${signers})`,
    );
  }
  return { text, verified: [...verified.values()], unverified: [...unverified.values()] };
}

function parseSignatureLine(line: string, i: number): ParsedNote['signatures'][number] {
  const where = `signature line ${i + 1}`;
  if (!line.startsWith(SIGNATURE_PREFIX)) {
    throw malformed(`${where} does not start with an em dash and a space`);
  }
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  if (!isKeyName(name)) throw malformed(`${where} has an invalid key name`);
  const bytes = space < 0 ? undefined : decodeStrictBase64(rest.slice(space + 1));
  if (bytes === undefined || bytes.length <= HINT_SIZE) {
    throw malformed(`${where} (${name}) does not end with base64 of a key hint and a signature`);
  }
  return {
    name,
    keyHint: bytes.subarray(0, HINT_SIZE),
    signature: bytes.subarray(HINT_SIZE),
  };
}

function decodeNote(note: string | Uint8Array): string {
  if (typeof note === 'string') return note;
  try {
    return UTF8.decode(note);
  } catch {
    throw malformed('note is not valid UTF-8');
  }
}

/** Only canonical, padded standard base64: one spelling per value, as Go's decoder requires. */
function decodeStrictBase64(text: string): Buffer | undefined {
  try {
    const bytes = fromBase64(text);
    return toBase64(bytes) === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function requireNoteText(text: string): void {
  if (typeof text !== 'string' || !text.endsWith('\n')) {
    throw malformed('note text must end with a newline');
  }
  requireCharacters(text, 'note text');
}

function requireCharacters(text: string, what: string): void {
  if (FORBIDDEN_CONTROL.test(text)) {
    throw malformed(`${what} contains a control character other than newline`);
  }
  if (LONE_SURROGATE.test(text)) throw malformed(`${what} is not valid Unicode`);
}

function isKeyName(name: string): boolean {
  return (
    name !== '' &&
    !name.includes('+') &&
    !SPACE.test(name) &&
    !FORBIDDEN_CONTROL.test(name) &&
    !LONE_SURROGATE.test(name)
  );
}

function requireKeyName(name: string): void {
  if (typeof name !== 'string' || !isKeyName(name)) {
    throw new NoteError(
      'NOTE_KEY_INVALID',
      `key name ${JSON.stringify(name)} must be non-empty, without spaces, "+" or control characters`,
    );
  }
}

function requireKeyId(keyId: Buffer, name: string): void {
  if (!Buffer.isBuffer(keyId) || keyId.length !== KEY_ID_SIZE) {
    throw new NoteError('NOTE_KEY_INVALID', `key ID for ${name} must be ${KEY_ID_SIZE} bytes`);
  }
}

function requireKind(key: KeyObject, type: 'public' | 'private', only?: KeyKind): KeyKind {
  const kind =
    key.asymmetricKeyType === 'ed25519'
      ? 'ed25519'
      : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
        ? 'p256'
        : undefined;
  if (key.type !== type || kind === undefined || (only !== undefined && kind !== only)) {
    const wanted =
      only === 'ed25519' ? 'Ed25519' : only === 'p256' ? 'ECDSA P-256' : 'Ed25519 or ECDSA P-256';
    const got = `${key.type} ${key.asymmetricKeyType ?? ''} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`;
    throw new NoteError(
      'NOTE_KEY_INVALID',
      `expected an ${wanted} ${type} key, got a ${got.trim()} key`,
    );
  }
  return kind;
}

/** OpenSSL throws on some malformed signatures (e.g. bad DER); that is a failed check too. */
function safeVerify(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

function malformed(message: string): NoteError {
  return new NoteError('NOTE_MALFORMED', message);
}
