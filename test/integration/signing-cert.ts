import { generateKeyPairSync, sign } from 'node:crypto';
import { toPem } from '../../src/core/pem.js';
import { spkiOf } from '../../src/core/x509.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = toPem('PUBLIC KEY', spkiOf(privateKey));

export interface CertificateResponse {
  status: number;
  /** The refusal's message, or "undefined" when issued. */
  message: string;
  headers: Headers;
  json: Record<string, unknown>;
}

/**
 * POSTs a Fulcio v2 request for `token` to the service at `serviceUrl`, with a P-256 key and a
 * proof of possession over `challenge` (the token's `sub`, or `email` for email issuers).
 */
export async function requestCertificate(
  serviceUrl: string,
  token: string,
  challenge: string,
): Promise<CertificateResponse> {
  const response = await fetch(`${serviceUrl}/api/v2/signingCert`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      credentials: { oidcIdentityToken: token },
      publicKeyRequest: {
        publicKey: { algorithm: 'ECDSA', content: publicPem },
        proofOfPossession: sign('sha256', Buffer.from(challenge), privateKey).toString('base64'),
      },
    }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return {
    status: response.status,
    message: String(json.message),
    headers: response.headers,
    json,
  };
}
