import { createHash } from 'node:crypto';
import {
  HttpError,
  type HttpOptions,
  type HttpRequest,
  type HttpResponse,
  request,
} from '../core/http.js';
import {
  type Access,
  Authenticator,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  type RegistryCredentials,
} from './auth.js';
import { OciError } from './error.js';
import { DIGEST } from './reference.js';
import { printable } from '../core/text.js';

/**
 * A client of the OCI distribution API (the subset signing needs): resolve a manifest, push and
 * fetch blobs and manifests, with basic and bearer-token authentication (auth.ts). Every byte
 * read is checked against the digest it was asked by or announced under, so a registry (or
 * anything between) cannot substitute content. https only, unless the caller passes `insecure`
 * (`--allow-insecure-registry`); a loopback registry is no exception, so that a test setting
 * is never what production runs with.
 */

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  octetStream: 'application/octet-stream',
} as const;

const MANIFEST_TYPES: readonly string[] = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
];

/**
 * The largest manifest or index read. The distribution spec asks registries and clients to
 * handle at least 4 MB; a signature referrer is under 1 KiB and an image index of a few
 * dozen platforms a few KiB.
 */
export const DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Room for a registry's error body when a smaller limit is asked for (a blob of a few bytes). */
const ERROR_BODY_BYTES = 64 * 1024;
/** Blob redirects followed (registries send blob reads to object storage, e.g. S3 or a CDN). */
export const MAX_BLOB_REDIRECTS = 3;

