import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RegistryCredentials } from './auth.js';
import { OciError } from './error.js';

export type { RegistryCredentials } from './auth.js';

/**
 * Registry credentials where CI and developers already keep them, first found wins:
 * 1. the docker config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`): the
 *    registry's credential helper (`credHelpers`), its `auths` entry (`auth` = base64
 *    user:password, `identitytoken`, or `username`/`password`), then the default store
 *    (`credsStore`), each helper run as `docker-credential-NAME get` the way docker runs it;
 * 2. `GITHUB_TOKEN` (user `GITHUB_ACTOR`) for ghcr.io, as GitHub Actions provides it;
 * 3. `CI_REGISTRY_USER` + `CI_REGISTRY_PASSWORD`, or `CI_JOB_TOKEN`, for `$CI_REGISTRY`, as
 *    GitLab CI provides them.
 * None found is not an error: public registries answer anonymous pulls. Secrets never appear
 * in messages, only the file, registry and helper names.
 */

/** A docker config file larger than this is not one (they hold a handful of entries). */
export const MAX_DOCKER_CONFIG_BYTES = 1024 * 1024;
/** A credential helper that has not answered by then is stopped (it may be waiting on a keychain prompt). */
export const DEFAULT_HELPER_TIMEOUT_MS = 10_000;
/** What a credential helper may print. */
export const MAX_HELPER_OUTPUT_BYTES = 64 * 1024;

const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** docker's marker for an identity (refresh) token returned by a helper in place of a password. */
const IDENTITY_TOKEN_USER = '<token>';

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** An `auths` key as docker writes them (`ghcr.io`, `https://ghcr.io`, `https://index.docker.io/v1/`) to host[:port]. */
const hostOf = (key: string): string =>
  key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();

