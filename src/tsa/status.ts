import { integer, namedBitString, sequence, utf8String } from '../core/der.js';
import { PkiFailureInfo, TsaError } from './error.js';
import { PkiStatus } from './response.js';

/** What a rejection says when the failure is ours, so internals never leak to requesters. */
export const GENERIC_FAILURE_MESSAGE = 'Error generating timestamp response';

/** `PKIStatusInfo { status granted }`, the fixed head of every successful TimeStampResp. */
export const GRANTED_STATUS = sequence(integer(PkiStatus.granted));

/**
 * A DER `TimeStampResp { status: rejection, statusString, failInfo }` for a failed request.
 * TsaErrors the requester caused keep their message and failure bit; anything else becomes
 * systemFailure with a generic message.
 */
export function rejectionResponse(error: unknown): Buffer {
  const known = error instanceof TsaError && error.isRequestError;
  const message = known ? error.message : GENERIC_FAILURE_MESSAGE;
  const failInfo = known ? error.failInfo : PkiFailureInfo.systemFailure;
  return sequence(
    sequence(
      integer(PkiStatus.rejection),
      sequence(utf8String(message)),
      namedBitString([failInfo]),
    ),
  );
}
