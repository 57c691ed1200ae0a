import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  OID_EXTENSION_REQUEST,
  buildCsr,
  parseCsr,
  requestedExtensions,
  verifyCsrSignature,
} from '../../src/ca/csr.js';
import type { CertificationRequest } from '../../src/ca/csr.js';
import { CaError } from '../../src/ca/error.js';
import {
  bitString,
  contextTag,
  integer,
  oid,
  parseDer,
  sequence,
  setOf,
} from '../../src/core/der.js';
import { toPem } from '../../src/core/pem.js';
import {
  OID,
  basicConstraints,
  describeName,
  isCa,
  keyUsage,
  name,
  parseBasicConstraints,
  parseCertificate,
  parseKeyUsage,
  signerFor,
  spkiOf,
} from '../../src/core/x509.js';
import { missingTools, requireTool } from '../helpers/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'signet-csr-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const OPENSSL = missingTools(['openssl', 'openssl']);
const openssl = (...args: string[]): string =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
/** openssl's combined output, for commands that report on stderr (req -verify). */
const opensslAll = (...args: string[]): string =>
  execFileSync('sh', ['-c', 'openssl "$@" 2>&1', 'openssl', ...args], { encoding: 'utf8' });
const file = (name: string): string => join(dir, name);

const isCsrInvalid = (pattern?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof CaError, `expected a CaError, got ${String(error)}`);
  assert.equal(error.code, 'CSR_INVALID');
  if (pattern) assert.match(error.message, pattern);
  return true;
};

interface OpensslCsr {
  key: KeyObject;
  spki: Buffer;
  pem: string;
  der: Buffer;
}

/** A key and CSR made by `openssl req -new`, as a client (sigstore-python, cosign) would. */
function opensslCsr(label: string, genpkey: string[], reqArgs: string[] = []): OpensslCsr {
  const keyPath = file(`${label}.key.pem`);
  openssl('genpkey', ...genpkey, '-out', keyPath);
  const csrPath = file(`${label}.csr.pem`);
  openssl(
    'req',
    '-new',
    '-key',
    keyPath,
    '-subj',
    '/O=Signet/CN=csr test',
    ...reqArgs,
    '-out',
    csrPath,
  );
  const derPath = file(`${label}.csr.der`);
  openssl('req', '-in', csrPath, '-outform', 'DER', '-out', derPath);
  const key = createPrivateKey(readFileSync(keyPath));
  return {
    key,
    spki: spkiOf(key),
    pem: readFileSync(csrPath, 'utf8'),
    der: readFileSync(derPath),
  };
}

const CASES = [
  {
    label: 'P-256',
    genpkey: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    req: ['-sha256'],
    alg: '1.2.840.10045.4.3.2',
  },
  {
    label: 'P-384',
    genpkey: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    req: ['-sha384'],
    alg: '1.2.840.10045.4.3.3',
  },
  {
    label: 'P-256 with SHA-512',
    genpkey: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    req: ['-sha512'],
    alg: '1.2.840.10045.4.3.4',
  },
  {
    label: 'RSA-2048',
    genpkey: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    req: ['-sha256'],
    alg: '1.2.840.113549.1.1.11',
  },
  {
    label: 'RSA-2048 with SHA-384',
    genpkey: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    req: ['-sha384'],
    alg: '1.2.840.113549.1.1.12',
  },
  { label: 'Ed25519', genpkey: ['-algorithm', 'ED25519'], req: [], alg: '1.3.101.112' },
] as const;

// Made up front, by openssl; without it the describes that read them are skipped.
const generated = new Map(
  CASES.filter(() => !OPENSSL).map((c) => [
    c.label,
    opensslCsr(c.label.replace(/\W+/g, '-'), [...c.genpkey], [...c.req]),
  ]),
);
const p256 = generated.get('P-256') as OpensslCsr;

/** The CSR with its CertificationRequestInfo replaced, keeping algorithm and signature. */
const withInfo = (csr: CertificationRequest, info: Buffer): Buffer =>
  sequence(info, sequence(oid(csr.signatureAlgorithm)), bitString(csr.signature));

