import type { AutoReloadDisabledReason } from '../events';

/**
 * Rule 10 (second half) — "a failed reload charge does not count toward the monthly maximum; after 3
 * consecutive failed reload charges, or one that needs the customer's authentication, auto-reload turns
 * itself off and the page says why." A successful reload, a new payment method or turning auto-reload
 * back on resets the count.
 */
export const MAX_CONSECUTIVE_RELOAD_FAILURES = 3;
/** Stripe's code when the bank wants the cardholder present (3-D Secure): retrying alone cannot succeed. */
export const AUTHENTICATION_REQUIRED = 'authentication_required';

export function disableAfterFailure(consecutiveFailures: number, reasonCode: string): AutoReloadDisabledReason | null {
  if (reasonCode === AUTHENTICATION_REQUIRED) return 'authentication_required';
  if (consecutiveFailures >= MAX_CONSECUTIVE_RELOAD_FAILURES) return 'payment_failed';
  return null;
}
