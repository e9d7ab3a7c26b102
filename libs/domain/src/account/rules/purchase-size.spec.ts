import { DEFAULT_PLANS } from '../../plans/plan';
import { DomainError } from '../../shared/domain-error';
import { cmd } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';
import { quotePurchase } from './purchase-price';

describe('Rule 1 — purchase size', () => {
  it('"1 to 100 blocks per purchase, 100 minutes each": 1 block is 100 minutes and 100 blocks are 10,000 minutes', () => {
    const one = given(cmd.open('free')).when(cmd.startPurchase('p1', 1)).thenEvents();
    const hundred = given(cmd.open('free')).when(cmd.startPurchase('p1', 100)).thenEvents();
    expect(one).toMatchObject([{ type: 'CreditPurchaseStarted', data: { blocks: 1, minutes: 100 } }]);
    expect(hundred).toMatchObject([{ type: 'CreditPurchaseStarted', data: { blocks: 100, minutes: 10_000 } }]);
  });

  it.each([0, 101, -1, 2.5, Number.NaN])('"1 to 100 blocks per purchase": %p blocks are refused with a message naming the limits', (blocks) => {
    const error = given(cmd.open('free'))
      .when(cmd.startPurchase('p1', blocks))
      .thenError('PURCHASE.INVALID_BLOCKS', { field: 'blocks', min: 1, max: 100 });
    expect(error.message).toBe(`A purchase is 1 to 100 blocks of 100 minutes; got ${String(blocks)}.`);
    expect(error.kind).toBe('validation');
  });

  it('the purchase dialog quote refuses the same sizes', () => {
    expect(() => quotePurchase(DEFAULT_PLANS.free, 101)).toThrow(DomainError);
    expect(() => quotePurchase(DEFAULT_PLANS.free, 0)).toThrow('A purchase is 1 to 100 blocks of 100 minutes; got 0.');
  });
});