describe('parseCsr and verifyCsrSignature on openssl CSRs', { skip: OPENSSL }, () => {
  for (const c of CASES) {
    it(`${c.label}: PEM and DER parse to the same request, which verifies`, () => {
      const made = generated.get(c.label) as OpensslCsr;
      const fromPem = parseCsr(made.pem);
      assert.deepEqual(parseCsr(Buffer.from(made.pem)), fromPem);
      assert.deepEqual(parseCsr(made.der), fromPem);
      assert.deepEqual(fromPem.der, made.der);
      assert.deepEqual(fromPem.publicKey, made.spki);
      assert.equal(describeName(fromPem.subject), 'O=Signet, CN=csr test');
      assert.equal(fromPem.signatureAlgorithm, c.alg);
      assert.deepEqual(fromPem.attributes, Buffer.from([0xa0, 0x00]));
      assert.deepEqual(requestedExtensions(fromPem), []);
      assert.equal(verifyCsrSignature(fromPem), true);
    });

    it(`${c.label}: a flipped signature byte does not verify`, () => {
      const made = generated.get(c.label) as OpensslCsr;
      for (const position of [0, 0.5, 1]) {
        const der = Buffer.from(made.der);
        // The signature BIT STRING ends the CSR; flip its first, middle or last byte.
        const sigLength = parseCsr(der).signature.length;
        const index =
          der.length - sigLength + Math.min(sigLength - 1, Math.floor(position * sigLength));
        der[index] = (der[index] as number) ^ 0x01;
        const csr = parseCsr(der);
        assert.equal(verifyCsrSignature(csr), false, `byte ${index} flipped`);
      }
    });

    it(`${c.label}: the signature does not verify once the public key is swapped`, () => {
      const made = generated.get(c.label) as OpensslCsr;
      const original = parseCsr(made.der);
      // A key of the same type, so that only the key differs.
      const other = [...generated.values()].find(
        (g) =>
          g !== made &&
          g.key.asymmetricKeyType === made.key.asymmetricKeyType &&
          g.key.asymmetricKeyDetails?.namedCurve === made.key.asymmetricKeyDetails?.namedCurve,
      );
      const otherSpki =
        other?.spki ??
        spkiOf(
          made.key.asymmetricKeyType === 'ed25519'
            ? generateKeyPairSync('ed25519').privateKey
            : generateKeyPairSync('ec', {
                namedCurve: made.key.asymmetricKeyDetails?.namedCurve ?? 'P-256',
              }).privateKey,
        );
      const info = sequence(integer(0), original.subject, otherSpki, original.attributes);
      const swapped = parseCsr(withInfo(original, info));
      assert.deepEqual(swapped.publicKey, otherSpki);
      assert.equal(verifyCsrSignature(swapped), false);
      // The rebuilt structure itself is fine: with the original key it verifies.
      const same = parseCsr(
        withInfo(
          original,
          sequence(integer(0), original.subject, original.publicKey, original.attributes),
        ),
      );
      assert.equal(verifyCsrSignature(same), true);
    });
  }

  it('accepts the NEW CERTIFICATE REQUEST label and PEM surrounded by other text', () => {
    const body = p256.pem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST');
    assert.equal(verifyCsrSignature(parseCsr(body)), true);
    const text = openssl('req', '-in', file('P-256.csr.pem'), '-text');
    assert.match(text, /Certificate Request:/);
    assert.equal(verifyCsrSignature(parseCsr(text)), true);
  });

  it('accepts base64 of PEM and base64 of DER once decoded, as the signingCert endpoint gets them', () => {
    const fromPemB64 = parseCsr(Buffer.from(Buffer.from(p256.pem).toString('base64'), 'base64'));
    const fromDerB64 = parseCsr(Buffer.from(p256.der.toString('base64'), 'base64'));
    assert.deepEqual(fromPemB64, fromDerB64);
    assert.equal(verifyCsrSignature(fromPemB64), true);
  });

  it('reads a CSR carrying requested extensions', () => {
    const made = opensslCsr(
      'with-ext',
      ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      [
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-addext',
        'subjectAltName=email:a@example.com',
      ],
    );
    const csr = parseCsr(made.der);
    assert.equal(verifyCsrSignature(csr), true);
    const extensions = requestedExtensions(csr);
    assert.deepEqual(
      extensions.map((e) => [e.oid, e.critical]),
      [
        [OID.basicConstraints, true],
        ['2.5.29.17', false],
      ],
    );
    assert.deepEqual(parseBasicConstraints((extensions[0] as { value: Buffer }).value), {
      ca: false,
    });
  });

  it('parses an RSA-PSS CSR but does not verify it', () => {
    const made = opensslCsr(
      'rsa-pss',
      ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
      ['-sha256', '-sigopt', 'rsa_padding_mode:pss'],
    );
    // openssl itself considers it valid; only our policy refuses it.
    assert.match(
      opensslAll('req', '-in', file('rsa-pss.csr.pem'), '-verify', '-noout'),
      /verify OK/i,
    );
    const csr = parseCsr(made.pem);
    assert.equal(csr.signatureAlgorithm, '1.2.840.113549.1.1.10');
    assert.equal(verifyCsrSignature(csr), false);
  });

  it('does not verify a signature whose algorithm does not match the key', () => {
    const original = parseCsr(p256.der);
    const asRsa = parseCsr(
      sequence(
        original.info,
        sequence(oid('1.2.840.113549.1.1.11')),
        bitString(original.signature),
      ),
    );
    assert.equal(verifyCsrSignature(asRsa), false);
    const asSha384 = parseCsr(
      sequence(original.info, sequence(oid('1.2.840.10045.4.3.3')), bitString(original.signature)),
    );
    assert.equal(verifyCsrSignature(asSha384), false);
  });

  it('returns false for a key node:crypto cannot import', () => {
    const original = parseCsr(p256.der);
    // A well-formed SPKI with a point that is not on the curve.
    const badSpki = Buffer.from(original.publicKey);
    badSpki[badSpki.length - 1] = (badSpki[badSpki.length - 1] as number) ^ 0xff;
    const csr = parseCsr(
      withInfo(original, sequence(integer(0), original.subject, badSpki, original.attributes)),
    );
    assert.equal(verifyCsrSignature(csr), false);
  });
});

