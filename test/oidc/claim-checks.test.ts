/**
 * The claim checks of TokenVerifier at their edges: the exact second where the clock skew stops
 * covering `exp`, `nbf` and `iat`, values JSON can carry but a NumericDate cannot, uri issuers'
 * subject domain, and the verifier options that must be refused at start-up. Each case here was
 * one a mutation run (`npm run mutate`) showed no other test held.
 */
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OidcError, type OidcErrorCode } from '../../src/oidc/error.js';
import { IssuerRegistry } from '../../src/oidc/issuers.js';
import { TokenVerifier, type TokenVerifierOptions, challengeFor } from '../../src/oidc/verify.js';
import { type Claims, type TestIssuer, mintToken, startTestIssuer } from '../helpers/oidc.js';

/** 2026-11-23T10:05:12Z. */
const NOW = Date.parse('2026-11-23T10:05:12Z') / 1000;

async function refusedWith(
  verifier: TokenVerifier,
  token: string,
  code: OidcErrorCode,
  message: RegExp | string,
): Promise<void> {
  await assert.rejects(verifier.verify(token), (error: unknown) => {
    assert.ok(error instanceof OidcError, String(error));
    assert.equal(error.code, code, error.message);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

describe('TokenVerifier claim checks at their edges', () => {
  let github: TestIssuer;
  let uri: TestIssuer;
  let verifier: TokenVerifier;
  const make = (options: TokenVerifierOptions = {}): TokenVerifier =>
    new TokenVerifier(
      new IssuerRegistry({
        issuers: [
          github.settings('github'),
          uri.settings('uri', { subjectDomain: 'https://ci.example.com', challengeClaim: 'sub' }),
        ],
      }),
      { now: () => new Date(NOW * 1000), ...options },
    );

  before(async () => {
    [github, uri] = await Promise.all([
      startTestIssuer({ keyType: 'ec', keyCount: 1 }),
      startTestIssuer({ keyType: 'ec', keyCount: 1 }),
    ]);
    verifier = make();
  });
  after(() => Promise.all([github.close(), uri.close()]));

  /** GitHub claims valid at NOW (the helper's defaults follow the real clock). */
  const claims = (overrides: Claims = {}): Claims =>
    github.githubClaims({ exp: NOW + 60, iat: NOW, nbf: undefined, ...overrides });
  const times = (exp: number, nbf: number | undefined, iat: number): Promise<string> =>
    github.mint(claims({ exp, nbf, iat }));

  it('expires a token exactly when now minus the skew reaches exp', async () => {
    await verifier.verify(await times(NOW - 29, undefined, NOW - 300));
    await refusedWith(
      verifier,
      await times(NOW - 30, undefined, NOW - 300),
      'TOKEN_EXPIRED',
      'token expired at 2026-11-23T10:04:42Z (now 2026-11-23T10:05:12Z, allowed skew 30 s)',
    );
    // With no skew, exp equal to now is already past.
    const strict = make({ clockSkewSeconds: 0 });
    await strict.verify(await times(NOW + 1, undefined, NOW));
    await refusedWith(
      strict,
      await times(NOW, undefined, NOW),
      'TOKEN_EXPIRED',
      /allowed skew 0 s/,
    );
  });

  it('accepts nbf up to now plus the skew, and refuses one second later', async () => {
    await verifier.verify(await times(NOW + 300, NOW + 30, NOW));
    await refusedWith(
      verifier,
      await times(NOW + 300, NOW + 31, NOW),
      'TOKEN_NOT_YET_VALID',
      'token is not valid before 2026-11-23T10:05:43Z (now 2026-11-23T10:05:12Z, allowed skew 30 s)',
    );
  });

  it('accepts iat up to now plus the skew, and refuses one second later', async () => {
    await verifier.verify(await times(NOW + 300, undefined, NOW + 30));
    await refusedWith(
      verifier,
      await times(NOW + 300, undefined, NOW + 31),
      'TOKEN_ISSUED_IN_FUTURE',
      'token was issued at 2026-11-23T10:05:43Z, in the future (now 2026-11-23T10:05:12Z, allowed skew 30 s)',
    );
  });

  it('uses the configured skew, within its bounds', async () => {
    const wide = make({ clockSkewSeconds: 300 });
    await wide.verify(await times(NOW - 299, NOW + 300, NOW + 300));
    await refusedWith(wide, await times(NOW - 300, undefined, NOW), 'TOKEN_EXPIRED', /skew 300 s/);
    for (const skew of [-1, 301, 1.5, Number.NaN]) {
      assert.throws(() => make({ clockSkewSeconds: skew }), {
        code: 'CONFIG_INVALID',
        message: `clockSkewSeconds must be an integer from 0 to 300, got ${skew}`,
      });
    }
  });

  it('refuses time claims JSON can carry that are not NumericDates', async () => {
    // 1e400 parses to Infinity; a token can carry it though JSON.stringify cannot write it.
    const key = github.keys[0]!;
    const raw = async (claims: Claims, exp: string): Promise<string> => {
      const json = JSON.stringify(claims).replace('"exp":0', `"exp":${exp}`);
      return signRaw(json, key);
    };
    await refusedWith(
      verifier,
      await raw({ ...claims(), exp: 0 }, '1e400'),
      'CLAIM_INVALID',
      'token exp must be a NumericDate (seconds since the epoch), got a number',
    );
    await refusedWith(
      verifier,
      await times(NOW + 300, '2026' as unknown as number, NOW),
      'CLAIM_INVALID',
      'token nbf must be a NumericDate (seconds since the epoch), got a string',
    );
    await refusedWith(
      verifier,
      await github.mint(claims({ iat: null })),
      'CLAIM_INVALID',
      'token iat must be a NumericDate (seconds since the epoch), got null',
    );
  });

  it('names fractional and out-of-range NumericDates exactly', async () => {
    await refusedWith(
      verifier,
      await times(NOW - 60.5, undefined, NOW - 300),
      'TOKEN_EXPIRED',
      'token expired at 2026-11-23T10:04:11.500Z (now 2026-11-23T10:05:12Z, allowed skew 30 s)',
    );
    await refusedWith(
      verifier,
      await times(NOW + 300, undefined, 1e300),
      'TOKEN_ISSUED_IN_FUTURE',
      'token was issued at 1e+300 (out of range), in the future (now 2026-11-23T10:05:12Z, allowed skew 30 s)',
    );
  });

  it('takes an audience list of strings, and shows at most ten of a long wrong one', async () => {
    await verifier.verify(await github.mint(claims({ aud: ['a', 'sigstore'] })));
    const many = Array.from({ length: 12 }, (_, i) => `aud-${i}`);
    await refusedWith(
      verifier,
      await github.mint(claims({ aud: many })),
      'AUDIENCE_MISMATCH',
      `token audience ${JSON.stringify(many.slice(0, 10)).slice(0, -1)},…] does not include "sigstore"; request the token with audience "sigstore"`,
    );
    await refusedWith(
      verifier,
      await github.mint(claims({ aud: ['sigstore', 7] })),
      'CLAIM_INVALID',
      'token aud must be a string or a list of strings, got an array',
    );
    await refusedWith(
      verifier,
      await github.mint(claims({ aud: { sigstore: 1 } })),
      'CLAIM_INVALID',
      'token aud must be a string or a list of strings, got an object',
    );
  });

  it('refuses a sub that is not a string', async () => {
    await refusedWith(
      verifier,
      await github.mint(claims({ sub: 42 })),
      'CLAIM_INVALID',
      'token sub must be a non-empty string, got a number',
    );
  });

  describe('uri issuers', () => {
    const token = (sub: unknown): Promise<string> =>
      uri.mint({ iss: uri.url, aud: 'sigstore', iat: NOW, exp: NOW + 60, sub });

    it('accept a subject under the subject domain and sign it', async () => {
      const verified = await verifier.verify(await token('https://ci.example.com/jobs/7'));
      assert.equal(verified.issuer.provider, 'uri');
      assert.equal(challengeFor(verified), 'https://ci.example.com/jobs/7');
    });

    it('refuse a subject on another host or scheme, or no URI at all', async () => {
      await refusedWith(
        verifier,
        await token('https://evil.example.com/jobs/7'),
        'CLAIM_INVALID',
        'token sub "https://evil.example.com/jobs/7" is not under the subject domain "https://ci.example.com"',
      );
      await refusedWith(
        verifier,
        await token('http://ci.example.com/jobs/7'),
        'CLAIM_INVALID',
        /^token sub "http:\/\/ci\.example\.com\/jobs\/7" is not under the subject domain/,
      );
      await refusedWith(
        verifier,
        await token('jobs/7'),
        'CLAIM_INVALID',
        `token sub "jobs/7" is not a URI, which uri issuer "${uri.url}" requires`,
      );
    });
  });

  it('says which claim a proof of possession needs when the token lacks it', () => {
    const settings = uri.settings('email');
    assert.throws(() => challengeFor({ issuer: settings, claims: { sub: 'x' }, subject: 'x' }), {
      code: 'CLAIM_MISSING',
      message: 'token has no email claim to sign',
    });
  });

  it('refuses verifier options outside their bounds at start-up', () => {
    for (const [name, value] of [
      ['maxMetaIssuers', 0],
      ['maxMetaIssuers', 1.5],
      ['metaDiscoveryBudget', 0],
      ['metaDiscoveryBudget', -3],
    ] as const) {
      assert.throws(() => make({ [name]: value }), {
        code: 'CONFIG_INVALID',
        message: `${name} must be a positive integer, got ${value}`,
      });
    }
    make({ maxMetaIssuers: 1, metaDiscoveryBudget: 1, clockSkewSeconds: 0 });
    assert.throws(() => make({ algorithms: [] }), {
      code: 'CONFIG_INVALID',
      message: 'algorithms must not be empty',
    });
    assert.throws(() => make({ algorithms: ['ES256', 'none'] }), {
      code: 'CONFIG_INVALID',
      message:
        'algorithm "none" cannot be allowed; supported: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA',
    });
  });
});

/** Signs a payload given as JSON text, so that it can hold what JSON.stringify cannot write. */
async function signRaw(json: string, key: TestIssuer['keys'][number]): Promise<string> {
  const token = await mintToken({}, key);
  const [header] = token.split('.') as [string];
  const input = `${header}.${Buffer.from(json).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}
