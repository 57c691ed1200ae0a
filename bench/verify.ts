import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { bundleFromJSON, type SerializedBundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier as SigstoreJsVerifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import type { BundleJson } from '../src/bundle/bundle.js';
import { fetchSigningConfig } from '../src/bundle/signing-config.js';
import { signFiles } from '../src/sign/sign.js';
import type { IdentityPolicy } from '../src/verify/policy.js';
import { TrustMaterial } from '../src/verify/trust.js';
import { Verifier } from '../src/verify/verifier.js';
import { DEV_ISSUER_PATH, defaultDevEmail } from '../server/dev-issuer.js';
import { startTestService } from '../test/helpers/server.js';
import { machineBusySeconds, progress, repeatRuns, scratchDir, selfCpuSeconds } from './common.js';

/**
 * Offline bundle verification: v0.3 keyless bundles that `signFiles` made against the real
 * service, verified over and over by Signet's reusable Verifier and by @sigstore/verify 3.x
 * with the same trusted root, thresholds and identity pin. Nothing runs on the network while
 * the clock runs: the service is closed before the first measurement.
 */

export interface VerifyBenchOptions {
  runs: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Distinct artifacts, each signed in its own run (own key, certificate, log entry, timestamp). */
  bundles: number;
  dataRoot?: string;
}

/** One verifier measured for one run. */
export interface VerifierRate {
  perSecond: number;
  /** This process's CPU per verification: steadier than the rate when other processes compete. */
  cpuMicros: number;
}

export interface VerifyRunResult {
  /** Signet's Verifier, built once and reused for every bundle of every pass. */
  signet: VerifierRate;
  /**
   * Signet with a fresh Verifier for every pass over the bundles: each bundle's certificate is
   * new to it, as in a bulk verifier that never sees a bundle twice. Trust-root state and the
   * module-level key caches are kept.
   */
  signetFreshLeaves: VerifierRate;
  /** @sigstore/verify's Verifier, built once. */
  sigstoreJs: VerifierRate;
  otherCores: number;
}

interface SignedSet {
  bundles: { json: BundleJson; artifact: Buffer }[];
  trustedRoot: object;
  policy: IdentityPolicy;
}

/** Signing waits for the log's checkpoint, so runs overlap; each one has its own token. */
const SIGNING_CONCURRENCY = 16;

async function signBundles(options: VerifyBenchOptions): Promise<SignedSet> {
  const dataDir = await scratchDir(options.dataRoot, 'signet-bench-verify-');
  const service = await startTestService({ devIssuer: true, dataDir });
  try {
    const signingConfig = await fetchSigningConfig(service.url);
    const token = async (): Promise<string> => {
      const response = await fetch(`${service.url}${DEV_ISSUER_PATH}/token`, { method: 'POST' });
      return ((await response.json()) as { id_token: string }).id_token;
    };
    const bundles: SignedSet['bundles'] = new Array(options.bundles);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < options.bundles) {
        const i = next++;
        const file = { path: `/bench/artifact-${i}.tar.gz`, data: randomBytes(1024) };
        const { bundles: signed } = await signFiles({
          files: [file],
          signingConfig,
          token: await token(),
        });
        bundles[i] = { json: (signed[0] as { bundle: BundleJson }).bundle, artifact: file.data };
      }
    };
    await Promise.all(Array.from({ length: SIGNING_CONCURRENCY }, worker));
    return {
      bundles,
      trustedRoot: service.trustedRoot,
      policy: {
        certificateIdentity: defaultDevEmail(),
        certificateOidcIssuer: `${service.url}${DEV_ISSUER_PATH}`,
      },
    };
  } finally {
    await service.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Calls `verifyOne(i)` for i = 0, 1, ... (the caller cycles through its bundles) for `seconds`. */
function measure(verifyOne: (i: number) => void, seconds: number): VerifierRate {
  const cpu0 = selfCpuSeconds();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let count = 0;
  while (performance.now() < deadline) verifyOne(count++);
  const elapsed = (performance.now() - start) / 1000;
  return {
    perSecond: count / elapsed,
    cpuMicros: ((selfCpuSeconds() - cpu0) * 1e6) / count,
  };
}

export async function benchVerify(options: VerifyBenchOptions): Promise<VerifyRunResult[]> {
  progress(`verify: signing ${options.bundles} artifacts, one signing run each...`);
  const { bundles, trustedRoot, policy } = await signBundles(options);
  const n = bundles.length;

  const trust = TrustMaterial.fromTrustedRoot(trustedRoot);
  const signet = new Verifier(trust);
  let fresh = new Verifier(trust);
  const sigstoreJs = new SigstoreJsVerifier(toTrustMaterial(TrustedRoot.fromJSON(trustedRoot)), {
    ctlogThreshold: 1,
    tlogThreshold: 1,
    timestampThreshold: 1,
  });
  const sigstoreJsPolicy = {
    subjectAlternativeName: policy.certificateIdentity as string,
    extensions: { issuer: policy.certificateOidcIssuer as string },
  };

  const bundle = (i: number): SignedSet['bundles'][number] =>
    bundles[i % n] as SignedSet['bundles'][number];
  // Each verifier gets the bundle as JSON, so both pay for reading it.
  const verifiers: Record<keyof Omit<VerifyRunResult, 'otherCores'>, (i: number) => void> = {
    signet: (i) => {
      const { json, artifact } = bundle(i);
      signet.verify(json, { data: artifact }, policy);
    },
    signetFreshLeaves: (i) => {
      if (i % n === 0) fresh = new Verifier(trust);
      const { json, artifact } = bundle(i);
      fresh.verify(json, { data: artifact }, policy);
    },
    sigstoreJs: (i) => {
      const { json, artifact } = bundle(i);
      sigstoreJs.verify(
        toSignedEntity(bundleFromJSON(json as unknown as SerializedBundle), artifact),
        sigstoreJsPolicy,
      );
    },
  };

  // A benchmark of verifications that fail would measure error paths: every bundle must pass
  // both verifiers, and the pin must be able to fail.
  for (let i = 0; i < n; i++) for (const verify of Object.values(verifiers)) verify(i);
  const wrongPin = { ...policy, certificateIdentity: `not-${policy.certificateIdentity}` };
  let refused = false;
  try {
    signet.verify(bundle(0).json, { data: bundle(0).artifact }, wrongPin);
  } catch {
    refused = true;
  }
  if (!refused) throw new Error('verify bench: a bundle passed a wrong identity pin');

  return repeatRuns(
    options.runs,
    'verify',
    async (run) => {
      const busy0 = machineBusySeconds();
      const self0 = selfCpuSeconds();
      const wall0 = performance.now();
      const rates = {} as Omit<VerifyRunResult, 'otherCores'>;
      // Interleaved within each run, so a noisy stretch hits all three alike.
      for (const [name, verify] of Object.entries(verifiers) as [
        keyof typeof verifiers,
        (i: number) => void,
      ][]) {
        measure(verify, options.warmupSeconds);
        rates[name] = measure(verify, options.durationSeconds);
      }
      const wall = (performance.now() - wall0) / 1000;
      const otherCores =
        (machineBusySeconds() - busy0 - (selfCpuSeconds() - self0)) / Math.max(wall, 1e-9);
      const result = { ...rates, otherCores };
      progress(
        `  verify run ${run + 1}: Signet ${rates.signet.perSecond.toFixed(0)}/s (fresh leaves ${rates.signetFreshLeaves.perSecond.toFixed(0)}/s), sigstore-js ${rates.sigstoreJs.perSecond.toFixed(0)}/s, ratio ${(rates.signet.perSecond / rates.sigstoreJs.perSecond).toFixed(1)}×; other load ${otherCores.toFixed(2)} cores`,
      );
      return result;
    },
    (result) => result.otherCores,
  );
}
