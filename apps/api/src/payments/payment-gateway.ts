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
  | { status: 'failed'; code: string; paymentReference: string | null }
  /** The charge is processing; a webhook (payment_intent.succeeded / payment_failed) settles it. */
  | { status: 'pending'; paymentReference: string };

/**
 * Where money is taken: Stripe when STRIPE_SECRET_KEY is set, the sandbox otherwise.
 * Both calls are idempotent by purchase or reload id: retrying never opens a second session
 * or charges twice.
 */
export interface PaymentGateway {
  readonly kind: 'stripe' | 'sandbox';
  createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession>;
  chargeOffSession(charge: OffSessionCharge): Promise<ChargeOutcome>;
}

export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');
