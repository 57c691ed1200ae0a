import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  Tag,
  bitString,
  contextTag,
  integer,
  oid,
  parseDer,
  sequence,
  setOf,
} from '../core/der.js';
import type { DerNode } from '../core/der.js';
import { CoreError } from '../core/error.js';
import { parsePem } from '../core/pem.js';
import {
  algorithmOid,
  bitStringBytes,
  encodeExtension,
  parseExtensionList,
  signatureAlgorithmIdentifier,
  verifySignature,
} from '../core/x509.js';
import type { CertificateExtension, ExtensionSpec, SignatureAlgorithm } from '../core/x509.js';
import { CaError } from './error.js';

/**
 * PKCS#10 certificate signing requests (RFC 2986). The CA reads them as a proof of possession
 * (Fulcio's `certificateSigningRequest`, where only the key and the self-signature matter),
 * and the key ceremony writes one for the issuing CA so that an offline root can sign it.
 */

/** PKCS#9 extensionRequest (RFC 2985 §5.4.2): the extensions a requester asks for. */
export const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

const PEM_LABELS: ReadonlySet<string> = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);

export interface CertificationRequest {
  der: Buffer;
  /** CertificationRequestInfo DER exactly as signed. */
  info: Buffer;
  /** Name DER. */
  subject: Buffer;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
  /** The whole `[0]` attributes field (tag included), as received. */
  attributes: Buffer;
  /** Signature algorithm OID. */
  signatureAlgorithm: string;
  signature: Buffer;
}

export type CsrSigner = (info: Buffer) => Buffer | Promise<Buffer>;

export interface CsrOptions {
  /** Name DER. */
  subject: Uint8Array;
  /** SubjectPublicKeyInfo DER of the key that `sign` signs with. */
  publicKey: Uint8Array;
  signatureAlgorithm: SignatureAlgorithm;
  /** Sent as one extensionRequest attribute; none (or an empty list) sends no attribute. */
  extensions?: readonly ExtensionSpec[];
}

const invalid = (message: string, cause?: unknown): CaError =>
  new CaError(
    'CSR_INVALID',
    `certificate signing request: ${message}`,
    cause === undefined ? undefined : { cause },
  );

/** Runs a parsing step, turning the DER decoder's CoreErrors into CSR_INVALID. */
function step<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof CoreError) {
      const named = error.message.startsWith(`${what}:`);
      throw invalid(named ? error.message : `${what}: ${error.message}`, error);
    }
    throw error;
  }
}

const TAG_NAMES: ReadonlyMap<number, string> = new Map([
  [Tag.SEQUENCE, 'a SEQUENCE'],
  [Tag.BIT_STRING, 'a BIT STRING'],
  [Tag.INTEGER, 'an INTEGER'],
  [0xa0, 'a [0] (attributes)'],
]);

function expectNode(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (node === undefined) throw invalid(`missing ${what}`);
  if (node.tag !== tag) {
    const expected = TAG_NAMES.get(tag) ?? `tag 0x${tag.toString(16)}`;
    throw invalid(`expected ${expected} at ${what}, found tag 0x${node.tag.toString(16)}`);
  }
  return node;
}

/** Exactly one DER SEQUENCE filling `bytes`. */
const parseSequence = (bytes: Buffer, what: string): DerNode =>
  expectNode(
    step(what, () => parseDer(bytes)),
    Tag.SEQUENCE,
    what,
  );

/** The DER bytes of a CSR given as PEM text (or its bytes) or as DER. */
function csrDer(input: Uint8Array | string): Buffer {
  if (typeof input !== 'string') {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    // A DER CSR starts with a SEQUENCE tag, which no PEM text does.
    if (bytes[0] === Tag.SEQUENCE) return bytes;
    input = bytes.toString('latin1');
  }
  const blocks = parsePem(input).filter((b) => PEM_LABELS.has(b.label));
  if (blocks.length !== 1 || blocks[0] === undefined) {
    throw invalid(
      blocks.length === 0
        ? 'neither DER nor a PEM block labelled CERTIFICATE REQUEST'
        : `expected one PEM CERTIFICATE REQUEST block, found ${blocks.length}`,
    );
  }
  return blocks[0].der;
}

