import assert from 'node:assert/strict';
import { X509Certificate, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { canonicalize } from '../../src/core/canonical-json.js';
import { TlogError } from '../../src/tlog/error.js';
import { entryFromRequest, pae } from '../../src/tlog/rekor.js';
import { selfSignedCertificate } from '../helpers/tls.js';

type Verifier = Record<string, unknown>;

function keyPair(kind: 'P-256' | 'P-384' | 'rsa'): { privateKey: KeyObject; spki: Buffer } {
  const { privateKey, publicKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: kind });
  return { privateKey, spki: publicKey.export({ format: 'der', type: 'spki' }) };
}

const CASES = [
  { kind: 'P-256', keyDetails: 'PKIX_ECDSA_P256_SHA_256', hash: 'sha256', name: 'SHA2_256' },
  { kind: 'P-384', keyDetails: 'PKIX_ECDSA_P384_SHA_384', hash: 'sha384', name: 'SHA2_384' },
  { kind: 'rsa', keyDetails: 'PKIX_RSA_PKCS1V15_2048_SHA256', hash: 'sha256', name: 'SHA2_256' },
] as const;

/** The entry the log must record, as an object: what canonicalising it must give. */
function expectedEntry(name: string, digest: Buffer, signature: Buffer, verifier: Verifier) {
  return {
    apiVersion: '0.0.2',
    kind: 'hashedrekord',
    spec: {
      hashedRekordV002: {
        data: { algorithm: name, digest: digest.toString('base64') },
        signature: { content: signature.toString('base64'), verifier },
      },
    },
  };
}

describe('rekor: the logged entry', () => {
  for (const c of CASES) {
    it(`${c.keyDetails}: hashedrekord and DSSE bodies are the canonical form of the entry`, () => {
      const { privateKey, spki } = keyPair(c.kind);
      const verifier = {
        keyDetails: c.keyDetails,
        publicKey: { rawBytes: spki.toString('base64') },
      };
      const artifact = randomBytes(64);
      const digest = createHash(c.hash).update(artifact).digest();
      const signature = sign(c.hash, artifact, privateKey);
      const hashed = entryFromRequest({
        hashedRekordRequestV002: {
          digest: digest.toString('base64'),
          signature: { content: signature.toString('base64'), verifier },
        },
      });
      assert.equal(
        hashed.body.toString('utf8'),
        canonicalize(expectedEntry(c.name, digest, signature, verifier)),
      );

      const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
      const payloadType = 'application/vnd.in-toto+json';
      const envelopeSig = sign(c.hash, pae(payloadType, payload), privateKey);
      const dsse = entryFromRequest({
        dsseRequestV002: {
          envelope: {
            payload: payload.toString('base64'),
            payloadType,
            signatures: [{ sig: envelopeSig.toString('base64'), keyid: '' }],
          },
          verifiers: [verifier],
        },
      });
      const paeDigest = createHash(c.hash).update(pae(payloadType, payload)).digest();
      assert.equal(
        dsse.body.toString('utf8'),
        canonicalize(expectedEntry(c.name, paeDigest, envelopeSig, verifier)),
      );
    });
  }

  it('a certificate verifier, in snake_case and base64url, is logged re-encoded', () => {
    const { key, cert } = selfSignedCertificate();
    const der = new X509Certificate(cert).raw;
    const artifact = randomBytes(32);
    const digest = createHash('sha256').update(artifact).digest();
    const signature = sign('sha256', artifact, key);
    const entry = entryFromRequest({
      hashedRekordRequestV002: {
        digest: digest.toString('base64url'),
        signature: {
          content: signature.toString('base64'),
          verifier: {
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            x509_certificate: { rawBytes: der.toString('base64url') },
          },
        },
      },
    });
    const verifier = {
      keyDetails: 'PKIX_ECDSA_P256_SHA_256',
      x509Certificate: { rawBytes: der.toString('base64') },
    };
    assert.equal(
      entry.body.toString('utf8'),
      canonicalize(expectedEntry('SHA2_256', digest, signature, verifier)),
    );
  });

  it("refuses keyDetails that name Object.prototype's properties as unsupported", () => {
    const { privateKey, spki } = keyPair('P-256');
    const artifact = randomBytes(32);
    for (const keyDetails of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      assert.throws(
        () =>
          entryFromRequest({
            hashedRekordRequestV002: {
              digest: createHash('sha256').update(artifact).digest('base64'),
              signature: {
                content: sign('sha256', artifact, privateKey).toString('base64'),
                verifier: { keyDetails, publicKey: { rawBytes: spki.toString('base64') } },
              },
            },
          }),
        (error: unknown) =>
          error instanceof TlogError &&
          error.code === 'ENTRY_UNSUPPORTED' &&
          error.message.includes(`unsupported keyDetails ${keyDetails}`),
        keyDetails,
      );
    }
  });
});
