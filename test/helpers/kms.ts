import {
  createHash,
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  randomUUID,
  sign as cryptoSign,
  timingSafeEqual,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { fromBase64, toBase64 } from '../../src/core/base64.js';
import { spkiOf } from '../../src/core/x509.js';
import { ecPrivateScalar } from './keys.js';
import { selfSignedCertificate } from './tls.js';

/**
 * A stand-in for AWS KMS that speaks its real wire protocol (JSON 1.1: `POST /`,
 * `X-Amz-Target: TrentService.<Operation>`, base64 blobs, `{"__type", "message"}` errors with
 * status 400) and checks every request's SigV4 signature with its secret key, so the real
 * `@aws-sdk/client-kms` talks to it exactly as it talks to AWS: serialisation, signing,
 * retries and error parsing included.
 *
 * Operations: GetPublicKey, Sign, DescribeKey, CreateKey. Keys are ephemeral and their
 * refusals follow KMS's (NotFoundException, DisabledException, KMSInvalidStateException,
 * InvalidKeyUsageException, ValidationException). It signs with EC keys only; RSA keys exist
 * so that clients can be seen refusing them.
 */

export type FakeKeySpec =
  | 'ECC_NIST_P256'
  | 'ECC_NIST_P384'
  | 'ECC_NIST_P521'
  | 'RSA_2048'
  | 'RSA_3072'
  | 'RSA_4096'
  | 'SYMMETRIC_DEFAULT';
export type FakeKeyUsage = 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT' | 'KEY_AGREEMENT';
export type FakeKeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';
export type KmsOperation = 'GetPublicKey' | 'Sign' | 'DescribeKey' | 'CreateKey';

export interface FakeKmsOptions {
  /** The only region requests may be signed for, and the region of every ARN. */
  region?: string;
  account?: string;
  /** The one access key the fake accepts. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Serve HTTPS with a self-signed certificate for 127.0.0.1 (`caPem` to trust it). */
  tls?: boolean;
}

export const FAKE_KMS_DEFAULTS = {
  region: 'us-east-1',
  account: '111122223333',
  credentials: {
    accessKeyId: 'AKIAFAKEKMSTESTKEY01',
    secretAccessKey: 'fake/kms/test/secret/key/0123456789abcdef',
  },
} as const;

export interface FakeKey {
  keyId: string;
  arn: string;
  spec: FakeKeySpec;
  usage: FakeKeyUsage;
  /** `alias/NAME` and its ARN, when created with an alias. */
  alias?: string;
  aliasArn?: string;
  /** SubjectPublicKeyInfo DER (asymmetric keys). */
  publicKey?: Buffer;
}

/** A failure the fake answers instead of the next matching requests (after authentication). */
export interface InjectedFailure {
  /** Only this operation; default any. */
  operation?: KmsOperation;
  /** How many requests fail; default 1. */
  times?: number;
  /** HTTP status; default 400. */
  status?: number;
  /** The error's `__type`; default ThrottlingException. */
  type?: string;
  message?: string;
  /** Drop the connection without answering, as a network failure would. */
  dropConnection?: boolean;
  /** Never answer (until the client gives up or the fake closes). */
  hang?: boolean;
  /**
   * Answer 200 with a well-formed wrong value instead of an error: for 'signature', Sign
   * returns the key's signature over another message; for 'publicKey', GetPublicKey returns
   * another key of the same spec. The failure then applies to that operation only.
   */
  wrong?: 'signature' | 'publicKey';
}

export interface KmsCall {
  /** From X-Amz-Target; '' when absent or malformed. */
  operation: string;
  /** The status answered; 0 for a dropped connection. */
  status: number;
  errorType?: string;
  /** From a well-formed Authorization header (whether or not the signature verified). */
  accessKeyId?: string;
  region?: string;
  signedHeaders?: string[];
  /** The request's KeyId. */
  keyId?: string;
  /** The parsed request body. */
  request?: Record<string, unknown>;
  /** The SDK's `amz-sdk-request` header (`attempt=N; max=M`). */
  attempt?: string;
}

export interface FakeKms {
  /** `http(s)://127.0.0.1:PORT`. */
  readonly url: string;
  /** `127.0.0.1:PORT`, the authority of an `awskms://HOST:PORT/...` reference. */
  readonly host: string;
  readonly region: string;
  readonly account: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The TLS certificate (PEM) when serving HTTPS. */
  readonly caPem?: string;
  /** Every request, in order. */
  readonly calls: KmsCall[];
  createKey(options?: { spec?: FakeKeySpec; usage?: FakeKeyUsage; alias?: string }): FakeKey;
  /** Points `alias/NAME` at a key (creating or moving the alias). */
  setAlias(alias: string, keyId: string): void;
  setKeyState(keyId: string, state: FakeKeyState): void;
  inject(failure: InjectedFailure): void;
  /** Requests seen, for one operation or all. */
  count(operation?: KmsOperation): number;
  close(): Promise<void>;
}

interface SpecInfo {
  usages: readonly FakeKeyUsage[];
  generate?: () => KeyObject;
  /** Signs a digest as given (KMS MessageType DIGEST), for EC keys. */
  signDigest?: (digest: Uint8Array, scalar: Uint8Array) => Uint8Array;
  signing?: readonly string[];
  encryption?: readonly string[];
  agreement?: readonly string[];
}

const ecKey = (namedCurve: string) => () =>
  // Re-imported from DER: Node 20 can deadlock reading a generateKeyPair key's details.
  createPrivateKey({
    key: generateKeyPairSync('ec', { namedCurve }).privateKey.export({
      format: 'der',
      type: 'pkcs8',
    }),
    format: 'der',
    type: 'pkcs8',
  });
const rsaKey = (modulusLength: number) => () =>
  createPrivateKey({
    key: generateKeyPairSync('rsa', { modulusLength }).privateKey.export({
      format: 'der',
      type: 'pkcs8',
    }),
    format: 'der',
    type: 'pkcs8',
  });
// @noble/curves signs a digest as given (node:crypto cannot); high S is left as OpenSSL and
// KMS leave it.
const nobleDigest =
  (curve: typeof p256) =>
  (digest: Uint8Array, scalar: Uint8Array): Uint8Array =>
    curve.sign(digest, scalar, { prehash: false, lowS: false, format: 'der' });
const RSA_SIGNING = ['SHA_256', 'SHA_384', 'SHA_512'].flatMap((h) => [
  `RSASSA_PSS_${h}`,
  `RSASSA_PKCS1_V1_5_${h}`,
]);
const RSA_ENCRYPTION = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];

