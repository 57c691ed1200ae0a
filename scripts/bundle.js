// Bundles the compiled entry points with ncc into dist/, one self-contained directory each (lazily
// loaded dependencies such as the AWS SDK become chunk files beside index.js), so the
// GitHub actions and GitLab templates can run them without node_modules.
import ncc from '@vercel/ncc';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const ENTRIES = { 'signet-server': 'build/server/main.js' };

for (const [name, entry] of Object.entries(ENTRIES)) {
  const { code, assets } = await ncc(join(process.cwd(), entry), {
    minify: false,
    sourceMap: false,
    quiet: true,
    target: 'es2022',
    // Bundle the scripts that `new Worker(new URL('./x.js', import.meta.url))` names (the
    // signature verification worker) instead of copying them unbundled.
    assetBuilds: true,
  });
  const out = join('dist', name);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'index.js'), code);
  for (const [file, asset] of Object.entries(assets ?? {})) {
    await mkdir(dirname(join(out, file)), { recursive: true });
    await writeFile(join(out, file), asset.source);
  }
  console.log(`dist/${name}/index.js: ${(code.length / 1024).toFixed(0)} KiB`);
}
