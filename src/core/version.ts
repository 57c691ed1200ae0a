/** Signet's version, as package.json gives it: both CLIs print it (`version`, `--version`). */
export const VERSION = '0.1.0';

/**
 * What `signet version --json` and `signet-server version --json` print: the version and the
 * Node.js running it, then what else each command knows (e.g. `signet`'s embedded trust root).
 */
export const versionJson = (extras: Record<string, unknown> = {}): string =>
  `${JSON.stringify({ version: VERSION, node: process.version, ...extras }, null, 2)}\n`;