describe('parseCsr refuses malformed input with CSR_INVALID', { skip: OPENSSL }, () => {
  const der = p256.der;
  const original = parseCsr(der);

  it('refuses every truncation', () => {
    for (let length = 0; length < der.length; length++) {
      assert.throws(() => parseCsr(der.subarray(0, length)), isCsrInvalid(), `length ${length}`);
    }
  });

  it('refuses trailing bytes', () => {
    assert.throws(
      () => parseCsr(Buffer.concat([der, Buffer.from([0])])),
      isCsrInvalid(/trailing bytes/),
    );
    const pem = toPem('CERTIFICATE REQUEST', Buffer.concat([der, Buffer.from([0x05, 0x00])]));
    assert.throws(() => parseCsr(pem), isCsrInvalid(/trailing bytes/));
  });

  it('refuses garbage, empty input and the wrong PEM label', () => {
    assert.throws(() => parseCsr(Buffer.alloc(0)), isCsrInvalid(/neither DER nor a PEM/));
    assert.throws(() => parseCsr(''), isCsrInvalid(/neither DER nor a PEM/));
    assert.throws(() => parseCsr('hello'), isCsrInvalid(/neither DER nor a PEM/));
    assert.throws(() => parseCsr(Buffer.from('30ff0102', 'hex')), isCsrInvalid());
    assert.throws(
      () => parseCsr(Buffer.from([0x30, 0x80, 0x00, 0x00])),
      isCsrInvalid(/indefinite/),
    );
    assert.throws(() => parseCsr(toPem('CERTIFICATE', der)), isCsrInvalid(/neither DER nor a PEM/));
    assert.throws(
      () => parseCsr(p256.pem + p256.pem),
      isCsrInvalid(/expected one PEM CERTIFICATE REQUEST block, found 2/),
    );
    assert.throws(
      () => parseCsr(toPem('CERTIFICATE REQUEST', Buffer.alloc(0))),
      isCsrInvalid(/empty/),
    );
  });

  it('names the part that is wrong', () => {
    const alg = sequence(oid(original.signatureAlgorithm));
    const sig = bitString(original.signature);
    const info = (...fields: Buffer[]): Buffer => sequence(...fields);
    const cases: [Buffer, RegExp][] = [
      [
        sequence(setOf(integer(0)), alg, sig),
        /expected a SEQUENCE at CertificationRequestInfo, found tag 0x31/,
      ],
      [sequence(original.info, alg), /missing signature/],
      [sequence(original.info, alg, sig, integer(1)), /unexpected field after signature/],
      [sequence(original.info, integer(1), sig), /expected a SEQUENCE at signatureAlgorithm/],
      [sequence(original.info, sequence(integer(1)), sig), /signatureAlgorithm/],
      [
        sequence(original.info, alg, Buffer.from([0x03, 0x02, 0x01, 0x00])),
        /signature: BIT STRING unused bits must be 0/,
      ],
      [
        sequence(original.info, alg, Buffer.from([0x03, 0x00])),
        /signature: BIT STRING unused bits/,
      ],
      [
        sequence(
          info(integer(1), original.subject, original.publicKey, original.attributes),
          alg,
          sig,
        ),
        /unsupported CSR version 2/,
      ],
      [
        sequence(info(original.subject, original.publicKey, original.attributes), alg, sig),
        /expected an INTEGER at version/,
      ],
      [
        sequence(
          info(
            Buffer.from('02020000', 'hex'),
            original.subject,
            original.publicKey,
            original.attributes,
          ),
          alg,
          sig,
        ),
        /version: INTEGER is not minimally encoded/,
      ],
      [
        sequence(info(integer(0), original.subject, original.publicKey), alg, sig),
        /missing attributes/,
      ],
      [
        sequence(info(integer(0), original.subject, original.publicKey, setOf()), alg, sig),
        /expected a \[0\] \(attributes\) at attributes, found tag 0x31/,
      ],
      [
        sequence(
          info(integer(0), original.subject, original.publicKey, original.attributes, integer(0)),
          alg,
          sig,
        ),
        /unexpected field after attributes/,
      ],
      [
        sequence(
          info(integer(0), sequence(integer(5)), original.publicKey, original.attributes),
          alg,
          sig,
        ),
        /subject: RelativeDistinguishedName/,
      ],
      [
        sequence(
          info(
            integer(0),
            original.subject,
            sequence(sequence(oid(OID.ecPublicKey))),
            original.attributes,
          ),
          alg,
          sig,
        ),
        /subjectPKInfo: expected algorithm and subjectPublicKey/,
      ],
      [
        sequence(
          info(
            integer(0),
            original.subject,
            sequence(sequence(oid(OID.ecPublicKey)), Buffer.from([0x03, 0x02, 0x04, 0x00])),
            original.attributes,
          ),
          alg,
          sig,
        ),
        /subjectPublicKey: BIT STRING unused bits must be 0/,
      ],
      [
        sequence(
          info(integer(0), original.subject, original.publicKey, contextTag(0, integer(0))),
          alg,
          sig,
        ),
        /attributes: Attribute/,
      ],
      [
        sequence(
          info(
            integer(0),
            original.subject,
            original.publicKey,
            contextTag(0, sequence(oid(OID_EXTENSION_REQUEST), setOf())),
          ),
          alg,
          sig,
        ),
        /Attribute 1\.2\.840\.113549\.1\.9\.14: no values/,
      ],
      [
        sequence(
          info(
            integer(0),
            original.subject,
            original.publicKey,
            contextTag(
              0,
              sequence(oid(OID_EXTENSION_REQUEST), setOf(sequence(sequence(oid('2.5.29.19'))))),
            ),
          ),
          alg,
          sig,
        ),
        /extensionRequest: Extension: malformed/,
      ],
    ];
    for (const [input, pattern] of cases) {
      assert.throws(() => parseCsr(input), isCsrInvalid(pattern), String(pattern));
    }
  });

  it('refuses non-minimal lengths anywhere in the structure', () => {
    // Re-encode the subject with a long-form length it does not need.
    const subjectContent = parseDer(original.subject).value;
    const longSubject = Buffer.concat([
      Buffer.from([0x30, 0x81, subjectContent.length]),
      subjectContent,
    ]);
    assert.ok(subjectContent.length < 0x80);
    const bad = withInfo(
      original,
      sequence(integer(0), longSubject, original.publicKey, original.attributes),
    );
    assert.throws(() => parseCsr(bad), isCsrInvalid(/not minimally encoded/));
  });
});

