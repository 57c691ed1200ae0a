import assert from 'node:assert/strict';
import { type KeyObject, createPublicKey } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../src/core/merkle.js';
import { noteVerifier } from '../src/core/note.js';
import { parsePem } from '../src/core/pem.js';
import { type Certificate, parseCertificate } from '../src/core/x509.js';
import {
  SCT_LIST_OID,
  embeddedScts,
  issuerKeyHash,
  merkleTreeLeaf,
  tbsWithoutExtension,
  verifyEmbeddedSct,
} from '../src/ct/sct.js';
import { verifyCheckpoint } from '../src/tlog/checkpoint.js';
import { TILE_WIDTH, entriesPath } from '../src/tlog/tiles.js';
import { decodeBundle } from '../src/tlog/tree.js';
import {
  CrashState,
  LOAD_BOUND_MS,
  ORIGIN,
  REQUEST_TIMEOUT_MS,
  TileClient,
  WRITERS,
  resubmit,
  runLoad,
  send,
  verifyLog,
} from '../test/helpers/crash.js';
import { seededRandom } from '../test/helpers/random.js';
import { type ServerProcess, startServerProcess } from '../test/helpers/server.js';
import { type CaClients, makeCaClients, startBenchIssuer } from './ca-http.js';
import { freePort, machineFacts, progress, scratchDir } from './common.js';

/**
 * Crash safety with the CA in the loop: `--cycles` SIGKILLs of a real `signet-server` process
 * while writers append log entries (the crash test's load, test/helpers/crash.ts) and others
 * request certificates (`POST /api/v2/signingCert` with proof of possession, tokens from a test
 * issuer on loopback). Each kill comes after a random number of acknowledged entries and
 * certificates. After every restart the log is checked as the crash test checks it (every
 * acknowledged entry at its index, proofs against the new checkpoint, consistency with every
 * checkpoint seen before), and the CT log as a monitor would: its checkpoint verifies with the
 * CT key from the trust root and extends the last one seen, its tiles hash to the root, and every
 * certificate the CA returned has its precertificate entry (rebuilt from the certificate and its
 * SCT's timestamp) in the log, at or after the CT tree size seen before it was requested, with an
 * inclusion proof. Any failure stops the run with a non-zero exit.
 *
 *   npx tsc -p tsconfig.json && node build/bench/crash-soak.js --cycles 20 [--seed N]
 *
 * The seed (also SIGNET_CRASH_SEED) replays the kill points; which writer retries which entry
 * or uses which key depends on the processes' timing.
 */

const USAGE = `Usage: node build/bench/crash-soak.js [--cycles N] [--seed N] [--cert-writers N] [--max-minutes M]`;

