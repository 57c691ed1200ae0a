import { randomBytes } from 'node:crypto';
import { cp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeKms, useFakeKmsEnvironment } from '../test/helpers/kms.js';
import { startActionsRuntime, startTestIssuer } from '../test/helpers/oidc.js';
import { startTestService, tempDir } from '../test/helpers/server.js';
import { repoRoot } from '../test/helpers/vectors.js';
import { runAction } from '../test/actions/runner.js';

/**
 * Wall time of the actions/sign step for one file, dual signing (keyless + KMS), on loopback:
 * the composite action run as the runner runs it (staging, node24 JavaScript half from
 * dist/actions, cleanup) by the test harness, against the real service in this process, a
 * GitHub-shaped token endpoint and the fake KMS. "To bundle written" is the key bundle's
 * mtime (the last of the two written) less the step's start.
 *
 *   node build/bench/github-sign-step.js [--runs 20]
 */

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);

const kms = await startFakeKms();
kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/bench' });
useFakeKmsEnvironment(kms);
const github = await startTestIssuer({ path: '/_services/token' });
const service = await startTestService({
  identity: {
    OIDCIssuers: {
      [github.url]: { IssuerURL: github.url, ClientID: 'sigstore', Type: 'github-workflow' },
    },
  },
});
const runtime = await startActionsRuntime(github, (audience) =>
  github.githubClaims({ aud: audience }),
);

const root = await tempDir('signet-bench-step-');
const actionRepo = join(root, '_actions', 'octo-org', 'signet', 'bench');
await cp(join(repoRoot(), 'actions'), join(actionRepo, 'actions'), { recursive: true });
await cp(join(repoRoot(), 'dist', 'actions'), join(actionRepo, 'dist', 'actions'), {
  recursive: true,
});
const awsEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k.startsWith('AWS_')),
) as Record<string, string>;

const step: number[] = [];
const toBundle: number[] = [];
try {
  for (let i = 0; i <= runs; i++) {
    const workspace = join(root, `run-${i}`, 'workspace');
    await mkdir(workspace, { recursive: true });
    await writeFile(join(workspace, 'app.tar.gz'), randomBytes(1024 * 1024));
    const started = Date.now();
    const run = await runAction(
      join(actionRepo, 'actions', 'sign'),
      { files: 'app.tar.gz', server: service.url, 'kms-key': 'awskms:///alias/bench' },
      {
        workspace,
        runnerDir: join(root, `run-${i}`, 'runner'),
        env: { ...awsEnv, ...runtime.env },
      },
    );
    const ended = Date.now();
    if (run.code !== 0) throw new Error(`sign step failed:\n${run.log}`);
    const written = (await stat(join(workspace, 'app.tar.gz.kms.sigstore.json'))).mtimeMs;
    // The first run warms the service (and the OS file cache); it is reported apart.
    if (i === 0) {
      console.log(`first run: step ${ended - started} ms`);
      continue;
    }
    step.push(ended - started);
    toBundle.push(written - started);
  }
} finally {
  await service.dispose();
  await github.close();
  await kms.close();
  await runtime.close();
  await rm(root, { recursive: true, force: true });
}

const quantile = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};
const line = (name: string, xs: number[]): string =>
  `${name}: median ${quantile(xs, 0.5).toFixed(0)} ms, p90 ${quantile(xs, 0.9).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
console.log(
  `${runs} runs, one 1 MiB file, keyless + KMS, node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
);
console.log(line('step start to bundle written', toBundle));
console.log(line('whole step (staging to cleanup)', step));