describe('buildCsr', () => {
  const subject = name([
    { short: 'O', value: 'Signet' },
    { short: 'CN', value: 'Signet issuing CA' },
  ]);

  const keys = [
    {
      label: 'P-256',
      key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
      alg: 'ecdsa-sha256',
    },
    {
      label: 'P-384',
      key: generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
      alg: 'ecdsa-sha384',
    },
    { label: 'Ed25519', key: generateKeyPairSync('ed25519').privateKey, alg: 'ed25519' },
  ] as const;

  for (const { label, key, alg } of keys) {
    it(`${label}: openssl req -verify accepts the CSR, which re-parses to the same subject and key`, async (t) => {
      if (!requireTool(t, 'openssl', 'openssl')) return;
      const der = await buildCsr(
        { subject, publicKey: spkiOf(key), signatureAlgorithm: alg },
        signerFor(key),
      );
      const path = file(`built-${label}.csr.pem`);
      writeFileSync(path, toPem('CERTIFICATE REQUEST', der));
      assert.match(opensslAll('req', '-in', path, '-verify', '-noout'), /verify OK/i);
      const csr = parseCsr(der);
      assert.deepEqual(csr.subject, subject);
      assert.deepEqual(csr.publicKey, spkiOf(key));
      assert.deepEqual(csr.attributes, Buffer.from([0xa0, 0x00]));
      assert.equal(verifyCsrSignature(csr), true);
      assert.match(
        openssl('req', '-in', path, '-noout', '-subject'),
        /O ?= ?Signet, CN ?= ?Signet issuing CA/,
      );
    });
  }

  it('sends extensions as an extensionRequest that openssl shows and copies into the certificate', async (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    const key = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    // An asynchronous signer, as a KMS key is.
    const sign = async (info: Buffer): Promise<Buffer> => {
      await new Promise((resolve) => setImmediate(resolve));
      return cryptoSign('sha384', info, key);
    };
    const der = await buildCsr(
      {
        subject,
        publicKey: spkiOf(key),
        signatureAlgorithm: 'ecdsa-sha384',
        extensions: [
          { oid: OID.basicConstraints, critical: true, value: basicConstraints(true, 0) },
          { oid: OID.keyUsage, critical: true, value: keyUsage(['keyCertSign', 'cRLSign']) },
        ],
      },
      sign,
    );
    const csrPath = file('built-ext.csr.pem');
    writeFileSync(csrPath, toPem('CERTIFICATE REQUEST', der));
    assert.match(opensslAll('req', '-in', csrPath, '-verify', '-noout'), /verify OK/i);
    const text = openssl('req', '-in', csrPath, '-noout', '-text');
    assert.match(text, /Requested Extensions:/);
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    assert.match(text, /X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);

    const csr = parseCsr(der);
    const extensions = requestedExtensions(csr);
    assert.deepEqual(
      extensions.map((e) => [e.oid, e.critical]),
      [
        [OID.basicConstraints, true],
        [OID.keyUsage, true],
      ],
    );
    assert.deepEqual(parseBasicConstraints((extensions[0] as { value: Buffer }).value), {
      ca: true,
      pathLen: 0,
    });
    assert.deepEqual(
      parseKeyUsage((extensions[1] as { value: Buffer }).value),
      new Set(['keyCertSign', 'cRLSign']),
    );

    // The key ceremony: an offline openssl root signs the CSR, copying the requested extensions.
    const rootKey = file('root.key.pem');
    const rootCert = file('root.crt.pem');
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-384',
      '-nodes',
      '-keyout',
      rootKey,
      '-subj',
      '/O=Signet/CN=offline root',
      '-days',
      '1',
      '-out',
      rootCert,
    );
    const issuedPath = file('issuing.crt.pem');
    openssl(
      'x509',
      '-req',
      '-in',
      csrPath,
      '-CA',
      rootCert,
      '-CAkey',
      rootKey,
      '-copy_extensions',
      'copy',
      '-days',
      '1',
      '-out',
      issuedPath,
      '-outform',
      'DER',
    );
    const issued = parseCertificate(readFileSync(issuedPath));
    assert.deepEqual(issued.subject, subject);
    assert.deepEqual(issued.publicKey, spkiOf(key));
    assert.equal(isCa(issued), true);
  });

  it('refuses a signer whose key is not the CSR key, and a raw (r||s) ECDSA signature', async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const opts = { subject, publicKey: spkiOf(key), signatureAlgorithm: 'ecdsa-sha256' } as const;
    const isConfigInvalid = (error: unknown) => {
      assert.ok(error instanceof CaError);
      assert.equal(error.code, 'CA_CONFIG_INVALID');
      return true;
    };
    await assert.rejects(buildCsr(opts, signerFor(other)), isConfigInvalid);
    await assert.rejects(
      buildCsr(opts, (info) => cryptoSign('sha256', info, { key, dsaEncoding: 'ieee-p1363' })),
      isConfigInvalid,
    );
    // The same options with the right signer succeed, so the refusals above are about the signer.
    assert.equal(verifyCsrSignature(parseCsr(await buildCsr(opts, signerFor(key)))), true);
  });

  it('refuses a malformed subject or public key, and duplicate extensions', async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const sign = signerFor(key);
    const base = { subject, publicKey: spkiOf(key), signatureAlgorithm: 'ecdsa-sha256' } as const;
    await assert.rejects(buildCsr({ ...base, subject: integer(1) }, sign), isCsrInvalid(/subject/));
    await assert.rejects(
      buildCsr({ ...base, publicKey: spkiOf(key).subarray(1) }, sign),
      isCsrInvalid(/subjectPKInfo/),
    );
    const ext = { oid: OID.basicConstraints, value: basicConstraints(false) };
    await assert.rejects(buildCsr({ ...base, extensions: [ext, ext] }, sign), TypeError);
  });
});
