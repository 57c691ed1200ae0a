/**
 * The node:crypto JWS check (src/oidc/jws.ts) against jose's compactVerify, the verifier it
 * replaced: over valid tokens of every allowed algorithm and their mutations (signatures cut,
 * padded, re-encoded, made by another key or with another padding; headers with every form of
 * `crit` and `b64`; keys of the wrong type, curve or size; random bit flips), both must accept
 * the same tokens and refuse the others for the same reason (a bad signature or a malformed
 * token). The one intended difference is listed: `"b64": false`, which jose verifies and a JWT
 * never uses. Random choices replay with JWS_DIFF_SEED.
 */
import assert from 'node:assert/strict';
import {
  type KeyObject,
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
} from 'node:crypto';
import { describe, it } from 'node:test';
import { compactVerify, errors as joseErrors } from 'jose';
import { OidcError } from '../../src/oidc/error.js';
import { keyFacts } from '../../src/core/spki.js';
import { verifyJwsSignature } from '../../src/oidc/jws.js';
import { decodeJwt } from '../../src/oidc/jwt.js';
import { SUPPORTED_ALGORITHMS } from '../../src/oidc/verify.js';
import { type SeededRandom, seededRandom } from '../helpers/random.js';

type Outcome = 'accepted' | 'SIGNATURE_INVALID' | 'TOKEN_MALFORMED';

interface Pair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A pair re-imported from its DER: jose exports keys as JWK, which a fresh key must not be. */
function pair(type: 'rsa' | 'ec' | 'ed25519', option?: number | string): Pair {
  const fresh =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: (option as number | undefined) ?? 2048 })
      : type === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: option as string })
        : generateKeyPairSync('ed25519');
  return {
    privateKey: createPrivateKey({
      key: fresh.privateKey.export({ format: 'der', type: 'pkcs8' }),
      format: 'der',
      type: 'pkcs8',
    }),
    publicKey: createPublicKey({
      key: fresh.publicKey.export({ format: 'der', type: 'spki' }),
      format: 'der',
      type: 'spki',
    }),
  };
}

const KEYS = {
  rsa: pair('rsa'),
  rsa3072: pair('rsa', 3072),
  rsa1024: pair('rsa', 1024),
  p256: pair('ec', 'P-256'),
  otherP256: pair('ec', 'P-256'),
  p384: pair('ec', 'P-384'),
  p521: pair('ec', 'P-521'),
  ed25519: pair('ed25519'),
  otherEd25519: pair('ed25519'),
};
type KeyName = keyof typeof KEYS;

/** The key each algorithm signs with in the corpus. */
const SIGNER: Record<string, KeyName> = {
  RS256: 'rsa',
  RS384: 'rsa3072',
  RS512: 'rsa',
  PS256: 'rsa',
  PS384: 'rsa3072',
  PS512: 'rsa',
  ES256: 'p256',
  ES384: 'p384',
  ES512: 'p521',
  EdDSA: 'ed25519',
};

const b64u = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A signature of `input` as `alg` prescribes; `as` signs the way another algorithm would. */
function signAs(alg: string, key: KeyObject, input: string, saltLength?: number): Buffer {
  const bits = alg.slice(2);
  const data = Buffer.from(input);
  if (alg === 'EdDSA') return sign(null, data, key);
  if (alg.startsWith('ES')) return sign(`sha${bits}`, data, { key, dsaEncoding: 'ieee-p1363' });
  if (alg.startsWith('PS')) {
    return sign(`sha${bits}`, data, {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: saltLength ?? Number(bits) / 8,
    });
  }
  return sign(`sha${bits}`, data, key);
}

