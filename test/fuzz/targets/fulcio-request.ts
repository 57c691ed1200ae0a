import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { buildCsr } from '../../../src/ca/csr.js';
import { CaError } from '../../../src/ca/error.js';
import {
  parseSigningCertificateRequest,
  verifyProofOfPossession,
} from '../../../src/ca/request.js';
import { toPem } from '../../../src/core/pem.js';
import { name, signatureAlgorithmFor, signerFor, spkiOf } from '../../../src/core/x509.js';
import { ServerError, parseJson } from '../../../server/http.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';
import { JSON_WORDS } from './material.js';

/**
 * Fulcio v2 CreateSigningCertificateRequest bodies, as POST /api/v2/signingCert reads them
 * before and after the token check: the JSON, the request's fields, the public key or CSR,
 * and the proof of possession over a fixed subject. Every refusal is a 4xx.
 */

const SUBJECT = 'repo:octo-org/app:ref:refs/heads/main';

export const fuzz = refusing({ types: [ServerError, CaError], http: true }, (data) => {
  const request = parseSigningCertificateRequest(parseJson(data), undefined);
  return verifyProofOfPossession(request, { claim: 'sub', value: SUBJECT });
});

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

export async function seeds(): Promise<Buffer[]> {
  const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ed = generateKeyPairSync('ed25519');
  const keyRequest = (pair: typeof ec, hash: string | null) => ({
    credentials: { oidcIdentityToken: token },
    publicKeyRequest: {
      publicKey: { algorithm: 'ECDSA', content: toPem('PUBLIC KEY', spkiOf(pair.publicKey)) },
      proofOfPossession: b64(sign(hash, Buffer.from(SUBJECT), pair.privateKey)),
    },
  });
  const csr = await buildCsr(
    {
      subject: name([{ short: 'CN', value: 'fuzz' }]),
      publicKey: spkiOf(ec.privateKey),
      signatureAlgorithm: signatureAlgorithmFor(ec.privateKey),
    },
    signerFor(ec.privateKey),
  );
  return [
    json(keyRequest(ec, 'sha256')),
    json(keyRequest(rsa, 'sha256')),
    json(keyRequest(ed, null)),
    json({
      credentials: { oidc_identity_token: token },
      certificate_signing_request: b64(Buffer.from(toPem('CERTIFICATE REQUEST', csr))),
    }),
    json({ credentials: { oidcIdentityToken: token }, certificateSigningRequest: b64(csr) }),
    json({
      credentials: {},
      publicKeyRequest: { publicKey: { content: createHash('sha256').digest('hex') } },
    }),
  ];
}

export const shape: InputShape = 'json';
export const dictionary = [
  ...JSON_WORDS,
  '"credentials"',
  '"oidcIdentityToken"',
  '"oidc_identity_token"',
  '"publicKeyRequest"',
  '"public_key_request"',
  '"publicKey"',
  '"public_key"',
  '"content"',
  '"algorithm"',
  '"proofOfPossession"',
  '"proof_of_possession"',
  '"certificateSigningRequest"',
  '"certificate_signing_request"',
  '-----BEGIN PUBLIC KEY-----\n',
  '-----END PUBLIC KEY-----\n',
  '-----BEGIN CERTIFICATE REQUEST-----\n',
];
