import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  TILE_WIDTH,
  encodeTileIndex,
  entriesPath,
  parseTilePath,
  tilePath,
  tilesForSize,
} from '../../src/tlog/tiles.js';
import { vectorPath } from '../helpers/vectors.js';

interface PathVector {
  level: number | 'entries';
  index: number;
  width: number | null;
  path: string;
}

interface LevelVector {
  level: number;
  full_tiles: number;
  partial_width: number | null;
  last_full: string | null;
  partial: string | null;
}

interface TileVectors {
  index_encoding: Record<string, string>;
  paths: PathVector[];
  invalid_paths: string[];
  tile_sets: Record<string, LevelVector[]>;
}

function loadVectors(): TileVectors {
  return JSON.parse(readFileSync(vectorPath('tlog', 'tlog-tiles', 'paths.json'), 'utf8'));
}

describe('tlog-tiles: vectors', () => {
  it('encodes tile indices', () => {
    const v = loadVectors();
    for (const [index, encoded] of Object.entries(v.index_encoding)) {
      assert.equal(encodeTileIndex(Number(index)), encoded, `index ${index}`);
    }
  });

  it('builds and parses tile and entry-bundle paths', () => {
    const v = loadVectors();
    for (const p of v.paths) {
      const width = p.width ?? undefined;
      const built =
        p.level === 'entries' ? entriesPath(p.index, width) : tilePath(p.level, p.index, width);
      assert.equal(built, p.path);
      assert.deepEqual(parseTilePath(p.path), {
        kind: p.level === 'entries' ? 'entries' : 'hash',
        level: p.level === 'entries' ? -1 : p.level,
        index: p.index,
        width: p.width ?? TILE_WIDTH,
      });
    }
  });

  it('rejects invalid paths', () => {
    const v = loadVectors();
    for (const path of v.invalid_paths) {
      assert.throws(() => parseTilePath(path), { code: 'TILE_PATH_INVALID' }, path);
    }
  });

  it('lists the tiles of a tree', () => {
    const v = loadVectors();
    for (const [size, levels] of Object.entries(v.tile_sets)) {
      const tiles = tilesForSize(Number(size));
      const topLevel = Math.max(...tiles.map((tile) => tile.level));
      assert.equal(topLevel, levels.length - 1, `levels for size ${size}`);
      for (const expected of levels) {
        const atLevel = tiles.filter((tile) => tile.level === expected.level);
        const full = atLevel.filter((tile) => tile.width === TILE_WIDTH);
        const partial = atLevel.filter((tile) => tile.width !== TILE_WIDTH);
        const where = `size ${size} level ${expected.level}`;
        assert.deepEqual(
          full.map((tile) => tile.index),
          Array.from({ length: expected.full_tiles }, (_, i) => i),
          where,
        );
        const last = full.at(-1);
        assert.equal(last && tilePath(last.level, last.index), expected.last_full ?? undefined);
        assert.equal(partial.length, expected.partial_width === null ? 0 : 1, where);
        const [p] = partial;
        assert.equal(p?.width ?? null, expected.partial_width, where);
        assert.equal(p && tilePath(p.level, p.index, p.width), expected.partial ?? undefined);
      }
    }
  });
});

describe('tlog-tiles: strictness', () => {
  it('accepts only the canonical spelling of a path', () => {
    for (const path of [
      '/tile/0/000',
      'tile/0/000/',
      'tile/0/x000/067',
      'tile/0/X001/067',
      'tile/0/067.p/',
      'tile/0/067.p/1/',
      'tile/0/067.p/255x',
      'tile/-1/000',
      'tile/entry/000',
      'tile/entries/000.p/300',
      'tile/0/x009/x007/x199/x254/x740/x992/000',
      'checkpoint',
      '',
    ]) {
      assert.throws(() => parseTilePath(path), { code: 'TILE_PATH_INVALID' }, path);
    }
    assert.deepEqual(parseTilePath('tile/63/x009/x007/x199/x254/x740/991'), {
      kind: 'hash',
      level: 63,
      index: Number.MAX_SAFE_INTEGER,
      width: TILE_WIDTH,
    });
    assert.equal(parseTilePath('tile/entries/000.p/255').width, 255);
  });

  it('rejects bad arguments when building paths', () => {
    assert.throws(() => tilePath(64, 0), { code: 'TILE_PATH_INVALID' });
    assert.throws(() => tilePath(0, -1), { code: 'TILE_PATH_INVALID' });
    assert.throws(() => tilePath(0, 0, 0), { code: 'TILE_PATH_INVALID' });
    assert.throws(() => tilePath(0, 0, 257), { code: 'TILE_PATH_INVALID' });
    assert.throws(() => entriesPath(1.5), { code: 'TILE_PATH_INVALID' });
    assert.throws(() => tilesForSize(-1), { code: 'TILE_PATH_INVALID' });
  });

  it('treats TILE_WIDTH as the full tile so parsed paths rebuild exactly', () => {
    assert.equal(tilePath(2, 5, TILE_WIDTH), 'tile/2/005');
    for (const path of ['tile/2/x001/005', 'tile/2/x001/005.p/9', 'tile/entries/x123/000.p/1']) {
      const p = parseTilePath(path);
      const rebuilt =
        p.kind === 'entries' ? entriesPath(p.index, p.width) : tilePath(p.level, p.index, p.width);
      assert.equal(rebuilt, path);
    }
  });

  it('lists no tiles for the empty tree', () => {
    assert.deepEqual(tilesForSize(0), []);
    assert.equal(tilesForSize(70000).length, 273 + 1 + 1 + 1 + 1);
  });
});
