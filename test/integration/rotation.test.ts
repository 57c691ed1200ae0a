import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { finishRotations, loadRetiredKeys } from '../../server/rotation.js';
import { toPem } from '../../src/core/pem.js';
import { OID, findExtension, parseCertificate, spkiOf } from '../../src/core/x509.js';
import { EntryFactory } from '../helpers/entries.js';
import { type TestService, startTestService, tempDir } from '../helpers/server.js';
import {
  type SignedArtifact,
  signWithDevIssuer,
  verifyWithSigstoreJs,
} from '../helpers/sigstore.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * Rotation end to end: sign with sigstore-js, stop the service, rotate every key with the real
 * `signet-server rotate` command, start again, and check that the old bundle still verifies
 * against the new trust root (retired keys kept with end dates) while new bundles use new keys.
 */

const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, [join(repoRoot(), 'bin', 'signet-server.js'), ...args], {
    encoding: 'utf8',
  });

/** Which issuing CA signed the leaf: its authority key identifier. */
const issuerOf = (signed: SignedArtifact): string => {
  const material = signed.json.verificationMaterial;
  const raw =
    material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
  const cert = parseCertificate(Buffer.from(raw as string, 'base64'));
  return findExtension(cert, OID.authorityKeyIdentifier)?.value.toString('hex') ?? '';
};

type Root = Record<
  'tlogs' | 'ctlogs' | 'certificateAuthorities' | 'timestampAuthorities',
  {
    validFor?: { start: string; end?: string };
    publicKey?: { validFor: { start: string; end?: string } };
    logId?: { keyId: string };
  }[]
>;

let dataDir: string;
let before1: SignedArtifact;
let rootBefore: Root;
let rootAfter: Root;
let service: TestService | undefined;
/** The Rekor v1 log before the rotation, with one entry in it. */
let v1Before: { treeID: string; treeSize: number };

