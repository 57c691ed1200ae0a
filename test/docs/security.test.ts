import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { SERVER_DEFAULTS } from '../../server/config.js';

/**
 * docs/security.md's table of limits and timeouts is written by hand. Each row names the
 * constant its default comes from (`server/config.ts` `SERVER_DEFAULTS.log.maxPending`); this
 * reads the table, imports each constant and compares, so a changed default fails here until
 * the page says it too.
 */

/** Numeric server settings that tune throughput rather than bound anything. */
const TUNING = new Set([
  'verifyWorkers', // a thread count, sized to the machine
  'log.batchMaxSize', // how entries are grouped, not how many may wait
  'log.batchMaxAgeMs', // likewise
  'log.checkpointIntervalMs', // how often the log publishes
  'tsa.accuracySeconds', // a field of each timestamp
]);

/** An exported constant so named is a limit, a timeout or a size, and has a row. */
const LIMIT_NAME = /^(DEFAULT_|MAX_)|_(MS|SECONDS|DAYS|YEARS|BYTES|SIZE|LIMIT|LENGTH|OCTETS)$/;

/** Constants named like limits that bound nothing, with why (`FILE.ts NAME`). */
const NOT_LIMITS = new Map([
  ['src/tsa/authority.ts DEFAULT_ACCURACY_SECONDS', 'a field of each timestamp (tuning, above)'],
]);

/** The sources whose exported constants are looked at, relative to the repository root. */
const SOURCE_DIRS = ['src', 'server'];

/** `FILE.ts NAME` of every exported constant named like a limit, from the sources. */
async function limitNamedExports(): Promise<string[]> {
  const found: string[] = [];
  for (const dir of SOURCE_DIRS) {
    const files = await readdir(join(process.cwd(), dir), { recursive: true });
    for (const file of files.filter((f) => f.endsWith('.ts'))) {
      const path = join(process.cwd(), dir, file);
      const text = await readFile(path, 'utf8');
      for (const [, name] of text.matchAll(/^export const ([A-Z][A-Z0-9_]*)\b/gm)) {
        if (LIMIT_NAME.test(name as string))
          found.push(`${relative(process.cwd(), path)} ${name as string}`);
      }
    }
  }
  return found;
}

interface Row {
  limit: string;
  default: string;
  /** The config path, or undefined for a bound fixed in the code. */
  setting: string | undefined;
  module: string;
  constant: string;
}

