import type { BillingCommand } from './commands';
import type { BillingEvent, CallMinutesConsumedData, CreditSource, DisputeStatus, EventOfType } from './events';
import { MAX_REFUNDS_PER_PAYMENT } from './rules/refunds';
import type { AccountState, CallRecord, PurchaseRecord, ReloadRecord } from './state';
import { purchaseOf, reloadOf } from './state';

/**
 * Facts recorded once, forever, and kept by the event store rather than by the folded state: each
 * such event carries an idempotency key, and the store refuses a second event with the same key
 * (see EventToAppend.idempotencyKey). Which facts are unique is a billing rule, so it lives here:
 * - a call id is billed once (rule 14): `call:<account>:<call id>`;
 * - a purchase id starts one purchase, and that purchase settles once (rule 3);
 * - a reload is triggered once per call, paid at most once and failed at most once.
 * A key never changes once events carry it (streams written before keys existed get them from a
 * backfill that uses this very function). The account id is percent-encoded (it cannot then hold the
 * ':' that ends it), so that account "a:b" with call "c" and account "a" with call "b:c" never share a
 * key: one account's facts never answer for another's.
 */
const keyOf = (kind: string, accountId: string, id: string) => `${kind}:${encodeURIComponent(accountId)}:${id}`;
export const callKey = (accountId: string, callId: string) => keyOf('call', accountId, callId);
export const purchaseKey = (accountId: string, purchaseId: string) => keyOf('purchase', accountId, purchaseId);
export const purchaseSettledKey = (accountId: string, purchaseId: string) => keyOf('purchase-settled', accountId, purchaseId);
export const reloadKey = (accountId: string, reloadId: string) => keyOf('reload', accountId, reloadId);
export const reloadPaidKey = (accountId: string, reloadId: string) => keyOf('reload-paid', accountId, reloadId);
export const reloadFailedKey = (accountId: string, reloadId: string) => keyOf('reload-failed', accountId, reloadId);
/**
 * A payment's refunds (and lost disputes) are numbered as recorded: `refund:<account>:<n>:<purchase id>`
 * (`reload-refund:` for a reload). One event per number, so two refunds never count on the same earlier
 * total (rules/refunds.ts); the refund id itself is found among them.
 */
export const refundKey = (accountId: string, source: CreditSource, purchaseId: string, refundNumber: number) =>
  keyOf(source === 'manual' ? 'refund' : 'reload-refund', accountId, `${refundNumber}:${purchaseId}`);
const refundKeys = (accountId: string, source: CreditSource, purchaseId: string) =>
  Array.from({ length: MAX_REFUNDS_PER_PAYMENT }, (_, i) => refundKey(accountId, source, purchaseId, i + 1));
/** Each status of a dispute is recorded once. */
export const disputeKey = (accountId: string, disputeId: string, status: DisputeStatus) => keyOf(`dispute-${status}`, accountId, disputeId);

/** The event types that carry a key (for the backfill of streams written before keys). */
export const KEYED_EVENT_TYPES = ['CallMinutesConsumed', 'CreditPurchaseStarted', 'CreditsPurchased', 'CreditPurchaseFailed', 'AutoReloadTriggered', 'AutoReloadFailed', 'CreditsRefunded', 'PaymentDisputed'] as const;

