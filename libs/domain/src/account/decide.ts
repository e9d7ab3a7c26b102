import { DomainError } from '../shared/domain-error';
import type { PlanCatalogue } from '../plans/plan';
import type { BillingCommand } from './commands';
import type { BillingEvent } from './events';
import type { AccountState } from './state';
import { assertPermitted } from './rules/permissions';
import { changePlan, openAccount } from './decide/account';
import { removePaymentMethodOnFile, setPaymentMethodOnFile } from './decide/payment-method';
import { completeCreditPurchase, expireCreditPurchase, failCreditPurchase, startCreditPurchase } from './decide/credit-purchase';
import { recordCallEnded } from './decide/call-ended';
import { completeAutoReload, configureAutoReload, failAutoReload } from './decide/auto-reload';
import { recordDispute, recordRefund } from './decide/refund';
import { requireId, requireInstant } from './decide/validate';

export interface DecideContext {
  plans: PlanCatalogue;
}

/**
 * The account decider: the events a command causes (empty when it changes nothing, e.g. a repeated
 * webhook), or a DomainError. Pure: time and ids come on the command, plans in the context.
 * Each handler composes the named rules in ./rules; the rules, not the handlers, hold the policy.
 */
export function decide(command: BillingCommand, state: AccountState, context: DecideContext): BillingEvent[] {
  requireId(command.accountId, 'accountId');
  requireInstant(command.at, 'at');
  requireId(command.actor?.id, 'actor.id');
  assertPermitted(command);
  if (command.type !== 'OpenAccount') assertOpen(command.accountId, state);
  const { plans } = context;
  switch (command.type) {
    case 'OpenAccount':
      return openAccount(command, state, plans);
    case 'ChangePlan':
      return changePlan(command, state, plans);
    case 'SetPaymentMethodOnFile':
      return setPaymentMethodOnFile(command, state);
    case 'RemovePaymentMethodOnFile':
      return removePaymentMethodOnFile(command, state);
    case 'StartCreditPurchase':
      return startCreditPurchase(command, state, plans);
    case 'CompleteCreditPurchase':
      return completeCreditPurchase(command, state);
    case 'FailCreditPurchase':
      return failCreditPurchase(command, state);
    case 'ExpireCreditPurchase':
      return expireCreditPurchase(command, state);
    case 'RecordCallEnded':
      return recordCallEnded(command, state, plans);
    case 'ConfigureAutoReload':
      return configureAutoReload(command, state, plans);
    case 'CompleteAutoReload':
      return completeAutoReload(command, state, plans);
    case 'FailAutoReload':
      return failAutoReload(command, state);
    case 'RecordRefund':
      return recordRefund(command, state);
    case 'RecordDispute':
      return recordDispute(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`Unknown command: ${JSON.stringify(unhandled)}`);
    }
  }
}

function assertOpen(accountId: string, state: AccountState): void {
  if (state.status === 'unopened') {
    throw new DomainError('ACCOUNT.NOT_FOUND', `There is no billing account ${accountId}.`, { accountId });
  }
  if (state.accountId !== accountId) {
    throw new DomainError('ACCOUNT.ID_MISMATCH', `The command is for account ${accountId} but the stream holds ${String(state.accountId)}.`, {
      accountId,
    });
  }
}
