import type Stripe from 'stripe';
import {
  type ChargeOutcome, type CheckoutRequest, type CheckoutSession, type OffSessionCharge, type PaymentGateway, PaymentProviderError,
} from './payment-gateway';
import type { ProviderFaults } from './provider-faults';
import { classifyStripeError } from './stripe-outcomes';

export interface StripeGatewayOptions {
  /** How long one request may take before it counts as a timeout (transient): a hung Stripe holds nothing for long. */
  requestTimeoutMs: number;
}

/**
 * Stripe Checkout for purchases, off-session PaymentIntents for auto-reloads. Every error is classified
 * by stripe-outcomes.ts and reported to ProviderFaults (metric, readiness, throttled log).
 */
export class StripeGateway implements PaymentGateway {
  readonly kind = 'stripe' as const;

  constructor(private readonly stripe: Stripe, private readonly faults: ProviderFaults, private readonly options: StripeGatewayOptions) {}

  async createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession> {
    let session: Stripe.Checkout.Session;
    try {
      session = await this.openSession(request);
    } catch (error) {
      const fault = classifyStripeError(error);
      this.faults.fault(fault, 'checkout');
      throw new PaymentProviderError(fault.class, fault.code, fault.message);
    }
    this.faults.answered();
    if (!session.url) throw new PaymentProviderError('permanent', 'no_checkout_url', `Stripe returned no URL for checkout session ${session.id}`);
    return { id: session.id, url: session.url };
  }

  private openSession(request: CheckoutRequest): Promise<Stripe.Checkout.Session> {
    const metadata = { accountId: request.accountId, purchaseId: request.purchaseId };
    return this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        ...(request.stripeCustomerId ? { customer: request.stripeCustomerId } : { customer_creation: 'always' as const }),
        client_reference_id: request.purchaseId,
        line_items: [
          {
            // The purchased minutes at the rate fixed when the purchase started.
            quantity: request.minutes,
            price_data: {
              currency: request.ratePerMinute.currency,
              unit_amount: request.ratePerMinute.amount,
              product_data: { name: 'Call credit minutes' },
            },
          },
        ],
        // Keep the card for auto-reloads.
        payment_intent_data: { setup_future_usage: 'off_session', metadata },
        metadata,
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      },
      // Someone waits for this answer: one quick SDK retry (same key) for a blip, then the 502/503 problem.
      { idempotencyKey: `checkout-${request.purchaseId}`, timeout: this.options.requestTimeoutMs, maxNetworkRetries: 1 },
    );
  }

  async chargeOffSession(charge: OffSessionCharge): Promise<ChargeOutcome> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(
        {
          amount: charge.amount.amount,
          currency: charge.amount.currency,
          ...(charge.stripeCustomerId ? { customer: charge.stripeCustomerId } : {}),
          payment_method: charge.paymentMethodId,
          off_session: true,
          confirm: true,
          metadata: { accountId: charge.accountId, reloadId: charge.reloadId },
        },
        // The reload id, always: a retry (after a crash, a timeout, a 500) returns the same PaymentIntent,
        // never a second charge. The retries are the payment process's (durable, scheduled), not the SDK's,
        // and a hung answer ends at the timeout instead of holding a slot.
        { idempotencyKey: charge.reloadId, timeout: this.options.requestTimeoutMs, maxNetworkRetries: 0 },
      );
    } catch (error) {
      return this.refused(error);
    }
    this.faults.answered();
    return outcomeOf(intent);
  }

  async chargeStatus(paymentReference: string): Promise<ChargeOutcome> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.retrieve(paymentReference, {}, { timeout: this.options.requestTimeoutMs, maxNetworkRetries: 0 });
    } catch (error) {
      return this.refused(error);
    }
    this.faults.answered();
    return outcomeOf(intent);
  }

  private refused(error: unknown): ChargeOutcome {
    const fault = classifyStripeError(error);
    this.faults.fault(fault, 'charge');
    if (fault.class === 'card' || fault.class === 'permanent') {
      return { status: 'failed', code: fault.code, paymentReference: fault.paymentIntentId, fault: fault.class };
    }
    return { status: 'unanswered', fault: fault.class, code: fault.code, message: fault.message };
  }
}

/** A PaymentIntent's status as a charge outcome: paid, refused (authentication or another card needed), or still open. */
function outcomeOf(intent: Stripe.PaymentIntent): ChargeOutcome {
  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded', paymentReference: intent.id };
    case 'requires_action':
    case 'requires_payment_method':
      return { status: 'failed', code: intent.last_payment_error?.code ?? 'authentication_required', paymentReference: intent.id, fault: 'card' };
    case 'canceled':
      return { status: 'failed', code: intent.cancellation_reason ?? 'canceled', paymentReference: intent.id, fault: 'card' };
    default:
      return { status: 'pending', paymentReference: intent.id }; // processing (bank debits), or waiting on Stripe
  }
}
