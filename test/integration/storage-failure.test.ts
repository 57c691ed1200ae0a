import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { leafHash, rootFromLeafHashes, verifyInclusion } from '../../src/core/merkle.js';
import { type NoteVerifier, noteSigner, noteVerifier } from '../../src/core/note.js';
import { toPem } from '../../src/core/pem.js';
import { spkiOf } from '../../src/core/x509.js';
import { type Checkpoint, verifyCheckpoint } from '../../src/tlog/checkpoint.js';
import { TransparencyLog } from '../../src/tlog/log.js';
import { watchLogHealth } from '../../server/log-health.js';
import { createLogger } from '../../server/logger.js';
import { Registry } from '../../server/metrics.js';
import { EntryFactory } from '../helpers/entries.js';
import { type ServerProcess, startServerProcess, tempDir } from '../helpers/server.js';
import { FaultyStorage, errno } from '../tlog/faulty-storage.js';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import { requireTool } from '../helpers/tools.js';

/**
 * The real `signet-server` process when its disk fails and comes back. The fault is the kernel's:
 * prlimit lowers the running process's file-size limit (RLIMIT_FSIZE), so every write past it
 * fails with EFBIG, as a full or read-only disk fails writes, and raising it heals the disk.
 * (chmod does not stop a root process, and tmpfs or chattr need privileges; this needs none.)
 */

/** Every request gets its answer within this, or the test fails naming it. */
const ANSWER_WITHIN_MS = 15_000;
/** A file-size limit below every file the log writes: the journal, tiles and the checkpoint. */
const BROKEN_DISK_BYTES = 64;

interface Answer {
  status: number;
  text: string;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
  return { status: response.status, text: await response.text() } satisfies Answer;
}

async function get(url: string): Promise<Answer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
  return { status: response.status, text: await response.text() };
}

