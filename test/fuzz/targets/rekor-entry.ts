import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { PrehashError } from '../../../src/core/prehash.js';
import { TlogError } from '../../../src/tlog/error.js';
import { pae } from '../../../src/tlog/rekor.js';
import { ServerError } from '../../../server/http.js';
import { verifyRequestBody } from '../../../server/verify-worker.js';
import { EntryFactory } from '../../helpers/entries.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';

/**
 * Rekor v2 CreateEntryRequest bodies, as POST /api/v2/log/entries reads them: the JSON, the
 * request's validation, the signature check and the canonical entry. Every refusal is a 4xx.
 */

export const fuzz = refusing(
  { types: [ServerError, TlogError, PrehashError], http: true },
  (data) => verifyRequestBody(data),
);

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

export function seeds(): Buffer[] {
  const factory = new EntryFactory();
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ed = generateKeyPairSync('ed25519');
  const artifact = randomBytes(32);
  const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
  const payloadType = 'application/vnd.in-toto+json';
  const envelope = (key: typeof ed.privateKey, keyDetails: string, spki: Buffer) => ({
    dsseRequestV002: {
      envelope: {
        payload: b64(payload),
        payloadType,
        signatures: [
          {
            sig: b64(
              keyDetails === 'PKIX_ED25519'
                ? sign(null, pae(payloadType, payload), key)
                : sign('sha256', pae(payloadType, payload), key),
            ),
          },
        ],
      },
      verifiers: [{ publicKey: { rawBytes: b64(spki) }, keyDetails }],
    },
  });
  const hashed = (key: typeof ed.privateKey, keyDetails: string, spki: Buffer) => ({
    hashedRekordRequestV002: {
      digest: b64(createHash('sha256').update(artifact).digest()),
      signature: {
        content: b64(sign('sha256', artifact, key)),
        verifier: { publicKey: { rawBytes: b64(spki) }, keyDetails },
      },
    },
  });
  const spki = (key: typeof ed.publicKey): Buffer => key.export({ format: 'der', type: 'spki' });
  return [
    json(factory.request(artifact)),
    json(hashed(rsa.privateKey, 'PKIX_RSA_PKCS1V15_2048_SHA256', spki(rsa.publicKey))),
    json(envelope(factory.privateKey, 'PKIX_ECDSA_P256_SHA_256', factory.spki)),
    json(envelope(ed.privateKey, 'PKIX_ED25519', spki(ed.publicKey))),
  ];
}

export const shape: InputShape = 'json';
export const dictionary: readonly string[] = [
  '"hashedRekordRequestV002"',
  '"hashed_rekord_request_v002"',
  '"dsseRequestV002"',
  '"dsse_request_v002"',
  '"digest"',
  '"signature"',
  '"content"',
  '"verifier"',
  '"publicKey"',
  '"rawBytes"',
  '"raw_bytes"',
  '"x509Certificate"',
  '"keyDetails"',
  '"key_details"',
  '"PKIX_ECDSA_P256_SHA_256"',
  '"PKIX_ECDSA_P384_SHA_384"',
  '"PKIX_ED25519"',
  '"PKIX_ED25519_PH"',
  '"PKIX_RSA_PKCS1V15_2048_SHA256"',
  '"envelope"',
  '"payload"',
  '"payloadType"',
  '"signatures"',
  '"sig"',
  '"verifiers"',
  'null',
  '[]',
  '{}',
  '""',
];
