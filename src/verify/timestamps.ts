import { type Certificate, describeName, isValidAt } from '../core/x509.js';
import { TsaError } from '../tsa/error.js';
import { verifyTsaChain } from '../tsa/certificate.js';
import { parseTimeStampResponse } from '../tsa/response.js';
import type { TimeStampResponse, TimeStampToken } from '../tsa/response.js';
import { verifyTimestampToken } from '../tsa/verify.js';
import { VerifyError } from './error.js';
import { isWithin } from './trust.js';
import type { TrustMaterial, TrustedAuthority } from './trust.js';

/**
 * RFC 3161 timestamps over the signature bytes (protocols.md §5.5): each must be a granted
 * token whose imprint is the hash of the signature, signed by the first certificate of a
 * trusted TSA chain valid at genTime, inside that TSA's validFor window. Every timestamp in the
 * bundle must verify (a bad one is not outvoted by a good one), as in sigstore-js.
 */

export interface VerifiedTimestamp {
  genTime: Date;
  tsa: string;
}

const CHECK = 'timestamp';

const invalid = (index: number, message: string, cause?: unknown): VerifyError =>
  new VerifyError('TIMESTAMP_INVALID', `timestamp ${index}: ${message}`, {
    check: CHECK,
    ...(cause === undefined ? {} : { cause }),
  });

/** TSA chains are checked once (structure, signatures, EKU nesting); only validity is per time. */
const tsaChainProblems = new WeakMap<TrustedAuthority, { problem: string | undefined }>();

function tsaChainProblem(tsa: TrustedAuthority): string | undefined {
  let cached = tsaChainProblems.get(tsa);
  if (cached === undefined) {
    try {
      verifyTsaChain(tsa.chain);
      cached = { problem: undefined };
    } catch (error) {
      if (!(error instanceof TsaError)) throw error;
      cached = { problem: error.message };
    }
    tsaChainProblems.set(tsa, cached);
  }
  return cached.problem;
}

/** The trusted root parser refuses an authority without certificates, so `chain[0]` exists. */
function signerMatches(token: TimeStampToken, tsa: TrustedAuthority): boolean {
  const { sid } = token.signerInfo;
  const leaf = tsa.chain[0] as Certificate;
  // A key-identifier sid is left to verifyTimestampToken, which compares it with the SKID.
  return 'issuer' in sid
    ? sid.issuer.equals(leaf.issuer) && sid.serial.equals(leaf.serialBytes)
    : true;
}

function verifyOne(
  trust: TrustMaterial,
  der: Buffer,
  signature: Buffer,
  index: number,
): VerifiedTimestamp {
  let response: TimeStampResponse;
  try {
    response = parseTimeStampResponse(der);
  } catch (error) {
    if (!(error instanceof TsaError)) throw error;
    throw invalid(index, error.message, error);
  }
  const { token } = response;
  if (!token) {
    throw invalid(
      index,
      `the response was not granted (status ${response.status}) and has no token`,
    );
  }
  const { genTime } = token.tstInfo;
  const candidates = trust.timestampAuthorities.filter(
    (tsa) => isWithin(tsa.validFor, genTime) && signerMatches(token, tsa),
  );
  let lastProblem = 'it was not signed by a timestamp authority in the trusted root';
  for (const tsa of candidates) {
    const problem = tsaChainProblem(tsa);
    if (problem !== undefined) {
      lastProblem = `the trusted TSA chain of ${tsa.uri} is invalid: ${problem}`;
      continue;
    }
    try {
      verifyTimestampToken(response, {
        data: signature,
        signerCertificate: (tsa.chain[0] as { der: Buffer }).der,
      });
    } catch (error) {
      if (!(error instanceof TsaError)) throw error;
      lastProblem = error.message;
      continue;
    }
    const expired = tsa.chain.find((cert) => !isValidAt(cert, genTime));
    if (expired) {
      lastProblem = `TSA chain certificate "${describeName(expired.subject)}" is not valid at ${genTime.toISOString()}`;
      continue;
    }
    return { genTime, tsa: tsa.uri };
  }
  throw invalid(index, lastProblem);
}

/** Verifies every RFC 3161 timestamp in the bundle; the first that fails is thrown. */
export function verifyTimestamps(
  trust: TrustMaterial,
  timestamps: readonly Buffer[],
  signature: Buffer,
): VerifiedTimestamp[] {
  return timestamps.map((der, i) => verifyOne(trust, der, signature, i));
}

/**
 * TIMESTAMP_MISSING when fewer than `threshold` signing times were verified. RFC 3161
 * timestamps and Rekor v1 signed entry timestamps count alike, as in sigstore-js and
 * sigstore-go: both are a trusted party's signature over the time it saw the signature.
 */
export function checkTimestampThreshold(
  rfc3161: number,
  promised: number,
  threshold: number,
): void {
  if (rfc3161 + promised < threshold) {
    throw new VerifyError(
      'TIMESTAMP_MISSING',
      `timestamp: the bundle has ${rfc3161} verified RFC 3161 timestamps and ${promised} signed entry timestamps, at least ${threshold} required in all`,
      {
        check: CHECK,
        expected: `at least ${threshold}`,
        actual: String(rfc3161 + promised),
      },
    );
  }
}
