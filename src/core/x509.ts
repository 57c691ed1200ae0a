import { createHash, createPublicKey, randomBytes, sign as cryptoSign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  Tag,
  bitString,
  boolean,
  contextTag,
  integer,
  namedBitString,
  octetString,
  oid,
  parseDer,
  printableString,
  sequence,
  setOf,
  utf8String,
  x509Time,
} from './der.js';
import type { DerNode } from './der.js';
import { CoreError } from './error.js';

/**
 * A minimal X.509 v3 certificate builder and parser. Certificates are assembled from DER
 * pieces directly (no schema library) because issuance is on the CA's hot path, and signing
 * goes through a callback so a KMS key can replace a local one.
 */

export const OID = {
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  extKeyUsage: '2.5.29.37',
  anyExtendedKeyUsage: '2.5.29.37.0',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

/** RFC 5280 §4.1.2.2: serials are positive and at most 20 octets. */
export const MAX_SERIAL_OCTETS = 20;

// ---------------------------------------------------------------- names

const SHORT_NAMES = {
  CN: OID.commonName,
  O: OID.organizationName,
  OU: OID.organizationalUnitName,
  C: OID.countryName,
} as const;

export type ShortName = keyof typeof SHORT_NAMES;
export type NameAttribute = { short: ShortName; value: string } | { oid: string; value: string };

/**
 * A DER Name with one attribute per RDN, in the given order. Values are UTF8String except
 * countryName, which RFC 5280 requires to be a PrintableString.
 */
export function name(attributes: readonly NameAttribute[]): Buffer {
  return sequence(
    ...attributes.map((attr) => {
      const type = 'short' in attr ? SHORT_NAMES[attr.short] : attr.oid;
      const value = type === OID.countryName ? printableString(attr.value) : utf8String(attr.value);
      return setOf(sequence(oid(type), value));
    }),
  );
}

const NAME_LABELS: Record<string, string> = {
  [OID.commonName]: 'CN',
  [OID.countryName]: 'C',
  [OID.organizationName]: 'O',
  [OID.organizationalUnitName]: 'OU',
};

/** A readable `O=x, CN=y` form of a DER Name, for error messages and logs. */
export function describeName(nameDer: Uint8Array): string {
  const parts: string[] = [];
  for (const rdn of parseDer(nameDer).expect(Tag.SEQUENCE, 'Name').children()) {
    for (const atv of rdn.expect(Tag.SET, 'RelativeDistinguishedName').children()) {
      const [type, value] = atv.expect(Tag.SEQUENCE, 'AttributeTypeAndValue').children();
      if (!type || !value) throw new CoreError('DER_INVALID', 'AttributeTypeAndValue: too short');
      const typeOid = type.toOid('attribute type');
      parts.push(`${NAME_LABELS[typeOid] ?? typeOid}=${value.value.toString()}`);
    }
  }
  return parts.join(', ');
}

// ---------------------------------------------------------------- extension values

export const KEY_USAGE_BITS = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
} as const;

export type KeyUsage = keyof typeof KEY_USAGE_BITS;

/** KeyUsage extnValue contents (a named BIT STRING). */
export const keyUsage = (usages: readonly KeyUsage[]): Buffer =>
  namedBitString(usages.map((u) => KEY_USAGE_BITS[u]));

/** ExtendedKeyUsage extnValue contents. */
export const extKeyUsage = (oids: readonly string[]): Buffer =>
  sequence(...oids.map((o) => oid(o)));

/** BasicConstraints extnValue contents; cA FALSE is the DEFAULT, so DER omits it. */
export function basicConstraints(ca: boolean, pathLen?: number): Buffer {
  const items: Buffer[] = [];
  if (ca) items.push(boolean(true));
  if (pathLen !== undefined) items.push(integer(pathLen));
  return sequence(...items);
}

