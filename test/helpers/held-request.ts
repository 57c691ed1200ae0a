import { type Socket, connect } from 'node:net';

/** A POST the server has begun to handle and cannot finish: its body lacks its last byte. */
export interface HeldRequest {
  socket: Socket;
  /** What the server has sent since its `100 Continue`. */
  received(): string;
  /** Sends the last byte; resolves to the whole answer. */
  finish(): Promise<string>;
}

/**
 * Sends a POST with `Expect: 100-continue` on a connection of its own and resolves once the
 * server's `100 Continue` arrives: Node sends it as it hands the request to the handler, so from
 * then on the request is in flight (admitted, counted, its connection busy). Then all of the body
 * but its last byte follows.
 */
export function holdRequest(
  url: string,
  path: string,
  contentType: string,
  body: string,
  withinMs = 15_000,
): Promise<HeldRequest> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let text = '';
    let continued = false;
    const bound = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no 100 Continue for POST ${path} within ${withinMs} ms: ${text}`));
    }, withinMs);
    socket.on('connect', () =>
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: ${contentType}\r\n` +
          `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
      ),
    );
    socket.once('error', reject);
    socket.on('data', (data: Buffer) => {
      text += data.toString('latin1');
      if (continued || !text.includes('\r\n\r\n')) return;
      if (!text.startsWith('HTTP/1.1 100 ')) {
        clearTimeout(bound);
        reject(new Error(`POST ${path} was answered instead of continued: ${text}`));
        return;
      }
      continued = true;
      clearTimeout(bound);
      text = text.slice(text.indexOf('\r\n\r\n') + 4);
      socket.write(body.slice(0, -1));
      resolve({
        socket,
        received: () => text,
        finish() {
          socket.write(body.slice(-1));
          return new Promise((done) => {
            const check = (): void => {
              const end = text.indexOf('\r\n\r\n');
              const length = Number(/content-length: (\d+)/i.exec(text)?.[1]);
              if (end >= 0 && text.length - end - 4 >= length) done(text);
              else socket.once('data', check);
            };
            check();
          });
        },
      });
    });
  });
}
