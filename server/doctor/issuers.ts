import { IssuerKeys } from '../../src/oidc/discovery.js';
import {
  type IdentityConfig,
  type IssuerSettings,
  configurationJson,
} from '../../src/oidc/issuers.js';
import type { ServerConfig } from '../config.js';
import { DEV_AUDIENCE, DEV_ISSUER_PATH } from '../dev-issuer.js';
import { externalCtOf } from './ct-log.js';
import { type DoctorCheck, type Finding, checksOf, messageOf } from './report.js';

/** The configuration's issuers: which are in effect, and each one's discovery and JWKS live. */

const config = checksOf('config');
const issuers = checksOf('issuers');

/** The configuration as the service will run it: its issuers, roles and where SCTs come from. */
export function describeConfig(settings: ServerConfig, identity: IdentityConfig): DoctorCheck {
  const listed = configurationJson(identity).issuers.map((issuer) => {
    const url = 'issuerUrl' in issuer ? issuer.issuerUrl : `${issuer.wildcardIssuerUrl} (pattern)`;
    return `${url} ${issuer.issuerType}, audience ${issuer.audience}`;
  });
  const source = settings.identity === undefined ? 'built-in defaults' : 'identity setting';
  const findings: Finding[] = [];
  if (settings.devIssuer) {
    findings.push({
      status: 'warn',
      text: `the development OIDC issuer (${DEV_ISSUER_PATH}) is enabled: anyone on this machine gets a token; never run it in production`,
    });
  }
  findings.push({ status: 'ok', text: `issuers in effect (${source}): ${listed.join('; ')}` });
  const external = externalCtOf(settings);
  findings.push({
    status: 'ok',
    text: `roles ${settings.roles.join(', ')}${external ? `; precertificates go to the CT log at ${external.url}` : ''}`,
  });
  return config.verdict('config', findings, true);
}

/**
 * Fetches discovery and JWKS through IssuerKeys, the very code the CA uses, so that doctor's
 * verdict is the CA's: the byte-for-byte issuer comparison (with the difference named), https
 * rules, the issuer's CA bundle, redirects refused, and which JWKS keys are usable.
 */
export async function checkIssuer(issuer: IssuerSettings, timeoutMs: number): Promise<DoctorCheck> {
  const name = `issuer ${issuer.issuerUrl}`;
  if (issuer.wildcard) {
    return issuers.check(
      name,
      'ok',
      'pattern, not checked live (each issuer it matches is fetched when its first token arrives)',
    );
  }
  const keys = new IssuerKeys(issuer.issuerUrl, {
    timeoutMs,
    ...(issuer.caCert !== undefined && { ca: issuer.caCert }),
  });
  try {
    await keys.refresh();
  } catch (error) {
    return issuers.check(name, 'fail', messageOf(error));
  }
  const status = keys.describe();
  const kids = status.keys.map((k) => k.kid ?? `no kid, ${k.type}`);
  const findings: Finding[] = [
    {
      status: 'ok',
      text: `discovery issuer matches, JWKS has ${kids.length} ${kids.length === 1 ? 'key' : 'keys'} (${kids.join(', ')})`,
    },
  ];
  if (status.skippedKeys.length > 0) {
    // Tokens signed with a skipped key will be refused; worth knowing before CI finds out.
    findings.push({
      status: 'warn',
      text: `JWKS ${status.jwksUri ?? ''} entries not usable: ${status.skippedKeys.join('; ')}`,
    });
  }
  return issuers.verdict(name, findings, true);
}

/**
 * The issuers to check live: the configured ones, and the development issuer, which lives in
 * the service itself under the instance's public URL.
 */
export function issuersToCheck(
  settings: ServerConfig,
  identity: IdentityConfig | undefined,
  publicUrl: string | undefined,
): IssuerSettings[] {
  const list = [...(identity?.issuers ?? [])];
  if (settings.devIssuer && publicUrl !== undefined) {
    list.unshift({
      issuerUrl: `${publicUrl}${DEV_ISSUER_PATH}`,
      wildcard: false,
      provider: 'email',
      audience: DEV_AUDIENCE,
      challengeClaim: 'email',
      skipEmailVerification: false,
    });
  }
  return list;
}
