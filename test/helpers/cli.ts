import { main } from '../../src/cli/main.js';

/** What one `signet` command run in this process printed, and its exit status. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in this process, with `env` as its whole environment. */
export async function signet(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
  });
  return { code, stdout, stderr };
}
