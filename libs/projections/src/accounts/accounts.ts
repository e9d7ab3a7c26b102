import type { AutoReloadDisabledReason, AutoReloadSettings, BillingEvent, PlanId } from '@billing/domain';
import { DEFAULT_MONTHLY_MAXIMUM, DEFAULT_THRESHOLD_MINUTES, evolveAutoReload, secondsToDisplayMinutes } from '@billing/domain';
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

/** The auto-reload columns change exactly as the domain's state does (evolveAutoReload is their one home). */
function withAutoReload(row: AccountRow, event: BillingEvent): AccountRow {
  const before: AutoReloadSettings = {
    enabled: row.autoReloadEnabled, thresholdMinutes: row.thresholdMinutes, monthlyMaximum: row.monthlyMaximum,
    disabledReason: row.disabledReason, consecutiveFailures: row.consecutiveFailures, reloadInFlight: row.reloadInFlight,
    // Not a column: no other auto-reload field depends on it.
    lastFailureCode: null,
  };
  const after = evolveAutoReload(before, event);
  if (after === before) return row;
  return {
    ...row, autoReloadEnabled: after.enabled, thresholdMinutes: after.thresholdMinutes, monthlyMaximum: after.monthlyMaximum,
    disabledReason: after.disabledReason, consecutiveFailures: after.consecutiveFailures, reloadInFlight: after.reloadInFlight,
  };
}

function next(row: AccountRow, e: ProjectionEvent): AccountRow {
  const { event } = e;
  switch (event.type) {
    case 'AccountOpened':
      return row; // opened twice: the domain refuses it, so the first one stands
    case 'PlanChanged':
      return { ...row, planId: event.data.toPlanId };
    case 'PaymentMethodOnFileSet':
      return { ...row, paymentMethodId: event.data.paymentMethodId };
    case 'PaymentMethodOnFileRemoved':
      return { ...row, paymentMethodId: null };
    case 'CreditsPurchased':
      // The event carries the balance after it: the projection never recomputes a balance.
      return withBalance(row, event.data.creditBalanceAfterSeconds);
    case 'CallMinutesConsumed':
    case 'CreditsRefunded':
      return withBalance(row, event.data.creditBalanceAfterSeconds);
    case 'AutoReloadConfigured':
    case 'AutoReloadTriggered':
    case 'AutoReloadFailed':
    case 'AutoReloadDisabled':
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
  return { ...withAutoReload(next(row, e), event), lastEventAt: iso(event.data.at), position: e.position };
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
