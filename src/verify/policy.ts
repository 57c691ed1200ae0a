import { IDENTITY_EXTENSIONS } from '../ca/extensions.js';
import type { CertificateIdentity, IdentityField } from '../ca/extensions.js';
import { VerifyError } from './error.js';

/**
 * Identity pins for keyless signatures. The top-level names are cosign's flags; `extensions`
 * pins any claim of CertificateIdentity (the Fulcio extensions and Signet's own) by its field
 * name. A string pin is an exact match; `{ regexp }` is a pattern that must match the whole
 * value: patterns are anchored whether or not they are written with ^ and $, because an
 * unanchored pin ("octo-org/app") also admits "evil-octo-org/app-fork".
 */
export type Pin = string | { regexp: string };

export interface IdentityPolicy {
  /** The SAN, exactly (cosign --certificate-identity). */
  certificateIdentity?: string;
  /** The SAN, by an anchored pattern (cosign --certificate-identity-regexp). */
  certificateIdentityRegexp?: string;
  /** The OIDC issuer, exactly: extension 1.8, or 1.1 when a certificate has only that. */
  certificateOidcIssuer?: string;
  /** The OIDC issuer by an anchored pattern. */
  certificateOidcIssuerRegexp?: string;
  /** Pins on the remaining claims, by CertificateIdentity field. */
  extensions?: Partial<Record<IdentityField, Pin>>;
}

const ABSENT = '(absent)';

/** Compiled once per pattern: policies are checked against many bundles. */
const compiled = new Map<string, RegExp>();

function anchored(pattern: string, claim: string): RegExp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch (error) {
      throw new VerifyError(
        'POLICY',
        `policy: ${claim} pattern ${JSON.stringify(pattern)} is not a valid regular expression`,
        {
          check: `policy: ${claim}`,
          cause: error,
        },
      );
    }
    compiled.set(pattern, re);
  }
  return re;
}

/**
 * Throws VerifyError POLICY unless `actual` meets `pin`, naming `claim` and both values; the
 * one matching rule for certificate claims and attestation conditions alike.
 */
export function matchPin(claim: string, pin: Pin, actual: string | undefined): void {
  const matches =
    actual !== undefined &&
    (typeof pin === 'string' ? actual === pin : anchored(pin.regexp, claim).test(actual));
  if (!matches) {
    const expected = typeof pin === 'string' ? pin : `/${pin.regexp}/ (anchored)`;
    const got = actual ?? ABSENT;
    throw new VerifyError(
      'POLICY',
      `policy: ${claim}: expected ${expected}, got ${actual === undefined ? ABSENT : JSON.stringify(got)}`,
      { check: `policy: ${claim}`, expected, actual: got },
    );
  }
}

/** The issuer as sigstore-go reads it: the DER-encoded 1.8 when present, else the raw 1.1. */
export const issuerOf = (identity: CertificateIdentity): string | undefined =>
  identity.issuer ?? identity.issuerV1;

/** Throws VerifyError POLICY naming the first claim that does not match its pin. */
export function checkPolicy(identity: CertificateIdentity, policy: IdentityPolicy): void {
  const san = identity.san.value;
  if (policy.certificateIdentity !== undefined) {
    matchPin('certificate identity', policy.certificateIdentity, san);
  }
  if (policy.certificateIdentityRegexp !== undefined) {
    matchPin('certificate identity', { regexp: policy.certificateIdentityRegexp }, san);
  }
  const issuer = issuerOf(identity);
  if (policy.certificateOidcIssuer !== undefined) {
    matchPin('OIDC issuer', policy.certificateOidcIssuer, issuer);
  }
  if (policy.certificateOidcIssuerRegexp !== undefined) {
    matchPin('OIDC issuer', { regexp: policy.certificateOidcIssuerRegexp }, issuer);
  }
  for (const [field, pin] of Object.entries(policy.extensions ?? {}) as [IdentityField, Pin][]) {
    if (pin === undefined) continue;
    const known = IDENTITY_EXTENSIONS[field] as { label: string } | undefined;
    if (known === undefined) {
      throw new VerifyError('POLICY', `policy: unknown claim ${JSON.stringify(field)}`, {
        check: `policy: ${field}`,
      });
    }
    matchPin(`${field} (${known.label})`, pin, identity[field]);
  }
}
