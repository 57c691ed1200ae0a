import assert from 'node:assert/strict';
import { type KeyObject, generateKeyPairSync, sign } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { buildCsr } from '../../src/ca/csr.js';
import { readIdentity } from '../../src/ca/extensions.js';
import { parsePem, toPem } from '../../src/core/pem.js';
import { name, parseCertificate, signerFor, spkiOf } from '../../src/core/x509.js';
import {
  type Claims,
  type MintOptions,
  type TestIssuer,
  startTestIssuer,
} from '../helpers/oidc.js';
import { type TestService, freePort, startTestService } from '../helpers/server.js';
import { signWithDevIssuer, verifyWithSigstoreJs } from '../helpers/sigstore.js';

/**
 * The CA through real HTTP: tokens shaped like GitHub's (from a GHES-style issuer) and a
 * self-managed GitLab's, minted by issuers on 127.0.0.1, and every way a request can be wrong.
 * A refused request must leave the CT log untouched: nothing half-issued.
 */

let github: TestIssuer;
let gitlab: TestIssuer;
let service: TestService;
const logLines: string[] = [];

before(async () => {
  github = await startTestIssuer({ path: '/_services/token' });
  gitlab = await startTestIssuer();
  service = await startTestService(
    {
      logLevel: 'info',
      identity: {
        OIDCIssuers: {
          [github.url]: { IssuerURL: github.url, ClientID: 'sigstore', Type: 'github-workflow' },
          [gitlab.url]: {
            IssuerURL: gitlab.url,
            ClientID: 'sigstore',
            Type: 'ci-provider',
            CIProvider: 'gitlab-pipeline',
          },
        },
      },
    },
    (line) => logLines.push(line),
  );
});

after(async () => {
  await service?.dispose();
  await github?.close();
  await gitlab?.close();
});

interface Client {
  key: KeyObject;
  publicPem: string;
}

const newClient = (): Client => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { key: privateKey, publicPem: toPem('PUBLIC KEY', spkiOf(privateKey)) };
};

const proof = (client: Client, challenge: string): string =>
  sign('sha256', Buffer.from(challenge), client.key).toString('base64');