/** The subjectPublicKey BIT STRING contents (without the unused-bits byte) of an SPKI. */
function subjectPublicKeyBits(spki: Uint8Array): Buffer {
  const [, key] = parseDer(spki).expect(Tag.SEQUENCE, 'SubjectPublicKeyInfo').children();
  if (!key) throw new CoreError('DER_INVALID', 'SubjectPublicKeyInfo: missing subjectPublicKey');
  return bitStringBytes(key, 'subjectPublicKey');
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. Returns the key id bytes. */
export const keyIdentifier = (spki: Uint8Array): Buffer =>
  createHash('sha1').update(subjectPublicKeyBits(spki)).digest();

/** SubjectKeyIdentifier extnValue contents for the given SPKI. */
export const subjectKeyIdentifier = (spki: Uint8Array): Buffer => octetString(keyIdentifier(spki));

/** AuthorityKeyIdentifier extnValue contents carrying only keyIdentifier [0]. */
export const authorityKeyIdentifier = (keyId: Uint8Array): Buffer =>
  sequence(contextTag(0, keyId, false));

// ---------------------------------------------------------------- building

export type SignatureAlgorithm = 'ecdsa-sha256' | 'ecdsa-sha384' | 'ed25519';

interface AlgorithmInfo {
  oid: string;
  /** Digest for node:crypto sign/verify; null for Ed25519, which hashes internally. */
  hash: string | null;
  keyType: 'ec' | 'rsa' | 'ed25519';
}

const SIGNATURE_ALGORITHMS: Record<SignatureAlgorithm, AlgorithmInfo> = {
  'ecdsa-sha256': { oid: OID.ecdsaWithSha256, hash: 'sha256', keyType: 'ec' },
  'ecdsa-sha384': { oid: OID.ecdsaWithSha384, hash: 'sha384', keyType: 'ec' },
  ed25519: { oid: OID.ed25519, hash: null, keyType: 'ed25519' },
};

/** Every signature algorithm we can verify, by OID (RSA only for third-party chains). */
const VERIFIABLE_ALGORITHMS = new Map<string, AlgorithmInfo>([
  ...Object.values(SIGNATURE_ALGORITHMS).map((a): [string, AlgorithmInfo] => [a.oid, a]),
  [OID.ecdsaWithSha512, { oid: OID.ecdsaWithSha512, hash: 'sha512', keyType: 'ec' }],
  [OID.sha256WithRsa, { oid: OID.sha256WithRsa, hash: 'sha256', keyType: 'rsa' }],
  [OID.sha384WithRsa, { oid: OID.sha384WithRsa, hash: 'sha384', keyType: 'rsa' }],
  [OID.sha512WithRsa, { oid: OID.sha512WithRsa, hash: 'sha512', keyType: 'rsa' }],
]);

/** AlgorithmIdentifier DER; ECDSA and Ed25519 identifiers carry no parameters (RFC 5758, 8410). */
export const signatureAlgorithmIdentifier = (algorithm: SignatureAlgorithm): Buffer =>
  sequence(oid(SIGNATURE_ALGORITHMS[algorithm].oid));

/** The algorithm matching a key: the curve's own hash for ECDSA, Ed25519 as is. */
export function signatureAlgorithmFor(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ecdsa-sha256';
    if (curve === 'secp384r1') return 'ecdsa-sha384';
    throw new TypeError(`unsupported EC curve ${curve ?? 'unknown'} (use P-256 or P-384)`);
  }
  throw new TypeError(
    `unsupported key type ${key.asymmetricKeyType ?? 'unknown'} for certificates`,
  );
}

export type TbsSigner = (tbs: Buffer) => Buffer;

/** A signing callback for a local private key (ECDSA signatures are DER, as X.509 wants). */
export function signerFor(
  privateKey: KeyObject,
  algorithm: SignatureAlgorithm = signatureAlgorithmFor(privateKey),
): TbsSigner {
  const { hash, keyType } = SIGNATURE_ALGORITHMS[algorithm];
  if (privateKey.asymmetricKeyType !== keyType) {
    throw new TypeError(
      `a ${privateKey.asymmetricKeyType ?? 'unknown'} key cannot sign with ${algorithm}`,
    );
  }
  return (tbs) => cryptoSign(hash, tbs, privateKey);
}

/**
 * Serials are cut from one block of CSPRNG output: a call into OpenSSL per serial cost about
 * 2.5 µs, a sixth of a timestamp's work besides its signature (docs/performance.md).
 */
const SERIAL_POOL_BYTES = MAX_SERIAL_OCTETS * 256;
let serialPool = Buffer.alloc(0);
let serialPoolOffset = 0;

/**
 * 20 random bytes, first byte forced into 0x01..0x7f: positive, never shortened by the
 * INTEGER encoder, and never a 21st octet for the sign.
 */
