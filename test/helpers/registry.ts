import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createPrivateKey, randomBytes, sign as signData } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import {
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
  request,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpOptions } from '../../src/core/http.js';
import { parseSinglePem } from '../../src/core/pem.js';
import type { RegistryCredentials } from '../../src/oci/auth.js';
import {
  type Descriptor,
  MEDIA_TYPES,
  type Registry,
  openRegistry,
  sha256Digest,
} from '../../src/oci/registry.js';
import { freePort } from './server.js';
import { selfSignedCertificate } from './tls.js';
import { missingTools } from './tools.js';

/**
 * Registries for the OCI tests, on 127.0.0.1 over plain http (the client is opened with
 * `insecure: true`) or https with a fresh certificate: Debian's docker-registry (CNCF distribution 2.8, no referrers API, so the
 * fallback tag path) with no auth, basic auth (an htpasswd file; distribution takes only
 * bcrypt, which htpasswd -B writes) or token auth (a token service in this process issuing
 * JWTs as distribution's registry/auth/token verifies them); and `startReferrersRegistry`, a
 * small registry in this process with the OCI 1.1 referrers API.
 */

/** The tools startRegistry runs: [command, Debian package]. */
export const REGISTRY_TOOLS: [string, string][] = [
  ['docker-registry', 'docker-registry'],
  ['htpasswd', 'apache2-utils'],
];
/** For `describe(..., { skip: registryMissing() })`. */
export const registryMissing = (): string | false => missingTools(...REGISTRY_TOOLS);

/** How long docker-registry may take to answer GET /v2/ (well under a second when idle). */
const START_BOUND_MS = 30_000;
const POLL_MS = 25;

export const TOKEN_SERVICE = 'signet-test-registry';
export const TOKEN_ISSUER = 'signet-test-token-issuer';

export interface TestRegistry {
  /** 127.0.0.1:PORT */
  host: string;
  username?: string;
  password?: string;
  credentials?: RegistryCredentials;
  /** The certificate to trust, when serving https (`tls: true`). */
  ca?: string;
  /** Requests the token service (auth: 'token') answered, as `scope` lists. */
  tokenScopes: string[][];
  /** What the registry wrote to stderr. */
  logs(): string;
  close(): Promise<void>;
}

export interface RegistryOptions {
  auth?: 'none' | 'basic' | 'token';
  /** Serve https with a fresh self-signed certificate for 127.0.0.1 (`ca` of the result). */
  tls?: boolean;
}

export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  const auth = options.auth ?? 'none';
  const dir = await mkdtemp(join(tmpdir(), 'signet-registry-'));
  const port = await freePort();
  const username = 'signet-ci';
  const password = randomBytes(12).toString('base64url');
  const closers: (() => Promise<void>)[] = [() => rm(dir, { recursive: true, force: true })];
  const tokenScopes: string[][] = [];
  const tls = options.tls === true ? selfSignedCertificate() : undefined;
  let authConfig = '';
  if (auth === 'basic') {
    const line = execFileSync('htpasswd', ['-Bbn', username, password], { encoding: 'utf8' });
    await writeFile(join(dir, 'htpasswd'), line);
    authConfig = `auth:\n  htpasswd:\n    realm: signet-test\n    path: ${join(dir, 'htpasswd')}\n`;
  } else if (auth === 'token') {
    const tokens = await startTokenService({ username, password }, tokenScopes);
    closers.unshift(tokens.close);
    await writeFile(join(dir, 'root.pem'), tokens.cert);
    authConfig = [
      'auth:',
      '  token:',
      `    realm: ${tokens.url}/token`,
      `    service: ${TOKEN_SERVICE}`,
      `    issuer: ${TOKEN_ISSUER}`,
      `    rootcertbundle: ${join(dir, 'root.pem')}`,
      '',
    ].join('\n');
  }
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    ...(tls === undefined
      ? []
      : ['  tls:', `    certificate: ${join(dir, 'tls.pem')}`, `    key: ${join(dir, 'tls.key')}`]),
    authConfig,
  ].join('\n');
  if (tls !== undefined) {
    await writeFile(join(dir, 'tls.pem'), tls.cert);
    await writeFile(join(dir, 'tls.key'), tls.key);
  }
  await writeFile(join(dir, 'config.yml'), config);
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  closers.unshift(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  const close = async (): Promise<void> => {
    for (const closer of closers) await closer();
  };
  try {
    await answering(port, tls?.cert, child, () => logs);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    host: `127.0.0.1:${port}`,
    ...(auth !== 'none' && { username, password, credentials: { username, password } }),
    ...(tls !== undefined && { ca: tls.cert }),
    tokenScopes,
    logs: () => logs,
    close,
  };
}

