import { DomainError } from '../../shared/domain-error';
import type { Instant } from '../../shared/instant';
import { isInstant } from '../../shared/instant';
import type { PlanCatalogue, PlanId, Plan } from '../../plans/plan';
import { isPlanId } from '../../plans/plan';

/**
 * Shape checks for values arriving on commands. The API validates its DTOs too; these keep the decider
 * safe on its own (a bad id or instant would otherwise end up in an event forever).
 */
const MAX_ID_LENGTH = 200;

export function requireId(value: unknown, field: string): asserts value is string {
  if (typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_ID_LENGTH) return;
  throw new DomainError('COMMAND.INVALID_FIELD', `${field} must be a non-empty string of at most ${MAX_ID_LENGTH} characters.`, { field });
}

export function requireInstant(value: unknown, field: string): asserts value is Instant {
  if (isInstant(value)) return;
  throw new DomainError('COMMAND.INVALID_FIELD', `${field} must be an ISO-8601 instant with an offset, e.g. 2024-01-31T23:30:00Z.`, { field });
}

export function planFrom(plans: PlanCatalogue, planId: unknown): Plan {
  if (isPlanId(planId)) return plans[planId];
  throw new DomainError('PLAN.UNKNOWN', `There is no plan ${JSON.stringify(planId)}.`, { field: 'planId' });
}

export function currentPlan(plans: PlanCatalogue, planId: PlanId): Plan {
  return plans[planId];
}
