import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { octetString, parseDer } from '../../src/core/der.js';
import {
  certificatePublicKey,
  parseCertificate,
  verifyCertificateSignature,
} from '../../src/core/x509.js';
import type { Certificate } from '../../src/core/x509.js';
import {
  CT_POISON_OID,
  SCT_LIST_OID,
  type SignedCertificateTimestamp,
  addChainResponseJson,
  decodeSct,
  embeddedScts,
  encodeSct,
  issuerKeyHash,
  logIdOf,
  merkleTreeLeaf,
  parseSctListExtensionValue,
  precertEntry,
  precertSignedData,
  sctFromAddChainResponse,
  sctListExtensionValue,
  signSct,
  tbsWithoutExtension,
  verifyEmbeddedSct,
  verifySct,
  x509SignedData,
} from '../../src/ct/sct.js';
import { vectorPath } from '../helpers/vectors.js';
import { ctCode, p256, p384, testLeaf, testPki } from './fixtures.js';

/** An SCT shaped like the public-good one in protocols.md §3.4: empty extensions, 71-byte signature. */
function sampleSct(
  overrides: Partial<SignedCertificateTimestamp> = {},
): SignedCertificateTimestamp {
  return {
    version: 0,
    logId: Buffer.alloc(32, 0xab),
    timestamp: 1_749_470_255_638n,
    extensions: Buffer.alloc(0),
    hashAlgorithm: 4,
    signatureAlgorithm: 3,
    signature: Buffer.alloc(71, 0x30),
    ...overrides,
  };
}

/** What CtLog.addPreChain signs for `precert` issued by `issuer`. */
function sctFor(precert: Buffer, issuer: Certificate, logKey = p256()) {
  const timestamp = BigInt(Date.now());
  const entry = precertEntry(parseCertificate(precert), issuer);
  const extensions = Buffer.alloc(0);
  const signedData = precertSignedData({ timestamp, ...entry, extensions });
  return { sct: signSct({ logKey, timestamp, signedData, extensions }), signedData, logKey };
}

describe('SCT TLS encoding', () => {
  it('round-trips and lays the fields out as RFC 6962 §3.2', () => {
    const sct = sampleSct({ extensions: Buffer.from('0000050000000007', 'hex') });
    const bytes = encodeSct(sct);
    assert.equal(bytes.length, 1 + 32 + 8 + 2 + 8 + 1 + 1 + 2 + 71);
    assert.equal(bytes[0], 0);
    assert.deepEqual(bytes.subarray(1, 33), sct.logId);
    assert.equal(bytes.readBigUInt64BE(33), sct.timestamp);
    assert.equal(bytes.readUInt16BE(41), 8);
    assert.deepEqual(bytes.subarray(51, 55), Buffer.from([4, 3, 0, 71]));
    assert.deepEqual(decodeSct(bytes), sct);
  });

  it('refuses every truncation, trailing bytes, other versions and empty signatures', () => {
    const bytes = encodeSct(sampleSct());
    for (let n = 0; n < bytes.length; n++) {
      assert.throws(() => decodeSct(bytes.subarray(0, n)), ctCode('SCT_MALFORMED'), `prefix ${n}`);
    }
    assert.throws(() => decodeSct(bytes.subarray(0, 40)), /SCT is truncated in timestamp/);
    assert.throws(() => decodeSct(Buffer.concat([bytes, Buffer.from([0])])), /1 trailing bytes/);
    const v2 = Buffer.from(bytes);
    v2[0] = 1;
    assert.throws(() => decodeSct(v2), /SCT version 1 is not supported/);
    const unsigned = encodeSct(sampleSct({ signature: Buffer.alloc(0) }));
    assert.throws(() => decodeSct(unsigned), /signature is empty/);
  });

  it('refuses to encode fields that do not fit', () => {
    for (const bad of [
      { logId: Buffer.alloc(31) },
      { timestamp: -1n },
      { timestamp: 1n << 64n },
      { extensions: Buffer.alloc(65536) },
      { hashAlgorithm: 256 },
    ]) {
      assert.throws(() => encodeSct(sampleSct(bad)), ctCode('SCT_MALFORMED'));
    }
  });
});