async function request(
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${service.url}/api/v2/signingCert`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** A Fulcio v2 request for `token`, the proof over `challenge` (the token's sub by default). */
function certRequest(token: string, client: Client, challenge: string): object {
  return {
    credentials: { oidcIdentityToken: token },
    publicKeyRequest: {
      publicKey: { algorithm: 'ECDSA', content: client.publicPem },
      proofOfPossession: proof(client, challenge),
    },
  };
}

function chainOf(json: Record<string, unknown>): Buffer[] {
  const embedded = json.signedCertificateEmbeddedSct as
    { chain: { certificates: string[] } } | undefined;
  assert.ok(embedded, `expected signedCertificateEmbeddedSct, got ${JSON.stringify(json)}`);
  return embedded.chain.certificates.map((pem) => parsePem(pem, 'CERTIFICATE')[0]?.der as Buffer);
}

async function ctTreeSize(): Promise<number> {
  const text = await (await fetch(`${service.url}/ct/checkpoint`)).text();
  return Number(text.split('\n')[1]);
}

describe('POST /api/v2/signingCert with a GitHub Actions token (GHES issuer)', () => {
  let claims: Claims;
  let leaf: ReturnType<typeof parseCertificate>;
  let chain: Buffer[];

  before(async () => {
    claims = github.githubClaims({ environment: 'production' });
    const client = newClient();
    const token = await github.mint(claims);
    const response = await request(certRequest(token, client, claims.sub as string));
    assert.equal(response.status, 200, JSON.stringify(response.json));
    chain = chainOf(response.json);
    leaf = parseCertificate(chain[0] as Buffer);
    assert.ok(leaf.publicKey.equals(spkiOf(client.key)));
  });

  it('returns the chain leaf → issuing CA → root', () => {
    assert.equal(chain.length, 3);
    const trust = service.trustedRoot as {
      certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
    };
    const served = trust.certificateAuthorities[0]?.certChain.certificates.map((c) => c.rawBytes);
    assert.deepEqual(
      chain.slice(1).map((c) => c.toString('base64')),
      served,
    );
  });

  it('is valid for ten minutes with an empty subject and Fulcio key usages', () => {
    assert.equal(leaf.notAfter.getTime() - leaf.notBefore.getTime(), 10 * 60 * 1000);
    assert.deepEqual([...leaf.subject], [0x30, 0x00]);
    const oids = leaf.extensions.map((e) => e.oid);
    assert.deepEqual(oids.slice(0, 5), [
      '2.5.29.15',
      '2.5.29.37',
      '2.5.29.14',
      '2.5.29.35',
      '2.5.29.17',
    ]);
    assert.equal(oids[oids.length - 1], '1.3.6.1.4.1.11129.2.4.2');
  });

  it('carries every extension value derived from the claims, on the GHES host', () => {
    const base = new URL(github.url).origin;
    const c = claims as Record<string, string>;
    const workflowUri = `${base}/${c.job_workflow_ref}`;
    assert.deepEqual(readIdentity(leaf), {
      san: { type: 'uri', value: workflowUri },
      issuerV1: github.url,
      githubWorkflowTrigger: c.event_name,
      githubWorkflowSha: c.sha,
      githubWorkflowName: c.workflow,
      githubWorkflowRepository: c.repository,
      githubWorkflowRef: c.ref,
      issuer: github.url,
      buildSignerUri: workflowUri,
      buildSignerDigest: c.job_workflow_sha,
      runnerEnvironment: c.runner_environment,
      sourceRepositoryUri: `${base}/${c.repository}`,
      sourceRepositoryDigest: c.sha,
      sourceRepositoryRef: c.ref,
      sourceRepositoryIdentifier: c.repository_id,
      sourceRepositoryOwnerUri: `${base}/${c.repository_owner}`,
      sourceRepositoryOwnerIdentifier: c.repository_owner_id,
      buildConfigUri: `${base}/${c.workflow_ref}`,
      buildConfigDigest: c.workflow_sha,
      buildTrigger: c.event_name,
      runInvocationUri: `${base}/${c.repository}/actions/runs/${c.run_id}/attempts/${c.run_attempt}`,
      sourceRepositoryVisibilityAtSigning: c.repository_visibility,
      deploymentEnvironment: 'production',
      subject: c.sub,
    });
  });

  it('writes the issuance to the structured log', () => {
    const line = logLines.find((l) => l.includes('"certificate issued"'));
    assert.ok(line);
    assert.equal(JSON.parse(line).identity, readIdentity(leaf).san.value);
  });
});

describe('POST /api/v2/signingCert with a self-managed GitLab token', () => {
  it("uses the instance's own URL and adds the protected-ref extensions", async () => {
    const claims = gitlab.gitlabClaims({
      ref_protected: 'true',
      environment: 'prod',
      environment_protected: 'true',
    });
    const client = newClient();
    const response = await request(
      // Token in the header, as sigstore-go and cosign send it.
      {
        publicKeyRequest: {
          publicKey: { algorithm: 'ECDSA', content: client.publicPem },
          proofOfPossession: proof(client, claims.sub as string),
        },
      },
      { authorization: `Bearer ${await gitlab.mint(claims)}` },
    );
    assert.equal(response.status, 200, JSON.stringify(response.json));
    const identity = readIdentity(parseCertificate(chainOf(response.json)[0] as Buffer));
    const c = claims as Record<string, string>;
    const config = `http://${c.ci_config_ref_uri}`;
    assert.deepEqual(identity, {
      san: { type: 'uri', value: config },
      issuerV1: gitlab.url,
      issuer: gitlab.url,
      buildSignerUri: config,
      buildSignerDigest: c.ci_config_sha,
      runnerEnvironment: c.runner_environment,
      sourceRepositoryUri: `${gitlab.url}/${c.project_path}`,
      sourceRepositoryDigest: c.sha,
      sourceRepositoryRef: `refs/${c.ref_type === 'branch' ? 'heads' : 'tags'}/${c.ref}`,
      sourceRepositoryIdentifier: c.project_id,
      sourceRepositoryOwnerUri: `${gitlab.url}/${c.namespace_path}`,
      sourceRepositoryOwnerIdentifier: c.namespace_id,
      buildConfigUri: config,
      buildConfigDigest: c.ci_config_sha,
      buildTrigger: c.pipeline_source,
      runInvocationUri: `${gitlab.url}/${c.project_path}/-/jobs/${c.job_id}`,
      sourceRepositoryVisibilityAtSigning: c.project_visibility,
      deploymentEnvironment: 'prod',
      subject: c.sub,
      refProtected: 'true',
      environmentProtected: 'true',
    });
    assert.ok(!JSON.stringify(identity).includes('gitlab.com'));
  });
});

