import { CaError, type CaErrorCode } from '../src/ca/error.js';
import { CtError, type CtErrorCode } from '../src/ct/error.js';
import { OidcError, type OidcErrorCode } from '../src/oidc/error.js';
import { TlogError, type TlogErrorCode } from '../src/tlog/error.js';
import { RekorV1Error, type RekorV1ErrorCode } from '../src/tlog/rekor-v1/kinds.js';
import { TsaError, type TsaErrorCode } from '../src/tsa/error.js';
import { TufError, type TufErrorCode } from '../src/tuf/error.js';
import { ServerError, type ServerErrorCode } from './http.js';
import { PostgresError, type PostgresErrorCode } from './storage/postgres/error.js';

/**
 * The one table from error codes to HTTP answers. Every code of every error type a route can
 * surface is listed (the Record types make a new code without a status a compile error).
 * Errors of src/core are turned into their module's codes where requests are parsed, so one
 * reaching here is a bug and answers 500 like any other unexpected error.
 */

/** The status of an answer, and headers every answer with that code carries. */
export interface ErrorAnswer {
  status: number;
  headers?: Readonly<Record<string, string>>;
}

const BAD_REQUEST: ErrorAnswer = { status: 400 };
const FAULT: ErrorAnswer = { status: 500 };
/** Too much in flight: a retry a moment later will likely succeed. */
const PUSHBACK: ErrorAnswer = { status: 503, headers: { 'retry-after': '1' } };
/** Stopped or closing: no promise about when. */
const UNAVAILABLE: ErrorAnswer = { status: 503 };
/**
 * Stopped after a storage failure, and recovering by itself (first attempt after
 * log.recoveryDelayMs): a writer should come back, as after a PostgreSQL restart.
 */
const RECOVERING: ErrorAnswer = { status: 503, headers: { 'retry-after': '1' } };
/** RFC 6750 §3: a refused bearer token is a 401 that names the scheme and the error. */
const TOKEN_REFUSED: ErrorAnswer = {
  status: 401,
  headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
};
/** The token's issuer could not be reached: ours to retry, not the client's fault. */
const ISSUER_UNREACHABLE: ErrorAnswer = { status: 503, headers: { 'retry-after': '5' } };

const SERVER: Record<ServerErrorCode, ErrorAnswer> = {
  BAD_REQUEST,
  FORBIDDEN: { status: 403 },
  NOT_FOUND: { status: 404 },
  METHOD_NOT_ALLOWED: { status: 405 },
  PAYLOAD_TOO_LARGE: { status: 413 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415 },
  // Each raiser says whether a retry helps (retry-after) or not.
  UNAVAILABLE,
  OVERLOADED: PUSHBACK,
  CONFIG_INVALID: FAULT,
  DATA_DIR_INVALID: FAULT,
  STORAGE_MISMATCH: FAULT,
  CEREMONY_PENDING: FAULT,
  LISTEN_FAILED: FAULT,
  INTERNAL: FAULT,
};

const OIDC: Record<OidcErrorCode, ErrorAnswer> = {
  TOKEN_MALFORMED: TOKEN_REFUSED,
  TOKEN_EXPIRED: TOKEN_REFUSED,
  TOKEN_NOT_YET_VALID: TOKEN_REFUSED,
  TOKEN_ISSUED_IN_FUTURE: TOKEN_REFUSED,
  AUDIENCE_MISMATCH: TOKEN_REFUSED,
  ISSUER_UNKNOWN: TOKEN_REFUSED,
  ALGORITHM_NOT_ALLOWED: TOKEN_REFUSED,
  KEY_UNKNOWN: TOKEN_REFUSED,
  SIGNATURE_INVALID: TOKEN_REFUSED,
  CLAIM_MISSING: TOKEN_REFUSED,
  CLAIM_INVALID: TOKEN_REFUSED,
  // A client-side code; a server that met it would still be refusing a token.
  TOKEN_UNAVAILABLE: TOKEN_REFUSED,
  // No such issuer, or one configured wrong: retrying does not help.
  ISSUER_NOT_FOUND: TOKEN_REFUSED,
  DISCOVERY_ISSUER_MISMATCH: TOKEN_REFUSED,
  DISCOVERY_FAILED: ISSUER_UNREACHABLE,
  JWKS_FAILED: ISSUER_UNREACHABLE,
  CONFIG_INVALID: FAULT,
};

