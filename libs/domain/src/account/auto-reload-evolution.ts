import type { BillingEvent } from './events';
import type { AutoReloadSettings } from './state';

/**
 * How each event changes the auto-reload settings: the one home of the failure-count resets and the
 * clearing of the reload in flight, used by the account's evolve and by the accounts read model.
 * Returns the same object when the event does not touch auto-reload.
 */
export function evolveAutoReload(settings: AutoReloadSettings, event: BillingEvent): AutoReloadSettings {
  switch (event.type) {
    case 'PaymentMethodOnFileSet':
      // A new card is a fresh start for the failure count.
      return { ...settings, consecutiveFailures: 0, lastFailureCode: null };
    case 'CreditsPurchased':
      if (event.data.source === 'manual') return settings;
      // A paid reload ends the failure run and, if it is the one in flight, frees the slot.
      return { ...settings, consecutiveFailures: 0, lastFailureCode: null, reloadInFlight: settledInFlight(settings, event.data.purchaseId) };
    case 'AutoReloadConfigured': {
      const { enabled, thresholdMinutes, monthlyMaximum } = event.data;
      const turnedOn = enabled && !settings.enabled;
      return {
        ...settings,
        enabled,
        thresholdMinutes,
        monthlyMaximum,
        disabledReason: enabled ? null : settings.disabledReason,
        // Turning it back on (after failures turned it off) starts the count again.
        consecutiveFailures: turnedOn ? 0 : settings.consecutiveFailures,
        lastFailureCode: turnedOn ? null : settings.lastFailureCode,
      };
    }
    case 'AutoReloadTriggered':
      return { ...settings, reloadInFlight: event.data.reloadId };
    case 'AutoReloadFailed': {
      const { reloadId, reasonCode, consecutiveFailures } = event.data;
      return { ...settings, consecutiveFailures, lastFailureCode: reasonCode, reloadInFlight: settledInFlight(settings, reloadId) };
    }
    case 'AutoReloadDisabled':
      return { ...settings, enabled: false, disabledReason: event.data.reason };
    case 'AccountOpened':
    case 'PlanChanged':
    case 'PaymentMethodOnFileRemoved':
    case 'CreditPurchaseStarted':
    case 'CreditPurchaseFailed':
    case 'CallMinutesConsumed':
    case 'MonthlyCapReached':
    case 'CreditsRefunded':
    case 'PaymentDisputed':
      return settings;
    default: {
      const unhandled: never = event;
      throw new Error(`Unknown event: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** A settled reload frees the slot only if it is the one in flight (a late answer for an older one does not). */
function settledInFlight(settings: AutoReloadSettings, reloadId: string): string | null {
  return settings.reloadInFlight === reloadId ? null : settings.reloadInFlight;
}
