import { type KeyObject, createPublicKey } from 'node:crypto';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { parsePem, toPem } from '../src/core/pem.js';
import { parseCertificate, spkiOf } from '../src/core/x509.js';
import { ServerError } from './http.js';
import { fsyncDir, lockHolder, writeDurably } from './storage/posix-log.js';

/**
 * Key rotation: an explicit operator step that retires the current key of one role and lets
 * `init` create its successor. A retired key never disappears from the trust root: it stays
 * there with an end date, so everything it signed before that date still verifies.
 *
 * Each retirement is a directory `keys/retired/<role>-<time>/` holding `retired.json`, the
 * public material the trust root keeps, and the retired private key file (to be destroyed or
 * archived by the operator; the service never uses it again). The directory is built under a
 * dot-name and renamed into place, then the live key files are moved into it; `finishRotations`
 * completes that move if a crash came between the two, so a rotation is never half done.
 */

export const ROTATABLE_ROLES = ['issuing-ca', 'log', 'ct', 'tsa', 'rekor-v1'] as const;
export type RotatableRole = (typeof ROTATABLE_ROLES)[number];

/** The live files each role owns under keys/; they move into the retirement directory. */
const LIVE_FILES: Record<RotatableRole, readonly string[]> = {
  'issuing-ca': ['issuing-ca.crt.pem', 'issuing-ca.key.pem'],
  log: ['log.key.pem'],
  ct: ['ct.key.pem'],
  tsa: ['tsa-chain.pem', 'tsa.key.pem'],
  'rekor-v1': ['rekor-v1.key.pem'],
};

/** What the trust root keeps of a retired key. */
export type RetiredKey = { start: Date; end: Date } & (
  | { role: 'issuing-ca'; certificate: Buffer }
  | { role: 'tsa'; chain: Buffer[] }
  | { role: 'log' | 'ct' | 'rekor-v1'; publicKey: KeyObject }
);

interface RetirementRecord {
  role: RotatableRole;
  start: string;
  end: string;
  /** The file in the retirement directory the trust root reads. */
  material: string;
  files: string[];
  /**
   * Set once the live files are inside the retirement directory. Until then a restart moves
   * them; afterwards files of those names are the successor's and must stay.
   */
  complete: boolean;
}

const RETIRED_DIR = 'retired';
const RECORD = 'retired.json';

const keysDir = (dataDir: string): string => join(dataDir, 'keys');
const retiredDir = (dataDir: string): string => join(keysDir(dataDir), RETIRED_DIR);

async function exists(path: string): Promise<boolean> {
  return fs.access(path).then(
    () => true,
    () => false,
  );
}

