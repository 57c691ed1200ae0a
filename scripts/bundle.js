// Bundles the compiled entry points with ncc into dist/, one self-contained directory each (lazily
// loaded modules, such as each CLI command and the AWS SDK, become chunk files beside index.js),
// so the GitHub actions and the release tarball run without node_modules.
import ncc from '@vercel/ncc';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ACTION_NAMES } from '../build/src/actions/index.js';

/**
 * Each output directory: its entry point, and the launchers written beside index.js (a node24
 * action's `main:` is a file run with no arguments, so each action gets one that names it).
 */
const BUNDLES = {
  // The CLI: the release tarball's lib/ (scripts/package-cli.js), which actions/setup installs.
  signet: { entry: 'build/src/cli/index.js', launchers: {} },
  // The JavaScript half of the GitHub actions, one bundle: actions/NAME/runtime/action.yml
  // runs dist/actions/NAME.js.
  actions: {
    entry: 'build/src/actions/index.js',
    launchers: Object.fromEntries(
      ACTION_NAMES.map((name) => [
        `${name}.js`,
        `// The runtime of actions/${name} (written by scripts/bundle.js).\n` +
          `import { runAction } from './index.js';\n\nawait runAction('${name}');\n`,
      ]),
    ),
  },
};

// `node scripts/bundle.js actions ...` rebuilds only the directories named; a full build starts
// from an empty dist/, so a bundle no longer built cannot linger there (CI compares dist/ with git).
const only = process.argv.slice(2);
if (only.length === 0) await rm('dist', { recursive: true, force: true });
for (const [name, { entry, launchers }] of Object.entries(BUNDLES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const out = join('dist', name);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const { code, assets } = await ncc(join(process.cwd(), entry), {
    minify: false,
    sourceMap: false,
    quiet: true,
    target: 'es2022',
  });
  await writeFile(join(out, 'index.js'), code);
  for (const [asset, { source }] of Object.entries(assets ?? {})) {
    await mkdir(dirname(join(out, asset)), { recursive: true });
    await writeFile(join(out, asset), source);
  }
  for (const [file, source] of Object.entries(launchers)) await writeFile(join(out, file), source);
  const chunks = Object.keys(assets ?? {}).filter((asset) => asset.endsWith('.js')).length;
  console.log(
    `dist/${name}/index.js: ${(code.length / 1024).toFixed(0)} KiB, ${chunks} chunk(s)` +
      (Object.keys(launchers).length > 0 ? `, launchers ${Object.keys(launchers).join(' ')}` : ''),
  );
}
