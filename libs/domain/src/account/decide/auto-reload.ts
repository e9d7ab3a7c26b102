import { DomainError } from '../../shared/domain-error';
import { minutesToSeconds } from '../../shared/duration';
import type { PlanCatalogue } from '../../plans/plan';
import type { CompleteAutoReload, ConfigureAutoReload, FailAutoReload } from '../commands';
import type { BillingEvent } from '../events';
import type { AccountState, ReloadRecord } from '../state';
import { reloadOf, reloadsCompletedIn } from '../state';
import { assertMayEnableAutoReload } from '../rules/auto-reload-eligibility';
import { assertMonthlyMaximum, assertThreshold, effectiveMonthlyMaximum } from '../rules/auto-reload-settings';
import { completionReachesCap } from '../rules/monthly-cap';
import { minutesOfBlocks } from '../rules/purchase-size';
import { consecutiveFailuresAfter, disableAfterFailure, paidAfterFailure } from '../rules/reload-failures';
import { currentPlan, requireId } from './validate';

export function configureAutoReload(command: ConfigureAutoReload, state: AccountState, plans: PlanCatalogue): BillingEvent[] {
  if (typeof command.enabled !== 'boolean') {
    throw new DomainError('COMMAND.INVALID_FIELD', 'enabled must be true or false.', { field: 'enabled' });
  }
  const plan = currentPlan(plans, state.planId);
  const { accountId, at, actor, enabled } = command;
  const current = state.autoReload;
  if (!plan.autoReloadAvailable) {
    if (enabled) assertMayEnableAutoReload(state, plan);
    // Only switching off makes sense here; the limits of a plan without auto-reload validate nothing.
    if (!current.enabled) return [];
    const { thresholdMinutes, monthlyMaximum } = current;
    return [
      { type: 'AutoReloadConfigured', data: { accountId, at, enabled, thresholdMinutes, monthlyMaximum, configuredBy: actor.id } },
      { type: 'AutoReloadDisabled', data: { accountId, at, reason: 'user' } },
    ];
  }
  // Omitted values keep the current ones (the maximum as the plan's limit now caps it).
  const thresholdMinutes = command.thresholdMinutes ?? current.thresholdMinutes;
  const monthlyMaximum = command.monthlyMaximum ?? effectiveMonthlyMaximum(current, plan);
  assertThreshold(thresholdMinutes);
  assertMonthlyMaximum(monthlyMaximum, plan);
  // Checked when switching on; editing the settings of an enabled account whose card was removed is allowed.
  if (enabled && !current.enabled) assertMayEnableAutoReload(state, plan);
  if (enabled === current.enabled && thresholdMinutes === current.thresholdMinutes && monthlyMaximum === current.monthlyMaximum) return [];
  const events: BillingEvent[] = [
    { type: 'AutoReloadConfigured', data: { accountId, at, enabled, thresholdMinutes, monthlyMaximum, configuredBy: actor.id } },
  ];
  if (current.enabled && !enabled) events.push({ type: 'AutoReloadDisabled', data: { accountId, at, reason: 'user' } });
  return events;
}

/** Payment of the reload in flight succeeded: add the block; the reload that reaches the cap says so. */
export function completeAutoReload(command: CompleteAutoReload, state: AccountState, plans: PlanCatalogue): BillingEvent[] {
  requireId(command.paymentReference, 'paymentReference');
  const reload = pendingReload(command, state, 'completed');
  if (!reload) return [];
  const { accountId, at, reloadId, paymentReference } = command;
  const creditSeconds = minutesToSeconds(minutesOfBlocks(reload.blocks));
  const events: BillingEvent[] = [
    {
      type: 'CreditsPurchased',
      data: {
        accountId,
        at,
        purchaseId: reloadId,
        source: 'auto_reload',
        blocks: reload.blocks,
        creditSeconds,
        ratePerMinute: reload.ratePerMinute,
        total: reload.total,
        paymentReference,
        reloadMonth: reload.month,
        creditBalanceAfterSeconds: state.credits.balanceSeconds + creditSeconds,
      },
    },
  ];
  const plan = currentPlan(plans, state.planId);
  if (completionReachesCap(state, plan, reload.month)) {
    const monthlyMaximum = effectiveMonthlyMaximum(state.autoReload, plan);
    const reloadsThisMonth = reloadsCompletedIn(state, reload.month) + 1;
    events.push({ type: 'MonthlyCapReached', data: { accountId, at, month: reload.month, monthlyMaximum, reloadsThisMonth } });
  }
  return events;
}

/** The charge failed: it does not count toward the maximum; rules/reload-failures.ts says when to stop. */
export function failAutoReload(command: FailAutoReload, state: AccountState): BillingEvent[] {
  requireId(command.reasonCode, 'reasonCode');
  if (!pendingReload(command, state, 'failed')) return [];
  const { accountId, at, reloadId, reasonCode } = command;
  const consecutiveFailures = consecutiveFailuresAfter(state.autoReload.consecutiveFailures, reasonCode);
  const events: BillingEvent[] = [{ type: 'AutoReloadFailed', data: { accountId, at, reloadId, reasonCode, consecutiveFailures } }];
  const reason = disableAfterFailure(consecutiveFailures, reasonCode);
  if (reason && state.autoReload.enabled) events.push({ type: 'AutoReloadDisabled', data: { accountId, at, reason } });
  return events;
}

/** The reload awaiting payment; undefined when it already ended as `outcome` (a repeated report). */
function pendingReload(
  command: { reloadId: string; recordedReload?: ReloadRecord | null }, state: AccountState, outcome: 'completed' | 'failed',
): ReloadRecord | undefined {
  const { reloadId } = command;
  requireId(reloadId, 'reloadId');
  // From the state, or (once it left the state) as the store recorded it.
  const reload = reloadOf(state, reloadId) ?? command.recordedReload ?? undefined;
  if (!reload) throw new DomainError('RELOAD.NOT_FOUND', `There is no auto-reload ${reloadId} on this account.`, { reloadId });
  if (reload.status === 'pending' || paidAfterFailure(reload.status, outcome)) return reload;
  if (reload.status === outcome) return undefined;
  throw new DomainError('RELOAD.ALREADY_SETTLED', `Auto-reload ${reloadId} is already ${reload.status}; it cannot become ${outcome}.`, {
    reloadId,
    status: reload.status,
  });
}
