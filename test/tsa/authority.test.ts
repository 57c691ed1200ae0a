import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RFC3161Timestamp, X509Certificate, crypto as sjsCrypto } from '@sigstore/core';
import { verifyRFC3161Timestamp } from '@sigstore/verify/dist/timestamp/tsa.js';
import { type DerNode, parseDer } from '../../src/core/der.js';
import { toPem } from '../../src/core/pem.js';
import {
  OID,
  basicConstraints,
  buildCertificate,
  createSelfSignedCa,
  extKeyUsage,
  keyUsage,
  name,
  parseCertificate,
  randomSerial,
  signerFor,
} from '../../src/core/x509.js';
import type { ExtensionSpec } from '../../src/core/x509.js';
import {
  DEFAULT_POLICY_OID,
  HASH_ALGORITHMS,
  PkiStatus,
  TimestampAuthority,
  TsaError,
  createTsaCertificate,
  encodeTimestampRequest,
  parseJsonTimestampRequest,
  parseTimeStampResponse,
  parseTimestampRequest,
  rejectionResponse,
  verifyTimestamp,
  verifyTimestampToken,
} from '../../src/tsa/index.js';
import type {
  TimeStampToken,
  TimestampAuthorityOptions,
  TsaErrorCode,
} from '../../src/tsa/index.js';
import { requireTool } from '../helpers/tools.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-03-01T12:00:00.750Z');
const validity = {
  notBefore: new Date(NOW.getTime() - 24 * HOUR),
  notAfter: new Date(NOW.getTime() + 24 * HOUR),
};

const ecKey = (namedCurve: string): KeyObject =>
  generateKeyPairSync('ec', { namedCurve }).privateKey;

function makeChain(tsaKey: KeyObject, rootKey = ecKey('P-384')): { root: Buffer; leaf: Buffer } {
  const root = createSelfSignedCa({
    privateKey: rootKey,
    subject: { commonName: 'Signet Test TSA Root', organization: 'Signet' },
    ...validity,
  });
  const leaf = createTsaCertificate({
    rootKey,
    rootCert: root,
    tsaPublicKey: createPublicKey(tsaKey),
    subject: { commonName: 'Signet Test TSA', organization: 'Signet' },
    validity,
  });
  return { root, leaf };
}

const rootKey = ecKey('P-384');
const tsaKey = ecKey('P-256');
const { root, leaf } = makeChain(tsaKey, rootKey);
const chain = [leaf, root];
const authority = new TimestampAuthority({ privateKey: tsaKey, certChain: chain });

const data = Buffer.from('the signature bytes being timestamped');
const sha256 = createHash('sha256').update(data).digest();

