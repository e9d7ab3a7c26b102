import type { Actor } from '../shared/actor';
import type { Instant } from '../shared/instant';
import type { Money } from '../shared/money';
import type { PlanId } from '../plans/plan';
import type { PurchaseRecord, ReloadRecord } from './state';

/**
 * What can be asked of an account. Every command carries the instant it happens and who acts;
 * ids arrive on the command (or are derived from other ids), never made up here.
 */
interface CommandBase {
  accountId: string;
  at: Instant;
  actor: Actor;
}

/**
 * Commands that name a purchase carry, when the folded state no longer holds it (it keeps only the
 * latest few), what the event store holds for it, looked up by idempotency key before deciding
 * (see recorded.ts: keysToLookUp, withRecorded); null when the store holds nothing for that id.
 */
interface NamesPurchase {
  purchaseId: string;
  recordedPurchase?: PurchaseRecord | null;
}

/** The same for a reload (see NamesPurchase). */
interface NamesReload {
  reloadId: string;
  recordedReload?: ReloadRecord | null;
}

export interface OpenAccount extends CommandBase {
  type: 'OpenAccount';
  planId: PlanId;
  /** IANA zone; months (subscription minutes, reload maximum) are counted in it. Default UTC. */
  timeZone?: string;
  stripeCustomerId?: string | null;
}

/** Upgrade, downgrade, or cancellation (a change to Free). */
export interface ChangePlan extends CommandBase {
  type: 'ChangePlan';
  planId: PlanId;
}

export interface SetPaymentMethodOnFile extends CommandBase {
  type: 'SetPaymentMethodOnFile';
  paymentMethodId: string;
}

export interface RemovePaymentMethodOnFile extends CommandBase {
  type: 'RemovePaymentMethodOnFile';
}

export interface StartCreditPurchase extends CommandBase, NamesPurchase {
  type: 'StartCreditPurchase';
  blocks: number;
}

export interface CompleteCreditPurchase extends CommandBase, NamesPurchase {
  type: 'CompleteCreditPurchase';
  paymentReference: string;
  amountPaid: Money;
}

export interface FailCreditPurchase extends CommandBase, NamesPurchase {
  type: 'FailCreditPurchase';
  failureCode?: string | null;
}

export interface ExpireCreditPurchase extends CommandBase, NamesPurchase {
  type: 'ExpireCreditPurchase';
}

export interface RecordCallEnded extends CommandBase {
  type: 'RecordCallEnded';
  callId: string;
  durationSeconds: number;
  endedAt: Instant;
}

export interface ConfigureAutoReload extends CommandBase {
  type: 'ConfigureAutoReload';
  enabled: boolean;
  /** Omitted: keep the current value (10 by default). */
  thresholdMinutes?: number;
  monthlyMaximum?: number;
}

export interface CompleteAutoReload extends CommandBase, NamesReload {
  type: 'CompleteAutoReload';
  paymentReference: string;
}

export interface FailAutoReload extends CommandBase, NamesReload {
  type: 'FailAutoReload';
  /** The payment provider's code, e.g. `card_declined` or `authentication_required`. */
  reasonCode: string;
}

export type BillingCommand =
  | OpenAccount
  | ChangePlan
  | SetPaymentMethodOnFile
  | RemovePaymentMethodOnFile
  | StartCreditPurchase
  | CompleteCreditPurchase
  | FailCreditPurchase
  | ExpireCreditPurchase
  | RecordCallEnded
  | ConfigureAutoReload
  | CompleteAutoReload
  | FailAutoReload;

export type BillingCommandType = BillingCommand['type'];
