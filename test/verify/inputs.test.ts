import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { CertificateIdentity } from '../../src/ca/extensions.js';
import { bitString, oid, sequence } from '../../src/core/der.js';
import {
  OID,
  basicConstraints,
  buildCertificate,
  keyUsage,
  name,
  parseCertificate,
  randomSerial,
  signatureAlgorithmFor,
  signerFor,
  spkiOf,
} from '../../src/core/x509.js';
import { signerKey } from '../../src/verify/key.js';
import { checkPolicy } from '../../src/verify/policy.js';
import { publicGoodTrustedRoot } from '../../src/verify/public-good.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import { type Ca, testIntermediate, testRoot } from '../ct/fixtures.js';
import { assertFails } from '../helpers/verify.js';

/**
 * The verifier's refusals of bad inputs that are not bundles: trusted roots, signer keys and
 * identity policies. Each refusal names what was wrong (the field path, the key, the claim),
 * and each is checked next to the input it was made from, which is accepted.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const spki = (key: ReturnType<typeof generateKeyPairSync>['publicKey']): Buffer =>
  key.export({ format: 'der', type: 'spki' });

describe('trusted_root.json: each malformed field is named', () => {
  const root = (): Json => publicGoodTrustedRoot() as Json;
  const refused = (change: (root: Json) => void, message: string): void => {
    const json = root();
    change(json);
    const error = assertFails(() => TrustMaterial.fromTrustedRoot(json), 'TRUST_ROOT_INVALID');
    assert.equal(error.message, `trusted root: ${message}`);
    assert.equal(error.check, 'trusted root');
  };

  it('reads the unchanged root, and optional lists that are absent as empty', () => {
    const json = root();
    delete json.timestampAuthorities;
    delete json.ctlogs;
    const trust = TrustMaterial.fromTrustedRoot(json);
    assert.equal(trust.timestampAuthorities.length, 0);
    assert.equal(trust.ctlogs.length, 0);
    assert.ok(trust.tlogs.length > 0);
  });

  it('names the field of a log', () => {
    refused((r) => (r.tlogs = {}), 'trusted root.tlogs must be an array');
    refused((r) => (r.tlogs[0].baseUrl = ''), 'tlogs[0].baseUrl must be a non-empty string');
    refused((r) => (r.tlogs[0].baseUrl = 'rekor'), 'tlogs[0].baseUrl "rekor" is not a URL');
    refused(
      (r) => (r.tlogs[0].hashAlgorithm = 'SHA2_384'),
      'tlogs[0].hashAlgorithm must be SHA2_256, got "SHA2_384"',
    );
    refused(
      (r) => (r.tlogs[0].publicKey.rawBytes = '!!'),
      'tlogs[0].publicKey.rawBytes is not valid base64',
    );
    refused(
      (r) => (r.ctlogs[0].publicKey.validFor.start = 'yesterday'),
      'ctlogs[0].publicKey.validFor.start must be an RFC 3339 time',
    );
    refused((r) => delete r.tlogs[0].publicKey.validFor, 'tlogs[0].publicKey.validFor is missing');
  });

  it('refuses a key it cannot read unless its keyDetails names a type Node.js lacks', () => {
    const garbage = Buffer.from('not a key').toString('base64');
    refused((r) => {
      r.tlogs[0].publicKey.rawBytes = garbage;
      delete r.tlogs[0].publicKey.keyDetails;
    }, 'tlogs[0].publicKey.rawBytes is not a DER SubjectPublicKeyInfo');
    refused((r) => {
      r.ctlogs[0].publicKey.rawBytes = garbage;
      r.ctlogs[0].publicKey.keyDetails = 'PKCS1_RSA_PKCS1V5';
    }, 'ctlogs[0].publicKey.rawBytes is not a DER PKCS#1 RSA public key');
  });

  it('requires checkpointKeyId, when given, to be the logId', () => {
    const json = root();
    json.tlogs[0].checkpointKeyId = { keyId: json.tlogs[0].logId.keyId };
    assert.equal(TrustMaterial.fromTrustedRoot(json).tlogs.length, json.tlogs.length);
    refused(
      (r) => (r.tlogs[0].checkpointKeyId = { keyId: r.tlogs[1].logId.keyId }),
      'tlogs[0].checkpointKeyId differs from its logId',
    );
  });

  it('names the field of an authority, and reads one without a uri as ""', () => {
    const chain = 'certificateAuthorities[0].certChain';
    refused(
      (r) => (r.certificateAuthorities[0].certChain.certificates = []),
      `${chain}.certificates is empty`,
    );
    refused(
      (r) =>
        (r.certificateAuthorities[0].certChain.certificates[0].rawBytes =
          Buffer.from('not DER').toString('base64')),
      `${chain}.certificates[0] is not a DER certificate`,
    );
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const subject = name([{ short: 'CN', value: 'Odd Key' }]);
    const oddKey = buildCertificate(
      {
        serial: randomSerial(),
        issuer: subject,
        subject,
        notBefore: new Date(0),
        notAfter: new Date(2 ** 40),
        publicKey: sequence(sequence(oid('1.2.3.4')), bitString(Buffer.from([1, 2, 3]))),
        extensions: [],
        signatureAlgorithm: signatureAlgorithmFor(key),
      },
      signerFor(key),
    );
    refused(
      (r) =>
        (r.certificateAuthorities[0].certChain.certificates[0].rawBytes =
          oddKey.toString('base64')),
      `${chain} has a certificate with an unsupported key`,
    );
    const json = root();
    delete json.certificateAuthorities[0].uri;
    const trust = TrustMaterial.fromTrustedRoot(json);
    assert.equal(trust.certificateAuthorities[0]?.uri, '');
    assert.equal(trust.certificateAuthorities[1]?.uri, 'https://fulcio.sigstore.dev');
  });
});

describe("a trusted chain's links: each broken one is named", () => {
  /** The chain [child, parent] as a trusted authority's, and why it is broken. */
  const problem = (child: Ca, parent: Ca): string | undefined => {
    const json = publicGoodTrustedRoot() as Json;
    json.certificateAuthorities = [
      {
        uri: 'https://ca.test',
        certChain: {
          certificates: [child, parent].map((c) => ({ rawBytes: c.der.toString('base64') })),
        },
      },
    ];
    const trust = TrustMaterial.fromTrustedRoot(json);
    return trust.chainProblem(trust.certificateAuthorities[0] as never);
  };
  const root = testRoot('Signet Links Root');
  const intermediate = testIntermediate(root);

  it('accepts a chain whose links hold', () => {
    assert.equal(problem(intermediate, root), undefined);
  });

  it('names a certificate its issuer did not sign', () => {
    const impostor = testRoot('Signet Links Root');
    assert.equal(
      problem(intermediate, impostor),
      'certificate "O=Signet tests, CN=Signet CT Test Intermediate": signature does not verify with the key of "O=Signet tests, CN=Signet Links Root"',
    );
  });

  it('names an issuer that is not a CA', () => {
    const notCa = testIntermediate(root, { ca: false, commonName: 'Not A CA' });
    const child = testIntermediate(notCa, { commonName: 'Child' });
    assert.equal(problem(child, notCa), '"O=Signet tests, CN=Not A CA" is not a CA');
  });

  it('names a CA whose key usage does not include keyCertSign', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const subject = name([{ short: 'CN', value: 'No Cert Sign' }]);
    const der = buildCertificate(
      {
        serial: randomSerial(),
        issuer: subject,
        subject,
        notBefore: root.cert.notBefore,
        notAfter: root.cert.notAfter,
        publicKey: spkiOf(key),
        extensions: [
          { oid: OID.basicConstraints, critical: true, value: basicConstraints(true) },
          { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
        ],
        signatureAlgorithm: signatureAlgorithmFor(key),
      },
      signerFor(key),
    );
    const parent: Ca = { key, der, cert: parseCertificate(der) };
    const child = testIntermediate(parent, { commonName: 'Child' });
    assert.equal(problem(child, parent), '"CN=No Cert Sign" may not sign certificates');
  });
});

