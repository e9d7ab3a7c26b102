import { usd } from '../shared/money';
import { DomainError } from '../shared/domain-error';
import { DEFAULT_PLANS } from '../plans/plan';
import type { ReplayFact, ReplayInput } from './simulate-auto-reload';
import { dayOf, previewWindow, simulateAutoReload } from './simulate-auto-reload';

const min = (m: number) => m * 60;
const call = (callId: string, at: string, month: string, creditMinutes: number, afterMinutes: number, reloadDecision: 'disabled' | 'triggered' | 'monthly_cap_reached' = 'disabled'): ReplayFact => ({
  kind: 'call', callId, at, month, creditSeconds: min(creditMinutes), creditBalanceAfterSeconds: min(afterMinutes), reloadDecision,
});

// Europe/Berlin, Starter ($0.22/min: a reload of 100 minutes costs $22.00), 50 credit minutes before January.
// Really: auto-reload off until March, where one reload fired and the real maximum (1) paused the rest.
const facts: ReplayFact[] = [
  call('c1', '2024-01-10T10:00:00Z', '2024-01', 45, 5),
  call('c2', '2024-01-20T10:00:00Z', '2024-01', 100, -95),
  call('c2b', '2024-01-25T10:00:00Z', '2024-01', 100, -195),
  // 23:30 UTC on 31 January is 00:30 on 1 February in Berlin: a February call.
  call('c3', '2024-01-31T23:30:00Z', '2024-02', 10, -205),
  { kind: 'purchase', at: '2024-02-05T09:00:00Z', month: '2024-02', creditSeconds: min(100), creditBalanceAfterSeconds: min(-105) },
  call('c4', '2024-03-10T10:00:00Z', '2024-03', 195, -300, 'triggered'),
  { kind: 'auto_reload', at: '2024-03-10T10:00:05Z', month: '2024-03', creditSeconds: min(100), creditBalanceAfterSeconds: min(-200), total: usd(2_200) },
  // 23:30 UTC on 15 March is 16 March in Berlin.
  call('c5', '2024-03-15T23:30:00Z', '2024-03', 100, -300, 'monthly_cap_reached'),
  call('c6', '2024-03-20T10:00:00Z', '2024-03', 110, -410, 'monthly_cap_reached'),
];
const input: ReplayInput = {
  plan: DEFAULT_PLANS.starter, timeZone: 'Europe/Berlin', window: { fromMonth: '2024-01', toMonth: '2024-03' }, openingBalanceSeconds: min(50), facts,
};
const outcome = (o: Partial<ReturnType<typeof simulateAutoReload>['months'][number]['simulated']>) => ({
  reloads: 0, total: usd(0), capReachedAt: null, capReachedOn: null, callsWhilePaused: 0, lowestBalanceSeconds: 0, callsBelowZero: 0, ...o,
});

