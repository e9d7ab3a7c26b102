import { DomainError } from '../../shared/domain-error';
import type { Plan } from '../../plans/plan';
import type { AccountState } from '../state';

/**
 * Rule 9 (first half) — "Free plan cannot enable auto-reload" (AUTO_RELOAD.NOT_AVAILABLE_ON_FREE).
 * Decided by the plan's `autoReloadAvailable`, which the catalogue forces to false for Free.
 *
 * Rule 11 — enabling auto-reload needs a payment method on file (AUTO_RELOAD.NO_PAYMENT_METHOD): the
 * reload is "charged to the payment method on file".
 */
export function assertMayEnableAutoReload(state: AccountState, plan: Plan): void {
  if (!plan.autoReloadAvailable) {
    throw new DomainError('AUTO_RELOAD.NOT_AVAILABLE_ON_FREE', `Auto-reload is not available on the ${plan.name} plan. Upgrade to enable it.`, {
      planId: plan.id,
    });
  }
  if (state.paymentMethodId === null) {
    throw new DomainError('AUTO_RELOAD.NO_PAYMENT_METHOD', 'Auto-reload needs a payment method on file. Add one, then enable auto-reload.');
  }
}
