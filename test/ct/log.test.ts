import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { X509Certificate } from '@sigstore/core';
import { verifySCTs } from '@sigstore/verify/dist/key/sct.js';
import { leafHash, verifyInclusion } from '../../src/core/merkle.js';
import { noteVerifier, openNote } from '../../src/core/note.js';
import { nullValue } from '../../src/core/der.js';
import { OID, parseCertificate } from '../../src/core/x509.js';
import { CtLog, type CtLogOptions } from '../../src/ct/log.js';
import {
  CT_POISON_OID,
  PRECERT_SIGNING_EKU,
  merkleTreeLeaf,
  precertEntry,
  verifyEmbeddedSct,
  verifySct,
  x509SignedData,
} from '../../src/ct/sct.js';
import { decodeBundle } from '../../src/tlog/tree.js';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import { ctCode, p256, p384, testIntermediate, testLeaf, testPki, testRoot } from './fixtures.js';

const ORIGIN = 'ct.signet.test/ct';
const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Engine tuning for tests: no waiting for batches or checkpoints. */
const FAST = { batchMaxAgeMs: 0, checkpointIntervalMs: 0 };

async function openLog(
  overrides: Partial<CtLogOptions> & Pick<CtLogOptions, 'roots'>,
): Promise<{ ctLog: CtLog; dir: string; key: CtLogOptions['key'] }> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-ct-'));
  dirs.push(dir);
  const key = overrides.key ?? p256();
  const ctLog = await CtLog.open({
    origin: ORIGIN,
    key,
    storage: new PosixLogStorage(dir),
    ...FAST,
    ...overrides,
  });
  return { ctLog, dir, key };
}