const dir = mkdtempSync(join(tmpdir(), 'signet-tsa-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;
function tempFile(contents: string | Buffer): string {
  const path = join(dir, `f${fileCounter++}`);
  writeFileSync(path, contents);
  return path;
}
const openssl = (...args: string[]): string =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
const pem = (...certs: Buffer[]): string =>
  tempFile(certs.map((c) => toPem('CERTIFICATE', c)).join(''));

function opensslVerify(response: Buffer, extra: string[], rootCert = root, tsaCert = leaf): string {
  return openssl(
    'ts',
    '-verify',
    '-in',
    tempFile(response),
    '-CAfile',
    pem(rootCert),
    '-untrusted',
    pem(tsaCert),
    ...extra,
  );
}

function tokenOf(response: Buffer): TimeStampToken {
  const parsed = parseTimeStampResponse(response);
  assert.equal(parsed.status, PkiStatus.granted);
  assert.ok(parsed.token);
  return parsed.token;
}

const sjsSign = (toBeSigned: Buffer): Buffer => sign('sha256', toBeSigned, tsaKey);

function throwsCode(code: TsaErrorCode, fn: () => unknown, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof TsaError, `expected a TsaError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('TimestampAuthority construction', () => {
  function leafWith(extensions: ExtensionSpec[], key = tsaKey): Buffer {
    return buildCertificate(
      {
        serial: randomSerial(),
        issuer: parseCertificate(root).subject,
        subject: name([{ short: 'CN', value: 'Bad TSA' }]),
        ...validity,
        publicKey: createPublicKey(key).export({ type: 'spki', format: 'der' }),
        extensions,
        signatureAlgorithm: 'ecdsa-sha384',
      },
      signerFor(rootKey),
    );
  }
  const ku: ExtensionSpec = {
    oid: OID.keyUsage,
    critical: true,
    value: keyUsage(['digitalSignature']),
  };
  const construct = (opts: Partial<TimestampAuthorityOptions>) => () =>
    new TimestampAuthority({ privateKey: tsaKey, certChain: chain, ...opts });

  const profileCases: Array<[string, ExtensionSpec[], RegExp]> = [
    ['no EKU', [ku], /no extended key usage/],
    [
      'a non-critical EKU',
      [ku, { oid: OID.extKeyUsage, value: extKeyUsage([OID.timeStamping]) }],
      /not marked critical/,
    ],
    [
      'a second EKU',
      [
        ku,
        {
          oid: OID.extKeyUsage,
          critical: true,
          value: extKeyUsage([OID.timeStamping, OID.codeSigning]),
        },
      ],
      /exactly one extended key usage/,
    ],
    [
      'the wrong EKU',
      [ku, { oid: OID.extKeyUsage, critical: true, value: extKeyUsage([OID.codeSigning]) }],
      /exactly one extended key usage/,
    ],
    [
      'no digitalSignature key usage',
      [
        { oid: OID.keyUsage, critical: true, value: keyUsage(['keyEncipherment']) },
        { oid: OID.extKeyUsage, critical: true, value: extKeyUsage([OID.timeStamping]) },
      ],
      /digitalSignature/,
    ],
  ];
  for (const [what, extensions, message] of profileCases) {
    it(`refuses a TSA certificate with ${what}`, () => {
      throwsCode(
        'CERTIFICATE_PROFILE_INVALID',
        construct({ certChain: [leafWith(extensions), root] }),
        message,
      );
    });
  }

  it('reports malformed certificate extensions as configuration errors', () => {
    const garbled: ExtensionSpec = {
      oid: OID.extKeyUsage,
      critical: true,
      value: Buffer.from([4, 0]),
    };
    throwsCode(
      'CONFIG_INVALID',
      construct({ certChain: [leafWith([ku, garbled]), root] }),
      /malformed certificate data/,
    );
  });

  it('refuses a key that does not match the certificate, or is not ECDSA P-256/P-384', () => {
    throwsCode('CONFIG_INVALID', construct({ privateKey: ecKey('P-256') }), /does not match/);
    throwsCode(
      'CONFIG_INVALID',
      construct({ privateKey: generateKeyPairSync('ed25519').privateKey }),
      /P-256 or P-384/,
    );
    throwsCode('CONFIG_INVALID', construct({ privateKey: ecKey('P-521') }), /P-256 or P-384/);
  });

  it('refuses incomplete or broken chains', () => {
    throwsCode('CONFIG_INVALID', construct({ certChain: [] }), /empty/);
    throwsCode('CHAIN_INVALID', construct({ certChain: [leaf] }), /at least the root/);
    const otherRoot = makeChain(tsaKey).root;
    throwsCode(
      'CHAIN_INVALID',
      construct({ certChain: [leaf, otherRoot] }),
      /signature does not verify/,
    );
    throwsCode(
      'CONFIG_INVALID',
      construct({ certChain: [Buffer.from('nope'), root] }),
      /certChain\[0\]/,
    );
  });

  it('accepts intermediates whose EKU allows timeStamping and refuses others', (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    const cases: Array<[string, string[] | undefined, boolean]> = [
      ['no EKU', undefined, true],
      ['EKU timeStamping', [OID.timeStamping], true],
      ['EKU codeSigning', [OID.codeSigning], false],
    ];
    for (const [what, purposes, accepted] of cases) {
      const midKey = ecKey('P-256');
      const mid = buildCertificate(
        {
          serial: randomSerial(),
          issuer: parseCertificate(root).subject,
          subject: name([{ short: 'CN', value: `Intermediate with ${what}` }]),
          ...validity,
          publicKey: createPublicKey(midKey).export({ type: 'spki', format: 'der' }),
          extensions: [
            { oid: OID.keyUsage, critical: true, value: keyUsage(['keyCertSign']) },
            { oid: OID.basicConstraints, critical: true, value: basicConstraints(true, 0) },
            ...(purposes ? [{ oid: OID.extKeyUsage, value: extKeyUsage(purposes) }] : []),
          ],
          signatureAlgorithm: 'ecdsa-sha384',
        },
        signerFor(rootKey),
      );
      const tsaLeaf = createTsaCertificate({
        rootKey: midKey,
        rootCert: mid,
        tsaPublicKey: tsaKey,
        subject: { commonName: 'TSA under an intermediate' },
        validity,
      });
      const longChain = [tsaLeaf, mid, root];
      const make = () => new TimestampAuthority({ privateKey: tsaKey, certChain: longChain });
      if (!accepted) {
        throwsCode('CHAIN_INVALID', make, /excludes timeStamping/);
        continue;
      }
      const response = make().timestamp(
        encodeTimestampRequest({ hashAlgorithm: 'sha256', hashedMessage: sha256 }),
        NOW,
      );
      verifyTimestamp(response, { data, chain: longChain });
      assert.match(
        openssl(
          'ts',
          '-verify',
          '-data',
          tempFile(data),
          '-in',
          tempFile(response),
          '-CAfile',
          pem(root),
          '-untrusted',
          pem(tsaLeaf, mid),
          '-attime',
          String(Math.floor(NOW.getTime() / 1000)),
        ),
        /Verification: OK/,
        what,
      );
    }
  });

  it('refuses invalid settings', () => {
    throwsCode('CONFIG_INVALID', construct({ policyOid: 'not.an.oid' }), /policy OID/);
    throwsCode('CONFIG_INVALID', construct({ accuracySeconds: 0 }), /accuracySeconds/);
    throwsCode('CONFIG_INVALID', construct({ hashAlgorithm: 'md5' as never }), /hashAlgorithm/);
  });

  it('createTsaCertificate refuses validity beyond its issuer and a mismatched root key', () => {
    const opts = {
      rootKey,
      rootCert: root,
      tsaPublicKey: tsaKey,
      subject: { commonName: 'x' },
      validity,
    };
    throwsCode(
      'CONFIG_INVALID',
      () =>
        createTsaCertificate({
          ...opts,
          validity: { ...validity, notAfter: new Date(NOW.getTime() + 48 * HOUR) },
        }),
      /within its issuer/,
    );
    throwsCode(
      'CONFIG_INVALID',
      () => createTsaCertificate({ ...opts, rootKey: ecKey('P-384') }),
      /rootKey/,
    );
  });
});

describe('issued timestamps', () => {
  it('have the digitorus/timestamp shape and honour nonce, policy and certReq', () => {
    const response = authority.timestamp(
      encodeTimestampRequest({
        hashAlgorithm: 'sha256',
        hashedMessage: sha256,
        nonce: 42n,
        certReq: true,
      }),
      NOW,
    );
    // TimeStampResp begins with PKIStatusInfo { granted }.
    assert.equal(response.subarray(4, 9).toString('hex'), '3003020100');
    const token = tokenOf(response);
    const { tstInfo, signerInfo } = token;
    assert.equal(tstInfo.policy, DEFAULT_POLICY_OID);
    assert.equal(tstInfo.hashAlgorithm, 'sha256');
    assert.deepEqual(tstInfo.hashedMessage, sha256);
    assert.equal(tstInfo.nonce, 42n);
    assert.deepEqual(tstInfo.genTime, new Date('2026-03-01T12:00:00Z'));
    assert.deepEqual(tstInfo.accuracy, { seconds: 1, millis: 0, micros: 0 });
    assert.equal(tstInfo.ordering, false);
    assert.ok(tstInfo.serial > 0n && tstInfo.serial < 2n ** 160n);
    assert.deepEqual(token.certificates, [leaf]);
    const leafCert = parseCertificate(leaf);
    assert.deepEqual(signerInfo.sid, { issuer: leafCert.issuer, serial: leafCert.serialBytes });
    assert.equal(signerInfo.digestAlgorithmOid, HASH_ALGORITHMS.sha256.oid);
    assert.equal(signerInfo.signatureAlgorithmOid, OID.ecdsaWithSha256);
    assert.deepEqual(signerInfo.signingTime, tstInfo.genTime);
    assert.deepEqual(signerInfo.signingCertificate, {
      hashAlgorithmOid: HASH_ALGORITHMS.sha256.oid,
      certHash: createHash('sha256').update(leaf).digest(),
      issuerSerial: { issuerNames: [leafCert.issuer], serial: leafCert.serialBytes },
    });
    // ESSCertIDv2 leaves the DEFAULT SHA-256 algorithm out.
    assert.equal(
      signerInfo.signedAttrs.includes(Buffer.from('06096086480165030402', 'hex')),
      false,
    );

    const verified = verifyTimestamp(response, {
      data,
      chain,
      nonce: 42n,
      policy: DEFAULT_POLICY_OID,
    });
    assert.deepEqual(verified.genTime, tstInfo.genTime);
    assert.deepEqual(verifyTimestamp(response, { digest: sha256, chain }).tstInfo, tstInfo);
  });

  it('issues unique serials and leaves certificates out unless asked', () => {
    const request = parseJsonTimestampRequest({
      artifactHash: sha256.toString('base64'),
      hashAlgorithm: 'sha256',
    });
    const serials = new Set<bigint>();
    for (let i = 0; i < 20; i++) {
      const token = tokenOf(authority.timestamp(request, NOW));
      assert.deepEqual(token.certificates, []);
      assert.equal(token.tstInfo.nonce, undefined);
      serials.add(token.tstInfo.serial);
    }
    assert.equal(serials.size, 20);
  });

  it('stamps requested policies it accepts and refuses others', () => {
    const custom = new TimestampAuthority({
      privateKey: tsaKey,
      certChain: chain,
      policyOid: '1.2.3.4.5',
      acceptedPolicies: ['1.2.3.4.6'],
      accuracySeconds: 5,
      includeChainInResponse: true,
    });
    const request = (policy?: string) =>
      encodeTimestampRequest({
        hashAlgorithm: 'sha256',
        hashedMessage: sha256,
        policy,
        certReq: true,
      });
    const token = tokenOf(custom.timestamp(request(), NOW));
    assert.equal(token.tstInfo.policy, '1.2.3.4.5');
    assert.equal(token.tstInfo.accuracy?.seconds, 5);
    assert.equal(token.certificates.length, 2);
    assert.deepEqual(
      new Set(token.certificates.map((c) => c.toString('hex'))),
      new Set(chain.map((c) => c.toString('hex'))),
    );
    assert.equal(tokenOf(custom.timestamp(request('1.2.3.4.6'), NOW)).tstInfo.policy, '1.2.3.4.6');
    throwsCode(
      'UNACCEPTED_POLICY',
      () => custom.timestamp(request(DEFAULT_POLICY_OID), NOW),
      /1\.3\.6\.1\.4\.1\.57264\.2/,
    );
    throwsCode('UNACCEPTED_POLICY', () => authority.timestamp(request('1.2.3.4.6'), NOW));
    throwsCode('POLICY_MISMATCH', () =>
      verifyTimestamp(custom.timestamp(request(), NOW), {
        data,
        chain,
        policy: DEFAULT_POLICY_OID,
      }),
    );
  });

  it('refuses garbled DER requests with the request error codes', () => {
    const valid = encodeTimestampRequest({ hashAlgorithm: 'sha256', hashedMessage: sha256 });
    throwsCode('REQUEST_MALFORMED', () => authority.timestamp(valid.subarray(0, 20), NOW));
    throwsCode('DIGEST_LENGTH_MISMATCH', () =>
      authority.timestamp(
        parseJsonTimestampRequest({ artifactHash: 'AAAA', hashAlgorithm: 'sha256' }),
        NOW,
      ),
    );
  });

  it('refuses to stamp outside its certificate’s validity', () => {
    throwsCode(
      'CERTIFICATE_NOT_VALID',
      () =>
        authority.timestamp(
          parseTimestampRequest(
            encodeTimestampRequest({ hashAlgorithm: 'sha256', hashedMessage: sha256 }),
          ),
          new Date(NOW.getTime() + 48 * HOUR),
        ),
      /not valid at/,
    );
  });

  it('signs with P-384 and SHA-384 when configured', (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    const key384 = ecKey('P-384');
    const chain384 = makeChain(key384);
    const tsa384 = new TimestampAuthority({
      privateKey: key384,
      certChain: [chain384.leaf, chain384.root],
      hashAlgorithm: 'sha384',
    });
    const response = tsa384.timestamp(
      encodeTimestampRequest({
        hashAlgorithm: 'sha512',
        hashedMessage: createHash('sha512').update(data).digest(),
      }),
      NOW,
    );
    const { signerInfo, tstInfo } = tokenOf(response);
    assert.equal(tstInfo.hashAlgorithm, 'sha512');
    assert.equal(signerInfo.signatureAlgorithmOid, OID.ecdsaWithSha384);
    assert.equal(signerInfo.signingCertificate?.hashAlgorithmOid, HASH_ALGORITHMS.sha384.oid);
    verifyTimestamp(response, { data, chain: [chain384.leaf, chain384.root] });
    assert.match(
      opensslVerify(
        response,
        ['-data', tempFile(data), '-attime', String((NOW.getTime() / 1000) | 0)],
        chain384.root,
        chain384.leaf,
      ),
      /Verification: OK/,
    );
  });
});

describe('timestamps signed elsewhere (begin, then complete)', () => {
  const request = parseTimestampRequest(
    encodeTimestampRequest({ hashAlgorithm: 'sha256', hashedMessage: sha256, nonce: 7n }),
  );

  it('completes with an outside signature to the token timestamp() issues', () => {
    const unsigned = authority.begin(request, NOW);
    const response = unsigned.complete(sjsSign(unsigned.toBeSigned));
    const token = tokenOf(response);
    assert.equal(token.tstInfo.nonce, 7n);
    // What was signed is exactly the SET the token carries [0] IMPLICIT.
    assert.deepEqual(unsigned.toBeSigned.subarray(1), token.signerInfo.signedAttrs.subarray(1));
    verifyTimestamp(response, { data, chain, nonce: 7n });
    // A signature by another key is carried, and refused by verification.
    const forged = authority.begin(request, NOW);
    const wrong = sign('sha256', forged.toBeSigned, ecKey('P-256'));
    assert.throws(() => verifyTimestamp(forged.complete(wrong), { data, chain }), TsaError);
  });

  it('refuses before anything is signed', () => {
    throwsCode(
      'UNACCEPTED_POLICY',
      () => authority.begin({ ...request, policy: '1.2.3.9' }, NOW),
      /not accepted/,
    );
    throwsCode(
      'CERTIFICATE_NOT_VALID',
      () => authority.begin(request, new Date(NOW.getTime() + 48 * HOUR)),
      /not valid at/,
    );
  });

  it('stamps each second it is asked at, in either order', () => {
    const later = new Date(NOW.getTime() + 61_000);
    for (const at of [NOW, later, NOW, later]) {
      const { tstInfo, signerInfo } = tokenOf(authority.timestamp(request, at));
      const second = new Date(Math.floor(at.getTime() / 1000) * 1000);
      assert.deepEqual(tstInfo.genTime, second);
      assert.deepEqual(signerInfo.signingTime, second);
    }
  });

  it('keeps the signed attributes in DER order for every digest and either time form', () => {
    // signingTime is a UTCTime through 2049 and a GeneralizedTime (two octets longer) after.
    const span = { notBefore: new Date('2049-06-01Z'), notAfter: new Date('2050-06-01Z') };
    const key = ecKey('P-384');
    const spanRoot = createSelfSignedCa({
      privateKey: rootKey,
      subject: { commonName: 'Signet Test TSA Root 2050', organization: 'Signet' },
      ...span,
    });
    const spanLeaf = createTsaCertificate({
      rootKey,
      rootCert: spanRoot,
      tsaPublicKey: createPublicKey(key),
      subject: { commonName: 'Signet Test TSA 2050', organization: 'Signet' },
      validity: span,
    });
    for (const hashAlgorithm of ['sha256', 'sha384', 'sha512'] as const) {
      const tsa = new TimestampAuthority({
        privateKey: key,
        certChain: [spanLeaf, spanRoot],
        hashAlgorithm,
      });
      for (const at of ['2049-12-31T23:59:59Z', '2050-01-01T00:00:00Z', '2049-12-31T23:59:59Z']) {
        const response = tsa.timestamp(request, new Date(at));
        const attrs = parseDer(tokenOf(response).signerInfo.signedAttrs).children();
        assert.equal(attrs.length, 4);
        for (let i = 1; i < attrs.length; i++) {
          const [before, after] = [attrs[i - 1], attrs[i]] as [DerNode, DerNode];
          assert.ok(Buffer.compare(before.raw, after.raw) < 0, `${hashAlgorithm} ${at}`);
        }
        verifyTimestamp(response, { data, chain: [spanLeaf, spanRoot] });
      }
    }
  });
});

describe('interoperability', () => {
  const attime = ['-attime', String(Math.floor(NOW.getTime() / 1000))];

  it('openssl ts -verify accepts our responses, with and without embedded certificates', (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    for (const certReq of [false, true]) {
      const response = authority.timestamp(
        encodeTimestampRequest({
          hashAlgorithm: 'sha256',
          hashedMessage: sha256,
          nonce: 7n,
          certReq,
        }),
        NOW,
      );
      assert.match(
        opensslVerify(response, ['-data', tempFile(data), ...attime]),
        /Verification: OK/,
      );
      assert.match(
        opensslVerify(response, ['-digest', sha256.toString('hex'), ...attime]),
        /Verification: OK/,
      );
    }
  });

  it('answers openssl-made queries so that openssl checks nonce, policy and imprint', (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    const queryDer = execFileSync(
      'openssl',
      [
        'ts',
        '-query',
        '-data',
        tempFile(data),
        '-sha384',
        '-cert',
        '-tspolicy',
        DEFAULT_POLICY_OID,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const response = authority.timestamp(queryDer, NOW);
    assert.match(
      opensslVerify(response, ['-queryfile', tempFile(queryDer), ...attime]),
      /Verification: OK/,
    );
  });

  it('openssl ts -reply prints the fields we set', (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    const response = authority.timestamp(
      encodeTimestampRequest({ hashAlgorithm: 'sha256', hashedMessage: sha256, nonce: 0xabcdefn }),
      NOW,
    );
    const text = openssl('ts', '-reply', '-in', tempFile(response), '-text');
    assert.match(text, /Status: Granted\./);
    assert.match(text, /Policy OID: 1\.3\.6\.1\.4\.1\.57264\.2/);
    assert.match(text, /Time stamp: Mar {2}1 12:00:00 2026 GMT/);
    assert.match(text, /Accuracy: 0x01 seconds/);
    assert.match(text, /Nonce: 0xABCDEF/);
    assert.match(text, /TSA: DirName:\/O=Signet\/CN=Signet Test TSA/);
  });

  it('sigstore-js parses and verifies our tokens against a trusted-root style chain', () => {
    const response = authority.timestamp(
      parseJsonTimestampRequest({
        artifactHash: sha256.toString('base64'),
        hashAlgorithm: 'sha256',
      }),
      NOW,
    );
    // sigstore-js types want ArrayBuffer-backed Buffers; copying gives one.
    const timestamp = RFC3161Timestamp.parse(Buffer.from(response));
    assert.deepEqual(timestamp.signingTime, new Date('2026-03-01T12:00:00Z'));
    timestamp.verify(
      data,
      sjsCrypto.createPublicKey(X509Certificate.parse(Buffer.from(leaf)).publicKey),
    );
    const authorities = [
      {
        certChain: chain.map((der) => X509Certificate.parse(Buffer.from(der))),
        validFor: { start: validity.notBefore, end: validity.notAfter },
      },
    ];
    verifyRFC3161Timestamp(timestamp, data, authorities);
    assert.throws(() => verifyRFC3161Timestamp(timestamp, Buffer.from('other'), authorities));
  });
});

describe('verification of our tokens fails closed', () => {
  const response = authority.timestamp(
    encodeTimestampRequest({
      hashAlgorithm: 'sha256',
      hashedMessage: sha256,
      nonce: 9n,
      certReq: true,
    }),
    NOW,
  );

  it('names the first check that failed', () => {
    throwsCode('IMPRINT_MISMATCH', () =>
      verifyTimestamp(response, { data: Buffer.from('x'), chain }),
    );
    throwsCode('DIGEST_LENGTH_MISMATCH', () =>
      verifyTimestamp(response, { digest: sha256.subarray(1), chain }),
    );
    throwsCode('NONCE_MISMATCH', () => verifyTimestamp(response, { data, chain, nonce: 10n }));
    throwsCode('CHAIN_INVALID', () => verifyTimestamp(response, { data, chain: [leaf] }));
    throwsCode('CHAIN_INVALID', () => verifyTimestamp(response, { data, chain: [] }));
    const other = makeChain(tsaKey);
    throwsCode('SIGNER_MISMATCH', () =>
      verifyTimestamp(response, { data, chain: [other.leaf, other.root] }),
    );
    throwsCode('CHAIN_INVALID', () =>
      verifyTimestamp(response, { data, chain: [leaf, other.root] }),
    );
    throwsCode('NOT_GRANTED', () =>
      verifyTimestamp(rejectionResponse(new TsaError('UNACCEPTED_POLICY', 'no')), { data, chain }),
    );
    throwsCode('RESPONSE_MALFORMED', () =>
      verifyTimestamp(response.subarray(0, 100), { data, chain }),
    );
  });

  it('detects tampering with the TSTInfo and with the signature', () => {
    const { tstInfo, signerInfo } = tokenOf(response);
    const tamperedInfo = Buffer.from(response);
    const at = tamperedInfo.indexOf(tstInfo.raw) + tstInfo.raw.length - 5;
    tamperedInfo[at] = (tamperedInfo[at] as number) ^ 1;
    throwsCode('MESSAGE_DIGEST_MISMATCH', () => verifyTimestamp(tamperedInfo, { data, chain }));

    const tamperedSig = Buffer.from(response);
    const sigAt = tamperedSig.indexOf(signerInfo.signature) + signerInfo.signature.length - 3;
    tamperedSig[sigAt] = (tamperedSig[sigAt] as number) ^ 1;
    throwsCode('SIGNATURE_INVALID', () => verifyTimestamp(tamperedSig, { data, chain }));
  });

  it('verifyTimestampToken ignores embedded certificates and checks the given signer', () => {
    const other = makeChain(ecKey('P-256'));
    throwsCode('SIGNER_MISMATCH', () =>
      verifyTimestampToken(response, { data, signerCertificate: other.leaf }),
    );
    assert.doesNotThrow(() => verifyTimestampToken(response, { data, signerCertificate: leaf }));
  });
});
