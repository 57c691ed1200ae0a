import { oid, sequence } from '../core/der.js';
import { OID } from '../core/x509.js';

/** Object identifiers of RFC 3161, CMS (RFC 5652) and ESS (RFC 2634, 5035). */
export const TSA_OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha1: '1.3.14.3.2.26',
} as const;

/** Sigstore's timestamp policy, the default of sigstore/timestamp-authority. */
export const DEFAULT_POLICY_OID = '1.3.6.1.4.1.57264.2';

export type HashAlgorithm = 'sha256' | 'sha384' | 'sha512';

interface HashInfo {
  oid: string;
  length: number;
  /** ECDSA signature algorithm using this hash. */
  ecdsaOid: string;
}

export const HASH_ALGORITHMS: Readonly<Record<HashAlgorithm, HashInfo>> = {
  sha256: { oid: '2.16.840.1.101.3.4.2.1', length: 32, ecdsaOid: OID.ecdsaWithSha256 },
  sha384: { oid: '2.16.840.1.101.3.4.2.2', length: 48, ecdsaOid: OID.ecdsaWithSha384 },
  sha512: { oid: '2.16.840.1.101.3.4.2.3', length: 64, ecdsaOid: OID.ecdsaWithSha512 },
};

const BY_OID = new Map(
  (Object.keys(HASH_ALGORITHMS) as HashAlgorithm[]).map((name) => [
    HASH_ALGORITHMS[name].oid,
    name,
  ]),
);

/** The supported hash algorithm with this OID, if any. */
export const hashAlgorithmByOid = (hashOid: string): HashAlgorithm | undefined =>
  BY_OID.get(hashOid);

export const isHashAlgorithm = (name: unknown): name is HashAlgorithm =>
  typeof name === 'string' && Object.hasOwn(HASH_ALGORITHMS, name);

/** A digest AlgorithmIdentifier without parameters, as CMS (RFC 5754 §2) prefers. */
export const digestAlgorithmIdentifier = (hash: HashAlgorithm): Buffer =>
  sequence(oid(HASH_ALGORITHMS[hash].oid));