describe('SCT list extension', () => {
  it('has the public-good byte layout: 04 7A | 00 78 | 00 76 | 00 <log ID> <ts> 00 00 04 03 00 47', () => {
    const sct = sampleSct();
    const value = sctListExtensionValue([sct]);
    assert.deepEqual(value.subarray(0, 7), Buffer.from('047a0078007600', 'hex'));
    assert.deepEqual(value.subarray(7, 39), sct.logId);
    assert.equal(value.readBigUInt64BE(39), sct.timestamp);
    assert.deepEqual(value.subarray(47, 53), Buffer.from('000004030047', 'hex'));
    assert.equal(value.length, 2 + 0x7a);
    assert.deepEqual(parseSctListExtensionValue(value), [sct]);
  });

  it('sits double-wrapped in the certificate (04 7C 04 7A ... for a 71-byte signature, as in the public-good one), last and non-critical', () => {
    const { intermediate, leaf } = testPki();
    const { sct } = sctFor(leaf.precert, intermediate.cert);
    const final = leaf.final([sct]);
    // ECDSA DER signatures are 70-72 bytes, so the lengths follow the signature's.
    const sctLength = 0x76 + sct.signature.length - 71;
    const prefix = [sctLength + 6, sctLength + 4, sctLength + 2, sctLength];
    const expected = Buffer.from([
      0x04,
      prefix[0],
      0x04,
      prefix[1],
      0,
      prefix[2],
      0,
      prefix[3],
    ] as number[]);
    assert.ok(final.includes(expected), `no ${expected.toString('hex')} in the certificate`);
    const cert = parseCertificate(final);
    assert.equal(cert.extensions.at(-1)?.oid, SCT_LIST_OID);
    assert.equal(cert.extensions.at(-1)?.critical, false);
    assert.deepEqual(embeddedScts(cert), [sct]);
    assert.deepEqual(embeddedScts(parseCertificate(intermediate.der)), []);
  });

  it('round-trips several SCTs and refuses malformed lists', () => {
    const scts = [sampleSct(), sampleSct({ timestamp: 7n, extensions: Buffer.from([1, 2]) })];
    assert.deepEqual(parseSctListExtensionValue(sctListExtensionValue(scts)), scts);
    const list = parseDer(sctListExtensionValue(scts)).value;
    assert.throws(() => sctListExtensionValue([]), ctCode('SCT_MALFORMED'));
    assert.throws(() => parseSctListExtensionValue(list), /not a DER OCTET STRING/);
    assert.throws(
      () => parseSctListExtensionValue(octetString(Buffer.from([0, 0]))),
      /SCT list is empty/,
    );
    const short = Buffer.from(list);
    short.writeUInt16BE(short.readUInt16BE(0) - 1, 0);
    assert.throws(() => parseSctListExtensionValue(octetString(short)), ctCode('SCT_MALFORMED'));
    const badSecond = Buffer.from(list);
    badSecond[2 + 2 + encodeSct(sampleSct()).length + 2] = 9;
    assert.throws(
      () => parseSctListExtensionValue(octetString(badSecond)),
      /SCT 1 in the list: SCT version 9/,
    );
  });
});

describe('tbsWithoutExtension', () => {
  it('final certificate minus the SCT list equals the precertificate minus the poison, byte for byte', () => {
    const { intermediate, leaf } = testPki();
    const { sct } = sctFor(leaf.precert, intermediate.cert);
    const precert = parseCertificate(leaf.precert);
    const final = parseCertificate(leaf.final([sct]));
    const fromPrecert = tbsWithoutExtension(precert.tbs, CT_POISON_OID);
    assert.ok(fromPrecert.length < precert.tbs.length);
    assert.deepEqual(tbsWithoutExtension(final.tbs, SCT_LIST_OID), fromPrecert);
    // Both equal the TBS of the same template issued with neither extension.
    const plain = parseCertificate(leaf.issueWith(precert.extensions.slice(0, -1)));
    assert.deepEqual(fromPrecert, plain.tbs);
  });

  it('drops the [3] wrapper when the removed extension was the only one', () => {
    const { intermediate } = testPki();
    const leaf = testLeaf(intermediate, { extensions: [] });
    const precert = parseCertificate(leaf.precert);
    assert.equal(precert.extensions.length, 1);
    const stripped = tbsWithoutExtension(precert.tbs, CT_POISON_OID);
    assert.deepEqual(stripped, parseCertificate(leaf.issueWith([])).tbs);
    assert.notEqual(parseDer(stripped).children().at(-1)?.tag, 0xa3);
  });

  it('names a missing extension and refuses malformed input', () => {
    const { leaf } = testPki();
    const tbs = parseCertificate(leaf.precert).tbs;
    assert.throws(
      () => tbsWithoutExtension(tbs, SCT_LIST_OID),
      /has no extension 1\.3\.6\.1\.4\.1\.11129\.2\.4\.2/,
    );
    assert.throws(
      () => tbsWithoutExtension(Buffer.from('3003020101', 'hex'), CT_POISON_OID),
      /has no extensions/,
    );
    assert.throws(
      () => tbsWithoutExtension(Buffer.from('garbage'), CT_POISON_OID),
      ctCode('CERTIFICATE_INVALID'),
    );
  });
});

