import { nullValue } from '../core/der.js';
import {
  OID,
  type ExtensionSpec,
  type SignatureAlgorithm,
  appendExtension,
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
import type { Signer, SignerAlgorithm } from '../kms/signer.js';
import { CaError } from './error.js';
import { type CertificateIdentity, identityExtensions } from './extensions.js';

/** Fulcio's leaf lifetime: long enough to sign and log, short enough that revocation is moot. */
export const LEAF_VALIDITY_MS = 10 * 60 * 1000;

const SIGNATURE_ALGORITHM: Record<SignerAlgorithm, SignatureAlgorithm> = {
  'ecdsa-p256-sha256': 'ecdsa-sha256',
  'ecdsa-p384-sha384': 'ecdsa-sha384',
};

export interface CertificateTemplateOptions {
  /** The issuing CA's certificate (DER). */
  certificate: Uint8Array;
  /** What the issuing key signs with. */
  algorithm: SignerAlgorithm;
  validityMs?: number;
  now?: () => Date;
}

export interface CertificateAuthorityOptions extends Omit<CertificateTemplateOptions, 'algorithm'> {
  /** The issuing CA's certificate (DER). Its key is the signer's. */
  certificate: Buffer;
  /** The certificates above the issuing CA (DER), ending with the root. */
  chainToRoot: readonly Buffer[];
  signer: Signer;
  /** Where precertificates go for an SCT; without one, certificates carry no SCT. */
  ct?: CtSubmitter;
}

/**
 * A certificate before CT and signature: serial, validity, key, identity and every extension
 * but the SCT list (or the precertificate poison). Its TBS is exactly the precert_entry's TBS.
 */
export interface CertificateDraft {
  /** The serial number's bytes. */
  serial: Buffer;
  tbs: Buffer;
}

/**
 * The Fulcio leaf profile of one issuing CA: the constant extensions and the issuer name
 * encoded once, each draft splicing in serial, validity, key and identity. It needs no key, so
 * a server drafts in the threads that admit requests, off the event loop.
 */
export class CertificateTemplate {
  private readonly issuerName: Buffer;
  private readonly fixedExtensions: ExtensionSpec[];
  private readonly authorityKeyId: ExtensionSpec;
  readonly algorithm: SignatureAlgorithm;
  private readonly validityMs: number;
  private readonly now: () => Date;

  constructor(options: CertificateTemplateOptions) {
    const ca = parseCertificate(options.certificate);
    this.issuerName = ca.subject;
    this.algorithm = SIGNATURE_ALGORITHM[options.algorithm];
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

  /** The draft of a certificate for `publicKey` (SPKI DER) naming `identity`, valid from now. */
  draft(identity: CertificateIdentity, publicKey: Buffer): CertificateDraft {
    const notBefore = this.now();
    // X.509 times have whole seconds; truncating keeps notAfter exactly validityMs after.
    notBefore.setUTCMilliseconds(0);
    const serial = randomSerial();
    const tbs = buildTbs({
      serial,
      issuer: this.issuerName,
      subject: EMPTY_NAME,
      notBefore,
      notAfter: new Date(notBefore.getTime() + this.validityMs),
      publicKey,
      signatureAlgorithm: this.algorithm,
      extensions: [
        ...this.fixedExtensions,
        { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(publicKey) },
        this.authorityKeyId,
        ...identityExtensions(identity),
      ],
    });
    return { serial, tbs };
  }
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
 * Issues Fulcio-profile code-signing certificates: drafts one from the template, logs it with
 * the CT log, and signs the final certificate (the draft plus the SCT list).
 */
export class CertificateAuthority {
  readonly chain: readonly Buffer[];
  readonly template: CertificateTemplate;
  /** SHA-256 of the issuing CA's SPKI: the precert_entry's issuer_key_hash. */
  private readonly issuerKeyHash: Buffer;
  private readonly algorithm: SignatureAlgorithm;

  constructor(private readonly options: CertificateAuthorityOptions) {
    const ca = parseCertificate(options.certificate);
    if (!ca.publicKey.equals(options.signer.publicKey)) {
      throw new CaError(
        'CA_CONFIG_INVALID',
        `the issuing CA certificate's public key is not the key of ${options.signer.ref}`,
      );
    }
    this.chain = [options.certificate, ...options.chainToRoot];
    this.issuerKeyHash = issuerKeyHash(ca);
    this.template = new CertificateTemplate({ ...options, algorithm: options.signer.algorithm });
    this.algorithm = this.template.algorithm;
  }

  /**
   * A certificate for `publicKey` (SPKI DER) naming `identity`. With a CT log, the
   * precertificate is logged first and the final certificate embeds its SCT; if the log fails,
   * nothing is issued.
   */
  issue(identity: CertificateIdentity, publicKey: Buffer): Promise<IssuedCertificate> {
    return this.issueDraft(this.template.draft(identity, publicKey));
  }

  /** `issue` for a draft of this CA's template, made here or in another thread. */
  async issueDraft({ serial, tbs }: CertificateDraft): Promise<IssuedCertificate> {
    const { ct } = this.options;
    if (!ct) {
      const certificate = await this.sign(tbs);
      return { certificate, chain: [certificate, ...this.chain], serial };
    }
    let sct: SignedCertificateTimestamp;
    try {
      if (ct.addPrecertEntry) {
        // A log in this process takes the precert_entry itself: the TBS without the poison is
        // the draft, so no precertificate needs signing.
        sct = await ct.addPrecertEntry({ type: 'precert', issuerKeyHash: this.issuerKeyHash, tbs });
      } else {
        const precert = await this.sign(appendExtension(tbs, POISON));
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
    const certificate = await this.sign(
      appendExtension(tbs, { oid: SCT_LIST_OID, value: sctListExtensionValue([sct]) }),
    );
    return { certificate, chain: [certificate, ...this.chain], serial, sct };
  }

  private async sign(tbs: Buffer): Promise<Buffer> {
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

/** RFC 6962's precertificate poison: critical, ASN.1 NULL. */
const POISON: ExtensionSpec = { oid: CT_POISON_OID, critical: true, value: nullValue() };
