import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { noteSigner } from '../src/core/note.js';
import { TransparencyLog } from '../src/tlog/log.js';
import { entryFromRequest } from '../src/tlog/rekor.js';
import { PosixLogStorage } from '../server/storage/posix-log.js';
import { EntryFactory } from '../test/helpers/entries.js';
import {
  type LatencySummary,
  type LogSettings,
  Samples,
  machineBusySeconds,
  progress,
  repeatRuns,
  scratchDir,
  selfCpuSeconds,
  summarise,
} from './common.js';

/**
 * The log engine alone: `TransparencyLog.append` on POSIX storage in this process, no HTTP and
 * no signature checks. Each append resolves only after its batch is fsynced to the journal and
 * a signed checkpoint covering it is published with its tiles, exactly as the server uses it.
 */
export interface LogEngineOptions {
  runs: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Appends kept in flight (at most log.maxPending, or the log pushes back). */
  concurrency: number;
  log?: LogSettings;
  dataRoot?: string;
}

export interface LogEngineResult {
  throughput: number;
  latency: LatencySummary;
  cores: number;
  /** Cores busy with anything else on the machine during the window: the noise. */
  otherCores: number;
  treeSize: number;
}

/**
 * Entry bytes: one real canonical hashedrekord entry, with the first 16 base64 characters of its
 * digest replaced by a counter so that every entry is distinct and the same size (about 500
 * bytes). Making one costs about a microsecond, which is counted in the loop.
 */
function entryMaker(): () => Buffer {
  const template = entryFromRequest(new EntryFactory().request(randomBytes(32))).body;
  const text = template.toString('utf8');
  const at = text.indexOf('"digest":"') + '"digest":"'.length;
  let counter = 0;
  return () => {
    const entry = Buffer.from(template);
    entry.write((counter++).toString(16).padStart(16, '0'), at, 'latin1');
    return entry;
  };
}

async function oneRun(
  options: LogEngineOptions,
  makeEntry: () => Buffer,
): Promise<LogEngineResult> {
  const dir = await scratchDir(options.dataRoot, 'signet-engine-');
  const origin = 'bench.signet.example';
  const log = await TransparencyLog.open({
    origin,
    signer: noteSigner(origin, generateKeyPairSync('ed25519').privateKey),
    storage: new PosixLogStorage(join(dir, 'log')),
    ...options.log,
  });
  const samples = new Samples();
  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  const measureTo = measureFrom + options.durationSeconds * 1000;
  let ok = 0;
  let stopping = false;
  let inFlight = 0;
  let failure: unknown;
  let drained: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (drained = resolve));

  const loop = (): void => {
    if (stopping) {
      if (inFlight === 0) drained?.();
      return;
    }
    const began = performance.now();
    inFlight++;
    log.append(makeEntry()).then(
      () => {
        inFlight--;
        const now = performance.now();
        if (now >= measureFrom && now <= measureTo) {
          ok++;
          samples.push(now - began);
        }
        loop();
      },
      (error: unknown) => {
        inFlight--;
        failure ??= error;
        stopping = true;
        loop();
      },
    );
  };
  for (let i = 0; i < options.concurrency; i++) loop();

  await new Promise<void>((resolve) =>
    setTimeout(resolve, Math.max(0, measureFrom - performance.now())),
  );
  const cpuStart = selfCpuSeconds();
  const machineStart = machineBusySeconds();
  const windowStart = performance.now();
  while (performance.now() < measureTo && failure === undefined) {
    await new Promise<void>((resolve) => setTimeout(resolve, 50));
  }
  const windowSeconds = (performance.now() - windowStart) / 1000;
  const cores = (selfCpuSeconds() - cpuStart) / windowSeconds;
  const otherCores = Math.max(0, (machineBusySeconds() - machineStart) / windowSeconds - cores);
  stopping = true;
  await done;
  const treeSize = log.checkpoint.size;
  await log.close();
  await rm(dir, { recursive: true, force: true });
  if (failure !== undefined) throw failure;
  return {
    throughput: ok / ((measureTo - measureFrom) / 1000),
    latency: summarise(samples),
    cores,
    otherCores,
    treeSize,
  };
}

export async function benchLogEngine(options: LogEngineOptions): Promise<LogEngineResult[]> {
  const makeEntry = entryMaker();
  return repeatRuns(
    options.runs,
    'log-engine',
    async (run) => {
      const result = await oneRun(options, makeEntry);
      progress(
        `  log-engine run ${run + 1}: ${Math.round(result.throughput)} appends/s, p50 ${result.latency.p50.toFixed(1)} ms, ` +
          `p99 ${result.latency.p99.toFixed(1)} ms, ${result.cores.toFixed(2)} cores (others ${result.otherCores.toFixed(2)}), tree size ${result.treeSize}`,
      );
      return result;
    },
    (result) => result.otherCores,
  );
}
