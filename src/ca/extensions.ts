import { Tag, parseDer, sequence, tlv, utf8String } from '../core/der.js';
import type { Certificate, ExtensionSpec, SubjectAltName } from '../core/x509.js';
import { GENERAL_NAME_TAG, OID, findExtension, subjectAltNames } from '../core/x509.js';
import { controlCharacterProblem } from '../core/text.js';
import { CaError } from './error.js';

/**
 * The identity a code-signing certificate carries: its subject alternative name plus the
 * Sigstore (Fulcio) extensions under 1.3.6.1.4.1.57264.1 and Signet's private ones. One table
 * drives both writing (the CA) and reading (verifiers and tests), so the two cannot drift.
 */

export const SUBJECT_ALT_NAME_OID = OID.subjectAltName;
export const FULCIO_OID_ARC = '1.3.6.1.4.1.57264.1';

/**
 * Signet's private arc: a UUID OID (ITU-T X.667, `2.25.<UUID as an integer>`), which needs no
 * registration yet cannot collide. UUID 0149b9ed-3420-47e3-8ac5-3237ef24fcc6. Sub-arc `.1` holds
 * certificate extensions; docs/certificates.md lists every assignment.
 */
export const SIGNET_OID_ARC = '2.25.1712036705441395351831227151337979078';

/**
 * How an extension value is encoded: Fulcio's first six are the raw UTF-8 bytes as the
 * extnValue (no inner tag), everything from 1.8 on is a DER UTF8String.
 */
type Encoding = 'raw' | 'utf8';

interface ExtensionField {
  oid: string;
  encoding: Encoding;
  /** The name Fulcio's documentation uses, for messages. */
  label: string;
}

/** In emission order: Fulcio writes 1.1, 1.2-1.6, 1.8-1.24 in numeric order. */
export const IDENTITY_EXTENSIONS = {
  issuerV1: { oid: `${FULCIO_OID_ARC}.1`, encoding: 'raw', label: 'Issuer (V1)' },
  githubWorkflowTrigger: {
    oid: `${FULCIO_OID_ARC}.2`,
    encoding: 'raw',
    label: 'GitHub Workflow Trigger',
  },
  githubWorkflowSha: { oid: `${FULCIO_OID_ARC}.3`, encoding: 'raw', label: 'GitHub Workflow SHA' },
  githubWorkflowName: {
    oid: `${FULCIO_OID_ARC}.4`,
    encoding: 'raw',
    label: 'GitHub Workflow Name',
  },
  githubWorkflowRepository: {
    oid: `${FULCIO_OID_ARC}.5`,
    encoding: 'raw',
    label: 'GitHub Workflow Repository',
  },
  githubWorkflowRef: { oid: `${FULCIO_OID_ARC}.6`, encoding: 'raw', label: 'GitHub Workflow Ref' },
  issuer: { oid: `${FULCIO_OID_ARC}.8`, encoding: 'utf8', label: 'Issuer (V2)' },
  buildSignerUri: { oid: `${FULCIO_OID_ARC}.9`, encoding: 'utf8', label: 'Build Signer URI' },
  buildSignerDigest: {
    oid: `${FULCIO_OID_ARC}.10`,
    encoding: 'utf8',
    label: 'Build Signer Digest',
  },
  runnerEnvironment: {
    oid: `${FULCIO_OID_ARC}.11`,
    encoding: 'utf8',
    label: 'Runner Environment',
  },
  sourceRepositoryUri: {
    oid: `${FULCIO_OID_ARC}.12`,
    encoding: 'utf8',
    label: 'Source Repository URI',
  },
  sourceRepositoryDigest: {
    oid: `${FULCIO_OID_ARC}.13`,
    encoding: 'utf8',
    label: 'Source Repository Digest',
  },
  sourceRepositoryRef: {
    oid: `${FULCIO_OID_ARC}.14`,
    encoding: 'utf8',
    label: 'Source Repository Ref',
  },
  sourceRepositoryIdentifier: {
    oid: `${FULCIO_OID_ARC}.15`,
    encoding: 'utf8',
    label: 'Source Repository Identifier',
  },
  sourceRepositoryOwnerUri: {
    oid: `${FULCIO_OID_ARC}.16`,
    encoding: 'utf8',
    label: 'Source Repository Owner URI',
  },
  sourceRepositoryOwnerIdentifier: {
    oid: `${FULCIO_OID_ARC}.17`,
    encoding: 'utf8',
    label: 'Source Repository Owner Identifier',
  },
  buildConfigUri: { oid: `${FULCIO_OID_ARC}.18`, encoding: 'utf8', label: 'Build Config URI' },
  buildConfigDigest: {
    oid: `${FULCIO_OID_ARC}.19`,
    encoding: 'utf8',
    label: 'Build Config Digest',
  },
  buildTrigger: { oid: `${FULCIO_OID_ARC}.20`, encoding: 'utf8', label: 'Build Trigger' },
  runInvocationUri: {
    oid: `${FULCIO_OID_ARC}.21`,
    encoding: 'utf8',
    label: 'Run Invocation URI',
  },
  sourceRepositoryVisibilityAtSigning: {
    oid: `${FULCIO_OID_ARC}.22`,
    encoding: 'utf8',
    label: 'Source Repository Visibility At Signing',
  },
  deploymentEnvironment: {
    oid: `${FULCIO_OID_ARC}.23`,
    encoding: 'utf8',
    label: 'Deployment Environment',
  },
  subject: { oid: `${FULCIO_OID_ARC}.24`, encoding: 'utf8', label: 'Token Subject' },
  /** GitLab `ref_protected`: whether the pipeline ran on a protected branch or tag. */
  refProtected: {
    oid: `${SIGNET_OID_ARC}.1.1`,
    encoding: 'utf8',
    label: 'Signet Ref Protected',
  },
  /** GitLab `environment_protected`: whether the job's deployment environment is protected. */
  environmentProtected: {
    oid: `${SIGNET_OID_ARC}.1.2`,
    encoding: 'utf8',
    label: 'Signet Environment Protected',
  },
} as const satisfies Record<string, ExtensionField>;