describe('signed data and Merkle leaf', () => {
  it('precert signed data is v1, certificate_timestamp, ts, entry type 1, key hash, uint24 TBS, extensions', () => {
    const tbs = Buffer.alloc(300, 7);
    const ikh = Buffer.alloc(32, 9);
    const data = precertSignedData({
      timestamp: 0x0102030405060708n,
      issuerKeyHash: ikh,
      tbs,
      extensions: Buffer.from([0xee]),
    });
    const expected = Buffer.concat([
      Buffer.from('00000102030405060708' + '0001', 'hex'),
      ikh,
      Buffer.from('00012c', 'hex'),
      tbs,
      Buffer.from('0001ee', 'hex'),
    ]);
    assert.deepEqual(data, expected);
  });

  it('x509 signed data has entry type 0 and the uint24-prefixed certificate', () => {
    const cert = Buffer.alloc(5, 1);
    const data = x509SignedData({ timestamp: 1n, certificate: cert, extensions: Buffer.alloc(0) });
    assert.deepEqual(
      data,
      Buffer.from('0000' + '0000000000000001' + '0000' + '000005' + '0101010101' + '0000', 'hex'),
    );
  });

  it('the MerkleTreeLeaf is v1 timestamped_entry around the same TimestampedEntry', () => {
    const entry = {
      type: 'precert' as const,
      issuerKeyHash: Buffer.alloc(32, 1),
      tbs: Buffer.alloc(3),
    };
    const extensions = Buffer.alloc(0);
    const leaf = merkleTreeLeaf({ timestamp: 5n, entry, extensions });
    assert.deepEqual(
      leaf.subarray(0, 12),
      Buffer.from('0000' + '0000000000000005' + '0001', 'hex'),
    );
    assert.deepEqual(
      leaf,
      precertSignedData({ timestamp: 5n, ...entry, extensions }),
      'v1 leaf and signed data coincide byte for byte',
    );
    const x509 = merkleTreeLeaf({
      timestamp: 5n,
      entry: { type: 'x509', certificate: Buffer.alloc(1) },
      extensions,
    });
    assert.equal(x509.readUInt16BE(10), 0);
  });

  it('issuer_key_hash is SHA-256 of the whole issuer SPKI DER', () => {
    const { intermediate } = testPki();
    assert.deepEqual(
      issuerKeyHash(intermediate.cert),
      createHash('sha256').update(intermediate.cert.publicKey).digest(),
    );
    assert.equal(intermediate.cert.publicKey[0], 0x30);
  });
});

