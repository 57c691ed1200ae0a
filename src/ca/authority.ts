import { nullValue } from '../core/der.js';
import {
  OID,
  type ExtensionSpec,
  type SignatureAlgorithm,
  assembleCertificate,
  authorityKeyIdentifier,
  buildTbs,
  extKeyUsage,
  keyIdentifier,
  keyUsage,
  parseCertificate,
  randomSerial,
  subjectKeyIdentifier,
} from '../core/x509.js';
import type { CtSubmitter } from '../ct/client.js';
import {
  CT_POISON_OID,
  SCT_LIST_OID,
  type SignedCertificateTimestamp,
  issuerKeyHash,
  sctListExtensionValue,
} from '../ct/sct.js';
import type { Signer } from '../kms/signer.js';
import { CaError } from './error.js';
import { type CertificateIdentity, identityExtensions } from './extensions.js';

/** Fulcio's leaf lifetime: long enough to sign and log, short enough that revocation is moot. */
export const LEAF_VALIDITY_MS = 10 * 60 * 1000;

const SIGNATURE_ALGORITHM: Record<Signer['algorithm'], SignatureAlgorithm> = {
  'ecdsa-p256-sha256': 'ecdsa-sha256',
  'ecdsa-p384-sha384': 'ecdsa-sha384',
};

export interface CertificateAuthorityOptions {
  /** The issuing CA's certificate (DER). Its key is the signer's. */
  certificate: Buffer;
  /** The certificates above the issuing CA (DER), ending with the root. */
  chainToRoot: readonly Buffer[];
  signer: Signer;
  /** Where precertificates go for an SCT; without one, certificates carry no SCT. */
  ct?: CtSubmitter;
  validityMs?: number;
  now?: () => Date;
}

export interface IssuedCertificate {
  /** The code-signing certificate (DER). */
  certificate: Buffer;
  /** Leaf first, ending with the root. */
  chain: Buffer[];
  /** The serial number's bytes, for logs and audit. */
  serial: Buffer;
  sct?: SignedCertificateTimestamp;
}

/**
 * Issues Fulcio-profile code-signing certificates from a precomputed template: the constant
 * extensions and the issuer name are encoded once, and each issuance only splices in the
 * serial, validity, key and identity, then signs precertificate and final certificate.
 */
export class CertificateAuthority {
  readonly chain: readonly Buffer[];
  private readonly issuerName: Buffer;
  private readonly fixedExtensions: ExtensionSpec[];
  private readonly authorityKeyId: ExtensionSpec;
  /** SHA-256 of the issuing CA's SPKI: the precert_entry's issuer_key_hash. */
  private readonly issuerKeyHash: Buffer;
  private readonly algorithm: SignatureAlgorithm;
  private readonly validityMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: CertificateAuthorityOptions) {
    const ca = parseCertificate(options.certificate);
    if (!ca.publicKey.equals(options.signer.publicKey)) {
      throw new CaError(
        'CA_CONFIG_INVALID',
        `the issuing CA certificate's public key is not the key of ${options.signer.ref}`,
      );
    }
    this.chain = [options.certificate, ...options.chainToRoot];
    this.issuerName = ca.subject;
    this.issuerKeyHash = issuerKeyHash(ca);
    this.algorithm = SIGNATURE_ALGORITHM[options.signer.algorithm];
    this.validityMs = options.validityMs ?? LEAF_VALIDITY_MS;
    this.now = options.now ?? (() => new Date());
    this.fixedExtensions = [
      { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
      { oid: OID.extKeyUsage, value: extKeyUsage([OID.codeSigning]) },
    ];
    this.authorityKeyId = {
      oid: OID.authorityKeyIdentifier,
      value: authorityKeyIdentifier(keyIdentifier(ca.publicKey)),
    };
  }

  /**
   * A certificate for `publicKey` (SPKI DER) naming `identity`. With a CT log, the
   * precertificate is logged first and the final certificate embeds its SCT; if the log fails,
   * nothing is issued.
   */
  async issue(identity: CertificateIdentity, publicKey: Buffer): Promise<IssuedCertificate> {
    const notBefore = this.now();
    // X.509 times have whole seconds; truncating keeps notAfter exactly validityMs after.
    notBefore.setUTCMilliseconds(0);
    const template = {
      serial: randomSerial(),
      issuer: this.issuerName,
      subject: EMPTY_NAME,
      notBefore,
      notAfter: new Date(notBefore.getTime() + this.validityMs),
      publicKey,
      signatureAlgorithm: this.algorithm,
    };
    const extensions = [
      ...this.fixedExtensions,
      { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(publicKey) },
      this.authorityKeyId,
      ...identityExtensions(identity),
    ];
    const { ct } = this.options;
    if (!ct) {
      const certificate = await this.sign({ ...template, extensions });
      return { certificate, chain: [certificate, ...this.chain], serial: template.serial };
    }
    let sct: SignedCertificateTimestamp;
    try {
      if (ct.addPrecertEntry) {
        // A log in this process takes the precert_entry itself: the TBS without the poison is
        // the same template with the same extensions, so no precertificate needs signing.
        sct = await ct.addPrecertEntry({
          type: 'precert',
          issuerKeyHash: this.issuerKeyHash,
          tbs: buildTbs({ ...template, extensions }),
        });
      } else {
        const precert = await this.sign({
          ...template,
          extensions: [...extensions, { oid: CT_POISON_OID, critical: true, value: nullValue() }],
        });
        sct = await ct.addPreChain([precert, ...this.chain]);
      }
    } catch (error) {
      if (error instanceof CaError) throw error;
      throw new CaError(
        'CT_FAILED',
        `the certificate-transparency log did not accept the precertificate: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const certificate = await this.sign({
      ...template,
      extensions: [...extensions, { oid: SCT_LIST_OID, value: sctListExtensionValue([sct]) }],
    });
    return { certificate, chain: [certificate, ...this.chain], serial: template.serial, sct };
  }

  private async sign(opts: Parameters<typeof buildTbs>[0]): Promise<Buffer> {
    const tbs = buildTbs(opts);
    let signature: Buffer;
    try {
      signature = await this.options.signer.sign(tbs);
    } catch (error) {
      throw new CaError(
        'CA_UNAVAILABLE',
        `the issuing CA key ${this.options.signer.ref} could not sign: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return assembleCertificate(tbs, this.algorithm, signature);
  }
}

/** Fulcio leaves have an empty subject; the identity is in the (critical) SAN. */
const EMPTY_NAME = Buffer.from([0x30, 0x00]);
