import { dirname, isAbsolute, resolve } from 'node:path';
import { SLSA_PROVENANCE_V1 } from '../sign/provenance.js';
import {
  type AttestationPolicy,
  PROVENANCE_CONDITIONS,
  type ProvenanceConditions,
} from '../verify/attestation.js';
import type { IdentityPolicy, Pin } from '../verify/policy.js';
import { PolicyError } from './error.js';
import { PINS, type PinName, checkedPattern, identityPolicy } from './pins.js';

/**
 * Verification policy files (docs/policy.md): which trust root, and which signatures an
 * artifact must carry, all of them required. Unknown keys are errors, not ignored: in a
 * security policy a misspelt pin ("reff:") that silently pins nothing is the worst outcome.
 */

export const POLICY_VERSION = 1;
/** Policies are a few KiB; a file near this size is not one. */
export const MAX_POLICY_BYTES = 256 * 1024;
/** Stands for the artifact's path in bundle paths. */
export const ARTIFACT_PLACEHOLDER = '{artifact}';
export const DEFAULT_KEYLESS_BUNDLE = `${ARTIFACT_PLACEHOLDER}.sigstore.json`;
export const DEFAULT_KEY_BUNDLE = `${ARTIFACT_PLACEHOLDER}.kms.sigstore.json`;
/** Attestations sit beside signatures under names of their own (`signet attest` writes them). */
export const DEFAULT_KEYLESS_ATTESTATION = `${ARTIFACT_PLACEHOLDER}.att.sigstore.json`;
export const DEFAULT_KEY_ATTESTATION = `${ARTIFACT_PLACEHOLDER}.att.kms.sigstore.json`;

/** The default bundle path of a requirement of this kind, signature or attestation. */
export const defaultBundle = (kind: 'keyless' | 'key', attestation: boolean): string =>
  attestation
    ? kind === 'keyless'
      ? DEFAULT_KEYLESS_ATTESTATION
      : DEFAULT_KEY_ATTESTATION
    : kind === 'keyless'
      ? DEFAULT_KEYLESS_BUNDLE
      : DEFAULT_KEY_BUNDLE;

export interface TrustedRootPin {
  /** FILE, http(s) URL or `public-good`. */
  source: string;
  /** Lower-case hex SHA-256 the trusted root's bytes must have. */
  sha256?: string;
}

/** The keyless pins as written, kept for lint and messages. */
export interface KeylessPins {
  issuer: Pin;
  identity?: Pin;
  typed: Partial<Record<PinName, Pin>>;
  claims: Partial<Record<string, Pin>>;
}

export type Requirement = {
  name: string;
  /** Where the bundle is, with {artifact} for the artifact's path. */
  bundle: string;
  /** Set when the bundle must be an attestation: its predicate type and conditions. */
  attestation?: AttestationPolicy;
} & (
  | { kind: 'keyless'; pins: KeylessPins; policy: IdentityPolicy }
  /** A public-key file (absolute path) or an awskms:// reference. */
  | { kind: 'key'; key: string }
);

export interface Policy {
  source: string;
  trustedRoot?: TrustedRootPin;
  signatures: Requirement[];
}

type Fields = Record<string, unknown>;

const TOP_LEVEL = ['version', 'trustedRoot', 'signatures'];
const SIGNATURE_KEYS = ['name', 'bundle', 'keyless', 'key', 'attestation'];
const ATTESTATION_KEYS = ['type', 'provenance'];
const KEYLESS_KEYS = ['issuer', 'identity', 'claims', ...Object.keys(PINS)];

