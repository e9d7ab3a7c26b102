import type { RemovePaymentMethodOnFile, SetPaymentMethodOnFile } from '../commands';
import type { BillingEvent } from '../events';
import type { AccountState } from '../state';
import { requireId } from './validate';

/** Setting the card already on file, or removing none, is a no-op (webhooks repeat). */
export function setPaymentMethodOnFile(command: SetPaymentMethodOnFile, state: AccountState): BillingEvent[] {
  requireId(command.paymentMethodId, 'paymentMethodId');
  if (state.paymentMethodId === command.paymentMethodId) return [];
  const { accountId, at, paymentMethodId } = command;
  return [{ type: 'PaymentMethodOnFileSet', data: { accountId, at, paymentMethodId } }];
}

/**
 * Removing the card does not switch auto-reload off: the setting stays, and call ends below the
 * threshold record `no_payment_method` until a card is on file again.
 */
export function removePaymentMethodOnFile(command: RemovePaymentMethodOnFile, state: AccountState): BillingEvent[] {
  if (state.paymentMethodId === null) return [];
  const { accountId, at } = command;
  return [{ type: 'PaymentMethodOnFileRemoved', data: { accountId, at, paymentMethodId: state.paymentMethodId } }];
}
