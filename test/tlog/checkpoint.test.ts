import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { noteSigner, noteVerifier, openNote, parseNote, signNote } from '../../src/core/note.js';
import type { NoteVerifier } from '../../src/core/note.js';
import {
  formatCheckpoint,
  parseCheckpointText,
  signCheckpoint,
  verifyCheckpoint,
} from '../../src/tlog/checkpoint.js';
import type { Checkpoint } from '../../src/tlog/checkpoint.js';
import { TlogError } from '../../src/tlog/error.js';
import { vectorPath } from '../helpers/vectors.js';

interface TrustedLog {
  baseUrl: string;
  keyDetails: string;
  publicKey_pkix_b64: string;
  logId_b64: string;
}

interface CheckpointVector {
  source: string;
  checkpoint: string;
  origin: string;
  trusted_logs: TrustedLog[];
  signature_lines: { signer: string; keyhint: string; signature_valid: boolean | null }[];
  verifies_with_a_trusted_log_key: boolean;
}

/** How sigstore-go builds a checkpoint verifier from a trusted-root tlog: name = URL host. */
function logVerifier(log: TrustedLog): NoteVerifier {
  const key = createPublicKey({
    key: Buffer.from(log.publicKey_pkix_b64, 'base64'),
    format: 'der',
    type: 'spki',
  });
  return noteVerifier(new URL(log.baseUrl).host, key);
}

function verifies(note: string, verifiers: NoteVerifier[]): boolean {
  try {
    verifyCheckpoint(note, verifiers);
    return true;
  } catch (err) {
    assert.ok(err instanceof TlogError, `expected a TlogError, got ${String(err)}`);
    return false;
  }
}

describe('checkpoint: real Sigstore checkpoints', () => {
  it('checks every signature line and the bottom line of all 48', () => {
    const path = vectorPath('tlog', 'checkpoints', 'sigstore-checkpoints.json');
    const vectors: CheckpointVector[] = JSON.parse(readFileSync(path, 'utf8')).checkpoints;
    assert.equal(vectors.length, 48);
    for (const v of vectors) {
      const verifiers = v.trusted_logs.map(logVerifier);
      for (const log of v.trusted_logs) {
        // The trusted root's logId is the full checkpoint key ID: the signed-note formula for
        // Ed25519, SHA-256(SPKI) for ECDSA.
        assert.equal(logVerifier(log).keyId.toString('base64'), log.logId_b64, v.source);
      }
      if (v.signature_lines.length > 0) {
        const parsed = parseNote(v.checkpoint);
        const message = Buffer.from(parsed.text, 'utf8');
        assert.equal(parsed.signatures.length, v.signature_lines.length, v.source);
        parsed.signatures.forEach((sig, i) => {
          const line = v.signature_lines[i]!;
          assert.equal(sig.name, line.signer, v.source);
          assert.equal(sig.keyHint.toString('hex'), line.keyhint, v.source);
          const match = verifiers.find(
            (ver) => ver.name === sig.name && ver.keyId.subarray(0, 4).equals(sig.keyHint),
          );
          const valid = match === undefined ? null : match.verify(message, sig.signature);
          assert.equal(valid, line.signature_valid, `${v.source} line ${i + 1}`);
        });
      }
      assert.equal(verifies(v.checkpoint, verifiers), v.verifies_with_a_trusted_log_key, v.source);
      if (v.verifies_with_a_trusted_log_key) {
        const checkpoint = verifyCheckpoint(v.checkpoint, verifiers);
        assert.equal(checkpoint.origin, v.origin, v.source);
        assert.equal(formatCheckpoint(checkpoint), openNote(v.checkpoint, verifiers).text);
      }
    }
  });
});

