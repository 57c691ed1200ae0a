import { printable } from '../core/text.js';
import { main } from './main.js';

// The exit code is set rather than process.exit() called, so that stdout is flushed first when
// it is a pipe (a JSON result read by the actions).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A stack's lines stay lines; its message may quote input like any other.
    const text = ((error as Error).stack ?? String(error)).split('\n').map(printable).join('\n');
    process.stderr.write(`signet: internal error: ${text}\n`);
    process.exitCode = 1;
  },
);
