import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  NoteError,
  ecdsaNoteKeyId,
  ed25519NoteKeyId,
  noteSigner,
  noteVerifier,
  openNote,
  parseNote,
  signNote,
  verifierFromVkey,
} from '../../src/core/note.js';
import { vectorPath } from '../helpers/vectors.js';

interface NoteCase {
  name: string;
  note: string | null;
  note_hex?: string;
  verifier_keys: string[];
  expect: string;
  verified_signers: string[] | null;
  unverified_signers: string[] | null;
}

const ERROR_CODES: Record<string, string> = {
  'error:malformed': 'NOTE_MALFORMED',
  'error:invalid-signature': 'NOTE_INVALID_SIGNATURE',
  'error:no-verifiable-signature': 'NOTE_NO_VERIFIABLE_SIGNATURE',
};

/**
 * Go's sumdb/note refuses a note when the same key is configured twice and needed
 * ("ambiguous key"). Signet accepts it: a signature that verifies under a configured key for
 * that name and hint is a valid signature, and identical keys cannot disagree. Two different
 * trusted keys sharing a name and hint are both tried, so no valid signature is lost either.
 */
const SIGNET_POLICY: Record<string, Pick<NoteCase, 'expect' | 'verified_signers'>> = {
  'duplicate-verifier-used': { expect: 'ok', verified_signers: ['EnochRoot'] },
};

/** The vectors label a distinct corrupted line "EnochRoot(corrupted)"; its signer name is EnochRoot. */
const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

const signerName = (label: string): string => label.replace(/\(corrupted\)$/, '');

describe('signed note: c2sp / sumdb vectors', () => {
  it('verifies all 16 cases', () => {
    const path = vectorPath('tlog', 'signed-note', 'vectors.json');
    const cases: NoteCase[] = JSON.parse(readFileSync(path, 'utf8')).cases;
    assert.equal(cases.length, 16);
    for (const c of cases) {
      const expected = { ...c, ...SIGNET_POLICY[c.name] };
      const note = c.note ?? Buffer.from(c.note_hex ?? '', 'hex');
      const verifiers = c.verifier_keys.map(verifierFromVkey);
      if (expected.expect === 'ok') {
        const opened = openNote(note, verifiers);
        assert.deepEqual(opened.verified, expected.verified_signers, c.name);
        assert.deepEqual(opened.unverified, (c.unverified_signers ?? []).map(signerName), c.name);
        assert.equal(typeof note === 'string' && note.startsWith(opened.text), true, c.name);
      } else {
        const code = ERROR_CODES[expected.expect];
        assert.ok(code, `unknown expectation ${expected.expect} in ${c.name}`);
        assert.throws(() => openNote(note, verifiers), { name: 'NoteError', code }, c.name);
      }
    }
  });

  it('derives the vkey key IDs from the Ed25519 formula', () => {
    const path = vectorPath('tlog', 'signed-note', 'vectors.json');
    const cases: NoteCase[] = JSON.parse(readFileSync(path, 'utf8')).cases;
    for (const vkey of new Set(cases.flatMap((c) => c.verifier_keys))) {
      const verifier = verifierFromVkey(vkey);
      assert.equal(vkey.split('+')[1], verifier.keyId.subarray(0, 4).toString('hex'));
      assert.equal(verifier.keyId.length, 32);
    }
  });
});

