import type { CreditSource, Money } from '@billing/domain';

/** A payment for credits as Stripe has it: a succeeded PaymentIntent (or paid Checkout Session) naming one of ours. */
export interface StripePayment {
  paymentReference: string;
  accountId: string;
  source: CreditSource;
  purchaseId: string;
  amount: Money;
  created: string;
}

export interface StripeRefund {
  refundId: string;
  paymentReference: string | null;
  amount: Money;
  created: string;
}

/** What the store recorded: a CreditsPurchased (purchase or reload). */
export interface StoreCredit {
  paymentReference: string;
  accountId: string;
  source: CreditSource;
  purchaseId: string;
  total: Money;
  at: string;
}

/** A CreditsRefunded of cause `refund` (lost disputes are not Stripe refunds). */
export interface StoreRefund {
  refundId: string;
  paymentReference: string;
  accountId: string;
  purchaseId: string;
  amount: Money;
  at: string;
}

export type DifferenceKind = 'paid_not_credited' | 'credited_without_payment' | 'amount_differs' | 'refund_not_applied' | 'refund_without_stripe_refund';

export interface Difference {
  kind: DifferenceKind;
  accountId: string | null;
  /** The purchase or reload id. */
  purchaseId: string | null;
  /** The PaymentIntent (or refund) at Stripe. */
  stripeReference: string;
  stripe: Money | null;
  store: Money | null;
  detail: string;
}

const money = (m: Money) => `${(m.amount / 100).toFixed(2)} ${m.currency.toUpperCase()}`;
const same = (a: Money, b: Money) => a.amount === b.amount && a.currency === b.currency;

/**
 * Stripe's side against the store's, both already gathered: every payment Stripe took in the range must
 * be credited once at the same amount and currency, every credit in the range must have a payment, and
 * every refund must be applied (and every applied refund exist). `storeCredits`/`storeRefunds` hold every
 * one recorded (any date), so a payment near the range's edge is found whenever it was credited;
 * `inRange` says which of the store's are the range's own. `stripeFound` answers, for a store fact
 * outside Stripe's listing, whether Stripe has it at all (looked up by id).
 */
export function compare(input: {
  stripePayments: readonly StripePayment[];
  stripeRefunds: readonly StripeRefund[];
  storeCredits: readonly StoreCredit[];
  storeRefunds: readonly StoreRefund[];
  inRange: (at: string) => boolean;
  /** Payments and refunds Stripe has that its listing for the range did not include (looked up by id). */
  stripeOutside: { payments: ReadonlyMap<string, StripePayment>; refunds: ReadonlyMap<string, StripeRefund> };
}): Difference[] {
  const differences: Difference[] = [];
  const credits = new Map(input.storeCredits.map((c) => [c.paymentReference, c]));
  const creditsById = new Map(input.storeCredits.map((c) => [`${c.accountId}\u0000${c.source}\u0000${c.purchaseId}`, c]));
  const payments = new Map(input.stripePayments.map((p) => [p.paymentReference, p]));
  for (const payment of input.stripePayments) {
    const credit = credits.get(payment.paymentReference) ?? creditsById.get(`${payment.accountId}\u0000${payment.source}\u0000${payment.purchaseId}`);
    const base = { accountId: payment.accountId, purchaseId: payment.purchaseId, stripeReference: payment.paymentReference, stripe: payment.amount };
    if (!credit) differences.push({ ...base, kind: 'paid_not_credited', store: null, detail: `paid ${money(payment.amount)} at Stripe on ${payment.created}; no credits recorded` });
    else if (!same(credit.total, payment.amount)) {
      differences.push({ ...base, kind: 'amount_differs', store: credit.total, detail: `Stripe took ${money(payment.amount)}; the store credited a payment of ${money(credit.total)}` });
    }
  }
  for (const credit of input.storeCredits) {
    if (!input.inRange(credit.at) || payments.has(credit.paymentReference)) continue;
    const outside = input.stripeOutside.payments.get(credit.paymentReference);
    const base = { accountId: credit.accountId, purchaseId: credit.purchaseId, stripeReference: credit.paymentReference, store: credit.total };
    if (!outside) differences.push({ ...base, kind: 'credited_without_payment', stripe: null, detail: `credited on ${credit.at}; Stripe has no succeeded payment ${credit.paymentReference}` });
    else if (!same(outside.amount, credit.total)) {
      differences.push({ ...base, kind: 'amount_differs', stripe: outside.amount, detail: `Stripe took ${money(outside.amount)}; the store credited a payment of ${money(credit.total)}` });
    }
  }
  const applied = new Map(input.storeRefunds.map((r) => [r.refundId, r]));
  const refunds = new Map(input.stripeRefunds.map((r) => [r.refundId, r]));
  for (const refund of input.stripeRefunds) {
    const payment = refund.paymentReference ? payments.get(refund.paymentReference) ?? input.stripeOutside.payments.get(refund.paymentReference) ?? credits.get(refund.paymentReference) : undefined;
    if (!payment) continue; // not a payment for credits (another product's, or not ours)
    const recorded = applied.get(refund.refundId);
    const base = { accountId: payment.accountId, purchaseId: payment.purchaseId, stripeReference: refund.refundId, stripe: refund.amount };
    if (!recorded) differences.push({ ...base, kind: 'refund_not_applied', store: null, detail: `refunded ${money(refund.amount)} at Stripe on ${refund.created}; the minutes were not taken back` });
    else if (!same(recorded.amount, refund.amount)) {
      differences.push({ ...base, kind: 'amount_differs', store: recorded.amount, detail: `Stripe refunded ${money(refund.amount)}; the store applied ${money(recorded.amount)}` });
    }
  }
  for (const refund of input.storeRefunds) {
    if (!input.inRange(refund.at) || refunds.has(refund.refundId) || input.stripeOutside.refunds.has(refund.refundId)) continue;
    differences.push({
      kind: 'refund_without_stripe_refund', accountId: refund.accountId, purchaseId: refund.purchaseId, stripeReference: refund.refundId,
      stripe: null, store: refund.amount, detail: `minutes taken back on ${refund.at} for refund ${refund.refundId}, which Stripe does not have`,
    });
  }
  return differences;
}
