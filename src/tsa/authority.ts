import { createHash, createPublicKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  Tag,
  contextTag,
  generalizedTime,
  integer,
  octetString,
  oid,
  sequence,
  tlv,
  x509Time,
} from '../core/der.js';
import { CoreError } from '../core/error.js';
import { certificatePublicKey, randomSerial } from '../core/x509.js';
import type { Certificate } from '../core/x509.js';
import {
  checkCertificateValidAt,
  checkTsaCertificateProfile,
  parseTsaCertificate,
  verifyTsaChain,
  withCertificateErrors,
} from './certificate.js';
import { TsaError } from './error.js';
import {
  DEFAULT_POLICY_OID,
  HASH_ALGORITHMS,
  TSA_OID,
  digestAlgorithmIdentifier,
  isHashAlgorithm,
} from './oids.js';
import type { HashAlgorithm } from './oids.js';
import { parseTimestampRequest } from './request.js';
import type { TimestampRequest } from './request.js';
import { GRANTED_STATUS } from './status.js';

/** TSTInfo accuracy, as sigstore/timestamp-authority states it. */
export const DEFAULT_ACCURACY_SECONDS = 1;
/** Signature digest; SHA-256 even for P-384 keys, like upstream's `--timestamp-signer-hash`. */
export const DEFAULT_SIGNER_HASH: HashAlgorithm = 'sha256';

const SUPPORTED_CURVES = ['prime256v1', 'secp384r1'];

export interface TimestampAuthorityOptions {
  /** ECDSA P-256 (default choice) or P-384 private key matching the TSA certificate. */
  privateKey: KeyObject;
  /** DER certificates, TSA certificate first, root last. */
  certChain: readonly Uint8Array[];
  /** Policy stamped when the request names none. Default DEFAULT_POLICY_OID. */
  policyOid?: string;
  /** Further policies requests may ask for. */
  acceptedPolicies?: readonly string[];
  /** Whole seconds. Default DEFAULT_ACCURACY_SECONDS. */
  accuracySeconds?: number;
  /** Digest for the CMS signature and messageDigest. Default DEFAULT_SIGNER_HASH. */
  hashAlgorithm?: HashAlgorithm;
  /** When certificates are requested, send the whole chain instead of the TSA certificate. */
  includeChainInResponse?: boolean;
}

const VERSION_1 = integer(1);
const SIGNED_DATA_VERSION_3 = integer(3);
const SIGNER_INFO_VERSION_1 = integer(1);
const SIGNED_DATA_OID = oid(TSA_OID.signedData);
const TSTINFO_OID = oid(TSA_OID.tstInfo);
const SIGNING_TIME_OID = oid(TSA_OID.signingTime);
const MESSAGE_DIGEST_OID = oid(TSA_OID.messageDigest);

const configError = (message: string): TsaError => new TsaError('CONFIG_INVALID', message);

/**
 * An RFC 3161 timestamp authority shaped like sigstore/timestamp-authority (digitorus/timestamp):
 * every constant DER piece is assembled once here, so issuing a timestamp only encodes the
 * per-request fields and makes one ECDSA signature.
 */
export class TimestampAuthority {
  /** The TSA certificate. */
  readonly certificate: Certificate;
  readonly certChain: readonly Buffer[];
  readonly policyOid: string;

  readonly #privateKey: KeyObject;
  readonly #hash: HashAlgorithm;
  readonly #policies = new Map<string, Buffer>();
  readonly #accuracy: Buffer;
  readonly #tsaName: Buffer;
  readonly #signedDataHead: Buffer;
  readonly #certificates: Buffer;
  readonly #signerInfoHead: Buffer;
  readonly #signatureAlgorithm: Buffer;
  readonly #contentTypeAttribute: Buffer;
  readonly #signingCertificateAttribute: Buffer;