export function randomSerial(): Buffer {
  if (serialPoolOffset + MAX_SERIAL_OCTETS > serialPool.length) {
    serialPool = randomBytes(SERIAL_POOL_BYTES);
    serialPoolOffset = 0;
  }
  // A copy: each serial owns its bytes, and no byte of the pool is handed out twice.
  const serial = Buffer.from(
    serialPool.subarray(serialPoolOffset, (serialPoolOffset += MAX_SERIAL_OCTETS)),
  );
  serial[0] = ((serial[0] as number) & 0x7f) | 0x01;
  return serial;
}

export interface ExtensionSpec {
  oid: string;
  critical?: boolean;
  /** The extnValue contents (the DER inside the OCTET STRING). */
  value: Uint8Array;
}

export interface CertificateOptions {
  /** Unsigned big-endian serial; must be non-zero and encode in at most 20 octets. */
  serial: Uint8Array;
  issuer: Uint8Array;
  subject: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Uint8Array;
  extensions: readonly ExtensionSpec[];
  signatureAlgorithm: SignatureAlgorithm;
}

const VERSION_3 = contextTag(0, integer(2));

/** One Extension; critical FALSE is the DEFAULT, so DER omits it. */
export const encodeExtension = (ext: ExtensionSpec): Buffer =>
  ext.critical
    ? sequence(oid(ext.oid), boolean(true), octetString(ext.value))
    : sequence(oid(ext.oid), octetString(ext.value));

/**
 * The TBSCertificate DER. Split from signing so that a signer that answers asynchronously (a
 * KMS) can sign it, and so precertificate and final certificate share every byte but one
 * extension.
 */
export function buildTbs(opts: CertificateOptions): Buffer {
  const serial = integer(opts.serial);
  if (serial.length - 2 > MAX_SERIAL_OCTETS || serial.equals(integer(0))) {
    throw new CoreError('DER_INVALID', 'certificate serial must be positive and at most 20 octets');
  }
  if (opts.notAfter.getTime() < opts.notBefore.getTime()) {
    throw new CoreError('DER_INVALID', 'certificate notAfter is before notBefore');
  }
  const parts = [
    VERSION_3,
    serial,
    signatureAlgorithmIdentifier(opts.signatureAlgorithm),
    opts.issuer,
    sequence(x509Time(opts.notBefore), x509Time(opts.notAfter)),
    opts.subject,
    opts.publicKey,
  ];
  if (opts.extensions.length > 0) {
    parts.push(contextTag(3, sequence(...opts.extensions.map(encodeExtension))));
  }
  return sequence(...parts);
}

/** Context tag [3] of a TBSCertificate's extension list. */
const EXTENSIONS_TAG = 0xa3;

/**
 * `tbs` with `extension` appended to its extension list: the same bytes `buildTbs` gives with
 * that extension last. A CA drafts one TBS and derives its precertificate (poison) and final
 * certificate (SCT list) from it without building either again.
 */
export function appendExtension(tbs: Uint8Array, extension: ExtensionSpec): Buffer {
  const fields = parseDer(tbs).expect(Tag.SEQUENCE, 'TBSCertificate').children();
  const last = fields.at(-1);
  if (last?.tag !== EXTENSIONS_TAG) {
    throw new CoreError('DER_INVALID', 'the TBSCertificate has no extension list to extend');
  }
  const list = last.children()[0]?.expect(Tag.SEQUENCE, 'Extensions');
  if (list === undefined) throw new CoreError('DER_INVALID', 'the extension list is empty');
  return sequence(
    ...fields.slice(0, -1).map((field) => field.raw),
    contextTag(3, sequence(list.value, encodeExtension(extension))),
  );
}

/** A certificate from its TBS and the signature over it. */
export const assembleCertificate = (
  tbs: Buffer,
  algorithm: SignatureAlgorithm,
  signature: Uint8Array,
): Buffer => sequence(tbs, signatureAlgorithmIdentifier(algorithm), bitString(signature));

/** Builds and signs an X.509 v3 certificate; returns its DER. */
export function buildCertificate(opts: CertificateOptions, sign: TbsSigner): Buffer {
  const tbs = buildTbs(opts);
  return assembleCertificate(tbs, opts.signatureAlgorithm, sign(tbs));
}

