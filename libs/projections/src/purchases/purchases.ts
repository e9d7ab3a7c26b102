import type { PlanId, PurchaseStatus } from '@billing/domain';
import type { Projection, ProjectionEvent } from '../projection';
import { iso } from '../projection';

/** A manual credit purchase, from checkout to its settlement. Auto-reloads are in proj_reloads. */
export interface PurchaseRow {
  accountId: string;
  purchaseId: string;
  status: PurchaseStatus;
  planId: PlanId;
  blocks: number;
  minutes: number;
  ratePerMinuteCents: number;
  totalCents: number;
  currency: string;
  startedBy: string;
  startedAt: string;
  paymentReference: string | null;
  /** The payment provider's code when payment failed; null otherwise. */
  failureCode: string | null;
  settledAt: string | null;
  position: string;
}

export function evolvePurchase(row: PurchaseRow | null, e: ProjectionEvent): PurchaseRow | null {
  const { event } = e;
  switch (event.type) {
    case 'CreditPurchaseStarted': {
      if (row) return { ...row, position: e.position }; // a retried start: the domain keeps the first
      const { accountId, purchaseId, planId, blocks, minutes, ratePerMinute, total, startedBy, at } = event.data;
      return {
        accountId, purchaseId, status: 'pending', planId, blocks, minutes, ratePerMinuteCents: ratePerMinute.amount,
        totalCents: total.amount, currency: total.currency, startedBy, startedAt: iso(at), paymentReference: null,
        failureCode: null, settledAt: null, position: e.position,
      };
    }
    case 'CreditsPurchased':
      if (!row) return null;
      return { ...row, status: 'completed', paymentReference: event.data.paymentReference, settledAt: iso(event.data.at), position: e.position };
    case 'CreditPurchaseFailed': {
      if (!row) return null;
      const { reason, failureCode, at } = event.data;
      return { ...row, status: reason === 'expired' ? 'expired' : 'failed', failureCode, settledAt: iso(at), position: e.position };
    }
    default:
      return row;
  }
}

function keyOf({ event }: ProjectionEvent): string[] | null {
  switch (event.type) {
    case 'CreditPurchaseStarted':
    case 'CreditPurchaseFailed':
      return [event.data.accountId, event.data.purchaseId];
    case 'CreditsPurchased':
      return event.data.source === 'manual' ? [event.data.accountId, event.data.purchaseId] : null;
    default:
      return null;
  }
}

export const purchasesProjection: Projection<PurchaseRow> = {
  name: 'purchases',
  table: {
    name: 'proj_purchases',
    key: ['accountId', 'purchaseId'],
    columns: {
      accountId: 'text', purchaseId: 'text', status: 'text', planId: 'text', blocks: 'int', minutes: 'int',
      ratePerMinuteCents: 'bigint', totalCents: 'bigint', currency: 'text', startedBy: 'text', startedAt: 'timestamptz',
      paymentReference: 'text', failureCode: 'text', settledAt: 'timestamptz', position: 'text',
    },
  },
  keyOf,
  evolve: evolvePurchase,
};
