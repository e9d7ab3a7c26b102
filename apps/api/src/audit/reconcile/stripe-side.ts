import type Stripe from 'stripe';
import type { Money } from '@billing/domain';
import type { InstantRange } from '../range';
import type { StripePayment, StripeRefund } from './differences';

const seconds = (date: Date) => Math.floor(date.getTime() / 1_000);
const iso = (created: number) => new Date(created * 1_000).toISOString();
const moneyOf = (amount: number, currency: string): Money => ({ amount, currency: currency as Money['currency'] });
const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : value?.id ?? null);

/** The payment for credits a PaymentIntent's or session's metadata names (set when we created it), if any. */
function ours(metadata: Stripe.Metadata | null | undefined): Pick<StripePayment, 'accountId' | 'source' | 'purchaseId'> | undefined {
  const { accountId, purchaseId, reloadId } = metadata ?? {};
  if (!accountId || !(purchaseId || reloadId)) return undefined;
  return reloadId ? { accountId, source: 'auto_reload', purchaseId: reloadId } : { accountId, source: 'manual', purchaseId: purchaseId as string };
}

export function paymentOfIntent(intent: Stripe.PaymentIntent): StripePayment | undefined {
  const named = ours(intent.metadata);
  if (!named || intent.status !== 'succeeded') return undefined;
  return { ...named, paymentReference: intent.id, amount: moneyOf(intent.amount_received || intent.amount, intent.currency), created: iso(intent.created) };
}

export function refundOf(refund: Stripe.Refund): StripeRefund | undefined {
  if (refund.status !== 'succeeded') return undefined;
  return { refundId: refund.id, paymentReference: idOf(refund.payment_intent), amount: moneyOf(refund.amount, refund.currency), created: iso(refund.created) };
}

export interface StripeSide {
  payments: StripePayment[];
  refunds: StripeRefund[];
  /** Objects read from Stripe (sessions, intents, refunds), for the summary. */
  listed: number;
}

/**
 * Checkout Sessions, PaymentIntents and refunds created in the range, through the SDK's auto-pagination
 * (100 a page). A paid session whose PaymentIntent the listing did not hold (or that has none) counts as
 * the payment; Stripe's errors propagate to the caller, which classifies them (stripe-outcomes.ts).
 */
export async function listStripeSide(stripe: Stripe, range: InstantRange, onProgress: (listed: number) => void): Promise<StripeSide> {
  const created = { gte: seconds(range.from), lt: seconds(range.to) };
  const payments = new Map<string, StripePayment>();
  const refunds: StripeRefund[] = [];
  let listed = 0;
  const seen = () => onProgress(++listed);
  for await (const intent of stripe.paymentIntents.list({ created, limit: 100 })) {
    seen();
    const payment = paymentOfIntent(intent);
    if (payment) payments.set(payment.paymentReference, payment);
  }
  for await (const session of stripe.checkout.sessions.list({ created, limit: 100 })) {
    seen();
    const named = ours(session.metadata);
    const reference = idOf(session.payment_intent) ?? session.id;
    if (!named || session.payment_status !== 'paid' || payments.has(reference)) continue;
    payments.set(reference, { ...named, paymentReference: reference, amount: moneyOf(session.amount_total ?? 0, session.currency ?? ''), created: iso(session.created) });
  }
  for await (const refund of stripe.refunds.list({ created, limit: 100 })) {
    seen();
    const found = refundOf(refund);
    if (found) refunds.push(found);
  }
  return { payments: [...payments.values()], refunds, listed };
}