/**
 * Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }. The subject is ignored by the
 * CA, but a CSR whose fields do not decode is not one we want to pass on to anything else.
 * SET OF ordering is not checked: the signature covers the bytes as sent, whatever the order.
 */
function checkName(node: DerNode): void {
  step('subject', () => {
    for (const rdn of node.children()) {
      const atvs = rdn.expect(Tag.SET, 'RelativeDistinguishedName').children();
      if (atvs.length === 0) throw new CoreError('DER_INVALID', 'empty RelativeDistinguishedName');
      for (const atv of atvs) {
        const fields = atv.expect(Tag.SEQUENCE, 'AttributeTypeAndValue').children();
        if (fields.length !== 2) {
          throw new CoreError('DER_INVALID', 'AttributeTypeAndValue: expected type and value');
        }
        (fields[0] as DerNode).toOid('attribute type');
      }
    }
  });
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }. */
function checkSpki(node: DerNode): void {
  const fields = step('subjectPKInfo', () => node.children());
  if (fields.length !== 2) throw invalid('subjectPKInfo: expected algorithm and subjectPublicKey');
  step('subjectPKInfo algorithm', () => algorithmOid(fields[0], 'algorithm'));
  step('subjectPublicKey', () =>
    bitStringBytes(expectNode(fields[1], Tag.BIT_STRING, 'subjectPublicKey'), 'subjectPublicKey'),
  );
}

/** The Attributes in `[0] IMPLICIT SET OF Attribute`, as (type, values). */
function attributeList(attributes: Buffer): { type: string; values: DerNode[] }[] {
  return step('attributes', () =>
    parseDer(attributes)
      .children()
      .map((attr) => {
        const fields = attr.expect(Tag.SEQUENCE, 'Attribute').children();
        if (fields.length !== 2)
          throw new CoreError('DER_INVALID', 'Attribute: expected type and values');
        const type = (fields[0] as DerNode).toOid('Attribute type');
        const values = (fields[1] as DerNode).expect(Tag.SET, 'Attribute values').children();
        if (values.length === 0) throw new CoreError('DER_INVALID', `Attribute ${type}: no values`);
        return { type, values };
      }),
  );
}

/**
 * The extensions a CSR asks for (its extensionRequest attribute), or none. The CA ignores
 * them when issuing; they matter to whoever signs a key-ceremony CSR.
 */
export function requestedExtensions(csr: CertificationRequest): CertificateExtension[] {
  const requests = attributeList(csr.attributes).filter((a) => a.type === OID_EXTENSION_REQUEST);
  if (requests.length === 0) return [];
  const [request] = requests;
  if (requests.length > 1 || request?.values.length !== 1) {
    throw invalid('extensionRequest: expected one attribute with one value');
  }
  return step('extensionRequest', () => parseExtensionList(request.values[0] as DerNode));
}

/**
 * Parses a PKCS#10 CSR from PEM text (or PEM bytes, labels CERTIFICATE REQUEST and NEW
 * CERTIFICATE REQUEST) or DER bytes. Strict: DER only, nothing after it, version 1 only,
 * every field well-formed. Throws CaError CSR_INVALID naming the part that is wrong. The
 * signature is not checked here: see verifyCsrSignature.
 */