describe('POST /api/v2/signingCert with a CSR', () => {
  it('issues for the CSR key; a CSR with a broken signature is refused', async () => {
    const claims = github.githubClaims();
    const client = newClient();
    const csr = await buildCsr(
      { subject: name([]), publicKey: spkiOf(client.key), signatureAlgorithm: 'ecdsa-sha256' },
      signerFor(client.key),
    );
    const body = (der: Buffer) => ({
      certificateSigningRequest: Buffer.from(toPem('CERTIFICATE REQUEST', der)).toString('base64'),
    });
    const token = await github.mint(claims);
    const ok = await request(body(csr), { authorization: `Bearer ${token}` });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.ok(parseCertificate(chainOf(ok.json)[0] as Buffer).publicKey.equals(spkiOf(client.key)));
    const broken = Buffer.from(csr);
    broken[broken.length - 1] = (broken[broken.length - 1] as number) ^ 0x01;
    const refused = await request(body(broken), { authorization: `Bearer ${token}` });
    assert.equal(refused.status, 400);
    assert.match(String(refused.json.message), /signature/);
  });
});

describe('refusals: right status, a message that says why, nothing issued or logged', () => {
  const cases: {
    name: string;
    status: number;
    message: RegExp;
    claims?: (c: Claims) => Claims;
    mint?: MintOptions;
    issuer?: () => TestIssuer;
    body?: (token: string, client: Client, sub: string) => unknown;
    raw?: { body: string; contentType?: string };
  }[] = [
    {
      name: 'expired token',
      status: 401,
      message: /expired at .*Z/,
      claims: (c) => ({
        ...c,
        exp: Math.floor(Date.now() / 1000) - 3600,
        iat: Math.floor(Date.now() / 1000) - 4000,
        nbf: undefined,
      }),
    },
    {
      name: 'not yet valid token',
      status: 401,
      message: /not valid before/i,
      claims: (c) => ({ ...c, nbf: Math.floor(Date.now() / 1000) + 3600 }),
    },
    {
      name: 'wrong audience',
      status: 401,
      message: /audience.*"sigstore"/,
      claims: (c) => ({ ...c, aud: 'https://github.com/octo-org' }),
    },
    {
      name: 'unknown issuer, with the nearest configured one',
      status: 401,
      message: /trailing slash/,
      claims: (c) => ({ ...c, iss: `${github.url}/` }),
    },
    { name: 'alg none', status: 401, message: /"none"/, mint: { alg: 'none' } },
    {
      name: 'HMAC signed with the public key',
      status: 401,
      message: /HS256/,
      mint: { alg: 'HS256' },
    },
    { name: 'forged signature', status: 401, message: /signature/i, mint: { forge: true } },
    { name: 'unknown kid', status: 401, message: /no key "nope"/, mint: { kid: 'nope' } },
    {
      name: 'proof of possession over the wrong subject',
      status: 400,
      message: /proof of possession does not verify.*"sub"/,
      body: (token, client) => certRequest(token, client, 'repo:someone/else:ref:refs/heads/main'),
    },
    {
      name: 'malformed JSON',
      status: 400,
      message: /not valid JSON/,
      raw: { body: '{"credentials":' },
    },
    {
      name: 'wrong content type',
      status: 415,
      message: /Content-Type text\/plain/,
      raw: { body: '{}', contentType: 'text/plain' },
    },
    {
      name: 'oversized body',
      status: 413,
      message: /limit is \d+ bytes/,
      raw: { body: JSON.stringify({ pad: 'x'.repeat(200 * 1024) }) },
    },
    {
      name: 'both a public key and a CSR',
      status: 400,
      message: /exactly one of publicKeyRequest/,
      body: (token, client, sub) => ({
        ...certRequest(token, client, sub),
        certificateSigningRequest: 'AAAA',
      }),
    },
    {
      name: 'no token at all',
      status: 400,
      message: /no identity token/,
      body: (_token, client, sub) => ({ ...certRequest('', client, sub), credentials: {} }),
    },
    {
      name: 'malformed CSR DER',
      status: 400,
      message: /certificate signing request/,
      body: (token) => ({
        credentials: { oidcIdentityToken: token },
        certificateSigningRequest: Buffer.from([0x30, 0x03, 0x02, 0x01]).toString('base64'),
      }),
    },
    {
      name: 'garbage public key',
      status: 400,
      message: /public key could not be parsed/,
      body: (token) => ({
        credentials: { oidcIdentityToken: token },
        publicKeyRequest: {
          publicKey: { content: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' },
          proofOfPossession: 'AAAA',
        },
      }),
    },
    {
      name: 'weak RSA key',
      status: 400,
      message: /RSA key of 1024 bits is not accepted/,
      body: (token, _client, sub) => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
        return {
          credentials: { oidcIdentityToken: token },
          publicKeyRequest: {
            publicKey: { content: toPem('PUBLIC KEY', spkiOf(privateKey)) },
            proofOfPossession: sign('sha256', Buffer.from(sub), privateKey).toString('base64'),
          },
        };
      },
    },
    {
      name: 'GitHub token without a claim the certificate needs',
      status: 400,
      message: /claim "job_workflow_sha" is missing/,
      claims: (c) => ({ ...c, job_workflow_sha: undefined }),
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const before = await ctTreeSize();
      const issuer = testCase.issuer?.() ?? github;
      const base = issuer.githubClaims();
      const claims = testCase.claims ? testCase.claims(base) : base;
      for (const [key, value] of Object.entries(claims))
        if (value === undefined) delete claims[key];
      const token = await issuer.mint(claims, testCase.mint);
      const client = newClient();
      let response: Awaited<ReturnType<typeof request>>;
      if (testCase.raw) {
        const r = await fetch(`${service.url}/api/v2/signingCert`, {
          method: 'POST',
          headers: { 'content-type': testCase.raw.contentType ?? 'application/json' },
          body: testCase.raw.body,
        });
        response = {
          status: r.status,
          json: (await r.json()) as Record<string, unknown>,
          headers: r.headers,
        };
      } else {
        const body = testCase.body
          ? testCase.body(token, client, claims.sub as string)
          : certRequest(token, client, claims.sub as string);
        response = await request(body);
      }
      assert.equal(response.status, testCase.status, JSON.stringify(response.json));
      assert.match(String(response.json.message), testCase.message);
      assert.equal(typeof response.json.code, 'number', 'Fulcio error shape');
      assert.deepEqual(response.json.details, []);
      assert.ok(
        !String(response.json.message).includes(token.slice(0, 40)) || token === '',
        'token echoed',
      );
      if (response.status === 401) {
        assert.match(
          response.headers.get('www-authenticate') ?? '',
          /^Bearer error="invalid_token"/,
        );
        const logged = logLines.filter((l) => l.includes('"certificate refused"')).pop();
        assert.ok(logged, 'refusal reason logged');
        assert.equal(JSON.parse(logged).reason, response.json.message);
      }
      assert.equal(await ctTreeSize(), before, 'nothing reached the CT log');
    });
  }
});