export async function registryCredentials(
  registryHost: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistryCredentials | undefined> {
  const host = registryHost.toLowerCase();
  const hub = DOCKER_HUB_HOSTS.has(host);
  const fromConfig = await dockerConfigCredentials(host, hub, env);
  if (fromConfig !== undefined) return fromConfig;
  if (host === 'ghcr.io' && nonEmpty(env.GITHUB_TOKEN)) {
    return {
      username: nonEmpty(env.GITHUB_ACTOR) ?? 'github-actions',
      password: env.GITHUB_TOKEN!,
    };
  }
  const gitlab = nonEmpty(env.CI_REGISTRY);
  if (gitlab !== undefined && hostOf(gitlab) === host) {
    const user = nonEmpty(env.CI_REGISTRY_USER);
    const password = nonEmpty(env.CI_REGISTRY_PASSWORD);
    if (user !== undefined && password !== undefined) return { username: user, password };
    const job = nonEmpty(env.CI_JOB_TOKEN);
    if (job !== undefined) return { username: 'gitlab-ci-token', password: job };
  }
  return undefined;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

async function dockerConfigCredentials(
  host: string,
  hub: boolean,
  env: NodeJS.ProcessEnv,
): Promise<RegistryCredentials | undefined> {
  const dir = nonEmpty(env.DOCKER_CONFIG) ?? join(nonEmpty(env.HOME) ?? homedir(), '.docker');
  const path = join(dir, 'config.json');
  const config = await readDockerConfig(path);
  if (config === undefined) return undefined;
  const matches = (key: string): boolean =>
    hub ? key === DOCKER_HUB_KEY || DOCKER_HUB_HOSTS.has(hostOf(key)) : hostOf(key) === host;
  const helperKey = Object.keys(config.credHelpers ?? {}).find(matches);
  if (helperKey !== undefined) {
    return runHelper(config.credHelpers![helperKey]!, hub ? DOCKER_HUB_KEY : host, path, env);
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!matches(key)) continue;
    const found = authEntry(entry, key, path);
    if (found !== undefined) return found;
  }
  if (config.credsStore !== undefined) {
    return runHelper(config.credsStore, hub ? DOCKER_HUB_KEY : host, path, env);
  }
  return undefined;
}

async function readDockerConfig(path: string): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_DOCKER_CONFIG_BYTES) {
      throw new OciError(
        'CREDENTIALS_INVALID',
        `the docker config ${path} is ${size} bytes, above the limit of ${MAX_DOCKER_CONFIG_BYTES}`,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof OciError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OciError(
      'CREDENTIALS_INVALID',
      `cannot read the docker config ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      {
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text, which holds secrets: only the position is kept.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new OciError(
      'CREDENTIALS_INVALID',
      `the docker config ${path} is not JSON${at === undefined ? '' : ` (at character ${at})`}`,
    );
  }
  const config = json as DockerConfig;
  const problem =
    typeof json !== 'object' || json === null || Array.isArray(json)
      ? 'is not a JSON object'
      : !isObject(config.auths, true)
        ? '"auths" is not an object'
        : !isObject(config.credHelpers, true) ||
            !Object.values(config.credHelpers ?? {}).every((v) => typeof v === 'string')
          ? '"credHelpers" is not an object of helper names'
          : config.credsStore !== undefined && typeof config.credsStore !== 'string'
            ? '"credsStore" is not a helper name'
            : undefined;
  if (problem !== undefined)
    throw new OciError('CREDENTIALS_INVALID', `the docker config ${path}: ${problem}`);
  return config;
}

const isObject = (value: unknown, optional = false): boolean =>
  (optional && value === undefined) ||
  (typeof value === 'object' && value !== null && !Array.isArray(value));

function authEntry(entry: AuthEntry, key: string, path: string): RegistryCredentials | undefined {
  const invalid = (why: string): never => {
    throw new OciError(
      'CREDENTIALS_INVALID',
      `the docker config ${path}: the entry for ${key} ${why}`,
    );
  };
  if (!isObject(entry)) return invalid('is not an object');
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
    return { identityToken: entry.identitytoken };
  }
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(entry.auth))
      return invalid('has an "auth" that is not base64');
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return invalid('has an "auth" that is not base64 of user:password');
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (
    typeof entry.username === 'string' &&
    typeof entry.password === 'string' &&
    entry.username !== ''
  ) {
    return { username: entry.username, password: entry.password };
  }
  return undefined;
}

/** `docker-credential-NAME get` with the server on stdin; its JSON answer, or undefined when it has none. */
async function runHelper(
  name: string,
  server: string,
  path: string,
  env: NodeJS.ProcessEnv,
): Promise<RegistryCredentials | undefined> {
  const command = `docker-credential-${name}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new OciError(
      'CREDENTIALS_INVALID',
      `the docker config ${path} names a credential helper "${name.slice(0, 100)}" that is not a plain name`,
    );
  }
  const { code, stdout, failure } = await new Promise<{
    code: number | null;
    stdout: string;
    failure?: string;
  }>((resolve) => {
    const child = execFile(
      command,
      ['get'],
      {
        env,
        timeout: DEFAULT_HELPER_TIMEOUT_MS,
        maxBuffer: MAX_HELPER_OUTPUT_BYTES,
        encoding: 'utf8',
      },
      (error, out) => {
        if (error === null) return resolve({ code: 0, stdout: out });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
        if (e.code === 'ENOENT')
          return resolve({ code: null, stdout: '', failure: 'is not on PATH' });
        if (e.killed === true)
          return resolve({
            code: null,
            stdout: '',
            failure: `did not answer within ${DEFAULT_HELPER_TIMEOUT_MS} ms`,
          });
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return resolve({
            code: null,
            stdout: '',
            failure: `printed more than ${MAX_HELPER_OUTPUT_BYTES} bytes`,
          });
        }
        resolve({ code: typeof e.code === 'number' ? e.code : null, stdout: out });
      },
    );
    child.stdin?.end(server);
  });
  if (failure !== undefined) {
    throw new OciError(
      'CREDENTIALS_INVALID',
      `the credential helper ${command} (from ${path}) ${failure}`,
    );
  }
  // docker-credential-helpers' "not found" answer (credentials.ErrCredentialsNotFound).
  if (code !== 0 && /credentials not found/i.test(stdout)) return undefined;
  if (code !== 0) {
    throw new OciError(
      'CREDENTIALS_INVALID',
      `the credential helper ${command} (from ${path}) failed for ${server} with exit code ${code ?? 'unknown'}`,
    );
  }
  let json: { Username?: unknown; Secret?: unknown };
  try {
    json = JSON.parse(stdout) as typeof json;
  } catch {
    json = {};
  }
  if (typeof json.Username !== 'string' || typeof json.Secret !== 'string' || json.Secret === '') {
    throw new OciError(
      'CREDENTIALS_INVALID',
      `the credential helper ${command} (from ${path}) answered for ${server} without JSON {"Username","Secret"}`,
    );
  }
  if (json.Username === IDENTITY_TOKEN_USER) return { identityToken: json.Secret };
  return { username: json.Username, password: json.Secret };
}
