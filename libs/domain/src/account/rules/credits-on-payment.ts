import { DomainError } from '../../shared/domain-error';
import type { Money } from '../../shared/money';
import { formatMoney, sameMoney } from '../../shared/money';
import type { PurchaseRecord, PurchaseStatus } from '../state';

/**
 * Rule 3 — "the minutes are added when payment is confirmed". Credits are added only when payment
 * completes, exactly once per purchase: a second confirmation (webhooks are retried) is a no-op.
 * The same holds for a failure or expiry reported twice; a purchase settled one way cannot be settled
 * the other way.
 */
/** The purchase to settle, or undefined when it already ended as `outcome` (a repeated report: no-op). */
export function purchaseToSettle(purchaseId: string, purchase: PurchaseRecord | undefined, outcome: Exclude<PurchaseStatus, 'pending'>): PurchaseRecord | undefined {
  if (!purchase) throw new DomainError('PURCHASE.NOT_FOUND', `There is no credit purchase ${purchaseId} on this account.`, { purchaseId });
  if (purchase.status === 'pending') return purchase;
  if (purchase.status === outcome) return undefined;
  throw new DomainError('PURCHASE.ALREADY_SETTLED', `Credit purchase ${purchaseId} is already ${purchase.status}; it cannot become ${outcome}.`, {
    purchaseId,
    status: purchase.status,
  });
}

/** The amount confirmed by the payment provider must be the price fixed when the purchase started. */
export function assertAmountPaid(purchaseId: string, purchase: PurchaseRecord, amountPaid: Money): void {
  if (sameMoney(purchase.total, amountPaid)) return;
  throw new DomainError(
    'PURCHASE.AMOUNT_MISMATCH',
    `Credit purchase ${purchaseId} costs ${formatMoney(purchase.total)} but ${formatMoney(amountPaid)} was paid.`,
    { purchaseId, expected: purchase.total.amount, paid: amountPaid.amount, currency: purchase.total.currency },
  );
}
