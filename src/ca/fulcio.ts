import { toPem } from '../core/pem.js';
import { challengeFor, type TokenVerifier } from '../oidc/verify.js';
import type { CertificateAuthority } from './authority.js';
import type { CertificateIdentity } from './extensions.js';
import { identityFor } from './principal.js';
import { parseSigningCertificateRequest, verifyProofOfPossession } from './request.js';

/**
 * The Fulcio v2 API over a token verifier and a certificate authority: request in, protojson
 * response out (protocols.md §1). HTTP framing stays in the server.
 *
 * A request goes through two phases. Admission (token, identity, proof of possession) needs
 * only the issuer configuration, so the server runs it in worker threads; issuance needs the
 * CA key and the CT log, and runs where they live.
 */

/** A request that passed every check: the identity to certify and the key to certify it for. */
export interface AdmittedRequest {
  identity: CertificateIdentity;
  /** SubjectPublicKeyInfo DER of the requester's key. */
  publicKey: Buffer;
}

/**
 * Checks a `CreateSigningCertificateRequest`. Order matters for the messages: a malformed
 * request is named before the token is looked at, and the token is verified before any key
 * work, so a bad token is always reported as such.
 */
export async function admitSigningRequest(
  verifier: TokenVerifier,
  body: unknown,
  authorization: string | undefined,
): Promise<AdmittedRequest> {
  const request = parseSigningCertificateRequest(body, authorization);
  const token = await verifier.verify(request.token);
  const identity = identityFor(token);
  const publicKey = verifyProofOfPossession(request, {
    claim: token.issuer.challengeClaim,
    value: challengeFor(token),
  });
  return { identity, publicKey };
}

export interface SigningCertificateResult {
  /** The `SigningCertificate` response body. */
  response: object;
  identity: CertificateIdentity;
  /** The leaf (DER). */
  certificate: Buffer;
  serial: Buffer;
}

const pem = (der: Buffer): string => toPem('CERTIFICATE', der);

export class FulcioApi {
  constructor(private readonly ca: CertificateAuthority) {}

  /** Issues the certificate for an admitted request and shapes the response. */
  async issue({ identity, publicKey }: AdmittedRequest): Promise<SigningCertificateResult> {
    const issued = await this.ca.issue(identity, publicKey);
    const chain = { certificates: issued.chain.map(pem) };
    const response = issued.sct
      ? { signedCertificateEmbeddedSct: { chain } }
      : { signedCertificateDetachedSct: { chain } };
    return { response, identity, certificate: issued.certificate, serial: issued.serial };
  }

  /** Both phases on this thread. */
  async createSigningCertificate(
    verifier: TokenVerifier,
    body: unknown,
    authorization: string | undefined,
  ): Promise<SigningCertificateResult> {
    return this.issue(await admitSigningRequest(verifier, body, authorization));
  }

  /** `GET /api/v2/trustBundle`: the CA chain without a leaf. */
  trustBundle(): object {
    return { chains: [{ certificates: this.ca.chain.map(pem) }] };
  }
}
