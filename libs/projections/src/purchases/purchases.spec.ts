import { usd } from '@billing/domain';
import { replay } from '../replay';
import { recorded } from '../testing/events';
import { purchasesProjection } from './purchases';

const at = '2024-03-01T09:00:00Z';
const started = (id: string, n: number) =>
  recorded({ type: 'CreditPurchaseStarted', data: { accountId: 'a1', at, purchaseId: id, planId: 'free', blocks: 3, minutes: 300, ratePerMinute: usd(28), total: usd(8400), startedBy: 'u1' } }, n);

describe('purchases', () => {
  it('pending, then completed with its payment reference, failed with its code, or expired', () => {
    const rows = replay(purchasesProjection, [
      started('p1', 1), started('p2', 2), started('p3', 3), started('p4', 4),
      recorded({ type: 'CreditsPurchased', data: { accountId: 'a1', at: '2024-03-01T09:05:00Z', purchaseId: 'p1', source: 'manual', blocks: 3, creditSeconds: 18000, ratePerMinute: usd(28), total: usd(8400), paymentReference: 'pi_1', reloadMonth: null, creditBalanceAfterSeconds: 18000 } }, 5),
      recorded({ type: 'CreditPurchaseFailed', data: { accountId: 'a1', at, purchaseId: 'p2', reason: 'payment_failed', failureCode: 'card_declined' } }, 6),
      recorded({ type: 'CreditPurchaseFailed', data: { accountId: 'a1', at, purchaseId: 'p3', reason: 'expired', failureCode: null } }, 7),
    ]);
    expect(rows.map((r) => [r.purchaseId, r.status, r.paymentReference, r.failureCode, r.settledAt])).toEqual([
      ['p1', 'completed', 'pi_1', null, '2024-03-01T09:05:00.000Z'],
      ['p2', 'failed', null, 'card_declined', '2024-03-01T09:00:00.000Z'],
      ['p3', 'expired', null, null, '2024-03-01T09:00:00.000Z'],
      ['p4', 'pending', null, null, null],
    ]);
    expect(rows[0]).toMatchObject({ planId: 'free', blocks: 3, minutes: 300, ratePerMinuteCents: 28, totalCents: 8400, currency: 'usd', startedBy: 'u1' });
  });

  it('an auto-reload payment is not a manual purchase', () => {
    const paid = recorded({ type: 'CreditsPurchased', data: { accountId: 'a1', at, purchaseId: 'reload-c1', source: 'auto_reload', blocks: 1, creditSeconds: 6000, ratePerMinute: usd(22), total: usd(2200), paymentReference: 'pi', reloadMonth: '2024-03', creditBalanceAfterSeconds: 6000 } });
    expect(purchasesProjection.keyOf(paid)).toBeNull();
  });
});
