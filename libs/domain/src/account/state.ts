import type { Money } from '../shared/money';
import type { Instant, MonthKey } from '../shared/instant';
import type { Keyed } from '../shared/records';
import { lookup } from '../shared/records';
import type { PlanId } from '../plans/plan';
import type { AutoReloadDecision, AutoReloadDisabledReason } from './events';

/**
 * The account as decide needs it now. Plain JSON only (it is snapshotted): no Map, Set, Date or class
 * instances. Its size does not depend on the account's age: facts needed forever (a call id billed
 * once, a purchase settled once) are kept by the event store's idempotency keys (see
 * idempotency-keys.ts), and a purchase or reload that has left the state is looked up there by the
 * API and handed to decide on the command (recordedPurchase, recordedReload).
 */
export interface AccountState {
  status: 'unopened' | 'open';
  accountId: string | null;
  planId: PlanId;
  timeZone: string;
  stripeCustomerId: string | null;
  paymentMethodId: string | null;
  credits: { balanceSeconds: number; purchasedSeconds: number; consumedSeconds: number };
  /** Subscription seconds used per calendar month (account time zone), the MONTHS_KEPT latest; they do not roll over. */
  subscriptionSecondsUsedByMonth: Keyed<number>;
  /**
   * The oldest month still counted above, once older ones were dropped (null until then). A call that
   * ends before it is billed as if that month's subscription minutes were used up (rules/call-consumption).
   */
  countersFrom: MonthKey | null;
  autoReload: AutoReloadSettings;
  /** Completed auto-reloads per month of the triggering call's end, the MONTHS_KEPT latest; failed ones do not count. */
  reloadsCompletedByMonth: Keyed<number>;
  /** Purchases awaiting payment and the latest settled ones, at most PURCHASES_KEPT (settled ones leave first). */
  purchases: Keyed<PurchaseRecord>;
  /** The reload in flight and the latest settled ones, at most RELOADS_KEPT (settled ones leave first). */
  reloads: Keyed<ReloadRecord>;
}

export interface AutoReloadSettings {
  enabled: boolean;
  thresholdMinutes: number;
  /** As chosen by the administrator; the plan's limit caps it (see effectiveMonthlyMaximum). */
  monthlyMaximum: number;
  /** Why it is off, when it was turned off; null when on or never enabled. */
  disabledReason: AutoReloadDisabledReason | null;
  consecutiveFailures: number;
  /** Why the last reload charge failed, until a reload is paid, the card changes or auto-reload is turned back on. */
  lastFailureCode: string | null;
  /** The reload awaiting payment, if any: at most one at a time. */
  reloadInFlight: string | null;
}

export type PurchaseStatus = 'pending' | 'completed' | 'failed' | 'expired';

export interface PurchaseRecord {
  status: PurchaseStatus;
  blocks: number;
  ratePerMinute: Money;
  total: Money;
  startedAt: Instant;
  paymentReference: string | null;
}

export interface ReloadRecord {
  status: 'pending' | 'completed' | 'failed';
  callId: string;
  month: MonthKey;
  blocks: number;
  ratePerMinute: Money;
  total: Money;
  paymentReference: string | null;
  reasonCode: string | null;
}

/** A call's first result, as its CallMinutesConsumed event records it (see rules/call-consumed-once.ts). */
export interface CallRecord {
  durationSeconds: number;
  endedAt: Instant;
  month: MonthKey;
  subscriptionSeconds: number;
  creditSeconds: number;
  creditBalanceAfterSeconds: number;
  autoReload: AutoReloadDecision;
  reloadId: string | null;
}

/**
 * The shape and meaning of AccountState as evolve builds it. Raise it whenever either changes (a
 * field added, an event folded differently): stored snapshots of another version are then ignored
 * and states are folded again from the events. 2: no `calls`; purchases, reloads and month counters
 * bounded (PURCHASES_KEPT, RELOADS_KEPT, MONTHS_KEPT). 3: `autoReload.lastFailureCode` (why the last
 * reload charge failed, for the billing page).
 */
export const ACCOUNT_STATE_VERSION = 3;

/** Months whose counters are kept: this one and the twelve before it. */
export const MONTHS_KEPT = 13;
/** Purchases kept in the state; one that left it is looked up in the store when a command names it. */
export const PURCHASES_KEPT = 8;
/** Reloads kept: the one in flight (at most one at a time) and the latest settled ones. */
export const RELOADS_KEPT = 3;

export const DEFAULT_THRESHOLD_MINUTES = 10;
export const DEFAULT_MONTHLY_MAXIMUM = 10;

export function initialState(): AccountState {
  return {
    status: 'unopened',
    accountId: null,
    planId: 'free',
    timeZone: 'UTC',
    stripeCustomerId: null,
    paymentMethodId: null,
    credits: { balanceSeconds: 0, purchasedSeconds: 0, consumedSeconds: 0 },
    subscriptionSecondsUsedByMonth: {},
    countersFrom: null,
    autoReload: {
      enabled: false,
      thresholdMinutes: DEFAULT_THRESHOLD_MINUTES,
      monthlyMaximum: DEFAULT_MONTHLY_MAXIMUM,
      disabledReason: null,
      consecutiveFailures: 0,
      lastFailureCode: null,
      reloadInFlight: null,
    },
    reloadsCompletedByMonth: {},
    purchases: {},
    reloads: {},
  };
}

/** The purchase if the state still holds it; otherwise the API looks it up (recordedPurchase). */
export function purchaseOf(state: AccountState, purchaseId: string): PurchaseRecord | undefined {
  return lookup(state.purchases, purchaseId);
}

/** The reload if the state still holds it (the one in flight always); otherwise see recordedReload. */
export function reloadOf(state: AccountState, reloadId: string): ReloadRecord | undefined {
  return lookup(state.reloads, reloadId);
}

export function reloadsCompletedIn(state: AccountState, month: MonthKey): number {
  return lookup(state.reloadsCompletedByMonth, month) ?? 0;
}

export function subscriptionSecondsUsedIn(state: AccountState, month: MonthKey): number {
  return lookup(state.subscriptionSecondsUsedByMonth, month) ?? 0;
}