const CA: Record<CaErrorCode, ErrorAnswer> = {
  REQUEST_INVALID: BAD_REQUEST,
  PUBLIC_KEY_INVALID: BAD_REQUEST,
  PUBLIC_KEY_INSECURE: BAD_REQUEST,
  CSR_INVALID: BAD_REQUEST,
  SIGNATURE_INVALID: BAD_REQUEST,
  ALGORITHM_NOT_ALLOWED: BAD_REQUEST,
  IDENTITY_INVALID: BAD_REQUEST,
  CA_UNAVAILABLE: PUSHBACK,
  CT_FAILED: PUSHBACK,
  CA_CONFIG_INVALID: FAULT,
};

const CT: Record<CtErrorCode, ErrorAnswer> = {
  CHAIN_INVALID: BAD_REQUEST,
  CHAIN_UNTRUSTED: BAD_REQUEST,
  PRECERT_INVALID: BAD_REQUEST,
  CERTIFICATE_INVALID: BAD_REQUEST,
  LOG_PUSHBACK: PUSHBACK,
  LOG_UNAVAILABLE: RECOVERING,
  // Client-side codes and the log's own set-up: never the submitter's fault.
  SCT_MALFORMED: FAULT,
  SCT_INVALID: FAULT,
  SUBMISSION_REJECTED: FAULT,
  CONFIG_INVALID: FAULT,
};

const TLOG: Record<TlogErrorCode, ErrorAnswer> = {
  ENTRY_INVALID: BAD_REQUEST,
  ENTRY_UNSUPPORTED: BAD_REQUEST,
  ENTRY_TOO_LARGE: { status: 413 },
  LOG_PUSHBACK: PUSHBACK,
  LOG_CLOSED: UNAVAILABLE,
  LOG_UNAVAILABLE: RECOVERING,
  LOG_INDEX_INVALID: { status: 404 },
  TILE_PATH_INVALID: { status: 404 },
  CHECKPOINT_MALFORMED: FAULT,
  CHECKPOINT_INVALID: FAULT,
  CHECKPOINT_UNVERIFIED: FAULT,
  LOG_CONFIG_INVALID: FAULT,
  LOG_STATE_CORRUPT: FAULT,
  LOG_ORIGIN_MISMATCH: FAULT,
};

const REKOR_V1: Record<RekorV1ErrorCode, ErrorAnswer> = {
  ENTRY_INVALID: BAD_REQUEST,
  KIND_UNSUPPORTED: BAD_REQUEST,
  QUERY_INVALID: BAD_REQUEST,
  // Upstream's answer to a duplicate; the route adds the existing entry's location.
  ENTRY_EXISTS: { status: 409 },
  ENTRY_NOT_FOUND: { status: 404 },
};

