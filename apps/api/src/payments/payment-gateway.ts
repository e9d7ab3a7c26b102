import type { Money } from '@billing/domain';

export interface CheckoutRequest {
  accountId: string;
  purchaseId: string;
  minutes: number;
  ratePerMinute: Money;
  total: Money;
  stripeCustomerId: string | null;
  successUrl: string;
  cancelUrl: string;
}

export interface CheckoutSession {
  id: string;
  url: string;
}

export interface OffSessionCharge {
  accountId: string;
  reloadId: string;
  amount: Money;
  stripeCustomerId: string | null;
  paymentMethodId: string;
}

export type ChargeOutcome =
  | { status: 'succeeded'; paymentReference: string }
  /** The card refused, or the provider refused the request for this account: asking again cannot help. */
  | { status: 'failed'; code: string; paymentReference: string | null; fault: 'card' | 'permanent' }
  /** The charge is processing; a webhook (payment_intent.succeeded / payment_failed) settles it. */
  | { status: 'pending'; paymentReference: string }
  /** No answer about the card: the provider is in trouble (transient) or refused our credentials (systemic). Ask again later, same key. */
  | { status: 'unanswered'; fault: 'transient' | 'systemic'; code: string; message: string };

/** Creating a Checkout Session failed; `fault` says whose fault and whether to try again. */
export class PaymentProviderError extends Error {
  constructor(readonly fault: 'card' | 'permanent' | 'transient' | 'systemic', readonly code: string, message: string) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}

/**
 * Where money is taken: Stripe when STRIPE_SECRET_KEY is set, the sandbox otherwise.
 * Both calls are idempotent by purchase or reload id: retrying never opens a second session
 * or charges twice.
 */
export interface PaymentGateway {
  readonly kind: 'stripe' | 'sandbox';
  createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession>;
  chargeOffSession(charge: OffSessionCharge): Promise<ChargeOutcome>;
  /**
   * Where a charge left processing stands now (read, never a new charge): the payment process asks
   * again later, so a webhook that never comes cannot leave the account's reload in flight for ever.
   */
  chargeStatus(paymentReference: string): Promise<ChargeOutcome>;
}

export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');