describe('checkpoint: our own signed checkpoints', () => {
  const origin = 'log.signet.example';
  const checkpoint: Checkpoint = {
    origin,
    size: 2 ** 40 + 3,
    rootHash: Buffer.alloc(32, 7),
    extensions: [],
  };

  for (const [label, keys] of [
    ['Ed25519', generateKeyPairSync('ed25519')],
    ['ECDSA P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
  ] as const) {
    it(`round-trips with ${label}`, () => {
      const note = signCheckpoint(checkpoint, [noteSigner(origin, keys.privateKey)]);
      assert.ok(
        note.startsWith(
          `${origin}\n1099511627779\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n\n— ${origin} `,
        ),
      );
      const verifier = noteVerifier(origin, keys.publicKey);
      assert.deepEqual(verifyCheckpoint(note, [verifier]), checkpoint);
      assert.deepEqual(verifyCheckpoint(Buffer.from(note, 'utf8'), [verifier]), checkpoint);
    });
  }

  it('keeps extension lines and ignores witness cosignatures', () => {
    const log = generateKeyPairSync('ed25519');
    const witness = generateKeyPairSync('ed25519');
    const withExt = { ...checkpoint, extensions: ['Timestamp: 1689183319633487743'] };
    const note = signCheckpoint(withExt, [
      noteSigner(origin, log.privateKey),
      noteSigner('witness.example', witness.privateKey),
    ]);
    assert.deepEqual(verifyCheckpoint(note, [noteVerifier(origin, log.publicKey)]), withExt);
  });

  it('names why a checkpoint was refused', () => {
    const log = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    const verifier = noteVerifier(origin, log.publicKey);
    const note = signCheckpoint(checkpoint, [noteSigner(origin, log.privateKey)]);
    assert.throws(
      () => verifyCheckpoint(note.replace('1099511627779', '1099511627780'), [verifier]),
      {
        code: 'CHECKPOINT_INVALID',
        message: /does not verify/,
      },
    );
    assert.throws(() => verifyCheckpoint(note, [noteVerifier(origin, other.publicKey)]), {
      code: 'CHECKPOINT_UNVERIFIED',
    });
    assert.throws(() => verifyCheckpoint(note.replace(/— .*\n$/, ''), [verifier]), {
      code: 'CHECKPOINT_MALFORMED',
    });
    const badText = signNote(`${origin}\n01\n${'A'.repeat(43)}=\n`, [
      noteSigner(origin, log.privateKey),
    ]);
    assert.throws(() => verifyCheckpoint(badText, [verifier]), {
      code: 'CHECKPOINT_MALFORMED',
      message: /leading zeros/,
    });
  });
});

describe('checkpoint: strict text', () => {
  const root = Buffer.alloc(32, 1).toString('base64');

  it('parses the minimal and the empty-tree forms', () => {
    assert.deepEqual(parseCheckpointText(`o\n0\n${root}\n`), {
      origin: 'o',
      size: 0,
      rootHash: Buffer.alloc(32, 1),
      extensions: [],
    });
    assert.equal(parseCheckpointText(`o\n9007199254740991\n${root}\n`).size, 2 ** 53 - 1);
  });

  it('rejects every malformed variant', () => {
    const urlSafeRoot = Buffer.alloc(32, 0xfb).toString('base64url');
    for (const text of [
      `o\n1\n${root}`,
      `\n1\n${root}\n`,
      `o\n${root}\n`,
      `o\n1\n`,
      `o\n01\n${root}\n`,
      `o\n+1\n${root}\n`,
      `o\n-1\n${root}\n`,
      `o\n1e3\n${root}\n`,
      `o\n 1\n${root}\n`,
      `o\n9007199254740992\n${root}\n`,
      `o\n1\n${root.slice(0, -1)}\n`,
      `o\n1\n${Buffer.alloc(31).toString('base64')}\n`,
      `o\n1\n${Buffer.alloc(33).toString('base64')}\n`,
      `o\n1\n${urlSafeRoot}\n`,
      `o\n1\n${root}\n\n`,
      `o\n1\n${root}\next\n\n`,
      `o\r\n1\n${root}\n`,
    ]) {
      assert.throws(
        () => parseCheckpointText(text),
        { code: 'CHECKPOINT_MALFORMED' },
        JSON.stringify(text),
      );
    }
  });

  it('refuses to format an invalid checkpoint', () => {
    const good: Checkpoint = { origin: 'o', size: 1, rootHash: Buffer.alloc(32), extensions: [] };
    for (const bad of [
      { ...good, origin: '' },
      { ...good, origin: 'a\nb' },
      { ...good, size: -1 },
      { ...good, size: 1.5 },
      { ...good, rootHash: Buffer.alloc(31) },
      { ...good, extensions: [''] },
    ]) {
      assert.throws(() => formatCheckpoint(bad), { code: 'CHECKPOINT_MALFORMED' });
    }
    assert.equal(
      formatCheckpoint({ ...good, extensions: ['x y'] }),
      `o\n1\n${'A'.repeat(43)}=\nx y\n`,
    );
  });
});