async function readRecords(dataDir: string): Promise<{ dir: string; record: RetirementRecord }[]> {
  let names: string[];
  try {
    names = await fs.readdir(retiredDir(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: { dir: string; record: RetirementRecord }[] = [];
  // Dot-names are retirements a crash interrupted before they were complete: ignored.
  for (const name of names.filter((n) => !n.startsWith('.')).sort()) {
    const dir = join(retiredDir(dataDir), name);
    const path = join(dir, RECORD);
    let record: RetirementRecord;
    try {
      record = JSON.parse(await fs.readFile(path, 'utf8')) as RetirementRecord;
    } catch (error) {
      throw new ServerError(
        'DATA_DIR_INVALID',
        `${path} is unreadable: ${(error as Error).message}`,
      );
    }
    if (!(ROTATABLE_ROLES as readonly string[]).includes(record.role)) {
      throw new ServerError('DATA_DIR_INVALID', `${path}: unknown role "${record.role}"`);
    }
    out.push({ dir, record });
  }
  return out;
}

/** Moves live files a crashed rotation left behind into their retirement directory. */
export async function finishRotations(dataDir: string): Promise<void> {
  for (const { dir, record } of await readRecords(dataDir)) {
    if (record.complete) continue;
    for (const file of record.files) {
      const live = join(keysDir(dataDir), file);
      if (await exists(live)) await fs.rename(live, join(dir, file));
    }
    await fsyncDir(keysDir(dataDir));
    await fsyncDir(dir);
    await writeRecord(dir, { ...record, complete: true });
  }
}

const writeRecord = (dir: string, record: RetirementRecord): Promise<void> =>
  writeDurably(join(dir, RECORD), Buffer.from(`${JSON.stringify(record, null, 2)}\n`));

/** Every retired key, oldest first, for the trust root. */
export async function loadRetiredKeys(dataDir: string): Promise<RetiredKey[]> {
  const keys: RetiredKey[] = [];
  for (const { dir, record } of await readRecords(dataDir)) {
    const pem = await fs.readFile(join(dir, record.material), 'utf8');
    const window = { start: new Date(record.start), end: new Date(record.end) };
    if (record.role === 'issuing-ca') {
      keys.push({
        role: record.role,
        certificate: parsePem(pem, 'CERTIFICATE')[0]?.der as Buffer,
        ...window,
      });
    } else if (record.role === 'tsa') {
      keys.push({
        role: record.role,
        chain: parsePem(pem, 'CERTIFICATE').map((b) => b.der),
        ...window,
      });
    } else {
      keys.push({ role: record.role, publicKey: createPublicKey(pem), ...window });
    }
  }
  return keys;
}

/** Refuses to rotate under a running service, which holds the keys in memory. */
async function assertStopped(dataDir: string): Promise<void> {
  for (const log of ['log', 'ct']) {
    const pid = await lockHolder(join(dataDir, log));
    if (pid !== undefined) {
      throw new ServerError(
        'CONFIG_INVALID',
        `the service (process ${pid}) is running on ${dataDir}; stop it, rotate, then start it again`,
      );
    }
  }
}

export interface RotationResult {
  role: RotatableRole;
  retiredTo: string;
  end: Date;
}

/**
 * Retires the current key of `role`. `start` is when the retired key began to sign (recorded
 * key creation, or its certificate's notBefore); the retirement time becomes its end date.
 */
export async function retireKey(
  dataDir: string,
  role: RotatableRole,
  createdAt: Record<string, { createdAt: string } | undefined>,
  now = new Date(),
): Promise<RotationResult> {
  await assertStopped(dataDir);
  await finishRotations(dataDir);
  const keys = keysDir(dataDir);
  const present: string[] = [];
  for (const file of LIVE_FILES[role]) if (await exists(join(keys, file))) present.push(file);
  const [materialFile, material, start] = await retiredMaterial(keys, role, createdAt, now);
  const name = `${role}-${now.toISOString().replace(/[:.]/g, '-')}`;
  const staging = join(retiredDir(dataDir), `.${name}`);
  const target = join(retiredDir(dataDir), name);
  await fs.mkdir(staging, { recursive: true, mode: 0o700 });
  await writeDurably(join(staging, materialFile), Buffer.from(material));
  const record: RetirementRecord = {
    role,
    start: start.toISOString(),
    end: now.toISOString(),
    material: materialFile,
    // The material file may share a name with a live file (certificates); the live one is moved
    // over it, which is the same content.
    files: present,
    complete: false,
  };
  await writeRecord(staging, record);
  await fs.rename(staging, target);
  await fsyncDir(retiredDir(dataDir));
  await finishRotations(dataDir);
  return { role, retiredTo: target, end: now };
}

async function retiredMaterial(
  keys: string,
  role: RotatableRole,
  createdAt: Record<string, { createdAt: string } | undefined>,
  now: Date,
): Promise<[string, string, Date]> {
  const read = async (file: string): Promise<string> => {
    try {
      return await fs.readFile(join(keys, file), 'utf8');
    } catch (error) {
      throw new ServerError(
        'DATA_DIR_INVALID',
        `cannot rotate ${role}: ${join(keys, file)} is not readable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run init first`,
      );
    }
  };
  if (role === 'issuing-ca') {
    const pem = await read('issuing-ca.crt.pem');
    return ['issuing-ca.crt.pem', pem, certificateStart(pem)];
  }
  if (role === 'tsa') {
    const pem = await read('tsa-chain.pem');
    return ['tsa-chain.pem', pem, certificateStart(pem)];
  }
  const privatePem = await read(`${role}.key.pem`);
  const publicPem = toPem('PUBLIC KEY', spkiOf(createPublicKey(privatePem)));
  const recorded = createdAt[role]?.createdAt;
  return [`${role}.pub.pem`, publicPem, recorded ? new Date(recorded) : now];
}

const certificateStart = (pem: string): Date =>
  parseCertificate(parsePem(pem, 'CERTIFICATE')[0]?.der as Buffer).notBefore;
