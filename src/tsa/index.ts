export { DEFAULT_ACCURACY_SECONDS, DEFAULT_SIGNER_HASH, TimestampAuthority } from './authority.js';
export type { TimestampAuthorityOptions } from './authority.js';
export { checkTsaCertificateProfile, createTsaCertificate, verifyTsaChain } from './certificate.js';
export type { TsaCertificateOptions } from './certificate.js';
export { PkiFailureInfo, TsaError } from './error.js';
export type { TsaErrorCode } from './error.js';
export { DEFAULT_POLICY_OID, HASH_ALGORITHMS, TSA_OID } from './oids.js';
export type { HashAlgorithm } from './oids.js';
export {
  DIGEST_LENGTH_MESSAGE,
  WEAK_HASH_MESSAGE,
  encodeMessageImprint,
  encodeTimestampRequest,
  parseJsonTimestampRequest,
  parseTimestampRequest,
} from './request.js';
export type { JsonTimestampRequest, RequestOptions, TimestampRequest } from './request.js';
export {
  PkiStatus,
  parseTimeStampResponse,
  parseTimeStampToken,
  parseTstInfo,
} from './response.js';
export type {
  EssCertId,
  SignerIdentifier,
  SignerInfo,
  TimeStampResponse,
  TimeStampToken,
  TstInfo,
} from './response.js';
export { GENERIC_FAILURE_MESSAGE, rejectionResponse } from './status.js';
export { verifyImprint, verifyTimestamp, verifyTimestampToken } from './verify.js';
export type { TimestampedInput, TokenVerifyOptions, VerifiedTimestamp } from './verify.js';