describe('CtLog.addPreChain', () => {
  it('logs the MerkleTreeLeaf durably, then returns an SCT that verifies once embedded', async () => {
    const { root, intermediate, leaf } = testPki();
    const now = new Date('2026-03-01T12:00:00.123Z');
    const { ctLog } = await openLog({ roots: [root.der], now: () => now });
    try {
      assert.equal(ctLog.log.checkpoint.size, 0);
      const sct = await ctLog.addPreChain([leaf.precert, intermediate.der, root.der]);
      assert.equal(sct.timestamp, BigInt(now.getTime()));
      assert.deepEqual(sct.logId, ctLog.logId);
      assert.equal(sct.extensions.length, 0);

      // The leaf is in the published tree, with a proof against the signed checkpoint.
      const checkpoint = ctLog.log.checkpoint;
      assert.equal(checkpoint.size, 1);
      const expectedLeaf = merkleTreeLeaf({
        timestamp: sct.timestamp,
        entry: precertEntry(parseCertificate(leaf.precert), intermediate.cert),
        extensions: Buffer.alloc(0),
      });
      const bundle = decodeBundle((await ctLog.log.readObject('tile/entries/000.p/1')) as Buffer);
      assert.deepEqual(bundle, [expectedLeaf]);
      const proof = await ctLog.log.proveInclusion(0);
      verifyInclusion(0, 1, leafHash(expectedLeaf), proof, checkpoint.rootHash);
      const note = openNote(checkpoint.note, [noteVerifier(ORIGIN, ctLog.publicKey)]);
      assert.match(note.text, /^ct\.signet\.test\/ct\n1\n/);

      // What a verifier does with the final certificate.
      const final = parseCertificate(leaf.final([sct]));
      assert.ok(verifyEmbeddedSct(final, intermediate.cert, sct, ctLog.publicKey));
      const ctlog = {
        logID: ctLog.logId,
        baseURL: 'https://ct.signet.test',
        publicKey: ctLog.publicKey,
        validFor: { start: new Date(0), end: new Date(8.64e15) },
      };
      assert.deepEqual(
        verifySCTs(
          X509Certificate.parse(Buffer.from(final.der)),
          X509Certificate.parse(Buffer.from(intermediate.der)),
          [ctlog],
        ),
        [ctLog.logId],
      );

      const second = testLeaf(intermediate);
      await ctLog.addPreChain([second.precert, intermediate.der, root.der]);
      assert.equal(ctLog.log.checkpoint.size, 2);
    } finally {
      await ctLog.close();
    }
  });

  it('completes a chain sent without its root, accepts a precert issued by the root, and expired leaves', async () => {
    const { root, intermediate, leaf } = testPki();
    const other = testRoot('Another accepted root');
    const { ctLog } = await openLog({ roots: [other.der, root.der] });
    try {
      const sct = await ctLog.addPreChain([leaf.precert, intermediate.der]);
      assert.ok(
        verifyEmbeddedSct(
          parseCertificate(leaf.final([sct])),
          intermediate.cert,
          sct,
          ctLog.publicKey,
        ),
      );
      const direct = testLeaf(root);
      await ctLog.addPreChain([direct.precert, root.der]);
      const expired = testLeaf(intermediate, { expired: true });
      assert.ok(parseCertificate(expired.precert).notAfter.getTime() < Date.now());
      await ctLog.addPreChain([expired.precert, intermediate.der, root.der]);
      // Certificates after the accepted root are ignored, as a path builder would.
      await ctLog.addPreChain([
        testLeaf(intermediate).precert,
        intermediate.der,
        root.der,
        other.der,
      ]);
      assert.equal(ctLog.log.checkpoint.size, 4);
      assert.deepEqual(ctLog.roots(), [other.der, root.der]);
    } finally {
      await ctLog.close();
    }
  });

  it('accepts leaves with no EKU or anyExtendedKeyUsage', async () => {
    const { root, intermediate } = testPki();
    const { ctLog } = await openLog({ roots: [root.der] });
    try {
      for (const eku of [null, [OID.anyExtendedKeyUsage], [OID.timeStamping, OID.codeSigning]]) {
        await ctLog.addPreChain([testLeaf(intermediate, { eku }).precert, intermediate.der]);
      }
      assert.equal(ctLog.log.checkpoint.size, 3);
    } finally {
      await ctLog.close();
    }
  });

  it('refuses bad chains with a CtError naming the problem, and logs nothing', async () => {
    const { root, intermediate, leaf } = testPki();
    const { ctLog } = await openLog({ roots: [root.der] });
    const stranger = testPki();
    // Same subject names as ours, different keys: names link, signatures do not.
    const impostorIntermediate = testIntermediate(stranger.root, {
      commonName: 'Signet CT Test Intermediate',
    });
    const forged = testLeaf({ ...intermediate, key: impostorIntermediate.key });
    const nonCa = testIntermediate(root, { ca: false, commonName: 'Not a CA' });
    const precertSigner = testIntermediate(intermediate, {
      eku: [PRECERT_SIGNING_EKU],
      commonName: 'Precert signer',
    });
    const cases: [string, Buffer[], string, RegExp][] = [
      [
        'one certificate',
        [leaf.precert],
        'CHAIN_INVALID',
        /needs the precertificate and at least its issuer/,
      ],
      ['no certificates', [], 'CHAIN_INVALID', /needs the precertificate/],
      [
        'garbage DER',
        [Buffer.from('not a certificate'), intermediate.der],
        'CHAIN_INVALID',
        /chain\[0\] is not a DER X\.509 certificate/,
      ],
      [
        'garbage issuer',
        [leaf.precert, Buffer.from([0x30, 0x00])],
        'CHAIN_INVALID',
        /chain\[1\] is not a DER X\.509 certificate/,
      ],
      [
        'not a precert',
        [leaf.issueWith(parseCertificate(leaf.precert).extensions.slice(0, -1)), intermediate.der],
        'PRECERT_INVALID',
        /no CT poison extension/,
      ],
      [
        'non-critical poison',
        [
          testLeaf(intermediate, { poison: { oid: CT_POISON_OID, value: nullValue() } }).precert,
          intermediate.der,
        ],
        'PRECERT_INVALID',
        /not critical/,
      ],
      [
        'poison with a value',
        [
          testLeaf(intermediate, {
            poison: { oid: CT_POISON_OID, critical: true, value: Buffer.from([4, 0]) },
          }).precert,
          intermediate.der,
        ],
        'PRECERT_INVALID',
        /value 0400; it must be ASN\.1 NULL/,
      ],
      [
        'bad signature',
        [forged.precert, intermediate.der, root.der],
        'CHAIN_INVALID',
        /chain\[0\]'s signature \(1\.2\.840\.10045\.4\.3\.3\) does not verify with chain\[1\]/,
      ],
      [
        'bad intermediate signature',
        [forged.precert, impostorIntermediate.der, root.der],
        'CHAIN_INVALID',
        /chain\[1\]'s signature .* does not verify with chain\[2\]/,
      ],
      [
        'issuer name mismatch',
        [leaf.precert, root.der],
        'CHAIN_INVALID',
        /chain\[0\] was issued by "O=Signet tests, CN=Signet CT Test Intermediate", but chain\[1\] is "O=Signet tests, CN=Signet CT Test Root"/,
      ],
      [
        'untrusted root',
        [stranger.leaf.precert, stranger.intermediate.der, stranger.root.der],
        'CHAIN_UNTRUSTED',
        /chain ends at chain\[2\] \(O=Signet tests, CN=Signet CT Test Root\).*neither one of this log's accepted roots nor signed by one/,
      ],
      [
        'untrusted, root missing',
        [stranger.leaf.precert, stranger.intermediate.der],
        'CHAIN_UNTRUSTED',
        /chain ends at chain\[1\]/,
      ],
      [
        'non-CA intermediate',
        [testLeaf(nonCa).precert, nonCa.der, root.der],
        'CHAIN_INVALID',
        /chain\[1\] \(O=Signet tests, CN=Not a CA\) is not a CA certificate/,
      ],
      [
        'serverAuth-only leaf',
        [testLeaf(intermediate, { eku: ['1.3.6.1.5.5.7.3.1'] }).precert, intermediate.der],
        'CHAIN_INVALID',
        /extended key usages 1\.3\.6\.1\.5\.5\.7\.3\.1; this log accepts only code-signing/,
      ],
      [
        'precert signing certificate',
        [testLeaf(precertSigner).precert, precertSigner.der, intermediate.der, root.der],
        'PRECERT_INVALID',
        /Precertificate Signing Certificate/,
      ],
      [
        'too long',
        Array.from({ length: 11 }, () => intermediate.der),
        'CHAIN_INVALID',
        /11 certificates; at most 10/,
      ],
    ];
    try {
      for (const [what, chain, expected, message] of cases) {
        await assert.rejects(
          ctLog.addPreChain(chain),
          (error: unknown) => {
            ctCode(expected)(error);
            assert.match((error as Error).message, message, what);
            return true;
          },
          what,
        );
      }
      await assert.rejects(
        ctLog.addChain([leaf.precert, intermediate.der]),
        /is a precertificate .*use add-pre-chain/,
      );
      assert.equal(ctLog.log.checkpoint.size, 0);
    } finally {
      await ctLog.close();
    }
  });

  it('pushes back beyond maxPending and is unavailable once closed', async () => {
    const { root, intermediate } = testPki();
    const { ctLog } = await openLog({ roots: [root.der], maxPending: 1, batchMaxAgeMs: 50 });
    const first = ctLog.addPreChain([testLeaf(intermediate).precert, intermediate.der]);
    await assert.rejects(
      ctLog.addPreChain([testLeaf(intermediate).precert, intermediate.der]),
      ctCode('LOG_PUSHBACK'),
    );
    await first;
    await ctLog.close();
    await assert.rejects(
      ctLog.addPreChain([testLeaf(intermediate).precert, intermediate.der]),
      ctCode('LOG_UNAVAILABLE'),
    );
  });

  it('keeps its entries across a restart on the same storage', async () => {
    const { root, intermediate, leaf } = testPki();
    const { ctLog, dir, key } = await openLog({ roots: [root.der] });
    await ctLog.addPreChain([leaf.precert, intermediate.der]);
    const rootHash = ctLog.log.checkpoint.rootHash;
    await ctLog.close();
    const reopened = await CtLog.open({
      origin: ORIGIN,
      key,
      storage: new PosixLogStorage(dir),
      roots: [root.der],
      ...FAST,
    });
    try {
      assert.equal(reopened.log.checkpoint.size, 1);
      assert.deepEqual(reopened.log.checkpoint.rootHash, rootHash);
    } finally {
      await reopened.close();
    }
  });
});

