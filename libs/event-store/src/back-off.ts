/**
 * Back-off with full jitter (AWS): the one helper for every retry loop (Stripe charges, appends that
 * conflict, subscriptions, listeners, projection workers). Jitter keeps processes that failed together
 * from retrying together.
 */

/** A delay drawn uniformly from [0, min(cap, base · 2^attempt)). */
export function backOffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** A loop's back-off: `next()` is the delay before the next try (growing), `reset()` after a success. */
export class BackOff {
  private attempt = 0;

  constructor(private readonly baseMs: number, private readonly capMs: number, private readonly random: () => number = Math.random) {}

  next(): number {
    return backOffMs(this.attempt++, this.baseMs, this.capMs, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }
}
