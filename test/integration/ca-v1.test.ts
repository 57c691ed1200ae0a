import assert from 'node:assert/strict';
import {
  type KeyObject,
  X509Certificate,
  createPublicKey,
  generateKeyPairSync,
  sign,
} from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { buildCsr } from '../../src/ca/csr.js';
import { readIdentity } from '../../src/ca/extensions.js';
import { parsePem, toPem } from '../../src/core/pem.js';
import {
  name,
  parseCertificate,
  signerFor,
  spkiOf,
  verifyCertificateSignature,
  certificatePublicKey,
} from '../../src/core/x509.js';
import { embeddedScts, verifyEmbeddedSct } from '../../src/ct/sct.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, startTestService } from '../helpers/server.js';

/**
 * Fulcio's legacy v1 REST API (`POST /api/v1/signingCert`, `GET /api/v1/rootCert`) through
 * real HTTP, with requests built as cosign v2 builds them (cosign v2.6.4
 * cmd/cosign/cli/fulcio/fulcio.go GetCert, through fulcio pkg/api/client.go SigningCert) and
 * answers read as that client reads them. Admission runs in a worker thread, as in production.
 */

let github: TestIssuer;
let google: TestIssuer;
let service: TestService;
const logLines: string[] = [];

interface TrustedRoot {
  certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
  ctlogs: { publicKey: { rawBytes: string } }[];
}

before(async () => {
  github = await startTestIssuer({ path: '/_services/token' });
  google = await startTestIssuer();
  service = await startTestService(
    {
      logLevel: 'info',
      verifyWorkers: 1,
      identity: {
        OIDCIssuers: {
          [github.url]: { IssuerURL: github.url, ClientID: 'sigstore', Type: 'github-workflow' },
          [google.url]: { IssuerURL: google.url, ClientID: 'sigstore', Type: 'email' },
        },
      },
    },
    (line) => logLines.push(line),
  );
});

after(async () => {
  await service?.dispose();
  await github?.close();
  await google?.close();
});

const trustedRoot = (): TrustedRoot => service.trustedRoot as TrustedRoot;
const caChain = (): Buffer[] =>
  (trustedRoot().certificateAuthorities[0]?.certChain.certificates ?? []).map((c) =>
    Buffer.from(c.rawBytes, 'base64'),
  );
const ctLogKey = (): KeyObject =>
  createPublicKey({
    key: Buffer.from(trustedRoot().ctlogs[0]?.publicKey.rawBytes ?? '', 'base64'),
    format: 'der',
    type: 'spki',
  });

async function ctTreeSize(): Promise<number> {
  const text = await (await fetch(`${service.url}/ct/checkpoint`)).text();
  return Number(text.split('\n')[1]);
}

const newKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

/**
 * fulcio's `api.CertificateRequest` as Go's encoding/json writes it: fields in struct order,
 * `[]byte` as padded standard base64, a nil slice as null, an empty `algorithm` omitted.
 */
function goCertificateRequest(fields: {
  content?: Buffer;
  algorithm?: string;
  signedEmailAddress?: Buffer;
  certificateSigningRequest?: Buffer;
}): string {
  const bytes = (b: Buffer | undefined): string | null => (b ? b.toString('base64') : null);
  const publicKey: Record<string, unknown> = { content: bytes(fields.content) };
  if (fields.algorithm) publicKey.algorithm = fields.algorithm;
  return JSON.stringify({
    publicKey,
    signedEmailAddress: bytes(fields.signedEmailAddress),
    certificateSigningRequest: bytes(fields.certificateSigningRequest),
  });
}

