import { DomainError } from '../../shared/domain-error';
import { isTimeZone } from '../../shared/instant';
import type { PlanCatalogue } from '../../plans/plan';
import type { ChangePlan, OpenAccount } from '../commands';
import type { BillingEvent } from '../events';
import type { AccountState } from '../state';
import { autoReloadOffAfterPlanChange, planChangeKind } from '../rules/plan-change';
import { planFrom, requireId } from './validate';

export function openAccount(command: OpenAccount, state: AccountState, plans: PlanCatalogue): BillingEvent[] {
  if (state.status !== 'unopened') {
    throw new DomainError('ACCOUNT.ALREADY_EXISTS', `Account ${command.accountId} already exists.`, { accountId: command.accountId });
  }
  const plan = planFrom(plans, command.planId);
  const timeZone = command.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone)) {
    throw new DomainError('ACCOUNT.INVALID_TIME_ZONE', `${JSON.stringify(timeZone)} is not a canonical IANA time zone name (e.g. Europe/Paris, or UTC).`, { field: 'timeZone' });
  }
  const stripeCustomerId = command.stripeCustomerId ?? null;
  if (stripeCustomerId !== null) requireId(stripeCustomerId, 'stripeCustomerId');
  const { accountId, at, actor } = command;
  return [{ type: 'AccountOpened', data: { accountId, at, planId: plan.id, timeZone, stripeCustomerId, openedBy: actor.id } }];
}

/** Upgrade, downgrade or cancellation; the rules it triggers live in rules/plan-change.ts. */
export function changePlan(command: ChangePlan, state: AccountState, plans: PlanCatalogue): BillingEvent[] {
  const toPlan = planFrom(plans, command.planId);
  if (toPlan.id === state.planId) return [];
  const { accountId, at, actor } = command;
  const events: BillingEvent[] = [
    {
      type: 'PlanChanged',
      data: { accountId, at, fromPlanId: state.planId, toPlanId: toPlan.id, change: planChangeKind(state.planId, toPlan.id), changedBy: actor.id },
    },
  ];
  const reason = autoReloadOffAfterPlanChange(state, toPlan);
  if (reason) events.push({ type: 'AutoReloadDisabled', data: { accountId, at, reason } });
  return events;
}
