import { generateKeyPairSync } from 'node:crypto';
import { CaError } from '../../../src/ca/error.js';
import {
  buildCsr,
  parseCsr,
  requestedExtensions,
  verifyCsrSignature,
} from '../../../src/ca/csr.js';
import { subjectAltName } from '../../../src/ca/extensions.js';
import { name, signatureAlgorithmFor, signerFor, spkiOf } from '../../../src/core/x509.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';
import { DER_WORDS } from './material.js';

/**
 * PKCS#10 certificate signing requests (DER) as the CA reads one from a Fulcio request: parse,
 * the requested extensions, the self-signature. Every refusal is CaError CSR_INVALID.
 */

export const fuzz = refusing({ types: [CaError], http: true }, (data) => {
  const csr = parseCsr(data);
  requestedExtensions(csr);
  verifyCsrSignature(csr);
});

export async function seeds(): Promise<Buffer[]> {
  const keys = [
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
    generateKeyPairSync('ed25519').privateKey,
  ];
  return Promise.all(
    keys.map((key, i) =>
      buildCsr(
        {
          subject: name([{ short: 'CN', value: `fuzz ${i}` }]),
          publicKey: spkiOf(key),
          signatureAlgorithm: signatureAlgorithmFor(key),
          extensions:
            i % 2 === 0
              ? [
                  {
                    oid: '2.5.29.17',
                    value: subjectAltName({ type: 'email', value: 'a@example.com' }),
                  },
                ]
              : [],
        },
        signerFor(key),
      ),
    ),
  );
}

export const shape: InputShape = 'der';
export const dictionary = DER_WORDS;
