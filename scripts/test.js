// Runs the compiled tests: `node scripts/test.js [--unit] [node --test options] [filters]`.
//
// Node 22 and later take files and globs, not a directory, and Node 20 has no globs, so this
// finds build/test/**/*.test.js itself and hands the list to `node --test` of the same Node
// binary. A filter keeps the files whose path under build/test contains it (`core/note`,
// `integration/`); `--unit` keeps the fast unit tests of the inner loop.
//
// Every run has a per-test timeout, and a watchdog (scripts/test-watchdog.js) for the hangs a
// timeout cannot catch: a test blocked in native code (a deadlock) never returns to the event
// loop, so its own timer never fires.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEST_DIR = join(ROOT, 'build', 'test');

/**
 * Per-test bound. The slowest tests (a CLI sign-and-verify round trip under load) take about
 * a minute on a loaded 2-core machine. Node 20 also applies it to each test file as a whole,
 * so it is above the slowest file too.
 */
export const TEST_TIMEOUT_MS = 300_000;

/** Two files at a time: the machines that run this have 2 cores. */
const CONCURRENCY = 2;

/**
 * The unit tests, for the inner loop: no server processes, no CLI, no CI emulation. They run
 * the property tests with a tenth of their random rounds; the full suite runs them all.
 */
const UNIT_DIRS = ['core', 'tlog', 'ct', 'tsa', 'oidc', 'ca', 'verify', 'kms', 'architecture'];

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(path);
      return entry.isFile() && entry.name.endsWith('.test.js') ? [path] : [];
    })
    .sort();
}

const args = process.argv.slice(2);
const unit = args.includes('--unit');
const options = args.filter((arg) => arg.startsWith('-') && arg !== '--unit');
const filters = args.filter((arg) => !arg.startsWith('-'));
// `--test-timeout=MS` from the caller wins (Node takes the last one); the watchdog needs it too.
const timeout = options.findLast((arg) => arg.startsWith('--test-timeout='))?.slice(15);

const files = testFiles(TEST_DIR).filter((file) => {
  const name = relative(TEST_DIR, file).split(sep).join('/');
  if (unit && !UNIT_DIRS.includes(name.split('/')[0])) return false;
  return filters.length === 0 || filters.some((filter) => name.includes(filter));
});
if (files.length === 0) {
  console.error(`no test file under ${relative(ROOT, TEST_DIR)} matches ${filters.join(' ')}`);
  process.exit(2);
}

// The watchdog reports on stderr beside the reporter the caller chose (spec by default).
const reporters = options.filter((arg) => arg.startsWith('--test-reporter='));
const destinations = options.filter((arg) => arg.startsWith('--test-reporter-destination='));
const display =
  reporters.length === 0
    ? ['--test-reporter=spec', '--test-reporter-destination=stdout']
    : destinations.length === 0
      ? reporters.map(() => '--test-reporter-destination=stdout')
      : [];
const watchdog = [
  `--test-reporter=${join(ROOT, 'scripts', 'test-watchdog.js')}`,
  '--test-reporter-destination=stderr',
];

// Its own process group, so that what a stuck test left running can be stopped with it.
const child = spawn(
  process.execPath,
  [
    '--test',
    `--test-concurrency=${CONCURRENCY}`,
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    ...display,
    ...options,
    ...watchdog,
    ...files,
  ],
  {
    stdio: 'inherit',
    detached: true,
    env: {
      ...process.env,
      SIGNET_TEST_TIMEOUT_MS: timeout ?? String(TEST_TIMEOUT_MS),
      // Property tests run fewer random rounds in the inner loop (test/core/prehash.test.ts).
      ...(unit ? { SIGNET_TEST_QUICK: '1' } : {}),
    },
  },
);

const stopGroup = () => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopGroup();
    process.exit(130);
  });
}
child.on('exit', (code, signal) => {
  stopGroup();
  if (signal !== null) console.error(`the test runner was stopped by ${signal}`);
  process.exit(code ?? 1);
});
