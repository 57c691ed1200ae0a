import { createPublicKey } from 'node:crypto';
import {
  type Metadata,
  MetadataKind,
  MetaFile,
  type Root,
  Snapshot,
  TargetFile,
  Targets,
  Timestamp,
} from '@tufjs/models';
import type { Signer } from '../kms/signer.js';
import { TufError } from './error.js';
import {
  type AnySigned,
  type RootKeys,
  SPEC_VERSION,
  addSignatures,
  buildRoot,
  expiryAfter,
  parseMetadata,
  serialize,
  sha256Hex,
  signMetadata,
  verifyNextRoot,
  verifyRole,
} from './metadata.js';

/**
 * A TUF repository with consistent snapshots, laid out as it is served:
 *
 *   N.root.json               every root version, from 1
 *   N.targets.json            targets version N
 *   N.snapshot.json           snapshot version N
 *   timestamp.json            the one unversioned file: it names the current snapshot
 *   targets/HASH.NAME         each target under its SHA-256 (hex)
 *
 * Writes go target files, then targets, then snapshot, then timestamp: until the timestamp
 * names a new snapshot, clients see the previous complete state, so a crash between any two
 * writes leaves a repository every client accepts. The current state is the chain the
 * timestamp names, never the highest version on disk.
 */

/** Where the files live: a directory, durably; or anything that keeps bytes by name. */
export interface TufStorage {
  read(name: string): Promise<Buffer | undefined>;
  /** Whole or not at all: after it resolves the file survives a crash. */
  write(name: string, data: Uint8Array): Promise<void>;
}

/**
 * Where a repository lives, for the service that serves it and every process that changes it:
 * the data directory's tuf/ folder (one process), or a database several replicas share.
 */
export interface TufStore {
  /** For messages: the folder, or the database without its password. */
  readonly where: string;
  /** Whether other processes (replicas, the tuf commands) change it while this one runs. */
  readonly shared: boolean;
  /** A file as last committed, for serving. */
  read(name: string): Promise<Buffer | undefined>;
  /** The names of every file it holds, for copying the repository elsewhere. */
  list(): Promise<string[]>;
  /**
   * Runs `body` as the only writer of this repository, in every process that shares it: its
   * reads see what earlier writers committed, so a repository opened inside it is current.
   * On shared storage its writes become visible together once it resolves, or not at all.
   */
  update<T>(body: (storage: TufStorage) => Promise<T>): Promise<T>;
}

/** How long each role's metadata is valid when signed, in days. */
export interface TufExpiry {
  rootDays: number;
  targetsDays: number;
  snapshotDays: number;
  timestampDays: number;
}

/**
 * Public-good signs its root and targets for about half a year and its timestamp for a week.
 * Signet's root and targets are signed in person, so a year and half a year leave room for
 * that; snapshot and timestamp are re-signed by the service itself at half-life, so they can be
 * short: a timestamp of one day bounds how long a mirror can freeze a client on old trust (a
 * freeze attack) to a day, and half-life re-signing leaves 12 hours to notice a failure.
 */
export const TUF_EXPIRY_DEFAULTS: Readonly<TufExpiry> = {
  rootDays: 365,
  targetsDays: 180,
  snapshotDays: 14,
  timestampDays: 1,
};

/** Throws SETTING_INVALID unless each period is a positive number of days in its range. */
export function validateTufExpiry(expiry: TufExpiry): void {
  const inRange = (name: keyof TufExpiry, max: number): void => {
    const value = expiry[name];
    if (typeof value !== 'number' || !(value > 0) || value > max) {
      throw new TufError(
        'SETTING_INVALID',
        `tuf.${name} must be a number of days above 0 and at most ${max}, got ${String(value)}`,
      );
    }
  };
  inRange('rootDays', 3650);
  inRange('targetsDays', 3650);
  inRange('snapshotDays', 365);
  inRange('timestampDays', 30);
  if (expiry.timestampDays > expiry.snapshotDays) {
    throw new TufError(
      'SETTING_INVALID',
      `tuf.timestampDays (${expiry.timestampDays}) must not exceed tuf.snapshotDays (${expiry.snapshotDays})`,
    );
  }
}