export async function parsePolicy(text: string, source: string): Promise<Policy> {
  const fail = (where: string, why: string): PolicyError =>
    new PolicyError('POLICY_INVALID', `policy ${source}: ${where}: ${why}`);
  // Loaded here only: most verifications use flags, and the YAML parser costs start-up time.
  const { parse } = await import('yaml');
  let document: unknown;
  try {
    // The failsafe schema reads every scalar as text: pins compare text, and YAML 1.2's
    // typing would turn a repository ID into a number and an all-digit digest into 0.
    document = parse(text, { schema: 'failsafe', uniqueKeys: true });
  } catch (error) {
    throw new PolicyError(
      'POLICY_INVALID',
      `policy ${source}: not valid YAML: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const top = mapping(document, 'the document', fail);
  onlyKeys(top, TOP_LEVEL, 'the document', fail);
  if (top.version !== String(POLICY_VERSION)) {
    throw fail('version', `must be ${POLICY_VERSION}, got ${JSON.stringify(top.version ?? null)}`);
  }
  const base = dirname(resolve(source));
  const relative = (path: string): string =>
    path.includes('://') || path === 'public-good' || isAbsolute(path) ? path : resolve(base, path);

  const policy: Policy = { source, signatures: [] };
  if (top.trustedRoot !== undefined)
    policy.trustedRoot = trustedRoot(top.trustedRoot, relative, fail);
  if (!Array.isArray(top.signatures) || top.signatures.length === 0) {
    throw fail('signatures', 'must list at least one required signature');
  }
  top.signatures.forEach((item: unknown, i: number) => {
    const where = `signatures[${i}]`;
    const entry = mapping(item, where, fail);
    onlyKeys(entry, SIGNATURE_KEYS, where, fail);
    const name = entry.name === undefined ? where : scalarText(entry.name, `${where}.name`, fail);
    if ((entry.keyless === undefined) === (entry.key === undefined)) {
      throw fail(where, 'needs exactly one of keyless (certificate pins) or key (a public key)');
    }
    if (entry.bundle !== undefined) scalarText(entry.bundle, `${where}.bundle`, fail);
    const attestation =
      entry.attestation === undefined
        ? undefined
        : attestationPolicy(entry.attestation, `${where}.attestation`, fail);
    const common = {
      name,
      ...(attestation !== undefined && { attestation }),
    };
    const bundle = (kind: 'keyless' | 'key'): string =>
      (entry.bundle as string | undefined) ?? defaultBundle(kind, attestation !== undefined);
    if (entry.key !== undefined) {
      policy.signatures.push({
        ...common,
        kind: 'key',
        key: relative(scalarText(entry.key, `${where}.key`, fail)),
        bundle: bundle('key'),
      });
      return;
    }
    const pins = keylessPins(entry.keyless, `${where}.keyless`, fail);
    let compiled: IdentityPolicy;
    try {
      compiled = identityPolicy(
        {
          certificateOidcIssuer: pins.issuer,
          ...(pins.identity !== undefined && { certificateIdentity: pins.identity }),
        },
        pins.typed,
        pins.claims,
      );
    } catch (error) {
      throw fail(`${where}.keyless`, (error as Error).message);
    }
    policy.signatures.push({
      ...common,
      kind: 'keyless',
      pins,
      policy: compiled,
      bundle: bundle('keyless'),
    });
  });
  return policy;
}

type Fail = (where: string, why: string) => PolicyError;

function mapping(value: unknown, where: string, fail: Fail): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail(where, 'must be a mapping (key: value)');
  }
  return value as Fields;
}

function onlyKeys(fields: Fields, allowed: readonly string[], where: string, fail: Fail): void {
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) {
      throw fail(where, `unknown key ${JSON.stringify(key)}; allowed: ${allowed.join(', ')}`);
    }
  }
}

function scalarText(value: unknown, where: string, fail: Fail): string {
  if (typeof value !== 'string' || value === '') throw fail(where, 'must be a non-empty string');
  return value;
}

function pin(value: unknown, where: string, fail: Fail): Pin {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const fields = value as Fields;
    onlyKeys(fields, ['regexp'], where, fail);
    return { regexp: scalarText(fields.regexp, `${where}.regexp`, fail) };
  }
  return scalarText(value, where, fail);
}

function keylessPins(value: unknown, where: string, fail: Fail): KeylessPins {
  const fields = mapping(value, where, fail);
  onlyKeys(fields, KEYLESS_KEYS, where, fail);
  if (fields.issuer === undefined) {
    throw fail(where, 'needs issuer: a keyless signature is only as trusted as its OIDC issuer');
  }
  const pins: KeylessPins = {
    issuer: pin(fields.issuer, `${where}.issuer`, fail),
    typed: {},
    claims: {},
  };
  if (fields.identity !== undefined)
    pins.identity = pin(fields.identity, `${where}.identity`, fail);
  for (const name of Object.keys(PINS) as PinName[]) {
    if (fields[name] !== undefined) pins.typed[name] = pin(fields[name], `${where}.${name}`, fail);
  }
  if (fields.claims !== undefined) {
    const claims = mapping(fields.claims, `${where}.claims`, fail);
    for (const [claim, value] of Object.entries(claims)) {
      pins.claims[claim] = pin(value, `${where}.claims.${claim}`, fail);
    }
  }
  return pins;
}

/**
 * `attestation: URI`, or `attestation: { type, provenance }`; provenance conditions imply, and
 * need, the SLSA provenance v1 type.
 */
function attestationPolicy(value: unknown, where: string, fail: Fail): AttestationPolicy {
  const fields: Fields = typeof value === 'string' ? { type: value } : mapping(value, where, fail);
  onlyKeys(fields, ATTESTATION_KEYS, where, fail);
  if (fields.type === undefined && fields.provenance === undefined) {
    throw fail(where, 'needs type (the predicate type URI) or provenance (conditions)');
  }
  const type =
    fields.type === undefined ? SLSA_PROVENANCE_V1 : scalarText(fields.type, `${where}.type`, fail);
  if (!URL.canParse(type)) {
    throw fail(`${where}.type`, `must be a predicate type URI, got ${JSON.stringify(type)}`);
  }
  const policy: AttestationPolicy = { predicateType: type };
  if (fields.provenance !== undefined) {
    if (type !== SLSA_PROVENANCE_V1) {
      throw fail(
        `${where}.provenance`,
        `provenance conditions apply to ${SLSA_PROVENANCE_V1} attestations, not ${type}`,
      );
    }
    const conditions = mapping(fields.provenance, `${where}.provenance`, fail);
    onlyKeys(conditions, PROVENANCE_CONDITIONS, `${where}.provenance`, fail);
    const compiled: ProvenanceConditions = {};
    for (const name of PROVENANCE_CONDITIONS) {
      if (conditions[name] === undefined) continue;
      const at = `${where}.provenance.${name}`;
      const written = pin(conditions[name], at, fail);
      try {
        compiled[name] = typeof written === 'string' ? written : checkedPattern(name, written);
      } catch (error) {
        throw fail(at, (error as Error).message);
      }
    }
    if (Object.keys(compiled).length === 0) {
      throw fail(`${where}.provenance`, `name at least one of ${PROVENANCE_CONDITIONS.join(', ')}`);
    }
    policy.provenance = compiled;
  }
  return policy;
}

function trustedRoot(
  value: unknown,
  relative: (path: string) => string,
  fail: Fail,
): TrustedRootPin {
  if (typeof value === 'string')
    return { source: relative(scalarText(value, 'trustedRoot', fail)) };
  const fields = mapping(value, 'trustedRoot', fail);
  onlyKeys(fields, ['source', 'sha256'], 'trustedRoot', fail);
  const pinned: TrustedRootPin = {
    source: relative(scalarText(fields.source, 'trustedRoot.source', fail)),
  };
  if (fields.sha256 !== undefined) {
    const digest = scalarText(fields.sha256, 'trustedRoot.sha256', fail)
      .toLowerCase()
      .replace(/^sha256:/, '');
    if (!/^[0-9a-f]{64}$/.test(digest)) throw fail('trustedRoot.sha256', 'must be 64 hex digits');
    pinned.sha256 = digest;
  }
  return pinned;
}

/** A bundle path template ({artifact} for the artifact's path) filled in. */
export const fillArtifact = (template: string, artifact: string): string =>
  template.split(ARTIFACT_PLACEHOLDER).join(artifact);

/** A requirement's bundle path for an artifact path. */
export const bundleFor = (requirement: Requirement, artifact: string): string =>
  fillArtifact(requirement.bundle, artifact);
