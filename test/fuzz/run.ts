import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_INPUT_TIMEOUT_MS, fuzzTarget } from './engine.js';
import { TARGETS, type TargetName, findingsDir, isTarget, targetUrl } from './targets.js';

/** `npm run fuzz -- <target|all> [--seconds N] [--seed S]`: see docs/security.md, "Fuzzing". */

/** Per target, unless --seconds says otherwise. */
const DEFAULT_SECONDS = 60;

const USAGE = `Signet fuzzing: coverage-guided, on V8's block coverage.

Usage: npm run fuzz -- <target|all> [options]     (node build/test/fuzz/run.js ...)

  --seconds N     how long each target runs (default ${DEFAULT_SECONDS})
  --seed S        the random seed, 0 to 2^32-1 (default: a fresh one, printed)
  --timeout MS    how long one input may run before it is a hang (default ${DEFAULT_INPUT_TIMEOUT_MS})

Targets: ${TARGETS.join(', ')}
Findings are saved under test/fixtures/fuzz/<target>/ and replayed by test/fuzz/fuzz.test.ts.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(
  text: string | undefined,
  what: string,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(`--${what} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        seconds: { type: 'string' },
        seed: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) fail('name one target, or all');
const [which] = positionals as [string];
if (which !== 'all' && !isTarget(which)) fail(`no fuzz target "${which}"`);
const targets: readonly TargetName[] = which === 'all' ? TARGETS : [which as TargetName];
const seconds = integer(values.seconds, 'seconds', 1, 86_400) ?? DEFAULT_SECONDS;
const seed = integer(values.seed, 'seed', 0, 2 ** 32 - 1) ?? randomInt(2 ** 32);
const inputTimeoutMs = integer(values.timeout, 'timeout', 10, 600_000) ?? DEFAULT_INPUT_TIMEOUT_MS;

console.log(`seed ${seed}; replay with --seed ${seed}`);
let found = 0;
for (const name of targets) {
  const report = await fuzzTarget({
    target: targetUrl(name),
    seed,
    seconds,
    inputTimeoutMs,
    findingsDir: fileURLToPath(findingsDir(name)),
    onStats: (s) =>
      process.stderr.write(
        `\r${name}: ${s.execs} runs, ${Math.round(s.execs / (s.milliseconds / 1000))}/s, corpus ${s.corpus}, features ${s.features}   `,
      ),
  });
  process.stderr.write('\n');
  const rate = Math.round(report.execs / (report.milliseconds / 1000));
  console.log(
    `${name}: ${report.execs} runs in ${(report.milliseconds / 1000).toFixed(1)} s (${rate}/s), ` +
      `corpus ${report.corpus}, features ${report.features}, findings ${report.findings.length}`,
  );
  for (const finding of report.findings) {
    console.log(`  ${finding.kind}: ${finding.message}\n    saved as ${finding.file}`);
  }
  found += report.findings.length;
}
process.exit(found === 0 ? 0 : 1);
