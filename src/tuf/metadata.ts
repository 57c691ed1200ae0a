import { createHash } from 'node:crypto';
import type { MetadataKind } from '@tufjs/models';
import {
  Metadata,
  Root,
  Signature,
  type Snapshot,
  type Targets,
  type Timestamp,
} from '@tufjs/models';
import { canonicalize } from '@tufjs/canonical-json';
import type { Signer } from '../kms/signer.js';
import { TufError } from './error.js';
import { type TufKey, tufKeyOf } from './keys.js';

/**
 * TUF metadata as Signet writes it: building each role's `signed` part, signing it with any
 * `Signer` (a key file or AWS KMS), reading it back, and checking signatures against a root.
 * The bytes signed are the OLPC canonical JSON of `signed`, which is what TUF clients verify.
 */

export type AnySigned = Root | Targets | Snapshot | Timestamp;
export type RoleName = 'root' | 'targets' | 'snapshot' | 'timestamp';

/** The TUF specification version Signet's metadata follows. */
export const SPEC_VERSION = '1.0.31';

const DAY_MS = 86_400_000;

/** TUF's expiry form: ISO 8601 in UTC to the second. */
export const expiryAfter = (now: Date, days: number): string =>
  new Date(now.getTime() + days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const sha256Hex = (data: Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

/**
 * Signs `signed` with each signer and returns the metadata. Every signer must be listed for
 * `role` in `roots` (the root in force, and for a new root also itself): a signature no
 * client would count is a mistake to report, not to publish.
 */
export async function signMetadata<T extends AnySigned>(
  signed: T,
  role: RoleName,
  signers: readonly Signer[],
  roots: readonly Root[],
): Promise<Metadata<T>> {
  return addSignatures(new Metadata(signed), role, signers, roots);
}

/** `signMetadata` over metadata that may carry signatures already (a root signed in turns). */
export async function addSignatures<T extends AnySigned>(
  metadata: Metadata<T>,
  role: RoleName,
  signers: readonly Signer[],
  roots: readonly Root[],
): Promise<Metadata<T>> {
  const bytes = Buffer.from(canonicalize(metadata.signed.toJSON()));
  const signatures: Record<string, Signature> = { ...metadata.signatures };
  for (const signer of signers) {
    const { keyId } = tufKeyOf(signer.publicKey, signer.ref);
    if (!roots.some((root) => root.roles[role]?.keyIDs.includes(keyId))) {
      throw new TufError(
        'KEY_NOT_IN_ROLE',
        `${signer.ref} (key id ${keyId}) is not a ${role} key of this repository's root`,
      );
    }
    const sig = (await signer.sign(bytes)).toString('hex');
    signatures[keyId] = new Signature({ keyID: keyId, sig });
  }
  return new Metadata(metadata.signed, signatures);
}

/** The file's bytes: indented JSON with a final newline (signatures cover `signed` only). */
export const serialize = (metadata: Metadata<AnySigned>): Buffer =>
  Buffer.from(`${JSON.stringify(metadata.toJSON(), null, 2)}\n`);

type KindOf<T> = T extends Root
  ? MetadataKind.Root
  : T extends Targets
    ? MetadataKind.Targets
    : T extends Snapshot
      ? MetadataKind.Snapshot
      : MetadataKind.Timestamp;

/** Parses a metadata file of `kind`; METADATA_INVALID naming `name` when it is not one. */
export function parseMetadata<T extends AnySigned>(
  kind: KindOf<T>,
  data: Uint8Array,
  name: string,
): Metadata<T> {
  try {
    const json = JSON.parse(Buffer.from(data).toString('utf8')) as unknown;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new Error('not a JSON object');
    }
    // fromJSON's overloads cover each kind; the KindOf mapping keeps them in step.
    return Metadata.fromJSON(kind as MetadataKind.Root, json as never) as unknown as Metadata<T>;
  } catch (error) {
    throw new TufError('METADATA_INVALID', `${name} is not ${kind} metadata: ${describe(error)}`, {
      cause: error,
    });
  }
}

const describe = (error: unknown): string => (error as Error).message ?? String(error);

/** Throws THRESHOLD_NOT_MET unless `metadata` carries `root`'s threshold of valid `role` signatures. */
export function verifyRole(
  root: Metadata<Root>,
  role: RoleName,
  metadata: Metadata<AnySigned>,
  what: string,
): void {
  try {
    root.verifyDelegate(role, metadata);
  } catch (error) {
    throw new TufError(
      'THRESHOLD_NOT_MET',
      `${what}: not signed by root version ${root.signed.version}'s threshold of ${role} keys (${describe(error)})`,
      { cause: error },
    );
  }
}

/**
 * Throws ROOT_CHAIN_BROKEN unless `next` is the version after `trusted`, signed by the
 * threshold of `trusted`'s root keys and by its own (TUF 5.3.4 and 5.3.5).
 */
export function verifyNextRoot(trusted: Metadata<Root>, next: Metadata<Root>): void {
  const name = `${next.signed.version}.root.json`;
  if (next.signed.version !== trusted.signed.version + 1) {
    throw new TufError(
      'ROOT_CHAIN_BROKEN',
      `${name} has version ${next.signed.version}, but the root before it has version ${trusted.signed.version}`,
    );
  }
  for (const [by, signer] of [
    ['the previous root', trusted],
    ['itself', next],
  ] as const) {
    try {
      signer.verifyDelegate('root', next);
    } catch (error) {
      throw new TufError(
        'ROOT_CHAIN_BROKEN',
        `${name} is not signed by the threshold of root keys of ${by} (${describe(error)})`,
        { cause: error },
      );
    }
  }
}

/** Who holds each role in a root: SubjectPublicKeyInfo DERs, and the root threshold. */
export interface RootKeys {
  root: readonly Uint8Array[];
  threshold: number;
  targets: readonly Uint8Array[];
  /** The online key that signs both snapshot and timestamp. */
  online: readonly Uint8Array[];
}

/** The `signed` part of a root version: consistent snapshots, one key per role unless named. */
export function buildRoot(version: number, expires: string, keys: RootKeys): Root {
  const listed = (spkis: readonly Uint8Array[], role: string): TufKey[] => {
    if (spkis.length === 0) throw new TufError('SETTING_INVALID', `the ${role} role needs a key`);
    return spkis.map((spki, i) => tufKeyOf(spki, `${role} key ${i + 1}`));
  };
  const root = listed(keys.root, 'root');
  if (
    !Number.isInteger(keys.threshold) ||
    keys.threshold < 1 ||
    keys.threshold > new Set(root.map((k) => k.keyId)).size
  ) {
    throw new TufError(
      'SETTING_INVALID',
      `the root threshold must be between 1 and the number of root keys (${root.length}), got ${keys.threshold}`,
    );
  }
  const targets = listed(keys.targets, 'targets');
  const online = listed(keys.online, 'online');
  const all = [...root, ...targets, ...online];
  // From JSON because @tufjs/models does not export its Role class; fromJSON checks the shape.
  const role = (listedKeys: TufKey[], threshold: number) => ({
    keyids: [...new Set(listedKeys.map((k) => k.keyId))],
    threshold,
  });
  return Root.fromJSON({
    _type: 'root',
    spec_version: SPEC_VERSION,
    version,
    expires,
    consistent_snapshot: true,
    keys: Object.fromEntries(all.map((k) => [k.keyId, k.key.toJSON()])),
    roles: {
      root: role(root, keys.threshold),
      targets: role(targets, 1),
      snapshot: role(online, 1),
      timestamp: role(online, 1),
    },
  });
}
