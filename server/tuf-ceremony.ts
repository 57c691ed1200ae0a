import { createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { parsePem, toPem } from '../src/core/pem.js';
import { type Signer, fileSigner } from '../src/kms/signer.js';
import { TufError } from '../src/tuf/error.js';
import { spkiOf } from '../src/core/x509.js';
import { tufKeyOf } from '../src/tuf/keys.js';
import { type Metadata, MetadataKind, type Root } from '@tufjs/models';
import { type RootKeys, parseMetadata, serialize } from '../src/tuf/metadata.js';
import {
  type TargetContent,
  type TufStatus,
  type TufStorage,
  type TufStore,
  TufRepository,
} from '../src/tuf/repository.js';
import { createExclusive, readText } from './ceremony.js';
import type { ServerConfig } from './config.js';
import { openStorage } from './storage/select.js';
import { ServerError } from './http.js';
import { type Instance, generateKey, initInstance } from './instance.js';
import { writeDurably } from './storage/posix-log.js';
import type { Logger } from './logger.js';
import { externalCtLog } from './logs.js';
import { devIssuerUrl } from './dev-issuer.js';
import {
  SIGNING_CONFIG_FILE,
  SIGNING_CONFIG_TARGET,
  TRUSTED_ROOT_FILE,
  TRUSTED_ROOT_TARGET,
  type TrustMaterial,
  buildTrustMaterial,
  tufTargets,
  writeTrustMaterial,
} from './trust-material.js';
import {
  TUF_KEY_FILES,
  copyRepository,
  onlineSigner,
  shareRepository,
  tufStorageAt,
} from './tuf.js';

/**
 * `signet-server tuf ...`: the TUF key ceremony and the repository's upkeep, run with the
 * service stopped (as `rotate` is). Root and targets keys are read from the files named on the
 * command line, so they never need to live on the server.
 */

/** A new P-256 key for a TUF role: the private key (0600) and its public key beside it. */
export async function tufKeygen(out: string): Promise<{ keyId: string; publicPath: string }> {
  const publicPath = `${out}.pub`;
  for (const path of [out, publicPath]) {
    if (existsSync(path)) {
      throw new ServerError('CONFIG_INVALID', `${path} exists; a key file is never replaced`);
    }
  }
  const key = generateKey('p256');
  const der = key.export({ format: 'der', type: 'pkcs8' });
  // Re-imported from the DER: details of a key fresh from generateKeyPair can deadlock on Node 20.
  const spki = spkiOf(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  await createExclusive(out, toPem('PRIVATE KEY', der), 0o600);
  await createExclusive(publicPath, toPem('PUBLIC KEY', spki), 0o644);
  return { keyId: tufKeyOf(spki, publicPath).keyId, publicPath };
}

async function openRepository(storage: TufStorage, where: string): Promise<TufRepository> {
  try {
    return await TufRepository.open(storage);
  } catch (error) {
    if (error instanceof TufError && error.code === 'REPOSITORY_MISSING') {
      throw new TufError(
        'REPOSITORY_MISSING',
        `${where} holds no TUF repository (no 1.root.json); run signet-server init first`,
      );
    }
    throw error;
  }
}

/**
 * Runs `body` on the repository the configuration's storage holds, as its only writer: the
 * data directory's, or the one in the database every replica serves. The database takes the
 * data directory's repository if it has none yet, and refuses another instance's first root.
 */
async function withRepository<T>(
  config: ServerConfig,
  body: (repository: TufRepository, store: TufStore) => Promise<T>,
  options: { share: boolean } = { share: true },
): Promise<T> {
  const storage = await openStorage(config);
  try {
    const store = storage.tuf;
    return await store.update(async (files) => {
      if (options.share) await shareRepository(files, config.dataDir, store.where);
      return body(await openRepository(files, store.where), store);
    });
  } finally {
    await storage.close();
  }
}

const signersOf = (paths: readonly string[]): Promise<Signer[]> =>
  Promise.all(paths.map((path) => fileSigner(path)));

/**
 * Signs the targets the service would publish now (the live keys, as `serve` builds them) with
 * the targets key(s), and, when the online key is usable here, the snapshot and timestamp too;
 * otherwise the service publishes them at its next start.
 */
export async function tufTargetsSign(options: {
  config: ServerConfig;
  keys: readonly string[];
  logger: Logger;
}): Promise<{ version: number; published: boolean }> {
  const { config, logger } = options;
  const instance = await initInstance({
    dir: config.dataDir,
    publicUrl: undefined,
    keys: config.keys,
    ca: config.ca,
    tuf: config.tuf,
    logger,
  });
  const contents = tufTargets(await liveTrustMaterial(config, instance));
  const signers = await signersOf(options.keys);
  const online = await usableOnlineSigner(config);
  return withRepository(config, async (repository) => {
    const now = new Date();
    await repository.signTargets(contents, signers, config.tuf, now);
    const published =
      online !== undefined && (await repository.publishPending(contents, online, config.tuf, now));
    return { version: repository.status().targets?.version ?? 0, published };
  });
}

/**
 * The trust material `serve` builds from `config` and the keys, the development issuer's URL
 * included when the configuration runs one: otherwise a `--dev` service's targets never match.
 */
async function liveTrustMaterial(config: ServerConfig, instance: Instance): Promise<TrustMaterial> {
  const has = (role: 'ct' | 'ca'): boolean => config.roles.includes(role);
  const externalCt = !has('ct') && has('ca') ? await externalCtLog(config) : undefined;
  return buildTrustMaterial({
    instance,
    roles: config.roles,
    externalCt,
    oidcUrl: config.devIssuer ? devIssuerUrl(instance.metadata.publicUrl) : undefined,
  });
}

/**
 * What `init` publishes once the keys exist: trusted_root.json and signing_config.json, and,
 * with the targets and online keys here, TUF targets naming them with the snapshot and
 * timestamp, so that the repository can be exported before the first start. Returns whether
 * the TUF targets are current.
 */
export async function publishAtInit(
  config: ServerConfig,
  instance: Instance,
  store: TufStore,
): Promise<boolean> {
  const material = await liveTrustMaterial(config, instance);
  await writeTrustMaterial(config.dataDir, material);
  const contents = tufTargets(material);
  const targetsKey = join(config.dataDir, 'keys', TUF_KEY_FILES.targets);
  const online = await usableOnlineSigner(config);
  return store.update(async (storage) => {
    await shareRepository(storage, config.dataDir, store.where);
    const repository = await TufRepository.open(storage);
    if (repository.targetsMatch(contents)) return true;
    if (!existsSync(targetsKey) || online === undefined) return false;
    const signer = await fileSigner(targetsKey);
    await repository.publishTargets(contents, [signer], online, config.tuf, new Date());
    return true;
  });
}

/** The online key, when this machine has it (the file, or AWS KMS credentials). */
async function usableOnlineSigner(config: ServerConfig): Promise<Signer | undefined> {
  if (
    config.tuf.onlineKey === 'file' &&
    !existsSync(join(config.dataDir, 'keys', TUF_KEY_FILES.online))
  ) {
    return undefined;
  }
  return onlineSigner(config.dataDir, config.tuf);
}

/** A PEM public key file (as `tuf keygen` writes beside the key) as SPKI DER. */
async function publicKeyFile(path: string): Promise<Buffer> {
  const block = parsePem(await readText(path, 'public key'), 'PUBLIC KEY')[0];
  if (block === undefined) {
    throw new TufError('KEY_UNSUPPORTED', `${path} holds no PEM public key (BEGIN PUBLIC KEY)`);
  }
  return block.der;
}

export interface RootChanges {
  /** Private key files that sign the new version: old and new root keys, to both thresholds. */
  keys: readonly string[];
  addRootKeys: readonly string[];
  /** Key ids, as `tuf status` lists them. */
  removeRootKeys: readonly string[];
  threshold?: number;
  targetsKey?: string;
  onlineKey?: string;
  /** Write the signed draft here instead of publishing it: more keys sign it elsewhere. */
  out?: string;
}

/** A root version written, or a draft still short of signatures. */
export interface RootSigned {
  /** The repository it went to: DATA/tuf, or the database. */
  where: string;
  version: number;
  rootKeyIds: string[];
  threshold: number;
  /** Undefined once written to the repository, else why the draft is not yet enough. */
  short?: string;
}

/**
 * Adds the signatures of `keys` to a draft root (from `tuf root sign --out`) and writes it to
 * the repository once it meets both thresholds; until then the draft file keeps the signatures.
 */
export async function tufRootSignDraft(
  config: ServerConfig,
  draftPath: string,
  keys: readonly string[],
): Promise<RootSigned> {
  const draft = parseMetadata<Root>(
    MetadataKind.Root,
    Buffer.from(await readText(draftPath, 'draft root')),
    draftPath,
  );
  const signers = await signersOf(keys);
  return withRepository(config, async (repository, store) =>
    publishOrKeep(repository, store.where, await repository.signDraft(draft, signers), draftPath),
  );
}

async function publishOrKeep(
  repository: TufRepository,
  where: string,
  next: Metadata<Root>,
  draftPath: string | undefined,
): Promise<RootSigned> {
  const role = next.signed.roles.root;
  const result = {
    where,
    version: next.signed.version,
    rootKeyIds: role?.keyIDs ?? [],
    threshold: role?.threshold ?? 0,
  };
  try {
    await repository.publishRoot(next);
    return result;
  } catch (error) {
    if (draftPath === undefined || !(error instanceof TufError)) throw error;
    if (error.code !== 'ROOT_CHAIN_BROKEN') throw error;
    await writeDurably(draftPath, serialize(next));
    return { ...result, short: error.message };
  }
}

/**
 * Writes the next root version: the current one with the changes asked for, signed by the
 * threshold of the current root keys and of the new ones (TUF root rotation). Refuses a key
 * that is not a root key, a removal of a key the root does not hold, and too few signatures.
 */
export async function tufRootSign(config: ServerConfig, changes: RootChanges): Promise<RootSigned> {
  return withRepository(config, (repository, store) =>
    signRoot(repository, store.where, config, changes),
  );
}

async function signRoot(
  repository: TufRepository,
  where: string,
  config: ServerConfig,
  changes: RootChanges,
): Promise<RootSigned> {
  const current = repository.rootKeys();
  const idOf = (spki: Uint8Array): string => tufKeyOf(spki, 'root key').keyId;
  const currentIds = current.root.map(idOf);
  for (const id of changes.removeRootKeys) {
    if (!currentIds.includes(id)) {
      throw new TufError(
        'KEY_NOT_IN_ROLE',
        `--remove-root-key ${id} is not a root key of version ${repository.root.signed.version} (root keys: ${currentIds.join(', ')})`,
      );
    }
  }
  const added = await Promise.all(changes.addRootKeys.map(publicKeyFile));
  const root = [
    ...current.root.filter((spki) => !changes.removeRootKeys.includes(idOf(spki))),
    ...added.filter((spki) => !currentIds.includes(idOf(spki))),
  ];
  const next: RootKeys = {
    root,
    threshold: changes.threshold ?? Math.min(current.threshold, root.length),
    targets:
      changes.targetsKey === undefined
        ? current.targets
        : [await publicKeyFile(changes.targetsKey)],
    online:
      changes.onlineKey === undefined ? current.online : [await publicKeyFile(changes.onlineKey)],
  };
  const draft = await repository.draftRoot(
    next,
    await signersOf(changes.keys),
    config.tuf,
    new Date(),
  );
  if (changes.out === undefined) return publishOrKeep(repository, where, draft, undefined);
  await createExclusive(changes.out, serialize(draft).toString(), 0o644);
  return publishOrKeep(repository, where, draft, changes.out);
}

/** What `tuf status` reports, and `doctor` and `tuf export` check. */
export interface TufReport extends TufStatus {
  /** Where the repository is: DATA/tuf, or the database. */
  where: string;
  /** Whether the targets are the trust material the service wrote at its last start. */
  targetsCurrent: boolean;
  /** A signed targets version the online key has not yet published. */
  pending: boolean;
  rootKeyIds: string[];
  /** Which TUF key files are in keys/ (root and targets belong offline). */
  keyFiles: Partial<Record<keyof typeof TUF_KEY_FILES, string>>;
}

/**
 * The repository's state against the trust material the service wrote at its last start
 * (DATA/trusted_root.json and signing_config.json, the bytes it serves). Read-only.
 */
export function tufReport(config: ServerConfig): Promise<TufReport> {
  return withRepository(
    config,
    (repository, store) => reportOf(config.dataDir, repository, store),
    {
      share: false,
    },
  );
}

async function reportOf(
  dataDir: string,
  repository: TufRepository,
  store: TufStore,
): Promise<TufReport> {
  const written = await Promise.all(
    [
      [TRUSTED_ROOT_TARGET, TRUSTED_ROOT_FILE],
      [SIGNING_CONFIG_TARGET, SIGNING_CONFIG_FILE],
    ].map(async ([name, file]) => ({
      name: name as string,
      data: await fs.readFile(join(dataDir, file as string)).catch(() => Buffer.alloc(0)),
    })),
  );
  const keyFiles: TufReport['keyFiles'] = {};
  for (const [role, file] of Object.entries(TUF_KEY_FILES)) {
    const path = join(dataDir, 'keys', file);
    if (existsSync(path)) keyFiles[role as keyof typeof TUF_KEY_FILES] = path;
  }
  return {
    where: store.where,
    ...repository.status(),
    targetsCurrent: repository.targetsMatch(written),
    pending: repository.pending,
    rootKeyIds: repository.rootKeys().root.map((spki) => tufKeyOf(spki, 'root key').keyId),
    keyFiles,
  };
}

/** Whether the repository's targets are exactly `contents` (what a service serves). Read-only. */
export function tufTargetsMatch(
  config: ServerConfig,
  contents: readonly TargetContent[],
): Promise<boolean> {
  return withRepository(config, async (repository) => repository.targetsMatch(contents), {
    share: false,
  });
}

/**
 * Copies the repository into `outDir` for a static host (a CDN, object storage), in the order
 * that keeps every intermediate state acceptable to clients: target files, versioned metadata,
 * the timestamp last. Refuses a repository whose targets are stale.
 */
export function tufExport(config: ServerConfig, outDir: string): Promise<number> {
  return withRepository(
    config,
    async (repository, store) => {
      const report = await reportOf(config.dataDir, repository, store);
      if (!report.targetsCurrent || report.timestamp === undefined) {
        throw new TufError(
          'TARGETS_STALE',
          `the TUF repository in ${store.where} does not publish the current trust material; ` +
            'start the service (it signs them when the targets key is there) or run signet-server tuf targets sign first',
        );
      }
      return copyRepository(store, tufStorageAt(outDir));
    },
    { share: false },
  );
}
