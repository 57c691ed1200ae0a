import { toPem } from '../core/pem.js';
import { challengeFor, type TokenVerifier } from '../oidc/verify.js';
import type { CertificateAuthority } from './authority.js';
import type { CertificateIdentity } from './extensions.js';
import { identityFor } from './principal.js';
import { parseSigningCertificateRequest, verifyProofOfPossession } from './request.js';

/**
 * The Fulcio v2 API over a token verifier and a certificate authority: request in, protojson
 * response out (protocols.md §1). HTTP framing stays in the server.
 */

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
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly ca: CertificateAuthority,
  ) {}

  /**
   * Order matters for the messages: a malformed request is named before the token is looked
   * at, and the token is verified before any key work, so a bad token is always reported as such.
   */
  async createSigningCertificate(
    body: unknown,
    authorization: string | undefined,
  ): Promise<SigningCertificateResult> {
    const request = parseSigningCertificateRequest(body, authorization);
    const token = await this.verifier.verify(request.token);
    const identity = identityFor(token);
    const publicKey = verifyProofOfPossession(request, {
      claim: token.issuer.challengeClaim,
      value: challengeFor(token),
    });
    const issued = await this.ca.issue(identity, publicKey);
    const chain = { certificates: issued.chain.map(pem) };
    const response = issued.sct
      ? { signedCertificateEmbeddedSct: { chain } }
      : { signedCertificateDetachedSct: { chain } };
    return { response, identity, certificate: issued.certificate, serial: issued.serial };
  }

  /** `GET /api/v2/trustBundle`: the CA chain without a leaf. */
  trustBundle(): object {
    return { chains: [{ certificates: this.ca.chain.map(pem) }] };
  }
}