/** The requester's errors are exactly those with an RFC 3161 failure bit (TsaError.isRequestError). */
const TSA: Record<TsaErrorCode, ErrorAnswer> = {
  REQUEST_MALFORMED: BAD_REQUEST,
  UNSUPPORTED_VERSION: BAD_REQUEST,
  WEAK_HASH_ALGORITHM: BAD_REQUEST,
  UNSUPPORTED_HASH_ALGORITHM: BAD_REQUEST,
  DIGEST_LENGTH_MISMATCH: BAD_REQUEST,
  UNACCEPTED_POLICY: BAD_REQUEST,
  UNACCEPTED_EXTENSION: BAD_REQUEST,
  CONFIG_INVALID: FAULT,
  CERTIFICATE_NOT_VALID: FAULT,
  CERTIFICATE_PROFILE_INVALID: FAULT,
  CHAIN_INVALID: FAULT,
  RESPONSE_MALFORMED: FAULT,
  NOT_GRANTED: FAULT,
  IMPRINT_MISMATCH: FAULT,
  NONCE_MISMATCH: FAULT,
  POLICY_MISMATCH: FAULT,
  SIGNER_MISMATCH: FAULT,
  MESSAGE_DIGEST_MISMATCH: FAULT,
  SIGNING_CERTIFICATE_MISMATCH: FAULT,
  UNSUPPORTED_SIGNATURE_ALGORITHM: FAULT,
  SIGNATURE_INVALID: FAULT,
};

/** The repository's own faults are the server's; a file name it does not hold is a 404. */
const TUF: Record<TufErrorCode, ErrorAnswer> = {
  KEY_UNSUPPORTED: FAULT,
  METADATA_INVALID: FAULT,
  KEY_NOT_IN_ROLE: FAULT,
  THRESHOLD_NOT_MET: FAULT,
  ROOT_CHAIN_BROKEN: FAULT,
  REPOSITORY_MISSING: FAULT,
  SETTING_INVALID: FAULT,
  NAME_INVALID: { status: 404 },
  // Until an operator signs the targets: no promise about when.
  TARGETS_STALE: UNAVAILABLE,
};

/** A read of a log's tiles while the database is away is retried like a stopped log's write. */
const POSTGRES: Record<PostgresErrorCode, ErrorAnswer> = {
  POSTGRES_UNAVAILABLE: RECOVERING,
  POSTGRES_CONFIG_INVALID: FAULT,
  POSTGRES_SCHEMA_NEWER: FAULT,
  POSTGRES_SCHEMA_MISSING: FAULT,
  POSTGRES_CONFLICT: FAULT,
  // Another replica holds the log's lease now; this one follows it, and a retry is served.
  POSTGRES_LEASE_LOST: RECOVERING,
};

/** Every table, by error type, for tests that check the whole mapping. */
export const ERROR_STATUS = {
  ServerError: SERVER,
  OidcError: OIDC,
  CaError: CA,
  CtError: CT,
  TlogError: TLOG,
  RekorV1Error: REKOR_V1,
  TsaError: TSA,
  TufError: TUF,
  PostgresError: POSTGRES,
} as const;

/** The HTTP answer to an error: status, headers, and the message a client may see. */
export interface HttpError {
  status: number;
  headers: Record<string, string>;
  /** The error's own message, except for 500s: those are the server's fault and logged. */
  message: string;
}

export function httpErrorOf(error: unknown): HttpError {
  const answer = answerOf(error);
  if (answer === undefined) return { status: 500, headers: {}, message: 'internal error' };
  return {
    status: answer.status,
    headers: {
      ...answer.headers,
      ...(error instanceof ServerError || error instanceof RekorV1Error ? error.headers : {}),
    },
    message: answer.status === 500 ? 'internal error' : (error as Error).message,
  };
}

/** The status an error answers with (500 for anything not in the table). */
export const httpStatusOf = (error: unknown): number => answerOf(error)?.status ?? 500;

function answerOf(error: unknown): ErrorAnswer | undefined {
  if (error instanceof ServerError) return SERVER[error.code];
  if (error instanceof OidcError) return OIDC[error.code];
  if (error instanceof CaError) return CA[error.code];
  if (error instanceof CtError) return CT[error.code];
  if (error instanceof TlogError) return TLOG[error.code];
  if (error instanceof RekorV1Error) return REKOR_V1[error.code];
  if (error instanceof TsaError) return TSA[error.code];
  if (error instanceof TufError) return TUF[error.code];
  if (error instanceof PostgresError) return POSTGRES[error.code];
  return undefined;
}
