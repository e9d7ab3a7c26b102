import type { Money } from '../shared/money';
import type { Instant, MonthKey } from '../shared/instant';
import type { PlanId } from '../plans/plan';

/**
 * The events of one billing account stream, at their current schema versions (evolve sees only these;
 * older stored versions go through `upcast` first). JSON Schemas: libs/domain/schemas/<Type>.v<N>.json.
 * Every event carries the account id and the instant it happened.
 */
interface EventData {
  accountId: string;
  at: Instant;
}

/** Why a call end did or did not buy a block: answers "why didn't my reload fire?". */
export type AutoReloadDecision =
  | 'above_threshold'
  | 'triggered'
  | 'disabled'
  | 'not_available_on_plan'
  | 'monthly_cap_reached'
  | 'reload_in_flight'
  | 'no_payment_method'
  /** Only for events upcast from CallMinutesConsumed v1, which did not record why. */
  | 'not_recorded';

export type AutoReloadDisabledReason = 'user' | 'plan_downgrade' | 'payment_failed' | 'authentication_required';
export type PlanChangeKind = 'upgrade' | 'downgrade' | 'cancellation';
export type CreditSource = 'manual' | 'auto_reload';
export type CreditPurchaseFailureReason = 'payment_failed' | 'expired';
/** Why paid money went back: a refund, or a dispute (chargeback) the account's bank decided against us. */
export type ReversalCause = 'refund' | 'dispute_lost';
export type DisputeStatus = 'opened' | 'won' | 'lost';

export interface AccountOpenedData extends EventData {
  planId: PlanId;
  timeZone: string;
  stripeCustomerId: string | null;
  openedBy: string;
}

export interface PlanChangedData extends EventData {
  fromPlanId: PlanId;
  toPlanId: PlanId;
  change: PlanChangeKind;
  changedBy: string;
}

export interface PaymentMethodOnFileSetData extends EventData {
  paymentMethodId: string;
}

export interface PaymentMethodOnFileRemovedData extends EventData {
  paymentMethodId: string;
}

export interface CreditPurchaseStartedData extends EventData {
  purchaseId: string;
  planId: PlanId;
  blocks: number;
  minutes: number;
  /** Fixed here: a plan change before payment does not change the price. */
  ratePerMinute: Money;
  total: Money;
  startedBy: string;
}

export interface CreditsPurchasedData extends EventData {
  /** The manual purchase id, or the reload id for an auto-reload. */
  purchaseId: string;
  source: CreditSource;
  blocks: number;
  creditSeconds: number;
  ratePerMinute: Money;
  total: Money;
  paymentReference: string;
  /** For an auto-reload: the month (of the triggering call's end) whose maximum it counts toward. */
  reloadMonth: MonthKey | null;
  creditBalanceAfterSeconds: number;
}

export interface CreditPurchaseFailedData extends EventData {
  purchaseId: string;
  reason: CreditPurchaseFailureReason;
  failureCode: string | null;
}

export interface CallMinutesConsumedData extends EventData {
  callId: string;
  endedAt: Instant;
  /** The call's end decides the month, in the account's time zone. */
  month: MonthKey;
  durationSeconds: number;
  subscriptionSeconds: number;
  creditSeconds: number;
  creditBalanceAfterSeconds: number;
  autoReload: {
    decision: AutoReloadDecision;
    /** null only for upcast v1 events. */
    thresholdSeconds: number | null;
    reloadId: string | null;
  };
}

export interface AutoReloadConfiguredData extends EventData {
  enabled: boolean;
  thresholdMinutes: number;
  monthlyMaximum: number;
  configuredBy: string;
}

export interface AutoReloadTriggeredData extends EventData {
  reloadId: string;
  callId: string;
  month: MonthKey;
  planId: PlanId;
  blocks: number;
  minutes: number;
  ratePerMinute: Money;
  total: Money;
  paymentMethodId: string;
  stripeCustomerId: string | null;
}

export interface AutoReloadFailedData extends EventData {
  reloadId: string;
  /** The payment provider's decline or error code, e.g. `card_declined`, `authentication_required`. */
  reasonCode: string;
  consecutiveFailures: number;
}

export interface AutoReloadDisabledData extends EventData {
  reason: AutoReloadDisabledReason;
}

export interface MonthlyCapReachedData extends EventData {
  month: MonthKey;
  monthlyMaximum: number;
  reloadsThisMonth: number;
}

