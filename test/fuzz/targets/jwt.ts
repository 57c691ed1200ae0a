import { identityFor } from '../../../src/ca/principal.js';
import { CaError } from '../../../src/ca/error.js';
import { OidcError } from '../../../src/oidc/error.js';
import { IssuerRegistry } from '../../../src/oidc/issuers.js';
import { TokenVerifier, challengeFor } from '../../../src/oidc/verify.js';
import { startTestIssuer } from '../../helpers/oidc.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';

/**
 * OIDC identity tokens (compact JWS), as the CA checks the token of a certificate request:
 * decode, issuer, algorithm, key, signature, claims, then the certificate identity made from
 * them. The issuer is a real one on 127.0.0.1 with fixed keys, and the clock is fixed at the
 * minting time, so the seeds stay valid. Every refusal is a 4xx (an OidcError or a CaError).
 */

const issuer = await startTestIssuer({ keyType: 'ec', keyCount: 1 });
issuer.publish(issuer.generateKey('rsa'));
issuer.publish(issuer.generateKey('ed25519'));
const NOW = new Date();
// A GitHub-shaped issuer off github.com names its web URL, as the server's configuration must.
const settings = issuer.settings('github', { ciUrl: 'https://github.example.com' });
const verifier = new TokenVerifier(new IssuerRegistry({ issuers: [settings] }), {
  now: () => NOW,
});

export const fuzz = refusing({ types: [OidcError, CaError], http: true }, async (data) => {
  const token = await verifier.verify(data.toString('latin1'));
  identityFor(token);
  challengeFor(token);
});

export async function seeds(): Promise<Buffer[]> {
  const tokens = await Promise.all([
    ...issuer.keys.map((key) => issuer.mint(issuer.githubClaims(), { key })),
    issuer.mint(issuer.githubClaims({ ref: 'refs/tags/v1.0.0', event_name: 'release' })),
  ]);
  return tokens.map((token) => Buffer.from(token, 'latin1'));
}

export const shape: InputShape = 'jwt';
export const dictionary = [
  '"alg"',
  '"kid"',
  '"typ"',
  '"crit"',
  '"none"',
  '"HS256"',
  '"ES256"',
  '"RS256"',
  '"EdDSA"',
  '"iss"',
  '"aud"',
  '"sub"',
  '"exp"',
  '"nbf"',
  '"iat"',
  '"email"',
  '"email_verified"',
  '"repository"',
  '"ref"',
  '"workflow_ref"',
  '"job_workflow_ref"',
  '"event_name"',
  '"sigstore"',
  '.',
  '..',
  '=',
];
