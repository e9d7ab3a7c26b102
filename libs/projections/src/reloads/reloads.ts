import type { PlanId } from '@billing/domain';
import type { Projection, ProjectionEvent } from '../projection';
import { iso } from '../projection';

export type ReloadStatus = 'pending' | 'completed' | 'failed';

/** An auto-reload: the call end that triggered it, the charge, and its outcome. */
export interface ReloadRow {
  accountId: string;
  reloadId: string;
  callId: string;
  /** The month (of the triggering call's end) whose maximum it counts toward once paid. */
  month: string;
  status: ReloadStatus;
  planId: PlanId;
  blocks: number;
  minutes: number;
  ratePerMinuteCents: number;
  totalCents: number;
  currency: string;
  paymentMethodId: string;
  paymentReference: string | null;
  /** The provider's decline code, e.g. card_declined or authentication_required. */
  declineCode: string | null;
  /** Consecutive failed charges including this one, as the domain counted them. */
  consecutiveFailures: number | null;
  triggeredAt: string;
  settledAt: string | null;
  position: string;
}

export function evolveReload(row: ReloadRow | null, e: ProjectionEvent): ReloadRow | null {
  const { event } = e;
  switch (event.type) {
    case 'AutoReloadTriggered': {
      if (row) return { ...row, position: e.position };
      const { accountId, reloadId, callId, month, planId, blocks, minutes, ratePerMinute, total, paymentMethodId, at } = event.data;
      return {
        accountId, reloadId, callId, month, status: 'pending', planId, blocks, minutes, ratePerMinuteCents: ratePerMinute.amount,
        totalCents: total.amount, currency: total.currency, paymentMethodId, paymentReference: null, declineCode: null,
        consecutiveFailures: null, triggeredAt: iso(at), settledAt: null, position: e.position,
      };
    }
    case 'CreditsPurchased':
      if (!row) return null;
      return { ...row, status: 'completed', paymentReference: event.data.paymentReference, settledAt: iso(event.data.at), position: e.position };
    case 'AutoReloadFailed': {
      if (!row) return null;
      const { reasonCode, consecutiveFailures, at } = event.data;
      return { ...row, status: 'failed', declineCode: reasonCode, consecutiveFailures, settledAt: iso(at), position: e.position };
    }
    default:
      return row;
  }
}

function keyOf({ event }: ProjectionEvent): string[] | null {
  switch (event.type) {
    case 'AutoReloadTriggered':
    case 'AutoReloadFailed':
      return [event.data.accountId, event.data.reloadId];
    case 'CreditsPurchased':
      return event.data.source === 'auto_reload' ? [event.data.accountId, event.data.purchaseId] : null;
    default:
      return null;
  }
}

export const reloadsProjection: Projection<ReloadRow> = {
  name: 'reloads',
  table: {
    name: 'proj_reloads',
    key: ['accountId', 'reloadId'],
    columns: {
      accountId: 'text', reloadId: 'text', callId: 'text', month: 'text', status: 'text', planId: 'text', blocks: 'int',
      minutes: 'int', ratePerMinuteCents: 'bigint', totalCents: 'bigint', currency: 'text', paymentMethodId: 'text',
      paymentReference: 'text', declineCode: 'text', consecutiveFailures: 'int', triggeredAt: 'timestamptz',
      settledAt: 'timestamptz', position: 'text',
    },
  },
  keyOf,
  evolve: evolveReload,
};
