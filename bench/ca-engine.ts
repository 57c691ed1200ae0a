import {
  type KeyObject,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { rm } from 'node:fs/promises';
import { compactVerify } from 'jose';
import { CertificateAuthority } from '../src/ca/authority.js';
import { createIssuingCaCertificate } from '../src/ca/certificates.js';
import type { CertificateIdentity } from '../src/ca/extensions.js';
import { FulcioApi } from '../src/ca/fulcio.js';
import { identityFor } from '../src/ca/principal.js';
import {
  type SigningCertificateRequest,
  parseSigningCertificateRequest,
  verifyProofOfPossession,
} from '../src/ca/request.js';
import { toPem } from '../src/core/pem.js';
import { importSpki, keyFacts } from '../src/core/spki.js';
import {
  createSelfSignedCa,
  parseCertificate,
  spkiOf,
  type Certificate,
} from '../src/core/x509.js';
import { validateChain } from '../src/ct/chain.js';
import type { CtSubmitter } from '../src/ct/client.js';
import { CtLog } from '../src/ct/log.js';
import { logIdOf, merkleTreeLeaf, precertEntry, sctSignedData, signSct } from '../src/ct/sct.js';
import { localSigner } from '../src/kms/signer.js';
import { IssuerRegistry } from '../src/oidc/issuers.js';
import { verifyJwsSignature } from '../src/oidc/jws.js';
import { decodeJwt } from '../src/oidc/jwt.js';
import { TokenVerifier, type VerifiedToken, challengeFor } from '../src/oidc/verify.js';
import { PosixLogStorage } from '../server/storage/posix-log.js';
import { type TestIssuer, startTestIssuer } from '../test/helpers/oidc.js';
import { type Spread, progress, scratchDir, selfCpuSeconds, spread } from './common.js';
import type { IssuingKeyType } from './ca-http.js';

/**
 * Where an issuance's CPU goes, in this process and without HTTP: each step of
 * `FulcioApi.createSigningCertificate` timed alone on one thread (µs of CPU per call), then the
 * CT submission, `CertificateAuthority.issue` and the whole API call with the in-process CtLog on
 * POSIX storage, which must run many at a time because each waits for a batch and a checkpoint.
 * The tokens are GitHub-shaped RS256 tokens from an issuer on 127.0.0.1 whose JWKS is fetched
 * once before timing starts.
 */
export interface CaEngineOptions {
  runs: number;
  /** Seconds of CPU per step and run (the serial steps); the concurrent ones run 6× longer. */
  stepSeconds: number;
  /** Calls in flight for the steps that wait on the CT log. */
  concurrency: number;
  dataRoot?: string;
}

export interface CaEngineRow {
  step: string;
  /** µs of process CPU (all threads) per call: median and range of the runs. */
  micros: Spread;
}

export interface CaEngineResult {
  issuingKeyType: IssuingKeyType;
  rows: CaEngineRow[];
}

/** A key as the server holds one: re-imported, never used straight from the generator. */
function newKey(curve: 'P-256' | 'P-384'): KeyObject {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
  // Reading a generateKeyPair key's details can deadlock on Node 20 (see kms/signer.ts).
  return createPrivateKey({
    key: privateKey.export({ format: 'der', type: 'pkcs8' }),
    format: 'der',
    type: 'pkcs8',
  });
}

/** CPU µs per call of a synchronous or asynchronous step, called serially for `seconds`. */
export async function timeSerial(
  seconds: number,
  fn: (i: number) => unknown,
  warmupSeconds = 0.05,
): Promise<number> {
  // Warm-up: let V8 optimise before the clock starts.
  for (let i = 0, end = performance.now() + warmupSeconds * 1000; performance.now() < end; i++)
    await fn(i);
  const cpu0 = selfCpuSeconds();
  const deadline = performance.now() + seconds * 1000;
  let calls = 0;
  while (performance.now() < deadline) {
    for (let k = 0; k < 16; k++) {
      const result = fn(calls++);
      if (result instanceof Promise) await result;
    }
  }
  return ((selfCpuSeconds() - cpu0) * 1e6) / calls;
}

/** CPU µs per call with `concurrency` calls always in flight, for `seconds`. */
async function timeConcurrent(
  seconds: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<number> {
  let calls = 0;
  let stop = false;
  const worker = async (): Promise<void> => {
    while (!stop) await fn(calls++);
  };
  // A second of warm-up fills the log's pipeline (batch, fsync, checkpoint) before counting.
  const workers = Array.from({ length: concurrency }, worker);
  await new Promise((ok) => setTimeout(ok, 1000));
  const cpu0 = selfCpuSeconds();
  const calls0 = calls;
  await new Promise((ok) => setTimeout(ok, seconds * 1000));
  const cpu = selfCpuSeconds() - cpu0;
  const done = calls - calls0;
  stop = true;
  await Promise.all(workers);
  return (cpu * 1e6) / done;
}

export interface Fixture {
  root: Buffer;
  rootCert: Certificate;
  issuingCert: Buffer;
  issuingKey: KeyObject;
  ctKey: KeyObject;
  ca: (ct?: CtSubmitter) => CertificateAuthority;
}

export async function fixture(issuingKeyType: IssuingKeyType): Promise<Fixture> {
  const rootKey = newKey('P-256');
  const now = new Date();
  const later = new Date(now.getTime() + 365 * 86_400_000);
  const root = createSelfSignedCa({
    privateKey: rootKey,
    subject: { organization: 'Signet', commonName: 'Bench Root CA' },
    notBefore: now,
    notAfter: later,
  });
  const issuingKey = newKey(issuingKeyType === 'p256' ? 'P-256' : 'P-384');
  const signer = localSigner(issuingKey, 'bench');
  const issuingCert = await createIssuingCaCertificate({
    rootCertificate: root,
    rootSigner: localSigner(rootKey, 'bench-root'),
    publicKey: signer.publicKey,
    notBefore: now,
    notAfter: later,
  });
  return {
    root,
    rootCert: parseCertificate(root),
    issuingCert,
    issuingKey,
    ctKey: newKey('P-256'),
    ca: (ct) =>
      new CertificateAuthority({ certificate: issuingCert, chainToRoot: [root], signer, ct }),
  };
}

interface Request {
  body: Buffer;
  token: string;
}

async function requests(issuer: TestIssuer, count: number): Promise<Request[]> {
  const out: Request[] = [];
  for (let i = 0; i < count; i++) {
    const claims = issuer.githubClaims({ repository: `octo-org/repo-${i}` });
    const token = await issuer.mint(claims);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const body = {
      credentials: { oidcIdentityToken: token },
      publicKeyRequest: {
        publicKey: { algorithm: 'ECDSA', content: toPem('PUBLIC KEY', spkiOf(privateKey)) },
        proofOfPossession: sign('sha256', Buffer.from(claims.sub as string), privateKey).toString(
          'base64',
        ),
      },
    };
    out.push({ body: Buffer.from(JSON.stringify(body)), token });
  }
  return out;
}

async function once(
  options: CaEngineOptions,
  issuingKeyType: IssuingKeyType,
  issuer: TestIssuer,
  reqs: Request[],
): Promise<CaEngineRow[]> {
  const fx = await fixture(issuingKeyType);
  const verifier = new TokenVerifier(new IssuerRegistry({ issuers: [issuer.settings('github')] }));
  const n = reqs.length;
  const json = reqs.map((r) => JSON.parse(r.body.toString()) as unknown);
  const parsed: SigningCertificateRequest[] = json.map((j) =>
    parseSigningCertificateRequest(j, undefined),
  );
  const verified: VerifiedToken[] = [];
  for (const r of parsed) verified.push(await verifier.verify(r.token)); // JWKS fetched here
  const identities: CertificateIdentity[] = verified.map(identityFor);
  const spkis = await Promise.all(
    parsed.map((p, i) =>
      verifyProofOfPossession(p, { claim: 'sub', value: challengeFor(verified[i]!) }),
    ),
  );
  const caNoCt = fx.ca();
  // Precertificate chains exactly as the CA submits them, captured by a submitter that signs
  // an SCT without logging.
  const chains: Buffer[][] = [];
  const capture: CtSubmitter = {
    addPreChain: async (chain) => {
      chains.push([...chain]);
      const { leaf, issuer: ca } = validateChain(chain, [fx.rootCert], 'precert');
      const entry = precertEntry(leaf, ca);
      return signSct({
        logKey: fx.ctKey,
        timestamp: 1n,
        signedData: sctSignedData({ timestamp: 1n, entry, extensions: Buffer.alloc(0) }),
        extensions: Buffer.alloc(0),
      });
    },
  };
  const caCapture = fx.ca(capture);
  for (let i = 0; i < n; i++) await caCapture.issue(identities[i]!, spkis[i]!);
  const validated = chains.map((c) => validateChain(c, [fx.rootCert], 'precert'));
  const entries = validated.map((v) => precertEntry(v.leaf, v.issuer));
  const issued = await Promise.all(identities.map((id, i) => caCapture.issue(id, spkis[i]!)));

  const s = options.stepSeconds;
  const rows: CaEngineRow[] = [];
  const step = async (name: string, fn: () => Promise<number>): Promise<void> => {
    rows.push({ step: name, micros: { median: await fn(), min: NaN, max: NaN } });
  };
  const p = (i: number): number => i % n;

  await step('request JSON.parse', () =>
    timeSerial(s, (i) => JSON.parse(reqs[p(i)]!.body.toString())),
  );
  await step('parseSigningCertificateRequest (PEM key, base64 proof)', () =>
    timeSerial(s, (i) => parseSigningCertificateRequest(json[p(i)], undefined)),
  );
  await step('TokenVerifier.verify (RS256, warm JWKS, claim checks)', () =>
    timeSerial(s, (i) => verifier.verify(reqs[p(i)]!.token)),
  );
  const rsaKey = issuer.keys[0]!.publicKey;
  const rsaFacts = keyFacts(rsaKey);
  const decoded = reqs.map((r) => decodeJwt(r.token));
  await step('  of which decodeJwt', () => timeSerial(s, (i) => decodeJwt(reqs[p(i)]!.token)));
  await step('  of which verifyJwsSignature (node:crypto)', () =>
    timeSerial(s, (i) => verifyJwsSignature(decoded[p(i)]!, rsaFacts, 'RS256', 'the key')),
  );
  await step('  for comparison: jose compactVerify (the check before)', () =>
    timeSerial(s, (i) => compactVerify(reqs[p(i)]!.token, rsaKey, { algorithms: ['RS256'] })),
  );
  await step('identityFor (GitHub claims to extensions)', () =>
    timeSerial(s, (i) => identityFor(verified[p(i)]!)),
  );
  await step('verifyProofOfPossession (P-256 client key)', () =>
    timeSerial(s, (i) =>
      verifyProofOfPossession(parsed[p(i)]!, {
        claim: 'sub',
        value: challengeFor(verified[p(i)]!),
      }),
    ),
  );
  await step('  of which importSpki(client SPKI)', () =>
    timeSerial(s, (i) => importSpki(spkis[p(i)]!)),
  );
  await step('  for comparison: createPublicKey(client SPKI) (the import before)', () =>
    timeSerial(s, (i) => createPublicKey({ key: spkis[p(i)]!, format: 'der', type: 'spki' })),
  );
  await step('CertificateAuthority.issue without CT (TBS + 1 signature)', () =>
    timeSerial(s, (i) => caNoCt.issue(identities[p(i)]!, spkis[p(i)]!)),
  );
  const tbs = chains[0]![0]!;
  const hash = issuingKeyType === 'p256' ? 'sha256' : 'sha384';
  await step(`  of which crypto.sign with the issuing key`, () =>
    timeSerial(s, () => sign(hash, tbs, fx.issuingKey)),
  );
  await step('CT validateChain([precert, issuing, root])', () =>
    timeSerial(s, (i) => validateChain(chains[p(i)]!, [fx.rootCert], 'precert')),
  );
  const issuingPublic = createPublicKey(fx.issuingKey);
  const issuingSpki = spkiOf(fx.issuingKey);
  const rootSpki = fx.rootCert.publicKey;
  const precert = parseCertificate(chains[0]![0]!);
  await step('  of which createPublicKey(issuing CA SPKI)', () =>
    timeSerial(s, () => createPublicKey({ key: issuingSpki, format: 'der', type: 'spki' })),
  );
  await step('  of which createPublicKey(root SPKI)', () =>
    timeSerial(s, () => createPublicKey({ key: rootSpki, format: 'der', type: 'spki' })),
  );
  await step('  of which verify precert ← issuing CA', () =>
    timeSerial(s, () => verify(hash, precert.tbs, issuingPublic, precert.signature)),
  );
  const issuingParsed = parseCertificate(fx.issuingCert);
  const rootPublic = createPublicKey({ key: rootSpki, format: 'der', type: 'spki' });
  await step('  of which verify issuing CA ← root (constant chain)', () =>
    timeSerial(s, () => verify('sha256', issuingParsed.tbs, rootPublic, issuingParsed.signature)),
  );
  await step('  of which parseCertificate × 3', () =>
    timeSerial(s, (i) => chains[p(i)]!.map((der) => parseCertificate(der))),
  );
  await step('CT precertEntry + MerkleTreeLeaf + SCT signed data', () =>
    timeSerial(s, (i) => {
      const entry = precertEntry(validated[p(i)]!.leaf, validated[p(i)]!.issuer);
      const opts = { timestamp: 1n, entry, extensions: Buffer.alloc(0) };
      return [merkleTreeLeaf(opts), sctSignedData(opts)];
    }),
  );
  await step('CT signSct (ECDSA P-256)', () =>
    timeSerial(s, (i) =>
      signSct({
        logKey: fx.ctKey,
        timestamp: 1n,
        signedData: sctSignedData({
          timestamp: 1n,
          entry: entries[p(i)]!,
          extensions: Buffer.alloc(0),
        }),
        extensions: Buffer.alloc(0),
      }),
    ),
  );
  await step('  of which logIdOf(log key) (export SPKI + SHA-256)', () =>
    timeSerial(s, () => logIdOf(fx.ctKey)),
  );
  await step('response: chain to PEM + JSON.stringify', () =>
    timeSerial(s, (i) =>
      JSON.stringify({
        signedCertificateEmbeddedSct: {
          chain: { certificates: issued[p(i)]!.chain.map((d) => toPem('CERTIFICATE', d)) },
        },
      }),
    ),
  );

  // The CT log on real storage: these wait for batches and checkpoints, so many run at once.
  const dir = await scratchDir(options.dataRoot, 'signet-bench-ca-engine-');
  try {
    const ctLog = await CtLog.open({
      origin: 'bench.signet.example/ct',
      key: fx.ctKey,
      storage: new PosixLogStorage(dir),
      roots: [fx.root],
    });
    try {
      const ca = fx.ca(ctLog);
      const api = new FulcioApi(ca);
      const long = s * 6;
      await step(
        `CtLog.addPreChain (validate, append, SCT), ${options.concurrency} in flight`,
        () => timeConcurrent(long, options.concurrency, (i) => ctLog.addPreChain(chains[p(i)]!)),
      );
      await step(`CertificateAuthority.issue with CtLog, ${options.concurrency} in flight`, () =>
        timeConcurrent(long, options.concurrency, (i) => ca.issue(identities[p(i)]!, spkis[p(i)]!)),
      );
      await step(
        `FulcioApi.createSigningCertificate (all of it but HTTP), ${options.concurrency} in flight`,
        () =>
          timeConcurrent(long, options.concurrency, async (i) => {
            const result = await api.createSigningCertificate(verifier, json[p(i)], undefined);
            return JSON.stringify(result.response);
          }),
      );
    } finally {
      await ctLog.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

export async function benchCaEngine(
  options: CaEngineOptions,
  issuingKeyTypes: readonly IssuingKeyType[],
): Promise<CaEngineResult[]> {
  const issuer = await startTestIssuer({ path: '/_services/token' });
  try {
    const results: CaEngineResult[] = [];
    for (const issuingKeyType of issuingKeyTypes) {
      const runs: CaEngineRow[][] = [];
      for (let run = 0; run < options.runs; run++) {
        // Minted per run: tokens live five minutes.
        const rows = await once(options, issuingKeyType, issuer, await requests(issuer, 256));
        progress(
          `  ca-engine ${issuingKeyType} run ${run + 1}: ${rows
            .filter((r) => !r.step.startsWith(' '))
            .map((r) => `${r.step.split(' ')[0]} ${r.micros.median.toFixed(0)} µs`)
            .join(', ')}`,
        );
        runs.push(rows);
      }
      results.push({
        issuingKeyType,
        rows: (runs[0] ?? []).map((row, k) => ({
          step: row.step,
          micros: spread(runs.map((r) => r[k]!.micros.median)),
        })),
      });
    }
    return results;
  } finally {
    await issuer.close();
  }
}
