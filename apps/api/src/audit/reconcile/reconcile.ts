import type Stripe from 'stripe';
import { type BillingEvent, upcast } from '@billing/domain';
import type { EventStore } from '@billing/event-store';
import { classifyStripeError } from '../../payments/stripe-outcomes';
import type { InstantRange } from '../range';
import { compare, type Difference, type StoreCredit, type StoreRefund, type StripePayment, type StripeRefund } from './differences';
import { listStripeSide, refundOf } from './stripe-side';

export interface ReconcileReport {
  ok: boolean;
  from: string;
  to: string;
  stripe: { payments: number; refunds: number; listed: number };
  store: { credits: number; refunds: number };
  differences: Difference[];
}

const PAGE = 5_000;

/** Every credit and refund the store recorded (any date): a payment near the range's edge is found whenever credited. */
async function storeSide(store: EventStore): Promise<{ credits: StoreCredit[]; refunds: StoreRefund[] }> {
  const credits: StoreCredit[] = [];
  const refunds: StoreRefund[] = [];
  const filter = { eventTypes: ['CreditsPurchased', 'CreditsRefunded'], streamPrefixes: ['billing-account-'] };
  for (let fromPosition; ;) {
    const page = await store.readAll({ fromPosition, maxCount: PAGE, filter });
    for (const recorded of page) {
      const event: BillingEvent = upcast({ type: recorded.type, schemaVersion: recorded.schemaVersion, data: recorded.data });
      if (event.type === 'CreditsPurchased') {
        const { paymentReference, accountId, source, purchaseId, total, at } = event.data;
        credits.push({ paymentReference, accountId, source, purchaseId, total, at });
      } else if (event.type === 'CreditsRefunded' && event.data.cause === 'refund') {
        const { refundId, paymentReference, accountId, purchaseId, amount, at } = event.data;
        refunds.push({ refundId, paymentReference, accountId, purchaseId, amount, at });
      }
    }
    if (page.length < PAGE) return { credits, refunds };
    fromPosition = page[page.length - 1].position;
  }
}

/** Stripe's answer for an id it does not have: the fact is missing there, not an error of the audit. */
async function unlessMissing<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    const fault = classifyStripeError(error);
    if (fault.class === 'permanent' && fault.code === 'resource_missing') return undefined;
    throw error;
  }
}

/**
 * Stripe's side (listed for the range) against the store's. Store facts of the range that Stripe's
 * listing lacks are looked up at Stripe by id before they count as differences (a payment created just
 * before the range and credited inside it is fine).
 */
export async function reconcile(stripe: Stripe, store: EventStore, range: InstantRange, onProgress: (listed: number) => void = () => undefined): Promise<ReconcileReport> {
  const stripeSide = await listStripeSide(stripe, range, onProgress);
  const { credits, refunds } = await storeSide(store);
  const inRange = (at: string) => Date.parse(at) >= range.from.getTime() && Date.parse(at) < range.to.getTime();
  const listedPayments = new Set(stripeSide.payments.map((p) => p.paymentReference));
  const listedRefunds = new Set(stripeSide.refunds.map((r) => r.refundId));
  const outside = { payments: new Map<string, StripePayment>(), refunds: new Map<string, StripeRefund>() };
  for (const credit of credits) {
    if (!inRange(credit.at) || listedPayments.has(credit.paymentReference)) continue;
    const ref = credit.paymentReference;
    const found = ref.startsWith('cs_')
      ? await unlessMissing(() => stripe.checkout.sessions.retrieve(ref)).then((s) => (s?.payment_status === 'paid' ? { amount: s.amount_total ?? 0, currency: s.currency ?? '', created: s.created } : undefined))
      : await unlessMissing(() => stripe.paymentIntents.retrieve(ref)).then((i) => (i?.status === 'succeeded' ? { amount: i.amount_received || i.amount, currency: i.currency, created: i.created } : undefined));
    if (found) {
      outside.payments.set(ref, { ...credit, amount: { amount: found.amount, currency: found.currency as 'usd' }, created: new Date(found.created * 1_000).toISOString() });
    }
  }
  for (const refund of refunds) {
    if (!inRange(refund.at) || listedRefunds.has(refund.refundId)) continue;
    const found = await unlessMissing(() => stripe.refunds.retrieve(refund.refundId));
    const succeeded = found && refundOf(found);
    if (succeeded) outside.refunds.set(refund.refundId, succeeded);
  }
  const differences = compare({ stripePayments: stripeSide.payments, stripeRefunds: stripeSide.refunds, storeCredits: credits, storeRefunds: refunds, inRange, stripeOutside: outside });
  return {
    ok: differences.length === 0,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    stripe: { payments: stripeSide.payments.length, refunds: stripeSide.refunds.length, listed: stripeSide.listed },
    store: { credits: credits.filter((c) => inRange(c.at)).length, refunds: refunds.filter((r) => inRange(r.at)).length },
    differences,
  };
}

/** The report as a table for a terminal. */
export function reconcileText(report: ReconcileReport, table: (rows: string[][], numeric: boolean[]) => string): string {
  const head = `reconciled ${report.from} – ${report.to}: Stripe ${report.stripe.payments} payment(s), ${report.stripe.refunds} refund(s); `
    + `store ${report.store.credits} credit(s), ${report.store.refunds} refund(s): ${report.differences.length} difference(s)\n`;
  if (!report.differences.length) return head;
  const rows = [['difference', 'account', 'purchase/reload', 'stripe', 'detail'], ...report.differences.map((d) => [d.kind, d.accountId ?? '', d.purchaseId ?? '', d.stripeReference, d.detail])];
  return `${table(rows, [false, false, false, false, false])}\n${head}`;
}
