import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * Runs an action.yml the way the GitHub Actions runner does, for the subset of the runner the
 * Signet actions use: composite steps (`run:` with bash and the step's env; `uses: ./path`
 * resolved against GITHUB_WORKSPACE), JavaScript actions (`node24`: node with INPUT_* and the
 * runner's environment), the file commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH,
 * GITHUB_STEP_SUMMARY), `if: always()`, and `${{ }}` expressions over inputs.*,
 * steps.*.outputs.*, github.action_path, github.action_repository, github.action_ref,
 * github.workspace and env.*. An expression outside that subset fails the run, so the actions
 * cannot drift past what the tests execute.
 *
 * As the runner does, actions are run from where it downloads them
 * (`.../_actions/OWNER/REPO/REF/PATH`, the caller lays them out so), and github.action_repository
 * and github.action_ref are empty: the runner leaves them so inside composite actions
 * (actions/runner#2525).
 */

export interface RunnerJob {
  /** GITHUB_WORKSPACE: the job's checkout. */
  workspace: string;
  /** Holds RUNNER_TEMP, RUNNER_TOOL_CACHE and the file-command files. */
  runnerDir: string;
  /** The job's environment (process.env is not inherited, apart from PATH and HOME). */
  env: Record<string, string>;
}

export interface ActionRun {
  /** 0 when every step succeeded. */
  code: number;
  outputs: Record<string, string>;
  /** The job summary written by the steps (GITHUB_STEP_SUMMARY). */
  summary: string;
  /** Workflow commands the steps printed: ::error::, ::warning::, ::add-mask::. */
  annotations: { level: 'error' | 'warning' | 'notice'; message: string; title?: string }[];
  masks: string[];
  /** Everything the steps printed, after masking (what the job log would show). */
  log: string;
  /** The environment a later step of the job would see (GITHUB_ENV, GITHUB_PATH applied). */
  env: Record<string, string>;
}

interface ActionYml {
  inputs?: Record<string, { required?: boolean; default?: string }>;
  outputs?: Record<string, { value?: string }>;
  runs: {
    using: string;
    main?: string;
    steps?: {
      id?: string;
      name?: string;
      if?: string;
      shell?: string;
      run?: string;
      uses?: string;
      env?: Record<string, string>;
      with?: Record<string, string>;
    }[];
  };
}

interface Scope {
  inputs: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
  actionPath: string;
}

export async function loadAction(dir: string): Promise<ActionYml> {
  return parse(await readFile(join(dir, 'action.yml'), 'utf8')) as ActionYml;
}

/** `${{ expr }}` in `text`, for the supported subset of expressions. */
export function substitute(text: string, scope: Scope, env: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(expr))) return scope.inputs[m[1] as string] ?? '';
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr)))
      return scope.steps[m[1] as string]?.outputs[m[2] as string] ?? '';
    if (expr === 'github.action_path') return scope.actionPath;
    if (expr === 'github.action_repository' || expr === 'github.action_ref') return '';
    if (expr === 'github.workspace') return env.GITHUB_WORKSPACE ?? '';
    if ((m = /^env\.(\w+)$/.exec(expr))) return env[m[1] as string] ?? '';
    throw new Error(`the test runner does not evaluate \${{ ${expr} }}`);
  });
}

/** name=value lines and name<<DELIMITER heredocs, as GITHUB_OUTPUT and GITHUB_ENV hold them. */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      if (end < 0) throw new Error(`unterminated ${heredoc[1]}<<${heredoc[2]}`);
      values[heredoc[1] as string] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      values[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return values;
}

interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<ProcessResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

/** Workflow-command properties (title=...,file=...) are %-escaped as @actions/core writes them. */
const unescape = (text: string): string =>
  text
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');

