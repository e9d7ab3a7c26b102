import Stripe from 'stripe';
import type { ChargeOutcome, CheckoutRequest, CheckoutSession, OffSessionCharge, PaymentGateway } from './payment-gateway';

/** Stripe Checkout for purchases, off-session PaymentIntents for auto-reloads. */
export class StripeGateway implements PaymentGateway {
  readonly kind = 'stripe' as const;

  constructor(private readonly stripe: Stripe) {}

  async createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession> {
    const metadata = { accountId: request.accountId, purchaseId: request.purchaseId };
    const session = await this.stripe.checkout.sessions.create(
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
      { idempotencyKey: `checkout-${request.purchaseId}` },
    );
    if (!session.url) throw new Error(`Stripe returned no URL for checkout session ${session.id}`);
    return { id: session.id, url: session.url };
  }

  async chargeOffSession(charge: OffSessionCharge): Promise<ChargeOutcome> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: charge.amount.amount,
          currency: charge.amount.currency,
          ...(charge.stripeCustomerId ? { customer: charge.stripeCustomerId } : {}),
          payment_method: charge.paymentMethodId,
          off_session: true,
          confirm: true,
          metadata: { accountId: charge.accountId, reloadId: charge.reloadId },
        },
        // The reload id: a retry after a crash returns the same PaymentIntent, never a second charge.
        { idempotencyKey: charge.reloadId },
      );
      if (intent.status === 'succeeded') return { status: 'succeeded', paymentReference: intent.id };
      if (intent.status === 'requires_action' || intent.status === 'requires_payment_method') {
        return { status: 'failed', code: intent.last_payment_error?.code ?? 'authentication_required', paymentReference: intent.id };
      }
      return { status: 'pending', paymentReference: intent.id };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        const raw = error.raw as { decline_code?: string; payment_intent?: { id?: string } };
        return { status: 'failed', code: raw.decline_code ?? error.code ?? 'card_declined', paymentReference: raw.payment_intent?.id ?? null };
      }
      throw error; // network or API trouble: the caller retries with the same idempotency key
    }
  }
}
