import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CaX509Result } from './ca-x509.js';
import { timeSerial } from './ca-engine.js';
import { formatNumber, spread } from './common.js';
import type { LoadResult } from './http-load.js';

/**
 * The regression guard (`npm run bench -- --quick`): every headline figure divided by a
 * baseline measured in the same run on the same machine, so that a change costing 20 % shows
 * as a 20 % lower ratio whatever the machine's speed. Certificates are set against what
 * `node:crypto` signs per CPU-second on one thread with the issuing key's curve (a certificate
 * costs at least one such signature); log appends and timestamps against bare `node:http`
 * with the same generator, bodies and writers (bench/http-ceiling.ts); Signet's issuance
 * engine against @peculiar/x509 issuing the same certificate.
 *
 * A saved `--json` file is a reference: `--compare FILE` prints each ratio's change against it
 * and fails (exit status 1) when one moved the wrong way by more than the tolerance.
 */

/** `node:crypto` ECDSA signatures on one thread: µs of CPU each, per curve. */
export interface SignBaseline {
  p256Micros: number;
  p384Micros: number;
}

/** A TBS-sized message: what the CA signs per certificate. */
const MESSAGE = createHash('sha512').update('signet').digest().toString('hex').repeat(8);

/** CPU µs per ECDSA signature with a fresh key of each issuing curve (its own digest). */
export async function measureSignBaseline(seconds: number): Promise<SignBaseline> {
  const once = async (curve: 'P-256' | 'P-384', digest: string): Promise<number> => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const data = Buffer.from(MESSAGE);
    return timeSerial(seconds, () => sign(digest, data, privateKey), Math.min(0.2, seconds));
  };
  return { p256Micros: await once('P-256', 'sha256'), p384Micros: await once('P-384', 'sha384') };
}

/** One headline figure and what it is divided by. */
export interface QuickFigure {
  /** Stable name, for --compare. */
  key: string;
  what: string;
  value: number;
  unit: string;
  baseline: number;
  baselineWhat: string;
  ratio: number;
  /** Which way is better for the ratio. */
  better: 'higher' | 'lower';
  /**
   * `cpu`: CPU time per operation, which other processes on the machine disturb little;
   * `rate`: operations per wall-clock second, which they do (see `otherCores`).
   */
  kind: 'cpu' | 'rate';
  /** The most cores other processes used during the figure's or its baseline's run. */
  otherCores: number;
}

/**
 * Past this much other load (cores) in either run, --compare reports a `rate` ratio without
 * judging it: on 2 cores, a third of a core taken by someone else moves throughput by more than
 * the tolerance.
 */
export const RATE_NOISE_CORES = 0.3;

const median = (values: number[]): number => spread(values).median;
const throughput = (results: LoadResult[]): number => median(results.map((r) => r.throughput));
const micros = (results: LoadResult[]): number =>
  median(results.map((r) => (r.serverCores * 1e6) / r.throughput));
const noise = (...results: LoadResult[][]): number =>
  Math.max(...results.flat().map((r) => r.otherCores));

/**
 * The figures from run.js's raw results (whichever of them ran): `ca-http-{p256,p384}-N`,
 * `log-http`, `tsa-http`, their `http-ceiling-…` baselines, `sign-baseline` and `ca-x509`.
 */
