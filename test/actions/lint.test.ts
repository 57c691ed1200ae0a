import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/vectors.js';

/**
 * Every action.yml and every example workflow in docs/ through @action-validator/cli (the
 * SchemaStore schemas for actions and workflows), which .ci/run installs. Its schema predates
 * node24, so a node24 action is validated as the node20 action it is otherwise identical to,
 * and its `using` is checked here.
 */

const root = repoRoot();
const validator = join(root, 'node_modules', '.bin', 'action-validator');

async function filesNamed(dir: string, match: (name: string) => boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && match(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function validate(file: string): Promise<void> {
  try {
    await promisify(execFile)(validator, [file]);
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    assert.fail(`${relative(root, file)} fails action-validator:\n${stdout}${stderr}`);
  }
}

describe('lint', { skip: !existsSync(validator) && process.env.CI !== 'true' }, () => {
  it('has the linter (CI installs it: .ci/run)', () => {
    assert.ok(existsSync(validator), `${validator} is missing: run .ci/run's install line`);
  });

  it('every action.yml passes action-validator', async () => {
    const actions = await filesNamed(join(root, 'actions'), (n) => n === 'action.yml');
    assert.ok(actions.length >= 6);
    const scratch = await mkdtemp(join(tmpdir(), 'signet-lint-'));
    try {
      for (const file of actions) {
        const text = await readFile(file, 'utf8');
        const using = (parse(text) as { runs: { using: string } }).runs.using;
        assert.ok(['composite', 'node24'].includes(using), `${file}: runs.using ${using}`);
        if (using === 'composite') {
          await validate(file);
          continue;
        }
        const asNode20 = join(scratch, 'action.yml');
        await writeFile(asNode20, text.replace(/^(\s+using:\s*)node24\s*$/m, '$1node20'));
        await validate(asNode20);
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('every GitHub workflow example in docs/ passes action-validator', async () => {
    const yamls = await filesNamed(join(root, 'docs'), (n) => /\.ya?ml$/.test(n));
    // GitLab pipelines live in docs/ too; a GitHub workflow is the one with on: and jobs:.
    const workflows: string[] = [];
    for (const file of yamls) {
      const doc = parse(await readFile(file, 'utf8')) as Record<string, unknown> | null;
      if (doc !== null && 'on' in doc && 'jobs' in doc) workflows.push(file);
    }
    assert.deepEqual(
      workflows.map((f) => relative(root, f)).filter((f) => f.startsWith('docs/examples/')),
      ['docs/examples/deploy.yml', 'docs/examples/image.yml', 'docs/examples/release.yml'],
    );
    for (const file of workflows) await validate(file);
  });

  it('rejects a broken action, so a pass means something', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'signet-lint-'));
    try {
      const broken = join(scratch, 'action.yml');
      await writeFile(broken, 'name: x\ndescription: y\nruns:\n  using: composite\n  stepz: []\n');
      await assert.rejects(promisify(execFile)(validator, [broken]));
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