export interface Descriptor {
  mediaType: string;
  /** sha256:HEX */
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface Manifest {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
  json: Record<string, unknown>;
}

export interface RegistryOptions {
  /** host[:port] */
  registry: string;
  /** Plain http (`--allow-insecure-registry`). */
  insecure?: boolean;
  credentials?: RegistryCredentials | undefined;
  http?: HttpOptions;
}

/** One exchange with the registry's API, authenticated for `repository` and `access`. */
export interface RegistryRequest {
  method: HttpRequest['method'];
  /** After /v2/<repository>/, e.g. `manifests/sha256:…` or `referrers/sha256:…?artifactType=…`. */
  path: string;
  access: Access;
  headers?: Record<string, string>;
  body?: Buffer;
  maxResponseBytes?: number;
}

export interface Registry {
  /** host[:port], as given. */
  readonly host: string;
  /** The manifest or index a tag or digest names (digest-checked). */
  resolve(repository: string, tagOrDigest: string): Promise<Manifest>;
  /** Uploads a blob unless the registry already has it. */
  pushBlob(repository: string, bytes: Buffer, mediaType?: string): Promise<Descriptor>;
  /** A blob's bytes, checked against the descriptor's digest and size. */
  fetchBlob(repository: string, descriptor: Descriptor, maxBytes: number): Promise<Buffer>;
  /**
   * Stores a manifest under a tag or its digest. `subject` is the OCI-Subject header the
   * registry answered with: it processed the manifest's subject (it has the referrers API).
   */
  pushManifest(
    repository: string,
    reference: string,
    mediaType: string,
    bytes: Buffer,
  ): Promise<Descriptor & { subject?: string }>;
  /** A raw exchange, for the API calls above these (the referrers API); any status returned. */
  send(repository: string, req: RegistryRequest): Promise<HttpResponse>;
}

export const sha256Digest = (bytes: Uint8Array): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Docker Hub's API is not served at its name. */
const API_HOSTS: Readonly<Record<string, string>> = { 'docker.io': 'registry-1.docker.io' };

/** Every status but the transient ones (retried by core/http.ts) is handled here. */
const HANDLED = Array.from({ length: 300 }, (_, i) => 200 + i).filter(
  (s) => s !== 408 && s !== 429,
);

const header = (response: HttpResponse, name: string): string | undefined => {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** How much of a registry's own reason a message quotes. */
const MAX_QUOTED_REASON = 300;

/**
 * `HTTP 404 MANIFEST_UNKNOWN: manifest unknown`: the status and the first error of the body
 * (`{"errors":[{"code","message"}]}`, distribution-spec), else the reason phrase; escaped, as
 * it is the registry's text.
 */
function registryReason(response: HttpResponse): string {
  let reason: string | undefined;
  try {
    const json = JSON.parse(response.body.toString('utf8')) as { errors?: unknown } | null;
    const first: unknown = Array.isArray(json?.errors) ? json.errors[0] : undefined;
    const { code, message } = (first ?? {}) as { code?: unknown; message?: unknown };
    const parts = [code, message].filter((x): x is string => typeof x === 'string' && x !== '');
    if (parts.length > 0) reason = parts.join(': ');
  } catch {
    // Not JSON: the status line says what there is to say.
  }
  reason ??= response.statusText;
  if (reason.length > MAX_QUOTED_REASON) reason = `${reason.slice(0, MAX_QUOTED_REASON)}…`;
  return `HTTP ${response.status}${reason === '' ? '' : ` ${printable(reason)}`}`;
}

export function openRegistry(options: RegistryOptions): Registry {
  const host = options.registry;
  const insecure = options.insecure === true;
  const base = `${insecure ? 'http' : 'https'}://${API_HOSTS[host] ?? host}`;
  const http: HttpOptions = {
    ...options.http,
    ...(insecure && { allowPlainHttp: true }),
  };
  const what = `registry ${host}`;
  const auth = new Authenticator(
    host,
    options.credentials,
    async (realm, service, scope, credentials) => {
      const url = tokenUrl(realm, service, scope);
      const identity =
        credentials !== undefined && 'identityToken' in credentials
          ? credentials.identityToken
          : undefined;
      const res = await call({
        method: identity === undefined ? 'GET' : 'POST',
        url: identity === undefined ? url.href : `${url.origin}${url.pathname}`,
        what: `token service of ${what}`,
        headers: {
          accept: 'application/json',
          ...(credentials !== undefined &&
            'username' in credentials && {
              authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
            }),
          ...(identity !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(identity !== undefined && {
          body: Buffer.from(
            new URLSearchParams({
              grant_type: 'refresh_token',
              refresh_token: identity,
              client_id: 'signet',
              ...(service !== undefined && { service }),
              scope,
            }).toString(),
          ),
        }),
      });
      if (res.status === 401 || res.status === 403) {
        throw new OciError(
          'UNAUTHORIZED',
          `the token service of ${what} (${url.origin}${url.pathname}) refused ${credentials === undefined ? 'an anonymous token' : 'the credentials'} for ${scope}: ${registryReason(res)}`,
        );
      }
      if (res.status !== 200) {
        throw new OciError(
          'REGISTRY_INVALID',
          `the token service of ${what} (${url.origin}${url.pathname}) answered ${registryReason(res)} for ${scope}`,
        );
      }
      let json: { token?: unknown; access_token?: unknown; expires_in?: unknown };
      try {
        json = JSON.parse(res.body.toString('utf8')) as typeof json;
      } catch {
        json = {};
      }
      const token =
        typeof json.token === 'string' && json.token !== '' ? json.token : json.access_token;
      if (typeof token !== 'string') {
        throw new OciError(
          'REGISTRY_INVALID',
          `the token service of ${what} (${url.origin}${url.pathname}) answered without a token (JSON with "token" or "access_token" expected)`,
        );
      }
      const expiresIn =
        typeof json.expires_in === 'number' && json.expires_in > 0
          ? json.expires_in
          : DEFAULT_TOKEN_LIFETIME_SECONDS;
      return { token, expiresInS: expiresIn };
    },
  );

  function tokenUrl(realm: string, service: string | undefined, scope: string): URL {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new OciError(
        'REGISTRY_INVALID',
        `${what} named a token service that is not a URL: ${printable(realm.slice(0, 200))}`,
      );
    }
    if (url.protocol === 'http:' && !insecure) {
      throw new OciError(
        'INSECURE_REFUSED',
        `${what} sends clients for tokens to ${url.origin}, plain http: refused, credentials would travel in clear text (--allow-insecure-registry allows it)`,
      );
    }
    if (service !== undefined) url.searchParams.set('service', service);
    url.searchParams.set('scope', scope);
    return url;
  }

  /** One HTTP exchange; transport failures and 5xx after retries become OciErrors. */
  async function call(req: HttpRequest, maxResponseBytes?: number): Promise<HttpResponse> {
    try {
      return await request(
        { ...req, expect: HANDLED },
        maxResponseBytes === undefined ? http : { ...http, maxResponseBytes },
      );
    } catch (error) {
      throw transportError(error, req);
    }
  }

  function transportError(error: unknown, req: HttpRequest): unknown {
    if (!(error instanceof HttpError)) return error;
    const target = `${req.what} (${req.method} ${new URL(req.url).origin}${new URL(req.url).pathname})`;
    if (error.code === 'URL_INVALID') {
      const plain = req.url.startsWith('http:');
      return new OciError(
        plain ? 'INSECURE_REFUSED' : 'REGISTRY_INVALID',
        plain
          ? `${target}: plain http refused (--allow-insecure-registry allows it): ${printable(error.detail)}`
          : `${target}: ${printable(error.detail)}`,
        { cause: error },
      );
    }
    if (error.code === 'ABORTED') return error;
    // An https request answered in plain http: OpenSSL reads the HTTP status line as a record.
    if (
      !insecure &&
      /wrong version number|packet length too long|http request/i.test(error.detail)
    ) {
      return new OciError(
        'INSECURE_REFUSED',
        `${target} answers plain http, not https: refused (--allow-insecure-registry allows it)`,
        { cause: error },
      );
    }
    return new OciError(
      error.code === 'SERVICE_UNAVAILABLE' ? 'UNAVAILABLE' : 'REGISTRY_INVALID',
      `${target}: ${printable(error.detail)}`,
      { cause: error },
    );
  }

  function checkRepository(repository: string): void {
    if (
      !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(
        repository,
      )
    ) {
      throw new OciError(
        'REFERENCE_INVALID',
        `"${repository.slice(0, 200)}" is not a repository name`,
      );
    }
  }

  async function send(repository: string, req: RegistryRequest): Promise<HttpResponse> {
    checkRepository(repository);
    const url = new URL(`/v2/${repository}/${req.path}`, base).href;
    return exchange(repository, req, url);
  }

  /** A request with the registry's authentication; a 401 is answered once, then refused. */
  async function exchange(
    repository: string,
    req: RegistryRequest,
    url: string,
  ): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const authorization = await auth.authorization(repository, req.access);
      const response = await call(
        {
          method: req.method,
          url,
          what,
          headers: { ...req.headers, ...(authorization !== undefined && { authorization }) },
          ...(req.body !== undefined && { body: req.body }),
        },
        req.maxResponseBytes,
      );
      if (response.status !== 401) {
        if (response.status === 403) {
          throw new OciError(
            'DENIED',
            `${what} denied ${req.access === 'pull' ? 'read' : 'write'} access to repository ${repository} (${registryReason(response)})${authorization === undefined ? '' : ': the credentials given are not allowed this'}`,
          );
        }
        return response;
      }
      if (
        attempt > 0 ||
        !auth.challenged(
          header(response, 'www-authenticate'),
          repository,
          req.access,
          authorization,
        )
      ) {
        throw new OciError(
          'UNAUTHORIZED',
          `${what} refused ${authorization === undefined ? 'an anonymous request' : 'the credentials'} for repository ${repository} (${registryReason(response)})${authorization === undefined ? ': log in with docker login, or set the registry credentials in the environment' : ''}`,
        );
      }
    }
  }

  function unexpected(response: HttpResponse, doing: string): OciError {
    const location = header(response, 'location');
    let hint = '';
    if (response.status >= 300 && response.status < 400 && location !== undefined) {
      hint = `, a redirect to ${printable(location.slice(0, 200))}`;
    } else if (
      insecure &&
      response.status === 400 &&
      /HTTPS server/i.test(response.body.toString())
    ) {
      // Go's net/http answers a plain request on a TLS port so.
      hint = ': it serves https, leave out --allow-insecure-registry';
    }
    return new OciError(
      response.status === 404 ? 'NOT_FOUND' : 'REGISTRY_INVALID',
      `${what} ${doing}: ${registryReason(response)}${hint}`,
    );
  }

  async function resolve(repository: string, tagOrDigest: string): Promise<Manifest> {
    const byDigest = tagOrDigest.startsWith('sha256:');
    if (byDigest && !DIGEST.test(tagOrDigest)) {
      throw new OciError(
        'REFERENCE_INVALID',
        `"${tagOrDigest.slice(0, 200)}" is not a sha256 digest`,
      );
    }
    const response = await send(repository, {
      method: 'GET',
      path: `manifests/${tagOrDigest}`,
      access: 'pull',
      headers: { accept: MANIFEST_TYPES.join(', ') },
      maxResponseBytes: DEFAULT_MAX_MANIFEST_BYTES,
    });
    const where = `${byDigest ? 'manifest' : 'tag'} ${tagOrDigest} in repository ${repository}`;
    if (response.status === 404) {
      throw new OciError('NOT_FOUND', `${what} has no ${where} (${registryReason(response)})`);
    }
    if (response.status !== 200) throw unexpected(response, `answered a request for ${where}`);
    const bytes = response.body;
    const digest = sha256Digest(bytes);
    const announced = header(response, 'docker-content-digest');
    if ((byDigest && digest !== tagOrDigest) || (announced !== undefined && announced !== digest)) {
      throw new OciError(
        'REGISTRY_INVALID',
        `${what} answered for ${where} with bytes whose digest is ${digest}, not ${byDigest ? tagOrDigest : `${announced} as it announced`}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new OciError(
        'REGISTRY_INVALID',
        `${what} answered for ${where} with ${bytes.length} bytes that are not a JSON manifest`,
      );
    }
    const manifest = json as Record<string, unknown>;
    const contentType = header(response, 'content-type')?.split(';')[0]?.trim();
    const mediaType = typeof manifest.mediaType === 'string' ? manifest.mediaType : contentType;
    if (mediaType === undefined || !MANIFEST_TYPES.includes(mediaType)) {
      throw new OciError(
        'REGISTRY_INVALID',
        `${what} answered for ${where} with a manifest of media type ${mediaType ?? '(none)'}; expected one of ${MANIFEST_TYPES.join(', ')}`,
      );
    }
    return { mediaType, digest, size: bytes.length, bytes, json: manifest };
  }

  async function pushBlob(
    repository: string,
    bytes: Buffer,
    mediaType: string = MEDIA_TYPES.octetStream,
  ): Promise<Descriptor> {
    const descriptor = { mediaType, digest: sha256Digest(bytes), size: bytes.length };
    const head = await send(repository, {
      method: 'HEAD',
      path: `blobs/${descriptor.digest}`,
      access: 'pull,push',
    });
    if (head.status === 200) return descriptor;
    if (head.status !== 404)
      throw unexpected(
        head,
        `answered a check for blob ${descriptor.digest} in repository ${repository}`,
      );
    const start = await send(repository, {
      method: 'POST',
      path: 'blobs/uploads/',
      access: 'pull,push',
    });
    const location = header(start, 'location');
    if (start.status !== 202 || location === undefined) {
      throw unexpected(
        start,
        `did not start an upload to repository ${repository}${start.status === 202 ? ' (no Location)' : ''}`,
      );
    }
    const upload = new URL(location, `${base}/v2/${repository}/blobs/uploads/`);
    if (upload.origin !== new URL(base).origin) {
      throw new OciError(
        'REGISTRY_INVALID',
        `${what} sent an upload to another host (${upload.origin}), which is not followed`,
      );
    }
    upload.searchParams.set('digest', descriptor.digest);
    const done = await exchange(
      repository,
      {
        method: 'PUT',
        path: '',
        access: 'pull,push',
        headers: { 'content-type': MEDIA_TYPES.octetStream },
        body: bytes,
      },
      upload.href,
    );
    if (done.status !== 201)
      throw unexpected(done, `refused blob ${descriptor.digest} for repository ${repository}`);
    const stored = header(done, 'docker-content-digest');
    if (stored !== undefined && stored !== descriptor.digest) {
      throw new OciError(
        'REGISTRY_INVALID',
        `${what} stored blob ${descriptor.digest} as ${stored}`,
      );
    }
    return descriptor;
  }

  async function fetchBlob(
    repository: string,
    descriptor: Descriptor,
    maxBytes: number,
  ): Promise<Buffer> {
    const where = `blob ${descriptor.digest} in repository ${repository}`;
    if (!DIGEST.test(descriptor.digest)) {
      throw new OciError(
        'REGISTRY_INVALID',
        `"${descriptor.digest.slice(0, 200)}" is not a sha256 digest`,
      );
    }
    if (descriptor.size > maxBytes) {
      throw new OciError(
        'REGISTRY_INVALID',
        `${where} is ${descriptor.size} bytes, above the limit of ${maxBytes}`,
      );
    }
    // The size was checked against maxBytes above, and the body is checked against the size.
    const limit = Math.max(maxBytes, ERROR_BODY_BYTES);
    let response = await send(repository, {
      method: 'GET',
      path: `blobs/${descriptor.digest}`,
      access: 'pull',
      maxResponseBytes: limit,
    });
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      const location = header(response, 'location');
      if (location === undefined || hops >= MAX_BLOB_REDIRECTS) break;
      const target = new URL(location, `${base}/v2/${repository}/blobs/`);
      // Storage behind a redirect gets no registry credentials: the URL carries its own grant.
      response = await call({ method: 'GET', url: target.href, what: `storage of ${what}` }, limit);
    }
    if (response.status === 404)
      throw new OciError('NOT_FOUND', `${what} has no ${where} (${registryReason(response)})`);
    if (response.status !== 200) throw unexpected(response, `answered a request for ${where}`);
    const digest = sha256Digest(response.body);
    if (digest !== descriptor.digest || response.body.length !== descriptor.size) {
      throw new OciError(
        'REGISTRY_INVALID',
        `${what} answered for ${where} with ${response.body.length} bytes whose digest is ${digest}, not the ${descriptor.size} bytes asked for`,
      );
    }
    return response.body;
  }

  async function pushManifest(
    repository: string,
    reference: string,
    mediaType: string,
    bytes: Buffer,
  ): Promise<Descriptor & { subject?: string }> {
    const digest = sha256Digest(bytes);
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new OciError(
        'REFERENCE_INVALID',
        `a manifest whose digest is ${digest} cannot be stored as ${reference.slice(0, 200)}`,
      );
    }
    const response = await send(repository, {
      method: 'PUT',
      path: `manifests/${reference}`,
      access: 'pull,push',
      headers: { 'content-type': mediaType },
      body: bytes,
    });
    if (response.status !== 201)
      throw unexpected(
        response,
        `refused manifest ${digest} as ${reference} in repository ${repository}`,
      );
    const stored = header(response, 'docker-content-digest');
    if (stored !== undefined && stored !== digest) {
      throw new OciError('REGISTRY_INVALID', `${what} stored manifest ${digest} as ${stored}`);
    }
    const subject = header(response, 'oci-subject');
    return { mediaType, digest, size: bytes.length, ...(subject !== undefined && { subject }) };
  }

  return { host, resolve, pushBlob, fetchBlob, pushManifest, send };
}
