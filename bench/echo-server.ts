import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

/**
 * A bare `node:http` server, run in its own process by bench/http-ceiling.ts: the ceiling any
 * route of `signet-server` could reach on this machine with the same load generator, one HTTP
 * layer at a time. No router, no metrics, no logging, no limits.
 *
 * - `read`: the body read in full, then a fixed 2-byte answer (HTTP parsing and writing only);
 * - `parse`: the same plus `JSON.parse` of the body;
 * - `echo`: the same plus a JSON answer, the parsed body stringified back (an answer about the
 *   size of the request, as a log entry's is).
 *
 * Usage: node build/bench/echo-server.js MODE; prints `listening PORT` once it accepts.
 */
export const ECHO_MODES = ['read', 'parse', 'echo'] as const;
export type EchoMode = (typeof ECHO_MODES)[number];

/** What each mode adds, for the report. */
export const ECHO_LAYERS: Record<EchoMode, string> = {
  read: 'body read, 2-byte answer',
  parse: '+ `JSON.parse`',
  echo: '+ JSON answer (the body re-serialised)',
};

/** The listen backlog `signet-server` uses by default, so connects queue the same way. */
const BACKLOG = 4096;
const OK = Buffer.from('ok');

function handler(mode: EchoMode): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      if (mode === 'read') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': OK.length });
        res.end(OK);
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(body.toString());
      } catch {
        res.writeHead(400, { 'content-length': 0 });
        res.end();
        return;
      }
      const answer = mode === 'echo' ? Buffer.from(JSON.stringify(value)) : OK;
      res.writeHead(200, {
        'content-type': mode === 'echo' ? 'application/json' : 'text/plain',
        'content-length': answer.length,
      });
      res.end(answer);
    });
  };
}

function main(mode: EchoMode): void {
  if (!ECHO_MODES.includes(mode)) {
    process.stderr.write(`usage: echo-server.js ${ECHO_MODES.join('|')}\n`);
    process.exit(2);
  }
  const server = createServer(handler(mode));
  server.listen({ host: '127.0.0.1', port: 0, backlog: BACKLOG }, () => {
    process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
  });
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

// Imported for its modes by run.ts and http-ceiling.ts; a server only when run as the script.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  main(process.argv[2] as EchoMode);
