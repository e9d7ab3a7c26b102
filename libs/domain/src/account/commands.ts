import type { Actor } from '../shared/actor';
import type { Instant } from '../shared/instant';
import type { Money } from '../shared/money';
import type { PlanId } from '../plans/plan';
import type { CreditSource, DisputeStatus } from './events';
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

/** What a refund or a dispute names: the payment for credits it belongs to. */
interface NamesPayment {
  source: CreditSource;
  /** The manual purchase id, or the reload id. */
  purchaseId: string;
  /** The payment provider's reference of the payment (Stripe PaymentIntent): must be the one that paid it. */
  paymentReference: string;
  recordedPurchase?: PurchaseRecord | null;
  recordedReload?: ReloadRecord | null;
  /**
   * Set from the store (recorded.ts): the refunds of this payment recorded so far, in the order they
   * were recorded. The state does not remember refunds; the store's keys chain them per payment.
   */
  recordedRefunds?: readonly RecordedRefund[];
}

export interface RecordedRefund {
  refundId: string;
  amount: Money;
  creditSeconds: number;
}

/** Money paid for credits went back: a refund (full or partial) reported by the payment provider. */
export interface RecordRefund extends CommandBase, NamesPayment {
  type: 'RecordRefund';
  refundId: string;
  amount: Money;
}

/** A dispute of a payment for credits was opened, won or lost (lost: its amount is taken back). */
export interface RecordDispute extends CommandBase, NamesPayment {
  type: 'RecordDispute';
  disputeId: string;
  status: DisputeStatus;
  amount: Money;
  reason: string;
  /** Set from the store: this dispute's status is recorded already. */
  disputeRecorded?: boolean;
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
  | FailAutoReload
  | RecordRefund
  | RecordDispute;

export type BillingCommandType = BillingCommand['type'];
