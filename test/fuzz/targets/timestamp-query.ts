import { TsaError, encodeTimestampRequest, parseTimestampRequest } from '../../../src/tsa/index.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';
import { DER_WORDS, timestampAuthority } from './material.js';

/**
 * RFC 3161 TimeStampReq (DER), as POST /api/v1/timestamp reads an
 * application/timestamp-query body: parse, then answer it with a real authority. A refusal is
 * a TsaError the server answers with a 4xx.
 */

const { authority, digest } = timestampAuthority();

export const fuzz = refusing({ types: [TsaError], http: true }, (data) =>
  authority.timestamp(parseTimestampRequest(data)),
);

export const seeds = (): Buffer[] => [
  encodeTimestampRequest({ hashAlgorithm: 'sha256', hashedMessage: digest }),
  encodeTimestampRequest({
    hashAlgorithm: 'sha256',
    hashedMessage: digest,
    nonce: 0x1234567890abcdefn,
    certReq: true,
    policy: '1.3.6.1.4.1.57264.2',
  }),
  encodeTimestampRequest({
    hashAlgorithm: 'sha384',
    hashedMessage: Buffer.alloc(48, 7),
    nonce: 1n,
  }),
  encodeTimestampRequest({ hashAlgorithm: 'sha512', hashedMessage: Buffer.alloc(64, 9) }),
];

export const shape: InputShape = 'der';
export const dictionary = [
  ...DER_WORDS,
  '\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01',
  '\x06\x05\x2b\x0e\x03\x02\x1a',
];
