import { createPublicKey } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseCertificate } from '../src/core/x509.js';
import { noteSigner } from '../src/core/note.js';
import { buildSigningConfig, buildTrustedRoot } from '../src/bundle/trust.js';
import { TlogError } from '../src/tlog/error.js';
import { TransparencyLog } from '../src/tlog/log.js';
import { TsaError } from '../src/tsa/error.js';
import { type ServerConfig, parseListen } from './config.js';
import { ServerError, sendError, sendJson, send } from './http.js';
import { initInstance, type Instance } from './instance.js';
import type { Logger } from './logger.js';
import { Counter, Gauge, Histogram, Registry } from './metrics.js';
import { logErrorStatus, logRoutes } from './routes/log.js';
import { tsaErrorStatus, tsaRoutes } from './routes/tsa.js';
import { PosixLogStorage, writeDurably } from './storage/posix-log.js';
import { startEntryVerifier } from './verify-pool.js';

export interface RunningService {
  /** The URL the server listens on (the public URL may differ behind a proxy). */
  url: string;
  instance: Instance;
  trustedRoot: object;
  log: TransparencyLog;
  /** Stops accepting connections, finishes in-flight batches, closes storage. */
  close(): Promise<void>;
}

/**
 * Pending connections the kernel may queue: a burst of CI jobs connecting at once overflowed
 * Node's default of 511 in the benchmarks, costing those clients a SYN retry (1-3 s).
 */
export const LISTEN_BACKLOG = 4096;

/** Paths the tlog-tiles read API answers at, both at the root and under Rekor v2's /api/v2. */
const READ_PREFIXES = ['/api/v2/', '/'];

