import type { Instant } from '../../shared/instant';

/** Clocks differ a little between the call platform and us; a call end further in the future is a bad request. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Whether a call end stamped `endedAt` lies beyond the allowed skew of `now` (both ISO instants). */
export function endedTooFarInFuture(endedAt: Instant, now: Instant): boolean {
  return Date.parse(endedAt) > Date.parse(now) + MAX_CLOCK_SKEW_MS;
}
