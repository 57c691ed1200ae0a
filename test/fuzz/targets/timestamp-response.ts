import { readFileSync, readdirSync } from 'node:fs';
import {
  TsaError,
  encodeTimestampRequest,
  parseTimeStampResponse,
  verifyTimestamp,
} from '../../../src/tsa/index.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';
import { DER_WORDS, timestampAuthority } from './material.js';

/**
 * RFC 3161 TimeStampResp (DER), as the verifier reads a bundle's timestamp: parse, then verify
 * it for the stamped data against the TSA chain (imprint, signature, ESS certificate id, chain
 * at genTime). Every refusal is a TsaError.
 */

const { authority, chain, data, digest } = timestampAuthority();

export const fuzz = refusing({ types: [TsaError] }, (response) => {
  parseTimeStampResponse(response);
  verifyTimestamp(response, { data, chain });
});

const VECTORS = new URL('../../../../test/fixtures/vectors/rfc3161/responses/', import.meta.url);

export function seeds(): Buffer[] {
  const ours = [
    encodeTimestampRequest({ hashAlgorithm: 'sha256', hashedMessage: digest }),
    encodeTimestampRequest({
      hashAlgorithm: 'sha256',
      hashedMessage: digest,
      nonce: 42n,
      certReq: true,
    }),
  ].map((request) => authority.timestamp(request));
  // Other TSAs' responses (openssl, FreeTSA, DigiCert ...): other shapes of the same structure.
  const others = readdirSync(VECTORS)
    .filter((file) => file.endsWith('.tsr'))
    .slice(0, 8)
    .map((file) => readFileSync(new URL(file, VECTORS)));
  return [...ours, ...others];
}

export const shape: InputShape = 'der';
export const dictionary = [
  ...DER_WORDS,
  '\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02',
  '\x06\x0b\x2a\x86\x48\x86\xf7\x0d\x01\x09\x10\x01\x04',
  '\x06\x0b\x2a\x86\x48\x86\xf7\x0d\x01\x09\x10\x02\x2f',
  '\x06\x0b\x2a\x86\x48\x86\xf7\x0d\x01\x09\x10\x02\x0c',
  '\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x09\x04',
  '\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x09\x03',
];
