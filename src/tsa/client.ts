import { createHash, randomBytes } from 'node:crypto';
import { type HttpOptions, request } from '../core/http.js';
import { TsaError } from './error.js';
import { encodeTimestampRequest } from './request.js';
import { PkiStatus, parseTimeStampResponse } from './response.js';

/**
 * RFC 3161 client (protocols.md §5.1-5.2): timestamps a signature and returns the whole DER
 * TimeStampResp, which is what a bundle's `rfc3161Timestamps[].signedTimestamp` stores. The
 * token's signature and chain are not checked here: that is verification's job, against the
 * trusted root, before a bundle is written.
 */

export interface TimestampOptions {
  /** The full endpoint URL, as signing_config.json's tsaUrls give it. */
  url: string;
  /** The bytes to timestamp: a bundle's signature. */
  signature: Uint8Array;
  http?: HttpOptions;
}

/** A random positive 63-bit nonce: replay protection that every INTEGER parser handles. */
const newNonce = (): bigint => randomBytes(8).readBigUInt64BE() >> 1n;

export async function timestamp(options: TimestampOptions): Promise<Buffer> {
  const hashedMessage = createHash('sha256').update(options.signature).digest();
  const nonce = newNonce();
  const response = await request(
    {
      method: 'POST',
      url: options.url,
      what: 'timestamp authority',
      headers: {
        'content-type': 'application/timestamp-query',
        accept: 'application/timestamp-reply',
      },
      body: encodeTimestampRequest({
        hashAlgorithm: 'sha256',
        hashedMessage,
        nonce,
        certReq: true,
      }),
      // sigstore/timestamp-authority answers 201 when run with --use-http-201.
      expect: [200, 201],
    },
    options.http,
  );
  const fail = (code: ConstructorParameters<typeof TsaError>[0], why: string): TsaError =>
    new TsaError(code, `the timestamp authority at ${options.url} answered ${why}`);
  const parsed = parseTimeStampResponse(response.body);
  if (parsed.status !== PkiStatus.granted && parsed.status !== PkiStatus.grantedWithMods) {
    const reason = parsed.statusString?.join('; ');
    throw fail('NOT_GRANTED', `with status ${parsed.status}${reason ? `: ${reason}` : ''}`);
  }
  const info = parsed.token?.tstInfo;
  if (info === undefined) throw fail('NOT_GRANTED', 'granted but without a timestamp token');
  if (info.hashAlgorithm !== 'sha256' || !info.hashedMessage.equals(hashedMessage)) {
    throw fail('IMPRINT_MISMATCH', 'with a timestamp over other bytes than the signature');
  }
  if (info.nonce !== nonce) {
    throw fail('NONCE_MISMATCH', `with nonce ${info.nonce ?? 'none'} instead of ${nonce}`);
  }
  return parsed.raw;
}
