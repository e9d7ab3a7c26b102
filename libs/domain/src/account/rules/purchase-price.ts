import type { Money } from '../../shared/money';
import { multiply } from '../../shared/money';
import type { Plan } from '../../plans/plan';
import { assertPurchaseSize, minutesOfBlocks } from './purchase-size';

/**
 * Rule 2 — "at the per-minute rate of the account's current plan (Free: $0.28/min)".
 * Price = rate × minutes in integer minor units: 3 blocks on Free = 28¢ × 300 = $84.00. The rate is fixed
 * when the purchase starts (CreditPurchaseStarted records it), so a plan change before payment changes
 * nothing. Auto-reload buys at this same price (one block).
 */
export interface PurchaseQuote {
  blocks: number;
  minutes: number;
  ratePerMinute: Money;
  total: Money;
}

/** What the purchase dialog shows and what the account is charged; API and console call this. */
export function quotePurchase(plan: Plan, blocks: number): PurchaseQuote {
  assertPurchaseSize(blocks);
  const minutes = minutesOfBlocks(blocks);
  return { blocks, minutes, ratePerMinute: { ...plan.ratePerMinute }, total: multiply(plan.ratePerMinute, minutes) };
}
