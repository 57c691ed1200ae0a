import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { registryCredentials } from '../../src/oci/credentials.js';
import { OciError } from '../../src/oci/error.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const SECRET = 'pa:ss-w0rd-secret';

describe('registry credentials', () => {
  let dir: string;
  let home: string;
  let bin: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-creds-'));
    home = join(dir, 'home');
    bin = join(dir, 'bin');
    await mkdir(join(home, '.docker'), { recursive: true });
    await mkdir(bin);
    // A credential helper as docker-credential-helpers behave: the server on stdin, JSON out,
    // "credentials not found" and exit 1 for servers it does not know.
    await writeFile(
      join(bin, 'docker-credential-test'),
      [
        '#!/bin/sh',
        'read -r server',
        'echo "$1 $server" >> "$HELPER_LOG"',
        'case "$server" in',
        `  helper.example) printf '{"ServerURL":"%s","Username":"helper-user","Secret":"${SECRET}"}' "$server" ;;`,
        `  token.example) printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh-${SECRET}"}' "$server" ;;`,
        "  broken.example) echo 'not json' ;;",
        `  failing.example) echo "boom ${SECRET}" >&2; exit 3 ;;`,
        '  *) echo "credentials not found in native keychain"; exit 1 ;;',
        'esac',
      ].join('\n'),
    );
    await chmod(join(bin, 'docker-credential-test'), 0o755);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    HOME: home,
    PATH: `${bin}:/usr/bin:/bin`,
    HELPER_LOG: join(dir, 'helper.log'),
    ...extra,
  });
  const writeConfig = (config: unknown, where = join(home, '.docker')): Promise<void> =>
    writeFile(
      join(where, 'config.json'),
      typeof config === 'string' ? config : JSON.stringify(config),
    );

  it('reads auths entries: auth, identitytoken, username/password, any key form', async () => {
    await writeConfig({
      auths: {
        'https://ghcr.io': { auth: b64(`octo:${SECRET}`) },
        'registry.example:5000': { identitytoken: 'refresh-1' },
        'http://plain.example/v2/': { username: 'u', password: 'p' },
        [`https://index.docker.io/v1/`]: { auth: b64('hubuser:hubpass') },
        'empty.example': {},
      },
    });
    assert.deepEqual(await registryCredentials('ghcr.io', env()), {
      username: 'octo',
      password: SECRET,
    });
    assert.deepEqual(await registryCredentials('registry.example:5000', env()), {
      identityToken: 'refresh-1',
    });
    assert.deepEqual(await registryCredentials('plain.example', env()), {
      username: 'u',
      password: 'p',
    });
    assert.deepEqual(await registryCredentials('docker.io', env()), {
      username: 'hubuser',
      password: 'hubpass',
    });
    assert.equal(await registryCredentials('empty.example', env()), undefined);
    assert.equal(await registryCredentials('other.example', env()), undefined);
  });

  it('prefers $DOCKER_CONFIG to ~/.docker', async () => {
    const other = join(dir, 'docker-config');
    await mkdir(other, { recursive: true });
    await writeConfig({ auths: { 'ghcr.io': { auth: b64('from-docker-config:x') } } }, other);
    await writeConfig({ auths: { 'ghcr.io': { auth: b64('from-home:x') } } });
    assert.deepEqual(await registryCredentials('ghcr.io', env({ DOCKER_CONFIG: other })), {
      username: 'from-docker-config',
      password: 'x',
    });
  });

  it('runs credHelpers, then auths, then credsStore', async () => {
    await writeConfig({
      credHelpers: { 'helper.example': 'test', 'token.example': 'test', 'broken.example': 'test' },
      credsStore: 'test',
      auths: {
        'inline.example': { auth: b64('inline:pw') },
        'helper.example': { auth: b64('ignored:pw') },
      },
    });
    assert.deepEqual(await registryCredentials('helper.example', env()), {
      username: 'helper-user',
      password: SECRET,
    });
    assert.deepEqual(await registryCredentials('token.example', env()), {
      identityToken: `refresh-${SECRET}`,
    });
    assert.deepEqual(await registryCredentials('inline.example', env()), {
      username: 'inline',
      password: 'pw',
    });
    // The store does not know it: no credentials, then the environment's.
    assert.equal(await registryCredentials('unknown.example', env()), undefined);
    assert.deepEqual(
      await registryCredentials('ghcr.io', env({ GITHUB_TOKEN: 'ghs_x', GITHUB_ACTOR: 'bot' })),
      {
        username: 'bot',
        password: 'ghs_x',
      },
    );
  });

  it('says which helper or file failed, never what it printed', async () => {
    await writeConfig({
      credHelpers: {
        'broken.example': 'test',
        'failing.example': 'test',
        'missing.example': 'absent',
        'bad.example': '../x',
      },
    });
    const refused = (message: RegExp) => (error: unknown) =>
      error instanceof OciError &&
      error.code === 'CREDENTIALS_INVALID' &&
      message.test(error.message) &&
      !error.message.includes(SECRET);
    await assert.rejects(
      registryCredentials('broken.example', env()),
      refused(/docker-credential-test .* answered for broken.example without JSON/),
    );
    await assert.rejects(
      registryCredentials('failing.example', env()),
      refused(/docker-credential-test .* failed for failing.example with exit code 3/),
    );
    await assert.rejects(
      registryCredentials('missing.example', env()),
      refused(/docker-credential-absent \(from .*config.json\) is not on PATH/),
    );
    await assert.rejects(
      registryCredentials('bad.example', env()),
      refused(/credential helper "..\/x" that is not a plain name/),
    );
    await writeConfig(`{"auths": {"ghcr.io": {"auth": "${b64(`u:${SECRET}`)}"`);
    await assert.rejects(
      registryCredentials('ghcr.io', env()),
      refused(/the docker config .*config.json is not JSON/),
    );
    await writeConfig({ auths: { 'ghcr.io': { auth: '%%%' } } });
    await assert.rejects(
      registryCredentials('ghcr.io', env()),
      refused(/the entry for ghcr.io has an "auth" that is not base64/),
    );
    await writeConfig({ auths: { 'ghcr.io': { auth: b64('no-colon') } } });
    await assert.rejects(
      registryCredentials('ghcr.io', env()),
      refused(/not base64 of user:password/),
    );
    await writeConfig({ auths: [] });
    await assert.rejects(
      registryCredentials('ghcr.io', env()),
      refused(/"auths" is not an object/),
    );
  });

  it('falls back to the CI environment', async () => {
    await rm(join(home, '.docker', 'config.json'), { force: true });
    assert.equal(await registryCredentials('ghcr.io', env()), undefined);
    assert.deepEqual(await registryCredentials('ghcr.io', env({ GITHUB_TOKEN: 'ghs_y' })), {
      username: 'github-actions',
      password: 'ghs_y',
    });
    // GITHUB_TOKEN is for ghcr.io only.
    assert.equal(
      await registryCredentials('registry.example', env({ GITHUB_TOKEN: 'ghs_y' })),
      undefined,
    );
    const gitlab = { CI_REGISTRY: 'registry.gitlab.example:5050', CI_JOB_TOKEN: 'job-token' };
    assert.deepEqual(await registryCredentials('registry.gitlab.example:5050', env(gitlab)), {
      username: 'gitlab-ci-token',
      password: 'job-token',
    });
    assert.deepEqual(
      await registryCredentials(
        'registry.gitlab.example:5050',
        env({ ...gitlab, CI_REGISTRY_USER: 'gitlab-ci-token', CI_REGISTRY_PASSWORD: 'reg-pass' }),
      ),
      { username: 'gitlab-ci-token', password: 'reg-pass' },
    );
    assert.equal(await registryCredentials('registry.gitlab.example', env(gitlab)), undefined);
  });
});
