import { isIP } from 'node:net';

/**
 * Which URLs Signet will send a request to. One rule for every client (OIDC discovery and JWKS,
 * the signing services, the trusted root): tokens and trust material never travel in clear
 * text beyond this machine.
 */

/** True for the hosts plain `http:` is allowed to: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && host === '::1';
}

/**
 * Why `url` may not be fetched, or undefined when it may: https anywhere, http only on loopback
 * (a token's keys fetched in clear text could be swapped by anyone on the path), no credentials.
 */
export function fetchableUrlProblem(url: URL): string | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `scheme must be https, got ${url.protocol.replace(/:$/, '')}`;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'plain http is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost); use https';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  return undefined;
}
