import type { Actor } from '../shared/actor';
import { usd } from '../shared/money';
import type {
  BillingCommand,
  ChangePlan,
  CompleteAutoReload,
  CompleteCreditPurchase,
  ConfigureAutoReload,
  FailAutoReload,
  OpenAccount,
  RecordCallEnded,
  RecordDispute,
  RecordRefund,
  StartCreditPurchase,
} from '../account/commands';
import type { PlanId } from '../plans/plan';

/** Test-only builders: one account, fixed instants, and commands with sensible defaults. */
export const ACCOUNT_ID = 'acc-1';
export const T0 = '2024-03-01T09:00:00Z';
export const admin: Actor = { id: 'user-admin', role: 'admin' };
export const editor: Actor = { id: 'user-editor', role: 'editor' };
export const service: Actor = { id: 'svc-billing', role: 'service' };

type Extra<C extends BillingCommand> = Partial<Omit<C, 'type'>>;

export const cmd = {
  open: (planId: PlanId = 'starter', extra: Extra<OpenAccount> = {}): OpenAccount => ({
    type: 'OpenAccount',
    accountId: ACCOUNT_ID,
    at: T0,
    actor: service,
    planId,
    stripeCustomerId: 'cus_1',
    ...extra,
  }),
  changePlan: (planId: PlanId, extra: Extra<ChangePlan> = {}): ChangePlan => ({ type: 'ChangePlan', accountId: ACCOUNT_ID, at: T0, actor: service, planId, ...extra }),
  setCard: (paymentMethodId = 'pm_1', at = T0): BillingCommand => ({ type: 'SetPaymentMethodOnFile', accountId: ACCOUNT_ID, at, actor: service, paymentMethodId }),
  removeCard: (at = T0): BillingCommand => ({ type: 'RemovePaymentMethodOnFile', accountId: ACCOUNT_ID, at, actor: service }),
  startPurchase: (purchaseId: string, blocks: number, extra: Extra<StartCreditPurchase> = {}): StartCreditPurchase => ({
    type: 'StartCreditPurchase',
    accountId: ACCOUNT_ID,
    at: T0,
    actor: admin,
    purchaseId,
    blocks,
    ...extra,
  }),
  completePurchase: (purchaseId: string, cents: number, extra: Extra<CompleteCreditPurchase> = {}): CompleteCreditPurchase => ({
    type: 'CompleteCreditPurchase',
    accountId: ACCOUNT_ID,
    at: T0,
    actor: service,
    purchaseId,
    paymentReference: `pi_${purchaseId}`,
    amountPaid: usd(cents),
    ...extra,
  }),
  failPurchase: (purchaseId: string, failureCode: string | null = 'card_declined'): BillingCommand => ({
    type: 'FailCreditPurchase',
    accountId: ACCOUNT_ID,
    at: T0,
    actor: service,
    purchaseId,
    failureCode,
  }),
  expirePurchase: (purchaseId: string): BillingCommand => ({ type: 'ExpireCreditPurchase', accountId: ACCOUNT_ID, at: T0, actor: service, purchaseId }),
  /** A call ending at `endedAt` (recorded at the same instant unless `at` is given). */
  callEnded: (callId: string, durationSeconds: number, endedAt = T0, extra: Extra<RecordCallEnded> = {}): RecordCallEnded => ({
    type: 'RecordCallEnded',
    accountId: ACCOUNT_ID,
    at: endedAt,
    actor: service,
    callId,
    durationSeconds,
    endedAt,
    ...extra,
  }),
  configure: (enabled: boolean, thresholdMinutes?: number, monthlyMaximum?: number, extra: Extra<ConfigureAutoReload> = {}): ConfigureAutoReload => ({
    type: 'ConfigureAutoReload',
    accountId: ACCOUNT_ID,
    at: T0,
    actor: admin,
    enabled,
    ...(thresholdMinutes === undefined ? {} : { thresholdMinutes }),
    ...(monthlyMaximum === undefined ? {} : { monthlyMaximum }),
    ...extra,
  }),
  completeReload: (reloadId: string, at = T0, extra: Extra<CompleteAutoReload> = {}): CompleteAutoReload => ({
    type: 'CompleteAutoReload',
    accountId: ACCOUNT_ID,
    at,
    actor: service,
    reloadId,
    paymentReference: `pi_${reloadId}`,
    ...extra,
  }),
  failReload: (reloadId: string, reasonCode = 'card_declined', at = T0): FailAutoReload => ({
    type: 'FailAutoReload',
    accountId: ACCOUNT_ID,
    at,
    actor: service,
    reloadId,
    reasonCode,
  }),
  /** A refund of `cents` of purchase (or reload) `purchaseId`, paid by `pi_<purchaseId>`. */
  refund: (purchaseId: string, refundId: string, cents: number, extra: Extra<RecordRefund> = {}): RecordRefund => ({
    type: 'RecordRefund',
    accountId: ACCOUNT_ID,
    at: T0,
    actor: service,
    source: purchaseId.startsWith('reload-') ? 'auto_reload' : 'manual',
    purchaseId,
    paymentReference: `pi_${purchaseId}`,
    refundId,
    amount: usd(cents),
    ...extra,
  }),
  dispute: (purchaseId: string, disputeId: string, status: RecordDispute['status'], cents: number, extra: Extra<RecordDispute> = {}): RecordDispute => ({
    type: 'RecordDispute',
    accountId: ACCOUNT_ID,
    at: T0,
    actor: service,
    source: purchaseId.startsWith('reload-') ? 'auto_reload' : 'manual',
    purchaseId,
    paymentReference: `pi_${purchaseId}`,
    disputeId,
    status,
    amount: usd(cents),
    reason: 'fraudulent',
    ...extra,
  }),
};

/** Seconds in n minutes, to keep expectations readable. */
export const min = (minutes: number): number => minutes * 60;
