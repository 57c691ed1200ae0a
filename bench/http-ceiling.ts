import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, progress, repeatRuns } from './common.js';
import type { EchoMode } from './echo-server.js';
import { type Generator, type LoadResult, describeLoad, runLoad } from './http-load.js';

/**
 * The ceiling: bench/echo-server.ts (bare `node:http`, in its own process) loaded by the same
 * generator, bodies and concurrency as a `signet-server` benchmark, one HTTP layer per mode.
 * A route's requests/s divided by the matching mode's says what fraction of the machine's
 * HTTP capacity is left to it; the server CPU per request of each mode is what that layer costs.
 */
export interface CeilingOptions {
  runs: number;
  warmupSeconds: number;
  durationSeconds: number;
  concurrency: number;
  generator?: Generator;
  /** The route it stands in for, sent in every request (the echo server ignores it). */
  path: string;
  contentType: string;
}

export interface EchoServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startEchoServer(mode: EchoMode): Promise<EchoServer> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'build', 'bench', 'echo-server.js'), mode],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const port = await new Promise<number>((ok, fail) => {
    let out = '';
    const timer = setTimeout(
      () => fail(new Error('echo server did not listen within 10 s')),
      10_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        ok(Number(match[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`echo server exited with code ${code} before listening`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) progress(`warning: echo server exited with code ${code}`);
    },
  };
}

export async function benchCeiling(
  mode: EchoMode,
  options: CeilingOptions,
  bodies: readonly Buffer[],
): Promise<LoadResult[]> {
  const label = `http-ceiling ${mode}`;
  return repeatRuns(
    options.runs,
    label,
    async (run) => {
      const server = await startEchoServer(mode);
      try {
        const result = await runLoad({
          urls: [server.url],
          path: options.path,
          contentType: options.contentType,
          bodies,
          unique: false,
          okStatus: 200,
          concurrency: options.concurrency,
          warmupSeconds: options.warmupSeconds,
          durationSeconds: options.durationSeconds,
          generator: options.generator,
          serverPids: [server.pid],
        });
        progress(`  ${label} run ${run + 1}: ${describeLoad(result, 'requests/s')}`);
        return result;
      } finally {
        await server.stop();
      }
    },
    (result) => result.otherCores,
  );
}
