import { type Server, type Socket, connect, createServer } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between one client (a replica) and a server (PostgreSQL), that the
 * test partitions and heals. `blackhole` is a network that stops carrying packets: bytes stop
 * moving both ways on open connections (they wait, as in TCP retransmission, and flow again on
 * `heal`), and new connections are accepted but never reach the server until then. `cut` is a
 * partition the client hears about: every open connection is reset and new ones are closed at
 * once, until `heal`.
 */
export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  blackhole(): void;
  cut(): void;
  heal(): void;
  close(): Promise<void>;
}

type Mode = 'open' | 'blackhole' | 'cut';

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: Mode = 'open';
  const pairs = new Set<[Socket, Socket]>();
  /** Client sockets accepted during a blackhole, connected upstream on heal. */
  const held: Socket[] = [];

  const link = (client: Socket): void => {
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  };

  const server: Server = createServer((client) => {
    client.on('error', () => client.destroy());
    if (mode === 'cut') {
      client.resetAndDestroy();
    } else if (mode === 'blackhole') {
      client.pause();
      held.push(client);
    } else {
      link(client);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  const proxy: TcpProxy = {
    port,
    blackhole() {
      if (mode === 'blackhole') return;
      mode = 'blackhole';
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    cut() {
      mode = 'cut';
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
      pairs.clear();
      for (const client of held.splice(0)) client.resetAndDestroy();
    },
    heal() {
      const wasBlackhole = mode === 'blackhole';
      mode = 'open';
      if (!wasBlackhole) return;
      for (const [client, upstream] of pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
      for (const client of held.splice(0)) {
        if (client.destroyed) continue;
        client.resume();
        link(client);
      }
    },
    async close() {
      proxy.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
