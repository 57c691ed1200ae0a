import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { NoteError, noteSigner, noteVerifier, parseNote } from '../../../src/core/note.js';
import { signCheckpoint, verifyCheckpoint } from '../../../src/tlog/checkpoint.js';
import { TlogError } from '../../../src/tlog/error.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';

/**
 * Signed notes and the checkpoints in them (C2SP signed-note and tlog-checkpoint), as the
 * verifier reads a Rekor inclusion proof's checkpoint: the note, its signature lines, the
 * signatures by the trusted Ed25519 and ECDSA log keys, the checkpoint text. Every refusal is
 * a NoteError or a TlogError.
 */

const ed = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ED_NAME = 'log2025-1.rekor.example';
const EC_NAME = 'rekor.example';
/** Rekor v1 origins differ from their key names. */
const EC_ORIGIN = `${EC_NAME} - 1193050959916656506`;
const verifiers = [noteVerifier(ED_NAME, ed.publicKey), noteVerifier(EC_NAME, ec.publicKey)];

export const fuzz = refusing({ types: [NoteError, TlogError] }, (data) => {
  parseNote(data);
  verifyCheckpoint(data, verifiers);
});

const VECTORS = new URL(
  '../../../../test/fixtures/vectors/tlog/checkpoints/sigstore-checkpoints.json',
  import.meta.url,
);

export function seeds(): Buffer[] {
  const rootHash = createHash('sha256').update('fuzz').digest();
  const ours = [
    signCheckpoint({ origin: ED_NAME, size: 12345, rootHash, extensions: [] }, [
      noteSigner(ED_NAME, ed.privateKey),
    ]),
    signCheckpoint(
      { origin: EC_ORIGIN, size: 1, rootHash, extensions: ['Timestamp: 1689183319633487743'] },
      [noteSigner(EC_NAME, ec.privateKey), noteSigner(ED_NAME, ed.privateKey)],
    ),
  ];
  const { checkpoints } = JSON.parse(readFileSync(VECTORS, 'utf8')) as {
    checkpoints: { checkpoint: string }[];
  };
  return [...ours, ...checkpoints.slice(0, 6).map((c) => c.checkpoint)].map((text) =>
    Buffer.from(text, 'utf8'),
  );
}

export const shape: InputShape = 'text';
export const dictionary = [
  '\n',
  '\n\n',
  '\u2014 ',
  ' ',
  '+',
  '0',
  '18446744073709551615',
  '18446744073709551616',
  '-1',
  ED_NAME,
  EC_NAME,
  EC_ORIGIN,
  'AAAA',
  '=',
  '\r',
  '\t',
  '\u0000',
];
