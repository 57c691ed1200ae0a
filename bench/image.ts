import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { main } from '../src/cli/main.js';
import { SLSA_PROVENANCE_V1, slsaProvenance } from '../src/sign/provenance.js';
import { startFakeKms, useFakeKmsEnvironment } from '../test/helpers/kms.js';
import {
  pushTestImage,
  registryMissing,
  startReferrersRegistry,
  startRegistry,
} from '../test/helpers/registry.js';
import { startTestService, tempDir } from '../test/helpers/server.js';

/**
 * Signing and verifying one container image on loopback, keyless + KMS, with the CLI's own
 * code in this process: `signet sign oci://…@sha256:…` from start to both referrers written
 * (the command returns once they are attached and, without the referrers API, confirmed in the
 * fallback index), and `signet verify --policy` requiring both signatures, from start to the
 * verdict (resolve, list referrers, fetch both bundles, verify). Against Debian's
 * docker-registry (distribution 2.8: the referrers tag fallback) and an in-process registry
 * with the referrers API. Each run signs a freshly pushed image. Then the same for an
 * attestation: `signet attest` of SLSA provenance (made from a GitHub job's variables, given as
 * a predicate file: the bench runs outside CI) to both referrers written, and `signet verify
 * --policy` requiring it keyless and KMS with provenance conditions, which picks the
 * attestations among the image's four bundles.
 *
 *   node build/bench/image.js [--runs 20]
 */

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);

const missing = registryMissing();
if (missing !== false) throw new Error(missing);

const kms = await startFakeKms();
kms.createKey({ spec: 'ECC_NIST_P256', alias: 'alias/bench' });
useFakeKmsEnvironment(kms);
const service = await startTestService({ devIssuer: true });
const distribution = await startRegistry();
const withApi = await startReferrersRegistry();
const dir = await tempDir('signet-bench-image-');
const policy = join(dir, 'policy.yaml');
await writeFile(
  policy,
  [
    'version: 1',
    'signatures:',
    '  - keyless:',
    `      issuer: ${service.url}/dev-oidc`,
    '      identity: { regexp: ".*@signet\\\\.localhost" }',
    '  - key: awskms:///alias/bench',
    '',
  ].join('\n'),
);

const provenance = join(dir, 'provenance.json');
const attestationPolicy = join(dir, 'attestation-policy.yaml');
{
  const { predicate } = slsaProvenance({
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/app',
    GITHUB_REPOSITORY_ID: '74',
    GITHUB_REPOSITORY_OWNER_ID: '65',
    GITHUB_WORKFLOW_REF: 'octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3',
    GITHUB_REF: 'refs/tags/v1.2.3',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    RUNNER_ENVIRONMENT: 'github-hosted',
  });
  await writeFile(provenance, JSON.stringify(predicate));
  const conditions = [
    '    attestation:',
    '      provenance:',
    '        builderId: https://github.com/octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3',
    '        sourceRepository: https://github.com/octo-org/app',
    '        ref: { regexp: "refs/tags/v.*" }',
  ];
  await writeFile(
    attestationPolicy,
    [
      'version: 1',
      'signatures:',
      '  - keyless:',
      `      issuer: ${service.url}/dev-oidc`,
      '      identity: { regexp: ".*@signet\\\\.localhost" }',
      ...conditions,
      '  - key: awskms:///alias/bench',
      ...conditions,
      '',
    ].join('\n'),
  );
}

async function signet(args: string[]): Promise<number> {
  let output = '';
  const started = performance.now();
  const code = await main(args, {
    stdout: (t) => (output += t),
    stderr: (t) => (output += t),
    env: {},
  });
  if (code !== 0) throw new Error(`signet ${args[0]} failed:\n${output}`);
  return performance.now() - started;
}

const quantile = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};
const line = (name: string, xs: number[]): string =>
  `${name}: median ${quantile(xs, 0.5).toFixed(0)} ms, p90 ${quantile(xs, 0.9).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;

try {
  console.log(
    `${runs} runs per registry, one image, keyless + KMS, node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
  );
  for (const [label, host] of [
    ['docker-registry 2.8 (fallback tag)', distribution.host],
    ['referrers API', withApi.host],
  ] as const) {
    const sign: number[] = [];
    const verify: number[] = [];
    const attest: number[] = [];
    const verifyAttestation: number[] = [];
    // Run 0 warms the service, the registry and the module cache; it is not counted.
    for (let i = 0; i <= runs; i++) {
      const pushed = await pushTestImage({ host }, `bench/app${i}`);
      const ref = `oci://${host}/bench/app${i}@${pushed.digest}`;
      const signed = await signet([
        'sign',
        '--server',
        service.url,
        '--kms',
        'awskms:///alias/bench',
        '--allow-insecure-registry',
        ref,
      ]);
      const verified = await signet([
        'verify',
        '--server',
        service.url,
        '--policy',
        policy,
        '--allow-insecure-registry',
        ref,
      ]);
      const attested = await signet([
        'attest',
        '--server',
        service.url,
        '--kms',
        'awskms:///alias/bench',
        '--allow-insecure-registry',
        '--type',
        SLSA_PROVENANCE_V1,
        '--predicate',
        provenance,
        ref,
      ]);
      const verifiedAttestation = await signet([
        'verify',
        '--server',
        service.url,
        '--policy',
        attestationPolicy,
        '--allow-insecure-registry',
        ref,
      ]);
      if (i === 0) continue;
      sign.push(signed);
      verify.push(verified);
      attest.push(attested);
      verifyAttestation.push(verifiedAttestation);
    }
    console.log(line(`${label}: sign, start to both referrers written`, sign));
    console.log(line(`${label}: verify --policy (both signatures)`, verify));
    console.log(line(`${label}: attest provenance, start to both referrers written`, attest));
    console.log(
      line(
        `${label}: verify --policy (both attestations, provenance conditions)`,
        verifyAttestation,
      ),
    );
  }
} finally {
  await withApi.close();
  await distribution.close();
  await service.dispose();
  await kms.close();
}
