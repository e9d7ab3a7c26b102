import type { Money } from '../shared/money';
import { usd } from '../shared/money';

/** In upgrade order: a change to a later id is an upgrade, to an earlier one a downgrade. */
export const PLAN_IDS = ['free', 'starter', 'pro', 'business'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface Plan {
  id: PlanId;
  name: string;
  /** Price of one credit minute, in minor units. */
  ratePerMinute: Money;
  /** Subscription minutes included each calendar month (they do not roll over). */
  includedMinutes: number;
  autoReloadAvailable: boolean;
  /** Highest monthly maximum of auto-reloads an account on this plan may choose (0 when unavailable). */
  monthlyReloadLimit: number;
}

export type PlanCatalogue = Readonly<Record<PlanId, Plan>>;

/**
 * Only Free's rate ($0.28/min) comes from the help page; the other rates, included minutes and limits
 * are defaults for operators to change (see parsePlanCatalogue).
 */
export const DEFAULT_PLANS: PlanCatalogue = {
  free: { id: 'free', name: 'Free', ratePerMinute: usd(28), includedMinutes: 30, autoReloadAvailable: false, monthlyReloadLimit: 0 },
  starter: { id: 'starter', name: 'Starter', ratePerMinute: usd(22), includedMinutes: 500, autoReloadAvailable: true, monthlyReloadLimit: 20 },
  pro: { id: 'pro', name: 'Pro', ratePerMinute: usd(18), includedMinutes: 2_000, autoReloadAvailable: true, monthlyReloadLimit: 50 },
  business: { id: 'business', name: 'Business', ratePerMinute: usd(14), includedMinutes: 10_000, autoReloadAvailable: true, monthlyReloadLimit: 100 },
};

export function isPlanId(value: unknown): value is PlanId {
  return (PLAN_IDS as readonly unknown[]).includes(value);
}

export function planRank(id: PlanId): number {
  return PLAN_IDS.indexOf(id);
}
