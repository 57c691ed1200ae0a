import { join } from 'node:path';
import { CertificateAuthority } from '../src/ca/authority.js';
import { FulcioApi } from '../src/ca/fulcio.js';
import { type IdentityConfig, IssuerRegistry } from '../src/oidc/issuers.js';
import type { TransparencyLog } from '../src/tlog/log.js';
import type { RekorV1Log } from '../src/tlog/rekor-v1/log.js';
import {
  type Role,
  type ServerConfig,
  builtInIssuersNote,
  identityConfigOf,
  parseListen,
} from './config.js';
import { Admission } from './admission.js';
import { descriptorLimit, maxConnectionsOf, shedReporter } from './connections.js';
import { DEV_ISSUER_ENDPOINTS, type DevIssuer, startDevIssuer } from './dev-issuer.js';
import { ServerError } from './http.js';
import type { LogName } from './identity.js';
import { instanceOn, instanceSettings } from './instance-storage.js';
import { type Instance, tsaKeyPath } from './instance.js';
import { openStorage } from './storage/select.js';
import { listen } from './listener.js';
import { watchLogHealth } from './log-health.js';
import type { Logger } from './logger.js';
import { type OpenLogs, openLogs } from './logs.js';
import { type ProcessWatch, watchProcess } from './process-metrics.js';
import { Router } from './router.js';
import { CA_ENDPOINTS, caRoutes } from './routes/ca.js';
import { CT_ENDPOINTS, ctRoutes } from './routes/ct.js';
import { LOG_ENDPOINTS, logRoutes } from './routes/log.js';
import { REKOR_V1_ENDPOINTS, rekorV1Routes } from './routes/rekor-v1.js';
import { SERVICE_ENDPOINTS, serviceRoutes } from './routes/service.js';
import { TSA_ENDPOINTS, tsaRoutes } from './routes/tsa.js';
import { TUF_ENDPOINTS, tufRoutes } from './routes/tuf.js';
import { serviceMetrics } from './service-metrics.js';
import { type TufService, startTuf } from './tuf.js';
import {
  TRUSTED_ROOT_FILE,
  buildTrustMaterial,
  tufTargets,
  writeTrustMaterial,
} from './trust-material.js';
import { type LocalKey, type RequestVerifier, startRequestVerifier } from './verify-pool.js';

export interface RunningService {
  /** The URL the server listens on (the public URL may differ behind a proxy). */
  url: string;
  instance: Instance;
  trustedRoot: object;
  /** The transparency log, when this process runs the tlog role. */
  log: TransparencyLog | undefined;
  /** The Rekor v1 log, also with the tlog role. */
  rekorV1: RekorV1Log | undefined;
  /** Stops accepting connections, finishes in-flight batches, closes storage. */
  close(): Promise<void>;
}

