import type { LogEvent, TransparencyLog } from '../src/tlog/log.js';
import type { Logger } from './logger.js';
import { Counter, Gauge, type Registry } from './metrics.js';

/**
 * Storage failures and recoveries of the logs this process runs, for the operator: every stop is
 * logged with the error behind it, so are failed recovery attempts, the recovery and retries for
 * want of file descriptors, and /metrics counts them beside a gauge of each log's state.
 */
export function watchLogHealth(
  registry: Registry,
  logger: Logger,
  /** The logs by the name their log lines and metric labels carry (`tlog`, `ct`). */
  logs: Record<string, TransparencyLog | undefined>,
): void {
  const running = Object.entries(logs).filter(
    (named): named is [string, TransparencyLog] => named[1] !== undefined,
  );
  if (running.length === 0) return;
  const failures = registry.add(
    new Counter(
      'signet_log_storage_failures_total',
      'Times a log stopped after a storage failure, by log.',
    ),
  );
  const recoveries = registry.add(
    new Counter('signet_log_recoveries_total', 'Times a stopped log recovered in-process, by log.'),
  );
  const retries = registry.add(
    new Counter(
      'signet_log_storage_retries_total',
      'Storage steps retried after running out of file descriptors (EMFILE, ENFILE), by log.',
    ),
  );
  registry.add(
    new Gauge(
      'signet_log_lease_held',
      "1 while this replica holds the log's integration lease and signs its checkpoints, 0 while it follows the holder, by log (always 1 on the data directory).",
      () => running.map(([name, log]) => [{ log: name }, log.leaseHeld ? 1 : 0]),
    ),
  );
  registry.add(
    new Gauge(
      'signet_log_up',
      '1 while a log takes entries, 0 while it is stopped after a storage failure, by log.',
      () => running.map(([name, log]) => [{ log: name }, log.failed === undefined ? 1 : 0]),
    ),
  );
  for (const [name, log] of running) {
    // Present from the start, so that a rate over them needs no special case for the first one.
    failures.inc({ log: name }, 0);
    recoveries.inc({ log: name }, 0);
    retries.inc({ log: name }, 0);
    log.watch((event: LogEvent) => {
      switch (event.type) {
        case 'lease-taken':
          logger.info('took the integration lease: this replica signs the checkpoints', {
            log: name,
            treeSize: event.size,
          });
          break;
        case 'lease-lost':
          logger.warn('lost the integration lease: this replica follows the holder', {
            log: name,
            ...(event.error === undefined ? {} : describe(event.error)),
          });
          break;
        case 'stopped':
          failures.inc({ log: name });
          logger.error('log stopped after a storage failure; writers in flight were refused', {
            log: name,
            ...describe(event.error),
          });
          break;
        case 'recovery-failed':
          logger.error('log recovery failed; retrying', {
            log: name,
            attempt: event.attempt,
            retryInMs: event.retryInMs,
            ...describe(event.error),
          });
          break;
        case 'recovered':
          recoveries.inc({ log: name });
          logger.info('log recovered from durable storage and takes entries again', {
            log: name,
            treeSize: event.size,
            attempts: event.attempts,
            stoppedMs: event.stoppedMs,
          });
          break;
        case 'storage-busy':
          retries.inc({ log: name });
          logger.warn('log storage out of file descriptors; retrying', {
            log: name,
            retryInMs: event.retryInMs,
            ...describe(event.error),
          });
          break;
      }
    });
  }
}

/** An error as log fields: its code (EIO, ENOSPC, ...) when it has one, and its stack. */
function describe(error: unknown): { code?: string; error: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    error: String((error as Error | undefined)?.stack ?? error),
  };
}
