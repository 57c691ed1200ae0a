import { SignetError } from '../core/error.js';

export type CtErrorCode =
  /** A submitted chain that is malformed: too short or long, undecodable DER, names or signatures that do not link, a non-CA intermediate, an unaccepted EKU. */
  | 'CHAIN_INVALID'
  /** A well-formed chain that does not end at (or chain to) one of the log's accepted roots. */
  | 'CHAIN_UNTRUSTED'
  /** add-pre-chain: chain[0] is not an RFC 6962 precertificate, or uses a form this log does not support. */
  | 'PRECERT_INVALID'
  /** A certificate or TBSCertificate that cannot be processed (e.g. lacks the extension to remove). */
  | 'CERTIFICATE_INVALID'
  /** SCT bytes, an SCT list or an add-chain JSON response that does not decode. */
  | 'SCT_MALFORMED'
  /** A decodable SCT whose signature or log ID does not match the expected log. */
  | 'SCT_INVALID'
  /** The log has too many entries in flight; retry shortly. */
  | 'LOG_PUSHBACK'
  /** The log is closing, stopped after a storage failure, or (client side) unreachable or failing. */
  | 'LOG_UNAVAILABLE'
  /** Client side: the log refused the submission (a 4xx answer); the message carries its reason. */
  | 'SUBMISSION_REJECTED'
  /** A log key or accepted root the log cannot be opened with. */
  | 'CONFIG_INVALID';

/** Raised by the certificate-transparency module: SCTs, chain validation, the CT log and its client. */
export class CtError extends SignetError<CtErrorCode> {}
