import { SignetError } from '../core/error.js';

/** RFC 3161 PKIFailureInfo bit numbers (§2.4.2). */
export const PkiFailureInfo = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;

export type PkiFailureInfo = (typeof PkiFailureInfo)[keyof typeof PkiFailureInfo];

export type TsaErrorCode =
  // a request the authority refuses (answered with a DER rejection)
  | 'REQUEST_MALFORMED'
  | 'UNSUPPORTED_VERSION'
  | 'WEAK_HASH_ALGORITHM'
  | 'UNSUPPORTED_HASH_ALGORITHM'
  | 'DIGEST_LENGTH_MISMATCH'
  | 'UNACCEPTED_POLICY'
  | 'UNACCEPTED_EXTENSION'
  // the authority itself
  | 'CONFIG_INVALID'
  | 'CERTIFICATE_NOT_VALID'
  | 'CERTIFICATE_PROFILE_INVALID'
  | 'CHAIN_INVALID'
  // reading and verifying responses
  | 'RESPONSE_MALFORMED'
  | 'NOT_GRANTED'
  | 'IMPRINT_MISMATCH'
  | 'NONCE_MISMATCH'
  | 'POLICY_MISMATCH'
  | 'SIGNER_MISMATCH'
  | 'MESSAGE_DIGEST_MISMATCH'
  | 'SIGNING_CERTIFICATE_MISMATCH'
  | 'UNSUPPORTED_SIGNATURE_ALGORITHM'
  | 'SIGNATURE_INVALID';

/**
 * What a rejection tells the requester for each request error. The mapping follows OpenSSL's
 * TSA (the reference most clients are tested against); anything else is the authority's own
 * fault and reported as systemFailure.
 */
const FAIL_INFO: Partial<Record<TsaErrorCode, PkiFailureInfo>> = {
  REQUEST_MALFORMED: PkiFailureInfo.badDataFormat,
  UNSUPPORTED_VERSION: PkiFailureInfo.badRequest,
  WEAK_HASH_ALGORITHM: PkiFailureInfo.badAlg,
  UNSUPPORTED_HASH_ALGORITHM: PkiFailureInfo.badAlg,
  DIGEST_LENGTH_MISMATCH: PkiFailureInfo.badDataFormat,
  UNACCEPTED_POLICY: PkiFailureInfo.unacceptedPolicy,
  UNACCEPTED_EXTENSION: PkiFailureInfo.unacceptedExtension,
};

/** Every error raised by the timestamp authority, its request/response codecs and verifier. */
export class TsaError extends SignetError<TsaErrorCode> {
  /** The PKIFailureInfo bit a rejection response carries for this error. */
  get failInfo(): PkiFailureInfo {
    return FAIL_INFO[this.code] ?? PkiFailureInfo.systemFailure;
  }

  /** Whether the requester caused the error (HTTP 400) rather than the authority (500). */
  get isRequestError(): boolean {
    return FAIL_INFO[this.code] !== undefined;
  }
}
