import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpErrorOf } from '../../server/error-status.js';
import {
  RekorV1Error,
  type V1Kinds,
  canonicalizerFor,
  proposedEntry,
} from '../../src/tlog/rekor-v1/kinds.js';

const logged = async () => ({ body: Buffer.from('{}'), indexKeys: [] });
const kinds: V1Kinds = { hashedrekord: { '0.0.1': logged } };

describe('the Rekor v1 kinds registry', () => {
  it('finds the canonicalizer for a known kind and apiVersion', () => {
    const entry = proposedEntry({ kind: 'hashedrekord', apiVersion: '0.0.1', spec: {} });
    assert.equal(canonicalizerFor(kinds, entry), logged);
  });

  it('refuses an unknown kind or apiVersion, naming it, with a 400', () => {
    for (const [kind, apiVersion, named] of [
      ['rekord', '0.0.1', '"rekord"'],
      ['hashedrekord', '0.0.2', '"0.0.2"'],
      ['toString', '0.0.1', '"toString"'],
    ] as const) {
      assert.throws(
        () => canonicalizerFor(kinds, proposedEntry({ kind, apiVersion, spec: {} })),
        (error: unknown) =>
          error instanceof RekorV1Error &&
          error.code === 'KIND_UNSUPPORTED' &&
          error.message.includes(named) &&
          httpErrorOf(error).status === 400,
      );
    }
  });

  it('refuses a body without kind, apiVersion or spec', () => {
    for (const body of [null, [], {}, { kind: 'hashedrekord' }, { kind: 'x', apiVersion: '1' }]) {
      assert.throws(
        () => proposedEntry(body),
        (error: unknown) => error instanceof RekorV1Error && error.code === 'ENTRY_INVALID',
      );
    }
  });
});
