import type { MonthKey } from '../../shared/instant';
import type { Plan } from '../../plans/plan';
import type { AccountState } from '../state';
import { reloadsCompletedIn } from '../state';
import { effectiveMonthlyMaximum } from './auto-reload-settings';

/**
 * Rule 8 — "When the monthly maximum is reached, auto-reload pauses for the rest of the calendar month"
 * and "The counter resets by itself at the start of the next month (in the account's time zone, UTC
 * unless set). To get more: raise the maximum (up to the plan limit) or buy manually."
 *
 * Reloads are counted per calendar month of the triggering call's end, in the account's time zone;
 * only completed reloads count (a failed charge does not). The pause is derived, never stored: it holds
 * while the month's count is at the maximum, so a new month or a raised maximum lifts it with no event.
 */
export function isPausedForMonth(state: AccountState, plan: Plan, month: MonthKey): boolean {
  return reloadsCompletedIn(state, month) >= effectiveMonthlyMaximum(state.autoReload, plan);
}

/** The reload that reaches the maximum is followed by MonthlyCapReached. */
export function completionReachesCap(state: AccountState, plan: Plan, month: MonthKey): boolean {
  if (!plan.autoReloadAvailable) return false;
  return reloadsCompletedIn(state, month) + 1 >= effectiveMonthlyMaximum(state.autoReload, plan);
}
