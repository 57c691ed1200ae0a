import assert from 'node:assert/strict';
import { type KeyObject, createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TrustedRootInput } from '../../src/bundle/trust.js';
import { LEAF_VALIDITY_MS } from '../../src/ca/authority.js';
import { createIssuingCaCertificate } from '../../src/ca/certificates.js';
import { identityExtensions } from '../../src/ca/extensions.js';
import { toBase64 } from '../../src/core/base64.js';
import { octetString } from '../../src/core/der.js';
import { noteVerifier } from '../../src/core/note.js';
import {
  type ExtensionSpec,
  type KeyUsage,
  OID,
  basicConstraints,
  buildCertificate,
  buildTbs,
  createSelfSignedCa,
  extKeyUsage,
  keyUsage,
  name,
  parseCertificate,
  randomSerial,
  signatureAlgorithmFor,
  signerFor,
  spkiOf,
} from '../../src/core/x509.js';
import {
  SCT_LIST_OID,
  type SignedCertificateTimestamp,
  embeddedScts,
  issuerKeyHash,
  sctListExtensionValue,
} from '../../src/ct/sct.js';
import { localSigner } from '../../src/kms/signer.js';
import { verifyCheckpoint } from '../../src/tlog/checkpoint.js';
import { testIntermediate, testRoot } from '../ct/fixtures.js';
import {
  HOUR,
  IDENTITY,
  LOG_ORIGIN,
  MINUTE,
  type SignedBundle,
  type Stack,
  newKey,
  startStack,
} from '../helpers/stack.js';
import { assertFails, flip } from '../helpers/verify.js';

/**
 * Verifier checks that bundles from the real service never reach, each with a bundle made by
 * the project's own CA, CT log, TSA and log (test/helpers/stack.ts) that differs from a valid
 * one in the one thing the check is there for. Every case also verifies its near miss, so a
 * failure means the check caught it, not that the bundle was broken some other way.
 */

let stack: Stack;
let good: SignedBundle;
/** When the TSA stamped `good`. */
let goodTime: Date;

before(async () => {
  stack = await startStack();
  good = await stack.sign();
  const result = stack.verifier().verify(good.json, { data: good.artifact });
  goodTime = result.timestamps[0]?.genTime as Date;
  assert.ok(goodTime);
});

after(async () => {
  await stack?.close();
});

const verify = (signed: SignedBundle, verifier = stack.verifier()) =>
  verifier.verify(signed.json, { data: signed.artifact });

interface LeafShape {
  /** Extended key usages; null: no extension. Default codeSigning. */
  eku?: string[] | null;
  keyUsage?: KeyUsage[];
  /** BasicConstraints CA:TRUE. */
  ca?: boolean;
  /** The embedded SCTs, given the one the stack's CT log makes for this leaf's precertificate. */
  scts?: (sct: SignedCertificateTimestamp) => SignedCertificateTimestamp[];
  /** An SCT-list extnValue as is. */
  sctList?: Buffer;
}

/**
 * A leaf shaped like the CA's (the same extensions in the same order), issued by the stack's
 * issuing CA with one thing changed. Without `scts` or `sctList` it carries no SCT.
 */
async function leafWith(shape: LeafShape): Promise<{ certificate: Buffer; key: KeyObject }> {
  const key = newKey('p256');
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  const template = {
    serial: randomSerial(),
    issuer: stack.issuing.cert.subject,
    subject: name([]),
    notBefore,
    notAfter: new Date(notBefore.getTime() + LEAF_VALIDITY_MS),
    publicKey: spkiOf(key),
    signatureAlgorithm: signatureAlgorithmFor(stack.issuing.key),
  };
  const eku = shape.eku === undefined ? [OID.codeSigning] : shape.eku;
  const extensions: ExtensionSpec[] = [
    {
      oid: OID.keyUsage,
      critical: true,
      value: keyUsage(shape.keyUsage ?? ['digitalSignature']),
    },
    ...(eku === null ? [] : [{ oid: OID.extKeyUsage, value: extKeyUsage(eku) }]),
    ...(shape.ca
      ? [{ oid: OID.basicConstraints, critical: true, value: basicConstraints(true) }]
      : []),
    ...identityExtensions(IDENTITY),
  ];
  let sctList = shape.sctList;
  if (shape.scts) {
    const sct = await stack.ctLog.addPrecertEntry({
      type: 'precert',
      issuerKeyHash: issuerKeyHash(stack.issuing.cert),
      tbs: buildTbs({ ...template, extensions }),
    });
    sctList = sctListExtensionValue(shape.scts(sct));
  }
  const certificate = buildCertificate(
    {
      ...template,
      extensions: sctList ? [...extensions, { oid: SCT_LIST_OID, value: sctList }] : extensions,
    },
    signerFor(stack.issuing.key),
  );
  return { certificate, key };
}

