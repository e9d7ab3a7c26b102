import { Inject, Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import type { DisputeStatus, Money } from '@billing/domain';
import type { Runtime } from '../infrastructure/runtime';
import { RUNTIME } from '../infrastructure/tokens';
import { type Outcome, type PaymentOf, PaymentOutcomes } from './payment-outcomes';
import { STRIPE_CLIENT } from './payments.tokens';
import { classifyStripeError } from './stripe-outcomes';

type Asked<T> = { ok: true; value: T } | { ok: false; outcome: Outcome };
const ignored = (code: string, detail: string): Outcome => ({ outcome: 'ignored', code, detail });
const idOf = (value: string | { id: string } | null | undefined): string | null => (typeof value === 'string' ? value : value?.id ?? null);

/**
 * Stripe's refunds and disputes (charge.refunded, charge.dispute.*) as account commands. The charge
 * names its PaymentIntent, whose metadata (set when we created it) names the account and the purchase or
 * reload; it is fetched through the SDK when the event does not carry it. A charge that is not ours (no
 * metadata, or Stripe does not know it) is answered and logged as ignored, never retried forever; only
 * Stripe being unreachable makes the webhook fail, so that Stripe delivers it again later.
 */
@Injectable()
export class StripeReversals {
  constructor(
    private readonly outcomes: PaymentOutcomes,
    @Inject(STRIPE_CLIENT) private readonly stripe: Stripe,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  /** Every succeeded refund of the charge, oldest first; each counts once, however often this arrives. */
  async chargeRefunded(charge: Stripe.Charge, now: Date, correlationId?: string): Promise<Outcome> {
    const payment = await this.paymentOf(idOf(charge.payment_intent), charge.metadata);
    if ('outcome' in payment) return payment;
    const paid = await this.ensureCredited(payment, { amount: charge.amount, currency: charge.currency as Money['currency'] }, now, correlationId);
    if (paid.outcome === 'ignored') return paid;
    const refunds = await this.refundsOf(charge);
    if (!refunds.ok) return refunds.outcome;
    // Every refund is tried: one the account refuses (reported) never keeps the others from being applied.
    let result: Outcome = { outcome: 'unchanged' };
    let refused: Outcome | undefined;
    for (const refund of refunds.value) {
      const outcome = await this.outcomes.refunded(payment, refund.id, { amount: refund.amount, currency: refund.currency as Money['currency'] }, now, correlationId);
      if (outcome.outcome === 'ignored') refused ??= outcome;
      if (outcome.outcome === 'recorded') result = outcome;
    }
    return refused ?? result;
  }

  /** charge.dispute.created (opened) or charge.dispute.closed (won or lost; warning_closed moves nothing, as won). */
  async dispute(dispute: Stripe.Dispute, closed: boolean, now: Date, correlationId?: string): Promise<Outcome> {
    let intentId = idOf(dispute.payment_intent);
    if (!intentId) {
      const charge = await this.ask(() => this.stripe.charges.retrieve(idOf(dispute.charge) ?? ''));
      if (!charge.ok) return charge.outcome;
      intentId = idOf(charge.value.payment_intent);
    }
    // The PaymentIntent, always: its metadata names the payment, its amount is what was paid (the dispute's may be less).
    const intent = intentId ? await this.ask(() => this.stripe.paymentIntents.retrieve(intentId)) : undefined;
    if (intent && !intent.ok) return intent.outcome;
    const payment = await this.paymentOf(intentId, intent?.value.metadata);
    if ('outcome' in payment) return payment;
    const status: DisputeStatus = !closed ? 'opened' : dispute.status === 'lost' ? 'lost' : 'won';
    const amount = { amount: dispute.amount, currency: dispute.currency as Money['currency'] };
    const paidAmount = intent ? { amount: intent.value.amount_received || intent.value.amount, currency: intent.value.currency as Money['currency'] } : null;
    const paid = await this.ensureCredited(payment, paidAmount, now, correlationId);
    if (paid.outcome === 'ignored') return paid;
    return this.outcomes.disputed(payment, { disputeId: dispute.id, status, amount, reason: dispute.reason || 'unknown' }, now, correlationId);
  }

  /**
   * A refunded or disputed charge was paid, whatever order the webhooks arrive in: settle the purchase or
   * reload first (a no-op when its own webhook came first), so that the refund finds it credited.
   */
  private ensureCredited(payment: PaymentOf, amount: Money | null, now: Date, correlationId?: string): Promise<Outcome> {
    const { accountId, purchaseId, paymentReference } = payment;
    if (payment.source === 'auto_reload') return this.outcomes.reloadPaid(accountId, purchaseId, paymentReference, now, correlationId);
    if (!amount) return Promise.resolve({ outcome: 'unchanged' });
    return this.outcomes.purchasePaid(accountId, purchaseId, paymentReference, amount, null, now, correlationId);
  }

  private async paymentOf(intentId: string | null, metadata: Stripe.Metadata | null | undefined): Promise<PaymentOf | Outcome> {
    // PaymentOf has no `outcome`: callers tell the two apart by it.
    if (!intentId) return ignored('REFUND.UNKNOWN_PAYMENT', 'The charge has no PaymentIntent: not a payment of ours.');
    let meta = metadata;
    if (!meta?.accountId) {
      const intent = await this.ask(() => this.stripe.paymentIntents.retrieve(intentId));
      if (!intent.ok) return intent.outcome;
      meta = intent.value.metadata;
    }
    const { accountId, purchaseId, reloadId } = meta ?? {};
    if (!accountId || !(purchaseId || reloadId)) return ignored('REFUND.UNKNOWN_PAYMENT', `PaymentIntent ${intentId} names no account and purchase or reload of ours.`);
    return reloadId
      ? { accountId, source: 'auto_reload', purchaseId: reloadId, paymentReference: intentId }
      : { accountId, source: 'manual', purchaseId: purchaseId as string, paymentReference: intentId };
  }

  private async refundsOf(charge: Stripe.Charge): Promise<Asked<Stripe.Refund[]>> {
    const listed = charge.refunds && !charge.refunds.has_more ? charge.refunds.data : undefined;
    const all = listed ? { ok: true as const, value: listed } : await this.ask(() => this.stripe.refunds.list({ charge: charge.id, limit: 100 }).autoPagingToArray({ limit: 1_000 }));
    if (!all.ok) return all;
    // Stripe's own order (oldest first): the numbering that takes back the minutes follows it when it can.
    // Only this charge's: a refund of another payment never takes minutes from this one.
    const own = (r: Stripe.Refund) => idOf(r.charge) === charge.id || (idOf(r.payment_intent) !== null && idOf(r.payment_intent) === idOf(charge.payment_intent));
    return { ok: true, value: all.value.filter((r) => r.status === 'succeeded' && own(r)).sort((a, b) => a.created - b.created || a.id.localeCompare(b.id)) };
  }

  /** A Stripe read: "not ours" answers are ignored; Stripe unreachable or our key refused throws (retried by Stripe). */
  private async ask<T>(read: () => Promise<T>): Promise<Asked<T>> {
    if (!this.runtime.config.stripe.secretKey) return { ok: false, outcome: ignored('REFUND.NEEDS_STRIPE', 'Without STRIPE_SECRET_KEY the payment cannot be looked up.') };
    try {
      return { ok: true, value: await read() };
    } catch (error) {
      const fault = classifyStripeError(error);
      if (fault.class === 'permanent') return { ok: false, outcome: ignored('REFUND.UNKNOWN_PAYMENT', `Stripe: ${fault.code}: ${fault.message}`) };
      throw error;
    }
  }
}
