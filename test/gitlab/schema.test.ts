import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from '../helpers/vectors.js';

/**
 * The templates and the example pipeline against GitLab's own CI schema
 * (test/fixtures/gitlab-ci-schema.json, from GitLab's ci.json), and the `spec: inputs`
 * conventions GitLab enforces only when a pipeline is created: every input typed and
 * described, defaults among the options, no input used without being declared, and the
 * example giving each include only inputs its template declares.
 */

const root = repoRoot();
const TEMPLATES = ['sign.yml', 'attest.yml', 'verify.yml'] as const;
const INPUT_USE = /\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g;

interface InputSpec {
  type?: string;
  description?: string;
  default?: unknown;
  options?: unknown[];
  regex?: string;
}

let validate: ValidateFunction;

function schemaErrors(document: unknown): string {
  return validate(document)
    ? ''
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('\n');
}

async function template(name: string): Promise<{ header: unknown; body: unknown; text: string }> {
  const text = await readFile(join(root, 'gitlab-templates', name), 'utf8');
  const documents = parseAllDocuments(text);
  assert.ok(Array.isArray(documents), `${name} is YAML`);
  assert.equal(documents.length, 2, `${name}: a spec header, ---, then the configuration`);
  for (const document of documents) assert.deepEqual(document.errors, [], name);
  const [header, body] = documents.map((d) => d.toJS() as unknown);
  return { header, body, text: text.slice(text.indexOf('\n---\n')) };
}

const inputsOf = (header: unknown): Record<string, InputSpec> =>
  (header as { spec: { inputs: Record<string, InputSpec> } }).spec.inputs;

before(async () => {
  const schema = JSON.parse(
    await readFile(join(root, 'test', 'fixtures', 'gitlab-ci-schema.json'), 'utf8'),
  ) as object;
  // GitLab's schema uses formats (uri-reference, regex) that need no checking here, and
  // keywords beside $ref that strict mode would refuse.
  validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
});

describe('GitLab templates', () => {
  for (const name of TEMPLATES) {
    it(`${name} passes GitLab's CI schema, header and configuration`, async () => {
      const { header, body } = await template(name);
      assert.deepEqual(Object.keys(header as object), ['spec']);
      assert.equal(schemaErrors(header), '', `${name} header`);
      assert.equal(schemaErrors(body), '', `${name} configuration`);
      for (const [job, definition] of Object.entries(body as object)) {
        assert.match(job, /^\.signet-/, `${name}: only hidden jobs, to extend`);
        // The schema lets a hidden key hold anything (it may be a YAML anchor), so each hidden
        // job is checked as the job that extends it will be.
        assert.equal(schemaErrors({ [job.slice(1)]: definition }), '', `${name}: ${job}`);
      }
    });

    it(`${name}: every input is typed, described and used, and only declared inputs are used`, async () => {
      const { header, text } = await template(name);
      const inputs = inputsOf(header);
      const used = new Set([...text.matchAll(INPUT_USE)].map((m) => m[1]));
      assert.deepEqual([...used].sort(), Object.keys(inputs).sort());
      for (const [input, spec] of Object.entries(inputs)) {
        assert.ok(spec.type !== undefined, `${name}: ${input} has a type`);
        assert.ok((spec.description ?? '').length > 20, `${name}: ${input} is described`);
        assert.ok((spec.description ?? '').length <= 1024, `${name}: ${input} description`);
        if (spec.options !== undefined && 'default' in spec) {
          assert.ok(spec.options.includes(spec.default), `${name}: ${input} default in options`);
        }
        if (spec.regex !== undefined && typeof spec.default === 'string') {
          assert.match(spec.default, new RegExp(spec.regex), `${name}: ${input} default`);
        }
      }
    });
  }

  it('the schema rejects a broken template, so a pass means something', () => {
    const broken = {
      'signet-sign': { scriptt: ['signet sign'], id_tokens: { SIGSTORE_ID_TOKEN: {} } },
    };
    assert.match(schemaErrors(broken), /\/signet-sign/);
    assert.notEqual(schemaErrors({ spec: { inputs: { files: { type: 'text' } } } }), '');
  });
});

for (const file of ['gitlab-ci.yml', 'gitlab-image.yml']) {
  const read = async (): Promise<Record<string, unknown>> =>
    parse(await readFile(join(root, 'docs', 'examples', file), 'utf8')) as Record<string, unknown>;

  describe(`docs/examples/${file}`, () => {
    it("passes GitLab's CI schema", async () => {
      assert.equal(schemaErrors(await read()), '');
    });

    it('gives each template only inputs it declares, and every mandatory one', async () => {
      const example = (await read()) as {
        include: { file: string; inputs: Record<string, unknown> }[];
      };
      for (const include of example.include) {
        const { header } = await template(include.file.replace(/^gitlab-templates\//, ''));
        const declared = inputsOf(header);
        for (const [input, value] of Object.entries(include.inputs)) {
          assert.ok(input in declared, `${include.file} has no input ${input}`);
          assert.equal(typeof value, declared[input]?.type, `${include.file}: ${input}'s type`);
        }
        for (const [input, spec] of Object.entries(declared)) {
          if (!('default' in spec)) assert.ok(input in include.inputs, `${include.file}: ${input}`);
        }
      }
    });

    it('each signing job asks GitLab for the token in the consumer file', async () => {
      type Job = { extends?: string | string[]; id_tokens?: Record<string, { aud: string }> };
      const example = (await read()) as Record<string, Job>;
      const parents = (job: Job): string[] =>
        job.extends === undefined ? [] : [job.extends].flat();
      const signers = Object.values(example).filter((job) =>
        parents(job).some((name) => ['.signet-sign', '.signet-attest'].includes(name)),
      );
      assert.ok(signers.length > 0);
      for (const signer of signers) {
        // Its own id_tokens, or those of a hidden job of this file that it extends.
        const tokens = [signer, ...parents(signer).map((name) => example[name] ?? {})].find(
          (job) => job.id_tokens !== undefined,
        )?.id_tokens;
        assert.deepEqual(tokens?.SIGSTORE_ID_TOKEN, { aud: 'sigstore' });
      }
    });
  });
}
