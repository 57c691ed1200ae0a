import { type KeyObject, createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleJson, TransparencyLogEntryJson } from '../../src/bundle/bundle.js';
import { type TrustedRootInput, buildTrustedRoot } from '../../src/bundle/trust.js';
import { CertificateAuthority } from '../../src/ca/authority.js';
import { createIssuingCaCertificate } from '../../src/ca/certificates.js';
import type { CertificateIdentity } from '../../src/ca/extensions.js';
import { toBase64 } from '../../src/core/base64.js';
import { noteSigner } from '../../src/core/note.js';
import { parseCertificate, spkiOf } from '../../src/core/x509.js';
import { CtLog } from '../../src/ct/log.js';
import { localSigner } from '../../src/kms/signer.js';
import { buildBundle } from '../../src/sign/run.js';
import { hashedRekordRequest } from '../../src/tlog/client.js';
import { TransparencyLog } from '../../src/tlog/log.js';
import { entryFromRequest, transparencyLogEntry } from '../../src/tlog/rekor.js';
import { TimestampAuthority } from '../../src/tsa/authority.js';
import { createTsaCertificate } from '../../src/tsa/certificate.js';
import { encodeTimestampRequest } from '../../src/tsa/request.js';
import { TrustMaterial } from '../../src/verify/trust.js';
import { type Thresholds, Verifier } from '../../src/verify/verifier.js';
import { generateKey } from '../../server/instance.js';
import { PosixLogStorage } from '../../server/storage/posix-log.js';
import { type Ca, testRoot } from '../ct/fixtures.js';

/**
 * Signet's signing services put together in this process from their own modules, without
 * HTTP: a root and issuing CA, the CertificateAuthority with the CT log, the TSA and the Rekor
 * v2 log, on ephemeral keys and temporary directories. Each step takes its own clock, and the
 * trusted root is built from the same material, so a test can sign at a chosen time or change
 * one trusted-root entry: the bundles the real service makes cannot reach the checks that
 * need a leaf used after its window, a retired log key or an expired TSA anchor.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The Rekor v2 log's base URL; its hostname is the checkpoint origin and note key name. */
export const LOG_URL = 'https://log.signet.test';
export const LOG_ORIGIN = new URL(LOG_URL).hostname;
export const IDENTITY: CertificateIdentity = {
  san: { type: 'email', value: 'signer@signet.test' },
  issuer: 'https://issuer.signet.test',
};

/** A private key re-imported from its PKCS#8 DER (Node 20 can deadlock on one straight from generation). */
export const newKey = (type: 'ed25519' | 'p256' | 'p384'): KeyObject =>
  createPrivateKey({
    key: generateKey(type).export({ format: 'der', type: 'pkcs8' }),
    format: 'der',
    type: 'pkcs8',
  });

export interface SignedBundle {
  json: BundleJson;
  artifact: Buffer;
  /** The leaf certificate (DER). */
  leaf: Buffer;
}

export interface SignOptions {
  /** Issues the leaf for a fresh key; default `stack.ca()`. */
  ca?: CertificateAuthority;
  /** A leaf made elsewhere, with its private key, instead of one from `ca`. */
  leaf?: { certificate: Buffer; key: KeyObject };
  /** When the TSA stamps the signature; default now. */
  timestampAt?: Date;
  /** The log the entry goes to; default the stack's. */
  log?: TransparencyLog;
}

