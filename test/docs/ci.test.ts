import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from '../helpers/vectors.js';

/**
 * docs/actions.md and docs/gitlab.md are written by hand; this checks that they name (as
 * `code`) every input and output of every action and every input of every GitLab template, so
 * an input added to a YAML file fails here until its page says what it does. A `-regexp` twin
 * of an actions/verify pin is covered by the page's sentence about all of them.
 */

const root = repoRoot();

const named = (page: string, name: string): boolean => page.includes(`\`${name}\``);

describe('the CI pages document every input', () => {
  it('docs/actions.md: each input and output of each action', async () => {
    const page = await readFile(join(root, 'docs', 'actions.md'), 'utf8');
    const actions = (await readdir(join(root, 'actions'), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    assert.ok(actions.includes('attest'), actions.join(', '));
    for (const action of actions) {
      const metadata = parse(
        await readFile(join(root, 'actions', action, 'action.yml'), 'utf8'),
      ) as {
        inputs?: Record<string, unknown>;
        outputs?: Record<string, unknown>;
      };
      assert.ok(named(page, `actions/${action}`), `actions/${action} has a section`);
      const names = [...Object.keys(metadata.inputs ?? {}), ...Object.keys(metadata.outputs ?? {})];
      const missing = names.filter((name) => !name.endsWith('-regexp') && !named(page, name));
      assert.deepEqual(missing, [], `actions/${action}: not in docs/actions.md`);
    }
  });

  it('docs/gitlab.md: each input of each template', async () => {
    const page = await readFile(join(root, 'docs', 'gitlab.md'), 'utf8');
    const templates = await readdir(join(root, 'gitlab-templates'));
    assert.ok(templates.includes('attest.yml'), templates.join(', '));
    for (const template of templates) {
      const [header] = parseAllDocuments(
        await readFile(join(root, 'gitlab-templates', template), 'utf8'),
      );
      const inputs = (header?.toJS() as { spec: { inputs: Record<string, unknown> } }).spec.inputs;
      assert.ok(named(page, `gitlab-templates/${template}`), `${template} is in the table`);
      const missing = Object.keys(inputs).filter((name) => !named(page, name));
      assert.deepEqual(missing, [], `${template}: not in docs/gitlab.md`);
    }
  });
});
