import type { AutoReloadDecision } from '@billing/domain';
import type { CallRow } from '../api/types';

const min = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? '?' : `${(seconds / 60).toLocaleString('en-US', { maximumFractionDigits: 2 })} min`;

/** "Why didn't my reload fire?" — the API's decision for each call, in a sentence. */
export function decisionSentence(call: CallRow): string {
  const after = min(call.creditBalanceAfterSeconds);
  const threshold = min(call.thresholdSeconds);
  switch (call.reloadDecision) {
    case 'triggered':
      return `Reload bought: the balance after the call (${after}) was below the threshold (${threshold}).`;
    case 'above_threshold':
      return `No reload needed: the balance after the call (${after}) was not below the threshold (${threshold}).`;
    case 'disabled':
      return 'No reload: auto-reload was turned off.';
    case 'not_available_on_plan':
      return "No reload: the account's plan does not include auto-reload.";
    case 'monthly_cap_reached':
      return "No reload: this month's maximum number of reloads was already reached.";
    case 'reload_in_flight':
      return 'No reload: another reload was still being charged (one at a time).';
    case 'no_payment_method':
      return 'No reload: there is no payment method on file.';
    case 'not_recorded':
      return 'Recorded before the service kept the reason for each decision.';
    default: {
      const unknown: never = call.reloadDecision; // a decision this console does not know yet
      return `Decision: ${String(unknown)}.`;
    }
  }
}

export const DECISION_COLOURS: Record<AutoReloadDecision, 'success' | 'default' | 'warning' | 'error'> = {
  triggered: 'success', above_threshold: 'default', disabled: 'default', not_available_on_plan: 'default',
  monthly_cap_reached: 'error', reload_in_flight: 'warning', no_payment_method: 'error', not_recorded: 'default',
};