async function limitsTable(): Promise<Row[]> {
  const doc = await readFile(join(process.cwd(), 'docs', 'security.md'), 'utf8');
  const section = /\n## Limits and timeouts\n([\s\S]*?)(?=\n## )/.exec(doc)?.[1];
  assert.ok(section, 'docs/security.md has no "## Limits and timeouts" section');
  const lines = section.split('\n').filter((line) => line.startsWith('|'));
  assert.ok(lines.length > 2, 'the limits section has no table');
  return lines.slice(2).map((line) => {
    const [limit, value, setting, source] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const named = /^`([^`]+\.ts)` `([^`]+)`$/.exec(source ?? '');
    assert.ok(named, `row "${limit}": the constant must read \`FILE.ts\` \`NAME\`, got ${source}`);
    const path = /^`([^`]+)`$/.exec(setting ?? '')?.[1];
    assert.ok(path !== undefined || setting === '—', `row "${limit}": setting ${setting}`);
    return {
      limit: limit as string,
      default: value as string,
      setting: path,
      module: named[1] as string,
      constant: named[2] as string,
    };
  });
}

/** `a.b.c` of an object, or undefined. */
function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

/** The value of `NAME.path` exported by the compiled `module` (a path from the repository root). */
async function constantValue(module: string, constant: string): Promise<unknown> {
  const url = new URL(`../../${module.replace(/\.ts$/, '.js')}`, import.meta.url);
  const exports = (await import(url.href)) as Record<string, unknown>;
  return at(exports, constant);
}

type Quantity = { kind: 'bytes' | 'ms' | 'days' | 'years' | 'count'; amount: number };

const UNITS: Record<string, Quantity> = {
  bytes: { kind: 'bytes', amount: 1 },
  KiB: { kind: 'bytes', amount: 1024 },
  MiB: { kind: 'bytes', amount: 1024 * 1024 },
  ms: { kind: 'ms', amount: 1 },
  s: { kind: 'ms', amount: 1000 },
  min: { kind: 'ms', amount: 60_000 },
  h: { kind: 'ms', amount: 3_600_000 },
  day: { kind: 'days', amount: 1 },
  days: { kind: 'days', amount: 1 },
  years: { kind: 'years', amount: 1 },
};

/** "128 KiB", "10 s", "4096", "16384 characters": a count unless the word is a unit above. */
function parseDefault(text: string): Quantity {
  const match = /^(\d+)(?: (\S+))?$/.exec(text);
  assert.ok(match, `default "${text}" is not NUMBER [UNIT]`);
  const unit = UNITS[match[2] ?? ''] ?? { kind: 'count', amount: 1 };
  return { kind: unit.kind, amount: Number(match[1]) * unit.amount };
}

/** The unit a constant is in, from its name as the code spells units. */
function constantQuantity(name: string, value: number): Quantity {
  const last = name.split('.').at(-1) as string;
  if (/(_MS|Ms)$/.test(last)) return { kind: 'ms', amount: value };
  if (/(_SECONDS|Seconds)$/.test(last)) return { kind: 'ms', amount: value * 1000 };
  if (/(_DAYS|Days)$/.test(last)) return { kind: 'days', amount: value };
  if (/_YEARS$/.test(last)) return { kind: 'years', amount: value };
  if (/(BYTES|Bytes)$/.test(last)) return { kind: 'bytes', amount: value };
  return { kind: 'count', amount: value };
}

/** Every numeric leaf of the server defaults, as config paths. */
function numericSettings(value: unknown, prefix = ''): string[] {
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => {
    const path = prefix + key;
    if (typeof item === 'number') return [path];
    if (typeof item === 'object' && item !== null && !Array.isArray(item))
      return numericSettings(item, `${path}.`);
    return [];
  });
}

describe('docs/security.md limits and timeouts', () => {
  it('states each default as the constant it names holds', async () => {
    for (const row of await limitsTable()) {
      const value = await constantValue(row.module, row.constant);
      assert.equal(typeof value, 'number', `${row.module} exports no number ${row.constant}`);
      assert.deepEqual(
        parseDefault(row.default),
        constantQuantity(row.constant, value as number),
        `row "${row.limit}": ${row.constant} is ${String(value)}, the table says ${row.default}`,
      );
    }
  });

  it('names settings whose default is that constant', async () => {
    for (const row of await limitsTable()) {
      if (row.setting === undefined) continue;
      assert.equal(
        at(SERVER_DEFAULTS, row.setting),
        await constantValue(row.module, row.constant),
        `row "${row.limit}": ${row.setting} does not default to ${row.constant}`,
      );
    }
  });

  it('has a row for every exported number named like a limit', async () => {
    const documented = new Set((await limitsTable()).map((row) => `${row.module} ${row.constant}`));
    const names = await limitNamedExports();
    assert.ok(names.length > 40, `only ${names.length} limit-named exports found`);
    for (const name of names) {
      const [module, constant] = name.split(' ') as [string, string];
      if (typeof (await constantValue(module, constant)) !== 'number') continue;
      if (NOT_LIMITS.has(name)) continue;
      assert.ok(documented.has(name), `docs/security.md has no row for ${name}`);
    }
  });

  it('has a row for every numeric server setting that is a limit', async () => {
    const documented = new Set((await limitsTable()).map((row) => row.setting));
    for (const setting of numericSettings(SERVER_DEFAULTS)) {
      if (TUNING.has(setting)) continue;
      assert.ok(documented.has(setting), `docs/security.md has no row for ${setting}`);
    }
  });
});
