import assert from 'node:assert/strict';

/** How often `until` looks again: short next to any wait it bounds. */
const POLL_MS = 2;

/**
 * Waits until `condition` holds, for a state that announces itself with no event (a worker's
 * queue, a log's checkpoint), and fails naming `what` if it
 * does not hold within `withinMs`.
 */
export async function until(
  condition: () => boolean,
  what: string,
  withinMs = 10_000,
): Promise<void> {
  const giveUpAt = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) assert.fail(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
