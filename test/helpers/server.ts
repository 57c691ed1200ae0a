import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerConfig, loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { type RunningService, startService } from '../../server/service.js';
import { repoRoot } from './vectors.js';

/** A free TCP port on 127.0.0.1 (the public URL must name a real port, so 0 will not do). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const tempDir = (prefix = 'signet-test-'): Promise<string> =>
  mkdtemp(join(tmpdir(), prefix));

export interface TestService extends RunningService {
  dataDir: string;
  /** Closes the service and removes its data directory. */
  dispose(): Promise<void>;
}

/**
 * The real service in this process, on 127.0.0.1 with a fresh data directory and ephemeral keys;
 * as `serve --init`, so that it starts on an empty database too (`storage`).
 */
export async function startTestService(
  overrides: Partial<ServerConfig> = {},
  /** Receives the service's JSON log lines (at `logLevel`, default error). */
  logSink: (line: string) => void = () => {},
): Promise<TestService> {
  const dataDir = overrides.dataDir ?? (await tempDir());
  const port = await freePort();
  const config = await loadConfig(undefined, {
    dataDir,
    listen: `127.0.0.1:${port}`,
    publicUrl: `http://127.0.0.1:${port}`,
    logLevel: 'error',
    ...overrides,
  });
  const service = await startService(config, createLogger(config.logLevel, logSink), {
    init: true,
  });
  return {
    ...service,
    dataDir,
    async dispose() {
      await service.close();
      if (overrides.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A token from a service's development issuer (`devIssuer: true`). */
export async function devToken(serviceUrl: string): Promise<string> {
  const response = await fetch(`${serviceUrl}/dev-oidc/token`, { method: 'POST' });
  return ((await response.json()) as { id_token: string }).id_token;
}

/** How many certificates the service's CA has issued, from its metrics. */
export async function issuedCertificates(serviceUrl: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('signet_ca_certificates_total{result="issued"}'));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

export interface ServerProcess {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the process wrote to stderr (its JSON logs). */
  stderr(): string;
  /** SIGTERM and wait for exit; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

/**
 * How long a server process may take to say it is serving: a second or two here, much more on
 * a loaded 2-core machine, which a bound is not meant to fail.
 */
const START_BOUND_MS = 60_000;

/** `signet-server serve [--init]` as a child process, exactly as an operator runs it. */
export async function startServerProcess(options: {
  dataDir: string;
  port?: number;
  args?: string[];
  /** A command the server runs under, with its arguments (`prlimit --nofile=256:256`). */
  under?: string[];
  /** `serve --init` (the default), or plain `serve`, as a replica on initialised storage runs. */
  init?: boolean;
}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const [command, ...prefix] = [...(options.under ?? []), process.execPath];
  const child = spawn(
    command as string,
    [
      ...prefix,
      join(repoRoot(), 'bin', 'signet-server.js'),
      'serve',
      ...(options.init === false ? [] : ['--init']),
      '--data-dir',
      options.dataDir,
      '--listen',
      `127.0.0.1:${port}`,
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${START_BOUND_MS} ms:\n${stderr}`));
    }, START_BOUND_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Signet is serving')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before serving:\n${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir: options.dataDir,
    process: child,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
