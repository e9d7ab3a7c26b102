import { usd } from '@billing/domain';
import { applyEvent } from '../projection';
import { replay } from '../replay';
import { recorded } from '../testing/events';
import { monthlyUsageProjection } from './monthly-usage';

const call = (n: number, month: string, subscription: number, credit: number) =>
  recorded({ type: 'CallMinutesConsumed', data: { accountId: 'a1', at: '2024-03-01T00:00:00Z', callId: `c${n}`, endedAt: '2024-03-01T00:00:00Z', month, durationSeconds: subscription + credit, subscriptionSeconds: subscription, creditSeconds: credit, creditBalanceAfterSeconds: 0, autoReload: { decision: 'above_threshold', thresholdSeconds: 600, reloadId: null } } }, n);
const reloadPaid = (n: number, reloadMonth: string) =>
  recorded({ type: 'CreditsPurchased', data: { accountId: 'a1', at: '2024-04-01T00:10:00Z', purchaseId: `reload-${n}`, source: 'auto_reload', blocks: 1, creditSeconds: 6000, ratePerMinute: usd(22), total: usd(2200), paymentReference: 'pi', reloadMonth, creditBalanceAfterSeconds: 6000 } }, n);

describe('monthly usage', () => {
  it('adds each call to the month the domain assigned it, and counts a paid reload toward its call month, even when paid the next month', () => {
    const rows = replay(monthlyUsageProjection, [call(1, '2024-02', 60, 0), call(2, '2024-03', 100, 50), call(3, '2024-03', 0, 200), reloadPaid(4, '2024-03')]);
    expect(rows.map((r) => [r.month, r.subscriptionSeconds, r.creditSeconds, r.calls, r.reloadsCompleted])).toEqual([
      ['2024-02', 60, 0, 1, 0],
      ['2024-03', 100, 250, 2, 1],
    ]);
  });

  it('additive, yet an event applied twice counts once', () => {
    const first = call(1, '2024-03', 100, 50);
    const row = applyEvent(monthlyUsageProjection, null, first);
    expect(applyEvent(monthlyUsageProjection, row, first)).toEqual(row);
    expect(row).toMatchObject({ subscriptionSeconds: 100, creditSeconds: 50, calls: 1 });
  });
});
