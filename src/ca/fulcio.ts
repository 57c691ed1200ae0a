import { toPem } from '../core/pem.js';
import { challengeFor, type TokenVerifier } from '../oidc/verify.js';
import type { CertificateAuthority, CertificateDraft } from './authority.js';
import type { CertificateIdentity } from './extensions.js';
import { identityFor } from './principal.js';
import { parseSigningCertificateRequest, verifyProofOfPossession } from './request.js';
import { parseLegacySigningCertificateRequest } from './request-v1.js';

/**
 * The Fulcio v2 API over a token verifier and a certificate authority: request in, protojson
 * response out (protocols.md §1); and Fulcio's legacy v1 REST API, which reads its own request
 * shape into the same checks and answers the same chain as PEM text. HTTP framing stays in the
 * server.
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
  /**
   * The certificate drafted for them from the CA's template where the request was admitted
   * (a worker thread), so that the event loop only logs and signs it.
   */
  draft?: CertificateDraft;
}

/** Which API's request shape a body has: v2 (`/api/v2/signingCert`) or legacy v1. */
export type SigningRequestForm = 'v1' | 'v2';

const PARSERS = {
  v1: parseLegacySigningCertificateRequest,
  v2: parseSigningCertificateRequest,
} as const;

/**
 * Checks a `CreateSigningCertificateRequest` of either API. Order matters for the messages: a
 * malformed request is named before the token is looked at, and the token is verified before
 * any key work, so a bad token is always reported as such.
 */
export async function admitSigningRequest(
  verifier: TokenVerifier,
  body: unknown,
  authorization: string | undefined,
  form: SigningRequestForm = 'v2',
): Promise<AdmittedRequest> {
  const request = PARSERS[form](body, authorization);
  const token = await verifier.verify(request.token);
  const identity = identityFor(token);
  const publicKey = await verifyProofOfPossession(request, {
    claim: token.issuer.challengeClaim,
    value: challengeFor(token),
  });
  return { identity, publicKey };
}

export interface SigningCertificateResult {
  /** The v2 `SigningCertificate` response body. */
  response: object;
  /** The v1 response body: the chain as PEM, leaf first, the SCT embedded in the leaf. */
  pemChain: string;
  identity: CertificateIdentity;
  /** The leaf (DER). */
  certificate: Buffer;
  serial: Buffer;
}

const pem = (der: Buffer): string => toPem('CERTIFICATE', der);

/**
 * A chain as Fulcio's v1 API answers it (`application/pem-certificate-chain`): the PEM blocks
 * joined by a newline and the whole trimmed, so blocks are separated by an empty line and the
 * text ends without a newline.
 */
export const pemChainText = (pems: readonly string[]): string =>
  pems
    .map((p) => `${p}\n`)
    .join('')
    .trim();

export class FulcioApi {
  /** The CA chain above every leaf as PEM, encoded once. */
  private readonly chainPem: readonly string[];

  constructor(private readonly ca: CertificateAuthority) {
    this.chainPem = ca.chain.map(pem);
  }

  /** Issues the certificate for an admitted request and shapes the response. */
  async issue({ identity, publicKey, draft }: AdmittedRequest): Promise<SigningCertificateResult> {
    const issued = await (draft ? this.ca.issueDraft(draft) : this.ca.issue(identity, publicKey));
    const chain = { certificates: [pem(issued.certificate), ...this.chainPem] };
    // Without a CT log there is no SCT at all, which Fulcio reports as a detached response
    // without one; with a log the SCT is always embedded, so v1 never sends an SCT header.
    const response = issued.sct
      ? { signedCertificateEmbeddedSct: { chain } }
      : { signedCertificateDetachedSct: { chain } };
    return {
      response,
      pemChain: pemChainText(chain.certificates),
      identity,
      certificate: issued.certificate,
      serial: issued.serial,
    };
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
    return { chains: [{ certificates: [...this.chainPem] }] };
  }

  /** `GET /api/v1/rootCert`: the same chain as PEM text. */
  rootCertificate(): string {
    return pemChainText(this.chainPem);
  }
}
