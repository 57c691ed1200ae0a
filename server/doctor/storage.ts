import { spkiOf } from '../../src/core/x509.js';
import { redactUrl, type ServerConfig, storageOf } from '../config.js';
import { identityDifferences, identityOfParts } from '../identity.js';
import { openStorage } from '../storage/select.js';
import type { OnDisk } from './keys.js';
import { type DoctorCheck, checksOf, messageOf } from './report.js';

/**
 * Shared storage (a database), read-only: that it answers and its schema is this version's,
 * and that the instance it records is the one whose keys are in the data directory. The data
 * directory's own storage has nothing to add to the data-dir checks.
 */

const { check } = checksOf('storage');

export async function checkStorage(config: ServerConfig, disk: OnDisk): Promise<DoctorCheck[]> {
  if (storageOf(config.storage).kind === 'data-dir') return [];
  let storage;
  try {
    storage = await openStorage(config);
  } catch (error) {
    return [check('storage', 'fail', `${redactUrl(config.storage)}: ${messageOf(error)}`)];
  }
  try {
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
  } catch (error) {
    return [check('storage', 'fail', `${storage.where}: ${messageOf(error)}`)];
  } finally {
    await storage.close();
  }
}
