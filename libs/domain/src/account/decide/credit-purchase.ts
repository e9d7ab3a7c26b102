import { DomainError } from '../../shared/domain-error';
import { minutesToSeconds } from '../../shared/duration';
import { isMoney } from '../../shared/money';
import type { PlanCatalogue } from '../../plans/plan';
import type { CompleteCreditPurchase, ExpireCreditPurchase, FailCreditPurchase, StartCreditPurchase } from '../commands';
import type { BillingEvent } from '../events';
import type { AccountState, PurchaseRecord } from '../state';
import { purchaseOf } from '../state';
import { quotePurchase } from '../rules/purchase-price';
import { minutesOfBlocks } from '../rules/purchase-size';
import { assertAmountPaid, purchaseToSettle } from '../rules/credits-on-payment';
import { currentPlan, requireId } from './validate';

export function startCreditPurchase(command: StartCreditPurchase, state: AccountState, plans: PlanCatalogue): BillingEvent[] {
  requireId(command.purchaseId, 'purchaseId');
  const quote = quotePurchase(currentPlan(plans, state.planId), command.blocks);
  const existing = knownPurchase(command, state);
  if (existing) {
    // A retried request with the same id and size is the same purchase.
    if (existing.blocks === quote.blocks) return [];
    throw new DomainError('PURCHASE.ID_REUSED', `Purchase id ${command.purchaseId} is already used for another purchase.`, { purchaseId: command.purchaseId });
  }
  const { accountId, at, actor, purchaseId } = command;
  return [{ type: 'CreditPurchaseStarted', data: { accountId, at, purchaseId, planId: state.planId, ...quote, startedBy: actor.id } }];
}

export function completeCreditPurchase(command: CompleteCreditPurchase, state: AccountState): BillingEvent[] {
  requireId(command.purchaseId, 'purchaseId');
  requireId(command.paymentReference, 'paymentReference');
  if (!isMoney(command.amountPaid)) {
    throw new DomainError('COMMAND.INVALID_FIELD', 'amountPaid must be { amount: integer minor units, currency: "usd" }.', { field: 'amountPaid' });
  }
  const purchase = purchaseToSettle(command.purchaseId, knownPurchase(command, state), 'completed');
  if (!purchase) return [];
  assertAmountPaid(command.purchaseId, purchase, command.amountPaid);
  const creditSeconds = minutesToSeconds(minutesOfBlocks(purchase.blocks));
  const { accountId, at, purchaseId, paymentReference } = command;
  return [
    {
      type: 'CreditsPurchased',
      data: {
        accountId,
        at,
        purchaseId,
        source: 'manual',
        blocks: purchase.blocks,
        creditSeconds,
        ratePerMinute: purchase.ratePerMinute,
        total: purchase.total,
        paymentReference,
        reloadMonth: null,
        creditBalanceAfterSeconds: state.credits.balanceSeconds + creditSeconds,
      },
    },
  ];
}

export function failCreditPurchase(command: FailCreditPurchase, state: AccountState): BillingEvent[] {
  requireId(command.purchaseId, 'purchaseId');
  const failureCode = command.failureCode ?? null;
  if (failureCode !== null) requireId(failureCode, 'failureCode');
  if (!purchaseToSettle(command.purchaseId, knownPurchase(command, state), 'failed')) return [];
  const { accountId, at, purchaseId } = command;
  return [{ type: 'CreditPurchaseFailed', data: { accountId, at, purchaseId, reason: 'payment_failed', failureCode } }];
}

export function expireCreditPurchase(command: ExpireCreditPurchase, state: AccountState): BillingEvent[] {
  requireId(command.purchaseId, 'purchaseId');
  if (!purchaseToSettle(command.purchaseId, knownPurchase(command, state), 'expired')) return [];
  const { accountId, at, purchaseId } = command;
  return [{ type: 'CreditPurchaseFailed', data: { accountId, at, purchaseId, reason: 'expired', failureCode: null } }];
}

/** From the state, or (once it left the state) as the store recorded it. */
function knownPurchase(command: { purchaseId: string; recordedPurchase?: PurchaseRecord | null }, state: AccountState): PurchaseRecord | undefined {
  return purchaseOf(state, command.purchaseId) ?? command.recordedPurchase ?? undefined;
}
