import { type KeyObject, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { parsePem } from '../src/core/pem.js';
import { parseCertificate, spkiOf } from '../src/core/x509.js';
import { checkIssuingCaCertificate } from '../src/ca/certificates.js';
import { isTreeId } from '../src/tlog/rekor-v1/entry.js';
import { type Signer, localSigner, openSigner } from '../src/kms/signer.js';
import {
  PROFILE_FILES,
  type RootProfile,
  createExclusive,
  csrPem,
  issueFromRoot,
  rootCertificatePem,
} from './ceremony.js';
import { type ServerConfig, SERVER_DEFAULTS, listenUrlOf, publicUrlOf } from './config.js';
import { ServerError } from './http.js';
import type { Logger } from './logger.js';
import { type RetiredKey, finishRotations, loadRetiredKeys } from './rotation.js';
import { writeDurably } from './storage/posix-log.js';
import { TUF_KEY_FILES, initTufRepository } from './tuf.js';

/**
 * The data directory: instance metadata, key material and the logs.
 *
 *   signet.json            public URL (and whether it was named), checkpoint origin, key times
 *   keys/root-ca.crt.pem   the root CA certificate (the service needs only this)
 *   keys/root-ca.key.pem   the root CA key: move it offline after init
 *   keys/log.key.pem       the transparency log's checkpoint key
 *   keys/tsa.key.pem       the TSA signing key
 *   keys/tsa-chain.pem     the TSA certificate chain, leaf first
 *   keys/issuing-ca.key.pem  the issuing CA key, unless it lives in AWS KMS
 *   keys/issuing-ca.crt.pem  the issuing CA certificate, signed by the root
 *   keys/ct.key.pem        the certificate-transparency log's key (P-256, signs SCTs)
 *   keys/rekor-v1.key.pem  the Rekor v1 log's key (P-256, signs checkpoints and SETs)
 *   log/                   the transparency log (tlog-tiles layout + journal)
 *   keys/retired/ROLE-TIME/  keys retired by `rotate`, kept in the trust root with an end date
 *   ct/                    the certificate-transparency log (same layout)
 *   rekor-v1/              the Rekor v1 log (same layout, plus its entries' integration times)
 *   keys/tuf-root.key.pem  the TUF root key: move it offline after init
 *   keys/tuf-targets.key.pem  the TUF targets key: offline too, once targets need no re-signing
 *   keys/tuf-online.key.pem   the TUF snapshot and timestamp key, unless it lives in AWS KMS
 *   tuf/                   the TUF repository served at /tuf (server/tuf.ts)
 *   trusted_root.json      written on every start from the live keys
 */
export interface InstanceMetadata {
  version: 1;
  /** The URL clients use, as in effect at the last start. */
  publicUrl: string;
  /**
   * `named`: an operator named the public URL (at init, by flag or config); it is kept until
   * another is named. `listen`: none was, so it follows the listen address at each start.
   * Files from before this field are `named`: what they advertise does not change under them.
   */
  publicUrlFrom?: 'named' | 'listen';
  /** The checkpoint origin: the public URL's hostname, fixed when the log is created. */
  logOrigin: string;
  /**
   * The Rekor v1 log's tree ID (a positive int64, decimal), drawn once: it is in every v1
   * checkpoint origin and entry ID, so it never changes. Absent until the first init that knows it.
   */
  rekorV1TreeId?: string;
  keys: Record<string, { createdAt: string; ref?: string }>;
}

export interface IssuingCa {
  certificate: Buffer;
  signer: Signer;
  /** The private key when it is a file here, for signing off the event loop; absent for KMS. */
  key?: KeyObject;
}

export interface Instance {
  dir: string;
  metadata: InstanceMetadata;
  logKey: KeyObject;
  tsaKey: KeyObject;
  /** DER, leaf first, ending with the root. */
  tsaChain: Buffer[];
  rootCert: Buffer;
  issuingCa: IssuingCa;
  ctKey: KeyObject;
  /** The Rekor v1 log's checkpoint and SET key. */
  rekorV1Key: KeyObject;
  /** Keys retired by rotation, oldest first. */
  retired: RetiredKey[];
}

const METADATA = 'signet.json';
const keyFile = (dir: string, name: string): string => join(dir, 'keys', name);
/** The TSA's private key file in an instance's data directory. */
export const tsaKeyPath = (dir: string): string => keyFile(dir, 'tsa.key.pem');

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function generateKey(type: 'ed25519' | 'p256' | 'p384'): KeyObject {
  if (type === 'ed25519') return generateKeyPairSync('ed25519').privateKey;
  return generateKeyPairSync('ec', { namedCurve: type === 'p256' ? 'P-256' : 'P-384' }).privateKey;
}

export interface InitOptions {
  dir: string;
  /** A public URL the operator named, if any. */
  publicUrl: string | undefined;
  /**
   * HOST:PORT the service listens on, which is its public URL while none is named. Without it
   * (rotate) the stored URL is kept.
   */
  listen?: string;
  keys: ServerConfig['keys'];
  ca: ServerConfig['ca'];
  /** A root CA certificate (PEM) made offline, installed when the data directory has none. */
  rootCaCert?: string;
  /** The TUF online key and expiries (default SERVER_DEFAULTS.tuf). */
  tuf?: ServerConfig['tuf'];
  /**
   * Shared storage that records this instance already (server/identity.ts): nothing new is
   * created, neither key nor certificate nor tree ID, and a data directory without signet.json
   * starts from the recorded metadata. `where` names the storage in messages.
   */
  shared?: { where: string; metadata: InstanceMetadata };
  logger: Logger;
}

/**
 * Creates whatever the data directory lacks and loads the rest. Idempotent: existing key
 * material is never replaced, and a public URL whose hostname would change the log's
 * checkpoint origin is refused.
 */
export async function initInstance(options: InitOptions): Promise<Instance> {
  const { dir, logger, shared } = options;
  await fs.mkdir(join(dir, 'keys'), { recursive: true, mode: 0o700 });
  await finishRotations(dir);
  const metadata = await loadMetadata(
    dir,
    options.publicUrl,
    logger,
    options.listen,
    shared?.metadata,
  );
  // Against a database that records this instance a missing file is a deployment mistake (a
  // Secret not mounted); making a new key would start a second tree under the recorded name.
  const mayCreate = (what: string): void => {
    if (shared === undefined) return;
    throw new ServerError(
      'STORAGE_MISMATCH',
      `${what} is missing from ${join(dir, 'keys')}, and ${shared.where} records this instance already, so none is created: mount the keys it was initialised with (the same Secret or KMS keys as the other replicas)`,
    );
  };
  // validFor.start in the trust root comes from these times, so they are recorded with the key
  // and never move: a later start would invalidate everything signed before it.
  const created = async (name: string): Promise<void> => {
    metadata.keys[name] = { createdAt: new Date().toISOString() };
    await saveMetadata(dir, metadata);
    logger.info('created key material', { key: name, dir });
  };
  const recorded = async (name: string, path: string): Promise<void> => {
    if (metadata.keys[name] !== undefined) return;
    metadata.keys[name] = { createdAt: (await fs.stat(path)).mtime.toISOString() };
    await saveMetadata(dir, metadata);
  };

  const rootKeyPath = keyFile(dir, 'root-ca.key.pem');
  const rootCertPath = keyFile(dir, 'root-ca.crt.pem');
  let rootKeyPem = await readIfExists(rootKeyPath);
  let rootCertPem = await readIfExists(rootCertPath);
  if (rootCertPem === undefined && options.rootCaCert !== undefined) {
    singleCert(options.rootCaCert, 'the given root CA certificate');
    rootCertPem = options.rootCaCert;
    await createExclusive(rootCertPath, rootCertPem, 0o644);
  } else if (rootCertPem === undefined) {
    mayCreate('the root CA certificate (keys/root-ca.crt.pem)');
    if (rootKeyPem === undefined) {
      rootKeyPem = generateKey(options.keys.rootKeyType).export({
        format: 'pem',
        type: 'pkcs8',
      }) as string;
      await createExclusive(rootKeyPath, rootKeyPem, 0o600);
      await created('root-ca');
    }
    rootCertPem = rootCertificatePem(createPrivateKey(rootKeyPem));
    await createExclusive(rootCertPath, rootCertPem, 0o644);
  } else if (
    options.rootCaCert !== undefined &&
    !singleCert(options.rootCaCert, 'the given root CA certificate').equals(
      singleCert(rootCertPem, rootCertPath),
    )
  ) {
    throw new ServerError(
      'DATA_DIR_INVALID',
      `${rootCertPath} already holds a different root CA certificate; a root is never replaced`,
    );
  }
  const rootCert = singleCert(rootCertPem, rootCertPath);
  const rootKey = rootKeyPem === undefined ? undefined : createPrivateKey(rootKeyPem);

  // Certificates the root signs: issued now while its key is here, else requested by CSR.
  const pending: RootProfile[] = [];
  const rootSigned = async (profile: RootProfile, signer: Signer): Promise<string | undefined> => {
    const path = keyFile(dir, PROFILE_FILES[profile].certificate);
    const existing = await readIfExists(path);
    if (existing !== undefined) return existing;
    mayCreate(`the ${profile} certificate (keys/${PROFILE_FILES[profile].certificate})`);
    if (rootKey !== undefined) {
      const pem = await issueFromRoot(profile, rootCert, rootKey, signer.publicKey);
      await createExclusive(path, pem, 0o644);
      return pem;
    }
    await writeDurably(
      keyFile(dir, PROFILE_FILES[profile].csr),
      Buffer.from(await csrPem(profile, signer)),
    );
    pending.push(profile);
    return undefined;
  };

  const logKeyPath = keyFile(dir, 'log.key.pem');
  const logKey = await loadOrCreateKey(
    logKeyPath,
    options.keys.logKeyType,
    () => created('log'),
    mayCreate,
  );
  await recorded('log', logKeyPath);
  const tsaKeyFile = tsaKeyPath(dir);
  const tsaKey = await loadOrCreateKey(
    tsaKeyFile,
    options.keys.tsaKeyType,
    () => created('tsa'),
    mayCreate,
  );
  await recorded('tsa', tsaKeyFile);
  const ctKeyPath = keyFile(dir, 'ct.key.pem');
  const ctKey = await loadOrCreateKey(ctKeyPath, 'p256', () => created('ct'), mayCreate);
  await recorded('ct', ctKeyPath);
  // P-256 as upstream Rekor's default, and the one key type Rekor v1 checkpoint notes sign with here.
  const rekorV1KeyPath = keyFile(dir, 'rekor-v1.key.pem');
  const rekorV1Key = await loadOrCreateKey(
    rekorV1KeyPath,
    'p256',
    () => created('rekor-v1'),
    mayCreate,
  );
  await recorded('rekor-v1', rekorV1KeyPath);
  if (metadata.rekorV1TreeId === undefined) {
    mayCreate('the Rekor v1 tree ID (signet.json)');
    metadata.rekorV1TreeId = newTreeId();
    await saveMetadata(dir, metadata);
  }

  const chainPem = await rootSigned('tsa', localSigner(tsaKey, `file:${tsaKeyFile}`));
  const issuingKey = await loadIssuingKey(options, mayCreate, async (ref) => {
    metadata.keys['issuing-ca'] = { createdAt: new Date().toISOString(), ref };
    await saveMetadata(dir, metadata);
    logger.info('created key material', { key: 'issuing-ca', ref });
  });
  const issuingSigner = issuingKey.signer;
  const issuingPem = await rootSigned('issuing-ca', issuingSigner);
  if (chainPem === undefined || issuingPem === undefined) {
    throw new ServerError('CEREMONY_PENDING', ceremonyMessage(dir, pending));
  }
  const chainPath = keyFile(dir, PROFILE_FILES.tsa.certificate);
  const tsaChain = parsePem(chainPem, 'CERTIFICATE').map((block) => block.der);
  const tsaLeaf = tsaChain[0] && parseCertificate(tsaChain[0]);
  if (tsaChain.length < 2 || !tsaLeaf) {
    throw new ServerError(
      'DATA_DIR_INVALID',
      `${chainPath} must hold the TSA certificate followed by its CA chain`,
    );
  }
  // A chain for another key would make every timestamp unverifiable, silently.
  if (!tsaLeaf.publicKey.equals(spkiOf(tsaKey))) {
    throw new ServerError(
      'DATA_DIR_INVALID',
      `${chainPath}: the TSA certificate is not for the key in ${tsaKeyFile}`,
    );
  }
  let issuingCertificate: Buffer;
  const issuingPath = keyFile(dir, PROFILE_FILES['issuing-ca'].certificate);
  try {
    issuingCertificate = singleCert(issuingPem, issuingPath);
    checkIssuingCaCertificate(issuingCertificate, rootCert, issuingSigner.publicKey, new Date());
  } catch (error) {
    throw new ServerError('DATA_DIR_INVALID', `${issuingPath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const issuingCa = { certificate: issuingCertificate, ...issuingKey };
  // The TUF keys are made only with the repository: once 1.root.json exists, root and targets
  // keys may be offline, and a missing file is not a reason to make a new one. Shared storage
  // that records the instance holds its repository (server/tuf.ts, shareRepository): a first
  // root made here would be another one.
  if (shared === undefined) {
    await initTufRepository(dir, options.tuf ?? SERVER_DEFAULTS.tuf, async (role) => {
      const path = keyFile(dir, TUF_KEY_FILES[role]);
      const key = await loadOrCreateKey(path, 'p256', () => created(`tuf-${role}`), mayCreate);
      return localSigner(key, `file:${path}`);
    });
  }
  await saveMetadata(dir, metadata);
  const retired = await loadRetiredKeys(dir);
  return {
    dir,
    metadata,
    logKey,
    tsaKey,
    tsaChain,
    rootCert,
    issuingCa,
    ctKey,
    rekorV1Key,
    retired,
  };
}

/** A random positive int64, as Trillian draws tree IDs. */
function newTreeId(): string {
  const id = randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
  return id === 0n ? newTreeId() : id.toString();
}

/** The issuing CA's key: a file here (created if new), or AWS KMS. */
async function loadIssuingKey(
  options: InitOptions,
  mayCreate: (what: string) => void,
  onCreate: (ref: string) => Promise<void>,
): Promise<Pick<IssuingCa, 'signer' | 'key'>> {
  const keyRef = options.ca.issuingKey;
  if (keyRef !== 'file') return { signer: await openSigner(keyRef) };
  const keyPath = keyFile(options.dir, 'issuing-ca.key.pem');
  const key = await loadOrCreateKey(
    keyPath,
    options.ca.issuingKeyType,
    () => onCreate(`file:${keyPath}`),
    mayCreate,
  );
  return { signer: localSigner(key, `file:${keyPath}`), key };
}

/** What an operator with an offline root does next, with the exact commands. */
function ceremonyMessage(dir: string, pending: readonly RootProfile[]): string {
  const steps = pending.map((profile) => {
    const { csr, certificate } = PROFILE_FILES[profile];
    return `  signet-server root sign --root-dir ROOT --profile ${profile} --csr ${csr} --out ${certificate}`;
  });
  return [
    `the root CA key is not in ${join(dir, 'keys')}, so the root must sign ${pending.join(' and ')} offline.`,
    `Copy ${pending.map((p) => join(dir, 'keys', PROFILE_FILES[p].csr)).join(' and ')} to the machine holding the root (ROOT below), run:`,
    ...steps,
    `then copy the output${pending.length > 1 ? 's' : ''} into ${join(dir, 'keys')}/ and run init again.`,
  ].join('\n');
}

function singleCert(pem: string, path: string): Buffer {
  const blocks = parsePem(pem, 'CERTIFICATE');
  if (blocks.length !== 1 || blocks[0] === undefined) {
    throw new ServerError('DATA_DIR_INVALID', `${path} must hold exactly one certificate`);
  }
  return blocks[0].der;
}

async function loadOrCreateKey(
  path: string,
  type: 'ed25519' | 'p256' | 'p384',
  onCreate: () => Promise<void>,
  /** Throws when no key may be created here (server/identity.ts). */
  mayCreate: (what: string) => void = () => {},
): Promise<KeyObject> {
  const existing = await readIfExists(path);
  if (existing !== undefined) {
    try {
      return createPrivateKey(existing);
    } catch (error) {
      throw new ServerError(
        'DATA_DIR_INVALID',
        `${path} is not a readable private key: ${(error as Error).message}`,
      );
    }
  }
  mayCreate(`the key ${path}`);
  const pem = generateKey(type).export({ format: 'pem', type: 'pkcs8' }) as string;
  await createExclusive(path, pem, 0o600);
  await onCreate();
  // Re-imported rather than the generated object: on Node 20, reading details of a key straight
  // from generateKeyPair can deadlock against the collection of its generation job.
  return createPrivateKey(pem);
}

/**
 * Reads signet.json (or starts a new one) and settles the public URL in effect: the one named
 * now, else a stored named one, else the listen address. Its hostname must stay the checkpoint
 * origin fixed at init: verifiers match the origin to the trust root's log URL.
 */
export async function loadMetadata(
  dir: string,
  publicUrl: string | undefined,
  logger: Logger,
  listen?: string,
  /** The metadata shared storage records, for a data directory without its own. */
  recorded?: InstanceMetadata,
): Promise<InstanceMetadata> {
  const path = join(dir, METADATA);
  const text = await readIfExists(path);
  if (text === undefined && recorded !== undefined) {
    const metadata: InstanceMetadata = structuredClone(recorded);
    if (publicUrl !== undefined) settlePublicUrl(metadata, publicUrl, 'named', logger);
    else if (metadata.publicUrlFrom === 'listen' && listen !== undefined)
      settlePublicUrl(metadata, listenUrlOf(listen), 'listen', logger);
    return metadata;
  }
  if (text === undefined) {
    const url = publicUrlOf(publicUrl ?? listenUrlOf(listen ?? SERVER_DEFAULTS.listen));
    return {
      version: 1,
      publicUrl: url.href.replace(/\/$/, ''),
      publicUrlFrom: publicUrl === undefined ? 'listen' : 'named',
      logOrigin: url.hostname,
      keys: {},
    };
  }
  let metadata: InstanceMetadata;
  try {
    metadata = JSON.parse(text) as InstanceMetadata;
  } catch (error) {
    throw new ServerError(
      'DATA_DIR_INVALID',
      `${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (
    metadata.version !== 1 ||
    typeof metadata.logOrigin !== 'string' ||
    typeof metadata.publicUrl !== 'string'
  ) {
    throw new ServerError('DATA_DIR_INVALID', `${path} is not a Signet instance file (version 1)`);
  }
  if (metadata.rekorV1TreeId !== undefined && !isTreeId(metadata.rekorV1TreeId)) {
    throw new ServerError(
      'DATA_DIR_INVALID',
      `${path}: rekorV1TreeId must be a positive int64 in decimal, got ${JSON.stringify(metadata.rekorV1TreeId)}`,
    );
  }
  const follows = (metadata.publicUrlFrom ?? 'named') === 'listen';
  if (publicUrl !== undefined) {
    settlePublicUrl(metadata, publicUrl, 'named', logger);
  } else if (follows && listen !== undefined) {
    settlePublicUrl(metadata, listenUrlOf(listen), 'listen', logger);
  }
  return metadata;
}

function settlePublicUrl(
  metadata: InstanceMetadata,
  text: string,
  from: 'named' | 'listen',
  logger: Logger,
): void {
  const url = publicUrlOf(text);
  if (url.hostname !== metadata.logOrigin) {
    const fix =
      from === 'named'
        ? `use a URL on ${metadata.logOrigin}`
        : `listen on ${metadata.logOrigin}, or name a public URL on it with --public-url`;
    throw new ServerError(
      'DATA_DIR_INVALID',
      `${from === 'named' ? 'public URL' : 'the public URL from the listen address,'} ${text} has hostname "${url.hostname}", but this instance's log origin is "${metadata.logOrigin}" and cannot change (verifiers match the checkpoint origin to the trust root's log URL); ${fix}`,
    );
  }
  const normalised = url.href.replace(/\/$/, '');
  if (normalised !== metadata.publicUrl) {
    logger.info('public URL changed', { from: metadata.publicUrl, to: normalised, source: from });
  }
  metadata.publicUrl = normalised;
  metadata.publicUrlFrom = from;
}

async function saveMetadata(dir: string, metadata: InstanceMetadata): Promise<void> {
  await writeDurably(join(dir, METADATA), Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`));
}