describe('signer keys', () => {
  it('reads RSA keys of the sizes Sigstore signers use', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = signerKey(spki(publicKey));
    assert.equal(key.hash, 'sha256');
    assert.equal(key.hashName, 'SHA2_256');
    assert.equal(key.keyDetails, 'PKIX_RSA_PKCS1V15_2048_SHA256');
  });

  it('refuses a malformed key, a short RSA key and a key type Sigstore does not sign with', () => {
    const malformed = assertFails(
      () => signerKey(Buffer.from('not a key')),
      'SIGNATURE',
      /^signature: the signer key is malformed$/,
    );
    assert.equal(malformed.check, 'signature');
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const rsa = assertFails(() => signerKey(spki(short)), 'SIGNATURE');
    assert.equal(rsa.message, 'signature: unsupported signer key (RSA 1024 bits)');
    assert.equal(rsa.check, 'signature');
    const ed = generateKeyPairSync('ed25519').publicKey;
    const other = assertFails(() => signerKey(spki(ed)), 'SIGNATURE');
    assert.match(other.message, /^signature: unsupported signer key \(.*\S.*\)$/);
    assert.doesNotMatch(other.message, /RSA/);
  });
});

describe('identity policies', () => {
  const identity: CertificateIdentity = {
    san: { type: 'email', value: 'signer@signet.test' },
    issuer: 'https://issuer.signet.test',
  };

  it('pins the OIDC issuer by an anchored pattern', () => {
    checkPolicy(identity, { certificateOidcIssuerRegexp: 'https://issuer\\.signet\\.test' });
    const error = assertFails(
      () => checkPolicy(identity, { certificateOidcIssuerRegexp: 'https://issuer' }),
      'POLICY',
    );
    assert.equal(error.check, 'policy: OIDC issuer');
    assert.equal(error.actual, 'https://issuer.signet.test');
  });

  it('refuses a pattern that is not a regular expression, naming the claim', () => {
    const error = assertFails(
      () => checkPolicy(identity, { certificateIdentityRegexp: '(' }),
      'POLICY',
    );
    assert.equal(
      error.message,
      'policy: certificate identity pattern "(" is not a valid regular expression',
    );
    assert.equal(error.check, 'policy: certificate identity');
  });

  it('refuses a pin on a claim that does not exist', () => {
    const error = assertFails(
      () => checkPolicy(identity, { extensions: { bogus: 'x' } as never }),
      'POLICY',
    );
    assert.equal(error.message, 'policy: unknown claim "bogus"');
    assert.equal(error.check, 'policy: bogus');
  });
});
