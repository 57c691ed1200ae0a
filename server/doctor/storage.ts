import { parseNote } from '../../src/core/note.js';
import { spkiOf } from '../../src/core/x509.js';
import { type Checkpoint, parseCheckpointText } from '../../src/tlog/checkpoint.js';
import { redactUrl, type ServerConfig, storageOf } from '../config.js';
import { LOG_NAMES, identityDifferences, identityOfParts } from '../identity.js';
import { RECORD_DIR, checkpointRecord } from '../storage/checkpoint-record.js';
import { type Storage, openStorage } from '../storage/select.js';
import type { OnDisk } from './keys.js';
import { type DoctorCheck, type Finding, checksOf, messageOf } from './report.js';

/**
 * The logs' storage, read-only. A database: that it answers and its schema is this version's,
 * and that the instance it records is the one whose keys are in the data directory. Either
 * storage: that each log's stored checkpoint is not behind this replica's anti-fork record.
 */

const { check, verdict } = checksOf('storage');

export async function checkStorage(config: ServerConfig, disk: OnDisk): Promise<DoctorCheck[]> {
  let storage;
  try {
    storage = await openStorage(config);
  } catch (error) {
    return [check('storage', 'fail', `${redactUrl(config.storage)}: ${messageOf(error)}`)];
  }
  try {
    const shared = storageOf(config.storage).kind !== 'data-dir';
    const checks = shared ? await checkDatabase(config, disk, storage) : [];
    if (checks.some((c) => c.status === 'fail')) return checks;
    return [...checks, await checkRecords(config, storage)];
  } catch (error) {
    return [check('storage', 'fail', `${storage.where}: ${messageOf(error)}`)];
  } finally {
    await storage.close();
  }
}

/**
 * Each log's stored checkpoint against the one this replica recorded last: smaller, or as large
 * with another root, is storage restored from an old backup or forked, which the service will
 * refuse (docs/operations.md, Backup and restore). Sizes and roots only: the service also checks
 * a larger stored tree against the record with its tiles.
 */
async function checkRecords(config: ServerConfig, storage: Storage): Promise<DoctorCheck> {
  const findings: Finding[] = [];
  const checkpointOf = (note: string): Checkpoint => parseCheckpointText(parseNote(note).text);
  for (const name of LOG_NAMES) {
    const record = checkpointRecord(config.dataDir, name);
    const note = await record.read();
    if (note === undefined) continue;
    const recorded = checkpointOf(note);
    const stored = await storage.logStorage(name).read('checkpoint');
    const held = stored === undefined ? undefined : checkpointOf(stored.toString('utf8'));
    const size = held?.size ?? 0;
    if (size < recorded.size) {
      findings.push({
        status: 'fail',
        text: `${name}: ${storage.where} holds a checkpoint of size ${size}, older than the one recorded in ${record.where} (size ${recorded.size}): restored from an old backup? the service refuses it (docs/operations.md, Backup and restore)`,
      });
    } else if (size === recorded.size && !held?.rootHash.equals(recorded.rootHash)) {
      findings.push({
        status: 'fail',
        text: `${name}: ${storage.where} holds another tree of size ${size} than the one recorded in ${record.where}: the log forked; the service refuses it`,
      });
    } else {
      findings.push({
        status: 'ok',
        text: `${name} at size ${size}, recorded ${recorded.size}`,
      });
    }
  }
  if (findings.length === 0) {
    return check(
      'storage records',
      'ok',
      `no checkpoint recorded in ${config.dataDir}/${RECORD_DIR} yet: this replica trusts what storage holds at its first start`,
    );
  }
  return verdict('storage records', findings);
}

async function checkDatabase(
  config: ServerConfig,
  disk: OnDisk,
  storage: Storage,
): Promise<DoctorCheck[]> {
  const problem = await storage.readiness();
  if (problem !== undefined) return [check('storage', 'fail', `${storage.where}: ${problem}`)];
  const checks = [
    check('storage', 'ok', `${storage.where} answers, and its schema serves this version`),
  ];
  const recorded = await storage.identity?.read();
  if (recorded === undefined) {
    checks.push(
      check(
        'storage instance',
        'fail',
        `${storage.where} records no Signet instance: run "signet-server init --storage URL" once`,
      ),
    );
    return checks;
  }
  const { metadata, logKey, rekorV1Key, ctKey, rootCert, issuingCert, tsaKey } = disk;
  if (!metadata || !logKey || !rekorV1Key || !ctKey || !rootCert || !issuingCert || !tsaKey) {
    checks.push(
      check(
        'storage instance',
        'fail',
        `${storage.where} records log origin ${recorded.metadata.logOrigin}; the data directory's keys could not all be read to compare (see the data-dir checks)`,
      ),
    );
    return checks;
  }
  const differences = identityDifferences(
    recorded,
    identityOfParts({
      metadata,
      logKey,
      rekorV1Key,
      ctKey,
      rootCert: rootCert.der,
      issuingCaKey: issuingCert.publicKey,
      tsaKey: spkiOf(tsaKey),
    }),
  );
  checks.push(
    differences.length === 0
      ? check(
          'storage instance',
          'ok',
          `${storage.where} records log origin ${recorded.metadata.logOrigin} with the keys in ${config.dataDir}`,
        )
      : check('storage instance', 'fail', differences.join('; ')),
  );
  return checks;
}