/** A target's name and exact bytes. */
export interface TargetContent {
  name: string;
  data: Uint8Array;
}

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Whether `name` is a file a repository serves (no paths outside it, no other files). */
export function isRepositoryFile(name: string): boolean {
  return (
    /^[1-9]\d{0,9}\.(root|targets|snapshot)\.json$/.test(name) ||
    name === 'timestamp.json' ||
    /^targets\/[0-9a-f]{64}\.[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name)
  );
}

export const targetFileName = (name: string, data: Uint8Array): string =>
  `targets/${sha256Hex(data)}.${name}`;

const DAY_MS = 86_400_000;

export interface TufStatus {
  rootVersion: number;
  rootExpires: string;
  targets?: { version: number; expires: string; names: string[] };
  snapshot?: { version: number; expires: string };
  timestamp?: { version: number; expires: string };
}

export class TufRepository {
  private constructor(
    private readonly storage: TufStorage,
    private rootMd: Metadata<Root>,
    private targetsMd: Metadata<Targets> | undefined,
    private snapshotMd: Metadata<Snapshot> | undefined,
    private timestampMd: Metadata<Timestamp> | undefined,
    /**
     * The targets version after the current one, when the targets key signed it but the online
     * key has not yet published it (`tuf targets sign` away from the online key, or a crash).
     */
    private pendingMd: Metadata<Targets> | undefined,
    /**
     * The highest version of each role clients may have seen, accepted by the current root or
     * not: a new version must exceed it, or clients refuse it as a rollback.
     */
    private readonly seen: Record<'targets' | 'snapshot' | 'timestamp', number>,
  ) {}

  private next(role: 'targets' | 'snapshot' | 'timestamp'): number {
    this.seen[role] += 1;
    return this.seen[role];
  }

  /**
   * Writes 1.root.json for a new repository, signed by `rootSigners` (the threshold of the
   * root keys it names). Refuses a storage that already holds one.
   */
  static async create(
    storage: TufStorage,
    keys: RootKeys,
    rootSigners: readonly Signer[],
    expiry: TufExpiry,
    now: Date,
  ): Promise<TufRepository> {
    if ((await storage.read('1.root.json')) !== undefined) {
      throw new TufError('SETTING_INVALID', 'this repository already has 1.root.json');
    }
    const signed = buildRoot(1, expiryAfter(now, expiry.rootDays), keys);
    const root = await signMetadata(signed, 'root', rootSigners, [signed]);
    verifyRole(root, 'root', root, '1.root.json');
    await storage.write('1.root.json', serialize(root));
    return new TufRepository(storage, root, undefined, undefined, undefined, undefined, {
      targets: 0,
      snapshot: 0,
      timestamp: 0,
    });
  }

