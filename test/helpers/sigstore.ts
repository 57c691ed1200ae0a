import { randomBytes } from 'node:crypto';
import { bundleFromJSON, bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { SigningConfig, TrustedRoot } from '@sigstore/protobuf-specs';
import { bundleBuilderFromSigningConfig } from '@sigstore/sign';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

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
    identityProvider: {
      async getToken() {
        const response = await fetch(`${serviceUrl}/dev-oidc/token`, { method: 'POST' });
        return ((await response.json()) as { id_token: string }).id_token;
      },
    },
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
