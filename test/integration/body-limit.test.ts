import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { TSA_MAX_JSON_BYTES } from '../../server/routes/tsa.js';
import { type TestService, startTestService } from '../helpers/server.js';

/**
 * A body over the limit, sent slowly: the server answers 413 and then closes the connection,
 * instead of reading the rest (issue 11 found it reading 12 MB after its 413) and keeping the
 * connection open.
 */

/** One chunk of the drip, and how often one is sent: slow, as an attacker holding a server would. */
const CHUNK_BYTES = 512;
const DRIP_EVERY_MS = 2;
/** The server must have closed before this much more arrives after its 413 (64 chunks). */
const MORE_AFTER_413_BYTES = 64 * CHUNK_BYTES;
/** Bound on the whole exchange. */
const WITHIN_MS = 15_000;

interface Drip {
  /** What the server sent. */
  response: string;
  /** Body bytes sent after the 413 arrived, until the server closed the connection. */
  sentAfterAnswer: number;
}

/**
 * POSTs an endless body to the TSA in `CHUNK_BYTES` pieces, chunked or under a Content-Length of
 * `declared`, until the server closes the connection. Rejects if it does not close within
 * `MORE_AFTER_413_BYTES` of its answer.
 */
function drip(url: string, declared?: number): Promise<Drip> {
  const { hostname, port } = new URL(url);
  return new Promise<Drip>((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let response = '';
    let answeredAt: number | undefined;
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const fail = (message: string): void => {
      clearInterval(timer);
      clearTimeout(bound);
      socket.destroy();
      reject(new Error(`${message}; the server sent:\n${response}`));
    };
    const bound = setTimeout(() => fail(`no answer and close within ${WITHIN_MS} ms`), WITHIN_MS);
    const chunk = Buffer.alloc(CHUNK_BYTES, 'a');
    socket.on('connect', () => {
      socket.write(
        `POST /api/v1/timestamp HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
          'Content-Type: application/json\r\n' +
          (declared === undefined
            ? 'Transfer-Encoding: chunked\r\n\r\n'
            : `Content-Length: ${declared}\r\n\r\n`),
      );
      timer = setInterval(() => {
        if (answeredAt !== undefined && sent - answeredAt > MORE_AFTER_413_BYTES) {
          fail(`the server kept reading: ${sent - answeredAt} bytes after its answer`);
          return;
        }
        socket.write(
          declared === undefined
            ? Buffer.concat([
                Buffer.from(`${CHUNK_BYTES.toString(16)}\r\n`),
                chunk,
                Buffer.from('\r\n'),
              ])
            : chunk,
        );
        sent += CHUNK_BYTES;
      }, DRIP_EVERY_MS);
    });
    socket.on('data', (data: Buffer) => {
      response += data.toString('latin1');
      if (answeredAt === undefined && response.includes('\r\n\r\n')) answeredAt = sent;
    });
    // Writes racing the server's close fail with EPIPE or ECONNRESET: the close is what we wait for.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(bound);
      if (answeredAt === undefined) {
        reject(new Error(`the server closed the connection without an answer:\n${response}`));
        return;
      }
      resolve({ response, sentAfterAnswer: sent - answeredAt });
    });
  });
}

describe('a request body over the limit', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(() => service.dispose());

  for (const [framing, declared] of [
    ['chunked', undefined],
    ['with a Content-Length over the limit', 12 * 1024 * 1024],
  ] as const) {
    it(`${framing}, dripped slowly: answered 413, then the server closes the connection`, async () => {
      const { response, sentAfterAnswer } = await drip(service.url, declared);
      assert.match(response, /^HTTP\/1\.1 413 /);
      assert.match(response, /\r\nconnection: close\r\n/i);
      assert.match(response, new RegExp(`the limit is ${TSA_MAX_JSON_BYTES} bytes`));
      assert.ok(sentAfterAnswer <= MORE_AFTER_413_BYTES, `${sentAfterAnswer} bytes after 413`);
      // The service still serves new connections.
      assert.equal((await fetch(`${service.url}/healthz`)).status, 200);
    });
  }
});
