import { type Socket, connect } from 'node:net';

/**
 * A lean HTTP/1.1 client for the load generator: keep-alive sockets written with pre-built
 * request heads, and answers parsed only as far as the status line, the framing headers
 * (Content-Length, Transfer-Encoding: chunked, Connection: close) and, when asked for, the body.
 * `node:http` with an Agent costs 55–80 µs of CPU per request on the 2-core machine the targets
 * are stated for, and that CPU comes out of the server's share; this costs a fraction of it.
 *
 * One request at a time per connection (no pipelining), as the `node:http` generator sends them,
 * so the server sees the same traffic from either.
 */

/** Called once per request: an HTTP status and (if kept) the body, or a transport error code. */
export type AnswerCallback = (status: number, body: Buffer | undefined, error?: string) => void;

/** Longest answer head accepted; a server sending more is broken, not slow. */
const MAX_HEAD_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
/** Where every connection's reads land; see RawConnection.open. */
const READ_BUFFER = Buffer.alloc(64 * 1024);
const STATUS_LINE = /^HTTP\/1\.1 ([1-5]\d\d)(?: |$)/;

/** A request head for `POST path` with a body of `length` bytes. */
export function requestHead(
  host: string,
  path: string,
  contentType: string,
  length: number,
): Buffer {
  return Buffer.from(
    `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${contentType}\r\nContent-Length: ${length}\r\n\r\n`,
    'latin1',
  );
}

/** The parts of an answer head the generator needs. */
interface Head {
  status: number;
  /** Body length, or -1 for a chunked body. */
  length: number;
  close: boolean;
}

/** Parses an answer head (without its final CRLF CRLF), or says what is wrong with it. */
export function parseHead(text: string): Head | string {
  const lines = text.split('\r\n');
  const statusLine = STATUS_LINE.exec(lines[0] as string);
  if (statusLine === null) return `bad status line: ${JSON.stringify(lines[0]?.slice(0, 80))}`;
  const status = Number(statusLine[1]);
  let length = NaN;
  let chunked = false;
  let close = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `bad header line: ${JSON.stringify(line.slice(0, 80))}`;
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d+$/.test(value)) return `bad content-length: ${JSON.stringify(value)}`;
      length = Number(value);
    } else if (name === 'transfer-encoding') {
      if (value.toLowerCase() !== 'chunked') return `unsupported transfer-encoding: ${value}`;
      chunked = true;
    } else if (name === 'connection') {
      close = value.toLowerCase() === 'close';
    }
  }
  if (chunked) return { status, length: -1, close };
  // No framing (1xx, 204 and 304 have no body; anything else would be read to the close,
  // which a keep-alive generator cannot use).
  if (Number.isNaN(length)) {
    if (status < 200 || status === 204 || status === 304) return { status, length: 0, close };
    return 'answer has neither content-length nor chunked encoding';
  }
  return { status, length, close };
}

/**
 * A chunked body decoded from `data` starting at `from`: the body and where the message ends,
 * undefined if incomplete, or a string saying what is malformed.
 */
export function decodeChunked(
  data: Buffer,
  from: number,
): { body: Buffer; end: number } | string | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd < 0) return undefined;
    const sizeText = data.toString('latin1', at, lineEnd).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) return `bad chunk size: ${JSON.stringify(sizeText)}`;
    const size = parseInt(sizeText, 16);
    at = lineEnd + 2;
    if (size === 0) {
      // Trailers, if any, end with an empty line.
      const end = data.indexOf(CRLF, at);
      if (end < 0) return undefined;
      if (end === at) return { body: Buffer.concat(parts), end: at + 2 };
      const trailersEnd = data.indexOf(HEAD_END, at);
      if (trailersEnd < 0) return undefined;
      return { body: Buffer.concat(parts), end: trailersEnd + 4 };
    }
    if (data.length < at + size + 2) return undefined;
    parts.push(data.subarray(at, at + size));
    if (data[at + size] !== 13 || data[at + size + 1] !== 10) return 'chunk not followed by CRLF';
    at += size + 2;
  }
}

export interface ConnectionOptions {
  host: string;
  port: number;
  /** Keep answer bodies for the callback (the CA benchmark checks every answer). */
  keepBodies: boolean;
}

/**
 * One keep-alive connection, opened on first use and again after the server closes it. An
 * answer the generator cannot frame, bytes the server sends unasked, or a socket error fail the
 * request in flight and drop the socket, so the next request starts on a clean connection.
 */
export class RawConnection {
  private socket: Socket | undefined;
  private callback: AnswerCallback | undefined;
  /** Bytes of the answer in flight received so far, when it came in more than one piece. */
  private buffered: Buffer | undefined;

  constructor(private readonly options: ConnectionOptions) {}