before(async () => {
  dataDir = await tempDir();
  service = await startTestService({ dataDir, devIssuer: true });
  before1 = await signWithDevIssuer(service.url);
  rootBefore = service.trustedRoot as Root;
  const logged = await fetch(`${service.url}/api/v1/log/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(new EntryFactory().v1Request()),
  });
  assert.equal(logged.status, 201);
  v1Before = (await (await fetch(`${service.url}/api/v1/log`)).json()) as typeof v1Before;
});

after(async () => {
  await service?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('signet-server rotate', () => {
  it('refuses while the service is running', async () => {
    await assert.rejects(
      cli(['rotate', 'log', '--data-dir', dataDir]),
      (error: { stderr: string }) =>
        /is running on .*; stop it, rotate, then start it again/.test(error.stderr),
    );
  });

  it('refuses issuing-ca without the root key, before moving anything', async () => {
    await service?.dispose();
    service = undefined;
    const keys = join(dataDir, 'keys');
    await rename(join(keys, 'root-ca.key.pem'), join(dataDir, 'root-ca.key.pem'));
    const listing = await readdir(keys);
    await assert.rejects(
      cli(['rotate', 'issuing-ca', '--data-dir', dataDir]),
      (error: { stderr: string }) => /needs the root CA key/.test(error.stderr),
    );
    assert.deepEqual(await readdir(keys), listing);
    await rename(join(dataDir, 'root-ca.key.pem'), join(keys, 'root-ca.key.pem'));
  });

  it('retires each key and creates its successor', async () => {
    for (const role of ['issuing-ca', 'log', 'ct', 'tsa', 'rekor-v1']) {
      const { stdout } = await cli(['rotate', role, '--data-dir', dataDir]);
      assert.match(stdout, new RegExp(`Retired the ${role} key as of`));
    }
    const retired = await readdir(join(dataDir, 'keys', 'retired'));
    assert.deepEqual(retired.map((name) => name.replace(/-\d{4}-.*$/, '')).sort(), [
      'ct',
      'issuing-ca',
      'log',
      'rekor-v1',
      'tsa',
    ]);
    service = await startTestService({ dataDir, devIssuer: true });
    rootAfter = service.trustedRoot as Root;
  });

  it('keeps every retired key in the trust root with an end date', () => {
    for (const field of [
      'tlogs',
      'ctlogs',
      'certificateAuthorities',
      'timestampAuthorities',
    ] as const) {
      // tlogs lists the Rekor v2 log's keys, then the Rekor v1 log's.
      const logs = field === 'tlogs' ? 2 : 1;
      assert.equal(rootBefore[field].length, logs, field);
      assert.equal(rootAfter[field].length, 2 * logs, field);
      const windows = rootAfter[field].map((e) => e.publicKey?.validFor ?? e.validFor);
      for (let i = 0; i < windows.length; i += 2) {
        assert.ok(windows[i]?.end, `${field}: retired entry has an end`);
        assert.equal(windows[i + 1]?.end, undefined, `${field}: the live entry has no end`);
      }
    }
  });

  it('keeps the Rekor v1 log and its tree ID, signing with the new key', async () => {
    assert.ok(service);
    const info = (await (await fetch(`${service.url}/api/v1/log`)).json()) as {
      treeID: string;
      treeSize: number;
    };
    assert.equal(info.treeID, v1Before.treeID);
    assert.equal(info.treeSize, v1Before.treeSize);
    const response = await fetch(`${service.url}/api/v1/log/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(new EntryFactory().v1Request()),
    });
    assert.equal(response.status, 201);
    const [entry] = Object.values(
      (await response.json()) as Record<string, { logID: string; logIndex: number }>,
    );
    const live = rootAfter.tlogs.at(-1)?.logId?.keyId;
    assert.equal(Buffer.from(entry?.logID ?? '', 'hex').toString('base64'), live);
    assert.notEqual(live, rootBefore.tlogs.at(-1)?.logId?.keyId);
    assert.equal(entry?.logIndex, v1Before.treeSize);
  });

  it('still verifies what was signed before the rotation, and signs anew with new keys', async () => {
    verifyWithSigstoreJs(rootAfter, before1);
    assert.ok(service);
    const after1 = await signWithDevIssuer(service.url);
    verifyWithSigstoreJs(rootAfter, after1);
    assert.notEqual(issuerOf(after1), issuerOf(before1));
    // The old trust root does not know the new keys.
    assert.throws(() => verifyWithSigstoreJs(rootBefore, after1));
  });
});

describe('a rotation interrupted by a crash', () => {
  it('is finished on the next start, and never takes the successor key', async () => {
    const dir = await tempDir();
    const keys = join(dir, 'keys');
    const retiredDir = join(keys, 'retired', 'log-2026-01-01T00-00-00-000Z');
    await mkdir(retiredDir, { recursive: true });
    const old = generateKeyPairSync('ed25519').privateKey;
    await writeFile(join(keys, 'log.key.pem'), old.export({ format: 'pem', type: 'pkcs8' }));
    await writeFile(join(retiredDir, 'log.pub.pem'), toPem('PUBLIC KEY', spkiOf(old)));
    const record = {
      role: 'log',
      start: '2025-01-01T00:00:00.000Z',
      end: '2026-01-01T00:00:00.000Z',
      material: 'log.pub.pem',
      files: ['log.key.pem'],
      complete: false,
    };
    await writeFile(join(retiredDir, 'retired.json'), JSON.stringify(record));
    await finishRotations(dir);
    assert.deepEqual((await readdir(retiredDir)).sort(), [
      'log.key.pem',
      'log.pub.pem',
      'retired.json',
    ]);
    assert.equal(
      JSON.parse(await readFile(join(retiredDir, 'retired.json'), 'utf8')).complete,
      true,
    );
    // The successor created after the move stays where it is on every later start.
    await writeFile(join(keys, 'log.key.pem'), 'successor');
    await finishRotations(dir);
    assert.equal(await readFile(join(keys, 'log.key.pem'), 'utf8'), 'successor');
    const [retiredKey] = await loadRetiredKeys(dir);
    assert.equal(retiredKey?.role, 'log');
    assert.equal(retiredKey?.end.toISOString(), record.end);
    await rm(dir, { recursive: true });
  });
});
