import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { main } from '../src/cli/main.js';
import { defaultDevEmail } from '../server/dev-issuer.js';
import { startTestService, tempDir } from '../test/helpers/server.js';
import { REPO_ROOT, machineFacts, percentile } from './common.js';

/**
 * Wall time of `signet sign` and `signet verify` from process start to exit: what a CI step
 * pays per call. Each sample is a new `node` process running the committed bundle
 * (dist/signet/index.js, what the actions and templates run) or the tsc output
 * (bin/signet.js); `node -e 0` is the floor no command can go under. Sign runs against the
 * service in this process on loopback (development issuer, one file, keyless plus a local
 * key); verify is offline against the trusted root in a file.
 *
 *   npm run compile && node build/bench/cli-start.js [--runs 20]
 */

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer`);

const run = promisify(execFile);
const dir = await tempDir('signet-bench-cli-');
const service = await startTestService({ devIssuer: true });

async function wallMs(args: string[]): Promise<number> {
  const start = process.hrtime.bigint();
  await run(process.execPath, args, { env: { PATH: process.env.PATH ?? '' } });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function sample(label: string, args: () => Promise<string[]> | string[]): Promise<string> {
  const times: number[] = [];
  await wallMs(await args()); // the first run pays for the page cache, not the command
  for (let i = 0; i < runs; i++) times.push(await wallMs(await args()));
  const sorted = Float64Array.from(times).sort();
  const row = `| ${label} | ${percentile(sorted, 50).toFixed(0)} | ${percentile(sorted, 90).toFixed(0)} |`;
  process.stderr.write(`${row}\n`);
  return row;
}

try {
  const key = join(dir, 'release.key');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await writeFile(key, privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const artifact = join(dir, 'app.bin');
  await writeFile(artifact, randomBytes(1 << 20));
  const trustedRoot = join(dir, 'trusted_root.json');
  await writeFile(trustedRoot, await (await fetch(`${service.url}/trusted_root.json`)).text());
  const quiet = { stdout: () => {}, stderr: () => {}, env: {} };
  if ((await main(['sign', '--server', service.url, artifact], quiet)) !== 0) {
    throw new Error('signing the artifact to verify failed');
  }
  const bundled = join(REPO_ROOT, 'dist', 'signet', 'index.js');
  const compiled = join(REPO_ROOT, 'bin', 'signet.js');
  const verifyArgs = [
    'verify',
    '--trusted-root',
    trustedRoot,
    '--certificate-oidc-issuer',
    `${service.url}/dev-oidc`,
    '--certificate-identity',
    defaultDevEmail(),
    artifact,
  ];
  let n = 0;
  const signArgs = async (cli: string): Promise<string[]> => {
    const file = join(dir, `sign-${n++}.bin`);
    await writeFile(file, randomBytes(1 << 20));
    return [cli, 'sign', '--server', service.url, '--key', key, file];
  };
  const rows = [
    await sample('`node -e 0` (the floor)', () => ['-e', '0']),
    await sample('`signet verify`, dist bundle, one bundle, offline', () => [
      bundled,
      ...verifyArgs,
    ]),
    await sample('`signet verify`, tsc output (bin/signet.js)', () => [compiled, ...verifyArgs]),
    await sample('`signet sign` --key, dist bundle, one 1 MiB file, loopback service', () =>
      signArgs(bundled),
    ),
  ];
  const facts = machineFacts();
  process.stdout.write(
    [
      `Median and p90 of ${runs} runs after one unmeasured run; wall time from spawn to exit, ms.`,
      `Machine: ${Object.entries(facts)
        .map(([k, v]) => `${k} ${v}`)
        .join('; ')}.`,
      '',
      '| command | median | p90 |',
      '|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
} finally {
  await service.dispose();
  await rm(dir, { recursive: true, force: true });
}