/** The public half of a key (node:crypto refuses createPublicKey on a public KeyObject). */
export const publicKeyOf = (key: KeyObject): KeyObject =>
  key.type === 'public' ? key : createPublicKey(key);

/** SubjectPublicKeyInfo DER of a key (public or private). */
export const spkiOf = (key: KeyObject): Buffer =>
  publicKeyOf(key).export({ type: 'spki', format: 'der' });

export interface CaOptions {
  privateKey: KeyObject;
  subject: { commonName: string; organization: string };
  notBefore: Date;
  notAfter: Date;
  serial?: Uint8Array;
}

/** A self-signed root CA: KeyUsage keyCertSign|cRLSign and BasicConstraints CA:TRUE, both critical. */
export function createSelfSignedCa(opts: CaOptions): Buffer {
  const publicKey = spkiOf(opts.privateKey);
  const subject = name([
    { short: 'O', value: opts.subject.organization },
    { short: 'CN', value: opts.subject.commonName },
  ]);
  return buildCertificate(
    {
      serial: opts.serial ?? randomSerial(),
      issuer: subject,
      subject,
      notBefore: opts.notBefore,
      notAfter: opts.notAfter,
      publicKey,
      extensions: [
        { oid: OID.keyUsage, critical: true, value: keyUsage(['keyCertSign', 'cRLSign']) },
        { oid: OID.basicConstraints, critical: true, value: basicConstraints(true) },
        { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(publicKey) },
      ],
      signatureAlgorithm: signatureAlgorithmFor(opts.privateKey),
    },
    signerFor(opts.privateKey),
  );
}

// ---------------------------------------------------------------- parsing

export interface CertificateExtension {
  oid: string;
  critical: boolean;
  /** extnValue contents. */
  value: Buffer;
}

export interface Certificate {
  der: Buffer;
  /** The TBSCertificate DER, exactly as signed. */
  tbs: Buffer;
  version: number;
  serial: bigint;
  /** The serial INTEGER's content octets as encoded (what CMS and ESS identifiers compare). */
  serialBytes: Buffer;
  issuer: Buffer;
  subject: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
  extensions: CertificateExtension[];
  signatureAlgorithm: string;
  signature: Buffer;
}

/** A BIT STRING's bytes; keys and signatures are whole octets, so unused bits must be 0. */
export function bitStringBytes(node: DerNode, what: string): Buffer {
  node.expect(Tag.BIT_STRING, what);
  if (node.value[0] !== 0) {
    throw new CoreError('DER_INVALID', `${what}: BIT STRING unused bits must be 0`);
  }
  return node.value.subarray(1);
}

/**
 * The OID of an AlgorithmIdentifier. Parameters are not interpreted: every algorithm we verify
 * is identified by its OID alone, so unknown parameterised ones (RSA-PSS) simply don't verify.
 */
export function algorithmOid(node: DerNode | undefined, what: string): string {
  if (!node) throw new CoreError('DER_INVALID', `${what}: missing`);
  const [id, , extra] = node.expect(Tag.SEQUENCE, what).children();
  if (!id || extra) throw new CoreError('DER_INVALID', `${what}: malformed AlgorithmIdentifier`);
  return id.toOid(what);
}

/** Extensions ::= SEQUENCE OF Extension (certificates and CSR extensionRequests alike). */
export function parseExtensionList(node: DerNode): CertificateExtension[] {
  const seen = new Set<string>();
  return node
    .expect(Tag.SEQUENCE, 'extensions')
    .children()
    .map((ext) => {
      const fields = ext.expect(Tag.SEQUENCE, 'Extension').children();
      const extOid = fields[0]?.toOid('extnID');
      if (!extOid || fields.length < 2 || fields.length > 3) {
        throw new CoreError('DER_INVALID', 'Extension: malformed');
      }
      if (seen.has(extOid)) throw new CoreError('DER_INVALID', `duplicate extension ${extOid}`);
      seen.add(extOid);
      const critical = fields.length === 3 ? (fields[1] as DerNode).toBoolean('critical') : false;
      const value = (fields[fields.length - 1] as DerNode).expect(Tag.OCTET_STRING, 'extnValue');
      return { oid: extOid, critical, value: value.value };
    });
}

