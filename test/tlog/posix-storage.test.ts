import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { tempDir } from '../helpers/server.js';
import { requireTool } from '../helpers/tools.js';

describe('PosixLogStorage on a disk that takes part of a write', () => {
  it('fails a journal record or an object the disk took only part of, instead of acknowledging it', async (t) => {
    // prlimit sets a file-size limit: a real disk that takes only part of a write.
    if (!requireTool(t, 'prlimit', 'util-linux')) return;
    const dir = await tempDir();
    // Under RLIMIT_FSIZE a write that crosses the limit is cut short (write(2) returns fewer
    // bytes, no error); only the next write fails with EFBIG. Node ignores SIGXFSZ.
    const script = `
      import { PosixLogStorage, writeDurably } from ${JSON.stringify(
        new URL('../../server/storage/posix-log.js', import.meta.url).href,
      )};
      const dir = process.env.SIGNET_TEST_DIR;
      const outcome = (f) => f().then(() => 'stored', (e) => e.code);
      const storage = new PosixLogStorage(dir);
      await storage.recover();
      const sequenced = await outcome(() =>
        storage.sequence({ entries: [Buffer.alloc(300, 1)], hashes: [Buffer.alloc(32)] }));
      const published = await outcome(() => writeDurably(dir + '/tile-like', Buffer.alloc(300, 2)));
      await storage.close();
      console.log(JSON.stringify({ sequenced, published }));
    `;
    const child = spawnSync(
      'prlimit',
      ['--fsize=200', process.execPath, '--input-type=module', '-e', script],
      { env: { ...process.env, SIGNET_TEST_DIR: dir }, encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), { sequenced: 'EFBIG', published: 'EFBIG' });
    await rm(dir, { recursive: true });
  });
});
