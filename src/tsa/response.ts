import { DerNode, Tag, parseDer } from '../core/der.js';
import { CoreError } from '../core/error.js';
import { algorithmOid } from '../core/x509.js';
import { TsaError } from './error.js';
import { HASH_ALGORITHMS, TSA_OID, hashAlgorithmByOid } from './oids.js';
import type { HashAlgorithm } from './oids.js';

/** PKIStatus values (RFC 3161 §2.4.2). */
export const PkiStatus = {
  granted: 0,
  grantedWithMods: 1,
  rejection: 2,
  waiting: 3,
  revocationWarning: 4,
  revocationNotification: 5,
} as const;

export interface TstInfo {
  /** The TSTInfo DER exactly as signed (the eContent). */
  raw: Buffer;
  policy: string;
  hashAlgorithmOid: string;
  /** The imprint's hash when it is one we support. */
  hashAlgorithm?: HashAlgorithm;
  hashedMessage: Buffer;
  /** Signed: a few real TSAs emit negative serials. */
  serial: bigint;
  genTime: Date;
  accuracy?: { seconds: number; millis: number; micros: number };
  ordering: boolean;
  nonce?: bigint;
  /** The `tsa` GeneralName DER, if present. */
  tsa?: Buffer;
}

/** An ESS certificate identifier from signingCertificate (v1, SHA-1) or signingCertificateV2. */
export interface EssCertId {
  hashAlgorithmOid: string;
  certHash: Buffer;
  issuerSerial?: {
    /** The directoryName entries of the issuer GeneralNames, as Name DER. */
    issuerNames: Buffer[];
    /** The serial INTEGER's content octets. */
    serial: Buffer;
  };
}

export type SignerIdentifier =
  { issuer: Buffer; serial: Buffer } | { subjectKeyIdentifier: Buffer };

export interface SignerInfo {
  sid: SignerIdentifier;
  digestAlgorithmOid: string;
  /** The signedAttrs DER as carried (tag [0]); the signature covers it re-tagged as SET. */
  signedAttrs: Buffer;
  messageDigest: Buffer;
  signingTime?: Date;
  /** The first ESS certificate identifier (the signer's), if the attribute is present. */
  signingCertificate?: EssCertId;
  signatureAlgorithmOid: string;
  signature: Buffer;
}

export interface TimeStampToken {
  /** The ContentInfo DER. */
  raw: Buffer;
  tstInfo: TstInfo;
  /** Certificates embedded in SignedData (DER). Informational only: never trusted as such. */
  certificates: Buffer[];
  signerInfo: SignerInfo;
}

export interface TimeStampResponse {
  raw: Buffer;
  status: number;
  statusString?: string[];
  /** PKIFailureInfo bit numbers that are set. */
  failInfo?: number[];
  token?: TimeStampToken;
}

const malformed = (message: string, cause?: unknown): TsaError =>
  new TsaError('RESPONSE_MALFORMED', message, { cause });

function children(node: DerNode | undefined, tag: number, what: string): DerNode[] {
  if (!node) throw new CoreError('DER_INVALID', `${what}: missing`);
  return node.expect(tag, what).children();
}

/** The single element of an EXPLICIT [n] tag. */
function explicit(node: DerNode, what: string): DerNode {
  const inner = node.children();
  if (inner.length !== 1) throw new CoreError('DER_INVALID', `${what}: expected one element`);
  return inner[0] as DerNode;
}

/** A cursor over SEQUENCE fields that makes OPTIONAL fields and leftovers explicit. */
class Fields {
  private i = 0;
  constructor(
    private readonly nodes: DerNode[],
    private readonly what: string,
  ) {}

  next(field: string): DerNode {
    const node = this.nodes[this.i++];
    if (!node) throw new CoreError('DER_INVALID', `${this.what}: missing ${field}`);
    return node;
  }

  optional(tag: number): DerNode | undefined {
    const node = this.nodes[this.i];
    if (node?.tag !== tag) return undefined;
    this.i++;
    return node;
  }

  end(): void {
    const node = this.nodes[this.i];
    if (node) {
      throw new CoreError(
        'DER_INVALID',
        `${this.what}: unexpected field 0x${node.tag.toString(16)}`,
      );
    }
  }
}

