import { execFile } from 'node:child_process';
import { cp, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { send } from './crash.js';
import { EVENT_BOUND_MS } from './replica-load.js';
import { type ServerProcess, freePort, startServerProcess, tempDir } from './server.js';
import { repoRoot } from './vectors.js';

const run = promisify(execFile);

/**
 * A kept-alive connection idle this long is closed by the client, before the server's idle
 * timeout (set above it in the replicas' config) can close it under a request being sent.
 */
export const AGENT_IDLE_MS = 30_000;

/**
 * The replicas' configuration in the failover tests: lease settings tuned down from the
 * defaults (3 s TTL, 1 s renewal) so that a takeover takes a second or two, one verify worker
 * per replica on a shared 2-core machine, and `issuerUrl` as the only OIDC issuer (email).
 */
export function replicaTestConfig(issuerUrl: string): Record<string, unknown> {
  return {
    logLevel: 'warn',
    verifyWorkers: 1,
    // The writers' keep-alive connections may idle while they use other replicas: as behind
    // a load balancer, the server keeps them open longer than the client does (AGENT_IDLE_MS).
    server: { idleTimeoutMs: 65_000 },
    replica: { leaseTtlMs: 1500, leaseRenewMs: 400, followIntervalMs: 20 },
    identity: {
      OIDCIssuers: { [issuerUrl]: { IssuerURL: issuerUrl, ClientID: 'sigstore', Type: 'email' } },
    },
  };
}

/** One replica: its own port and data directory (the keys copied from the one init), as a pod. */
export interface Replica {
  readonly index: number;
  readonly url: string;
  readonly dataDir: string;
  /** The running process; undefined while it is down. */
  process: ServerProcess | undefined;
  /** Bumped at every kill and start: a request sent under an older one may fail. */
  generation: number;
  /** Keep-alive connections to this run of the process only (a new agent at every start). */
  agent: Agent;
}

/**
 * Several `signet-server serve --storage postgres://…` processes on loopback, as an operator
 * runs them: `init` once against the database from one data directory, whose keys every
 * replica's data directory then holds (a mounted Secret); each replica on its own port, all
 * under one public URL (the checkpoint origin). `config` is each replica's config file (JSON is
 * YAML), with its `replica.id` added per start.
 */
export class ReplicaSet {
  readonly replicas: Replica[];

  private constructor(
    replicas: Replica[],
    private readonly database: string,
    private readonly config: Record<string, unknown>,
    private readonly dirs: string[],
  ) {
    this.replicas = replicas;
  }

  static async create(options: {
    count: number;
    database: string;
    config: Record<string, unknown>;
  }): Promise<ReplicaSet> {
    const secret = await tempDir('signet-secret-');
    const dirs = [secret];
    const ports = await Promise.all(Array.from({ length: options.count }, () => freePort()));
    const configFile = join(secret, 'init.json');
    await writeFile(configFile, JSON.stringify(options.config));
    await run(process.execPath, [
      join(repoRoot(), 'bin', 'signet-server.js'),
      'init',
      '--data-dir',
      secret,
      '--storage',
      options.database,
      '--config',
      configFile,
      '--public-url',
      `http://127.0.0.1:${ports[0]}`,
    ]);
    const replicas: Replica[] = [];
    for (const [index, port] of ports.entries()) {
      const dataDir = await tempDir(`signet-replica-${index}-`);
      dirs.push(dataDir);
      await cp(join(secret, 'keys'), join(dataDir, 'keys'), { recursive: true });
      replicas.push({
        index,
        url: `http://127.0.0.1:${port}`,
        dataDir,
        process: undefined,
        generation: 0,
        agent: new Agent({ keepAlive: true, timeout: AGENT_IDLE_MS }),
      });
    }
    return new ReplicaSet(replicas, options.database, options.config, dirs);
  }

  /** The replicas running now. */
  up(): Replica[] {
    return this.replicas.filter((r) => r.process !== undefined);
  }

  /**
   * Starts replica `index` under the name `id` in the lease rows, on `storage` (the database,
   * or a proxy in front of it), and waits until its /readyz answers 200 (bounded).
   */
  async start(index: number, id: string, storage = this.database): Promise<Replica> {
    const replica = this.replicas[index] as Replica;
    const file = join(replica.dataDir, 'config.json');
    await writeFile(
      file,
      JSON.stringify({
        ...this.config,
        replica: { ...(this.config.replica as object | undefined), id },
      }),
    );
    const port = Number(new URL(replica.url).port);
    const server = await startServerProcess({
      dataDir: replica.dataDir,
      port,
      init: false,
      args: ['--storage', storage, '--config', file],
    });
    replica.agent = new Agent({ keepAlive: true, timeout: AGENT_IDLE_MS });
    replica.generation++;
    replica.process = server;
    await this.ready(replica);
    return replica;
  }

  /** Polls /readyz until 200, within EVENT_BOUND_MS; the body of the ready answer. */
  async ready(replica: Replica): Promise<string> {
    const deadline = Date.now() + EVENT_BOUND_MS;
    for (;;) {
      const res = await send(replica.agent, `${replica.url}/readyz`);
      if (res.status === 200) return res.body.toString('utf8');
      if (Date.now() > deadline) {
        throw new Error(
          `replica ${replica.index} not ready within ${EVENT_BOUND_MS} ms: ${res.status} ${res.body.toString()}\n${replica.process?.stderr().slice(-4000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** SIGKILL: the replica is marked down first, so that no new request goes to it. */
  async kill(replica: Replica): Promise<void> {
    const server = replica.process;
    replica.process = undefined;
    replica.generation++;
    replica.agent.destroy();
    await server?.kill();
  }

  /**
   * The replicas whose /readyz says they hold `log`'s lease now; a replica that does not answer
   * in time counts as not holding it.
   */
  async holders(log: string): Promise<Replica[]> {
    const answers = await Promise.all(
      this.up().map(async (replica) => {
        try {
          const res = await send(replica.agent, `${replica.url}/readyz`);
          const body = JSON.parse(res.body.toString('utf8')) as {
            leases?: Record<string, string>;
          };
          return body.leases?.[log] === 'holder' ? replica : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    return answers.filter((r): r is Replica => r !== undefined);
  }

  /** Kills what runs and removes every data directory. */
  async dispose(): Promise<void> {
    for (const replica of this.replicas) await this.kill(replica);
    for (const dir of this.dirs) await rm(dir, { recursive: true, force: true });
  }
}