const SPECS: Record<FakeKeySpec, SpecInfo> = {
  ECC_NIST_P256: {
    usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
    generate: ecKey('P-256'),
    signDigest: nobleDigest(p256),
    signing: ['ECDSA_SHA_256'],
    agreement: ['ECDH'],
  },
  ECC_NIST_P384: {
    usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
    generate: ecKey('P-384'),
    signDigest: nobleDigest(p384),
    signing: ['ECDSA_SHA_384'],
    agreement: ['ECDH'],
  },
  ECC_NIST_P521: {
    usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
    generate: ecKey('P-521'),
    signDigest: nobleDigest(p521 as unknown as typeof p256),
    signing: ['ECDSA_SHA_512'],
    agreement: ['ECDH'],
  },
  RSA_2048: {
    usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
    generate: rsaKey(2048),
    signing: RSA_SIGNING,
    encryption: RSA_ENCRYPTION,
  },
  RSA_3072: {
    usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
    generate: rsaKey(3072),
    signing: RSA_SIGNING,
    encryption: RSA_ENCRYPTION,
  },
  RSA_4096: {
    usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
    generate: rsaKey(4096),
    signing: RSA_SIGNING,
    encryption: RSA_ENCRYPTION,
  },
  SYMMETRIC_DEFAULT: { usages: ['ENCRYPT_DECRYPT'], encryption: ['SYMMETRIC_DEFAULT'] },
};

const ALL_SIGNING_ALGORITHMS = new Set([
  ...RSA_SIGNING,
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'SM2DSA',
  'ML_DSA_SHAKE_256',
]);
const HASH_OF: Record<string, { name: string; length: number }> = {
  ECDSA_SHA_256: { name: 'sha256', length: 32 },
  ECDSA_SHA_384: { name: 'sha384', length: 48 },
  ECDSA_SHA_512: { name: 'sha512', length: 64 },
};

/** KMS's limit on a RAW message; larger messages must be signed as digests. */
const MAX_RAW_MESSAGE = 4096;
/** SigV4's allowed clock skew, as AWS enforces it. */
const MAX_SKEW_MS = 5 * 60 * 1000;
const MAX_BODY = 64 * 1024;
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

