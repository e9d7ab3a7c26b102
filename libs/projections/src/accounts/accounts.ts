import type { AutoReloadDisabledReason, PlanId } from '@billing/domain';
import { DEFAULT_MONTHLY_MAXIMUM, DEFAULT_THRESHOLD_MINUTES, secondsToDisplayMinutes } from '@billing/domain';
import type { Projection, ProjectionEvent } from '../projection';
import { iso } from '../projection';

/**
 * One row per account: what the console's account list shows and sorts on. Reloads per month live in
 * monthly usage (proj_monthly_usage), not here: the month rolls over without an event, so "reloads this
 * month" is the query's join on the current month in the account's time zone.
 */
export interface AccountRow {
  accountId: string;
  planId: PlanId;
  timeZone: string;
  stripeCustomerId: string | null;
  paymentMethodId: string | null;
  balanceSeconds: number;
  balanceMinutes: number;
  autoReloadEnabled: boolean;
  thresholdMinutes: number;
  /** As chosen by the administrator; the plan's limit caps it (effectiveMonthlyMaximum, at query time). */
  monthlyMaximum: number;
  disabledReason: AutoReloadDisabledReason | null;
  consecutiveFailures: number;
  reloadInFlight: string | null;
  openedAt: string;
  lastEventAt: string;
  position: string;
}

export class UnknownAccountError extends Error {
  constructor(event: ProjectionEvent) {
    super(`${event.event.type} for account "${event.event.data.accountId}", which was never opened`);
    this.name = 'UnknownAccountError';
  }
}

function withBalance(row: AccountRow, balanceSeconds: number): AccountRow {
  return { ...row, balanceSeconds, balanceMinutes: secondsToDisplayMinutes(balanceSeconds) };
}

function next(row: AccountRow, e: ProjectionEvent): AccountRow {
  const { event } = e;
  switch (event.type) {
    case 'AccountOpened':
      return row; // opened twice: the domain refuses it, so the first one stands
    case 'PlanChanged':
      return { ...row, planId: event.data.toPlanId };
    case 'PaymentMethodOnFileSet':
      return { ...row, paymentMethodId: event.data.paymentMethodId, consecutiveFailures: 0 };
    case 'PaymentMethodOnFileRemoved':
      return { ...row, paymentMethodId: null };
    case 'CreditsPurchased': {
      // The event carries the balance after it: the projection never recomputes a balance.
      const after = withBalance(row, event.data.creditBalanceAfterSeconds);
      if (event.data.source === 'manual') return after;
      const inFlight = row.reloadInFlight === event.data.purchaseId ? null : row.reloadInFlight;
      return { ...after, consecutiveFailures: 0, reloadInFlight: inFlight };
    }
    case 'CallMinutesConsumed':
    case 'CreditsRefunded':
      return withBalance(row, event.data.creditBalanceAfterSeconds);
    case 'AutoReloadConfigured': {
      const { enabled, thresholdMinutes, monthlyMaximum } = event.data;
      const turnedOn = enabled && !row.autoReloadEnabled;
      return {
        ...row,
        autoReloadEnabled: enabled,
        thresholdMinutes,
        monthlyMaximum,
        disabledReason: enabled ? null : row.disabledReason,
        consecutiveFailures: turnedOn ? 0 : row.consecutiveFailures,
      };
    }
    case 'AutoReloadTriggered':
      return { ...row, reloadInFlight: event.data.reloadId };
    case 'AutoReloadFailed': {
      const inFlight = row.reloadInFlight === event.data.reloadId ? null : row.reloadInFlight;
      return { ...row, consecutiveFailures: event.data.consecutiveFailures, reloadInFlight: inFlight };
    }
    case 'AutoReloadDisabled':
      return { ...row, autoReloadEnabled: false, disabledReason: event.data.reason };
    case 'CreditPurchaseStarted':
    case 'CreditPurchaseFailed':
    case 'MonthlyCapReached':
    case 'PaymentDisputed':
      return row;
    default: {
      const unhandled: never = event;
      throw new Error(`Unknown event: ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveAccount(row: AccountRow | null, e: ProjectionEvent): AccountRow | null {
  const { event } = e;
  if (event.type === 'AccountOpened' && row === null) {
    const { accountId, planId, timeZone, stripeCustomerId, at } = event.data;
    return {
      accountId, planId, timeZone, stripeCustomerId, paymentMethodId: null, balanceSeconds: 0, balanceMinutes: 0,
      autoReloadEnabled: false, thresholdMinutes: DEFAULT_THRESHOLD_MINUTES, monthlyMaximum: DEFAULT_MONTHLY_MAXIMUM, disabledReason: null, consecutiveFailures: 0,
      reloadInFlight: null, openedAt: iso(at), lastEventAt: iso(at), position: e.position,
    };
  }
  // Every account stream starts with AccountOpened; anything else means the history is not what we think.
  if (row === null) throw new UnknownAccountError(e);
  return { ...next(row, e), lastEventAt: iso(event.data.at), position: e.position };
}

export const accountsProjection: Projection<AccountRow> = {
  name: 'accounts',
  table: {
    name: 'proj_accounts',
    key: ['accountId'],
    columns: {
      accountId: 'text', planId: 'text', timeZone: 'text', stripeCustomerId: 'text', paymentMethodId: 'text',
      balanceSeconds: 'bigint', balanceMinutes: 'numeric', autoReloadEnabled: 'bool', thresholdMinutes: 'int',
      monthlyMaximum: 'int', disabledReason: 'text', consecutiveFailures: 'int', reloadInFlight: 'text',
      openedAt: 'timestamptz', lastEventAt: 'timestamptz', position: 'text',
    },
  },
  keyOf: (e) => [e.event.data.accountId],
  evolve: evolveAccount,
};