/** Sets the soft file-size limit of a running process. */
function fileSizeLimit(pid: number, limit: number | 'unlimited'): void {
  const result = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${limit}:`], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `prlimit: ${result.stderr}`);
}

/** Resolves once the server has logged a line matching `pattern` (after `from` characters). */
function logLine(server: ServerProcess, pattern: RegExp, from = 0): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const find = (): boolean => {
      const line = server
        .stderr()
        .slice(from)
        .split('\n')
        .find((l) => pattern.test(l));
      if (line === undefined) return false;
      clearTimeout(timer);
      server.process.stderr?.off('data', check);
      resolve(line);
      return true;
    };
    const check = (): void => void find();
    const timer = setTimeout(() => {
      server.process.stderr?.off('data', check);
      reject(new Error(`no log line matching ${pattern} within ${ANSWER_WITHIN_MS} ms`));
    }, ANSWER_WITHIN_MS);
    // The helper's own listener appends first: listeners run in the order they were added.
    server.process.stderr?.on('data', check);
    find();
  });
}

/** One metric's value from /metrics text, by name and labels as rendered. */
function metric(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  assert.ok(line, `/metrics has no ${series}`);
  return Number(line.slice(series.length + 1));
}

interface Acknowledged {
  request: object;
  index: number;
  leaf: Buffer;
  checkpoint: Checkpoint;
}

interface EntryJson {
  logIndex: string;
  canonicalizedBody: string;
  inclusionProof: { hashes: string[]; checkpoint: { envelope: string } };
}

/** Checks a 201 answer: its proof leads to a checkpoint signed by the log's key. */
function acknowledged(answer: Answer, request: object, verifier: NoteVerifier): Acknowledged {
  assert.equal(answer.status, 201, answer.text);
  const json = JSON.parse(answer.text) as EntryJson;
  const index = Number(json.logIndex);
  const leaf = leafHash(Buffer.from(json.canonicalizedBody, 'base64'));
  const checkpoint = verifyCheckpoint(json.inclusionProof.checkpoint.envelope, [verifier]);
  const proof = json.inclusionProof.hashes.map((h) => Buffer.from(h, 'base64'));
  verifyInclusion(index, checkpoint.size, leaf, proof, checkpoint.rootHash);
  return { request, index, leaf, checkpoint };
}

describe('signet-server when log storage fails', () => {
  it('answers every writer, reports the failure, recovers by itself, and loses nothing', async (t) => {
    if (!requireTool(t, 'prlimit', 'util-linux')) return;
    const dataDir = await tempDir();
    const configDir = await tempDir();
    const config = join(configDir, 'signet.yaml');
    await writeFile(config, 'log:\n  recoveryDelayMs: 50\n  recoveryMaxDelayMs: 200\n');
    const server = await startServerProcess({ dataDir, args: ['--dev', '--config', config] });
    const pid = server.process.pid as number;
    try {
      const trustedRoot = JSON.parse((await get(`${server.url}/trusted_root.json`)).text) as {
        tlogs: { publicKey: { rawBytes: string } }[];
      };
      const key = Buffer.from(trustedRoot.tlogs[0]?.publicKey.rawBytes as string, 'base64');
      const verifier = noteVerifier(
        '127.0.0.1',
        createPublicKey({ key, format: 'der', type: 'spki' }),
      );
      const factory = new EntryFactory();
      const append = async (): Promise<{ request: object; answer: Answer }> => {
        const request = factory.request();
        return { request, answer: await post(`${server.url}/api/v2/log/entries`, request) };
      };
      const certificate = async (): Promise<Answer> => {
        const email = 'writer@signet.localhost';
        const token = JSON.parse((await post(`${server.url}/dev-oidc/token`, { email })).text) as {
          id_token: string;
        };
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        return post(
          `${server.url}/api/v2/signingCert`,
          {
            publicKeyRequest: {
              publicKey: { content: toPem('PUBLIC KEY', spkiOf(privateKey)) },
              proofOfPossession: sign('sha256', Buffer.from(email), privateKey).toString('base64'),
            },
          },
          { authorization: `Bearer ${token.id_token}` },
        );
      };

      // Entries acknowledged while the disk works.
      const before = (await Promise.all(Array.from({ length: 20 }, append))).map((a) =>
        acknowledged(a.answer, a.request, verifier),
      );
      assert.equal((await certificate()).status, 200);

      // The disk breaks: writers in flight, for both logs, are answered, none acknowledged.
      const logged = server.stderr().length;
      fileSizeLimit(pid, BROKEN_DISK_BYTES);
      const [entries, certificates] = await Promise.all([
        Promise.all(Array.from({ length: 3 }, append)),
        Promise.all(Array.from({ length: 2 }, certificate)),
      ]);
      for (const { answer } of entries) {
        assert.equal(answer.status, 503, answer.text);
        assert.match(answer.text, /stopped after a storage failure/);
      }
      for (const answer of certificates) assert.equal(answer.status, 503, answer.text);
      // Why it stopped is in the log, with the underlying error.
      const stopped = await logLine(server, /"msg":"log stopped after a storage failure/, logged);
      assert.match(stopped, /"code":"EFBIG"/);
      // Not ready, so a balancer sends requests elsewhere, but alive: a restart would not help.
      const ready = await get(`${server.url}/readyz`);
      assert.equal(ready.status, 503, ready.text);
      assert.match(ready.text, /not ready: the transparency log stopped after a storage failure/);
      assert.equal((await get(`${server.url}/healthz`)).status, 200);
      const down = (await get(`${server.url}/metrics`)).text;
      assert.equal(metric(down, 'signet_log_up{log="tlog"}'), 0);
      assert.equal(metric(down, 'signet_log_storage_failures_total{log="tlog"}'), 1);
      assert.equal(metric(down, 'signet_log_recoveries_total{log="tlog"}'), 0);
      // Recovery is tried and fails while the disk is still broken.
      await logLine(server, /"msg":"log recovery failed; retrying".*"log":"tlog"/, logged);
      assert.equal((await get(`${server.url}/readyz`)).status, 503);
      assert.equal((await append()).answer.status, 503);

      // The disk is fixed: the service comes back by itself.
      const fixed = server.stderr().length;
      fileSizeLimit(pid, 'unlimited');
      await Promise.all(
        ['tlog', 'ct'].map((log) =>
          logLine(server, new RegExp(`"msg":"log recovered.*"log":"${log}"`), fixed),
        ),
      );
      assert.equal((await get(`${server.url}/readyz`)).status, 200);
      const up = (await get(`${server.url}/metrics`)).text;
      assert.equal(metric(up, 'signet_log_up{log="tlog"}'), 1);
      assert.equal(metric(up, 'signet_log_up{log="ct"}'), 1);
      assert.equal(metric(up, 'signet_log_recoveries_total{log="tlog"}'), 1);
      assert.equal((await certificate()).status, 200);

      // Every acknowledged entry is at its index, with a valid proof against the new checkpoint.
      const after = await Promise.all(
        before.map(async (ack) => {
          const again = acknowledged(
            await post(`${server.url}/api/v2/log/entries`, ack.request),
            ack.request,
            verifier,
          );
          assert.equal(again.index, ack.index);
          return again;
        }),
      );
      const latest = after.reduce((a, b) => (b.checkpoint.size > a.checkpoint.size ? b : a));
      // The entries refused while the disk was broken never reached it: the log goes on at 20.
      assert.equal(latest.checkpoint.size, before.length);
      assert.equal(acknowledged((await append()).answer, {}, verifier).index, before.length);
      // No fork: every checkpoint shown before the failure is the root of the same leaves now.
      const leaves = new Map(before.map((a) => [a.index, a.leaf]));
      for (const { checkpoint } of before) {
        const prefix = Array.from({ length: checkpoint.size }, (_, i) => leaves.get(i));
        assert.ok(prefix.every((leaf) => leaf !== undefined));
        assert.deepEqual(rootFromLeafHashes(prefix as Buffer[]), checkpoint.rootHash);
      }
    } finally {
      spawnSync('prlimit', ['--pid', String(pid), '--fsize=unlimited:']);
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(configDir, { recursive: true, force: true });
    }
  });

  it('logs and counts retries for want of file descriptors, and the log stays up', async () => {
    const dir = await tempDir();
    const storage = new FaultyStorage(new PosixLogStorage(dir));
    const { privateKey } = generateKeyPairSync('ed25519');
    const log = await TransparencyLog.open({
      origin: 'log.example.test',
      signer: noteSigner('log.example.test', privateKey),
      storage,
    });
    const lines: string[] = [];
    const registry = new Registry();
    watchLogHealth(
      registry,
      createLogger('info', (line) => lines.push(line)),
      { tlog: log },
    );
    storage.fault = {
      steps: ['sequence'],
      error: () => errno('EMFILE', 'too many open files'),
      times: 3,
    };
    await log.append(Buffer.from('an entry'));
    const text = registry.render();
    assert.equal(metric(text, 'signet_log_storage_retries_total{log="tlog"}'), 3);
    assert.equal(metric(text, 'signet_log_storage_failures_total{log="tlog"}'), 0);
    assert.equal(metric(text, 'signet_log_up{log="tlog"}'), 1);
    const retried = lines.filter((l) => l.includes('out of file descriptors; retrying'));
    assert.equal(retried.length, 3);
    for (const line of retried) assert.match(line, /"level":"warn".*"code":"EMFILE"/);
    await log.close();
    await rm(dir, { recursive: true });
  });
});