interface StoredKey {
  keyId: string;
  arn: string;
  spec: FakeKeySpec;
  usage: FakeKeyUsage;
  state: FakeKeyState;
  created: Date;
  privateKey?: KeyObject;
  publicKey?: Buffer;
  /** The EC private scalar, for @noble/curves. */
  scalar?: Uint8Array;
}

/** An error answered as `{"__type", "message"}`. */
class Fault extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export async function startFakeKms(options: FakeKmsOptions = {}): Promise<FakeKms> {
  const region = options.region ?? FAKE_KMS_DEFAULTS.region;
  const account = options.account ?? FAKE_KMS_DEFAULTS.account;
  const credentials: FakeKms['credentials'] = options.credentials ?? FAKE_KMS_DEFAULTS.credentials;
  const keys = new Map<string, StoredKey>();
  const aliases = new Map<string, string>();
  const failures: (InjectedFailure & { times: number; status: number; type: string })[] = [];
  const calls: KmsCall[] = [];
  const arnPrefix = `arn:aws:kms:${region}:${account}:`;

  function createKey(spec: FakeKeySpec, usage: FakeKeyUsage): StoredKey {
    const info = SPECS[spec];
    if (info === undefined) throw new Fault('ValidationException', `KeySpec ${spec} is not valid`);
    if (!info.usages.includes(usage)) {
      throw new Fault(
        'ValidationException',
        `KeyUsage ${usage} is not compatible with KeySpec ${spec}`,
      );
    }
    const keyId = randomUUID();
    const key: StoredKey = {
      keyId,
      arn: `${arnPrefix}key/${keyId}`,
      spec,
      usage,
      state: 'Enabled',
      created: new Date(),
    };
    if (info.generate !== undefined) {
      key.privateKey = info.generate();
      key.publicKey = spkiOf(key.privateKey);
      if (info.signDigest !== undefined) {
        key.scalar = ecPrivateScalar(key.privateKey);
      }
    }
    keys.set(keyId, key);
    return key;
  }

  function resolve(keyIdParam: unknown): StoredKey {
    if (typeof keyIdParam !== 'string' || keyIdParam === '') {
      throw new Fault(
        'ValidationException',
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: " +
          'Member must not be null',
      );
    }
    let id = keyIdParam;
    if (id.startsWith('arn:')) {
      if (!id.startsWith(arnPrefix)) throw new Fault('NotFoundException', `Invalid arn ${id}`);
      id = id.slice(arnPrefix.length);
      if (id.startsWith('key/')) id = id.slice('key/'.length);
      else if (!id.startsWith('alias/')) throw new Fault('NotFoundException', 'Invalid arn');
    }
    if (id.startsWith('alias/')) {
      const target = aliases.get(id);
      if (target === undefined) {
        throw new Fault('NotFoundException', `Alias ${arnPrefix}${id} is not found.`);
      }
      id = target;
    }
    const key = keys.get(id);
    if (key === undefined) {
      throw new Fault('NotFoundException', `Key '${arnPrefix}key/${id}' does not exist`);
    }
    return key;
  }

  function setAlias(alias: string, keyId: string): void {
    if (!alias.startsWith('alias/')) throw new TypeError(`aliases start with alias/: ${alias}`);
    if (!keys.has(keyId)) throw new TypeError(`no key ${keyId}`);
    aliases.set(alias, keyId);
  }