describe('What-if — replay the recorded months against a proposed threshold and maximum', () => {
  const preview = simulateAutoReload(input, { thresholdMinutes: 10, monthlyMaximum: 2 });

  it('January: two reloads reach the maximum on the 20th, the call after it buys nothing, no call ends below zero', () => {
    // 50 − 45 = 5 < 10 → reload (105); 105 − 100 = 5 → reload, the 2nd: cap; 105 − 100 = 5, paused.
    expect(preview.months[0]).toEqual({
      month: '2024-01', calls: 3,
      simulated: outcome({ reloads: 2, total: usd(4_400), capReachedAt: '2024-01-20T10:00:00Z', capReachedOn: '2024-01-20', callsWhilePaused: 1, lowestBalanceSeconds: min(5) }),
      actual: outcome({ lowestBalanceSeconds: min(-195), callsBelowZero: 2 }),
      sentence: 'January 2024: 2 reloads would have fired ($44.00); the maximum of 2 would have been reached on 20 January and 1 later call would have bought nothing; '
        + 'lowest balance 5 min, no call would have ended below zero. What happened: no reload, lowest balance -195 min, 2 calls ended below zero.',
    });
  });

  it('February (in Berlin): the call at 00:30 on the 1st counts there, ends below zero, and reloads in a new month', () => {
    // Starts at 5; 5 − 10 = −5 (below zero) → reload (95); + the manual 100 → 195.
    expect(preview.months[1]).toEqual({
      month: '2024-02', calls: 1,
      simulated: outcome({ reloads: 1, total: usd(2_200), lowestBalanceSeconds: min(-5), callsBelowZero: 1 }),
      actual: outcome({ lowestBalanceSeconds: min(-205), callsBelowZero: 1 }),
      sentence: expect.stringMatching(/^February 2024: 1 reload would have fired \(\$22\.00\); lowest balance -5 min, 1 call would have ended below zero\./),
    });
  });

  it('March: the cap is hit on the 16th in Berlin and the paused call ends below zero; the real reload is replaced', () => {
    // 195 − 195 = 0 → reload (100); 100 − 100 = 0 → reload, the 2nd: cap (23:30 UTC on the 15th); 100 − 110 = −10.
    expect(preview.months[2]).toEqual({
      month: '2024-03', calls: 3,
      simulated: outcome({ reloads: 2, total: usd(4_400), capReachedAt: '2024-03-15T23:30:00Z', capReachedOn: '2024-03-16', callsWhilePaused: 1, lowestBalanceSeconds: min(-10), callsBelowZero: 1 }),
      actual: outcome({ reloads: 1, total: usd(2_200), capReachedAt: '2024-03-15T23:30:00Z', capReachedOn: '2024-03-16', callsWhilePaused: 2, lowestBalanceSeconds: min(-410), callsBelowZero: 3 }),
      sentence: expect.stringContaining('the maximum of 2 would have been reached on 16 March and 1 later call would have bought nothing'),
    });
    expect(preview.totals).toEqual({ simulated: { reloads: 5, total: usd(11_000) }, actual: { reloads: 1, total: usd(2_200) } });
  });

  it('a higher maximum removes the pauses; an empty month says so; facts outside the window are ignored', () => {
    // January reloads 3 times (105 after c2b), so February's call stays above zero; March's third call goes to −10 then reloads.
    const higher = simulateAutoReload(input, { thresholdMinutes: 10, monthlyMaximum: 5 });
    expect(higher.months.map((m) => [m.simulated.reloads, m.simulated.capReachedOn, m.simulated.callsBelowZero])).toEqual([[3, null, 0], [0, null, 0], [3, null, 1]]);
    const quiet = simulateAutoReload({ ...input, window: { fromMonth: '2024-04', toMonth: '2024-04' } }, { thresholdMinutes: 10, monthlyMaximum: 2 });
    expect(quiet.months).toEqual([{ month: '2024-04', calls: 0, simulated: outcome({ lowestBalanceSeconds: min(50) }), actual: outcome({ lowestBalanceSeconds: min(50) }), sentence: 'April 2024: no calls, so no reloads.' }]);
  });

  it('refuses what the settings would refuse: Free, a threshold over 100, a maximum over the plan limit', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as DomainError).code;
      }
      return undefined;
    };
    expect(codeOf(() => simulateAutoReload({ ...input, plan: DEFAULT_PLANS.free }, { thresholdMinutes: 10, monthlyMaximum: 2 }))).toBe('AUTO_RELOAD.NOT_AVAILABLE_ON_FREE');
    expect(codeOf(() => simulateAutoReload(input, { thresholdMinutes: 101, monthlyMaximum: 2 }))).toBe('AUTO_RELOAD.INVALID_THRESHOLD');
    expect(codeOf(() => simulateAutoReload(input, { thresholdMinutes: 10, monthlyMaximum: 21 }))).toBe('AUTO_RELOAD.INVALID_MONTHLY_MAXIMUM');
  });
});

describe('the preview window — calendar months in the account time zone', () => {
  it('is the last 3 months with the current one, as the account sees the month', () => {
    // 22:30 UTC on 31 March 2024 is already 1 April in Berlin (summer time began that morning).
    expect(previewWindow('2024-03-31T22:30:00Z', 'UTC')).toEqual({ fromMonth: '2024-01', toMonth: '2024-03' });
    expect(previewWindow('2024-03-31T22:30:00Z', 'Europe/Berlin')).toEqual({ fromMonth: '2024-02', toMonth: '2024-04' });
    expect(dayOf('2024-03-31T22:30:00Z', 'Europe/Berlin')).toBe('2024-04-01');
  });

  it('takes a chosen range of 1 to 24 months up to the current one', () => {
    expect(previewWindow('2024-03-10T00:00:00Z', 'UTC', { fromMonth: '2023-06', toMonth: '2023-08' })).toEqual({ fromMonth: '2023-06', toMonth: '2023-08' });
    expect(previewWindow('2024-03-10T00:00:00Z', 'UTC', { toMonth: '2023-08' })).toEqual({ fromMonth: '2023-06', toMonth: '2023-08' });
    for (const range of [{ fromMonth: '2024-13' }, { toMonth: '2024-04' }, { fromMonth: '2024-03', toMonth: '2024-02' }, { fromMonth: '2022-03' }]) {
      expect(() => previewWindow('2024-03-10T00:00:00Z', 'UTC', range)).toThrow(expect.objectContaining({ code: 'SIMULATION.INVALID_MONTHS' }) as Error);
    }
  });
});
