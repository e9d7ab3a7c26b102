import { replayTable } from '@billing/api/audit/replay-table';
import { knownRecorded } from './support/known-history';

describe('the replay table (folded with the domain evolve)', () => {
  const events = knownRecorded('acc-1');

  it('shows every event with its credit change, running balance and reload counter of the month', () => {
    const rows = replayTable(events).map((r) => [r.type, r.creditChangeSeconds, r.balanceSeconds, r.balanceMinutes, r.month, r.reloadsThisMonth]);
    expect(rows).toEqual([
      ['AccountOpened', 0, 0, 0, '2024-03', 0],
      ['PaymentMethodOnFileSet', 0, 0, 0, '2024-03', 0],
      ['AutoReloadConfigured', 0, 0, 0, '2024-03', 0],
      ['CreditPurchaseStarted', 0, 0, 0, '2024-03', 0],
      ['CreditsPurchased', 6_000, 6_000, 100, '2024-03', 0],
      ['CallMinutesConsumed', -5_500, 500, 8.33, '2024-03', 0],
      ['AutoReloadTriggered', 0, 500, 8.33, '2024-03', 0],
      ['CreditsPurchased', 6_000, 6_500, 108.33, '2024-03', 1],
      ['CreditPurchaseStarted', 0, 6_500, 108.33, '2024-04', 0],
      ['CreditsPurchased', 12_000, 18_500, 308.33, '2024-04', 0],
    ]);
  });

  it('says what each event did, with the numbers from the event', () => {
    const changes = replayTable(events).map((r) => r.change);
    expect(changes[5]).toBe('call c1: 591.67 min, 500.00 min subscription, 91.67 min credits; reload triggered');
    expect(changes[7]).toBe('auto-reload reload-c1 paid: +100.00 min');
  });

  it('stops at --until (compared with the time the store recorded)', () => {
    // The call and the reload it triggered were recorded together: both are in, the payment is not.
    const rows = replayTable(events, new Date(events[5].recordedAt));
    expect(rows.map((r) => r.type).slice(-2)).toEqual(['CallMinutesConsumed', 'AutoReloadTriggered']);
    expect(rows.at(-1)).toMatchObject({ balanceSeconds: 500, revision: 6 });
    expect(replayTable(events, new Date('2024-01-01T00:00:00Z'))).toEqual([]);
  });
});