function parseAccuracy(node: DerNode): NonNullable<TstInfo['accuracy']> {
  const fields = new Fields(node.children(), 'accuracy');
  const seconds = fields.optional(Tag.INTEGER)?.toNumber('accuracy.seconds') ?? 0;
  const millis = fields.optional(0x80);
  const micros = fields.optional(0x81);
  fields.end();
  // [0]/[1] IMPLICIT INTEGER: read the content octets as the INTEGER they replace.
  const small = (n: DerNode | undefined): number =>
    n ? new DerNode(Tag.INTEGER, n.raw, n.value).toNumber('accuracy') : 0;
  return { seconds, millis: small(millis), micros: small(micros) };
}

/** TSTInfo (RFC 3161 §2.4.2). */
export function parseTstInfo(der: Buffer): TstInfo {
  const fields = new Fields(children(parseDer(der), Tag.SEQUENCE, 'TSTInfo'), 'TSTInfo');
  const version = fields.next('version').toBigInt('TSTInfo version');
  if (version !== 1n) throw new CoreError('DER_INVALID', `TSTInfo: unsupported version ${version}`);
  const policy = fields.next('policy').toOid('policy');
  const imprint = children(fields.next('messageImprint'), Tag.SEQUENCE, 'messageImprint');
  if (imprint.length !== 2) throw new CoreError('DER_INVALID', 'messageImprint: malformed');
  const hashAlgorithmOid = algorithmOid(imprint[0], 'messageImprint.hashAlgorithm');
  const info: TstInfo = {
    raw: der,
    policy,
    hashAlgorithmOid,
    hashedMessage: (imprint[1] as DerNode).expect(Tag.OCTET_STRING, 'hashedMessage').value,
    serial: fields.next('serialNumber').toSignedBigInt('serialNumber'),
    genTime: fields.next('genTime').expect(Tag.GENERALIZED_TIME, 'genTime').toDate('genTime'),
    ordering: false,
  };
  const hashAlgorithm = hashAlgorithmByOid(hashAlgorithmOid);
  if (hashAlgorithm) info.hashAlgorithm = hashAlgorithm;
  const accuracy = fields.optional(Tag.SEQUENCE);
  if (accuracy) info.accuracy = parseAccuracy(accuracy);
  const ordering = fields.optional(Tag.BOOLEAN);
  if (ordering) info.ordering = ordering.toBoolean('ordering');
  const nonce = fields.optional(Tag.INTEGER);
  if (nonce) info.nonce = nonce.toSignedBigInt('nonce');
  const tsa = fields.optional(0xa0);
  if (tsa) info.tsa = explicit(tsa, 'tsa').raw;
  fields.optional(0xa1); // extensions: none defined that a verifier must act on
  fields.end();
  return info;
}

function parseEssCertId(node: DerNode, v2: boolean): EssCertId {
  const fields = new Fields(node.expect(Tag.SEQUENCE, 'ESSCertID').children(), 'ESSCertID');
  // ESSCertIDv2's hashAlgorithm DEFAULTs to SHA-256; v1 is always SHA-1.
  let hashAlgorithmOid: string = v2 ? HASH_ALGORITHMS.sha256.oid : TSA_OID.sha1;
  if (v2) {
    const alg = fields.optional(Tag.SEQUENCE);
    if (alg) hashAlgorithmOid = algorithmOid(alg, 'ESSCertIDv2.hashAlgorithm');
  }
  const id: EssCertId = {
    hashAlgorithmOid,
    certHash: fields.next('certHash').expect(Tag.OCTET_STRING, 'certHash').value,
  };
  const issuerSerial = fields.optional(Tag.SEQUENCE);
  fields.end();
  if (issuerSerial) {
    const [names, serial, extra] = issuerSerial.children();
    if (!names || !serial || extra) throw new CoreError('DER_INVALID', 'IssuerSerial: malformed');
    serial.toSignedBigInt('IssuerSerial.serialNumber');
    id.issuerSerial = {
      issuerNames: names
        .expect(Tag.SEQUENCE, 'GeneralNames')
        .children()
        .filter((n) => n.tag === 0xa4)
        .map((n) => explicit(n, 'directoryName').expect(Tag.SEQUENCE, 'directoryName').raw),
      serial: serial.value,
    };
  }
  return id;
}

