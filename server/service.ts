import { type KeyObject, createPublicKey } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseCertificate } from '../src/core/x509.js';
import { noteSigner, noteVerifier } from '../src/core/note.js';
import { logIdOf } from '../src/ct/sct.js';
import { type ValidityWindow, buildSigningConfig, buildTrustedRoot } from '../src/bundle/trust.js';
import { TlogError } from '../src/tlog/error.js';
import { TransparencyLog } from '../src/tlog/log.js';
import { TsaError } from '../src/tsa/error.js';
import { CertificateAuthority } from '../src/ca/authority.js';
import { ISSUING_CA_SUBJECT } from '../src/ca/certificates.js';
import { CaError } from '../src/ca/error.js';
import { FulcioApi } from '../src/ca/fulcio.js';
import { CtError } from '../src/ct/error.js';
import { HttpCtSubmitter } from '../src/ct/client.js';
import { CtLog } from '../src/ct/log.js';
import { parsePem } from '../src/core/pem.js';
import { readText } from './ceremony.js';
import { OidcError } from '../src/oidc/error.js';
import { IssuerRegistry } from '../src/oidc/issuers.js';
import { type Role, type ServerConfig, identityConfigOf, parseListen } from './config.js';
import { caErrorStatus, caRoutes, oidcErrorStatus } from './routes/ca.js';
import { startDevIssuer } from './dev-issuer.js';
import { ctErrorStatus, ctRoutes } from './routes/ct.js';
import { ServerError, sendError, sendJson, send } from './http.js';
import { initInstance, type Instance } from './instance.js';
import type { Logger } from './logger.js';
import { Counter, Gauge, Histogram, Registry } from './metrics.js';
import { watchLogHealth } from './log-health.js';
import { logErrorStatus, logRoutes } from './routes/log.js';
import { tsaErrorStatus, tsaRoutes } from './routes/tsa.js';
import { PosixLogStorage, writeDurably } from './storage/posix-log.js';
import { startRequestVerifier } from './verify-pool.js';