export interface Stack {
  root: Ca;
  /** The issuing CA, certified by `root` with the project's own createIssuingCaCertificate. */
  issuing: Ca;
  ctLog: CtLog;
  tsa: { root: Ca; key: KeyObject; chain: Buffer[]; authority: TimestampAuthority };
  logKey: KeyObject;
  log: TransparencyLog;
  /** A CA issuing as `issuing` (or another CA), with the CT log unless `ct` is false. */
  ca(options?: {
    issuer?: Ca;
    chainToRoot?: Buffer[];
    ct?: boolean;
    now?: () => Date;
  }): CertificateAuthority;
  /** A Rekor v2 log signed with the stack's log key under its name, whatever `origin` it writes. */
  openLog(origin: string): Promise<TransparencyLog>;
  /** The trusted root's parts, fresh for each call, for a test to change before building. */
  trustedRootInput(): TrustedRootInput;
  /** A verifier for the trusted root after `change`. */
  verifier(change?: (input: TrustedRootInput) => void, thresholds?: Partial<Thresholds>): Verifier;
  sign(options?: SignOptions): Promise<SignedBundle>;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const dirs: string[] = [];
  const storage = async (): Promise<PosixLogStorage> => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-stack-'));
    dirs.push(dir);
    return new PosixLogStorage(dir);
  };
  const logs: { close(): Promise<void> }[] = [];

  const root = testRoot('Signet Stack Root');
  const issuingKey = newKey('p256');
  const issuingDer = await createIssuingCaCertificate({
    rootCertificate: root.der,
    rootSigner: localSigner(root.key, 'root'),
    publicKey: spkiOf(issuingKey),
    notBefore: root.cert.notBefore,
    notAfter: root.cert.notAfter,
  });
  const issuing: Ca = { key: issuingKey, der: issuingDer, cert: parseCertificate(issuingDer) };

  const ctLog = await CtLog.open({
    origin: 'ct.signet.test',
    key: newKey('p256'),
    storage: await storage(),
    roots: [root.der],
  });
  logs.push(ctLog);

  const tsaRoot = testRoot('Signet Stack TSA Root');
  const tsaKey = newKey('p256');
  const tsaChain = [
    createTsaCertificate({
      rootKey: tsaRoot.key,
      rootCert: tsaRoot.der,
      tsaPublicKey: tsaKey,
      subject: { organization: 'Signet tests', commonName: 'Signet Stack TSA' },
      validity: { notBefore: tsaRoot.cert.notBefore, notAfter: tsaRoot.cert.notAfter },
    }),
    tsaRoot.der,
  ];
  const tsa = new TimestampAuthority({ privateKey: tsaKey, certChain: tsaChain });

  const logKey = newKey('ed25519');
  const logSigner = noteSigner(LOG_ORIGIN, logKey);
  const openLog = async (origin: string): Promise<TransparencyLog> => {
    const log = await TransparencyLog.open({ origin, signer: logSigner, storage: await storage() });
    logs.push(log);
    return log;
  };
  const log = await openLog(LOG_ORIGIN);

  const ca: Stack['ca'] = (options = {}) => {
    const issuer = options.issuer ?? issuing;
    return new CertificateAuthority({
      certificate: issuer.der,
      chainToRoot: options.chainToRoot ?? [root.der],
      signer: localSigner(issuer.key, 'issuing CA'),
      ...(options.ct === false ? {} : { ct: ctLog }),
      ...(options.now ? { now: options.now } : {}),
    });
  };

  // Every window opens before anything here was made, so only a test's change closes one.
  const since = { start: new Date(root.cert.notBefore.getTime() - HOUR) };
  const trustedRootInput = (): TrustedRootInput => ({
    tlogs: [
      {
        baseUrl: LOG_URL,
        publicKey: createPublicKey(logKey),
        logId: logSigner.keyId,
        validFor: { ...since },
      },
    ],
    ctlogs: [
      {
        baseUrl: 'https://ct.signet.test',
        publicKey: ctLog.publicKey,
        logId: ctLog.logId,
        validFor: { ...since },
      },
    ],
    certificateAuthorities: [
      {
        uri: 'https://ca.signet.test',
        subject: { organization: 'Signet', commonName: 'Signet Issuing CA' },
        certChain: [issuing.der, root.der],
        validFor: { ...since },
      },
    ],
    timestampAuthorities: [
      {
        uri: 'https://tsa.signet.test',
        subject: { organization: 'Signet tests', commonName: 'Signet Stack TSA' },
        certChain: [...tsaChain],
        validFor: { ...since },
      },
    ],
  });

  return {
    root,
    issuing,
    ctLog,
    tsa: { root: tsaRoot, key: tsaKey, chain: tsaChain, authority: tsa },
    logKey,
    log,
    ca,
    openLog,
    trustedRootInput,
    verifier(change, thresholds) {
      const input = trustedRootInput();
      change?.(input);
      return new Verifier(TrustMaterial.fromTrustedRoot(buildTrustedRoot(input)), thresholds);
    },
    async sign(options = {}) {
      let leaf = options.leaf;
      if (leaf === undefined) {
        const key = newKey('p256');
        const issued = await (options.ca ?? ca()).issue(IDENTITY, spkiOf(key));
        leaf = { certificate: issued.certificate, key };
      }
      const artifact = Buffer.from(`artifact ${Math.random()}`);
      const digest = createHash('sha256').update(artifact).digest();
      const signature = sign('sha256', artifact, leaf.key);
      const timestamp = tsa.timestamp(
        encodeTimestampRequest({
          hashAlgorithm: 'sha256',
          hashedMessage: createHash('sha256').update(signature).digest(),
          certReq: true,
        }),
        options.timestampAt,
      );
      const { request } = hashedRekordRequest({
        digest,
        signature,
        certificate: leaf.certificate,
      });
      const entry = entryFromRequest(request);
      const appended = await (options.log ?? log).append(entry.body);
      const tle = transparencyLogEntry(entry, appended, logSigner.keyId);
      const json = buildBundle(
        { certificate: leaf.certificate },
        [tle as TransparencyLogEntryJson],
        [timestamp],
        {
          messageSignature: {
            messageDigest: { algorithm: 'SHA2_256', digest: toBase64(digest) },
            signature: toBase64(signature),
          },
        },
      );
      return { json, artifact, leaf: leaf.certificate };
    },
    async close() {
      for (const each of logs) await each.close();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    },
  };
}
