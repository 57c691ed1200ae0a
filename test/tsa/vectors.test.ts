import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RFC3161Timestamp } from '@sigstore/core';
import { describeName, parseCertificate } from '../../src/core/x509.js';
import {
  HASH_ALGORITHMS,
  TsaError,
  parseTimeStampResponse,
  verifyImprint,
  verifyTimestamp,
  verifyTimestampToken,
} from '../../src/tsa/index.js';
import type { TimeStampToken, TsaErrorCode } from '../../src/tsa/index.js';
import { vectorPath } from '../helpers/vectors.js';

interface ResponseVector {
  id: string;
  tsr: string;
  message: string;
  source: string;
  verifies_with_a_trusted_tsa_chain: boolean;
}

const index = JSON.parse(readFileSync(vectorPath('rfc3161', 'index.json'), 'utf8')) as {
  responses: ResponseVector[];
};

/**
 * Why each response that must not verify fails, as our verifier names it. index.json's
 * reasons: expired chain, imprint mismatch, untrusted TSA with and without embedded certs.
 */
const EXPECTED_FAILURES: Record<string, TsaErrorCode> = {
  '823d48b81133bb5e': 'CERTIFICATE_NOT_VALID',
  b5281482b750c406: 'IMPRINT_MISMATCH',
  '3c16f00d927481fc': 'SIGNER_MISMATCH',
  '50acda8f046bf4c7': 'SIGNER_MISMATCH',
};

const read = (...parts: string[]): Buffer => readFileSync(vectorPath('rfc3161', ...parts));

/** The sigstage TSA chain (leaf first) from the staging trusted root shipped in other/. */
function stagingChain(): Buffer[] {
  const json = read('other', 'staging_trusted_root.sigstore-python.json');
  const root = JSON.parse(json.toString('utf8')) as {
    timestampAuthorities: Array<{
      uri: string;
      certChain: { certificates: Array<{ rawBytes: string }> };
    }>;
  };
  const staging = root.timestampAuthorities.find((a) => a.uri.includes('sigstage.dev'));
  assert.ok(staging, 'staging trusted root lists the sigstage TSA');
  return staging.certChain.certificates.map((c) => Buffer.from(c.rawBytes, 'base64'));
}

function signedBy(token: TimeStampToken, certDer: Buffer): boolean {
  const { sid } = token.signerInfo;
  const cert = parseCertificate(certDer);
  return 'issuer' in sid && sid.issuer.equals(cert.issuer) && sid.serial.equals(cert.serialBytes);
}

function throwsCode(code: TsaErrorCode, fn: () => unknown): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof TsaError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}

