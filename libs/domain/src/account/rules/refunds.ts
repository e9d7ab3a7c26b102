import { DomainError } from '../../shared/domain-error';
import type { Money } from '../../shared/money';
import { formatMoney, isMoney } from '../../shared/money';
import { minutesToSeconds } from '../../shared/duration';
import type { RecordedRefund } from '../commands';
import type { PurchaseRecord, ReloadRecord } from '../state';
import { MINUTES_PER_BLOCK } from './purchase-size';

/**
 * Rule 15 (ours; the help page is silent) — refunds and lost disputes. Money paid for credits that goes
 * back (a refund, full or partial, or a dispute lost) takes back the minutes it paid for, in proportion
 * to what the payment bought at its rate: refunding a of a payment of T that bought S seconds removes
 * floor(S × (before + a) / T) − floor(S × before / T) seconds, where `before` is what was refunded on
 * that payment earlier (the refunds recorded before it). The floors telescope: partial refunds add up to exactly the full refund's
 * minutes, and never more than the payment bought (amounts past T count as T). The credit balance may
 * go below zero (the minutes may be spent already). Each refund counts once, however often it is
 * reported; a dispute opened or won moves nothing, and a lost one counts as a refund of its amount.
 */
export interface PaidForCredits {
  blocks: number;
  total: Money;
  paymentReference: string | null;
}

/** The credited payment a refund names, or a named refusal (not found, never credited, another payment). */
export function creditedPayment(
  kind: 'purchase' | 'reload', id: string, record: PurchaseRecord | ReloadRecord | undefined, paymentReference: string,
): PaidForCredits {
  if (!record) {
    throw kind === 'purchase'
      ? new DomainError('PURCHASE.NOT_FOUND', `There is no credit purchase ${id} on this account.`, { purchaseId: id })
      : new DomainError('RELOAD.NOT_FOUND', `There is no auto-reload ${id} on this account.`, { reloadId: id });
  }
  if (record.status !== 'completed') {
    throw new DomainError('REFUND.NOT_CREDITED', `The ${kind} ${id} is ${record.status}: no minutes were credited for it, so none are taken back.`, { id, status: record.status });
  }
  if (record.paymentReference !== paymentReference) {
    throw new DomainError('REFUND.PAYMENT_MISMATCH', `The ${kind} ${id} was paid by ${String(record.paymentReference)}, not by ${paymentReference}.`, { id, paymentReference });
  }
  return record;
}

export function assertRefundAmount(payment: PaidForCredits, amount: unknown): asserts amount is Money {
  if (!isMoney(amount) || amount.amount < 1 || amount.currency !== payment.total.currency) {
    throw new DomainError('REFUND.INVALID_AMOUNT', `A refund is a positive amount in ${payment.total.currency} (the payment was ${formatMoney(payment.total)}).`, {
      currency: payment.total.currency,
    });
  }
}

/**
 * The refunds of one payment are numbered 1, 2, … as they are recorded, and each number is an
 * idempotency key (recorded.ts): two refunds can never both be recorded on the same earlier total, so
 * the floors above telescope even when webhooks race. Looking them up is bounded: a payment takes at
 * most MAX_REFUNDS_PER_PAYMENT refunds (and lost disputes); more are refused, and reconciliation
 * reports them as refunds not applied.
 */
export const MAX_REFUNDS_PER_PAYMENT = 16;

export function assertRefundsRecorded(recorded: readonly RecordedRefund[] | undefined): asserts recorded is readonly RecordedRefund[] {
  // The API (and the domain's test harness) always looks them up; without them the rule cannot be applied.
  if (!Array.isArray(recorded)) throw new DomainError('COMMAND.INVALID_FIELD', 'recordedRefunds must be looked up before deciding a refund.', { field: 'recordedRefunds' });
  if (recorded.length >= MAX_REFUNDS_PER_PAYMENT) {
    throw new DomainError('REFUND.TOO_MANY', `A payment takes at most ${MAX_REFUNDS_PER_PAYMENT} refunds and lost disputes.`, { max: MAX_REFUNDS_PER_PAYMENT });
  }
}

/** Seconds a refund of `amount` after `before` removes (see the rule above). */
export function refundedSeconds(payment: PaidForCredits, before: Money, amount: Money): number {
  const bought = minutesToSeconds(payment.blocks * MINUTES_PER_BLOCK);
  const total = payment.total.amount;
  if (total <= 0) return 0;
  const upTo = (refunded: number) => Math.floor((bought * Math.min(refunded, total)) / total);
  return upTo(before.amount + amount.amount) - upTo(before.amount);
}