describe('signSct and verifySct', () => {
  it('signs with ECDSA P-256 / SHA-256 under the log ID SHA-256(SPKI), and verifies', () => {
    const { intermediate, leaf } = testPki();
    const { sct, signedData, logKey } = sctFor(leaf.precert, intermediate.cert);
    const publicKey = createPublicKey(logKey);
    assert.equal(sct.hashAlgorithm, 4);
    assert.equal(sct.signatureAlgorithm, 3);
    assert.deepEqual(
      sct.logId,
      createHash('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest(),
    );
    assert.deepEqual(logIdOf(publicKey), sct.logId);
    assert.equal(sct.signature[0], 0x30, 'DER ECDSA signature');
    assert.ok(verifySct(sct, publicKey, signedData));
  });

  it('rejects every tampered field, another key and other algorithms', () => {
    const { intermediate, leaf } = testPki();
    const { sct, signedData, logKey } = sctFor(leaf.precert, intermediate.cert);
    const key = createPublicKey(logKey);
    const flipped = (b: Buffer, i: number) => {
      const copy = Buffer.from(b);
      copy[i] = (copy[i] as number) ^ 1;
      return copy;
    };
    assert.ok(!verifySct({ ...sct, signature: flipped(sct.signature, 10) }, key, signedData));
    assert.ok(!verifySct({ ...sct, timestamp: sct.timestamp + 1n }, key, signedData));
    assert.ok(!verifySct({ ...sct, extensions: Buffer.from([0]) }, key, signedData));
    assert.ok(!verifySct({ ...sct, logId: flipped(sct.logId, 0) }, key, signedData));
    assert.ok(!verifySct({ ...sct, hashAlgorithm: 5 }, key, signedData));
    assert.ok(!verifySct({ ...sct, signatureAlgorithm: 1 }, key, signedData));
    assert.ok(!verifySct(sct, key, flipped(signedData, signedData.length - 100)));
    assert.ok(!verifySct(sct, createPublicKey(p256()), signedData));
    assert.ok(!verifySct({ ...sct, signature: Buffer.from('nonsense') }, key, signedData));
  });

  it('only signs with a P-256 key and signed data built for the same timestamp and extensions', () => {
    const signedData = precertSignedData({
      timestamp: 1n,
      issuerKeyHash: Buffer.alloc(32),
      tbs: Buffer.alloc(1),
      extensions: Buffer.alloc(0),
    });
    for (const logKey of [
      p384(),
      generateKeyPairSync('ed25519').privateKey,
      createPublicKey(p256()),
    ]) {
      assert.throws(
        () => signSct({ logKey, timestamp: 1n, signedData, extensions: Buffer.alloc(0) }),
        ctCode('CONFIG_INVALID'),
      );
    }
    assert.throws(
      () => signSct({ logKey: p256(), timestamp: 2n, signedData, extensions: Buffer.alloc(0) }),
      TypeError,
    );
    assert.throws(
      () => signSct({ logKey: p256(), timestamp: 1n, signedData, extensions: Buffer.from([1]) }),
      TypeError,
    );
  });

  it('verifies RSA PKCS#1 v1.5 SCTs (third-party logs)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signedData = x509SignedData({
      timestamp: 9n,
      certificate: Buffer.alloc(4),
      extensions: Buffer.alloc(0),
    });
    const sct = sampleSct({
      logId: logIdOf(publicKey),
      timestamp: 9n,
      signatureAlgorithm: 1,
      signature: sign('sha256', signedData, privateKey),
    });
    assert.ok(verifySct(sct, publicKey, signedData));
    assert.ok(!verifySct({ ...sct, signatureAlgorithm: 3 }, publicKey, signedData));
  });
});

describe('embedded SCT verification', () => {
  it('verifies the SCT embedded in the final certificate against the issuer', () => {
    const { intermediate, leaf } = testPki();
    const { sct, logKey } = sctFor(leaf.precert, intermediate.cert);
    const final = parseCertificate(leaf.final([sct]));
    const key = createPublicKey(logKey);
    const [embedded] = embeddedScts(final);
    assert.ok(embedded);
    assert.ok(verifyEmbeddedSct(final, intermediate.cert, embedded, key));
    // Another issuer's key hash, another log's key, another leaf: each fails.
    const other = testPki();
    assert.ok(!verifyEmbeddedSct(final, other.intermediate.cert, embedded, key));
    assert.ok(!verifyEmbeddedSct(final, intermediate.cert, embedded, createPublicKey(p256())));
    const otherFinal = parseCertificate(testLeaf(intermediate).final([sct]));
    assert.ok(!verifyEmbeddedSct(otherFinal, intermediate.cert, embedded, key));
  });

  it('a final certificate whose TBS differs from the precertificate in any other byte fails', () => {
    const { intermediate, leaf } = testPki();
    const { sct, logKey } = sctFor(leaf.precert, intermediate.cert);
    const precert = parseCertificate(leaf.precert);
    // Same template, extensions reordered: the mistake gotcha 3 warns about.
    const extensions = precert.extensions.slice(0, -1).reverse();
    const reordered = parseCertificate(
      leaf.issueWith([...extensions, { oid: SCT_LIST_OID, value: sctListExtensionValue([sct]) }]),
    );
    assert.ok(!verifyEmbeddedSct(reordered, intermediate.cert, sct, createPublicKey(logKey)));
  });

  it('verifies a real staging Fulcio certificate SCT (sigstage ctfe 2022-2) and rejects it tampered', () => {
    const path = vectorPath('rfc3161', 'other', 'staging_trusted_root.sigstore-python.json');
    const trustedRoot = JSON.parse(readFileSync(path, 'utf8')) as StagingTrustedRoot;
    const leaf = parseCertificate(Buffer.from(STAGING_LEAF, 'base64'));
    const issuer = trustedRoot.certificateAuthorities
      .flatMap((ca) => ca.certChain.certificates)
      .map((c) => parseCertificate(Buffer.from(c.rawBytes, 'base64')))
      .find((ca) => verifyCertificateSignature(leaf, certificatePublicKey(ca)));
    assert.ok(issuer, 'the staging intermediate is in the trusted root');
    const [sct, extra] = embeddedScts(leaf);
    assert.ok(sct && extra === undefined);
    assert.equal(sct.timestamp, 1_749_470_255_638n);
    const log = trustedRoot.ctlogs.find((l) =>
      Buffer.from(l.logId.keyId, 'base64').equals(sct.logId),
    );
    assert.ok(log);
    assert.equal(log.baseUrl, 'https://ctfe.sigstage.dev/2022-2');
    const key = createPublicKey({
      key: Buffer.from(log.publicKey.rawBytes, 'base64'),
      format: 'der',
      type: 'spki',
    });
    assert.deepEqual(logIdOf(key), sct.logId);
    assert.ok(verifyEmbeddedSct(leaf, issuer, sct, key));
    assert.ok(!verifyEmbeddedSct(leaf, issuer, { ...sct, timestamp: sct.timestamp - 1n }, key));
  });
});

