import type { MonthKey } from '../../shared/instant';
import { minutesToSeconds } from '../../shared/duration';
import type { Plan } from '../../plans/plan';
import type { AccountState } from '../state';
import { subscriptionSecondsUsedIn } from '../state';

/**
 * Rule 5 — "Calls use subscription minutes first, then credits." "A call that runs past the balance still
 * completes (the balance may go below zero)." A call is never cut short: the whole duration is charged.
 * Subscription minutes are the current plan's included minutes for the calendar month of the call's
 * end (account time zone), less what earlier calls of that month used; they do not roll over, and a
 * mid-month plan change applies the new allowance to the month's usage so far (no proration).
 */
export interface CallSplit {
  subscriptionSeconds: number;
  creditSeconds: number;
  creditBalanceAfterSeconds: number;
}

/**
 * The state counts only the latest months (MONTHS_KEPT); a call that ends in a month before them (over a
 * year late) is billed as if that month's subscription minutes were used up: credits only. We cannot
 * know what is left of an allowance we no longer count, and giving minutes twice would be worse.
 */
export function remainingSubscriptionSeconds(state: AccountState, plan: Plan, month: MonthKey): number {
  if (state.countersFrom !== null && month < state.countersFrom) return 0;
  return Math.max(0, minutesToSeconds(plan.includedMinutes) - subscriptionSecondsUsedIn(state, month));
}

export function splitCall(durationSeconds: number, subscriptionSecondsLeft: number, creditBalanceSeconds: number): CallSplit {
  const subscriptionSeconds = Math.min(durationSeconds, subscriptionSecondsLeft);
  const creditSeconds = durationSeconds - subscriptionSeconds;
  return { subscriptionSeconds, creditSeconds, creditBalanceAfterSeconds: creditBalanceSeconds - creditSeconds };
}
