/**
 * in-toto Statement v1 (in-toto/attestation spec/v1/statement.md), the payload of the DSSE
 * envelopes Signet signs: image signatures (cosign's sign predicate) and attestations.
 */

/** The DSSE payloadType of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';

/** A ResourceDescriptor as a statement subject: what the statement is about. */
export interface InTotoSubject {
  name?: string;
  /** Algorithm name (sha256, sha512, ...) to lowercase hex. */
  digest: Record<string, string>;
  annotations?: Record<string, unknown>;
}

export interface InTotoStatement {
  _type: typeof IN_TOTO_STATEMENT_V1;
  subject: InTotoSubject[];
  predicateType: string;
  predicate: Record<string, unknown>;
}

/**
 * The predicate type of a cosign v3 image signature (cosign pkg/types/predicate.go
 * CosignSignPredicateType): a statement about the manifest digest with an empty predicate.
 */
export const COSIGN_SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';
