import { SignetError } from '../core/error.js';

export type OciErrorCode =
  /** An image reference that is not `oci://HOST[:PORT]/REPO[:TAG][@sha256:HEX]`. */
  | 'REFERENCE_INVALID'
  /** Plain http to a registry (or its token service) without `--allow-insecure-registry`. */
  | 'INSECURE_REFUSED'
  /** The registry (or its token service) refused the credentials, or asked for some and none were found. */
  | 'UNAUTHORIZED'
  /** The registry knew who was asking and said no (HTTP 403). */
  | 'DENIED'
  /** The manifest, blob or digest asked for is not in the repository. */
  | 'NOT_FOUND'
  /**
   * The registry answered with something unusable: not the JSON asked for, a manifest whose
   * bytes do not hash to the digest asked for or announced, an unexpected status.
   */
  | 'REGISTRY_INVALID'
  /** The registry could not be reached, or kept failing (5xx, timeouts) after every retry. */
  | 'UNAVAILABLE'
  /** An update of a referrers fallback index kept losing a race with other writers. */
  | 'CONFLICT'
  /** A docker config file that cannot be read, or a credential helper that failed. */
  | 'CREDENTIALS_INVALID';

/**
 * Raised by the registry client, the referrers layer and the credential lookup. Messages name
 * the registry, the repository and the digest or tag; never a password, token or auth header.
 */
export class OciError extends SignetError<OciErrorCode> {}
