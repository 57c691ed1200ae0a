import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { nearestName } from '../../src/cli/args.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * The command lines of both CLIs as a user meets them, through the real binaries: the same
 * messages and exit statuses for options that are unknown, lack a value or take none, and the
 * same version and help commands.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(program: 'signet' | 'signet-server', args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      join(repoRoot(), 'bin', `${program}.js`),
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as Run;
    return { code, stdout, stderr };
  }
}

/** Usage errors: exit 2, nothing on stdout, exactly `line` on stderr. */
async function refuses(
  program: 'signet' | 'signet-server',
  args: string[],
  line: string,
): Promise<void> {
  const run = await cli(program, args);
  assert.deepEqual(run, { code: 2, stdout: '', stderr: `${line}\n` }, args.join(' '));
}

describe('an unknown option', () => {
  it('is named, with the option meant when one is close', async () => {
    await Promise.all([
      refuses(
        'signet',
        ['sign', '--sever', 'http://127.0.0.1:1', 'file'],
        'signet sign: unknown option --sever (did you mean --server?)',
      ),
      refuses(
        'signet',
        ['verify', '--certificate-identiy', 'x', 'file'],
        'signet verify: unknown option --certificate-identiy (did you mean --certificate-identity?)',
      ),
      refuses(
        'signet-server',
        ['serve', '--lsiten', '127.0.0.1:1'],
        'signet-server serve: unknown option --lsiten (did you mean --listen?)',
      ),
      refuses(
        'signet-server',
        ['doctor', '--jsn'],
        'signet-server doctor: unknown option --jsn (did you mean --json?)',
      ),
    ]);
  });

  it('points at the help when no option is close', async () => {
    await Promise.all([
      refuses(
        'signet',
        ['sign', '--frobnicate'],
        'signet sign: unknown option --frobnicate (see: signet sign --help)',
      ),
      refuses(
        'signet-server',
        ['init', '-q'],
        'signet-server init: unknown option -q (see: signet-server init --help)',
      ),
      // Options of another command are unknown here, not silently ignored.
      refuses(
        'signet-server',
        ['rotate', 'log', '--listen', '127.0.0.1:1'],
        'signet-server rotate: unknown option --listen (see: signet-server rotate --help)',
      ),
    ]);
  });
});

describe('an option with a wrong value', () => {
  it('says when the value is missing, or the next option was taken for it', async () => {
    await Promise.all([
      refuses(
        'signet',
        ['verify', 'file', '--certificate-identity'],
        'signet verify: option --certificate-identity needs a value (see: signet verify --help)',
      ),
      refuses(
        'signet-server',
        ['serve', '--listen'],
        'signet-server serve: option --listen needs a value (see: signet-server serve --help)',
      ),
      refuses(
        'signet-server',
        ['serve', '--data-dir', '--init'],
        'signet-server serve: option --data-dir needs a value, but is followed by --init; for a value that starts with "-", write --data-dir=VALUE',
      ),
    ]);
  });

  it('says when a flag is given a value', async () => {
    await Promise.all([
      refuses(
        'signet',
        ['policy', 'lint', '--json=yes', 'p.yaml'],
        'signet policy: option --json takes no value (see: signet policy lint --help)',
      ),
      refuses(
        'signet-server',
        ['version', '--json=yes'],
        'signet-server version: option --json takes no value (see: signet-server version --help)',
      ),
    ]);
  });
});

describe('signet-server, like signet', () => {
  it('prints its version with version and --version, and as JSON', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
      version: string;
    };
    const [plain, flag, json] = await Promise.all([
      cli('signet-server', ['version']),
      cli('signet-server', ['--version']),
      cli('signet-server', ['version', '--json']),
    ]);
    assert.deepEqual(plain, { code: 0, stdout: `signet-server ${version}\n`, stderr: '' });
    assert.deepEqual(flag, plain);
    assert.equal(json.code, 0);
    assert.deepEqual(JSON.parse(json.stdout), { version, node: process.version });
  });

  it("prints a command's own help for COMMAND --help", async () => {
    const global = await cli('signet-server', ['--help']);
    assert.equal(global.code, 0);
    for (const command of ['init', 'serve', 'rotate', 'doctor', 'root', 'version']) {
      const help = await cli('signet-server', [command, '--help']);
      assert.equal(help.code, 0, command);
      assert.match(help.stdout, new RegExp(`^Usage: signet-server ${command} `), command);
      assert.notEqual(help.stdout, global.stdout, command);
    }
    const doctor = await cli('signet-server', ['doctor', '-h']);
    assert.match(doctor.stdout, /--json {13}one JSON document/);
    assert.doesNotMatch(doctor.stdout, /--root-dir|--dev/);
  });

  it('refuses unknown commands and stray arguments with exit 2', async () => {
    await Promise.all([
      refuses(
        'signet-server',
        ['sevre'],
        'signet-server: unknown command "sevre" (see: signet-server --help)',
      ),
      refuses(
        'signet-server',
        ['doctor', 'now'],
        'signet-server doctor: unexpected argument now (see: signet-server doctor --help)',
      ),
      refuses(
        'signet-server',
        ['--data-dir', 'd', 'serve'],
        'signet-server: the command comes first: signet-server COMMAND [options] (see: signet-server --help)',
      ),
    ]);
  });
});

describe('nearestName', () => {
  const names = ['server', 'signing-config', 'json', 'kms', 'key'];
  it('suggests within two edits, an adjacent swap counting as one', () => {
    assert.equal(nearestName('sever', names), 'server');
    assert.equal(nearestName('sevrer', names), 'server');
    assert.equal(nearestName('SERVER', names), 'server');
    assert.equal(nearestName('signing-confg', names), 'signing-config');
    assert.equal(nearestName('jsno', names), 'json');
  });

  it('suggests nothing when the name is far from every option, or too short to tell', () => {
    assert.equal(nearestName('frobnicate', names), undefined);
    assert.equal(nearestName('srvr-x', names), undefined);
    assert.equal(nearestName('k', names), undefined);
    assert.equal(nearestName('x', []), undefined);
  });
});