describe('RFC 6962 add-chain JSON', () => {
  it('round-trips with standard base64 and the DigitallySigned signature field', () => {
    const sct = sampleSct({ extensions: Buffer.from([1, 2, 3]), logId: Buffer.alloc(32, 0xfb) });
    const json = addChainResponseJson(sct);
    assert.deepEqual(json, {
      sct_version: 0,
      id: Buffer.alloc(32, 0xfb).toString('base64'),
      timestamp: 1_749_470_255_638,
      extensions: 'AQID',
      signature: Buffer.concat([Buffer.from([4, 3, 0, 71]), sct.signature]).toString('base64'),
    });
    assert.ok(json.id.includes('+') || json.id.includes('/'), 'standard, not URL-safe, alphabet');
    assert.deepEqual(sctFromAddChainResponse(JSON.parse(JSON.stringify(json))), sct);
  });

  it('refuses malformed responses, naming the field', () => {
    const good = addChainResponseJson(sampleSct()) as unknown as Record<string, unknown>;
    const cases: [Record<string, unknown> | unknown, RegExp][] = [
      [null, /not a JSON object/],
      [[good], /not a JSON object/],
      [{ ...good, sct_version: 1 }, /sct_version is 1/],
      [{ ...good, sct_version: undefined }, /sct_version is missing/],
      [{ ...good, id: undefined }, /id must be a string/],
      [{ ...good, id: 'AAAA' }, /id is 3 bytes; expected 32/],
      [{ ...good, id: '!!!!' }, /id is not valid base64/],
      [{ ...good, timestamp: '1749470255638' }, /timestamp must be a non-negative integer/],
      [{ ...good, timestamp: -1 }, /timestamp must be a non-negative integer/],
      [{ ...good, timestamp: 1.5 }, /timestamp must be a non-negative integer/],
      [{ ...good, extensions: undefined }, /extensions must be a string/],
      [{ ...good, signature: 'BAM=' }, /signature is truncated in signature length/],
      [
        { ...good, signature: Buffer.from([4, 3, 0, 1, 0x30, 0]).toString('base64') },
        /1 trailing bytes/,
      ],
      [{ ...good, signature: Buffer.from([4, 3, 0, 0]).toString('base64') }, /signature is empty/],
    ];
    for (const [json, message] of cases) {
      assert.throws(
        () => sctFromAddChainResponse(json),
        (error: unknown) => {
          ctCode('SCT_MALFORMED')(error);
          assert.match((error as Error).message, message);
          return true;
        },
      );
    }
  });
});

