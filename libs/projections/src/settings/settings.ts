import type { Projection, ProjectionEvent } from '../projection';
import { iso } from '../projection';

/**
 * One row per auto-reload settings event, for the settings trail (who changed what, when): the account
 * stream holds every call too, so reading it for a few settings changes would grow with the calls.
 * AutoReloadDisabled "user" repeats the AutoReloadConfigured beside it, so it has no row.
 */
export interface SettingsChangeRow {
  eventId: string;
  accountId: string;
  kind: 'configured' | 'disabled';
  enabled: boolean;
  thresholdMinutes: number | null;
  monthlyMaximum: number | null;
  configuredBy: string | null;
  reason: string | null;
  at: string;
  position: string;
}

function rowOf({ id, event, position }: ProjectionEvent): SettingsChangeRow | null {
  switch (event.type) {
    case 'AutoReloadConfigured': {
      const { accountId, at, enabled, thresholdMinutes, monthlyMaximum, configuredBy } = event.data;
      return { eventId: id, accountId, kind: 'configured', enabled, thresholdMinutes, monthlyMaximum, configuredBy, reason: null, at: iso(at), position };
    }
    case 'AutoReloadDisabled': {
      const { accountId, at, reason } = event.data;
      if (reason === 'user') return null;
      return { eventId: id, accountId, kind: 'disabled', enabled: false, thresholdMinutes: null, monthlyMaximum: null, configuredBy: null, reason, at: iso(at), position };
    }
    default:
      return null;
  }
}

export const settingsChangesProjection: Projection<SettingsChangeRow> = {
  name: 'settings_changes',
  table: {
    name: 'proj_settings_changes',
    key: ['eventId'],
    columns: {
      eventId: 'uuid', accountId: 'text', kind: 'text', enabled: 'bool', thresholdMinutes: 'int', monthlyMaximum: 'int',
      configuredBy: 'text', reason: 'text', at: 'timestamptz', position: 'text',
    },
  },
  keyOf: (e) => (rowOf(e) ? [e.id] : null),
  // Immutable: an event seen again leaves its row.
  evolve: (row, e) => row ?? rowOf(e),
};
