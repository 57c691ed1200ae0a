import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { namedBitString, parseDer } from '../../src/core/der.js';
import { CoreError } from '../../src/core/error.js';
import { toPem } from '../../src/core/pem.js';
import {
  OID,
  appendExtension,
  authorityKeyIdentifier,
  basicConstraints,
  buildCertificate,
  buildTbs,
  createSelfSignedCa,
  describeName,
  extKeyUsage,
  findExtension,
  isCa,
  keyIdentifier,
  keyUsage,
  name,
  parseBasicConstraints,
  parseCertificate,
  parseExtKeyUsage,
  parseKeyUsage,
  parseSubjectKeyIdentifier,
  randomSerial,
  signerFor,
  subjectKeyIdentifier,
  verifyCertificateSignature,
} from '../../src/core/x509.js';
import { missingTools, requireTool } from '../helpers/tools.js';

const HOUR = 3_600_000;
const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - HOUR);
const notAfter = new Date(notBefore.getTime() + 24 * HOUR);

const ecKey = (namedCurve: 'P-256' | 'P-384') =>
  generateKeyPairSync('ec', { namedCurve }).privateKey;
const spki = (key: ReturnType<typeof ecKey>): Buffer =>
  createPublicKey(key).export({ type: 'spki', format: 'der' });

const rootKey = ecKey('P-384');
const root = createSelfSignedCa({
  privateKey: rootKey,
  subject: { commonName: 'Signet Test Root', organization: 'Signet' },
  notBefore,
  notAfter,
});
const rootCert = parseCertificate(root);

const intermediateKey = ecKey('P-256');
const intermediate = buildCertificate(
  {
    serial: randomSerial(),
    issuer: rootCert.subject,
    subject: name([
      { short: 'O', value: 'Signet' },
      { short: 'CN', value: 'Signet Intermediate' },
    ]),
    notBefore,
    notAfter,
    publicKey: spki(intermediateKey),
    extensions: [
      { oid: OID.keyUsage, critical: true, value: keyUsage(['keyCertSign', 'cRLSign']) },
      { oid: OID.basicConstraints, critical: true, value: basicConstraints(true, 0) },
      { oid: OID.extKeyUsage, value: extKeyUsage([OID.codeSigning]) },
      { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(spki(intermediateKey)) },
      {
        oid: OID.authorityKeyIdentifier,
        value: authorityKeyIdentifier(keyIdentifier(rootCert.publicKey)),
      },
    ],
    signatureAlgorithm: 'ecdsa-sha384',
  },
  signerFor(rootKey),
);
const intermediateCert = parseCertificate(intermediate);

