import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { PublishedCheckpoint } from '../../src/tlog/log.js';
import {
  entryFromRequest,
  transparencyLogEntry,
  transparencyLogEntryJson,
} from '../../src/tlog/rekor.js';
import { EntryFactory } from '../helpers/entries.js';

const checkpoint = (size: number, note: string): PublishedCheckpoint => ({
  origin: 'signet.test/log',
  size,
  rootHash: randomBytes(32),
  extensions: [],
  note,
});

describe('rekor: the TransparencyLogEntry answer as text', () => {
  const factory = new EntryFactory();
  const entries = Array.from({ length: 4 }, () => entryFromRequest(factory.request()));
  // A note's newlines, quotes, backslashes and non-ASCII text all need JSON escaping.
  const notes = [
    'signet.test/log\n12\nAAAA\n\n\u2014 signet.test/log abc=\n',
    'a "quoted" \\ note\twith\u0001control\n',
  ];

  it('is JSON.stringify of the answer object, byte for byte, across checkpoints and keys', () => {
    const logIds = [randomBytes(32), randomBytes(32)];
    for (const [c, note] of notes.entries()) {
      const published = checkpoint(1000 + c, note);
      for (const [i, entry] of entries.entries()) {
        for (const logId of logIds) {
          const result = {
            index: 990 + i,
            duplicate: i === 3,
            checkpoint: published,
            proof: Array.from({ length: i * 3 }, () => randomBytes(32)),
          };
          const text = transparencyLogEntryJson(entry, result, logId);
          assert.equal(text, JSON.stringify(transparencyLogEntry(entry, result, logId)));
          assert.deepEqual(JSON.parse(text), transparencyLogEntry(entry, result, logId));
        }
      }
    }
  });

  it('does not reuse one checkpoint text for another with the same size', () => {
    const logId = randomBytes(32);
    const entry = entries[0]!;
    const first = checkpoint(7, notes[0]!);
    const second = { ...first, rootHash: randomBytes(32), note: notes[1]! };
    for (const published of [first, second, first]) {
      const result = { index: 3, duplicate: false, checkpoint: published, proof: [] };
      const answer = JSON.parse(transparencyLogEntryJson(entry, result, logId)) as {
        inclusionProof: { rootHash: string; checkpoint: { envelope: string } };
      };
      assert.equal(answer.inclusionProof.rootHash, published.rootHash.toString('base64'));
      assert.equal(answer.inclusionProof.checkpoint.envelope, published.note);
    }
  });
});
