import { type KeyObject, constants, verify } from 'node:crypto';
import type { PublicKeyFacts } from '../core/spki.js';
import { OidcError } from './error.js';
import type { DecodedJwt } from './jwt.js';

/**
 * The signature check of a compact JWS (RFC 7515) with node:crypto, for the algorithms of
 * RFC 7518 §3.3-3.5 and RFC 8037 the verifier allows. It replaces jose's compactVerify, whose
 * WebCrypto path costs a key conversion and a thread-pool round trip per token, and keeps
 * jose's checks: the header's `crit` and `b64`, the key's type, curve and RSA size for the
 * algorithm, the exact signature length for ECDSA, the PSS salt length. The tests hold it to
 * jose's answers over a corpus of valid and mutated tokens.
 */

/** What verifying one JWS algorithm takes. */
interface JwsAlgorithm {
  keyType: 'rsa' | 'ec' | 'ed25519';
  /** node:crypto digest; null for EdDSA, which hashes inside. */
  hash: string | null;
  /** RSASSA-PSS with this salt length (the digest's size, RFC 7518 §3.5). */
  pssSaltLength?: number;
  /** OpenSSL curve name for ECDSA. */
  namedCurve?: string;
  /** ECDSA signatures are R || S, each the curve's size (RFC 7518 §3.4). */
  signatureLength?: number;
}

const rsa = (bits: number, pss: boolean): JwsAlgorithm => ({
  keyType: 'rsa',
  hash: `sha${bits}`,
  ...(pss && { pssSaltLength: bits / 8 }),
});

const JWS_ALGORITHMS: Readonly<Record<string, JwsAlgorithm>> = Object.freeze({
  RS256: rsa(256, false),
  RS384: rsa(384, false),
  RS512: rsa(512, false),
  PS256: rsa(256, true),
  PS384: rsa(384, true),
  PS512: rsa(512, true),
  ES256: { keyType: 'ec', hash: 'sha256', namedCurve: 'prime256v1', signatureLength: 64 },
  ES384: { keyType: 'ec', hash: 'sha384', namedCurve: 'secp384r1', signatureLength: 96 },
  ES512: { keyType: 'ec', hash: 'sha512', namedCurve: 'secp521r1', signatureLength: 132 },
  EdDSA: { keyType: 'ed25519', hash: null },
});

const CURVE_NAMES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

/** Smallest RSA modulus accepted for RSxxx and PSxxx (jose refuses smaller ones too). */
export const MIN_RSA_BITS = 2048;

/** "RSA 2048-bit", "EC P-256", "Ed25519"; undefined for a key no JWS algorithm here uses. */
export function describeJwsKey(key: PublicKeyFacts): string | undefined {
  switch (key.keyType) {
    case 'rsa':
      return `RSA ${key.modulusLength ?? '?'}-bit`;
    case 'ec':
      return `EC ${CURVE_NAMES[key.namedCurve ?? ''] ?? key.namedCurve ?? '?'}`;
    case 'ed25519':
      return 'Ed25519';
    default:
      return undefined;
  }
}

/** Why `key` cannot verify `alg`, or undefined when it can. */
export function jwsKeyProblem(key: PublicKeyFacts, alg: string): string | undefined {
  const algorithm = JWS_ALGORITHMS[alg];
  if (algorithm === undefined) return `${alg} is not an algorithm the key cache knows`;
  switch (algorithm.keyType) {
    case 'rsa':
      if (key.keyType !== 'rsa') return `${alg} needs an RSA key`;
      return (key.modulusLength ?? 0) < MIN_RSA_BITS
        ? `${alg} needs at least ${MIN_RSA_BITS} bits`
        : undefined;
    case 'ec':
      // Only EC keys have a named curve.
      return key.keyType === 'ec' && key.namedCurve === algorithm.namedCurve
        ? undefined
        : `${alg} needs an EC ${CURVE_NAMES[algorithm.namedCurve as string]} key`;
    case 'ed25519':
      return key.keyType === 'ed25519' ? undefined : 'EdDSA needs an Ed25519 key';
  }
}

const malformed = (problem: string): OidcError =>
  new OidcError('TOKEN_MALFORMED', `token is not a valid JWS: ${problem}`);

/** The one extension header this verifier understands (RFC 7797), as jose does. */
const RECOGNISED_CRITICAL = 'b64';

/**
 * RFC 7515 §4.1.11: every name in `crit` must be understood and present, or the token is
 * refused. RFC 7797's `b64` is understood, and only as true: a JWT's payload is always
 * base64url (RFC 7797 §7), where jose would verify the unencoded form too.
 */
function checkCritical(header: DecodedJwt['header']): void {
  const crit = header.crit;
  if (crit === undefined) return;
  if (
    !Array.isArray(crit) ||
    crit.length === 0 ||
    crit.some((name) => typeof name !== 'string' || name === '')
  ) {
    throw malformed('the "crit" header must be a non-empty list of non-empty strings');
  }
  for (const name of crit as string[]) {
    if (name !== RECOGNISED_CRITICAL) {
      throw malformed(`the critical header extension ${JSON.stringify(name)} is not understood`);
    }
    if (!Object.hasOwn(header, name) || header[name] === undefined) {
      throw malformed(`the critical header extension "${name}" is missing`);
    }
  }
  if (typeof header.b64 !== 'boolean') {
    throw malformed('the "b64" header must be a boolean');
  }
  if (!header.b64) throw malformed('"b64": false (an unencoded payload) is not a JWT');
}

/**
 * Checks the signature of a decoded compact JWS with `key` for `alg` (already on the caller's
 * allow-list); throws OidcError TOKEN_MALFORMED for a header it must refuse or a key unfit for
 * `alg`, SIGNATURE_INVALID when the signature does not verify. `what` names the key in the
 * message.
 */
export function verifyJwsSignature(
  decoded: DecodedJwt,
  key: PublicKeyFacts,
  alg: string,
  what: string,
): void {
  checkCritical(decoded.header);
  const problem = jwsKeyProblem(key, alg);
  if (problem !== undefined) throw malformed(`the key cannot verify it: ${problem}`);
  const algorithm = JWS_ALGORITHMS[alg] as JwsAlgorithm;
  const { signature } = decoded;
  // decodeJwt allowed only base64url characters, so the signing input is ASCII.
  const input = Buffer.from(decoded.signingInput, 'latin1');
  let valid = false;
  if (algorithm.signatureLength === undefined || signature.length === algorithm.signatureLength) {
    try {
      valid = verify(algorithm.hash, input, verifyKey(key.key, algorithm), signature);
    } catch {
      // A signature node:crypto cannot even read verifies nothing.
      valid = false;
    }
  }
  if (!valid) {
    throw new OidcError('SIGNATURE_INVALID', `token signature does not verify with ${what}`);
  }
}

function verifyKey(
  key: KeyObject,
  algorithm: JwsAlgorithm,
): KeyObject | Parameters<typeof verify>[2] {
  if (algorithm.keyType === 'ec') return { key, dsaEncoding: 'ieee-p1363' };
  if (algorithm.pssSaltLength !== undefined) {
    return {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: algorithm.pssSaltLength,
    };
  }
  return key;
}
