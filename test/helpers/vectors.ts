import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** The third-party test vectors, with their sources in its README.md. */
const VECTORS_DIR = join(repoRoot(), 'test', 'fixtures', 'vectors');

/** The path of a vector file or folder; a missing one is an error, never a skip. */
export function vectorPath(...parts: string[]): string {
  const path = join(VECTORS_DIR, ...parts);
  if (!existsSync(path)) throw new Error(`test vector missing: ${path}`);
  return path;
}