describe('signed note: our own signatures', () => {
  const ed = generateKeyPairSync('ed25519');
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const text = 'example.com/log\n42\nsome text\n';

  it('round-trips Ed25519 and ECDSA P-256 signatures', () => {
    const signers = [
      noteSigner('example.com/log', ed.privateKey),
      noteSigner('ecdsa.example', ec.privateKey),
    ];
    const note = signNote(text, signers);
    assert.match(
      note,
      /^example\.com\/log\n42\nsome text\n\n— example\.com\/log [A-Za-z0-9+/]+=*\n— ecdsa\.example /,
    );
    const opened = openNote(note, [
      noteVerifier('example.com/log', ed.publicKey),
      noteVerifier('ecdsa.example', ec.publicKey),
    ]);
    assert.deepEqual(opened, {
      text,
      verified: ['example.com/log', 'ecdsa.example'],
      unverified: [],
    });
    const parsed = parseNote(note);
    assert.equal(parsed.signatures[0]!.signature.length, 64);
    assert.deepEqual(parsed.signatures[1]!.keyHint, ecdsaNoteKeyId(ec.publicKey).subarray(0, 4));
  });

  it('computes key IDs by the documented formulas', () => {
    // An Ed25519 SPKI ends with the 32-byte key (RFC 8410).
    const raw = ed.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const manual = sha256(Buffer.concat([Buffer.from('n\n\x01', 'latin1'), raw]));
    assert.deepEqual(ed25519NoteKeyId('n', ed.publicKey), manual);
    const spki = ec.publicKey.export({ type: 'spki', format: 'der' });
    assert.deepEqual(ecdsaNoteKeyId(ec.publicKey), sha256(spki));
    assert.deepEqual(noteSigner('n', ed.privateKey).keyId, manual);
  });

  it('reports unknown signers as unverified and requires a trusted one', () => {
    const witness = generateKeyPairSync('ed25519');
    const note = signNote(text, [
      noteSigner('log', ed.privateKey),
      noteSigner('witness', witness.privateKey),
    ]);
    const opened = openNote(note, [noteVerifier('log', ed.publicKey)]);
    assert.deepEqual([opened.verified, opened.unverified], [['log'], ['witness']]);
    assert.throws(() => openNote(note, [noteVerifier('other', ed.publicKey)]), {
      code: 'NOTE_NO_VERIFIABLE_SIGNATURE',
      message: /signed by: log\+[0-9a-f]{8}, witness\+/,
    });
  });

  it('rejects a note whose text was altered', () => {
    const note = signNote(text, [noteSigner('log', ec.privateKey)]);
    assert.throws(() => openNote(note.replace('42', '43'), [noteVerifier('log', ec.publicKey)]), {
      code: 'NOTE_INVALID_SIGNATURE',
    });
  });

  it('rejects invalid text, names and keys when signing', () => {
    const signer = noteSigner('log', ed.privateKey);
    assert.throws(() => signNote('no newline', [signer]), { code: 'NOTE_MALFORMED' });
    assert.throws(() => signNote('tab\there\n', [signer]), { code: 'NOTE_MALFORMED' });
    assert.throws(() => signNote('lone \ud800\n', [signer]), { code: 'NOTE_MALFORMED' });
    assert.throws(() => signNote(text, []), { code: 'NOTE_KEY_INVALID' });
    for (const name of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u2028b']) {
      assert.throws(() => noteSigner(name, ed.privateKey), { code: 'NOTE_KEY_INVALID' }, name);
    }
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    assert.throws(() => noteSigner('log', p384.privateKey), { code: 'NOTE_KEY_INVALID' });
    assert.throws(() => noteVerifier('log', ed.privateKey), { code: 'NOTE_KEY_INVALID' });
    assert.throws(() => ed25519NoteKeyId('log', ec.publicKey), { code: 'NOTE_KEY_INVALID' });
    assert.throws(() => ecdsaNoteKeyId(createPublicKey(ed.privateKey)), {
      code: 'NOTE_KEY_INVALID',
    });
  });

  it('keeps blank lines inside the text and a leading byte-order mark', () => {
    const multi = 'first\n\nthird\n\n';
    const signer = noteSigner('log', ed.privateKey);
    const verifier = noteVerifier('log', ed.publicKey);
    assert.equal(openNote(signNote(multi, [signer]), [verifier]).text, multi);
    const bom = '\ufeffbom\n';
    const bytes = Buffer.from(signNote(bom, [signer]), 'utf8');
    assert.equal(openNote(bytes, [verifier]).text, bom);
  });
});

describe('signed note: strict parsing', () => {
  const ed = generateKeyPairSync('ed25519');
  const note = signNote('text\n', [noteSigner('log', ed.privateKey)]);
  const sigLine = note.slice('text\n\n'.length);

  it('rejects malformed signature blocks', () => {
    const bad = [
      'text\n\n- log AAAAAAAA\n',
      'text\n\n—log AAAAAAAA\n',
      'text\n\n— log\n',
      'text\n\n— log \n',
      'text\n\n— log AAAA\n',
      `text\n\n${sigLine.replace(/=*\n$/, '\n')}`,
      `text\n\n${sigLine.replace(' ', '  ')}`,
      `text\n\n${sigLine.replace('\n', ' \n')}`,
      `text\n\n${sigLine}\n`,
      `text\r\n\n${sigLine}`,
      `text\n\n${sigLine.replace(/\n$/, '\r\n')}`,
    ];
    for (const n of bad) {
      assert.throws(() => parseNote(n), { code: 'NOTE_MALFORMED' }, JSON.stringify(n));
    }
    assert.throws(() => parseNote(Buffer.from([0x74, 0xc3, 0x28, 0x0a, 0x0a])), {
      code: 'NOTE_MALFORMED',
      message: /UTF-8/,
    });
  });

  it('accepts up to 100 signature lines', () => {
    const many = `text\n\n${sigLine.repeat(100)}`;
    assert.equal(parseNote(many).signatures.length, 100);
    assert.throws(() => parseNote(many + sigLine), { code: 'NOTE_MALFORMED' });
  });

  it('rejects malformed vkeys', () => {
    const good = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
    assert.equal(verifierFromVkey(good).name, 'PeterNeumann');
    for (const vkey of [
      'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'PeterNeumann+c74f20a3+AhpcAQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10',
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'PeterNeumann+c74f20a3',
      '',
    ]) {
      assert.throws(() => verifierFromVkey(vkey), { code: 'NOTE_KEY_INVALID' }, vkey);
    }
  });

  it('throws NoteError subclasses with stable codes', () => {
    try {
      parseNote('no signatures\n');
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof NoteError);
      assert.equal(err.name, 'NoteError');
    }
  });
});
