import { fromBase64, toBase64 } from '../core/base64.js';
import { parsePem, toPem } from '../core/pem.js';
import { parseCertificate } from '../core/x509.js';
import type { Signer } from '../kms/signer.js';
import { OidcError } from '../oidc/error.js';
import { HttpError, type HttpOptions, postJson } from '../core/http.js';

/**
 * Fulcio v2 client (protocols.md §1.2-1.4): a short-lived certificate for a signer's key,
 * proven by signing the identity the CA will certify.
 */

export const SIGNING_CERT_PATH = '/api/v2/signingCert';

export interface CertificateRequest {
  /** The CA's base URL, as signing_config.json's caUrls give it. */
  url: string;
  /** The OIDC identity token (compact JWT). Sent only in the Authorization header. */
  token: string;
  signer: Signer;
  http?: HttpOptions;
}

export interface IssuedCertificate {
  /** DER certificates, leaf first, as the CA sent them (usually ending with its root). */
  chain: Buffer[];
  /**
   * The RFC 6962 AddChainResponse JSON when the CA sent the SCT detached rather than embedded
   * in the leaf. Sigstore verifiers look for embedded SCTs only, so such a certificate makes
   * bundles that fail SCT checks; callers should refuse or warn.
   */
  detachedSct?: Buffer;
}

/**
 * The identity the CA checks the proof of possession against, read from the unverified token
 * as sigstore-js and sigstore-go read it: `email` when the token has one, else `sub`. (The CA
 * verifies the token; nothing here trusts its contents.) Unlike sigstore-js, an `email` with
 * `email_verified` not true is not refused here: the CA decides, and says why.
 */
export function proofSubject(token: string): string {
  const parts = token.split('.');
  const fail = (why: string): OidcError =>
    new OidcError('TOKEN_MALFORMED', `the identity token cannot be used: ${why}`);
  if (parts.length !== 3 || parts[1] === undefined || parts[1] === '') {
    throw fail(`it is not a compact JWT (header.payload.signature)`);
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw fail('its payload is not base64url JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw fail('its payload is not a JSON object');
  }
  const { email, sub } = claims as Record<string, unknown>;
  if (email !== undefined) {
    if (typeof email !== 'string' || email === '') throw fail('its email claim is not a string');
    return email;
  }
  if (typeof sub !== 'string' || sub === '') throw fail('it has neither an email nor a sub claim');
  return sub;
}

/** Requests a signing certificate for `signer`'s key. */
export async function requestCertificate(req: CertificateRequest): Promise<IssuedCertificate> {
  const subject = proofSubject(req.token);
  const proof = await req.signer.sign(Buffer.from(subject, 'utf8'));
  const url = `${req.url.replace(/\/+$/, '')}${SIGNING_CERT_PATH}`;
  const { json } = await postJson(
    {
      url,
      what: 'certificate authority',
      // The header rather than the body, as sigstore-go sends it: one place to keep out of logs.
      headers: { authorization: `Bearer ${req.token}` },
      body: {
        publicKeyRequest: {
          publicKey: { algorithm: 'ECDSA', content: toPem('PUBLIC KEY', req.signer.publicKey) },
          proofOfPossession: toBase64(proof),
        },
      },
    },
    req.http,
  );
  const issued = parseSigningCertificate(json, url);
  let leafKey: Buffer;
  try {
    leafKey = parseCertificate(issued.chain[0] as Buffer).publicKey;
  } catch (error) {
    throw new HttpError(
      'RESPONSE_INVALID',
      `the certificate authority at ${url} sent a leaf that is not a valid certificate: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!leafKey.equals(req.signer.publicKey)) {
    throw new HttpError(
      'RESPONSE_INVALID',
      `the certificate authority at ${url} certified a different key than ${req.signer.ref}`,
    );
  }
  return issued;
}

/** Reads a `SigningCertificate` answer (embedded SCT preferred, detached accepted). */
export function parseSigningCertificate(json: unknown, url: string): IssuedCertificate {
  const fail = (why: string): HttpError =>
    new HttpError('RESPONSE_INVALID', `the certificate authority at ${url} answered ${why}`);
  if (typeof json !== 'object' || json === null) throw fail('with something that is not an object');
  const answer = json as Record<string, unknown>;
  const embedded = answer.signedCertificateEmbeddedSct as Record<string, unknown> | undefined;
  const detached = answer.signedCertificateDetachedSct as Record<string, unknown> | undefined;
  const chosen = embedded ?? detached;
  if (typeof chosen !== 'object' || chosen === null) {
    throw fail('with neither signedCertificateEmbeddedSct nor signedCertificateDetachedSct');
  }
  const pems = (chosen.chain as { certificates?: unknown } | undefined)?.certificates;
  if (!Array.isArray(pems) || pems.length === 0) throw fail('with an empty certificate chain');
  const chain = pems.map((pem, i) => {
    const blocks = typeof pem === 'string' ? parsePem(pem, 'CERTIFICATE') : [];
    if (blocks.length !== 1 || blocks[0] === undefined) {
      throw fail(`with chain element ${i} that is not one PEM certificate`);
    }
    return blocks[0].der;
  });
  if (embedded !== undefined) return { chain };
  const sct = chosen.signedCertificateTimestamp;
  if (typeof sct !== 'string') throw fail('a detached SCT without signedCertificateTimestamp');
  try {
    return { chain, detachedSct: fromBase64(sct, 'signedCertificateTimestamp') };
  } catch {
    throw fail('a detached SCT that is not base64');
  }
}
