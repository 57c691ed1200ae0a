import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { TestContext } from 'node:test';

/**
 * System tools the tests run (openssl as a real peer, git, rsync and curl under
 * gitlab-ci-local, prlimit for a disk that takes part of a write and for a server short of file
 * descriptors, docker-registry, htpasswd and skopeo for the OCI registry tests; the registry
 * tests name theirs in test/helpers/registry.ts; PostgreSQL's server binaries for the database
 * storage, test/helpers/postgres.ts). `npm ci && npm test` is the whole set-up: a
 * test whose tool is missing is skipped with one line naming the Debian package to install.
 * With CI=true a missing tool fails instead, because CI runs everything (.ci/run installs
 * these packages).
 */

const found = new Map<string, boolean>();

function onPath(command: string): boolean {
  let known = found.get(command);
  if (known === undefined) {
    known = (process.env.PATH ?? '').split(delimiter).some((dir) => executable(join(dir, command)));
    found.set(command, known);
  }
  return known;
}

/**
 * False when every tool is on PATH; otherwise the reason to skip, for `describe`/`it`'s
 * `skip` option. Throws when CI=true. Each tool is [command, Debian package].
 */
export function missingTools(...tools: [command: string, debianPackage: string][]): string | false {
  const missing = tools.filter(([command]) => !onPath(command));
  if (missing.length === 0) return false;
  const commands = missing.map(([command]) => command).join(', ');
  const packages = [...new Set(missing.map(([, debianPackage]) => debianPackage))].join(' ');
  return skipReason(`needs ${commands}, not on PATH: apt-get install ${packages}`);
}

function skipReason(reason: string): string {
  if (process.env.CI === 'true') {
    throw new Error(`${reason} (CI=true runs every test; .ci/run installs them)`);
  }
  return reason;
}

/** Where Debian puts the server binaries of each PostgreSQL major version (not on PATH). */
const POSTGRES_LIB = '/usr/lib/postgresql';

/**
 * The directory of PostgreSQL's initdb, pg_ctl and postgres: on PATH, or the newest version
 * under /usr/lib/postgresql; undefined when neither has them.
 */
export function postgresBinDir(): string | undefined {
  const fromPath = (process.env.PATH ?? '')
    .split(delimiter)
    .find(
      (dir) => dir !== '' && executable(join(dir, 'initdb')) && executable(join(dir, 'pg_ctl')),
    );
  if (fromPath !== undefined) return fromPath;
  let versions: string[];
  try {
    versions = readdirSync(POSTGRES_LIB).filter((v) => /^\d+$/.test(v));
  } catch {
    return undefined;
  }
  return versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(POSTGRES_LIB, v, 'bin'))
    .find((dir) => executable(join(dir, 'initdb')) && executable(join(dir, 'pg_ctl')));
}

/** False when PostgreSQL's server binaries are installed; otherwise the reason to skip (see missingTools). */
export function missingPostgres(): string | false {
  if (postgresBinDir() !== undefined) return false;
  return skipReason(
    `needs PostgreSQL's initdb and pg_ctl, not on PATH nor under ${POSTGRES_LIB}: apt-get install postgresql`,
  );
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Inside a test: true when `command` is on PATH; otherwise skips `t` (or throws with CI=true). */
export function requireTool(t: TestContext, command: string, debianPackage: string): boolean {
  const reason = missingTools([command, debianPackage]);
  if (reason === false) return true;
  t.skip(reason);
  return false;
}
