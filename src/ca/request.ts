import { type KeyObject, verify } from 'node:crypto';
import { fromBase64 } from '../core/base64.js';
import { CoreError } from '../core/error.js';
import { parsePem } from '../core/pem.js';
import { type PublicKeyFacts, importSpki } from '../core/spki.js';
import { OID } from '../core/x509.js';
import { type CertificationRequest, parseCsr, verifyCsrSignature } from './csr.js';
import { CaError } from './error.js';

/**
 * The Fulcio v2 `CreateSigningCertificateRequest` (protocols.md §1.2-1.3): a token in the body
 * or the Authorization header, and either a public key with a proof of possession or a CSR.
 */

export interface SigningCertificateRequest {
  token: string;
  proof:
    | { kind: 'public-key'; publicKey: Buffer; signature: Buffer }
    | { kind: 'csr'; csr: CertificationRequest };
}

type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Protojson parsers accept both the camelCase JSON name and the proto field name. */
function field(object: Json, camel: string, snake: string): unknown {
  return object[camel] ?? object[snake];
}

/** The token of an `Authorization: Bearer <token>` header, or undefined without the header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) {
    throw new CaError(
      'REQUEST_INVALID',
      'the Authorization header must be "Bearer <identity token>"',
    );
  }
  return match[1];
}

export function parseSigningCertificateRequest(
  body: unknown,
  authorization: string | undefined,
): SigningCertificateRequest {
  if (!isObject(body)) {
    throw new CaError('REQUEST_INVALID', 'request body must be a JSON object');
  }
  const credentials = body.credentials;
  if (credentials !== undefined && credentials !== null && !isObject(credentials)) {
    throw new CaError('REQUEST_INVALID', 'credentials must be an object');
  }
  const bodyToken = credentials
    ? field(credentials, 'oidcIdentityToken', 'oidc_identity_token')
    : undefined;
  if (bodyToken !== undefined && bodyToken !== null && typeof bodyToken !== 'string') {
    throw new CaError('REQUEST_INVALID', 'credentials.oidcIdentityToken must be a string');
  }
  // As in Fulcio, a non-empty token in the body wins over the header.
  const token = bodyToken || bearerToken(authorization);
  if (!token) {
    throw new CaError(
      'REQUEST_INVALID',
      'no identity token: send it as credentials.oidcIdentityToken or in an "Authorization: Bearer" header',
    );
  }
  // Unset protojson fields may arrive as null.
  const publicKeyRequest = field(body, 'publicKeyRequest', 'public_key_request') ?? undefined;
  const csrField =
    field(body, 'certificateSigningRequest', 'certificate_signing_request') ?? undefined;
  if ((publicKeyRequest === undefined) === (csrField === undefined)) {
    throw new CaError(
      'REQUEST_INVALID',
      'send exactly one of publicKeyRequest (a public key and proof of possession) or certificateSigningRequest',
    );
  }
  if (csrField !== undefined) {
    if (typeof csrField !== 'string') {
      throw new CaError('REQUEST_INVALID', 'certificateSigningRequest must be a base64 string');
    }
    return { token, proof: { kind: 'csr', csr: decodeCsr(csrField) } };
  }
  if (!isObject(publicKeyRequest)) {
    throw new CaError('REQUEST_INVALID', 'publicKeyRequest must be an object');
  }
  const publicKey = field(publicKeyRequest, 'publicKey', 'public_key');
  if (!isObject(publicKey) || typeof publicKey.content !== 'string') {
    throw new CaError(
      'REQUEST_INVALID',
      'publicKeyRequest.publicKey.content must be the public key as a PEM string',
    );
  }
  const proof = field(publicKeyRequest, 'proofOfPossession', 'proof_of_possession');
  if (typeof proof !== 'string' || proof === '') {
    throw new CaError(
      'REQUEST_INVALID',
      'publicKeyRequest.proofOfPossession must be the base64 signature over the token subject',
    );
  }
  return {
    token,
    proof: {
      kind: 'public-key',
      publicKey: decodePublicKey(Buffer.from(publicKey.content, 'utf8')),
      signature: decodeBase64(proof, 'publicKeyRequest.proofOfPossession'),
    },
  };
}

/** Base64 (standard or URL-safe, as protojson reads `bytes`), refused as REQUEST_INVALID. */
export function decodeBase64(text: string, what: string): Buffer {
  try {
    return fromBase64(text, what);
  } catch (error) {
    throw new CaError('REQUEST_INVALID', (error as Error).message, { cause: error });
  }
}