function parseSigningCertificate(value: DerNode, v2: boolean): EssCertId {
  const [certs] = children(value, Tag.SEQUENCE, 'SigningCertificate');
  const [first] = children(certs, Tag.SEQUENCE, 'SigningCertificate.certs');
  if (!first) throw new CoreError('DER_INVALID', 'SigningCertificate: no ESSCertID');
  return parseEssCertId(first, v2);
}

function parseSignerInfo(node: DerNode): SignerInfo {
  const fields = new Fields(children(node, Tag.SEQUENCE, 'SignerInfo'), 'SignerInfo');
  const version = fields.next('version').toNumber('SignerInfo version');
  const sidNode = fields.next('sid');
  let sid: SignerIdentifier;
  if (sidNode.tag === Tag.SEQUENCE && version === 1) {
    const [issuer, serial, extra] = sidNode.children();
    if (!issuer || !serial || extra)
      throw new CoreError('DER_INVALID', 'IssuerAndSerialNumber: malformed');
    serial.toSignedBigInt('sid serialNumber');
    sid = { issuer: issuer.expect(Tag.SEQUENCE, 'sid issuer').raw, serial: serial.value };
  } else if (sidNode.tag === 0x80 && version === 3) {
    sid = { subjectKeyIdentifier: sidNode.value };
  } else {
    throw new CoreError('DER_INVALID', `SignerInfo: version ${version} does not match its sid`);
  }
  const digestAlgorithmOid = algorithmOid(fields.next('digestAlgorithm'), 'digestAlgorithm');
  const attrsNode = fields.optional(0xa0);
  // RFC 3161 tokens must carry the ESS signing-certificate attribute, so signedAttrs too.
  if (!attrsNode) throw new CoreError('DER_INVALID', 'SignerInfo: signedAttrs missing');
  const signatureAlgorithmOid = algorithmOid(
    fields.next('signatureAlgorithm'),
    'signatureAlgorithm',
  );
  const signature = fields.next('signature').expect(Tag.OCTET_STRING, 'signature').value;
  fields.optional(0xa1); // unsignedAttrs
  fields.end();

  const attributes = new Map<string, DerNode>();
  for (const attr of attrsNode.children()) {
    const [type, values, extra] = children(attr, Tag.SEQUENCE, 'Attribute');
    const attrOid = type?.toOid('attrType');
    if (!attrOid || !values || extra) throw new CoreError('DER_INVALID', 'Attribute: malformed');
    const [value, ...more] = children(values, Tag.SET, 'attrValues');
    if (!value || more.length > 0) {
      throw new CoreError('DER_INVALID', `attribute ${attrOid}: expected exactly one value`);
    }
    if (attributes.has(attrOid))
      throw new CoreError('DER_INVALID', `attribute ${attrOid} repeated`);
    attributes.set(attrOid, value);
  }
  const contentType = attributes.get(TSA_OID.contentType)?.toOid('contentType attribute');
  if (contentType !== TSA_OID.tstInfo) {
    throw new CoreError('DER_INVALID', 'signedAttrs: contentType attribute missing or not TSTInfo');
  }
  const messageDigest = attributes.get(TSA_OID.messageDigest);
  if (!messageDigest)
    throw new CoreError('DER_INVALID', 'signedAttrs: messageDigest attribute missing');

  const info: SignerInfo = {
    sid,
    digestAlgorithmOid,
    signedAttrs: attrsNode.raw,
    messageDigest: messageDigest.expect(Tag.OCTET_STRING, 'messageDigest').value,
    signatureAlgorithmOid,
    signature,
  };
  const signingTime = attributes.get(TSA_OID.signingTime);
  if (signingTime) info.signingTime = signingTime.toDate('signingTime');
  const v2 = attributes.get(TSA_OID.signingCertificateV2);
  const v1 = attributes.get(TSA_OID.signingCertificate);
  if (v2) info.signingCertificate = parseSigningCertificate(v2, true);
  else if (v1) info.signingCertificate = parseSigningCertificate(v1, false);
  return info;
}

