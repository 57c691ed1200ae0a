import { SignetError } from '../core/error.js';

export type CliErrorCode =
  /** The command line cannot be run as given (exit 2): unknown flag, missing value, conflict. */
  'USAGE';

/** Command-line errors; every other module's errors pass through with their own codes. */
export class CliError extends SignetError<CliErrorCode> {}
