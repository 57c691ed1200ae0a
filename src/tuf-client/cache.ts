import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where TUF metadata is cached, apart from the client (client.ts), which loads tuf-js and its
 * HTTP stack: a command reads its options with this alone, and pays for the client only when
 * it is used.
 */

/** A mirror URL as the cache and the client key it: without trailing slashes. */
export const normalizedUrl = (url: string): string => url.replace(/\/+$/, '');

/**
 * Where a repository's metadata is cached by default: `$XDG_CACHE_HOME/signet/tuf/` (else
 * `~/.cache/signet/tuf/`), then a folder named by the SHA-256 of the mirror URL, so that
 * repositories never share one.
 */
export function tufCacheDir(url: string, env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  const key = createHash('sha256').update(normalizedUrl(url)).digest('hex').slice(0, 32);
  return join(base, 'signet', 'tuf', key);
}
