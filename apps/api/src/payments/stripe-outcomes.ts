import Stripe from 'stripe';

/**
 * What a failed Stripe call means for us, decided in this one place for every call we make:
 * - `card`: the customer's card refused (a decline, `authentication_required`): that payment fails;
 * - `permanent`: Stripe refused the request for this account (`resource_missing` — the card or customer is
 *   gone —, `payment_method_unactivated`, `idempotency_error`, any other 4xx): asking again cannot help;
 * - `transient`: Stripe or the way to it is in trouble (`api_error`, 5xx, 409 lock or concurrent-key
 *   conflicts, `rate_limit_error`, timeouts, connection errors): ask again later, with the same key;
 * - `systemic`: our own credentials were refused (`authentication_error`, `permission_error`): nobody's
 *   card is at fault; every request fails until an operator fixes the key.
 */
export type StripeFaultClass = 'card' | 'permanent' | 'transient' | 'systemic';

export interface StripeFault {
  class: StripeFaultClass;
  /** Stripe's most specific code (decline code, error code), or the error type when it gave none. */
  code: string;
  message: string;
  /** The PaymentIntent Stripe made before the error, when it says (card errors). */
  paymentIntentId: string | null;
}

const CONNECTION = 'connection_error';
const TIMEOUT = 'timeout';

export function classifyStripeError(error: unknown): StripeFault {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof Stripe.errors.StripeError)) {
    // Not an answer from Stripe (a bug of ours or an unexpected failure in the SDK): never blame the account.
    return { class: 'transient', code: 'unexpected_error', message, paymentIntentId: null };
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return { class: 'transient', code: /timeout/i.test(message) ? TIMEOUT : CONNECTION, message, paymentIntentId: null };
  }
  const status = error.statusCode ?? 0;
  const type: string = error.rawType ?? '';
  const code = error.code ?? type ?? 'stripe_error';
  const paymentIntentId = (error.raw as { payment_intent?: { id?: string } } | undefined)?.payment_intent?.id ?? null;
  const fault = (kind: StripeFaultClass, specific = code): StripeFault => ({ class: kind, code: specific || type || 'stripe_error', message, paymentIntentId });
  // Stripe answers a wrong key 401 with type invalid_request_error: the status decides.
  if (status === 401 || type === 'authentication_error') return fault('systemic', 'authentication_error');
  if (status === 403 || type === 'permission_error') return fault('systemic', 'permission_error');
  // The SDK gives a card error without a decline code an empty one.
  if (status === 402 || type === 'card_error') return fault('card', error.decline_code || error.code || 'card_declined');
  if (status === 429 || type === 'rate_limit_error' || code === 'rate_limit') return fault('transient', 'rate_limit');
  // 409: a lock timeout or another request with the same idempotency key still running.
  if (status === 409 || status >= 500 || type === 'api_error') return fault('transient', code || 'api_error');
  if (status >= 400) return fault('permanent');
  // A StripeError without a status (not an HTTP answer): treat it as trouble on the way.
  return fault('transient', code || 'stripe_error');
}

/** The one back-off helper lives with the retry loops' other tools; re-exported for existing importers. */
export { backOffMs } from '@billing/event-store';
