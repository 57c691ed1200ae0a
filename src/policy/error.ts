import { SignetError } from '../core/error.js';

export type PolicyErrorCode =
  /** A pin that cannot be used: unknown claim, bad value, invalid pattern, conflicting pins. */
  | 'PIN_INVALID'
  /** A policy file that is not the documented shape (the message names the field). */
  | 'POLICY_INVALID';

/** Raised while turning flags or a policy file into what the verifier checks. */
export class PolicyError extends SignetError<PolicyErrorCode> {}
