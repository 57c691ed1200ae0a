import assert from 'node:assert/strict';
import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { SUBJECT_ALT_NAME_OID } from '../../src/ca/extensions.js';
import { sequence, tlv } from '../../src/core/der.js';
import { toPem } from '../../src/core/pem.js';
import {
  OID,
  buildCertificate,
  keyUsage,
  name,
  randomSerial,
  signerFor,
  spkiOf,
} from '../../src/core/x509.js';
import { pae } from '../../src/tlog/rekor.js';
import { canonicalDsse } from '../../src/tlog/rekor-v1/dsse.js';
import { canonicalizeHashedRekord } from '../../src/tlog/rekor-v1/hashedrekord.js';
import { canonicalIntotoV001, canonicalIntotoV002 } from '../../src/tlog/rekor-v1/intoto.js';
import { RekorV1Error } from '../../src/tlog/rekor-v1/kinds.js';
import {
  V1SearchIndex,
  indexKeysOfBody,
  parseSearchQuery,
} from '../../src/tlog/rekor-v1/search.js';
import { newKey } from '../helpers/stack.js';

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const STATEMENT = Buffer.from(
  JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'a.txt', digest: { sha256: 'ab'.repeat(32) } }],
    predicateType: 'https://example.test/p',
    predicate: {},
  }),
);

