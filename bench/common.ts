import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: build/bench/common.js is two levels below it. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Percentiles of a sample (nearest-rank), in the sample's unit. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** A growable Float64 sample buffer: no per-sample allocation in the timed loop. */
export class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarise(samples: Samples): LatencySummary {
  const sorted = samples.sorted();
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? NaN : (sorted[sorted.length - 1] as number),
  };
}

/** Median and range of repeated runs; the machine is noisy, so all three are reported. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}

export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/** "12,345 [11,900–12,800]": median with the range of the runs. */
export function formatSpread(s: Spread, digits = 0): string {
  if (s.min === s.max) return formatNumber(s.median, digits);
  return `${formatNumber(s.median, digits)} [${formatNumber(s.min, digits)}–${formatNumber(s.max, digits)}]`;
}

/** Milliseconds with sensible precision: 0.42, 8.3, 153. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return ms.toFixed(2);
  if (ms < 10) return ms.toFixed(1);
  return ms.toFixed(0);
}

export function formatSpreadMs(s: Spread): string {
  if (s.min === s.max) return formatMs(s.median);
  return `${formatMs(s.median)} [${formatMs(s.min)}–${formatMs(s.max)}]`;
}

/** The 1, 5 and 15-minute load averages (Linux), or 'n/a'. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a'; // not Linux
  }
}

export function machineFacts(): Record<string, string> {
  const cpu = cpus()[0]?.model ?? 'unknown';
  const load = loadAverage();
  return {
    cpus: `${availableParallelism()} × ${cpu}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    openssl: process.versions.openssl ?? 'n/a',
    platform: `${process.platform} ${process.arch}`,
    'load average at start': load,
  };
}

/** The fields of /proc/PID/stat after the parenthesised command name (field 3 onwards). */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Clock ticks of CPU (user + system, all threads) a process has used, from /proc (Linux only). */
export function processCpuSeconds(pid: number): number {
  const fields = procStat(pid);
  // utime and stime are fields 14 and 15.
  return fields === undefined ? NaN : (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds of a process tree one level deep: the parent, its live children, and the children
 * it has reaped (cutime and cstime), as for PostgreSQL's postmaster and its backends, which come
 * and go with the clients' pools.
 */
export function processTreeCpuSeconds(parent: number): number {
  const fields = procStat(parent);
  if (fields === undefined) return NaN;
  let total =
    (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procStat(Number(entry));
    // ppid is field 4.
    if (child !== undefined && Number(child[1]) === parent)
      total += (Number(child[11]) + Number(child[12])) / 100;
  }
  return total;
}

/** Busy CPU seconds of the whole machine (all processes, all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] as string;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return (
      ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100
    );
  } catch {
    return NaN;
  }
}

/** CPU seconds this process has used (all threads). */
export function selfCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

/** A fresh directory under `root` (default: the OS temp dir, which must be a real disk for fsync to count). */
export async function scratchDir(root: string | undefined, prefix: string): Promise<string> {
  return mkdtemp(join(root ?? tmpdir(), prefix));
}

export interface LogSettings {
  batchMaxSize?: number;
  batchMaxAgeMs?: number;
  checkpointIntervalMs?: number;
  maxPending?: number;
}

export interface ServerOptions {
  /** Parent of the fresh data directory. */
  dataRoot?: string;
  /** Log settings written to a YAML file passed with --config (omitted: the built-in defaults). */
  log?: LogSettings;
  /** Threads the server verifies entry signatures in (`verifyWorkers`; unset: its default). */
  verifyWorkers?: number;
  /** Extra node flags for the server process, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** `--storage` for serve (a postgres:// URL); unset: the data directory's default. */
  storage?: string;
  /**
   * A data directory `init` already made, served without `--init` and left in place (a replica
   * of an instance the caller set up); unset: a fresh one under `dataRoot`, served with `--init`.
   */
  dataDir?: string;
}

export interface BenchServer {
  url: string;
  pid: number;
  dataDir: string;
  /** SIGTERM, wait for a clean exit, remove the data directory. */
  stop(): Promise<void>;
  /** SIGKILL (a crash), wait for the exit, remove what `stop` would. */
  kill(): Promise<void>;
}

/** `signet-server serve --init` in its own process, as an operator runs it. */
export async function startServer(options: ServerOptions = {}): Promise<BenchServer> {
  // Holds the config file, and the data directory unless the caller brings one.
  const dataDir = await scratchDir(options.dataRoot, 'signet-bench-');
  const port = await freePort();
  const args = [
    ...(options.nodeFlags ?? []),
    join(REPO_ROOT, 'bin', 'signet-server.js'),
    'serve',
    ...(options.dataDir === undefined ? ['--init'] : []),
    '--data-dir',
    options.dataDir ?? join(dataDir, 'data'),
    ...(options.storage === undefined ? [] : ['--storage', options.storage]),
    '--listen',
    `127.0.0.1:${port}`,
    '--log-level',
    'warn',
  ];
  const log = Object.fromEntries(
    Object.entries(options.log ?? {}).filter(([, v]) => v !== undefined),
  );
  if (Object.keys(log).length > 0 || options.verifyWorkers !== undefined) {
    const file = join(dataDir, 'config.yaml');
    let yaml =
      options.verifyWorkers === undefined ? '' : `verifyWorkers: ${options.verifyWorkers}\n`;
    if (Object.keys(log).length > 0) {
      yaml += `log:\n${Object.entries(log)
        .map(([key, value]) => `  ${key}: ${value}\n`)
        .join('')}`;
    }
    await writeFile(file, yaml);
    args.push('--config', file);
  }
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 16));
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`server did not start within 20 s:\n${stderr}`)),
      20_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Signet is serving')) {
        clearTimeout(timer);
        ok();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with code ${code} before serving:\n${stderr}`));
    });
  });
  let killed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    dataDir,
    async stop() {
      if (killed) return;
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0)
        process.stderr.write(`warning: server exited with code ${code}\n${stderr.slice(-4000)}\n`);
      await rm(dataDir, { recursive: true, force: true });
    },
    async kill() {
      killed = true;
      child.kill('SIGKILL');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** Progress goes to stderr so stdout stays a clean markdown report. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

let quiet: { cores: number; timeoutSeconds: number } | undefined;

/** Makes `beforeRun` wait for the machine to be quiet (other load under `cores`) before each run. */
export function setQuietThreshold(cores: number, timeoutSeconds: number): void {
  quiet = { cores, timeoutSeconds };
}

/**
 * Called before every measured run: with a quiet threshold set, samples the machine's busy CPU
 * over 2 s and waits (up to the timeout) until other processes use less than the threshold.
 * Returns the busy cores seen in the last sample.
 */
export async function beforeRun(): Promise<number> {
  if (quiet === undefined) return NaN;
  const deadline = performance.now() + quiet.timeoutSeconds * 1000;
  for (;;) {
    const busy0 = machineBusySeconds();
    const self0 = selfCpuSeconds();
    await sleep(2000);
    const busy = (machineBusySeconds() - busy0 - (selfCpuSeconds() - self0)) / 2;
    if (!(busy >= quiet.cores) || performance.now() > deadline) {
      if (busy >= quiet.cores)
        progress(`  machine still busy (${busy.toFixed(2)} cores); running anyway`);
      return busy;
    }
    progress(`  waiting for a quiet machine: other processes use ${busy.toFixed(2)} cores`);
  }
}

/** How many times one run may be repeated because other processes were busy during it. */
export const NOISY_RETRIES = 2;

/**
 * Runs `once` `runs` times, each after `beforeRun`. With a quiet threshold set, a run during
 * which other processes used more than the threshold (as `noise` reports) is discarded and
 * repeated, up to NOISY_RETRIES times; the last attempt is kept either way.
 */
export async function repeatRuns<T>(
  runs: number,
  label: string,
  once: (run: number) => Promise<T>,
  noise: (result: T) => number,
): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < runs; run++) {
    for (let attempt = 0; ; attempt++) {
      await beforeRun();
      const result = await once(run);
      const other = noise(result);
      if (quiet === undefined || !(other >= quiet.cores) || attempt >= NOISY_RETRIES) {
        results.push(result);
        break;
      }
      progress(
        `  ${label} run ${run + 1} discarded: other processes used ${other.toFixed(2)} cores`,
      );
    }
  }
  return results;
}