/** cosign v2's request: the PEM public key, and its signature over the token subject. */
function cosignV2Body(key: KeyObject, subject: string): string {
  return goCertificateRequest({
    content: Buffer.from(toPem('PUBLIC KEY', spkiOf(key))),
    // ECDSA P-256 SignerVerifier.SignMessage: SHA-256, ASN.1 DER signature.
    signedEmailAddress: sign('sha256', Buffer.from(subject), key),
  });
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The request as Go's net/http client sends it from fulcio's LegacyClient.SigningCert. */
function postSigningCert(body: string, token: string | undefined): Promise<RawResponse> {
  const url = new URL('/api/v1/signingCert', service.url);
  const headers: Record<string, string> = {
    'User-Agent': 'cosign/v2.6.4 (linux; amd64)',
    'Content-Length': String(Buffer.byteLength(body)),
    'Content-Type': 'application/json',
    'Accept-Encoding': 'gzip',
  };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * What LegacyClient.SigningCert makes of an answer: 201 or an error quoting the body; the SCT
 * header base64-decoded (absent decodes to nothing); the first PEM block is the leaf, the rest
 * of the text the chain.
 */
function readAsCosign(response: RawResponse): { cert: Buffer; chainPem: string; sct: Buffer } {
  assert.equal(response.status, 201, response.body.toString());
  const sctHeader = response.headers.sct;
  const sct = Buffer.from(typeof sctHeader === 'string' ? sctHeader : '', 'base64');
  const text = response.body.toString('utf8');
  const end = text.indexOf('-----END CERTIFICATE-----');
  assert.ok(text.startsWith('-----BEGIN CERTIFICATE-----') && end > 0, 'a leading PEM block');
  const leafPem = text.slice(0, end + '-----END CERTIFICATE-----'.length);
  const cert = parsePem(leafPem, 'CERTIFICATE')[0]?.der as Buffer;
  return { cert, chainPem: text.slice(leafPem.length), sct };
}

/** The leaf signed by the issuing CA, the CA chain the trust root's, and the embedded SCT valid. */
function assertChainVerifies(leafDer: Buffer, chainPem: string): void {
  const chain = parsePem(chainPem, 'CERTIFICATE').map((b) => b.der);
  assert.deepEqual(
    chain.map((c) => c.toString('base64')),
    caChain().map((c) => c.toString('base64')),
    'the chain after the leaf is the trust root CA chain',
  );
  const leaf = parseCertificate(leafDer);
  const issuing = parseCertificate(chain[0] as Buffer);
  assert.ok(verifyCertificateSignature(leaf, certificatePublicKey(issuing)), 'leaf under the CA');
  // And by OpenSSL, independently of Signet's X.509 code: leaf → issuing CA → self-signed root.
  const [x509Leaf, ...x509Chain] = [leafDer, ...chain].map((der) => new X509Certificate(der));
  const x509Root = x509Chain[x509Chain.length - 1] as X509Certificate;
  [x509Leaf, ...x509Chain].forEach((cert, i) => {
    const issuer = (x509Chain[i] ?? x509Root) as X509Certificate;
    assert.ok(cert?.checkIssued(issuer) && cert.verify(issuer.publicKey), `chain link ${i}`);
  });
  const scts = embeddedScts(leaf);
  assert.equal(scts.length, 1, 'one embedded SCT');
  assert.ok(verifyEmbeddedSct(leaf, issuing, scts[0] as never, ctLogKey()), 'SCT verifies');
}

describe('POST /api/v1/signingCert as cosign v2 sends it', () => {
  it('issues an email certificate: 201, a PEM chain leaf first, the SCT embedded', async () => {
    const claims = google.emailClaims();
    const key = newKey();
    const before = await ctTreeSize();
    // cosign signs oauthflow's subject: the email when the token has a verified one.
    const response = await postSigningCert(
      cosignV2Body(key, String(claims.email)),
      await google.mint(claims),
    );
    assert.equal(response.headers['content-type'], 'application/pem-certificate-chain');
    assert.equal(response.headers.sct, undefined, 'the SCT is embedded, so no SCT header');
    const { cert, chainPem, sct } = readAsCosign(response);
    assert.equal(sct.length, 0);
    assert.ok(parseCertificate(cert).publicKey.equals(spkiOf(key)));
    assert.deepEqual(readIdentity(parseCertificate(cert)).san, {
      type: 'email',
      value: 'alice@example.com',
    });
    assertChainVerifies(cert, chainPem);
    assert.equal(await ctTreeSize(), before + 1, 'the precertificate was logged');
    // Fulcio's text: blocks separated by an empty line, no final newline.
    assert.match(response.body.toString(), /-----END CERTIFICATE-----\n\n-----BEGIN CERTIFICATE/);
    assert.ok(!response.body.toString().endsWith('\n'));
    const logged = logLines.filter((l) => l.includes('"certificate issued"')).pop();
    assert.equal(JSON.parse(logged ?? '{}').api, 'v1');
  });

  it('issues for a CI identity: the proof is over the token sub', async () => {
    const claims = github.githubClaims();
    const key = newKey();
    const response = await postSigningCert(
      cosignV2Body(key, String(claims.sub)),
      await github.mint(claims),
    );
    const { cert, chainPem } = readAsCosign(response);
    const { san } = readIdentity(parseCertificate(cert));
    assert.equal(san.type, 'uri');
    assert.ok(san.value.endsWith(`/${String(claims.job_workflow_ref)}`), san.value);
    assertChainVerifies(cert, chainPem);
  });
});

describe('POST /api/v1/signingCert with a CSR', () => {
  it('issues for the CSR key, as Go marshals a CSR-only request', async () => {
    const claims = github.githubClaims();
    const key = newKey();
    const csr = await buildCsr(
      { subject: name([]), publicKey: spkiOf(key), signatureAlgorithm: 'ecdsa-sha256' },
      signerFor(key),
    );
    const body = goCertificateRequest({
      certificateSigningRequest: Buffer.from(toPem('CERTIFICATE REQUEST', csr)),
    });
    assert.match(body, /^\{"publicKey":\{"content":null\},"signedEmailAddress":null,/);
    const { cert, chainPem } = readAsCosign(await postSigningCert(body, await github.mint(claims)));
    assert.ok(parseCertificate(cert).publicKey.equals(spkiOf(key)));
    assertChainVerifies(cert, chainPem);
  });
});

describe('GET /api/v1/rootCert', () => {
  it("answers the trust root's CA chain as PEM", async () => {
    const response = await fetch(`${service.url}/api/v1/rootCert`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pem-certificate-chain');
    const text = await response.text();
    assert.deepEqual(
      parsePem(text, 'CERTIFICATE').map((b) => b.der.toString('base64')),
      caChain().map((c) => c.toString('base64')),
    );
    assert.equal(caChain().length, 2);
  });
});

describe('refusals: a 4xx naming the problem, nothing issued or logged', () => {
  const csrBody = async (key: KeyObject, mangle: (der: Buffer) => Buffer): Promise<string> => {
    const csr = await buildCsr(
      { subject: name([]), publicKey: spkiOf(key), signatureAlgorithm: 'ecdsa-sha256' },
      signerFor(key),
    );
    return goCertificateRequest({
      certificateSigningRequest: Buffer.from(
        toPem('CERTIFICATE REQUEST', mangle(Buffer.from(csr))),
      ),
    });
  };
  const cases: {
    name: string;
    status: number;
    message: RegExp;
    /** The body for an email token with these claims (cosign's by default). */
    body?: (key: KeyObject, claims: Record<string, unknown>) => string | Promise<string>;
    /** The Authorization token; the minted one by default. */
    token?: (minted: string) => string | undefined;
    forge?: boolean;
    expired?: boolean;
  }[] = [
    {
      name: 'proof over the sub of an email token (Fulcio wants the email)',
      status: 400,
      message: /proof of possession does not verify.*"email" claim \("alice@example\.com"\)/,
      body: (key, claims) => cosignV2Body(key, String(claims.sub)),
    },
    {
      name: 'proof by another key',
      status: 400,
      message: /proof of possession does not verify/,
      body: (key, claims) =>
        goCertificateRequest({
          content: Buffer.from(toPem('PUBLIC KEY', spkiOf(key))),
          signedEmailAddress: sign('sha256', Buffer.from(String(claims.email)), newKey()),
        }),
    },
    {
      name: 'no proof at all',
      status: 400,
      message: /signedEmailAddress must be the base64 signature/,
      body: (key) =>
        goCertificateRequest({ content: Buffer.from(toPem('PUBLIC KEY', spkiOf(key))) }),
    },
    {
      name: 'a public key that does not parse',
      status: 400,
      message: /public key could not be parsed/,
      body: (key, claims) =>
        goCertificateRequest({
          content: Buffer.from('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'),
          signedEmailAddress: sign('sha256', Buffer.from(String(claims.email)), key),
        }),
    },
    {
      name: 'the PEM sent as text, not as base64 bytes',
      status: 400,
      message: /publicKey\.content \(the base64 of the PEM or DER public key\) is not valid base64/,
      body: (key, claims) =>
        JSON.stringify({
          publicKey: { content: toPem('PUBLIC KEY', spkiOf(key)) },
          signedEmailAddress: sign('sha256', Buffer.from(String(claims.email)), key).toString(
            'base64',
          ),
        }),
    },
    {
      name: 'a weak RSA key',
      status: 400,
      message: /RSA key of 1024 bits is not accepted/,
      body: (_key, claims) => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
        return cosignV2Body(privateKey, String(claims.email));
      },
    },
    {
      name: 'neither a public key nor a CSR',
      status: 400,
      message: /public key not provided/,
      body: () => '{"signedEmailAddress":null,"certificateSigningRequest":null}',
    },
    {
      name: 'a CSR that is not DER',
      status: 400,
      message: /certificate signing request/,
      body: () =>
        goCertificateRequest({ certificateSigningRequest: Buffer.from([0x30, 0x03, 0x02, 0x01]) }),
    },
    {
      name: 'a CSR whose signature does not verify',
      status: 400,
      message: /certificate signing request signature does not verify/,
      body: (key) =>
        csrBody(key, (der) => {
          der[der.length - 1] = (der[der.length - 1] as number) ^ 0x01;
          return der;
        }),
    },
    {
      name: 'no Authorization header',
      status: 400,
      message: /no identity token: send it in an "Authorization: Bearer/,
      token: () => undefined,
    },
    {
      name: 'the token in a v2-style credentials field (v1 reads only the header)',
      status: 400,
      message: /no identity token/,
      token: () => undefined,
      body: async (key, claims) =>
        JSON.stringify({
          ...(JSON.parse(cosignV2Body(key, String(claims.email))) as object),
          credentials: { oidcIdentityToken: await google.mint(claims) },
        }),
    },
    {
      name: 'a forged token',
      status: 401,
      message: /signature/i,
      forge: true,
    },
    { name: 'an expired token', status: 401, message: /expired at .*Z/, expired: true },
    {
      name: 'a body that is not an object',
      status: 400,
      message: /request body must be a JSON object/,
      body: () => '[]',
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = testCase.expired
        ? google.emailClaims({ iat: now - 4000, exp: now - 3600 })
        : google.emailClaims();
      const minted = await google.mint(claims, { forge: testCase.forge ?? false });
      const key = newKey();
      const body = await (testCase.body ?? ((k, c) => cosignV2Body(k, String(c.email))))(
        key,
        claims,
      );
      const token = testCase.token ? testCase.token(minted) : minted;
      const ctBefore = await ctTreeSize();
      const issuedBefore = logLines.filter((l) => l.includes('"certificate issued"')).length;
      const response = await postSigningCert(body, token);
      const json = JSON.parse(response.body.toString()) as Record<string, unknown>;
      assert.equal(response.status, testCase.status, response.body.toString());
      assert.match(String(json.message), testCase.message);
      assert.equal(typeof json.code, 'number', 'Fulcio error shape');
      assert.deepEqual(json.details, []);
      assert.ok(!String(json.message).includes(minted.slice(0, 40)), 'token echoed');
      if (response.status === 401) {
        assert.match(String(response.headers['www-authenticate']), /invalid_token/);
      }
      const refused = logLines.filter((l) => l.includes('"certificate refused"')).pop();
      assert.equal(JSON.parse(refused ?? '{}').reason, json.message, 'reason logged');
      assert.equal(await ctTreeSize(), ctBefore, 'nothing reached the CT log');
      assert.equal(
        logLines.filter((l) => l.includes('"certificate issued"')).length,
        issuedBefore,
        'no certificate issued',
      );
    });
  }
});
