import { TsaError, parseJsonTimestampRequest } from '../../../src/tsa/index.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';
import { JSON_WORDS, timestampAuthority } from './material.js';

/**
 * The JSON timestamp request (as sigstore-js sends it with Content-Type application/json):
 * parse, then answer it with a real authority. A refusal is a TsaError the server answers
 * with a 4xx.
 */

const { authority, digest } = timestampAuthority();

export const fuzz = refusing({ types: [TsaError], http: true }, (data) =>
  authority.timestamp(parseJsonTimestampRequest(data)),
);

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

export const seeds = (): Buffer[] => [
  json({ artifactHash: digest.toString('base64'), hashAlgorithm: 'sha256' }),
  json({
    artifactHash: digest.toString('base64'),
    hashAlgorithm: 'SHA256',
    certificates: true,
    nonce: 12345,
    tsaPolicyOID: '1.3.6.1.4.1.57264.2',
  }),
  json({ artifactHash: Buffer.alloc(48, 1).toString('base64'), hashAlgorithm: 'sha384' }),
];

export const shape: InputShape = 'json';
export const dictionary = [
  ...JSON_WORDS,
  '"artifactHash"',
  '"hashAlgorithm"',
  '"certificates"',
  '"nonce"',
  '"tsaPolicyOID"',
  '"sha256"',
  '"sha384"',
  '"sha512"',
  '"sha1"',
  '"md5"',
];
