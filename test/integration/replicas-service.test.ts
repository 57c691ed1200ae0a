import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { cp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { attest, sign as sigstoreSign } from 'sigstore';
import { inclusionProof, leafHash, rootHash, verifyInclusion } from '../../src/core/merkle.js';
import { parseCertificate } from '../../src/core/x509.js';
import {
  SCT_LIST_OID,
  embeddedScts,
  issuerKeyHash,
  merkleTreeLeaf,
  tbsWithoutExtension,
} from '../../src/ct/sct.js';
import { parseCheckpointText } from '../../src/tlog/checkpoint.js';
import type { LogEntryAnon } from '../../src/tlog/rekor-v1/entry.js';
import { entriesPath, tilePath, tilesForSize } from '../../src/tlog/tiles.js';
import { TileClient } from '../helpers/crash.js';
import { EntryFactory, v1SetVerifies } from '../helpers/entries.js';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { type ServerProcess, devToken, startServerProcess, tempDir } from '../helpers/server.js';
import {
  type SignedArtifact,
  signWithDevIssuer,
  verifyWithSigstoreJs,
} from '../helpers/sigstore.js';
import { missingPostgres } from '../helpers/tools.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * Two `signet-server serve` processes on one PostgreSQL database, as two replicas behind a load
 * balancer: every request goes to the replica that does not hold the logs' leases (a follower),
 * and everything it answers must verify as the holder's would: a Fulcio certificate whose SCT's
 * entry is in the CT log the holder signs, Rekor v2 and Rekor v1 entries (hashedrekord, dsse,
 * intoto) with their signed entry timestamps, an RFC 3161 timestamp; sigstore-js signs and
 * verifies. Both replicas then serve the same checkpoints and tiles. Then the holder stops and
 * the follower takes every lease over and goes on, with the same answers for old entries; and
 * the holder is killed (SIGKILL) under Rekor v1 load through the follower, which takes over
 * without changing the integratedTime of any entry it answered.
 */

const run = promisify(execFile);
const bin = join(repoRoot(), 'bin', 'signet-server.js');
const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** The clients' request timeout: their defaults (5 s) are too short on a loaded test machine. */
const CLIENT_TIMEOUT_MS = 30_000;
/** How long a replica may take to reach a lease role, or two replicas to serve one checkpoint. */
const SETTLE_BOUND_MS = 30_000;
/** Pause between two polls of a replica, so the poller does not take a core from the servers. */
const POLL_PAUSE_MS = 20;
/** Concurrent Rekor v1 writers while the holder is killed... */
const WRITERS = 8;
/** ...and how many entries they get acknowledged before the kill, and again after it. */
const ROUND_ACKS = 40;
/** The logs' checkpoint and tile URL prefixes, the same on every replica. */
const TILED_LOGS = { tlog: '/api/v2', ct: '/ct' } as const;

type Role = 'holder' | 'follower';

/** Polls `check` until it answers a value, within SETTLE_BOUND_MS; `what` names the wait. */
async function settle<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + SETTLE_BOUND_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${SETTLE_BOUND_MS} ms`);
    await sleep(POLL_PAUSE_MS);
  }
}

/** Waits until `replica` is ready with every log's lease in `role`. */
function roleOf(replica: ServerProcess, role: Role): Promise<true> {
  const expected = JSON.stringify({
    status: 'SERVING',
    leases: { tlog: role, 'rekor-v1': role, ct: role },
  });
  return settle(`${replica.url} as ${role}`, async () => {
    const response = await fetch(`${replica.url}/readyz`);
    return (await response.text()) === expected || undefined;
  });
}

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}: ${response.status}`);
  return response.text();
}