export function parseCsr(input: Uint8Array | string): CertificationRequest {
  const der = csrDer(input);
  if (der.length === 0) throw invalid('empty input');
  const root = parseSequence(der, 'CertificationRequest');
  const [infoNode, algNode, sigNode, extra] = step('CertificationRequest', () => root.children());
  if (extra) throw invalid('CertificationRequest: unexpected field after signature');
  expectNode(infoNode, Tag.SEQUENCE, 'CertificationRequestInfo');
  const signatureAlgorithm = step('signatureAlgorithm', () =>
    algorithmOid(expectNode(algNode, Tag.SEQUENCE, 'signatureAlgorithm'), 'AlgorithmIdentifier'),
  );
  const signature = step('signature', () =>
    bitStringBytes(expectNode(sigNode, Tag.BIT_STRING, 'signature'), 'signature'),
  );

  const [versionNode, subjectNode, spkiNode, attributesNode, more] = step(
    'CertificationRequestInfo',
    () => (infoNode as DerNode).children(),
  );
  const version = step('version', () =>
    expectNode(versionNode, Tag.INTEGER, 'version').toBigInt('version'),
  );
  if (version !== 0n) throw invalid(`unsupported CSR version ${version + 1n} (only v1, encoded 0)`);
  checkName(expectNode(subjectNode, Tag.SEQUENCE, 'subject'));
  checkSpki(expectNode(spkiNode, Tag.SEQUENCE, 'subjectPKInfo'));
  // RFC 2986 makes attributes mandatory (an empty [0] when there are none).
  const attributes = expectNode(attributesNode, 0xa0, 'attributes');
  if (more) throw invalid('CertificationRequestInfo: unexpected field after attributes');

  const csr: CertificationRequest = {
    der: root.raw,
    info: (infoNode as DerNode).raw,
    subject: (subjectNode as DerNode).raw,
    publicKey: (spkiNode as DerNode).raw,
    attributes: attributes.raw,
    signatureAlgorithm,
    signature,
  };
  // Fulcio (Go's x509.ParseCertificateRequest) refuses CSRs whose attributes or requested
  // extensions do not decode, so this does too.
  requestedExtensions(csr);
  return csr;
}

/** The CSR's public key, or undefined when node:crypto cannot import it. */
function importKey(spki: Buffer): KeyObject | undefined {
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

/**
 * Whether the CSR's self-signature verifies with its own key: ECDSA with SHA-256/384/512,
 * RSA PKCS#1 v1.5 with SHA-256/384/512, and Ed25519. Anything else (RSA-PSS, a key that does
 * not match the algorithm, a key node:crypto cannot import) is false, never an exception.
 * Whether the key and algorithm are acceptable is the caller's policy, not checked here.
 * `key` is the CSR's public key when the caller has imported it already.
 */
export function verifyCsrSignature(
  csr: CertificationRequest,
  key: KeyObject | undefined = importKey(csr.publicKey),
): boolean {
  return key !== undefined && verifySignature(csr.signatureAlgorithm, key, csr.info, csr.signature);
}

/**
 * Builds and signs a CSR; returns its DER. `sign` gets the CertificationRequestInfo DER and
 * returns the signature as X.509 wants it (DER for ECDSA), so a KMS key can sign. The result
 * is parsed and its signature checked before it is returned: a signer whose key is not
 * `publicKey` (a misconfigured KMS key) fails here, with CaError CA_CONFIG_INVALID, rather
 * than at the offline root ceremony.
 */
export async function buildCsr(opts: CsrOptions, sign: CsrSigner): Promise<Buffer> {
  const subject = Buffer.from(opts.subject);
  const publicKey = Buffer.from(opts.publicKey);
  checkName(parseSequence(subject, 'subject'));
  checkSpki(parseSequence(publicKey, 'subjectPKInfo'));
  const extensions = opts.extensions ?? [];
  if (new Set(extensions.map((e) => e.oid)).size !== extensions.length) {
    throw new TypeError('buildCsr: duplicate extension OIDs');
  }
  // At most one Attribute, so the SET OF needs no sorting; [0] is IMPLICIT, so the SET's own
  // tag is replaced rather than wrapped.
  const attributes =
    extensions.length === 0
      ? []
      : [sequence(oid(OID_EXTENSION_REQUEST), setOf(sequence(...extensions.map(encodeExtension))))];
  const info = sequence(integer(0), subject, publicKey, contextTag(0, Buffer.concat(attributes)));
  const algorithm = signatureAlgorithmIdentifier(opts.signatureAlgorithm);
  const der = sequence(info, algorithm, bitString(await sign(info)));
  if (!verifyCsrSignature(parseCsr(der))) {
    throw new CaError(
      'CA_CONFIG_INVALID',
      `the CSR signature does not verify with its public key (a signer for another key, ` +
        `or an ECDSA signature that is not DER?)`,
    );
  }
  return der;
}
