import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';
import { freePort, startServerProcess, tempDir } from '../helpers/server.js';

const cleanup: string[] = [];
after(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

const dataDir = async (): Promise<string> => {
  const dir = await tempDir('signet-startup-');
  cleanup.push(dir);
  return dir;
};

describe('signet-server serve on an address it cannot have', () => {
  it('names the busy address and the setting that picks another, exits 1, no stack trace', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    const dir = await dataDir();
    try {
      await assert.rejects(startServerProcess({ dataDir: dir, port }), (error: Error) => {
        const [first, ...stderr] = error.message.split('\n');
        assert.equal(first, 'server exited with code 1 before serving:');
        const output = stderr.join('\n').trim();
        assert.equal(
          output.split('\n').at(-1),
          `signet-server serve: cannot listen on 127.0.0.1:${port}: the address is already in use (another process listens there); pick another address with --listen HOST:PORT (or "listen" in the config file)`,
        );
        assert.doesNotMatch(output, /EADDRINUSE|^\s+at /m);
        return true;
      });
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
    // The data directory the failed start initialised serves on a free port.
    const server = await startServerProcess({ dataDir: dir, port: await freePort() });
    assert.equal(await server.stop(), 0);
  });
});
