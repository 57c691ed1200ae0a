import { isIP } from 'node:net';

/**
 * Which URLs Signet will send a request to. One rule for every client (OIDC discovery and JWKS,
 * the signing services, the trusted root): tokens and trust material never travel in clear
 * text beyond this machine.
 */

/**
 * True for the hosts plain `http:` is allowed to: the literal addresses 127.0.0.0/8 and ::1.
 * Never a name, `localhost` included: what a name resolves to is the resolver's choice
 * (/etc/hosts, NSS, a search domain), so it could send a token in clear text off the machine.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
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
    const rule =
      'plain http is allowed only for loopback hosts given as literal addresses (127.0.0.0/8, ::1)';
    if (url.hostname.toLowerCase().replace(/\.$/, '') !== 'localhost') return `${rule}; use https`;
    const local = new URL(url.href);
    local.hostname = '127.0.0.1';
    return `${rule}, not the name "localhost": use ${local.origin} instead`;
  }
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  return undefined;
}
