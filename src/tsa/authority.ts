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
  /** The digest of the CMS signature: what a signer used with `begin` must hash with. */
  readonly hashAlgorithm: HashAlgorithm;

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
  #second: Second | undefined;

  constructor(opts: TimestampAuthorityOptions) {
    this.#privateKey = opts.privateKey;
    this.#hash = opts.hashAlgorithm ?? DEFAULT_SIGNER_HASH;
    if (!isHashAlgorithm(this.#hash)) {
      throw configError(
        `hashAlgorithm must be sha256, sha384 or sha512, not ${String(this.#hash)}`,
      );
    }
    this.hashAlgorithm = this.#hash;
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
   */
  timestamp(request: TimestampRequest | Uint8Array, now: Date = new Date()): Buffer {
    const unsigned = this.begin(request, now);
    return unsigned.complete(sign(this.#hash, unsigned.toBeSigned, this.#privateKey));
  }

  /**
   * A timestamp up to its signature, for a caller that signs elsewhere (a worker thread):
   * `toBeSigned` is what the TSA key signs with `hashAlgorithm`, `complete` takes the DER ECDSA
   * signature and returns the TimeStampResp. Refusals throw here, before anything is signed.
   * genTime is truncated to whole seconds: sigstore-js only reads GeneralizedTime without
   * fractions or with exactly three digits, and accuracy already covers the difference.
   */
  begin(request: TimestampRequest | Uint8Array, now: Date = new Date()): UnsignedTimestamp {
    const req = request instanceof Uint8Array ? parseTimestampRequest(request) : request;
    const policy = this.#policies.get(req.policy ?? this.policyOid);
    if (!policy) {
      throw new TsaError(
        'UNACCEPTED_POLICY',
        `requested policy ${req.policy} is not accepted by this TSA (accepted: ${[...this.#policies.keys()].join(', ')})`,
      );
    }
    const second = this.#secondOf(now);
    // randomSerial's first octet is 0x01..0x7f: a positive, minimal INTEGER as it stands.
    const serial = tlv(Tag.INTEGER, randomSerial());
    const tstInfo = sequence(
      VERSION_1,
      policy,
      req.messageImprint,
      serial,
      second.genTime,
      this.#accuracy,
      ...(req.nonce === undefined ? [] : [integer(req.nonce)]),
      this.#tsaName,
    );
    const messageDigest = sequence(
      MESSAGE_DIGEST_OID,
      tlv(Tag.SET, octetString(createHash(this.#hash).update(tstInfo).digest())),
    );
    const attributes = second.attributes.map((attribute) => attribute ?? messageDigest);
    const certificates = req.certReq ? this.#certificates : EMPTY;
    return {
      // CMS signs the attributes as a SET OF; the SignerInfo carries them [0] IMPLICIT.
      toBeSigned: tlv(Tag.SET, ...attributes),
      complete: (signature) => {
        const signerInfo = sequence(
          this.#signerInfoHead,
          tlv(0xa0, ...attributes),
          this.#signatureAlgorithm,
          octetString(signature),
        );
        const signedData = sequence(
          this.#signedDataHead,
          sequence(TSTINFO_OID, contextTag(0, octetString(tstInfo))),
          certificates,
          tlv(Tag.SET, signerInfo),
        );
        return sequence(GRANTED_STATUS, sequence(SIGNED_DATA_OID, contextTag(0, signedData)));
      },
    };
  }

  /**
   * What depends only on the second of genTime, made once per second: its two encodings, the
   * TSA certificate's validity then, and the order of the signed attributes. That order is
   * fixed by each attribute's length and OID, which come before any per-request byte, so it
   * is found with a placeholder messageDigest of the right length (undefined in the list).
   */
  #secondOf(now: Date): Second {
    const at = Math.floor(now.getTime() / 1000);
    const cached = this.#second;
    if (cached?.at === at) return cached;
    const genTime = new Date(at * 1000);
    checkCertificateValidAt(this.certificate, genTime, 'TSA certificate');
    const placeholder = sequence(
      MESSAGE_DIGEST_OID,
      tlv(Tag.SET, octetString(Buffer.alloc(HASH_ALGORITHMS[this.#hash].length))),
    );
    const attributes: (Buffer | undefined)[] = [
      this.#contentTypeAttribute,
      sequence(SIGNING_TIME_OID, tlv(Tag.SET, x509Time(genTime))),
      placeholder,
      this.#signingCertificateAttribute,
    ]
      .sort(Buffer.compare)
      .map((attribute) => (attribute === placeholder ? undefined : attribute));
    this.#second = { at, genTime: generalizedTime(genTime), attributes };
    return this.#second;
  }
}

/** A timestamp waiting for its signature: see TimestampAuthority.begin. */
export interface UnsignedTimestamp {
  /** The signed attributes, as a DER SET OF: what the TSA key signs. */
  readonly toBeSigned: Buffer;
  /** The DER TimeStampResp around `signature` (DER ECDSA over toBeSigned). */
  complete(signature: Uint8Array): Buffer;
}

/** See TimestampAuthority's #secondOf. */
interface Second {
  /** Unix seconds. */
  at: number;
  genTime: Buffer;
  /** The signed attributes in DER order, undefined where the messageDigest goes. */
  attributes: readonly (Buffer | undefined)[];
}

const EMPTY = Buffer.alloc(0);