describe('the signing time and the leaf certificate', () => {
  it("fails a signature timestamped after the leaf's ten-minute window: TIMESTAMP_OUTSIDE_CERTIFICATE", async () => {
    const issuedAt = Date.now() - 20 * MINUTE;
    const ca = stack.ca({ now: () => new Date(issuedAt) });
    const late = await stack.sign({ ca });
    const error = assertFails(() => verify(late), 'TIMESTAMP_OUTSIDE_CERTIFICATE', /outside/);
    const expired = new Date(Math.floor(issuedAt / 1000) * 1000 + LEAF_VALIDITY_MS);
    assert.match(error.expected ?? '', new RegExp(`to ${expired.toISOString()}$`));
    // The same CA's leaf, stamped inside its window, verifies.
    verify(await stack.sign({ ca, timestampAt: new Date(issuedAt + 5 * MINUTE) }));
  });

  it('fails a signature timestamped before the leaf was issued', async () => {
    const ca = stack.ca({ now: () => new Date(Date.now() + 5 * MINUTE) });
    const early = await stack.sign({ ca });
    assertFails(() => verify(early), 'TIMESTAMP_OUTSIDE_CERTIFICATE');
  });
});

describe('code signing: the leaf and the CA chain', () => {
  it('fails a leaf without the codeSigning extended key usage', async () => {
    // The hand-made leaf with the CA's shape and an SCT verifies: only the EKU differs below.
    verify(await stack.sign({ leaf: await leafWith({ scts: (sct) => [sct] }) }));
    for (const eku of [null, [OID.timeStamping]]) {
      const signed = await stack.sign({ leaf: await leafWith({ eku }) });
      assertFails(() => verify(signed), 'CERTIFICATE_CHAIN', /codeSigning/);
    }
  });

  it('fails a leaf that is a CA, or whose key usage excludes digital signatures', async () => {
    const ca = await stack.sign({ leaf: await leafWith({ ca: true }) });
    assertFails(() => verify(ca), 'CERTIFICATE_CHAIN', /is a CA certificate/);
    const ku = await stack.sign({ leaf: await leafWith({ keyUsage: ['keyEncipherment'] }) });
    assertFails(() => verify(ku), 'CERTIFICATE_CHAIN', /key usage does not allow digital/);
  });

  it('fails a leaf from an intermediate whose extended key usage excludes code signing', async () => {
    const withChain = (eku: string[]) => {
      const intermediate = testIntermediate(stack.root, { eku });
      return {
        ca: stack.ca({ issuer: intermediate }),
        verifier: stack.verifier((root) => {
          (root.certificateAuthorities[0] as { certChain: Buffer[] }).certChain = [
            intermediate.der,
            stack.root.der,
          ];
        }),
      };
    };
    const any = withChain([OID.anyExtendedKeyUsage]);
    verify(await stack.sign({ ca: any.ca }), any.verifier);
    const tsaOnly = withChain([OID.timeStamping]);
    const signed = await stack.sign({ ca: tsaOnly.ca });
    assertFails(
      () => verify(signed, tsaOnly.verifier),
      'CERTIFICATE_CHAIN',
      /excludes code signing/,
    );
  });
});

describe('the certificate authority at the signing time', () => {
  const withCa = (change: (ca: TrustedRootInput['certificateAuthorities'][number]) => void) =>
    stack.verifier((root) => change(root.certificateAuthorities[0] as never));

  it('fails a leaf whose CA the trusted root retired before the signing time', () => {
    verify(
      good,
      withCa((ca) => (ca.validFor.end = goodTime)),
    );
    assertFails(
      () =>
        verify(
          good,
          withCa((ca) => (ca.validFor.end = new Date(goodTime.getTime() - 1000))),
        ),
      'CERTIFICATE_CHAIN',
      /not trusted at the signing time/,
    );
  });

  it('fails a leaf whose trusted CA chain does not link up', () => {
    const other = testRoot('Signet Other Root');
    assertFails(
      () =>
        verify(
          good,
          withCa((ca) => (ca.certChain = [stack.issuing.der, other.der])),
        ),
      'CERTIFICATE_CHAIN',
      /trusted chain of https:\/\/ca\.signet\.test is invalid/,
    );
  });

  it('fails a leaf signed while its issuing CA certificate had expired', async () => {
    const t0 = Date.now();
    const key = newKey('p256');
    const der = await createIssuingCaCertificate({
      rootCertificate: stack.root.der,
      rootSigner: localSigner(stack.root.key, 'root'),
      publicKey: spkiOf(key),
      notBefore: stack.root.cert.notBefore,
      notAfter: new Date(t0 - 35 * MINUTE),
    });
    // The leaf is valid from t0 - 40 to t0 - 30 minutes; its CA only until t0 - 35.
    const ca = stack.ca({
      issuer: { key, der, cert: parseCertificate(der) },
      now: () => new Date(t0 - 40 * MINUTE),
    });
    const verifier = stack.verifier((root) => {
      (root.certificateAuthorities[0] as { certChain: Buffer[] }).certChain = [der, stack.root.der];
    });
    verify(await stack.sign({ ca, timestampAt: new Date(t0 - 38 * MINUTE) }), verifier);
    const late = await stack.sign({ ca, timestampAt: new Date(t0 - 32 * MINUTE) });
    assertFails(() => verify(late, verifier), 'CERTIFICATE_CHAIN', /not valid at the signing time/);
  });
});

