import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ServerError } from './http.js';
import type { Logger } from './logger.js';
import type { Counter } from './metrics.js';

/**
 * How many connections the process keeps open, and which it closes at the cap. Every connection
 * costs a file descriptor; run out of them and the logs cannot open their files, the workers and
 * outbound fetches fail, and new clients are accepted only to be dropped (issue 11: ~1,200 idle
 * connections under `ulimit -n 1024` left every answer a 503).
 */

/** Assumed when the limit cannot be read (no /proc): the usual soft default of Linux. */
export const FALLBACK_DESCRIPTOR_LIMIT = 1024;
/**
 * Descriptors kept from connections for the rest of the process: Node itself (~25), the two
 * logs' lock, journal and tile files, and outbound fetches (OIDC discovery and JWKS, an external
 * CT log).
 */
export const RESERVED_DESCRIPTORS = 128;
/** Each verify worker thread has its own event loop: an epoll, an eventfd and pipes. */
export const DESCRIPTORS_PER_WORKER = 8;
/** Fewer connections than this is no service: raise the limit instead. */
const MIN_CONNECTIONS = 16;

export interface DescriptorLimit {
  limit: number;
  /** Where it came from: the kernel's view of this process, or the fallback. */
  source: '/proc/self/limits' | 'fallback';
}

/**
 * The soft RLIMIT_NOFILE of this process. Node has no getrlimit; on Linux /proc/self/limits has
 * it (after Node raised the soft limit to the hard one at start-up, as it does).
 */
export function descriptorLimit(
  read = (): string => readFileSync('/proc/self/limits', 'utf8'),
): DescriptorLimit {
  let text: string;
  try {
    text = read();
  } catch {
    return { limit: FALLBACK_DESCRIPTOR_LIMIT, source: 'fallback' };
  }
  const soft = /^Max open files\s+(\d+|unlimited)\s/m.exec(text)?.[1];
  if (soft === undefined) return { limit: FALLBACK_DESCRIPTOR_LIMIT, source: 'fallback' };
  return {
    limit: soft === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(soft),
    source: '/proc/self/limits',
  };
}

/**
 * `server.maxConnections`: the configured cap, or the descriptor limit less what the process
 * needs besides connections. A configured cap the limit cannot hold stops start-up.
 */
export function maxConnectionsOf(
  configured: number | undefined,
  verifyWorkers: number,
  { limit, source }: DescriptorLimit,
): number {
  const room = limit - RESERVED_DESCRIPTORS - DESCRIPTORS_PER_WORKER * verifyWorkers;
  const needs = `${RESERVED_DESCRIPTORS} + ${DESCRIPTORS_PER_WORKER} per verify worker`;
  if (configured !== undefined) {
    if (source === 'fallback' || configured <= room) return configured;
    throw new ServerError(
      'CONFIG_INVALID',
      `invalid configuration: server.maxConnections ${configured} does not fit the descriptor limit ${limit} (ulimit -n), which leaves room for ${room} connections besides the ${needs} the process needs; lower it or raise the limit`,
    );
  }
  if (room < MIN_CONNECTIONS) {
    throw new ServerError(
      'CONFIG_INVALID',
      `the descriptor limit ${limit} (ulimit -n) leaves ${Math.max(room, 0)} connections besides the ${needs} the process needs; raise it to at least ${limit - room + MIN_CONNECTIONS}`,
    );
  }
  return room;
}

/** Why a connection was closed at the cap. */
export type ShedReason =
  /** An idle connection (no request in flight), closed to admit a new one. */
  | 'idle'
  /** A new connection, refused: every open connection had a request in flight. */
  | 'full';

/**
 * Holds `server` to `max` connections. At the cap a new connection closes the connection idle
 * the longest (connected without a complete request yet, or kept alive after its answer), so a
 * flood of idle connections cannot keep new clients out; only when every connection has a request
 * in flight is the new one refused. Returns the number of connections open.
 */
export function capConnections(
  server: Server,
  max: number,
  shed: (reason: ShedReason) => void,
): () => number {
  const open = new Set<Socket>();
  /** Idle connections, longest idle first (a Set iterates in insertion order). */
  const idle = new Set<Socket>();
  const requests = new WeakMap<Socket, number>();
  const close = (socket: Socket): void => {
    open.delete(socket);
    idle.delete(socket);
    socket.destroy();
  };
  server.on('connection', (socket: Socket) => {
    if (open.size >= max) {
      const oldest = idle.values().next().value;
      if (oldest === undefined) {
        socket.destroy();
        shed('full');
        return;
      }
      close(oldest);
      shed('idle');
    }
    open.add(socket);
    idle.add(socket);
    socket.once('close', () => close(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const { socket } = req;
    idle.delete(socket);
    requests.set(socket, (requests.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (requests.get(socket) ?? 1) - 1;
      requests.set(socket, left);
      if (left === 0 && open.has(socket)) idle.add(socket);
    });
  });
  return () => open.size;
}

/** At most one warning this often while connections are being shed; the counter has them all. */
export const SHED_WARNING_INTERVAL_MS = 60_000;

/** Counts each connection shed, and warns of shedding at most once a minute. */
export function shedReporter(
  shed: Counter,
  logger: Logger,
  maxConnections: number,
): (reason: ShedReason) => void {
  let warnedAt = -Infinity;
  return (reason) => {
    shed.inc({ reason });
    const now = Date.now();
    if (now - warnedAt < SHED_WARNING_INTERVAL_MS) return;
    warnedAt = now;
    logger.warn('connection cap reached: closing connections', {
      maxConnections,
      reason,
      counted: 'signet_http_connections_shed_total',
    });
  };
}