/** The `certificateSigningRequest` field: base64 of a PEM (or DER) CSR in both API versions. */
export function decodeCsr(text: string): CertificationRequest {
  const bytes = decodeBase64(text, 'certificateSigningRequest');
  try {
    // Fulcio clients send base64 of the PEM text; DER inside the base64 is accepted too.
    return parseCsr(bytes[0] === 0x30 ? bytes : bytes.toString('utf8'));
  } catch (error) {
    if (error instanceof CaError) throw error;
    throw new CaError(
      'CSR_INVALID',
      `the certificate signing request could not be parsed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * A public key's content bytes: PEM is tried first, then the bytes as DER, as Fulcio does.
 * Latin-1 keeps every byte of a DER key as one character, so the PEM search cannot alter it.
 */
export function decodePublicKey(content: Buffer): Buffer {
  let der: Buffer;
  try {
    const blocks = parsePem(content.toString('latin1'));
    der = blocks.length > 0 ? (blocks[0]?.der as Buffer) : content;
    if (blocks.length > 1 || (blocks[0] && blocks[0].label !== 'PUBLIC KEY')) {
      throw new CoreError('PEM_INVALID', 'expected a single "PUBLIC KEY" PEM block');
    }
  } catch (error) {
    throw new CaError(
      'PUBLIC_KEY_INVALID',
      `the public key could not be parsed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return der;
}

/** A client key the CA certifies: its type plus the hash its signatures use. */
export interface ClientKey {
  key: KeyObject;
  /** node:crypto digest for its signatures; null for Ed25519. */
  hash: string | null;
  description: string;
}

const CURVE_HASH: Record<string, { hash: string; name: string }> = {
  prime256v1: { hash: 'sha256', name: 'ECDSA P-256' },
  secp384r1: { hash: 'sha384', name: 'ECDSA P-384' },
  secp521r1: { hash: 'sha512', name: 'ECDSA P-521' },
};

/** RSA moduli Fulcio's default algorithm list allows (PKCS#1 v1.5 with SHA-256). */
export const ALLOWED_RSA_BITS = [2048, 3072, 4096] as const;

/**
 * Parses and vets a client public key (SPKI DER) the way Fulcio's goodkey check and default
 * `--client-signing-algorithms` do: EC P-256/384/521, RSA 2048/3072/4096 with e = 65537, Ed25519.
 */
export async function clientKey(spki: Buffer): Promise<ClientKey> {
  let facts: PublicKeyFacts;
  try {
    facts = await importSpki(spki);
  } catch (error) {
    throw new CaError(
      'PUBLIC_KEY_INVALID',
      `the public key could not be parsed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const { key } = facts;
  switch (facts.keyType) {
    case 'ec': {
      const curve = CURVE_HASH[facts.namedCurve ?? ''];
      if (!curve) {
        throw new CaError(
          'PUBLIC_KEY_INSECURE',
          `EC curve ${facts.namedCurve ?? 'unknown'} is not accepted; use P-256, P-384 or P-521`,
        );
      }
      return { key, hash: curve.hash, description: curve.name };
    }
    case 'rsa': {
      const bits = facts.modulusLength ?? 0;
      if (!(ALLOWED_RSA_BITS as readonly number[]).includes(bits)) {
        throw new CaError(
          'PUBLIC_KEY_INSECURE',
          `RSA key of ${bits} bits is not accepted; use ${ALLOWED_RSA_BITS.join(', ')} bits`,
        );
      }
      if (facts.publicExponent !== 65537n) {
        throw new CaError(
          'PUBLIC_KEY_INSECURE',
          `RSA public exponent ${String(facts.publicExponent)} is not accepted; it must be 65537`,
        );
      }
      return { key, hash: 'sha256', description: `RSA-${bits}` };
    }
    case 'ed25519':
      return { key, hash: null, description: 'Ed25519' };
    default:
      throw new CaError(
        'PUBLIC_KEY_INSECURE',
        `${facts.keyType} keys are not accepted; use ECDSA (P-256 recommended), RSA or Ed25519`,
      );
  }
}

/** The CSR signature algorithms that match each key's default hash (Fulcio's allow-list). */
const CSR_ALGORITHMS: Record<string, string | null> = {
  [OID.ecdsaWithSha256]: 'sha256',
  [OID.ecdsaWithSha384]: 'sha384',
  [OID.ecdsaWithSha512]: 'sha512',
  [OID.sha256WithRsa]: 'sha256',
  [OID.ed25519]: null,
};

/**
 * Checks the proof of possession and returns the key to certify (SPKI DER). The proof is a
 * signature over the challenge claim's value (the token's email or subject), or the CSR's
 * self-signature.
 */
export async function verifyProofOfPossession(
  request: SigningCertificateRequest,
  challenge: { claim: 'email' | 'sub'; value: string },
): Promise<Buffer> {
  const { proof } = request;
  if (proof.kind === 'csr') {
    const { key, hash, description } = await clientKey(proof.csr.publicKey);
    const algorithmHash = CSR_ALGORITHMS[proof.csr.signatureAlgorithm];
    if (algorithmHash === undefined || algorithmHash !== hash) {
      throw new CaError(
        'ALGORITHM_NOT_ALLOWED',
        `signing algorithm not permitted: CSR signature algorithm ${proof.csr.signatureAlgorithm} with a ${description} key`,
      );
    }
    if (!verifyCsrSignature(proof.csr, key)) {
      throw new CaError(
        'SIGNATURE_INVALID',
        'the certificate signing request signature does not verify with its public key',
      );
    }
    return proof.csr.publicKey;
  }
  const { key, hash } = await clientKey(proof.publicKey);
  let valid = false;
  try {
    valid = verify(hash, Buffer.from(challenge.value, 'utf8'), key, proof.signature);
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new CaError(
      'SIGNATURE_INVALID',
      `the proof of possession does not verify: it must be a signature by the requested key over the token's "${challenge.claim}" claim (${JSON.stringify(challenge.value)})`,
    );
  }
  return proof.publicKey;
}