describe('CtLog.addChain', () => {
  it('logs an x509_entry and returns an SCT over the certificate', async () => {
    const { root, intermediate, leaf } = testPki();
    const { ctLog } = await openLog({ roots: [root.der] });
    try {
      const presct = await ctLog.addPreChain([leaf.precert, intermediate.der]);
      const final = leaf.final([presct]);
      const sct = await ctLog.addChain([final, intermediate.der, root.der]);
      const signedData = x509SignedData({
        timestamp: sct.timestamp,
        certificate: final,
        extensions: sct.extensions,
      });
      assert.ok(verifySct(sct, ctLog.publicKey, signedData));
      const bundle = decodeBundle((await ctLog.log.readObject('tile/entries/000.p/2')) as Buffer);
      assert.equal(bundle?.[1]?.readUInt16BE(10), 0, 'entry_type x509_entry');
      // A lone leaf is completed from the roots too.
      const direct = testLeaf(root);
      await ctLog.addChain([
        direct.issueWith(parseCertificate(direct.precert).extensions.slice(0, -1)),
      ]);
      assert.equal(ctLog.log.checkpoint.size, 3);
    } finally {
      await ctLog.close();
    }
  });
});

describe('CtLog.open', () => {
  it('refuses keys other than P-256 and unusable roots', async () => {
    const { root } = testPki();
    for (const key of [p384(), generateKeyPairSync('ed25519').privateKey]) {
      await assert.rejects(openLog({ roots: [root.der], key }), /ECDSA P-256 private key/);
    }
    await assert.rejects(openLog({ roots: [] }), ctCode('CONFIG_INVALID'));
    await assert.rejects(
      openLog({ roots: [Buffer.from('nope')] }),
      /accepted root 0 is not a DER certificate/,
    );
  });
});