describe('GET /api/v2/trustBundle and /api/v2/configuration', () => {
  it('serve the CA chain and the configured issuers', async () => {
    const bundle = (await (await fetch(`${service.url}/api/v2/trustBundle`)).json()) as {
      chains: { certificates: string[] }[];
    };
    assert.equal(bundle.chains[0]?.certificates.length, 2);
    const config = (await (await fetch(`${service.url}/api/v2/configuration`)).json()) as {
      issuers: {
        issuerUrl?: string;
        audience: string;
        challengeClaim: string;
        issuerType: string;
      }[];
    };
    const gh = config.issuers.find((i) => i.issuerUrl === github.url);
    assert.deepEqual(
      { audience: gh?.audience, challengeClaim: gh?.challengeClaim, issuerType: gh?.issuerType },
      { audience: 'sigstore', challengeClaim: 'sub', issuerType: 'github-workflow' },
    );
    assert.ok(
      config.issuers.some((i) => i.issuerUrl === gitlab.url && i.issuerType === 'gitlab-pipeline'),
    );
  });
});

describe('development OIDC issuer (serve --dev)', () => {
  it('gives a local token that the CA turns into an email certificate', async () => {
    const dev = await startTestService({ devIssuer: true });
    try {
      const config = (await (await fetch(`${dev.url}/signing_config.json`)).json()) as {
        oidcUrls: { url: string }[];
      };
      assert.deepEqual(
        config.oidcUrls.map((o) => o.url),
        [`${dev.url}/dev-oidc`],
      );
      const tokenResponse = await fetch(`${dev.url}/dev-oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=alice%40example.com',
      });
      assert.equal(tokenResponse.status, 200);
      const { id_token: token } = (await tokenResponse.json()) as { id_token: string };
      const client = newClient();
      const response = await fetch(`${dev.url}/api/v2/signingCert`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(certRequest(token, client, 'alice@example.com')),
      });
      const json = (await response.json()) as Record<string, unknown>;
      assert.equal(response.status, 200, JSON.stringify(json));
      const identity = readIdentity(parseCertificate(chainOf(json)[0] as Buffer));
      assert.deepEqual(identity.san, { type: 'email', value: 'alice@example.com' });
      assert.equal(identity.issuer, `${dev.url}/dev-oidc`);
    } finally {
      await dev.dispose();
    }
  });

  it('is not served unless asked for', async () => {
    const response = await fetch(`${service.url}/dev-oidc/.well-known/openid-configuration`);
    assert.equal(response.status, 404);
  });

  it('refuses to start off loopback', async () => {
    await assert.rejects(
      startTestService({ devIssuer: true, publicUrl: 'https://signet.example.com' }),
      /development OIDC issuer only runs on a loopback address/,
    );
  });

  it('refuses to start behind TLS: an https public URL means a proxy in front', async () => {
    const port = await freePort();
    const started = startTestService({
      devIssuer: true,
      listen: `127.0.0.1:${port}`,
      publicUrl: `https://127.0.0.1:${port}`,
    });
    await assert.rejects(
      started.then((service) => service.dispose()),
      /development OIDC issuer does not run behind TLS or a proxy: the public URL https:\/\/127\.0\.0\.1:\d+ is https/,
    );
  });

  it('refuses requests relayed by a proxy, or sent to another host name', async () => {
    const dev = await startTestService({ devIssuer: true });
    try {
      const token = (headers: Record<string, string>) =>
        new Promise<{ status: number; message: string }>((resolve, reject) => {
          const req = httpRequest(`${dev.url}/dev-oidc/token`, { method: 'POST', headers });
          req.on('response', (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                message: (JSON.parse(text) as { message?: string }).message ?? '',
              }),
            );
          });
          req.on('error', reject);
          req.end();
        });
      for (const [name, value] of [
        ['x-forwarded-for', '203.0.113.7'],
        ['x-forwarded-proto', 'https'],
        ['x-forwarded-host', 'signet.example.com'],
        ['forwarded', 'for=203.0.113.7;proto=https'],
        ['x-real-ip', '203.0.113.7'],
        ['via', '1.1 proxy.example.com'],
      ] as const) {
        const answer = await token({ [name]: value });
        assert.equal(answer.status, 403, name);
        assert.match(answer.message, new RegExp(`relayed by a proxy \\(${name} header\\)`));
      }
      const rebound = await token({ host: `signet.example.com:${new URL(dev.url).port}` });
      assert.equal(rebound.status, 403);
      assert.match(rebound.message, /reached as "signet\.example\.com"/);
      const discovery = await fetch(`${dev.url}/dev-oidc/.well-known/openid-configuration`, {
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      assert.equal(discovery.status, 403);
      // Asked directly, on loopback, it still answers.
      assert.equal((await token({})).status, 200);
    } finally {
      await dev.dispose();
    }
  });
});

