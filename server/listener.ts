import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpServerSettings } from './config.js';
import { type ShedReason, capConnections } from './connections.js';
import { ServerError } from './http.js';

/**
 * Pending connections the kernel may queue: a burst of CI jobs connecting at once overflowed
 * Node's default of 511 in the benchmarks, costing those clients a SYN retry (1-3 s).
 */
export const LISTEN_BACKLOG = 4096;
/**
 * How often the header and request timeouts are checked (Node's default is 30 s): a timeout is
 * honoured within a second of its setting.
 */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export interface ListenOptions {
  host: string;
  port: number;
  /** `server.*`, with `maxConnections` resolved. */
  limits: HttpServerSettings & { maxConnections: number };
  /** Called for each connection closed at the cap. */
  shed(reason: ShedReason): void;
}

export interface Listener {
  /** The address bound, as a URL (the public URL may differ behind a proxy). */
  url: string;
  /** Connections open now. */
  connections(): number;
  /**
   * Stops accepting connections, runs `finish` (work still in flight completes), waits for
   * every request to be answered, then closes the remaining connections.
   */
  close(finish: () => Promise<void>): Promise<void>;
}

/** Why binding failed, in the operator's terms, and which setting picks another address. */
const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'the address is already in use (another process listens there)',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'no interface of this machine has that address',
};

/** Serves `handle` on HOST:PORT; a refused bind is a ServerError naming the fix. */
export async function listen(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: ListenOptions,
): Promise<Listener> {
  const { host, port, limits } = options;
  const address = { host, port };
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.idleTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    (req, res) => {
      inFlight++;
      void handle(req, res).finally(() => {
        if (--inFlight === 0) drained?.();
      });
    },
  );
  const connections = capConnections(server, limits.maxConnections, options.shed);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ ...address, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    throw listenError(error, address);
  });
  const bound = server.address() as AddressInfo;
  const boundHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${boundHost}:${bound.port}`,
    connections,
    async close(finish) {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await finish();
      // Writers whose batch `finish` flushed are answered before their connections close.
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      server.closeAllConnections();
      await stopped;
    },
  };
}

function listenError(error: unknown, address: { host: string; port: number }): unknown {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const problem = LISTEN_PROBLEMS[code];
  if (problem === undefined) return error;
  const where = address.host.includes(':')
    ? `[${address.host}]:${address.port}`
    : `${address.host}:${address.port}`;
  return new ServerError(
    'LISTEN_FAILED',
    `cannot listen on ${where}: ${problem}; pick another address with --listen HOST:PORT (or "listen" in the config file)`,
    { cause: error },
  );
}
