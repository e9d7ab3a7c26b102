import { ACCOUNT_ID, cmd, min } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';

// Starter includes 500 subscription minutes a month; the account also bought 100 credit minutes.
const starterWithCredits = [cmd.open('starter'), cmd.startPurchase('p1', 1), cmd.completePurchase('p1', 2_200)];

describe('Rule 5 — subscription minutes first, then credits; a call is never cut short', () => {
  it('"Calls use subscription minutes first": a 10-minute call leaves the credits untouched', () => {
    given(...starterWithCredits)
      .when(cmd.callEnded('c1', min(10), '2024-03-05T10:00:00Z'))
      .then({
        type: 'CallMinutesConsumed',
        data: {
          accountId: ACCOUNT_ID,
          at: '2024-03-05T10:00:00Z',
          callId: 'c1',
          endedAt: '2024-03-05T10:00:00Z',
          month: '2024-03',
          durationSeconds: 600,
          subscriptionSeconds: 600,
          creditSeconds: 0,
          creditBalanceAfterSeconds: 6_000,
          autoReload: { decision: 'above_threshold', thresholdSeconds: 600, reloadId: null },
        },
      });
  });

  it('"then credits": a call longer than the month\'s remaining subscription minutes takes the rest from credits', () => {
    const events = given(...starterWithCredits, cmd.callEnded('c0', min(495), '2024-03-05T10:00:00Z'))
      .when(cmd.callEnded('c1', min(10), '2024-03-06T10:00:00Z'))
      .thenEvents();
    expect(events[0]?.data).toMatchObject({ subscriptionSeconds: 300, creditSeconds: 300, creditBalanceAfterSeconds: 5_700 });
  });

  it('"A call that runs past the balance still completes (the balance may go below zero)"', () => {
    // Free: 30 included minutes, no credits. A 50-minute call is charged in full: 20 minutes below zero.
    const outcome = given(cmd.open('free')).when(cmd.callEnded('c1', min(50), '2024-03-05T10:00:00Z'));
    const state = outcome.after();
    expect(outcome.thenEvents()[0]?.data).toMatchObject({ durationSeconds: 3_000, subscriptionSeconds: 1_800, creditSeconds: 1_200, creditBalanceAfterSeconds: -1_200 });
    expect(state.credits.balanceSeconds).toBe(-1_200);
  });

  it('subscription minutes reset each calendar month and do not roll over', () => {
    const marchUsedUp = [...starterWithCredits, cmd.callEnded('c0', min(500), '2024-03-05T10:00:00Z')];
    const march = given(...marchUsedUp).when(cmd.callEnded('c1', min(5), '2024-03-31T10:00:00Z')).thenEvents();
    const april = given(...marchUsedUp).when(cmd.callEnded('c1', min(5), '2024-04-01T10:00:00Z')).thenEvents();
    expect(march[0]?.data).toMatchObject({ month: '2024-03', subscriptionSeconds: 0, creditSeconds: 300 });
    expect(april[0]?.data).toMatchObject({ month: '2024-04', subscriptionSeconds: 300, creditSeconds: 0 });
    // An unused February does not add to March.
    const februaryUnused = given(...starterWithCredits, cmd.callEnded('c0', min(500), '2024-03-01T10:00:00Z')).state();
    expect(februaryUnused.subscriptionSecondsUsedByMonth).toEqual({ '2024-03': 30_000 });
  });

  it('the call\'s end decides the month of subscription minutes, in the account\'s time zone (23:30 vs 00:30 in Paris)', () => {
    // Paris is UTC+1 in winter: both calls end on 31 January in UTC, but the second is February in Paris.
    const januaryUsedUp = [
      cmd.open('starter', { timeZone: 'Europe/Paris' }),
      cmd.startPurchase('p1', 1),
      cmd.completePurchase('p1', 2_200),
      cmd.callEnded('c0', min(500), '2024-01-20T10:00:00+01:00'),
    ];
    const lastEvening = given(...januaryUsedUp).when(cmd.callEnded('c1', min(5), '2024-01-31T23:30:00+01:00')).thenEvents();
    const nextMorning = given(...januaryUsedUp).when(cmd.callEnded('c1', min(5), '2024-02-01T00:30:00+01:00')).thenEvents();
    expect(lastEvening[0]?.data).toMatchObject({ month: '2024-01', subscriptionSeconds: 0, creditSeconds: 300 });
    expect(nextMorning[0]?.data).toMatchObject({ month: '2024-02', subscriptionSeconds: 300, creditSeconds: 0 });
  });

  it('a mid-month upgrade applies the new allowance to the month\'s usage so far (no proration)', () => {
    // 500 Starter minutes used, then Pro (2,000 included): 1,500 remain this month.
    const events = given(...starterWithCredits, cmd.callEnded('c0', min(500), '2024-03-05T10:00:00Z'), cmd.changePlan('pro', { at: '2024-03-06T10:00:00Z' }))
      .when(cmd.callEnded('c1', min(1_501), '2024-03-07T10:00:00Z'))
      .thenEvents();
    expect(events[0]?.data).toMatchObject({ subscriptionSeconds: 90_000, creditSeconds: 60 });
  });

  it('a call with a negative or fractional duration is refused', () => {
    given(...starterWithCredits).when(cmd.callEnded('c1', -5)).thenError('CALL.INVALID_DURATION', { field: 'durationSeconds', min: 0 });
    given(...starterWithCredits).when(cmd.callEnded('c1', 1.5)).thenError('CALL.INVALID_DURATION');
  });
});