  get busy(): boolean {
    return this.callback !== undefined;
  }

  /** Writes one request (head and body in one writev); `done` is called exactly once. */
  send(head: Buffer, body: Buffer, done: AnswerCallback): void {
    if (this.callback !== undefined) throw new Error('RawConnection: a request is in flight');
    this.callback = done;
    const socket = this.socket ?? this.open();
    socket.cork();
    socket.write(head);
    socket.write(body);
    socket.uncork();
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private open(): Socket {
    // Reads land in one shared buffer (no Buffer per read, no stream machinery); what outlives
    // the callback, a partial answer or a kept body, is copied out of it.
    const socket: Socket = connect({
      host: this.options.host,
      port: this.options.port,
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (bytes: number, buffer: Uint8Array) => {
          this.onData(socket, (buffer as Buffer).subarray(0, bytes));
          return true;
        },
      },
    });
    this.socket = socket;
    this.buffered = undefined;
    socket.on('error', (error: NodeJS.ErrnoException) =>
      this.fail(socket, error.code ?? 'socket error'),
    );
    socket.on('close', () => this.fail(socket, 'connection closed'));
    return socket;
  }

  private fail(socket: Socket, reason: string): void {
    if (this.socket !== socket) return; // an old socket's late event
    this.socket = undefined;
    this.buffered = undefined;
    socket.destroy();
    this.finish(0, undefined, reason);
  }

  private finish(status: number, body: Buffer | undefined, error?: string): void {
    const done = this.callback;
    this.callback = undefined;
    done?.(status, body, error);
  }

  private onData(socket: Socket, chunk: Buffer): void {
    if (this.socket !== socket) return;
    if (this.callback === undefined) {
      this.fail(socket, 'bytes from the server with no request in flight');
      return;
    }
    const data = this.buffered === undefined ? chunk : Buffer.concat([this.buffered, chunk]);
    const headEnd = data.indexOf(HEAD_END);
    if (headEnd < 0) {
      if (data.length > MAX_HEAD_BYTES) this.fail(socket, 'answer head too long');
      else this.buffered = Buffer.from(data);
      return;
    }
    const head = parseHead(data.toString('latin1', 0, headEnd));
    if (typeof head === 'string') {
      this.fail(socket, head);
      return;
    }
    const bodyStart = headEnd + 4;
    let body: Buffer;
    let end: number;
    if (head.length >= 0) {
      end = bodyStart + head.length;
      if (data.length < end) {
        this.buffered = Buffer.from(data);
        return;
      }
      body = data.subarray(bodyStart, end);
    } else {
      const decoded = decodeChunked(data, bodyStart);
      if (decoded === undefined) {
        this.buffered = Buffer.from(data);
        return;
      }
      if (typeof decoded === 'string') {
        this.fail(socket, decoded);
        return;
      }
      ({ body, end } = decoded);
    }
    this.buffered = undefined;
    if (data.length > end) {
      this.fail(socket, 'more bytes than one answer');
      return;
    }
    if (head.close) {
      this.socket = undefined;
      socket.destroy();
    }
    this.finish(head.status, this.options.keepBodies ? Buffer.from(body) : undefined);
  }
}

interface Waiting {
  head: Buffer;
  body: Buffer;
  done: AnswerCallback;
}

/**
 * Up to `size` connections to one server, for an open loop: a request takes an idle connection,
 * opens a new one while fewer than `size` exist, or waits its turn (FIFO) for the next answer.
 */
export class RawPool {
  private readonly idle: RawConnection[] = [];
  /** Requests waiting for a connection, oldest at `waitingHead` (a queue without shift()). */
  private waiting: (Waiting | undefined)[] = [];
  private waitingHead = 0;
  private readonly all: RawConnection[] = [];

  constructor(
    private readonly options: ConnectionOptions,
    private readonly size: number,
  ) {}

  send(head: Buffer, body: Buffer, done: AnswerCallback): void {
    let connection = this.idle.pop();
    if (connection === undefined && this.all.length < this.size) {
      connection = new RawConnection(this.options);
      this.all.push(connection);
    }
    if (connection === undefined) this.waiting.push({ head, body, done });
    else this.start(connection, head, body, done);
  }

  close(): void {
    for (const connection of this.all) connection.close();
  }

  private start(connection: RawConnection, head: Buffer, body: Buffer, done: AnswerCallback): void {
    connection.send(head, body, (status, answer, error) => {
      done(status, answer, error);
      const next = this.waiting[this.waitingHead];
      if (next === undefined) {
        this.idle.push(connection);
        return;
      }
      this.waiting[this.waitingHead++] = undefined;
      if (this.waitingHead === this.waiting.length) {
        this.waiting = [];
        this.waitingHead = 0;
      }
      this.start(connection, next.head, next.body, next.done);
    });
  }
}
