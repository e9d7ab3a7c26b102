import type { Role } from '../../shared/actor';
import { DomainError } from '../../shared/domain-error';
import type { BillingCommand, BillingCommandType } from '../commands';

/**
 * Rule 12 — "Only Administrators buy or configure. Editors see the balance."
 * Who may run each command. `service` is our own backend: payment webhooks, the auto-reload payment
 * process, the call platform. Support staff and auditors read; they change nothing here.
 */
export const COMMAND_PERMISSIONS: Readonly<Record<BillingCommandType, readonly Role[]>> = {
  OpenAccount: ['admin', 'service'],
  ChangePlan: ['admin', 'service'],
  SetPaymentMethodOnFile: ['admin', 'service'],
  RemovePaymentMethodOnFile: ['admin', 'service'],
  StartCreditPurchase: ['admin'],
  ConfigureAutoReload: ['admin'],
  CompleteCreditPurchase: ['service'],
  FailCreditPurchase: ['service'],
  ExpireCreditPurchase: ['service'],
  RecordCallEnded: ['service'],
  CompleteAutoReload: ['service'],
  FailAutoReload: ['service'],
  RecordRefund: ['service'],
  RecordDispute: ['service'],
};

export function mayRun(role: Role, commandType: BillingCommandType): boolean {
  return COMMAND_PERMISSIONS[commandType].includes(role);
}

export function assertPermitted(command: BillingCommand): void {
  const { role } = command.actor;
  if (mayRun(role, command.type)) return;
  const details = { role, command: command.type };
  if (COMMAND_PERMISSIONS[command.type].includes('admin')) {
    throw new DomainError(
      'PERMISSION.ADMINISTRATOR_ONLY',
      "Only an account's Administrator may buy credits or change billing settings; Editors see the balance.",
      details,
    );
  }
  throw new DomainError('PERMISSION.SERVICE_ONLY', `${command.type} is recorded by the billing service itself, not by a person.`, details);
}
