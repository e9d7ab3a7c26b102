import {
  type AccountState, type BillingEvent, evolve, initialState, monthOf, reloadsCompletedIn, secondsToDisplayMinutes, upcast,
} from '@billing/domain';
import type { RecordedEvent } from '@billing/event-store';

/** One line of an account's history as an auditor reads it: the event and the account right after it. */
export interface ReplayRow {
  revision: number;
  position: string;
  /** When the store recorded it (what `--until` compares with). */
  recordedAt: string;
  /** When it happened, as the event says. */
  at: string;
  type: string;
  /** What the event did, in words. */
  change: string;
  /** Signed change of the credit balance, in seconds (0 when the event moves no credit). */
  creditChangeSeconds: number;
  balanceSeconds: number;
  balanceMinutes: number;
  /** The event's calendar month in the account's time zone, and completed reloads counted in it so far. */
  month: string;
  reloadsThisMonth: number;
}

/**
 * Folds the account's events with the domain's evolve (no read model involved) and reports the state
 * after each one. Events recorded after `until` are left out.
 */
export function replayTable(events: readonly RecordedEvent[], until?: Date): ReplayRow[] {
  const rows: ReplayRow[] = [];
  let state: AccountState = initialState();
  for (const recorded of events) {
    if (until && recorded.recordedAt.getTime() > until.getTime()) break;
    const event = upcast(recorded);
    const before = state.credits.balanceSeconds;
    state = evolve(state, event);
    const month = monthOf(event.data.at, state.timeZone);
    rows.push({
      revision: recorded.streamRevision, position: recorded.position, recordedAt: recorded.recordedAt.toISOString(),
      at: event.data.at, type: event.type, change: describe(event), creditChangeSeconds: state.credits.balanceSeconds - before,
      balanceSeconds: state.credits.balanceSeconds, balanceMinutes: secondsToDisplayMinutes(state.credits.balanceSeconds),
      month, reloadsThisMonth: reloadsCompletedIn(state, month),
    });
  }
  return rows;
}

const min = (seconds: number) => `${secondsToDisplayMinutes(seconds).toFixed(2)} min`;

/** Words only: every number shown comes from the event itself. */
export function describe(event: BillingEvent): string {
  switch (event.type) {
    case 'AccountOpened':
      return `opened on ${event.data.planId} (${event.data.timeZone})`;
    case 'PlanChanged':
      return `plan ${event.data.fromPlanId} → ${event.data.toPlanId} (${event.data.change})`;
    case 'PaymentMethodOnFileSet':
      return `card on file ${event.data.paymentMethodId}`;
    case 'PaymentMethodOnFileRemoved':
      return `card removed ${event.data.paymentMethodId}`;
    case 'CreditPurchaseStarted':
      return `purchase ${event.data.purchaseId} started: ${event.data.blocks} block(s), ${event.data.minutes} min`;
    case 'CreditsPurchased':
      return `${event.data.source === 'manual' ? 'purchase' : 'auto-reload'} ${event.data.purchaseId} paid: +${min(event.data.creditSeconds)}`;
    case 'CreditPurchaseFailed':
      return `purchase ${event.data.purchaseId} ${event.data.reason}${event.data.failureCode ? ` (${event.data.failureCode})` : ''}`;
    case 'CallMinutesConsumed': {
      const d = event.data;
      return `call ${d.callId}: ${min(d.durationSeconds)}, ${min(d.subscriptionSeconds)} subscription, ${min(d.creditSeconds)} credits; reload ${d.autoReload.decision}`;
    }
    case 'AutoReloadConfigured':
      return `auto-reload ${event.data.enabled ? 'on' : 'off'}, threshold ${event.data.thresholdMinutes} min, max ${event.data.monthlyMaximum}/month`;
    case 'AutoReloadTriggered':
      return `auto-reload ${event.data.reloadId} triggered by ${event.data.callId} (${event.data.month})`;
    case 'AutoReloadFailed':
      return `auto-reload ${event.data.reloadId} failed: ${event.data.reasonCode} (${event.data.consecutiveFailures} in a row)`;
    case 'AutoReloadDisabled':
      return `auto-reload turned off: ${event.data.reason}`;
    case 'MonthlyCapReached':
      return `monthly maximum reached for ${event.data.month}: ${event.data.reloadsThisMonth} of ${event.data.monthlyMaximum}`;
    case 'CreditsRefunded': {
      const d = event.data;
      const what = d.source === 'manual' ? 'purchase' : 'auto-reload';
      return `${what} ${d.purchaseId} ${d.cause === 'refund' ? 'refunded' : 'dispute lost'} (${d.refundId}): −${min(d.creditSeconds)}`;
    }
    case 'PaymentDisputed':
      return `${event.data.source === 'manual' ? 'purchase' : 'auto-reload'} ${event.data.purchaseId} dispute ${event.data.disputeId} ${event.data.status} (${event.data.reason})`;
    default: {
      const never: never = event;
      return String((never as BillingEvent).type);
    }
  }
}
