import { usd } from '@billing/domain';
import { replay } from '../replay';
import { recorded } from '../testing/events';
import { evolveLedger, ledgerProjection } from './ledger';

const at = '2024-03-01T09:00:00Z';
const purchase = recorded({ type: 'CreditsPurchased', data: { accountId: 'a1', at, purchaseId: 'p1', source: 'manual', blocks: 2, creditSeconds: 12000, ratePerMinute: usd(22), total: usd(4400), paymentReference: 'pi_1', reloadMonth: null, creditBalanceAfterSeconds: 12000 } }, 1);
const call = (n: number, credit: number, after: number) =>
  recorded({ type: 'CallMinutesConsumed', data: { accountId: 'a1', at, callId: `c${n}`, endedAt: at, month: '2024-03', durationSeconds: credit + 30, subscriptionSeconds: 30, creditSeconds: credit, creditBalanceAfterSeconds: after, autoReload: { decision: 'above_threshold', thresholdSeconds: 600, reloadId: null } } }, 1 + n);
const reload = recorded({ type: 'CreditsPurchased', data: { accountId: 'a1', at, purchaseId: 'reload-c2', source: 'auto_reload', blocks: 1, creditSeconds: 6000, ratePerMinute: usd(22), total: usd(2200), paymentReference: 'pi_r', reloadMonth: '2024-03', creditBalanceAfterSeconds: 6300 } }, 10);

describe('credit ledger', () => {
  it('records each movement with its kind, signed amount, balance after it and its cause', () => {
    const entries = replay(ledgerProjection, [purchase, call(1, 90, 11910), call(2, 11610, 300), reload]);
    expect(entries.map((e) => [e.kind, e.seconds, e.minutes, e.balanceAfterSeconds, e.balanceAfterMinutes, e.purchaseId, e.callId, e.reloadId])).toEqual([
      ['purchase', 12000, 200, 12000, 200, 'p1', null, null],
      ['call', -90, -1.5, 11910, 198.5, null, 'c1', null],
      ['call', -11610, -193.5, 300, 5, null, 'c2', null],
      ['auto_reload', 6000, 100, 6300, 105, null, null, 'reload-c2'],
    ]);
    expect(entries[0]).toMatchObject({ eventId: purchase.id, position: purchase.position, at: '2024-03-01T09:00:00.000Z', accountId: 'a1' });
  });

  it('a refund and a lost dispute are entries with their cause and the refunded purchase or reload; a dispute opened moves nothing', () => {
    const refunded = (n: number, source: 'manual' | 'auto_reload', purchaseId: string, cause: 'refund' | 'dispute_lost', seconds: number, after: number) =>
      recorded({ type: 'CreditsRefunded', data: { accountId: 'a1', at, purchaseId, source, refundId: `re_${n}`, refundNumber: 1, cause, paymentReference: 'pi_1',
        amount: usd(1000), refundedTotal: usd(1000), creditSeconds: seconds, creditBalanceAfterSeconds: after } }, 20 + n);
    const opened = recorded({ type: 'PaymentDisputed', data: { accountId: 'a1', at, purchaseId: 'p1', source: 'manual', disputeId: 'dp_1', status: 'opened', paymentReference: 'pi_1', amount: usd(4400), reason: 'fraudulent' } }, 30);
    const entries = replay(ledgerProjection, [purchase, refunded(1, 'manual', 'p1', 'refund', 2727, 9273), opened, refunded(2, 'auto_reload', 'reload-c2', 'dispute_lost', 6000, 3273)]);
    expect(entries.map((e) => [e.kind, e.seconds, e.balanceAfterSeconds, e.purchaseId, e.reloadId])).toEqual([
      ['purchase', 12000, 12000, 'p1', null],
      ['refund', -2727, 9273, 'p1', null],
      ['dispute_lost', -6000, 3273, null, 'reload-c2'],
    ]);
  });

  it('a call paid entirely with subscription minutes moves no credit and has no entry', () => {
    expect(ledgerProjection.keyOf(call(3, 0, 12000))).toBeNull();
    expect(evolveLedger(null, call(3, 0, 12000))).toBeNull();
  });

  it('an entry is immutable: the same event again leaves it as it was', () => {
    const entry = evolveLedger(null, purchase);
    expect(evolveLedger(entry, purchase)).toBe(entry);
  });
});
