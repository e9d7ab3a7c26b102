import type { Instant } from '../shared/instant';
import type { AutoReloadDisabledReason } from '../account/events';
import { DEFAULT_MONTHLY_MAXIMUM, DEFAULT_THRESHOLD_MINUTES } from '../account/state';

/**
 * Who turned auto-reload on or off or changed its threshold or maximum, and when: the settings trail of
 * the billing page, from AutoReloadConfigured (who and what) and AutoReloadDisabled (when the service
 * turned it off by itself; the "user" one repeats the AutoReloadConfigured beside it and adds nothing).
 */
export type SettingsEntry =
  | { kind: 'configured'; at: Instant; by: string; enabled: boolean; thresholdMinutes: number; monthlyMaximum: number }
  | { kind: 'disabled'; at: Instant; reason: AutoReloadDisabledReason };

export type SettingsField = 'enabled' | 'thresholdMinutes' | 'monthlyMaximum';

export interface SettingsChange {
  at: Instant;
  /** The administrator (token subject), or null when the service turned auto-reload off by itself. */
  by: string | null;
  reason: AutoReloadDisabledReason | null;
  enabled: boolean;
  thresholdMinutes: number;
  monthlyMaximum: number;
  changes: { field: SettingsField; from: boolean | number; to: boolean | number }[];
  sentence: string;
}

const WHY_OFF: Record<Exclude<AutoReloadDisabledReason, 'user'>, string> = {
  plan_downgrade: 'Auto-reload was turned off by the change to a plan without it.',
  payment_failed: 'Auto-reload turned itself off after repeated failed reload charges.',
  authentication_required: 'Auto-reload turned itself off: the bank asked for the card holder\'s authentication.',
};

/** Newest first. Entries arrive oldest first (store order). */
export function settingsTrail(entries: readonly SettingsEntry[]): SettingsChange[] {
  let current = { enabled: false, thresholdMinutes: DEFAULT_THRESHOLD_MINUTES, monthlyMaximum: DEFAULT_MONTHLY_MAXIMUM };
  const trail: SettingsChange[] = [];
  for (const entry of entries) {
    switch (entry.kind) {
      case 'disabled': {
        if (entry.reason === 'user') continue;
        const changes = current.enabled ? [{ field: 'enabled' as const, from: true, to: false }] : [];
        current = { ...current, enabled: false };
        trail.push({ at: entry.at, by: null, reason: entry.reason, ...current, changes, sentence: WHY_OFF[entry.reason] });
        break;
      }
      case 'configured': {
        const next = { enabled: entry.enabled, thresholdMinutes: entry.thresholdMinutes, monthlyMaximum: entry.monthlyMaximum };
        const changes = (['enabled', 'thresholdMinutes', 'monthlyMaximum'] as const)
          .filter((field) => next[field] !== current[field])
          .map((field) => ({ field, from: current[field], to: next[field] }));
        trail.push({ at: entry.at, by: entry.by, reason: null, ...next, changes, sentence: sentenceOf(entry.by, current, next) });
        current = next;
        break;
      }
      default: {
        const unknownEntry: never = entry;
        throw new Error(`Unhandled settings entry ${String((unknownEntry as { kind: unknown }).kind)}`);
      }
    }
  }
  return trail.reverse();
}

type Settings = { enabled: boolean; thresholdMinutes: number; monthlyMaximum: number };

function sentenceOf(by: string, before: Settings, after: Settings): string {
  const settings = `threshold ${after.thresholdMinutes} min, at most ${after.monthlyMaximum} reloads a month`;
  if (!before.enabled && after.enabled) return `${by} turned auto-reload on (${settings}).`;
  if (before.enabled && !after.enabled) return `${by} turned auto-reload off.`;
  const parts: string[] = [];
  if (before.thresholdMinutes !== after.thresholdMinutes) parts.push(`the threshold from ${before.thresholdMinutes} to ${after.thresholdMinutes} min`);
  if (before.monthlyMaximum !== after.monthlyMaximum) parts.push(`the monthly maximum from ${before.monthlyMaximum} to ${after.monthlyMaximum}`);
  if (parts.length === 0) return `${by} saved the settings unchanged (${settings}).`;
  return `${by} changed ${parts.join(' and ')}${after.enabled ? '' : ' (auto-reload is off)'}.`;
}
