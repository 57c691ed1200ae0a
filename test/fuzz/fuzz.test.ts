import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CaError } from '../../src/ca/error.js';
import { CoreError, SignetError } from '../../src/core/error.js';
import { ServerError } from '../../server/http.js';
import { MAX_HANGS, fuzzTarget, replayInputs } from './engine.js';
import { RefusalFault, checkRefusal } from './target.js';
import { TARGETS, findingsDir, targetUrl } from './targets.js';

/**
 * The fuzzer (docs/security.md, "Fuzzing"): the engine finds what it should on toy targets,
 * every finding kept under test/fixtures/fuzz/ is now refused cleanly, and each real target
 * runs briefly with a fixed seed, so a parser change that crashes on a mutated input fails CI.
 */

/** Runs per target here; `npm run fuzz` is for the long hunts. */
const SHORT_RUN_EXECS = 3_000;
/** A bound on each short run, however loaded the machine. */
const SHORT_RUN_SECONDS = 1.5;
const SEED = 20261204;

const toy = (name: string): string => new URL(`./toys/${name}.js`, import.meta.url).href;

describe('the fuzz engine', () => {
  it('finds a bug behind a 3-byte magic prefix with coverage guidance, and not without', async () => {
    const options = {
      target: toy('magic'),
      coverage: [toy('magic')],
      seed: 1,
      seconds: 60,
      execs: 20_000,
      stopOnFinding: true,
    };
    const guided = await fuzzTarget(options);
    assert.equal(guided.findings.length, 1, `not found in ${guided.execs} runs`);
    const [finding] = guided.findings;
    assert.equal(finding?.kind, 'crash');
    assert.match(finding?.message ?? '', /TypeError: planted bug/);
    assert.deepEqual(finding?.input.subarray(0, 3), Buffer.from('SIG'));
    // The same seed and budget without keeping what reaches new blocks: blind mutation.
    const blind = await fuzzTarget({ ...options, guided: false });
    assert.equal(blind.findings.length, 0);
    assert.ok(blind.execs >= options.execs);
  });

  it('cuts off an input that never returns, saves it as a hang and carries on', async () => {
    const report = await fuzzTarget({
      target: toy('hang'),
      coverage: [toy('hang')],
      seed: 1,
      seconds: 60,
      inputTimeoutMs: 300,
    });
    // Each hang ends a worker; a new one resumes, until MAX_HANGS.
    assert.equal(report.findings.length, MAX_HANGS);
    for (const finding of report.findings) {
      assert.equal(finding.kind, 'hang');
      assert.equal(finding.input[0], 0);
    }
  });

  it('pins a rejection nobody handled on the input that made it', async () => {
    const report = await fuzzTarget({
      target: toy('escape'),
      coverage: [toy('escape')],
      seed: 1,
      seconds: 30,
      stopOnFinding: true,
    });
    assert.equal(report.findings.length, 1);
    assert.match(report.findings[0]?.message ?? '', /^unhandled rejection: Error: a rejection/);
    assert.equal(report.findings[0]?.input[0], 0x21);
  });

  it('replays inputs one by one: a throw, a hang and an escape each fail their input only', async () => {
    const magic = await replayInputs(toy('magic'), [Buffer.from('SIGN'), Buffer.from('SIN')]);
    assert.deepEqual(
      magic.map((r) => r.ok),
      [false, true],
    );
    const hang = await replayInputs(
      toy('hang'),
      [Buffer.from('a'), Buffer.from([0]), Buffer.from('b')],
      300,
    );
    assert.deepEqual(
      hang.map((r) => r.ok),
      [true, false, true],
    );
    assert.match(hang[1]?.message ?? '', /^hang/);
    const escape = await replayInputs(toy('escape'), [Buffer.from('!'), Buffer.from('a')]);
    assert.deepEqual(
      escape.map((r) => r.ok),
      [false, true],
    );
  });
});

describe('what counts as a clean refusal', () => {
  const rules = { types: [CaError, ServerError], http: true };

  it('is the module error type with a stable code, and a 4xx through HTTP', () => {
    checkRefusal(new CaError('CSR_INVALID', 'certificate signing request: empty input'), rules);
    checkRefusal(new ServerError('BAD_REQUEST', 'request body is empty; expected JSON'), rules);
  });

  it('is not another type, a code that is not stable, an empty message or a 5xx', () => {
    assert.throws(() => checkRefusal(new TypeError('x is undefined'), rules), TypeError);
    assert.throws(
      () => checkRefusal('a string', rules),
      (e) => e === 'a string',
    );
    assert.throws(() => checkRefusal(new CoreError('DER_INVALID', 'bad'), rules), CoreError);
    const unstable = new CaError('CSR_INVALID', 'm');
    (unstable as { code: string }).code = 'csr invalid';
    assert.throws(() => checkRefusal(unstable, rules), RefusalFault);
    assert.throws(() => checkRefusal(new CaError('CSR_INVALID', ' '), rules), RefusalFault);
    assert.throws(
      () => checkRefusal(new ServerError('INTERNAL', 'it broke'), rules),
      /INTERNAL answers HTTP 500/,
    );
    // Without http, the status is not asked.
    checkRefusal(new ServerError('INTERNAL', 'it broke'), { types: [SignetError] });
  });
});

describe('fuzz targets', () => {
  for (const name of TARGETS) {
    describe(name, () => {
      const dir = findingsDir(name);
      const saved = existsSync(dir) ? readdirSync(dir).sort() : [];

      if (saved.length > 0) {
        it(`refuses each of its ${saved.length} saved findings cleanly`, async () => {
          const inputs = saved.map((file) => readFileSync(new URL(file, dir)));
          const results = await replayInputs(targetUrl(name), inputs);
          const failed = results.flatMap((r, i) => (r.ok ? [] : [`${saved[i]}: ${r.message}`]));
          assert.deepEqual(failed, []);
        });
      }

      it(`survives ${SHORT_RUN_EXECS} mutated inputs (seed ${SEED})`, async () => {
        const report = await fuzzTarget({
          target: targetUrl(name),
          seed: SEED,
          seconds: SHORT_RUN_SECONDS,
          execs: SHORT_RUN_EXECS,
        });
        assert.deepEqual(
          report.findings.map((f) => `${f.kind}: ${f.message}`),
          [],
          `replay with: npm run fuzz -- ${name} --seed ${SEED}`,
        );
        assert.ok(report.corpus > 1, 'coverage guidance kept no input');
      });
    });
  }
});
