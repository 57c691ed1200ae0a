import assert from 'node:assert/strict';
import { type KeyObject, createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { LEAF_VALIDITY_MS } from '../../src/ca/authority.js';
import { identityExtensions } from '../../src/ca/extensions.js';
import { noteVerifier } from '../../src/core/note.js';
import {
  OID,
  buildCertificate,
  createSelfSignedCa,
  extKeyUsage,
  keyUsage,
  name,
  randomSerial,
  signatureAlgorithmFor,
  signerFor,
  spkiOf,
} from '../../src/core/x509.js';
import { verifyCheckpoint } from '../../src/tlog/checkpoint.js';
import { testIntermediate } from '../ct/fixtures.js';
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
import { assertFails } from '../helpers/verify.js';

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

/** A leaf shaped like the CA's, with `eku` as its extended key usages (undefined: no extension). */
function leafWithEku(eku: string[] | undefined): { certificate: Buffer; key: KeyObject } {
  const key = newKey('p256');
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  const certificate = buildCertificate(
    {
      serial: randomSerial(),
      issuer: stack.issuing.cert.subject,
      subject: name([]),
      notBefore,
      notAfter: new Date(notBefore.getTime() + LEAF_VALIDITY_MS),
      publicKey: spkiOf(key),
      extensions: [
        { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
        ...(eku ? [{ oid: OID.extKeyUsage, value: extKeyUsage(eku) }] : []),
        ...identityExtensions(IDENTITY),
      ],
      signatureAlgorithm: signatureAlgorithmFor(stack.issuing.key),
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
    const lenient = stack.verifier(undefined, { ctlog: 0 });
    // Without SCTs (the CA's CT log is not involved), so only ctlog 0 can pass it at all.
    verify(await stack.sign({ leaf: leafWithEku([OID.codeSigning]) }), lenient);
    for (const eku of [undefined, [OID.timeStamping]]) {
      const signed = await stack.sign({ leaf: leafWithEku(eku) });
      assertFails(() => verify(signed, lenient), 'CERTIFICATE_CHAIN', /codeSigning/);
    }
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

describe('the transparency log', () => {
  it('fails an entry vouched for by a log key retired before the signing time', () => {
    const retiredAt = (end: Date) =>
      stack.verifier((root) => {
        (root.tlogs[0] as { validFor: { end?: Date } }).validFor.end = end;
      });
    // Retired at the very second of the signature: still its key.
    verify(good, retiredAt(goodTime));
    assertFails(
      () => verify(good, retiredAt(new Date(goodTime.getTime() - 1000))),
      'CHECKPOINT',
      /retired before the signing time/,
    );
  });

  it("fails a Rekor v2 entry whose index is not its inclusion proof's", () => {
    const json = structuredClone(good.json);
    const entry = json.verificationMaterial.tlogEntries[0];
    assert.ok(entry?.inclusionProof);
    entry.logIndex = String(Number(entry.inclusionProof.logIndex) + 1);
    assertFails(
      () => stack.verifier().verify(json, { data: good.artifact }),
      'TLOG_INCLUSION',
      /another index/,
    );
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
