import { DEFAULT_PLANS } from '../../plans/plan';
import { usd } from '../../shared/money';
import { ACCOUNT_ID, admin, cmd, T0 } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';
import { quotePurchase } from './purchase-price';

describe('Rule 2 — price', () => {
  it('"at the per-minute rate of the account\'s current plan (Free: $0.28/min)": 3 blocks on Free cost $84.00', () => {
    given(cmd.open('free'))
      .when(cmd.startPurchase('p1', 3))
      .then({
        type: 'CreditPurchaseStarted',
        data: { accountId: ACCOUNT_ID, at: T0, purchaseId: 'p1', planId: 'free', blocks: 3, minutes: 300, ratePerMinute: usd(28), total: usd(8_400), startedBy: admin.id },
      });
  });

  it('"The purchase dialog shows the rate and the total": quotePurchase gives both in integer minor units', () => {
    expect(quotePurchase(DEFAULT_PLANS.free, 3)).toEqual({ blocks: 3, minutes: 300, ratePerMinute: usd(28), total: usd(8_400) });
    expect(quotePurchase(DEFAULT_PLANS.pro, 100)).toEqual({ blocks: 100, minutes: 10_000, ratePerMinute: usd(18), total: usd(180_000) });
  });

  it('the rate is fixed when the purchase starts, even if the plan changes before payment completes', () => {
    const history = [cmd.open('free'), cmd.startPurchase('p1', 3), cmd.changePlan('starter')];
    const events = given(...history).when(cmd.completePurchase('p1', 8_400)).thenEvents();
    expect(events).toMatchObject([{ type: 'CreditsPurchased', data: { ratePerMinute: usd(28), total: usd(8_400), creditSeconds: 18_000 } }]);
    // Starter's rate would make it $66.00: that amount is not what was charged.
    given(...history).when(cmd.completePurchase('p1', 6_600)).thenError('PURCHASE.AMOUNT_MISMATCH', {
      purchaseId: 'p1',
      expected: 8_400,
      paid: 6_600,
      currency: 'usd',
    });
  });

  it('a purchase started after an upgrade uses the new plan\'s rate', () => {
    const events = given(cmd.open('free'), cmd.changePlan('business')).when(cmd.startPurchase('p1', 2)).thenEvents();
    expect(events).toMatchObject([{ data: { planId: 'business', ratePerMinute: usd(14), total: usd(2_800) } }]);
  });
});
