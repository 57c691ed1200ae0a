// Makes the signet CLI release artifact that actions/setup installs:
// release/signet-VERSION.tar.gz holding signet-VERSION/bin/signet (a launcher) and
// signet-VERSION/lib/ (dist/signet, the bundled CLI). The archive is reproducible (sorted
// names, fixed times and owners, no gzip timestamp), so the SHA-256 printed here, which
// workflows pin, can be recomputed by anyone from the same commit.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const { version } = JSON.parse(await readFile('package.json', 'utf8'));
const name = `signet-${version}`;

// SIGNET_NODE is set by actions/setup to the runner's own node, so the CLI runs on runners
// without a node of their own; elsewhere the node on PATH runs it.
// Only shell built-ins: the launcher must run with nothing else on PATH.
const LAUNCHER = `#!/bin/sh
case $0 in */*) here=\${0%/*} ;; *) here=. ;; esac
exec "\${SIGNET_NODE:-node}" "$here/../lib/index.js" "$@"
`;

const staging = await mkdtemp(join(tmpdir(), 'signet-package-'));
try {
  const root = join(staging, name);
  await mkdir(join(root, 'bin'), { recursive: true });
  await cp('dist/signet', join(root, 'lib'), { recursive: true });
  await writeFile(join(root, 'bin', 'signet'), LAUNCHER);
  await chmod(join(root, 'bin', 'signet'), 0o755);
  const tar = execFileSync(
    'tar',
    [
      '--sort=name',
      '--mtime=@0',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--format=ustar',
      '-cf',
      '-',
      '-C',
      staging,
      name,
    ],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const tarball = gzipSync(tar, { level: 9 });
  await mkdir('release', { recursive: true });
  const out = join('release', `${name}.tar.gz`);
  await writeFile(out, tarball);
  const sha256 = createHash('sha256').update(tarball).digest('hex');
  console.log(`${out}: ${(tarball.length / 1024).toFixed(0)} KiB, sha256 ${sha256}`);
} finally {
  await rm(staging, { recursive: true, force: true });
}
