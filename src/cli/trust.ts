import { createHash } from 'node:crypto';
import { parseJsonDocument, readDocument } from '../core/document.js';
import type { HttpOptions } from '../core/http.js';
import { TrustMaterial } from '../verify/trust.js';
import { VerifyError } from '../verify/error.js';

/** Real trusted roots are tens of KiB; public-good's, with every retired key, under 100 KiB. */
export const MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;

export interface LoadedTrust {
  trust: TrustMaterial;
  source: string;
  /** Hex SHA-256 of the trusted root's bytes, for `trustedRoot.sha256` pins. */
  sha256: string;
}

/** A service's trusted root, as `--server` names it. */
export const serverTrustedRoot = (server: string): string =>
  `${server.replace(/\/+$/, '')}/trusted_root.json`;

/**
 * Reads trusted_root.json from a file or URL; with `sha256`, refuses any other bytes (a policy
 * that names a URL should pin what it serves).
 */
export async function loadTrust(
  source: string,
  options: { sha256?: string; http?: HttpOptions } = {},
): Promise<LoadedTrust> {
  const what = 'trusted root';
  const bytes = await readDocument(source, {
    what,
    maxBytes: MAX_TRUSTED_ROOT_BYTES,
    ...(options.http && { http: options.http }),
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (options.sha256 !== undefined && options.sha256 !== sha256) {
    throw new VerifyError(
      'TRUST_ROOT_INVALID',
      `trusted root ${source}: its SHA-256 is not the pinned one`,
      { check: 'trusted root', expected: options.sha256, actual: sha256 },
    );
  }
  const trust = TrustMaterial.fromTrustedRoot(parseJsonDocument(bytes, what, source));
  return { trust, source, sha256 };
}
