import type { CertificateIdentity } from '../ca/extensions.js';
import { PINS, PIN_NAMES, pinFlag } from '../policy/pins.js';
import { issuerOf } from '../verify/policy.js';

/**
 * A certificate's claims as rows named by the `actions/verify` input that pins each one, so
 * the sign summary doubles as the list of values a release engineer copies into a deploy job.
 */
export function claimRows(identity: CertificateIdentity): { input: string; value: string }[] {
  const rows = [{ input: 'certificate-identity', value: identity.san.value }];
  const issuer = issuerOf(identity);
  if (issuer !== undefined) rows.push({ input: 'certificate-oidc-issuer', value: issuer });
  for (const name of PIN_NAMES) {
    const value = identity[PINS[name].field];
    if (value !== undefined) rows.push({ input: pinFlag(name), value });
  }
  return rows;
}

/** Every pin input of actions/verify, each with its -regexp twin: the CLI's flags, one for one. */
export const PIN_INPUTS = [
  'certificate-identity',
  'certificate-oidc-issuer',
  ...PIN_NAMES.map(pinFlag),
].flatMap((flag) => [flag, `${flag}-regexp`]);
