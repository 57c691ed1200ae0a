import { type KeyObject, createHash, createPublicKey, sign } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalize } from '@tufjs/canonical-json';
import {
  Key,
  Metadata,
  MetaFile,
  Root,
  Signature,
  Snapshot,
  TargetFile,
  Targets,
  Timestamp,
} from '@tufjs/models';
import { newKey } from './stack.js';

/**
 * A TUF repository built and signed with `@tufjs/models` (the library tuf-js verifies with),
 * served from node:http on 127.0.0.1 the way a mirror lays it out: consistent snapshots,
 * `N.root.json`, `timestamp.json`, `N.snapshot.json`, `N.targets.json` and
 * `targets/<sha256>.<name>`. P-256 keys, as the public-good repository's. A test publishes
 * targets, rotates the root, breaks a file, or stops the server, and a client sees it.
 */

export type TufRole = 'root' | 'targets' | 'snapshot' | 'timestamp';
const ROLES: readonly TufRole[] = ['root', 'targets', 'snapshot', 'timestamp'];

const DAY = 24 * 60 * 60 * 1000;
const SPEC_VERSION = '1.0.31';

export const expiresIn = (ms: number): string =>
  new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface RoleKey {
  key: Key;
  privateKey: KeyObject;
}

/** A P-256 key as TUF names it: key ID = hex SHA-256 of the key object's canonical JSON. */
function roleKey(): RoleKey {
  const privateKey = newKey('p256');
  const pem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  const object = {
    keytype: 'ecdsa',
    scheme: 'ecdsa-sha2-nistp256',
    keyval: { public: pem },
  };
  const keyID = createHash('sha256').update(canonicalize(object)).digest('hex');
  return {
    key: new Key({ keyID, keyType: object.keytype, scheme: object.scheme, keyVal: object.keyval }),
    privateKey,
  };
}

const signWith =
  ({ key, privateKey }: RoleKey) =>
  (data: Buffer): Signature =>
    new Signature({ keyID: key.keyID, sig: sign('sha256', data, privateKey).toString('hex') });

export class TufMirror {
  /** Served path (no leading slash) to bytes. */
  readonly files = new Map<string, Buffer>();
  /** Every path asked for, in order. */
  readonly requests: string[] = [];
  /** Every timestamp.json published, by version - 1, for rollbacks. */
  readonly timestamps: Buffer[] = [];
  keys: Record<TufRole, RoleKey>;
  rootVersion = 0;
  private targetsVersion = 0;
  private snapshotVersion = 0;
  private timestampVersion = 0;
  private server?: Server;

  constructor() {
    this.keys = Object.fromEntries(ROLES.map((role) => [role, roleKey()])) as Record<
      TufRole,
      RoleKey
    >;
    this.signRoot();
  }

  /** The current root's bytes, as a client pins them. */
  root(version = this.rootVersion): Buffer {
    return this.files.get(`${version}.root.json`) as Buffer;
  }

  /**
   * The next root version, with `keys` replacing roles' keys, signed by the previous root key
   * and the new one (TUF's rotation rule); `signers` overrides who signs.
   */
  signRoot(
    keys: Partial<Record<TufRole, RoleKey>> = {},
    signers?: RoleKey[],
    expires = expiresIn(365 * DAY),
  ): void {
    const previous = this.keys.root;
    this.keys = { ...this.keys, ...keys };
    this.rootVersion += 1;
    const root = new Root({
      version: this.rootVersion,
      specVersion: SPEC_VERSION,
      expires,
      consistentSnapshot: true,
    });
    for (const role of ROLES) root.addKey(this.keys[role].key, role);
    const metadata = new Metadata(root);
    for (const signer of signers ?? [...new Set([previous, this.keys.root])]) {
      metadata.sign(signWith(signer));
    }
    this.files.set(`${this.rootVersion}.root.json`, json(metadata));
  }

  /**
   * Publishes `targets` (name to bytes) as new versions of targets, snapshot and timestamp;
   * `expires` sets a role's expiry, `signers` who signs a role.
   */
  publish(
    targets: Record<string, Buffer>,
    options: {
      expires?: Partial<Record<TufRole, string>>;
      signers?: Partial<Record<TufRole, RoleKey>>;
    } = {},
  ): void {
    const signer = (role: TufRole) => signWith(options.signers?.[role] ?? this.keys[role]);
    const files: Record<string, TargetFile> = {};
    for (const [name, bytes] of Object.entries(targets)) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      files[name] = new TargetFile({ path: name, length: bytes.length, hashes: { sha256 } });
      this.files.set(`targets/${sha256}.${name}`, bytes);
    }
    this.targetsVersion += 1;
    const targetsMeta = new Metadata(
      new Targets({
        version: this.targetsVersion,
        specVersion: SPEC_VERSION,
        expires: options.expires?.targets ?? expiresIn(180 * DAY),
        targets: files,
      }),
    );
    targetsMeta.sign(signer('targets'));
    const targetsBytes = json(targetsMeta);
    this.files.set(`${this.targetsVersion}.targets.json`, targetsBytes);

    this.snapshotVersion += 1;
    const snapshot = new Metadata(
      new Snapshot({
        version: this.snapshotVersion,
        specVersion: SPEC_VERSION,
        expires: options.expires?.snapshot ?? expiresIn(14 * DAY),
        meta: {
          'targets.json': new MetaFile({
            version: this.targetsVersion,
            length: targetsBytes.length,
            hashes: { sha256: createHash('sha256').update(targetsBytes).digest('hex') },
          }),
        },
      }),
    );
    snapshot.sign(signer('snapshot'));
    const snapshotBytes = json(snapshot);
    this.files.set(`${this.snapshotVersion}.snapshot.json`, snapshotBytes);

    this.timestampVersion += 1;
    const timestamp = new Metadata(
      new Timestamp({
        version: this.timestampVersion,
        specVersion: SPEC_VERSION,
        expires: options.expires?.timestamp ?? expiresIn(DAY),
        snapshotMeta: new MetaFile({
          version: this.snapshotVersion,
          length: snapshotBytes.length,
          hashes: { sha256: createHash('sha256').update(snapshotBytes).digest('hex') },
        }),
      }),
    );
    timestamp.sign(signer('timestamp'));
    this.timestamps.push(json(timestamp));
    this.files.set('timestamp.json', this.timestamps.at(-1) as Buffer);
  }

  /** A fresh key for a role, for rotations and wrong signers. */
  static newKey(): RoleKey {
    return roleKey();
  }

  /** Serves the repository under /tuf on 127.0.0.1; the mirror URL. */
  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      this.requests.push(path);
      const body = path.startsWith('/tuf/') ? this.files.get(path.slice(5)) : undefined;
      if (body === undefined) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/tuf`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const json = (metadata: Metadata<Root | Targets | Snapshot | Timestamp>): Buffer =>
  Buffer.from(JSON.stringify(metadata.toJSON()));
