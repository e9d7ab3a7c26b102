import type { BillingCommand } from '../account/commands';
import type { PlanCatalogue, PlanId } from '../plans/plan';
import { DEFAULT_PLANS } from '../plans/plan';
import { cmd, min } from './fixtures';

/**
 * The default catalogue with no included minutes on Starter, so every second of a call is a credit
 * second: auto-reload scenarios then read without subscription arithmetic.
 */
export const STARTER_WITHOUT_INCLUDED_MINUTES: PlanCatalogue = {
  ...DEFAULT_PLANS,
  starter: { ...DEFAULT_PLANS.starter, includedMinutes: 0 },
};

export interface AutoReloadAccount {
  planId?: PlanId;
  timeZone?: string;
  thresholdMinutes?: number;
  monthlyMaximum?: number;
  at?: string;
}

/** An account with a card, auto-reload on, and one bought block: 100 credit minutes (6,000 s). */
export function autoReloadAccount(options: AutoReloadAccount = {}): BillingCommand[] {
  const { planId = 'starter', timeZone = 'UTC', thresholdMinutes = 10, monthlyMaximum = 10, at = '2024-01-02T10:00:00Z' } = options;
  const rate = DEFAULT_PLANS[planId].ratePerMinute.amount;
  return [
    cmd.open(planId, { timeZone, at }),
    cmd.setCard('pm_1', at),
    cmd.configure(true, thresholdMinutes, monthlyMaximum, { at }),
    cmd.startPurchase('p0', 1, { at }),
    cmd.completePurchase('p0', rate * 100, { at }),
  ];
}

/** A call that spends the whole 100-minute balance (triggering a reload) and the reload's payment. */
export function reloadCycle(callId: string, endedAt: string): BillingCommand[] {
  return [cmd.callEnded(callId, min(100), endedAt), cmd.completeReload(`reload-${callId}`, endedAt)];
}