  /**
   * Loads the newest root, checking each version chains from the one before, and the state
   * the timestamp names. Metadata the current root no longer accepts (after a key change) is
   * kept out, so that it is re-signed rather than served.
   */
  static async open(storage: TufStorage): Promise<TufRepository> {
    const first = await storage.read('1.root.json');
    if (first === undefined) {
      throw new TufError('REPOSITORY_MISSING', 'the repository has no 1.root.json');
    }
    let root = parseMetadata<Root>(MetadataKind.Root, first, '1.root.json');
    verifyRole(root, 'root', root, '1.root.json');
    for (let version = 2; ; version++) {
      const name = `${version}.root.json`;
      const data = await storage.read(name);
      if (data === undefined) break;
      const next = parseMetadata<Root>(MetadataKind.Root, data, name);
      verifyNextRoot(root, next);
      root = next;
    }
    const accepted = <T extends AnySigned>(
      role: 'timestamp' | 'snapshot' | 'targets',
      md: Metadata<T> | undefined,
    ): Metadata<T> | undefined => {
      if (md === undefined) return undefined;
      try {
        verifyRole(root, role, md, role);
        return md;
      } catch {
        return undefined;
      }
    };
    const read = async <T extends AnySigned>(
      kind: MetadataKind.Timestamp | MetadataKind.Snapshot | MetadataKind.Targets,
      name: string,
    ): Promise<Metadata<T> | undefined> => {
      const data = await storage.read(name);
      return data === undefined ? undefined : parseMetadata<T>(kind as never, data, name);
    };
    const timestamp = await read<Timestamp>(MetadataKind.Timestamp, 'timestamp.json');
    const snapshotVersion = timestamp?.signed.snapshotMeta.version;
    const snapshot =
      snapshotVersion === undefined
        ? undefined
        : await read<Snapshot>(MetadataKind.Snapshot, `${snapshotVersion}.snapshot.json`);
    const targetsVersion = snapshot?.signed.meta['targets.json']?.version;
    const targets =
      targetsVersion === undefined
        ? undefined
        : await read<Targets>(MetadataKind.Targets, `${targetsVersion}.targets.json`);
    const current = accepted('targets', targets);
    const nextVersion = (targets?.signed.version ?? 0) + 1;
    const pending = accepted(
      'targets',
      await read<Targets>(MetadataKind.Targets, `${nextVersion}.targets.json`),
    );
    const seen = {
      targets: targets?.signed.version ?? 0,
      snapshot: snapshot?.signed.version ?? 0,
      timestamp: timestamp?.signed.version ?? 0,
    };
    return new TufRepository(
      storage,
      root,
      current,
      accepted('snapshot', snapshot),
      accepted('timestamp', timestamp),
      pending?.signed.version === nextVersion ? pending : undefined,
      seen,
    );
  }

  get root(): Metadata<Root> {
    return this.rootMd;
  }

  /** Who holds each role in the current root, as `signRoot` takes them. */
  rootKeys(): RootKeys {
    const { keys, roles } = this.rootMd.signed;
    const spkis = (role: string): Buffer[] =>
      (roles[role]?.keyIDs ?? []).map((id) => spkiOfKey(keys[id]?.keyVal.public, id));
    return {
      root: spkis('root'),
      threshold: roles.root?.threshold ?? 1,
      targets: spkis('targets'),
      online: spkis('timestamp'),
    };
  }

  /**
   * Writes the next root version with `keys`, signed by `signers`: TUF clients accept it only
   * with the threshold of the current root's keys and of its own, so both are checked before
   * it is written (ROOT_CHAIN_BROKEN names which is short). Metadata the new root no longer
   * accepts is dropped, to be re-signed.
   */
  async signRoot(
    keys: RootKeys,
    signers: readonly Signer[],
    expiry: TufExpiry,
    now: Date,
  ): Promise<void> {
    await this.publishRoot(await this.draftRoot(keys, signers, expiry, now));
  }

  /**
   * The next root version with `keys`, signed by `signers` (each a root key of the current
   * version or of the new one), not yet checked against the thresholds: the first turn of a
   * ceremony whose keys are on different machines.
   */
  async draftRoot(
    keys: RootKeys,
    signers: readonly Signer[],
    expiry: TufExpiry,
    now: Date,
  ): Promise<Metadata<Root>> {
    const previous = this.rootMd;
    const signed = buildRoot(previous.signed.version + 1, expiryAfter(now, expiry.rootDays), keys);
    return signMetadata(signed, 'root', signers, [previous.signed, signed]);
  }

  /** Adds `signers`' signatures to a draft of the next root version (ROOT_CHAIN_BROKEN for another version). */
  async signDraft(draft: Metadata<Root>, signers: readonly Signer[]): Promise<Metadata<Root>> {
    const previous = this.rootMd;
    if (draft.signed.version !== previous.signed.version + 1) {
      throw new TufError(
        'ROOT_CHAIN_BROKEN',
        `the draft is root version ${draft.signed.version}, but the next version is ${previous.signed.version + 1}`,
      );
    }
    return addSignatures(draft, 'root', signers, [previous.signed, draft.signed]);
  }

