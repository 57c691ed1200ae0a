import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSelfSignedCa, parseCertificate } from '../../../src/core/x509.js';
import { TimestampAuthority, createTsaCertificate } from '../../../src/tsa/index.js';
import { publicGoodTrustedRoot } from '../../../src/verify/public-good.js';

/**
 * Real inputs the targets start from: the public-good bundles of test/fixtures, the
 * certificates in them and in the embedded public-good trusted root, and what Signet itself
 * makes from ephemeral keys.
 */

const PUBLIC_GOOD = new URL('../../../../test/fixtures/public-good/', import.meta.url);

export const BUNDLE_FILES = [
  'hello.v01.sigstore.json',
  'hello.dsse.v01.sigstore.json',
  'new_bundle.txt.sigstore.json',
  'sigstore-3.1.0.sigstore.json',
] as const;

export const fixture = (name: string): Buffer => readFileSync(new URL(name, PUBLIC_GOOD));

export const publicGoodBundles = (): Buffer[] => BUNDLE_FILES.map(fixture);

/** Every base64 value of `json` that decodes to a DER SEQUENCE of some size. */
export function derValuesIn(json: unknown): Buffer[] {
  const found: Buffer[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string' && value.length > 100 && /^[A-Za-z0-9+/]+=*$/.test(value)) {
      const bytes = Buffer.from(value, 'base64');
      if (bytes[0] === 0x30) found.push(bytes);
    } else if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(walk);
    }
  };
  walk(json);
  return found;
}

/** Public-good leaf, intermediate and root certificates, and a fresh Signet-built root. */
export function certificates(): Buffer[] {
  const fromBundles = publicGoodBundles().flatMap((b) =>
    derValuesIn(JSON.parse(b.toString('utf8'))),
  );
  const root = (publicGoodTrustedRoot() as { certificateAuthorities: unknown })
    .certificateAuthorities;
  const now = Date.now();
  const signet = createSelfSignedCa({
    privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    subject: { commonName: 'fuzz root', organization: 'Signet' },
    notBefore: new Date(now),
    notAfter: new Date(now + 86_400_000),
  });
  // Certificates only: the bundles also hold signatures and timestamps.
  return [...fromBundles, ...derValuesIn(root), signet].filter((der) => {
    try {
      parseCertificate(der);
      return true;
    } catch {
      return false;
    }
  });
}

/** DER tokens: tags with short and long lengths, OIDs the parsers look for. */
export const DER_WORDS: readonly string[] = [
  '\x30\x00',
  '\x30\x80',
  '\x02\x01\x00',
  '\x02\x01\x80',
  '\x02\x00',
  '\x05\x00',
  '\x01\x01\xff',
  '\x01\x01\x01',
  '\x03\x01\x00',
  '\x03\x02\x07\x80',
  '\x04\x00',
  '\x0c\x00',
  '\x17\x0d',
  '\x18\x0f',
  '\xa0\x03\x02\x01\x02',
  '\xa3\x00',
  '\x06\x03\x55\x1d\x11',
  '\x06\x03\x55\x1d\x13',
  '\x06\x03\x55\x1d\x0f',
  '\x06\x03\x55\x1d\x25',
  '\x06\x08\x2a\x86\x48\xce\x3d\x04\x03\x02',
  '\x06\x07\x2a\x86\x48\xce\x3d\x02\x01',
  '\x06\x0a\x2b\x06\x01\x04\x01\xd6\x79\x02\x04\x02',
  '\x06\x0a\x2b\x06\x01\x04\x01\x83\xbf\x30\x01\x01',
  '\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x09\x0e',
  '\x06\x00',
  '\x06\x01\x80',
  '\x81\xff',
  '\x82\xff\xff',
  '\x84\xff\xff\xff\xff',
];

/** A TSA (P-384 root, P-256 signer) that answers timestamp queries, and data it stamped. */
export function timestampAuthority(): {
  authority: TimestampAuthority;
  chain: Buffer[];
  data: Buffer;
  digest: Buffer;
} {
  const now = Date.now();
  const validity = { notBefore: new Date(now - 3_600_000), notAfter: new Date(now + 86_400_000) };
  const rootKey = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  const tsaKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const root = createSelfSignedCa({
    privateKey: rootKey,
    subject: { commonName: 'fuzz TSA root', organization: 'Signet' },
    ...validity,
  });
  const leaf = createTsaCertificate({
    rootKey,
    rootCert: root,
    tsaPublicKey: createPublicKey(tsaKey),
    subject: { commonName: 'fuzz TSA', organization: 'Signet' },
    validity,
  });
  const chain = [leaf, root];
  const data = Buffer.from('the signature bytes being timestamped');
  const digest = createHash('sha256').update(data).digest();
  return {
    authority: new TimestampAuthority({ privateKey: tsaKey, certChain: chain }),
    chain,
    data,
    digest,
  };
}

/** Words of the JSON requests and documents Signet reads. */
export const JSON_WORDS: readonly string[] = [
  'null',
  '[]',
  '{}',
  '""',
  '0',
  '-1',
  'true',
  '"\\u0000"',
];
