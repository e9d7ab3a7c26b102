import type { Role } from '../../shared/actor';
import { DomainError } from '../../shared/domain-error';
import type { BillingCommand, BillingCommandType } from '../commands';

/**
 * Rule 12 — "Only Administrators buy or configure. Editors see the balance."
 * Who may run each command; the API derives each command route's roles from this table (RolesFor),
 * so a route and the domain cannot disagree. `service` is our own backend: the call platform, payment
 * webhooks, the auto-reload payment process. Opening an account, changing its plan and its card on
 * file belong to the platform (its sign-up and subscription flows) and to support staff acting for a
 * customer; an account's Administrator cannot open accounts (there is no account to administer yet),
 * and changes plans and cards through the platform, not through billing. Auditors change nothing.
 */
export const COMMAND_PERMISSIONS: Readonly<Record<BillingCommandType, readonly Role[]>> = {
  OpenAccount: ['service', 'support'],
  ChangePlan: ['service', 'support'],
  SetPaymentMethodOnFile: ['service', 'support'],
  RemovePaymentMethodOnFile: ['service', 'support'],
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

/** Why `role` may not run `commandType` (undefined when it may): one refusal for the route guard and decide. */
export function permissionRefusal(role: Role, commandType: BillingCommandType): DomainError | undefined {
  if (mayRun(role, commandType)) return undefined;
  const allowed = COMMAND_PERMISSIONS[commandType];
  const details = { role, command: commandType };
  if (allowed.includes('admin')) {
    return new DomainError(
      'PERMISSION.ADMINISTRATOR_ONLY',
      "Only an account's Administrator may buy credits or change billing settings; Editors see the balance.",
      details,
    );
  }
  if (allowed.length === 1 && allowed[0] === 'service') {
    return new DomainError('PERMISSION.SERVICE_ONLY', `${commandType} is recorded by the billing service itself, not by a person.`, details);
  }
  return new DomainError('PERMISSION.NOT_PERMITTED', `${commandType} is done by ${allowed.join(' or ')}, not by the ${role} role.`, details);
}

export function assertPermitted(command: BillingCommand): void {
  const refusal = permissionRefusal(command.actor.role, command.type);
  if (refusal) throw refusal;
}
