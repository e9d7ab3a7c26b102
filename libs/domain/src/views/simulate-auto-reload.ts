import { DomainError } from '../shared/domain-error';
import { minutesToSeconds } from '../shared/duration';
import type { Instant, MonthKey } from '../shared/instant';
import { addMonths, instantMillis, monthOf } from '../shared/instant';
import type { Money } from '../shared/money';
import { usd } from '../shared/money';
import type { PlanCatalogue, PlanId } from '../plans/plan';
import type { BillingEvent } from '../account/events';
import { requireInstant } from '../account/decide/validate';
import { assertMonthlyMaximum, assertThreshold } from '../account/rules/auto-reload-settings';
import { BLOCKS_PER_RELOAD } from '../account/rules/auto-reload-trigger';
import { quotePurchase } from '../account/rules/purchase-price';

/**
 * What-if: replay the account's recorded call ends of the last `months` calendar months (the month of
 * `now` included) against a proposed threshold and monthly maximum. Assumptions, stated in the result's
 * shape: every simulated reload is paid at once and succeeds; the plan in force at each call decides
 * whether auto-reload was available and its rate; manual purchases happen as recorded; real auto-reloads
 * in the window are replaced by the simulated ones. The balance at the window's start is the real one.
 */
export interface AutoReloadProposal {
  thresholdMinutes: number;
  monthlyMaximum: number;
}

export interface SimulationOptions {
  plans: PlanCatalogue;
  now: Instant;
  months: number;
}

export interface SimulatedReload {
  callId: string;
  at: Instant;
  month: MonthKey;
  creditBalanceAfterCallSeconds: number;
  total: Money;
}

export interface SimulatedMonth {
  month: MonthKey;
  reloads: number;
  total: Money;
  /** When the cap would have paused auto-reload (the reload that reached it), or null. */
  pausedAt: Instant | null;
  /** Call ends below the threshold after the pause, which bought nothing. */
  callsWhilePaused: number;
}

export interface AutoReloadSimulation {
  fromMonth: MonthKey;
  toMonth: MonthKey;
  proposal: AutoReloadProposal;
  reloads: SimulatedReload[];
  months: SimulatedMonth[];
  totalReloads: number;
  total: Money;
  /** What really happened in the same months, for comparison. */
  actual: { reloads: number; total: Money };
}

export const MAX_SIMULATION_MONTHS = 24;

export function simulateAutoReload(history: readonly BillingEvent[], proposal: AutoReloadProposal, options: SimulationOptions): AutoReloadSimulation {
  const { plans, now, months } = options;
  requireInstant(now, 'now');
  if (!Number.isSafeInteger(months) || months < 1 || months > MAX_SIMULATION_MONTHS) {
    throw new DomainError('SIMULATION.INVALID_MONTHS', `Simulate 1 to ${MAX_SIMULATION_MONTHS} months; got ${String(months)}.`, {
      field: 'months',
      min: 1,
      max: MAX_SIMULATION_MONTHS,
    });
  }
  const opened = history.find((event) => event.type === 'AccountOpened');
  if (opened?.type !== 'AccountOpened') throw new DomainError('ACCOUNT.NOT_FOUND', 'There is no billing account in this history.');
  const timeZone = opened.data.timeZone;
  const currentPlanId = history.reduce<PlanId>((planId, event) => (event.type === 'PlanChanged' ? event.data.toPlanId : planId), opened.data.planId);
  const currentPlan = plans[currentPlanId];
  if (!currentPlan.autoReloadAvailable) {
    throw new DomainError('AUTO_RELOAD.NOT_AVAILABLE_ON_FREE', `Auto-reload is not available on the ${currentPlan.name} plan.`, { planId: currentPlanId });
  }
  assertThreshold(proposal.thresholdMinutes);
  assertMonthlyMaximum(proposal.monthlyMaximum, currentPlan);

  const toMonth = monthOf(now, timeZone);
  const fromMonth = addMonths(toMonth, 1 - months);
  const byMonth = new Map<MonthKey, SimulatedMonth>();
  for (let m = fromMonth; m <= toMonth; m = addMonths(m, 1)) byMonth.set(m, { month: m, reloads: 0, total: usd(0), pausedAt: null, callsWhilePaused: 0 });
  const threshold = minutesToSeconds(proposal.thresholdMinutes);
  const nowMillis = instantMillis(now);
  const reloads: SimulatedReload[] = [];
  const actual = { reloads: 0, total: usd(0) };
  let planId = opened.data.planId;
  let balance = 0;

  for (const event of history) {
    const when = event.type === 'CallMinutesConsumed' ? event.data.endedAt : event.data.at;
    if (instantMillis(when) > nowMillis) continue;
    const inWindow = monthOf(when, timeZone) >= fromMonth;
    if (event.type === 'PlanChanged') planId = event.data.toPlanId;
    if (event.type === 'CreditsPurchased') {
      if (!inWindow) balance = event.data.creditBalanceAfterSeconds;
      else if (event.data.source === 'manual') balance += event.data.creditSeconds;
      else if (event.data.reloadMonth !== null && byMonth.has(event.data.reloadMonth)) {
        actual.reloads += 1;
        actual.total = usd(actual.total.amount + event.data.total.amount);
      }
    }
    if (event.type !== 'CallMinutesConsumed') continue;
    if (!inWindow) {
      balance = event.data.creditBalanceAfterSeconds;
      continue;
    }
    balance -= event.data.creditSeconds;
    const plan = plans[planId];
    const month = byMonth.get(event.data.month);
    if (balance >= threshold || !plan.autoReloadAvailable || !month) continue;
    if (month.reloads >= proposal.monthlyMaximum) {
      month.callsWhilePaused += 1;
      continue;
    }
    const quote = quotePurchase(plan, BLOCKS_PER_RELOAD);
    reloads.push({ callId: event.data.callId, at: event.data.endedAt, month: month.month, creditBalanceAfterCallSeconds: balance, total: quote.total });
    balance += minutesToSeconds(quote.minutes);
    month.reloads += 1;
    month.total = usd(month.total.amount + quote.total.amount);
    if (month.reloads === proposal.monthlyMaximum) month.pausedAt = event.data.endedAt;
  }
  const total = usd(reloads.reduce((sum, reload) => sum + reload.total.amount, 0));
  return { fromMonth, toMonth, proposal: { ...proposal }, reloads, months: [...byMonth.values()], totalReloads: reloads.length, total, actual };
}
