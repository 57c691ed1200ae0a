import { main } from './main.js';

// The exit code is set rather than process.exit() called, so that stdout is flushed first when
// it is a pipe (a JSON result read by the actions).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`signet: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