  function usable(key: StoredKey): StoredKey {
    if (key.state === 'Disabled') throw new Fault('DisabledException', `${key.arn} is disabled.`);
    if (key.state === 'PendingDeletion') {
      throw new Fault('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    }
    return key;
  }

  function metadata(key: StoredKey): Record<string, unknown> {
    const info = SPECS[key.spec];
    return {
      AWSAccountId: account,
      KeyId: key.keyId,
      Arn: key.arn,
      CreationDate: key.created.getTime() / 1000,
      Enabled: key.state === 'Enabled',
      Description: '',
      KeyUsage: key.usage,
      KeyState: key.state,
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: key.spec,
      KeySpec: key.spec,
      MultiRegion: false,
      ...algorithms(key, info),
    };
  }

  function algorithms(key: StoredKey, info: SpecInfo): Record<string, readonly string[]> {
    if (key.usage === 'SIGN_VERIFY') return { SigningAlgorithms: info.signing ?? [] };
    if (key.usage === 'KEY_AGREEMENT') return { KeyAgreementAlgorithms: info.agreement ?? [] };
    return { EncryptionAlgorithms: info.encryption ?? [] };
  }

  /** `wrong`: answer with a wrong value (InjectedFailure.wrong) instead of the right one. */
  const operations: Record<
    KmsOperation,
    (body: Record<string, unknown>, wrong: boolean) => unknown
  > = {
    GetPublicKey(body, wrong) {
      const key = usable(resolve(body.KeyId));
      if (key.publicKey === undefined) {
        throw new Fault(
          'UnsupportedOperationException',
          `${key.arn} key usage is ${key.usage} which is not valid for GetPublicKey.`,
        );
      }
      const other = wrong ? SPECS[key.spec].generate?.() : undefined;
      return {
        KeyId: key.arn,
        PublicKey: toBase64(other === undefined ? key.publicKey : spkiOf(other)),
        CustomerMasterKeySpec: key.spec,
        KeySpec: key.spec,
        KeyUsage: key.usage,
        ...algorithms(key, SPECS[key.spec]),
      };
    },

    Sign(body, wrong) {
      const key = usable(resolve(body.KeyId));
      if (key.usage !== 'SIGN_VERIFY') {
        throw new Fault(
          'InvalidKeyUsageException',
          `${key.arn} key usage is ${key.usage} which is not valid for Sign.`,
        );
      }
      if (typeof body.Message !== 'string') {
        throw new Fault(
          'ValidationException',
          "1 validation error detected: Value null at 'message' failed to satisfy constraint: " +
            'Member must not be null',
        );
      }
      let message: Buffer;
      try {
        message = fromBase64(body.Message, 'Message');
      } catch {
        throw new Fault('SerializationException', 'Message is not valid base64');
      }
      if (message.length === 0 || message.length > MAX_RAW_MESSAGE) {
        throw new Fault(
          'ValidationException',
          "1 validation error detected: Value at 'message' failed to satisfy constraint: " +
            `Member must have length between 1 and ${MAX_RAW_MESSAGE}`,
        );
      }
      const messageType = body.MessageType ?? 'RAW';
      if (messageType !== 'RAW' && messageType !== 'DIGEST') {
        throw new Fault(
          'ValidationException',
          `1 validation error detected: Value '${String(messageType)}' at 'messageType' failed ` +
            'to satisfy constraint: Member must satisfy enum value set: [RAW, DIGEST, EXTERNAL_MU]',
        );
      }
      const algorithm = body.SigningAlgorithm;
      if (typeof algorithm !== 'string' || !ALL_SIGNING_ALGORITHMS.has(algorithm)) {
        throw new Fault(
          'ValidationException',
          `1 validation error detected: Value '${String(algorithm)}' at 'signingAlgorithm' ` +
            'failed to satisfy constraint: Member must satisfy enum value set',
        );
      }
      const info = SPECS[key.spec];
      if (!(info.signing ?? []).includes(algorithm)) {
        throw new Fault(
          'InvalidKeyUsageException',
          `Algorithm ${algorithm} is incompatible with key spec ${key.spec}.`,
        );
      }
      const hash = HASH_OF[algorithm];
      if (hash === undefined || info.signDigest === undefined || key.scalar === undefined) {
        throw new Fault('KMSInternalException', `the fake KMS does not sign with ${key.spec}`, 500);
      }
      if (messageType === 'DIGEST' && message.length !== hash.length) {
        throw new Fault(
          'ValidationException',
          `Digest is invalid length for algorithm ${algorithm}.`,
        );
      }
      // A genuine signature by this key, over the message with its first bit flipped.
      const signed = wrong
        ? Buffer.concat([Buffer.from([(message[0] as number) ^ 1]), message.subarray(1)])
        : message;
      const signature =
        messageType === 'DIGEST'
          ? info.signDigest(signed, key.scalar)
          : cryptoSign(hash.name, signed, key.privateKey as KeyObject);
      return { KeyId: key.arn, Signature: toBase64(signature), SigningAlgorithm: algorithm };
    },

    DescribeKey(body) {
      return { KeyMetadata: metadata(resolve(body.KeyId)) };
    },

    CreateKey(body) {
      const spec = (body.KeySpec ??
        body.CustomerMasterKeySpec ??
        'SYMMETRIC_DEFAULT') as FakeKeySpec;
      const usage = (body.KeyUsage ?? 'ENCRYPT_DECRYPT') as FakeKeyUsage;
      return { KeyMetadata: metadata(createKey(spec, usage)) };
    },
  };

  // ---------------------------------------------------------------- SigV4

  /** Checks the request's SigV4 signature, recording what the Authorization header says in `call`. */
  function authenticate(req: IncomingMessage, body: Buffer, call: KmsCall): void {
    const auth = req.headers.authorization;
    if (auth === undefined)
      throw new Fault('MissingAuthenticationTokenException', 'Missing Authentication Token');
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (match === null) {
      throw new Fault(
        'IncompleteSignatureException',
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${auth}`,
      );
    }
    const [
      ,
      accessKeyId,
      date = '',
      scopeRegion = '',
      service,
      signedHeaderList = '',
      signature = '',
    ] = match;
    const signed = signedHeaderList.split(';');
    Object.assign(call, { accessKeyId, region: scopeRegion, signedHeaders: signed });
    if (accessKeyId !== credentials.accessKeyId) {
      throw new Fault(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    const amzDate = req.headers['x-amz-date'];
    if (typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
      throw new Fault(
        'IncompleteSignatureException',
        'Authorization requires a valid X-Amz-Date header',
      );
    }
    if (amzDate.slice(0, 8) !== date) {
      throw new Fault(
        'InvalidSignatureException',
        'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP',
      );
    }
    const when = Date.parse(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`,
    );
    if (!(Math.abs(Date.now() - when) <= MAX_SKEW_MS)) {
      throw new Fault(
        'InvalidSignatureException',
        `Signature expired: ${amzDate} is now earlier or later than the allowed skew`,
      );
    }
    if (service !== 'kms') {
      throw new Fault(
        'InvalidSignatureException',
        "Credential should be scoped to correct service: 'kms'.",
      );
    }
    if (scopeRegion !== region) {
      throw new Fault(
        'InvalidSignatureException',
        `Credential should be scoped to a valid region, not '${scopeRegion}'.`,
      );
    }
    const required = ['host', 'x-amz-date', 'x-amz-target'];
    if (credentials.sessionToken !== undefined) required.push('x-amz-security-token');
    const missing = required.filter((h) => !signed.includes(h));
    const sorted = [...new Set(signed)].sort();
    if (missing.length > 0 || sorted.join(';') !== signed.join(';')) {
      throw new Fault(
        'IncompleteSignatureException',
        missing.length > 0
          ? `SignedHeaders must include ${missing.join(', ')}`
          : 'SignedHeaders must be sorted and unique',
      );
    }
    if (
      credentials.sessionToken !== undefined &&
      req.headers['x-amz-security-token'] !== credentials.sessionToken
    ) {
      throw new Fault(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }

    const values = new Map<string, string[]>();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const headerName = (req.rawHeaders[i] as string).toLowerCase();
      const list = values.get(headerName) ?? [];
      list.push((req.rawHeaders[i + 1] as string).trim().replace(/\s+/g, ' '));
      values.set(headerName, list);
    }
    const canonicalHeaders = signed.map((h) => {
      const value = values.get(h);
      if (value === undefined) {
        throw new Fault('IncompleteSignatureException', `Signed header ${h} is not in the request`);
      }
      return `${h}:${value.join(',')}\n`;
    });
    const url = new URL(req.url ?? '/', 'http://fake');
    const canonicalRequest = [
      req.method,
      url.pathname,
      canonicalQuery(url.searchParams),
      canonicalHeaders.join(''),
      signed.join(';'),
      sha256Hex(body),
    ].join('\n');
    const scope = `${date}/${scopeRegion}/${service}/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join(
      '\n',
    );
    let signingKey: Buffer = Buffer.from(`AWS4${credentials.secretAccessKey}`);
    for (const part of [date, scopeRegion, service, 'aws4_request']) {
      signingKey = createHmac('sha256', signingKey).update(part).digest();
    }
    const expected = createHmac('sha256', signingKey).update(stringToSign).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
      throw new Fault(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. ' +
          'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
  }

  // ---------------------------------------------------------------- HTTP

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.headers['x-amz-target'];
    const operation =
      typeof target === 'string' ? (/^TrentService\.(\w+)$/.exec(target)?.[1] ?? '') : '';
    const attempt = req.headers['amz-sdk-request'];
    const call: KmsCall = {
      operation,
      status: 0,
      ...(typeof attempt === 'string' && { attempt }),
    };
    calls.push(call);
    const answer = (status: number, payload: unknown): void => {
      call.status = status;
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        'Content-Type': JSON_CONTENT_TYPE,
        'Content-Length': Buffer.byteLength(text),
        'x-amzn-RequestId': randomUUID(),
      });
      res.end(text);
    };
    try {
      const body = await readBody(req);
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://fake').pathname !== '/') {
        throw new Fault(
          'UnknownOperationException',
          `${req.method} ${req.url} is not a KMS operation`,
          404,
        );
      }
      recordRequest(call, body);
      authenticate(req, body, call);
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
      if (contentType !== JSON_CONTENT_TYPE) {
        throw new Fault('SerializationException', `Content-Type must be ${JSON_CONTENT_TYPE}`);
      }
      const handler = (operations as Record<string, (typeof operations)[KmsOperation] | undefined>)[
        operation
      ];
      if (handler === undefined) {
        throw new Fault('UnknownOperationException', `Unknown operation ${String(target)}`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new Fault('SerializationException', 'the request body is not JSON');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Fault('SerializationException', 'the request body is not a JSON object');
      }
      const request = parsed as Record<string, unknown>;
      const failure = failures.find((f) => f.operation === undefined || f.operation === operation);
      if (failure !== undefined) {
        if (--failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
        if (failure.dropConnection) {
          req.socket.destroy();
          return;
        }
        if (failure.hang) return;
        if (failure.wrong === undefined) {
          throw new Fault(
            failure.type,
            failure.message ?? `injected ${failure.type}`,
            failure.status,
          );
        }
      }
      answer(200, handler(request, failure?.wrong !== undefined));
    } catch (error) {
      const fault =
        error instanceof Fault ? error : new Fault('KMSInternalException', String(error), 500);
      call.errorType = fault.type;
      answer(fault.status, { __type: fault.type, message: fault.message });
    }
  }

  let caPem: string | undefined;
  let server: Server;
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res);
  };
  if (options.tls) {
    const tls = selfSignedCertificate('fake KMS 127.0.0.1');
    caPem = tls.cert;
    server = createHttpsServer({ key: tls.key, cert: tls.cert }, listener);
  } else {
    server = createHttpServer(listener);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;

  return {
    url: `${options.tls ? 'https' : 'http'}://${host}`,
    host,
    region,
    account,
    credentials,
    ...(caPem !== undefined && { caPem }),
    calls,
    createKey({ spec = 'ECC_NIST_P256', usage = 'SIGN_VERIFY', alias } = {}) {
      const key = createKey(spec, usage);
      if (alias !== undefined) setAlias(alias, key.keyId);
      return {
        keyId: key.keyId,
        arn: key.arn,
        spec,
        usage,
        ...(alias !== undefined && { alias, aliasArn: `${arnPrefix}${alias}` }),
        ...(key.publicKey !== undefined && { publicKey: key.publicKey }),
      };
    },
    setAlias,
    setKeyState(keyId, state) {
      const key = keys.get(keyId);
      if (key === undefined) throw new TypeError(`no key ${keyId}`);
      key.state = state;
    },
    inject(failure) {
      failures.push({
        times: 1,
        status: 400,
        type: 'ThrottlingException',
        ...failure,
        ...(failure.wrong !== undefined && {
          operation: failure.wrong === 'signature' ? 'Sign' : 'GetPublicKey',
        }),
      });
    },
    count: (operation) =>
      calls.filter((c) => operation === undefined || c.operation === operation).length,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the request asked for, recorded before (and whether or not) it is authenticated. */
function recordRequest(call: KmsCall, body: Buffer): void {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
    call.request = parsed as Record<string, unknown>;
    if (typeof call.request.KeyId === 'string') call.keyId = call.request.KeyId;
  } catch {
    // Not JSON: the request is refused below, after authentication, as KMS would.
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Fault('SerializationException', 'request body too large', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const sha256Hex = (data: string | Buffer): string =>
  createHash('sha256').update(data).digest('hex');

/** RFC 3986 unreserved characters stay, everything else is %XX (SigV4's URI encoding). */
const uriEncode = (text: string): string =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * Points the AWS SDK of this process at `kms` through the environment, as an operator's
 * configuration would (endpoint, region, static credentials). Test files run in processes of
 * their own, so this configures only the file that calls it.
 */
export function useFakeKmsEnvironment(kms: FakeKms): void {
  Object.assign(process.env, fakeKmsEnvironment(kms));
}

/** The environment that points the AWS SDK at `kms`, for a CI job's variables. */
export const fakeKmsEnvironment = (kms: FakeKms): Record<string, string> => ({
  AWS_ENDPOINT_URL_KMS: kms.url,
  AWS_REGION: kms.region,
  AWS_ACCESS_KEY_ID: kms.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: kms.credentials.secretAccessKey,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
