import { type KeyObject, createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { parseCertificate, spkiOf } from '../src/core/x509.js';
import { noteVerifier } from '../src/core/note.js';
import { logIdOf } from '../src/ct/sct.js';
import { type ValidityWindow, buildSigningConfig, buildTrustedRoot } from '../src/bundle/trust.js';
import { ISSUING_CA_SUBJECT } from '../src/ca/certificates.js';
import { logIdOf as rekorV1LogIdOf } from '../src/tlog/rekor-v1/entry.js';
import type { Role } from './config.js';
import type { Instance } from './instance.js';
import type { TargetContent } from '../src/tuf/repository.js';
import { writeDurably } from './storage/posix-log.js';

/** What clients fetch to trust and to find this service, built from the live keys. */
export interface TrustMaterial {
  trustedRoot: object;
  /** The trust root as served and written: indented JSON with a final newline. */
  trustedRootJson: string;
  signingConfig: object;
  /** The signing config as served and written, in the same form. */
  signingConfigJson: string;
}

export interface TrustOptions {
  instance: Instance;
  /** A service publishes trust only for what it serves. */
  roles: readonly Role[];
  /** The CT log a CA without the ct role submits to: it goes in the trust root too. */
  externalCt?: { url: string; publicKey: KeyObject };
  /** The development OIDC issuer, listed as the signing config's OIDC URL. */
  oidcUrl?: string;
}

const TSA_SUBJECT = { organization: 'Signet', commonName: 'Signet Timestamp Authority' };

/**
 * trusted_root.json and signing_config.json for the instance's public URL. Retired keys stay,
 * with their end dates, so that what they signed keeps verifying.
 */
export function buildTrustMaterial(options: TrustOptions): TrustMaterial {
  const { instance, roles, externalCt, oidcUrl } = options;
  const { metadata, retired } = instance;
  const publicUrl = metadata.publicUrl;
  const tsaUrl = `${publicUrl}/api/v1/timestamp`;
  const now = Date.now();
  const logStart = new Date(metadata.keys.log?.createdAt ?? now);
  // A timestamp is only as old as the certificate that signed it.
  const tsaStart = parseCertificate(instance.tsaChain[0] as Buffer).notBefore;
  const caStart = parseCertificate(instance.issuingCa.certificate).notBefore;
  const ctStart = new Date(metadata.keys.ct?.createdAt ?? now);
  const rekorV1Start = new Date(metadata.keys['rekor-v1']?.createdAt ?? now);

  // Rekor v1 signs integratedTime in whole seconds, so an entry logged in the second a key was
  // created must not fall before the key's start: a log key's window starts on a whole second.
  const logEntry = (publicKey: KeyObject, logId: Buffer, validFor: ValidityWindow) => ({
    baseUrl: publicUrl,
    publicKey,
    logId,
    validFor: { ...validFor, start: new Date(Math.floor(validFor.start.getTime() / 1000) * 1000) },
  });
  const caEntry = (issuing: Buffer, validFor: ValidityWindow) => ({
    uri: publicUrl,
    subject: ISSUING_CA_SUBJECT,
    certChain: [issuing, instance.rootCert],
    validFor,
  });
  const tsaEntry = (certChain: Buffer[], validFor: ValidityWindow) => ({
    uri: tsaUrl,
    subject: TSA_SUBJECT,
    certChain,
    validFor,
  });
  const when = <T>(role: Role, entries: () => T[]): T[] => (roles.includes(role) ? entries() : []);
  const logKey = createPublicKey(instance.logKey);
  const ctKey = createPublicKey(instance.ctKey);
  const rekorV1Key = createPublicKey(instance.rekorV1Key);
  const trustedRoot = buildTrustedRoot({
    tlogs: when('tlog', () => [
      ...retired.flatMap((k) =>
        k.role === 'log'
          ? [logEntry(k.publicKey, noteVerifier(metadata.logOrigin, k.publicKey).keyId, k)]
          : [],
      ),
      logEntry(logKey, noteVerifier(metadata.logOrigin, logKey).keyId, { start: logStart }),
      // The Rekor v1 log, at the same base URL (its API is under /api/v1): its log ID is
      // SHA-256 of its key's SPKI, which is also the key hint of its checkpoints.
      ...retired.flatMap((k) =>
        k.role === 'rekor-v1'
          ? [logEntry(k.publicKey, rekorV1LogIdOf(spkiOf(k.publicKey)), k)]
          : [],
      ),
      logEntry(rekorV1Key, rekorV1LogIdOf(spkiOf(rekorV1Key)), { start: rekorV1Start }),
    ]),
    ctlogs: [
      ...when('ct', () => [
        ...retired.flatMap((k) =>
          k.role === 'ct' ? [logEntry(k.publicKey, logIdOf(k.publicKey), k)] : [],
        ),
        logEntry(ctKey, logIdOf(ctKey), { start: ctStart }),
      ]),
      // Its SCTs matter from the day this CA's certificate starts, whatever the log's own age.
      ...(externalCt && roles.includes('ca')
        ? [
            {
              baseUrl: externalCt.url,
              publicKey: externalCt.publicKey,
              logId: logIdOf(externalCt.publicKey),
              validFor: { start: caStart },
            },
          ]
        : []),
    ],
    certificateAuthorities: when('ca', () => [
      ...retired.flatMap((k) => (k.role === 'issuing-ca' ? [caEntry(k.certificate, k)] : [])),
      caEntry(instance.issuingCa.certificate, { start: caStart }),
    ]),
    timestampAuthorities: when('tsa', () => [
      ...retired.flatMap((k) => (k.role === 'tsa' ? [tsaEntry(k.chain, k)] : [])),
      tsaEntry(instance.tsaChain, { start: tsaStart }),
    ]),
  });

  const operator = new URL(publicUrl).host;
  const service = (url: string, majorApiVersion: number, start: Date) => ({
    url,
    majorApiVersion,
    validFor: { start },
    operator,
  });
  const signingConfig = buildSigningConfig({
    caUrls: when('ca', () => [service(publicUrl, 1, caStart)]),
    oidcUrls: oidcUrl === undefined ? [] : [service(oidcUrl, 1, caStart)],
    // Rekor v2 first, then v1 for clients that speak only v1. The spec has clients take the
    // highest API version they support (Signet, sigstore-go); sigstore-js 4 takes the newest
    // start among versions <= 2 with a stable sort, so v1 is listed with v2's start, never a
    // newer one, and v2-capable clients keep using v2.
    rekorTlogUrls: when('tlog', () => [
      service(publicUrl, 2, logStart),
      service(publicUrl, 1, rekorV1Start < logStart ? rekorV1Start : logStart),
    ]),
    tsaUrls: when('tsa', () => [service(tsaUrl, 1, tsaStart)]),
  });
  return {
    trustedRoot,
    trustedRootJson: `${JSON.stringify(trustedRoot, null, 2)}\n`,
    signingConfig,
    signingConfigJson: `${JSON.stringify(signingConfig, null, 2)}\n`,
  };
}

export const TRUSTED_ROOT_FILE = 'trusted_root.json';
export const SIGNING_CONFIG_FILE = 'signing_config.json';

/** The TUF targets, named as the public-good repository names them. */
export const TRUSTED_ROOT_TARGET = 'trusted_root.json';
export const SIGNING_CONFIG_TARGET = 'signing_config.v0.2.json';

/** The TUF targets: exactly the bytes /trusted_root.json and /signing_config.json serve. */
export const tufTargets = (material: TrustMaterial): TargetContent[] => [
  { name: TRUSTED_ROOT_TARGET, data: Buffer.from(material.trustedRootJson) },
  { name: SIGNING_CONFIG_TARGET, data: Buffer.from(material.signingConfigJson) },
];

/** Writes both files into the data directory, for operators to hand to verifiers. */
export async function writeTrustMaterial(dir: string, material: TrustMaterial): Promise<void> {
  await writeDurably(join(dir, TRUSTED_ROOT_FILE), Buffer.from(material.trustedRootJson));
  await writeDurably(join(dir, SIGNING_CONFIG_FILE), Buffer.from(material.signingConfigJson));
}
