import type { Plan, PlanId } from '../../plans/plan';
import { planRank } from '../../plans/plan';
import type { AutoReloadDisabledReason, PlanChangeKind } from '../events';
import type { AccountState } from '../state';

/**
 * Rule 4 — "Credit minutes never expire. They survive subscription cancellation and downgrade to Free."
 * A plan change touches no credits: nothing here (nor anywhere but a call's end) lowers the balance,
 * and no event expires credits.
 *
 * Rule 9 (second half) — "Dropping to Free turns auto-reload off and keeps the credits."
 * Changing to a plan without auto-reload turns it off with reason `plan_downgrade`; upgrading again
 * does not turn it back on (the administrator decides).
 */
export function planChangeKind(from: PlanId, to: PlanId): PlanChangeKind {
  if (to === 'free') return 'cancellation';
  return planRank(to) > planRank(from) ? 'upgrade' : 'downgrade';
}

export function autoReloadOffAfterPlanChange(state: AccountState, toPlan: Plan): AutoReloadDisabledReason | null {
  return state.autoReload.enabled && !toPlan.autoReloadAvailable ? 'plan_downgrade' : null;
}
