/**
 * Doctor's results: checks, the findings they are made of, and the two report forms (text for
 * people, JSON for scripts), which share one exit status.
 */

/** Which part of a deployment a check is about; the JSON report carries it. */
export type DoctorGroup = 'config' | 'issuers' | 'data-dir' | 'storage' | 'ct-log' | 'service';

export type Status = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  group: DoctorGroup;
  name: string;
  status: Status;
  /** What was found: the problems when there are any, else the facts. */
  message: string;
}

/** Part of a check: problems decide its status, facts are the message when there is none. */
export interface Finding {
  status: Status;
  text: string;
}

const RANK: Record<Status, number> = { ok: 0, warn: 1, fail: 2 };

/** The constructors of one group's checks. */
export interface Checks {
  /** A check of one finding. */
  check(name: string, status: Status, message: string): DoctorCheck;
  /**
   * A check from its findings: the worst status, and as message the problems if there are any
   * (the facts would bury them), else the facts; `all` keeps every finding, for facts that
   * matter anyway.
   */
  verdict(name: string, findings: Finding[], all?: boolean): DoctorCheck;
}

export function checksOf(group: DoctorGroup): Checks {
  return {
    check: (name, status, message) => ({ group, name, status, message }),
    verdict(name, findings, all = false) {
      const status = findings.reduce<Status>(
        (worst, f) => (RANK[f.status] > RANK[worst] ? f.status : worst),
        'ok',
      );
      const shown = all || status === 'ok' ? findings : findings.filter((f) => f.status !== 'ok');
      return { group, name, status, message: shown.map((f) => f.text).join('; ') };
    },
  };
}

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Exit status for `signet-server doctor`, whatever the form: warnings alone do not fail it. */
export const doctorExitCode = (checks: readonly DoctorCheck[]): number =>
  checks.some((c) => c.status === 'fail') ? 1 : 0;

const countOf = (checks: readonly DoctorCheck[], status: Status): number =>
  checks.filter((c) => c.status === status).length;

/** One line per check ("ok   name: message"), then a count. */
export function formatDoctorReport(checks: readonly DoctorCheck[]): string {
  const lines = checks.map((c) => `${c.status.padEnd(4)} ${c.name}: ${c.message}`);
  const warnings = countOf(checks, 'warn');
  lines.push(
    `${countOf(checks, 'fail')} failed, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${countOf(checks, 'ok')} ok`,
  );
  return `${lines.join('\n')}\n`;
}

/** The machine-readable report (`doctor --json`): every check, the counts and the exit status. */
export function formatDoctorJson(checks: readonly DoctorCheck[]): string {
  const report = {
    checks: checks.map(({ group, name, status, message }) => ({ group, name, status, message })),
    summary: {
      fail: countOf(checks, 'fail'),
      warn: countOf(checks, 'warn'),
      ok: countOf(checks, 'ok'),
    },
    exitCode: doctorExitCode(checks),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