async function bytes(url: string): Promise<Buffer> {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** What one round of clients got from a replica. */
interface Round {
  /** sigstore-js from the signing config: certificate, Rekor v2 entry, timestamp. */
  v2: SignedArtifact;
  /** sigstore-js's sign() and attest() against Rekor v1: hashedrekord, dsse and intoto. */
  v1: SignedArtifact[];
  /** A Rekor v1 entry posted by hand, as cosign does. */
  posted: LogEntryAnon;
}

const poster = new EntryFactory();

/** Every client's requests, against `replica` only. */
async function clients(replica: ServerProcess): Promise<Round> {
  const url = replica.url;
  const v2 = await signWithDevIssuer(url);
  const options = async () => ({
    fulcioURL: url,
    rekorURL: url,
    tsaServerURL: url,
    identityToken: await devToken(url),
    retry: 0,
    timeout: CLIENT_TIMEOUT_MS,
  });
  const artifact = randomBytes(64);
  const v1: SignedArtifact[] = [{ json: await sigstoreSign(artifact, await options()), artifact }];
  for (const legacyCompatibility of [false, true]) {
    const payload = Buffer.from(
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name: 'a', digest: { sha256: randomBytes(32).toString('hex') } }],
        predicateType: 'https://signet.test/predicate/v1',
        predicate: {},
      }),
    );
    const json = await attest(payload, PAYLOAD_TYPE, {
      ...(await options()),
      legacyCompatibility,
    });
    v1.push({ json, artifact: payload });
  }
  const response = await fetch(`${url}/api/v1/log/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(poster.v1Request()),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const [posted] = Object.values((await response.json()) as Record<string, LogEntryAnon>);
  assert.ok(posted);
  return { v2, v1, posted };
}

/** The Rekor v1 entry at `index` as `replica` serves it. */
async function v1Entry(replica: ServerProcess, index: number): Promise<LogEntryAnon> {
  const answer = JSON.parse(
    await text(`${replica.url}/api/v1/log/entries?logIndex=${index}`),
  ) as Record<string, LogEntryAnon>;
  const [entry] = Object.values(answer);
  assert.ok(entry, `${replica.url} serves v1 entry ${index}`);
  return entry;
}

/**
 * A Rekor v1 entry with its SET checked and left out: ECDSA signs each answer anew, while
 * everything else (integratedTime above all: it is signed once, so every replica must answer
 * the one the writer got) is the same on every replica.
 */
async function signed(replica: ServerProcess, entry: LogEntryAnon): Promise<object> {
  const key = createPublicKey(await text(`${replica.url}/api/v1/log/publicKey`));
  assert.ok(v1SetVerifies(entry, key), `the SET of v1 entry ${entry.logIndex} verifies`);
  return { ...entry, verification: { ...entry.verification, signedEntryTimestamp: undefined } };
}

/** A bundle's Rekor v1 entry as `replica` serves it: the same body, index and integratedTime. */
async function sameV1Entry(replica: ServerProcess, { json }: SignedArtifact): Promise<void> {
  const [logged] = json.verificationMaterial.tlogEntries;
  assert.ok(logged);
  const served = await v1Entry(replica, Number(logged.logIndex ?? 0));
  await signed(replica, served);
  assert.equal(served.body, logged.canonicalizedBody);
  assert.equal(served.integratedTime, Number(logged.integratedTime));
}

/** The leaf certificate of a bundle. */
function leafOf({ json }: SignedArtifact): Buffer {
  const material = json.verificationMaterial;
  const raw =
    material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
  assert.ok(raw, 'the bundle carries its certificate');
  return Buffer.from(raw, 'base64');
}

/**
 * Checks that the CT log `holder` serves holds the precertificate entry of `leaf`'s embedded
 * SCT, with an inclusion proof from its tiles against its checkpoint.
 */
async function inCtLog(holder: ServerProcess, leaf: Buffer, issuers: Buffer[]): Promise<void> {
  const cert = parseCertificate(leaf);
  const [sct] = embeddedScts(cert);
  assert.ok(sct, 'the certificate embeds an SCT');
  const checkpoint = parseCheckpointText(
    (await text(`${holder.url}/ct/checkpoint`)).split('\n\n')[0] + '\n',
  );
  const agent = new Agent({ keepAlive: true });
  try {
    const tiles = new TileClient(agent, `${holder.url}/ct`, checkpoint.size);
    const hashes = tilesForSize(checkpoint.size).filter((tile) => tile.level === 0);
    const leaves: Buffer[] = [];
    for (const { index, width } of hashes) {
      const tile = await bytes(
        `${holder.url}/ct/${tilePath(0, index, width === 256 ? undefined : width)}`,
      );
      for (let i = 0; i < width; i++) leaves.push(tile.subarray(i * 32, i * 32 + 32));
    }
    const candidates = issuers.map((issuer) =>
      leafHash(
        merkleTreeLeaf({
          timestamp: sct.timestamp,
          entry: {
            type: 'precert',
            issuerKeyHash: issuerKeyHash(parseCertificate(issuer)),
            tbs: tbsWithoutExtension(cert.tbs, SCT_LIST_OID),
          },
          extensions: sct.extensions,
        }),
      ),
    );
    const index = leaves.findIndex((hash) => candidates.some((c) => c.equals(hash)));
    assert.ok(
      index >= 0,
      `the CT log of ${holder.url} (size ${checkpoint.size}) holds the SCT's entry`,
    );
    const [root, proof] = await tiles.prove((nodes) => [
      rootHash(checkpoint.size, nodes),
      inclusionProof(index, checkpoint.size, nodes),
    ]);
    assert.deepEqual(root, checkpoint.rootHash);
    verifyInclusion(
      index,
      checkpoint.size,
      leaves[index] as Buffer,
      proof as Buffer[],
      checkpoint.rootHash,
    );
  } finally {
    agent.destroy();
  }
}

