import { generateKeyPairSync } from 'node:crypto';
import { RekorV1Error, canonicalizerFor, proposedEntry } from '../../../src/tlog/rekor-v1/kinds.js';
import { REKOR_V1_KINDS } from '../../../src/tlog/rekor-v1/registry.js';
import { indexKeysOfBody, parseSearchQuery } from '../../../src/tlog/rekor-v1/search.js';
import { ServerError, parseJson } from '../../../server/http.js';
import { v1Request } from '../../helpers/entries.js';
import type { InputShape } from '../mutate.js';
import { refusing } from '../target.js';
import { JSON_WORDS } from './material.js';

/**
 * Rekor v1 bodies, as POST /api/v1/log/entries and /api/v1/index/retrieve read them: a
 * ProposedEntry (kind, apiVersion, the kind's spec, its signature check, the canonical body and
 * its index keys), or, for a body with no kind, a search query. Every refusal is a 4xx.
 */

export const fuzz = refusing({ types: [ServerError, RekorV1Error], http: true }, async (data) => {
  const json = parseJson(data);
  if (typeof json === 'object' && json !== null && !('kind' in json)) {
    parseSearchQuery(json);
    return;
  }
  const entry = proposedEntry(json);
  const canonical = await canonicalizerFor(REKOR_V1_KINDS, entry)(entry.spec);
  indexKeysOfBody(canonical.body);
});

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

export function seeds(): Buffer[] {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const entry = v1Request(ec);
  return [
    json(entry),
    json(v1Request(rsa)),
    json({ hash: `sha256:${entry.spec.data.hash.value}`, operator: 'and' }),
    json({ publicKey: { format: 'x509', content: entry.spec.signature.publicKey.content } }),
    json({ email: 'a@example.com', subject: 'x' }),
  ];
}

export const shape: InputShape = 'json';
export const dictionary = [
  ...JSON_WORDS,
  '"kind"',
  '"apiVersion"',
  '"spec"',
  '"hashedrekord"',
  '"dsse"',
  '"intoto"',
  '"0.0.1"',
  '"0.0.2"',
  '"data"',
  '"hash"',
  '"algorithm"',
  '"value"',
  '"signature"',
  '"content"',
  '"publicKey"',
  '"format"',
  '"x509"',
  '"operator"',
  '"and"',
  '"or"',
  '"email"',
  '"subject"',
  '"proposedContent"',
  '"envelope"',
  '"verifiers"',
];
