import { usd } from '../../shared/money';
import { ACCOUNT_ID, cmd, T0 } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';

const opened = cmd.open('free');
const started = cmd.startPurchase('p1', 3);

describe('Rule 3 — credits on payment', () => {
  it('"the minutes are added when payment is confirmed": starting a purchase adds no minutes', () => {
    const state = given(opened).when(started).after();
    expect(state.credits.balanceSeconds).toBe(0);
    expect(state.purchases['p1']?.status).toBe('pending');
  });

  it('"the minutes are added when payment is confirmed": confirmation adds 3 blocks = 300 minutes', () => {
    const state = given(opened, started)
      .when(cmd.completePurchase('p1', 8_400))
      .then({
        type: 'CreditsPurchased',
        data: {
          accountId: ACCOUNT_ID,
          at: T0,
          purchaseId: 'p1',
          source: 'manual',
          blocks: 3,
          creditSeconds: 18_000,
          ratePerMinute: usd(28),
          total: usd(8_400),
          paymentReference: 'pi_p1',
          reloadMonth: null,
          creditBalanceAfterSeconds: 18_000,
        },
      });
    expect(state.credits.balanceSeconds).toBe(18_000);
    expect(state.purchases['p1']).toMatchObject({ status: 'completed', paymentReference: 'pi_p1' });
  });

  it('credits are added exactly once per purchase: a second confirmation is a no-op', () => {
    given(opened, started, cmd.completePurchase('p1', 8_400)).when(cmd.completePurchase('p1', 8_400)).thenNothing();
  });

  it('a failed payment adds nothing and a repeated failure is a no-op', () => {
    given(opened, started)
      .when(cmd.failPurchase('p1'))
      .then({ type: 'CreditPurchaseFailed', data: { accountId: ACCOUNT_ID, at: T0, purchaseId: 'p1', reason: 'payment_failed', failureCode: 'card_declined' } });
    given(opened, started, cmd.failPurchase('p1')).when(cmd.failPurchase('p1')).thenNothing();
  });

  it('an expired checkout adds nothing and cannot be completed afterwards', () => {
    given(opened, started)
      .when(cmd.expirePurchase('p1'))
      .then({ type: 'CreditPurchaseFailed', data: { accountId: ACCOUNT_ID, at: T0, purchaseId: 'p1', reason: 'expired', failureCode: null } });
    given(opened, started, cmd.expirePurchase('p1'))
      .when(cmd.completePurchase('p1', 8_400))
      .thenError('PURCHASE.ALREADY_SETTLED', { purchaseId: 'p1', status: 'expired' });
  });

  it('a completed purchase cannot fail afterwards', () => {
    given(opened, started, cmd.completePurchase('p1', 8_400)).when(cmd.failPurchase('p1')).thenError('PURCHASE.ALREADY_SETTLED');
  });

  it('confirming an unknown purchase is refused', () => {
    given(opened).when(cmd.completePurchase('nope', 100)).thenError('PURCHASE.NOT_FOUND', { purchaseId: 'nope' });
  });

  it('a retried start with the same id and size is the same purchase; another size under that id is refused', () => {
    given(opened, started).when(cmd.startPurchase('p1', 3)).thenNothing();
    given(opened, started).when(cmd.startPurchase('p1', 4)).thenError('PURCHASE.ID_REUSED');
  });
});
