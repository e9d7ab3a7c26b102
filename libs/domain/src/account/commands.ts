import type { Actor } from '../shared/actor';
import type { Instant } from '../shared/instant';
import type { Money } from '../shared/money';
import type { PlanId } from '../plans/plan';

/**
 * What can be asked of an account. Every command carries the instant it happens and who acts;
 * ids arrive on the command (or are derived from other ids), never made up here.
 */
interface CommandBase {
  accountId: string;
  at: Instant;
  actor: Actor;
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

export interface StartCreditPurchase extends CommandBase {
  type: 'StartCreditPurchase';
  purchaseId: string;
  blocks: number;
}

export interface CompleteCreditPurchase extends CommandBase {
  type: 'CompleteCreditPurchase';
  purchaseId: string;
  paymentReference: string;
  amountPaid: Money;
}

export interface FailCreditPurchase extends CommandBase {
  type: 'FailCreditPurchase';
  purchaseId: string;
  failureCode?: string | null;
}

export interface ExpireCreditPurchase extends CommandBase {
  type: 'ExpireCreditPurchase';
  purchaseId: string;
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

export interface CompleteAutoReload extends CommandBase {
  type: 'CompleteAutoReload';
  reloadId: string;
  paymentReference: string;
}

export interface FailAutoReload extends CommandBase {
  type: 'FailAutoReload';
  reloadId: string;
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

export const BILLING_COMMAND_TYPES: readonly BillingCommandType[] = [
  'OpenAccount',
  'ChangePlan',
  'SetPaymentMethodOnFile',
  'RemovePaymentMethodOnFile',
  'StartCreditPurchase',
  'CompleteCreditPurchase',
  'FailCreditPurchase',
  'ExpireCreditPurchase',
  'RecordCallEnded',
  'ConfigureAutoReload',
  'CompleteAutoReload',
  'FailAutoReload',
];
