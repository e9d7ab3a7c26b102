import { usd } from '../shared/money';
import { DomainError } from '../shared/domain-error';
import { DEFAULT_PLANS } from '../plans/plan';
import { cmd, min } from '../testing/fixtures';
import { runCommands } from '../testing/run';
import { autoReloadAccount, reloadCycle, STARTER_WITHOUT_INCLUDED_MINUTES as PLANS } from '../testing/scenarios';
import { simulateAutoReload } from './simulate-auto-reload';

// Starter (no included minutes here), auto-reload off, 100 credit minutes bought in January.
const history = runCommands(
  [
    cmd.open('starter', { at: '2024-01-02T10:00:00Z' }),
    cmd.startPurchase('p1', 1, { at: '2024-01-02T10:00:00Z' }),
    cmd.completePurchase('p1', 2_200, { at: '2024-01-02T10:00:00Z' }),
    cmd.callEnded('c0', min(10), '2024-01-15T10:00:00Z'),
    cmd.callEnded('c1', min(95), '2024-02-10T10:00:00Z'),
    cmd.callEnded('c2', min(100), '2024-02-20T10:00:00Z'),
    cmd.callEnded('c3', min(100), '2024-02-25T10:00:00Z'),
    cmd.callEnded('c4', min(10), '2024-03-05T10:00:00Z'),
    cmd.callEnded('c5', min(100), '2024-04-05T10:00:00Z'),
  ],
  PLANS,
).events;
const options = { plans: PLANS, now: '2024-03-31T12:00:00Z', months: 2 };

describe('What-if — replay the last months of calls against a proposed threshold and maximum', () => {
  it('says when reloads would have fired, when the cap would have paused them, and what they would have cost', () => {
    // The window starts on 1 February with the real balance then (90 minutes); each reload adds 100.
    expect(simulateAutoReload(history, { thresholdMinutes: 10, monthlyMaximum: 2 }, options)).toEqual({
      fromMonth: '2024-02',
      toMonth: '2024-03',
      proposal: { thresholdMinutes: 10, monthlyMaximum: 2 },
      reloads: [
        { callId: 'c1', at: '2024-02-10T10:00:00Z', month: '2024-02', creditBalanceAfterCallSeconds: -300, total: usd(2_200) },
        { callId: 'c2', at: '2024-02-20T10:00:00Z', month: '2024-02', creditBalanceAfterCallSeconds: -300, total: usd(2_200) },
        { callId: 'c4', at: '2024-03-05T10:00:00Z', month: '2024-03', creditBalanceAfterCallSeconds: -900, total: usd(2_200) },
      ],
      months: [
        { month: '2024-02', reloads: 2, total: usd(4_400), pausedAt: '2024-02-20T10:00:00Z', callsWhilePaused: 1 },
        { month: '2024-03', reloads: 1, total: usd(2_200), pausedAt: null, callsWhilePaused: 0 },
      ],
      totalReloads: 3,
      total: usd(6_600),
      actual: { reloads: 0, total: usd(0) },
    });
  });

  it('a higher maximum removes the pause; a one-month window starts from the real balance and ignores calls after now', () => {
    expect(simulateAutoReload(history, { thresholdMinutes: 10, monthlyMaximum: 5 }, options).months[0]).toEqual({
      month: '2024-02',
      reloads: 3,
      total: usd(6_600),
      pausedAt: null,
      callsWhilePaused: 0,
    });
    // March alone starts at the real balance (-205 minutes), so c4 fires; c5 ends in April, after `now`.
    expect(simulateAutoReload(history, { thresholdMinutes: 1, monthlyMaximum: 5 }, { ...options, months: 1 }).reloads.map((reload) => reload.callId)).toEqual(['c4']);
  });

  it('compares with the reloads that really happened in the window', () => {
    const real = runCommands(
      [...autoReloadAccount({ monthlyMaximum: 5 }), ...reloadCycle('c1', '2024-03-05T10:00:00Z'), ...reloadCycle('c2', '2024-03-06T10:00:00Z')],
      PLANS,
    ).events;
    const simulation = simulateAutoReload(real, { thresholdMinutes: 10, monthlyMaximum: 1 }, { ...options, months: 1 });
    expect(simulation.actual).toEqual({ reloads: 2, total: usd(4_400) });
    expect(simulation.months).toEqual([{ month: '2024-03', reloads: 1, total: usd(2_200), pausedAt: '2024-03-05T10:00:00Z', callsWhilePaused: 1 }]);
  });

  it('refuses proposals the settings would refuse, and more than 24 months', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as DomainError).code;
      }
      return undefined;
    };
    expect(codeOf(() => simulateAutoReload(history, { thresholdMinutes: 101, monthlyMaximum: 2 }, options))).toBe('AUTO_RELOAD.INVALID_THRESHOLD');
    expect(codeOf(() => simulateAutoReload(history, { thresholdMinutes: 10, monthlyMaximum: 21 }, options))).toBe('AUTO_RELOAD.INVALID_MONTHLY_MAXIMUM');
    expect(codeOf(() => simulateAutoReload(history, { thresholdMinutes: 10, monthlyMaximum: 2 }, { ...options, months: 25 }))).toBe('SIMULATION.INVALID_MONTHS');
    const free = runCommands([cmd.open('free')], DEFAULT_PLANS).events;
    expect(codeOf(() => simulateAutoReload(free, { thresholdMinutes: 10, monthlyMaximum: 2 }, { ...options, plans: DEFAULT_PLANS }))).toBe('AUTO_RELOAD.NOT_AVAILABLE_ON_FREE');
  });
});