const leafKey = ecKey('P-256');
const leafSerial = randomSerial();
const leaf = buildCertificate(
  {
    serial: leafSerial,
    issuer: intermediateCert.subject,
    subject: name([
      { short: 'C', value: 'DE' },
      { short: 'OU', value: 'Builds' },
      { oid: OID.commonName, value: 'Ünïcode leaf' },
    ]),
    notBefore,
    notAfter,
    publicKey: spki(leafKey),
    extensions: [
      { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
      { oid: OID.extKeyUsage, value: extKeyUsage([OID.codeSigning]) },
    ],
    signatureAlgorithm: 'ecdsa-sha256',
  },
  signerFor(intermediateKey),
);

const dir = mkdtempSync(join(tmpdir(), 'signet-x509-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function writePem(file: string, ...certs: Buffer[]): string {
  const path = join(dir, file);
  writeFileSync(path, certs.map((c) => toPem('CERTIFICATE', c)).join(''));
  return path;
}

const OPENSSL = missingTools(['openssl', 'openssl']);
const openssl = (...args: string[]): string =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

describe('x509 building and parsing', () => {
  it('round-trips every field of a built certificate', () => {
    const cert = parseCertificate(leaf);
    assert.equal(cert.version, 3);
    assert.equal(cert.serial, BigInt('0x' + leafSerial.toString('hex')));
    assert.deepEqual(cert.serialBytes, leafSerial);
    assert.deepEqual(cert.issuer, intermediateCert.subject);
    assert.equal(describeName(cert.subject), 'C=DE, OU=Builds, CN=Ünïcode leaf');
    assert.deepEqual(cert.notBefore, notBefore);
    assert.deepEqual(cert.notAfter, notAfter);
    assert.deepEqual(cert.publicKey, spki(leafKey));
    assert.equal(cert.signatureAlgorithm, OID.ecdsaWithSha256);
    assert.deepEqual(
      cert.extensions.map((e) => [e.oid, e.critical]),
      [
        [OID.keyUsage, true],
        [OID.extKeyUsage, false],
      ],
    );
    assert.deepEqual(
      [...parseKeyUsage(findExtension(cert, OID.keyUsage)!.value)],
      ['digitalSignature'],
    );
    assert.deepEqual(parseExtKeyUsage(findExtension(cert, OID.extKeyUsage)!.value), [
      OID.codeSigning,
    ]);
    assert.deepEqual(cert.der, leaf);
    assert.equal(isCa(cert), false);
  });

  it('encodes the CA profile and key identifiers the way RFC 5280 describes', () => {
    assert.equal(isCa(rootCert), true);
    assert.deepEqual(
      parseBasicConstraints(findExtension(intermediateCert, OID.basicConstraints)!.value),
      {
        ca: true,
        pathLen: 0,
      },
    );
    assert.deepEqual(
      [...parseKeyUsage(findExtension(rootCert, OID.keyUsage)!.value)],
      ['keyCertSign', 'cRLSign'],
    );
    // Method 1: SHA-1 over the subjectPublicKey bits; the SPKI is 27 bytes of header + point.
    const skid = parseSubjectKeyIdentifier(
      findExtension(rootCert, OID.subjectKeyIdentifier)!.value,
    );
    assert.equal(skid.length, 20);
    assert.deepEqual(skid, keyIdentifier(spki(rootKey)));
    // Named bit strings drop trailing zero bits: digitalSignature alone is 03 02 07 80.
    assert.equal(keyUsage(['digitalSignature']).toString('hex'), '03020780');
    assert.equal(keyUsage(['keyCertSign', 'cRLSign']).toString('hex'), '03020106');
    assert.equal(basicConstraints(false).toString('hex'), '3000');
  });

  it('verifies signatures along the chain and rejects the wrong issuer', () => {
    const leafCert = parseCertificate(leaf);
    assert.equal(verifyCertificateSignature(leafCert, createPublicKey(intermediateKey)), true);
    assert.equal(verifyCertificateSignature(intermediateCert, createPublicKey(rootKey)), true);
    assert.equal(verifyCertificateSignature(rootCert, createPublicKey(rootKey)), true);
    assert.equal(verifyCertificateSignature(leafCert, createPublicKey(rootKey)), false);
    const tampered = Buffer.from(leaf);
    tampered[tampered.length - 5]! ^= 1;
    assert.equal(
      verifyCertificateSignature(parseCertificate(tampered), createPublicKey(intermediateKey)),
      false,
    );
  });

  it('builds Ed25519 certificates', (t) => {
    if (!requireTool(t, 'openssl', 'openssl')) return;
    const key = generateKeyPairSync('ed25519').privateKey;
    const der = createSelfSignedCa({
      privateKey: key,
      subject: { commonName: 'Ed Root', organization: 'Signet' },
      notBefore,
      notAfter,
    });
    const cert = parseCertificate(der);
    assert.equal(cert.signatureAlgorithm, OID.ed25519);
    assert.equal(verifyCertificateSignature(cert, createPublicKey(key)), true);
    assert.match(openssl('x509', '-in', writePem('ed.pem', der), '-noout', '-text'), /ED25519/);
  });

  it('uses GeneralizedTime after 2049 and parses it back', () => {
    const far = new Date('2051-06-01T00:00:00Z');
    const der = createSelfSignedCa({
      privateKey: rootKey,
      subject: { commonName: 'Long Root', organization: 'Signet' },
      notBefore,
      notAfter: far,
    });
    assert.deepEqual(parseCertificate(der).notAfter, far);
  });

  it('refuses serials that are zero or longer than 20 octets, and mismatched signers', () => {
    const opts = {
      issuer: rootCert.subject,
      subject: rootCert.subject,
      notBefore,
      notAfter,
      publicKey: spki(rootKey),
      extensions: [],
      signatureAlgorithm: 'ecdsa-sha384' as const,
    };
    const sign = signerFor(rootKey);
    assert.throws(() => buildCertificate({ ...opts, serial: Buffer.from([0]) }, sign), CoreError);
    assert.throws(
      () => buildCertificate({ ...opts, serial: Buffer.alloc(20, 0xff) }, sign),
      /20 octets/,
    );
    assert.doesNotThrow(() => buildCertificate({ ...opts, serial: Buffer.alloc(20, 0x7f) }, sign));
    assert.throws(() => signerFor(rootKey, 'ed25519'), /cannot sign with ed25519/);
  });

  it('reports malformed certificates as DER_INVALID', () => {
    const cases: Array<[string, Buffer]> = [
      ['truncated', leaf.subarray(0, leaf.length - 10)],
      ['trailing bytes', Buffer.concat([leaf, Buffer.from([0])])],
      ['not a sequence', Buffer.from([0x04, 0x01, 0x00])],
      ['empty sequence', Buffer.from([0x30, 0x00])],
      ['huge length', Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00])],
    ];
    for (const [what, der] of cases) {
      assert.throws(
        () => parseCertificate(der),
        (error: unknown) => error instanceof CoreError && error.code === 'DER_INVALID',
        what,
      );
    }
    // An outer algorithm that differs from the TBS one is a classic substitution trick.
    const [tbs, , sig] = parseDer(leaf).children();
    const swapped = Buffer.concat([
      tbs!.raw,
      Buffer.from('300a06082a8648ce3d040303', 'hex'),
      sig!.raw,
    ]);
    const header = Buffer.from([0x30, 0x82, swapped.length >> 8, swapped.length & 0xff]);
    assert.throws(() => parseCertificate(Buffer.concat([header, swapped])), /differs from the TBS/);
  });
});