describe('RFC 3161 response vectors', () => {
  it('index.json lists exactly the expected failures', () => {
    const failing = index.responses
      .filter((r) => !r.verifies_with_a_trusted_tsa_chain)
      .map((r) => r.id);
    assert.deepEqual(failing.sort(), Object.keys(EXPECTED_FAILURES).sort());
  });

  for (const vector of index.responses) {
    it(`${vector.id} (${vector.source.split('/').pop()})`, () => {
      const der = read(vector.tsr);
      const message = read(vector.message);
      const staging = stagingChain();

      const response = parseTimeStampResponse(der);
      assert.equal(response.status, 0);
      const token = response.token;
      assert.ok(token);
      const { tstInfo, signerInfo } = token;

      // sigstore-js reads the same fields.
      const sjs = RFC3161Timestamp.parse(Buffer.from(der));
      assert.deepEqual(sjs.tstInfo.genTime, tstInfo.genTime);
      assert.deepEqual(sjs.tstInfo.messageImprintHashedMessage, tstInfo.hashedMessage);

      // Checks that need no certificate at all.
      const [digest] = Object.entries(HASH_ALGORITHMS).find(
        ([, h]) => h.oid === signerInfo.digestAlgorithmOid,
      )!;
      assert.deepEqual(createHash(digest).update(tstInfo.raw).digest(), signerInfo.messageDigest);
      const expected = EXPECTED_FAILURES[vector.id];
      if (expected === 'IMPRINT_MISMATCH') {
        throwsCode('IMPRINT_MISMATCH', () => verifyImprint(tstInfo, { data: message }));
      } else {
        verifyImprint(tstInfo, { data: message });
      }

      // The trusted roots index.json refers to (sigstore-conformance cases, production roots)
      // are not in the vectors folder. The staging one in other/ carries the sigstage TSA, so
      // responses whose signer identifier names that leaf are verified in full against it;
      // the untrusted freetsa ones come from cases whose trusted root is that same sigstage
      // TSA. Responses from the expiring local test TSA embed their leaf: we check the CMS
      // signature, ESS binding and validity at genTime with it. Production and the mock
      // conformance TSA embed nothing and have no chain here: only imprint and messageDigest.
      const [stagingLeaf] = staging as [Buffer];
      const embeddedSigner = token.certificates.find((c) => signedBy(token, c));
      const options = { data: message, chain: staging };
      if (signedBy(token, stagingLeaf) || expected === 'SIGNER_MISMATCH') {
        if (expected) throwsCode(expected, () => verifyTimestamp(response, options));
        else assert.deepEqual(verifyTimestamp(response, options).genTime, tstInfo.genTime);
      } else if (embeddedSigner) {
        const verify = () =>
          verifyTimestampToken(response, { data: message, signerCertificate: embeddedSigner });
        if (expected) throwsCode(expected, verify);
        else verify();
      } else {
        assert.equal(expected, undefined, 'every failing vector is checked against a certificate');
        assert.equal(token.certificates.length, 0);
      }
    });
  }
});

describe('RFC 3161 vectors in other/', () => {
  it('sigstore-python issue 1482: a staging response without embedded certificates verifies', () => {
    const der = read('other', 'sigstore-python-issue1482.tsr');
    const message = read('other', 'sigstore-python-issue1482.message');
    const chain = stagingChain();
    const response = parseTimeStampResponse(der);
    assert.equal(response.token?.certificates.length, 0);
    const verified = verifyTimestamp(response, { data: message, chain });
    assert.equal(describeName(verified.signer.subject), 'O=sigstore.dev, CN=sigstore-tsa');
  });

  it('injected certificates: requiring the "Spoofed TSA" signer fails', () => {
    const der = read('other', 'timestamp-authority-response-injected-certs.tsr');
    const data = Buffer.from('hello');
    const response = parseTimeStampResponse(der);
    const token = response.token;
    assert.ok(token);
    assert.equal(token.tstInfo.hashAlgorithm, 'sha512');
    assert.equal(token.certificates.length, 3);
    const certs = token.certificates.map((der) => ({ der, cert: parseCertificate(der) }));
    const spoofed = certs.find((c) => describeName(c.cert.subject) === 'CN=Spoofed TSA');
    const selfSigned = certs.find((c) => c.cert.subject.equals(c.cert.issuer));
    const realSigner = certs.find((c) => signedBy(token, c.der));
    assert.ok(spoofed && selfSigned && realSigner);

    // Trusting the self-signed root while pinning the signer to "Spoofed TSA" must fail: the
    // token was not signed by it, whatever certificates ride along.
    throwsCode('SIGNER_MISMATCH', () =>
      verifyTimestamp(response, { data, chain: [spoofed.der, selfSigned.der] }),
    );
    throwsCode('SIGNER_MISMATCH', () =>
      verifyTimestampToken(response, { data, signerCertificate: spoofed.der }),
    );
    // The real signer's signature is fine, but the self-signed root did not issue it.
    verifyTimestampToken(response, { data, signerCertificate: realSigner.der });
    throwsCode('CHAIN_INVALID', () =>
      verifyTimestamp(response, { data, chain: [realSigner.der, selfSigned.der] }),
    );
  });
});
