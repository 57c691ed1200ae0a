import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  OID,
  certificatePublicKey,
  describeName,
  findExtension,
  isVerifiableAlgorithm,
  parseCertificate,
  parseSubjectKeyIdentifier,
  verifySignature,
} from '../core/x509.js';
import type { Certificate } from '../core/x509.js';
import {
  checkCertificateValidAt,
  checkTsaCertificateProfile,
  describeCertificate,
  parseTsaCertificate,
  verifyTsaChain,
  withCertificateErrors,
} from './certificate.js';
import { TsaError } from './error.js';
import { HASH_ALGORITHMS, TSA_OID, hashAlgorithmByOid } from './oids.js';
import type { HashAlgorithm } from './oids.js';
import { PkiStatus, parseTimeStampResponse } from './response.js';
import type { EssCertId, TimeStampResponse, TimeStampToken, TstInfo } from './response.js';

/** What was timestamped: the bytes themselves, or their digest with the token's algorithm. */
export type TimestampedInput = { data: Uint8Array } | { digest: Uint8Array };

export interface TokenVerifyOptions {
  /** Expected nonce (the one sent in the request). */
  nonce?: bigint;
  /** Expected TSA policy OID. */
  policy?: string;
}

export interface VerifiedTimestamp {
  genTime: Date;
  tstInfo: TstInfo;
  /** The TSA certificate the token was verified with. */
  signer: Certificate;
}

const hashName = (algorithmOid: string, what: string): HashAlgorithm => {
  const hash = hashAlgorithmByOid(algorithmOid);
  if (!hash) {
    throw new TsaError(
      'UNSUPPORTED_HASH_ALGORITHM',
      `unsupported ${what} hash algorithm ${algorithmOid}`,
    );
  }
  return hash;
};

/** Checks that the token's messageImprint covers `input`. */
export function verifyImprint(tstInfo: TstInfo, input: TimestampedInput): void {
  const hash = hashName(tstInfo.hashAlgorithmOid, 'messageImprint');
  let expected: Buffer;
  if ('data' in input) {
    expected = createHash(hash).update(input.data).digest();
  } else {
    expected = Buffer.from(input.digest);
    if (expected.length !== HASH_ALGORITHMS[hash].length) {
      throw new TsaError(
        'DIGEST_LENGTH_MISMATCH',
        `expected a ${hash} digest of ${HASH_ALGORITHMS[hash].length} bytes, got ${expected.length}`,
      );
    }
  }
  if (!expected.equals(tstInfo.hashedMessage)) {
    throw new TsaError(
      'IMPRINT_MISMATCH',
      'the timestamp does not cover the given data (messageImprint differs)',
    );
  }
}

function checkSignerIdentifier(token: TimeStampToken, signer: Certificate): void {
  const { sid } = token.signerInfo;
  let matches: boolean;
  let named: string;
  if ('issuer' in sid) {
    matches = sid.issuer.equals(signer.issuer) && sid.serial.equals(signer.serialBytes);
    named = `issuer "${describeName(sid.issuer)}", serial ${sid.serial.toString('hex')}`;
  } else {
    const skid = findExtension(signer, OID.subjectKeyIdentifier);
    matches =
      skid !== undefined && parseSubjectKeyIdentifier(skid.value).equals(sid.subjectKeyIdentifier);
    named = `key identifier ${sid.subjectKeyIdentifier.toString('hex')}`;
  }
  if (!matches) {
    throw new TsaError(
      'SIGNER_MISMATCH',
      `the timestamp was signed by the certificate with ${named}, not by the TSA certificate ${describeCertificate(signer)}`,
    );
  }
}

function checkSigningCertificate(ess: EssCertId | undefined, signer: Certificate): void {
  const fail = (why: string): TsaError =>
    new TsaError('SIGNING_CERTIFICATE_MISMATCH', `ESS signing-certificate attribute ${why}`);
  if (!ess) throw fail('is missing (RFC 3161 requires it)');
  // ESS v1 identifies certificates by SHA-1, which is still sound for naming a certificate.
  const hash =
    ess.hashAlgorithmOid === TSA_OID.sha1 ? 'sha1' : hashName(ess.hashAlgorithmOid, 'ESS');
  if (!createHash(hash).update(signer.der).digest().equals(ess.certHash)) {
    throw fail(`names a different certificate than ${describeCertificate(signer)}`);
  }
  const issuerSerial = ess.issuerSerial;
  if (
    issuerSerial &&
    (!issuerSerial.serial.equals(signer.serialBytes) ||
      !issuerSerial.issuerNames.some((n) => n.equals(signer.issuer)))
  ) {
    throw fail(`issuerSerial does not match ${describeCertificate(signer)}`);
  }
}

/**
 * Imported TSA keys by SPKI bytes. A verifier checks many tokens against the few TSA
 * certificates of its trusted root, and importing the key costs twice the signature check it
 * serves. Bounded: past the limit it starts over.
 */
export const SIGNER_KEYS_LIMIT = 64;
const signerKeys = new Map<string, KeyObject>();