/** A self-signed leaf with an e-mail SAN, as PEM: a stand-in for a Fulcio certificate. */
function certificatePem(
  key: KeyObject,
  email: string,
  san: Buffer = sequence(tlv(0x81, Buffer.from(email))),
): string {
  const now = new Date();
  const der = buildCertificate(
    {
      serial: randomSerial(),
      issuer: name([{ short: 'CN', value: 'test' }]),
      subject: name([]),
      notBefore: now,
      notAfter: new Date(now.getTime() + 600_000),
      publicKey: spkiOf(key),
      extensions: [
        { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
        {
          oid: SUBJECT_ALT_NAME_OID,
          critical: true,
          value: san,
        },
      ],
      signatureAlgorithm: 'ecdsa-sha256',
    },
    signerFor(key),
  );
  return toPem('CERTIFICATE', der);
}

const keyPem = (key: KeyObject): string => toPem('PUBLIC KEY', spkiOf(key));

/** Signs the PAE as a DSSE signer does: SHA-256 for EC and RSA, pure Ed25519. */
const signPae = (key: KeyObject, payload = STATEMENT, type = PAYLOAD_TYPE): Buffer =>
  sign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', pae(type, payload), key);

interface Envelope {
  payloadType: string;
  payload: string;
  signatures: { keyid: string; sig: string }[];
}

const envelopeOf = (...sigs: Buffer[]): Envelope => ({
  payloadType: PAYLOAD_TYPE,
  payload: STATEMENT.toString('base64'),
  signatures: sigs.map((sig) => ({ keyid: '', sig: sig.toString('base64') })),
});

const b64 = (text: string): string => Buffer.from(text).toString('base64');

const dsseSpec = (envelope: Envelope | string, ...pems: string[]) => ({
  proposedContent: {
    envelope: typeof envelope === 'string' ? envelope : JSON.stringify(envelope),
    verifiers: pems.map(b64),
  },
});

/** The envelope as sigstore-js's signer hands it to its Rekor witness. */
const sigstoreContent = (sig: Buffer, keyid = '') => ({
  $case: 'dsseEnvelope' as const,
  dsseEnvelope: { payload: STATEMENT, payloadType: PAYLOAD_TYPE, signatures: [{ sig, keyid }] },
});

/** What sigstore-js's tlog body checks compare against: the bundle's signature and payload. */
const sigstoreSignature = (sig: Buffer) => ({
  compareSignature: (s: Buffer) => s.equals(sig),
  compareDigest: (d: Buffer) => d.toString('hex') === sha256(STATEMENT),
});

async function refused(promise: Promise<unknown>, pattern: RegExp, code = 'ENTRY_INVALID') {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof RekorV1Error, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('rekor v1 dsse 0.0.1', () => {
  it('logs the hashes and each signature with its canonical verifier, as upstream', async () => {
    const key = newKey('p256');
    const pem = certificatePem(key, 'Signer@Example.TEST');
    const sig = signPae(key);
    const envelope = JSON.stringify(envelopeOf(sig));
    const entry = await canonicalDsse(dsseSpec(envelope, pem));
    assert.deepEqual(JSON.parse(entry.body.toString()), {
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        envelopeHash: { algorithm: 'sha256', value: sha256(envelope) },
        payloadHash: { algorithm: 'sha256', value: sha256(STATEMENT) },
        signatures: [{ signature: sig.toString('base64'), verifier: b64(pem) }],
      },
    });
    // RFC 8785: sorted keys, no whitespace.
    assert.match(
      entry.body.toString(),
      /^\{"apiVersion":"0\.0\.1","kind":"dsse","spec":\{"envelopeHash"/,
    );
    assert.deepEqual(
      entry.indexKeys.sort(),
      [
        `sha256:${sha256(envelope)}`,
        `sha256:${sha256(pem)}`,
        `sha256:${sha256(STATEMENT)}`,
        'signer@example.test',
      ].sort(),
    );
    assert.deepEqual(indexKeysOfBody(entry.body).sort(), entry.indexKeys.sort());
  });

  it('verifies every signature, sorted, with EC, RSA and Ed25519 keys', async () => {
    const ec = newKey('p384');
    const ed = newKey('ed25519');
    const rsa = createPrivateKey({
      key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
        format: 'der',
        type: 'pkcs8',
      }),
      format: 'der',
      type: 'pkcs8',
    });
    const sigs = [signPae(ec), signPae(ed), signPae(rsa)];
    const entry = await canonicalDsse(
      dsseSpec(envelopeOf(...sigs), keyPem(rsa), keyPem(ec), keyPem(ed)),
    );
    const logged = JSON.parse(entry.body.toString()).spec.signatures as {
      signature: string;
      verifier: string;
    }[];
    const expected = sigs.map((sig) => sig.toString('base64')).sort();
    assert.deepEqual(
      logged.map((s) => s.signature),
      expected,
    );
    const verifierOf = new Map(
      [ec, ed, rsa].map((key, i) => [sigs[i]?.toString('base64'), b64(keyPem(key))]),
    );
    for (const s of logged) assert.equal(s.verifier, verifierOf.get(s.signature));
  });

  it('refuses bad signatures, unverified signatures, unused keys and server fields', async () => {
    const key = newKey('p256');
    const other = newKey('p256');
    const good = signPae(key);
    const tampered = signPae(key, Buffer.from('{"other":true}'));
    await refused(
      canonicalDsse(dsseSpec(envelopeOf(tampered), keyPem(key))),
      /no envelope signature verifies with spec\.proposedContent\.verifiers\[0\]/,
    );
    await refused(
      canonicalDsse(dsseSpec(envelopeOf(good, signPae(other)), keyPem(key))),
      /1 of the envelope's 2 signatures verify with none of the given keys/,
    );
    await refused(
      canonicalDsse(
        dsseSpec(envelopeOf(good, signPae(other)), keyPem(key), keyPem(newKey('p256'))),
      ),
      /no envelope signature verifies with spec\.proposedContent\.verifiers\[1\]/,
    );
    await refused(
      canonicalDsse({ ...dsseSpec(envelopeOf(good), keyPem(key)), payloadHash: {} }),
      /spec\.payloadHash is computed by the log/,
    );
    await refused(canonicalDsse(dsseSpec('{not json', keyPem(key))), /envelope is not JSON/);
    await refused(
      canonicalDsse(
        dsseSpec(
          envelopeOf(good),
          '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n',
        ),
      ),
      /verifiers\[0\] is a PEM RSA PRIVATE KEY, not a PUBLIC KEY or CERTIFICATE/,
    );
    await refused(canonicalDsse(dsseSpec(envelopeOf(good))), /verifiers must hold at least one/);
    await refused(canonicalDsse(dsseSpec(envelopeOf())), /signatures must hold at least one/);
  });

  it('refuses a certificate whose SAN cannot be read, which the index would need', async () => {
    const key = newKey('p256');
    const pem = certificatePem(key, '', Buffer.from([0x04, 0x01, 0x00]));
    await refused(
      canonicalDsse(dsseSpec(envelopeOf(signPae(key)), pem)),
      /verifiers\[0\] certificate 0 has a malformed subjectAltName extension/,
    );
  });

  it('builds the body sigstore-js sends and its verifier reads', async () => {
    const key = newKey('p256');
    const pem = certificatePem(key, 'a@b.test');
    const sig = signPae(key);
    const { toProposedEntry } = await import('@sigstore/sign/dist/witness/tlog/entry.js');
    const { verifyDSSETLogBody } = await import('@sigstore/verify/dist/tlog/dsse.js');
    const content = sigstoreContent(sig);
    const proposed = toProposedEntry(content, pem, 'dsse');
    assert.equal(proposed.kind, 'dsse');
    const entry = await canonicalDsse(proposed.spec);
    const signed = sigstoreSignature(sig);
    verifyDSSETLogBody(JSON.parse(entry.body.toString()), signed as never);
  });
});

describe('rekor v1 intoto', () => {
  it('0.0.2: logs what sigstore-js sends, less the payload, and its verifier reads it', async () => {
    const key = newKey('p256');
    const pem = certificatePem(key, 'a@b.test');
    const sig = signPae(key);
    const { toProposedEntry } = await import('@sigstore/sign/dist/witness/tlog/entry.js');
    const { verifyIntotoTLogBody } = await import('@sigstore/verify/dist/tlog/intoto.js');
    const content = sigstoreContent(sig, 'k1');
    const proposed = toProposedEntry(content, pem, 'intoto');
    assert.deepEqual([proposed.kind, proposed.apiVersion], ['intoto', '0.0.2']);
    const spec = proposed.spec as { content: { hash: { value: string } } };
    const entry = await canonicalIntotoV002(spec);
    const body = JSON.parse(entry.body.toString());
    assert.deepEqual(body.spec.content, {
      envelope: {
        payloadType: PAYLOAD_TYPE,
        signatures: [{ keyid: 'k1', sig: b64(sig.toString('base64')), publicKey: b64(pem) }],
      },
      hash: { algorithm: 'sha256', value: spec.content.hash.value },
      payloadHash: { algorithm: 'sha256', value: sha256(STATEMENT) },
    });
    const signed = sigstoreSignature(sig);
    verifyIntotoTLogBody(body, signed as never);
    assert.deepEqual(
      entry.indexKeys.sort(),
      [`sha256:${sha256(pem)}`, `sha256:${sha256(STATEMENT)}`, 'a@b.test'].sort(),
    );
    assert.deepEqual(indexKeysOfBody(entry.body).sort(), entry.indexKeys.sort());
  });

  it('0.0.2: refuses a wrong payload hash, a bad signature and a missing hash', async () => {
    const key = newKey('p256');
    const { toProposedEntry } = await import('@sigstore/sign/dist/witness/tlog/entry.js');
    const proposed = (sig: Buffer) =>
      toProposedEntry(sigstoreContent(sig), keyPem(key), 'intoto').spec as {
        content: Record<string, unknown>;
      };
    const wrongHash = proposed(signPae(key));
    wrongHash.content.payloadHash = { algorithm: 'sha256', value: '00'.repeat(32) };
    await refused(
      canonicalIntotoV002(wrongHash),
      /spec\.content\.payloadHash\.value 0{64} is not the SHA-256 of the payload/,
    );
    await refused(
      canonicalIntotoV002(proposed(signPae(key, Buffer.from('x')))),
      /no envelope signature verifies with spec\.content\.envelope\.signatures\[0\]\.publicKey/,
    );
    const noHash = proposed(signPae(key));
    delete noHash.content.hash;
    await refused(canonicalIntotoV002(noHash), /spec\.content\.hash must be a JSON object/);
  });

  it('0.0.1: logs the canonical key and both hashes of what cosign sends', async () => {
    const key = newKey('p256');
    const pem = certificatePem(key, 'c@d.test');
    const envelope = JSON.stringify(envelopeOf(signPae(key)));
    const spec = {
      content: { envelope, hash: { algorithm: 'sha256', value: sha256(envelope) } },
      publicKey: b64(pem),
    };
    const entry = await canonicalIntotoV001(spec);
    assert.deepEqual(JSON.parse(entry.body.toString()), {
      apiVersion: '0.0.1',
      kind: 'intoto',
      spec: {
        content: {
          hash: { algorithm: 'sha256', value: sha256(envelope) },
          payloadHash: { algorithm: 'sha256', value: sha256(STATEMENT) },
        },
        publicKey: b64(pem),
      },
    });
    assert.deepEqual(indexKeysOfBody(entry.body).sort(), entry.indexKeys.sort());
    assert.ok(entry.indexKeys.includes('c@d.test'));
    await refused(
      canonicalIntotoV001({
        ...spec,
        content: { envelope, hash: { algorithm: 'sha256', value: 'ff'.repeat(32) } },
      }),
      /spec\.content\.hash\.value f{64} is not the SHA-256 of the envelope text/,
    );
    await refused(
      canonicalIntotoV001({ ...spec, publicKey: b64(keyPem(newKey('p256'))) }),
      /no envelope signature verifies with spec\.publicKey/,
    );
  });
});

describe('rekor v1 hashedrekord 0.0.1', () => {
  const artifact = Buffer.from('artifact');
  const specFor = (pem: string, signer: KeyObject) => ({
    data: { hash: { algorithm: 'sha256', value: sha256(artifact) } },
    signature: {
      content: sign('sha256', artifact, signer).toString('base64'),
      publicKey: { content: b64(pem) },
    },
  });
  const refused = async (spec: unknown, pattern: RegExp) =>
    assert.rejects(
      canonicalizeHashedRekord(spec),
      (error: unknown) =>
        error instanceof RekorV1Error &&
        error.code === 'ENTRY_INVALID' &&
        pattern.test(error.message),
    );

  it('takes a certificate chain as upstream does: the first certificate signs, all are logged', async () => {
    const leaf = newKey('p256');
    const issuer = newKey('p256');
    const chain =
      certificatePem(leaf, 'Leaf@Example.test') + certificatePem(issuer, 'ca@example.test');
    const entry = await canonicalizeHashedRekord(specFor(chain, leaf));
    const logged = JSON.parse(entry.body.toString('utf8')) as {
      spec: { signature: { publicKey: { content: string } } };
    };
    assert.equal(Buffer.from(logged.spec.signature.publicKey.content, 'base64').toString(), chain);
    assert.deepEqual(
      entry.indexKeys.sort(),
      [sha256(chain), 'leaf@example.test', `sha256:${sha256(artifact)}`].sort(),
    );
    assert.deepEqual(indexKeysOfBody(entry.body).sort(), entry.indexKeys);
    await refused(specFor(chain, issuer), /does not verify over spec\.data\.hash/);
  });

  it('refuses a chain mixed with a key, and a private key, naming the field', async () => {
    const key = newKey('p256');
    await refused(
      specFor(certificatePem(key, 'a@example.test') + keyPem(key), key),
      /spec\.signature\.publicKey\.content mixes a PUBLIC KEY block with certificates/,
    );
    const privatePem = key.export({ format: 'pem', type: 'pkcs8' }).toString();
    await refused(
      specFor(privatePem, key),
      /spec\.signature\.publicKey\.content is a PEM PRIVATE KEY, not a PUBLIC KEY or CERTIFICATE/,
    );
  });
});

describe('rekor v1 index search', () => {
  /** A hashedrekord 0.0.1 body as the log keeps one. */
  const hashedrekord = (pem: string, digest: string): Buffer =>
    Buffer.from(
      JSON.stringify({
        apiVersion: '0.0.1',
        kind: 'hashedrekord',
        spec: {
          data: { hash: { algorithm: 'sha256', value: digest } },
          signature: { content: 'AA==', publicKey: { content: b64(pem) } },
        },
      }),
    );

  it('finds entries by hash, public key and e-mail, with "or" and "and"', async () => {
    const key = newKey('p256');
    const pem = certificatePem(key, 'Who@Example.test');
    const digest = 'AB'.repeat(32);
    const index = new V1SearchIndex();
    index.add(indexKeysOfBody(hashedrekord(pem, digest)), 'entry-1');
    const envelope = JSON.stringify(envelopeOf(signPae(key)));
    const dsse = await canonicalDsse(dsseSpec(envelope, pem));
    index.add(indexKeysOfBody(dsse.body), 'entry-2');
    const find = (query: unknown) => index.search(parseSearchQuery(query)).sort();

    assert.deepEqual(find({ hash: digest }), ['entry-1']);
    assert.deepEqual(find({ hash: `sha256:${digest.toLowerCase()}` }), ['entry-1']);
    assert.deepEqual(find({ hash: sha256(STATEMENT) }), ['entry-2']);
    assert.deepEqual(find({ hash: `sha256:${sha256(envelope)}` }), ['entry-2']);
    assert.deepEqual(find({ email: 'who@example.TEST' }), ['entry-1', 'entry-2']);
    // Upstream indexes hashedrekord keys by their bare digest and DSSE keys as "sha256:<hex>",
    // and a publicKey query looks up the bare digest: it finds the hashedrekord entry only.
    assert.deepEqual(find({ publicKey: { format: 'x509', content: b64(pem) } }), ['entry-1']);
    assert.deepEqual(find({ hash: sha256(pem) }), ['entry-2']);
    assert.deepEqual(find({ email: 'who@example.test', hash: digest, operator: 'and' }), [
      'entry-1',
    ]);
    assert.deepEqual(
      find({
        hash: sha256(STATEMENT),
        publicKey: { format: 'x509', content: b64(pem) },
        operator: 'and',
      }),
      [],
    );
    assert.deepEqual(
      find({ hash: sha256(STATEMENT), publicKey: { format: 'x509', content: b64(pem) } }),
      ['entry-1', 'entry-2'],
    );
    assert.deepEqual(find({}), []);
    assert.deepEqual(find({ subject: 'who@example.test' }), ['entry-1', 'entry-2']);
  });

  it('gives a hashedrekord the keys its canonicalizer names, SANs included', async () => {
    const key = newKey('p256');
    const pem = certificatePem(key, 'Hashed@Example.test');
    const artifact = Buffer.from('artifact');
    const entry = await canonicalizeHashedRekord({
      data: { hash: { algorithm: 'sha256', value: sha256(artifact) } },
      signature: {
        content: sign('sha256', artifact, key).toString('base64'),
        publicKey: { content: b64(pem) },
      },
    });
    assert.deepEqual(
      entry.indexKeys.sort(),
      [sha256(pem), 'hashed@example.test', `sha256:${sha256(artifact)}`].sort(),
    );
    assert.deepEqual(indexKeysOfBody(entry.body).sort(), entry.indexKeys);
  });

  it('refuses other key formats, bad hashes and operators with a reason naming them', () => {
    const bad = (query: unknown, pattern: RegExp) =>
      assert.throws(
        () => parseSearchQuery(query),
        (error: unknown) =>
          error instanceof RekorV1Error &&
          error.code === 'QUERY_INVALID' &&
          pattern.test(error.message),
      );
    bad(
      { publicKey: { format: 'ssh', content: 'AA==' } },
      /publicKey\.format ssh is not supported/,
    );
    bad({ publicKey: { format: 'gpg' } }, /publicKey\.format must be one of pgp, x509/);
    bad(
      { publicKey: { format: 'x509', url: 'https://x.test/k' } },
      /publicKey\.url is not fetched/,
    );
    bad({ publicKey: { format: 'x509', content: b64('nope') } }, /not a PEM public key/);
    bad({ hash: 'sha256:1234' }, /hash must be a hex SHA-256/);
    bad({ operator: 'xor' }, /operator must be "and" or "or", got "xor"/);
    bad({ email: 'no-at-sign' }, /email must be an e-mail address/);
    bad([], /must be a JSON object/);
  });

  it('gives no keys for a kind it does not index, and refuses a body that is not JSON', () => {
    assert.deepEqual(indexKeysOfBody(Buffer.from('{"kind":"rekord","apiVersion":"0.0.1"}')), []);
    assert.throws(() => indexKeysOfBody(Buffer.from('nope')), /not JSON/);
  });
});
