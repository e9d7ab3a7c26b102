import type { Money } from '../shared/money';
import type { Instant, MonthKey } from '../shared/instant';
import type { Keyed } from '../shared/records';
import { lookup } from '../shared/records';
import type { PlanId } from '../plans/plan';
import type { AutoReloadDecision, AutoReloadDisabledReason } from './events';

/**
 * The account as decide needs it and as the API reads it for idempotent answers. Plain JSON only
 * (it is snapshotted): no Map, Set, Date or class instances.
 */
export interface AccountState {
  status: 'unopened' | 'open';
  accountId: string | null;
  planId: PlanId;
  timeZone: string;
  stripeCustomerId: string | null;
  paymentMethodId: string | null;
  credits: { balanceSeconds: number; purchasedSeconds: number; consumedSeconds: number };
  /** Subscription seconds used per calendar month (account time zone); they do not roll over. */
  subscriptionSecondsUsedByMonth: Keyed<number>;
  autoReload: AutoReloadSettings;
  /** Completed auto-reloads per month of the triggering call's end; failed ones do not count. */
  reloadsCompletedByMonth: Keyed<number>;
  purchases: Keyed<PurchaseRecord>;
  reloads: Keyed<ReloadRecord>;
  /**
   * Every call id ever consumed, with its first result, spread over CALL_BUCKETS buckets by a hash of the
   * id (read it with consumedCall). We keep every id on purpose: "a call id is consumed once" must hold
   * however late a retry arrives, and a time window would silently break it. Each entry is ~170 bytes
   * of JSON. The buckets are there for speed: evolve must not mutate its input, so recording a call copies
   * the bucket it lands in — a few hundred entries, not every call the account ever made (one flat
   * object made each call end cost milliseconds at 20,000 calls).
   */
  calls: Keyed<Keyed<CallRecord>>;
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

export interface CallRecord {
  durationSeconds: number;
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
 * and states are folded again from the events.
 */
export const ACCOUNT_STATE_VERSION = 2;

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
    calls: {},
  };
}

/** The first result of a consumed call, or undefined: a repeated RecordCallEnded returns this. */
export function consumedCall(state: AccountState, callId: string): CallRecord | undefined {
  const bucket = lookup(state.calls, callBucket(callId));
  return bucket ? lookup(bucket, callId) : undefined;
}

export const CALL_BUCKETS = 256;

/** FNV-1a over the id's UTF-16 code units: stable across runs and machines, so snapshots stay valid. */
export function callBucket(callId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < callId.length; i += 1) {
    hash ^= callId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return ((hash >>> 0) % CALL_BUCKETS).toString(16).padStart(2, '0');
}

/** Every consumed call id, e.g. for audits. */
export function consumedCallIds(state: AccountState): string[] {
  return Object.values(state.calls).flatMap((bucket) => Object.keys(bucket));
}

export function purchaseOf(state: AccountState, purchaseId: string): PurchaseRecord | undefined {
  return lookup(state.purchases, purchaseId);
}

export function reloadOf(state: AccountState, reloadId: string): ReloadRecord | undefined {
  return lookup(state.reloads, reloadId);
}

export function reloadsCompletedIn(state: AccountState, month: MonthKey): number {
  return lookup(state.reloadsCompletedByMonth, month) ?? 0;
}

export function subscriptionSecondsUsedIn(state: AccountState, month: MonthKey): number {
  return lookup(state.subscriptionSecondsUsedByMonth, month) ?? 0;
}
