import { randomBytes } from 'node:crypto';
import { bundleFromJSON, bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { PublicKeyDetails, SigningConfig, TrustedRoot } from '@sigstore/protobuf-specs';
import { publicKeyHint } from '../../src/sign/run.js';
import { bundleBuilderFromSigningConfig } from '@sigstore/sign';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { devToken } from './server.js';

/** A bundle as a verifier receives it (JSON text), with the artifact it signs. */
export interface SignedArtifact {
  json: SerializedBundle;
  artifact: Buffer;
}

/**
 * Signs a random artifact with sigstore-js configured only from the service's published
 * signing config, with a token from its development issuer (the service must run with
 * `devIssuer: true`).
 */
export async function signWithDevIssuer(serviceUrl: string): Promise<SignedArtifact> {
  const signingConfig = await (await fetch(`${serviceUrl}/signing_config.json`)).json();
  const builder = bundleBuilderFromSigningConfig({
    signingConfig: SigningConfig.fromJSON(signingConfig),
    identityProvider: { getToken: () => devToken(serviceUrl) },
    bundleType: 'messageSignature',
    fetchOptions: { retry: 0, timeout: 30_000 },
  });
  const artifact = randomBytes(64);
  const bundle = await builder.create({ data: artifact });
  return { json: JSON.parse(JSON.stringify(bundleToJSON(bundle))) as SerializedBundle, artifact };
}

/** @sigstore/verify at its default thresholds: one SCT, one tlog entry, one timestamp. */
export function verifyWithSigstoreJs(trustedRoot: unknown, signed: SignedArtifact): void {
  new Verifier(toTrustMaterial(TrustedRoot.fromJSON(trustedRoot)), {
    ctlogThreshold: 1,
    tlogThreshold: 1,
    timestampThreshold: 1,
  }).verify(toSignedEntity(bundleFromJSON(signed.json), signed.artifact));
}

/** sigstore-js's trusted keys holding one P-256 key under the hint Signet's key bundles carry. */
export const trustedKeys = (spki: Buffer) => ({
  [publicKeyHint(spki)]: {
    rawBytes: spki,
    keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
    validFor: { start: new Date(0) },
  },
});
