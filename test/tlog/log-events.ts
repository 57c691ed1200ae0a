import type { LogEvent, TransparencyLog } from '../../src/tlog/log.js';

/** How long any writer may wait for its answer here: far above a healthy append (milliseconds). */
export const ANSWER_WITHIN_MS = 5_000;

/** How `promise` settled, or a failure naming the wait if it did not within `withinMs`. */
export async function answer<T>(
  promise: Promise<T>,
  what: string,
  withinMs = ANSWER_WITHIN_MS,
): Promise<PromiseSettledResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${withinMs} ms`)),
      withinMs,
    );
  });
  try {
    return await Promise.race([
      promise.then(
        (value): PromiseFulfilledResult<T> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

type EventOf<T extends LogEvent['type']> = Extract<LogEvent, { type: T }>;

/** Everything a log reports, and a bounded wait for the next report of a kind. */
export class Events {
  readonly seen: LogEvent[] = [];
  private readonly waiting: { type: LogEvent['type']; resolve: (event: LogEvent) => void }[] = [];

  /** `withinMs`: the bound of each wait, above the longest outage the test makes. */
  constructor(
    log: TransparencyLog,
    private readonly withinMs = ANSWER_WITHIN_MS,
  ) {
    log.watch((event) => {
      this.seen.push(event);
      for (const waiter of this.waiting.filter((w) => w.type === event.type)) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    });
  }

  of<T extends LogEvent['type']>(type: T): EventOf<T>[] {
    return this.seen.filter((e): e is EventOf<T> => e.type === type);
  }

  /** The next `type` event reported after this call. */
  async next<T extends LogEvent['type']>(type: T): Promise<EventOf<T>> {
    const event = new Promise<LogEvent>((resolve) => this.waiting.push({ type, resolve }));
    const outcome = await answer(event, `waiting for a "${type}" event`, this.withinMs);
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value as EventOf<T>;
  }
}