function parseToken(node: DerNode): TimeStampToken {
  const [contentType, content, extra] = children(node, Tag.SEQUENCE, 'ContentInfo');
  if (contentType?.toOid('contentType') !== TSA_OID.signedData || !content || extra) {
    throw new CoreError('DER_INVALID', 'ContentInfo: expected SignedData');
  }
  const signedData = explicit(content.expect(0xa0, 'ContentInfo content'), 'content');
  const fields = new Fields(children(signedData, Tag.SEQUENCE, 'SignedData'), 'SignedData');
  const version = fields.next('version').toNumber('SignedData version');
  // RFC 5652 §5.1: version 3 whenever eContentType is not id-data.
  if (version !== 3)
    throw new CoreError('DER_INVALID', `SignedData: version ${version}, expected 3`);
  fields.next('digestAlgorithms').expect(Tag.SET, 'digestAlgorithms');
  const [eContentType, eContent, extraContent] = children(
    fields.next('encapContentInfo'),
    Tag.SEQUENCE,
    'encapContentInfo',
  );
  if (eContentType?.toOid('eContentType') !== TSA_OID.tstInfo || !eContent || extraContent) {
    throw new CoreError('DER_INVALID', 'encapContentInfo: expected an embedded TSTInfo');
  }
  const tstInfoDer = explicit(eContent.expect(0xa0, 'eContent'), 'eContent').expect(
    Tag.OCTET_STRING,
    'eContent',
  ).value;
  const certificates = (fields.optional(0xa0)?.children() ?? []).map(
    (cert) => cert.expect(Tag.SEQUENCE, 'certificate').raw,
  );
  fields.optional(0xa1); // crls
  const signerInfos = children(fields.next('signerInfos'), Tag.SET, 'signerInfos');
  fields.end();
  // RFC 3161 §2.4.2: the token carries the TSA's signature and no other.
  if (signerInfos.length !== 1) {
    throw new CoreError(
      'DER_INVALID',
      `expected exactly one SignerInfo, found ${signerInfos.length}`,
    );
  }
  return {
    raw: node.raw,
    tstInfo: parseTstInfo(tstInfoDer),
    certificates,
    signerInfo: parseSignerInfo(signerInfos[0] as DerNode),
  };
}

/** Parses a bare TimeStampToken (ContentInfo DER). */
export function parseTimeStampToken(der: Uint8Array): TimeStampToken {
  try {
    return parseToken(parseDer(der));
  } catch (error) {
    if (error instanceof CoreError)
      throw malformed(`malformed timestamp token: ${error.message}`, error);
    throw error;
  }
}

/**
 * Parses a TimeStampResp (what Sigstore bundles store). A rejection parses fine and has no
 * token; whether a token verifies is verifyTimestamp's business.
 */
export function parseTimeStampResponse(der: Uint8Array): TimeStampResponse {
  try {
    const root = parseDer(der);
    const [statusInfo, tokenNode, extra] = children(root, Tag.SEQUENCE, 'TimeStampResp');
    if (extra) throw new CoreError('DER_INVALID', 'TimeStampResp: unexpected trailing field');
    const status = new Fields(children(statusInfo, Tag.SEQUENCE, 'PKIStatusInfo'), 'PKIStatusInfo');
    const response: TimeStampResponse = {
      raw: root.raw,
      status: status.next('status').toNumber('status'),
    };
    const text = status.optional(Tag.SEQUENCE);
    if (text) {
      response.statusString = text
        .children()
        .map((s) => s.expect(Tag.UTF8_STRING, 'PKIFreeText').value.toString('utf8'));
    }
    const failInfo = status.optional(Tag.BIT_STRING);
    if (failInfo) response.failInfo = failInfo.toNamedBits('failInfo');
    status.end();
    if (tokenNode) response.token = parseToken(tokenNode);
    return response;
  } catch (error) {
    if (error instanceof CoreError) {
      throw malformed(`malformed timestamp response: ${error.message}`, error);
    }
    throw error;
  }
}
