import type { IncomingMessage } from 'node:http';
import { ServerError } from './http.js';

/**
 * A cap on the requests one role handles at once (`ca.maxInFlight`, `tsa.maxInFlight`). Beyond
 * it a request is answered at once with 503 and `Retry-After`, its body unread: queued instead,
 * it would wait behind a saturated event loop and make new connections, and /healthz, wait with
 * it (docs/performance.md). A request counts from its handler's start to its answer, body
 * reading included.
 */
export class Admission {
  private active = 0;

  constructor(
    /** Who is busy, as the refusal names it: "the CA". */
    private readonly who: string,
    /** The setting that sets the cap, named in the refusal. */
    private readonly setting: string,
    private readonly max: number,
  ) {}

  /** Requests being handled now. */
  get inFlight(): number {
    return this.active;
  }

  /** Runs `work` when there is room; otherwise calls `refused` and throws the 503. */
  async run<T>(req: IncomingMessage, work: () => Promise<T>, refused: () => void): Promise<T> {
    if (this.active >= this.max) {
      req.resume(); // the body is not wanted, but the connection stays usable
      refused();
      throw new ServerError(
        'UNAVAILABLE',
        `${this.who} is handling ${this.active} requests (${this.setting}); retry shortly`,
        { headers: { 'retry-after': '1' } },
      );
    }
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
    }
  }
}
