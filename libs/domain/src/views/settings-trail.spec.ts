import type { SettingsEntry } from './settings-trail';
import { settingsTrail } from './settings-trail';

const configured = (at: string, by: string, enabled: boolean, thresholdMinutes: number, monthlyMaximum: number): SettingsEntry => ({
  kind: 'configured', at, by, enabled, thresholdMinutes, monthlyMaximum,
});

describe('the settings trail — who turned auto-reload on or off or changed it, and when', () => {
  it('names each change from the previous settings (the defaults first), newest first', () => {
    const trail = settingsTrail([
      configured('2026-11-01T09:00:00Z', 'alice', true, 10, 10),
      configured('2026-11-05T09:00:00Z', 'alice', true, 20, 4),
      { kind: 'disabled', at: '2026-11-09T09:00:00Z', reason: 'payment_failed' },
      configured('2026-11-10T09:00:00Z', 'bob', true, 20, 4),
      configured('2026-11-12T09:00:00Z', 'bob', false, 20, 4),
      { kind: 'disabled', at: '2026-11-12T09:00:00Z', reason: 'user' },
    ]);
    expect(trail.map((c) => [c.at.slice(0, 10), c.by, c.sentence])).toEqual([
      ['2026-11-12', 'bob', 'bob turned auto-reload off.'],
      ['2026-11-10', 'bob', 'bob turned auto-reload on (threshold 20 min, at most 4 reloads a month).'],
      ['2026-11-09', null, 'Auto-reload turned itself off after repeated failed reload charges.'],
      ['2026-11-05', 'alice', 'alice changed the threshold from 10 to 20 min and the monthly maximum from 10 to 4.'],
      ['2026-11-01', 'alice', 'alice turned auto-reload on (threshold 10 min, at most 10 reloads a month).'],
    ]);
    expect(trail[3].changes).toEqual([{ field: 'thresholdMinutes', from: 10, to: 20 }, { field: 'monthlyMaximum', from: 10, to: 4 }]);
    expect(trail[2]).toMatchObject({ by: null, reason: 'payment_failed', enabled: false, changes: [{ field: 'enabled', from: true, to: false }] });
  });

  it('a downgrade turning it off is the service\'s doing; an empty history has an empty trail', () => {
    expect(settingsTrail([configured('2026-11-01T09:00:00Z', 'alice', true, 10, 10), { kind: 'disabled', at: '2026-11-02T09:00:00Z', reason: 'plan_downgrade' }])[0].sentence)
      .toBe('Auto-reload was turned off by the change to a plan without it.');
    expect(settingsTrail([])).toEqual([]);
  });
});