export function idempotencyKeyOf(event: BillingEvent): string | undefined {
  switch (event.type) {
    case 'CallMinutesConsumed':
      return callKey(event.data.accountId, event.data.callId);
    case 'CreditPurchaseStarted':
      return purchaseKey(event.data.accountId, event.data.purchaseId);
    case 'CreditsPurchased':
      return event.data.source === 'manual'
        ? purchaseSettledKey(event.data.accountId, event.data.purchaseId)
        : reloadPaidKey(event.data.accountId, event.data.purchaseId);
    case 'CreditPurchaseFailed':
      return purchaseSettledKey(event.data.accountId, event.data.purchaseId);
    case 'AutoReloadTriggered':
      return reloadKey(event.data.accountId, event.data.reloadId);
    case 'AutoReloadFailed':
      return reloadFailedKey(event.data.accountId, event.data.reloadId);
    case 'CreditsRefunded':
      return refundKey(event.data.accountId, event.data.source, event.data.purchaseId, event.data.refundNumber);
    case 'PaymentDisputed':
      return disputeKey(event.data.accountId, event.data.disputeId, event.data.status);
    case 'AccountOpened':
    case 'PlanChanged':
    case 'PaymentMethodOnFileSet':
    case 'PaymentMethodOnFileRemoved':
    case 'AutoReloadConfigured':
    case 'AutoReloadDisabled':
    case 'MonthlyCapReached':
      return undefined;
    default: {
      const unhandled: never = event;
      throw new Error(`Unknown event: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** A call's first result, from its CallMinutesConsumed: what a repeated call end is answered with. */
export function callResultOf(data: CallMinutesConsumedData): CallRecord {
  const { durationSeconds, endedAt, month, subscriptionSeconds, creditSeconds, creditBalanceAfterSeconds, autoReload } = data;
  return { durationSeconds, endedAt, month, subscriptionSeconds, creditSeconds, creditBalanceAfterSeconds, autoReload: autoReload.decision, reloadId: autoReload.reloadId };
}

/** The purchase or reload a command names that the state no longer holds: the keys to look up. */
export function keysToLookUp(command: BillingCommand, state: AccountState): string[] {
  const { accountId } = command;
  switch (command.type) {
    case 'StartCreditPurchase':
    case 'CompleteCreditPurchase':
    case 'FailCreditPurchase':
    case 'ExpireCreditPurchase':
      if (typeof command.purchaseId !== 'string' || purchaseOf(state, command.purchaseId)) return [];
      return [purchaseKey(accountId, command.purchaseId), purchaseSettledKey(accountId, command.purchaseId)];
    case 'CompleteAutoReload':
    case 'FailAutoReload':
      if (typeof command.reloadId !== 'string' || reloadOf(state, command.reloadId)) return [];
      return [reloadKey(accountId, command.reloadId), reloadPaidKey(accountId, command.reloadId), reloadFailedKey(accountId, command.reloadId)];
    case 'RecordRefund':
    case 'RecordDispute': {
      // The refunds are always looked up (the state does not remember them), the payment only when it left the state.
      const { purchaseId: id, source } = command;
      if (typeof id !== 'string' || (source !== 'manual' && source !== 'auto_reload')) return [];
      const facts = [...refundKeys(accountId, source, id), ...(command.type === 'RecordDispute' ? [disputeKey(accountId, command.disputeId, command.status)] : [])];
      if (source === 'manual') return purchaseOf(state, id) ? facts : [...facts, purchaseKey(accountId, id), purchaseSettledKey(accountId, id)];
      return reloadOf(state, id) ? facts : [...facts, reloadKey(accountId, id), reloadPaidKey(accountId, id), reloadFailedKey(accountId, id)];
    }
    default:
      return [];
  }
}

/** The command with what the store holds for the keys keysToLookUp named (found: key → its event). */
export function withRecorded(command: BillingCommand, found: ReadonlyMap<string, BillingEvent>): BillingCommand {
  const { accountId } = command;
  const get = <T extends BillingEvent['type']>(key: string, type: T) => {
    const event = found.get(key);
    return event?.type === type ? (event as EventOfType<T>) : undefined;
  };
  switch (command.type) {
    case 'StartCreditPurchase':
    case 'CompleteCreditPurchase':
    case 'FailCreditPurchase':
    case 'ExpireCreditPurchase': {
      const started = get(purchaseKey(accountId, command.purchaseId), 'CreditPurchaseStarted');
      const settled = found.get(purchaseSettledKey(accountId, command.purchaseId));
      return { ...command, recordedPurchase: started ? purchaseFrom(started, settled) : null };
    }
    case 'CompleteAutoReload':
    case 'FailAutoReload': {
      const triggered = get(reloadKey(accountId, command.reloadId), 'AutoReloadTriggered');
      const paid = get(reloadPaidKey(accountId, command.reloadId), 'CreditsPurchased');
      const failed = get(reloadFailedKey(accountId, command.reloadId), 'AutoReloadFailed');
      return { ...command, recordedReload: triggered ? reloadFrom(triggered, paid, failed) : null };
    }
    case 'RecordRefund':
    case 'RecordDispute': {
      const { purchaseId: id, source } = command;
      const started = get(purchaseKey(accountId, id), 'CreditPurchaseStarted');
      const triggered = get(reloadKey(accountId, id), 'AutoReloadTriggered');
      const recordedRefunds = [];
      // Numbered from 1 without gaps: the chain ends at the first number not taken.
      for (let n = 1; n <= MAX_REFUNDS_PER_PAYMENT; n++) {
        const refund = get(refundKey(accountId, source, id, n), 'CreditsRefunded');
        if (!refund) break;
        recordedRefunds.push({ refundId: refund.data.refundId, amount: refund.data.amount, creditSeconds: refund.data.creditSeconds });
      }
      return {
        ...command,
        recordedRefunds,
        ...(command.type === 'RecordDispute' ? { disputeRecorded: found.has(disputeKey(accountId, command.disputeId, command.status)) } : {}),
        recordedPurchase: started ? purchaseFrom(started, found.get(purchaseSettledKey(accountId, id))) : null,
        recordedReload: triggered ? reloadFrom(triggered, get(reloadPaidKey(accountId, id), 'CreditsPurchased'), get(reloadFailedKey(accountId, id), 'AutoReloadFailed')) : null,
      };
    }
    default:
      return command;
  }
}

/** A purchase as evolve would have kept it, from its start and its settlement (if any). */
export function purchaseFrom(started: EventOfType<'CreditPurchaseStarted'>, settled: BillingEvent | undefined): PurchaseRecord {
  const { blocks, ratePerMinute, total, at } = started.data;
  const record: PurchaseRecord = { status: 'pending', blocks, ratePerMinute, total, startedAt: at, paymentReference: null };
  if (settled?.type === 'CreditsPurchased') return { ...record, status: 'completed', paymentReference: settled.data.paymentReference };
  if (settled?.type === 'CreditPurchaseFailed') return { ...record, status: settled.data.reason === 'expired' ? 'expired' : 'failed' };
  return record;
}

/** A reload as evolve would have kept it: paid wins over failed (a late success after a failure). */
export function reloadFrom(
  triggered: EventOfType<'AutoReloadTriggered'>, paid: EventOfType<'CreditsPurchased'> | undefined, failed: EventOfType<'AutoReloadFailed'> | undefined,
): ReloadRecord {
  const { callId, month, blocks, ratePerMinute, total } = triggered.data;
  const record: ReloadRecord = { status: 'pending', callId, month, blocks, ratePerMinute, total, paymentReference: null, reasonCode: null };
  if (paid) return { ...record, status: 'completed', paymentReference: paid.data.paymentReference, reasonCode: failed?.data.reasonCode ?? null };
  if (failed) return { ...record, status: 'failed', reasonCode: failed.data.reasonCode };
  return record;
}
