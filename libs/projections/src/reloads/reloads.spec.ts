import { usd } from '@billing/domain';
import { replay } from '../replay';
import { recorded } from '../testing/events';
import { reloadsProjection } from './reloads';

const at = '2024-03-31T23:30:00Z';
const triggered = (callId: string, n: number) =>
  recorded({ type: 'AutoReloadTriggered', data: { accountId: 'a1', at, reloadId: `reload-${callId}`, callId, month: '2024-03', planId: 'pro', blocks: 1, minutes: 100, ratePerMinute: usd(18), total: usd(1800), paymentMethodId: 'pm_1', stripeCustomerId: 'cus_1' } }, n);

describe('reloads', () => {
  it('pending until paid or declined; a decline keeps its code and the failure count', () => {
    const rows = replay(reloadsProjection, [
      triggered('c1', 1), triggered('c2', 2), triggered('c3', 3),
      recorded({ type: 'CreditsPurchased', data: { accountId: 'a1', at: '2024-04-01T00:10:00Z', purchaseId: 'reload-c1', source: 'auto_reload', blocks: 1, creditSeconds: 6000, ratePerMinute: usd(18), total: usd(1800), paymentReference: 'pi_r1', reloadMonth: '2024-03', creditBalanceAfterSeconds: 5000 } }, 4),
      recorded({ type: 'AutoReloadFailed', data: { accountId: 'a1', at, reloadId: 'reload-c2', reasonCode: 'card_declined', consecutiveFailures: 2 } }, 5),
    ]);
    expect(rows.map((r) => [r.reloadId, r.status, r.paymentReference, r.declineCode, r.consecutiveFailures, r.month])).toEqual([
      ['reload-c1', 'completed', 'pi_r1', null, null, '2024-03'],
      ['reload-c2', 'failed', null, 'card_declined', 2, '2024-03'],
      ['reload-c3', 'pending', null, null, null, '2024-03'],
    ]);
    expect(rows[0]).toMatchObject({ callId: 'c1', totalCents: 1800, ratePerMinuteCents: 18, settledAt: '2024-04-01T00:10:00.000Z', triggeredAt: '2024-03-31T23:30:00.000Z' });
  });
});
