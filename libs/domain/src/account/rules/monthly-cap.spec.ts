import { ACCOUNT_ID, cmd, min } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';
import { autoReloadAccount, reloadCycle, STARTER_WITHOUT_INCLUDED_MINUTES } from '../../testing/scenarios';

// Every second of a call is a credit second here (no included minutes) and the maximum is 3 a month.
const capOf3 = autoReloadAccount({ monthlyMaximum: 3 });
const twoReloadsInMarch = [...capOf3, ...reloadCycle('c1', '2024-03-05T10:00:00Z'), ...reloadCycle('c2', '2024-03-06T10:00:00Z')];
const capReachedInMarch = [...twoReloadsInMarch, ...reloadCycle('c3', '2024-03-07T10:00:00Z')];
const scenario = (...steps: Parameters<typeof given>) => given(...steps).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES);

describe('Rule 8 — the monthly maximum and the pause', () => {
  it('"When the monthly maximum is reached": the reload that reaches 3 of 3 is followed by MonthlyCapReached', () => {
    const events = scenario(...twoReloadsInMarch, cmd.callEnded('c3', min(100), '2024-03-07T10:00:00Z'))
      .when(cmd.completeReload('reload-c3', '2024-03-07T10:00:00Z'))
      .thenEvents();
    expect(events.map((event) => event.type)).toEqual(['CreditsPurchased', 'MonthlyCapReached']);
    expect(events[1]).toEqual({
      type: 'MonthlyCapReached',
      data: { accountId: ACCOUNT_ID, at: '2024-03-07T10:00:00Z', month: '2024-03', monthlyMaximum: 3, reloadsThisMonth: 3 },
    });
  });

  it('the second of 3 reloads is not followed by MonthlyCapReached', () => {
    const events = scenario(...capOf3, ...reloadCycle('c1', '2024-03-05T10:00:00Z'), cmd.callEnded('c2', min(100), '2024-03-06T10:00:00Z'))
      .when(cmd.completeReload('reload-c2'))
      .thenEvents();
    expect(events.map((event) => event.type)).toEqual(['CreditsPurchased']);
  });

  it('"auto-reload pauses for the rest of the calendar month": exactly 3 reloads, the 4th call end records monthly_cap_reached', () => {
    const events = scenario(...capReachedInMarch).when(cmd.callEnded('c4', min(100), '2024-03-31T22:00:00Z')).thenEvents();
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ creditBalanceAfterSeconds: 0, autoReload: { decision: 'monthly_cap_reached', reloadId: null } });
    expect(scenario(...capReachedInMarch).state().reloadsCompletedByMonth).toEqual({ '2024-03': 3 });
  });

  it('"The counter resets by itself at the start of the next month": the first call end of April triggers, with no reset event', () => {
    const events = scenario(...capReachedInMarch).when(cmd.callEnded('c4', min(100), '2024-04-01T00:10:00Z')).thenEvents();
    expect(events.map((event) => event.type)).toEqual(['CallMinutesConsumed', 'AutoReloadTriggered']);
    expect(events[1]?.data).toMatchObject({ month: '2024-04', reloadId: 'reload-c4' });
  });

  it('"To get more: raise the maximum (up to the plan limit)": raising it within the month lifts the pause at once', () => {
    const raised = [...capReachedInMarch, cmd.configure(true, 10, 5, { at: '2024-03-08T09:00:00Z' })];
    const events = scenario(...raised).when(cmd.callEnded('c4', min(100), '2024-03-08T10:00:00Z')).thenEvents();
    expect(events[0]?.data).toMatchObject({ autoReload: { decision: 'triggered', reloadId: 'reload-c4' } });
    // …and the new maximum holds exactly: reloads 4 and 5, then paused again, with a new MonthlyCapReached.
    const fifth = scenario(...raised, ...reloadCycle('c4', '2024-03-08T10:00:00Z'), cmd.callEnded('c5', min(100), '2024-03-09T10:00:00Z'))
      .when(cmd.completeReload('reload-c5'))
      .thenEvents();
    expect(fifth[1]?.data).toMatchObject({ month: '2024-03', monthlyMaximum: 5, reloadsThisMonth: 5 });
    const sixth = scenario(...raised, ...reloadCycle('c4', '2024-03-08T10:00:00Z'), ...reloadCycle('c5', '2024-03-09T10:00:00Z'))
      .when(cmd.callEnded('c6', min(100), '2024-03-10T10:00:00Z'))
      .thenEvents();
    expect(sixth[0]?.data).toMatchObject({ autoReload: { decision: 'monthly_cap_reached' } });
  });

  it('"or buy manually": a manual purchase while paused adds credits but does not count as a reload', () => {
    const state = scenario(...capReachedInMarch, cmd.startPurchase('p1', 1), cmd.completePurchase('p1', 2_200)).state();
    expect(state.reloadsCompletedByMonth).toEqual({ '2024-03': 3 });
    expect(state.credits.balanceSeconds).toBe(12_000);
  });

  describe('"in the account\'s time zone": a month boundary in Paris (UTC+1 in winter)', () => {
    const paris = autoReloadAccount({ monthlyMaximum: 1, timeZone: 'Europe/Paris' });
    const januaryCapped = [...paris, ...reloadCycle('c1', '2024-01-10T10:00:00+01:00')];

    it('a call ending 23:30 local on 31 January counts toward January: paused', () => {
      const events = scenario(...januaryCapped).when(cmd.callEnded('c2', min(100), '2024-01-31T23:30:00+01:00')).thenEvents();
      expect(events).toHaveLength(1);
      expect(events[0]?.data).toMatchObject({ month: '2024-01', autoReload: { decision: 'monthly_cap_reached' } });
    });

    it('a call ending 00:30 local on 1 February (still 31 January in UTC) counts toward February: a reload fires', () => {
      const events = scenario(...januaryCapped).when(cmd.callEnded('c2', min(100), '2024-02-01T00:30:00+01:00')).thenEvents();
      expect(events.map((event) => event.type)).toEqual(['CallMinutesConsumed', 'AutoReloadTriggered']);
      expect(events[1]?.data).toMatchObject({ month: '2024-02', reloadId: 'reload-c2' });
    });

    it('"the call\'s end time decides the month": a January call recorded after midnight still counts toward January', () => {
      const late = cmd.callEnded('c2', min(100), '2024-01-31T23:30:00+01:00', { at: '2024-02-01T00:05:00+01:00' });
      expect(scenario(...januaryCapped).when(late).thenEvents()[0]?.data).toMatchObject({ month: '2024-01', autoReload: { decision: 'monthly_cap_reached' } });
    });

    it('a reload triggered on 31 January and paid on 1 February counts toward January', () => {
      const parisCap2 = autoReloadAccount({ monthlyMaximum: 2, timeZone: 'Europe/Paris' });
      const state = scenario(...parisCap2, cmd.callEnded('c1', min(100), '2024-01-31T23:30:00+01:00'))
        .when(cmd.completeReload('reload-c1', '2024-02-01T00:10:00+01:00'))
        .after();
      expect(state.reloadsCompletedByMonth).toEqual({ '2024-01': 1 });
    });
  });
});