  /**
   * Writes `next` as the next root version once it meets both thresholds (ROOT_CHAIN_BROKEN
   * naming the one short otherwise); metadata the new root no longer accepts is dropped.
   */
  async publishRoot(next: Metadata<Root>): Promise<void> {
    const previous = this.rootMd;
    const { signed } = next;
    verifyNextRoot(previous, next);
    await this.storage.write(`${signed.version}.root.json`, serialize(next));
    this.rootMd = next;
    const keep = <T extends AnySigned>(
      role: 'targets' | 'snapshot' | 'timestamp',
      md: Metadata<T> | undefined,
    ): Metadata<T> | undefined => {
      try {
        if (md !== undefined) verifyRole(next, role, md, role);
        return md;
      } catch {
        return undefined;
      }
    };
    this.targetsMd = keep('targets', this.targetsMd);
    this.pendingMd = keep('targets', this.pendingMd);
    this.snapshotMd = keep('snapshot', this.snapshotMd);
    this.timestampMd = keep('timestamp', this.timestampMd);
  }

  /** Whether the published targets are exactly `contents` (names, lengths and SHA-256). */
  targetsMatch(contents: readonly TargetContent[]): boolean {
    return sameTargets(this.targetsMd, contents);
  }

  /**
   * Publishes the pending targets version if it is exactly `contents` and its files are all
   * here: the snapshot and timestamp naming it, signed by `online`. Returns whether it did.
   */
  async publishPending(
    contents: readonly TargetContent[],
    online: Signer,
    expiry: TufExpiry,
    now: Date,
  ): Promise<boolean> {
    const pending = this.pendingMd;
    if (pending === undefined || !sameTargets(pending, contents)) return false;
    for (const { name, data } of contents) {
      if (!(await this.storage.read(targetFileName(name, data)))?.equals(data)) return false;
    }
    this.targetsMd = pending;
    this.pendingMd = undefined;
    this.seen.targets = pending.signed.version;
    await this.refresh(online, expiry, now, true);
    return true;
  }

  /**
   * Publishes `contents` as the next targets version, signed by `targetsSigners`, and the
   * snapshot and timestamp naming it, signed by `online`.
   */
  async publishTargets(
    contents: readonly TargetContent[],
    targetsSigners: readonly Signer[],
    online: Signer,
    expiry: TufExpiry,
    now: Date,
  ): Promise<void> {
    await this.signTargets(contents, targetsSigners, expiry, now);
    await this.publishPending(contents, online, expiry, now);
  }

  /**
   * Writes `contents` and the next targets version naming them, signed by `targetsSigners`,
   * without publishing it: clients see it once the online key signs a snapshot naming it.
   */
  async signTargets(
    contents: readonly TargetContent[],
    targetsSigners: readonly Signer[],
    expiry: TufExpiry,
    now: Date,
  ): Promise<void> {
    const names = new Set<string>();
    for (const { name } of contents) {
      if (!TARGET_NAME.test(name) || names.has(name)) {
        throw new TufError('NAME_INVALID', `target name ${JSON.stringify(name)} is not usable`);
      }
      names.add(name);
    }
    const signed = new Targets({
      version: this.seen.targets + 1,
      specVersion: SPEC_VERSION,
      expires: expiryAfter(now, expiry.targetsDays),
      targets: Object.fromEntries(
        contents.map(({ name, data }) => [
          name,
          new TargetFile({ path: name, length: data.length, hashes: { sha256: sha256Hex(data) } }),
        ]),
      ),
    });
    const targets = await signMetadata(signed, 'targets', targetsSigners, [this.rootMd.signed]);
    verifyRole(this.rootMd, 'targets', targets, `${signed.version}.targets.json`);
    for (const { name, data } of contents) {
      await this.storage.write(targetFileName(name, data), data);
    }
    await this.storage.write(`${signed.version}.targets.json`, serialize(targets));
    this.pendingMd = targets;
  }

  /** Whether a signed targets version waits for the online key. */
  get pending(): boolean {
    return this.pendingMd !== undefined;
  }

