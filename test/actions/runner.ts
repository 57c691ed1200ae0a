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
 * github.workspace, github.token and env.*. An expression outside that subset fails the run, so the actions
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
  /** github.token: the job's GITHUB_TOKEN, which the runner gives as a context value only. */
  token?: string;
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

/** A step of a composite action or of a workflow job. */
interface Step {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

interface ActionYml {
  inputs?: Record<string, { required?: boolean; default?: string }>;
  outputs?: Record<string, { value?: string }>;
  runs: {
    using: string;
    main?: string;
    steps?: Step[];
  };
}

interface Scope {
  inputs: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
  actionPath: string;
  token: string;
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
    if (expr === 'github.token') return scope.token;
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

interface StepOutcome {
  ok: boolean;
  outputs: Record<string, string>;
}

/**
 * One job on the runner: its directories, the environment its steps see, and what they
 * printed. Actions (runAction) and workflow jobs (runWorkflowJob) both run their steps here.
 */
class Job {
  readonly temp: string;
  readonly files: string;
  readonly summaryFile: string;
  readonly result: ActionRun;

  constructor(readonly job: RunnerJob) {
    this.temp = join(job.runnerDir, 'temp');
    this.files = join(job.runnerDir, 'files');
    this.summaryFile = join(this.files, 'step_summary');
    this.result = {
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
        RUNNER_TEMP: this.temp,
        RUNNER_TOOL_CACHE: join(job.runnerDir, 'tool-cache'),
        RUNNER_OS: 'Linux',
        RUNNER_ARCH: 'X64',
        ...job.env,
      },
    };
  }

  async start(): Promise<void> {
    for (const d of [this.temp, this.result.env.RUNNER_TOOL_CACHE as string, this.files])
      await mkdir(d, { recursive: true });
    await writeFile(this.summaryFile, '');
  }

  async finish(outcome: StepOutcome): Promise<ActionRun> {
    const result = this.result;
    result.code = outcome.ok ? 0 : 1;
    result.outputs = outcome.outputs;
    result.summary = await readFile(this.summaryFile, 'utf8');
    for (const mask of result.masks)
      if (mask !== '') result.log = result.log.split(mask).join('***');
    return result;
  }

  async runStep(
    command: string,
    args: string[],
    stepEnv: Record<string, string>,
    actionPath: string,
  ): Promise<StepOutcome> {
    const result = this.result;
    const outputFile = join(this.files, `output_${randomUUID()}`);
    const envFile = join(this.files, `env_${randomUUID()}`);
    const pathFile = join(this.files, `path_${randomUUID()}`);
    for (const f of [outputFile, envFile, pathFile]) await writeFile(f, '');
    const env = {
      ...result.env,
      ...stepEnv,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_ENV: envFile,
      GITHUB_PATH: pathFile,
      GITHUB_STEP_SUMMARY: this.summaryFile,
    };
    const run = await exec(command, args, env, this.job.workspace);
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
  }

  /** A `run:` step: bash with the runner's flags, its script already substituted. */
  async runScript(
    script: string,
    stepEnv: Record<string, string>,
    actionPath: string,
  ): Promise<StepOutcome> {
    const file = join(this.temp, `${randomUUID()}.sh`);
    await writeFile(file, script);
    return this.runStep(
      'bash',
      ['--noprofile', '--norc', '-e', '-o', 'pipefail', file],
      stepEnv,
      actionPath,
    );
  }

  async runOne(actionDir: string, given: Record<string, string>): Promise<StepOutcome> {
    const action = await loadAction(actionDir);
    const scope: Scope = {
      inputs: {},
      steps: {},
      actionPath: actionDir,
      token: this.job.token ?? '',
    };
    const env = this.result.env;
    for (const [name, spec] of Object.entries(action.inputs ?? {})) {
      const value = given[name] ?? substitute(spec.default ?? '', scope, env);
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
      return this.runStep(
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
        Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), scope, env)]),
      );
      let outcome: StepOutcome;
      if (step.run !== undefined) {
        if (step.shell !== 'bash') throw new Error(`step ${step.name}: shell ${step.shell}`);
        outcome = await this.runScript(substitute(step.run, scope, env), stepEnv, actionDir);
      } else if (step.uses?.startsWith('./')) {
        const nested = join(this.job.workspace, step.uses);
        if (!existsSync(join(nested, 'action.yml')))
          throw new Error(`Can't find 'action.yml' under '${nested}'`);
        const withs = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), scope, env)]),
        );
        outcome = await this.runOne(nested, withs);
      } else {
        throw new Error(`the test runner does not run uses: ${step.uses}`);
      }
      if (step.id !== undefined) scope.steps[step.id] = { outputs: outcome.outputs };
      if (!outcome.ok) failed = true;
    }
    const outputs = Object.fromEntries(
      Object.entries(action.outputs ?? {}).map(([name, spec]) => [
        name,
        substitute(spec.value ?? '', scope, env),
      ]),
    );
    return { ok: !failed, outputs };
  }
}

/** Runs the action in `dir` with `inputs` (the step's `with:`), as one step of `job`. */
export async function runAction(
  dir: string,
  inputs: Record<string, string>,
  job: RunnerJob,
): Promise<ActionRun> {
  const runner = new Job(job);
  await runner.start();
  return runner.finish(await runner.runOne(resolve(dir), inputs));
}

