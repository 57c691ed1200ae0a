import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildCsr } from '../../src/ca/csr.js';
import { CaError } from '../../src/ca/error.js';
import { parseLegacySigningCertificateRequest } from '../../src/ca/request-v1.js';
import { toPem } from '../../src/core/pem.js';
import { name, signerFor, spkiOf } from '../../src/core/x509.js';

/**
 * Reading Fulcio's v1 request: every field is protojson `bytes` (base64, standard or URL-safe),
 * the key may be PEM or DER inside it, and a CSR decides the request as in Fulcio.
 */

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = spkiOf(privateKey);
const AUTH = 'Bearer header.payload.signature';
const signature = Buffer.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]);

const parse = (body: unknown, authorization: string | undefined = AUTH) =>
  parseLegacySigningCertificateRequest(body, authorization);

const refused = (body: unknown, code: string, message: RegExp, authorization?: string) =>
  assert.throws(
    () => parse(body, authorization),
    (e: unknown) => e instanceof CaError && e.code === code && message.test(e.message),
  );

describe('parseLegacySigningCertificateRequest', () => {
  it('reads the public key from base64 of PEM or of DER, and the proof', () => {
    for (const content of [Buffer.from(toPem('PUBLIC KEY', spki)), spki]) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const request = parse({
          publicKey: { content: content.toString(encoding), algorithm: 'ecdsa' },
          signedEmailAddress: signature.toString(encoding),
        });
        assert.equal(request.token, 'header.payload.signature');
        assert.equal(request.proof.kind, 'public-key');
        if (request.proof.kind === 'public-key') {
          assert.ok(request.proof.publicKey.equals(spki));
          assert.ok(request.proof.signature.equals(signature));
        }
      }
    }
  });

  it('lets a CSR decide the request, ignoring the public-key fields', async () => {
    const csr = await buildCsr(
      { subject: name([]), publicKey: spki, signatureAlgorithm: 'ecdsa-sha256' },
      signerFor(privateKey),
    );
    const request = parse({
      publicKey: { content: 'not looked at' },
      signedEmailAddress: null,
      certificateSigningRequest: Buffer.from(toPem('CERTIFICATE REQUEST', csr)).toString('base64'),
    });
    assert.equal(request.proof.kind, 'csr');
    if (request.proof.kind === 'csr') assert.ok(request.proof.csr.publicKey.equals(spki));
  });

  it('refuses what Fulcio cannot read, naming the field', () => {
    const content = spki.toString('base64');
    const proof = signature.toString('base64');
    refused(
      { publicKey: { content }, signedEmailAddress: proof },
      'REQUEST_INVALID',
      /Authorization/,
      '',
    );
    refused(
      { publicKey: { content }, signedEmailAddress: proof },
      'REQUEST_INVALID',
      /Bearer/,
      'Basic x',
    );
    refused(
      { publicKey: { content: null }, signedEmailAddress: proof },
      'REQUEST_INVALID',
      /publicKey\.content must be/,
    );
    refused(
      { publicKey: { content: 7 }, signedEmailAddress: proof },
      'REQUEST_INVALID',
      /publicKey\.content must be a base64 string/,
    );
    refused(
      { publicKey: { content, algorithm: 1 }, signedEmailAddress: proof },
      'REQUEST_INVALID',
      /algorithm must be a string/,
    );
    refused(
      { publicKey: 'x', signedEmailAddress: proof },
      'REQUEST_INVALID',
      /publicKey must be an object/,
    );
    refused(
      { publicKey: { content }, signedEmailAddress: '' },
      'REQUEST_INVALID',
      /signedEmailAddress must be/,
    );
    refused(
      { publicKey: { content }, signedEmailAddress: 'no!' },
      'REQUEST_INVALID',
      /signedEmailAddress .* not valid base64/,
    );
    refused(
      { certificateSigningRequest: {} },
      'REQUEST_INVALID',
      /certificateSigningRequest must be a base64 string/,
    );
    refused({ certificateSigningRequest: 'AAAA' }, 'CSR_INVALID', /certificate signing request/);
    refused(
      {
        publicKey: { content: Buffer.from(toPem('CERTIFICATE', spki)).toString('base64') },
        signedEmailAddress: proof,
      },
      'PUBLIC_KEY_INVALID',
      /could not be parsed: expected a single "PUBLIC KEY" PEM block/,
    );
  });
});