const CLAIMS = { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:o/r:ref:x' };

interface Case {
  name: string;
  token: string;
  /** The key the verifier holds for the token's issuer. */
  key: KeyName;
}

/** A token whose header is `header` (alg included), signed by `signer` as `signAlg` would. */
function token(
  header: Record<string, unknown>,
  signer: KeyName,
  signAlg = header.alg as string,
  payload: unknown = CLAIMS,
): string {
  const input = `${b64u(header)}.${b64u(payload)}`;
  return `${input}.${signAs(signAlg, KEYS[signer].privateKey, input).toString('base64url')}`;
}

const withSignature = (text: string, signature: Buffer): string =>
  `${text.slice(0, text.lastIndexOf('.'))}.${signature.toString('base64url')}`;
const signatureOf = (text: string): Buffer =>
  Buffer.from(text.slice(text.lastIndexOf('.') + 1), 'base64url');

/** ECDSA R || S as a DER Ecdsa-Sig-Value, the encoding X.509 uses and JWS does not. */
function toDer(raw: Buffer): Buffer {
  const int = (bytes: Buffer): Buffer => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let value = bytes.subarray(i);
    if ((value[0] as number) & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
    return Buffer.concat([Buffer.from([0x02, value.length]), value]);
  };
  const half = raw.length / 2;
  const body = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  const length = body.length < 128 ? [body.length] : [0x81, body.length];
  return Buffer.concat([Buffer.from([0x30, ...length]), body]);
}

function corpus(random: SeededRandom): Case[] {
  const cases: Case[] = [];
  const add = (name: string, text: string, key: KeyName): void => {
    cases.push({ name, token: text, key });
  };
  for (const alg of SUPPORTED_ALGORITHMS) {
    const signer = SIGNER[alg] as KeyName;
    const valid = token({ alg, typ: 'JWT', kid: 'k' }, signer);
    const signature = signatureOf(valid);
    add(`${alg} valid`, valid, signer);
    add(`${alg} without kid or typ`, token({ alg }, signer), signer);
    for (const other of Object.keys(KEYS) as KeyName[]) {
      if (other !== signer) add(`${alg} checked with the ${other} key`, valid, other);
    }
    for (const index of [0, signature.length >> 1, signature.length - 1]) {
      const flipped = Buffer.from(signature);
      flipped[index] = (flipped[index] as number) ^ 0x01;
      add(`${alg} signature byte ${index} flipped`, withSignature(valid, flipped), signer);
    }
    add(`${alg} signature cut by one byte`, withSignature(valid, signature.subarray(1)), signer);
    add(
      `${alg} signature with a zero byte before`,
      withSignature(valid, Buffer.concat([Buffer.from([0]), signature])),
      signer,
    );
    add(
      `${alg} signature with a zero byte after`,
      withSignature(valid, Buffer.concat([signature, Buffer.from([0])])),
      signer,
    );
    add(`${alg} empty signature`, withSignature(valid, Buffer.alloc(0)), signer);
    add(
      `${alg} random signature of the right length`,
      withSignature(valid, Buffer.from(Array.from(signature, () => random.int(0, 255)))),
      signer,
    );
    add(`${alg} zero signature`, withSignature(valid, Buffer.alloc(signature.length)), signer);
    const otherPayload = token({ alg, typ: 'JWT', kid: 'k' }, signer, alg, {
      ...CLAIMS,
      sub: 'repo:o/evil:ref:x',
    });
    add(`${alg} signature of another payload`, withSignature(otherPayload, signature), signer);
    if (alg.startsWith('ES')) {
      add(`${alg} signature in DER`, withSignature(valid, toDer(signature)), signer);
      const half = signature.length / 2;
      const zeroS = Buffer.concat([signature.subarray(0, half), Buffer.alloc(half)]);
      add(`${alg} signature with S = 0`, withSignature(valid, zeroS), signer);
    }
    if (alg.startsWith('RS')) {
      const header = { alg: `PS${alg.slice(2)}` };
      add(`${alg}: PKCS#1 v1.5 signature under a PS header`, token(header, signer, alg), signer);
    }
    if (alg.startsWith('PS')) {
      const header = { alg };
      const input = `${b64u(header)}.${b64u(CLAIMS)}`;
      for (const salt of [0, 20, constants.RSA_PSS_SALTLEN_MAX_SIGN]) {
        const other = signAs(alg, KEYS[signer].privateKey, input, salt);
        add(
          `${alg} with PSS salt length ${salt}`,
          `${input}.${other.toString('base64url')}`,
          signer,
        );
      }
      add(
        `${alg}: PSS signature under an RS header`,
        token({ alg: `RS${alg.slice(2)}` }, signer, alg),
        signer,
      );
    }
  }
  for (const alg of ['RS256', 'PS256'] as const) {
    add(`${alg} by a 1024-bit key`, token({ alg }, 'rsa1024'), 'rsa1024');
  }
  add('ES256 header, P-384 key and signature', token({ alg: 'ES256' }, 'p384', 'ES384'), 'p384');
  add('ES384 header, P-256 key and signature', token({ alg: 'ES384' }, 'p256', 'ES256'), 'p256');

  // Headers: crit and b64 in every form, each token validly signed.
  const headers: [string, Record<string, unknown>][] = [
    ['crit b64 with b64 true', { crit: ['b64'], b64: true }],
    ['crit b64 without b64', { crit: ['b64'] }],
    ['crit b64 with b64 null', { crit: ['b64'], b64: null }],
    ['crit b64 with b64 "true"', { crit: ['b64'], b64: 'true' }],
    ['crit b64 with b64 1', { crit: ['b64'], b64: 1 }],
    ['crit b64 twice', { crit: ['b64', 'b64'], b64: true }],
    ['crit exp', { crit: ['exp'], exp: 1 }],
    ['crit b64 and exp', { crit: ['b64', 'exp'], b64: true, exp: 1 }],
    ['crit empty', { crit: [] }],
    ['crit with an empty name', { crit: [''] }],
    ['crit a string', { crit: 'b64', b64: true }],
    ['crit a number list', { crit: [1] }],
    ['crit null', { crit: null }],
    ['crit an object', { crit: { b64: true } }],
    ['b64 false without crit', { b64: false }],
    ['b64 "x" without crit', { b64: 'x' }],
    ['unknown header fields', { jku: 'https://evil.example/jwks', x5u: 'x', zip: 'DEF' }],
  ];
  for (const alg of ['RS256', 'ES256', 'EdDSA']) {
    const signer = SIGNER[alg] as KeyName;
    for (const [name, extra] of headers)
      add(`${alg} ${name}`, token({ alg, ...extra }, signer), signer);
    add(
      `${alg} crit b64 with b64 false`,
      token({ alg, crit: ['b64'], b64: false }, signer),
      signer,
    );
  }

  // Random bit flips anywhere in valid tokens: most break decoding, some the signature.
  const bases = cases.filter((c) => c.name.endsWith(' valid'));
  for (let i = 0; i < 300; i++) {
    const base = random.pick(bases) as Case;
    const at = random.int(0, base.token.length - 1);
    const bit = 1 << random.int(0, 6);
    const text =
      base.token.slice(0, at) +
      String.fromCharCode(base.token.charCodeAt(at) ^ bit) +
      base.token.slice(at + 1);
    add(`${base.name}, character ${at} xor ${bit}`, text, base.key);
  }
  return cases;
}

/** The outcome of the code under test, from the token as TokenVerifier holds it. */
function ours(text: string, key: KeyObject): Outcome | undefined {
  try {
    const decoded = decodeJwt(text);
    const alg = decoded.header.alg;
    if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)) return undefined;
    verifyJwsSignature(decoded, keyFacts(key), alg, 'the key');
    return 'accepted';
  } catch (error) {
    assert.ok(error instanceof OidcError, String(error));
    assert.ok(error.code === 'SIGNATURE_INVALID' || error.code === 'TOKEN_MALFORMED', error.code);
    return error.code;
  }
}