/**
 * Checks a round of answers got from `via`: sigstore-js verifies every bundle under `via`'s
 * trusted root, each certificate's CT entry is in the CT log `holder` signs, each Rekor v1
 * entry reads the same from both replicas, and the hand-posted entry's SET verifies.
 */
async function checkRound(via: ServerProcess, round: Round, holder: ServerProcess): Promise<void> {
  const trustedRoot = JSON.parse(await text(`${via.url}/trusted_root.json`)) as {
    certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
  };
  const issuers = trustedRoot.certificateAuthorities.flatMap((ca) =>
    ca.certChain.certificates.map((c) => Buffer.from(c.rawBytes, 'base64')),
  );
  for (const signed of [round.v2, ...round.v1]) {
    verifyWithSigstoreJs(trustedRoot, signed);
    await inCtLog(holder, leafOf(signed), issuers);
  }
  assert.deepEqual(
    round.v1.map(({ json }) => json.verificationMaterial.tlogEntries[0]?.kindVersion?.kind),
    ['hashedrekord', 'dsse', 'intoto'],
  );
  for (const replica of [via, holder]) {
    for (const signed of round.v1) await sameV1Entry(replica, signed);
  }
  const posted = await signed(via, round.posted);
  for (const replica of [via, holder]) {
    const served = await signed(replica, await v1Entry(replica, round.posted.logIndex));
    // Its proof may be against a later checkpoint than the one the writer got.
    assert.deepEqual(
      { ...served, verification: undefined },
      { ...posted, verification: undefined },
    );
    // Found by its UUID and by a search on its artifact's hash, as rekor-cli and cosign look.
    const body = Buffer.from(round.posted.body, 'base64');
    const uuid = leafHash(body).toString('hex');
    const [byUuid] = Object.values(
      JSON.parse(await text(`${replica.url}/api/v1/log/entries/${uuid}`)) as Record<
        string,
        LogEntryAnon
      >,
    );
    assert.equal(byUuid?.logIndex, round.posted.logIndex);
    const hash = (JSON.parse(body.toString()) as { spec: { data: { hash: { value: string } } } })
      .spec.data.hash.value;
    const response = await fetch(`${replica.url}/api/v1/index/retrieve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hash: `sha256:${hash}` }),
    });
    assert.equal(response.status, 200);
    const found = (await response.json()) as string[];
    assert.equal(found.length, 1);
    assert.ok(found[0]?.endsWith(uuid), `${replica.url} finds ${uuid} by hash: ${found[0]}`);
  }
}

/**
 * Waits until both replicas serve one checkpoint of each log, then compares every tile and
 * entry bundle of the tiled logs, and every Rekor v1 entry, byte for byte.
 */
async function agree(a: ServerProcess, b: ServerProcess): Promise<void> {
  for (const prefix of Object.values(TILED_LOGS)) {
    const note = await settle(`${prefix}/checkpoint on both replicas`, async () => {
      const [left, right] = await Promise.all(
        [a, b].map((replica) => text(`${replica.url}${prefix}/checkpoint`)),
      );
      return left === right ? left : undefined;
    });
    const { size } = parseCheckpointText(note.split('\n\n')[0] + '\n');
    assert.ok(size > 0);
    const paths = tilesForSize(size).map(({ level, index, width }) =>
      tilePath(level, index, width === 256 ? undefined : width),
    );
    for (let tile = 0; tile * 256 < size; tile++) {
      const width = Math.min(256, size - tile * 256);
      paths.push(entriesPath(tile, width === 256 ? undefined : width));
    }
    for (const path of paths) {
      const [left, right] = await Promise.all(
        [a, b].map((replica) => bytes(`${replica.url}${prefix}/${path}`)),
      );
      assert.deepEqual(left, right, `${prefix}/${path} is the same on both replicas`);
    }
  }
  const info = await settle('the Rekor v1 log on both replicas', async () => {
    const [left, right] = await Promise.all(
      [a, b].map((replica) => text(`${replica.url}/api/v1/log`)),
    );
    return left !== undefined && left === right
      ? (JSON.parse(left) as { treeSize: number })
      : undefined;
  });
  for (let index = 0; index < info.treeSize; index++) {
    assert.deepEqual(
      await signed(a, await v1Entry(a, index)),
      await signed(b, await v1Entry(b, index)),
    );
  }
}

describe('two replicas on one PostgreSQL database', { skip: missingPostgres() }, () => {
  let cluster: PostgresCluster;
  let url: string;
  const dirs: string[] = [];
  const replicas: ServerProcess[] = [];
  let a: ServerProcess;
  let b: ServerProcess;

  const start = async (dataDir: string): Promise<ServerProcess> => {
    const replica = await startServerProcess({
      dataDir,
      args: ['--storage', url, '--dev', '--log-level', 'warn'],
    });
    replicas.push(replica);
    return replica;
  };

  before(async () => {
    cluster = await startPostgres();
    url = await cluster.database();
    const owner = await tempDir();
    dirs.push(owner);
    await run(process.execPath, [bin, 'init', '--data-dir', owner, '--storage', url]);
    // The other replica mounts the same keys (a Secret) and nothing else.
    const other = await tempDir();
    dirs.push(other);
    await cp(join(owner, 'keys'), join(other, 'keys'), { recursive: true });
    a = await start(owner);
    await roleOf(a, 'holder');
    b = await start(other);
    await roleOf(b, 'follower');
  });

  after(async () => {
    for (const replica of replicas) await replica.kill().catch(() => undefined);
    await cluster?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('a follower answers every client, and what it answers the holder serves too', async () => {
    const round = await clients(b);
    await checkRound(b, round, a);
    await agree(a, b);
  });

  it('once the holder stops, the follower takes every lease over and answers the same', async () => {
    const before = await clients(b);
    assert.equal(await a.stop(), 0, a.stderr());
    await roleOf(b, 'holder');
    const round = await clients(b);
    await checkRound(b, round, b);
    // Entries answered while it followed read the same from it as the holder.
    for (const signed of before.v1) await sameV1Entry(b, signed);
    a = await start(a.dataDir);
    await roleOf(a, 'follower');
    await checkRound(a, round, b);
    await agree(a, b);
  });

  it('when the holder is killed under load, every Rekor v1 entry the follower answered keeps its time', async (t) => {
    // b holds the leases now, a follows; Rekor v1 writers post to a while b dies.
    const acks = new Map<number, LogEntryAnon>();
    const refused: number[] = [];
    let stop = false;
    const writer = async (): Promise<void> => {
      while (!stop) {
        const response = await fetch(`${a.url}/api/v1/log/entries`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(poster.v1Request()),
        });
        if (response.status !== 201) {
          // Only pushback while the lease changes hands: 503, to be retried.
          assert.equal(response.status, 503, await response.text());
          refused.push(response.status);
          continue;
        }
        const [entry] = Object.values((await response.json()) as Record<string, LogEntryAnon>);
        assert.ok(entry);
        assert.equal(acks.get(entry.logIndex), undefined, `index ${entry.logIndex} answered twice`);
        acks.set(entry.logIndex, entry);
      }
    };
    const writers = Array.from({ length: WRITERS }, writer);
    try {
      await settle('Rekor v1 entries acknowledged by the follower', async () =>
        acks.size >= ROUND_ACKS ? true : undefined,
      );
      const killedAt = Date.now();
      await b.kill();
      await roleOf(a, 'holder');
      const taken = acks.size;
      t.diagnostic(`takeover seen on /readyz ${Date.now() - killedAt} ms after the kill`);
      await settle('Rekor v1 entries acknowledged by the new holder', async () =>
        acks.size >= taken + ROUND_ACKS ? true : undefined,
      );
    } finally {
      stop = true;
      await Promise.all(writers);
    }
    t.diagnostic(`${acks.size} entries acknowledged, ${refused.length} answers of 503`);
    for (const [index, ack] of acks) {
      const served = await v1Entry(a, index);
      await signed(a, served);
      assert.equal(served.body, ack.body, `the body at ${index}`);
      assert.equal(served.integratedTime, ack.integratedTime, `the integratedTime at ${index}`);
    }
  });
});
