import { type ChildProcess, spawn } from 'node:child_process';
import { type KeyObject, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readIdentity } from '../src/ca/extensions.js';
import { githubUrlFor } from '../src/oidc/ci-url.js';
import { parsePem, toPem } from '../src/core/pem.js';
import {
  type Certificate,
  certificatePublicKey,
  parseCertificate,
  spkiOf,
  verifyCertificateSignature,
} from '../src/core/x509.js';
import { embeddedScts, verifyEmbeddedSct } from '../src/ct/sct.js';
import { type TestIssuer, startTestIssuer } from '../test/helpers/oidc.js';
import { REPO_ROOT, freePort, progress, repeatRuns, scratchDir } from './common.js';
import { type Generator, type LoadResult, runLoad } from './http-load.js';

/**
 * Certificate issuance through HTTP: `POST /api/v2/signingCert` (Fulcio v2, public key plus
 * proof of possession) against `signet-server serve --init` in its own process, with GitHub
 * Actions-shaped RS256 tokens from a GHES-style issuer on 127.0.0.1. Each certificate costs the
 * server a token verification, a proof-of-possession check, a precertificate, an append to its
 * CT log (batched, fsynced, answered once a checkpoint covers it), an SCT and the final
 * certificate, so latency includes the CT log's batch and checkpoint waits.
 *
 * Unlike the other HTTP benchmarks, the generator reads every answer: each must be a 200 with a chain of
 * leaf, issuing CA and root whose CA part is the server's trust bundle, and every 64th leaf is
 * checked in depth (signature, key, identity, embedded SCT). Any failure fails the benchmark,
 * except a 503 (the CA shedding load, as an open loop above its capacity makes it do), which is
 * counted with the errors.
 */

export type IssuingKeyType = 'p256' | 'p384';

export interface CaHttpOptions {
  runs: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Writers (closed loop), or the most requests on the wire at once (open loop). */
  concurrency: number;
  /** Open loop at this many requests/s (latency from the scheduled send time); unset: closed. */
  rate?: number;
  generator?: Generator;
  issuingKeyType: IssuingKeyType;
  /** Server log level; the server's default is info, which logs one line per certificate. */
  logLevel: 'info' | 'warn';
  dataRoot?: string;
  /** Server node flags for one profiled run (e.g. --cpu-prof); applied to the first run only. */
  profileFlags?: string[];
}

export interface CaLoadResult extends LoadResult {
  concurrency: number;
  rate?: number;
  issuingKeyType: IssuingKeyType;
  /** Answers structurally checked (all of them, warm-up included) and checked in depth. */
  checked: number;
  deepChecked: number;
}

/** Every 64th answer is verified as a Sigstore client would; the rest structurally. */
const DEEP_CHECK_EVERY = 64;

/**
 * Client material made before any clock starts: `keys` P-256 keys, each with its proof of
 * possession over the `sub` of one of `identities` GitHub repositories. Tokens live five
 * minutes, so they are minted separately (`mintTokens`) before each run; their `sub`s are
 * fixed by the repository index, so the proofs stay valid across mints.
 */
export interface CaClients {
  identities: number;
  keys: { spki: Buffer; pem: string; proof: string; identity: number }[];
}

const repositoryOf = (i: number): string => `octo-org/repo-${i}`;
const subjectOf = (i: number): string => `repo:${repositoryOf(i)}:ref:refs/heads/main`;

export function makeCaClients(keys: number, identities: number): CaClients {
  const out: CaClients['keys'] = [];
  for (let j = 0; j < keys; j++) {
    // Exported and re-imported keys are not needed: only export and sign are used here, which
    // do not touch asymmetricKeyDetails (the Node 20 keygen deadlock noted in kms/signer.ts).
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = spkiOf(privateKey);
    const identity = j % identities;
    out.push({
      spki,
      pem: toPem('PUBLIC KEY', spki),
      proof: sign('sha256', Buffer.from(subjectOf(identity)), privateKey).toString('base64'),
      identity,
    });
  }
  return { identities, keys: out };
}

/** One fresh token per identity (RS256, GitHub's claims and five-minute lifetime). */
export async function mintTokens(issuer: TestIssuer, identities: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < identities; i++) {
    tokens.push(await issuer.mint(issuer.githubClaims({ repository: repositoryOf(i) })));
  }
  return tokens;
}

export interface Body {
  bytes: Buffer;
  spki: Buffer;
  san: string;
}

export function makeBodies(issuer: TestIssuer, clients: CaClients, tokens: string[]): Body[] {
  // The issuer is GHES-shaped (/_services/token), so its web URL is its origin.
  const base = githubUrlFor(issuer.url) as string;
  return clients.keys.map((key) => ({
    bytes: Buffer.from(
      JSON.stringify({
        credentials: { oidcIdentityToken: tokens[key.identity] },
        publicKeyRequest: {
          publicKey: { algorithm: 'ECDSA', content: key.pem },
          proofOfPossession: key.proof,
        },
      }),
    ),
    spki: key.spki,
    san: `${base}/${repositoryOf(key.identity)}/.github/workflows/release.yml@refs/heads/main`,
  }));
}

