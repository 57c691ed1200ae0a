// A node:test reporter that prints nothing while tests make progress, and names the test a
// stuck test file was running. A test that waits too long is failed by the per-test timeout,
// in the test file's own process; but a test blocked in native code (Node 20 deadlocks
// exporting a fresh key as JWK) never returns to the event loop, so that timer never fires.
// - Node 20 applies the timeout to each test file as a whole too, and kills a file that
//   exceeds it, saying only "test timed out" for the file: the test it last started is named
//   here at the end of the run.
// - Node 24 would wait forever. This runs in the parent process, which is not blocked: a file
//   whose process has sent no event for longer than the per-test timeout plus a grace period
//   is named here, with the test it last started, and its process killed, so that the file
//   fails and the run goes on. (Node 20 holds back the events of all but the first running
//   file, so there silence means nothing.)
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';

// scripts/test.js passes its timeout; the grace is shortened only by the watchdog's own test.
const TIMEOUT_MS = Number(process.env.SIGNET_TEST_TIMEOUT_MS ?? 300_000);
/** Time for a timed-out test's failure to reach this process. */
const GRACE_MS = Number(process.env.SIGNET_TEST_GRACE_MS ?? 60_000);
const CHECK_EVERY_MS = Math.min(5_000, GRACE_MS);
const EVENTS_STREAM = Number(process.versions.node.split('.')[0]) > 20;

/** Files by path: the time of their last event and the test each started last. */
const files = new Map();
/** Files that Node stopped at the timeout, reported once all their events are in. */
const timedOut = new Set();

const isFileTest = (data) => typeof data.name === 'string' && resolve(data.name) === data.file;

const lastTest = (state) =>
  state.path.length > 0
    ? `the last test it started was "${state.path.join(' > ')}"`
    : 'it started no test';

function track(event) {
  const { data } = event;
  if (typeof data?.file !== 'string') return;
  let state = files.get(data.file);
  if (state === undefined) {
    state = { last: Date.now(), path: [], done: false };
    files.set(data.file, state);
  }
  if (isFileTest(data)) {
    if (event.type === 'test:dequeue') state.last = Date.now();
    if (event.type === 'test:complete') {
      state.done = true;
      if (data.details?.error?.failureType === 'testTimeoutFailure') timedOut.add(data.file);
    }
    return;
  }
  state.last = Date.now();
  if (event.type === 'test:dequeue') {
    state.path = [...state.path.slice(0, data.nesting), data.name];
  }
}

/** The test processes (children of this runner) started for `file`, from /proc (Linux). */
function processesOf(file) {
  let entries;
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const pids = [];
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.some((arg) => arg !== '' && resolve(arg) === file)) pids.push(Number(pid));
    } catch {
      // The process ended while being read.
    }
  }
  return pids;
}

function stopStuck() {
  const now = Date.now();
  for (const [file, state] of files) {
    const silent = now - state.last;
    if (state.done || silent <= TIMEOUT_MS + GRACE_MS) continue;
    // A file still waiting for its turn has no process yet.
    const pids = processesOf(file);
    if (pids.length === 0) continue;
    state.done = true;
    process.stderr.write(
      `\nHUNG: ${file} sent nothing for ${Math.round(silent / 1000)} s (per-test timeout ` +
        `${TIMEOUT_MS / 1000} s); ${lastTest(state)}. Killing its process (${pids.join(', ')}).\n`,
    );
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

export default async function* watchdog(source) {
  const timer = EVENTS_STREAM ? setInterval(stopStuck, CHECK_EVERY_MS) : undefined;
  timer?.unref();
  try {
    for await (const event of source) track(event);
  } finally {
    clearInterval(timer);
  }
  for (const file of timedOut) {
    yield `\nTIMED OUT: ${file}: ${lastTest(files.get(file))}.\n`;
  }
}
