/**
 * The web URL of the CI instance behind an issuer, which certificates use for the SAN and the
 * repository, workflow and run URLs. Derived only as docs/certificates.md lists it; anything
 * else must be configured (`ci-issuer-metadata.<provider>.default-template-values.url`), as a
 * guess would put another instance's URLs (github.com) in the certificate.
 */

const GITHUB_ISSUER_HOST = 'token.actions.githubusercontent.com';
/** GHE.com data-residency tenants: `token.actions.TENANT.ghe.com`. */
const GHE_TENANT = /^token\.actions\.([^.]+)\.ghe\.com$/;
/** GitHub Enterprise Server: `https://HOST/_services/token`. */
const GHES_PATH = '/_services/token';

/** No path, or one segment: an enterprise slug (`include_enterprise_slug`). */
const slugPath = (pathname: string): boolean => /^\/([^/]+)?$/.test(pathname);

/**
 * The web URL of the GitHub instance behind an Actions issuer, or undefined when the issuer is
 * none the documentation names: github.com for token.actions.githubusercontent.com[/SLUG], the
 * tenant for token.actions.TENANT.ghe.com[/SLUG], and the host for GHES (HOST/_services/token).
 */
export function githubUrlFor(iss: string): string | undefined {
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return undefined;
  }
  if (url.hostname === GITHUB_ISSUER_HOST && slugPath(url.pathname)) return 'https://github.com';
  const tenant = GHE_TENANT.exec(url.hostname);
  if (tenant && slugPath(url.pathname)) return `https://${tenant[1]}.ghe.com`;
  if (url.pathname === GHES_PATH || url.pathname.startsWith(`${GHES_PATH}/`)) return url.origin;
  return undefined;
}

/** Why no GitHub web URL can be derived for `issuer` (a URL or meta pattern), and what to set. */
export function githubUrlAdvice(issuer: string): string {
  return `the web URL of a github-workflow issuer (for the SAN and the repository, workflow and run URLs) is derived only from https://${GITHUB_ISSUER_HOST} or https://${GITHUB_ISSUER_HOST}/SLUG (github.com), https://token.actions.TENANT.ghe.com[/SLUG] (https://TENANT.ghe.com) and https://HOST${GHES_PATH} (GitHub Enterprise Server at https://HOST), and ${JSON.stringify(issuer)} is none of them; set ci-issuer-metadata.github-workflow.default-template-values.url to the instance's web URL (e.g. https://github.example.com), or use the issuer URL the instance publishes`;
}

/**
 * Whether every issuer a meta pattern matches has a derivable GitHub web URL. `*` stands for one
 * segment of letters, digits, "-" and "_", and the rules above look at whole labels and path
 * segments only, so one stand-in decides for all.
 */
export const githubUrlDerivable = (issuerOrPattern: string): boolean =>
  githubUrlFor(issuerOrPattern.replaceAll('*', 'x')) !== undefined;

/** The instance URL of a GitLab issuer: the issuer itself (`https://gitlab.example.com[/path]`). */
export const gitlabUrlFor = (iss: string): string => iss.replace(/\/+$/, '');
