import { TlogError } from './error.js';

/**
 * c2sp.org/tlog-tiles resource paths. Paths carry no leading slash so they work both as
 * storage keys and, prefixed with the log's URL, as HTTP paths.
 */

/** Hashes in a full tile: a tile is a perfect subtree of height TILE_HEIGHT. */
export const TILE_WIDTH = 256;
export const TILE_HEIGHT = 8;

const MAX_LEVEL = 63;
const PATH =
  /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/** A tile index as zero-padded 3-digit path elements, all but the last prefixed with `x`. */
export function encodeTileIndex(index: number): string {
  requireIndex(index);
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

/**
 * The path of the hash tile at (level, index), e.g. `tile/0/x001/067.p/5`. A width of 1..255
 * names a partial tile; omitting it or passing TILE_WIDTH names the full tile.
 */
export function tilePath(level: number, index: number, width?: number): string {
  if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) {
    throw new TlogError('TILE_PATH_INVALID', `tile level must be 0..${MAX_LEVEL}, got ${level}`);
  }
  return `tile/${level}/${encodeTileIndex(index)}${widthSuffix(width)}`;
}

/** The path of the entry bundle with the given index, e.g. `tile/entries/042.p/5`. */
export function entriesPath(index: number, width?: number): string {
  return `tile/entries/${encodeTileIndex(index)}${widthSuffix(width)}`;
}

export interface ParsedTilePath {
  kind: 'hash' | 'entries';
  /** -1 for entry bundles. */
  level: number;
  index: number;
  /** TILE_WIDTH for a full tile. */
  width: number;
}

/**
 * Parses a tile or entry-bundle path, accepting only the one canonical spelling of each
 * resource so that two paths never name the same tile (which would split caches and let
 * a client fetch a tile under a name the log never published).
 */
export function parseTilePath(path: string): ParsedTilePath {
  const match = typeof path === 'string' ? PATH.exec(path) : null;
  if (match === null) {
    throw new TlogError('TILE_PATH_INVALID', `not a tlog-tiles path: ${JSON.stringify(path)}`);
  }
  const [, levelText = '', indexText = '', widthText] = match;
  const kind = levelText === 'entries' ? 'entries' : 'hash';
  const level = kind === 'entries' ? -1 : Number(levelText);
  if (level > MAX_LEVEL) {
    throw new TlogError(
      'TILE_PATH_INVALID',
      `tile level ${level} in ${path} is above ${MAX_LEVEL}`,
    );
  }
  const index = parseIndex(indexText, path);
  if (widthText === undefined) return { kind, level, index, width: TILE_WIDTH };
  const width = Number(widthText);
  if (width >= TILE_WIDTH) {
    throw new TlogError(
      'TILE_PATH_INVALID',
      `partial tile width ${width} in ${path} must be 1..${TILE_WIDTH - 1}`,
    );
  }
  return { kind, level, index, width };
}

/**
 * Every hash tile of a tree of `size` leaves: all full tiles and, per level, the partial one
 * if any, in order of level then index. Level l holds floor(size / 256^l) hashes. The list has
 * about size/255 entries, so it is meant for building and checking logs, not for huge sizes.
 */
export function tilesForSize(size: number): { level: number; index: number; width: number }[] {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new TlogError(
      'TILE_PATH_INVALID',
      `tree size must be a non-negative integer, got ${size}`,
    );
  }
  const tiles: { level: number; index: number; width: number }[] = [];
  for (
    let level = 0, hashes = size;
    hashes > 0;
    level++, hashes = Math.floor(hashes / TILE_WIDTH)
  ) {
    const full = Math.floor(hashes / TILE_WIDTH);
    for (let index = 0; index < full; index++) tiles.push({ level, index, width: TILE_WIDTH });
    const partial = hashes % TILE_WIDTH;
    if (partial > 0) tiles.push({ level, index: full, width: partial });
  }
  return tiles;
}

function parseIndex(text: string, path: string): number {
  const groups = text.split('/');
  if (groups.length > 1 && groups[0] === 'x000') {
    throw new TlogError('TILE_PATH_INVALID', `tile index in ${path} has a leading zero group`);
  }
  const index = Number(groups.map((group) => group.replace('x', '')).join(''));
  if (!Number.isSafeInteger(index)) {
    throw new TlogError('TILE_PATH_INVALID', `tile index in ${path} is too large`);
  }
  return index;
}

function widthSuffix(width: number | undefined): string {
  if (width === undefined || width === TILE_WIDTH) return '';
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw new TlogError('TILE_PATH_INVALID', `tile width must be 1..${TILE_WIDTH}, got ${width}`);
  }
  return `.p/${width}`;
}

function requireIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new TlogError(
      'TILE_PATH_INVALID',
      `tile index must be a non-negative integer, got ${index}`,
    );
  }
}
