import { usd } from '../../shared/money';
import { ACCOUNT_ID, cmd, min, T0 } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';
import { autoReloadAccount, reloadCycle, STARTER_WITHOUT_INCLUDED_MINUTES } from '../../testing/scenarios';
import { PURCHASES_KEPT } from '../state';

// Free: $0.28/min, so 3 blocks (300 minutes = 18,000 s) cost $84.00.
const bought = [cmd.open('free'), cmd.startPurchase('p1', 3), cmd.completePurchase('p1', 8_400)];

describe('Rule 15 — a refund or a lost dispute takes back the minutes it paid for', () => {
  it('a full refund removes every minute of the purchase, with its cause', () => {
    const state = given(...bought).when(cmd.refund('p1', 're_1', 8_400)).then({
      type: 'CreditsRefunded',
      data: {
        accountId: ACCOUNT_ID, at: T0, purchaseId: 'p1', source: 'manual', refundId: 're_1', refundNumber: 1, cause: 'refund', paymentReference: 'pi_p1',
        amount: usd(8_400), refundedTotal: usd(8_400), creditSeconds: 18_000, creditBalanceAfterSeconds: 0,
      },
    });
    expect(state.credits).toEqual({ balanceSeconds: 0, purchasedSeconds: 0, consumedSeconds: 0 });
  });

  it('a partial refund removes minutes in proportion to the purchase\'s rate: half the money, half the minutes', () => {
    const [event] = given(...bought).when(cmd.refund('p1', 're_1', 4_200)).thenEvents();
    expect(event.data).toMatchObject({ creditSeconds: 9_000, creditBalanceAfterSeconds: 9_000, refundedTotal: usd(4_200) });
  });

  it('partial refunds accumulate to exactly the full refund, never more than the purchase', () => {
    // 1 cent buys 2.14 s: rounded down, and the rest comes back with the later refunds.
    const first = given(...bought).when(cmd.refund('p1', 're_1', 1)).thenEvents();
    expect(first[0].data).toMatchObject({ creditSeconds: 2 });
    const second = given(...bought, cmd.refund('p1', 're_1', 1)).when(cmd.refund('p1', 're_2', 8_399)).thenEvents();
    expect(second[0].data).toMatchObject({ creditSeconds: 17_998, creditBalanceAfterSeconds: 0, refundedTotal: usd(8_400) });
    // Past the purchase's total nothing more is taken.
    const beyond = given(...bought, cmd.refund('p1', 're_1', 8_400)).when(cmd.refund('p1', 're_3', 500)).thenEvents();
    expect(beyond[0].data).toMatchObject({ creditSeconds: 0, creditBalanceAfterSeconds: 0 });
  });

  it('a refund counts once, however often it is reported', () => {
    given(...bought, cmd.refund('p1', 're_1', 4_200)).when(cmd.refund('p1', 're_1', 4_200)).thenNothing();
    const state = given(...bought, cmd.refund('p1', 're_1', 4_200), cmd.refund('p1', 're_1', 4_200), cmd.refund('p1', 're_2', 4_200)).state();
    expect(state.credits.balanceSeconds).toBe(0);
  });

  it('the balance may go below zero when the refunded minutes were used already', () => {
    const used = given(...bought, cmd.callEnded('c1', min(250), '2024-03-02T10:00:00Z'));
    const left = used.state().credits.balanceSeconds;
    expect(left).toBeLessThan(18_000);
    const [event] = used.when(cmd.refund('p1', 're_1', 8_400)).thenEvents();
    expect(event.data).toMatchObject({ creditSeconds: 18_000, creditBalanceAfterSeconds: left - 18_000 });
    expect(left - 18_000).toBeLessThan(0);
  });

  it('an auto-reload is refunded like a purchase, at its own rate', () => {
    const history = [...autoReloadAccount(), ...reloadCycle('c1', '2024-03-05T10:00:00Z')];
    const before = given(...history).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES).state().credits.balanceSeconds;
    const [event] = given(...history).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES).when(cmd.refund('reload-c1', 're_r', 1_100)).thenEvents(); // $0.22/min here: $11 of $22
    expect(event.data).toMatchObject({ source: 'auto_reload', purchaseId: 'reload-c1', creditSeconds: min(50), creditBalanceAfterSeconds: before - min(50) });
  });

  it('a dispute opened or won is recorded and moves nothing; a lost one takes its amount back', () => {
    const opened = given(...bought).when(cmd.dispute('p1', 'dp_1', 'opened', 8_400)).thenEvents();
    expect(opened.map((e) => e.type)).toEqual(['PaymentDisputed']);
    const won = given(...bought, cmd.dispute('p1', 'dp_1', 'opened', 8_400)).when(cmd.dispute('p1', 'dp_1', 'won', 8_400));
    expect(won.thenEvents().map((e) => [e.type, e.data])).toEqual([['PaymentDisputed', expect.objectContaining({ status: 'won' })]]);
    expect(won.after().credits.balanceSeconds).toBe(18_000);
    const lost = given(...bought, cmd.dispute('p1', 'dp_1', 'opened', 8_400)).when(cmd.dispute('p1', 'dp_1', 'lost', 8_400));
    expect(lost.thenEvents().map((e) => e.type)).toEqual(['PaymentDisputed', 'CreditsRefunded']);
    expect(lost.thenEvents()[1].data).toMatchObject({ cause: 'dispute_lost', refundId: 'dp_1', creditSeconds: 18_000 });
    expect(lost.after().credits.balanceSeconds).toBe(0);
    given(...bought, cmd.dispute('p1', 'dp_1', 'lost', 8_400)).when(cmd.dispute('p1', 'dp_1', 'lost', 8_400)).thenNothing();
  });

  it('a refund and a lost dispute of the same payment together never take back more than it bought', () => {
    const history = given(...bought, cmd.refund('p1', 're_1', 6_000), cmd.dispute('p1', 'dp_1', 'lost', 8_400));
    expect(history.recorded().filter((e) => e.type === 'CreditsRefunded').map((e) => e.data.creditSeconds)).toEqual([12_857, 5_143]);
    expect(history.state().credits.balanceSeconds).toBe(0);
  });

  it('a purchase that left the state is found in the store and refunded once', () => {
    const later = Array.from({ length: PURCHASES_KEPT + 1 }, (_, i) => [cmd.startPurchase(`q${i}`, 1), cmd.completePurchase(`q${i}`, 2_800)]).flat();
    const history = given(...bought, ...later);
    expect(history.state().purchases['p1']).toBeUndefined();
    const [event] = history.when(cmd.refund('p1', 're_1', 8_400)).thenEvents();
    expect(event.data).toMatchObject({ creditSeconds: 18_000 });
    given(...bought, ...later, cmd.refund('p1', 're_1', 8_400)).when(cmd.refund('p1', 're_1', 8_400)).thenNothing();
  });

  it('refuses what it cannot take back: an unknown purchase, one never credited, another payment, a wrong currency or amount', () => {
    given(...bought).when(cmd.refund('nope', 're_1', 100)).thenError('PURCHASE.NOT_FOUND');
    given(...bought).when(cmd.refund('reload-nope', 're_1', 100)).thenError('RELOAD.NOT_FOUND');
    given(cmd.open('free'), cmd.startPurchase('p1', 3)).when(cmd.refund('p1', 're_1', 100)).thenError('REFUND.NOT_CREDITED');
    given(...bought).when(cmd.refund('p1', 're_1', 100, { paymentReference: 'pi_someone_else' })).thenError('REFUND.PAYMENT_MISMATCH');
    given(...bought).when(cmd.refund('p1', 're_1', 100, { amount: { amount: 100, currency: 'eur' as 'usd' } })).thenError('REFUND.INVALID_AMOUNT');
    given(...bought).when(cmd.refund('p1', 're_1', 0)).thenError('REFUND.INVALID_AMOUNT');
    given(...bought).when(cmd.refund('p1', 're_1', -5)).thenError('REFUND.INVALID_AMOUNT');
    given(...bought).when({ ...cmd.refund('p1', 're_1', 100), actor: { id: 'someone', role: 'admin' } }).thenError('PERMISSION.SERVICE_ONLY');
  });
});