export async function startService(config: ServerConfig, logger: Logger): Promise<RunningService> {
  const instance = await initInstance({
    dir: config.dataDir,
    publicUrl: config.publicUrl,
    keys: config.keys,
    logger,
  });
  const { metadata } = instance;
  const signer = noteSigner(metadata.logOrigin, instance.logKey);
  const log = await TransparencyLog.open({
    origin: metadata.logOrigin,
    signer,
    storage: new PosixLogStorage(join(config.dataDir, 'log')),
    ...config.log,
  });
  const started = Date.now();

  const publicUrl = metadata.publicUrl;
  const tsaUrl = `${publicUrl}/api/v1/timestamp`;
  const logStart = new Date(metadata.keys.log?.createdAt ?? started);
  // A timestamp is only as old as the certificate that signed it.
  const tsaStart = parseCertificate(instance.tsaChain[0] as Buffer).notBefore;
  const trustedRoot = buildTrustedRoot({
    tlogs: [
      {
        baseUrl: publicUrl,
        publicKey: createPublicKey(instance.logKey),
        logId: signer.keyId,
        validFor: { start: logStart },
      },
    ],
    ctlogs: [],
    certificateAuthorities: [],
    timestampAuthorities: [
      {
        uri: tsaUrl,
        subject: { organization: 'Signet', commonName: 'Signet Timestamp Authority' },
        certChain: instance.tsaChain,
        validFor: { start: tsaStart },
      },
    ],
  });
  const operator = new URL(publicUrl).host;
  const signingConfig = buildSigningConfig({
    caUrls: [],
    oidcUrls: [],
    rekorTlogUrls: [
      { url: publicUrl, majorApiVersion: 2, validFor: { start: logStart }, operator },
    ],
    tsaUrls: [{ url: tsaUrl, majorApiVersion: 1, validFor: { start: tsaStart }, operator }],
  });
  const trustedRootJson = `${JSON.stringify(trustedRoot, null, 2)}\n`;
  await writeDurably(join(config.dataDir, 'trusted_root.json'), Buffer.from(trustedRootJson));
  await writeDurably(
    join(config.dataDir, 'signing_config.json'),
    Buffer.from(`${JSON.stringify(signingConfig, null, 2)}\n`),
  );

  const registry = new Registry();
  const requests = registry.add(
    new Counter('signet_http_requests_total', 'HTTP requests by route and status.'),
  );
  const latency = registry.add(
    new Histogram('signet_http_request_duration_seconds', 'HTTP request latency by route.'),
  );
  const appends = registry.add(
    new Counter('signet_log_appends_total', 'Log entries accepted, new or duplicate.'),
  );
  const timestamps = registry.add(
    new Counter('signet_tsa_timestamps_total', 'Timestamp responses by outcome.'),
  );
  registry.add(
    new Gauge('signet_log_tree_size', 'Size of the published log tree.', () => log.checkpoint.size),
  );
  registry.add(
    new Gauge(
      'signet_log_pending_entries',
      'Log entries accepted but not yet published.',
      () => log.pending,
    ),
  );

  const verifier = await startEntryVerifier({ size: config.verifyWorkers, logger });
  const logApi = logRoutes(log, signer.keyId, config.maxBodyBytes, appends, verifier);
  const tsaApi = tsaRoutes(instance, config, timestamps);

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<string> {
    const method = req.method ?? 'GET';
    if (method === 'POST' && path === '/api/v2/log/entries')
      return logApi.createEntry(req, res).then(() => 'log_entries');
    if (method === 'POST' && path === '/api/v1/timestamp')
      return tsaApi.timestamp(req, res).then(() => 'timestamp');
    if (method !== 'GET' && method !== 'HEAD') {
      throw new ServerError('METHOD_NOT_ALLOWED', 405, `${method} ${path} is not supported`, {
        headers: { allow: 'GET, HEAD' },
      });
    }
    switch (path) {
      case '/healthz':
        if (log.failed !== undefined)
          throw new ServerError(
            'UNAVAILABLE',
            503,
            'the transparency log stopped after a storage failure',
          );
        sendJson(res, 200, { status: 'SERVING' });
        return 'healthz';
      case '/metrics':
        send(res, 200, registry.render(), 'text/plain; version=0.0.4');
        return 'metrics';
      case '/trusted_root.json':
        send(res, 200, trustedRootJson, 'application/json', { 'cache-control': 'no-cache' });
        return 'trusted_root';
      case '/signing_config.json':
        sendJson(res, 200, signingConfig, { 'cache-control': 'no-cache' });
        return 'signing_config';
      case '/api/v1/timestamp/certchain':
        tsaApi.certChain(res);
        return 'timestamp_certchain';
    }
    for (const prefix of READ_PREFIXES) {
      const rest = path.slice(prefix.length);
      if (path.startsWith(prefix) && (rest === 'checkpoint' || rest.startsWith('tile/'))) {
        await logApi.read(rest, res);
        return rest === 'checkpoint' ? 'checkpoint' : 'tile';
      }
    }
    throw new ServerError('NOT_FOUND', 404, `no such endpoint: ${method} ${path}`);
  }

  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server: Server = createServer((req, res) => {
    inFlight++;
    const began = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let name = 'unknown';
    route(req, res, path)
      .then((routeName) => {
        name = routeName;
      })
      .catch((error: unknown) => {
        const { status, message, headers, style } = describeError(error, path);
        if (status >= 500)
          logger.error('request failed', {
            path,
            status,
            error: String((error as Error)?.stack ?? error),
          });
        else logger.debug('request refused', { path, status, reason: message });
        if (!res.headersSent) sendError(res, status, message, style, headers);
        else res.destroy();
      })
      .finally(() => {
        requests.inc({ route: name, status: String(res.statusCode) });
        latency.observe(Number(process.hrtime.bigint() - began) / 1e9, { route: name });
        if (--inFlight === 0) drained?.();
      });
  });
  server.keepAliveTimeout = 65_000;

  const { host, port } = parseListen(config.listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => resolve());
  }).catch(async (error: unknown) => {
    await verifier.close(); // its threads would keep the process alive
    throw error;
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info('signet-server listening', {
    url,
    publicUrl,
    trustedRoot: join(config.dataDir, 'trusted_root.json'),
    treeSize: log.checkpoint.size,
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    instance,
    trustedRoot,
    log,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Entries still being verified reach the log before it stops taking them.
        await verifier.close();
        await log.close();
        // Writers whose batch the log just flushed are answered before connections close.
        if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
        server.closeAllConnections();
        await stopped;
        logger.info('signet-server stopped', { treeSize: log.checkpoint.size });
      })();
      return closing;
    },
  };
}

function describeError(
  error: unknown,
  path: string,
): { status: number; message: string; headers: Record<string, string>; style: 'grpc' | 'tsa' } {
  const style = path.startsWith('/api/v1/timestamp') ? 'tsa' : 'grpc';
  if (error instanceof ServerError)
    return { status: error.status, message: error.message, headers: error.headers, style };
  if (error instanceof TlogError)
    return { ...logErrorStatus(error), message: error.message, style };
  if (error instanceof TsaError)
    return { status: tsaErrorStatus(error), message: error.message, headers: {}, style };
  return { status: 500, message: 'internal error', headers: {}, style };
}
