import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';

/** The repository root, found from this file whether it runs from test/ or build/test/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the test files');
    dir = parent;
  }
  return dir;
}

/** `../shared/vectors` beside the repository, where the third-party test vectors live. */
export const VECTORS_DIR = resolve(repoRoot(), '..', 'shared', 'vectors');

/**
 * The path of a vector file or folder. Outside CI a missing vectors folder skips the test;
 * with CI=true its absence fails, so a CI run can never pass without checking the vectors.
 */
export function vectorPath(t: TestContext, ...parts: string[]): string | undefined {
  const path = join(VECTORS_DIR, ...parts);
  if (existsSync(path)) return path;
  if (process.env.CI === 'true') {
    throw new Error(`test vectors missing at ${path} (required when CI=true)`);
  }
  t.skip(`test vectors not found at ${path}`);
  return undefined;
}
