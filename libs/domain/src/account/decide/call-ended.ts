import { DomainError } from '../../shared/domain-error';
import { monthOf } from '../../shared/instant';
import type { PlanCatalogue } from '../../plans/plan';
import type { RecordCallEnded } from '../commands';
import type { BillingEvent } from '../events';
import type { AccountState } from '../state';
import { remainingSubscriptionSeconds, splitCall } from '../rules/call-consumption';
import { autoReloadDecision, BLOCKS_PER_RELOAD, reloadIdFor, thresholdSeconds } from '../rules/auto-reload-trigger';
import { quotePurchase } from '../rules/purchase-price';
import { currentPlan, requireId, requireInstant } from './validate';

/** A call's end: consume its minutes, then check auto-reload — the only moment it is checked. */
export function recordCallEnded(command: RecordCallEnded, state: AccountState, plans: PlanCatalogue): BillingEvent[] {
  requireId(command.callId, 'callId');
  requireInstant(command.endedAt, 'endedAt');
  if (!Number.isSafeInteger(command.durationSeconds) || command.durationSeconds < 0) {
    throw new DomainError('CALL.INVALID_DURATION', `A call lasts a whole number of seconds, 0 or more; got ${String(command.durationSeconds)}.`, {
      field: 'durationSeconds',
      min: 0,
    });
  }
  // Rule 14 (a call id is billed once) is kept by the store: see rules/call-consumed-once.ts.
  const { accountId, at, callId, endedAt, durationSeconds } = command;
  const plan = currentPlan(plans, state.planId);
  const month = monthOf(endedAt, state.timeZone);
  const split = splitCall(durationSeconds, remainingSubscriptionSeconds(state, plan, month), state.credits.balanceSeconds);
  const decision = autoReloadDecision(state, plan, month, split.creditBalanceAfterSeconds);
  const reloadId = decision === 'triggered' ? reloadIdFor(callId) : null;

  const events: BillingEvent[] = [
    {
      type: 'CallMinutesConsumed',
      data: {
        accountId,
        at,
        callId,
        endedAt,
        month,
        durationSeconds,
        ...split,
        autoReload: { decision, thresholdSeconds: thresholdSeconds(state), reloadId },
      },
    },
  ];
  if (reloadId !== null && state.paymentMethodId !== null) {
    events.push({
      type: 'AutoReloadTriggered',
      data: {
        accountId,
        at,
        reloadId,
        callId,
        month,
        planId: plan.id,
        ...quotePurchase(plan, BLOCKS_PER_RELOAD),
        paymentMethodId: state.paymentMethodId,
        stripeCustomerId: state.stripeCustomerId,
      },
    });
  }
  return events;
}