/** Starts every role the config names, on one listener; the pieces are in their own modules. */
export async function startService(
  config: ServerConfig,
  logger: Logger,
  /**
   * `init`: on shared storage, migrate its schema and record a new instance first (serve
   * --init, --dev); without it, start only on storage an init has prepared.
   */
  options: { init?: boolean } = {},
): Promise<RunningService> {
  // Refused before anything is written: a cap the descriptor limit cannot hold.
  const descriptors = descriptorLimit();
  const maxConnections = maxConnectionsOf(
    config.server.maxConnections,
    config.verifyWorkers,
    descriptors,
  );
  const storage = await openStorage(config);
  let instance: Instance;
  let logs: OpenLogs;
  try {
    if (options.init === true) await storage.migrate();
    // A database this version cannot use (unreachable, schema behind) stops start-up here.
    const problem = await storage.readiness();
    if (problem !== undefined) {
      throw new ServerError('UNAVAILABLE', `cannot start on ${storage.where}: ${problem}`);
    }
    instance = await instanceOn(
      storage,
      instanceSettings(config, logger),
      options.init === true ? 'init' : 'serve',
    );
  } catch (error) {
    await storage.close();
    throw error;
  }
  const { publicUrl } = instance.metadata;
  const address = parseListen(config.listen);
  // Refused before any log opens: a development issuer never runs off loopback.
  let devIssuer: DevIssuer | undefined;
  try {
    devIssuer = config.devIssuer ? await startDevIssuer(publicUrl, address.host) : undefined;
    logs = await openLogs(config, instance, storage);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const identity: IdentityConfig = {
    issuers: [...(devIssuer ? [devIssuer.settings] : []), ...identityConfigOf(config).issuers],
  };
  let verifier: RequestVerifier | undefined;
  let processWatch: ProcessWatch | undefined;
  let tuf: TufService | undefined;
  try {
    const { log, ctLog, externalCt } = logs;
    const trust = buildTrustMaterial({
      instance,
      roles: config.roles,
      externalCt,
      oidcUrl: devIssuer?.settings.issuerUrl,
    });
    await writeTrustMaterial(config.dataDir, trust);
    tuf = await startTuf({
      store: storage.tuf,
      dataDir: config.dataDir,
      settings: config.tuf,
      targets: tufTargets(trust),
      logger,
    });
    const has = (role: Role): boolean => config.roles.includes(role);
    const admissions = {
      ...(has('ca') && { ca: new Admission('the CA', 'ca.maxInFlight', config.ca.maxInFlight) }),
      ...(has('tsa') && {
        tsa: new Admission('the TSA', 'tsa.maxInFlight', config.tsa.maxInFlight),
      }),
    };
    let openConnections = (): number => 0; // until the listener is up
    const metrics = serviceMetrics({ log, admissions, connections: () => openConnections() });
    watchLogHealth(metrics.registry, logger, enginesOf(logs));
    for (const metric of storage.metrics) metrics.registry.add(metric);
    processWatch = watchProcess(metrics.registry, { descriptorLimit: descriptors.limit });
    // Log entries and certificate requests are checked off the event loop, in one pool, which
    // also signs with the local keys (issuing CA, TSA).
    verifier =
      log || has('ca') || has('tsa')
        ? await startRequestVerifier({
            size: config.verifyWorkers,
            maxQueueDelayMs: config.maxQueueDelayMs,
            onShed: (job, stage) => metrics.requestsShed.inc({ queue: 'verify', job, stage }),
            logger,
            identity,
            signingKeys: signingKeysOf(instance, has),
            ...(has('ca') && {
              certificateTemplate: {
                certificate: instance.issuingCa.certificate,
                algorithm: instance.issuingCa.signer.algorithm,
              },
            }),
          })
        : undefined;
    if (verifier && ctLog) ctLog.signSctsWith(verifier.signer(CT_KEY));
    const router = new Router({ roles: config.roles, logger, observe: metrics.observe })
      .mount(
        SERVICE_ENDPOINTS,
        serviceRoutes({
          // The database first: when it is down, the logs stop too, and it is the cause.
          readiness: async () => (await storage.readiness()) ?? storageFailure(logs),
          state: () => (storage.shared ? { leases: leasesOf(logs) } : {}),
          registry: metrics.registry,
          trust,
        }),
      )
      .mount(TUF_ENDPOINTS, tufRoutes(tuf))
      .mount(
        LOG_ENDPOINTS,
        log && logRoutes(log, logs.signer.keyId, config.maxBodyBytes, metrics, verifier),
        'tlog',
      )
      .mount(
        REKOR_V1_ENDPOINTS,
        logs.rekorV1 && rekorV1Routes(logs.rekorV1, config.maxBodyBytes),
        'tlog',
      )
      .mount(CT_ENDPOINTS, ctLog && ctRoutes(ctLog, config.maxBodyBytes), 'ct')
      .mount(
        CA_ENDPOINTS,
        admissions.ca && verifier
          ? caRoutes(
              certificateApi(instance, logs, verifier),
              verifier,
              new IssuerRegistry(identity),
              { maxBodyBytes: config.maxBodyBytes, admission: admissions.ca },
              metrics.certificates,
              logger,
            )
          : undefined,
        'ca',
      )
      .mount(
        TSA_ENDPOINTS,
        admissions.tsa &&
          tsaRoutes(
            instance,
            config,
            metrics.timestamps,
            admissions.tsa,
            verifier?.signer(TSA_KEY),
          ),
        'tsa',
      );
    if (devIssuer) router.mount<DevIssuer>(DEV_ISSUER_ENDPOINTS, devIssuer);

    const listener = await listen(router.handle, {
      ...address,
      limits: { ...config.server, maxConnections },
      shed: shedReporter(metrics.connectionsShed, logger, maxConnections),
    });
    openConnections = listener.connections;
    logger.info('signet-server listening', {
      url: listener.url,
      publicUrl,
      publicUrlFrom:
        instance.metadata.publicUrlFrom === 'listen'
          ? 'the listen address (no public URL was named)'
          : 'named',
      trustedRoot: join(config.dataDir, TRUSTED_ROOT_FILE),
      roles: config.roles,
      treeSize: log?.checkpoint.size,
      maxConnections,
      descriptorLimit: `${descriptors.limit} (${descriptors.source})`,
    });
    if (has('ca')) {
      logger.info('OIDC issuers in effect', {
        issuers: identity.issuers.map((i) =>
          i.wildcard ? `${i.issuerUrl} (pattern)` : i.issuerUrl,
        ),
        builtInIssuers: builtInIssuersNote(config),
      });
    }
    const running = verifier;
    const watch = processWatch;
    const repository = tuf;
    let closing: Promise<void> | undefined;
    return {
      url: listener.url,
      instance,
      trustedRoot: trust.trustedRoot,
      log,
      rekorV1: logs.rekorV1,
      close() {
        closing ??= listener
          .close(async () => {
            // Entries still being verified reach the log before it stops taking them.
            await running?.close();
            await repository.close();
            await logs.close();
            await storage.close();
            watch.close();
          })
          .then(() => logger.info('signet-server stopped', { treeSize: log?.checkpoint.size }));
        return closing;
      },
    };
  } catch (error) {
    // Worker threads and log timers would otherwise keep a failed start-up alive.
    processWatch?.close();
    await tuf?.close();
    await verifier?.close();
    await logs.close();
    await storage.close();
    throw error;
  }
}

/** Name of the issuing CA's key among the verifier's signing keys. */
const ISSUING_KEY = 'issuing-ca';
/** Name of the CT log's key among them. */
const CT_KEY = 'ct';

/** Name of the TSA's key among the verifier's signing keys. */
const TSA_KEY = 'tsa';

/**
 * Local keys that sign in the request verifier's workers, for the roles this process runs: the
 * issuing CA's when a file, the CT log's (SCTs) and the TSA's.
 */
function signingKeysOf(
  { issuingCa, tsaKey, ctKey, dir }: Instance,
  has: (role: Role) => boolean,
): Record<string, LocalKey> {
  return {
    ...(has('ca') &&
      issuingCa.key && { [ISSUING_KEY]: { key: issuingCa.key, ref: issuingCa.signer.ref } }),
    ...(has('ct') && { [CT_KEY]: { key: ctKey, ref: 'the CT log key' } }),
    ...(has('tsa') && { [TSA_KEY]: { key: tsaKey, ref: `file:${tsaKeyPath(dir)}` } }),
  };
}

/**
 * The CA, submitting its precertificates to this process's CT log or the external one. A file
 * key signs in the verifier's workers (off the event loop); a KMS key signs where it is.
 */
function certificateApi(instance: Instance, logs: OpenLogs, verifier: RequestVerifier): FulcioApi {
  const { issuingCa } = instance;
  return new FulcioApi(
    new CertificateAuthority({
      certificate: issuingCa.certificate,
      chainToRoot: [instance.rootCert],
      signer: issuingCa.key ? verifier.signer(ISSUING_KEY) : issuingCa.signer,
      ct: logs.ctLog ?? logs.externalCt?.submitter,
    }),
  );
}

/** The log engines by the name their log lines, metric labels and storage carry. */
const enginesOf = ({
  log,
  rekorV1,
  ctLog,
}: OpenLogs): Record<LogName, TransparencyLog | undefined> => ({
  tlog: log,
  'rekor-v1': rekorV1?.engine,
  ct: ctLog?.log,
});

/** Each log's role on shared storage: `holder` (signs its checkpoints) or `follower`. */
function leasesOf(logs: OpenLogs): Record<string, 'holder' | 'follower'> {
  const out: Record<string, 'holder' | 'follower'> = {};
  for (const [name, running] of Object.entries(enginesOf(logs))) {
    if (running !== undefined) out[name] = running.leaseHeld ? 'holder' : 'follower';
  }
  return out;
}

/**
 * Why /readyz is failing because of a log: one stopped after a storage failure, until it
 * recovers. The error's code tells a database that is away (it comes back by itself) from a
 * stored state the log refuses (LOG_STATE_CORRUPT: an operator decides, docs/operations.md).
 */
function storageFailure({ log, rekorV1, ctLog }: OpenLogs): string | undefined {
  const stopped = (what: string, error: unknown): string => {
    const code = (error as { code?: unknown } | undefined)?.code;
    return `${what} stopped after a storage failure${typeof code === 'string' ? ` (${code})` : ''}`;
  };
  if (log?.failed !== undefined) return stopped('the transparency log', log.failed);
  if (rekorV1?.engine.failed !== undefined) {
    return stopped('the Rekor v1 log', rekorV1.engine.failed);
  }
  if (ctLog?.log.failed !== undefined) {
    return stopped('the certificate-transparency log', ctLog.log.failed);
  }
  return undefined;
}