describe('x509 against openssl', { skip: OPENSSL }, () => {
  it('openssl prints the certificates with the expected extensions', () => {
    const text = openssl('x509', '-in', writePem('root.pem', root), '-noout', '-text');
    assert.match(text, /Subject: O ?= ?Signet, CN ?= ?Signet Test Root/);
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:TRUE/);
    assert.match(text, /X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    assert.match(text, /X509v3 Subject Key Identifier/);
    const leafText = openssl('x509', '-in', writePem('leaf-only.pem', leaf), '-noout', '-text');
    assert.match(leafText, /Digital Signature/);
    assert.match(leafText, /Code Signing/);
  });

  it('openssl verify accepts the generated chain and rejects it without the intermediate', () => {
    const rootPem = writePem('root.pem', root);
    const output = openssl(
      'verify',
      '-CAfile',
      rootPem,
      '-untrusted',
      writePem('intermediate.pem', intermediate),
      '-purpose',
      'any',
      writePem('leaf.pem', leaf),
    );
    assert.match(output, /leaf\.pem: OK/);
    assert.throws(() => openssl('verify', '-CAfile', rootPem, writePem('leaf.pem', leaf)));
  });
});

describe('der additions used by x509', () => {
  it('named bit strings round-trip', () => {
    for (const bits of [[0], [5, 6], [25], [2, 15, 16], []]) {
      assert.deepEqual(parseDer(namedBitString(bits)).toNamedBits(), bits);
    }
  });

  it('signed INTEGERs decode two’s complement and reject non-minimal encodings', () => {
    assert.equal(parseDer(Buffer.from('0204deadbeef', 'hex')).toSignedBigInt(), -559038737n);
    assert.equal(parseDer(Buffer.from('020500deadbeef', 'hex')).toSignedBigInt(), 0xdeadbeefn);
    assert.throws(() => parseDer(Buffer.from('0202ff80', 'hex')).toSignedBigInt(), /minimally/);
    assert.throws(() => parseDer(Buffer.from('02020001', 'hex')).toSignedBigInt(), /minimally/);
  });
});

describe('appendExtension', () => {
  const options = {
    serial: randomSerial(),
    issuer: name([{ short: 'CN', value: 'issuer' }]),
    subject: Buffer.from([0x30, 0x00]),
    notBefore,
    notAfter,
    publicKey: spki(ecKey('P-256')),
    signatureAlgorithm: 'ecdsa-sha256' as const,
    extensions: [
      { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
      { oid: OID.extKeyUsage, value: extKeyUsage([OID.codeSigning]) },
    ],
  };

  it('gives the bytes buildTbs gives with the extension last, critical or not', () => {
    for (const extension of [
      { oid: '1.3.6.1.4.1.11129.2.4.2', value: Buffer.alloc(300, 1) },
      { oid: '1.3.6.1.4.1.11129.2.4.3', critical: true, value: Buffer.from([0x05, 0x00]) },
    ]) {
      const appended = appendExtension(buildTbs(options), extension);
      const built = buildTbs({ ...options, extensions: [...options.extensions, extension] });
      assert.ok(appended.equals(built));
    }
  });

  it('refuses a TBS without an extension list, or not a TBS at all', () => {
    const bare = buildTbs({ ...options, extensions: [] });
    const extension = { oid: OID.keyUsage, value: keyUsage(['digitalSignature']) };
    assert.throws(() => appendExtension(bare, extension), {
      name: 'CoreError',
      message: /no extension list to extend/,
    });
    assert.throws(() => appendExtension(Buffer.from([0x04, 0x00]), extension), CoreError);
  });
});
