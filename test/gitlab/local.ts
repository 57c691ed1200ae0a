import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { missingTools } from '../helpers/tools.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * What the GitLab pipeline tests share: gitlab-ci-local with its shell executor in a project
 * directory, the signet CLI served as its release tarball for the templates' install step, and
 * a documented example pipeline with its includes pointed at this working tree's templates.
 */

const root = repoRoot();
/** gitlab-ci-local runs git and exports artifacts with rsync; the templates download with curl. */
export const TOOLS = missingTools(['git', 'git'], ['rsync', 'rsync'], ['curl', 'curl']);
const gitlabCiLocal = join(root, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');

export interface Run {
  code: number;
  output: string;
}

export interface PipelineOptions {
  /** The project: a git checkout holding .gitlab-ci.yml. */
  cwd: string;
  /** gitlab-ci-local's home directory. */
  home: string;
  /** TMPDIR of the jobs (the CLI install's mktemp lands there). */
  tmp: string;
  /** Input values for every include. */
  inputs: Record<string, unknown>;
  /** Predefined variables the project's variables file sets instead. */
  ignorePredefined: string[];
}

/** gitlab-ci-local in the project, shell executor, the given inputs for every include. */
export async function runPipeline(args: string[], options: PipelineOptions): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        gitlabCiLocal,
        '--force-shell-executor',
        '--no-color',
        '--home',
        options.home,
        // JSON, as gitlab-ci-local reads input values: "21" stays a string, as in quoted YAML.
        ...Object.entries(options.inputs).flatMap(([k, v]) => [
          '--input',
          `${k}=${JSON.stringify(v)}`,
        ]),
        ...args,
      ],
      {
        cwd: options.cwd,
        timeout: 90_000,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          GCL_IGNORE_PREDEFINED_VARS: options.ignorePredefined.join(','),
          TMPDIR: options.tmp,
        },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** git in `cwd`, as a CI user. */
export const git =
  (cwd: string) =>
  (...args: string[]): Promise<unknown> =>
    promisify(execFile)('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], {
      cwd,
    });

/** The release tarball, made by the packaging script from this tree's dist/signet in `dir`. */
async function packageCli(dir: string): Promise<Buffer> {
  const staging = join(dir, 'package');
  await mkdir(staging);
  await symlink(join(root, 'package.json'), join(staging, 'package.json'));
  await symlink(join(root, 'dist'), join(staging, 'dist'));
  await promisify(execFile)(process.execPath, [join(root, 'scripts', 'package-cli.js')], {
    cwd: staging,
    timeout: 60_000,
  });
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return readFile(join(staging, 'release', `signet-${version}.tar.gz`));
}

export interface CliServer {
  /** Where the templates' cli-url input points. */
  url: string;
  sha256: string;
  /** How many times the tarball was downloaded. */
  downloads(): number;
  close(): Promise<void>;
}

/** The packaged CLI over HTTP on 127.0.0.1, as a release asset would be. */
export async function serveCli(dir: string): Promise<CliServer> {
  const tarball = await packageCli(dir);
  let downloads = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/signet.tar.gz') return void res.writeHead(404).end();
    downloads++;
    res.writeHead(200, { 'content-type': 'application/gzip' }).end(tarball);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/signet.tar.gz`,
    sha256: createHash('sha256').update(tarball).digest('hex'),
    downloads: () => downloads,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Include {
  project?: string;
  ref?: string;
  file?: string;
  local?: string;
  inputs?: Record<string, unknown>;
}

/**
 * docs/examples/`name` with its includes made local copies in `project` (each pinned by SHA, as
 * the example must) and `jobs` replacing keys of the named jobs: their own commands, and what
 * those needed (an image, services) and the shell executor does not run. A key given as
 * undefined is removed.
 */
export async function examplePipeline(
  name: string,
  project: string,
  jobs: Record<string, Record<string, unknown>>,
): Promise<string> {
  const example = parse(await readFile(join(root, 'docs', 'examples', name), 'utf8')) as Record<
    string,
    Record<string, unknown>
  > & { include: Include[] };
  for (const include of example.include) {
    assert.match(include.ref ?? '', /^[0-9a-f]{40}$/, 'the example pins its includes by SHA');
    const file = include.file as string;
    await mkdir(join(project, 'signet', 'gitlab-templates'), { recursive: true });
    await copyFile(join(root, file), join(project, 'signet', file));
    include.local = `signet/${file}`;
    delete include.project;
    delete include.ref;
    delete include.file;
  }
  for (const [job, fields] of Object.entries(jobs)) {
    const definition = example[job];
    assert.ok(definition, `the example has a job ${job}`);
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) delete definition[key];
      else definition[key] = value;
    }
  }
  return stringify(example);
}
