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
/**
 * Our code when the payment provider could not be reached (or refused our own credentials) for the whole
 * retry budget. Nobody's card is at fault, so (our assumption, stated in the README) it does not count
 * toward the three failures in a row: an outage must not turn off every account's auto-reload.
 */
export const PAYMENT_PROVIDER_UNAVAILABLE = 'payment_provider_unavailable';

/** Whether a failure with this code is the card's (or the customer's payment setup's) fault. */
export function countsAsCardFailure(reasonCode: string): boolean {
  return reasonCode !== PAYMENT_PROVIDER_UNAVAILABLE;
}

/** The consecutive-failure count after a failed charge with this code. */
export function consecutiveFailuresAfter(previous: number, reasonCode: string): number {
  return countsAsCardFailure(reasonCode) ? previous + 1 : previous;
}

export function disableAfterFailure(consecutiveFailures: number, reasonCode: string): AutoReloadDisabledReason | null {
  if (!countsAsCardFailure(reasonCode)) return null;
  if (reasonCode === AUTHENTICATION_REQUIRED) return 'authentication_required';
  if (consecutiveFailures >= MAX_CONSECUTIVE_RELOAD_FAILURES) return 'payment_failed';
  return null;
}

/**
 * A reload recorded as failed that the payment provider reports paid after all still adds its block: the
 * card was charged. It happens when we gave up waiting for an answer Stripe had in fact acted on (the
 * retry budget ended as payment_provider_unavailable), or when the customer completed the payment later.
 * The reverse, a failure reported for a paid reload, changes nothing.
 */
export function paidAfterFailure(status: 'pending' | 'completed' | 'failed', outcome: 'completed' | 'failed'): boolean {
  return status === 'failed' && outcome === 'completed';
}
