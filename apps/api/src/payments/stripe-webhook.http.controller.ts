import { Controller, Headers, HttpCode, Inject, Post, type RawBodyRequest, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import Stripe from 'stripe';
import type { Money } from '@billing/domain';
import { Public } from '../auth/roles';
import { ProblemError } from '../http/problem';
import type { Runtime } from '../infrastructure/runtime';
import { RUNTIME } from '../infrastructure/tokens';
import { Metrics } from '../observability/metrics';
import { logOutcome, type Outcome, PaymentOutcomes } from './payment-outcomes';
import { STRIPE_CLIENT } from './payments.tokens';
import { StripeReversals } from './stripe-reversals';

/** Stripe's own limit: a signature older than 5 minutes is refused (replays). */
const TOLERANCE_SECONDS = 300;

/**
 * POST /v1/webhooks/stripe. The signature is checked on the raw body before anything else; a bad
 * or missing one is 400 and records nothing. Every delivery that was recorded (or changed nothing
 * because it was a duplicate, late or out of order) is answered 200.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/stripe')
export class StripeWebhookController {
  constructor(
    private readonly outcomes: PaymentOutcomes,
    @Inject(STRIPE_CLIENT) private readonly stripe: Stripe,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly metrics: Metrics,
    private readonly reversals: StripeReversals,
  ) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() request: RawBodyRequest<FastifyRequest> & { correlationId?: string }, @Headers('stripe-signature') signature: string | undefined) {
    const secret = this.runtime.config.stripe.webhookSecret;
    if (!secret) throw new ProblemError(400, 'WEBHOOK.NOT_CONFIGURED', 'STRIPE_WEBHOOK_SECRET is not set: webhooks are not accepted.');
    if (!signature || !request.rawBody) throw new ProblemError(400, 'WEBHOOK.INVALID_SIGNATURE', 'The Stripe-Signature header is missing.');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(request.rawBody, signature, secret, TOLERANCE_SECONDS);
    } catch {
      this.metrics.webhooks.inc({ type: 'unknown', result: 'rejected' });
      throw new ProblemError(400, 'WEBHOOK.INVALID_SIGNATURE', 'The Stripe signature does not match this payload, or it is too old.');
    }
    const outcome = await this.handle(event, request.correlationId);
    this.metrics.webhooks.inc({ type: event.type, result: outcome.outcome });
    logOutcome(this.runtime.logger, `stripe ${event.type}`, outcome, { eventId: event.id, correlationId: request.correlationId });
    return { received: true, ...outcome };
  }

  private async handle(event: Stripe.Event, correlationId?: string): Promise<Outcome> {
    const now = new Date();
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object;
        const ids = purchaseIds(session);
        // Delayed payment methods complete the session unpaid; async_payment_succeeded follows.
        if (!ids || session.payment_status !== 'paid') return { outcome: 'unchanged' };
        const intentId = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
        const paymentMethodId = intentId ? await this.paymentMethodOf(intentId) : null;
        return this.outcomes.purchasePaid(
          ids.accountId, ids.purchaseId, intentId ?? session.id,
          paidAmount(session), paymentMethodId, now, correlationId,
        );
      }
      case 'checkout.session.async_payment_failed': {
        const ids = purchaseIds(event.data.object);
        return ids ? this.outcomes.purchaseFailed(ids.accountId, ids.purchaseId, 'async_payment_failed', now, correlationId) : { outcome: 'unchanged' };
      }
      case 'checkout.session.expired': {
        const ids = purchaseIds(event.data.object);
        return ids ? this.outcomes.purchaseExpired(ids.accountId, ids.purchaseId, now, correlationId) : { outcome: 'unchanged' };
      }
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed':
      case 'payment_intent.canceled': {
        const intent = event.data.object;
        const { accountId, reloadId } = intent.metadata ?? {};
        if (!accountId || !reloadId) return { outcome: 'unchanged' }; // a Checkout payment: its session event settles it
        if (event.type === 'payment_intent.succeeded') return this.outcomes.reloadPaid(accountId, reloadId, intent.id, now, correlationId);
        const code = event.type === 'payment_intent.canceled'
          ? 'canceled'
          : intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? 'payment_failed';
        return this.outcomes.reloadFailed(accountId, reloadId, code, now, correlationId);
      }
      case 'charge.refunded':
        return this.reversals.chargeRefunded(event.data.object, now, correlationId);
      case 'charge.dispute.created':
      case 'charge.dispute.closed':
        return this.reversals.dispute(event.data.object, event.type === 'charge.dispute.closed', now, correlationId);
      default:
        return { outcome: 'unchanged' };
    }
  }

  private async paymentMethodOf(intentId: string): Promise<string | null> {
    if (!this.runtime.config.stripe.secretKey) return null;
    const intent = await this.stripe.paymentIntents.retrieve(intentId);
    return typeof intent.payment_method === 'string' ? intent.payment_method : intent.payment_method?.id ?? null;
  }
}

/** What Stripe says was paid. The domain checks it against the price fixed at start (any currency). */
function paidAmount(session: Stripe.Checkout.Session): Money {
  return { amount: session.amount_total ?? -1, currency: (session.currency ?? '') as Money['currency'] };
}

function purchaseIds(session: Stripe.Checkout.Session): { accountId: string; purchaseId: string } | undefined {
  const accountId = session.metadata?.accountId;
  const purchaseId = session.metadata?.purchaseId ?? session.client_reference_id ?? undefined;
  return accountId && purchaseId ? { accountId, purchaseId } : undefined;
}
