import { execFile, execFileSync } from 'node:child_process';
import { chown, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort, tempDir } from './server.js';
import { postgresBinDir } from './tools.js';

const run = promisify(execFile);

/** pg_ctl waits this long for the server to accept connections (or to stop) before failing. */
const PG_CTL_WAIT_S = 60;

/**
 * A throwaway PostgreSQL cluster for one test file: initdb in a temp dir, a server on a free
 * loopback port (and a unix socket in the same dir). Tests skip with `missingPostgres()`
 * (test/helpers/tools.ts) when the binaries are not installed.
 */
export interface PostgresCluster {
  /** The superuser's URL of the `postgres` database. */
  readonly url: string;
  /** A fresh empty database (CREATE DATABASE is cheaper than a cluster per test); its URL. */
  database(): Promise<string>;
  /** A crash: the server stops at once (pg_ctl -m immediate), the data stays for restart(). */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data, killing it first if it runs. */
  restart(): Promise<void>;
  /** Teardown: an immediate stop, then the cluster's files are removed. */
  stop(): Promise<void>;
}

/** Clusters still running, stopped if the test process exits without its teardown. */
const running = new Set<string>();
let exitHookInstalled = false;

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error('PostgreSQL is not installed (see missingPostgres)');
  const dir = await tempDir('signet-pg-');
  // initdb refuses to run as root: the cluster belongs to the postgres user, as on Debian.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = async (flag: string): Promise<number> =>
      Number((await run('id', [flag, 'postgres'])).stdout.trim());
    await chown(dir, await id('-u'), await id('-g'));
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
      : [join(bin, tool), args];
  const tool = async (name: string, args: string[]): Promise<void> => {
    await run(...command(name, args));
  };

  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  await tool('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const ctl = (...args: string[]): [string, string[]] =>
    command('pg_ctl', ['-D', data, '-w', '-t', String(PG_CTL_WAIT_S), ...args]);

  let up = false;
  const start = async (): Promise<void> => {
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`;
    try {
      await run(...ctl('-l', logFile, '-o', options, 'start'));
    } catch (error) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(`pg_ctl start failed: ${(error as Error).message}\n${log.slice(-2000)}`);
    }
    up = true;
    running.add(data);
  };
  const kill = async (): Promise<void> => {
    if (!up) return;
    await run(...ctl('-m', 'immediate', 'stop'));
    up = false;
    running.delete(data);
  };
  // One pg_ctl at a time: a teardown may come while a test's kill is still running.
  let last: Promise<unknown> = Promise.resolve();
  const serial = (step: () => Promise<void>): Promise<void> => {
    const next = last.then(step, step);
    last = next.catch(() => undefined);
    return next;
  };

  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const cluster of running) {
        const [file, args] = command('pg_ctl', ['-D', cluster, '-m', 'immediate', 'stop']);
        try {
          execFileSync(file, args, { stdio: 'ignore' });
        } catch {
          // Already gone.
        }
      }
    });
  }

  await start();
  let databases = 0;
  return {
    url,
    async database() {
      const name = `test_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    kill: () => serial(kill),
    restart: () =>
      serial(async () => {
        await kill();
        await start();
      }),
    stop: () =>
      serial(async () => {
        await kill();
        await rm(dir, { recursive: true, force: true });
      }),
  };
}
