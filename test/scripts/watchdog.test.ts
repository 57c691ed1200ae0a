import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../helpers/server.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * scripts/test-watchdog.js names the test a stuck file was running, and the run ends. The
 * stuck test blocks its thread for good (Atomics.wait on a value nobody changes), as a
 * deadlock in native code does: its own per-test timer can never fire.
 */

const TIMEOUT_MS = 5_000;
/** The whole run: the stuck file is stopped after about TIMEOUT_MS + GRACE_MS. */
const RUN_BOUND_MS = 90_000;

const STUCK = `import { describe, it } from 'node:test';
describe('outer', () => {
  it('fine', () => {});
  it('blocks its thread', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });
});
`;
const HEALTHY = `import { it } from 'node:test';
it('passes beside it', () => {});
`;

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Without the marker that makes a nested `node --test` skip its files.
    const inherited = { ...process.env, ...env };
    delete inherited.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, args, {
      env: inherited,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: RUN_BOUND_MS,
      killSignal: 'SIGKILL',
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the test watchdog', () => {
  it('names the test a blocked file was running, and the run goes on', async () => {
    const dir = await tempDir();
    try {
      await writeFile(join(dir, 'stuck.test.mjs'), STUCK);
      await writeFile(join(dir, 'healthy.test.mjs'), HEALTHY);
      const started = Date.now();
      const { code, output } = await run(
        [
          '--test',
          '--test-concurrency=2',
          `--test-timeout=${TIMEOUT_MS}`,
          '--test-reporter=spec',
          '--test-reporter-destination=stdout',
          `--test-reporter=${join(repoRoot(), 'scripts', 'test-watchdog.js')}`,
          '--test-reporter-destination=stderr',
          join(dir, 'stuck.test.mjs'),
          join(dir, 'healthy.test.mjs'),
        ],
        { SIGNET_TEST_TIMEOUT_MS: String(TIMEOUT_MS), SIGNET_TEST_GRACE_MS: '2000' },
      );
      assert.ok(Date.now() - started < RUN_BOUND_MS, `the run was stopped:\n${output}`);
      assert.equal(code, 1, output);
      // Node 20 stops the file at the timeout (TIMED OUT); later versions need the watchdog.
      assert.match(
        output,
        /(HUNG|TIMED OUT): \S*stuck\.test\.mjs.*the last test it started was "outer > blocks its thread"/,
      );
      assert.match(output, /✔ passes beside it/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
