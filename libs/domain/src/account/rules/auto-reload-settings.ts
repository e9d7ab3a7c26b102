import { DomainError } from '../../shared/domain-error';
import type { Plan } from '../../plans/plan';
import type { AutoReloadSettings } from '../state';

/**
 * Rule 7 — "Threshold: default 10 minutes, at most 100. Monthly maximum of reloads: default 10, up to the
 * plan's limit." Threshold 1..100 minutes; maximum 1..the plan's monthlyReloadLimit. (Defaults live in
 * initialState.)
 */
export const MIN_THRESHOLD_MINUTES = 1;
export const MAX_THRESHOLD_MINUTES = 100;
export const MIN_MONTHLY_MAXIMUM = 1;

export function assertThreshold(thresholdMinutes: unknown): asserts thresholdMinutes is number {
  if (isIntegerWithin(thresholdMinutes, MIN_THRESHOLD_MINUTES, MAX_THRESHOLD_MINUTES)) return;
  throw new DomainError(
    'AUTO_RELOAD.INVALID_THRESHOLD',
    `The auto-reload threshold is ${MIN_THRESHOLD_MINUTES} to ${MAX_THRESHOLD_MINUTES} minutes; got ${String(thresholdMinutes)}.`,
    { field: 'thresholdMinutes', min: MIN_THRESHOLD_MINUTES, max: MAX_THRESHOLD_MINUTES },
  );
}

export function assertMonthlyMaximum(monthlyMaximum: unknown, plan: Plan): asserts monthlyMaximum is number {
  if (isIntegerWithin(monthlyMaximum, MIN_MONTHLY_MAXIMUM, plan.monthlyReloadLimit)) return;
  throw new DomainError(
    'AUTO_RELOAD.INVALID_MONTHLY_MAXIMUM',
    `The monthly maximum of auto-reloads on the ${plan.name} plan is ${MIN_MONTHLY_MAXIMUM} to ${plan.monthlyReloadLimit}; got ${String(monthlyMaximum)}.`,
    { field: 'monthlyMaximum', min: MIN_MONTHLY_MAXIMUM, max: plan.monthlyReloadLimit },
  );
}

/**
 * The maximum in force: the administrator's choice, capped by the current plan's limit. After a
 * downgrade to a plan with a lower limit (or an operator lowering a limit) the lower one applies at
 * once; the chosen value is kept and applies again after an upgrade.
 */
export function effectiveMonthlyMaximum(settings: AutoReloadSettings, plan: Plan): number {
  return Math.min(settings.monthlyMaximum, plan.monthlyReloadLimit);
}

function isIntegerWithin(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}