/** A certificate's [3] extensions wrapper. */
function parseExtensions(node: DerNode): CertificateExtension[] {
  const list = node.children();
  if (list.length !== 1) throw new CoreError('DER_INVALID', 'extensions: expected one SEQUENCE');
  return parseExtensionList(list[0] as DerNode);
}

/** Parses a DER certificate strictly enough to trust its fields; CoreError DER_INVALID otherwise. */
export function parseCertificate(der: Uint8Array): Certificate {
  const root = parseDer(der).expect(Tag.SEQUENCE, 'Certificate');
  const [tbsNode, outerAlg, sigNode, extra] = root.children();
  if (!tbsNode || !outerAlg || !sigNode || extra) {
    throw new CoreError(
      'DER_INVALID',
      'Certificate: expected tbsCertificate, algorithm, signature',
    );
  }
  const fields = tbsNode.expect(Tag.SEQUENCE, 'TBSCertificate').children();
  let i = 0;
  let version = 1;
  if (fields[0]?.tag === 0xa0) {
    const [v] = fields[0].children();
    if (!v) throw new CoreError('DER_INVALID', 'TBSCertificate: empty version');
    version = v.toNumber('version') + 1;
    if (version < 2 || version > 3) {
      throw new CoreError('DER_INVALID', `TBSCertificate: unsupported version ${version}`);
    }
    i++;
  }
  const next = (what: string): DerNode => {
    const node = fields[i++];
    if (!node) throw new CoreError('DER_INVALID', `TBSCertificate: missing ${what}`);
    return node;
  };
  const serialNode = next('serialNumber');
  const serial = serialNode.toSignedBigInt('serialNumber');
  const innerAlg = next('signature');
  const issuer = next('issuer').expect(Tag.SEQUENCE, 'issuer');
  const validity = next('validity').expect(Tag.SEQUENCE, 'validity').children();
  if (validity.length !== 2) throw new CoreError('DER_INVALID', 'validity: expected two times');
  const subject = next('subject').expect(Tag.SEQUENCE, 'subject');
  const spki = next('subjectPublicKeyInfo').expect(Tag.SEQUENCE, 'subjectPublicKeyInfo');
  let extensions: CertificateExtension[] = [];
  for (; i < fields.length; i++) {
    const node = fields[i] as DerNode;
    if (node.tag === 0x81 || node.tag === 0x82) continue; // issuer/subject unique IDs (v2)
    if (node.tag === 0xa3 && version === 3 && i === fields.length - 1) {
      extensions = parseExtensions(node);
      continue;
    }
    throw new CoreError(
      'DER_INVALID',
      `TBSCertificate: unexpected field 0x${node.tag.toString(16)}`,
    );
  }
  if (!innerAlg.raw.equals(outerAlg.raw)) {
    throw new CoreError('DER_INVALID', 'Certificate: signature algorithm differs from the TBS one');
  }
  return {
    der: root.raw,
    tbs: tbsNode.raw,
    version,
    serial,
    serialBytes: serialNode.value,
    issuer: issuer.raw,
    subject: subject.raw,
    notBefore: (validity[0] as DerNode).toDate('notBefore'),
    notAfter: (validity[1] as DerNode).toDate('notAfter'),
    publicKey: spki.raw,
    extensions,
    signatureAlgorithm: algorithmOid(outerAlg, 'signatureAlgorithm'),
    signature: bitStringBytes(sigNode, 'signatureValue'),
  };
}

export const findExtension = (
  cert: Certificate,
  extOid: string,
): CertificateExtension | undefined => cert.extensions.find((e) => e.oid === extOid);

export type SubjectAltName = { type: 'uri'; value: string } | { type: 'email'; value: string };

// GeneralName CHOICE tags (implicit, primitive): rfc822Name [1], uniformResourceIdentifier [6].
export const GENERAL_NAME_TAG = { email: 0x81, uri: 0x86 } as const;

/** The URI and e-mail names of a certificate's SAN, in order; none without the extension. */
export function subjectAltNames(cert: Certificate): SubjectAltName[] {
  const sanExt = findExtension(cert, OID.subjectAltName);
  if (sanExt === undefined) return [];
  return parseDer(sanExt.value)
    .expect(Tag.SEQUENCE, 'SubjectAltName')
    .children()
    .flatMap((name: DerNode): SubjectAltName[] => {
      if (name.tag === GENERAL_NAME_TAG.uri) return [{ type: 'uri', value: name.value.toString() }];
      if (name.tag === GENERAL_NAME_TAG.email)
        return [{ type: 'email', value: name.value.toString() }];
      return [];
    });
}

