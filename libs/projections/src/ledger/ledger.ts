import { secondsToDisplayMinutes } from '@billing/domain';
import type { Projection, ProjectionEvent } from '../projection';
import { iso } from '../projection';

/** A credit movement's cause: bought, reloaded, used by a call, or taken back (a refund, a lost dispute). */
export const LEDGER_KINDS = ['purchase', 'auto_reload', 'call', 'refund', 'dispute_lost'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * One row per credit movement, keyed by the event that made it. The balance after each movement is
 * the one the event recorded (the decider computed it), so the ledger's running balance is the
 * account's balance by construction, and a test checks that the signed amounts add up to it.
 */
export interface LedgerEntry {
  eventId: string;
  accountId: string;
  kind: LedgerKind;
  /** Signed: credits bought are positive, credit seconds a call used or a refund took back are negative. */
  seconds: number;
  minutes: number;
  balanceAfterSeconds: number;
  balanceAfterMinutes: number;
  purchaseId: string | null;
  reloadId: string | null;
  callId: string | null;
  at: string;
  position: string;
}

type Movement = Pick<LedgerEntry, 'kind' | 'seconds' | 'balanceAfterSeconds' | 'purchaseId' | 'reloadId' | 'callId'>;

function movementOf({ event }: ProjectionEvent): Movement | null {
  switch (event.type) {
    case 'CreditsPurchased': {
      const { source, purchaseId, creditSeconds, creditBalanceAfterSeconds } = event.data;
      const manual = source === 'manual';
      return {
        kind: manual ? 'purchase' : 'auto_reload', seconds: creditSeconds, balanceAfterSeconds: creditBalanceAfterSeconds,
        purchaseId: manual ? purchaseId : null, reloadId: manual ? null : purchaseId, callId: null,
      };
    }
    case 'CallMinutesConsumed': {
      const { callId, creditSeconds, creditBalanceAfterSeconds } = event.data;
      // A call covered by subscription minutes moves no credit: it is in the calls table, not here.
      if (creditSeconds === 0) return null;
      return { kind: 'call', seconds: -creditSeconds, balanceAfterSeconds: creditBalanceAfterSeconds, purchaseId: null, reloadId: null, callId };
    }
    case 'CreditsRefunded': {
      // The refunded purchase or reload stays named, so the entry says which payment went back.
      const { source, purchaseId, creditSeconds, creditBalanceAfterSeconds, cause } = event.data;
      const manual = source === 'manual';
      return {
        kind: cause, seconds: -creditSeconds, balanceAfterSeconds: creditBalanceAfterSeconds,
        purchaseId: manual ? purchaseId : null, reloadId: manual ? null : purchaseId, callId: null,
      };
    }
    default:
      return null;
  }
}

/** Entries are immutable: an event seen again (replay) leaves its entry as it is. */
export function evolveLedger(row: LedgerEntry | null, e: ProjectionEvent): LedgerEntry | null {
  if (row) return row;
  const movement = movementOf(e);
  if (!movement) return null;
  return {
    eventId: e.id,
    accountId: e.event.data.accountId,
    ...movement,
    minutes: secondsToDisplayMinutes(movement.seconds),
    balanceAfterMinutes: secondsToDisplayMinutes(movement.balanceAfterSeconds),
    at: iso(e.event.data.at),
    position: e.position,
  };
}

export const ledgerProjection: Projection<LedgerEntry> = {
  name: 'credit_ledger',
  table: {
    name: 'proj_credit_ledger',
    key: ['eventId'],
    columns: {
      eventId: 'uuid', accountId: 'text', kind: 'text', seconds: 'bigint', minutes: 'numeric', balanceAfterSeconds: 'bigint',
      balanceAfterMinutes: 'numeric', purchaseId: 'text', reloadId: 'text', callId: 'text', at: 'timestamptz', position: 'text',
    },
  },
  keyOf: (e) => (movementOf(e) ? [e.id] : null),
  evolve: evolveLedger,
};
