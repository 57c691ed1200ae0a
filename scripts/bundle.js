// Bundles the compiled entry points with ncc into dist/, one self-contained directory each (lazily
// loaded dependencies such as the AWS SDK become chunk files beside index.js), so the
// GitHub actions and GitLab templates can run them without node_modules.
import ncc from '@vercel/ncc';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Each output directory with its entry points. A worker script is an entry of its own, written
 * beside index.js under the name the code loads it by (verify-pool.ts builds that URL at run
 * time, so the bundler does not try to relocate it as an asset).
 */
const ENTRIES = {
  signet: {
    'index.js': 'build/src/cli/index.js',
  },
  'signet-server': {
    'index.js': 'build/server/main.js',
    'verify-worker.js': 'build/server/verify-worker.js',
  },
  // The JavaScript halves of the GitHub actions (actions/*/runtime/action.yml runs these).
  'actions/sign': { 'index.js': 'build/src/actions/sign.js' },
  'actions/verify': { 'index.js': 'build/src/actions/verify.js' },
  'actions/setup': { 'index.js': 'build/src/actions/setup.js' },
};

// `node scripts/bundle.js actions/sign ...` rebuilds only the directories named.
const only = process.argv.slice(2);
for (const [name, files] of Object.entries(ENTRIES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const out = join('dist', name);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  for (const [file, entry] of Object.entries(files)) {
    const { code, assets } = await ncc(join(process.cwd(), entry), {
      minify: false,
      sourceMap: false,
      quiet: true,
      target: 'es2022',
    });
    await writeFile(join(out, file), code);
    for (const [asset, { source }] of Object.entries(assets ?? {})) {
      await mkdir(dirname(join(out, asset)), { recursive: true });
      await writeFile(join(out, asset), source);
    }
    console.log(`dist/${name}/${file}: ${(code.length / 1024).toFixed(0)} KiB`);
  }
}