  constructor(opts: TimestampAuthorityOptions) {
    this.#privateKey = opts.privateKey;
    this.#hash = opts.hashAlgorithm ?? DEFAULT_SIGNER_HASH;
    if (!isHashAlgorithm(this.#hash)) {
      throw configError(
        `hashAlgorithm must be sha256, sha384 or sha512, not ${String(this.#hash)}`,
      );
    }
    this.certChain = opts.certChain.map((der) => Buffer.from(der));
    const chain = this.certChain.map((der, i) =>
      parseTsaCertificate(der, `certChain[${i}]`, 'CONFIG_INVALID'),
    );
    const leaf = chain[0];
    if (!leaf) throw configError('certChain is empty: it must start with the TSA certificate');
    this.certificate = leaf;
    withCertificateErrors('CONFIG_INVALID', 'certChain', () => {
      checkTsaCertificateProfile(leaf);
      verifyTsaChain(chain);
      this.#checkKey(leaf);
    });

    this.policyOid = opts.policyOid ?? DEFAULT_POLICY_OID;
    for (const policy of [this.policyOid, ...(opts.acceptedPolicies ?? [])]) {
      try {
        this.#policies.set(policy, oid(policy));
      } catch (error) {
        if (error instanceof CoreError) throw configError(`invalid policy OID "${policy}"`);
        throw error;
      }
    }
    const accuracy = opts.accuracySeconds ?? DEFAULT_ACCURACY_SECONDS;
    if (!Number.isSafeInteger(accuracy) || accuracy < 1) {
      throw configError(`accuracySeconds must be a positive integer, not ${accuracy}`);
    }
    this.#accuracy = sequence(integer(accuracy));
    // tsa [0] EXPLICIT GeneralName, directoryName [4] EXPLICIT Name.
    this.#tsaName = contextTag(0, contextTag(4, leaf.subject));

    const digestAlgorithm = digestAlgorithmIdentifier(this.#hash);
    this.#signedDataHead = Buffer.concat([SIGNED_DATA_VERSION_3, tlv(Tag.SET, digestAlgorithm)]);
    const sent = opts.includeChainInResponse ? this.certChain : [leaf.der];
    // CertificateSet is a SET OF: DER orders the elements by their encodings.
    this.#certificates = contextTag(0, Buffer.concat([...sent].sort(Buffer.compare)));
    const serial = tlv(Tag.INTEGER, leaf.serialBytes);
    const sid = sequence(leaf.issuer, serial);
    this.#signerInfoHead = Buffer.concat([SIGNER_INFO_VERSION_1, sid, digestAlgorithm]);
    this.#signatureAlgorithm = sequence(oid(HASH_ALGORITHMS[this.#hash].ecdsaOid));
    this.#contentTypeAttribute = sequence(oid(TSA_OID.contentType), tlv(Tag.SET, TSTINFO_OID));
    // ESSCertIDv2's hashAlgorithm DEFAULTs to SHA-256, so DER leaves it out for SHA-256.
    const essCertId = sequence(
      ...(this.#hash === 'sha256' ? [] : [digestAlgorithm]),
      octetString(createHash(this.#hash).update(leaf.der).digest()),
      sequence(sequence(contextTag(4, leaf.issuer)), serial),
    );
    this.#signingCertificateAttribute = sequence(
      oid(TSA_OID.signingCertificateV2),
      tlv(Tag.SET, sequence(sequence(essCertId))),
    );
  }

  #checkKey(leaf: Certificate): void {
    const key = this.#privateKey;
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (
      key.type !== 'private' ||
      key.asymmetricKeyType !== 'ec' ||
      !SUPPORTED_CURVES.includes(curve ?? '')
    ) {
      // Sigstore verifiers (sigstore-js) only map ECDSA and RSA signature OIDs.
      throw configError('the TSA key must be an ECDSA P-256 or P-384 private key');
    }
    if (!createPublicKey(key).equals(certificatePublicKey(leaf))) {
      throw configError('the TSA private key does not match the public key of the TSA certificate');
    }
  }

  /**
   * Issues a timestamp: returns the DER TimeStampResp (status granted) for a parsed request or
   * a DER TimeStampReq. Throws TsaError for requests to refuse (see rejectionResponse).
   * genTime is truncated to whole seconds: sigstore-js only reads GeneralizedTime without
   * fractions or with exactly three digits, and accuracy already covers the difference.
   */
  timestamp(request: TimestampRequest | Uint8Array, now: Date = new Date()): Buffer {
    const req = request instanceof Uint8Array ? parseTimestampRequest(request) : request;
    const policy = this.#policies.get(req.policy ?? this.policyOid);
    if (!policy) {
      throw new TsaError(
        'UNACCEPTED_POLICY',
        `requested policy ${req.policy} is not accepted by this TSA (accepted: ${[...this.#policies.keys()].join(', ')})`,
      );
    }
    const genTime = new Date(Math.floor(now.getTime() / 1000) * 1000);
    checkCertificateValidAt(this.certificate, genTime, 'TSA certificate');

    const tstInfo = sequence(
      VERSION_1,
      policy,
      req.messageImprint,
      integer(randomSerial()),
      generalizedTime(genTime),
      this.#accuracy,
      ...(req.nonce === undefined ? [] : [integer(req.nonce)]),
      this.#tsaName,
    );
    const messageDigest = createHash(this.#hash).update(tstInfo).digest();
    const attributes = Buffer.concat(
      [
        this.#contentTypeAttribute,
        sequence(SIGNING_TIME_OID, tlv(Tag.SET, x509Time(genTime))),
        sequence(MESSAGE_DIGEST_OID, tlv(Tag.SET, octetString(messageDigest))),
        this.#signingCertificateAttribute,
      ].sort(Buffer.compare),
    );
    // CMS signs the attributes as a SET OF; the SignerInfo carries them [0] IMPLICIT.
    const signature = sign(this.#hash, tlv(Tag.SET, attributes), this.#privateKey);
    const signerInfo = sequence(
      this.#signerInfoHead,
      tlv(0xa0, attributes),
      this.#signatureAlgorithm,
      octetString(signature),
    );
    const signedData = sequence(
      this.#signedDataHead,
      sequence(TSTINFO_OID, contextTag(0, octetString(tstInfo))),
      ...(req.certReq ? [this.#certificates] : []),
      tlv(Tag.SET, signerInfo),
    );
    return sequence(GRANTED_STATUS, sequence(SIGNED_DATA_OID, contextTag(0, signedData)));
  }
}