/** Certificates acknowledged in a cycle before its entry load starts: uniformly random. */
const CERTS_BEFORE_LOAD: [number, number] = [1, 16];
/** Entries acknowledged under load before the SIGKILL, as in the crash test. */
const ACKS_BEFORE_KILL: [number, number] = [4, 128];
/** Client keys (each with its proof of possession) and the workflow identities among them. */
const CLIENT_KEYS = 16;
const IDENTITIES = 4;
/** Odd cycles run with tiny batches and frequent checkpoints, so a kill lands mid-write more. */
const SMALL_BATCHES = { batchMaxSize: 4, batchMaxAgeMs: 2, checkpointIntervalMs: 10 };
const CT_ORIGIN = `${ORIGIN}/ct`;

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '20' },
    seed: { type: 'string' },
    'cert-writers': { type: 'string', default: '8' },
    'max-minutes': { type: 'string', default: '30' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const positive = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const cycles = positive('cycles', values.cycles);
const certWriters = positive('cert-writers', values['cert-writers']);
const deadline = Date.now() + positive('max-minutes', values['max-minutes']) * 60_000;
if (values.seed !== undefined) process.env.SIGNET_CRASH_SEED = values.seed;
const random = seededRandom({ diagnostic: progress }, 'SIGNET_CRASH_SEED');

/** A certificate the CA returned, with the CT leaf its SCT promises. */
interface IssuedCertificate {
  leaf: Buffer;
  /** The CT tree size verified before it was requested: its entry cannot come before this. */
  minIndex: number;
  cycle: number;
}

interface CtView {
  key: KeyObject;
  issuing: Certificate;
  caPems: [string, string];
  size: number;
  root: Buffer;
  note: string;
}

async function trustOf(server: ServerProcess, agent: Agent): Promise<CtView> {
  const bundle = await send(agent, `${server.url}/api/v2/trustBundle`);
  const [issuingPem, rootPem] =
    (JSON.parse(bundle.body.toString()) as { chains: { certificates: string[] }[] }).chains[0]
      ?.certificates ?? [];
  assert.ok(issuingPem && rootPem, 'trustBundle is not [issuing CA, root]');
  const trusted = await send(agent, `${server.url}/trusted_root.json`);
  const ctSpki = (
    JSON.parse(trusted.body.toString()) as { ctlogs: { publicKey: { rawBytes: string } }[] }
  ).ctlogs[0]?.publicKey.rawBytes;
  assert.ok(ctSpki, 'trusted_root.json has no CT log');
  return {
    key: createPublicKey({ key: Buffer.from(ctSpki, 'base64'), format: 'der', type: 'spki' }),
    issuing: parseCertificate(parsePem(issuingPem, 'CERTIFICATE')[0]?.der as Buffer),
    caPems: [issuingPem, rootPem],
    size: 0,
    root: Buffer.alloc(0),
    note: '',
  };
}

/**
 * The CT log as a monitor sees it after a (re)start: a checkpoint signed by the CT key that
 * extends the last one seen, tiles that hash to its root and entry bundles that match the
 * tiles, and every issued certificate's precertificate entry in it. Updates `ct` in place.
 */
async function verifyCt(
  ct: CtView,
  issued: readonly IssuedCertificate[],
  server: ServerProcess,
  agent: Agent,
  when: string,
): Promise<void> {
  const served = await send(agent, `${server.url}/ct/checkpoint`);
  assert.equal(served.status, 200, `${when}: GET /ct/checkpoint ${served.status}`);
  const note = served.body.toString('utf8');
  const checkpoint = verifyCheckpoint(note, [noteVerifier(CT_ORIGIN, ct.key)]);
  assert.equal(checkpoint.origin, CT_ORIGIN, `${when}: CT checkpoint origin`);
  const size = checkpoint.size;
  assert.ok(size >= ct.size, `${when}: CT tree size ${size} is below the ${ct.size} seen before`);
  const tiles = new TileClient(agent, `${server.url}/ct`, size);
  assert.deepEqual(
    await tiles.prove((nodes) => rootHash(size, nodes)),
    checkpoint.rootHash,
    `${when}: CT tiles do not hash to the root`,
  );
  if (ct.size > 0) {
    const proof = await tiles.prove((nodes) => consistencyProof(ct.size, size, nodes));
    verifyConsistency(ct.size, size, ct.root, checkpoint.rootHash, proof);
  }
  // Every entry, by leaf hash, matched against the tiles.
  const indexOf = new Map<string, number>();
  for (let bundle = 0; bundle * TILE_WIDTH < size; bundle++) {
    const width = Math.min(TILE_WIDTH, size - bundle * TILE_WIDTH);
    const path = entriesPath(bundle, width === TILE_WIDTH ? undefined : width);
    const data = await tiles.fetch(path);
    assert.ok(data, `${when}: /ct/${path} is not served`);
    const entries = decodeBundle(data);
    assert.ok(entries?.length === width, `${when}: /ct/${path} is malformed`);
    const hashes = await tiles.prove((nodes) =>
      entries.map((_, i) => Buffer.from(nodes.node(0, bundle * TILE_WIDTH + i))),
    );
    for (const [i, entry] of entries.entries()) {
      const leaf = leafHash(entry);
      assert.deepEqual(leaf, hashes[i], `${when}: CT entry ${bundle * TILE_WIDTH + i} mismatch`);
      indexOf.set(leaf.toString('base64'), bundle * TILE_WIDTH + i);
    }
  }
  for (const cert of issued) {
    const hash = leafHash(cert.leaf);
    const index = indexOf.get(hash.toString('base64'));
    assert.ok(index !== undefined, `${when}: a certificate of cycle ${cert.cycle} has no CT entry`);
    assert.ok(index >= cert.minIndex, `${when}: CT entry ${index} is before ${cert.minIndex}`);
    const proof = await tiles.prove((nodes) => inclusionProof(index, size, nodes));
    verifyInclusion(index, size, hash, proof, checkpoint.rootHash);
  }
  Object.assign(ct, { size, root: checkpoint.rootHash, note });
}

/** One certificate answer: the trust bundle's chain, one valid SCT; returns its CT leaf. */
function checkCertificate(text: string, ct: CtView): Buffer {
  const chain = (
    JSON.parse(text) as { signedCertificateEmbeddedSct?: { chain?: { certificates?: string[] } } }
  ).signedCertificateEmbeddedSct?.chain?.certificates;
  assert.ok(chain?.length === 3, 'no 3-certificate embedded-SCT chain');
  assert.deepEqual(chain.slice(1), ct.caPems, 'chain is not the trust bundle');
  const leaf = parseCertificate(parsePem(chain[0] as string, 'CERTIFICATE')[0]?.der as Buffer);
  const scts = embeddedScts(leaf);
  assert.equal(scts.length, 1, 'a certificate without exactly one embedded SCT');
  const sct = scts[0]!;
  assert.ok(verifyEmbeddedSct(leaf, ct.issuing, sct, ct.key), 'embedded SCT invalid');
  return merkleTreeLeaf({
    timestamp: sct.timestamp,
    entry: {
      type: 'precert',
      issuerKeyHash: issuerKeyHash(ct.issuing),
      tbs: tbsWithoutExtension(leaf.tbs, SCT_LIST_OID),
    },
    extensions: sct.extensions,
  });
}

interface CertLoad {
  stop(): void;
  done: Promise<void>;
  reached: Promise<void>;
  issued: number;
  cutOff: number;
}

/**
 * `certWriters` loops requesting certificates until stopped; `reached` resolves once `want`
 * were issued. A failure while the server is up rejects `done`; once stopping, failures are
 * requests the kill cut off (a precertificate may be logged without its certificate: allowed).
 */
function certLoad(
  server: ServerProcess,
  agent: Agent,
  clients: CaClients,
  tokens: string[],
  ct: CtView,
  issued: IssuedCertificate[],
  cycle: number,
  want: number,
): CertLoad {
  let stopping = false;
  let enough!: () => void;
  const reached = new Promise<void>((resolve) => (enough = resolve));
  const load: CertLoad = {
    stop: () => (stopping = true),
    reached,
    issued: 0,
    cutOff: 0,
    done: Promise.resolve(),
  };
  const writer = async (w: number): Promise<void> => {
    while (!stopping) {
      const key = random.pick(clients.keys)!;
      const body = Buffer.from(
        JSON.stringify({
          credentials: { oidcIdentityToken: tokens[key.identity] },
          publicKeyRequest: {
            publicKey: { algorithm: 'ECDSA', content: key.pem },
            proofOfPossession: key.proof,
          },
        }),
      );
      const minIndex = ct.size;
      let response;
      try {
        response = await send(agent, `${server.url}/api/v2/signingCert`, body);
      } catch (error) {
        if (!stopping)
          throw new Error(`certificate writer ${w}: ${String(error)}`, { cause: error });
        load.cutOff++;
        return;
      }
      if (response.status !== 200) {
        throw new Error(
          `signingCert (stopping=${stopping}): ${response.status} ${response.body.toString()}\n${server.stderr().slice(-4000)}`,
        );
      }
      issued.push({ leaf: checkCertificate(response.body.toString(), ct), minIndex, cycle });
      if (++load.issued >= want) enough();
    }
  };
  load.done = Promise.all(Array.from({ length: certWriters }, (_, w) => writer(w))).then(
    () => undefined,
  );
  return load;
}

async function main(): Promise<void> {
  const began = Date.now();
  progress(
    `crash soak: ${cycles} SIGKILL cycles, ${WRITERS} entry writers, ${certWriters} certificate writers`,
  );
  const issuer = await startBenchIssuer();
  const clients = makeCaClients(CLIENT_KEYS, IDENTITIES);
  const dir = await scratchDir(undefined, 'signet-crash-soak-');
  const port = await freePort();
  const config = (small: boolean): string =>
    JSON.stringify({
      ...(small ? { log: SMALL_BATCHES } : {}),
      identity: {
        'oidc-issuers': {
          [issuer.url]: {
            'issuer-url': issuer.url,
            'client-id': 'sigstore',
            type: 'github-workflow',
          },
        },
      },
    });
  await writeFile(join(dir, 'normal.json'), config(false));
  await writeFile(join(dir, 'small.json'), config(true));

  // Drawn before any writer runs: the writers' draws depend on timing, the kill points must not.
  const killPoints = Array.from(
    { length: cycles },
    () => [random.int(...CERTS_BEFORE_LOAD), random.int(...ACKS_BEFORE_KILL)] as const,
  );
  const state = new CrashState(random);
  const issued: IssuedCertificate[] = [];
  let ct: CtView | undefined;
  let live: ServerProcess | undefined;
  let entryRequests = 0;
  let certCutOff = 0;
  let entryCutOff = 0;
  try {
    for (let cycle = 0; cycle <= cycles; cycle++) {
      assert.ok(Date.now() < deadline, `the run passed --max-minutes at cycle ${cycle}`);
      const small = cycle % 2 === 1;
      const server = await startServerProcess({
        dataDir: join(dir, 'data'),
        port,
        args: ['--config', join(dir, small ? 'small.json' : 'normal.json'), '--log-level', 'warn'],
      });
      live = server;
      const agent = new Agent({ keepAlive: true, maxSockets: WRITERS + certWriters + 4 });
      const trust = await trustOf(server, agent);
      ct ??= trust;
      assert.deepEqual(trust.caPems, ct.caPems, 'the CA chain changed across a restart');
      const when = cycle === 0 ? 'at first start' : `after restart ${cycle}`;
      const checkpoint = await verifyLog(state, server, agent, when);
      await verifyCt(ct, issued, server, agent, when);
      if (cycle > 0) {
        const verified = state.acks.size;
        const durable = await resubmit(state, server, agent, cycle - 1, checkpoint);
        progress(
          `${when}: log size ${checkpoint.size}, all ${verified} acknowledged entries verified (${durable} cut-off requests were already in); CT size ${ct.size}, all ${issued.length} certificates' entries verified`,
        );
      }
      if (cycle === cycles) {
        agent.destroy();
        assert.equal(await server.stop(), 0, `clean stop:\n${server.stderr().slice(-4000)}`);
        live = undefined;
        break;
      }

      // Tokens live five minutes: fresh ones each cycle.
      const tokens = await Promise.all(
        Array.from({ length: IDENTITIES }, (_, i) =>
          issuer.mint(issuer.githubClaims({ repository: `octo-org/repo-${i}` })),
        ),
      );
      const [wantCerts, wantAcks] = killPoints[cycle]!;
      const certs = certLoad(server, agent, clients, tokens, ct, issued, cycle, wantCerts);
      const failed = certs.done.then(() => 'stopped' as const);
      const first = await Promise.race([
        certs.reached.then(() => 'reached' as const),
        failed,
        sleep(LOAD_BOUND_MS, 'timeout' as const, { ref: false }),
      ]);
      if (first !== 'reached') {
        certs.stop();
        await certs.done;
        assert.fail(
          `cycle ${cycle}: ${certs.issued} of ${wantCerts} certificates in ${LOAD_BOUND_MS} ms`,
        );
      }
      const load = await runLoad(state, server, agent, cycle, wantAcks, async (s) => {
        certs.stop();
        await s.kill();
        live = undefined;
      });
      await certs.done;
      agent.destroy();
      entryRequests += load.sent;
      entryCutOff += load.cutOff;
      certCutOff += certs.cutOff;
      progress(
        `cycle ${cycle}${small ? ' (small batches)' : ''}: SIGKILL once ${wantAcks} entries (${wantCerts} certificates first) were acknowledged: ${load.acked} entries and ${certs.issued} certificates by the kill; ${load.cutOff} entry and ${certs.cutOff} certificate requests cut off`,
      );
    }
  } finally {
    await live?.kill();
    await issuer.close();
    await rm(dir, { recursive: true, force: true });
  }
  const seconds = (Date.now() - began) / 1000;
  const summary = {
    cycles,
    seed: random.seed,
    acknowledgedEntries: state.acks.size,
    entryRequests,
    entryRequestsCutOff: entryCutOff,
    certificates: issued.length,
    certificateRequestsCutOff: certCutOff,
    checkpointsVerified: state.checkpoints.size,
    ctTreeSize: ct?.size,
    allVerified: true,
    seconds: Math.round(seconds),
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    machine: machineFacts(),
  };
  console.log(JSON.stringify(summary, null, 2));
}

await main();
