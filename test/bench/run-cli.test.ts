import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../../bench/common.js';
import type { QuickFigure } from '../../bench/quick.js';

const RUN = join(REPO_ROOT, 'build', 'bench', 'run.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [RUN, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({
        code: error === null ? 0 : ((error.code as number | undefined) ?? 1),
        stdout,
        stderr,
      }),
    ),
  );
}

describe('run.js --quick --json and --compare', () => {
  let dir: string;
  // The cheapest headline figure: the in-process engine against @peculiar/x509, briefly.
  const args = ['--quick', '--only', 'ca-x509', '--duration', '0.3', '--warmup', '0.1'];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-bench-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('saves the ratios, and fails against a reference they fall short of', async () => {
    const saved = join(dir, 'reference.json');
    const first = await run([...args, '--json', saved]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /\| Headline \(quick\) \|/);
    const reference = JSON.parse(await readFile(saved, 'utf8')) as { quick: QuickFigure[] };
    assert.deepEqual(
      reference.quick.map((f) => f.key),
      ['ca-x509'],
    );

    // A reference ten times better: this run's cost is far above it, whatever the noise.
    const better = join(dir, 'better.json');
    await writeFile(
      better,
      JSON.stringify({ quick: reference.quick.map((f) => ({ ...f, ratio: f.ratio * 10 })) }),
    );
    const worse = await run([...args, '--compare', better]);
    assert.equal(worse.code, 1);
    assert.match(worse.stdout, /\| ca-x509 \| .* \| \*\*no: worse\*\* \|/);
    assert.match(worse.stderr, /worse than the reference by more than the tolerance: ca-x509/);

    // Ten times worse: an improvement never fails.
    const poorer = join(dir, 'poorer.json');
    await writeFile(
      poorer,
      JSON.stringify({ quick: reference.quick.map((f) => ({ ...f, ratio: f.ratio / 10 })) }),
    );
    const fine = await run([...args, '--compare', poorer]);
    assert.equal(fine.code, 0, fine.stderr);
    assert.match(fine.stdout, /\| ca-x509 \| .* \| yes \|/);
  });

  it('refuses an unknown generator and a reference without ratios, naming them', async () => {
    const generator = await run(['--only', 'sign-baseline', '--generator', 'curl']);
    assert.equal(generator.code, 1);
    assert.match(generator.stderr, /--generator must be one of raw, node, got curl/);
    const plain = join(dir, 'plain.json');
    await writeFile(plain, '{}');
    const compare = await run(['--only', 'sign-baseline', '--compare', plain]);
    assert.equal(compare.code, 1);
    assert.match(compare.stderr, /no "quick" figures/);
  });
});
