import type { AutoReloadDecision } from '@billing/domain';
import type { Projection, ProjectionEvent } from '../projection';
import { iso } from '../projection';

/** A call end as billed: the split between subscription and credit seconds, and why a reload did or did not fire. */
export interface CallRow {
  accountId: string;
  callId: string;
  endedAt: string;
  month: string;
  durationSeconds: number;
  subscriptionSeconds: number;
  creditSeconds: number;
  creditBalanceAfterSeconds: number;
  reloadDecision: AutoReloadDecision;
  /** The threshold the decision compared with; null for calls recorded before it was (v1 events). */
  thresholdSeconds: number | null;
  reloadId: string | null;
  position: string;
}

/** A call id is consumed once (the domain guarantees it), so the first row stands. */
export function evolveCall(row: CallRow | null, e: ProjectionEvent): CallRow | null {
  const { event } = e;
  if (row || event.type !== 'CallMinutesConsumed') return row;
  const { accountId, callId, endedAt, month, durationSeconds, subscriptionSeconds, creditSeconds, creditBalanceAfterSeconds, autoReload } = event.data;
  return {
    accountId, callId, endedAt: iso(endedAt), month, durationSeconds, subscriptionSeconds, creditSeconds, creditBalanceAfterSeconds,
    reloadDecision: autoReload.decision, thresholdSeconds: autoReload.thresholdSeconds, reloadId: autoReload.reloadId, position: e.position,
  };
}

export const callsProjection: Projection<CallRow> = {
  name: 'calls',
  table: {
    name: 'proj_calls',
    key: ['accountId', 'callId'],
    columns: {
      accountId: 'text', callId: 'text', endedAt: 'timestamptz', month: 'text', durationSeconds: 'bigint',
      subscriptionSeconds: 'bigint', creditSeconds: 'bigint', creditBalanceAfterSeconds: 'bigint', reloadDecision: 'text',
      thresholdSeconds: 'bigint', reloadId: 'text', position: 'text',
    },
  },
  keyOf: ({ event }) => (event.type === 'CallMinutesConsumed' ? [event.data.accountId, event.data.callId] : null),
  evolve: evolveCall,
};