describe('a P-384 issuing CA (ca.issuingKeyType)', () => {
  it('signs leaves with ecdsa-with-SHA384 that sigstore-js verifies', async () => {
    const p384 = await startTestService({
      devIssuer: true,
      ca: { issuingKey: 'file', issuingKeyType: 'p384', maxInFlight: 512 },
    });
    try {
      const signed = await signWithDevIssuer(p384.url);
      verifyWithSigstoreJs(p384.trustedRoot, signed);
      // sigstore-js writes message-signature bundles as v0.2, with a one-certificate chain.
      const material = signed.json.verificationMaterial;
      const raw = (material.certificate?.rawBytes ??
        material.x509CertificateChain?.certificates[0]?.rawBytes) as string;
      assert.equal(
        parseCertificate(Buffer.from(raw, 'base64')).signatureAlgorithm,
        '1.2.840.10045.4.3.3',
      );
    } finally {
      await p384.dispose();
    }
  });
});

describe('admission control (ca.maxInFlight)', () => {
  it('answers 503 with Retry-After beyond the limit instead of queueing', async () => {
    const limited = await startTestService({
      devIssuer: true,
      ca: { issuingKey: 'file', issuingKeyType: 'p256', maxInFlight: 1 },
    });
    try {
      const tokenResponse = await fetch(`${limited.url}/dev-oidc/token`, {
        method: 'POST',
        body: 'email=a@example.com',
      });
      const { id_token: token } = (await tokenResponse.json()) as { id_token: string };
      const responses = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const client = newClient();
          const response = await fetch(`${limited.url}/api/v2/signingCert`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(certRequest(token, client, 'a@example.com')),
          });
          return {
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            json: (await response.json()) as { message?: string },
          };
        }),
      );
      const refused = responses.filter((r) => r.status === 503);
      assert.ok(
        responses.some((r) => r.status === 200),
        JSON.stringify(responses),
      );
      assert.ok(refused.length > 0, 'some requests were over the limit');
      for (const r of refused) {
        assert.equal(r.retryAfter, '1');
        assert.match(r.json.message ?? '', /ca\.maxInFlight/);
      }
    } finally {
      await limited.dispose();
    }
  });
});