export type IdentityField = keyof typeof IDENTITY_EXTENSIONS;

export type { SubjectAltName };

/** A certificate identity: the SAN plus every identity extension that is present. */
export type CertificateIdentity = { san: SubjectAltName } & Partial<Record<IdentityField, string>>;

const FIELD_BY_OID = new Map<string, IdentityField>(
  (Object.keys(IDENTITY_EXTENSIONS) as IdentityField[]).map((field) => [
    IDENTITY_EXTENSIONS[field].oid,
    field,
  ]),
);

/**
 * The SAN extnValue. IA5String only holds ASCII, so a SAN with other characters is refused
 * rather than mangled.
 */
export function subjectAltName(san: SubjectAltName): Buffer {
  if (!/^[\x20-\x7e]+$/.test(san.value)) {
    throw new CaError(
      'IDENTITY_INVALID',
      `subject alternative name ${JSON.stringify(san.value)} must be printable ASCII`,
    );
  }
  return sequence(tlv(GENERAL_NAME_TAG[san.type], Buffer.from(san.value, 'latin1')));
}

/**
 * The identity's extensions in Fulcio's order: SAN (critical, as the subject is empty), then
 * each present field. Empty values are left out, as Fulcio renders only non-empty fields.
 */
export function identityExtensions(identity: CertificateIdentity): ExtensionSpec[] {
  const out: ExtensionSpec[] = [
    { oid: SUBJECT_ALT_NAME_OID, critical: true, value: subjectAltName(identity.san) },
  ];
  for (const field of Object.keys(IDENTITY_EXTENSIONS) as IdentityField[]) {
    const value = identity[field];
    if (value === undefined || value === '') continue;
    const { oid, encoding, label } = IDENTITY_EXTENSIONS[field];
    // Claims are checked where they are read; this also covers what configuration adds (a URL).
    const problem = controlCharacterProblem(value);
    if (problem !== undefined) {
      throw new CaError('IDENTITY_INVALID', `the ${label} extension (${oid}) value ${problem}`);
    }
    out.push({
      oid,
      value: encoding === 'raw' ? Buffer.from(value, 'utf8') : utf8String(value),
    });
  }
  return out;
}

function decodeValue(value: Buffer, field: IdentityField): string {
  const { encoding, label, oid } = IDENTITY_EXTENSIONS[field];
  if (encoding === 'raw') return value.toString('utf8');
  const node = parseDer(value);
  if (node.tag !== Tag.UTF8_STRING) {
    throw new CaError(
      'IDENTITY_INVALID',
      `extension ${label} (${oid}) must be a DER UTF8String, found tag 0x${node.tag.toString(16)}`,
    );
  }
  return node.value.toString('utf8');
}

/** Reads the identity back out of a certificate; the SAN must be a single URI or email. */
export function readIdentity(cert: Certificate): CertificateIdentity {
  if (!findExtension(cert, SUBJECT_ALT_NAME_OID)) {
    throw new CaError('IDENTITY_INVALID', 'certificate has no subject alternative name');
  }
  const names = subjectAltNames(cert);
  if (names.length !== 1 || names[0] === undefined) {
    throw new CaError(
      'IDENTITY_INVALID',
      `certificate must name exactly one URI or email identity, found ${names.length}`,
    );
  }
  const identity: CertificateIdentity = { san: names[0] };
  for (const ext of cert.extensions) {
    const field = FIELD_BY_OID.get(ext.oid);
    if (field !== undefined) identity[field] = decodeValue(ext.value, field);
  }
  return identity;
}
