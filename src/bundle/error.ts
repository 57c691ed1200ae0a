import { SignetError } from '../core/error.js';

export type BundleErrorCode =
  /** Bundle JSON that does not have the shape its media type requires. */
  | 'BUNDLE_INVALID'
  /** signing_config.json that cannot be used: wrong media type or shape, no usable service. */
  | 'SIGNING_CONFIG_INVALID';

/** Raised when reading Sigstore documents: bundles and signing configs. */
export class BundleError extends SignetError<BundleErrorCode> {}
