import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  boolean,
  contextTag,
  integer,
  nullValue,
  octetString,
  oid,
  sequence,
} from '../../src/core/der.js';
import {
  DIGEST_LENGTH_MESSAGE,
  GENERIC_FAILURE_MESSAGE,
  PkiFailureInfo,
  PkiStatus,
  TsaError,
  WEAK_HASH_MESSAGE,
  encodeMessageImprint,
  encodeTimestampRequest,
  parseJsonTimestampRequest,
  parseTimeStampResponse,
  parseTimestampRequest,
  rejectionResponse,
} from '../../src/tsa/index.js';
import type { TsaErrorCode } from '../../src/tsa/index.js';
import { requireTool } from '../helpers/tools.js';

const digest = createHash('sha256').update('signature bytes').digest();
const SHA256 = '2.16.840.1.101.3.4.2.1';

const dir = mkdtempSync(join(tmpdir(), 'signet-tsq-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function rejectsWith(code: TsaErrorCode, fn: () => unknown, message?: RegExp | string): TsaError {
  let caught: unknown;
  assert.throws(fn, (error: unknown) => {
    caught = error;
    return error instanceof TsaError && error.code === code;
  });
  const error = caught as TsaError;
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message) assert.match(error.message, message);
  return error;
}

/** openssl's rendering of a TimeStampResp, proving the DER is well formed. */
function opensslReply(der: Buffer): string {
  const path = join(dir, `reply-${Math.random().toString(36).slice(2)}.tsr`);
  writeFileSync(path, der);
  return execFileSync('openssl', ['ts', '-reply', '-in', path, '-text'], {
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

const imprint = (hashOid: string, hashed: Buffer, params = true): Buffer =>
  sequence(
    params ? sequence(oid(hashOid), nullValue()) : sequence(oid(hashOid)),
    octetString(hashed),
  );

describe('DER TimeStampReq parsing', () => {
  it('parses every field and keeps the imprint bytes for echoing', () => {
    const der = encodeTimestampRequest({
      hashAlgorithm: 'sha256',
      hashedMessage: digest,
      policy: '1.2.3.4',
      nonce: 0xfedcba9876543210n,
      certReq: true,
    });
    const request = parseTimestampRequest(der);
    assert.equal(request.hashAlgorithm, 'sha256');
    assert.deepEqual(request.hashedMessage, digest);
    assert.deepEqual(request.messageImprint, encodeMessageImprint('sha256', digest));
    assert.equal(request.policy, '1.2.3.4');
    assert.equal(request.nonce, 0xfedcba9876543210n);
    assert.equal(request.certReq, true);
  });

  it('accepts absent hash parameters, an explicit certReq FALSE and non-critical extensions', () => {
    const extension = sequence(oid('1.2.3.99'), octetString(Buffer.from([5, 0])));
    const der = sequence(
      integer(1),
      imprint(SHA256, digest, false),
      boolean(false),
      contextTag(0, extension),
    );
    const request = parseTimestampRequest(der);
    assert.equal(request.certReq, false);
    assert.equal(request.nonce, undefined);
    assert.equal(request.policy, undefined);
  });

  it('accepts what `openssl ts -query` produces', (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    const data = join(dir, 'data');
    writeFileSync(data, 'hello');
    for (const hash of ['sha256', 'sha384', 'sha512'] as const) {
      const der = execFileSync('openssl', ['ts', '-query', '-data', data, `-${hash}`, '-cert'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const request = parseTimestampRequest(der);
      assert.equal(request.hashAlgorithm, hash);
      assert.deepEqual(request.hashedMessage, createHash(hash).update('hello').digest());
      assert.equal(request.certReq, true);
      assert.equal(typeof request.nonce, 'bigint');
    }
  });

  const valid = encodeTimestampRequest({ hashAlgorithm: 'sha256', hashedMessage: digest });
  const refusals: Array<[string, TsaErrorCode, Buffer, (RegExp | string)?]> = [
    [
      'truncated DER',
      'REQUEST_MALFORMED',
      valid.subarray(0, valid.length - 3),
      /runs past the end/,
    ],
    [
      'trailing bytes',
      'REQUEST_MALFORMED',
      Buffer.concat([valid, Buffer.from([0])]),
      /trailing bytes/,
    ],
    ['empty input', 'REQUEST_MALFORMED', Buffer.alloc(0), /truncated/],
    [
      'a huge length',
      'REQUEST_MALFORMED',
      Buffer.concat([Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]), valid.subarray(2)]),
      /runs past the end/,
    ],
    ['indefinite length', 'REQUEST_MALFORMED', Buffer.from([0x30, 0x80, 0x00, 0x00]), /indefinite/],
    ['not a SEQUENCE', 'REQUEST_MALFORMED', octetString(digest), /TimeStampReq/],
    [
      'version 2',
      'UNSUPPORTED_VERSION',
      sequence(integer(2), imprint(SHA256, digest)),
      /version 2/,
    ],
    [
      'a version 1 not minimally encoded',
      'REQUEST_MALFORMED',
      sequence(Buffer.from([0x02, 0x02, 0x00, 0x01]), imprint(SHA256, digest)),
      /not minimally encoded/,
    ],
    [
      'a version that is not an INTEGER',
      'REQUEST_MALFORMED',
      sequence(octetString(Buffer.from([1])), imprint(SHA256, digest)),
      /expected tag 0x2/,
    ],
    ['no imprint', 'REQUEST_MALFORMED', sequence(integer(1)), /missing messageImprint/],
    [
      'a hash OID whose bytes are not an OID',
      'REQUEST_MALFORMED',
      sequence(
        integer(1),
        sequence(sequence(octetString(oid(SHA256).subarray(2)), nullValue()), octetString(digest)),
      ),
      /expected tag 0x6/,
    ],
    [
      'NULL hash parameters with content',
      'REQUEST_MALFORMED',
      sequence(
        integer(1),
        sequence(sequence(oid(SHA256), Buffer.from([0x05, 0x01, 0x00])), octetString(digest)),
      ),
      /absent or NULL/,
    ],
    [
      'sha1',
      'WEAK_HASH_ALGORITHM',
      sequence(integer(1), imprint('1.3.14.3.2.26', digest.subarray(0, 20))),
      WEAK_HASH_MESSAGE,
    ],
    [
      'md5',
      'UNSUPPORTED_HASH_ALGORITHM',
      sequence(integer(1), imprint('1.2.840.113549.2.5', digest.subarray(0, 16))),
      /1\.2\.840\.113549\.2\.5/,
    ],
    [
      'a short digest',
      'DIGEST_LENGTH_MISMATCH',
      sequence(integer(1), imprint(SHA256, digest.subarray(0, 31))),
      DIGEST_LENGTH_MESSAGE,
    ],
    [
      'a sha512-sized digest labelled sha256',
      'DIGEST_LENGTH_MISMATCH',
      sequence(integer(1), imprint(SHA256, Buffer.concat([digest, digest]))),
    ],
    [
      'hash parameters other than NULL',
      'REQUEST_MALFORMED',
      sequence(integer(1), sequence(sequence(oid(SHA256), integer(0)), octetString(digest))),
      /absent or NULL/,
    ],
    [
      'a negative nonce',
      'REQUEST_MALFORMED',
      sequence(integer(1), imprint(SHA256, digest), Buffer.from([0x02, 0x01, 0xff])),
      /negative/,
    ],
    [
      'fields out of order',
      'REQUEST_MALFORMED',
      sequence(integer(1), imprint(SHA256, digest), integer(5), oid('1.2.3')),
      /unexpected field/,
    ],
    [
      'a critical extension',
      'UNACCEPTED_EXTENSION',
      sequence(
        integer(1),
        imprint(SHA256, digest),
        contextTag(0, sequence(oid('1.2.3.99'), boolean(true), octetString(Buffer.alloc(2)))),
      ),
      /1\.2\.3\.99/,
    ],
  ];

  for (const [what, code, der, message] of refusals) {
    it(`refuses ${what} with ${code} and a rejection response`, () => {
      const error = rejectsWith(code, () => parseTimestampRequest(der), message);
      assert.equal(error.isRequestError, true);
      const rejection = rejectionResponse(error);
      const parsed = parseTimeStampResponse(rejection);
      assert.equal(parsed.status, PkiStatus.rejection);
      assert.deepEqual(parsed.statusString, [error.message]);
      assert.deepEqual(parsed.failInfo, [error.failInfo]);
      assert.equal(parsed.token, undefined);
    });
  }

  it('answers each refusal with a rejection openssl can print', (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    for (const [what, code, der] of refusals) {
      const error = rejectsWith(code, () => parseTimestampRequest(der));
      assert.match(opensslReply(rejectionResponse(error)), /Status: Rejected/, what);
    }
  });

  it('maps each refusal to the RFC 3161 failure bit openssl names', (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    const text = (code: TsaErrorCode): string =>
      opensslReply(rejectionResponse(new TsaError(code, 'x')));
    assert.match(text('WEAK_HASH_ALGORITHM'), /unrecognized or unsupported algorithm/);
    assert.match(text('UNSUPPORTED_VERSION'), /transaction not permitted or supported/);
    assert.match(text('DIGEST_LENGTH_MISMATCH'), /the data submitted has the wrong format/);
    assert.match(text('UNACCEPTED_POLICY'), /the requested TSA policy is not supported/);
    assert.match(text('UNACCEPTED_EXTENSION'), /the requested extension is not supported/);
  });

  it('turns errors that are not the requester’s fault into a generic systemFailure', (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    for (const error of [
      new Error('disk on fire'),
      new TsaError('CONFIG_INVALID', 'secret path'),
    ]) {
      const parsed = parseTimeStampResponse(rejectionResponse(error));
      assert.deepEqual(parsed.statusString, [GENERIC_FAILURE_MESSAGE]);
      assert.deepEqual(parsed.failInfo, [PkiFailureInfo.systemFailure]);
    }
    assert.match(opensslReply(rejectionResponse(new Error('x'))), /system failure/);
  });
});

describe('JSON timestamp requests', () => {
  const artifactHash = digest.toString('base64');

  it('parses the sigstore-js shape and the optional fields', () => {
    const minimal = parseJsonTimestampRequest(
      JSON.stringify({ artifactHash, hashAlgorithm: 'sha256' }),
    );
    assert.deepEqual(minimal, {
      hashAlgorithm: 'sha256',
      hashedMessage: digest,
      messageImprint: encodeMessageImprint('sha256', digest),
      certReq: false,
    });
    const full = parseJsonTimestampRequest(
      Buffer.from(
        JSON.stringify({
          artifactHash,
          hashAlgorithm: 'sha256',
          certificates: true,
          nonce: 123456789,
          tsaPolicyOID: '1.3.6.1.4.1.57264.2',
          somethingNew: 'ignored',
        }),
      ),
    );
    assert.equal(full.certReq, true);
    assert.equal(full.nonce, 123456789n);
    assert.equal(full.policy, '1.3.6.1.4.1.57264.2');
    assert.equal(
      parseJsonTimestampRequest({ artifactHash, hashAlgorithm: 'sha256', nonce: 2n ** 80n }).nonce,
      2n ** 80n,
    );
    const sha512 = createHash('sha512').update('x').digest();
    assert.equal(
      parseJsonTimestampRequest({
        artifactHash: sha512.toString('base64url'),
        hashAlgorithm: 'sha512',
      }).hashAlgorithm,
      'sha512',
    );
  });

  const refusals: Array<[string, TsaErrorCode, unknown, (RegExp | string)?]> = [
    ['invalid JSON', 'REQUEST_MALFORMED', '{"artifactHash":', /malformed JSON/],
    ['an array', 'REQUEST_MALFORMED', '[]', /JSON object/],
    ['sha1', 'WEAK_HASH_ALGORITHM', { artifactHash, hashAlgorithm: 'sha1' }, WEAK_HASH_MESSAGE],
    ['md5', 'UNSUPPORTED_HASH_ALGORITHM', { artifactHash, hashAlgorithm: 'md5' }, /md5/],
    ['a missing hashAlgorithm', 'REQUEST_MALFORMED', { artifactHash }, /hashAlgorithm/],
    ['a missing artifactHash', 'REQUEST_MALFORMED', { hashAlgorithm: 'sha256' }, /artifactHash/],
    ['bad base64', 'REQUEST_MALFORMED', { artifactHash: '!!!', hashAlgorithm: 'sha256' }, /base64/],
    [
      'a digest of the wrong length',
      'DIGEST_LENGTH_MISMATCH',
      { artifactHash, hashAlgorithm: 'sha384' },
      DIGEST_LENGTH_MESSAGE,
    ],
    [
      'a string certificates flag',
      'REQUEST_MALFORMED',
      { artifactHash, hashAlgorithm: 'sha256', certificates: 'yes' },
    ],
    [
      'a fractional nonce',
      'REQUEST_MALFORMED',
      { artifactHash, hashAlgorithm: 'sha256', nonce: 1.5 },
      /nonce/,
    ],
    [
      'an imprecise nonce',
      'REQUEST_MALFORMED',
      { artifactHash, hashAlgorithm: 'sha256', nonce: 2 ** 60 },
      /2\^53/,
    ],
    [
      'a negative nonce',
      'REQUEST_MALFORMED',
      { artifactHash, hashAlgorithm: 'sha256', nonce: -1 },
      /nonce/,
    ],
    [
      'a malformed policy',
      'REQUEST_MALFORMED',
      { artifactHash, hashAlgorithm: 'sha256', tsaPolicyOID: '1.2.x' },
      /tsaPolicyOID/,
    ],
  ];

  for (const [what, code, body, message] of refusals) {
    it(`refuses ${what} with ${code}`, () => {
      const input = typeof body === 'string' ? body : JSON.stringify(body);
      rejectsWith(code, () => parseJsonTimestampRequest(input), message);
    });
  }
});