export interface RunningService {
  /** The URL the server listens on (the public URL may differ behind a proxy). */
  url: string;
  instance: Instance;
  trustedRoot: object;
  /** The transparency log, when this process runs the tlog role. */
  log: TransparencyLog | undefined;
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
    ca: config.ca,
    logger,
  });
  const { metadata } = instance;
  // Refused before any log opens: a development issuer never runs off loopback.
  const devIssuer = config.devIssuer
    ? await startDevIssuer(metadata.publicUrl, parseListen(config.listen).host)
    : undefined;
  const has = (role: Role): boolean => config.roles.includes(role);
  const signer = noteSigner(metadata.logOrigin, instance.logKey);
  const log = has('tlog')
    ? await TransparencyLog.open({
        origin: metadata.logOrigin,
        signer,
        storage: new PosixLogStorage(join(config.dataDir, 'log')),
        ...config.log,
      })
    : undefined;
  const ctLog = has('ct')
    ? await CtLog.open({
        // Fixed with the transparency log's origin, so it cannot drift either.
        origin: `${metadata.logOrigin}/ct`,
        key: instance.ctKey,
        storage: new PosixLogStorage(join(config.dataDir, 'ct')),
        roots: [instance.rootCert, ...(await readCertificates(config.ct.acceptedRoots))],
        ...config.log,
      })
    : undefined;
  const externalCt = !ctLog && has('ca') ? await externalCtLog(config) : undefined;
  const identity = {
    issuers: [...(devIssuer ? [devIssuer.settings] : []), ...identityConfigOf(config).issuers],
  };
  const issuers = new IssuerRegistry(identity);
  const fulcio = has('ca')
    ? new FulcioApi(
        new CertificateAuthority({
          certificate: instance.issuingCa.certificate,
          chainToRoot: [instance.rootCert],
          signer: instance.issuingCa.signer,
          ct: ctLog ?? externalCt?.submitter,
        }),
      )
    : undefined;
  const started = Date.now();

  const publicUrl = metadata.publicUrl;
  const tsaUrl = `${publicUrl}/api/v1/timestamp`;
  const logStart = new Date(metadata.keys.log?.createdAt ?? started);
  // A timestamp is only as old as the certificate that signed it.
  const tsaStart = parseCertificate(instance.tsaChain[0] as Buffer).notBefore;
  const caStart = parseCertificate(instance.issuingCa.certificate).notBefore;
  const ctStart = new Date(metadata.keys.ct?.createdAt ?? started);
  const tsaSubject = { organization: 'Signet', commonName: 'Signet Timestamp Authority' };
  const logEntry = (publicKey: KeyObject, logId: Buffer, validFor: ValidityWindow) => ({
    baseUrl: publicUrl,
    publicKey,
    logId,
    validFor,
  });
  const caEntry = (issuing: Buffer, validFor: ValidityWindow) => ({
    uri: publicUrl,
    subject: ISSUING_CA_SUBJECT,
    certChain: [issuing, instance.rootCert],
    validFor,
  });
  const tsaEntry = (certChain: Buffer[], validFor: ValidityWindow) => ({
    uri: tsaUrl,
    subject: tsaSubject,
    certChain,
    validFor,
  });
  // Retired keys stay, with their end dates, so what they signed keeps verifying.
  const retired = instance.retired;
  // A service publishes trust only for what it serves, plus the external CT log its CA uses.
  const when = <T>(role: Role, entries: () => T[]): T[] => (has(role) ? entries() : []);
  const trustedRoot = buildTrustedRoot({
    tlogs: when('tlog', () => [
      ...retired.flatMap((k) =>
        k.role === 'log'
          ? [logEntry(k.publicKey, noteVerifier(metadata.logOrigin, k.publicKey).keyId, k)]
          : [],
      ),
      logEntry(createPublicKey(instance.logKey), signer.keyId, { start: logStart }),
    ]),
    ctlogs: [
      ...when('ct', () =>
        retired.flatMap((k) =>
          k.role === 'ct' ? [logEntry(k.publicKey, logIdOf(k.publicKey), k)] : [],
        ),
      ),
      ...(ctLog ? [logEntry(ctLog.publicKey, ctLog.logId, { start: ctStart })] : []),
      // Its SCTs matter from the day this CA's certificate starts, whatever the log's own age.
      ...(externalCt
        ? [
            {
              baseUrl: externalCt.url,
              publicKey: externalCt.publicKey,
              logId: logIdOf(externalCt.publicKey),
              validFor: { start: caStart },
            },
          ]
        : []),
    ],
    certificateAuthorities: when('ca', () => [
      ...retired.flatMap((k) => (k.role === 'issuing-ca' ? [caEntry(k.certificate, k)] : [])),
      caEntry(instance.issuingCa.certificate, { start: caStart }),
    ]),
    timestampAuthorities: when('tsa', () => [
      ...retired.flatMap((k) => (k.role === 'tsa' ? [tsaEntry(k.chain, k)] : [])),
      tsaEntry(instance.tsaChain, { start: tsaStart }),
    ]),
  });
  const operator = new URL(publicUrl).host;
  const signingConfig = buildSigningConfig({
    caUrls: when('ca', () => [
      { url: publicUrl, majorApiVersion: 1, validFor: { start: caStart }, operator },
    ]),
    oidcUrls: devIssuer
      ? [
          {
            url: devIssuer.settings.issuerUrl,
            majorApiVersion: 1,
            validFor: { start: caStart },
            operator,
          },
        ]
      : [],
    rekorTlogUrls: when('tlog', () => [
      { url: publicUrl, majorApiVersion: 2, validFor: { start: logStart }, operator },
    ]),
    tsaUrls: when('tsa', () => [
      { url: tsaUrl, majorApiVersion: 1, validFor: { start: tsaStart }, operator },
    ]),
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
  const certificates = registry.add(
    new Counter('signet_ca_certificates_total', 'Signing-certificate requests by outcome.'),
  );
  const timestamps = registry.add(
    new Counter('signet_tsa_timestamps_total', 'Timestamp responses by outcome.'),
  );
  if (log) {
    registry.add(
      new Gauge(
        'signet_log_tree_size',
        'Size of the published log tree.',
        () => log.checkpoint.size,
      ),
    );
    registry.add(
      new Gauge(
        'signet_log_pending_entries',
        'Log entries accepted but not yet published.',
        () => log.pending,
      ),
    );
  }
  watchLogHealth(registry, logger, { tlog: log, ct: ctLog?.log });

  // Log entries and certificate requests are checked off the event loop, in one pool.
  const verifier =
    log || fulcio
      ? await startRequestVerifier({ size: config.verifyWorkers, logger, identity })
      : undefined;
  const logApi = log && logRoutes(log, signer.keyId, config.maxBodyBytes, appends, verifier);
  const tsaApi = has('tsa') ? tsaRoutes(instance, config, timestamps) : undefined;
  const caApi =
    fulcio &&
    verifier &&
    caRoutes(
      fulcio,
      verifier,
      issuers,
      { maxBodyBytes: config.maxBodyBytes, maxInFlight: config.ca.maxInFlight },
      certificates,
      logger,
    );
  const ctApi = ctLog && ctRoutes(ctLog, config.maxBodyBytes);
  /** A role this process does not run answers 404 with the reason, not a bare "no such endpoint". */
  const served = <T>(api: T | undefined, role: Role, path: string): T => {
    if (api === undefined) {
      throw new ServerError(
        'NOT_FOUND',
        404,
        `${path}: this instance does not run the ${role} role (roles: ${config.roles.join(', ')})`,
      );
    }
    return api;
  };

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<string> {
    const method = req.method ?? 'GET';
    if (devIssuer && (await devIssuer.handle(req, res, path))) return 'dev_issuer';
    if (method === 'POST' && path === '/api/v2/log/entries')
      return served(logApi, 'tlog', path)
        .createEntry(req, res)
        .then(() => 'log_entries');
    if (method === 'POST' && path === '/api/v1/timestamp')
      return served(tsaApi, 'tsa', path)
        .timestamp(req, res)
        .then(() => 'timestamp');
    if (method === 'POST' && path === '/api/v2/signingCert')
      return served(caApi, 'ca', path)
        .signingCertificate(req, res)
        .then(() => 'signing_cert');
    if (method === 'POST' && path === '/ct/v1/add-pre-chain')
      return served(ctApi, 'ct', path)
        .addPreChain(req, res)
        .then(() => 'ct_add_pre_chain');
    if (method === 'POST' && path === '/ct/v1/add-chain')
      return served(ctApi, 'ct', path)
        .addChain(req, res)
        .then(() => 'ct_add_chain');
    if (method !== 'GET' && method !== 'HEAD') {
      throw new ServerError('METHOD_NOT_ALLOWED', 405, `${method} ${path} is not supported`, {
        headers: { allow: 'GET, HEAD' },
      });
    }
    switch (path) {
      case '/healthz':
        if (log?.failed !== undefined || ctLog?.log.failed !== undefined)
          throw new ServerError(
            'UNAVAILABLE',
            503,
            `the ${log?.failed !== undefined ? 'transparency' : 'certificate-transparency'} log stopped after a storage failure`,
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
        served(tsaApi, 'tsa', path).certChain(res);
        return 'timestamp_certchain';
      case '/api/v2/trustBundle':
        served(caApi, 'ca', path).trustBundle(res);
        return 'trust_bundle';
      case '/api/v2/configuration':
        served(caApi, 'ca', path).configuration(res);
        return 'configuration';
      case '/ct/v1/get-roots':
        served(ctApi, 'ct', path).getRoots(res);
        return 'ct_get_roots';
    }
    if (path === '/ct/checkpoint' || path.startsWith('/ct/tile/')) {
      await served(ctApi, 'ct', path).read(path.slice('/ct/'.length), res);
      return path === '/ct/checkpoint' ? 'ct_checkpoint' : 'ct_tile';
    }
    for (const prefix of READ_PREFIXES) {
      const rest = path.slice(prefix.length);
      if (path.startsWith(prefix) && (rest === 'checkpoint' || rest.startsWith('tile/'))) {
        await served(logApi, 'tlog', path).read(rest, res);
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
    await verifier?.close(); // its threads would keep the process alive
    throw error;
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info('signet-server listening', {
    url,
    publicUrl,
    trustedRoot: join(config.dataDir, 'trusted_root.json'),
    roles: config.roles,
    treeSize: log?.checkpoint.size,
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
        await verifier?.close();
        await log?.close();
        await ctLog?.close();
        // Writers whose batch the log just flushed are answered before connections close.
        if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
        server.closeAllConnections();
        await stopped;
        logger.info('signet-server stopped', { treeSize: log?.checkpoint.size });
      })();
      return closing;
    },
  };
}

/** PEM certificate files named in the config, read at start-up so a bad path fails early. */
async function readCertificates(paths: readonly string[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const path of paths) {
    out.push(
      ...parsePem(await readText(path, 'certificate file'), 'CERTIFICATE').map((b) => b.der),
    );
  }
  return out;
}

/** The CT log a CA without the ct role submits to, with the key its SCTs must verify under. */
async function externalCtLog(
  config: ServerConfig,
): Promise<{ url: string; publicKey: KeyObject; submitter: HttpCtSubmitter }> {
  const url = (config.ct.url as string).replace(/\/+$/, '');
  const keyPath = config.ct.publicKey as string;
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(await readText(keyPath, 'CT log public key'));
  } catch (error) {
    if (error instanceof ServerError) throw error;
    throw new ServerError(
      'CONFIG_INVALID',
      500,
      `ct.publicKey ${keyPath} is not a PEM public key: ${(error as Error).message}`,
    );
  }
  return { url, publicKey, submitter: new HttpCtSubmitter({ url, logPublicKey: publicKey }) };
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
  if (error instanceof OidcError)
    return { ...oidcErrorStatus(error), message: error.message, style };
  if (error instanceof CaError) return { ...caErrorStatus(error), message: error.message, style };
  if (error instanceof CtError) {
    const { status, headers } = ctErrorStatus(error);
    return { status, headers, message: status >= 500 ? 'internal error' : error.message, style };
  }
  return { status: 500, message: 'internal error', headers: {}, style };
}
