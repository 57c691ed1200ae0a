import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OidcError, type OidcErrorCode } from '../../src/oidc/error.js';
import { IssuerRegistry, type IssuerSettings } from '../../src/oidc/issuers.js';
import { TokenVerifier, challengeFor } from '../../src/oidc/verify.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';

async function refused(
  verifier: TokenVerifier,
  token: string,
  code: OidcErrorCode,
  message: RegExp | string,
): Promise<OidcError> {
  let caught: unknown;
  await assert.rejects(verifier.verify(token), (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof OidcError, String(caught));
  assert.equal(caught.code, code, caught.message);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  assert.ok(!caught.message.includes(token.split('.')[2] || token), 'message quotes the token');
  return caught;
}

/** 2026-11-23T10:05:12Z and NumericDates around it, for exact time messages. */
const NOW = Date.parse('2026-11-23T10:05:12Z') / 1000;

describe('TokenVerifier', () => {
  let github: TestIssuer;
  let gitlab: TestIssuer;
  let email: TestIssuer;
  let verifier: TokenVerifier;
  const clock = NOW * 1000;

  before(async () => {
    [github, gitlab, email] = await Promise.all([
      startTestIssuer(),
      startTestIssuer({ keyType: 'ec' }),
      startTestIssuer({ keyType: 'ed25519', keyCount: 1 }),
    ]);
    const registry = new IssuerRegistry({
      issuers: [github.settings('github'), gitlab.settings('gitlab'), email.settings('email')],
    });
    verifier = new TokenVerifier(registry, { now: () => new Date(clock) });
  });
  after(() => Promise.all([github.close(), gitlab.close(), email.close()]));

  const at = (claims: Record<string, unknown>, iat = NOW): Record<string, unknown> => ({
    ...claims,
    iat,
    nbf: iat - 300,
    exp: iat + 300,
  });

  it('accepts a GitHub Actions token and returns its claims', async () => {
    const claims = at(github.githubClaims());
    const verified = await verifier.verify(await github.mint(claims));
    assert.equal(verified.issuer.issuerUrl, github.url);
    assert.equal(verified.issuer.provider, 'github');
    assert.equal(verified.subject, 'repo:octo-org/octo-repo:ref:refs/heads/main');
    assert.deepEqual(verified.claims, claims);
    assert.equal(verified.claims.repository_id, '74');
    assert.equal(challengeFor(verified), 'repo:octo-org/octo-repo:ref:refs/heads/main');
  });

  it('accepts a GitLab CI token (ES256) with an audience list', async () => {
    const claims = gitlab.gitlabClaims({
      iat: NOW,
      nbf: NOW - 5,
      exp: NOW + 3600,
      aud: ['vault', 'sigstore'],
    });
    const verified = await verifier.verify(await gitlab.mint(claims));
    assert.equal(verified.issuer.provider, 'gitlab');
    assert.equal(verified.subject, 'project_path:my-group/my-project:ref_type:branch:ref:main');
    assert.equal(verified.claims.ref_protected, 'true');
    assert.equal(
      verified.claims.ci_config_ref_uri,
      `${new URL(gitlab.url).host}/my-group/my-project//.gitlab-ci.yml@refs/heads/main`,
    );
  });

  it('accepts an email token (EdDSA) and signs the email', async () => {
    const verified = await verifier.verify(
      await email.mint(email.emailClaims({ iat: NOW, exp: NOW + 600 })),
    );
    assert.equal(verified.subject, '110169484474386276334');
    assert.equal(challengeFor(verified), 'alice@example.com');
  });

  it('fetches discovery and JWKS once for many tokens', async () => {
    const before = { ...github.fetches };
    for (let i = 0; i < 10; i++)
      await verifier.verify(await github.mint(at(github.githubClaims())));
    assert.deepEqual(github.fetches, before);
    assert.equal(github.fetches.jwks, 1);
    assert.ok(
      verifier
        .describe()
        .some((status) => status.issuer === github.url && status.keys.length === 2),
    );
  });

  describe('refuses bad tokens', () => {
    it('expired, not yet valid, issued in the future', async () => {
      await refused(
        verifier,
        await github.mint(
          github.githubClaims({
            iat: NOW - 600,
            nbf: NOW - 900,
            exp: Date.parse('2026-11-23T10:00:00Z') / 1000,
          }),
        ),
        'TOKEN_EXPIRED',
        'token expired at 2026-11-23T10:00:00Z (now 2026-11-23T10:05:12Z, allowed skew 30 s)',
      );
      // Inside the skew: still accepted.
      await verifier.verify(
        await github.mint(github.githubClaims({ iat: NOW - 300, nbf: NOW - 300, exp: NOW - 29 })),
      );
      await refused(
        verifier,
        await github.mint(github.githubClaims({ iat: NOW, nbf: NOW + 60, exp: NOW + 300 })),
        'TOKEN_NOT_YET_VALID',
        'token is not valid before 2026-11-23T10:06:12Z (now 2026-11-23T10:05:12Z, allowed skew 30 s)',
      );
      await refused(
        verifier,
        await github.mint(github.githubClaims({ iat: NOW + 120, nbf: NOW - 300, exp: NOW + 300 })),
        'TOKEN_ISSUED_IN_FUTURE',
        'token was issued at 2026-11-23T10:07:12Z, in the future (now 2026-11-23T10:05:12Z, allowed skew 30 s)',
      );
    });

    it('missing or malformed time claims', async () => {
      await refused(
        verifier,
        await github.mint({ ...at(github.githubClaims()), exp: undefined }),
        'CLAIM_MISSING',
        'token has no exp claim',
      );
      await refused(
        verifier,
        await github.mint({ ...at(github.githubClaims()), iat: undefined }),
        'CLAIM_MISSING',
        'token has no iat claim',
      );
      await refused(
        verifier,
        await github.mint({ ...at(github.githubClaims()), exp: '1700000000' }),
        'CLAIM_INVALID',
        'token exp must be a NumericDate (seconds since the epoch), got a string',
      );
    });

    it('wrong or missing audience', async () => {
      await refused(
        verifier,
        await github.mint(at(github.githubClaims({ aud: 'https://github.com/octo-org' }))),
        'AUDIENCE_MISMATCH',
        'token audience ["https://github.com/octo-org"] does not include "sigstore"; request the token with audience "sigstore"',
      );
      await refused(
        verifier,
        await github.mint(at(github.githubClaims({ aud: ['foo'] }))),
        'AUDIENCE_MISMATCH',
        /^token audience \["foo"\] does not include "sigstore"/,
      );
      await refused(
        verifier,
        await github.mint(at(github.githubClaims({ aud: undefined }))),
        'CLAIM_MISSING',
        'token has no aud (audience) claim; it must include "sigstore"',
      );
      await refused(
        verifier,
        await github.mint(at(github.githubClaims({ aud: [1] }))),
        'CLAIM_INVALID',
        'token aud must be a string or a list of strings, got an array',
      );
    });

    it('an unknown issuer, before any key is fetched', async () => {
      const stranger = await startTestIssuer();
      try {
        await refused(
          verifier,
          await stranger.mint(at(stranger.githubClaims())),
          'ISSUER_UNKNOWN',
          new RegExp(
            `^issuer "${stranger.url}" is not configured; nearest is "http://127\\.0\\.0\\.1:\\d+" \\(edit distance \\d\\)$`,
          ),
        );
        await refused(
          verifier,
          await github.mint(at(github.githubClaims({ iss: `${github.url}/` }))),
          'ISSUER_UNKNOWN',
          `issuer "${github.url}/" is not configured; nearest is "${github.url}" (differs by a trailing slash)`,
        );
        assert.deepEqual(stranger.fetches, { discovery: 0, jwks: 0 });
      } finally {
        await stranger.close();
      }
    });

    it('alg none and HMAC signed with the public key, before any key is used', async () => {
      const fresh = await startTestIssuer();
      try {
        const registry = new IssuerRegistry({ issuers: [fresh.settings('github')] });
        const own = new TokenVerifier(registry, { now: () => new Date(clock) });
        await refused(
          own,
          await fresh.mint(at(fresh.githubClaims()), { alg: 'none' }),
          'ALGORITHM_NOT_ALLOWED',
          'token algorithm "none" is not allowed: unsigned tokens are never accepted (allowed: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA)',
        );
        await refused(
          own,
          await fresh.mint(at(fresh.githubClaims()), { alg: 'HS256' }),
          'ALGORITHM_NOT_ALLOWED',
          /^token algorithm "HS256" is not allowed: HMAC needs a shared secret/,
        );
        await refused(
          own,
          await fresh.mint(at(fresh.githubClaims()), { alg: 'RS256', header: { alg: 'XS999' } }),
          'ALGORITHM_NOT_ALLOWED',
          /^token algorithm "XS999" is not allowed \(allowed: RS256, /,
        );
        assert.deepEqual(fresh.fetches, { discovery: 0, jwks: 0 });
      } finally {
        await fresh.close();
      }
    });

    it('an algorithm outside a narrowed allow-list', async () => {
      const registry = new IssuerRegistry({ issuers: [github.settings('github')] });
      const rsOnly = new TokenVerifier(registry, {
        algorithms: ['RS256'],
        now: () => new Date(clock),
      });
      await refused(
        rsOnly,
        await github.mint(at(github.githubClaims()), { alg: 'PS256' }),
        'ALGORITHM_NOT_ALLOWED',
        'token algorithm "PS256" is not allowed (allowed: RS256)',
      );
      assert.throws(() => new TokenVerifier(registry, { algorithms: ['HS256'] }), {
        code: 'CONFIG_INVALID',
        message: /algorithm "HS256" cannot be allowed/,
      });
      assert.throws(() => new TokenVerifier(registry, { clockSkewSeconds: 3600 }), {
        code: 'CONFIG_INVALID',
        message: 'clockSkewSeconds must be an integer from 0 to 300, got 3600',
      });
    });

    it('a forged signature, and a token signed by a key the issuer never published', async () => {
      await refused(
        verifier,
        await github.mint(at(github.githubClaims()), { forge: true }),
        'SIGNATURE_INVALID',
        `token signature does not verify with the RS256 key of "${github.url}"`,
      );
      const attacker = github.generateKey('rsa');
      await refused(
        verifier,
        await github.mint(at(github.githubClaims()), { key: attacker, kid: 'key-1' }),
        'SIGNATURE_INVALID',
        /^token signature does not verify/,
      );
      // PS256 over an RS256-pinned key: the JWKS says which algorithm the key is for.
      await refused(
        verifier,
        await github.mint(at(github.githubClaims()), { alg: 'PS256' }),
        'KEY_UNKNOWN',
        /^key "key-1" in the JWKS of .* is RSA 2048-bit and cannot verify PS256: the JWKS pins it to RS256$/,
      );
    });

    it('an unknown kid', async () => {
      await refused(
        verifier,
        await github.mint(at(github.githubClaims()), { kid: 'abc' }),
        'KEY_UNKNOWN',
        new RegExp(
          `^no key "abc" in the JWKS of ${github.url.replace(/\./g, '\\.')} \\(keys: key-1, key-2; refetched \\d+ s ago\\)$`,
        ),
      );
    });

    it('missing or empty sub', async () => {
      await refused(
        verifier,
        await github.mint(at(github.githubClaims({ sub: undefined }))),
        'CLAIM_MISSING',
        'token has no sub (subject) claim',
      );
      await refused(
        verifier,
        await github.mint(at(github.githubClaims({ sub: '' }))),
        'CLAIM_INVALID',
        'token sub must be a non-empty string, got an empty string',
      );
    });

    it('email issuers: unverified or missing email', async () => {
      const claims = (overrides: Record<string, unknown>) =>
        email.emailClaims({ iat: NOW, exp: NOW + 600, ...overrides });
      await refused(
        verifier,
        await email.mint(claims({ email_verified: false })),
        'CLAIM_INVALID',
        'token email "alice@example.com" is not verified (email_verified is false, must be true)',
      );
      await refused(
        verifier,
        await email.mint(claims({ email_verified: 'true' })),
        'CLAIM_INVALID',
        'token email "alice@example.com" is not verified (email_verified is "true", must be true)',
      );
      await refused(
        verifier,
        await email.mint(claims({ email: undefined })),
        'CLAIM_MISSING',
        `token has no email claim, which email issuer "${email.url}" requires`,
      );
      await refused(
        verifier,
        await email.mint(claims({ email: 'not an address' })),
        'CLAIM_INVALID',
        'token email claim is not an email address (got "not an address")',
      );
      const skipping = new TokenVerifier(
        new IssuerRegistry({ issuers: [email.settings('email', { skipEmailVerification: true })] }),
        { now: () => new Date(clock) },
      );
      const verified = await skipping.verify(await email.mint(claims({ email_verified: false })));
      assert.equal(challengeFor(verified), 'alice@example.com');
    });

    it('malformed tokens', async () => {
      const good = await github.mint(at(github.githubClaims()));
      const [header, payload, signature] = good.split('.') as [string, string, string];
      await refused(
        verifier,
        `${header}.${payload}`,
        'TOKEN_MALFORMED',
        'token has 2 parts separated by "."; a signed JWT has 3 (header.payload.signature)',
      );
      await refused(
        verifier,
        `${header}.${payload}!.${signature}`,
        'TOKEN_MALFORMED',
        /^token payload is not base64url: character code 33 at offset \d+ of the payload$/,
      );
      await refused(
        verifier,
        `${header}.${Buffer.from('not json').toString('base64url')}.${signature}`,
        'TOKEN_MALFORMED',
        'token payload is not JSON (8 bytes after base64url decoding)',
      );
      await refused(
        verifier,
        `${Buffer.from('[]').toString('base64url')}.${payload}.${signature}`,
        'TOKEN_MALFORMED',
        'token header must be a JSON object, got an array',
      );
    });

    it('a critical header the verifier does not understand', async () => {
      await refused(
        verifier,
        await github.mint(at(github.githubClaims()), { header: { crit: ['exp'], exp: 1 } }),
        'TOKEN_MALFORMED',
        /^token is not a valid JWS: /,
      );
    });

    it('an unencoded payload (b64 false), which jose would verify', async () => {
      await refused(
        verifier,
        await github.mint(at(github.githubClaims()), { header: { crit: ['b64'], b64: false } }),
        'TOKEN_MALFORMED',
        'token is not a valid JWS: "b64": false (an unencoded payload) is not a JWT',
      );
    });
  });

  describe('meta issuers', () => {
    it('keep one key cache per concrete issuer, bounded', async () => {
      const slugs = await Promise.all([
        startTestIssuer({ path: '/acme' }),
        startTestIssuer({ path: '/beta' }),
      ]);
      try {
        const origins = new Set(slugs.map((s) => new URL(s.url).origin));
        const issuers: IssuerSettings[] = [...origins].map((origin) => ({
          ...slugs[0]!.settings('github'),
          issuerUrl: `${origin}/*`,
          wildcard: true,
        }));
        const meta = new TokenVerifier(new IssuerRegistry({ issuers }), { maxMetaIssuers: 1 });
        for (const slug of slugs) {
          const verified = await meta.verify(await slug.mint(slug.githubClaims()));
          assert.equal(verified.issuer.issuerUrl, `${new URL(slug.url).origin}/*`);
          assert.equal(verified.claims.iss, slug.url);
        }
        assert.deepEqual(
          meta.describe().map((status) => status.issuer),
          [slugs[1]!.url],
        );
        // The evicted issuer is fetched again when it comes back.
        await meta.verify(await slugs[0]!.mint(slugs[0]!.githubClaims()));
        assert.equal(slugs[0]!.fetches.jwks, 2);
        await refused(
          meta,
          await slugs[0]!.mint(slugs[0]!.githubClaims({ iss: `${slugs[0]!.url}/x` })),
          'ISSUER_UNKNOWN',
          /the issuer has the extra path "\/x"/,
        );
      } finally {
        await Promise.all(slugs.map((s) => s.close()));
      }
    });
  });

  describe('meta issuers under a flood of made-up slugs', () => {
    it('look up few new issuers per cooldown, and keep the ones that work', async () => {
      const slug = await startTestIssuer({ path: '/acme', keyType: 'ec' });
      let requests = 0;
      slug.intercept = () => {
        requests++;
        return false;
      };
      try {
        const origin = new URL(slug.url).origin;
        const pattern = `${origin}/*`;
        let now = NOW * 1000;
        const meta = new TokenVerifier(
          new IssuerRegistry({
            issuers: [{ ...slug.settings('email'), issuerUrl: pattern, wildcard: true }],
          }),
          { now: () => new Date(now), maxMetaIssuers: 2, metaDiscoveryBudget: 3 },
        );
        await meta.verify(await slug.mint(at(slug.emailClaims())));
        assert.equal(requests, 2, 'discovery and JWKS of the real issuer');
        const forged = (n: number): Promise<string> =>
          slug.mint(at(slug.emailClaims({ iss: `${origin}/made-up-${n}` })), { forge: true });
        for (let n = 0; n < 20; n++) {
          if (n < 2) {
            await refused(meta, await forged(n), 'ISSUER_NOT_FOUND', /answered HTTP 404/);
          } else {
            await refused(
              meta,
              await forged(n),
              'DISCOVERY_FAILED',
              `not looking up the issuer "${origin}/made-up-${n}" now: 3 new issuers matching the meta issuer "${pattern}" were looked up in the last 30 s, the most allowed; try again in 30 s`,
            );
          }
        }
        assert.equal(requests, 4, 'one discovery for each of the first two made-up slugs');
        // Made-up slugs are evicted before the working issuer, which needs no new fetch.
        await meta.verify(await slug.mint(at(slug.emailClaims())));
        await refused(meta, await forged(1), 'ISSUER_NOT_FOUND', /answered HTTP 404/);
        assert.equal(requests, 4);
        now += 30_000;
        await refused(meta, await forged(19), 'ISSUER_NOT_FOUND', /answered HTTP 404/);
        assert.equal(requests, 5);
      } finally {
        await slug.close();
      }
    });
  });

  it('picks up a rotated key (new kid) once the cooldown has passed', async () => {
    const issuer = await startTestIssuer();
    try {
      let now = Date.now();
      const own = new TokenVerifier(new IssuerRegistry({ issuers: [issuer.settings('github')] }), {
        now: () => new Date(now),
      });
      await own.verify(await issuer.mint(issuer.githubClaims({ iat: Math.floor(now / 1000) })));
      const next = issuer.rotate();
      now += 31_000;
      const token = await issuer.mint(issuer.githubClaims({ iat: Math.floor(now / 1000) }), {
        key: next,
      });
      assert.equal(
        (await own.verify(token)).subject,
        'repo:octo-org/octo-repo:ref:refs/heads/main',
      );
      assert.deepEqual(issuer.fetches, { discovery: 1, jwks: 2 });
    } finally {
      await issuer.close();
    }
  });
});
