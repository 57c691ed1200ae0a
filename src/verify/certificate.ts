import { toBase64 } from '../core/base64.js';
import {
  OID,
  describeName,
  findExtension,
  isCa,
  isValidAt,
  parseExtKeyUsage,
  parseKeyUsage,
  verifyCertificateSignature,
} from '../core/x509.js';
import type { Certificate } from '../core/x509.js';
import { CtError } from '../ct/error.js';
import { embeddedScts, verifyEmbeddedSct } from '../ct/sct.js';
import { VerifyError } from './error.js';
import { isWithin } from './trust.js';
import type { TrustMaterial, TrustedAuthority } from './trust.js';

/**
 * The keyless leaf: issued by a trusted CA (the CA's chain valid at every signing time), a
 * code-signing end-entity certificate, valid itself at every signing time, with enough
 * embedded SCTs from trusted CT logs. Time-independent results (which CA signed the leaf, how
 * many SCTs verify) are cached per leaf, because one signing run certifies one key for all
 * the files it signs and their bundles share the leaf.
 */

const CHAIN = 'certificate chain';

const chainError = (
  message: string,
  extra: { expected?: string; actual?: string } = {},
): VerifyError =>
  new VerifyError('CERTIFICATE_CHAIN', `certificate chain: ${message}`, { check: CHAIN, ...extra });

interface LeafFacts {
  /** The CAs whose first certificate signed the leaf. */
  issuers: TrustedAuthority[];
  /** Embedded SCTs from trusted logs that verify; -1 when one from a trusted log does not. */
  scts: { verified: number; unknownLogs: string[]; total: number; problem?: string };
}

/** A CA's first certificate: the trusted root parser refuses an authority without one. */
const issuingCertificate = (ca: TrustedAuthority): Certificate => ca.chain[0] as Certificate;

/** Bounded so that a long-running verifier does not hold every leaf it has seen. */
export const LEAF_CACHE_SIZE = 1024;

export class LeafVerifier {
  readonly #trust: TrustMaterial;
  readonly #facts = new Map<string, LeafFacts>();

  constructor(trust: TrustMaterial) {
    this.#trust = trust;
  }