/** Resolves once GET /v2/ answers with any HTTP status; rejects if `child` exits or the bound passes. */
async function answering(
  port: number,
  ca: string | undefined,
  child: ChildProcess,
  logs: () => string,
): Promise<void> {
  const url = `${ca === undefined ? 'http' : 'https'}://127.0.0.1:${port}/v2/`;
  const deadline = Date.now() + START_BOUND_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `docker-registry exited (${child.exitCode ?? child.signalCode}) before serving:\n${logs()}`,
      );
    }
    const status = await new Promise<number | undefined>((resolve) => {
      const req = (ca === undefined ? request : httpsRequest)(url, { ca }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', () => resolve(undefined));
      req.end();
    });
    if (status !== undefined) return;
    if (Date.now() > deadline) {
      throw new Error(
        `docker-registry did not answer ${url} within ${START_BOUND_MS} ms:\n${logs()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A token service as distribution's token auth expects one: `GET /token?service=&scope=…`
 * with basic credentials answers `{"token"}`, an ES256 JWT whose header carries the signing
 * certificate (x5c, verified against the registry's rootcertbundle) and whose claims are iss,
 * aud (= the service), exp/nbf/iat, jti and access[] (registry/auth/token/token.go, v2.8).
 */
async function startTokenService(
  user: { username: string; password: string },
  scopes: string[][],
): Promise<{ url: string; cert: string; close(): Promise<void> }> {
  const { key, cert } = selfSignedCertificate('signet test token issuer');
  const signingKey = createPrivateKey(key);
  const x5c = parseSinglePem(cert, 'CERTIFICATE').toString('base64');
  const expected = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token');
    if (url.pathname !== '/token') return void res.writeHead(404).end();
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ details: 'incorrect username or password' }));
    }
    const requested = url.searchParams.getAll('scope');
    scopes.push(requested);
    const access = requested.map((scope) => {
      const [type, ...rest] = scope.split(':');
      const actions = rest.pop() ?? '';
      return { type, name: rest.join(':'), actions: actions.split(',') };
    });
    const now = Math.floor(Date.now() / 1000);
    const header = b64url({ typ: 'JWT', alg: 'ES256', x5c: [x5c] });
    const claims = b64url({
      iss: TOKEN_ISSUER,
      sub: user.username,
      aud: url.searchParams.get('service'),
      exp: now + 300,
      nbf: now - 5,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access,
    });
    const signature = signData('sha256', Buffer.from(`${header}.${claims}`), {
      key: signingKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64url');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: `${header}.${claims}.${signature}`, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cert,
    close: () => closeServer(server),
  };
}

export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/**
 * Our client for a test registry: plain http (https trusting its `ca` when it has one), its
 * credentials, no retries (a test registry that
 * fails should fail the test) unless `http` says otherwise.
 */
export const testClient = (
  target: { host: string; credentials?: RegistryCredentials; ca?: string },
  http: HttpOptions = { retries: 0 },
): Registry =>
  openRegistry({
    registry: target.host,
    insecure: target.ca === undefined,
    credentials: target.credentials,
    http: { ...http, ...(target.ca !== undefined && { ca: target.ca }) },
  });

/** A small image (config + one random layer), or an index of one such image per platform. */
export async function pushTestImage(
  target: { host: string; credentials?: RegistryCredentials; ca?: string },
  repository: string,
  options: { platforms?: string[]; tag?: string } = {},
): Promise<Descriptor> {
  const registry = testClient(target);
  const pushImage = async (platform: string | undefined, tag: string): Promise<Descriptor> => {
    const [os, architecture] = (platform ?? 'linux/amd64').split('/');
    const config = await registry.pushBlob(
      repository,
      Buffer.from(JSON.stringify({ architecture, os, rootfs: { type: 'layers', diff_ids: [] } })),
      'application/vnd.oci.image.config.v1+json',
    );
    const layer = await registry.pushBlob(
      repository,
      randomBytes(64),
      'application/vnd.oci.image.layer.v1.tar',
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config,
        layers: [layer],
      }),
    );
    const pushed = await registry.pushManifest(repository, tag, MEDIA_TYPES.ociManifest, manifest);
    return { mediaType: pushed.mediaType, digest: pushed.digest, size: pushed.size };
  };
  const tag = options.tag ?? 'latest';
  if (options.platforms === undefined) return pushImage(undefined, tag);
  const manifests = [];
  for (const platform of options.platforms) {
    const image = await pushImage(
      platform,
      sha256Digest(Buffer.from(platform)).replace(':', '-').slice(0, 40),
    );
    const [os, architecture] = platform.split('/');
    manifests.push({ ...image, platform: { os, architecture } });
  }
  const index = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests }),
  );
  const pushed = await registry.pushManifest(repository, tag, MEDIA_TYPES.ociIndex, index);
  return { mediaType: pushed.mediaType, digest: pushed.digest, size: pushed.size };
}

/** A registry in this process with the OCI 1.1 referrers API (distribution-spec v1.1). */
export interface ReferrersRegistry {
  host: string;
  /** Referrers listed per page (a Link: rel="next" header beyond); default all on one page. */
  pageSize: number;
  /** Every request, as "METHOD /path?query". */
  requests: string[];
  close(): Promise<void>;
}

interface StoredManifest {
  mediaType: string;
  bytes: Buffer;
}

/**
 * Enough of the distribution API for signing with the referrers API: blobs (HEAD, GET,
 * POST+PUT upload), manifests (GET, HEAD, PUT by tag or digest, OCI-Subject on a manifest with a
 * subject) and `GET /v2/<name>/referrers/<digest>` with the artifactType filter, answered as
 * the spec's examples are. Everything in memory; no auth.
 */
export async function startReferrersRegistry(): Promise<ReferrersRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, StoredManifest>();
  const tags = new Map<string, string>();
  const uploads = new Set<string>();
  const state = { pageSize: Number.MAX_SAFE_INTEGER, requests: [] as string[] };
  const error = (res: ServerResponse, status: number, code: string, message: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code, message }] }));
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://registry');
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname === '/v2/') return void res.writeHead(200).end('{}');
    const match = /^\/v2\/(.+)\/(blobs\/uploads|blobs|manifests|referrers)\/(.*)$/.exec(
      url.pathname,
    );
    if (match === null) return error(res, 404, 'NOT_FOUND', 'no such route');
    const [, name, kind, ref] = match as unknown as [string, string, string, string];
    const key = (digest: string): string => `${name}@${digest}`;
    if (kind === 'blobs/uploads') {
      if (req.method === 'POST') {
        const id = randomBytes(8).toString('hex');
        uploads.add(id);
        res.writeHead(202, { location: `/v2/${name}/blobs/uploads/${id}` });
        return void res.end();
      }
      const digest = url.searchParams.get('digest');
      if (req.method !== 'PUT' || !uploads.delete(ref) || digest === null) {
        return error(res, 404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown');
      }
      if (sha256Digest(body) !== digest)
        return error(res, 400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
      blobs.set(key(digest), body);
      res.writeHead(201, {
        location: `/v2/${name}/blobs/${digest}`,
        'docker-content-digest': digest,
      });
      return void res.end();
    }
    if (kind === 'blobs') {
      const blob = blobs.get(key(ref));
      if (blob === undefined) return error(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
      res.writeHead(200, { 'content-length': blob.length, 'docker-content-digest': ref });
      return void res.end(req.method === 'HEAD' ? undefined : blob);
    }
    if (kind === 'manifests') {
      if (req.method === 'PUT') {
        const digest = sha256Digest(body);
        const json = JSON.parse(body.toString('utf8')) as { subject?: { digest: string } };
        manifests.set(key(digest), { mediaType: req.headers['content-type'] ?? '', bytes: body });
        if (!ref.startsWith('sha256:')) tags.set(`${name}:${ref}`, digest);
        res.writeHead(201, {
          location: `/v2/${name}/manifests/${digest}`,
          'docker-content-digest': digest,
          ...(json.subject !== undefined && { 'oci-subject': json.subject.digest }),
        });
        return void res.end();
      }
      const digest = ref.startsWith('sha256:') ? ref : tags.get(`${name}:${ref}`);
      const manifest = digest === undefined ? undefined : manifests.get(key(digest));
      if (manifest === undefined || digest === undefined)
        return error(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
      res.writeHead(200, {
        'content-type': manifest.mediaType,
        'docker-content-digest': digest,
        'content-length': manifest.bytes.length,
      });
      return void res.end(req.method === 'HEAD' ? undefined : manifest.bytes);
    }
    // referrers
    if (!/^sha256:[a-f0-9]{64}$/.test(ref))
      return error(res, 400, 'DIGEST_INVALID', 'invalid digest');
    const artifactType = url.searchParams.get('artifactType');
    const all: Record<string, unknown>[] = [];
    for (const [stored, manifest] of manifests) {
      if (!stored.startsWith(`${name}@`)) continue;
      const json = JSON.parse(manifest.bytes.toString('utf8')) as {
        subject?: { digest: string };
        artifactType?: string;
        config?: { mediaType: string };
        annotations?: Record<string, string>;
        mediaType?: string;
      };
      if (json.subject?.digest !== ref) continue;
      const type = json.artifactType ?? json.config?.mediaType;
      if (artifactType !== null && type !== artifactType) continue;
      all.push({
        mediaType: json.mediaType ?? manifest.mediaType,
        size: manifest.bytes.length,
        digest: stored.slice(name.length + 1),
        ...(type !== undefined && { artifactType: type }),
        ...(json.annotations !== undefined && { annotations: json.annotations }),
      });
    }
    const start = Number(url.searchParams.get('last') ?? '0');
    const page = all.slice(start, start + state.pageSize);
    const headers: Record<string, string> = { 'content-type': MEDIA_TYPES.ociIndex };
    if (artifactType !== null) headers['oci-filters-applied'] = 'artifactType';
    if (start + state.pageSize < all.length) {
      const next = new URLSearchParams({
        ...(artifactType !== null && { artifactType }),
        last: String(start + state.pageSize),
      });
      headers.link = `</v2/${name}/referrers/${ref}?${next}>; rel="next"`;
    }
    res.writeHead(200, headers);
    res.end(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: page }));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    get pageSize() {
      return state.pageSize;
    },
    set pageSize(size: number) {
      state.pageSize = size;
    },
    requests: state.requests,
    close: () => closeServer(server),
  };
}