/** jose's outcome, after the same strict decoding the verifier did before calling it. */
async function joses(text: string, key: KeyObject): Promise<Outcome | undefined> {
  let alg: string;
  try {
    alg = decodeJwt(text).header.alg;
  } catch {
    return 'TOKEN_MALFORMED';
  }
  if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)) return undefined;
  try {
    await compactVerify(text, key, { algorithms: [alg] });
    return 'accepted';
  } catch (error) {
    return error instanceof joseErrors.JWSSignatureVerificationFailed
      ? 'SIGNATURE_INVALID'
      : 'TOKEN_MALFORMED';
  }
}

/** Where the two may differ, on purpose: jose's answer, then ours. */
const INTENDED: Record<string, [Outcome, Outcome]> = {
  'RS256 crit b64 with b64 false': ['accepted', 'TOKEN_MALFORMED'],
  'ES256 crit b64 with b64 false': ['accepted', 'TOKEN_MALFORMED'],
  'EdDSA crit b64 with b64 false': ['accepted', 'TOKEN_MALFORMED'],
};

describe('JWS signatures: node:crypto against jose', () => {
  it('accept and refuse the same tokens for the same reason', async (t) => {
    const random = seededRandom(t, 'JWS_DIFF_SEED');
    const cases = corpus(random);
    const outcomes = new Map<Outcome, number>();
    const differences: string[] = [];
    for (const { name, token: text, key } of cases) {
      const publicKey = KEYS[key].publicKey;
      const theirs = await joses(text, publicKey);
      const mine = ours(text, publicKey);
      if (theirs === undefined) {
        assert.equal(mine, undefined, name);
        continue;
      }
      outcomes.set(theirs, (outcomes.get(theirs) ?? 0) + 1);
      const intended = INTENDED[name];
      if (intended !== undefined) {
        assert.deepEqual([theirs, mine], intended, name);
      } else if (theirs !== mine) {
        differences.push(`${name}: jose ${theirs}, node:crypto ${mine}`);
      }
    }
    assert.deepEqual(differences, []);
    // The corpus exercises every outcome, plenty of each.
    for (const outcome of ['accepted', 'SIGNATURE_INVALID', 'TOKEN_MALFORMED'] as const) {
      assert.ok((outcomes.get(outcome) ?? 0) >= 20, `${outcome}: ${outcomes.get(outcome)}`);
    }
    t.diagnostic(`${cases.length} tokens: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  });
});