/**
 * Money paid for credits went back (a refund, full or partial, or a lost dispute): the minutes it paid
 * for leave the credit balance, which may go below zero (rules/refunds.ts). Once per refund id.
 */
export interface CreditsRefundedData extends EventData {
  /** The manual purchase id, or the reload id for an auto-reload (as in CreditsPurchased). */
  purchaseId: string;
  source: CreditSource;
  /** The payment provider's refund id (Stripe `re_…`), or the dispute id (`dp_…`) for a lost dispute. */
  refundId: string;
  /** 1 for the payment's first refund, then 2, …: each number once (the store's key), so no two refunds share an earlier total. */
  refundNumber: number;
  cause: ReversalCause;
  paymentReference: string;
  /** This refund's amount. */
  amount: Money;
  /** Everything refunded on this payment so far, this refund included. */
  refundedTotal: Money;
  /** Credit removed, in seconds (≥ 0). */
  creditSeconds: number;
  creditBalanceAfterSeconds: number;
}

/** A dispute (chargeback) of a payment for credits was opened, won or lost. Only a lost one moves credit (CreditsRefunded). */
export interface PaymentDisputedData extends EventData {
  purchaseId: string;
  source: CreditSource;
  disputeId: string;
  status: DisputeStatus;
  paymentReference: string;
  amount: Money;
  /** The provider's reason, e.g. `fraudulent`. */
  reason: string;
}

export type BillingEvent =
  | { type: 'AccountOpened'; data: AccountOpenedData }
  | { type: 'PlanChanged'; data: PlanChangedData }
  | { type: 'PaymentMethodOnFileSet'; data: PaymentMethodOnFileSetData }
  | { type: 'PaymentMethodOnFileRemoved'; data: PaymentMethodOnFileRemovedData }
  | { type: 'CreditPurchaseStarted'; data: CreditPurchaseStartedData }
  | { type: 'CreditsPurchased'; data: CreditsPurchasedData }
  | { type: 'CreditPurchaseFailed'; data: CreditPurchaseFailedData }
  | { type: 'CallMinutesConsumed'; data: CallMinutesConsumedData }
  | { type: 'AutoReloadConfigured'; data: AutoReloadConfiguredData }
  | { type: 'AutoReloadTriggered'; data: AutoReloadTriggeredData }
  | { type: 'AutoReloadFailed'; data: AutoReloadFailedData }
  | { type: 'AutoReloadDisabled'; data: AutoReloadDisabledData }
  | { type: 'MonthlyCapReached'; data: MonthlyCapReachedData }
  | { type: 'CreditsRefunded'; data: CreditsRefundedData }
  | { type: 'PaymentDisputed'; data: PaymentDisputedData };

export type BillingEventType = BillingEvent['type'];
export type EventOfType<T extends BillingEventType> = Extract<BillingEvent, { type: T }>;

/** The current schema version of each event type: what `decide` writes and `evolve` reads. */
export const EVENT_SCHEMA_VERSIONS = {
  AccountOpened: 1,
  PlanChanged: 1,
  PaymentMethodOnFileSet: 1,
  PaymentMethodOnFileRemoved: 1,
  CreditPurchaseStarted: 1,
  CreditsPurchased: 1,
  CreditPurchaseFailed: 1,
  CallMinutesConsumed: 2,
  AutoReloadConfigured: 1,
  AutoReloadTriggered: 1,
  AutoReloadFailed: 1,
  AutoReloadDisabled: 1,
  MonthlyCapReached: 1,
  CreditsRefunded: 1,
  PaymentDisputed: 1,
} as const satisfies Record<BillingEventType, number>;

export const BILLING_EVENT_TYPES = Object.keys(EVENT_SCHEMA_VERSIONS) as readonly BillingEventType[];

export function currentSchemaVersion(type: BillingEventType): number {
  return EVENT_SCHEMA_VERSIONS[type];
}

/** The schema's file name in libs/domain/schemas, e.g. `CallMinutesConsumed.v2.json`. */
export function eventSchemaFile(type: BillingEventType, version: number = EVENT_SCHEMA_VERSIONS[type]): string {
  return `${type}.v${version}.json`;
}

export function isBillingEventType(value: unknown): value is BillingEventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_SCHEMA_VERSIONS, value);
}