  #factsFor(leaf: Certificate): LeafFacts {
    const key = leaf.der.toString('latin1');
    const cached = this.#facts.get(key);
    if (cached) return cached;
    const issuers = this.#trust.certificateAuthorities.filter(
      (ca) =>
        issuingCertificate(ca).subject.equals(leaf.issuer) &&
        verifyCertificateSignature(leaf, ca.keys[0] as NonNullable<(typeof ca.keys)[0]>),
    );
    const facts: LeafFacts = { issuers, scts: this.#checkScts(leaf, issuers) };
    if (this.#facts.size >= LEAF_CACHE_SIZE)
      this.#facts.delete(this.#facts.keys().next().value as string);
    this.#facts.set(key, facts);
    return facts;
  }

  #checkScts(leaf: Certificate, issuers: TrustedAuthority[]): LeafFacts['scts'] {
    const issuer = issuers[0] && issuingCertificate(issuers[0]);
    let scts;
    try {
      scts = embeddedScts(leaf);
    } catch (error) {
      if (!(error instanceof CtError)) throw error;
      return {
        verified: 0,
        unknownLogs: [],
        total: 0,
        problem: `the embedded SCT list is malformed: ${error.message}`,
      };
    }
    const result: LeafFacts['scts'] = { verified: 0, unknownLogs: [], total: scts.length };
    if (!issuer) return result;
    for (const sct of scts) {
      const when = new Date(Number(sct.timestamp));
      const logs = this.#trust.ctlogsById(sct.logId).filter((log) => isWithin(log.validFor, when));
      // Like sigstore-go, SCTs from logs the root does not list are skipped, not fatal: they
      // prove nothing, and the threshold decides whether enough remain.
      if (logs.length === 0) {
        result.unknownLogs.push(toBase64(sct.logId));
        continue;
      }
      let ok = false;
      try {
        ok = logs.some((log) => verifyEmbeddedSct(leaf, issuer, sct, log.publicKey));
      } catch (error) {
        if (!(error instanceof CtError)) throw error;
      }
      if (!ok) {
        result.problem = `the SCT from trusted CT log ${toBase64(sct.logId)} does not verify`;
        return result;
      }
      result.verified++;
    }
    return result;
  }

  /** Returns the CA that issued the leaf; throws CERTIFICATE_CHAIN or TIMESTAMP_OUTSIDE_CERTIFICATE. */
  verifyChain(leaf: Certificate, signingTimes: readonly Date[]): TrustedAuthority {
    const facts = this.#factsFor(leaf);
    if (facts.issuers.length === 0) {
      throw chainError(
        `the leaf issued by "${describeName(leaf.issuer)}" does not chain to a certificate authority in the trusted root`,
        {
          expected: this.#trust.certificateAuthorities
            .map((ca) => describeName(issuingCertificate(ca).subject))
            .join('; '),
          actual: describeName(leaf.issuer),
        },
      );
    }
    checkLeafProfile(leaf);
    // Set by each issuer the loop passes over; there is at least one (checked above).
    let problem: string | undefined;
    for (const ca of facts.issuers) {
      const broken = this.#trust.chainProblem(ca);
      if (broken !== undefined) {
        problem = `the trusted chain of ${ca.uri} is invalid: ${broken}`;
        continue;
      }
      const outside = signingTimes.find((t) => !isWithin(ca.validFor, t));
      if (outside) {
        problem = `the CA ${ca.uri} is not trusted at the signing time ${outside.toISOString()}`;
        continue;
      }
      const expired = ca.chain.flatMap((cert) =>
        signingTimes.filter((t) => !isValidAt(cert, t)).map((t) => ({ cert, t })),
      )[0];
      if (expired) {
        problem = `CA certificate "${describeName(expired.cert.subject)}" is not valid at the signing time ${expired.t.toISOString()}`;
        continue;
      }
      const nesting = ca.chain.find((cert) => !allowsCodeSigning(cert));
      if (nesting) {
        problem = `CA certificate "${describeName(nesting.subject)}" has an extended key usage that excludes code signing`;
        continue;
      }
      const early = signingTimes.find((t) => !isValidAt(leaf, t));
      if (early) {
        throw new VerifyError(
          'TIMESTAMP_OUTSIDE_CERTIFICATE',
          `timestamp: the signing time ${early.toISOString()} is outside the certificate's validity`,
          {
            check: 'timestamp',
            expected: `${leaf.notBefore.toISOString()} to ${leaf.notAfter.toISOString()}`,
            actual: early.toISOString(),
          },
        );
      }
      return ca;
    }
    throw chainError(problem as string);
  }

  /** Checks the embedded SCTs against the threshold; SCT_MISSING or SCT_INVALID otherwise. */
  verifyScts(leaf: Certificate, threshold: number): number {
    const { scts } = this.#factsFor(leaf);
    if (scts.problem !== undefined) {
      throw new VerifyError('SCT_INVALID', `SCT: ${scts.problem}`, { check: 'SCT' });
    }
    if (scts.verified >= threshold) return scts.verified;
    if (scts.total === 0) {
      throw new VerifyError('SCT_MISSING', 'SCT: the certificate carries no SCT', {
        check: 'SCT',
        expected: `at least ${threshold}`,
        actual: '0',
      });
    }
    throw new VerifyError(
      'SCT_INVALID',
      `SCT: ${scts.verified} of the certificate's ${scts.total} SCTs are from trusted CT logs, at least ${threshold} required`,
      {
        check: 'SCT',
        expected: `SCTs from ${this.#trust.ctlogs.map((l) => toBase64(l.logId)).join(', ') || '(no trusted CT logs)'}`,
        actual: `SCTs from ${scts.unknownLogs.join(', ')}`,
      },
    );
  }
}

/** Go's chain building (cosign, sigstore-go) requires each CA's EKU, if any, to allow code signing. */
function allowsCodeSigning(cert: Certificate): boolean {
  const eku = findExtension(cert, OID.extKeyUsage);
  if (!eku) return true;
  const purposes = parseExtKeyUsage(eku.value);
  return purposes.includes(OID.codeSigning) || purposes.includes(OID.anyExtendedKeyUsage);
}

function checkLeafProfile(leaf: Certificate): void {
  if (isCa(leaf)) throw chainError('the signing certificate is a CA certificate');
  const eku = findExtension(leaf, OID.extKeyUsage);
  if (!eku || !parseExtKeyUsage(eku.value).includes(OID.codeSigning)) {
    throw chainError('the signing certificate does not have the codeSigning extended key usage');
  }
  const ku = findExtension(leaf, OID.keyUsage);
  if (ku && !parseKeyUsage(ku.value).has('digitalSignature')) {
    throw chainError('the signing certificate key usage does not allow digital signatures');
  }
}
