import { DomainError } from '../../shared/domain-error';
import type { Money } from '../../shared/money';
import type { RecordDispute, RecordRefund } from '../commands';
import type { BillingEvent, ReversalCause } from '../events';
import type { AccountState } from '../state';
import { purchaseOf, reloadOf } from '../state';
import { assertRefundAmount, assertRefundsRecorded, creditedPayment, refundedSeconds } from '../rules/refunds';
import { requireId } from './validate';

type NamesPayment = RecordRefund | RecordDispute;

const DISPUTE_STATUSES = ['opened', 'won', 'lost'] as const;

/** A refund of a credited payment: its minutes leave the balance, once per refund id (rules/refunds.ts). */
export function recordRefund(command: RecordRefund, state: AccountState): BillingEvent[] {
  requireId(command.refundId, 'refundId');
  const payment = paymentOf(command, state);
  assertRefundAmount(payment, command.amount);
  assertRefundsRecorded(command.recordedRefunds);
  if (command.recordedRefunds.some((r) => r.refundId === command.refundId)) return [];
  return [refunded(command, state, command.refundId, 'refund', command.amount)];
}

/** A dispute opened or won is recorded and moves nothing; a lost one also takes its amount back. */
export function recordDispute(command: RecordDispute, state: AccountState): BillingEvent[] {
  requireId(command.disputeId, 'disputeId');
  requireId(command.reason, 'reason');
  if (!(DISPUTE_STATUSES as readonly unknown[]).includes(command.status)) {
    throw new DomainError('COMMAND.INVALID_FIELD', 'status must be opened, won or lost.', { field: 'status' });
  }
  const payment = paymentOf(command, state);
  assertRefundAmount(payment, command.amount);
  assertRefundsRecorded(command.recordedRefunds);
  if (command.disputeRecorded) return [];
  // Lost, but taken back already (recorded under the dispute's id by an earlier report).
  const takenBack = command.recordedRefunds.some((r) => r.refundId === command.disputeId);
  const { accountId, at, purchaseId, source, disputeId, status, paymentReference, amount, reason } = command;
  const events: BillingEvent[] = [{ type: 'PaymentDisputed', data: { accountId, at, purchaseId, source, disputeId, status, paymentReference, amount, reason } }];
  if (status === 'lost' && !takenBack) events.push(refunded(command, state, disputeId, 'dispute_lost', amount));
  return events;
}

function paymentOf(command: NamesPayment, state: AccountState) {
  requireId(command.purchaseId, 'purchaseId');
  requireId(command.paymentReference, 'paymentReference');
  const { purchaseId, paymentReference } = command;
  switch (command.source) {
    case 'manual':
      return creditedPayment('purchase', purchaseId, purchaseOf(state, purchaseId) ?? command.recordedPurchase ?? undefined, paymentReference);
    case 'auto_reload':
      return creditedPayment('reload', purchaseId, reloadOf(state, purchaseId) ?? command.recordedReload ?? undefined, paymentReference);
    default: {
      const unhandled: never = command.source;
      throw new DomainError('COMMAND.INVALID_FIELD', `source must be manual or auto_reload, not ${JSON.stringify(unhandled)}.`, { field: 'source' });
    }
  }
}

function refunded(command: NamesPayment, state: AccountState, refundId: string, cause: ReversalCause, amount: Money): BillingEvent {
  const payment = paymentOf(command, state);
  const earlier = command.recordedRefunds ?? [];
  const before = { amount: earlier.reduce((sum, r) => sum + r.amount.amount, 0), currency: amount.currency };
  const creditSeconds = refundedSeconds(payment, before, amount);
  const { accountId, at, purchaseId, source, paymentReference } = command;
  const refundedTotal = { amount: before.amount + amount.amount, currency: amount.currency };
  return {
    type: 'CreditsRefunded',
    data: {
      accountId, at, purchaseId, source, refundId, refundNumber: earlier.length + 1, cause, paymentReference, amount, refundedTotal, creditSeconds,
      creditBalanceAfterSeconds: state.credits.balanceSeconds - creditSeconds,
    },
  };
}