describe('embedded SCTs', () => {
  it('fails an SCT from a CT log key outside its window in the trusted root', () => {
    const [sct] = embeddedScts(parseCertificate(good.leaf));
    const when = new Date(Number(sct?.timestamp));
    const ctUntil = (end: Date) =>
      stack.verifier((root) => {
        (root.ctlogs[0] as { validFor: { end?: Date } }).validFor.end = end;
      });
    verify(good, ctUntil(when));
    assertFails(
      () => verify(good, ctUntil(new Date(when.getTime() - 1))),
      'SCT_INVALID',
      /0 of the certificate's 1 SCTs are from trusted CT logs/,
    );
  });

  it('fails a leaf with one good SCT and one from the same log that does not verify', async () => {
    const leaf = await leafWith({
      scts: (sct) => [
        sct,
        { ...sct, signature: Buffer.from(flip(toBase64(sct.signature)), 'base64') },
      ],
    });
    const signed = await stack.sign({ leaf });
    assertFails(() => verify(signed), 'SCT_INVALID', /does not verify/);
  });

  it('fails a malformed SCT list, unless no SCT is required', async () => {
    const leaf = await leafWith({ sctList: octetString(Buffer.from([0x00, 0x05, 0x01])) });
    const signed = await stack.sign({ leaf });
    assertFails(() => verify(signed), 'SCT_INVALID', /malformed/);
    // As in sigstore-go, a threshold of 0 leaves the SCTs unread.
    verify(signed, stack.verifier(undefined, { ctlog: 0 }));
  });
});

describe('the transparency log', () => {
  it('fails an entry vouched for by a log key retired before the signing time', () => {
    const retiredAt = (end: Date) =>
      stack.verifier((root) => {
        (root.tlogs[0] as { validFor: { end?: Date } }).validFor.end = end;
      });
    // Retired at the very second of the signature: still its key.
    verify(good, retiredAt(goodTime));
    const end = new Date(goodTime.getTime() - 1000);
    const error = assertFails(
      () => verify(good, retiredAt(end)),
      'CHECKPOINT',
      /retired before the signing time/,
    );
    assert.equal(error.expected, `before ${end.toISOString()}`);
    assert.equal(error.actual, goodTime.toISOString());
  });

  it("fails a Rekor v2 entry whose index is not its inclusion proof's", () => {
    const json = structuredClone(good.json);
    const entry = json.verificationMaterial.tlogEntries[0];
    assert.ok(entry?.inclusionProof);
    entry.logIndex = String(Number(entry.inclusionProof.logIndex) + 1);
    const error = assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TLOG_INCLUSION',
      /another index/,
    );
    assert.equal(error.expected, entry.logIndex);
    assert.equal(error.actual, entry.inclusionProof.logIndex);
  });

  it("fails a checkpoint signed by the log's key but naming another origin", async () => {
    const elsewhere = await stack.openLog('elsewhere.signet.test');
    const signed = await stack.sign({ log: elsewhere });
    const note = signed.json.verificationMaterial.tlogEntries[0]?.inclusionProof?.checkpoint
      ?.envelope as string;
    // The signature is the trusted key's under the log's name: only the origin line differs.
    const trusted = noteVerifier(LOG_ORIGIN, createPublicKey(stack.logKey));
    assert.equal(verifyCheckpoint(note, [trusted]).origin, 'elsewhere.signet.test');
    assertFails(() => verify(signed), 'CHECKPOINT', /origin is elsewhere\.signet\.test/);
  });
});

describe('the timestamp authority', () => {
  it("fails a timestamp made when the TSA chain's anchor was not valid", () => {
    const anchor = (notBefore: Date, notAfter: Date) =>
      stack.verifier((root) => {
        const tsa = root.timestampAuthorities[0] as { certChain: Buffer[] };
        tsa.certChain = [
          tsa.certChain[0] as Buffer,
          // The same root key and name, certified for another window.
          createSelfSignedCa({
            privateKey: stack.tsa.root.key,
            subject: { organization: 'Signet tests', commonName: 'Signet Stack TSA Root' },
            notBefore,
            notAfter,
          }),
        ];
      });
    const t = goodTime.getTime();
    verify(good, anchor(new Date(t - HOUR), new Date(t + HOUR)));
    assertFails(
      () => verify(good, anchor(new Date(t - 2 * HOUR), new Date(t - HOUR))),
      'TIMESTAMP_INVALID',
      /not valid at/,
    );
    assertFails(
      () => verify(good, anchor(new Date(t + HOUR), new Date(t + 2 * HOUR))),
      'TIMESTAMP_INVALID',
      /not valid at/,
    );
  });
});
