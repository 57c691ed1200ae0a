import { CaError } from './error.js';
import {
  type SigningCertificateRequest,
  bearerToken,
  decodeBase64,
  decodeCsr,
  decodePublicKey,
  isObject,
} from './request.js';

/**
 * Fulcio's legacy v1 `CreateSigningCertificateRequest` (`POST /api/v1/signingCert`, still what
 * cosign v2 sends), read into the same request the v2 API checks. Fulcio's gateway parses it
 * as protojson, so every field is `bytes` and arrives as base64: `publicKey.content` is the
 * base64 of the key's PEM (or DER), `signedEmailAddress` of the proof-of-possession signature,
 * `certificateSigningRequest` of a PEM (or DER) CSR. The token comes only from the
 * Authorization header: the v1 message has no credentials field.
 */

/** A protojson `bytes` field: absent, null and "" are all the empty value. */
function bytesField(value: unknown, name: string, what: string): Buffer {
  if (value === undefined || value === null || value === '') return Buffer.alloc(0);
  if (typeof value !== 'string') {
    throw new CaError('REQUEST_INVALID', `${name} must be a base64 string (${what})`);
  }
  return decodeBase64(value, `${name} (${what})`);
}

export function parseLegacySigningCertificateRequest(
  body: unknown,
  authorization: string | undefined,
): SigningCertificateRequest {
  if (!isObject(body)) {
    throw new CaError('REQUEST_INVALID', 'request body must be a JSON object');
  }
  const token = bearerToken(authorization);
  if (!token) {
    throw new CaError(
      'REQUEST_INVALID',
      'no identity token: send it in an "Authorization: Bearer <identity token>" header',
    );
  }
  // As in Fulcio, a CSR decides the request: the public-key fields are then not read.
  const csr = body.certificateSigningRequest;
  if (csr !== undefined && csr !== null && typeof csr !== 'string') {
    throw new CaError(
      'REQUEST_INVALID',
      'certificateSigningRequest must be a base64 string (the PEM or DER CSR)',
    );
  }
  if (csr) return { token, proof: { kind: 'csr', csr: decodeCsr(csr) } };

  const publicKey = body.publicKey;
  if (publicKey === undefined || publicKey === null) {
    throw new CaError(
      'REQUEST_INVALID',
      'public key not provided: send publicKey with signedEmailAddress, or certificateSigningRequest',
    );
  }
  if (!isObject(publicKey)) throw new CaError('REQUEST_INVALID', 'publicKey must be an object');
  // Fulcio maps the algorithm name to an enum it then does not use: the key says what it is.
  const { algorithm } = publicKey;
  if (algorithm !== undefined && algorithm !== null && typeof algorithm !== 'string') {
    throw new CaError('REQUEST_INVALID', 'publicKey.algorithm must be a string');
  }
  const content = bytesField(
    publicKey.content,
    'publicKey.content',
    'the base64 of the PEM or DER public key',
  );
  if (content.length === 0) {
    throw new CaError(
      'REQUEST_INVALID',
      'publicKey.content must be the base64 of the public key (PEM or DER)',
    );
  }
  const signature = bytesField(
    body.signedEmailAddress,
    'signedEmailAddress',
    "the base64 signature over the token's email or subject",
  );
  if (signature.length === 0) {
    throw new CaError(
      'REQUEST_INVALID',
      "signedEmailAddress must be the base64 signature by the key over the token's email (or subject, for issuers without email)",
    );
  }
  return {
    token,
    proof: { kind: 'public-key', publicKey: decodePublicKey(content), signature },
  };
}
