/**
 * The fuzz targets, one module each under targets/ (target.ts says what a module exports).
 * Each parser that takes outside input has one.
 */
export const TARGETS = [
  'certificate',
  'csr',
  'timestamp-query',
  'timestamp-query-json',
  'timestamp-response',
  'rekor-entry',
  'rekor-v1-entry',
  'fulcio-request',
  'jwt',
  'bundle',
  'policy',
  'checkpoint',
  'sct-list',
] as const;

export type TargetName = (typeof TARGETS)[number];

export const isTarget = (name: string): name is TargetName =>
  (TARGETS as readonly string[]).includes(name);

export const targetUrl = (name: TargetName): string =>
  new URL(`./targets/${name}.js`, import.meta.url).href;

/** Where a target's findings are kept as regression inputs (relative to the repository). */
export const findingsDir = (name: TargetName): URL =>
  new URL(`../../../test/fixtures/fuzz/${name}/`, import.meta.url);