  /**
   * Re-signs what is due with the online key: the snapshot when it is missing, names other
   * targets, or is past half its validity; the timestamp likewise, or when the snapshot
   * changed. Returns whether anything was written. Does nothing before targets exist.
   */
  async refresh(online: Signer, expiry: TufExpiry, now: Date, force = false): Promise<boolean> {
    const targets = this.targetsMd;
    if (targets === undefined) return false;
    const root = this.rootMd;
    let snapshot = this.snapshotMd;
    if (
      force ||
      snapshot === undefined ||
      snapshot.signed.meta['targets.json']?.version !== targets.signed.version ||
      pastHalfLife(snapshot.signed.expires, expiry.snapshotDays, now)
    ) {
      const signed = new Snapshot({
        version: this.next('snapshot'),
        specVersion: SPEC_VERSION,
        expires: expiryAfter(now, expiry.snapshotDays),
        meta: { 'targets.json': new MetaFile({ version: targets.signed.version }) },
      });
      snapshot = await signMetadata(signed, 'snapshot', [online], [root.signed]);
      await this.storage.write(`${signed.version}.snapshot.json`, serialize(snapshot));
      this.snapshotMd = snapshot;
    }
    const timestamp = this.timestampMd;
    if (
      timestamp !== undefined &&
      timestamp.signed.snapshotMeta.version === snapshot.signed.version &&
      !pastHalfLife(timestamp.signed.expires, expiry.timestampDays, now)
    ) {
      return snapshot !== this.snapshotMd;
    }
    const snapshotBytes = serialize(snapshot);
    const signed = new Timestamp({
      version: this.next('timestamp'),
      specVersion: SPEC_VERSION,
      expires: expiryAfter(now, expiry.timestampDays),
      snapshotMeta: new MetaFile({
        version: snapshot.signed.version,
        length: snapshotBytes.length,
        hashes: { sha256: sha256Hex(snapshotBytes) },
      }),
    });
    const next = await signMetadata(signed, 'timestamp', [online], [root.signed]);
    await this.storage.write('timestamp.json', serialize(next));
    this.timestampMd = next;
    return true;
  }

  /**
   * When `refresh` next has work: half-way through the shorter-lived of snapshot and
   * timestamp; undefined before targets exist.
   */
  nextRefresh(expiry: TufExpiry): Date | undefined {
    const { snapshotMd: snapshot, timestampMd: timestamp } = this;
    if (snapshot === undefined || timestamp === undefined) return undefined;
    return new Date(
      Math.min(
        halfLife(snapshot.signed.expires, expiry.snapshotDays),
        halfLife(timestamp.signed.expires, expiry.timestampDays),
      ),
    );
  }

  status(): TufStatus {
    const of = (md: Metadata<AnySigned> | undefined) =>
      md && { version: md.signed.version, expires: md.signed.expires };
    const targets = this.targetsMd;
    return {
      rootVersion: this.rootMd.signed.version,
      rootExpires: this.rootMd.signed.expires,
      ...(targets && {
        targets: { ...of(targets)!, names: Object.keys(targets.signed.targets).sort() },
      }),
      ...(this.snapshotMd && { snapshot: of(this.snapshotMd) }),
      ...(this.timestampMd && { timestamp: of(this.timestampMd) }),
    };
  }
}

/** The SubjectPublicKeyInfo of a key a root lists (its PEM `public` value). */
function spkiOfKey(pem: string | undefined, keyId: string): Buffer {
  try {
    return createPublicKey(pem as string).export({ format: 'der', type: 'spki' });
  } catch (error) {
    throw new TufError('METADATA_INVALID', `root key ${keyId} is not a PEM public key`, {
      cause: error,
    });
  }
}

function sameTargets(
  targets: Metadata<Targets> | undefined,
  contents: readonly TargetContent[],
): boolean {
  const listed = targets?.signed.targets;
  if (listed === undefined || Object.keys(listed).length !== contents.length) return false;
  return contents.every(({ name, data }) => {
    const file = listed[name];
    return file?.length === data.length && file.hashes.sha256 === sha256Hex(data);
  });
}

/** The moment half of a `days`-long validity ending at `expires` is left. */
const halfLife = (expires: string, days: number): number =>
  Date.parse(expires) - (days * DAY_MS) / 2;

const pastHalfLife = (expires: string, days: number, now: Date): boolean =>
  now.getTime() >= halfLife(expires, days);