describe('independent verifiers (sigstore-js)', () => {
  const material = () => {
    const { intermediate, leaf } = testPki();
    const { sct, logKey } = sctFor(leaf.precert, intermediate.cert);
    const ctlog = {
      logID: sct.logId,
      baseURL: 'https://ct.signet.invalid',
      publicKey: createPublicKey(logKey),
      validFor: { start: new Date(0), end: new Date(8.64e15) },
    };
    return { final: leaf.final([sct]), intermediate, leaf, sct, ctlog };
  };

  it('@sigstore/verify 3.x verifySCTs accepts our embedded SCT and rejects a transplanted one', async () => {
    const sjs = await import('@sigstore/verify/dist/key/sct.js');
    const { X509Certificate } = await import('@sigstore/core');
    const { final, intermediate, sct, ctlog } = material();
    const verified = sjs.verifySCTs(
      X509Certificate.parse(Buffer.from(final)),
      X509Certificate.parse(Buffer.from(intermediate.der)),
      [ctlog],
    );
    assert.deepEqual(verified, [sct.logId]);
    // The same SCT embedded in another certificate from the same template family must fail.
    const other = testLeaf(intermediate).final([sct]);
    assert.throws(
      () =>
        sjs.verifySCTs(
          X509Certificate.parse(Buffer.from(other)),
          X509Certificate.parse(Buffer.from(intermediate.der)),
          [ctlog],
        ),
      /SCT verification failed/,
    );
    // sjs parses our list into the same SCT.
    const ext = X509Certificate.parse(Buffer.from(final)).extSCT;
    assert.equal(ext?.signedCertificateTimestamps.length, 1);
    assert.deepEqual(
      Buffer.from(ext?.signedCertificateTimestamps[0]?.signature ?? []),
      sct.signature,
    );
  });

  it('@sigstore/verify 4.x verifySCTs accepts our embedded SCT', async () => {
    const sjs = await import('@sigstore/verify-latest/dist/key/sct.js');
    const { X509Certificate } =
      await import('@sigstore/verify-latest/node_modules/@sigstore/core/dist/index.js');
    const { final, intermediate, sct, ctlog } = material();
    assert.deepEqual(
      sjs.verifySCTs(
        X509Certificate.parse(Buffer.from(final)),
        X509Certificate.parse(Buffer.from(intermediate.der)),
        [ctlog],
      ),
      [sct.logId],
    );
  });
});

interface StagingTrustedRoot {
  certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
  ctlogs: { baseUrl: string; logId: { keyId: string }; publicKey: { rawBytes: string } }[];
}

/**
 * A Fulcio staging leaf with one embedded SCT from https://ctfe.sigstage.dev/2022-2, from
 * sigstore/sigstore-python test/assets/staging-rekor-v2.txt.sigstore.json. Its issuer and the
 * log key come from the staging trusted root among the shared vectors.
 */
const STAGING_LEAF =
  'MIICyzCCAlCgAwIBAgIUJc/6ox+xb+Cmb5UVrFhdu5jiMzIwCgYIKoZIzj0EAwMwNzEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MR4wHAYDVQQDExVzaWdzdG9yZS1pbnRlcm1lZGlhdGUwHhcNMjUwNjA5MTE1NzM1WhcNMjUwNjA5MTIwNzM1WjAAMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvoYb1h6sjlOR276rCjnPc/PgZtTahLzmf32f08PZ/2eWr4q979itVw1PG8IhcK3E2ZiihegXEgh4mPkkMn78BKOCAW8wggFrMA4GA1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDAzAdBgNVHQ4EFgQUsoZlvpIKgR6WlgezvkD6xzHypcMwHwYDVR0jBBgwFoAUcYYwphR8Ym/599b0BRp/X//rb6wwGQYDVR0RAQH/BA8wDYELamt1QGdvdG8uZmkwLAYKKwYBBAGDvzABAQQeaHR0cHM6Ly9naXRodWIuY29tL2xvZ2luL29hdXRoMC4GCisGAQQBg78wAQgEIAweaHR0cHM6Ly9naXRodWIuY29tL2xvZ2luL29hdXRoMIGKBgorBgEEAdZ5AgQCBHwEegB4AHYAKzC83GiIyeLh2CYpXnQfSDkxlgLynDPLXkNA/rKshnoAAAGXVI2aFgAABAMARzBFAiBDHRpKGTpiU3Nx28XgewlvzbMt/ug6ipN8Xj9tryWbwQIhAP/3Cngo4St1nAggkflowySL0fPYg/QDcJKE6XceON3WMAoGCCqGSM49BAMDA2kAMGYCMQCfyQmcNbg2g5PD9Jrb9yOS+vEwwThoY2YDoptDzhJvOxNYLek6DRwCAjZ4SqeTwmQCMQDD3lXotLGsn/CJxGlEiVaF2+z3SKb+bLGGKQATHPkZ/XHvLI2cAdVhcTYeEn36shE=';