/** Runs the action in `dir` with `inputs` (the step's `with:`), as one step of `job`. */
export async function runAction(
  dir: string,
  inputs: Record<string, string>,
  job: RunnerJob,
): Promise<ActionRun> {
  const temp = join(job.runnerDir, 'temp');
  const toolCache = join(job.runnerDir, 'tool-cache');
  const files = join(job.runnerDir, 'files');
  for (const d of [temp, toolCache, files]) await mkdir(d, { recursive: true });
  const summaryFile = join(files, 'step_summary');
  const result: ActionRun = {
    code: 0,
    outputs: {},
    summary: '',
    annotations: [],
    masks: [],
    log: '',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_WORKSPACE: job.workspace,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_REPOSITORY: 'octo-org/octo-repo',
      GITHUB_RUN_ID: '4242',
      RUNNER_TEMP: temp,
      RUNNER_TOOL_CACHE: toolCache,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      ...job.env,
    },
  };
  await writeFile(summaryFile, '');

  const runStep = async (
    command: string,
    args: string[],
    stepEnv: Record<string, string>,
    actionPath: string,
  ): Promise<{ ok: boolean; outputs: Record<string, string> }> => {
    const outputFile = join(files, `output_${randomUUID()}`);
    const envFile = join(files, `env_${randomUUID()}`);
    const pathFile = join(files, `path_${randomUUID()}`);
    for (const f of [outputFile, envFile, pathFile]) await writeFile(f, '');
    const env = {
      ...result.env,
      ...stepEnv,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_ENV: envFile,
      GITHUB_PATH: pathFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    };
    const run = await exec(command, args, env, job.workspace);
    for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) {
      const command = /^::(error|warning|notice|add-mask)(?: ([^:]*))?::(.*)$/.exec(line);
      if (command === null) continue;
      const [, kind, props, message] = command;
      if (kind === 'add-mask') {
        result.masks.push(unescape(message as string));
        continue;
      }
      const title = /(?:^|,)title=([^,]*)/.exec(props ?? '')?.[1];
      result.annotations.push({
        level: kind as 'error' | 'warning' | 'notice',
        message: unescape(message as string),
        ...(title !== undefined && { title: unescape(title) }),
      });
    }
    result.log += run.stdout + run.stderr;
    Object.assign(result.env, parseFileCommand(await readFile(envFile, 'utf8')));
    const paths = (await readFile(pathFile, 'utf8')).split('\n').filter((p) => p !== '');
    if (paths.length > 0) result.env.PATH = [...paths.reverse(), result.env.PATH].join(delimiter);
    return {
      ok: run.code === 0,
      outputs: parseFileCommand(await readFile(outputFile, 'utf8')),
    };
  };

  const runOne = async (
    actionDir: string,
    given: Record<string, string>,
  ): Promise<{ ok: boolean; outputs: Record<string, string> }> => {
    const action = await loadAction(actionDir);
    const scope: Scope = {
      inputs: {},
      steps: {},
      actionPath: actionDir,
    };
    for (const [name, spec] of Object.entries(action.inputs ?? {})) {
      const value = given[name] ?? substitute(spec.default ?? '', scope, result.env);
      if (spec.required && value === '') throw new Error(`input ${name} is required`);
      scope.inputs[name] = value;
    }
    const unexpected = Object.keys(given).filter((name) => !(name in (action.inputs ?? {})));
    if (unexpected.length > 0) throw new Error(`unexpected inputs: ${unexpected.join(', ')}`);

    if (action.runs.using === 'node24') {
      const inputEnv = Object.fromEntries(
        Object.entries(scope.inputs).map(([name, value]) => [
          `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
          value,
        ]),
      );
      return runStep(
        process.execPath,
        [resolve(actionDir, action.runs.main as string)],
        inputEnv,
        actionDir,
      );
    }
    if (action.runs.using !== 'composite') throw new Error(`runs.using ${action.runs.using}`);

    let failed = false;
    for (const step of action.runs.steps ?? []) {
      const condition = step.if ?? 'success()';
      if (condition !== 'always()' && condition !== 'success()')
        throw new Error(`the test runner does not evaluate if: ${condition}`);
      if (failed && condition !== 'always()') continue;
      const stepEnv = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([k, v]) => [
          k,
          substitute(String(v), scope, result.env),
        ]),
      );
      let outcome: { ok: boolean; outputs: Record<string, string> };
      if (step.run !== undefined) {
        if (step.shell !== 'bash') throw new Error(`step ${step.name}: shell ${step.shell}`);
        const script = join(temp, `${randomUUID()}.sh`);
        await writeFile(script, substitute(step.run, scope, result.env));
        outcome = await runStep(
          'bash',
          ['--noprofile', '--norc', '-e', '-o', 'pipefail', script],
          stepEnv,
          actionDir,
        );
      } else if (step.uses?.startsWith('./')) {
        const nested = join(job.workspace, step.uses);
        if (!existsSync(join(nested, 'action.yml')))
          throw new Error(`Can't find 'action.yml' under '${nested}'`);
        const withs = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([k, v]) => [
            k,
            substitute(String(v), scope, result.env),
          ]),
        );
        outcome = await runOne(nested, withs);
      } else {
        throw new Error(`the test runner does not run uses: ${step.uses}`);
      }
      if (step.id !== undefined) scope.steps[step.id] = { outputs: outcome.outputs };
      if (!outcome.ok) failed = true;
    }
    const outputs = Object.fromEntries(
      Object.entries(action.outputs ?? {}).map(([name, spec]) => [
        name,
        substitute(spec.value ?? '', scope, result.env),
      ]),
    );
    return { ok: !failed, outputs };
  };

  const outcome = await runOne(resolve(dir), inputs);
  result.code = outcome.ok ? 0 : 1;
  result.outputs = outcome.outputs;
  result.summary = await readFile(summaryFile, 'utf8');
  for (const mask of result.masks) if (mask !== '') result.log = result.log.split(mask).join('***');
  return result;
}
