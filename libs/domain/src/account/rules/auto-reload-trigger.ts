import type { MonthKey } from '../../shared/instant';
import { minutesToSeconds } from '../../shared/duration';
import type { Plan } from '../../plans/plan';
import type { AutoReloadDecision } from '../events';
import type { AccountState } from '../state';
import { isPausedForMonth } from './monthly-cap';

/**
 * Rule 6 — "Auto-reload is checked at the end of each call, never during one. If a call ends with the
 * credit balance below the threshold, one block is bought, at the same rate as a manual purchase,
 * charged to the payment method on file."
 * Rule 10 (first half) — at most one reload is in flight: while one awaits payment, later call ends
 * record `reload_in_flight` and trigger nothing.
 * Rule 13 — every call end below the threshold records why a reload did or did not fire.
 *
 * The checks run in this order, so the recorded reason is the first thing the customer would have to
 * change: the plan, then the switch, then the card, then waiting for the reload in flight or the month.
 */
export const BLOCKS_PER_RELOAD = 1;

export function autoReloadDecision(state: AccountState, plan: Plan, month: MonthKey, creditBalanceAfterSeconds: number): AutoReloadDecision {
  if (creditBalanceAfterSeconds >= thresholdSeconds(state)) return 'above_threshold';
  if (!plan.autoReloadAvailable) return 'not_available_on_plan';
  if (!state.autoReload.enabled) return 'disabled';
  if (state.paymentMethodId === null) return 'no_payment_method';
  if (state.autoReload.reloadInFlight !== null) return 'reload_in_flight';
  if (isPausedForMonth(state, plan, month)) return 'monthly_cap_reached';
  return 'triggered';
}

/** "Below the threshold" is strictly below: a balance of exactly the threshold does not reload. */
export function thresholdSeconds(state: AccountState): number {
  return minutesToSeconds(state.autoReload.thresholdMinutes);
}

/** One reload per call at most, so the call id names it: a retried call end can never buy twice. */
export function reloadIdFor(callId: string): string {
  return `reload-${callId}`;
}