/** The OIDs of an ExtendedKeyUsage extnValue. */
export const parseExtKeyUsage = (value: Uint8Array): string[] =>
  parseDer(value)
    .expect(Tag.SEQUENCE, 'ExtendedKeyUsage')
    .children()
    .map((n) => n.toOid('KeyPurposeId'));

/** The usages set in a KeyUsage extnValue. */
export function parseKeyUsage(value: Uint8Array): Set<KeyUsage> {
  const bits = new Set(parseDer(value).toNamedBits('KeyUsage'));
  return new Set(
    (Object.keys(KEY_USAGE_BITS) as KeyUsage[]).filter((u) => bits.has(KEY_USAGE_BITS[u])),
  );
}

/** BasicConstraints extnValue: cA and the optional pathLenConstraint. */
export function parseBasicConstraints(value: Uint8Array): { ca: boolean; pathLen?: number } {
  const fields = parseDer(value).expect(Tag.SEQUENCE, 'BasicConstraints').children();
  let i = 0;
  let ca = false;
  if (fields[i]?.tag === Tag.BOOLEAN) ca = (fields[i++] as DerNode).toBoolean('cA');
  const pathLen = fields[i] ? (fields[i++] as DerNode).toNumber('pathLenConstraint') : undefined;
  if (i !== fields.length) throw new CoreError('DER_INVALID', 'BasicConstraints: malformed');
  return pathLen === undefined ? { ca } : { ca, pathLen };
}

/** The key identifier in a SubjectKeyIdentifier extnValue. */
export const parseSubjectKeyIdentifier = (value: Uint8Array): Buffer =>
  parseDer(value).expect(Tag.OCTET_STRING, 'SubjectKeyIdentifier').value;

/** Whether `cert` is a CA certificate (BasicConstraints cA TRUE). */
export function isCa(cert: Certificate): boolean {
  const ext = findExtension(cert, OID.basicConstraints);
  return ext !== undefined && parseBasicConstraints(ext.value).ca;
}

/**
 * Verifies `signature` over `data` with the algorithm named by `algorithmOid`. CMS allows a
 * bare key algorithm (rsaEncryption, id-ecPublicKey) as the signature algorithm, with the
 * digest taken from the SignerInfo: pass that digest's node:crypto name as `digest`.
 * Unknown algorithms and key-type mismatches verify as false rather than throwing.
 */
export function verifySignature(
  algorithmOid: string,
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
  digest?: string,
): boolean {
  let info = VERIFIABLE_ALGORITHMS.get(algorithmOid);
  if (!info && digest !== undefined) {
    if (algorithmOid === OID.rsaEncryption)
      info = { oid: algorithmOid, hash: digest, keyType: 'rsa' };
    if (algorithmOid === OID.ecPublicKey) info = { oid: algorithmOid, hash: digest, keyType: 'ec' };
  }
  if (!info || publicKey.asymmetricKeyType !== info.keyType) return false;
  try {
    return verify(info.hash, data, publicKey, signature);
  } catch {
    return false;
  }
}

/** Whether algorithm `algorithmOid` is one verifySignature understands. */
export const isVerifiableAlgorithm = (algorithmOid: string): boolean =>
  VERIFIABLE_ALGORITHMS.has(algorithmOid);

/** Checks `cert`'s signature with its issuer's public key. */
export function verifyCertificateSignature(cert: Certificate, issuerPublicKey: KeyObject): boolean {
  return verifySignature(cert.signatureAlgorithm, issuerPublicKey, cert.tbs, cert.signature);
}

/** The certificate's public key as a KeyObject. */
export function certificatePublicKey(cert: Certificate): KeyObject {
  try {
    return createPublicKey({ key: cert.publicKey, format: 'der', type: 'spki' });
  } catch (error) {
    throw new CoreError('DER_INVALID', 'subjectPublicKeyInfo: unsupported or malformed key', {
      cause: error,
    });
  }
}

/** Whether `when` lies within the certificate's validity period (both ends inclusive). */
export const isValidAt = (cert: Certificate, when: Date): boolean =>
  cert.notBefore.getTime() <= when.getTime() && when.getTime() <= cert.notAfter.getTime();