export interface WorkflowYml {
  env?: Record<string, string>;
  jobs: Record<
    string,
    {
      needs?: string | string[];
      env?: Record<string, string>;
      outputs?: Record<string, string>;
      steps: Step[];
    }
  >;
}

/** The contexts a workflow job reads beside its own steps and env. */
export interface WorkflowContext {
  /** github.*: github.token is the job's token (RunnerJob.token). */
  github: Record<string, string>;
  vars: Record<string, string>;
  /** needs.JOB.outputs.*, from the jobs this one needs. */
  needs: Record<string, { outputs: Record<string, string> }>;
  /** inputs.* of a workflow_dispatch run. */
  inputs?: Record<string, string>;
}

/**
 * What a test does instead of a third-party `uses:` step (a checkout, a registry login, a build
 * that pushes an image): given the step's `with:` and the job's environment, it returns the
 * step's outputs and any variables it adds to the job's environment (as GITHUB_ENV would).
 */
export type StepStandIn = (
  withs: Record<string, string>,
  env: Record<string, string>,
) => Promise<{ outputs?: Record<string, string>; env?: Record<string, string> }>;

export interface WorkflowJobRun extends ActionRun {
  /** Each step's outputs, by step id. */
  steps: Record<string, Record<string, string>>;
}

/**
 * Runs one job of a workflow file: its steps in order, each `uses:` either mapped by `actions`
 * to an action directory (run as runAction runs it) or done by the test's stand-in, each `run:`
 * with bash; workflow and job `env:`, step outputs and the job's `outputs:`. Expressions are
 * github.*, vars.*, needs.*.outputs.*, steps.*.outputs.*, env.* and inputs.*; anything else,
 * and any `if:`, fails the run, so an example cannot use more than the test runs.
 */
export async function runWorkflowJob(
  workflow: WorkflowYml,
  name: string,
  job: RunnerJob,
  context: WorkflowContext,
  options: { actions: (uses: string) => string | undefined; standIns: Record<string, StepStandIn> },
): Promise<WorkflowJobRun> {
  const definition = workflow.jobs[name];
  if (definition === undefined) throw new Error(`the workflow has no job ${name}`);
  const runner = new Job(job);
  await runner.start();
  const steps: Record<string, Record<string, string>> = {};
  const env = runner.result.env;
  const evaluate = (text: string, stepEnv: Record<string, string> = {}): string =>
    text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
      let m: RegExpExecArray | null;
      if (expr === 'github.token') return job.token ?? '';
      if ((m = /^github\.(\w+)$/.exec(expr)) && (m[1] as string) in context.github)
        return context.github[m[1] as string] as string;
      if ((m = /^vars\.(\w+)$/.exec(expr))) return context.vars[m[1] as string] ?? '';
      if ((m = /^inputs\.([\w-]+)$/.exec(expr))) return context.inputs?.[m[1] as string] ?? '';
      if ((m = /^needs\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr)))
        return context.needs[m[1] as string]?.outputs[m[2] as string] ?? '';
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr)))
        return steps[m[1] as string]?.[m[2] as string] ?? '';
      if ((m = /^env\.(\w+)$/.exec(expr)))
        return stepEnv[m[1] as string] ?? env[m[1] as string] ?? '';
      throw new Error(`the test runner does not evaluate \${{ ${expr} }} in a workflow`);
    });
  // Workflow and job env: every step's environment, expressions evaluated once, in order.
  for (const [key, value] of Object.entries({ ...workflow.env, ...definition.env }))
    env[key] = evaluate(String(value));

  let ok = true;
  for (const step of definition.steps) {
    const label = step.name ?? step.uses ?? step.id ?? 'step';
    if (step.if !== undefined) throw new Error(`${label}: the test runner does not evaluate if:`);
    const stepEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries(step.env ?? {}))
      stepEnv[key] = evaluate(String(value), stepEnv);
    const withs = Object.fromEntries(
      Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(String(v), stepEnv)]),
    );
    let outcome: StepOutcome;
    if (step.run !== undefined) {
      if ((step.shell ?? 'bash') !== 'bash') throw new Error(`${label}: shell ${step.shell}`);
      outcome = await runner.runScript(evaluate(step.run, stepEnv), stepEnv, job.workspace);
    } else if (step.uses !== undefined) {
      const standIn = options.standIns[step.uses.replace(/@.*$/, '')];
      const dir = standIn === undefined ? options.actions(step.uses) : undefined;
      if (standIn !== undefined) {
        const done = await standIn(withs, { ...env, ...stepEnv });
        Object.assign(env, done.env);
        outcome = { ok: true, outputs: done.outputs ?? {} };
      } else if (dir !== undefined) {
        outcome = await runner.runOne(dir, withs);
      } else {
        throw new Error(`${label}: the test runner has nothing to run for uses: ${step.uses}`);
      }
    } else {
      throw new Error(`${label}: neither run: nor uses:`);
    }
    if (step.id !== undefined) steps[step.id] = outcome.outputs;
    if (!outcome.ok) {
      ok = false;
      break;
    }
  }
  const outputs = Object.fromEntries(
    Object.entries(definition.outputs ?? {}).map(([key, value]) => [key, evaluate(value)]),
  );
  return { ...(await runner.finish({ ok, outputs })), steps };
}
