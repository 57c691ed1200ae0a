import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { repoRoot } from '../helpers/vectors.js';

/**
 * The layering of docs/architecture.md, checked on the import statements of every .ts file
 * under src/ and server/ (static, type-only, re-exports and dynamic import()): a module imports
 * only from its own layer or below, src/ never imports server/ or test/, and neither the
 * modules nor the files import each other in a cycle.
 */

/** src/ modules by layer, lowest first (docs/architecture.md); server/ sits above them all. */
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['oidc', 'kms'],
  ['ca', 'ct', 'tlog', 'tsa', 'tuf', 'oci'],
  ['bundle'],
  ['sign', 'verify', 'policy', 'tuf-client'],
  ['cli'],
  ['actions'],
];
const SERVER_LAYER = LAYERS.length;

/**
 * Known breaches, each to be removed with its fix; an entry that no longer matches fails, so
 * the list cannot outlive them.
 */
const ALLOWED: readonly { finding: string; why: string }[] = [];

const root = repoRoot();

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

interface Import {
  from: string;
  to: string;
  line: number;
}

/** Every relative import of `file`, resolved to a repository path (.js names the .ts source). */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .filter((ref) => ref.fileName.startsWith('.'))
    .map((ref) => ({
      from: file,
      to: relative(root, resolve(root, dirname(file), ref.fileName))
        .split(sep)
        .join('/')
        .replace(/\.js$/, '.ts'),
      line: text.slice(0, ref.pos).split('\n').length,
    }));
}

/** The module of a path: src/NAME/... is NAME, server/... is server, anything else itself. */
function moduleOf(path: string): string {
  const [top, second] = path.split('/');
  return top === 'src' && second !== undefined ? second : (top ?? path);
}

function layerOf(module: string): number | undefined {
  if (module === 'server') return SERVER_LAYER;
  const index = LAYERS.findIndex((layer) => layer.includes(module));
  return index === -1 ? undefined : index;
}

/** Each cycle of a directed graph once, as "a -> b -> a" starting at its smallest node. */
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const found = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') {
        const loop = path.slice(path.indexOf(next));
        const start = loop.indexOf([...loop].sort()[0]!);
        const rotated = [...loop.slice(start), ...loop.slice(0, start)];
        found.add([...rotated, rotated[0]].join(' -> '));
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return [...found].sort();
}

function graph(pairs: Iterable<[string, string]>): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [from, to] of pairs) {
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  }
  return edges;
}

/** What breaks the layering, one line each; the allowed breaches are not left out. */
function findings(imports: readonly Import[]): string[] {
  const out: string[] = [];
  for (const { from, to, line } of imports) {
    const where = `${from}:${line} imports ${to}`;
    if (!to.startsWith('src/') && !to.startsWith('server/')) {
      out.push(`${where}: outside src/ and server/`);
      continue;
    }
    const source = moduleOf(from);
    const target = moduleOf(to);
    if (source === target) continue;
    const sourceLayer = layerOf(source);
    const targetLayer = layerOf(target);
    if (sourceLayer === undefined || targetLayer === undefined) {
      out.push(`${where}: module ${sourceLayer === undefined ? source : target} has no layer`);
    } else if (targetLayer > sourceLayer) {
      out.push(
        `${where}: module ${source} (layer ${sourceLayer}) imports ${target} (layer ${targetLayer})`,
      );
    }
  }
  const modules = graph(
    imports
      .map(({ from, to }): [string, string] => [moduleOf(from), moduleOf(to)])
      .filter(([a, b]) => a !== b),
  );
  out.push(...cycles(modules).map((cycle) => `module cycle: ${cycle}`));
  out.push(...cycles(graph(imports.map(({ from, to }) => [from, to]))).map((c) => `cycle: ${c}`));
  return out;
}

describe('layering (docs/architecture.md)', () => {
  const files = [...sources('src'), ...sources('server')];

  it('places every src/ module in a layer', () => {
    const modules = new Set(sources('src').map(moduleOf));
    const unplaced = [...modules].filter((module) => layerOf(module) === undefined);
    assert.deepEqual(unplaced, [], 'add each new module to LAYERS and to docs/architecture.md');
  });

  it('imports only downward, without cycles', () => {
    assert.ok(files.length > 100, `found only ${files.length} files`);
    const found = findings(files.flatMap(importsOf));
    // Only the known breaches (matched without line numbers), and each of them still present.
    const unlined = found.map((f) => f.replace(/^(\S+):\d+ imports /, '$1 imports '));
    assert.deepEqual(
      found.filter((_, i) => !ALLOWED.some((a) => a.finding === unlined[i])),
      [],
    );
    for (const { finding, why } of ALLOWED) {
      assert.ok(unlined.includes(finding), `fixed, remove it from ALLOWED: ${finding} (${why})`);
    }
  });

  it('names an upward import, src/ importing server/ or test/, and cycles', () => {
    const imports: Import[] = [
      { from: 'src/core/der.ts', to: 'src/verify/verifier.ts', line: 3 },
      { from: 'src/cli/main.ts', to: 'server/service.ts', line: 4 },
      { from: 'src/ca/csr.ts', to: 'test/helpers/kms.ts', line: 5 },
      { from: 'server/service.ts', to: 'src/core/der.ts', line: 6 },
      { from: 'src/ca/a.ts', to: 'src/ct/b.ts', line: 1 },
      { from: 'src/ct/b.ts', to: 'src/ca/a.ts', line: 1 },
    ];
    assert.deepEqual(findings(imports), [
      'src/core/der.ts:3 imports src/verify/verifier.ts: module core (layer 0) imports verify (layer 4)',
      'src/cli/main.ts:4 imports server/service.ts: module cli (layer 5) imports server (layer 7)',
      'src/ca/csr.ts:5 imports test/helpers/kms.ts: outside src/ and server/',
      'module cycle: ca -> ct -> ca',
      'cycle: src/ca/a.ts -> src/ct/b.ts -> src/ca/a.ts',
    ]);
  });
});
