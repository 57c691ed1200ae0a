import type { ServerConfig } from './config.js';
import { ServerError } from './http.js';
import { checkIdentity, identityOf } from './identity.js';
import { type InitOptions, type Instance, initInstance } from './instance.js';
import type { Logger } from './logger.js';
import { type Storage, dataDirLogs } from './storage/select.js';

/** What `init` and `serve` take from the configuration for the instance. */
export const instanceSettings = (config: ServerConfig, logger: Logger): InitOptions => ({
  dir: config.dataDir,
  publicUrl: config.publicUrl,
  listen: config.listen,
  keys: config.keys,
  ca: config.ca,
  tuf: config.tuf,
  logger,
});

/**
 * The instance on `storage`: for the data directory, initInstance as always. For shared
 * storage, `init` records a new instance's identity the first time and otherwise creates
 * nothing; `serve` starts only on storage an init has recorded. Either way local keys that
 * differ from the recorded ones are refused.
 */
export async function instanceOn(
  storage: Storage,
  options: InitOptions,
  mode: 'init' | 'serve',
): Promise<Instance> {
  const store = storage.identity;
  if (store === undefined) return initInstance(options);
  const recorded = await store.read();
  if (recorded === undefined && mode === 'serve') {
    throw new ServerError(
      'STORAGE_MISMATCH',
      `${storage.where} holds no Signet instance yet; run "signet-server init --storage URL" against it first (once, from the data directory whose keys the replicas mount)`,
    );
  }
  if (recorded !== undefined) {
    const instance = await initInstance({
      ...options,
      shared: { where: storage.where, metadata: recorded.metadata },
    });
    checkIdentity(recorded, instance, storage.where);
    return instance;
  }
  const local = dataDirLogs(options.dir);
  if (local.length > 0) {
    throw new ServerError(
      'STORAGE_MISMATCH',
      `${options.dir} holds published logs (${local.join(', ')}) and ${storage.where} holds none: recording this instance there would start its logs again from zero under the same keys, a fork. Copying a log into a database is not built yet; initialise the database from a new data directory (new keys, a new trust root)`,
    );
  }
  const instance = await initInstance(options);
  // Another init may have recorded first: what is in force is then checked like any other.
  const inForce = await store.record(identityOf(instance));
  checkIdentity(inForce, instance, storage.where);
  options.logger.info('recorded the instance in shared storage', {
    storage: storage.where,
    logOrigin: instance.metadata.logOrigin,
  });
  return instance;
}