export interface CaServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
  logTail(): Promise<string>;
}

/**
 * `signet-server serve --init` as bench/common.ts starts it, plus a config file naming the
 * test issuer and the issuing key's curve. Its stderr (one JSON line per certificate at info)
 * goes to a file, as under a process supervisor, so that reading it costs the generator nothing.
 */
export async function startCaServer(
  options: Pick<CaHttpOptions, 'issuingKeyType' | 'logLevel' | 'dataRoot'>,
  issuerUrl: string,
  nodeFlags: string[] | undefined,
): Promise<CaServer> {
  const dir = await scratchDir(options.dataRoot, 'signet-bench-ca-');
  const port = await freePort();
  const config = join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      ca: { issuingKeyType: options.issuingKeyType },
      identity: {
        'oidc-issuers': {
          [issuerUrl]: {
            'issuer-url': issuerUrl,
            'client-id': 'sigstore',
            type: 'github-workflow',
          },
        },
      },
    }),
  );
  const logPath = join(dir, 'server.log');
  const log = await open(logPath, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(nodeFlags ?? []),
      join(REPO_ROOT, 'bin', 'signet-server.js'),
      'serve',
      '--init',
      '--data-dir',
      join(dir, 'data'),
      '--listen',
      `127.0.0.1:${port}`,
      '--config',
      config,
      '--log-level',
      options.logLevel,
    ],
    { stdio: ['ignore', 'pipe', log.fd] },
  );
  await log.close();
  const logTail = async (): Promise<string> =>
    (await readFile(logPath, 'utf8').catch(() => '')).slice(-4000);
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  let stdout = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(
      () => void logTail().then((t) => fail(new Error(`server did not start in 20 s:\n${t}`))),
      20_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Signet is serving')) {
        clearTimeout(timer);
        ok();
      }
    });
    void exited.then(async (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with code ${code} before serving:\n${await logTail()}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    logTail,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) progress(`warning: server exited with code ${code}\n${await logTail()}`);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What every answer is compared with: the server's CA chain and CT key. */
export interface Expected {
  caPems: [string, string];
  issuing: Certificate;
  issuingKey: KeyObject;
  ctKey: KeyObject;
}

export async function expectedOf(url: string): Promise<Expected> {
  const bundle = (await (await fetch(`${url}/api/v2/trustBundle`)).json()) as {
    chains: { certificates: string[] }[];
  };
  const [issuingPem, rootPem] = bundle.chains[0]?.certificates ?? [];
  if (issuingPem === undefined || rootPem === undefined)
    throw new Error(`trustBundle is not [issuing CA, root]: ${JSON.stringify(bundle)}`);
  const root = (await (await fetch(`${url}/trusted_root.json`)).json()) as {
    ctlogs: { publicKey: { rawBytes: string } }[];
  };
  const ctSpki = root.ctlogs[0]?.publicKey.rawBytes;
  if (ctSpki === undefined) throw new Error('trusted_root.json has no CT log');
  const issuing = parseCertificate(parsePem(issuingPem, 'CERTIFICATE')[0]?.der as Buffer);
  return {
    caPems: [issuingPem, rootPem],
    issuing,
    issuingKey: certificatePublicKey(issuing),
    ctKey: createPublicKey({ key: Buffer.from(ctSpki, 'base64'), format: 'der', type: 'spki' }),
  };
}

/** The chain in a 200 answer, or why it is not one; cheap enough to run on every answer. */
export function checkAnswer(status: number, text: string, expected: Expected): string[] | string {
  if (status !== 200) return `HTTP ${status}`;
  let chain: unknown;
  try {
    chain = (
      JSON.parse(text) as { signedCertificateEmbeddedSct?: { chain?: { certificates?: unknown } } }
    ).signedCertificateEmbeddedSct?.chain?.certificates;
  } catch {
    return 'body not JSON';
  }
  if (!Array.isArray(chain) || chain.length !== 3) return 'no 3-certificate embedded-SCT chain';
  const [leaf, issuing, root] = chain as unknown[];
  if (issuing !== expected.caPems[0] || root !== expected.caPems[1])
    return 'chain is not the trust bundle';
  if (typeof leaf !== 'string' || !leaf.startsWith('-----BEGIN CERTIFICATE-----'))
    return 'leaf is not a PEM certificate';
  return chain as string[];
}

/** What a Sigstore verifier checks of the leaf, plus that it certifies the requested key. */
function deepCheck(leafPem: string, body: Body, expected: Expected): string | undefined {
  const leaf = parseCertificate(parsePem(leafPem, 'CERTIFICATE')[0]?.der as Buffer);
  if (!leaf.issuer.equals(expected.issuing.subject)) return 'leaf issuer is not the issuing CA';
  if (!verifyCertificateSignature(leaf, expected.issuingKey)) return 'leaf signature invalid';
  if (!leaf.publicKey.equals(body.spki)) return 'leaf certifies another key';
  if (readIdentity(leaf).san.value !== body.san) return 'leaf SAN is not the workflow';
  if (leaf.notAfter.getTime() - leaf.notBefore.getTime() !== 600_000) return 'leaf not 10 min';
  const scts = embeddedScts(leaf);
  if (scts.length !== 1 || !verifyEmbeddedSct(leaf, expected.issuing, scts[0]!, expected.ctKey))
    return 'embedded SCT invalid';
  return undefined;
}

/**
 * The load as http-load.ts runs it (a closed loop of `concurrency` writers, or an open loop at
 * `rate`), except that every answer is read and checked, and any failure, warm-up included,
 * fails the benchmark.
 */
async function runCaLoad(
  url: string,
  bodies: readonly Body[],
  expected: Expected,
  options: CaHttpOptions,
  serverPid: number,
): Promise<CaLoadResult> {
  let checked = 0;
  let deepChecked = 0;
  const result = await runLoad({
    urls: [url],
    path: '/api/v2/signingCert',
    contentType: 'application/json',
    bodies: bodies.map((b) => b.bytes),
    unique: false,
    okStatus: 200,
    concurrency: options.concurrency,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
    rate: options.rate,
    generator: options.generator,
    serverPids: [serverPid],
    check: (index, answer) => {
      const chain = checkAnswer(200, answer.toString(), expected);
      checked++;
      if (typeof chain === 'string') return chain;
      if (checked % DEEP_CHECK_EVERY !== 1) return undefined;
      deepChecked++;
      return deepCheck(chain[0] as string, bodies[index] as Body, expected);
    },
  });
  // A 503 is the CA shedding load (ca.maxInFlight), which an open loop above capacity causes:
  // it is reported with the errors. Anything else means a wrong answer.
  const wrong = Object.entries(result.failures).filter(([reason]) => reason !== '503');
  if (wrong.length > 0) {
    throw new Error(
      `ca-http: answers failed the check: ${wrong.map(([reason, f]) => `${reason} ×${f.count} (first: ${f.first})`).join('; ')}`,
    );
  }
  return {
    ...result,
    concurrency: options.concurrency,
    rate: options.rate,
    issuingKeyType: options.issuingKeyType,
    checked,
    deepChecked,
  };
}

export function describeCaLoad(r: CaLoadResult): string {
  return (
    `${Math.round(r.throughput)} certificates/s, p50 ${r.latency.p50.toFixed(1)} ms, ` +
    `p99 ${r.latency.p99.toFixed(1)} ms, server ${r.serverCores.toFixed(2)} cores ` +
    `(${Math.round((r.serverCores * 1e6) / r.throughput)} µs/cert), generator ` +
    `${r.generatorCores.toFixed(2)} (${Math.round((r.generatorCores * 1e6) / r.throughput)} µs/cert, checks included), others ${r.otherCores.toFixed(2)}; ${r.checked} answers ` +
    `checked, ${r.deepChecked} in depth, ${Object.keys(r.errors).length === 0 ? 'all good' : `every 200 good; refused in the window: ${JSON.stringify(r.errors)}`}`
  );
}

/**
 * The issuer lives in this process for the whole benchmark: the server fetches its discovery
 * document and JWKS once per run (cached 10 minutes), so it costs the generator nothing after.
 */
export async function startBenchIssuer(): Promise<TestIssuer> {
  return startTestIssuer({ path: '/_services/token' });
}

export async function benchCaHttp(
  options: CaHttpOptions,
  issuer: TestIssuer,
  clients: CaClients,
): Promise<CaLoadResult[]> {
  const label = `ca-http ${options.issuingKeyType} ×${options.concurrency}`;
  return repeatRuns(
    options.runs,
    label,
    async (run) => {
      // Minted per run: a run may wait minutes for a quiet machine, and tokens live 5 minutes.
      const bodies = makeBodies(issuer, clients, await mintTokens(issuer, clients.identities));
      const server = await startCaServer(
        options,
        issuer.url,
        run === 0 ? options.profileFlags : undefined,
      );
      try {
        const expected = await expectedOf(server.url);
        const result = await runCaLoad(server.url, bodies, expected, options, server.pid);
        progress(`  ${label} run ${run + 1}: ${describeCaLoad(result)}`);
        return result;
      } catch (error) {
        progress(`server log tail:\n${await server.logTail()}`);
        throw error;
      } finally {
        await server.stop();
      }
    },
    (result) => result.otherCores,
  );
}