export function quickFigures(raw: Record<string, unknown>, caConcurrency: number): QuickFigure[] {
  const figures: QuickFigure[] = [];
  const load = (key: string): LoadResult[] | undefined => raw[key] as LoadResult[] | undefined;
  const signs = raw['sign-baseline'] as SignBaseline | undefined;
  for (const [curve, name] of [
    ['p256', 'P-256'],
    ['p384', 'P-384'],
  ] as const) {
    const ca = load(`ca-http-${curve}-${caConcurrency}`);
    if (ca === undefined || signs === undefined) continue;
    const sign = curve === 'p256' ? signs.p256Micros : signs.p384Micros;
    figures.push(
      {
        key: `ca-${curve}-rate`,
        what: `Certificates/s, ${name} issuing key, HTTP, ${caConcurrency} in flight`,
        value: throughput(ca),
        unit: '/s',
        baseline: 1e6 / sign,
        baselineWhat: `node:crypto ${name} signatures per CPU-second, 1 thread`,
        ratio: throughput(ca) / (1e6 / sign),
        better: 'higher',
        kind: 'rate',
        otherCores: noise(ca),
      },
      {
        key: `ca-${curve}-cpu`,
        what: `Server CPU per certificate, ${name}`,
        value: micros(ca),
        unit: 'µs',
        baseline: sign,
        baselineWhat: `µs per node:crypto ${name} signature`,
        ratio: micros(ca) / sign,
        better: 'lower',
        kind: 'cpu',
        otherCores: noise(ca),
      },
    );
  }
  const routes = [
    ['log', 'log-http', 'Log appends', 'entry', 'http-ceiling-echo-log-http', 'echo'],
    ['tsa', 'tsa-http', 'Timestamps', 'timestamp', 'http-ceiling-read-tsa-http', 'read'],
  ] as const;
  for (const [key, bench, label, unit, ceilingKey, mode] of routes) {
    const results = load(bench);
    const ceiling = load(ceilingKey);
    if (results === undefined || ceiling === undefined) continue;
    figures.push(
      {
        key: `${key}-rate`,
        what: `${label}/s through HTTP`,
        value: throughput(results),
        unit: '/s',
        baseline: throughput(ceiling),
        baselineWhat: `bare node:http (${mode}) requests/s, same generator, bodies and writers`,
        ratio: throughput(results) / throughput(ceiling),
        better: 'higher',
        kind: 'rate',
        otherCores: noise(results, ceiling),
      },
      {
        key: `${key}-cpu`,
        what: `Server CPU per ${unit}`,
        value: micros(results),
        unit: 'µs',
        baseline: micros(ceiling),
        baselineWhat: `bare node:http (${mode}) server µs per request`,
        ratio: micros(results) / micros(ceiling),
        better: 'lower',
        kind: 'cpu',
        otherCores: noise(results, ceiling),
      },
    );
  }
  const x509 = raw['ca-x509'] as CaX509Result | undefined;
  if (x509 !== undefined) {
    const signet = median(x509.runs.map((r) => r.signetMicros));
    const other = median(x509.runs.map((r) => r.x509Micros));
    figures.push({
      key: 'ca-x509',
      what: 'Certificates per CPU-second in-process, Signet `CertificateAuthority.issue`',
      value: 1e6 / signet,
      unit: '/s',
      baseline: 1e6 / other,
      baselineWhat: '@peculiar/x509 issuing the same certificate',
      ratio: other / signet,
      better: 'higher',
      kind: 'cpu',
      otherCores: Math.max(...x509.runs.map((r) => r.otherCores)),
    });
  }
  return figures;
}

const fmt = (value: number): string => formatNumber(value, value < 10 ? 2 : value < 100 ? 1 : 0);

/** The markdown table of the figures. */
export function quickTable(figures: QuickFigure[]): string[] {
  return [
    '| Headline (quick) | Measured | Baseline, same run | Ratio | Other load (cores) |',
    '|---|---|---|---|---|',
    ...figures.map(
      (f) =>
        `| ${f.what} | ${fmt(f.value)} ${f.unit} | ${fmt(f.baseline)}: ${f.baselineWhat} | **${f.ratio.toFixed(3)}** (${f.better} is better) | ${f.otherCores.toFixed(2)} |`,
    ),
  ];
}

export interface Comparison {
  lines: string[];
  /** Figures whose ratio moved the wrong way by more than the tolerance. */
  worse: string[];
}

/**
 * Each figure's ratio against the reference run's (a `--json` file of an earlier `--quick`):
 * a cost higher by more than `tolerance` (0.15 = 15 %) fails. A figure missing from either side
 * is listed, not failed (the runs measured different things), and so is a `rate` figure when
 * other processes used more than RATE_NOISE_CORES in either run.
 */
export function compareFigures(
  now: QuickFigure[],
  reference: QuickFigure[],
  tolerance: number,
): Comparison {
  const lines = [
    `| Ratio | Reference | Now | Change | Within ${Math.round(tolerance * 100)} %? |`,
    '|---|---|---|---|---|',
  ];
  const worse: string[] = [];
  const before = new Map(reference.map((f) => [f.key, f]));
  for (const figure of now) {
    const old = before.get(figure.key);
    before.delete(figure.key);
    if (old === undefined) {
      lines.push(`| ${figure.key} | n/a | ${figure.ratio.toFixed(3)} | | not in the reference |`);
      continue;
    }
    const change = figure.ratio / old.ratio - 1;
    // Lower-is-better ratios regress upwards; either way a cost 20 % higher fails at 0.2.
    const regressed =
      figure.better === 'higher' ? change < -tolerance / (1 + tolerance) : change > tolerance;
    const other = Math.max(figure.otherCores, old.otherCores ?? 0);
    const judged = figure.kind === 'cpu' || other <= RATE_NOISE_CORES;
    if (regressed && judged) worse.push(figure.key);
    const verdict = !judged
      ? `not judged: other processes used ${other.toFixed(2)} cores`
      : regressed
        ? '**no: worse**'
        : 'yes';
    lines.push(
      `| ${figure.key} | ${old.ratio.toFixed(3)} | ${figure.ratio.toFixed(3)} | ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} % | ${verdict} |`,
    );
  }
  for (const key of before.keys()) lines.push(`| ${key} | | n/a | | not measured now |`);
  return { lines, worse };
}

/** The figures of a saved `--json` file (written by `--quick --json FILE`). */
export async function readReference(file: string): Promise<QuickFigure[]> {
  const saved = JSON.parse(await readFile(file, 'utf8')) as { quick?: QuickFigure[] };
  if (!Array.isArray(saved.quick))
    throw new Error(`--compare ${file}: no "quick" figures (write it with --quick --json FILE)`);
  return saved.quick;
}
