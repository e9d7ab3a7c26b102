import type { Role } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { minutesToSeconds, secondsToDisplayMinutes } from '../shared/duration';
import type { Instant, MonthKey } from '../shared/instant';
import { monthOf } from '../shared/instant';
import type { Money } from '../shared/money';
import type { Plan, PlanCatalogue, PlanId } from '../plans/plan';
import type { AutoReloadDisabledReason } from '../account/events';
import type { AccountState } from '../account/state';
import { reloadsCompletedIn, subscriptionSecondsUsedIn } from '../account/state';
import { requireInstant } from '../account/decide/validate';
import { effectiveMonthlyMaximum } from '../account/rules/auto-reload-settings';
import { isPausedForMonth } from '../account/rules/monthly-cap';
import { PAYMENT_PROVIDER_UNAVAILABLE } from '../account/rules/reload-failures';
import { mayRun } from '../account/rules/permissions';
import type { Notice } from './notices';
import { notice, reloadFailedNotice } from './notices';
import type { UsageLevel } from './usage-level';
import { usageLevel } from './usage-level';

/** Everything the billing page shows, derived from the state at `now`; the console re-implements nothing. */
export interface BillingSummary {
  accountId: string;
  timeZone: string;
  /** The calendar month of `now` in the account's time zone. */
  month: MonthKey;
  plan: { id: PlanId; name: string; ratePerMinute: Money; autoReloadAvailable: boolean; monthlyReloadLimit: number };
  credits: { balanceSeconds: number; balanceMinutes: number };
  subscription: { includedMinutes: number; usedSeconds: number; remainingSeconds: number; remainingMinutes: number };
  autoReload: {
    enabled: boolean;
    thresholdMinutes: number;
    /** The maximum in force: the chosen one capped by the plan's limit. */
    monthlyMax: number;
    usedThisMonth: number;
    /** "X of Y used this month". */
    usageText: string;
    usageLevel: UsageLevel;
    paused: boolean;
    reloadInFlight: boolean;
    notice: Notice | null;
    disabledReason: AutoReloadDisabledReason | 'not_available_on_plan' | null;
  };
  permissions: { canBuyCredits: boolean; canConfigureAutoReload: boolean };
}

export function billingSummary(state: AccountState, plans: PlanCatalogue, now: Instant, viewerRole: Role): BillingSummary {
  requireInstant(now, 'now');
  if (state.status !== 'open' || state.accountId === null) throw new DomainError('ACCOUNT.NOT_FOUND', 'There is no billing account here.');
  const plan = plans[state.planId];
  const month = monthOf(now, state.timeZone);
  const included = minutesToSeconds(plan.includedMinutes);
  const usedSeconds = subscriptionSecondsUsedIn(state, month);
  const remainingSeconds = Math.max(0, included - usedSeconds);
  const monthlyMax = effectiveMonthlyMaximum(state.autoReload, plan);
  const usedThisMonth = reloadsCompletedIn(state, month);
  const paused = plan.autoReloadAvailable && state.autoReload.enabled && isPausedForMonth(state, plan, month);
  const { id, name, ratePerMinute, autoReloadAvailable, monthlyReloadLimit } = plan;
  return {
    accountId: state.accountId,
    timeZone: state.timeZone,
    month,
    plan: { id, name, ratePerMinute: { ...ratePerMinute }, autoReloadAvailable, monthlyReloadLimit },
    credits: { balanceSeconds: state.credits.balanceSeconds, balanceMinutes: secondsToDisplayMinutes(state.credits.balanceSeconds) },
    subscription: { includedMinutes: plan.includedMinutes, usedSeconds, remainingSeconds, remainingMinutes: secondsToDisplayMinutes(remainingSeconds) },
    autoReload: {
      enabled: state.autoReload.enabled,
      thresholdMinutes: state.autoReload.thresholdMinutes,
      monthlyMax,
      usedThisMonth,
      usageText: `${usedThisMonth} of ${monthlyMax} used this month`,
      usageLevel: usageLevel(usedThisMonth, monthlyMax),
      paused,
      reloadInFlight: state.autoReload.reloadInFlight !== null,
      notice: autoReloadNotice(state, plan, paused),
      disabledReason: !autoReloadAvailable ? 'not_available_on_plan' : state.autoReload.enabled ? null : state.autoReload.disabledReason,
    },
    permissions: { canBuyCredits: mayRun(viewerRole, 'StartCreditPurchase'), canConfigureAutoReload: mayRun(viewerRole, 'ConfigureAutoReload') },
  };
}

/** One notice at most, the one the customer must act on first. */
function autoReloadNotice(state: AccountState, plan: Plan, paused: boolean): Notice | null {
  if (!plan.autoReloadAvailable) return notice('not_available_on_free');
  const { enabled, disabledReason } = state.autoReload;
  if (!enabled) {
    if (disabledReason === 'payment_failed' || disabledReason === 'authentication_required' || disabledReason === 'plan_downgrade') {
      return notice(disabledReason);
    }
    return null;
  }
  if (state.paymentMethodId === null) return notice('no_payment_method');
  if (paused) return notice('monthly_limit_reached');
  const lastFailure = state.autoReload.lastFailureCode;
  if (lastFailure === PAYMENT_PROVIDER_UNAVAILABLE) return notice('payment_provider_unavailable');
  return lastFailure === null ? null : reloadFailedNotice(lastFailure);
}
