import { SignetError } from '../core/error.js';

export type CaErrorCode =
  /** A signing-certificate request body that is not the Fulcio v2 shape. */
  | 'REQUEST_INVALID'
  /** A public key that cannot be parsed. */
  | 'PUBLIC_KEY_INVALID'
  /** A parsable public key the CA will not certify (weak, or an unsupported type). */
  | 'PUBLIC_KEY_INSECURE'
  /** A certificate signing request that cannot be parsed. */
  | 'CSR_INVALID'
  /** A proof of possession or CSR self-signature that does not verify. */
  | 'SIGNATURE_INVALID'
  /** A client signing algorithm outside the allowed list. */
  | 'ALGORITHM_NOT_ALLOWED'
  /** The token verified, but its claims cannot make a certificate (missing or malformed claim). */
  | 'IDENTITY_INVALID'
  /** The CA's own key or chain is unusable (KMS down, mismatched certificate). */
  | 'CA_UNAVAILABLE'
  /** The certificate-transparency log refused or failed the precertificate. */
  | 'CT_FAILED'
  /** CA key material or configuration that contradicts itself. */
  | 'CA_CONFIG_INVALID';

/** Raised by the certificate authority: request parsing, identity mapping and issuance. */
export class CaError extends SignetError<CaErrorCode> {}
