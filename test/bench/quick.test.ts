import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { LoadResult } from '../../bench/http-load.js';
import {
  type QuickFigure,
  compareFigures,
  measureSignBaseline,
  quickFigures,
  readReference,
} from '../../bench/quick.js';

/** A load result with just what the figures read. */
const load = (throughput: number, serverCores: number, otherCores = 0): LoadResult[] => [
  {
    throughput,
    serverCores,
    ok: 1,
    errors: {},
    failures: {},
    latency: { p50: 1, p95: 1, p99: 1, max: 1 },
    generatorCores: 0,
    otherCores,
    exhausted: false,
    seconds: 1,
  },
];

const raw = (): Record<string, unknown> => ({
  'sign-baseline': { p256Micros: 25, p384Micros: 500 },
  'ca-http-p256-256': load(2500, 1.25), // 500 µs per certificate
  'ca-http-p384-256': load(1000, 1.5), // 1,500 µs
  'log-http': load(7000, 1.4, 0.1), // 200 µs
  'http-ceiling-echo-log-http': load(20000, 0.5, 0.2), // 25 µs
  'tsa-http': load(10000, 1.2), // 120 µs
  'http-ceiling-read-tsa-http': load(25000, 0.5), // 20 µs
  'ca-x509': {
    runs: [
      { signetMicros: 150, x509Micros: 6000, otherCores: 0 },
      { signetMicros: 100, x509Micros: 6000, otherCores: 0 },
      { signetMicros: 200, x509Micros: 6000, otherCores: 0 },
    ],
    bytes: { signet: 1, x509: 1 },
  },
});

describe('quickFigures', () => {
  it('divides each headline figure by its same-run baseline', () => {
    const figures = Object.fromEntries(quickFigures(raw(), 256).map((f) => [f.key, f]));
    assert.deepEqual(Object.keys(figures), [
      'ca-p256-rate',
      'ca-p256-cpu',
      'ca-p384-rate',
      'ca-p384-cpu',
      'log-rate',
      'log-cpu',
      'tsa-rate',
      'tsa-cpu',
      'ca-x509',
    ]);
    const close = (key: string, ratio: number): void =>
      assert.ok(Math.abs(figures[key]!.ratio - ratio) < 1e-9, `${key}: ${figures[key]!.ratio}`);
    close('ca-p256-rate', 2500 / 40000);
    close('ca-p256-cpu', 500 / 25);
    close('ca-p384-rate', 1000 / 2000);
    close('ca-p384-cpu', 1500 / 500);
    close('log-rate', 7000 / 20000);
    close('log-cpu', 200 / 25);
    close('tsa-rate', 10000 / 25000);
    close('tsa-cpu', 120 / 20);
    close('ca-x509', 6000 / 150); // the median run
    assert.equal(figures['log-rate']!.otherCores, 0.2); // the noisier of the two runs
    assert.equal(figures['log-cpu']!.better, 'lower');
    assert.equal(figures['log-rate']!.better, 'higher');
    assert.equal(figures['log-rate']!.kind, 'rate');
    assert.equal(figures['ca-x509']!.kind, 'cpu');
  });

  it('leaves out a figure whose benchmark or baseline did not run', () => {
    const partial = raw();
    delete partial['sign-baseline'];
    delete partial['http-ceiling-read-tsa-http'];
    const keys = quickFigures(partial, 256).map((f) => f.key);
    assert.deepEqual(keys, ['log-rate', 'log-cpu', 'ca-x509']);
    assert.deepEqual(
      quickFigures(raw(), 64).map((f) => f.key),
      ['log-rate', 'log-cpu', 'tsa-rate', 'tsa-cpu', 'ca-x509'],
    );
  });
});

describe('compareFigures', () => {
  const reference = quickFigures(raw(), 256);
  const scaled = (key: string, factor: number): QuickFigure[] =>
    reference.map((f) => (f.key === key ? { ...f, ratio: f.ratio * factor } : f));

  it('passes the same figures and small moves either way', () => {
    assert.deepEqual(compareFigures(reference, reference, 0.15).worse, []);
    assert.deepEqual(compareFigures(scaled('log-cpu', 1.1), reference, 0.15).worse, []);
    assert.deepEqual(compareFigures(scaled('log-rate', 1 / 1.1), reference, 0.15).worse, []);
  });

  it('fails a cost 20 % higher, whichever way its ratio runs', () => {
    assert.deepEqual(compareFigures(scaled('log-cpu', 1.2), reference, 0.15).worse, ['log-cpu']);
    assert.deepEqual(compareFigures(scaled('tsa-rate', 1 / 1.2), reference, 0.15).worse, [
      'tsa-rate',
    ]);
    assert.deepEqual(compareFigures(scaled('ca-x509', 1 / 1.2), reference, 0.15).worse, [
      'ca-x509',
    ]);
  });

  it('judges a throughput ratio only when the machine was quiet enough, a CPU ratio always', () => {
    const noisy = (f: QuickFigure): QuickFigure => ({ ...f, otherCores: 1.2 });
    const now = scaled('log-rate', 0.5).map(noisy);
    const { lines, worse } = compareFigures(scaled('log-cpu', 1.3).map(noisy), reference, 0.15);
    assert.deepEqual(worse, ['log-cpu']);
    assert.deepEqual(compareFigures(now, reference, 0.15).worse, []);
    assert.ok(
      compareFigures(now, reference, 0.15).lines.some(
        (l) => l.startsWith('| log-rate |') && l.includes('not judged: other processes used 1.20'),
      ),
    );
    assert.ok(lines.some((l) => l.startsWith('| log-cpu |') && l.includes('worse')));
    // Noise in the reference run counts too.
    assert.deepEqual(compareFigures(scaled('log-rate', 0.5), reference.map(noisy), 0.15).worse, []);
  });

  it('never fails an improvement, however large', () => {
    assert.deepEqual(compareFigures(scaled('log-cpu', 0.2), reference, 0.15).worse, []);
    assert.deepEqual(compareFigures(scaled('ca-p256-rate', 5), reference, 0.15).worse, []);
  });

  it('lists figures measured on one side only without failing them', () => {
    const now = reference.filter((f) => f.key !== 'tsa-cpu');
    const { lines, worse } = compareFigures(now, reference.slice(1), 0.15);
    assert.deepEqual(worse, []);
    assert.ok(
      lines.some((l) => l.startsWith('| ca-p256-rate |') && l.includes('not in the reference')),
    );
    assert.ok(lines.some((l) => l.startsWith('| tsa-cpu |') && l.includes('not measured now')));
  });
});

describe('readReference', () => {
  it('reads the figures of a --quick --json file and refuses any other file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-quick-'));
    try {
      const good = join(dir, 'good.json');
      await writeFile(good, JSON.stringify({ quick: quickFigures(raw(), 256) }));
      assert.equal((await readReference(good)).length, 9);
      const bad = join(dir, 'bad.json');
      await writeFile(bad, JSON.stringify({ 'log-http': [] }));
      await assert.rejects(readReference(bad), /no "quick" figures/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('measureSignBaseline', () => {
  it('measures P-384 dearer than P-256', async () => {
    const baseline = await measureSignBaseline(0.05);
    assert.ok(baseline.p256Micros > 0 && Number.isFinite(baseline.p256Micros));
    assert.ok(baseline.p384Micros > baseline.p256Micros);
  });
});