function signerPublicKey(signer: Certificate): KeyObject {
  const id = signer.publicKey.toString('latin1');
  let key = signerKeys.get(id);
  if (key === undefined) {
    key = certificatePublicKey(signer);
    if (signerKeys.size >= SIGNER_KEYS_LIMIT) signerKeys.clear();
    signerKeys.set(id, key);
  }
  return key;
}

function checkSignature(token: TimeStampToken, signer: Certificate): void {
  const info = token.signerInfo;
  const digest = hashName(info.digestAlgorithmOid, 'SignerInfo digest');
  if (!createHash(digest).update(token.tstInfo.raw).digest().equals(info.messageDigest)) {
    throw new TsaError(
      'MESSAGE_DIGEST_MISMATCH',
      'the messageDigest attribute does not match the TSTInfo',
    );
  }
  const bareKeyAlgorithm =
    info.signatureAlgorithmOid === OID.rsaEncryption ||
    info.signatureAlgorithmOid === OID.ecPublicKey;
  if (!isVerifiableAlgorithm(info.signatureAlgorithmOid) && !bareKeyAlgorithm) {
    throw new TsaError(
      'UNSUPPORTED_SIGNATURE_ALGORITHM',
      `unsupported timestamp signature algorithm ${info.signatureAlgorithmOid}`,
    );
  }
  // The signature covers the DER of signedAttrs as a SET OF, not with its [0] IMPLICIT tag.
  const signed = Buffer.from(info.signedAttrs);
  signed[0] = 0x31;
  if (
    !verifySignature(
      info.signatureAlgorithmOid,
      signerPublicKey(signer),
      signed,
      info.signature,
      digest,
    )
  ) {
    throw new TsaError(
      'SIGNATURE_INVALID',
      `the timestamp signature does not verify with the key of ${describeCertificate(signer)}`,
    );
  }
}

function grantedToken(response: TimeStampResponse): TimeStampToken {
  const granted =
    response.status === PkiStatus.granted || response.status === PkiStatus.grantedWithMods;
  if (!granted || !response.token) {
    const detail = response.statusString?.join('; ');
    throw new TsaError(
      'NOT_GRANTED',
      `the timestamp response has status ${response.status}${detail ? ` (${detail})` : ''} and no token`,
    );
  }
  return response.token;
}

const asResponse = (response: Uint8Array | TimeStampResponse): TimeStampResponse =>
  response instanceof Uint8Array ? parseTimeStampResponse(response) : response;

function verifyWithSigner(
  response: Uint8Array | TimeStampResponse,
  signer: Certificate,
  opts: TimestampedInput & TokenVerifyOptions,
): VerifiedTimestamp {
  const token = grantedToken(asResponse(response));
  const { tstInfo } = token;
  verifyImprint(tstInfo, opts);
  if (opts.nonce !== undefined && tstInfo.nonce !== opts.nonce) {
    throw new TsaError(
      'NONCE_MISMATCH',
      `the timestamp nonce is ${tstInfo.nonce ?? 'absent'}, expected ${opts.nonce}`,
    );
  }
  if (opts.policy !== undefined && tstInfo.policy !== opts.policy) {
    throw new TsaError(
      'POLICY_MISMATCH',
      `the timestamp policy is ${tstInfo.policy}, expected ${opts.policy}`,
    );
  }
  checkSignerIdentifier(token, signer);
  checkSignature(token, signer);
  checkSigningCertificate(token.signerInfo.signingCertificate, signer);
  checkCertificateValidAt(signer, tstInfo.genTime, 'TSA certificate');
  checkTsaCertificateProfile(signer);
  return { genTime: tstInfo.genTime, tstInfo, signer };
}

/**
 * Verifies a timestamp against a known TSA certificate, without judging whether that certificate
 * is trusted: imprint, expected nonce/policy, signer identifier, messageDigest, signature, ESS
 * signing-certificate, the certificate's validity at genTime and its TSA profile. Embedded
 * certificates are ignored: the signer is always the one passed in.
 */
export function verifyTimestampToken(
  response: Uint8Array | TimeStampResponse,
  opts: TimestampedInput & TokenVerifyOptions & { signerCertificate: Uint8Array },
): VerifiedTimestamp {
  return withCertificateErrors('CHAIN_INVALID', 'signerCertificate', () =>
    verifyWithSigner(response, parseCertificate(opts.signerCertificate), opts),
  );
}

/**
 * Fully verifies a timestamp response against a trusted TSA chain (TSA certificate first, root
 * last, as trusted_root.json lists it): everything verifyTimestampToken checks, then the chain
 * at genTime. Strict and fail-closed; the error code names the first check that failed.
 */
export function verifyTimestamp(
  response: Uint8Array | TimeStampResponse,
  opts: TimestampedInput & TokenVerifyOptions & { chain: readonly Uint8Array[] },
): VerifiedTimestamp {
  const chain = opts.chain.map((der, i) =>
    parseTsaCertificate(der, `chain[${i}]`, 'CHAIN_INVALID'),
  );
  const [leaf] = chain;
  if (!leaf) throw new TsaError('CHAIN_INVALID', 'no trusted TSA certificate chain given');
  return withCertificateErrors('CHAIN_INVALID', 'TSA certificate chain', () => {
    const verified = verifyWithSigner(response, leaf, opts);
    verifyTsaChain(chain, verified.genTime);
    return verified;
  });
}
